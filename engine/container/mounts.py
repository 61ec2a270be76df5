"""A container's volumes, bind mounts and tmpfs mounts: from run's flags to what runc mounts.

`-v NAME:/path[:opts]` and `-v /path` (anonymous) are HostConfig.Binds, `--mount` is
HostConfig.Mounts, `--tmpfs /path[:opts]` HostConfig.Tmpfs, and an image's VOLUME gets
an anonymous volume when nothing else is mounted there. At create the daemon resolves
them into mount points (inspect's Mounts), creating the volumes it needs; an empty
volume mounted over a directory of the image is filled with a copy of it (unless
nocopy), as Docker does the first time. At start each mount point is mounted over the
container's root: a volume's shared entries, a host directory (vfs.hostdir), or a fresh
tmpfs each time. With a sandbox (Engine(host_root=...), `crsim-shell --sandbox DIR`) a
bind's source must lie inside it.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, List

from ..errors import InvalidParameter
from ..record import record
from ..vfs.entry import DIR
from ..vfs.errno import FSError
from ..vfs.mounts import Mounts, Tree
from ..vfs.paths import normalize

BIND_MODES = {"ro", "rw", "z", "Z", "nocopy", "shared", "rshared", "slave", "rslave", "private", "rprivate",
              "consistent", "cached", "delegated"}
TMPFS_DEFAULT = "rw,nosuid,nodev,noexec,relatime"
# The kernel shows inode64 last on every tmpfs it mounts (CONFIG_TMPFS_INODE64, as /dev has)
TMPFS_INODES = ",inode64"


@record
class MountPoint:
    type: str  # "volume", "bind" or "tmpfs"
    destination: str
    rw: bool = True
    mode: str = ""  # what -v said after the path ("z" by default), "" for --mount
    volume: object = None  # engine.volume.Volume for a volume
    nocopy: bool = False
    tmpfs_options: str = ""  # size=...,mode=... for a tmpfs
    listed: bool = True  # in inspect's Mounts (--tmpfs mounts are not)
    source: str = ""  # a bind's host path

    def to_dict(self) -> dict:
        if self.type == "volume":
            return {"Type": "volume", "Name": self.volume.name, "Source": self.volume.mountpoint,
                    "Destination": self.destination, "Driver": self.volume.driver, "Mode": self.mode,
                    "RW": self.rw, "Propagation": ""}
        if self.type == "bind":
            return {"Type": "bind", "Source": self.source, "Destination": self.destination, "Mode": self.mode,
                    "RW": self.rw, "Propagation": "rprivate"}
        return {"Type": "tmpfs", "Source": "", "Destination": self.destination, "Mode": self.mode,
                "RW": self.rw, "Propagation": ""}


def _destination(spec: str, path: str, kind: str = "volume") -> str:
    if not path.startswith("/"):
        raise InvalidParameter(f"invalid volume specification: '{spec}': invalid mount config for type "
                               f"\"{kind}\": invalid mount path: '{path}' mount path must be absolute")
    path = normalize(path)
    if path == "/":
        raise InvalidParameter(f"invalid volume specification: '{spec}': invalid mount config for type "
                               f"\"{kind}\": invalid specification: destination can't be '/'")
    return path


def parse_bind(spec: str) -> dict:
    """One -v value: {"source": NAME or "", "target": path, "ro": bool, "nocopy": bool, "mode": str}."""
    parts = spec.split(":")
    if len(parts) > 1 and "" in parts:
        raise InvalidParameter(f"invalid spec: {spec}: empty section between colons")
    if len(parts) == 1:
        source, target, mode = "", parts[0], ""
    elif len(parts) == 2 and all(o in BIND_MODES for o in parts[1].split(",")):
        source, target, mode = "", parts[0], parts[1]  # "/path:ro": an anonymous volume and its mode
    elif len(parts) == 2:
        source, target, mode = parts[0], parts[1], ""
    elif len(parts) == 3:
        source, target, mode = parts
    else:
        raise InvalidParameter(f"invalid volume specification: '{spec}'")
    if not target:
        raise InvalidParameter(f"invalid volume specification: '{spec}'")
    for option in filter(None, mode.split(",")):
        if option not in BIND_MODES:
            raise InvalidParameter(f"invalid mode: {mode}")
    options = mode.split(",") if mode else []
    return {"type": "bind" if source.startswith("/") else "volume", "create": True, "source": source, "target": _destination(spec, target), "ro": "ro" in options,
            "nocopy": "nocopy" in options, "mode": mode or ("z" if source else ""), "spec": spec}


def check_mount(spec: dict) -> dict:
    """A --mount the CLI has parsed, as the daemon checks it."""
    kind, target = spec["type"], spec["target"]
    if kind not in ("volume", "bind", "tmpfs"):
        raise InvalidParameter(f"invalid mount config for type \"{kind}\": mount type unknown")
    if not target.startswith("/"):
        raise InvalidParameter(f"invalid mount config for type \"{kind}\": invalid mount path: '{target}' "
                               f"mount path must be absolute")
    if normalize(target) == "/":
        raise InvalidParameter(f"invalid mount config for type \"{kind}\": invalid specification: "
                               f"destination can't be '/'")
    if kind == "tmpfs" and spec["source"]:
        raise InvalidParameter("invalid mount config for type \"tmpfs\": field Source must not be specified")
    return {**spec, "target": normalize(target)}


def from_container(other, spec: str) -> List[dict]:
    """--volumes-from C[:ro|rw]: the other container's volumes at the same places."""
    _, _, mode = spec.partition(":")
    if mode not in ("", "ro", "rw"):
        raise InvalidParameter(f"invalid mode for volumes-from: {mode}")
    return [{"type": "volume", "source": p.volume.name, "target": p.destination,
             "ro": (mode == "ro") or (not mode and not p.rw), "nocopy": True, "mode": p.mode}
            for p in other.mounts if p.type == "volume"]


