"""The crsim> prompt's line language: a small POSIX shell on the host side.

A line is read by the same parser as the containers' shells (bash's grammar), so
quoting, escapes, comments and here-documents are what a shell makes of them.
What runs here is a list of crsim commands joined by `;`, `&&` and `||`, each with
its redirections to and from real host files (through the same confinement as `cp`
and `export -o`), `VAR=value` assignments, `export`/`unset`, and `$VAR`, `${VAR:-x}`
and `$?` expanded from the prompt's own environment: the client's environment in
the simulation, where `run -e FOO` takes FOO from, as the docker client takes it
from its own. In a pipeline (`logs web | grep error | wc -l`) a stage that is no crsim
command is a program of the simulated host (engine/host_tools.py: the userland's grep,
sed, awk, sort ...); stages run one after the other on all their predecessor wrote.
Loops, functions, background jobs and command substitution are not run: each says so
in one line.

A line of plain words that starts with a crsim command (`ps -a`, `run --help`) has no
syntax for the parser to find: it is split at blanks without loading the parser (what
every start pays for otherwise: issue 18). ``iter_commands`` cuts a text (-c, standard
input, a .crs file) into such lines.
"""

from __future__ import annotations

import os

from .parser import PROGRAM, UsageError
from .spec import REGISTRY

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Callable, Dict, List, Optional, Tuple

    from engine.userland.sh.ast import Param, Pipeline, Simple, Word

    # Runs one command's words: (argv, stdin text, output) -> status
    Runner = Callable[[List[str], str, object], int]
    # Runs a host program on some text: (argv, stdin, environment) -> (stdout, stderr, status)
    HostRunner = Callable[[List[str], str, Dict[str, str]], Tuple[str, str, int]]

DEV_NULL = "/dev/null"  # the one device a redirection may name, wherever the sandbox is
# Characters that mean nothing to a shell inside a word, wherever they stand (no quote,
# expansion, operator, glob, brace, comment, tilde or history character); "=" makes an
# assignment only before the command's name, which is no assignment (plain_command).
PLAIN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                  "-_./:,@%+= \t")
_BLANKS = frozenset(" \t")


class NotHere(Exception):
    """Something a real shell has that the prompt does not do: one line, status 2."""


class RedirectFailed(Exception):
    """A redirection's host file cannot be opened: that command fails with status 1 and
    the line goes on, as in bash."""


COMPOUND = "compound commands (if, loops, functions, subshells) are not run at the prompt"


def plain_command(text: str) -> Optional[List[str]]:
    """The words of a line that is one crsim command (or prompt builtin) in plain words,
    which the parser would read as one simple command of these words; None for any
    other line. (No crsim command is named like a shell keyword, `if`, `time` ...:
    tests/shell/test_line.py checks it.)"""
    if not PLAIN.issuperset(text):
        return None
    words = text.split()
    return words if words and _is_command(words) else None


def joined(words: List[str]) -> str:
    """The words as a line that reads back as these very words (``shlex.join``; plain
    words as they are, without loading shlex)."""
    if all(word and PLAIN.issuperset(word) and not _BLANKS.intersection(word) for word in words):
        return " ".join(words)
    import shlex
    return shlex.join(words)


def incomplete(text: str) -> bool:
    """Whether ``text`` needs more lines (an open quote, here-document, `&&` at the end,
    a trailing backslash), as a shell would prompt for them with "> "."""
    if text.endswith("\\") and not text.endswith("\\\\"):
        return True
    if plain_command(text) is not None:
        return False
    from engine.userland.sh.parser import ParseError, Parser
    parser = Parser(text, "bash")
    try:
        parser.parse_all()
    except ParseError as err:
        return err.incomplete
    return bool(parser.warnings)  # a here-document whose delimiter has not come yet


def parse(text: str) -> list:
    """The commands of a line; a syntax error in bash's words (as an interactive bash)."""
    from engine.userland.sh.messages import Bash
    from engine.userland.sh.parser import ParseError, Parser
    try:
        return Parser(text, "bash").parse_all()
    except ParseError as err:
        raise UsageError("\n".join(f"{PROGRAM}: {line}" for line in Bash(None).syntax(err)), 2)


# -- the commands of a text ------------------------------------------------------------
# The lines of -c, of standard input, of a .crs file or of an exercise's solution grouped
# into commands: a line ending in "\\" goes on on the next one, a "<<WORD" line takes the
# here-document's body up to the line WORD, and a line that a shell would not end there (an
# open quote, a trailing "&&": ``incomplete``) takes the next lines until it is whole.
# shell/script.py tells the rules of the .crs format; `crsim-shell -c CMD` needs only this.

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


