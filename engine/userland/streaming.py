"""Programs that move bytes: their inputs read a chunk at a time as the data
comes (a pipe, a file, a device that never ends), their output written with the
pipe's back-pressure, and the CPU time each byte costs (Context.charge).

A program that reads a source that never ends and writes nowhere anybody can
see (`cat /dev/zero > /dev/null`, `yes > /dev/null`, `sha256sum /dev/zero`)
is fast-forwarded: it is a busy process for ever (Compute(inf)), charged by
the scheduler like any other, without moving the bytes one by one.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Generator, Optional

from ..entropy import Seeded
from ..proc.api import Compute, Context, EndlessInput, decode, encode
from ..vfs.entry import CHAR
from ..vfs.errno import ENOENT, FSError
from .devices import RANDOM_DEVICES, ZERO_DEVICES

CHUNK = 65536  # bytes per read(2): a pipe's capacity
INF = float("inf")
STDIN_NAMES = ("-", "/dev/stdin", "/proc/self/fd/0")


def discards(stream) -> bool:
    """Output that nobody will ever see (/dev/null)."""
    return getattr(stream, "discards", False)


class Source:
    """One input of a program, read a chunk at a time (``read``: b"" at its end).

    Raises FSError on opening, as open(2) would."""

    def __init__(self, ctx: Context, name: str):
        self.ctx = ctx
        self.name = name
        self.device = None  # "zero" or "random" for a device that never ends
        self.data: Optional[bytes] = None
        self.offset = 0
        self.stdin_device: Optional[EndlessInput] = None
        if name in STDIN_NAMES:
            if isinstance(ctx.stdin, EndlessInput):
                self.device = "zero"  # (its bytes come from the stream itself)
                self.stdin_device = ctx.stdin
            return
        try:
            canonical, entry = ctx.fs.resolve(name, ctx.cwd)
        except FSError as err:
            if name == "/dev/null" and err.errno == ENOENT:
                self.data = b""  # a file system without the /dev mount still has a null device
                return
            raise
        if entry is not None and entry.kind == CHAR:
            if canonical in ZERO_DEVICES:
                self.device = "zero"
                return
            if canonical in RANDOM_DEVICES:
                self.device = "random"
                # the same bytes on every run of a script: seeded by the process
                self.random = Seeded(ctx.pid * 104729 + len(canonical))
                return
        self.data = ctx.fs.read(name, ctx.cwd)

    @property
    def endless(self) -> bool:
        return self.device is not None

    def read_all(self) -> Generator[object, object, bytes]:
        """The whole input (a source that never ends: never)."""
        if self.data is not None:
            return self.data
        if self.endless:
            return (yield from spin_forever())
        return encode((yield from self.ctx.read_all()))

    def read(self, size: int = CHUNK) -> Generator[object, object, bytes]:
        if self.device == "zero":
            if self.stdin_device is not None:  # standard input from the device
                return self.stdin_device.take(size).encode("latin-1")
            return bytes(size)
        if self.device == "random":
            return self.random.randbytes(size)
        if self.data is None:  # standard input
            return encode((yield from self.ctx.read_some(size=size)))
        chunk = self.data[self.offset:self.offset + size]
        self.offset += len(chunk)
        return chunk


def spin_forever() -> Generator[Compute, object, int]:
    """A busy loop with no visible effect: on the CPU until a signal ends it."""
    yield Compute(INF)
    return 0


def write_bytes(ctx: Context, data: bytes, rate: float):
    """Write ``data`` to stdout, charging ``rate`` bytes per CPU second; blocks while
    the pipe is full."""
    ctx.charge(len(data) / rate)
    if data:
        ctx.stdout.write(decode(data))
    yield from ctx.flow()


__all__ = ["CHUNK", "Source", "discards", "spin_forever", "write_bytes"]
