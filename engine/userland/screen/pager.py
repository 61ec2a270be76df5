"""The pagers on a terminal: BusyBox's less and more (miscutils/less.c,
util-linux/more.c), and Debian's util-linux more and GNU less (``gnu_more``,
``GnuLess``). Long lines are folded into rows of the terminal's width.

BusyBox's less shows the rows but one of the text ("~" past its end; like BusyBox's it counts
the empty line after the last new line), and on the bottom row the file's name in
reverse video at the top, "(END)" (reverse) once the end shows, ":" otherwise.
Keys: Space f z PageDown (a screen on), b w PageUp (back), Enter j e Down (a line
on), k y Up (back), d u (half a screen), g < p % Home (the top), G > End (the end),
/PATTERN ?PATTERN n N (search, every match in reverse video), r (redraw), q Q.
On quitting it clears the bottom row and leaves the text on the screen. -N numbers
the rows, -E quits once the end shows, -F when the text fits the screen.

more prints screens of rows-1 lines and waits at "--More-- (P% of N bytes)" (P
from the position read so far, per hundredth of the size: BusyBox's arithmetic,
which gives more than 100% of a file under 100 bytes... it is what it shows).
Keys: Space (a screen), Enter (a line), r (the rest), q; any other key shows the
help line.
"""

from __future__ import annotations

import re
from typing import List, Optional

from ...proc.api import Context
from .ansi import (ALT_SCREEN_OFF, ALT_SCREEN_ON, CLEAR_EOL, ERASE_SCREEN, HOME, KEYPAD_OFF, KEYPAD_ON,
                   NORMAL, REVERSE, Display, goto)

CPU_PER_SCREEN = 0.00005


def wrapped(line: str, columns: int) -> List[str]:
    """The screen rows a line takes on a terminal of ``columns`` (the pagers fold long
    lines: a row is full at the last column)."""
    if len(line) <= columns:
        return [line]
    return [line[i:i + columns] for i in range(0, len(line), columns)]


def _home() -> str:
    return goto(0, 0)  # BusyBox's less writes row 0, column 0 (terminals take it as 1;1)


