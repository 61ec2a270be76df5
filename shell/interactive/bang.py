"""bash's history expansion for the two designators people type: `!!` (the last
command) and `!$` (its last word). Not inside single quotes, nor before a blank or
`=` or at the end, where bash leaves a `!` alone."""

from __future__ import annotations

import shlex
from typing import List, Optional


class EventNotFound(Exception):
    """bash: !!: event not found."""


def expand(line: str, previous: Optional[str]) -> Optional[str]:
    """``line`` with !! and !$ replaced from ``previous``; None when it has neither."""
    out: List[str] = []
    quoted, i, changed = False, 0, False
    while i < len(line):
        char = line[i]
        if char == "'" :
            quoted = not quoted
        elif char == "\\" and not quoted and i + 1 < len(line):
            out.append(line[i:i + 2])
            i += 2
            continue
        elif char == "!" and not quoted and line[i + 1:i + 2] in ("!", "$"):
            if previous is None:
                raise EventNotFound(line[i:i + 2])
            out.append(previous if line[i + 1] == "!" else _last_word(previous))
            i += 2
            changed = True
            continue
        out.append(char)
        i += 1
    return "".join(out) if changed else None


def _last_word(command: str) -> str:
    try:
        words = shlex.split(command)
    except ValueError:
        words = command.split()
    return shlex.quote(words[-1]) if words else ""
