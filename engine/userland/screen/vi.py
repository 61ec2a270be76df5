"""BusyBox's vi: the modal editor a course uses, on the container's terminal.

Like BusyBox's, the file is one text buffer that always ends in a new line, the
cursor a position in it ("dot"); every change is an undo record (what was deleted
or inserted, and where), and ``modified`` counts them, as modified_count does.
What it shows follows editors/vi.c: the alternate screen, "~" below the end, the
bottom line "- FILE [Modified] LINE/LINES PERCENT%" ("I" in insert mode) unless a
message replaces it once ("'FILE' 3L, 45C" after :w, "Yank 1 lines (6 chars) from
[D]" ...), errors in reverse video, and "[Hit return to continue]" after a message
too wide for the line.

Keys: h j k l and the arrows, Backspace, Space, Enter, w b e, 0 ^ $ G (and a count:
3G, 2dd, 5j), i a I A o O C s (insert; Esc ends it), x X D dd dw de yy p P r J u, cw
ce, /pattern ?pattern n N, ^G, ^L, :w [FILE] :q :q! :wq :x :N (a line),
:[%|N,M]s/find/replace/[g] (plain text: the busybox image's build has no regular
expressions in vi) and ZZ. It follows the file's permissions ([Readonly]). Without a
terminal (a script, exec without -t) it draws on a screen of 80x24 and reads its keys
from standard input, ending with "can't read user input" (status 1) when they run
out, as BusyBox's does.
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from ...proc.api import Context, decode, encode, program
from ...vfs.entry import DIR
from ...vfs.errno import EACCES, FSError
from ..coreutils.common import check_write_dir, created_mode, credentials, may
from .ansi import (ALT_SCREEN_OFF, ALT_SCREEN_ON, CLEAR, CLEAR_EOL, NORMAL, REVERSE, Display,
                   goto)

CPU_PER_KEY = 0.00002  # a key handled and the screen redrawn (measured order: 20 µs)
TAB = 8


class Buffer:
    """The text and the cursor, with BusyBox's undo records."""

    def __init__(self, text: str):
        self.text = text if text.endswith("\n") else text + "\n"
        self.dot = 0
        self.modified = 0
        # ("del"|"ins", start, text, chained): a chained record is undone with the one
        # before it (a substitution's pieces: one u undoes them all)
        self.undo: List[Tuple[str, int, str, bool]] = []
        self.queued = False  # the last record is still being typed

    # -- lines ----------------------------------------------------------------
    def line_start(self, pos: Optional[int] = None) -> int:
        pos = self.dot if pos is None else pos
        return self.text.rfind("\n", 0, pos) + 1

    def line_end(self, pos: Optional[int] = None) -> int:
        """The position of the line's new line."""
        return self.text.index("\n", self.dot if pos is None else pos)

    def line_number(self, pos: Optional[int] = None) -> int:
        return self.text.count("\n", 0, self.dot if pos is None else pos) + 1

    @property
    def lines(self) -> int:
        return self.text.count("\n")

    def start_of_line(self, number: int) -> int:
        """Where 1-based line ``number`` starts (clamped to the buffer)."""
        pos = 0
        for _ in range(max(1, min(number, self.lines)) - 1):
            pos = self.text.index("\n", pos) + 1
        return pos

    def last_column(self, pos: Optional[int] = None) -> int:
        """Where command mode's cursor may go at most on this line (its last character)."""
        start, end = self.line_start(pos), self.line_end(pos)
        return max(start, end - 1)

    # -- changes ------------------------------------------------------------------
    def insert(self, pos: int, text: str, queued: bool = False, chained: bool = False) -> None:
        """Insert ``text``; ``queued`` (typing in insert mode) joins the record being
        typed, which counts as a change only once committed (BusyBox's undo queue:
        the bottom line says [Modified] after Esc)."""
        self.text = self.text[:pos] + text + self.text[pos:]
        last = self.undo[-1] if self.undo else None
        if queued and self.queued and last and last[0] == "ins" and last[1] + len(last[2]) == pos:
            self.undo[-1] = ("ins", last[1], last[2] + text, last[3])
            return
        self.commit()
        self.undo.append(("ins", pos, text, chained))
        if queued:
            self.queued = True
        else:
            self.modified += 1

    def commit(self) -> None:
        """The record being typed becomes a change (undo_queue_commit)."""
        if self.queued:
            self.queued = False
            self.modified += 1

    def delete(self, start: int, end: int, chained: bool = False) -> str:
        self.commit()
        gone = self.text[start:end]
        self.text = self.text[:start] + self.text[end:]
        if not self.text:
            self.text = "\n"
        self.undo.append(("del", start, gone, chained))
        self.modified += 1
        return gone

    def undo_last(self) -> str:
        """u: the last change undone; the message BusyBox's verbose status shows."""
        self.commit()
        if not self.undo:
            return "Already at oldest change"
        while True:  # down a chain to its first record, whose message stays
            kind, start, text, chained = self.undo.pop()
            count = self.modified
            if kind == "del":
                self.text = self.text[:start] + text + self.text[start:]
                word = "restored"
            else:
                self.text = self.text[:start] + self.text[start + len(text):]
                word = "deleted"
            self.modified -= 1
            if not chained or not self.undo:
                break
        self.dot = min(start, len(self.text) - 1)
        return f"Undo [{count}] {word} {len(text)} chars at position {start}"

    def substitute(self, first: int, last: int, find: str, replace: str, every: bool) -> tuple:
        """:FIRST,LAST s/FIND/REPLACE/[g] (plain text, as BusyBox's defconfig build has no
        regular expressions in vi): (substitutions, lines), the records chained."""
        count, lines, chained = 0, 0, False
        for number in range(first, last + 1):
            start = self.start_of_line(number)
            at, changed = start, False
            while True:
                found = self.text.find(find, at, self.line_end(start))
                if found < 0:
                    break
                self.delete(found, found + len(find), chained)
                if replace:
                    self.insert(found, replace, chained=True)
                chained = True
                count += 1
                changed = True
                self.dot = start
                at = found + len(replace)
                if not every or at >= self.line_end(start):
                    break
            lines += changed
        return count, lines


