"""One entry of a layer: a directory, regular file, symlink or whiteout.

Entries are immutable values; changing a file means putting a new entry in a
(writable) layer. A regular file holds its bytes, or only a declared ``size``
with ``data=None``: such a file reads as zeros (like a sparse file) and costs
no memory, which is how a 40 MB binary in an image stays free.
``program`` names the simulated program an executable file runs (busybox-style
dispatch happens on top of it); it is part of the file's identity.
``link`` groups the names of one file (hard links); see union.py for how
writes reach every name and how overlayfs's copy-up breaks a lower link.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Optional

from ..record import record, replace

DIR = "dir"
FILE = "file"
SYMLINK = "symlink"
WHITEOUT = "whiteout"
CHAR = "char"  # a character device (/dev/null); only mounts provide these
FIFO = "fifo"  # a pipe, as /proc/PID/fd/N leads to one; only /proc provides these

S_IFDIR = 0o040000
S_IFREG = 0o100000
S_IFLNK = 0o120000
S_IFCHR = 0o020000  # a whiteout is a 0/0 character device in overlayfs
S_IFIFO = 0o010000
TYPE_BITS = {DIR: S_IFDIR, FILE: S_IFREG, SYMLINK: S_IFLNK, WHITEOUT: S_IFCHR, CHAR: S_IFCHR, FIFO: S_IFIFO}


@record(frozen=True, slots=True)
class Entry:
    kind: str
    mode: int = 0o644  # permission bits only (with setuid/setgid/sticky)
    uid: int = 0
    gid: int = 0
    mtime: int = 0
    data: Optional[bytes] = None
    size: int = 0
    target: str = ""  # symlink target
    program: Optional[str] = None
    opaque: bool = False  # directory hides everything below it in lower layers
    # Hard links: the names of one file in a layer carry the same link id (None: a
    # file with one name). Changing the file through one name changes them all.
    link: Optional[int] = None

    @property
    def is_dir(self) -> bool:
        return self.kind == DIR

    @property
    def is_file(self) -> bool:
        return self.kind == FILE

    @property
    def is_symlink(self) -> bool:
        return self.kind == SYMLINK

    @property
    def is_whiteout(self) -> bool:
        return self.kind == WHITEOUT

    @property
    def st_mode(self) -> int:
        return TYPE_BITS[self.kind] | self.mode

    @property
    def content(self) -> bytes:
        """The file's bytes; a declared-size file reads as zeros."""
        if self.data is not None:
            return self.data
        return bytes(self.size)

    def with_changes(self, **changes) -> "Entry":
        return replace(self, **changes)


def directory(mode: int = 0o755, uid: int = 0, gid: int = 0, mtime: int = 0,
              opaque: bool = False) -> Entry:
    return Entry(DIR, mode, uid, gid, mtime, opaque=opaque)


def regular(data: bytes | str | None = b"", mode: int = 0o644, uid: int = 0,
            gid: int = 0, mtime: int = 0, size: int | None = None,
            program: str | None = None) -> Entry:
    """A regular file: ``data`` bytes (str is UTF-8), or ``size`` zeros held as a number."""
    if isinstance(data, str):
        data = data.encode()
    if data is None:
        return Entry(FILE, mode, uid, gid, mtime, None, size or 0, program=program)
    return Entry(FILE, mode, uid, gid, mtime, data, len(data), program=program)


def symlink(target: str, uid: int = 0, gid: int = 0, mtime: int = 0) -> Entry:
    # Linux reports symlinks as 0777 and their size as the target's length.
    return Entry(SYMLINK, 0o777, uid, gid, mtime, size=len(target.encode()), target=target)


WHITEOUT_ENTRY = Entry(WHITEOUT, 0, size=0)


def whiteout() -> Entry:
    return WHITEOUT_ENTRY
