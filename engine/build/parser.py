"""Dockerfile text -> parse tree, the way BuildKit's ``parser.Parse`` reads it.

Reading goes physical line by physical line:

1. Leading blanks are dropped; a line whose first character is ``#`` is a
   comment (or a parser directive while only directives have been seen).
   Comments, blank lines and directives produce no node.
2. A line ending with the escape character (blanks may follow it) continues
   on the next line; the character is removed and the next line is appended
   with its own leading blanks. Comment lines inside a continuation are
   skipped; empty ones are skipped with a warning. An escaped escape character
   at the end (``\\\\``) does not continue the line.
3. The logical line is split into keyword, flags and arguments
   (line_parsers). RUN, COPY and ADD (also under ONBUILD) in shell form may
   open heredocs: their bodies are the next physical lines, read verbatim up
   to each delimiter in turn.

Line numbers are 1-based and inclusive; an instruction ends on its last
continuation line or its last heredoc delimiter.
"""

from __future__ import annotations

from typing import List, Optional, Tuple, Union

from ..record import field, record
from .directives import ESCAPE, Directive, DirectiveParser, EscapeToken
from .errors import DockerfileParseError, ShellLexError
from ..gostrings import decode, encode, trim_left_space, trim_space
from .heredoc import heredocs_from_line
from .line_parsers import new_node_from_line
from .node import Node

MAX_LINE = 64 * 1024  # bufio.MaxScanTokenSize: a longer physical line stops the scan
BOM = "\ufeff"
EMPTY_CONTINUATION_DETAIL = "Empty continuation lines will become errors in a future release"
EMPTY_CONTINUATION_URL = "https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/"


@record(frozen=True)
class ParseWarning:
    short: str
    detail: str
    url: str
    line: int


@record
class ParseResult:
    ast: Node
    escape_token: str = "\\"
    warnings: List[ParseWarning] = field(default_factory=list)
    directives: List[Directive] = field(default_factory=list)

    def dump(self) -> str:
        """The tree in BuildKit's dump notation (a testfile's ``result`` minus the last newline)."""
        return self.ast.dump()

    def warning_lines(self) -> List[str]:
        """The warnings as BuildKit's Result.PrintWarnings writes them."""
        if not self.warnings:
            return []
        return ([f"[WARNING]: {w.short}" for w in self.warnings]
                + [f"[WARNING]: {EMPTY_CONTINUATION_DETAIL}."])

    def to_dict(self) -> dict:
        return {
            "escapeToken": self.escape_token,
            "directives": [{"name": d.name, "value": d.value, "line": d.line}
                           for d in self.directives],
            "warnings": [{"short": w.short, "detail": w.detail, "url": w.url, "line": w.line}
                         for w in self.warnings],
            "startLine": self.ast.start_line,
            "endLine": self.ast.end_line,
            "instructions": [child.to_dict() for child in self.ast.children],
        }


class _Lines:
    """bufio.Scanner with BuildKit's split function: physical lines, newline kept."""

    def __init__(self, text: str):
        self.text = text
        self.pos = 0
        self.too_long = False

    def scan(self) -> Optional[str]:
        if self.too_long or self.pos >= len(self.text):
            return None
        end = self.text.find("\n", self.pos)
        line = self.text[self.pos:] if end < 0 else self.text[self.pos:end + 1]
        # Go's buffer holds at most 64 KiB, the newline included; a last line
        # without one must leave a byte free for the read that finds the end.
        if len(encode(line)) > (MAX_LINE if end >= 0 else MAX_LINE - 1):
            self.too_long = True
            return None
        self.pos += len(line)
        return line


def _is_comment(line: str) -> bool:
    return trim_left_space(line).startswith("#")


def _trim_newline(line: str) -> str:
    return line.rstrip("\r\n")


