"""One logical line -> one instruction node, with BuildKit's per-instruction rules.

How the arguments after the keyword (and its ``--flags``) are kept:

- RUN, CMD, ENTRYPOINT, SHELL: a JSON array of strings (exec form) or else the
  rest of the line verbatim (shell form). Malformed JSON silently means shell
  form; a well-formed array holding a non-string is an error.
- ADD, COPY, VOLUME: a JSON array, or else words split on blanks (no quoting).
- FROM, EXPOSE: words split on blanks.
- ENV, LABEL: key/value/separator triples (``KEY=value`` ... or legacy ``KEY value``).
- ARG: words split on blanks outside quotes, the quotes kept.
- USER, WORKDIR, MAINTAINER, STOPSIGNAL: the rest of the line as one string.
- HEALTHCHECK: a type word (CMD, NONE...) then the rest as for CMD.
- ONBUILD: the wrapped instruction, parsed the same way.
- anything else: accepted here with one empty argument; the instruction pass
  rejects it later as an unknown instruction.

Nothing is unquoted or expanded here: that is the builder's job (shell_lex).
"""

from __future__ import annotations

import json
import math
import re
from typing import Callable, Dict, List, Optional, Tuple

from .errors import DockerfileParseError
from ..gostrings import (decode, encode, is_space, is_space_byte, lower, quote, runes,
                        trim_left_space, trim_space)
from .node import Node, chain

# Blanks between words (ASCII only, unlike Go's unicode.IsSpace).
WHITESPACE = re.compile(r"[\t\v\f\r ]+")
NOT_STRING_ARRAY = "when using JSON array syntax, arrays must be comprised of strings only"

Parsed = Tuple[Optional[Node], Dict[str, bool]]


# ---------------------------------------------------------------- keyword and flags

def split_command(line: str, escape: str) -> Tuple[str, List[str], str]:
    """(keyword, --flags, rest of the line)."""
    parts = WHITESPACE.split(trim_space(line), maxsplit=1)
    flags: List[str] = []
    rest = ""
    if len(parts) == 2:
        rest, flags = extract_builder_flags(parts[1], escape)
    return parts[0], flags, trim_space(rest)


def extract_builder_flags(line: str, escape: str) -> Tuple[str, List[str]]:
    """Read the leading ``--flag`` words; return (the rest of the line, the flags).

    Quotes inside a flag group words and are removed; the escape character
    takes the next character literally; a bare ``--`` ends the flags. BuildKit
    walks this part byte by byte, so a non-ASCII byte becomes the Latin-1
    character of the same number and the bytes 0x85 and 0xA0 count as blanks:
    that is reproduced (flags are normally ASCII anyway).
    """
    data = encode(line)
    esc = ord(escape)
    words: List[str] = []
    word: List[str] = []
    phase, quote_char, blank_ok = "spaces", 0, False
    pos = 0
    while pos <= len(data):
        ch = data[pos] if pos < len(data) else None
        if phase == "spaces":
            if ch is None:
                break
            if is_space_byte(ch):
                pos += 1
                continue
            if ch != ord("-") or pos + 1 == len(data) or data[pos + 1] != ord("-"):
                return decode(data[pos:]), words  # the first word that is no flag
            phase = "word"
        if ch is None:  # end of the line inside a flag
            text = "".join(word)
            if text != "--" and (blank_ok or text):
                words.append(text)
            break
        if phase == "word":
            if is_space_byte(ch):
                text = "".join(word)
                if text == "--":
                    return decode(data[pos:]), words
                if blank_ok or text:
                    words.append(text)
                word, phase, blank_ok = [], "spaces", False
                pos += 1
                continue
            if ch in (ord("'"), ord('"')):
                quote_char, blank_ok, phase = ch, True, "quote"
                pos += 1
                continue
        elif ch == quote_char:  # phase == "quote"
            phase = "word"
            pos += 1
            continue
        if ch == esc:
            if pos + 1 == len(data):  # a trailing escape is dropped
                phase = "word"
                pos += 1
                continue
            pos += 1
            ch = data[pos]
        word.append(chr(ch))
        pos += 1
    return "", words


# ---------------------------------------------------------------- word helpers

def parse_words(rest: str, escape: str) -> List[str]:
    """Split on blanks outside quotes; quotes and escapes stay in the words."""
    chars = runes(rest)
    n = len(chars)
    words: List[str] = []
    word: List[str] = []
    phase, quote_char, blank_ok = "spaces", "", False
    i = 0
    ch = ""
    while i <= n:
        if i < n:
            ch = chars[i]
        if phase == "spaces":
            if i == n:
                break
            if is_space(ch):
                i += 1
                continue
            phase = "word"
        if i == n:  # end of input inside a word or a quote
            if blank_ok or word:
                words.append("".join(word))
            break
        if phase == "word":
            if is_space(ch):
                if blank_ok or word:
                    words.append("".join(word))
                word, phase, blank_ok = [], "spaces", False
                i += 1
                continue
            if ch in "'\"":
                quote_char, blank_ok, phase = ch, True, "quote"
            if ch == escape:
                if i + 1 == n:  # an escape at the very end is dropped
                    i += 1
                    continue
                # Outside quotes an escape and the character after it (even a quote) stay.
                word.append(ch)
                i += 1
                ch = chars[i]
            word.append(ch)
            i += 1
            continue
        if ch == quote_char:  # phase == "quote"
            phase = "word"
        if ch == escape and quote_char != "'":  # nothing can be escaped inside '...'
            if i + 1 == n:
                phase = "word"
                i += 1
                continue
            word.append(ch)
            i += 1
            ch = chars[i]
        word.append(ch)
        i += 1
    return words