def parse_tmpfs(spec: str) -> dict:
    """One --tmpfs value: /path[:size=64m,mode=1777,...]."""
    target, _, options = spec.partition(":")
    return {"type": "tmpfs", "source": "", "target": _destination(spec, target, "tmpfs"), "ro": "ro" in options.split(","),
            "tmpfs": options, "listed": False, "spec": spec}


def _bind_source(spec: dict, host_root: str) -> str:
    """A bind's host path, checked (inside the sandbox; existing, or made by -v as Docker does)."""
    source = os.path.normpath(spec["source"])
    if not source.startswith("/"):
        raise InvalidParameter(f"invalid mount config for type \"bind\": invalid mount path: '{source}' "
                               f"mount path must be absolute")
    if host_root:
        real, root = os.path.realpath(source), os.path.realpath(host_root)
        if real != root and not real.startswith(root.rstrip("/") + "/"):
            raise InvalidParameter(f"invalid mount config for type \"bind\": bind source path {source} is "
                                   f"outside the sandbox {root}")
    if not os.path.lexists(source) and not spec.get("create"):
        raise InvalidParameter(f"invalid mount config for type \"bind\": bind source path does not exist: "
                               f"{source}")
    return source


def resolve(container, specs: List[dict], image_volumes: Dict[str, dict], volumes,
            host_root: str = "") -> List[MountPoint]:
    """Mount points for the container, creating the volumes they name (nothing is
    created when a spec is refused: all are checked first)."""
    seen: Dict[str, dict] = {}
    for spec in specs:
        if spec["type"] == "bind":
            spec["source"] = _bind_source(spec, host_root)
        if spec["target"] in seen:
            raise InvalidParameter(f"Duplicate mount point: {spec['target']}")
        if spec["target"] in ("/proc", "/sys", "/dev") and spec["type"] == "volume":
            raise InvalidParameter(f"invalid mount config for type \"volume\": invalid specification: "
                                   f"destination can't be '{spec['target']}'")
        seen[spec["target"]] = spec
    for path in image_volumes:
        seen.setdefault(normalize(path), {"type": "volume", "source": "", "target": normalize(path), "ro": False,
                                          "nocopy": False, "mode": "", "image": True})
    points = []
    for spec in seen.values():
        if spec["type"] == "bind":
            if not os.path.lexists(spec["source"]):
                os.makedirs(spec["source"], exist_ok=True)  # -v makes a missing host directory
            points.append(MountPoint("bind", spec["target"], not spec["ro"], spec.get("mode", ""),
                                     source=spec["source"]))
            continue
        if spec["type"] == "tmpfs":
            points.append(MountPoint("tmpfs", spec["target"], not spec["ro"], "", tmpfs_options=spec.get("tmpfs", ""),
                                     listed=spec.get("listed", True)))
            continue
        volume = volumes.create(spec["source"], spec.get("driver", "local"), spec.get("labels"),
                                spec.get("options"), anonymous=not spec["source"])
        point = MountPoint("volume", spec["target"], not spec["ro"], spec.get("mode", ""), volume, spec["nocopy"])
        if volume.is_empty() and not point.nocopy:
            _copy_up(container.fs, point)
        points.append(point)
    return points


def _copy_up(fs, point: MountPoint) -> None:
    """An empty volume over a directory of the image starts as a copy of it."""
    try:
        entry = fs.get(point.destination)
    except FSError:
        return
    if entry is None or entry.kind != DIR:
        return
    for path, item in fs.walk(point.destination):
        rel = path[len(point.destination) + 1:] if path != point.destination else ""
        point.volume.entries[rel] = item.with_changes(opaque=False) if item.kind == DIR else item