class LineShell:
    """The prompt's state between lines: its environment and the last status."""

    def __init__(self, environ: Optional[Dict[str, str]] = None):
        self.environ: Dict[str, str] = dict(os.environ if environ is None else environ)
        self.status = 0
        self.run_words: Optional[Runner] = None
        self.run_host: Optional[HostRunner] = None
        self.confine: Callable[[str], str] = lambda path: path

    # -- running --------------------------------------------------------------------
    def run(self, text: str, run_words: Runner, out, confine: Callable[[str], str],
            run_host: Optional[HostRunner] = None) -> int:
        """Run a line: ``run_words`` runs a crsim command, ``run_host`` a host program,
        ``confine`` says which host path a redirection may use."""
        self.run_words, self.run_host, self.confine = run_words, run_host, confine
        words = plain_command(text)
        if words is not None:
            self.status = self._command(words, [], (), out)
            return self.status
        for node in parse(text):
            self.status = self._node(node, out)
        return self.status

    # (the syntax tree's classes are imported where a tree is walked: a line of plain
    # words never loads them)
    def _node(self, node, out) -> int:
        from engine.userland.sh.ast import AndOr, CommandList, Pipeline, Simple
        if isinstance(node, CommandList):
            status = 0
            for item, background in node.items:
                if background:
                    raise NotHere("`&` (background jobs) at the prompt: use `run -d`")
                status = self.status = self._node(item, out)
            return status
        if isinstance(node, AndOr):
            status = self._node(node.first, out)
            for op, other in node.rest:
                self.status = status
                if (op == "&&") == (status == 0):
                    status = self._node(other, out)
            return status
        if isinstance(node, Pipeline):
            if len(node.commands) > 1:
                status = self._pipeline(node, out)
            else:
                status = self._node(node.commands[0], out)
            return (0 if status else 1) if node.negate else status
        if isinstance(node, Simple):
            return self._simple(node, out)
        raise NotHere(COMPOUND)

    def _pipeline(self, node: Pipeline, out) -> int:
        """`A | B | C`, one stage after the other (each reads all its predecessor wrote): a
        stage is a crsim command, or else a program of the simulated host. The status is
        the last stage's."""
        from engine.userland.sh.ast import Simple
        piped, status = None, 0
        for index, command in enumerate(node.commands):
            if not isinstance(command, Simple):
                raise NotHere(COMPOUND)
            last = index == len(node.commands) - 1
            target = out if last else Capture(out, node.stderr_too[index])
            status = self._simple(command, target, piped, host=True)
            piped = None if last else target.text
        return status

    def _simple(self, node: Simple, out, piped: Optional[str] = None, host: bool = False) -> int:
        argv = [field for word in node.words for field in self.expand(word)]
        values = [(a.name, "".join(self.expand(a.value, split=False))) for a in node.assigns]
        return self._command(argv, values, node.redirects, out, piped, host)

    def _command(self, argv: List[str], values: List[Tuple[str, str]], redirects, out,
                 piped: Optional[str] = None, host: bool = False) -> int:
        """A simple command, its words expanded: ``values`` assigned for it (or for the
        prompt, without words), ``redirects`` applied."""
        if not argv:  # VAR=value on its own: the prompt's variable
            self.environ.update(values)
            return 0
        builtin = BUILTINS.get(argv[0])
        if argv[0] == "export" and not _assignments(argv[1:]):
            builtin = None  # Docker's export
        saved = dict(self.environ)
        self.environ.update(values)  # VAR=value cmd: for that command only
        try:
            with Redirections(redirects, self, out, piped) as (stdin, target):
                if builtin is not None:
                    self.environ, saved = saved, None  # what a builtin sets, stays
                    return builtin(self, argv, target)
                if host and not _is_command(argv) and self.run_host is not None:
                    text, errors, status = self.run_host(argv, stdin, dict(self.environ))
                    target.write(text)
                    target.write(errors.replace(f"{argv[0]}: command not found",
                                                f"{PROGRAM}: {argv[0]}: command not found"),
                                 "stderr")
                    return status
                return self.run_words(argv, stdin, target)
        except RedirectFailed as err:
            out.error(f"{PROGRAM}: {err}")
            return 1
        finally:
            if saved is not None:
                self.environ = saved

    # -- words ----------------------------------------------------------------------
    def expand(self, word: Word, split: bool = True) -> List[str]:
        """A word's fields: quotes removed, parameters expanded (unquoted ones split
        on blanks), a leading ~ the home directory. No globbing: the host's files are
        not the prompt's business."""
        from engine.userland.sh.ast import DQ, Lit, Param, Quoted, Word
        fields: List[str] = []
        current: Optional[str] = None
        for index, part in enumerate(word.parts):
            if isinstance(part, Lit):
                text = part.text
                if index == 0 and (text == "~" or text.startswith("~/")):
                    text = self.environ.get("HOME", "~") + text[1:]
                current = (current or "") + text
            elif isinstance(part, Quoted):
                current = (current or "") + part.text
            elif isinstance(part, DQ):
                current = (current or "") + "".join(self._quoted(p) for p in part.parts)
            elif isinstance(part, Param):
                value = self._param(part)
                if isinstance(value, Word):  # ${X:-word}: the word, its own quotes kept
                    pieces = self.expand(value, split)
                    if pieces:
                        current = (current or "") + pieces[0]
                        for piece in pieces[1:]:
                            fields.append(current)
                            current = piece
                    continue
                if not split:
                    current = (current or "") + value
                    continue
                pieces = value.split()
                if value[:1].isspace() and current is not None:
                    fields.append(current)
                    current = None
                for n, piece in enumerate(pieces):
                    if n:
                        fields.append(current or "")
                        current = None
                    current = (current or "") + piece
                if value[-1:].isspace() and current is not None:
                    fields.append(current)
                    current = None
            else:
                raise NotHere("command substitution and arithmetic are not expanded at the prompt")
        if current is not None:
            fields.append(current)
        return fields if split else ["".join(fields)]

    def _quoted(self, part) -> str:
        from engine.userland.sh.ast import Param, Quoted, Word
        if isinstance(part, Quoted):
            return part.text
        if isinstance(part, Param):
            value = self._param(part)
            return "".join(self.expand(value, split=False)) if isinstance(value, Word) else value
        raise NotHere("command substitution and arithmetic are not expanded at the prompt")

    def _param(self, param: Param):
        """The parameter's value, or the Word of ${X:-word} that stands for it."""
        from engine.userland.sh.ast import Word
        if param.name == "?":
            value: Optional[str] = str(self.status)
        elif param.index is not None or not (param.name[:1].isalpha() or param.name[:1] == "_"):
            raise NotHere(f"${param.raw or param.name} is not expanded at the prompt")
        else:
            value = self.environ.get(param.name)
        if param.op is None:
            return value or ""
        if param.op == "len":
            return str(len(value or ""))
        unset = value is None or (param.colon and value == "")
        word = param.arg if param.arg is not None else Word([])
        arg = "".join(self.expand(word, split=False))
        if param.op == "-":
            return word if unset else value
        if param.op == "+":
            return "" if unset else word
        if param.op == "=":
            if unset:
                self.environ[param.name] = arg
                return arg
            return value
        if param.op == "?":
            if unset:
                raise NotHere(f"{param.name}: {arg or 'parameter null or not set'}")
            return value
        raise NotHere(f"${{{param.raw}}} is not expanded at the prompt")


