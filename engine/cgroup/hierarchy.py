"""/sys/fs/cgroup of a container in the host's cgroup namespace (--cgroupns host).

There runc's fresh cgroup2 mount shows the host's whole hierarchy from its root: the
root's own files (no limits: memory.max, cpu.max and pids.max are not on the root), the
slices systemd makes (init.scope, system.slice, user.slice), the services' units in
system.slice, and a docker-ID.scope there for every running container, the reader's
own among them. A container's scope has its cgroup's files; the host's own cgroups
show their cgroup.* files only (crsim keeps no accounting for the host's services).
cgroup.procs lists each process by its PID in the reader's PID namespace, and 0 for
one outside it (task_pid_vnr), as the kernel does.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, List, Optional, Tuple

CONTROLLERS = "cpuset cpu io memory hugetlb pids rdma misc\n"  # each level hands all down
SLICES = ("init.scope", "system.slice", "user.slice")
SERVICE_UNITS = ("containerd.service", "docker.service", "systemd-journald.service")


def _seen_pid(reader_system, process) -> int:
    """``process``'s PID as a process of ``reader_system`` sees it (0: not in its namespace)."""
    if reader_system.host_pids:
        return process.pid
    container = getattr(process.ctx.system, "container", None)
    runtime = reader_system.runtime
    if container is not None and container in runtime.pid_namespace(reader_system.container):
        return process.nspid
    return 0


def _host_files(procs: list, subtree: bool) -> Dict[str, str]:
    """A host cgroup's cgroup.* files (``subtree``: one with children, its controllers
    enabled for them)."""
    return {"cgroup.controllers": CONTROLLERS,
            "cgroup.procs": "".join(f"{pid}\n" for pid in procs),
            "cgroup.subtree_control": CONTROLLERS if subtree else "\n",
            "cgroup.type": "domain\n"}


def directory(reader_system, path: str) -> Optional[Tuple[Dict[str, str], List[str]]]:
    """(files, subdirectories) of the cgroup at ``path`` below the root ("" the root),
    as ``reader_system``'s processes see it; None where there is none."""
    from ..proc.host_processes import cgroup_of, host_table, scope_of
    from .cpuset import format_list
    from .sysfs import cgroup_files
    runtime = reader_system.runtime
    running = {scope_of(c).rpartition("/")[2]: c for c in runtime.containers if c.state.running}
    if path.startswith("system.slice/docker-"):
        container = running.get(path.partition("/")[2])
        if container is None:
            return None
        return cgroup_files(container, runtime, lambda p: _seen_pid(reader_system, p)), []
    subdirs = {"": list(SLICES), "system.slice": sorted(SERVICE_UNITS + tuple(running))}
    known = {"", *SLICES, *(f"system.slice/{unit}" for unit in SERVICE_UNITS)}
    if path not in known:
        return None
    members = [p for p in host_table(runtime, reader_system.container.fs)
               if cgroup_of(p) == "/" + path]  # a container's scope is never a known path
    files = _host_files(sorted(_seen_pid(reader_system, p) for p in members), path in subdirs)
    if path == "":  # the root: no cgroup.type; its effective CPUs and memory nodes
        del files["cgroup.type"]
        files.update({"cgroup.max.depth": "max\n", "cgroup.max.descendants": "max\n",
                      "cpuset.cpus.effective": format_list(range(runtime.host_cpus)) + "\n",
                      "cpuset.mems.effective": "0\n"})
    return files, subdirs.get(path, [])
