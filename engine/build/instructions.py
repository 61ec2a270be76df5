"""The start of BuildKit's instruction pass: which keywords are instructions.

The parser accepts any keyword (``FRUM x`` dumps as ``(frum "")``); it is the
next pass, ``instructions.Parse``, that rejects an unknown one, with a
suggestion when a real instruction is within two edits:

    dockerfile parse error on line 3: unknown instruction: FRUM (did you mean FROM?)

``instruction_error`` gives the first reason that pass has to reject an
instruction (argument counts, FROM's words and stage name); the pass ends there.
"""

from __future__ import annotations

import re
from typing import Iterable

from .errors import UnknownInstructionError
from ..gostrings import lower, quote, upper
from .node import Node

# BuildKit's command.Commands.
COMMANDS = ("add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from", "healthcheck",
            "label", "maintainer", "onbuild", "run", "shell", "stopsignal", "user", "volume",
            "workdir")


def check_known(root: Node) -> None:
    """Raise UnknownInstructionError for the first instruction that is not one."""
    for node in root.children:
        if node.keyword not in COMMANDS:
            raise unknown_instruction(node)


def unknown_instruction(node: Node) -> UnknownInstructionError:
    """The error for a keyword that is no instruction, with BuildKit's suggestion."""
    return UnknownInstructionError(node.value, node.start_line, node.end_line,
                                   suggest(node.value, (upper(c) for c in COMMANDS)))


EXACTLY_ONE = ("maintainer", "workdir", "user", "stopsignal")
AT_LEAST_ONE = ("arg", "env", "expose", "healthcheck", "label", "onbuild", "shell", "volume")


# BuildKit's validStageName (applied to the lower-cased name): a letter, then letters,
# digits, "-", "_" or "."
STAGE_NAME = re.compile(r"[a-z][a-z0-9\-_.]*\Z")


def from_error(words) -> str:
    """BuildKit's parseBuildStageName: why FROM's words are rejected, or ""."""
    if len(words) == 3 and lower(words[1]) == "as":
        if not STAGE_NAME.match(lower(words[2])):
            return (f"invalid name for build stage: {quote(words[2])}, name can't start with a "
                    "number or contain symbols")
        return ""
    return "" if len(words) == 1 else "FROM requires either one or three arguments"


def argument_error(node: Node) -> str:
    """BuildKit's argument checks of the instruction pass: the reason it rejects ``node``
    ("WORKDIR requires exactly one argument"), or "" when it does not."""
    keyword, args, name = node.keyword, node.args(), upper(node.keyword)
    if keyword == "from":
        return from_error(node.values())
    if keyword in EXACTLY_ONE and len(args) != 1:
        return f"{name} requires exactly one argument"
    if keyword in AT_LEAST_ONE and not args:
        return f"{name} requires at least one argument"
    if keyword in ("env", "label") and any(not key for key in args[::3]):
        return f"{name} names can not be blank"
    if keyword == "arg" and any(arg.startswith("=") for arg in args):
        return "ARG names can not be blank"
    return ""


def suggest(value: str, options: Iterable[str], case_sensitive: bool = False) -> str:
    """BuildKit's suggest.Search: the closest option, or "".

    The closest option must be fewer than 3 edits away; the first of equally close
    ones wins. Case-insensitively (instruction names), the option is spelled in the
    case of ``value`` when that is all lower or all upper case; BuildKit walks a Go
    map there, so among equally close options its pick varies: here the first in
    alphabetical order wins. Case-sensitively (variable names), options are tried in
    the order given.
    """
    wanted = value if case_sensitive else lower(value)
    candidates = list(options) if case_sensitive else sorted(lower(o) for o in options)
    match, best = "", 3
    for option in candidates:
        if option == wanted:
            return ""  # an exact match means the value was not the problem
        distance = levenshtein(wanted, option)
        if distance < best:
            match, best = (option if case_sensitive else _match_case(option, value)), distance
    return match


def did_you_mean(hint: str, prefix: str = "") -> str:
    """BuildKit's suffix for a near-miss, `` (did you mean FROM?)``; nothing without a
    suggestion. ``prefix`` goes before the suggestion (``$`` for a variable)."""
    return f" (did you mean {prefix}{hint}?)" if hint else ""


def _match_case(option: str, original: str) -> str:
    if original == lower(original):
        return lower(option)
    if original == upper(original):
        return upper(option)
    return option


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insert, delete, substitute: 1 each), over characters."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
