"""echo and printf, as builtins: backslash escapes and printf's conversions."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List, Optional, Tuple

from ..text.io import byte, strtol

def joined(parts: List[str]) -> str:
    """The text made, its escaped bytes joined: ones that make UTF-8 become characters
    (\\303\\251 is é), the rest stay the bytes they are (see text.io.byte)."""
    text = "".join(parts)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")


SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f", "n": "\n",
                  "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}


def c_escape(text: str, i: int, dollar_quote: bool = False, echo: bool = False,
             hex_escapes: bool = True, unicode: str = "") -> Tuple[str, int, bool]:
    """Decode the escape at text[i] (a backslash): (text, characters used, stop).

    ``stop`` is True for \\c (echo and %b: produce no further output). echo and
    %b write octal as \\0NNN; printf formats and $'...' as \\NNN. dash knows no
    \\xHH (``hex_escapes`` False).
    """
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if nxt == "":
        return "\\", 1, False
    if nxt in SIMPLE_ESCAPES and not (nxt == "E" and not dollar_quote and echo):
        return SIMPLE_ESCAPES[nxt], 2, False
    if dollar_quote and nxt in "'\"?":
        return nxt, 2, False
    if nxt == "c" and not dollar_quote:
        return "", 2, True
    if nxt == "x" and hex_escapes:
        j = i + 2
        digits = ""
        while j < len(text) and len(digits) < 2 and text[j] in "0123456789abcdefABCDEF":
            digits += text[j]
            j += 1
        if digits:
            return byte(int(digits, 16)), j - i, False
        return "\\x", 2, False
    if nxt in "uU" and unicode:  # bash's \uHHHH and \UHHHHHHHH
        return _unicode_escape(text, i, nxt, unicode == "utf8")
    if nxt in "01234567":
        j = i + 1
        limit = 3
        if echo and nxt == "0":
            j += 1  # \0NNN
        digits = ""
        while j < len(text) and len(digits) < limit and text[j] in "01234567":
            digits += text[j]
            j += 1
        return byte(int(digits or "0", 8)), j - i, False  # one byte, not a character
    if nxt == "":
        return "\\", 1, False
    return "\\" + nxt, 2, False


def _unicode_escape(text: str, i: int, letter: str, utf8: bool) -> Tuple[str, int, bool]:
    """bash's \\uHHHH and \\UHHHHHHHH: the character in a UTF-8 locale; in the C locale (a
    container's without LANG) an ASCII one as itself, any other written back in capitals."""
    size = 4 if letter == "u" else 8
    j = i + 2
    while j < len(text) and j - (i + 2) < size and text[j] in "0123456789abcdefABCDEF":
        j += 1
    if j == i + 2:
        return "\\" + letter, 2, False
    code = int(text[i + 2:j], 16)
    if code < 0x80 or (utf8 and code <= 0x10FFFF):
        return chr(code), j - i, False
    return f"\\{letter}{code:0{size}X}", j - i, False


def locale_escapes(variables) -> str:
    """The unicode mode of bash's escapes: "utf8" when the locale (LC_ALL, LC_CTYPE or
    LANG, the first set) is a UTF-8 one, else "c"."""
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = variables.get(name)
        if value:
            return "utf8" if value.lower().replace("-", "").endswith("utf8") else "c"
    return "c"