def _expand(line: str) -> str:
    out = []
    for char in line:
        if char == "\t":
            out.append(" " * (TAB - sum(map(len, out)) % TAB))
        elif char < " " or char == "\x7f":
            out.append("^" + chr(ord(char) ^ 0x40))
        else:
            out.append(char)
    return "".join(out)


# ":" commands' line addresses: %, or one or two of N, . and $
ADDRESSES = re.compile(r"\s*(%|[.$]|\d+)?(?:\s*,\s*([.$]|\d+))?(.*)$", re.S)


def _kind(char: str) -> int:
    """vi's word classes: 0 blank, 1 a word character, 2 punctuation."""
    if char.isspace():
        return 0
    return 1 if char.isalnum() or char == "_" else 2


def _next_word(text: str, pos: int) -> int:
    """w: the start of the next word (over new lines); the text ends in a new line,
    which no motion passes."""
    last = len(text) - 1
    kind = _kind(text[pos])
    while pos < last and kind and _kind(text[pos]) == kind:
        pos += 1
    while pos < last and _kind(text[pos]) == 0:
        pos += 1
    return pos


def _word_end(text: str, pos: int) -> int:
    """e: the last character of this word or the next."""
    last = len(text) - 1
    pos = min(pos + 1, last)
    while pos < last and _kind(text[pos]) == 0:
        pos += 1
    kind = _kind(text[pos])
    while pos + 1 < last and _kind(text[pos + 1]) == kind:
        pos += 1
    return pos


