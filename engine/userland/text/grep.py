"""grep (GNU grep 3.11 and BusyBox's), with egrep/fgrep as BusyBox applets.

Exit status: 0 if a line was selected, 1 if none, 2 on an error (GNU: even
if lines were selected, unless -q found one).
"""

from __future__ import annotations

import fnmatch
import re
from typing import Callable, List, Optional, Tuple

from ...proc.api import Context, Pipe, decode, program
from ...proc.invoke import streams_input
from ...vfs.entry import DIR, FILE, SYMLINK
from ...vfs.errno import EISDIR, FSError
from ..options import OptionError, bad_option, busybox_usage, error, parse
from .io import read_bytes
from .regex import RegexError, compile_translated, translate

GNU_GREP_USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\n"

GNU_LONG = {
    "extended-regexp": "E", "fixed-strings": "F", "basic-regexp": "G", "perl-regexp": "P",
    "regexp=": "e", "file=": "f", "ignore-case": "i", "no-ignore-case": "no-i",
    "word-regexp": "w", "line-regexp": "x", "null-data": "z", "no-messages": "s",
    "invert-match": "v", "max-count=": "m", "byte-offset": "b", "line-number": "n",
    "no-line-number": "no-n", "line-buffered": "line-buffered", "with-filename": "H",
    "no-filename": "h", "label=": "label", "only-matching": "o", "quiet": "q",
    "silent": "q", "binary-files=": "binary-files", "text": "a", "directories=": "d",
    "devices=": "D", "recursive": "r", "dereference-recursive": "R", "include=": "include",
    "exclude=": "exclude", "exclude-from=": "exclude-from", "exclude-dir=": "exclude-dir",
    "files-without-match": "L", "files-with-matches": "l", "count": "c",
    "initial-tab": "T", "null": "Z", "before-context=": "B", "after-context=": "A",
    "context=": "C", "color?": "color", "colour?": "color", "unix-byte-offsets": "u",
}


class _Usage(Exception):
    pass


def _context_number(ctx: Context, value: str) -> int:
    if not value.isdigit():
        if ctx.flavour == "gnu":
            error(ctx, f"{value}: invalid context length argument")
        else:
            error(ctx, f"invalid number '{value}'")
        raise _Usage()
    return int(value)


# What grep's work costs (scripts/measured_costs.md, `grep -E 'fo[o0]+ba.r'` with no match
# over 42-byte and ~4 KiB lines): a line 0.016 µs (GNU) / 0.077 µs (busybox), a byte
# 1/750 MB/s / 1/60 MB/s.
LINE_COST = {"gnu": 0.016e-6, "busybox": 0.077e-6}
BYTE_COST = {"gnu": 1 / 750e6, "busybox": 1 / 60e6}


