"""od: GNU's, and BusyBox's (which prints the same): bytes as octal, hex, decimal or
characters, 16 to a line, each line after the first identical one shown as "*".
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from ...proc.api import Context, encode, program
from ...vfs.errno import FSError
from ..options import OptionError, bad_option, error, parse, quote
from ..text.io import read_bytes

CPU_PER_BYTE = 20e-9  # od formats every byte: about like sha256sum
SHORTHANDS = {"b": "o1", "c": "c", "d": "u2", "o": "o2", "s": "d2", "x": "x2", "i": "d4",
              "l": "d8"}
WIDTHS = {"o": {1: 3, 2: 6, 4: 11, 8: 22}, "x": {1: 2, 2: 4, 4: 8, 8: 16},
          "u": {1: 3, 2: 5, 4: 10, 8: 20}, "d": {1: 4, 2: 6, 4: 11, 8: 20}}
ESCAPES = {0: "\\0", 7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r"}
ADDRESS = {"o": ("o", 7), "d": ("d", 7), "x": ("x", 6), "n": None}


def _type(spec: str) -> Optional[Tuple[str, int]]:
    """("o"|"x"|"u"|"d"|"c", size) for a -t type, or None when od does not know it."""
    if spec in ("c", "a"):
        return "c", 1
    kind, size = spec[:1], spec[1:]
    sizes = {"": 4 if kind != "x" else 4, "C": 1, "S": 2, "I": 4, "L": 8}
    if kind not in WIDTHS:
        return None
    if size in sizes:
        return kind, sizes[size]
    if size.isdigit() and int(size) in WIDTHS[kind]:
        return kind, int(size)
    return None


def _fields(kind: str, size: int, chunk: bytes) -> str:
    if kind == "c":
        return "".join(f" {_char(b):>3}" for b in chunk)
    chunk = chunk + bytes(-len(chunk) % size)
    width = WIDTHS[kind][size]
    out = []
    for i in range(0, len(chunk), size):
        value = int.from_bytes(chunk[i:i + size], "little", signed=kind == "d")
        text = {"o": f"{value:0{width}o}", "x": f"{value:0{width}x}"}.get(kind, f"{value:>{width}}")
        out.append(" " + text)
    return "".join(out)


def _char(byte: int) -> str:
    if byte in ESCAPES:
        return ESCAPES[byte]
    return chr(byte) if 32 <= byte < 127 else f"{byte:03o}"


@program("od")
def od(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    long = {"address-radix=": "A", "format=": "t", "output-duplicates": "v",
            "read-bytes=": "N", "skip-bytes=": "j", "width?": "w"} if gnu else None
    try:
        opts, operands = parse(ctx, ctx.argv[1:], "A:t:vN:j:w::bcdoxsil", long)
    except OptionError as err:
        return bad_option(ctx, err)
    types: List[Tuple[str, int]] = []
    radix: Optional[Tuple[str, int]] = ADDRESS["o"]
    show_all, limit, skip, per_line = False, None, 0, 16
    for key, value in opts:
        if key in SHORTHANDS:
            types.append(_type(SHORTHANDS[key]))
        elif key == "t":
            found = _type(value)
            if found is None:
                if value[:1] not in (*WIDTHS, "c", "a"):
                    error(ctx, f"invalid character {quote(value[:1])} in type string "
                               f"{quote(value)}")
                else:
                    error(ctx, f"invalid type string {quote(value)}")
                return 1
            types.append(found)
        elif key == "A":
            if value not in ADDRESS:
                error(ctx, f"invalid output address radix '{value}'; it must be one character "
                           "from [doxn]")
                return 1
            radix = ADDRESS[value]
        elif key == "v":
            show_all = True
        elif key in ("N", "j", "w"):
            if value and not value.isdigit():
                error(ctx, f"invalid number {quote(value)}")
                return 1
            number = int(value) if value else 32
            if key == "N":
                limit = number
            elif key == "j":
                skip = number
            else:
                per_line = number
    data = b""
    status = 0
    for name in operands or ["-"]:
        try:
            data += encode(ctx.stdin.read()) if name == "-" else read_bytes(ctx, name)
        except FSError as err:
            error(ctx, f"{name}: {ctx.strerror(err)}")
            status = 1
    data = data[skip:]
    if limit is not None:
        data = data[:limit]
    ctx.charge(len(data) * CPU_PER_BYTE)
    if status and not data:
        return status  # nothing could be read: not even the final address
    types = types or [("o", 2)]

    def address(offset: int) -> str:
        if radix is None:
            return ""
        return format(offset + skip, f"0{radix[1]}{radix[0]}")
    lines = []
    previous = None
    starred = False
    for start in range(0, len(data), per_line):
        chunk = data[start:start + per_line]
        if chunk == previous and not show_all and len(chunk) == per_line:
            if not starred:
                lines.append("*\n")
                starred = True
            continue
        previous, starred = chunk, False
        for index, (kind, size) in enumerate(types):
            head = address(start) if index == 0 else " " * len(address(start))
            lines.append(head + _fields(kind, size, chunk) + "\n")
    if radix is not None:
        lines.append(address(len(data)) + "\n")
    ctx.out("".join(lines))
    return status


__all__ = ["od"]
