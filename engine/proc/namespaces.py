"""Which namespaces a container's processes are in, named as the kernel names them.

The kernel identifies a namespace by the inode number of its nsfs file (what
`readlink /proc/PID/ns/net` and `lsns` show). The initial namespaces have fixed
numbers (include/linux/proc_ns.h counts down from 0xEFFFFFFF; mnt and net take the
first dynamic ones, 0xF0000000 on, at boot) and every new one takes the next free
number. runc creates a container's namespaces in the order of Docker's spec (mount,
network, uts, pid, ipc, cgroup); user and time stay the host's.

What is shared follows the engine's own state: `--network container:X` and `host` use
that namespace (the NetNS object itself), `--pid container:X` the owner's PID
namespace, `--ipc container:X` the donor's. A namespace lives as long as the
container that made it runs, so a restart makes new ones.
"""

from __future__ import annotations

from typing import Dict, Hashable, Iterable, Tuple

# lsns's order of types, and the host's (initial) namespaces of a 6.8 kernel
TYPES = ("mnt", "net", "uts", "pid", "ipc", "cgroup", "user", "time")
HOST_INODES = {"time": 4026531834, "cgroup": 4026531835, "pid": 4026531836,
               "user": 4026531837, "uts": 4026531838, "ipc": 4026531839,
               "net": 4026531840, "mnt": 4026531841}
# The host's own services (systemd's private mounts, udev...) took the numbers before it.
FIRST_FREE = 4026532180


class NamespaceIds:
    """The inode numbers of every running container's namespaces, stable while they live."""

    def __init__(self):
        self._inodes: Dict[Hashable, int] = {}
        self._next = FIRST_FREE

    def _inode(self, key: Hashable) -> int:
        found = self._inodes.get(key)
        if found is None:
            found = self._inodes[key] = self._next
            self._next += 1
        return found

    def of_running(self, containers: Iterable) -> Dict[str, Dict[str, int]]:
        """Container id -> {type: inode} for the running ones, numbered in start order."""
        running = sorted((c for c in containers if c.state.running),
                         key=lambda c: (c.state.started_at or 0.0))
        by_id = {c.id: c for c in containers}
        return {c.id: self._of(c, by_id) for c in running}

    def _of(self, container, by_id) -> Dict[str, int]:
        made = (container.id, container.shim_pid)  # a new shim at each start
        pid_owner = container.pid_owner or container
        keys: Dict[str, Tuple] = {
            "mnt": ("mnt", *made),
            "net": self._net_key(container),
            "uts": ("uts", *made),
            "pid": ("pid", pid_owner.id, pid_owner.shim_pid),
            "ipc": self._ipc_key(container, by_id),
            "cgroup": ("cgroup", *made),
        }
        ids = {kind: (HOST_INODES[kind] if key is None else self._inode(key))
               for kind, key in keys.items()}
        ids.update(user=HOST_INODES["user"], time=HOST_INODES["time"])
        return ids

    @staticmethod
    def _net_key(container):
        ns = getattr(container.network, "ns", None)
        if ns is None or ns.host:
            return None  # --network host: the host's own namespace
        return ("net", ns.key)

    @staticmethod
    def _ipc_key(container, by_id):
        mode = container.host_config.ipc_mode
        if mode.startswith("container:"):
            ref = mode.partition(":")[2]
            donor = by_id.get(ref) or next(
                (c for c in by_id.values() if c.name == ref or c.id.startswith(ref)), None)
            if donor is not None:
                return ("ipc", donor.id, donor.shim_pid)
        return ("ipc", container.id, container.shim_pid)


__all__ = ["NamespaceIds", "TYPES", "HOST_INODES"]
