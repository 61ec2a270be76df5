"""The commands in a text: the lines of ``-c``, of standard input, of a ``.crs`` file or
of an exercise's solution grouped into commands. A line ending in ``\\`` goes on on the
next one, a ``<<WORD`` line takes the here-document's body up to the line WORD, and a
line that a shell would not end there (an open quote, a trailing ``&&``) takes the next
lines until it is whole (shell/script.py says the rules of the ``.crs`` format).

Kept apart from shell/script.py (the ``.crs`` format, its records, replay and checks):
`crsim-shell -c CMD` needs only this (issue 18: a start loads as few modules as it can).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List, Optional, Tuple

from .line import incomplete


class ScriptError(Exception):
    """A script that cannot be read; ``str(err)`` is ``FILE:LINE: message``."""

    def __init__(self, filename: str, line: int, message: str):
        super().__init__(f"{filename}:{line}: {message}")
        self.filename = filename
        self.line = line
        self.message = message


def iter_commands(text: str, filename: str = "<string>") -> List[str]:
    """The commands of a ``-c`` string or of stdin: lines, ``\\`` continuations,
    whole-line ``#`` comments (narration included) and blank lines skipped.

    Every line is read before any command runs, so a dangling ``\\`` (ScriptError)
    is reported before anything happens.
    """
    lines = split_lines(text)
    commands = []
    index = 0
    while index < len(lines):
        body = lines[index].strip()
        if not body or body.startswith("#"):
            index += 1
            continue
        command, index = read_command(lines, index, filename)
        commands.append(command)
    return commands


def split_lines(text: str) -> List[str]:
    """Lines split at "\\n" only (a stray form feed is not a line break); a final
    line break ends the last line rather than starting an empty one."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def read_command(lines: List[str], index: int, filename: str) -> Tuple[str, int]:
    """The command starting at ``lines[index]`` with its continuation lines,
    and the index of the line after it."""
    command = lines[index].strip()
    while _continues(command):
        index += 1
        if index == len(lines):
            raise ScriptError(filename, index, "'\\' continues the command past the end of the file")
        head, tail = command[:-1], lines[index].strip()
        glue = " " if head[-1:].isspace() or lines[index][:1].isspace() else ""
        command = (head.rstrip() + glue + tail).strip()
    delimiter = _heredoc_delimiter(command)
    if delimiter is not None:
        # A here-document: the next lines, verbatim, up to the delimiter line.
        start = index
        while True:
            index += 1
            if index == len(lines):
                raise ScriptError(filename, start + 1, f"here-document wanted '{delimiter}' "
                                  "before the end of the file")
            command += "\n" + lines[index]
            if lines[index].strip() == delimiter:
                break
    start = index
    while incomplete(command):  # an open quote (or a trailing && ...) goes on, as in sh
        index += 1
        if index == len(lines):
            raise ScriptError(filename, start + 1, "the command goes on past the end of the "
                              "file (an open quote?)")
        command += "\n" + lines[index]
    return command, index + 1


# A command line ending with ``<<WORD`` (``<<-WORD``, ``<<'WORD'``) opens a
# here-document: its body is the following lines up to the line WORD, and the
# command text carries them after its first line break (Session hands the body
# to the command as its standard input).
HEREDOC = r"\s<<(-?)[ \t]*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\2[ \t]*$"


def _heredoc_delimiter(command: str) -> Optional[str]:
    if "<<" not in command:  # most lines: no need for re (not loaded at start, issue 18)
        return None
    import re
    match = re.search(HEREDOC, command)
    return match.group(3) if match else None


def _continues(line: str) -> bool:
    """A line ending in an odd number of backslashes goes on (``\\\\`` is a backslash)."""
    return (len(line) - len(line.rstrip("\\"))) % 2 == 1
