"""sed: GNU sed 4.9 and BusyBox's, with in-place editing through the container's
file system.

The script is parsed into a flat list of commands ("{" knows where its block
ends), then run cycle by cycle over the input lines: the pattern space, the
hold space, the "a"/"r" queue flushed at the end of each cycle, and the flag
that "t" tests. GNU's parse errors name the expression and the character
where the parser stopped (``sed: -e expression #1, char 5: unterminated `s'
command``); BusyBox's are shorter.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from ...proc.api import Context, Pipe, encode, program
from ...proc.invoke import after_end_of_input, streams_input
from ...vfs.entry import FILE
from ...vfs.errno import EISDIR, FSError
from ..options import OptionError, busybox_usage, error, parse
from ..coreutils.common import new_file
from .io import read_text
from .regex import RegexError, compile_translated, translate

GNU_SED_USAGE = """\
Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...

  -n, --quiet, --silent
                 suppress automatic printing of pattern space
      --debug
                 annotate program execution
  -e script, --expression=script
                 add the script to the commands to be executed
  -f script-file, --file=script-file
                 add the contents of script-file to the commands to be executed
  --follow-symlinks
                 follow symlinks when processing in place
  -i[SUFFIX], --in-place[=SUFFIX]
                 edit files in place (makes backup if SUFFIX supplied)
  -l N, --line-length=N
                 specify the desired line-wrap length for the `l' command
  --posix
                 disable all GNU extensions.
  -E, -r, --regexp-extended
                 use extended regular expressions in the script
                 (for portability use POSIX -E).
  -s, --separate
                 consider files as separate rather than as a single,
                 continuous long stream.
      --sandbox
                 operate in sandbox mode (disable e/r/w commands).
  -u, --unbuffered
                 load minimal amounts of data from the input files and flush
                 the output buffers more often
  -z, --null-data
                 separate lines by NUL characters
      --help     display this help and exit
      --version  output version information and exit

If no -e, --expression, -f, or --file option is given, then the first
non-option argument is taken as the sed script to interpret.  All
remaining arguments are names of input files; if no input files are
specified, then the standard input is read.

GNU sed home page: <https://www.gnu.org/software/sed/>.
General help using GNU software: <https://www.gnu.org/gethelp/>.
"""

GNU_LONG = {"quiet": "n", "silent": "n", "expression=": "e", "file=": "f",
            "in-place?": "i", "regexp-extended": "E", "separate": "s", "null-data": "z",
            "line-length=": "l", "posix": "posix", "debug": "debug", "sandbox": "sandbox",
            "unbuffered": "u", "follow-symlinks": "follow", "help": "help",
            "version": "version"}


class SedError(Exception):
    """A script error: GNU's text and the character count where it stopped."""

    def __init__(self, gnu: str, busybox: str, pos: Optional[int] = None, status: int = 1):
        super().__init__(gnu)
        self.gnu = gnu
        self.busybox = busybox
        self.pos = pos
        self.status = status  # GNU: 1 for a bad script, 4 for what it "panics" on


class _Quit(Exception):
    def __init__(self, status: int, autoprint: bool):
        super().__init__(status)
        self.status = status
        self.autoprint = autoprint


class Address:
    __slots__ = ("kind", "value", "step", "regex")

    def __init__(self, kind: str, value=None, step: int = 0, regex=None):
        self.kind = kind  # line, last, re, step, zero, plus, mult
        self.value = value
        self.step = step
        self.regex = regex  # a compiled pattern, or None for "the last regex"


class Command:
    __slots__ = ("a1", "a2", "negate", "name", "args", "block_end", "active", "end_line",
                 "pos")

    def __init__(self, name: str):
        self.a1: Optional[Address] = None
        self.a2: Optional[Address] = None
        self.negate = False
        self.name = name
        self.args: Dict = {}
        self.block_end = -1
        self.active = False
        self.end_line = 0
        self.pos = 0


# -- parsing --------------------------------------------------------------------------

class _Parser:
    def __init__(self, script: str, extended: bool, gnu: bool, icase_ok: bool = True):
        self.s = script
        self.i = 0
        self.extended = extended
        self.gnu = gnu
        self.commands: List[Command] = []
        self.blocks: List[int] = []

    def peek(self) -> str:
        return self.s[self.i] if self.i < len(self.s) else ""

    def get(self) -> str:
        c = self.peek()
        if c:
            self.i += 1
        return c

    def fail(self, gnu: str, busybox: str = "", pos: Optional[int] = None):
        raise SedError(gnu, busybox or gnu, self.i if pos is None else pos)

    def skip_spaces(self) -> None:
        while self.peek() in (" ", "\t"):
            self.i += 1

    def parse(self) -> List[Command]:
        while True:
            self.skip_spaces()
            while self.peek() in ("\n", ";", " ", "\t"):
                self.i += 1
            if self.i >= len(self.s):
                break
            if self.peek() == "#":
                while self.peek() not in ("\n", ""):
                    self.i += 1
                continue
            self.command()
        if self.blocks:
            self.fail("unmatched `{'", "unterminated {", pos=0)
        labels = {c.args["label"] for c in self.commands if c.name == ":"}
        for command in self.commands:
            if command.name in "btT" and command.args.get("label") and \
                    command.args["label"] not in labels:
                raise SedError(f"can't find label for jump to `{command.args['label']}'",
                               f"can't find label for jump to '{command.args['label']}'",
                               None, status=4)
        return self.commands

    def address(self) -> Optional[Address]:
        c = self.peek()
        if c.isdigit():
            start = self.i
            while self.peek().isdigit():
                self.i += 1
            number = int(self.s[start:self.i])
            if self.peek() == "~" and self.gnu:
                self.i += 1
                begin = self.i
                while self.peek().isdigit():
                    self.i += 1
                step = int(self.s[begin:self.i] or "0")
                return Address("step", number, step)
            return Address("line", number)
        if c == "$":
            self.i += 1
            return Address("last")
        if c == "/" or c == "\\":
            self.i += 1
            delim = "/"
            if c == "\\":
                delim = self.get()
            pattern = self.delimited(delim, "unterminated address regex")
            flags = ""
            while self.peek() in ("I", "M") and self.gnu:
                flags += self.get()
            return Address("re", pattern, regex=self.compile(pattern, "I" in flags))
        return None

    def delimited(self, delim: str, what: str) -> str:
        """Text up to an unescaped delimiter (which is consumed); ``\\delim`` becomes
        the delimiter itself unless it is special, ``\\n`` a newline."""
        out = []
        in_bracket = False
        while True:
            c = self.get()
            if c == "":
                self.fail(what, f"unmatched '{delim}'")
            if c == "\\":
                nxt = self.get()
                if nxt == "":
                    self.fail(what, f"unmatched '{delim}'")
                if nxt == delim and not in_bracket:
                    out.append(delim if delim not in ".*[]^$\\+?(){}|" or delim == "/"
                               else "\\" + delim)
                elif nxt == "n":
                    out.append("\\n")
                elif nxt == "\n":
                    out.append("\\n")
                else:
                    out.append("\\" + nxt)
                continue
            if c == "\n" and not in_bracket:
                self.fail(what, f"unmatched '{delim}'")
            if c == "[" and not in_bracket:
                in_bracket = True
                out.append(c)
                # "[]" and "[^]" start with a literal "]".
                if self.peek() == "^":
                    out.append(self.get())
                if self.peek() == "]":
                    out.append(self.get())
                continue
            if c == "]" and in_bracket:
                in_bracket = False
                out.append(c)
                continue
            if c == "[" and in_bracket and self.peek() in (":", ".", "="):
                kind = self.get()
                end = self.s.find(kind + "]", self.i)
                if end >= 0:
                    out.append("[" + kind + self.s[self.i:end + 2])
                    self.i = end + 2
                    continue
                out.append("[" + kind)
                continue
            if c == delim and not in_bracket:
                return "".join(out)
            out.append(c)

    def compile(self, pattern: str, icase: bool = False):
        if pattern == "":
            return None  # the last regex used
        try:
            text, groups, _ = translate(pattern, self.extended, strict=True, sed=True)
            compiled = compile_translated(text, re.DOTALL | re.ASCII | (re.IGNORECASE if icase else 0))
            return _Regex(compiled, groups)
        except RegexError as err:
            self.fail(err.text("glibc"), f"bad regex '{pattern}': {err.text('musl')}")
        except re.error:
            self.fail("Invalid regular expression", f"bad regex '{pattern}'")

    def end_of_command(self) -> None:
        self.skip_spaces()
        c = self.peek()
        if c in ("", "\n", ";"):
            if c:
                self.i += 1
            return
        if c == "}" or c == "#":
            return
        self.i += 1
        self.fail("extra characters after command", f"unsupported command {c}")

    def read_label(self) -> str:
        self.skip_spaces()
        start = self.i
        while self.peek() not in ("", "\n", ";") :
            self.i += 1
        return self.s[start:self.i].rstrip()

    def read_filename(self) -> str:
        self.skip_spaces()
        start = self.i
        while self.peek() not in ("", "\n"):
            self.i += 1
        return self.s[start:self.i]

    def read_text(self, name: str) -> Optional[str]:
        """The text of a, i, c: "a\\" newline lines, or GNU's one-liner "a text"."""
        self.skip_spaces()
        if self.peek() == "\\":
            self.i += 1
            if self.peek() == "\n":
                self.i += 1
            elif self.peek() == "":
                # "a\" at the very end: GNU adds nothing, BusyBox an empty line.
                return None if self.gnu else ""
        elif self.peek() in ("", "\n") and self.gnu:
            self.fail("expected \\ after `a', `c' or `i'")
        out = []
        while self.i < len(self.s):
            c = self.get()
            if c == "\\":
                nxt = self.get()
                if nxt == "":
                    break
                out.append(nxt if nxt != "t" or not self.gnu else "\t")
                continue
            if c == "\n":
                break
            out.append(c)
        return "".join(out)

    def number(self) -> int:
        start = self.i
        while self.peek().isdigit():
            self.i += 1
        return int(self.s[start:self.i])

    def command(self) -> None:
        start = self.i
        a1 = self.address()
        a2 = None
        if a1 is not None:
            self.skip_spaces()
            if self.peek() == ",":
                self.i += 1
                self.skip_spaces()
                c = self.peek()
                if c == "+":
                    self.i += 1
                    a2 = Address("plus", self.number())
                elif c == "~" and self.gnu:
                    self.i += 1
                    a2 = Address("mult", self.number())
                else:
                    a2 = self.address()
                    if a2 is None:
                        self.fail("unexpected `,'", "unexpected ','")
                    if a2.kind == "step":
                        a2 = Address("line", a2.value)
            if a1.kind == "line" and a1.value == 0:
                if not (a2 is not None and a2.kind == "re") or not self.gnu:
                    self.i += 1 if self.peek() not in ("", "\n") else 0
                    self.fail("invalid usage of line address 0", "unsupported command 0")
                a1 = Address("zero")
        self.skip_spaces()
        negate = False
        while self.peek() == "!":
            if negate:
                self.i += 1
                self.fail("multiple `!'s", "unsupported command !")
            negate = True
            self.i += 1
            self.skip_spaces()
        name = self.get()
        if name == "":
            self.fail("missing command", "missing command")
        command = Command(name)
        command.a1, command.a2, command.negate, command.pos = a1, a2, negate, start
        if name == "{":
            self.blocks.append(len(self.commands))
            self.commands.append(command)
            return
        if name == "}":
            if not self.blocks:
                self.fail("unexpected `}'", "unexpected }")
            if a1 is not None:
                self.fail("} doesn't want any addresses", "} doesn't want any addresses")
            opening = self.blocks.pop()
            self.commands[opening].block_end = len(self.commands) + 1
            self.commands.append(command)
            self.end_of_command()
            return
        if name in ":" and a1 is not None:
            self.fail(": doesn't want any addresses", ": doesn't want any addresses")
        if name in "qQ" and a2 is not None:
            self.fail("command only uses one address", "command only uses one address")
        if name == "s":
            self.substitute(command)
        elif name == "y":
            self.transliterate(command)
        elif name in "aic":
            command.args["text"] = self.read_text(name)
        elif name == ":":
            label = self.read_label()
            if not label:
                self.fail("\":\" lacks a label", "missing label")
            command.args["label"] = label
            if self.peek() == ";":
                self.i += 1
        elif name in "btT":
            command.args["label"] = self.read_label()
            if self.peek() == ";":
                self.i += 1
        elif name in "rRwW" and (self.gnu or name in "rw"):
            command.args["file"] = self.read_filename()
        elif name in "qQ" and (self.gnu or name == "q"):
            self.skip_spaces()
            command.args["status"] = self.number() if self.peek().isdigit() else 0
            self.end_of_command()
        elif name in "lL":
            self.skip_spaces()
            command.args["width"] = self.number() if self.peek().isdigit() else None
            self.end_of_command()
        elif name in "=dDgGhHnNpPx" or (name in "zF" and self.gnu):
            self.end_of_command()
        elif name == "e":
            command.args["command"] = self.read_filename()
        elif name == "#":
            self.fail("comments don't accept any addresses")
        else:
            self.fail(f"unknown command: `{name}'", f"unsupported command {name}")
        self.commands.append(command)

    def substitute(self, command: Command) -> None:
        delim = self.get()
        if delim in ("", "\n", "\\"):
            self.fail("unterminated `s' command", "unmatched ''")
        pattern = self.delimited(delim, "unterminated `s' command")
        replacement = self.replacement(delim)
        flags = {"g": False, "p": False, "n": 1, "i": False, "w": None, "m": False}
        seen_n = False
        while True:
            c = self.peek()
            if c == "g":
                if flags["g"]:
                    self.i += 1
                    self.fail("multiple `g' options to `s' command",
                              "bad option in substitution expression")
                flags["g"] = True
            elif c == "p":
                if flags["p"]:
                    self.i += 1
                    self.fail("multiple `p' options to `s' command",
                              "bad option in substitution expression")
                flags["p"] = True
            elif c.isdigit():
                if seen_n:
                    self.i += 1
                    self.fail("multiple number options to `s' command",
                              "bad option in substitution expression")
                value = self.number()
                if value == 0:
                    self.fail("number option to `s' command may not be zero",
                              "bad option in substitution expression")
                flags["n"] = value
                seen_n = True
                continue
            elif c in ("i", "I") and (self.gnu or c == "I"):
                flags["i"] = True
            elif c in ("m", "M") and self.gnu:
                flags["m"] = True
            elif c == "e" and self.gnu:
                pass
            elif c == "w":
                self.i += 1
                flags["w"] = self.read_filename()
                break
            elif c in ("", "\n", ";", "}", "#", " ", "\t"):
                break
            else:
                self.i += 1
                self.fail("unknown option to `s'", "bad option in substitution expression")
            self.i += 1
        end = self.i
        regex = self.compile(pattern, flags["i"]) if pattern else None
        groups = regex.groups if regex is not None else 9
        for ref in re.findall(r"\\(\d)", replacement.replace("\\\\", "")):
            if int(ref) > groups:
                self.fail(f"invalid reference \\{ref} on `s' command's RHS",
                          f"invalid reference \\{ref} on `s' command's RHS", pos=end)
        command.args.update(regex=regex, replacement=replacement, **flags)
        if flags["w"] is None:
            self.end_of_command()

    def replacement(self, delim: str) -> str:
        out = []
        while True:
            c = self.get()
            if c == "":
                self.fail("unterminated `s' command", f"unmatched '{delim}'")
            if c == "\\":
                nxt = self.get()
                if nxt == "":
                    self.fail("unterminated `s' command", f"unmatched '{delim}'")
                if nxt == delim:
                    out.append("\\&" if delim == "&" else delim)
                elif nxt == "\n":
                    out.append("\n")
                else:
                    out.append("\\" + nxt)
                continue
            if c == delim:
                return "".join(out)
            out.append(c)

    def transliterate(self, command: Command) -> None:
        delim = self.get()
        source = self._y_part(delim)
        target = self._y_part(delim)
        if len(source) != len(target):
            self.fail("strings for `y' command are different lengths",
                      "strings for 'y' command are different lengths")
        command.args["map"] = dict(zip(source, target))
        self.end_of_command()

    def _y_part(self, delim: str) -> List[str]:
        out = []
        while True:
            c = self.get()
            if c == "":
                self.fail("unterminated `y' command", f"unmatched '{delim}'")
            if c == "\\":
                nxt = self.get()
                out.append({"n": "\n", "t": "\t", "\\": "\\"}.get(nxt, nxt))
                continue
            if c == delim:
                return out
            out.append(c)


class _Regex:
    """A compiled address or s/// pattern and its number of groups."""

    def __init__(self, compiled, groups: int):
        self.compiled = compiled
        self.groups = groups


# -- running --------------------------------------------------------------------------

def _expand(replacement: str, match, gnu: bool) -> str:
    """The replacement for one match: &, \\1..\\9, \\n, and GNU's case conversions."""
    out: List[str] = []
    case_mode = None  # "U" or "L" until \E
    one_shot = None  # "u" or "l" for the next character

    def put(text: str) -> None:
        nonlocal one_shot
        for ch in text:
            if one_shot:
                ch = ch.upper() if one_shot == "u" else ch.lower()
                one_shot = None
            elif case_mode:
                ch = ch.upper() if case_mode == "U" else ch.lower()
            out.append(ch)

    i, n = 0, len(replacement)
    while i < n:
        c = replacement[i]
        if c == "&":
            put(match.group(0))
            i += 1
            continue
        if c == "\\" and i + 1 < n:
            e = replacement[i + 1]
            i += 2
            if e.isdigit():
                put(match.group(int(e)) or "" if int(e) <= (match.re.groups or 0) else "")
            elif e == "&":
                put("&")
            elif e == "n":
                put("\n")
            elif gnu and e in "ULulE":
                if e in "UL":
                    case_mode, one_shot = e, None
                elif e in "ul":
                    one_shot = e
                else:
                    case_mode = one_shot = None
            elif gnu and e in "tfrav":
                put({"t": "\t", "f": "\f", "r": "\r", "a": "\a", "v": "\v"}[e])
            else:
                put(e)
            continue
        put(c)
        i += 1
    return "".join(out)


def _visible(text: str, width: Optional[int]) -> str:
    """The `l' command's unambiguous form, wrapped at ``width`` - 1 characters."""
    escapes = {"\\": "\\\\", "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r",
               "\t": "\\t", "\v": "\\v"}
    pieces = []
    for ch in text:
        if ch in escapes:
            pieces.append(escapes[ch])
        elif " " <= ch <= "~":
            pieces.append(ch)
        else:
            for b in ch.encode("utf-8", "surrogateescape"):
                pieces.append(f"\\{b:03o}")
    lines: List[str] = []
    current = ""
    limit = (width or 70) - 1 if width != 0 else 0
    for piece in pieces:
        if limit and len(current) + len(piece) > limit:
            lines.append(current + "\\\n")
            current = ""
        current += piece
    lines.append(current + "$\n")
    return "".join(lines)


class _Sed:
    def __init__(self, ctx: Context, commands: List[Command], quiet: bool, gnu: bool,
                 line_length: int):
        self.ctx = ctx
        self.commands = commands
        self.quiet = quiet
        self.gnu = gnu
        self.line_length = line_length
        self.hold = ""
        self.last_regex = None
        self.line_number = 0
        self.write_files: Dict[str, List[str]] = {}
        self.sep = "\n"
        self.missing_newline = False
        self.at_end = True
        self.read_positions: Dict[str, int] = {}
        for command in commands:
            target = command.args.get("file") if command.name in "wW" else command.args.get("w")
            if target and target not in ("/dev/stdout", "/dev/stderr"):
                self.write_files.setdefault(target, [])

    def regex(self, regex):
        if regex is None:
            if self.last_regex is None:
                raise SedError("no previous regular expression", "no previous regexp")
            return self.last_regex
        self.last_regex = regex
        return regex

    def matches(self, address: Address, space: str, is_last: bool) -> bool:
        kind = address.kind
        if kind == "line":
            return self.line_number == address.value
        if kind == "last":
            return is_last
        if kind == "step":
            if address.step <= 0:
                return self.line_number == address.value
            return self.line_number >= address.value and \
                (self.line_number - address.value) % address.step == 0
        if kind == "re":
            return self.regex(address.regex).compiled.search(space) is not None
        return False

    def selected(self, command: Command, space: str, is_last: bool) -> bool:
        a1, a2 = command.a1, command.a2
        if a1 is None:
            result = True
        elif a2 is None:
            result = self.matches(a1, space, is_last)
        else:
            result = self.in_range(command, space, is_last)
        return result != command.negate

    def in_range(self, command: Command, space: str, is_last: bool) -> bool:
        a1, a2 = command.a1, command.a2
        n = self.line_number
        if command.active:
            if a2.kind == "re":
                if self.regex(a2.regex).compiled.search(space):
                    command.active = False
                return True
            if a2.kind == "last":
                if is_last:
                    command.active = False
                return True
            if n >= command.end_line:
                command.active = False
            return n <= command.end_line or True
        starts = a1.kind == "zero" or self.matches(a1, space, is_last)
        if a1.kind == "zero":
            if n != 1 and not command.end_line == -2:
                return False
        if not starts:
            return False
        if a1.kind == "zero":
            command.end_line = -2
            if self.regex(a2.regex).compiled.search(space):
                return True
            command.active = True
            return True
        if a2.kind == "line":
            if a2.value > n:
                command.active, command.end_line = True, a2.value
        elif a2.kind == "plus":
            if a2.value > 0:
                command.active, command.end_line = True, n + a2.value
        elif a2.kind == "mult":
            if a2.value > 0 and n % a2.value != 0:
                command.active, command.end_line = True, (n // a2.value + 1) * a2.value
        elif a2.kind == "last":
            if not is_last:
                command.active = True
        else:
            command.active = True
        return True

    def run(self, lines: List[Tuple[str, bool]], out: List[str], file_name: str = "-") -> int:
        """Run the script over ``lines`` ((text, ends with newline)); None status to go on."""
        flavour = "gnu" if self.ctx.flavour == "gnu" else "busybox"
        self.ctx.charge(len(lines) * CYCLE_COST[flavour] +
                        sum(len(text) for text, _ in lines) * BYTE_COST[flavour])
        index = 0
        total = len(lines)
        append_queue: List[str] = []

        def emit(text: str, newline: bool = True) -> None:
            self.put(out, text + (self.sep if newline else ""))
            if not newline:
                self.missing_newline = True

        def flush_appends() -> None:
            for text in append_queue:
                self.put(out, text)
            append_queue.clear()

        while index < total:
            space, newline = lines[index]
            index += 1
            self.line_number += 1
            substituted = False
            pc = 0
            autoprint = not self.quiet
            restart = False
            try:
                while pc < len(self.commands):
                    command = self.commands[pc]
                    is_last = index >= total and self.at_end
                    if command.name == "}" or command.name == ":":
                        pc += 1
                        continue
                    if not self.selected(command, space, is_last):
                        pc = command.block_end if command.name == "{" else pc + 1
                        continue
                    name = command.name
                    pc += 1
                    if name == "{":
                        continue
                    if name == "s":
                        regex = self.regex(command.args["regex"]).compiled
                        new, count = self.substitute(regex, command.args, space)
                        if count:
                            substituted = True
                            space = new
                            if command.args["p"]:
                                emit(space)
                            if command.args["w"]:
                                self.write(command.args["w"], space + "\n", out)
                    elif name == "y":
                        mapping = command.args["map"]
                        space = "".join(mapping.get(c, c) for c in space)
                    elif name == "p":
                        emit(space)
                    elif name == "P":
                        emit(space.split("\n", 1)[0])
                    elif name == "d":
                        autoprint = False
                        break
                    elif name == "D":
                        if "\n" not in space:
                            autoprint = False
                            break
                        space = space.split("\n", 1)[1]
                        autoprint = False
                        restart = True
                        break
                    elif name == "=":
                        emit(str(self.line_number))
                    elif name == "a":
                        if command.args["text"] is not None:
                            append_queue.append(command.args["text"] + "\n")
                    elif name == "i":
                        if command.args["text"] is not None:
                            emit(command.args["text"])
                    elif name == "c":
                        if (command.a2 is None or command.negate or not command.active) and \
                                command.args["text"] is not None:
                            emit(command.args["text"])
                        autoprint = False
                        break
                    elif name == "h":
                        self.hold = space
                    elif name == "H":
                        self.hold += "\n" + space
                    elif name == "g":
                        space = self.hold
                    elif name == "G":
                        space += "\n" + self.hold
                    elif name == "x":
                        space, self.hold = self.hold, space
                    elif name == "z":
                        space = ""
                    elif name == "F":
                        emit(file_name)
                    elif name == "l":
                        width = command.args["width"]
                        self.put(out, _visible(space, self.line_length if width is None
                                               else width))
                    elif name == "n":
                        if index >= total and self.at_end:
                            if self.gnu:
                                break  # no next line: end as the cycle would
                            break
                        if not self.quiet:
                            emit(space, newline or index < total)
                        flush_appends()
                        space, newline = lines[index]
                        index += 1
                        self.line_number += 1
                    elif name == "N":
                        if index >= total and self.at_end:
                                break
                        flush_appends()
                        nxt, newline = lines[index]
                        index += 1
                        self.line_number += 1
                        space += "\n" + nxt
                    elif name in "btT":
                        jump = name == "b" or (name == "t" and substituted) or \
                            (name == "T" and not substituted)
                        if name in "tT" and name == "t" and substituted:
                            substituted = False
                        elif name == "T" and not substituted:
                            pass
                        if jump:
                            label = command.args["label"]
                            if not label:
                                pc = len(self.commands)
                            else:
                                pc = next(i for i, c in enumerate(self.commands)
                                          if c.name == ":" and c.args["label"] == label)
                    elif name in "qQ":
                        if name == "q" and not self.quiet:
                            emit(space, newline)
                        if name == "q":
                            flush_appends()
                        raise _Quit(command.args["status"], False)
                    elif name == "r":
                        try:
                            text = read_text(self.ctx, command.args["file"])
                        except FSError:
                            text = ""
                        if text:
                            append_queue.append(text if text.endswith("\n") else text)
                    elif name == "R":
                        path = command.args["file"]
                        try:
                            all_lines = read_text(self.ctx, path).split("\n")
                        except FSError:
                            all_lines = []
                        at = self.read_positions.get(path, 0)
                        if at < len(all_lines) and (at < len(all_lines) - 1 or all_lines[at]):
                            append_queue.append(all_lines[at] + "\n")
                            self.read_positions[path] = at + 1
                    elif name == "w":
                        self.write(command.args["file"], space + "\n", out)
                    elif name == "W":
                        self.write(command.args["file"], space.split("\n", 1)[0] + "\n", out)
                    elif name == "e":
                        pass
            except _Quit:
                raise
            if autoprint:
                emit(space, newline or index < total or not self.at_end)
            flush_appends()
            if restart:
                # D: run the script again on what is left, without reading a line.
                lines.insert(index, (space, newline))
                self.line_number -= 1
                total += 1
        return 0

    def substitute(self, regex, args, space: str) -> Tuple[str, int]:
        """Replace per the flags (g, N); (new text, replacements made)."""
        out = []
        pos = 0
        count = 0
        done = 0
        nth = args["n"] if self.gnu or not args["g"] else 1
        last_end = -1
        search_at = 0
        while search_at <= len(space):
            match = regex.search(space, search_at)
            if not match:
                break
            start, end = match.span()
            if start == end and start == last_end:
                # An empty match right after the previous match does not count.
                search_at = start + 1
                continue
            count += 1
            if count >= nth and (args["g"] or count == nth):
                out.append(space[pos:start])
                out.append(_expand(args["replacement"], match, self.gnu))
                pos = end
                done += 1
                if not args["g"]:
                    break
            last_end = end
            search_at = end if end > start else end + 1
        if not done:
            return space, 0
        out.append(space[pos:])
        return "".join(out), done

    def put(self, out: List[str], text: str) -> None:
        """Output text; a line that lacked its newline gets one once more follows."""
        if not text:
            return
        if self.missing_newline:
            out.append(self.sep)
            self.missing_newline = False
        out.append(text)

    def write(self, path: str, text: str, out: List[str]) -> None:
        if path == "/dev/stdout":
            self.put(out, text)
        elif path == "/dev/stderr":
            self.ctx.stderr.write(text)
        else:
            self.write_files.setdefault(path, []).append(text)


def _split(text: str, sep: str = "\n") -> List[Tuple[str, bool]]:
    parts = text.split(sep)
    lines = [(part, True) for part in parts[:-1]]
    if parts[-1]:
        lines.append((parts[-1], False))
    return lines


# What sed's work costs (scripts/measured_costs.md, `s/a/b/` over 42-byte and ~4 KiB
# lines): a cycle 0.204 µs (GNU) / 0.218 µs (busybox), a byte 1/3.05 GB/s / 1/112 MB/s.
CYCLE_COST = {"gnu": 0.204e-6, "busybox": 0.218e-6}
BYTE_COST = {"gnu": 1 / 3.05e9, "busybox": 1 / 112e6}


@program("sed")
@streams_input
def sed(ctx: Context):
    gnu = ctx.flavour == "gnu"
    args = ctx.argv[1:]
    try:
        opts, operands = parse(ctx, args, "ne:f:i::Erszul:" if gnu else "i::ne:f:rE",
                               GNU_LONG if gnu else {"quiet": "n", "silent": "n",
                                                     "expression=": "e", "file=": "f",
                                                     "in-place?": "i", "regexp-extended": "E",
                                                     "separate": "s", "null-data": "z",
                                                     "posix": "posix", "debug": "debug"})
    except OptionError as err:
        ctx.stderr.write(err.message(ctx))
        if gnu:
            ctx.stderr.write(GNU_SED_USAGE)
            return 1
        return busybox_usage(ctx)
    quiet = extended = separate = null_data = False
    in_place: Optional[str] = None
    scripts: List[Tuple[str, str]] = []  # (text, where) for error messages
    line_length = 70
    for key, value in opts:
        if key == "n":
            quiet = True
        elif key in ("E", "r"):
            extended = True
        elif key == "s":
            separate = True
        elif key == "z":
            null_data = True
        elif key == "i":
            in_place = value or ""
            separate = True
        elif key == "e":
            scripts.append((value, "e"))
        elif key == "f":
            try:
                text = read_text(ctx, value)
            except FSError as err:
                if gnu:
                    error(ctx, f"couldn't open file {value}: {ctx.strerror(err)}")
                else:
                    error(ctx, f"can't open '{value}': {ctx.strerror(err)}")
                return 1
            scripts.append((text[:-1] if text.endswith("\n") else text, "f:" + value))
        elif key == "l":
            line_length = int(value) if value.isdigit() else 70
        elif key == "help":
            ctx.out(GNU_SED_USAGE)
            return 0
        elif key == "version":
            ctx.out("sed (GNU sed) 4.9\n")
            return 0
    if not scripts:
        if not operands:
            if gnu:
                ctx.stderr.write(GNU_SED_USAGE)
                return 1
            return busybox_usage(ctx)
        scripts.append((operands[0], "e"))
        operands = operands[1:]
    script = "\n".join(text for text, _ in scripts)
    if script.startswith("#n\n") or script == "#n":
        quiet = True
    try:
        commands = _Parser(script, extended, gnu).parse()
    except SedError as err:
        if not gnu:
            error(ctx, err.busybox)
            return 1
        if err.pos is None:
            error(ctx, err.gnu)
            return err.status
        # Which -e expression (or -f file line) the position falls in.
        offset = 0
        for number, (text, where) in enumerate(scripts, 1):
            if err.pos <= offset + len(text) or number == len(scripts):
                local = err.pos - offset
                if where.startswith("f:"):
                    line = script[offset:err.pos].count("\n") + 1
                    error(ctx, f"file {where[2:]} line {line}: {err.gnu}")
                else:
                    expr = sum(1 for t, w in scripts[:number] if not w.startswith("f:"))
                    error(ctx, f"-e expression #{expr}, char {max(local, 0)}: {err.gnu}")
                break
            offset += len(text) + 1
        return 1
    engine = _Sed(ctx, commands, quiet, gnu, line_length)
    if null_data:
        engine.sep = "\0"
    files = operands or ["-"]
    if isinstance(ctx.stdin, Pipe) and not ctx.stdin.closed and "-" in files:
        if in_place is None and not separate and files == ["-"] and \
                not any(command.name in ("n", "N") for command in commands):
            return _stream(ctx, engine)  # a cycle per line as the lines come
        # (n and N read ahead: the whole input first, as when reading a file)
        return after_end_of_input(
            lambda ctx: _edit(ctx, gnu, engine, files, operands, in_place, separate), ctx)
    return _edit(ctx, gnu, engine, files, operands, in_place, separate)


def _edit(ctx: Context, gnu: bool, engine: "_Sed", files: List[str], operands: List[str],
          in_place: Optional[str], separate: bool) -> int:
    """Run the script over the inputs, read whole."""
    status = 0
    out: List[str] = []
    if in_place is not None:
        if not operands:
            error(ctx, "no input files")
            return 4 if gnu else 1
        for name in files:
            try:
                entry = ctx.fs.stat(name, ctx.cwd)
                if entry.kind != FILE:
                    if gnu:
                        error(ctx, f"couldn't edit {name}: not a regular file")
                        return 4
                    raise FSError(EISDIR, name)
                text = read_text(ctx, name)
            except FSError as err:
                if gnu:
                    error(ctx, f"can't read {name}: {ctx.strerror(err)}")
                    status = 2
                else:
                    error(ctx, f"{name}: {ctx.strerror(err)}")
                    status = 1
                continue
            file_out: List[str] = []
            engine.line_number = 0
            engine.at_end = True
            try:
                engine.missing_newline = False
                engine.run(_split(text, engine.sep), file_out, name)
            except _Quit as quit_:
                _write_back(ctx, name, file_out, in_place, text)
                _flush_writes(ctx, engine)
                return quit_.status
            except SedError as err:
                error(ctx, err.gnu if gnu else err.busybox)
                return 4 if gnu else 1
            _write_back(ctx, name, file_out, in_place, text)
        _flush_writes(ctx, engine)
        return status
    # Normal mode: all files are one stream unless -s.
    texts: List[Tuple[str, str]] = []
    for name in files:
        try:
            texts.append((name, read_text(ctx, name)))
        except FSError as err:
            if err.errno == EISDIR:
                if gnu:
                    error(ctx, f"read error on {name}: {ctx.strerror(err)}")
                    ctx.out("".join(out))
                    return 4
                continue
            if gnu:
                error(ctx, f"can't read {name}: {ctx.strerror(err)}")
                status = 2
            else:
                error(ctx, f"{name}: {ctx.strerror(err)}")
                status = 1
    try:
        if separate:
            for position, (name, text) in enumerate(texts):
                engine.at_end = True
                engine.line_number = 0
                engine.run(_split(text, engine.sep), out, name)
        else:
            lines: List[Tuple[str, bool]] = []
            for name, text in texts:
                chunk = _split(text, engine.sep)
                if lines and not lines[-1][1]:
                    lines[-1] = (lines[-1][0], True)
                lines.extend(chunk)
            engine.at_end = True
            engine.run(lines, out, texts[0][0] if texts else "-")
    except _Quit as quit_:
        ctx.out("".join(out))
        _flush_writes(ctx, engine)
        return quit_.status
    except SedError as err:
        ctx.out("".join(out))
        error(ctx, err.gnu if gnu else err.busybox)
        return 4 if gnu else 1
    ctx.out("".join(out))
    _flush_writes(ctx, engine)
    return status


def _stream(ctx: Context, engine: "_Sed"):
    """Standard input from a pipe, edited as it comes: each read's complete lines run
    through the script but the last, held back until the next read or the end tells
    whether it is the last line ($)."""
    out: List[str] = []
    pending = ""
    held: List[Tuple[str, bool]] = []
    try:
        while True:
            chunk = yield from ctx.read_some()
            if not chunk:
                break
            pending += chunk
            cut = pending.rfind(engine.sep) + 1
            if not cut:
                continue
            lines = held + _split(pending[:cut], engine.sep)
            pending = pending[cut:]
            held = lines[-1:]
            engine.at_end = False
            engine.run(lines[:-1], out, "-")
            ctx.out("".join(out))
            out.clear()
            yield from ctx.flow()
        lines = held + (_split(pending, engine.sep) if pending else [])
        engine.at_end = True
        engine.run(lines, out, "-")
    except _Quit as quit_:
        ctx.out("".join(out))
        _flush_writes(ctx, engine)
        return quit_.status
    except SedError as err:
        ctx.out("".join(out))
        error(ctx, err.gnu if engine.gnu else err.busybox)
        return 4 if engine.gnu else 1
    ctx.out("".join(out))
    _flush_writes(ctx, engine)
    return 0


def _write_back(ctx: Context, name: str, out: List[str], suffix: str, original: str) -> None:
    if suffix:
        backup = suffix.replace("*", name.rsplit("/", 1)[-1]) if "*" in suffix else name + suffix
        ctx.fs.write(backup, encode(original), ctx.cwd, **new_file(ctx))
    ctx.fs.write(name, encode("".join(out)), ctx.cwd)


def _flush_writes(ctx: Context, engine: _Sed) -> None:
    for path, chunks in engine.write_files.items():
        try:
            ctx.fs.write(path, encode("".join(chunks)), ctx.cwd, **new_file(ctx))
        except FSError as err:
            error(ctx, f"couldn't open file {path}: {ctx.strerror(err)}")
