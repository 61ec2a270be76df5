"""Errors of the Dockerfile front end, worded as BuildKit words them.

``str(err)`` is exactly the text of BuildKit's Go error. Two layers matter:

- the parser (``parser.Parse``) fails with a bare message, such as
  ``ENV must have two arguments`` or ``file with no instructions``, and
  attaches a location (the lines Docker shows above the message);
- the instruction pass (``instructions.Parse``) prefixes its messages with
  ``dockerfile parse error on line N: `` (for example
  ``unknown instruction: FRUM (did you mean FROM?)``).
"""

from __future__ import annotations

from ..errors import InvalidParameter


class DockerfileError(InvalidParameter):
    """Base of every Dockerfile front-end error."""


class DockerfileParseError(DockerfileError):
    """The parser rejected the file. ``start_line``/``end_line`` are BuildKit's
    location for it (1-based, inclusive; 0 when BuildKit gives none)."""

    def __init__(self, message: str, start_line: int = 0, end_line: int = 0):
        super().__init__(message)
        self.start_line = start_line
        # BuildKit's toRanges: an end before the start means "just the start line".
        self.end_line = max(start_line, end_line)


class InstructionError(DockerfileParseError):
    """The instruction pass rejected an instruction (``instructions.Parse``)."""

    def __init__(self, reason: str, line: int, end_line: int = 0):
        super().__init__(f"dockerfile parse error on line {line}: {reason}", line, end_line)
        self.reason = reason


class UnknownInstructionError(InstructionError):
    """A keyword that is not a Dockerfile instruction, with BuildKit's suggestion."""

    def __init__(self, instruction: str, line: int, end_line: int = 0, suggestion: str = ""):
        from .instructions import did_you_mean  # instructions imports this module
        super().__init__(f"unknown instruction: {instruction}" + did_you_mean(suggestion),
                         line, end_line)
        self.instruction = instruction
        self.suggestion = suggestion


class ShellLexError(DockerfileError):
    """Variable substitution or word splitting failed (BuildKit's shell lexer)."""