@program("grep", "egrep", "fgrep")
@streams_input
def grep(ctx: Context):
    gnu = ctx.flavour == "gnu"
    args = ctx.argv[1:]
    # GNU's -NUM is context: turn it into -C NUM before getopt sees it.
    rewritten = []
    for arg in args:
        if arg == "--":
            rewritten.append(arg)
            break
        match = re.match(r"^-(\d+)$", arg)
        rewritten.append(f"-C{match.group(1)}" if match and gnu else arg)
    args = rewritten + args[len(rewritten):]
    short = ("EFGPe:f:iywxzsvm:bnHhoqaIrRLlcTZA:B:C:UVu" if gnu
             else "lnqvscFiHhe:f:Lorm:wA:B:C:ERxaIz")
    try:
        opts, operands = parse(ctx, args, short, GNU_LONG if gnu else None)
    except OptionError as err:
        return bad_option(ctx, err, status=2, gnu_usage=GNU_GREP_USAGE,
                          bb_status=2)
    mode = {"egrep": "E", "fgrep": "F"}.get(ctx.name, "G")
    patterns: List[str] = []
    have_patterns = False
    o = {"i": False, "w": False, "x": False, "v": False, "c": False, "l": False, "L": False,
         "o": False, "q": False, "s": False, "n": False, "r": False, "R": False, "b": False}
    with_name: Optional[bool] = None
    max_count: Optional[int] = None
    before = after = 0
    label = "(standard input)"
    includes: List[str] = []
    excludes: List[str] = []
    exclude_dirs: List[str] = []
    try:
        for key, value in opts:
            if key in "EFG" and len(key) == 1:
                mode = key
            elif key == "P":
                mode = "P"
            elif key == "e":
                patterns.extend(value.split("\n"))
                have_patterns = True
            elif key == "f":
                try:
                    text = decode(read_bytes(ctx, value)) if value != "-" else ctx.stdin.read()
                except FSError as err:
                    error(ctx, f"{value}: {ctx.strerror(err)}")
                    return 2
                lines = text.split("\n")
                if lines and lines[-1] == "":
                    lines.pop()
                patterns.extend(lines)
                have_patterns = True
            elif key in ("i", "y"):
                o["i"] = True
            elif key == "no-i":
                o["i"] = False
            elif key == "no-n":
                o["n"] = False
            elif key in o:
                o[key] = True
            elif key == "H":
                with_name = True
            elif key == "h":
                with_name = False
            elif key == "m":
                number = re.match(r"^-?\d+$", value)
                if not number:
                    if gnu:
                        error(ctx, "invalid max count")
                        return 2
                    error(ctx, f"invalid number '{value}'")
                    return 1
                max_count = int(value)
            elif key == "A":
                after = _context_number(ctx, value)
            elif key == "B":
                before = _context_number(ctx, value)
            elif key == "C":
                before = after = _context_number(ctx, value)
            elif key == "label":
                label = value
            elif key == "include":
                includes.append(value)
            elif key == "exclude":
                excludes.append(value)
            elif key == "exclude-dir":
                exclude_dirs.append(value)
            elif key == "V":
                ctx.out("grep (GNU grep) 3.11\n")
                return 0
    except _Usage:
        return 2 if gnu else 1
    if not have_patterns:
        if not operands:
            if gnu:
                ctx.stderr.write(GNU_GREP_USAGE)
                ctx.stderr.write(f"Try '{ctx.argv[0]} --help' for more information.\n")
                return 2
            return busybox_usage(ctx, status=2)
        patterns = operands[0].split("\n")
        operands = operands[1:]
    if not gnu:
        label = "(standard input)"
    recursive = o["r"] or o["R"]
    # The matcher.
    try:
        matcher = _matcher(ctx, patterns, mode, o["i"], o["w"], o["x"])
    except RegexError as err:
        if gnu:
            error(ctx, err.text(ctx.libc))
        else:
            pattern = "\n".join(patterns)
            error(ctx, f"bad regex '{pattern}': {err.text(ctx.libc)}")
        return 2
    files = operands
    default_dot = False
    if not files:
        if recursive and gnu:
            files, default_dot = ["."], True
        else:
            files = ["-"]
    if with_name is not None:
        show_name = with_name
    elif len(files) > 1:
        show_name = True
    elif recursive and files[0] != "-":
        # One operand: names are shown if it is a directory being searched.
        try:
            show_name = ctx.fs.stat(files[0], ctx.cwd).kind == DIR
        except FSError:
            show_name = False
    else:
        show_name = False
    state = _GrepState(ctx, o, matcher, show_name, max_count, before, after, gnu)
    return _search_all(ctx, state, files, label, recursive, default_dot, includes, excludes,
                       exclude_dirs)


def _search_all(ctx: Context, state: "_GrepState", files: List[str], label: str,
                recursive: bool, default_dot: bool, includes, excludes, exclude_dirs):
    """Search every input; standard input as its lines come (a pipe), printing what
    matched as it goes, so that `tail -f log | grep error` shows lines live and
    `yes | grep y | head -n 1` ends."""
    o, gnu = state.o, state.gnu
    errors = False
    for name in files:
        if name == "-":
            if isinstance(ctx.stdin, Pipe):
                yield from _search_pipe(ctx, state, label)
            else:
                state.search(label, ctx.stdin.read())
            if state.quit:
                break
            continue
        for path, shown, text, err in _walk(ctx, name, recursive, o["R"], default_dot,
                                            includes, excludes, exclude_dirs):
            if err is not None:
                if err.errno == EISDIR and not gnu:
                    continue  # BusyBox reads a directory as nothing at all
                errors = True
                if not o["s"]:
                    error(ctx, f"{shown}: {ctx.strerror(err)}")
                continue
            state.search(shown, text)
            if state.quit:
                break
        if state.quit:
            break
    ctx.out("".join(state.out))
    if o["q"] and state.selected:
        return 0
    if errors:
        return 2
    if o["L"]:
        return 0 if state.listed_without else 1
    return 0 if state.selected else 1


