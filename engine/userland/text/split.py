"""split: cut a file into pieces PREFIXaa, PREFIXab ... of -l lines (1000 by default)
or -b bytes, as GNU coreutils and BusyBox do.

The suffixes are -a letters long (2 by default; GNU's -d makes them digits); when they
run out the program stops with an error, the pieces written so far staying. The input
is read whole (standard input for none or "-") and charged per byte like cat.
"""

from __future__ import annotations

import posixpath
from typing import List, Optional

from ...proc.api import Context, encode, program
from ...vfs.errno import FSError
from ..options import OptionError, bad_option, busybox_usage, error, parse, quote
from ..coreutils.common import new_file
from .io import read_bytes

CPU_PER_BYTE = 2e-9
DEFAULT_LINES = 1000
# BusyBox's multipliers for -b; GNU's take K, M, G (1024s) and KB, MB, GB (1000s) too
BUSYBOX_UNITS = {"b": 512, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}
GNU_UNITS = {"": 1, "b": 512, "k": 1024, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3,
             "KB": 1000, "MB": 1000 ** 2, "GB": 1000 ** 3, "KiB": 1024, "MiB": 1024 ** 2,
             "GiB": 1024 ** 3}


def _size(text: str, units: dict) -> Optional[int]:
    digits = text.rstrip("".join(set("".join(units))))
    unit = text[len(digits):]
    if not digits.isdigit() or (unit and unit not in units):
        return None
    return int(digits) * units.get(unit, 1)


def _suffix(index: int, length: int, numeric: bool) -> Optional[str]:
    """The index-th suffix, or None once there are no more of that length."""
    base, first = (10, "0") if numeric else (26, "a")
    if index >= base ** length:
        return None
    chars = []
    for _ in range(length):
        index, digit = divmod(index, base)
        chars.append(chr(ord(first) + digit))
    return "".join(reversed(chars))


def _pieces(data: bytes, lines: int, size: int) -> List[bytes]:
    if size:
        return [data[i:i + size] for i in range(0, len(data), size)]
    chunks, current, count = [], [], 0
    for line in data.splitlines(keepends=True):
        current.append(line)
        count += 1
        if lines and count == lines:
            chunks.append(b"".join(current))
            current, count = [], 0
    if current:
        chunks.append(b"".join(current))
    return chunks


@program("split")
def split(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    long = {"lines=": "l", "bytes=": "b", "suffix-length=": "a", "numeric-suffixes": "d"} \
        if gnu else None
    try:
        opts, operands = parse(ctx, ctx.argv[1:], "l:b:a:d" if gnu else "l:b:a:", long)
    except OptionError as err:
        return bad_option(ctx, err)
    lines, size, length, numeric = DEFAULT_LINES, 0, 2, False
    for key, value in opts:
        if key == "l":
            if not value.isdigit() or (gnu and int(value) == 0):
                if not gnu:
                    error(ctx, f"invalid number {quote(value)}")
                elif value.isdigit():
                    error(ctx, f"invalid number of lines: {quote(value)}: Numerical result out of range")
                else:
                    error(ctx, f"invalid number of lines: {quote(value)}")
                return 1
            lines, size = int(value), 0
        elif key == "b":
            size = _size(value, GNU_UNITS if gnu else BUSYBOX_UNITS)
            if not size:
                error(ctx, f"invalid number of bytes: {quote(value)}" if gnu
                      else f"invalid number {quote(value)}")
                return 1
        elif key == "a":
            if not value.isdigit():
                error(ctx, f"invalid suffix length: {quote(value)}" if gnu
                      else f"invalid number {quote(value)}")
                return 1
            length = int(value)
        elif key == "d":
            numeric = True
    if len(operands) > 2:
        if not gnu:
            return busybox_usage(ctx)
        error(ctx, f"extra operand {quote(operands[2])}")
        ctx.stderr.write("Try 'split --help' for more information.\n")
        return 1
    source = operands[0] if operands else "-"
    prefix = operands[1] if len(operands) > 1 else "x"
    try:
        data = encode(ctx.stdin.read()) if source == "-" else read_bytes(ctx, source)
    except FSError as err:
        error(ctx, f"cannot open {quote(source)} for reading: {ctx.strerror(err)}" if gnu
              else f"can't open {quote(source)}: {ctx.strerror(err)}")
        return 1
    ctx.charge(CPU_PER_BYTE * len(data))
    for index, piece in enumerate(_pieces(data, lines, size)):
        suffix = _suffix(index, length, numeric)
        if suffix is None:
            error(ctx, "output file suffixes exhausted" if gnu else "suffixes exhausted")
            return 1
        name = prefix + suffix
        try:
            ctx.fs.write(posixpath.join(ctx.cwd, name), piece, **new_file(ctx))
        except FSError as err:
            error(ctx, f"{quote(name)}: {ctx.strerror(err)}" if gnu else f"{name}: {ctx.strerror(err)}")
            return 1
    return 0
