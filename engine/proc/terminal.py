"""The terminal of a container started or exec'd with -t: a pseudo-terminal, /dev/pts/0.

A process's ``ctx.tty`` is this object (its controlling terminal; False without -t),
inherited by its children, so a program whose input or output is redirected still
finds its terminal, as the real ones open /dev/tty. The terminal holds what the
kernel's line discipline holds: the termios modes (stty's names: icanon, echo,
isig, icrnl, opost ...), the window size (rows, columns) and the keys typed but
not yet read.

In canonical mode (icanon, the default) the front end edits whole lines itself
(the container prompt). A full-screen program (vi, less, top) turns icanon and
echo off (``raw``), reads keys one by one (``read_key``) and draws with escape
sequences on its standard output; the front end then passes each key straight
through (``type``), where the line discipline turns Ctrl-C, Ctrl-\\ and Ctrl-Z into
signals while isig is on.
"""

from __future__ import annotations

from typing import Callable, Dict, Generator, Optional

from .api import Pipe, WaitIO

# Linux's N_TTY defaults for a new pseudo-terminal (what `stty -a` shows in `docker run -t`).
DEFAULT_MODES: Dict[str, bool] = {
    # control modes
    "parenb": False, "parodd": False, "cmspar": False, "cs8": True, "hupcl": False,
    "cstopb": False, "cread": True, "clocal": False, "crtscts": False,
    # input modes
    "ignbrk": False, "brkint": False, "ignpar": False, "parmrk": False, "inpck": False,
    "istrip": False, "inlcr": False, "igncr": False, "icrnl": True, "ixon": True,
    "ixoff": False, "iuclc": False, "ixany": False, "imaxbel": False, "iutf8": False,
    # output modes
    "opost": True, "olcuc": False, "ocrnl": False, "onlcr": True, "onocr": False,
    "onlret": False, "ofill": False, "ofdel": False, "nl0": True, "cr0": True, "tab0": True,
    "bs0": True, "vt0": True, "ff0": True,
    # local modes
    "isig": True, "icanon": True, "iexten": True, "echo": True, "echoe": True, "echok": True,
    "echonl": False, "noflsh": False, "xcase": False, "tostop": False, "echoprt": False,
    "echoctl": True, "echoke": True, "flusho": False, "extproc": False,
}
GROUPS = ("parenb", "ignbrk", "opost", "isig")  # the first mode of each line stty prints

# The keys isig turns into signals (the c_cc defaults: intr ^C, quit ^\, susp ^Z).
SIGNAL_KEYS = {"\x03": 2, "\x1c": 3, "\x1a": 20}
DEFAULT_ROWS, DEFAULT_COLUMNS = 24, 80

# Escape sequences an xterm sends for the keys programs know by name.
KEY_NAMES = {
    "\x1b[A": "up", "\x1b[B": "down", "\x1b[C": "right", "\x1b[D": "left",
    "\x1bOA": "up", "\x1bOB": "down", "\x1bOC": "right", "\x1bOD": "left",
    "\x1b[5~": "pageup", "\x1b[6~": "pagedown", "\x1b[H": "home", "\x1b[F": "end",
    "\x1b[1~": "home", "\x1b[4~": "end", "\x1bOH": "home", "\x1bOF": "end",
    "\x1b[3~": "delete", "\x1b[2~": "insert",
}


