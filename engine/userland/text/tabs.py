"""expand and unexpand: tabs to spaces and back, GNU coreutils' and BusyBox's.

GNU reads its files as one stream (a line may go on in the next file), takes a list of
tab stops (-t 4,10 or "4 10", a last "/N" repeating every N columns, a last "+N" N
after the last stop) and counts a backspace as a column back. GNU's unexpand keeps a
lone blank just before a tab stop as it is unless more blanks follow it, and past the
last stop of a list converts nothing more on the line.

BusyBox reads each file by lines, takes one tab size (-t N) and ends a line at a NUL
byte as its string functions do (expand.c).
"""

from __future__ import annotations

import re

from typing import List, Optional, Tuple

from ...proc.api import Context, decode, encode, program
from ...vfs.errno import EIO, EISDIR, FSError
from ..options import OptionError, bad_option, error, parse, quote
from .io import read_bytes

CPU_PER_BYTE = 5e-9  # a byte at a time, a little more than cat
MOST_COLUMNS = 1 << 24  # a tab wider than this would be gigabytes of spaces: refused
TAB, SPACE, BACKSPACE, NEWLINE = 9, 32, 8, 10
BLANKS = (SPACE, TAB)


class TabError(Exception):
    """A bad tab list: GNU's message."""


class TabStops:
    """GNU's tab stops: explicit columns, then every ``extend`` columns or every
    ``increment`` after the last one; a single size repeats."""

    def __init__(self):
        self.stops: List[int] = []
        self.extend = 0
        self.increment = 0

    def add(self, text: str) -> None:
        """One -t list (several -t add up); raises TabError. A "/" or "+" holds for the
        rest of its list, as in GNU's parse_tab_stops; some mistakes are only noted and
        the list read on, so one list can draw several complaints."""
        complaints: List[str] = []
        number: Optional[str] = None
        prefix = ""
        i = 0
        while i < len(text):
            char = text[i]
            if char == "," or char in " \t":
                if number is not None and not self._take(prefix, int(number), complaints):
                    break
                number = None
            elif char in "/+":
                if number is not None:
                    complaints.append(f"'{char}' specifier not at start of number: {quote(text[i:])}")
                prefix = char
            elif char in "0123456789":
                number = (number or "") + char
                if int(number) >= 1 << 64:  # past a uintmax_t: the whole run of digits named
                    start = i + 1 - len(number)
                    while i + 1 < len(text) and text[i + 1] in "0123456789":
                        i += 1
                    complaints.append(f"tab stop is too large {quote(text[start:i + 1])}")
            else:
                complaints.append(f"tab size contains invalid character(s): {quote(text[i:])}")
                break
            i += 1
        else:
            if number is not None and not complaints:
                self._take(prefix, int(number), complaints)
        if complaints:
            raise TabError("\n".join(complaints))

    def _take(self, prefix: str, value: int, complaints: List[str]) -> bool:
        """Whether the value was taken (a second "/" or "+" value is not)."""
        if prefix == "/":
            if self.extend:
                complaints.append("'/' specifier only allowed with the last value")
                return False
            self.extend = value
        elif prefix == "+":
            if self.increment:
                complaints.append("'+' specifier only allowed with the last value")
                return False
            self.increment = value
        else:
            self.stops.append(value)
        return True

    def finish(self) -> None:
        """GNU's checks once every option is read; raises TabError."""
        previous = 0
        for stop in self.stops:
            if stop == 0:
                raise TabError("tab size cannot be 0")
            if stop <= previous:
                raise TabError("tab sizes must be ascending")
            previous = stop
        if self.extend and self.increment:
            raise TabError("'/' specifier is mutually exclusive with '+'")
        if not self.stops and not (self.extend or self.increment):
            self.stops = [8]
        if not self.stops:
            self.stops, self.extend = [], self.extend or self.increment
            self.increment = 0

    def next(self, column: int, index: int) -> Tuple[Optional[int], int]:
        """(the first stop after ``column`` or None past a list's last, the list index
        to look from next time)."""
        if len(self.stops) == 1 and not (self.extend or self.increment):
            size = self.stops[0]
            return column + size - column % size, index
        while index < len(self.stops):
            if column < self.stops[index]:
                return self.stops[index], index
            index += 1
        if self.extend:
            return column + self.extend - column % self.extend, index
        if self.increment:
            last = self.stops[-1]
            return column + self.increment - (column - last) % self.increment, index
        return None, index


