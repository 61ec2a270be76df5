"""The simulated host's process table, as a container with `--pid host` sees it.

In the host's PID namespace every process has its host PID: the host's init (systemd, PID
1), its services, containerd and dockerd, one containerd-shim per running container (the
parent of the container's PID 1 and of every `docker exec`), and every container's
processes, numbered as the host numbers them. The host's own services are not simulated
programs: they are listed (ps, top, /proc) with fixed facts, and a signal sent to one
from a container is refused with EPERM (the host's systemd and kernel would keep them
alive or restart them; crsim does not simulate the daemons dying). Kernel threads
(kthreadd and its children) are left out.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, List

from .api import Context, Stream
from .process import Process

SHIM_PATH = "/usr/bin/containerd-shim-runc-v2"
CONTAINERD_SOCKET = "/run/containerd/containerd.sock"
MIB = 1 << 20
# (host PID, argv, seconds after boot it started, resident bytes, CPU seconds used).
# systemd's command line is the one it has after a package upgrade re-executed it (its
# comm, what ps -e and pstree show, is "systemd"); dockerd's is the one docker.service
# starts (contrib/init/systemd/docker.service).
SERVICES = (
    (1, ("/lib/systemd/systemd", "--system", "--deserialize", "17"), 0.0, 12 * MIB, 1.25),
    (298, ("/lib/systemd/systemd-journald",), 1.5, 16 * MIB, 0.31),
    (812, ("/usr/bin/containerd",), 6.0, 46 * MIB, 2.14),
    (905, ("/usr/bin/dockerd", "-H", "fd://", f"--containerd={CONTAINERD_SOCKET}"), 7.0,
     84 * MIB, 3.42),
)
# each one's cgroup (systemd's units; the shims stay in containerd's, which started them)
SERVICE_CGROUPS = {1: "/init.scope", 298: "/system.slice/systemd-journald.service",
                   812: "/system.slice/containerd.service", 905: "/system.slice/docker.service"}
SHIM_CGROUP = "/system.slice/containerd.service"
INIT_PID = 1
SHIM_RSS, SHIM_CPU = 9 * MIB, 0.02


def host_pid_mode(container) -> bool:
    """Whether ``container``'s processes live in the host's PID namespace (--pid host,
    or --pid container:NAME of such a container)."""
    owner = getattr(container, "pid_owner", None) or container
    config = getattr(owner, "host_config", None)
    return getattr(config, "pid_mode", "") == "host"


class _HostKernel:
    """What the host's own processes' contexts point to: no container, the host's CPUs."""

    container = None

    def __init__(self, runtime):
        self.runtime = runtime
        self.host_cpus = runtime.host_cpus
        self.boot_time = runtime.boot_time

    def now(self) -> float:
        return self.runtime.now()


class _NullStream(Stream):
    discards = True  # /proc/PID/fd/N of a service: /dev/null


def _service(kernel, fs, pid: int, ppid: int, argv, started: float, rss: int,
             cpu: float) -> Process:
    ctx = Context(argv=list(argv), env={}, cwd="/", stdin=_NullStream(), stdout=_NullStream(),
                  stderr=_NullStream(), fs=fs, system=kernel, pid=pid, ppid=ppid, libc="glibc")
    process = Process(pid=pid, nspid=pid, ppid=ppid, argv=tuple(argv), path=argv[0],
                      started=started, ctx=ctx, rss=rss, cpu_time=cpu)
    process.wake_at = float("inf")  # asleep, waiting for work (ps: S)
    return process


class HostView:
    """A container's process seen from the host's PID namespace: its host PID and its
    parent's; everything else is the process's own."""

    __slots__ = ("real", "nspid", "ppid")

    def __init__(self, real: Process, ppid: int):
        object.__setattr__(self, "real", real)
        object.__setattr__(self, "nspid", real.pid)
        object.__setattr__(self, "ppid", ppid)

    def __getattr__(self, name):
        return getattr(self.real, name)

    def __setattr__(self, name, value):
        setattr(self.real, name, value)


def real_process(process):
    """The Process behind a view (or the process itself)."""
    return getattr(process, "real", process)


