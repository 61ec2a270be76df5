"""`systemd-cgls`: the cgroup v2 tree of the running containers, with limits and usage.

Docker's systemd cgroup driver puts each container in
/sys/fs/cgroup/system.slice/docker-<id>.scope. Under each scope: the limits Docker wrote
(memory.max, cpu.max, pids.max) next to what the kernel counts (memory.current,
cpu.stat's usage_usec, pids.current), read from the same files the container sees in
/sys/fs/cgroup, then its processes by host PID, as systemd-cgls lists them.
"""

from __future__ import annotations

from engine.cgroup.sysfs import cgroup_files
from engine.container.runtime import CGROUP_ROOT

from ..render.picture import Node, Picture, bar, tree
from ..render.units import bytes_size
from .processes import alive, running


def _limit(text: str):
    return None if text == "max" else int(text)


def cgroup_picture(engine) -> Picture:
    base, _, slice_name = CGROUP_ROOT.rpartition("/")
    root = Node([("title", base)])
    system = root.add(("host", slice_name))
    for container in running(engine):
        files = {name: text.strip() for name, text in cgroup_files(container, engine.runtime,
                                                                     host_pids=True).items()}
        scope = system.add(("id", f"docker-{container.id}.scope"), ("dim", "  "),
                           ("name", container.name))
        memory, memory_max = int(files["memory.current"]), _limit(files["memory.max"])
        pids, pids_max = int(files["pids.current"]), _limit(files["pids.max"])
        usage = int(files["cpu.stat"].split()[1]) / 1e6
        quota, period = files["cpu.max"].split()
        cpus = "" if quota == "max" else f" = {int(quota) / int(period):g} CPU"
        scope.notes += [
            [("dim", "memory  "), ("number", bytes_size(memory)),
             ("dim", " of " + (f"{bytes_size(memory_max)} (memory.max {memory_max})  "
                               if memory_max else "memory.max max  ")), *bar(memory, memory_max)],
            [("dim", "cpu     "), ("number", f"{usage:.2f}s"),
             ("dim", f" used, cpu.max {files['cpu.max']}{cpus}")],
            [("dim", "pids    "), ("number", str(pids)),
             ("dim", f" of pids.max {files['pids.max']}  "), *bar(pids, pids_max)],
        ]
        for process in alive(container):
            scope.add(("number", str(process.pid)), " ", " ".join(process.argv))
    picture = Picture()
    return tree(picture, root)


__all__ = ["cgroup_picture"]
