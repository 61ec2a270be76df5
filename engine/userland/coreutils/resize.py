"""truncate and fallocate: set a file's size without writing it.

Both create a missing file (truncate -c does not). A file that grows from nothing
grows as a hole, so `truncate -s 10G big` or `fallocate -l 1G f` costs no memory,
as on a real file system.

Sizes: BusyBox reads a plain decimal number with an optional suffix from one of
libbb's tables (truncate: kMG, fallocate: kmg_i); GNU truncate also takes a prefix
that makes the size relative (+ - < > / %) and the suffixes K M G T P E Z Y R Q,
powers of 1024 (or of 1000 with B, of 1024 again with iB).
"""

from __future__ import annotations

import re
from typing import Dict, Optional

from ...proc.api import Context, program
from ...vfs.errno import FSError
from ..options import OptionError, bad_option, busybox_usage, error, parse, try_help

# libbb's suffix tables (xatonum.c): truncate uses kMG, fallocate kmg_i.
KMG = {"kB": 1000, "kD": 1000, "k": 1024, "KB": 1000, "KD": 1000, "K": 1024, "MB": 10 ** 6,
       "MD": 10 ** 6, "M": 1 << 20, "GB": 10 ** 9, "GD": 10 ** 9, "G": 1 << 30}
KMG_I = {"KiB": 1024, "kiB": 1024, "K": 1024, "k": 1024, "MiB": 1 << 20, "miB": 1 << 20,
         "M": 1 << 20, "m": 1 << 20, "GiB": 1 << 30, "giB": 1 << 30, "G": 1 << 30, "g": 1 << 30,
         "KB": 1000, "MB": 10 ** 6, "GB": 10 ** 9}
GNU_POWERS = "KMGTPEZYRQ"
GNU_SIZE = re.compile(r"([-+<>/%]?)(\d+)(?:([kKmMgGtTpPeEzZyYrRqQ])(iB|B)?)?")
MAX_OFF = (1 << 63) - 1


def busybox_size(text: str, suffixes: Dict[str, int]) -> Optional[int]:
    """xatoull_sfx(): decimal digits, then nothing or one of ``suffixes``."""
    digits = re.match(r"\d+", text)
    if digits is None:
        return None
    rest = text[digits.end():]
    if rest and rest not in suffixes:
        return None
    value = int(digits.group()) * suffixes.get(rest, 1)
    return value if value <= MAX_OFF else None


def gnu_size(text: str):
    """(prefix, bytes) of GNU truncate's -s, or None."""
    found = GNU_SIZE.fullmatch(text)
    if found is None:
        return None
    prefix, number, letter, unit = found.groups()
    value = int(number)
    if letter:
        value *= (1000 if unit == "B" else 1024) ** (GNU_POWERS.index(letter.upper()) + 1)
    return (prefix, value) if value <= MAX_OFF else None


def _relative(current: int, prefix: str, amount: int) -> int:
    if prefix == "+":
        return current + amount
    if prefix == "-":
        return max(0, current - amount)
    if prefix == "<":
        return min(current, amount)
    if prefix == ">":
        return max(current, amount)
    if prefix == "/":
        return current - current % amount if amount else current
    if prefix == "%":
        return -(-current // amount) * amount if amount else current
    return amount


def _size_of(ctx: Context, path: str) -> int:
    try:
        return ctx.fs.stat(path, ctx.cwd).size
    except FSError:
        return 0


@program("truncate")
def truncate(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    try:
        opts, files = parse(ctx, ctx.argv[1:], "cs:r:o" if gnu else "cs:",
                            {"no-create": "c", "size=": "s", "reference=": "r",
                             "io-blocks": "o"} if gnu else None)
    except OptionError as err:
        return bad_option(ctx, err)
    flags = dict(opts)
    if gnu:
        if "s" not in flags and "r" not in flags:
            error(ctx, "you must specify either '--size' or '--reference'")
            return try_help(ctx)
        if not files:
            error(ctx, "missing file operand")
            return try_help(ctx)
        if "r" in flags:
            try:
                size = ("", ctx.fs.stat(flags["r"], ctx.cwd).size)
            except FSError as err:
                error(ctx, f"cannot stat '{flags['r']}': {err.strerror(ctx.libc)}")
                return 1
        else:
            size = gnu_size(flags["s"])
            if size is None:
                error(ctx, f"Invalid number: '{flags['s']}'")
                return 1
    else:
        if "s" not in flags or not files:
            return busybox_usage(ctx)
        bytes_ = busybox_size(flags["s"], KMG)
        if bytes_ is None:
            error(ctx, f"invalid number '{flags['s']}'")
            return 1
        size = ("", bytes_)
    status = 0
    for path in files:
        target = _relative(_size_of(ctx, path), *size)
        try:
            ctx.fs.truncate(path, target, ctx.cwd, create="c" not in flags)
        except FSError as err:
            status = 1
            error(ctx, f"cannot open '{path}' for writing: {err.strerror(ctx.libc)}" if gnu
                  else f"{path}: open: {err.strerror(ctx.libc)}")
    ctx.charge(20e-6 * len(files))
    return status


@program("fallocate")
def fallocate(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    try:
        opts, files = parse(ctx, ctx.argv[1:], "l:o:n" if gnu else "l:o:",
                            {"length=": "l", "offset=": "o", "keep-size": "n"} if gnu else None)
    except OptionError as err:
        return bad_option(ctx, err)
    flags = dict(opts)
    if gnu:
        if "l" not in flags:
            error(ctx, "no length argument specified")
            return 1
        if not files:
            error(ctx, "no filename specified")
            return 1
        length, offset = gnu_size(flags["l"]), gnu_size(flags.get("o", "0"))
        if length is None or length[0] or not length[1] or offset is None or offset[0]:
            error(ctx, "invalid offset value specified" if length and not length[0] and length[1]
                  else "invalid length value specified")
            return 1
        length, offset = length[1], offset[1]
    else:
        if "l" not in flags or len(files) != 1:
            return busybox_usage(ctx)
        offset, length = busybox_size(flags.get("o", "0"), KMG_I), busybox_size(flags["l"], KMG_I)
        for text, value in ((flags.get("o", "0"), offset), (flags["l"], length)):
            if value is None:
                error(ctx, f"invalid number '{text}'")
                return 1
    path = files[0]
    current = _size_of(ctx, path)
    try:
        ctx.fs.truncate(path, current, ctx.cwd)  # open(O_RDWR|O_CREAT)
    except FSError as err:
        error(ctx, f"cannot open {path}: {err.strerror(ctx.libc)}" if gnu
              else f"can't open '{path}': {err.strerror(ctx.libc)}")
        return 1
    if length == 0:  # posix_fallocate refuses an empty range (GNU's check comes earlier)
        error(ctx, f"fallocate '{path}': Invalid argument")
        return 1
    if "n" not in flags and offset + length > current:
        ctx.fs.truncate(path, offset + length, ctx.cwd)
    ctx.charge(20e-6)
    return 0
