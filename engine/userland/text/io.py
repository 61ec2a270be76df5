"""What the text programs share: reading their inputs, backslash escapes,
numbers the way strtol reads them, and the "==> name <==" headers."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List, Optional, Tuple

from ...proc.api import Context, EndlessRead, decode
from ..devices import is_endless
from ...vfs.errno import ENOENT, FSError

STDIN_NAME = "standard input"


def read_bytes(ctx: Context, path: str) -> bytes:
    """A file's bytes as open+read would give them; raises FSError."""
    if path in ("/dev/stdin", "/proc/self/fd/0"):
        from ...proc.api import encode
        return encode(ctx.stdin.read())
    try:
        data = ctx.fs.read(path, ctx.cwd)
    except FSError as err:
        if path == "/dev/null" and err.errno == ENOENT:
            return b""  # a file system without the /dev mount still has a null device
        raise
    if not data and is_endless(ctx, path):
        raise EndlessRead()  # /dev/zero read to its end: never
    return data


def read_text(ctx: Context, path: str) -> str:
    """A file's text ("-" is standard input); raises FSError."""
    if path == "-":
        return ctx.stdin.read()
    return decode(read_bytes(ctx, path))


def split_lines(text: str) -> List[str]:
    """Lines with their newlines (the last may lack one); only "\\n" ends a line."""
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def lines_of(text: str) -> List[str]:
    """Lines without their newlines (a missing final newline is forgiven)."""
    if not text:
        return []
    parts = text.split("\n")
    if parts[-1] == "":
        parts.pop()
    return parts


# -- backslash escapes ----------------------------------------------------------

_SIMPLE = {"a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "n": "\n", "r": "\r", "t": "\t",
           "v": "\v", "\\": "\\"}
OCTAL = "01234567"
HEX = "0123456789abcdefABCDEF"


def echo_escapes(text: str) -> Tuple[str, bool]:
    """echo -e and printf %b: (text, stopped) - ``\\c`` stops all further output.

    \\0NNN takes up to three octal digits after the 0, \\NNN up to three.
    """
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        e = text[i + 1]
        i += 2
        if e in _SIMPLE:
            out.append(_SIMPLE[e])
        elif e == "c":
            return "".join(out), True
        elif e in OCTAL:
            start = i if e == "0" else i - 1
            j = start
            while j < n and j - start < 3 and text[j] in OCTAL:
                j += 1
            out.append(byte(int(text[start:j] or "0", 8)))
            i = j
        elif e == "x" and i < n and text[i] in HEX:
            j = i
            while j < n and j - i < 2 and text[j] in HEX:
                j += 1
            out.append(byte(int(text[i:j], 16)))
            i = j
        else:
            out.append("\\" + e)
    return _bytes_to_text("".join(out)), False


def byte(value: int) -> str:
    """One byte made by an escape: ASCII as itself, the rest as the surrogate
    that ``decode`` gives an undecodable byte (so that bytes join into UTF-8)."""
    value &= 0xFF
    return chr(value) if value < 0x80 else chr(0xDC00 + value)


def _bytes_to_text(text: str) -> str:
    """Join escaped bytes that form UTF-8 characters (\\303\\251 is one é)."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")


def printf_escape(text: str, i: int, flavour: str) -> Tuple[str, int, bool]:
    """One backslash escape in a printf format at text[i] == "\\": (out, next, stop)."""
    n = len(text)
    if i + 1 >= n:
        return "\\", i + 1, False
    e = text[i + 1]
    j = i + 2
    if e in _SIMPLE:
        return _SIMPLE[e], j, False
    if e == '"':
        return '"', j, False
    if e == "'" and flavour == "gnu":
        return "'", j, False
    if e == "c":
        return "", j, True
    if e in OCTAL:
        k = i + 1
        while k < n and k - (i + 1) < 3 and text[k] in OCTAL:
            k += 1
        return byte(int(text[i + 1:k], 8)), k, False
    if e == "x" and j < n and text[j] in HEX:
        k = j
        while k < n and k - j < 2 and text[k] in HEX:
            k += 1
        return byte(int(text[j:k], 16)), k, False
    if e in "uU" and flavour == "gnu":
        size = 4 if e == "u" else 8
        digits = text[j:j + size]
        if len(digits) == size and all(d in HEX for d in digits):
            return chr(int(digits, 16)), j + size, False
    return "\\" + e, j, False


# -- numbers ----------------------------------------------------------------------

def strtol(text: str, base: int = 10) -> Tuple[Optional[int], str]:
    """(value, rest) the way strtol reads a number: leading blanks, a sign, and
    with base 0 the C prefixes 0x and 0. value is None if no digit was read."""
    s = text.lstrip(" \t\n\r\f\v")
    sign = 1
    if s[:1] in "+-" and s:
        sign = -1 if s[0] == "-" else 1
        s = s[1:]
    if base == 0:
        if s[:2].lower() == "0x" and len(s) > 2 and s[2] in HEX:
            base, s = 16, s[2:]
        elif s[:1] == "0":
            base = 8
        else:
            base = 10
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"[:base]
    j = 0
    while j < len(s) and s[j].lower() in digits:
        j += 1
    if j == 0:
        return None, text
    return sign * int(s[:j], base), s[j:]


def parse_float(text: str) -> Tuple[Optional[float], str]:
    """strtod's reading: (value, rest); None if nothing numeric was read."""
    import re
    s = text.lstrip(" \t\n\r\f\v")
    match = re.match(r"[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)",
                     s, re.IGNORECASE)
    if not match or not match.group(0).strip("+-"):
        hexm = re.match(r"[+-]?0[xX][0-9a-fA-F]+", s)
        if hexm:
            return float(int(hexm.group(0), 16)), s[hexm.end():]
        return None, text
    hexm = re.match(r"[+-]?0[xX][0-9a-fA-F]+", s)
    if hexm:
        return float(int(hexm.group(0), 16)), s[hexm.end():]
    return float(match.group(0)), s[match.end():]


def header(name: str, first: bool) -> str:
    """head/tail's "==> name <==" line (a blank line before all but the first)."""
    return ("" if first else "\n") + f"==> {name} <==\n"
