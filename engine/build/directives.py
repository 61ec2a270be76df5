"""Parser directives (``# syntax=``, ``# escape=``, ``# check=``) and the escape token.

A directive is a comment of the form ``# key=value`` with a known key. It only
counts while nothing else has been seen: the first line that is not a directive
(an instruction, an ordinary comment, a blank line, an unknown key) ends the
directive section for good. Each key may appear once.
"""

from __future__ import annotations

import json
import re
from typing import List, Optional, Tuple

from ..record import record
from .errors import DockerfileParseError
from ..gostrings import trim_left_space

SYNTAX, ESCAPE, CHECK = "syntax", "escape", "check"
VALID = (SYNTAX, ESCAPE, CHECK)
DEFAULT_ESCAPE = "\\"

# Go's \s is [\t\n\f\r ] (no \v); the value is trimmed of those on the right only.
_DIRECTIVE = re.compile(r"([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*\Z")


@record(frozen=True)
class Directive:
    name: str  # lower case
    value: str
    line: int  # 1-based


class DirectiveParser:
    """Reads directives line by line until the first line that is not one."""

    def __init__(self, comment: str = "#", line: int = 0):
        self.comment = comment
        self.line = line
        self.seen: set = set()
        self.done = False

    def parse_line(self, text: str) -> Optional[Directive]:
        self.line += 1
        if self.done:
            return None
        if not text.startswith(self.comment):
            self.done = True
            return None
        match = _DIRECTIVE.match(trim_left_space(text[len(self.comment):]))
        if not match or match.group(1).lower() not in VALID:
            self.done = True
            return None
        name = match.group(1).lower()
        if name in self.seen:
            raise DockerfileParseError(f"only one {name} parser directive can be used")
        self.seen.add(name)
        return Directive(name, match.group(2), self.line)


class EscapeToken:
    """The escape character and the line-continuation rule that goes with it."""

    def __init__(self, token: str = DEFAULT_ESCAPE):
        self.set(token)

    def set(self, token: str) -> None:
        if token not in ("`", "\\"):
            raise DockerfileParseError(f"invalid escape token '{token}' does not match ` or \\")
        self.token = token
        t = re.escape(token)
        # The token ends the line unless it is itself escaped; a line holding only
        # the token (and blanks) continues too. Like BuildKit, "foo \\\" is not seen
        # as a continuation (no look-behind in Go's regexp).
        self._continuation = re.compile(rf"([^{t}]){t}[ \t]*\Z|^{t}[ \t]*\Z")

    def trim_continuation(self, line: str) -> Tuple[str, bool]:
        """(line without its continuation token, True if the logical line ends here)."""
        match = self._continuation.search(line)
        if not match:
            return line, True
        return line[:match.start()] + (match.group(1) or ""), False


def detect_syntax(text: str) -> Tuple[str, str, int]:
    """BuildKit's DetectSyntax: (frontend image, full value, line) or ("", "", 0).

    Beyond ``# syntax=``, a first ``#!`` line is skipped, ``// syntax=`` is
    accepted, and so is a JSON document with a "syntax" key.
    """
    return parse_directive(SYNTAX, text, any_format=True)


def parse_directive(key: str, text: str, any_format: bool = False) -> Tuple[str, str, int]:
    text = text[1:] if text.startswith("\ufeff") else text
    line = 0
    first, _, rest = text.partition("\n")
    if first.startswith("#!"):
        text, line = rest, 1
    prefixes = ("#", "//") if any_format else ("#",)
    for prefix in prefixes:
        for directive in _leading_directives(DirectiveParser(prefix, line), text):
            if directive.name == key:
                return directive.value.split(" ", 1)[0], directive.value, directive.line
    if any_format:
        try:
            document = json.loads(text)
        except ValueError:
            document = None
        if isinstance(document, dict) and isinstance(document.get(key), str):
            return document[key], document[key], line
    return "", "", 0


def _leading_directives(parser: DirectiveParser, text: str) -> List[Directive]:
    """The directives at the top of ``text``; a repeated key ends the search."""
    found = []
    for line in text.split("\n"):  # bufio.ScanLines: split on "\n", drop one "\r"
        if parser.done:
            break
        try:
            directive = parser.parse_line(line[:-1] if line.endswith("\r") else line)
        except DockerfileParseError:
            break
        if directive:
            found.append(directive)
    return found
