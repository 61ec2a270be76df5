"""Devices that never end (/dev/zero, /dev/urandom).

A program that must see a whole line, or the last lines, before it can
print anything (`tail /dev/zero`) keeps everything it reads in memory and
reads as fast as it can (its read raises EndlessRead: see proc.invoke.hoard).
"""

from __future__ import annotations

from ..vfs.entry import CHAR
from ..vfs.errno import FSError

ZERO_DEVICES = {"/dev/zero"}
RANDOM_DEVICES = {"/dev/urandom", "/dev/random"}
ENDLESS = ZERO_DEVICES | RANDOM_DEVICES


def is_endless(ctx, name: str) -> bool:
    if name == "-":
        return False
    try:
        canonical, entry = ctx.fs.resolve(name, ctx.cwd)
    except FSError:
        return False
    return entry is not None and entry.kind == CHAR and canonical in ENDLESS
