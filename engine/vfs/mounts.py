"""Mounts over a container's root: what a running container has besides its layers.

runc mounts proc on /proc, a tmpfs with device nodes on /dev, and Docker
bind-mounts /etc/hostname, /etc/hosts and /etc/resolv.conf from the
container's directory on the host. None of these are in the writable layer,
so `docker diff` and `docker commit` never see them. A ``Provider`` answers
for the paths below its mount point; the union view asks ``Mounts`` first.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, List, Optional

from .entry import CHAR, DIR, FILE, Entry, directory, regular
from .errno import EACCES, EBUSY, ENOENT, ENOSPC, EPERM, EROFS, FSError


class Provider:
    """A mounted file system; paths are relative to its mount point ("" is the root)."""

    read_only_error = EACCES

    def get(self, rel: str) -> Optional[Entry]:
        raise NotImplementedError

    def names(self, rel: str) -> List[str]:
        return []

    def put(self, rel: str, entry: Entry, path: str) -> None:
        raise FSError(self.read_only_error, path)

    def remove(self, rel: str, path: str) -> None:
        raise FSError(EBUSY if rel == "" else self.read_only_error, path)


class BoundFile(Provider):
    """A host file bind-mounted over a path (Docker's /etc/hosts); writes change it."""

    def __init__(self, content: bytes, mode: int = 0o644, mtime: int = 0):
        self.entry = regular(content, mode, mtime=mtime)

    def get(self, rel: str) -> Optional[Entry]:
        return self.entry if rel == "" else None

    def put(self, rel: str, entry: Entry, path: str) -> None:
        if entry.kind != FILE:
            raise FSError(EBUSY, path)
        self.entry = self.entry.with_changes(data=entry.content, size=len(entry.content),
                                             mode=entry.mode, mtime=entry.mtime)


TTY_GID = 5  # the tty group, owner of terminal devices


class DevFS(Provider):
    """The tmpfs on /dev with the device nodes runc creates."""

    DEVICES = {"null": (1, 3), "zero": (1, 5), "full": (1, 7), "random": (1, 8),
               "urandom": (1, 9), "tty": (5, 0), "console": (136, 0)}
    LINKS = {"stdin": "/proc/self/fd/0", "stdout": "/proc/self/fd/1",
             "stderr": "/proc/self/fd/2", "fd": "/proc/self/fd", "ptmx": "pts/ptmx",
             "core": "/proc/kcore"}
    DIRS = ("pts", "shm", "mqueue")

    TERMINALS = ("tty", "console", "pts/0")  # what a process with a terminal writes to it by

    def __init__(self, mtime: int = 0, terminal=lambda: None):
        self.mtime = mtime
        self.terminal = terminal  # () -> the calling process's terminal (a Terminal), or None

    def get(self, rel: str) -> Optional[Entry]:
        if rel == "":
            return directory(0o755, mtime=self.mtime)
        if rel == "pts/0" and self.terminal() is not None:  # the devpts node of -t's terminal
            return Entry(CHAR, 0o620, 0, TTY_GID, mtime=self.mtime)
        if rel in self.DEVICES:
            return Entry(CHAR, 0o620 if rel in ("console",) else 0o666, mtime=self.mtime)
        if rel in self.LINKS:
            from .entry import symlink
            return symlink(self.LINKS[rel], mtime=self.mtime)
        if rel in self.DIRS:
            return directory(0o1777 if rel == "shm" else 0o755, mtime=self.mtime)
        return None

    def names(self, rel: str) -> List[str]:
        if rel == "":
            return sorted([*self.DEVICES, *self.LINKS, *self.DIRS])
        return ["0"] if rel == "pts" and self.terminal() is not None else []

    def put(self, rel: str, entry: Entry, path: str) -> None:
        terminal = self.terminal() if rel in self.TERMINALS else None
        if terminal is not None:
            if entry.data:
                terminal.echo_to.write(entry.data.decode("utf-8", "replace"))
            return
        if rel in ("null", "zero", "full", "tty", "console"):
            return  # writes to a character device go to the device, not to a file
        raise FSError(EACCES if rel in self.DEVICES else EPERM, path)


class Tree(Provider):
    """A directory (or one file, at rel "") mounted over a path: a build step's mount, a
    volume's data (shared by every container that mounts it), a tmpfs."""

    read_only_error = EROFS

    def __init__(self, entries: Dict[str, Entry], writable: bool, limit: Optional[int] = None):
        self.entries = entries  # relative path ("" is the mount's root) -> entry
        self.writable = writable
        self.limit = limit  # a tmpfs's size= (bytes its files may hold)

    def used(self) -> int:
        return sum(e.size for e in self.entries.values() if e.kind == FILE)

    @property
    def is_file(self) -> bool:
        root = self.entries.get("")
        return root is not None and not root.is_dir

    def get(self, rel: str) -> Optional[Entry]:
        return self.entries.get(rel)

    def names(self, rel: str) -> List[str]:
        prefix = rel + "/" if rel else ""
        return sorted({p[len(prefix):].split("/", 1)[0] for p in self.entries
                       if p.startswith(prefix) and p != rel and p})

    def put(self, rel: str, entry: Entry, path: str) -> None:
        if not self.writable:
            raise FSError(EROFS, path)
        if self.limit is not None and entry.kind == FILE:
            old = self.entries.get(rel)
            if self.used() - (old.size if old is not None and old.kind == FILE else 0) + entry.size > self.limit:
                raise FSError(ENOSPC, path)
        self.entries[rel] = entry

    def remove(self, rel: str, path: str) -> None:
        if not self.writable or rel == "":
            raise FSError(EROFS, path)
        for key in [p for p in self.entries if p == rel or p.startswith(rel + "/")]:
            del self.entries[key]


def pseudo_root(mtime: int) -> Entry:
    """The root of /proc and of /sys as the kernel shows them: dr-xr-xr-x."""
    return directory(0o555, mtime=mtime)


class MadeOnFirstUse(Provider):
    """A pseudo file system (/proc, /sys) made when a path below its mount point is first
    looked at: they answer from the kernel's and the cgroups' state, whose modules a
    container that never reads them (`run busybox echo hi`) need not load (issue 18).
    Its root is known without making it (`ls /` stats every name there)."""

    def __init__(self, make, now):
        self._make, self._made, self._now = make, None, now

    def made(self) -> Provider:
        if self._made is None:
            self._made = self._make()
        return self._made

    def get(self, rel: str) -> Optional[Entry]:
        if rel == "" and self._made is None:
            return pseudo_root(int(self._now()))
        return self.made().get(rel)

    def names(self, rel: str) -> List[str]:
        return self.made().names(rel)

    def put(self, rel: str, entry: Entry, path: str) -> None:
        self.made().put(rel, entry, path)

    def remove(self, rel: str, path: str) -> None:
        self.made().remove(rel, path)


class Mount:
    __slots__ = ("point", "provider", "source", "fstype", "options")

    def __init__(self, point: str, provider: Provider, source: str, fstype: str, options: str):
        self.point, self.provider = point, provider
        self.source, self.fstype, self.options = source, fstype, options

    def relative(self, path: str) -> str:
        return path[len(self.point) + 1:] if path != self.point else ""

    def line(self) -> str:
        """This mount as /proc/mounts lists it."""
        return f"{self.source} {self.point} {self.fstype} {self.options} 0 0"


class Mounts:
    """The mount table of a container (besides its root overlay)."""

    def __init__(self):
        self.table: List[Mount] = []
        self.extra_lines: List[str] = []  # mounts inside a mounted tree (cgroup2 in /sys)
        self._exact: Dict[str, Mount] = {}
        self._tops: Dict[str, Mount] = {}  # first path component -> directory mount
        self._deep: List[Mount] = []  # directory mounts further down, longest first

    def add(self, point: str, provider: Provider, source: str, fstype: str,
            options: str) -> Mount:
        mount = Mount(point, provider, source, fstype, options)
        self.table.append(mount)
        if isinstance(provider, BoundFile) or getattr(provider, "is_file", False):
            self._exact[point] = mount
        elif point.count("/") > 1:
            self._deep.append(mount)  # a build step's mount (/root/.cache/pip)
            self._deep.sort(key=lambda m: -len(m.point))
        else:
            self._tops[point] = mount
        return mount

    def points_in(self, directory: str) -> List[str]:
        """Names of mount points directly inside ``directory`` (they show in its listing)."""
        prefix = directory.rstrip("/") + "/"
        return [m.point[len(prefix):] for m in self.table
                if m.point.startswith(prefix) and "/" not in m.point[len(prefix):]]

    def find(self, path: str) -> Optional[Mount]:
        """The mount answering for ``path``, if any (cheap: most paths are not mounted)."""
        mount = self._exact.get(path)
        if mount is not None:
            return mount
        for deep in self._deep:
            if path == deep.point or path.startswith(deep.point + "/"):
                return deep
        if not self._tops:
            return None
        end = path.find("/", 1)
        top = path if end < 0 else path[:end]
        mount = self._tops.get(top)
        if mount is None:
            return None
        # A deeper mount point (/dev/shm) would need a longer match; ours are all top-level.
        return mount


__all__ = ["Provider", "BoundFile", "DevFS", "Tree", "MadeOnFirstUse", "Mounts", "Mount", "ENOENT", "DIR"]
