"""The host's view of the containers' processes: `pstree` and `lsns`.

On the host a container's processes are ordinary processes: each container's PID 1 is a
child of its containerd-shim (which systemd adopted when the shim daemonized), and has a
host PID besides the one its namespace gives it. `pstree` shows both side by side,
`sh(4312)[1]`; `lsns` lists the namespaces they are in, as util-linux's lsns does (NS,
TYPE, NPROCS, PID, USER, COMMAND; PID is the lowest one in the namespace).
"""

from __future__ import annotations

from typing import Dict, List

from engine.proc.host_processes import SERVICES, host_parents
from engine.proc.namespaces import HOST as HOST_INODES, TYPES, of_running

from ..render.picture import Node, Picture, table, tree

COMM_WIDTH = 15  # TASK_COMM_LEN - 1: what /proc/PID/comm and pstree show of a name
SHIM = "containerd-shim"  # containerd-shim-runc-v2, cut as the kernel cuts its comm


def comm(process) -> str:
    return process.argv[0].rsplit("/", 1)[-1][:COMM_WIDTH] if process.argv else "?"


def alive(container) -> list:
    return sorted((p for p in container.processes.values() if p.alive), key=lambda p: p.pid)


def running(engine) -> list:
    engine.settle()
    return [c for c in engine.containers if c.state.running]


def pstree_picture(engine) -> Picture:
    root = Node([("host", "systemd"), ("number", "(1)")])
    for pid, argv, *_ in SERVICES[1:]:  # the host's own services, children of its init
        root.add(("host", argv[0].rsplit("/", 1)[-1][:COMM_WIDTH]), ("number", f"({pid})"))
    for container in sorted(running(engine), key=lambda c: c.shim_pid):
        state = "  paused" if container.state.paused else ""
        shim = root.add(("host", SHIM), ("number", f"({container.shim_pid})"),
                        ("dim", f" -namespace moby -id {container.short_id}… "),
                        ("name", container.name), ("warn", state))
        processes = alive(container)
        parents = host_parents(engine.runtime, container)
        nodes: Dict[int, Node] = {}
        for process in processes:  # parents start before their children: PIDs increase
            label = [("", comm(process)), ("number", f"({process.pid})"),
                     ("id", f"[{process.nspid}]")]
            if len(process.argv) > 1:
                label.append(("dim", " " + " ".join(process.argv[1:])))
            if process.stopped:
                label.append(("warn", "  stopped"))
            nodes[process.pid] = nodes.get(parents[process.pid], shim).add(*label)
    picture = Picture()
    picture.line(("dim", "name(host PID)[PID in its namespace]; children by PID"))
    return tree(picture, root)


def lsns_rows(engine) -> List[tuple]:
    """(inode, type, processes) of every namespace a container's process is in."""
    containers = running(engine)
    ids = of_running(engine.runtime, containers)
    members: Dict[tuple, list] = {}
    for container in containers:
        for kind in TYPES:
            members.setdefault((ids[container.id][kind], kind), []).extend(alive(container))
    return [(inode, kind, sorted(procs, key=lambda p: p.pid))
            for (inode, kind), procs in sorted(members.items())]


def lsns_picture(engine) -> Picture:
    rows, shared = [], []
    for inode, kind, procs in lsns_rows(engine):
        if inode == HOST_INODES[kind]:
            shared.append(f"{kind} {inode}")
            continue
        first = procs[0]
        rows.append([("id", str(inode)), ("", kind), ("number", str(len(procs))),
                     ("number", str(first.pid)), ("", first.user), ("", " ".join(first.argv))])
    picture = Picture()
    table(picture, ["NS", "TYPE", "NPROCS", "PID", "USER", "COMMAND"], rows, right=(0, 2, 3))
    if shared:
        picture.line(("dim", "and the host's own, which every process of the host holds "
                             "too (not listed): " + ", ".join(shared)))
    return picture


__all__ = ["pstree_picture", "lsns_picture", "lsns_rows", "comm"]
