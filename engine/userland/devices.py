"""Reading from devices that never end (/dev/zero, /dev/urandom).

A program that must see a whole line, or the last lines, before it can
print anything (`tail /dev/zero`) keeps everything it reads in memory and
reads as fast as it can: its memory grows until the cgroup's memory.max
makes the OOM killer end it - the classic way to show a memory limit.
"""

from __future__ import annotations

from ..proc.api import Allocate, Compute
from ..vfs.entry import CHAR
from ..vfs.errno import FSError

ENDLESS = {"/dev/zero", "/dev/urandom", "/dev/random"}
READ_RATE = 2 * 1024 ** 3  # bytes per CPU second a tight read loop takes in
STEP = 0.01  # CPU seconds between two growths of the buffer


def is_endless(ctx, name: str) -> bool:
    if name == "-":
        return False
    try:
        canonical, entry = ctx.fs.resolve(name, ctx.cwd)
    except FSError:
        return False
    return entry is not None and entry.kind == CHAR and canonical in ENDLESS


def hoard(ctx):
    """Read for ever, keeping what was read: memory grows until something stops it."""
    while True:
        yield Compute(STEP)
        yield Allocate(int(READ_RATE * STEP))
