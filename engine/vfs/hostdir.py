"""A bind mount: a real directory (or file) of the host, read and written for real.

This is the one place where the engine touches the host's files. It reaches what lies
below the bound path and nothing else: the container gives paths relative to the mount
point, already resolved in the container's root (a symlink met on the way is followed
there, by the union view, never on the host), and every component below the bound path
is checked with lstat so that no host symlink is followed either. The bound path itself
is resolved once, when it is mounted, as the kernel resolves a bind's source.
"""

from __future__ import annotations

import os
import stat

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List, Optional

from .entry import CHAR, DIR, FILE, SYMLINK, Entry, directory, regular, symlink
from .errno import EACCES, EINVAL, EISDIR, ENOENT, ENOTEMPTY, EROFS, FSError
from .mounts import Provider

LARGEST_READ = 64 << 20  # bigger host files read as their size only (zeros)


class HostDir(Provider):
    read_only_error = EROFS

    def __init__(self, root: str, writable: bool):
        self.root = os.path.realpath(root)
        self.writable = writable

    @property
    def is_file(self) -> bool:
        return os.path.isfile(self.root)

    def _host(self, rel: str) -> Optional[str]:
        """The host path of ``rel``, or None when a component below the root is a symlink
        (or missing): nothing outside the bound path is ever reached."""
        path = self.root
        parts = [p for p in rel.split("/") if p]
        for part in parts[:-1]:
            if part in (".", ".."):
                return None
            path = os.path.join(path, part)
            try:
                if stat.S_ISLNK(os.lstat(path).st_mode):
                    return None
            except OSError:
                return None
        if parts:
            if parts[-1] in (".", ".."):
                return None
            path = os.path.join(path, parts[-1])
        return path

    def get(self, rel: str) -> Optional[Entry]:
        path = self._host(rel)
        if path is None:
            return None
        try:
            st = os.lstat(path)
        except OSError:
            # a bound directory removed on the host: the mount keeps its (now empty) directory
            return directory(0o755) if rel == "" else None
        mode, common = stat.S_IMODE(st.st_mode), dict(uid=st.st_uid, gid=st.st_gid, mtime=int(st.st_mtime))
        if stat.S_ISDIR(st.st_mode):
            return directory(mode, **common)
        if stat.S_ISLNK(st.st_mode):
            return symlink(os.readlink(path), **common)
        if stat.S_ISREG(st.st_mode):
            if st.st_size > LARGEST_READ:
                return regular(None, mode, size=st.st_size, **common)
            try:
                fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
            except OSError:
                return regular(None, mode, size=st.st_size, **common)
            with os.fdopen(fd, "rb") as f:
                return regular(f.read(), mode, **common)
        if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
            return Entry(CHAR, mode, **common)
        return None  # sockets and fifos are not modelled

    def names(self, rel: str) -> List[str]:
        path = self._host(rel)
        try:
            return sorted(os.listdir(path)) if path else []
        except OSError:
            return []

    def put(self, rel: str, entry: Entry, path: str) -> None:
        host = self._host(rel)
        if not self.writable:
            raise FSError(EROFS, path)
        if host is None:
            raise FSError(ENOENT, path)
        try:
            if entry.kind == DIR:
                if not os.path.isdir(host) or os.path.islink(host):
                    os.mkdir(host, entry.mode)
                os.chmod(host, entry.mode)
            elif entry.kind == FILE:
                if os.path.islink(host):
                    os.unlink(host)  # replacing a symlink, never writing through it
                fd = os.open(host, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, entry.mode)
                with os.fdopen(fd, "wb") as f:
                    f.write(entry.content)
                os.chmod(host, entry.mode)
            elif entry.kind == SYMLINK:
                if os.path.lexists(host):
                    os.unlink(host)
                os.symlink(entry.target, host)
            else:
                raise FSError(EINVAL, path)
            if entry.kind != SYMLINK:
                os.utime(host, (entry.mtime, entry.mtime))
        except IsADirectoryError:
            raise FSError(EISDIR, path) from None
        except PermissionError:
            raise FSError(EACCES, path) from None
        except OSError:
            raise FSError(ENOENT, path) from None

    def remove(self, rel: str, path: str) -> None:
        host = self._host(rel)
        if not self.writable or rel == "":
            raise FSError(EROFS if not self.writable else EINVAL, path)
        if host is None:
            raise FSError(ENOENT, path)
        try:
            if os.path.isdir(host) and not os.path.islink(host):
                _remove_tree(host)
            else:
                os.unlink(host)
        except FileNotFoundError:
            raise FSError(ENOENT, path) from None
        except OSError:
            raise FSError(ENOTEMPTY, path) from None


def _remove_tree(top: str) -> None:
    """rm -r without following symlinks (what the union asks when a directory goes)."""
    for name in os.listdir(top):
        path = os.path.join(top, name)
        if os.path.isdir(path) and not os.path.islink(path):
            _remove_tree(path)
        else:
            os.unlink(path)
    os.rmdir(top)