def _search_pipe(ctx: Context, state: "_GrepState", label: str):
    state.begin(label)
    pending = ""
    while not state.done:
        chunk = yield from ctx.read_some()
        if not chunk:
            break
        pending += chunk
        cut = pending.rfind("\n")
        if cut < 0:
            continue
        state.feed(pending[:cut + 1])
        pending = pending[cut + 1:]
        ctx.out("".join(state.out))  # out as it matched
        state.out.clear()
        yield from ctx.flow()
    if pending and not state.done:
        state.feed(pending)
    state.finish()


def _matcher(ctx: Context, patterns: List[str], mode: str, icase: bool, word: bool,
             line: bool) -> Callable[[str], List[Tuple[int, int]]]:
    """A function giving the (start, end) of every match in a line."""
    flags = re.DOTALL | re.ASCII | (re.IGNORECASE if icase else 0)
    gnu = ctx.flavour == "gnu"
    parts = []
    for pattern in patterns:
        if mode == "F":
            parts.append(re.escape(pattern))
            continue
        if mode == "P":  # PCRE and Python's re agree on the common syntax
            parts.append(pattern)
            continue
        text, _, warnings = translate(pattern, mode == "E", strict=not gnu)
        if gnu:
            for warning in warnings:
                error(ctx, f"warning: {warning}")
        parts.append(text)
    # Each pattern keeps its own group numbers: compile them separately.
    regexes = []
    for part in parts:
        if line:
            part = f"^(?:{part})\\Z"
        elif word:
            part = f"(?<![0-9A-Za-z_])(?:{part})(?![0-9A-Za-z_])"
        try:
            regexes.append(compile_translated(part, flags))
        except re.error:
            raise RegexError(2) from None

    def find(text: str) -> List[Tuple[int, int]]:
        spans = []
        for regex in regexes:
            pos = 0
            while pos <= len(text):
                m = regex.search(text, pos)
                if not m:
                    break
                spans.append((m.start(), m.end()))
                pos = m.end() if m.end() > m.start() else m.end() + 1
        spans.sort()
        return spans

    def any_match(text: str) -> bool:
        return any(regex.search(text) for regex in regexes)

    find.any = any_match  # type: ignore[attr-defined]
    return find


class _GrepState:
    def __init__(self, ctx, o, matcher, show_name, max_count, before, after, gnu):
        self.ctx = ctx
        self.o = o
        self.matcher = matcher
        self.show_name = show_name
        self.max_count = max_count
        self.before, self.after = before, after
        self.gnu = gnu
        self.out: List[str] = []
        self.selected = False
        self.listed_without = False
        self.quit = False
        self.printed_any = False  # for the "--" between context groups

    def search(self, name: str, text: str) -> None:
        """One whole input."""
        self.begin(name)
        self.feed(text)
        self.finish()

    def begin(self, name: str) -> None:
        """A new input: its counters start again."""
        self.name = name
        self.count = 0
        self.number = 0
        self.last_printed = 0
        self.pending_after = 0
        self.recent: List[str] = []  # the lines before, for -B
        self.binary = None
        self.done = False  # nothing more of this input matters (-m, -l, -L, -q)
        self.prefix_name = (name + "{}") if self.show_name else ""

    def feed(self, text: str) -> None:
        """The next lines of the input (the last may lack its newline)."""
        o = self.o
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        flavour = "gnu" if self.gnu else "busybox"
        self.ctx.charge(len(lines) * LINE_COST[flavour] + len(text) * BYTE_COST[flavour])
        if self.binary is None:
            self.binary = self.gnu and "\0" in text  # GNU looks at the first buffer
        binary = self.binary
        out = self.out
        prefix_name = self.prefix_name
        for line in lines:
            if self.done:
                return
            self.number += 1
            number = self.number
            self._keep(line)
            if self.max_count is not None and self.count >= self.max_count:
                if self.pending_after and not (o["c"] or o["l"] or o["L"] or o["q"] or binary) \
                        and (self.gnu or self.matcher.any(line) == o["v"]):
                    # Trailing context after the last allowed match is still printed
                    # (BusyBox stops at the next matching line).
                    out.append(self._line(prefix_name, number, line, "-"))
                    self.last_printed = number
                    self.pending_after -= 1
                    continue
                self.done = True
                return
            hit = self.matcher.any(line) != o["v"]
            if not hit:
                if self.pending_after and not (o["c"] or o["l"] or o["L"] or o["q"] or binary):
                    out.append(self._line(prefix_name, number, line, "-"))
                    self.last_printed = number
                    self.pending_after -= 1
                continue
            self.count += 1
            self.selected = True
            if o["q"]:
                self.quit = self.done = True
                return
            if o["l"] or o["L"]:
                self.done = True
                return
            if o["c"]:
                continue
            if binary:
                error(self.ctx, f"{self.name}: binary file matches")
                self.done = True
                return
            if self.before or self.after:
                first = max(number - self.before, self.last_printed + 1, 1)
                if self.printed_any and (first > self.last_printed + 1 or self.last_printed == 0):
                    out.append("--\n")
                for ctx_number in range(first, number):
                    earlier = self.recent[len(self.recent) - 1 - (number - ctx_number)]
                    out.append(self._line(prefix_name, ctx_number, earlier, "-"))
                self.pending_after = self.after
            self.printed_any = True
            self.last_printed = number
            if o["o"]:
                if o["v"]:
                    continue
                for start, end in self.matcher(line):
                    if end > start:
                        out.append(self._line(prefix_name, number, line[start:end], ":"))
            else:
                out.append(self._line(prefix_name, number, line, ":"))

    def _keep(self, line: str) -> None:
        """The last lines read, as many as -B shows (this one included)."""
        if self.before:
            self.recent.append(line)
            if len(self.recent) > self.before + 1:
                del self.recent[0]

    def finish(self) -> None:
        """The input ended (or stopped mattering): the per-input summaries."""
        o, out, prefix_name = self.o, self.out, self.prefix_name
        if o["q"] and self.quit:
            return
        if o["c"]:
            out.append((prefix_name.format(":") if prefix_name else "") + f"{self.count}\n")
        if o["l"] and self.count:
            out.append(self.name + "\n")
        if o["L"] and not self.count:
            out.append(self.name + "\n")
            self.listed_without = True

    def _line(self, prefix_name: str, number: int, text: str, sep: str) -> str:
        head = prefix_name.format(sep) if prefix_name else ""
        if self.o["n"]:
            head += f"{number}{sep}"
        return f"{head}{text}\n"