def echo_escapes(text: str, hex_escapes: bool = True, unicode: str = "") -> Tuple[str, bool]:
    """Interpret echo's escapes: (output, stopped by \\c)."""
    out: List[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            decoded, used, stop = c_escape(text, i, echo=True, hex_escapes=hex_escapes,
                                           unicode=unicode)
            if stop:
                return joined(out), True
            out.append(decoded)
            i += used
        else:
            out.append(c)
            i += 1
    return joined(out), False


class PrintfError(Exception):
    def __init__(self, kind: str, value: str = ""):
        super().__init__(kind, value)
        self.kind = kind  # "number" (bad numeric argument), "directive" (bad format)
        self.value = value


INT64_MIN, INT64_MAX, UINT64_MAX = -(1 << 63), (1 << 63) - 1, (1 << 64) - 1


def _to_int(arg: str, errors: list, partial: bool = True, unsigned: bool = False) -> int:
    """An integer argument as strtoimax (strtoumax for ``unsigned`` conversions) reads
    it. A bad one is noted in ``errors`` as (argument, kind): "empty", "invalid" (no
    number at all), "partial" (junk after it), "range" (beyond 64 bits: clamped, or
    all ones for unsigned). ``partial`` False is BusyBox: any bad number counts as 0."""
    text = arg.strip()
    if text[:1] in ("'", '"') and len(text) >= 2:
        return ord(text[1])
    if text[:1] in ("'", '"'):
        return 0
    if not text:
        errors.append((arg, "empty"))
        return 0
    value, rest = strtol(text, 0)
    if value is None:
        errors.append((arg, "invalid"))
        return 0
    if rest:
        errors.append((arg, "partial"))
        if not partial:
            return 0
    if unsigned and abs(value) > UINT64_MAX or not unsigned and not INT64_MIN <= value <= INT64_MAX:
        errors.append((arg, "range"))
        if not partial:
            return 0
        return UINT64_MAX if unsigned else (INT64_MAX if value > 0 else INT64_MIN)
    return value


def _to_float(arg: str, errors: list) -> float:
    text = arg.strip()
    if text[:1] in ("'", '"') and len(text) >= 2:
        return float(ord(text[1]))
    try:
        return float(text)
    except ValueError:
        errors.append((arg, "invalid"))
        return 0.0


def printf(fmt: str, args: List[str], partial: bool = True, hex_escapes: bool = True,
           unicode: str = "", clock=None
           ) -> Tuple[str, List[Tuple[str, str]], Optional[str]]:
    """Format like printf(1): (output, bad numeric arguments as (argument, kind), bad
    directive or None). ``clock`` (now, the shell's start) allows bash's %(FORMAT)T:
    a time in seconds (-1 or none: now, -2: the shell's start) through strftime, UTC.

    A bad directive is (the directive, the rest of the format from it).

    The format is reused while arguments remain, as POSIX requires.
    """
    out: List[str] = []
    errors: List[Tuple[str, str]] = []
    index = 0
    first = True
    while first or index < len(args):
        first = False
        used_any = False
        i = 0
        n = len(fmt)
        while i < n:
            c = fmt[i]
            if c == "\\":
                decoded, used, stop = c_escape(fmt, i, hex_escapes=hex_escapes, unicode=unicode)
                out.append(decoded)
                i += used
                continue
            if c != "%":
                out.append(c)
                i += 1
                continue
            if i + 1 < n and fmt[i + 1] == "%":
                out.append("%")
                i += 2
                continue
            j = i + 1
            flags = ""
            while j < n and fmt[j] in "-+ #0":
                flags += fmt[j]
                j += 1
            width = ""
            if j < n and fmt[j] == "*":
                width = str(_to_int(args[index], errors)) if index < len(args) else "0"
                index += 1
                j += 1
            else:
                while j < n and fmt[j].isdigit():
                    width += fmt[j]
                    j += 1
            precision = None
            if j < n and fmt[j] == ".":
                j += 1
                precision = ""
                if j < n and fmt[j] == "*":
                    precision = str(_to_int(args[index], errors)) if index < len(args) else "0"
                    index += 1
                    j += 1
                else:
                    while j < n and fmt[j].isdigit():
                        precision += fmt[j]
                        j += 1
            while j < n and fmt[j] in "hlLjzt":
                j += 1
            if j >= n:
                return joined(out), errors, (fmt[i:], fmt[i:])
            close = fmt.find(")T", j) if clock is not None and fmt[j] == "(" else -1
            if close > 0:
                arg = args[index] if index < len(args) else None
                index += arg is not None
                used_any = used_any or arg is not None
                seconds = _to_int(arg, errors) if arg is not None else -1
                seconds = {-1: int(clock[0]), -2: int(clock[1])}.get(seconds, seconds)
                import time
                text = time.strftime(fmt[j + 1:close] or "%X", time.gmtime(seconds))
                out.append(("%" + flags + width + ("." + precision if precision is not None else "") + "s") % text)
                i = close + 2
                continue
            conv = fmt[j]
            arg = args[index] if index < len(args) else None
            if conv not in "diouxXcsbeEfFgGaA":
                return joined(out), errors, (fmt[i:j + 1], fmt[i:])
            if arg is not None:
                index += 1
                used_any = True
            spec = "%" + flags + width + ("." + precision if precision is not None else "")
            if conv == "s":
                out.append((spec + "s") % (arg or ""))
            elif conv == "b":
                text, stopped = echo_escapes(arg or "", hex_escapes, unicode)
                out.append((spec + "s") % text)
                if stopped:
                    return joined(out), errors, None
            elif conv == "c":  # an empty argument's first character is its NUL
                out.append((spec + "s") % ((arg or "\0")[:1]))
            elif conv in "diouxX":
                # (a missing argument reads as an empty one: ash says so, bash and dash do not)
                value = _to_int(arg if arg is not None else "", errors, partial, conv in "ouxX")
                if conv in "ouxX" and value < 0:
                    value &= (1 << 64) - 1
                if conv == "o" and "#" in flags:  # C's alternate octal form is a leading 0, not Python's 0o
                    digits = ("%" + (("." + precision) if precision is not None else "") + "o") % value
                    digits = digits if digits.startswith("0") else "0" + digits
                    out.append(("%" + flags.replace("#", "") + width + "s") % digits)
                else:
                    out.append((spec + ("d" if conv == "u" else ("d" if conv == "i" else conv))) % value)
            else:
                value = _to_float(arg, errors) if arg is not None else 0.0
                out.append((spec + conv) % value)
            i = j + 1
        if not used_any:
            break
    return joined(out), errors, None
