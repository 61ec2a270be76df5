"""Go's view of text, for the places where Docker's output depends on it (BuildKit's
parser and AST dumps, `docker ps`'s COMMAND).

BuildKit is written in Go, and Go strings are bytes. Three Go behaviours leak
into what Docker prints and so have to be reproduced exactly:

- ``strconv.Quote`` decides how every argument of an AST dump is written:
  which runes are printable, when ``\\x``, ``\\u`` or ``\\U`` escapes are used.
- ``unicode.IsSpace`` (and ``strings.TrimSpace``) decide where words end; it
  is not Python's ``str.isspace`` (Go leaves out U+001C..U+001F).
- Invalid UTF-8: Go keeps the raw bytes in strings (Quote prints them as
  ``\\xNN``) but decodes each one as U+FFFD when it walks runes.

Text reaches the parser as ``str``; raw bytes that are not UTF-8 travel as the
lone surrogates U+DC80..U+DCFF (Python's "surrogateescape"), which is how the
helpers here tell an undecodable byte from a real character.
"""

from __future__ import annotations

import unicodedata

TYPE_CHECKING = False  # (typing for annotations only: ps quotes with this module)
if TYPE_CHECKING:
    from typing import Iterable

REPLACEMENT = "\ufffd"

# unicode.IsSpace: the Latin-1 spaces Go lists by hand, then the White_Space property.
_SPACES = frozenset("\t\n\v\f\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"
                    + "".join(chr(c) for c in range(0x2000, 0x200B)))
# The same test applied to a single byte, as Go does when it writes rune(line[i]).
_SPACE_BYTES = frozenset(b"\t\n\v\f\r \x85\xa0")

_SIMPLE_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r",
                   "\t": "\\t", "\v": "\\v"}


def decode(data: bytes) -> str:
    """Bytes as the parser sees them: UTF-8, undecodable bytes kept as surrogates."""
    return data.decode("utf-8", "surrogateescape")


def encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def is_raw_byte(ch: str) -> bool:
    """True for a character that stands for an undecodable byte."""
    return "\udc80" <= ch <= "\udcff"


def runes(text: str) -> str:
    """The runes Go sees when it ranges over ``text``: bad bytes become U+FFFD."""
    if not any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    return "".join(REPLACEMENT if "\ud800" <= ch <= "\udfff" else ch for ch in text)


def is_space(ch: str) -> bool:
    """unicode.IsSpace."""
    return ch in _SPACES


def is_space_byte(b: int) -> bool:
    """unicode.IsSpace(rune(b)) for one byte of a string."""
    return b in _SPACE_BYTES


def is_letter(ch: str) -> bool:
    """unicode.IsLetter."""
    return unicodedata.category(ch).startswith("L")


def is_digit(ch: str) -> bool:
    """unicode.IsDigit (decimal digits of any script, category Nd)."""
    return unicodedata.category(ch) == "Nd"


def trim_space(text: str) -> str:
    """strings.TrimSpace."""
    start, end = 0, len(text)
    while start < end and text[start] in _SPACES:
        start += 1
    while end > start and text[end - 1] in _SPACES:
        end -= 1
    return text[start:end]


def trim_left_space(text: str) -> str:
    """strings.TrimLeftFunc(text, unicode.IsSpace)."""
    start = 0
    while start < len(text) and text[start] in _SPACES:
        start += 1
    return text[start:]


def lower(text: str) -> str:
    """strings.ToLower: simple (one-to-one) case mapping, bad bytes become U+FFFD."""
    if text.isascii():
        return text.lower()  # the common case: ASCII maps one to one anyway
    return "".join(_simple_case(ch, str.lower) for ch in runes(text))


def upper(text: str) -> str:
    """strings.ToUpper: simple (one-to-one) case mapping, bad bytes become U+FFFD."""
    return "".join(_simple_case(ch, str.upper) for ch in runes(text))


def _simple_case(ch: str, mapping) -> str:
    if ch == "\u0130" and mapping is str.lower:
        return "i"  # Go maps U+0130 to plain i; Python's full mapping adds a combining dot
    mapped = mapping(ch)
    return mapped if len(mapped) == 1 else ch


def is_print(ch: str) -> bool:
    """strconv.IsPrint: letters, marks, numbers, punctuation, symbols and ASCII space."""
    return ch == " " or unicodedata.category(ch)[0] in "LMNPS"


def quote(text: str) -> str:
    """strconv.Quote: a double-quoted Go string literal."""
    out = ['"']
    for ch in text:
        if "\ud800" <= ch <= "\udfff":
            # Not valid UTF-8 in Go: each byte is written as \xNN.
            raw = encode(ch) if is_raw_byte(ch) else ch.encode("utf-8", "surrogatepass")
            out.extend(f"\\x{b:02x}" for b in raw)
        elif ch in '"\\':
            out.append("\\" + ch)
        elif is_print(ch):
            out.append(ch)
        elif ch in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[ch])
        elif ch < " " or ch == "\x7f":
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    out.append('"')
    return "".join(out)


def quote_slice(items: Iterable[str]) -> str:
    """fmt's %q applied to a []string: ["a" "b"], no commas."""
    return "[" + " ".join(quote(item) for item in items) + "]"