def _walk(ctx: Context, name: str, recursive: bool, follow: bool, default_dot: bool,
          includes: List[str], excludes: List[str], exclude_dirs: List[str]):
    """(path, shown name, text, error) for a file operand and, with -r, what is below."""
    try:
        entry = ctx.fs.stat(name, ctx.cwd)
    except FSError as err:
        yield name, name, None, err
        return
    if entry.kind != DIR:
        base = name.rsplit("/", 1)[-1]
        if (includes and not any(fnmatch.fnmatchcase(base, g) for g in includes)) or \
                any(fnmatch.fnmatchcase(base, g) for g in excludes):
            return
        try:
            yield name, name, decode(read_bytes(ctx, name)), None
        except FSError as err:
            yield name, name, None, err
        return
    if not recursive:
        yield name, name, None, FSError(EISDIR, name)
        return
    yield from _walk_dir(ctx, name, "" if default_dot else name, follow, includes, excludes,
                         exclude_dirs)


def _walk_dir(ctx: Context, path: str, shown: str, follow: bool, includes, excludes,
              exclude_dirs):
    try:
        names = ctx.fs.readdir(path, ctx.cwd)
    except FSError as err:
        yield path, shown or path, None, err
        return
    for child in names:
        child_path = f"{path.rstrip('/')}/{child}" if path != "/" else f"/{child}"
        child_shown = f"{shown.rstrip('/')}/{child}" if shown else child
        if shown == "/":
            child_shown = f"/{child}"
        try:
            entry = ctx.fs.lstat(child_path, ctx.cwd)
        except FSError as err:
            yield child_path, child_shown, None, err
            continue
        if entry.kind == SYMLINK:
            if not follow:
                continue
            try:
                entry = ctx.fs.stat(child_path, ctx.cwd)
            except FSError as err:
                yield child_path, child_shown, None, err
                continue
        if entry.kind == DIR:
            if any(fnmatch.fnmatchcase(child, g) for g in exclude_dirs):
                continue
            yield from _walk_dir(ctx, child_path, child_shown, follow, includes, excludes,
                                 exclude_dirs)
            continue
        if entry.kind != FILE:
            continue  # devices, fifos and sockets are skipped when recursing
        if (includes and not any(fnmatch.fnmatchcase(child, g) for g in includes)) or \
                any(fnmatch.fnmatchcase(child, g) for g in excludes):
            continue
        try:
            yield child_path, child_shown, decode(read_bytes(ctx, child_path)), None
        except FSError as err:
            yield child_path, child_shown, None, err
