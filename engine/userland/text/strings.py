"""BusyBox's strings: the runs of at least -n (4) printable characters (a tab counts) in
each file, one a line; -f puts the file's name before each, -o or -t d|o|x its offset."""

from __future__ import annotations

import re

from ...proc.api import Context, decode, encode, program
from ...vfs.errno import FSError
from ..options import OptionError, bad_option, busybox_usage, error, parse
from .io import read_bytes

CPU_PER_BYTE = 2e-9
RADIX = {"o": "o", "d": "d", "x": "x"}


@program("strings")
def strings(ctx: Context) -> int:
    try:
        opts, names = parse(ctx, ctx.argv[1:], "afon:t:")
    except OptionError as err:
        return bad_option(ctx, err)
    flags = dict(opts)
    minimum = flags.get("n", "4")
    if not minimum.isdigit():
        error(ctx, f"invalid number '{minimum}'")
        return 1
    if not 1 <= int(minimum) <= 2147483647:
        error(ctx, f"number {minimum} is not in 1..2147483647 range")
        return 1
    radix = "o" if "o" in flags else flags.get("t")
    if radix is not None and radix not in RADIX:
        return busybox_usage(ctx)
    run = re.compile(rb"[\x20-\x7e\t]{%d,}" % int(minimum))
    status = 0
    for name in names or ["-"]:
        try:
            data = encode(ctx.stdin.read()) if name == "-" else read_bytes(ctx, name)
        except FSError as err:
            error(ctx, f"{name}: {ctx.strerror(err)}")
            status = 1
            continue
        ctx.charge(CPU_PER_BYTE * len(data))
        shown = "{standard input}" if name == "-" else name
        out = []
        for found in run.finditer(data):
            prefix = f"{shown}: " if "f" in flags else ""
            if radix is not None:
                prefix += f"{found.start():7{RADIX[radix]}} "
            out.append(prefix + decode(found.group()) + "\n")
        ctx.out("".join(out))
    return status
