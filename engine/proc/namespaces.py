"""/proc/PID/ns: which namespaces a process is in, as the kernel names them (`net:[4026532201]`).

Two processes are in the same namespace exactly when these links read the same, which is
how `lsns` and `nsenter` tell. A container gets its own mount, UTS, IPC, PID, network and
cgroup namespaces (runc's clone flags, and cgroupns=private, cgroup v2's default); it joins
another's with `--pid`, `--network` or `--ipc container:NAME`, the host's with `--network
host`, `--pid host`, `--ipc host` or `--uts host`; the user and time namespaces are always
the host's (no userns-remap, so `--userns host` changes nothing). The host's
own namespaces have the kernel's fixed initial numbers (PROC_*_INIT_INO in
include/linux/proc_ns.h; the initial mount and network namespaces take the first
dynamic ones); a new namespace takes the next free number after them, counted here in
the order they are first looked at, which is all a deterministic replay needs.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, List, Tuple

from .host_processes import host_pid_mode

# The links of /proc/PID/ns, in the order the kernel lists them (ls sorts them anyway).
KINDS = ("cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time", "time_for_children",
         "user", "uts")
# lsns's order of types
TYPES = ("mnt", "net", "uts", "pid", "ipc", "cgroup", "user", "time")
HOST = {"ipc": 4026531839, "uts": 4026531838, "user": 4026531837, "pid": 4026531836,
        "cgroup": 4026531835, "time": 4026531834, "net": 4026531840, "mnt": 4026531841}
FIRST_NEW = 4026532160  # after the namespaces the host's own services hold at boot


class NamespaceNumbers:
    """The inode number of every namespace, by what owns it (kept by the runtime)."""

    def __init__(self):
        self._numbers: Dict[Tuple[str, int, object], Tuple[object, int]] = {}
        self._next = FIRST_NEW

    def number(self, kind: str, owner, generation=0.0) -> int:
        """The number of ``kind``'s namespace that ``owner`` (a container, or a network
        namespace) holds; ``generation`` tells two starts of one container apart."""
        key = (kind, id(owner), generation)
        if key not in self._numbers:  # the owner is kept too, so its id is never reused
            self._numbers[key] = (owner, self._next)
            self._next += 1
        return self._numbers[key][1]

    def links(self, container, runtime) -> List[Tuple[str, str]]:
        """(name, target) of each link of /proc/PID/ns for a process of ``container``."""
        started = _start(container)
        pid_owner = container.pid_owner or container
        net = getattr(getattr(container, "network", None), "ns", None)
        ipc = _ipc_owner(container, runtime)
        host_config = container.host_config
        numbers = {
            "cgroup": (HOST["cgroup"] if getattr(host_config, "cgroupns_mode", "") == "host"
                       else self.number("cgroup", container, started)),
            "ipc": (HOST["ipc"] if ipc.host_config.ipc_mode == "host"
                    else self.number("ipc", ipc, _start(ipc))),
            "mnt": self.number("mnt", container, started),
            "net": (HOST["net"] if net is None or getattr(net, "host", False)
                    else self.number("net", net)),
            "pid": (HOST["pid"] if host_pid_mode(container)
                    else self.number("pid", pid_owner, _start(pid_owner))),
            "time": HOST["time"], "user": HOST["user"],
            "uts": (HOST["uts"] if getattr(host_config, "uts_mode", "") == "host"
                    else self.number("uts", container, started)),
        }
        numbers["pid_for_children"] = numbers["pid"]
        numbers["time_for_children"] = numbers["time"]
        return [(kind, f"{kind.replace('_for_children', '')}:[{numbers[kind]}]") for kind in KINDS]


    def links_of(self, process, runtime) -> List[Tuple[str, str]]:
        """/proc/PID/ns of any process: its container's namespaces, or the host's for
        the host's own processes."""
        container = getattr(process.ctx.system, "container", None)
        if container is None:
            return [(kind, f"{kind.replace('_for_children', '')}:"
                           f"[{HOST[kind.replace('_for_children', '')]}]") for kind in KINDS]
        return self.links(container, runtime)


def _start(container):
    """What tells one start of a container from the next (a new shim each time)."""
    return (container.state.started_at or 0.0, getattr(container, "shim_pid", None))


def _ipc_owner(container, runtime):
    """--ipc container:NAME shares the donor's IPC namespace (with its /dev/shm)."""
    mode = container.host_config.ipc_mode
    if mode.startswith("container:"):
        donor = runtime.containers.find(mode.partition(":")[2])
        if donor is not None and donor.state.running:
            return donor
    return container


def numbers_of(runtime) -> NamespaceNumbers:
    """The runtime's one numbering: /proc/PID/ns and lsns read the same numbers."""
    return runtime.__dict__.setdefault("namespace_numbers", NamespaceNumbers())


def of_running(runtime, containers) -> Dict[str, Dict[str, int]]:
    """Container id -> {type: inode number} for the running ones (what lsns lists),
    numbered in the order they started."""
    numbers = numbers_of(runtime)
    running = sorted((c for c in containers if c.state.running),
                     key=lambda c: c.state.started_at or 0.0)
    return {c.id: {kind: int(target.rpartition("[")[2].rstrip("]"))
                   for kind, target in numbers.links(c, runtime) if kind in TYPES}
            for c in running}