def _previous_word(text: str, pos: int) -> int:
    """b: the start of this word or the one before."""
    pos = max(0, pos - 1)
    while pos > 0 and _kind(text[pos]) == 0:
        pos -= 1
    kind = _kind(text[pos])
    while pos > 0 and _kind(text[pos - 1]) == kind:
        pos -= 1
    return pos


def _register_status(what: str, text: str) -> str:
    return f"{what} {text.count(chr(10))} lines ({len(text)} chars) from [D]"


class Editor:
    """One vi session: the buffer, the screen, the mode and the messages."""

    def __init__(self, ctx: Context, display: Display, name: Optional[str]):
        self.ctx = ctx
        self.display = display
        self.name = name
        self.buffer = Buffer("\n")
        self.insert_mode = False
        self.top = 0  # the first line shown (0-based)
        self.offset = 0  # the columns scrolled off to the left
        self.message: Optional[str] = None
        self.bold = False
        self.register = ""
        self.pattern = ""
        self.done = False
        self.readonly = False
        self.shown: List[str] = []
        self.counted = False  # the command has a count typed before it
        self._pending: Optional[str] = None  # a key read ahead (d then not w: dd?)

    # -- files ------------------------------------------------------------------
    def load(self) -> None:
        """The file into the buffer. A file that cannot be opened gives an empty buffer
        and no message (BusyBox's first load is silent); one without write permission
        (or, even for root, without any write bit) is [Readonly]."""
        if self.name is None:
            return
        ctx = self.ctx
        try:
            entry = ctx.fs.stat(self.name, ctx.cwd)
        except FSError:
            return  # a new file (or a path that cannot be opened: silent too)
        if entry.kind == DIR:
            self.fail(f"'{self.name}' is not a regular file")
            return
        self.readonly = not may(ctx, entry, 2) or not entry.mode & 0o222
        if not may(ctx, entry, 4):
            return
        try:
            self.buffer = Buffer(decode(ctx.fs.read(self.name, ctx.cwd)) or "\n")
        except FSError as err:
            self.fail(f"'{self.name}' {ctx.strerror(err)}")

    def write(self, name: Optional[str], force: bool = False) -> bool:
        """:w [FILE] (force: :w!) as BusyBox's checks it; True if written."""
        ctx = self.ctx
        target = name or self.name
        if not target:
            self.fail("No current filename")
            return False
        try:
            entry = ctx.fs.stat(target, ctx.cwd)
        except FSError:
            entry = None
        if name and name != self.name and entry is not None and not force:
            self.fail("File exists (:w! overrides)")
            return False
        if not name and self.readonly and not force:
            self.fail(f"'{target}' is read only")
            return False
        text = self.buffer.text
        uid, gid = credentials(ctx)
        try:
            if entry is None:
                check_write_dir(ctx, target)
            elif not may(ctx, entry, 2):
                raise FSError(EACCES, target)
            ctx.fs.write(target, encode(text), ctx.cwd, mode=created_mode(ctx), uid=uid, gid=gid)
        except FSError as err:
            self.fail(f"'{target}' {ctx.strerror(err)}")
            return False
        ctx.charge(len(text) * 1e-9)
        if self.name is None:
            self.name = target  # init_filename: an unnamed buffer takes the name
        if target == self.name:
            self.buffer.modified = 0
        self.say(f"'{target}' {text.count(chr(10))}L, {len(encode(text))}C")
        return True

    # -- messages -----------------------------------------------------------------
    def say(self, text: str) -> None:
        self.message, self.bold = text, False

    def fail(self, text: str) -> None:
        self.message, self.bold = text, True

    def status(self) -> str:
        buf = self.buffer
        current, total = buf.line_number(), buf.lines
        percent = 100 * current // total if total > 0 else 100
        return (f"{'I' if self.insert_mode else '-'} {self.name or 'No file'}"
                f"{' [Readonly]' if self.readonly else ''}"
                f"{' [Modified]' if buf.modified else ''} {current}/{total} {percent}%"
                )[:self.display.columns]

    # -- the screen -----------------------------------------------------------------
    def _scroll(self) -> None:
        rows = self.display.rows - 1
        line = self.buffer.line_number() - 1
        if line < self.top:
            self.top = line if self.top - line < rows // 2 else max(0, line - rows // 2)
        elif line >= self.top + rows:
            self.top = line - rows + 1 if line - (self.top + rows) < rows // 2 \
                else max(0, line - rows // 2)

    def cursor(self) -> Tuple[int, int]:
        """The cursor's row and column on the screen, shifting the whole screen sideways
        when it would leave it (BusyBox's horizontal "offset")."""
        buf = self.buffer
        start = buf.line_start()
        column = len(_expand(buf.text[start:buf.dot]))
        columns = self.display.columns
        if column < self.offset:
            self.offset = column
        if column >= columns + self.offset:
            self.offset = column - columns + 1
        return buf.line_number() - self.top, column - self.offset + 1

    def draw(self, first: bool = False) -> str:
        self._scroll()
        cursor_row, cursor_column = self.cursor()
        rows, columns = self.display.rows - 1, self.display.columns
        lines = self.buffer.text.split("\n")[:-1]
        out = [ALT_SCREEN_ON + CLEAR] if first else []
        if first or len(self.shown) != rows:
            self.shown = [""] * rows  # what the screen holds: only changed rows are drawn
        for row in range(rows):
            index = self.top + row
            shown = _expand(lines[index])[self.offset:self.offset + columns] \
                if index < len(lines) else "~"
            if shown != self.shown[row]:
                self.shown[row] = shown
                out.append(goto(row + 1, 1) + shown + CLEAR_EOL)
        out.append(self.bottom_line() + goto(cursor_row, cursor_column))
        return "".join(out)

    def bottom_line(self, text: Optional[str] = None) -> str:
        if text is None:
            if self.message is not None:
                text = REVERSE + self.message + NORMAL if self.bold else self.message
                self.message = None
            else:
                text = self.status()
        return goto(self.display.rows, 1) + CLEAR_EOL + text

    # -- motion ---------------------------------------------------------------------
    def _column(self) -> int:
        return self.buffer.dot - self.buffer.line_start()

    def _to_line(self, number: int, column: Optional[int] = None) -> None:
        buf = self.buffer
        start = buf.start_of_line(number)
        if column is None:  # first non-blank, as Enter, G and :N go
            pos = start
            while buf.text[pos] in " \t":
                pos += 1
            buf.dot = min(pos, buf.last_column(start))
        else:
            buf.dot = min(start + column, buf.last_column(start) if not self.insert_mode
                          else buf.line_end(start))

    def move(self, key: str, count: int) -> bool:
        """A motion key; False if ``key`` is none."""
        buf = self.buffer
        line = buf.line_number()
        if key in ("h", "left", "\x7f", "\x08"):
            buf.dot = max(buf.line_start(), buf.dot - count)
        elif key in ("l", "right", " "):
            limit = buf.line_end() if self.insert_mode else buf.last_column()
            buf.dot = min(limit, buf.dot + count)
        elif key in ("j", "down", "\x0e"):
            self._to_line(min(buf.lines, line + count), self._column())
        elif key in ("k", "up", "\x10"):
            self._to_line(max(1, line - count), self._column())
        elif key in ("\r", "\n", "+"):
            self._to_line(min(buf.lines, line + count))
        elif key == "-":
            self._to_line(max(1, line - count))
        elif key in ("0", "home"):
            buf.dot = buf.line_start()
        elif key == "^":
            self._to_line(line)
        elif key in ("$", "end"):
            buf.dot = buf.last_column()
        elif key == "G":
            self._to_line(count if self.counted else buf.lines)
        elif key in ("w", "b", "e"):
            for _ in range(count):
                buf.dot = {"w": _next_word, "b": _previous_word, "e": _word_end}[key](
                    buf.text, buf.dot)
            buf.dot = min(buf.dot, len(buf.text) - 1)
        else:
            return False
        return True

    # -- commands -------------------------------------------------------------------
    def command(self, key: str, count: int):
        """One command-mode key (a generator: some read more keys)."""
        buf = self.buffer
        if self.move(key, count):
            return
        if key in "iaIAoO" and len(key) == 1:
            if key == "a" and buf.text[buf.dot] != "\n":
                buf.dot += 1
            elif key == "A":
                buf.dot = buf.line_end()
            elif key == "I":
                self._to_line(buf.line_number())
            elif key == "o":
                end = buf.line_end()
                buf.insert(end, "\n", queued=True)
                buf.dot = end + 1
            elif key == "O":
                buf.dot = buf.line_start()
                buf.insert(buf.dot, "\n", queued=True)
            self.insert_mode = True
        elif key == "x":
            if buf.text[buf.dot] != "\n":
                end = min(buf.line_end(), buf.dot + count)
                self.register = buf.delete(buf.dot, end)
                buf.dot = min(buf.dot, buf.last_column())
        elif key == "X":
            start = max(buf.line_start(), buf.dot - count)
            if start < buf.dot:
                self.register = buf.delete(start, buf.dot)
                buf.dot = start
        elif key in ("D", "C"):
            if buf.text[buf.dot] != "\n":
                self.register = buf.delete(buf.dot, buf.line_end())
            if key == "C":
                self.insert_mode = True
            else:
                buf.dot = buf.last_column()
        elif key == "s":
            if buf.text[buf.dot] != "\n":
                self.register = buf.delete(buf.dot, buf.dot + 1)
            self.insert_mode = True
        elif key == "r":
            replacement = yield from self.display.key()
            end = buf.dot + max(count, 1)
            if replacement and len(replacement) == 1 and replacement >= " " \
                    and "\n" not in buf.text[buf.dot:end]:  # BusyBox: count characters or none
                for at in range(buf.dot, end):  # one change for u: the records chained
                    buf.delete(at, at + 1, chained=at > buf.dot)
                    buf.insert(at, replacement, chained=True)
                buf.dot = end - 1
        elif key == "J":
            end = buf.line_end()
            if end < len(buf.text) - 1:  # a line below to join
                after = end + 1
                while buf.text[after] in " \t":
                    after += 1
                buf.delete(end, after)  # the new line and the next line's leading blanks
                buf.insert(end, " ", chained=True)  # undone with the delete, as in BusyBox
                buf.dot = end + 1
        elif key in ("d", "c") and (yield from self._word_change(key, count)):
            return
        elif key in ("d", "y"):
            second, self._pending = self._pending, None
            if second is None:
                second = yield from self.display.key()
            if second != key:
                return
            start = buf.line_start()
            end = start
            for _ in range(count):
                if end >= len(buf.text):
                    break
                end = buf.text.index("\n", end) + 1
            self.register = buf.text[start:end]
            if key == "d":
                buf.delete(start, end)
                buf.dot = min(start, len(buf.text) - 1)
                self._to_line(buf.line_number())
                self.say(_register_status("Delete", self.register))
            else:
                self.say(_register_status("Yank", self.register))
        elif key in ("p", "P"):
            if not self.register:
                self.fail("Nothing in register D")
                return
            text = self.register * count
            if text.endswith("\n"):  # whole lines: below (p) or above (P) this one
                at = buf.line_end() + 1 if key == "p" else buf.line_start()
                buf.insert(at, text)
                buf.dot = at
                self._to_line(buf.line_number())
            else:
                at = buf.dot + (1 if key == "p" and buf.text[buf.dot] != "\n" else 0)
                buf.insert(at, text)
                buf.dot = at + len(text) - 1
            self.say(_register_status("Put", self.register))
        elif key == "u":
            message = buf.undo_last()
            buf.dot = min(buf.dot, buf.last_column())
            self.say(message)
        elif key in ("/", "?"):
            pattern = yield from self.display.read_line(self.bottom_line(key))
            if pattern is None:
                return
            if pattern:
                self.pattern = pattern
            self.search(1)
        elif key in ("n", "N"):
            self.search(1 if key == "n" else -1)
        elif key == ":":
            line = yield from self.display.read_line(self.bottom_line(":"))
            if line is not None:
                self.colon(line.strip())
        elif key == "Z":
            second = yield from self.display.key()
            if second == "Z":
                if buf.modified and not self.write(None):
                    return
                self.done = True
        elif key == "\x0c":  # ^L: redraw
            self.display.write(CLEAR)
            self.shown = []
        elif key == "\x07":  # ^G: the file's status
            self.say(self.status()[2:])
        elif key == "\x1b":
            self.display.write("\x07")  # Esc in command mode: the bell

    def _word_change(self, key: str, count: int):
        """dw, de, cw, ce (a generator: True if it was one of them; dd and yy go on)."""
        buf = self.buffer
        second = yield from self.display.key()
        if second not in ("w", "e"):
            self._pending = second
            return False
        end = buf.dot
        for _ in range(count):  # cw changes to the end of the word, as vi's does
            end = _next_word(buf.text, end) if second == "w" and key == "d" else \
                _word_end(buf.text, end) + 1
        end = min(end, buf.line_end())
        if end > buf.dot:
            self.register = buf.delete(buf.dot, end)
        if key == "c":
            self.insert_mode = True
        else:
            self.say(_register_status("Delete", self.register))
            buf.dot = min(buf.dot, buf.last_column())
        return True

    def search(self, direction: int) -> None:
        if not self.pattern:
            self.fail("No previous search")
            return
        buf = self.buffer
        text = buf.text
        if direction > 0:
            found = text.find(self.pattern, buf.dot + 1)
            wrapped = found < 0
            if wrapped:
                found = text.find(self.pattern)
        else:
            found = text.rfind(self.pattern, 0, buf.dot)
            wrapped = found < 0
            if wrapped:
                found = text.rfind(self.pattern)
        if found < 0:
            self.fail("Pattern not found")
            return
        buf.dot = found
        if wrapped:
            ends = ("BOTTOM", "TOP") if direction > 0 else ("TOP", "BOTTOM")
            self.fail("search hit %s, continuing at %s" % ends)

    def _address(self, text: Optional[str]) -> Optional[int]:
        buf = self.buffer
        if text is None or text == "%":
            return None
        return {".": buf.line_number(), "$": buf.lines}.get(text) or int(text)

    def colon(self, line: str) -> None:
        buf = self.buffer
        if not line:
            return
        match = ADDRESSES.match(line)
        first, last = self._address(match.group(1)), self._address(match.group(2))
        if match.group(1) == "%":
            first, last = 1, buf.lines
        if first is not None:  # an address past the end, or a range backwards
            end = first if last is None else last
            if end > buf.lines or (last is not None and first > last):
                self.fail("Invalid range")
                return
        line = match.group(3).strip()
        if not line:
            if first is not None:
                self._to_line(last or first)
            return
        if line.startswith("s") and len(line) > 1 and not line[1].isalnum():
            self._substitute(line, first, last)
            return
        word, _, argument = line.partition(" ")
        argument = argument.strip() or None
        force = word.endswith("!")
        word = word.rstrip("!")
        if word in ("q", "quit"):
            if buf.modified and not force:
                self.fail(f"No write since last change (:{word}! overrides)")
                return
            self.done = True
        elif word in ("w", "write", "wq", "x"):
            if word == "x" and not buf.modified and argument is None:
                self.done = True
                return
            if self.write(argument, force) and word in ("wq", "x"):
                self.done = True
        elif word in ("e", "edit", "n", "next", "r", "read", "set", "f", "file", "d",
                      "delete", "y", "yank", "l", "list", "p", "print", "!") or \
                word.startswith(("g/", "!")):
            self.fail(f"':{word}' is not simulated by crsim yet")  # (BusyBox's vi has it)
        else:
            self.fail(f"'{word}' is not implemented")

    def _substitute(self, line: str, first: Optional[int], last: Optional[int]) -> None:
        """:[range]s/find/replace/[g]: the current line without a range."""
        buf = self.buffer
        parts = line[2:].split(line[1])
        if len(parts) < 2:
            self.say(":s expression missing delimiters")
            return
        find, replace = parts[0], parts[1]
        every = len(parts) > 2 and parts[2].startswith("g")
        if find:
            self.pattern = find  # the last search, for n and an empty pattern
        elif not self.pattern:
            self.fail("No previous search")
            return
        current = buf.line_number()
        first = current if first is None else first
        last = first if last is None else last
        count, lines = buf.substitute(max(1, first), min(last, buf.lines), find or self.pattern,
                                      replace, every)
        if not count:
            self.fail("No match")
            return
        self._to_line(buf.line_number())  # to its first non-blank
        if count > 1:
            self.say(f"{count} substitutions on {lines} lines")

    def insert_key(self, key: str) -> None:
        buf = self.buffer
        if key == "\x1b":
            self.insert_mode = False
            buf.commit()
            if buf.dot > buf.line_start():
                buf.dot -= 1
            return
        if key in ("\x7f", "\x08"):
            if buf.dot > buf.line_start():
                buf.delete(buf.dot - 1, buf.dot)
                buf.dot -= 1
            return
        if len(key) > 1 and self.move(key, 1):  # arrows and the like; letters are text
            return
        if key == "\r":
            key = "\n"
        if len(key) == 1 and (key >= " " or key in "\n\t"):
            buf.insert(buf.dot, key, queued=True)
            buf.dot += 1

    def hit_return(self) -> bool:
        """A message wider than the line waits for a key ("[Hit return to continue]")."""
        return self.message is not None and len(self.message) > self.display.columns - 1

    # -- the loop ---------------------------------------------------------------------
    def run(self):
        display = self.display
        display.write(self.draw(first=True))
        count_text = ""
        while not self.done:
            key = yield from display.key()
            if key is None:
                display.write(goto(display.rows, 1) + CLEAR_EOL)
                return False
            self.ctx.charge(CPU_PER_KEY)
            if key == "resize":  # drawn again whole at the new size
                display.write(CLEAR)
                self.shown = []
            elif self.insert_mode:
                self.insert_key(key)
            elif key.isdigit() and len(key) == 1 and (count_text or key != "0"):
                count_text += key
                continue
            else:
                self.counted = bool(count_text)  # (G alone goes to the last line)
                count = int(count_text) if count_text else 1
                count_text = ""
                yield from self.command(key, count)
            if self.done:
                break
            if self.hit_return():  # the text drawn, then the message waits for Enter
                message, bold = self.message, self.bold
                self.message = None
                display.write(self.draw() + self.bottom_line(
                    (REVERSE + message + NORMAL if bold else message)
                    + REVERSE + "[Hit return to continue]" + NORMAL))
                key = yield from display.key()
                while key not in ("\r", "\n", None):  # (Hit_Return takes no other key)
                    key = yield from display.key()
                display.write(CLEAR)
                self.shown = []
            display.write(self.draw())
        display.write(goto(display.rows, 1) + CLEAR_EOL + ALT_SCREEN_OFF)
        return True


@program("vi")
def vi(ctx: Context):
    names = [arg for arg in ctx.argv[1:] if not arg.startswith("-") or arg == "-"]
    display = Display.open(ctx)
    editor = Editor(ctx, display, names[0] if names else None)
    try:
        editor.load()
        ended = yield from editor.run()
    finally:
        display.close()
    if not ended:  # keys from a pipe that ran out (no terminal)
        ctx.error("can't read user input")
        return 1
    return 0


__all__ = ["vi", "Editor", "Buffer"]
