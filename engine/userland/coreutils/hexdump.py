"""hexdump (its default and -C, the canonical layout) and xxd (plain and -p), as
BusyBox and util-linux/vim print them: 16 bytes a line, hexdump shows a line
repeated after the first as "*"; xxd never does.
"""

from __future__ import annotations

from typing import List, Optional

from ...proc.api import Context, encode, program
from ...vfs.errno import FSError
from ..options import OptionError, bad_option, error, parse
from ..text.io import read_bytes

CPU_PER_BYTE = 20e-9  # formats every byte, like od


def _input(ctx: Context, names: List[str]) -> Optional[bytes]:
    data = b""
    for name in names or ["-"]:
        try:
            data += encode(ctx.stdin.read()) if name == "-" else read_bytes(ctx, name)
        except FSError as err:
            error(ctx, f"{name}: {ctx.strerror(err)}")
            return None
    ctx.charge(len(data) * CPU_PER_BYTE)
    return data


def _printable(chunk: bytes) -> str:
    return "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)


def _canonical(chunk: bytes, offset: int) -> str:
    cells = [f"{b:02x}" for b in chunk] + ["  "] * (16 - len(chunk))
    left, right = " ".join(cells[:8]), " ".join(cells[8:])
    return f"{offset:08x}  {left}  {right}  |{_printable(chunk)}|\n"


def _words(chunk: bytes, offset: int) -> str:
    padded = chunk + bytes(len(chunk) % 2)
    words = " ".join(f"{int.from_bytes(padded[i:i + 2], 'little'):04x}"
                     for i in range(0, len(padded), 2))
    return f"{offset:07x} {words}".ljust(7 + 5 * 8) + "\n"  # a short last line padded


@program("hexdump", "hd")
def hexdump(ctx: Context) -> int:
    try:
        opts, operands = parse(ctx, ctx.argv[1:], "Cbcdovxn:s:")
    except OptionError as err:
        return bad_option(ctx, err)
    keys = {key for key, _ in opts}
    canonical = "C" in keys or ctx.argv[0].rsplit("/", 1)[-1] == "hd"
    data = _input(ctx, operands)
    if data is None:
        return 1
    lines, previous, starred = [], None, False
    for offset in range(0, len(data), 16):
        chunk = data[offset:offset + 16]
        if chunk == previous and "v" not in keys and len(chunk) == 16:
            if not starred:
                lines.append("*\n")
                starred = True
            continue
        previous, starred = chunk, False
        lines.append(_canonical(chunk, offset) if canonical else _words(chunk, offset))
    if data:
        lines.append(f"{len(data):08x}\n" if canonical else f"{len(data):07x}\n")
    ctx.out("".join(lines))
    return 0


@program("xxd")
def xxd(ctx: Context) -> int:
    try:
        opts, operands = parse(ctx, ctx.argv[1:], "pc:")
    except OptionError as err:
        return bad_option(ctx, err)
    keys = {key for key, _ in opts}
    data = _input(ctx, operands[:1])
    if data is None:
        return 2
    if "p" in keys:
        text = data.hex()
        ctx.out("".join(text[i:i + 60] + "\n" for i in range(0, len(text), 60)))
        return 0
    lines = []
    for offset in range(0, len(data), 16):
        chunk = data[offset:offset + 16]
        pairs = " ".join(chunk[i:i + 2].hex() for i in range(0, len(chunk), 2))
        lines.append(f"{offset:08x}: {pairs:<39}  {_printable(chunk)}\n")
    ctx.out("".join(lines))
    return 0


__all__ = ["hexdump", "xxd"]