class Redirections:
    """A command's redirections: its standard input from a here-document or a host file,
    its output (1>, 2>, >>, 2>&1, &>) to host files; the rest shows as usual."""

    def __init__(self, redirects, shell: LineShell, out, piped: Optional[str] = None):
        self.redirects, self.shell, self.out, self.confine = redirects, shell, out, shell.confine
        self.piped = piped
        self.files: List = []

    def __enter__(self) -> Tuple[str, object]:
        stdin = self.piped or ""  # what the pipe brings, unless a redirection says otherwise
        sinks = {1: "stdout", 2: "stderr"}  # fd -> an open host file, or a terminal stream
        for redirect in self.redirects:
            op = redirect.op
            if op in ("<<", "<<-"):
                stdin = "".join(self.shell.expand(redirect.heredoc, split=False)) \
                    if not redirect.quoted_heredoc else _text(redirect.heredoc)
                continue
            target = "".join(self.shell.expand(redirect.target, split=False))
            fd = redirect.fd
            if op == "<<<":
                stdin = target + "\n"
            elif op == "<":
                stdin = self._read(target)
            elif op in (">", ">|", ">>", "&>", "&>>"):
                handle = self._open(target, "a" if op.endswith(">>") else "w")
                for number in ((1, 2) if op.startswith("&") else (1 if fd is None else fd,)):
                    sinks[number] = handle
            elif op == ">&" and target in ("1", "2"):  # 2>&1: where 1 goes now
                sinks[1 if fd is None else fd] = sinks[int(target)]
            else:
                raise NotHere(f"the redirection {op} is not simulated at the prompt")
        if sinks == {1: "stdout", 2: "stderr"}:
            return stdin, self.out
        return stdin, Redirected(self.out, sinks)

    def _read(self, name: str) -> str:
        if name == DEV_NULL:
            return ""
        path = self.confine(_c_string(name))
        try:
            with open(path, "rb") as handle:
                return handle.read().decode("utf-8", "surrogateescape")
        except OSError as err:
            raise RedirectFailed(f"{_c_string(name)}: {err.strerror}") from None

    def _open(self, name: str, mode: str):
        path = os.devnull if name == DEV_NULL else self.confine(_c_string(name))
        try:
            handle = open(path, mode + "b")
        except OSError as err:
            raise RedirectFailed(f"{_c_string(name)}: {err.strerror}") from None
        self.files.append(handle)
        return handle

    def __exit__(self, *exc) -> None:
        for handle in self.files:
            handle.close()


