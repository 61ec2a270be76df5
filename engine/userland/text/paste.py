"""paste: the lines of files side by side (or each file's lines on one line, -s),
GNU coreutils' and BusyBox's.

The two differ where files are of unequal length: GNU writes every column of every
line, an ended file's empty, and ends each line with a newline; BusyBox leaves an
ended file out, delimiter and all, and its last file's newline with it (paste.c).
Each "-" reads the next line of the one standard input.
"""

from __future__ import annotations

from ...proc.api import Context, decode, encode, program
from ...vfs.errno import FSError
from ..options import OptionError, bad_option, error, parse
from .io import read_bytes

CPU_PER_BYTE = 2e-9  # like cat: paste only moves bytes
ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", "0": "", "b": "\b", "f": "\f", "r": "\r", "v": "\v"}


def _delimiters(text: str) -> list:
    """-d's list, its escapes read (\\0: no delimiter at that place)."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append(ESCAPES.get(text[i + 1], text[i + 1]))
            i += 2
        else:
            out.append(text[i])
            i += 1
    return out


@program("paste")
def paste(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    long = {"delimiters=": "d", "serial": "s"} if gnu else None
    try:
        opts, operands = parse(ctx, ctx.argv[1:], "d:s", long)
    except OptionError as err:
        return bad_option(ctx, err)
    spec, serial = "\t", False
    for key, value in opts:
        if key == "d":
            spec = value
        elif key == "s":
            serial = True
    delims = _delimiters(spec)
    if not delims:
        if not gnu:
            error(ctx, f"-d '{spec}' is not supported")
            return 1
        delims = [""]
    stdin_lines = None
    files = []
    for name in operands or ["-"]:
        if name == "-":
            if stdin_lines is None:
                stdin_lines = _lines(encode(ctx.stdin.read()))
            files.append(stdin_lines)
            continue
        try:
            data = read_bytes(ctx, name)
        except FSError as err:
            error(ctx, f"{name}: {ctx.strerror(err)}")
            return 1
        ctx.charge(CPU_PER_BYTE * len(data))
        files.append(_lines(data))
    out = _serial(files, delims, gnu) if serial else _parallel(files, delims, gnu)
    ctx.out(decode(b"".join(out)))
    return 0


def _lines(data: bytes) -> list:
    """The lines without their newlines, as a list read from the front (shared by every
    "-" of the command line)."""
    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    lines.reverse()  # (popped from the end: the first line last)
    return lines


def _parallel(files, delims, gnu: bool) -> list:
    out = []
    last = len(files) - 1
    while any(files):
        index = 0
        for number, lines in enumerate(files):
            if not lines:
                if not gnu:
                    continue  # BusyBox: an ended file is left out, delimiter and all
                text = b""
            else:
                text = lines.pop()
            delim = b"\n"
            if number != last:
                delim = delims[index].encode()
                index = (index + 1) % len(delims)
            out.append(text + delim)
    return out


def _serial(files, delims, gnu: bool) -> list:
    out = []
    for lines in files:
        if not lines:
            if gnu:
                out.append(b"\n")  # (an empty file is an empty line)
            continue
        index = 0
        while len(lines) > 1:
            out.append(lines.pop() + delims[index].encode())
            index = (index + 1) % len(delims)
        out.append(lines.pop() + b"\n")
    return out
