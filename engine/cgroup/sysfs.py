"""/sys inside a container: read-only sysfs, with the container's own cgroup at
/sys/fs/cgroup (cgroup namespaces make the container's cgroup look like the root)."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List, Optional

from ..vfs.entry import Entry, directory, regular
from ..vfs.errno import EROFS
from ..vfs.mounts import Provider

DIRECTORIES = {"": ["block", "bus", "class", "dev", "devices", "firmware", "fs", "kernel",
                    "module", "power"],
               "fs": ["cgroup"]}
CGROUP = "fs/cgroup"


def cgroup_files(container, runtime, host_pids: bool = False):
    """The files of a running container's cgroup, name -> text. Inside, cgroup.procs lists
    the PIDs of the container's PID namespace; the host (``host_pids``) sees its own."""
    from ..container.mounts import shmem
    procs = sorted((p.pid if host_pids else p.nspid) for p in container.processes.values() if p.alive)
    return container.cgroup.files(runtime.memory_current(container), len(procs), procs,
                                  shmem(container.fs.mounts), runtime.host_cpus)


class SysFS(Provider):
    read_only_error = EROFS  # mounted ro: writes fail with "Read-only file system"

    def __init__(self, container, runtime):
        self.container = container
        self.runtime = runtime

    def _files(self):
        return cgroup_files(self.container, self.runtime)

    def get(self, rel: str) -> Optional[Entry]:
        now = int(self.runtime.now())
        if rel in DIRECTORIES or rel == CGROUP or (rel in DIRECTORIES[""]):
            return directory(0o755, mtime=now)
        if rel.startswith(CGROUP + "/"):
            name = rel[len(CGROUP) + 1:]
            files = self._files()
            if name in files:
                writable = "." in name and not name.endswith((".current", ".stat", ".events",
                                                             ".peak", ".controllers"))
                return regular(files[name].encode(), 0o644 if writable else 0o444, mtime=now)
        return None

    def names(self, rel: str) -> List[str]:
        if rel == CGROUP:
            return sorted(self._files())
        return list(DIRECTORIES.get(rel, []))