def gnu_expand(data: bytes, stops: TabStops, initial: bool) -> bytes:
    out = bytearray()
    column, index, convert = 0, 0, True
    for c in data:
        if convert:
            if c == TAB:
                stop, index = stops.next(column, index)
                stop = column + 1 if stop is None else stop
                _check_width(stop - column)
                out += b" " * (stop - column - 1)
                column, c = stop, SPACE
            elif c == BACKSPACE:
                column, index = max(column - 1, 0), max(index - 1, 0)
            else:
                column += 1
            convert = not initial or c in BLANKS
        out.append(c)
        if c == NEWLINE:
            column, index, convert = 0, 0, True
    return bytes(out)


def gnu_unexpand(data: bytes, stops: TabStops, whole_line: bool) -> bytes:
    out = bytearray()
    line = _UnexpandLine()
    for c in list(data) + [None]:  # None: the end, which flushes held blanks
        if line.convert:
            c = line.step(c, stops, whole_line, out)
            if c is False:
                continue  # a blank held back
        if c is None:
            break
        out.append(c)
        if c == NEWLINE:
            line = _UnexpandLine()
    return bytes(out)


class _UnexpandLine:
    """One line's state in GNU's unexpand: blanks are held until it is known whether
    they reach a tab stop."""

    def __init__(self):
        self.convert = True
        self.column = 0
        self.index = 0
        self.lone_blank_at_stop = False  # the first held blank came just before a stop
        self.prev_blank = True  # leading blanks count as if a blank came before the line
        self.held = bytearray()  # its first byte may be made a tab
        self.count = 0  # how many of ``held`` are held

    def step(self, c, stops: TabStops, whole_line: bool, out: bytearray):
        """The byte to write (None at the end), or False when ``c`` is held."""
        blank = c in BLANKS
        if blank:
            stop, self.index = stops.next(self.column, self.index)
            if stop is None:
                self.convert = False
            elif c == TAB:
                self.column = stop
                if self.count:
                    self.held[0] = TAB
                self.count = int(self.lone_blank_at_stop)
            else:
                self.column += 1
                if not (self.prev_blank and self.column == stop):
                    if self.column == stop:
                        self.lone_blank_at_stop = True
                    self._hold(c)
                    self.prev_blank = True
                    return False
                c = TAB  # the held blanks and this one become a tab
                self._set_first(TAB)
                self.count = int(self.lone_blank_at_stop)
        elif c == BACKSPACE:
            self.column, self.index = max(self.column - 1, 0), max(self.index - 1, 0)
        elif c is not None:
            self.column += 1
        if self.count:
            if self.count > 1 and self.lone_blank_at_stop:
                self.held[0] = TAB
            out += self.held[:self.count]
            self.count = 0
            self.lone_blank_at_stop = False
        self.prev_blank = blank
        self.convert = self.convert and (whole_line or blank)
        return c

    def _hold(self, c: int) -> None:
        if self.count < len(self.held):
            self.held[self.count] = c
        else:
            self.held.append(c)
        self.count += 1

    def _set_first(self, c: int) -> None:
        if self.held:
            self.held[0] = c
        else:
            self.held.append(c)


def busybox_expand(line: bytes, size: int, initial: bool) -> bytes:
    out = bytearray()
    start = 0  # the text since the last tab: it began on a tab stop
    for i, c in enumerate(line):
        if initial and c not in BLANKS:
            break
        if c == TAB:
            width = size - (i - start) % size
            _check_width(width)
            out += line[start:i] + b" " * width
            start = i + 1
    return bytes(out + line[start:])


def busybox_unexpand(line: bytes, size: int, whole_line: bool) -> bytes:
    out = bytearray()
    i, column = 0, 0
    while i < len(line):
        spaces = len(line) - i - len(line[i:].lstrip(b" "))
        i += spaces
        column += spaces
        if i < len(line) and line[i] == TAB:
            column += size - column % size
            i += 1
            continue
        tabs, column = divmod(column, size)
        if tabs:
            out += b"\t" * tabs
            spaces = column
        if not whole_line and i != 0:
            return bytes(out + b" " * spaces + line[i:])
        word = _word_length(line, i)
        out += b" " * spaces + line[i:i + word]
        i += word
        column = (column + word) % size
    return bytes(out)


def _word_length(line: bytes, i: int) -> int:
    """Bytes from ``i`` to the next blank (strcspn)."""
    end = i
    while end < len(line) and line[end] not in BLANKS:
        end += 1
    return end - i


def _chunks(data: bytes) -> List[bytes]:
    """The lines as BusyBox's xmalloc_fgets reads them: a NUL ends one too, and as
    the end of its string is not part of it (a newline is)."""
    return [chunk.rstrip(b"\0") for chunk in re.findall(rb"[^\n\0]*[\n\0]|[^\n\0]+$", data)]


def _check_width(width: int) -> None:
    if width > MOST_COLUMNS:
        raise MemoryError