class _NotJSON(Exception):
    """The text is not a well-formed JSON array (so it is shell form)."""


def _reject_constant(name: str):
    raise ValueError(name)  # Go's JSON has no NaN or Infinity


def _go_number(text: str):
    number = float(text)  # Go decodes every number as a float64 here...
    if math.isinf(number):
        raise ValueError(text)  # ...and one that overflows is an error
    return number


_DECODER = json.JSONDecoder(parse_constant=_reject_constant, parse_float=_go_number,
                            parse_int=_go_number)


def parse_json(rest: str) -> Parsed:
    """An exec-form array. Only its first JSON value is read: text after it is ignored."""
    rest = trim_left_space(rest)
    if not rest.startswith("["):
        raise _NotJSON()
    try:
        items, _ = _DECODER.raw_decode(rest)
    except (ValueError, RecursionError):
        raise _NotJSON() from None
    if not all(isinstance(item, str) for item in items):
        raise DockerfileParseError(NOT_STRING_ARRAY)
    # Go turns invalid UTF-8 and unpaired surrogates into U+FFFD.
    return chain([runes(item) for item in items]), {"json": True}


# ---------------------------------------------------------------- per instruction

def parse_ignore(rest: str, escape: str) -> Parsed:
    return Node(), {}


def parse_sub_command(rest: str, escape: str) -> Parsed:
    if rest == "":
        return None, {}
    return Node(children=[new_node_from_line(rest, escape)]), {}


def parse_name_val(rest: str, key: str, escape: str) -> Optional[Node]:
    words = parse_words(rest, escape)
    if not words:
        return None
    if "=" not in words[0]:  # legacy form: KEY value with blanks
        parts = WHITESPACE.split(rest, maxsplit=1)
        if len(parts) < 2:
            raise DockerfileParseError(f"{key} must have two arguments")
        return chain([parts[0], parts[1], ""])
    values: List[str] = []
    for word in words:
        if "=" not in word:
            raise DockerfileParseError(f"Syntax error - can't find = in {quote(word)}. "
                                       "Must be of the form: name=value")
        name, _, value = word.partition("=")
        values += [name, value, "="]
    return chain(values)


def parse_env(rest: str, escape: str) -> Parsed:
    return parse_name_val(rest, "ENV", escape), {}


def parse_label(rest: str, escape: str) -> Parsed:
    return parse_name_val(rest, "LABEL", escape), {}


def parse_name_or_name_val(rest: str, escape: str) -> Parsed:
    return chain(parse_words(rest, escape)), {}


def parse_strings_whitespace_delimited(rest: str, escape: str) -> Parsed:
    if rest == "":
        return None, {}
    return chain(WHITESPACE.split(rest)), {}


def parse_string(rest: str, escape: str) -> Parsed:
    if rest == "":
        return None, {}
    return Node(rest), {}


def parse_maybe_json(rest: str, escape: str) -> Parsed:
    if rest == "":
        return None, {}
    try:
        return parse_json(rest)
    except _NotJSON:
        return Node(rest), {}


def parse_maybe_json_to_list(rest: str, escape: str) -> Parsed:
    try:
        return parse_json(rest)
    except _NotJSON:
        return parse_strings_whitespace_delimited(rest, escape)


def parse_health_config(rest: str, escape: str) -> Parsed:
    # The type word ends at the first blank byte (BuildKit scans bytes here too).
    data = encode(rest)
    sep = 0
    while sep < len(data) and not is_space_byte(data[sep]):
        sep += 1
    start = sep
    while start < len(data) and is_space_byte(data[start]):
        start += 1
    if sep == 0:
        return None, {}
    command, attributes = parse_maybe_json(decode(data[start:]), escape)
    return Node(decode(data[:sep]), next=command), attributes


DISPATCH: Dict[str, Callable[[str, str], Parsed]] = {
    "add": parse_maybe_json_to_list,
    "arg": parse_name_or_name_val,
    "cmd": parse_maybe_json,
    "copy": parse_maybe_json_to_list,
    "entrypoint": parse_maybe_json,
    "env": parse_env,
    "expose": parse_strings_whitespace_delimited,
    "from": parse_strings_whitespace_delimited,
    "healthcheck": parse_health_config,
    "label": parse_label,
    "maintainer": parse_string,
    "onbuild": parse_sub_command,
    "run": parse_maybe_json,
    "shell": parse_maybe_json,
    "stopsignal": parse_string,
    "user": parse_string,
    "volume": parse_maybe_json_to_list,
    "workdir": parse_string,
}


def new_node_from_line(line: str, escape: str, comments: Optional[List[str]] = None) -> Node:
    """The node for one logical line (no line numbers yet)."""
    keyword, flags, rest = split_command(line, escape)
    parse_args = DISPATCH.get(lower(keyword), parse_ignore)
    next_node, attributes = parse_args(rest, escape)
    return Node(keyword, next=next_node, attributes=attributes or {}, original=line,
                flags=flags, prev_comment=list(comments or []))
