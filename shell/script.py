"""The ``.crs`` script format: parsing, output matching, replay and checking.

A ``.crs`` file is a shell session written down, which ``crsim-shell FILE.crs``
replays and ``crsim-shell --check FILE.crs`` verifies::

    #!/usr/bin/env crsim-shell
    # A plain comment: never shown.
    #: Narration: shown to the audience when the script is replayed.
    run -d --name web \\
        nginx
    | ...
    logs nosuch
    ? 1
    | Error response from daemon: No such container: nosuch

The rules, line by line (leading and trailing blanks of a line do not matter):

* A blank line is ignored.
* ``#: text`` is narration; ``#`` followed by anything else is a silent comment
  (so a ``#!`` first line is fine). Both are whole-line only: a ``#`` inside a
  command line is left to the command line parser.
* ``| text`` right after a command is a line of the output it must print, and
  a line that is exactly ``|`` an empty output line. In a line ``...`` matches
  any text; a line that is exactly ``| ...`` matches any number of lines, none
  included. A command with no ``|`` lines has its output left unchecked.
* ``? N`` right after a command (before, after or among its ``|`` lines)
  declares the exit status N (0-255) the command ends with.
* Any other line is a command. A command line ending with ``\\`` continues on
  the next line; the two are joined as the shell would (the backslash and the
  line break disappear, and blanks around the join become one space).

A command's ``|`` and ``?`` lines must follow it directly: a blank line, a
comment or narration ends them, and a ``|`` or ``?`` line that follows no
command is an error, as is a ``\\`` continuing past the end of the file.

Comparing output, trailing blanks of each line and empty lines at the end of
the output are not significant (editors strip them), on either side: a block
made of a single ``|`` line thus says "this command prints nothing".

Replaying prints the narration as ``# text`` and each command after the prompt
(``$ ps -a``, a continued command on one line) followed by its output. A
command whose exit status is neither 0 nor its declared ``? N`` fails, and the
first failure ends the replay with that status, as ``sh -e`` does. With
``keep_going`` the replay goes on and ends with the first failure's status.
A command that was interrupted (it ran past the time limit: CommandInterrupted)
fails whatever its ``? N`` says.

Checking (``check=True``) prints no transcript: it runs every command and
reports, for each one whose output or exit status (declared by ``? N``, else 0)
differs from the script, a unified diff of the output and/or an
``exit status`` line, then a summary line (``2 of 14 checks failed``; each
command is one check). It ends with 1 if anything differed, or with the
status of the first failed command, which also stops the check unless
``keep_going``.

This module never imports prompt_toolkit or pygments: ``--check`` in CI and
scripts on stdin stay light.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Callable, List, Optional, Tuple, Union

from engine.record import field, record

from .line import ScriptError, iter_commands, read_command, split_lines
from .interrupts import CommandInterrupted

__all__ = ["CommandInterrupted", "ScriptError", "Narration", "Step", "Script", "parse",
           "iter_commands", "line_matches", "matches", "output_lines", "trimmed", "replay"]

WILDCARD = "..."


@record(slots=True, unsafe_hash=True)
class Narration:
    line: int
    text: str


@record(slots=True)
class Step:
    """One command of a script, with what it must print and end with."""
    line: int
    command: str
    expected: Optional[List[str]] = None  # None: output not checked
    expected_status: Optional[int] = None  # None: must succeed (status 0)


@record(slots=True)
class Script:
    filename: str
    items: List[Union[Narration, Step]] = field(default_factory=list)

    @property
    def steps(self) -> List[Step]:
        return [item for item in self.items if isinstance(item, Step)]


# ---------------------------------------------------------------- parsing

def parse(text: str, filename: str = "<script>") -> Script:
    """Read a ``.crs`` script; raise ScriptError (``FILE:LINE: …``) if malformed."""
    lines = split_lines(text)
    script = Script(filename)
    step: Optional[Step] = None   # the command the next '|' or '?' line belongs to
    status_line = 0               # where that command's '?' line is, if any
    index = 0
    while index < len(lines):
        number = index + 1
        body = lines[index].strip()
        if body.startswith(("|", "?")):
            if step is None:
                raise ScriptError(filename, number, f"'{body[0]}' line without a command right before it"
                                  " (a blank line or comment ends a command's '|' and '?' lines)")
            if body.startswith("|"):
                if step.expected is None:
                    step.expected = []
                step.expected.append(_expected_line(body, filename, number))
            else:
                if status_line:
                    raise ScriptError(filename, number, f"exit status already given on line {status_line}")
                step.expected_status = _status(body, filename, number)
                status_line = number
        elif body.startswith("#:"):
            rest = body[2:]
            script.items.append(Narration(number, rest[1:] if rest.startswith(" ") else rest))
            step = None
        elif not body or body.startswith("#"):
            step = None
        else:
            command, index = read_command(lines, index, filename)
            step, status_line = Step(number, command), 0
            script.items.append(step)
            continue
        index += 1
    return script


def _expected_line(body: str, filename: str, number: int) -> str:
    if body == "|":
        return ""
    if body.startswith("| "):
        return body[2:]
    raise ScriptError(filename, number, "an output line is '| ' (a bar and a space) then the text, or a lone '|'")


def _status(body: str, filename: str, number: int) -> int:
    value = body[1:].strip()
    if not (value.isascii() and value.isdigit()) or int(value) > 255:
        raise ScriptError(filename, number, f"exit status must be a number from 0 to 255, not {value!r}")
    return int(value)


# ---------------------------------------------------------------- matching

def line_matches(pattern: str, line: str) -> bool:
    """Whether ``line`` fits ``pattern``, where each ``...`` stands for any text."""
    first, *middle = pattern.split(WILDCARD)
    if not middle:
        return pattern == line
    last = middle.pop()
    if len(first) + len(last) > len(line) or not (line.startswith(first) and line.endswith(last)):
        return False
    # The fixed pieces between wildcards must appear in order between the two ends;
    # taking each at its leftmost place leaves the most room for the next ones.
    start, end = len(first), len(line) - len(last)
    for piece in middle:
        found = line.find(piece, start, end)
        if found < 0:
            return False
        start = found + len(piece)
    return True


def matches(expected: List[str], actual: List[str]) -> bool:
    """Whether the ``actual`` lines fit the ``expected`` ones: a line that is
    exactly ``...`` matches any number of lines (zero included), any other
    expected line matches one actual line (see :func:`line_matches`)."""
    e = a = 0
    retry = None   # after a '...' line: (its index, the actual line it would stop before)
    while a < len(actual):
        if e < len(expected) and expected[e] == WILDCARD:
            retry = (e, a)          # first try letting it match no line
            e += 1
        elif e < len(expected) and line_matches(expected[e], actual[a]):
            e += 1
            a += 1
        elif retry is not None:
            # A dead end: let the last '...' swallow one more line and go on from there.
            # (Earlier wildcards never need to change: the last one can absorb anything they could.)
            e, a = retry[0] + 1, retry[1] + 1
            retry = (retry[0], a)
        else:
            return False
    return all(line == WILDCARD for line in expected[e:])


def output_lines(text: str) -> List[str]:
    """The lines of a command's output, as compared with a script's (see trimmed)."""
    return trimmed(text.split("\n"))


def trimmed(lines: List[str]) -> List[str]:
    """Lines without what a comparison ignores: trailing blanks (and carriage
    returns) of each line, and empty lines at the end."""
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


# ---------------------------------------------------------------- replaying

def replay(script: Script, execute: Callable[[str], Tuple[str, int]], write: Callable[[str], None], *,
           check: bool = False, keep_going: bool = False, prompt: str = "$ ",
           warn: Optional[Callable[[str], None]] = None) -> int:
    """Run the script's commands through ``execute`` (command -> (output, status), or
    CommandInterrupted) and print through ``write`` (``warn``: what is said on the side,
    stderr); return the exit status (see the module's notes)."""
    checks = failed = 0
    first_failure = 0
    for item in script.items:
        if isinstance(item, Narration):
            if not check:
                write(f"# {item.text}\n" if item.text else "#\n")
            continue
        if not check:
            write(f"{prompt}{item.command}\n")
        interrupted = None
        try:
            output, status = execute(item.command)
        except CommandInterrupted as stop:
            output, status, interrupted = stop.output, stop.status, stop
        fails = interrupted is not None or (status != 0 and status != item.expected_status)
        stops = fails and (not keep_going or (interrupted is not None and interrupted.final))
        if check:
            checks += 1
            report = _check(script.filename, item, output, status, stops, interrupted is not None)
            if report:
                failed += 1
                write(report)
        elif output:
            write(output if output.endswith("\n") else output + "\n")
        if interrupted is not None and interrupted.message and warn is not None:
            warn(interrupted.message)
        if fails:
            if stops:
                if not check and warn is not None and interrupted is None:  # say which one
                    warn(f"{script.filename}:{item.line}: command failed with status {status}\n")
                return status
            first_failure = first_failure or status
    if check:
        write(f"{failed} of {plural(checks, 'check')} failed\n" if failed
              else f"{plural(checks, 'check')} passed\n")
    return first_failure or (1 if failed else 0)


def _check(filename: str, step: Step, output: str, status: int, stops: bool,
           interrupted: bool = False) -> str:
    """What differs between the step's expectations and what it did ("" if nothing)."""
    where = f"{filename}:{step.line}"
    report = []
    if step.expected is not None:
        expected, actual = trimmed(step.expected), output_lines(output)
        if not matches(expected, actual):
            import difflib  # only a failed check needs it
            report += difflib.unified_diff(expected, actual, f"{where} expected", "actual", lineterm="")
    wanted = step.expected_status or 0
    stopped = " (replay stopped)" if stops else ""
    if interrupted:
        report.append(f"{where}: interrupted, exit status {status}{stopped}")
    elif status != wanted:
        report.append(f"{where}: exit status {status}, expected {wanted}{stopped}")
    return "".join(line + "\n" for line in report)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