class Terminal:
    """One pseudo-terminal: modes, size and the keys waiting to be read."""

    def __init__(self, rows: int = DEFAULT_ROWS, columns: int = DEFAULT_COLUMNS):
        self.modes: Dict[str, bool] = dict(DEFAULT_MODES)
        self.rows, self.columns = rows, columns
        self.keys = _KeyQueue(self)  # typed, not yet read (the master side writes, programs read)
        self.keys.isatty = True
        self.resized = False  # the size changed since a program last read a key
        # where a signal key goes while isig is on (the front end's foreground job)
        self.on_signal: Optional[Callable[[int], None]] = None

    def __bool__(self) -> bool:
        return True  # a terminal is there (ctx.tty was a flag before it was an object)

    @property
    def raw(self) -> bool:
        """Keys go to the program one by one (a full-screen program has the terminal)."""
        return not self.modes["icanon"]

    # -- the master side: what the front end does ----------------------------------
    def type(self, text: str) -> None:
        """Keys typed at the terminal, through the line discipline."""
        for char in text:
            if self.modes["isig"] and char in SIGNAL_KEYS:
                self.keys._buffer = ""  # the kernel flushes the input queue (no noflsh)
                if self.on_signal is not None:
                    self.on_signal(SIGNAL_KEYS[char])
                continue
            if char == "\r" and self.modes["icrnl"]:
                char = "\n"
            self.keys.write(char)

    def resize(self, rows: int, columns: int) -> bool:
        """TIOCSWINSZ: True if the size changed. A program reading keys in raw mode
        learns it at once (SIGWINCH interrupts its read: ``read_key`` answers
        "resize"), so it can draw itself again at the new size."""
        if rows <= 0 or columns <= 0 or (rows, columns) == (self.rows, self.columns):
            return False
        self.rows, self.columns = rows, columns
        if self.raw:
            self.resized = True
            self.keys._notify()  # wake the reader
        return True

    # -- the slave side: what programs do ---------------------------------------------
    def set_raw(self) -> Dict[str, bool]:
        """cfmakeraw-like, as vi, less and top set it (keys one by one, no echo, no
        output processing); the modes before, for ``restore``."""
        saved = dict(self.modes)
        for name in ("icanon", "echo", "echonl", "icrnl", "inlcr", "igncr", "ixon", "isig",
                     "iexten", "opost"):
            self.modes[name] = False
        return saved

    def restore(self, saved: Dict[str, bool]) -> None:
        self.modes = dict(saved)

    def read_key(self, timeout: Optional[float] = None) -> Generator[WaitIO, None, str]:
        """The next key (an escape sequence whole, named as in KEY_NAMES when known), or
        "" once ``timeout`` seconds passed without one (poll(2) with a timeout), or
        "resize" when the window's size changed meanwhile."""
        if not self.keys.readable:
            yield WaitIO(self.keys, "read", timeout=timeout)
        if self.resized:
            self.resized = False
            return "resize"
        if not self.keys.held:
            return ""
        waiting = self.keys._buffer
        key, rest = split_key(waiting)
        self.keys.take(len(waiting) - len(rest))
        return key


def split_key(waiting: str) -> tuple:
    """(the first key of ``waiting``, the rest): an escape sequence whole, by its name."""
    if waiting.startswith("\x1b") and len(waiting) > 1:
        for sequence, name in KEY_NAMES.items():
            if waiting.startswith(sequence):
                return name, waiting[len(sequence):]
    return waiting[:1], waiting[1:]


class _KeyQueue(Pipe):
    """The keys typed; a read also returns when the window's size changed (EINTR)."""

    def __init__(self, terminal: Terminal):
        super().__init__()
        self.terminal = terminal

    @property
    def readable(self) -> bool:
        return super().readable or self.terminal.resized


def terminal_of(ctx) -> Optional[Terminal]:
    """The process's controlling terminal, if it has one (opening /dev/tty)."""
    tty = getattr(ctx, "tty", None)
    return tty if isinstance(tty, Terminal) else None


def size_of(ctx) -> tuple:
    """(columns, rows) as a program asks them of its terminal (TIOCGWINSZ), else from
    $COLUMNS and $LINES, else 80x24."""
    terminal = terminal_of(ctx)
    if terminal is not None:
        return terminal.columns, terminal.rows

    def number(name: str, default: int) -> int:
        value = ctx.env.get(name, "")
        return int(value) if value.isdigit() and 0 < int(value) < 10000 else default
    return number("COLUMNS", DEFAULT_COLUMNS), number("LINES", DEFAULT_ROWS)


__all__ = ["Terminal", "terminal_of", "size_of", "split_key", "DEFAULT_MODES", "KEY_NAMES"]