class Capture:
    """A pipeline stage's output: its standard output kept for the next stage (and its
    errors too with `|&`); the rest shows."""

    def __init__(self, out, stderr_too: bool = False):
        self.out, self.stderr_too = out, stderr_too
        self.chunks: List[str] = []

    @property
    def text(self) -> str:
        return "".join(self.chunks)

    def write(self, text: str, stream: str = "stdout") -> None:
        if stream == "stdout" or self.stderr_too:
            self.chunks.append(text)
        else:
            self.out.write(text, stream)

    def line(self, text: str = "") -> None:
        self.write(text + "\n")

    def error(self, text: str = "") -> None:
        self.write(text + "\n", "stderr")


def _c_string(name: str) -> str:
    """A file name as open(2) sees it: a NUL byte ends it."""
    return name.partition("\0")[0]


def _is_command(argv: List[str]) -> bool:
    """Whether a stage's words name a crsim command (or a prompt builtin)."""
    return argv[0] in BUILTINS or REGISTRY.get(argv[0]) is not None or \
        (len(argv) > 1 and REGISTRY.get(f"{argv[0]} {argv[1]}") is not None)


class Redirected:
    """An Output whose streams go to host files where redirected: text as UTF-8, and
    bytes (`export`, `save`) as they are."""

    def __init__(self, out, sinks):
        self.out, self.sinks = out, sinks

    @property
    def file(self):
        """Where standard output goes when it is a file (binary output needs one)."""
        return None if isinstance(self.sinks[1], str) else self.sinks[1]

    def write(self, text: str, stream: str = "stdout") -> None:
        sink = self.sinks[2 if stream == "stderr" else 1]
        if isinstance(sink, str):  # a stream of the terminal's (1>&2: stderr)
            self.out.write(text, sink)
        else:
            sink.write(text.encode("utf-8", "surrogateescape"))

    def write_bytes(self, data: bytes) -> None:
        self.sinks[1].write(data)

    def line(self, text: str = "") -> None:
        self.write(text + "\n")

    def error(self, text: str = "") -> None:
        self.write(text + "\n", "stderr")


def _text(word: Word) -> str:
    """A quoted here-document's body: as written."""
    return "".join(getattr(part, "text", "") for part in word.parts)


def _assignments(words: List[str]) -> bool:
    """`export NAME=value ...` sets variables; any other `export` is Docker's (a container's
    filesystem as a tar)."""
    return bool(words) and all(_assigns(word) for word in words)


def _assigns(word: str) -> bool:
    """NAME=... : a shell variable's name (an ASCII letter or "_", then letters, digits
    and "_") right before the first "="."""
    name, eq, _ = word.partition("=")
    return bool(eq) and name.isascii() and not name[:1].isdigit() and \
        name.replace("_", "a").isalnum()


def _export(shell: LineShell, argv: List[str], out) -> int:
    for item in argv[1:]:
        name, eq, value = item.partition("=")
        if eq:
            shell.environ[name] = value
    return 0


def _unset(shell: LineShell, argv: List[str], out) -> int:
    for name in argv[1:]:
        shell.environ.pop(name, None)
    return 0


def _echo(shell: LineShell, argv: List[str], out) -> int:
    out.write(" ".join(argv[1:]) + "\n")  # bash's echo without options: enough for $?
    return 0


# The prompt's own builtins (the rest of a line's words name crsim commands).
BUILTINS = {"export": _export, "unset": _unset, "echo": _echo,
            "true": lambda shell, argv, out: 0, "false": lambda shell, argv, out: 1}
