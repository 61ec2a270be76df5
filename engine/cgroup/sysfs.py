"""/sys inside a container: read-only sysfs, with the container's own cgroup at
/sys/fs/cgroup (its cgroup namespace makes the container's cgroup look like the root);
with --cgroupns host, the host's hierarchy (hierarchy.py)."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List, Optional

from ..vfs.entry import Entry, directory, regular
from ..vfs.errno import EROFS
from ..vfs.mounts import Provider, pseudo_root

DIRECTORIES = {"": ["block", "bus", "class", "dev", "devices", "firmware", "fs", "kernel",
                    "module", "power"],
               "fs": ["cgroup"]}
CGROUP = "fs/cgroup"


def cgroup_files(container, runtime, host_pids: bool = False):
    """The files of a running container's cgroup, name -> text. Inside, cgroup.procs lists
    the PIDs of the container's PID namespace; the host (``host_pids``) sees its own, and
    a function of the process says what another reader sees."""
    from ..container.mounts import shmem
    seen = host_pids if callable(host_pids) else (lambda p: p.pid) if host_pids else (lambda p: p.nspid)
    procs = sorted(seen(p) for p in container.processes.values() if p.alive)
    return container.cgroup.files(runtime.memory_current(container), len(procs), procs,
                                  shmem(container.fs.mounts), runtime.host_cpus)


class SysFS(Provider):
    read_only_error = EROFS  # mounted ro: writes fail with "Read-only file system"

    def __init__(self, container, runtime):
        self.container = container
        self.runtime = runtime

    def _cgroup(self, path: str):
        """(files, subdirectories) of the cgroup directory ``path`` below /sys/fs/cgroup."""
        if getattr(self.container.host_config, "cgroupns_mode", "private") == "host":
            from .hierarchy import directory as host_directory
            return host_directory(self.container.system, path)
        return (cgroup_files(self.container, self.runtime), []) if path == "" else None

    def _split(self, rel: str):
        """(the cgroup directory, the file name or "") of a path below fs/cgroup, or None."""
        if rel == CGROUP:
            return "", ""
        if not rel.startswith(CGROUP + "/"):
            return None
        path = rel[len(CGROUP) + 1:]
        if self._cgroup(path) is not None:
            return path, ""
        parent, _, name = path.rpartition("/")
        return parent, name

    def get(self, rel: str) -> Optional[Entry]:
        now = int(self.runtime.now())
        if rel == "":
            return pseudo_root(now)
        if rel in DIRECTORIES or (rel in DIRECTORIES[""]):
            return directory(0o755, mtime=now)
        where = self._split(rel)
        found = self._cgroup(where[0]) if where else None
        if found is None:
            return None
        if not where[1]:
            return directory(0o755, mtime=now)
        files = found[0]
        if where[1] in files:
            name = where[1]
            writable = "." in name and not name.endswith((".current", ".stat", ".events",
                                                         ".peak", ".controllers"))
            return regular(files[name].encode(), 0o644 if writable else 0o444, mtime=now)
        return None

    def names(self, rel: str) -> List[str]:
        where = self._split(rel) if rel == CGROUP or rel.startswith(CGROUP + "/") else None
        if where is not None and not where[1]:
            files, subdirs = self._cgroup(where[0])
            return sorted(list(files) + subdirs)
        return list(DIRECTORIES.get(rel, []))