class _Reader:
    """The state of one Parse run."""

    def __init__(self, text: str):
        self.lines = _Lines(text)
        self.escape = EscapeToken()
        self.directive_parser = DirectiveParser()
        self.directives: List[Directive] = []
        self.current = 0  # physical lines read so far
        self.comments: List[str] = []

    def process_line(self, raw: str, strip_left: bool) -> Tuple[str, bool]:
        """(the line without newline, comment or left blanks; True if it was a directive)."""
        token = _trim_newline(raw)
        if strip_left:
            token = trim_left_space(token)
        try:
            directive = self.directive_parser.parse_line(token)
            if directive and directive.name == ESCAPE:
                self.escape.set(directive.value)
        except DockerfileParseError as err:
            # BuildKit places these errors before counting the line (one line early).
            raise DockerfileParseError(str(err), self.current) from None
        if directive:
            self.directives.append(directive)
        return ("" if _is_comment(token) else token), directive is not None

    def note_comment(self, raw: str) -> None:
        # BuildKit drops the first byte (meant to be the "#", even after blanks).
        comment = trim_space(decode(encode(raw)[1:]))
        if comment:
            self.comments.append(comment)
        else:
            self.comments = []

    def logical_line(self, first: str) -> Optional[Tuple[str, int, bool]]:
        """(logical line, its first line number, had empty continuation lines) or None."""
        token, was_directive = self.process_line(first, True)
        if was_directive:
            self.comments.pop()
        self.current += 1
        start = self.current
        line, ended = self.escape.trim_continuation(token)
        if ended and line == "":
            return None
        parts = [line]
        had_empty = False
        while not ended:
            raw = self.lines.scan()
            if raw is None:
                break  # a continuation at the end of the file is allowed
            token, _ = self.process_line(raw, False)
            self.current += 1
            if _is_comment(raw):
                continue
            if trim_left_space(token) == "":
                had_empty = True
                continue
            token, ended = self.escape.trim_continuation(token)
            parts.append(token)
        return "".join(parts), start, had_empty

    def read_heredocs(self, node: Node, line: str, start: int) -> None:
        try:
            found = heredocs_from_line(line)
        except (ShellLexError, DockerfileParseError) as err:
            raise DockerfileParseError(str(err), start, self.current) from None
        for doc in found:
            body: List[str] = []
            while True:
                raw = self.lines.scan()
                if raw is None:
                    raise DockerfileParseError("unterminated heredoc", start, self.current)
                self.current += 1
                candidate = _trim_newline(raw)
                if doc.chomp:
                    candidate = candidate.lstrip("\t")
                if candidate == doc.name:
                    break
                body.append(raw)
            doc.content = "".join(body)
            node.heredocs.append(doc)


def parse(source: Union[str, bytes]) -> ParseResult:
    """Parse a Dockerfile. Raises DockerfileParseError with BuildKit's message."""
    text = decode(source) if isinstance(source, bytes) else source
    reader = _Reader(text)
    root = Node(start_line=-1)
    warnings: List[ParseWarning] = []
    while True:
        raw = reader.lines.scan()
        if raw is None:
            break
        if reader.current == 0 and raw.startswith(BOM):
            raw = raw[1:]
        if _is_comment(raw):
            reader.note_comment(raw)
        logical = reader.logical_line(raw)
        if logical is None:
            continue
        line, start, had_empty = logical
        if had_empty:
            warnings.append(ParseWarning(f"Empty continuation line found in: {line}",
                                    EMPTY_CONTINUATION_DETAIL, EMPTY_CONTINUATION_URL,
                                    reader.current))
        try:
            node = new_node_from_line(line, reader.escape.token, reader.comments)
        except DockerfileParseError as err:
            raise DockerfileParseError(str(err), start, reader.current) from None
        if node.can_contain_heredoc() and "<<" in line:
            reader.read_heredocs(node, line, start)
        root.add_child(node, start, reader.current)
        reader.comments = []

    if root.start_line < 0:
        raise DockerfileParseError("file with no instructions", reader.current)
    if reader.lines.too_long:
        raise DockerfileParseError(
            f"dockerfile line greater than max allowed size of {MAX_LINE - 1}", reader.current)
    return ParseResult(root, reader.escape.token, warnings, reader.directives)
