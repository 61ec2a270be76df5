"""Where a command's output goes and its input comes from: files of the container's
file system, /dev/null and friends, and the streams of the shell itself.

Writes to a file are buffered and written to the file system in chunks (when
the redirection ends, when the shell lets time pass, or past 64 KiB): the
union file system copies a file's bytes on every append, so writing each
`echo` of a 100 000-iteration loop separately would cost quadratic time.
"""

from __future__ import annotations

import posixpath

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List

from ...proc.api import EndlessInput, Stream, encode
from ..devices import is_endless
from ...vfs.entry import SYMLINK

FLUSH_AT = 65536


class FileSink(Stream):
    """Output into a file (created or truncated when the redirection opened it)."""

    def __init__(self, fs, path: str):
        super().__init__()
        self.fs = fs
        self.path = path  # canonical: a later cd does not move it
        self.pending: List[str] = []
        self.size = 0
        self.unbuffered = False  # shared with a background process: write through

    def write(self, text: str) -> None:
        if not text:
            return
        if self.unbuffered:
            self._append(text)
            return
        self.pending.append(text)
        self.size += len(text)
        if self.size >= FLUSH_AT:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            text = "".join(self.pending)
            self.pending, self.size = [], 0
            self._append(text)

    def _append(self, text: str) -> None:
        try:
            self.fs.write(self.path, encode(text), append=True)
        except Exception:  # the file went away meanwhile: the bytes are lost, as on Linux
            pass


class NullSink(Stream):
    """/dev/null (and other character devices) as an output: everything vanishes."""

    discards = True  # a program may skip producing what would land here (see streaming)

    def write(self, text: str) -> None:
        return None


class FullSink(Stream):
    """/dev/full as an output: every write fails with ENOSPC (what the writer says of it
    is its own: see the kernel and the shell's builtins). Unlike /dev/null it discards
    nothing silently, so a writer that never ends (`cat /dev/zero`) fails at once."""

    path = "/dev/full"  # what /proc/PID/fd/N points to

    def write(self, text: str) -> None:
        if text:
            from ...proc.api import DeviceFull
            raise DeviceFull()


def empty_input() -> Stream:
    stream = Stream("")
    stream.closed = True
    return stream


def device_input(ctx, path: str) -> Stream:
    """A character device as standard input: /dev/zero and /dev/urandom never end,
    the others (/dev/null) are empty."""
    if is_endless(ctx, path):
        canonical = ctx.fs.resolve(path, ctx.cwd)[0]
        return EndlessInput(b"\0" if canonical == "/dev/zero" else bytes(range(256)))
    return empty_input()


def input_of(text: str) -> Stream:
    stream = Stream(text)
    stream.closed = True
    return stream


DEVICE_FDS = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}


def special_device(fs, path: str, cwd: str):
    """("fd", n) for /dev/stdout, /dev/fd/N, /proc/self/fd/N ...; ("null", None) for a
    character device; None for an ordinary path. Symlinks are followed by hand since
    /proc is not part of an image."""
    current = posixpath.normpath(posixpath.join(cwd, path))
    for _ in range(10):
        if current in DEVICE_FDS:
            return ("fd", DEVICE_FDS[current])
        for prefix in ("/dev/fd/", "/proc/self/fd/"):
            if current.startswith(prefix) and current[len(prefix):].isdigit():
                return ("fd", int(current[len(prefix):]))
        if current.startswith("/proc/self/") or current == "/dev/tty":
            return ("fd", 2) if current == "/dev/tty" else None
        try:
            entry = fs.lstat(current)
        except Exception:
            return None
        if entry.kind == SYMLINK:
            current = posixpath.normpath(posixpath.join(posixpath.dirname(current), entry.target))
            continue
        if entry.kind in ("char", "block"):
            return ("full" if current == "/dev/full" else "null", None)
        return None
    return None


def flush_all(sinks) -> None:
    for sink in list(sinks):
        sink.flush()


__all__ = ["FileSink", "NullSink", "empty_input", "input_of", "special_device", "flush_all"]