class Less:
    """BusyBox's less on one text."""

    NOT_FOUND = "No matches found"
    REVERSE_OFF = NORMAL

    def __init__(self, ctx: Context, display: Display, name: str, text: str, flags: str = ""):
        self.ctx = ctx
        self.display = display
        self.name = name
        self.numbered = "N" in flags  # -N: each row after its line's number (8 columns)
        # -E: quit once the end shows; -F: quit at once if it all fits the screen
        self.quit_at_end, self.quit_if_short = "E" in flags, "F" in flags
        self.width = display.columns - (8 if self.numbered else 0)
        self.lines: List[str] = []
        self.numbers: List[int] = []  # the line each row shows (a long one takes several)
        for number, line in enumerate(text.split("\n"), 1):
            for row in wrapped(line, self.width):
                self.lines.append(row)
                self.numbers.append(number)
        self.top = 0
        self.pattern: Optional[re.Pattern] = None
        self.matches: List[int] = []
        self.match = -1

    @property
    def shown(self) -> int:
        """max_displayed_line: the index of the last text row."""
        return self.display.rows - 2

    @property
    def last(self) -> int:
        return len(self.lines) - 1  # max_fline

    def at_end(self) -> bool:
        return self.top + self.shown >= self.last

    def _cap(self) -> None:
        if self.top + self.shown > self.last + 1:  # one "~" row at most (TILDES)
            self.top = self.last - self.shown + 1
        self.top = max(0, self.top)

    def _line(self, text: str) -> str:
        text = text[:self.width]
        if self.pattern is None:
            return text
        return self.pattern.sub(lambda m: REVERSE + m.group(0) + self.REVERSE_OFF, text)

    def draw(self) -> str:
        rows = []
        for row in range(self.shown + 1):
            index = self.top + row
            number = (f"{self.numbers[index]:7d} " if index <= self.last else " " * 8) \
                if self.numbered else ""
            rows.append(CLEAR_EOL + number + (self._line(self.lines[index]) if index <= self.last
                                              else "~") + "\r\n")
        self.ctx.charge(CPU_PER_SCREEN)
        return _home() + "".join(rows) + self.status()

    def bottom(self, text: str) -> str:
        return goto(self.display.rows, 0) + CLEAR_EOL + text

    def status(self) -> str:
        if self.top and not self.at_end():
            return self.bottom(":")
        return self.bottom(REVERSE + (self.name if not self.top else "(END)") + NORMAL)

    def down(self, count: int) -> None:
        self.top += count
        self._cap()

    def up(self, count: int) -> None:
        self.top = max(0, self.top - count)

    def search(self, text: str, backwards: bool) -> Optional[str]:
        try:
            self.pattern = re.compile(text) if text else self.pattern
        except re.error:
            return "Invalid regular expression"  # (regcomp's own words vary)
        if self.pattern is None:
            return None
        self.matches = [i for i, line in enumerate(self.lines) if self.pattern.search(line)]
        if not self.matches:
            self.pattern = None
            return self.NOT_FOUND
        after = [i for i, line in enumerate(self.matches) if line >= self.top]
        self.match = (after[0] if after else len(self.matches) - 1)
        if backwards:
            before = [i for i, line in enumerate(self.matches) if line <= self.top]
            self.match = before[-1] if before else 0
        self.top = self.matches[self.match]
        self._cap()
        return None

    def goto_match(self, step: int) -> None:
        if not self.matches:
            return
        self.match = max(0, min(len(self.matches) - 1, self.match + step))
        self.top = self.matches[self.match]
        self._cap()

    def done(self) -> bool:
        """-E at the end, -F when it all fits: less quits as soon as it has drawn that."""
        if not (self.quit_at_end or self.quit_if_short):
            return False
        first = 0 if self.quit_if_short else self.top
        return self.last - first <= self.shown

    def run(self):
        display = self.display
        display.write(self.draw())
        if self.done():
            display.write(self.bottom(""))
            return
        page = self.shown + 1
        while True:
            key = yield from display.key()
            message = None
            if key in (None, "q", "Q"):
                display.write(self.bottom(""))
                return
            if key in ("down", "e", "j", "\r", "\n"):
                self.down(1)
            elif key in ("up", "y", "k"):
                self.up(1)
            elif key in ("pagedown", " ", "z", "f"):
                self.down(page)
            elif key in ("pageup", "w", "b"):
                self.up(page)
            elif key == "d":
                self.down(page // 2)
            elif key == "u":
                self.up(page // 2)
            elif key in ("home", "g", "p", "<", "%"):
                self.top = 0
            elif key in ("end", "G", ">"):
                self.top = self.last
                self._cap()
            elif key in ("/", "?"):
                text = yield from display.read_line(self.bottom(key))
                if text is None:
                    display.write(self.status())
                    continue
                message = self.search(text, key == "?")
            elif key in ("n", "N"):
                self.goto_match(1 if key == "n" else -1)
            elif key not in ("r", "R", "resize"):
                continue
            display.write(self.draw())
            if self.done():
                display.write(self.bottom(""))
                return
            if message:
                display.write(self.bottom(REVERSE + message + NORMAL))


def busybox_less(ctx: Context, name: str, text: str, flags: str = ""):
    display = Display.open(ctx)
    try:
        yield from Less(ctx, display, name, text, flags).run()
    finally:
        display.close()


def busybox_more(ctx: Context, display: Display, data: str, size: int):
    """Page one file; False if q was typed (the other files are not shown)."""
    height = display.rows - 1
    position, lines, shown = 0, 0, []
    chunks = data.splitlines(keepends=True)
    rest = False
    for line in chunks:
        if lines >= height and not rest:
            out = "".join(shown)
            shown = []
            where = position + 1  # ftello() after the next line's first character
            prompt = "--More-- " + (f"({where // max(1, size // 100)}% of {size} bytes)"
                                    if size else "")
            display.write(out + prompt)
            ctx.charge(CPU_PER_SCREEN)
            while True:
                key = yield from display.key()
                if key == "resize":
                    continue
                key = key.lower() if key else key
                display.write("\r" + " " * len(prompt) + "\r")
                if key in (None, "q"):
                    return False
                if key in (" ", "\r", "\n", "r"):
                    break
                prompt = "(Enter:next line Space:next page Q:quit R:show the rest)"
                display.write(prompt)
            lines = height - 1 if key in ("\r", "\n") else 0
            rest = key == "r"
        shown.append(line.replace("\n", "\r\n"))  # a long one wraps on the terminal
        position += len(line)
        lines += len(wrapped(line.rstrip("\n"), display.columns))
    display.write("".join(shown))
    return True




# -- util-linux's more and GNU less (Debian, Ubuntu) ------------------------------------

GNU_REVERSE_OFF = "\x1b[27m"
BANNER = "::::::::::::::"


def gnu_more(ctx: Context, display: Display, files):
    """util-linux 2.38's more: ``files`` as (name, text) pairs, a banner above each when
    there are several. It stops at the end of the text with "(END)" and waits for q,
    as Debian 12's does."""
    page = display.rows - 1
    lines: List[str] = []
    sizes: List[int] = []  # the bytes shown once a row is: a long line's on its last row
    for name, text in files:
        if len(files) > 1:
            lines += [BANNER, name or "", BANNER]
            sizes += [0, 0, 0]
        for line in text.splitlines():
            rows = wrapped(line, display.columns)
            lines += rows
            sizes += [0] * (len(rows) - 1) + [len(line.encode()) + 1]
    # the percentage needs the size: none for a pipe
    size = 0 if any(name is None for name, _ in files) else sum(len(text.encode())
                                                                   for _, text in files)
    shown = 0

    def prompt() -> str:
        if shown >= len(lines):
            return REVERSE + "--More--\r" + CLEAR_EOL + "(END)" + GNU_REVERSE_OFF
        percent = f"({100 * sum(sizes[:shown]) // size}%)" if size else ""
        return REVERSE + "--More--" + percent + GNU_REVERSE_OFF

    def show(count: int, lead: str) -> str:
        nonlocal shown
        chunk = lines[shown:shown + count]
        shown += len(chunk)
        rows = chunk + [""] * (count - len(chunk)) if shown >= len(lines) else chunk
        if not rows:
            return lead
        return lead + rows[0] + (CLEAR_EOL if lead else "") + "\r\n" + "".join(
            row + "\r\n" for row in rows[1:])

    display.write(show(page, "") + prompt())
    while True:
        ctx.charge(CPU_PER_SCREEN)
        key = yield from display.key()
        if key in (None, "q", "Q"):
            display.write("\r" + CLEAR_EOL)
            return
        if key in (" ", "z", "pagedown"):
            out = show(page, "\r")
        elif key in ("\r", "\n", "j", "down"):
            out = show(1, "\r")
        elif key in ("d", "\x04"):
            out = show(page // 2, "\r")
        elif key in ("b", "\x02", "pageup") and shown < len(lines):
            shown = max(0, shown - 2 * page - 1)
            out = show(page, "\r" + CLEAR_EOL + "...back 1 page\r\n\r")
        else:
            continue
        display.write(out + prompt())


class GnuLess(Less):
    """GNU less 590: the alternate screen, the file's name in reverse on the first
    prompt ("NAME (END)" when it all fits), ":" while paging, "(END)" at the end, no
    "~" rows: the last screen ends with the last line."""

    NOT_FOUND = "Pattern not found  (press RETURN)"
    REVERSE_OFF = GNU_REVERSE_OFF

    def __init__(self, ctx: Context, display: Display, name: str, text: str):
        super().__init__(ctx, display, name, text)
        if self.lines and self.lines[-1] == "":
            self.lines.pop()  # the line after the last new line is none for GNU less
        self.first = True

    def _cap(self) -> None:
        self.top = max(0, min(self.top, len(self.lines) - (self.shown + 1)))

    def draw(self) -> str:
        rows = [self._line(line) + CLEAR_EOL + "\r\n"
                for line in self.lines[self.top:self.top + self.shown + 1]]
        self.ctx.charge(CPU_PER_SCREEN)
        return HOME + ERASE_SCREEN * (len(rows) <= self.shown) + "".join(rows) + self.status()

    def bottom(self, text: str) -> str:
        return "\r" + CLEAR_EOL + text

    def status(self) -> str:
        if self.first and self.name is not None:  # (a pipe has no name to show)
            self.first = False
            label = self.name + (" (END)" if self.at_end() else "")
        elif self.at_end():
            label = "(END)"
        else:
            return ":" + CLEAR_EOL
        return REVERSE + label + GNU_REVERSE_OFF + CLEAR_EOL


def gnu_less(ctx: Context, name: str, text: str):
    display = Display.open(ctx)
    display.write(ALT_SCREEN_ON + KEYPAD_ON)
    try:
        pager = GnuLess(ctx, display, name, text)
        yield from pager.run()
    finally:
        display.write("\r" + CLEAR_EOL + KEYPAD_OFF + ALT_SCREEN_OFF)
        display.close()


__all__ = ["busybox_less", "busybox_more", "gnu_less", "gnu_more"]