def _busybox_size(ctx: Context, text: str) -> Optional[int]:
    """-t's number as xatou_range(1, UINT_MAX) reads it; None after saying why not."""
    if not (text.isascii() and text.isdigit()) or int(text) > 0xFFFFFFFF:
        error(ctx, f"invalid number '{text}'")
        return None
    if int(text) == 0:
        error(ctx, "number 0 is not in 1..4294967295 range")
        return None
    return int(text)


def _gnu_options(ctx: Context, expanding: bool):
    """(tab stops, convert the whole line) or a status."""
    stops = TabStops()
    if expanding:
        short = "it:" + "".join(f"{d}::" for d in "0123456789")
        long = {"tabs=": "t", "initial": "i"}
    else:
        short = ",0123456789at:"
        long = {"tabs=": "t", "all": "a", "first-only": "f"}
    try:
        opts, operands = parse(ctx, ctx.argv[1:], short, long, long_syntax=True)
    except OptionError as err:
        return bad_option(ctx, err)
    whole_line, first_only, digits = expanding, False, None
    try:
        for key, value in opts:
            if key == "i":
                whole_line = False
            elif key == "t":
                if not expanding:
                    whole_line = True  # unexpand's -t implies -a
                stops.add(value)
            elif key == "a":
                whole_line = True
            elif key == "f":
                first_only = True
            elif key == ",":
                if digits is not None:
                    stops.add(digits)
                digits = None
            elif expanding:  # -4 or -4,8: the digits are a tab list
                stops.add(key + (value or ""))
            else:  # unexpand's digits make one number until a comma
                digits = (digits or "") + key
        if digits is not None:
            if int(digits) >= 1 << 64:
                raise TabError("tab stop value is too large")
            stops.add(digits)
        stops.finish()
    except TabError as err:
        for complaint in str(err).split("\n"):
            error(ctx, complaint)
        return 1
    return stops, whole_line and not first_only, operands


def _busybox_options(ctx: Context, expanding: bool):
    """(tab size, convert the whole line) or a status."""
    if expanding:
        short, long = "it:", {"initial": "i", "tabs=": "t"}
    else:
        short, long = "ft:a", {"first-only": "f", "tabs=": "t", "all": "a"}
    try:
        opts, operands = parse(ctx, ctx.argv[1:], short, long)
    except OptionError as err:
        return bad_option(ctx, err)
    keys = [key for key, _value in opts]
    spec = next((value for key, value in reversed(opts) if key == "t"), "8")
    size = _busybox_size(ctx, spec)
    if size is None:
        return 1
    if expanding:
        return size, "i" not in keys, operands
    return size, ("a" in keys or "t" in keys) and "f" not in keys, operands


def _inputs(ctx: Context, operands) -> List[Optional[bytes]]:
    """Each operand's bytes ("-" is standard input, read once), None where it could not be
    read (after saying why, as each program does)."""
    stdin_read = False
    contents: List[Optional[bytes]] = []
    gnu = ctx.flavour == "gnu"
    for name in operands or ["-"]:
        if name == "-":
            contents.append(b"" if stdin_read else encode(ctx.stdin.read()))
            stdin_read = True  # (at its end: a second "-" reads nothing)
            continue
        try:
            contents.append(read_bytes(ctx, name))
        except FSError as err:
            if err.errno == EISDIR and not gnu:
                err = FSError(EIO, name)  # BusyBox's fclose_if_not_stdin: a read error is EIO
            error(ctx, f"{name}: {ctx.strerror(err)}")
            contents.append(None)
    return contents


def _run(ctx: Context, expanding: bool) -> int:
    gnu = ctx.flavour == "gnu"
    parsed = _gnu_options(ctx, expanding) if gnu else _busybox_options(ctx, expanding)
    if isinstance(parsed, int):
        return parsed
    tabs, whole_line, operands = parsed
    contents = _inputs(ctx, operands)
    readable = [data for data in contents if data is not None]
    ctx.charge(CPU_PER_BYTE * sum(map(len, readable)))
    try:
        if gnu:
            convert = gnu_expand if expanding else gnu_unexpand
            out = convert(b"".join(readable), tabs, not whole_line if expanding else whole_line)
        else:
            convert = busybox_expand if expanding else busybox_unexpand
            flag = not whole_line if expanding else whole_line
            out = b"".join(convert(line, tabs, flag) for data in readable for line in _chunks(data))
    except MemoryError:
        error(ctx, "memory exhausted" if gnu else "out of memory")
        return 1
    ctx.out(decode(out))
    return 1 if None in contents else 0


@program("expand")
def expand(ctx: Context) -> int:
    return _run(ctx, True)


@program("unexpand")
def unexpand(ctx: Context) -> int:
    return _run(ctx, False)