def tmpfs_options(point: MountPoint) -> str:
    options = [o for o in point.tmpfs_options.split(",") if o and o not in ("rw", "ro")]
    size = [o for o in options if o.startswith("size=")]
    rest = [o for o in options if not o.startswith("size=")]
    text = ("ro" if not point.rw else "rw") + TMPFS_DEFAULT[2:]
    if size:
        text += f",size={_kib(size[0][5:])}k"  # the kernel shows the size in KiB
    mode = next((o[5:] for o in rest if o.startswith("mode=")), "1777")
    if _octal(mode) != 0o1777:  # shmem_show_options: a mode other than 1777, in octal
        text += f",mode={_octal(mode):03o}"
    return text + "".join("," + o for o in rest if not o.startswith("mode=")) + TMPFS_INODES


def _octal(mode: str) -> int:
    try:
        return int(mode, 8)
    except ValueError:
        return 0o1777


def _kib(size: str) -> int:
    units = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
    number = size.rstrip("kKmMgGbB")
    unit = size[len(number):].lower().rstrip("b")
    try:
        return int(float(number) * units.get(unit, 1)) // 1024
    except ValueError:
        return 0


def make_mount_points(fs, points: List[MountPoint], now: int) -> None:
    """What runc does before it mounts: each mount point that the root file system lacks is
    made (mkdir -p, 0755), an empty file for a file bound from the host."""
    import os
    from ..vfs.entry import directory, regular
    read_only, fs.read_only = getattr(fs, "read_only", False), False  # (--read-only comes after)
    try:
        for point in points:
            if fs.get(point.destination) is not None:
                continue
            a_file = point.type == "bind" and os.path.isfile(point.source)
            fs.install(point.destination, regular(b"", 0o755, mtime=now) if a_file
                       else directory(0o755, mtime=now))
    finally:
        fs.read_only = read_only


def mount_all(mounts: Mounts, points: List[MountPoint], now: int, in_use=lambda volume: False) -> None:
    """Mount the container's volumes and tmpfs over its root (at each start). A local volume
    made with -o type=tmpfs is a tmpfs the driver mounts for its first user: empty again
    when no running container holds it (``in_use``)."""
    from ..vfs.entry import directory
    for point in points:
        if point.type == "bind":
            from ..vfs.hostdir import HostDir  # the host's files: only a bind mount reads them
            mounts.add(point.destination, HostDir(point.source, point.rw), "/dev/sda1", "ext4",
                       ("rw" if point.rw else "ro") + ",relatime")
        elif point.type == "volume" and point.volume.options.get("type") == "tmpfs":
            if not in_use(point.volume):
                point.volume.entries.clear()
                point.volume.entries[""] = directory(0o1777, mtime=now)
            extra = point.volume.options.get("o", "")
            size = [o[5:] for o in extra.split(",") if o.startswith("size=")]
            options = (("rw" if point.rw else "ro") + ",relatime"
                       + (f",size={_kib(size[0])}k" if size else "") + TMPFS_INODES)
            mounts.add(point.destination, Tree(point.volume.entries, point.rw,
                                               _kib(size[0]) * 1024 if size else None),
                       point.volume.options.get("device", "tmpfs"), "tmpfs", options)
        elif point.type == "volume":
            mounts.add(point.destination, Tree(point.volume.entries, point.rw), "/dev/sda1", "ext4",
                       ("rw" if point.rw else "ro") + ",relatime")
        else:
            size = [o[5:] for o in point.tmpfs_options.split(",") if o.startswith("size=")]
            mode = [o[5:] for o in point.tmpfs_options.split(",") if o.startswith("mode=")]
            limit = _kib(size[0]) * 1024 if size else None
            root = directory(int(mode[0], 8) if mode else 0o1777, mtime=now)
            mounts.add(point.destination, Tree({"": root}, point.rw, limit), "tmpfs", "tmpfs", tmpfs_options(point))


def mount_calls(points: List[MountPoint], merged: str) -> List[str]:
    """The mount(2) calls a start makes for them, as --trace shows them."""
    calls = []
    for point in points:
        target = merged + point.destination
        if point.type == "tmpfs":
            calls.append(f"mount -t tmpfs -o {tmpfs_options(point)} tmpfs {target}")
        else:
            source = point.source if point.type == "bind" else point.volume.mountpoint
            calls.append(f"mount --bind {source} {target}")
            if not point.rw:
                calls.append(f"mount -o remount,bind,ro {target}")
    return calls


def shmem(mounts: Mounts) -> int:
    """Bytes the container's tmpfs mounts hold: memory its cgroup is charged (memory.stat's shmem)."""
    if mounts is None:
        return 0
    return sum(m.provider.used() for m in mounts.table if m.fstype == "tmpfs" and isinstance(m.provider, Tree))


def describe(points: List[MountPoint]) -> List[dict]:
    return [p.to_dict() for p in points if p.listed]


def user_of(points: List[MountPoint], name: str) -> bool:
    return any(p.volume is not None and p.volume.name == name for p in points)


def anonymous_volumes(points: List[MountPoint]) -> List[str]:
    return [p.volume.name for p in points if p.volume is not None and p.volume.anonymous]


__all__ = ["MountPoint", "parse_bind", "parse_tmpfs", "resolve", "mount_all", "describe"]
