"""cmp and comm: two files side by side, GNU's (diffutils, coreutils) and BusyBox's."""

from __future__ import annotations

from typing import List, Optional

from ...proc.api import Context, decode, encode, program
from ...vfs.errno import FSError
from ..options import OptionError, bad_option, busybox_usage, error, parse, quote
from ..text.io import read_bytes

CPU_PER_BYTE = 3e-9


def _read(ctx: Context, name: str) -> Optional[bytes]:
    try:
        data = encode(ctx.stdin.read()) if name == "-" else read_bytes(ctx, name)
    except FSError as err:
        error(ctx, f"{name}: {ctx.strerror(err)}")
        return None
    ctx.charge(CPU_PER_BYTE * len(data))
    return data


@program("cmp")
def cmp(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    long = {"silent": "s", "quiet": "s", "verbose": "l"} if gnu else None
    try:
        opts, operands = parse(ctx, ctx.argv[1:], "sl", long)
    except OptionError as err:
        return bad_option(ctx, err, status=2)
    keys = {key for key, _ in opts}
    silent, listing = "s" in keys, "l" in keys
    if not operands or len(operands) > 2:
        if gnu:
            error(ctx, "missing operand after 'cmp'" if not operands
                  else f"invalid --ignore-initial value {quote(operands[2])}")
            ctx.stderr.write("Try 'cmp --help' for more information.\n")
            return 2
        return busybox_usage(ctx)
    names = operands + ["-"] * (2 - len(operands))
    first, second = _read(ctx, names[0]), _read(ctx, names[1])
    if first is None or second is None:
        return 2
    status, line = 0, 1
    out: List[str] = []
    for index, (a, b) in enumerate(zip(first, second)):
        if a != b:
            status = 1
            if silent:
                break
            if not listing:
                # (GNU's English catalogue says "byte"; in the C locale of an image, "char")
                out.append(f"{names[0]} {names[1]} differ: char {index + 1}, line {line}\n")
                break
            out.append(f"{index + 1} {a:o} {b:o}\n" if gnu else f"{index + 1:d} {a:3o} {b:3o}\n")
        if a == 10:
            line += 1
    ctx.out("".join(out))
    if len(first) != len(second) and (status == 0 or listing):
        shorter = names[0] if len(first) < len(second) else names[1]
        size = min(len(first), len(second))
        status = 1
        if not silent:
            if not gnu:
                message = f"cmp: EOF on {shorter}\n"
            elif listing:
                message = f"cmp: EOF on {shorter} after byte {size}\n"
            else:
                lines = (first if len(first) < len(second) else second).count(b"\n")
                message = f"cmp: EOF on {shorter} after byte {size}, in line {lines + 1}\n"
            ctx.stderr.write(message)
    return status


@program("comm")
def comm(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    try:
        opts, operands = parse(ctx, ctx.argv[1:], "123")
    except OptionError as err:
        return bad_option(ctx, err)
    hide = {key for key, _ in opts}
    if len(operands) != 2:
        if gnu:
            error(ctx, f"missing operand after {quote(operands[-1])}" if operands
                  else "missing operand")
            ctx.stderr.write("Try 'comm --help' for more information.\n")
            return 1
        return busybox_usage(ctx)
    texts = [_read(ctx, name) for name in operands]
    if texts[0] is None or texts[1] is None:
        return 1
    left, right = ([line for line in decode(t).split("\n")] for t in texts)
    left = left[:-1] if left and left[-1] == "" else left
    right = right[:-1] if right and right[-1] == "" else right
    prefixes = {1: "", 2: "\t" if "1" not in hide else "",
                3: "\t" * (("1" not in hide) + ("2" not in hide))}
    out: List[str] = []
    unsorted = [False, False]
    i = j = 0
    last = [None, None]

    def emit(column: int, line: str) -> None:
        if str(column) not in hide:
            out.append(prefixes[column] + line + "\n")

    def check(which: int, line: str) -> None:
        if gnu and last[which] is not None and line < last[which] and not unsorted[which]:
            unsorted[which] = True
            ctx.out("".join(out))
            out.clear()
            ctx.stderr.write(f"comm: file {which + 1} is not in sorted order\n")
        last[which] = line

    while i < len(left) or j < len(right):
        if j >= len(right) or (i < len(left) and left[i] < right[j]):
            check(0, left[i])
            emit(1, left[i])
            i += 1
        elif i >= len(left) or right[j] < left[i]:
            check(1, right[j])
            emit(2, right[j])
            j += 1
        else:
            check(0, left[i])
            check(1, right[j])
            emit(3, left[i])
            i += 1
            j += 1
    ctx.out("".join(out))
    if any(unsorted):
        ctx.stderr.write("comm: input is not in sorted order\n")
        return 1
    return 0


__all__ = ["cmp", "comm"]
