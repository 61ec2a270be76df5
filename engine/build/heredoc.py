"""Here-documents in RUN, COPY and ADD (``RUN <<EOF``, ``COPY <<A <<B /dst``).

The parser only finds them and stores their bodies; the words ``<<EOF`` stay
ordinary arguments of the instruction. What BuildKit extracts per heredoc:

- ``name``: the delimiter with its quotes removed (``<<'EOF'`` -> ``EOF``);
- ``file_descriptor``: the digits before ``<<`` (``3<<EOF`` -> 3, else 0);
- ``chomp``: ``<<-``; the body is stored with its tabs, but the closing line
  may be indented with tabs. ``chomp_content`` removes them later;
- ``expand``: False when any part of the delimiter is quoted, as in sh: then
  ``$VAR`` in the body is left alone;
- ``content``: the body lines, each with its newline, up to the delimiter line.
"""

from __future__ import annotations

import re
from typing import List, Optional

from ..record import record
from .errors import DockerfileParseError, ShellLexError
from .shell_lex import Lex

# Instructions whose arguments may hold heredocs, and those that wrap one (ONBUILD RUN <<EOF).
INSTRUCTIONS = frozenset({"add", "copy", "run"})
COMPOUND_INSTRUCTIONS = frozenset({"onbuild"})

_HEREDOC = re.compile(r"([0-9]*)<<(-?)[\t\n\f\r ]*([^<]*)\Z")
_LEADING_TABS = re.compile(r"^\t+", re.MULTILINE)
_MAX_UINT = 2 ** 64 - 1


@record
class Heredoc:
    name: str
    file_descriptor: int = 0
    expand: bool = True
    chomp: bool = False
    content: str = ""

    def to_dict(self) -> dict:
        return {"name": self.name, "fileDescriptor": self.file_descriptor,
                "expand": self.expand, "chomp": self.chomp, "content": self.content}


def parse_heredoc(word: str) -> Optional[Heredoc]:
    """The heredoc a word such as ``<<EOF``, ``<<-'EOF'`` or ``2<<EOF`` opens, or None.

    Raises ShellLexError for a delimiter that cannot be lexed (``<<'EOF``).
    """
    match = _HEREDOC.match(word)
    if not match or not match.group(3):
        return None
    digits, chomp, rest = match.groups()
    # strconv.ParseUint with its error ignored: empty is 0, too big is the largest uint.
    fd = min(int(digits), _MAX_UINT) if digits else 0

    lex = Lex("\\", skip_unset_env=True)
    words = lex.process_words(rest)
    if len(words) != 1:  # "<<EOF sh" is no heredoc
        return None
    # Lex the delimiter again keeping its quotes: if the quote counts differ, part
    # of it was quoted (escaped quotes count the same both times), so no expansion.
    lex.raw_quotes = True
    raw_words = lex.process_words(rest)
    if len(raw_words) != len(words):
        raise DockerfileParseError(
            f"internal lexing of heredoc produced inconsistent results: {rest}")
    quotes = (lambda w: w.count("'") + w.count('"'))
    return Heredoc(words[0], fd, quotes(words[0]) == quotes(raw_words[0]), chomp == "-")


def heredocs_from_line(line: str) -> List[Heredoc]:
    """Every heredoc opened on an instruction line, in order."""
    lex = Lex("\\", raw_quotes=True, raw_escapes=True, skip_unset_env=True)
    try:
        words = lex.process_words(line)
    except ShellLexError:
        return []  # BuildKit ignores this error: a line it cannot lex opens no heredoc
    found = []
    for word in words:
        heredoc = parse_heredoc(word)
        if heredoc:
            found.append(heredoc)
    return found


def chomp_content(content: str) -> str:
    """The body of a ``<<-`` heredoc as it is used: leading tabs removed from every line."""
    return _LEADING_TABS.sub("", content)
