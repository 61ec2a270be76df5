"""What full-screen programs write, and how they hold the terminal.

The sequences are the VT100/xterm ones BusyBox's programs write (ESC [ row ; col H,
ESC [ K, ESC [ 7 m ...); ``Display`` is a program's session on its terminal: raw mode
from the start, the modes as they were put back at the end, also when the program
is killed (the generator is closed where it waits for a key).
"""

from __future__ import annotations

from typing import Generator, Optional

from ...proc.api import Context
from ...proc.terminal import DEFAULT_COLUMNS, DEFAULT_ROWS, Terminal, split_key, terminal_of

ESC = "\x1b"
HOME = ESC + "[H"
CLEAR = HOME + ESC + "[J"  # cursor home, erase to the end of the screen
ERASE_SCREEN = ESC + "[2J"
CLEAR_EOL = ESC + "[K"
REVERSE = ESC + "[7m"  # BusyBox calls it bold (ESC_BOLD_TEXT)
NORMAL = ESC + "[m"
ALT_SCREEN_ON = ESC + "[?1049h"
ALT_SCREEN_OFF = ESC + "[?1049l"
KEYPAD_ON = ESC + "[?1h" + ESC + "="  # application cursor keys and keypad (what GNU less asks for)
KEYPAD_OFF = ESC + "[?1l" + ESC + ">"


def goto(row: int, column: int) -> str:
    """Cursor to a 1-based row and column."""
    return f"{ESC}[{row};{column}H"


class Display:
    """A program's hold on its terminal: raw mode, keys, size, output. Without a
    terminal (``terminal`` None) the keys come from standard input, the size is
    80x24, and ``key`` answers None at its end."""

    def __init__(self, ctx: Context, terminal: Optional[Terminal]):
        self.ctx = ctx
        self.terminal = terminal
        self._saved = terminal.set_raw() if terminal is not None else None
        self._pending = ""  # standard input read, not yet taken as keys

    @classmethod
    def open(cls, ctx: Context) -> "Display":
        return cls(ctx, terminal_of(ctx))

    @property
    def rows(self) -> int:
        return self.terminal.rows if self.terminal is not None else DEFAULT_ROWS

    @property
    def columns(self) -> int:
        return self.terminal.columns if self.terminal is not None else DEFAULT_COLUMNS

    def write(self, text: str) -> None:
        self.ctx.out(text)

    def key(self, timeout: Optional[float] = None) -> Generator:
        """The next key ("" if ``timeout`` seconds pass first; None at end of input)."""
        if self.terminal is not None:
            return (yield from self.terminal.read_key(timeout))
        if not self._pending:
            self._pending = yield from self.ctx.read_some(self.ctx.stdin)
            if not self._pending:
                return None
        key, self._pending = split_key(self._pending)
        return key

    def read_line(self, lead: str) -> Generator:
        """A line typed on the bottom row after ``lead`` (already drawn there: ":" or
        "/"), echoed as typed; the text at Enter, None at Esc (or Backspace on nothing)."""
        self.write(lead)
        text = ""
        while True:
            key = yield from self.key()
            if key is None or key == "\x1b":
                return None
            if key in ("\r", "\n"):
                return text
            if key in ("\x7f", "\x08"):
                if not text:
                    return None
                text = text[:-1]
                self.write("\x08 \x08")
            elif len(key) == 1 and key >= " ":
                text += key
                self.write(key)

    def close(self) -> None:
        if self.terminal is not None:
            self.terminal.restore(self._saved)
