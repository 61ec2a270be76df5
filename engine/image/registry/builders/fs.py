"""Writing one layer's file tree, the way a build step's diff looks.

A layer made by a build step contains the files the step changed plus their
parent directories (whose mtimes changed too), so a LayerBuilder adds every
missing ancestor. An ancestor that already exists below keeps its mode and
owner (a new file in /tmp must not turn /tmp's 1777 into 755). Paths through
symlinks are refused: in merged-/usr images "/bin/ls" must be written as
"/usr/bin/ls", as dpkg does.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, Iterable, Optional, Sequence

from ....vfs.entry import Entry, directory, regular, symlink
from ....vfs.layer import Layer
from ....vfs.paths import ancestors


class LowerView:
    """The union of lower layers' entries, enough to find parents and symlinks."""

    def __init__(self, layers: Sequence[Layer] = ()):
        self._entries: Dict[str, Entry] = {}
        for layer in layers:
            self._entries.update(layer.entries)

    def get(self, path: str) -> Optional[Entry]:
        return self._entries.get(path)


class LayerBuilder:
    def __init__(self, mtime: int, lower: Sequence[Layer] = ()):
        self.mtime = int(mtime)
        self.lower = LowerView(lower)
        self.entries: Dict[str, Entry] = {}

    # -- internals ---------------------------------------------------------------

    def _existing(self, path: str) -> Optional[Entry]:
        return self.entries.get(path) or self.lower.get(path)

    def _parents(self, path: str) -> None:
        for parent in reversed(list(ancestors(path))):
            if parent == "/":
                continue
            existing = self._existing(parent)
            if existing is not None and existing.is_symlink:
                raise ValueError(f"{path}: parent {parent} is a symlink")
            if parent in self.entries:
                continue
            if existing is not None:
                self.entries[parent] = existing.with_changes(mtime=self.mtime)
            else:
                self.entries[parent] = directory(0o755, mtime=self.mtime)

    def _put(self, path: str, entry: Entry) -> None:
        if not path.startswith("/") or path == "/" or path.endswith("/"):
            raise ValueError(f"not a canonical path: {path!r}")
        self._parents(path)
        self.entries[path] = entry

    # -- adding entries ------------------------------------------------------------

    def dir(self, path: str, mode: int = 0o755, uid: int = 0, gid: int = 0) -> "LayerBuilder":
        self._put(path, directory(mode, uid, gid, self.mtime))
        return self

    def dirs(self, paths: Iterable[str], mode: int = 0o755) -> "LayerBuilder":
        for path in paths:
            self.dir(path, mode)
        return self

    def text(self, path: str, content: str, mode: int = 0o644, uid: int = 0, gid: int = 0) -> "LayerBuilder":
        """A file with real bytes: for what a learner would cat."""
        self._put(path, regular(content, mode, uid, gid, self.mtime))
        return self

    def blob(self, path: str, size: int, mode: int = 0o644, program: Optional[str] = None,
             uid: int = 0, gid: int = 0) -> "LayerBuilder":
        """A file held as its size only: binaries, libraries, data."""
        self._put(path, regular(None, mode, uid, gid, self.mtime, size=size, program=program))
        return self

    def exe(self, path: str, size: int, program: Optional[str] = None) -> "LayerBuilder":
        """An executable; ``program`` defaults to its own name (what it runs when exec'd)."""
        name = path.rsplit("/", 1)[-1]
        return self.blob(path, size, 0o755, program=program or name)

    def script(self, path: str, content: str, program: str = "sh") -> "LayerBuilder":
        """An executable text script, run by its interpreter."""
        self._put(path, regular(content, 0o755, 0, 0, self.mtime, program=program))
        return self

    def link(self, path: str, target: str) -> "LayerBuilder":
        self._put(path, symlink(target, mtime=self.mtime))
        return self

    def links(self, directory_path: str, names: Iterable[str], target: str) -> "LayerBuilder":
        for name in names:
            self.link(f"{directory_path}/{name}", target)
        return self

    def hard_links(self, path: str, names: Iterable[str]) -> "LayerBuilder":
        """More names for the file at ``path`` (hard links: one link group of the layer)."""
        ids = [entry.link for entry in self.entries.values() if entry.link is not None]
        entry = self.entries[path].with_changes(link=max(ids, default=0) + 1)
        self.entries[path] = entry
        for name in names:
            self._put(name, entry)
        return self

    def build(self) -> Layer:
        return Layer(self.entries)


# The directories every Linux root file system has (FHS), with their modes.
FHS_DIRS = {
    "/bin": 0o755, "/boot": 0o755, "/dev": 0o755, "/etc": 0o755, "/home": 0o755,
    "/lib": 0o755, "/media": 0o755, "/mnt": 0o755, "/opt": 0o755, "/proc": 0o555,
    "/root": 0o700, "/run": 0o755, "/sbin": 0o755, "/srv": 0o755, "/sys": 0o555,
    "/tmp": 0o1777, "/usr": 0o755, "/usr/bin": 0o755, "/usr/sbin": 0o755,
    "/usr/lib": 0o755, "/usr/local": 0o755, "/usr/local/bin": 0o755,
    "/usr/local/sbin": 0o755, "/usr/local/lib": 0o755, "/usr/local/share": 0o755,
    "/usr/local/include": 0o755, "/usr/local/etc": 0o755, "/usr/local/src": 0o755,
    "/usr/share": 0o755, "/usr/include": 0o755, "/usr/src": 0o755,
    "/var": 0o755, "/var/cache": 0o755, "/var/lib": 0o755, "/var/local": 0o755,
    "/var/log": 0o755, "/var/mail": 0o755, "/var/opt": 0o755, "/var/spool": 0o755,
    "/var/tmp": 0o1777,
}


def skeleton(builder: LayerBuilder, skip: Iterable[str] = (), extra: Optional[Dict[str, int]] = None) -> None:
    """Create the FHS directories (minus ``skip``, plus ``extra``)."""
    skipped = set(skip)
    wanted = dict(FHS_DIRS)
    wanted.update(extra or {})
    for path in sorted(wanted):
        if path not in skipped and not any(path.startswith(s + "/") for s in skipped):
            builder.dir(path, wanted[path])


def merged_usr(builder: LayerBuilder, lib64: bool = True) -> None:
    """Current Debian/Ubuntu: /bin, /sbin, /lib (and /lib64) are symlinks into /usr."""
    builder.dirs(["/usr/bin", "/usr/sbin", "/usr/lib"])
    builder.link("/bin", "usr/bin")
    builder.link("/sbin", "usr/sbin")
    builder.link("/lib", "usr/lib")
    if lib64:
        builder.dir("/usr/lib64")
        builder.link("/lib64", "usr/lib64")