def host_parents(runtime, container) -> Dict[int, int]:
    """{host PID: its parent's host PID} for ``container``'s live processes, as the host
    sees them. The parent is the live process of its PID namespace that started it; one
    started from outside (PID 1, a `docker exec`) is the child of the container's
    containerd-shim. An orphan (its parent has ended) is adopted as the kernel adopts it:
    by its namespace's init, or where the namespace is the host's (--pid host) by the
    shim, a child subreaper."""
    by_nspid = {p.nspid: p for c in runtime.pid_namespace(container)
                for p in c.processes.values() if p.alive}
    init = None if host_pid_mode(container) else by_nspid.get(1)
    adopter = init.pid if init is not None else container.shim_pid
    parents = {}
    for process in container.processes.values():
        if process.alive:
            parent = by_nspid.get(process.ppid) if process.ppid else None
            parents[process.pid] = (parent.pid if parent is not None
                                    else adopter if process.ppid else container.shim_pid)
    return parents


def table_stamp(runtime) -> tuple:
    """What changes whenever the host's process table does: a process is born (every
    one, and every shim, takes a host PID) or ends."""
    return runtime.pids.issued, runtime.processes_ended


def host_table(runtime, fs) -> List[object]:
    """Every live process of the simulated host, by host PID (``fs``: where the
    services' user names are looked up, the reader's root)."""
    kernel = _HostKernel(runtime)
    boot = runtime.boot_time
    table: List[object] = [_service(kernel, fs, pid, 0 if pid == INIT_PID else INIT_PID, argv,
                                    boot + after, rss, cpu)
                           for pid, argv, after, rss, cpu in SERVICES]
    for container in runtime.containers:
        if not container.state.running or not container.shim_pid:
            continue
        table.append(_service(kernel, fs, container.shim_pid, INIT_PID,
                              (SHIM_PATH, "-namespace", "moby", "-id", container.id,
                               "-address", CONTAINERD_SOCKET),
                              container.state.started_at or boot, SHIM_RSS, SHIM_CPU))
        parents = host_parents(runtime, container)
        for process in container.processes.values():
            ppid = parents.get(process.pid)  # the live ones have one
            if ppid is not None:
                table.append(process if process.nspid == process.pid and process.ppid == ppid
                             else HostView(process, ppid))
    return sorted(table, key=lambda p: p.nspid)


def scope_of(container) -> str:
    """A container's cgroup (systemd's cgroup driver: a scope in system.slice)."""
    return f"/system.slice/docker-{container.id}.scope"


def cgroup_of(process) -> str:
    """The cgroup v2 path of any process: its container's scope, or its service's unit."""
    container = getattr(process.ctx.system, "container", None)
    if container is not None:
        return scope_of(container)
    return SERVICE_CGROUPS.get(process.pid, SHIM_CGROUP)


def cgroup_namespace_root(container) -> str:
    """Where the cgroup namespace of ``container``'s processes is rooted: at its own scope
    (--cgroupns private, cgroup v2's default) or at the host's root (--cgroupns host)."""
    if getattr(container.host_config, "cgroupns_mode", "private") == "host":
        return "/"
    return scope_of(container)


def relative_cgroup(path: str, root: str) -> str:
    """``path`` as a process whose cgroup namespace is rooted at ``root`` reads it in
    /proc/PID/cgroup: below the root plainly, elsewhere by way of .. (parents)."""
    parts, base = ([part for part in p.split("/") if part] for p in (path, root))
    common = 0
    while common < min(len(parts), len(base)) and parts[common] == base[common]:
        common += 1
    return "/" + "/".join([".."] * (len(base) - common) + parts[common:])


def service_pids(runtime) -> set:
    """The host PIDs of the host's own processes: its services and the running containers'
    shims (what host_table lists besides the containers' processes)."""
    return {pid for pid, *_ in SERVICES} | {c.shim_pid for c in runtime.containers
                                             if c.state.running and c.shim_pid}


__all__ = ["host_table", "host_parents", "table_stamp", "host_pid_mode", "HostView", "real_process", "SERVICES",
           "service_pids", "SHIM_PATH", "cgroup_of", "relative_cgroup",
           "scope_of", "cgroup_namespace_root"]
