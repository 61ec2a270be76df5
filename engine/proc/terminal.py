"""The terminal of a container started or exec'd with -t: a pseudo-terminal, /dev/pts/0.

A process's ``ctx.tty`` is this object (its controlling terminal; False without -t),
inherited by its children, so a program whose input or output is redirected still
finds its terminal, as the real ones open /dev/tty. The terminal holds what the
kernel's line discipline holds: the termios modes (stty's names: icanon, echo,
isig, icrnl, opost ...), the window size (rows, columns) and the keys typed but
not yet read.

The keys typed reach it through ``type``, the line discipline, as N_TTY does it:
in canonical mode (icanon, the default) a line is edited there (erase, ^U, ^W)
and echoed, and a program reading the terminal (``cat``, ``read``, redis-cli's
prompt) gets it whole once Enter is typed, ^D giving what is there or end of file;
while isig is on, Ctrl-C, Ctrl-\\ and Ctrl-Z become signals (echoed ^C, ^\\, ^Z).
A full-screen program (vi, less, top) turns icanon and echo off (``raw``), reads
keys one by one (``read_key``) and draws with escape sequences on its output. (The
shell's own command line is edited by the front end, the container prompt.)
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Callable, Dict, Generator, Optional

from .api import Pipe, Stream, TerminalInput, WaitIO

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
# The editing keys of canonical mode (c_cc defaults: erase ^?, kill ^U, eof ^D, werase ^W).
ERASE, KILL, EOF, WERASE = "\x7f", "\x15", "\x04", "\x17"
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
        self.echo_to: Optional[Stream] = None  # what the terminal shows (echo goes there)
        # the job-control shell's check of a reader: True if it was in a background job,
        # which SIGTTIN then stopped (the kernel's rule for reading a terminal)
        self.background_reader: Optional[Callable[[object], bool]] = None
        self._line = ""  # canonical mode: the line being typed, not yet readable

    def __bool__(self) -> bool:
        return True  # a terminal is there (ctx.tty was a flag before it was an object)

    @property
    def raw(self) -> bool:
        """Keys go to the program one by one (a full-screen program has the terminal)."""
        return not self.modes["icanon"]

    # -- the master side: what the front end does ----------------------------------
    def type(self, text: str) -> None:
        """Keys typed at the terminal, through the line discipline."""
        modes = self.modes
        for char in text:
            if modes["isig"] and char in SIGNAL_KEYS:
                self._line = ""  # the input queue is flushed (no noflsh)
                self.keys.flush()
                self._echo_control(char)
                if self.on_signal is not None:
                    self.on_signal(SIGNAL_KEYS[char])
                continue
            if char == "\r" and modes["icrnl"]:
                char = "\n"
            if not modes["icanon"]:
                self.keys.write(char)
                self._echo(char)
            elif char == "\n":
                line, self._line = self._line + char, ""
                self.keys.write(line)
                if modes["echo"] or modes["echonl"]:
                    self._show(char)
            elif char == EOF:
                line, self._line = self._line, ""
                if line:
                    self.keys.write(line)
                else:
                    self.keys.end_of_file()
            elif char in (ERASE, "\b"):
                self._rub_out(1)
            elif char == KILL:
                self._rub_out(len(self._line))
            elif char == WERASE and modes["iexten"]:
                word_start = self._line.rstrip(" ").rfind(" ") + 1  # blanks, then the word
                self._rub_out(len(self._line) - word_start)
            else:
                self._line += char
                self._echo(char)

    def _rub_out(self, count: int) -> None:
        """Erase the last ``count`` characters typed (echoe: backspace, space, backspace)."""
        count = min(count, len(self._line))
        if count:
            self._line = self._line[:-count]
            if self.modes["echo"]:
                self._show("\b \b" * count if self.modes["echoe"] else ERASE * count)

    def _echo(self, char: str) -> None:
        if self.modes["echo"]:
            if self.modes["echoctl"] and char < " " and char not in "\t\n":
                self._echo_control(char)
            else:
                self._show(char)

    def _echo_control(self, char: str) -> None:
        """echoctl: a control character echoes as ^ and its letter (Ctrl-C as ^C)."""
        if self.modes["echo"] and self.modes["echoctl"]:
            self._show("^" + chr(ord(char) + 64))

    def _show(self, text: str) -> None:
        if self.echo_to is not None:
            self.echo_to.write(text)

    def take_type_ahead(self) -> str:
        """What was typed and nobody read (whole lines, then the line begun), taken off
        the terminal: the shell's prompt reads it next, as a terminal keeps type-ahead."""
        typed, self._line = self.keys.flush() + self._line, ""
        return typed

    def stops_reader(self, process) -> bool:
        """A process about to read: False if it may; True if it is in a background job
        (that job was sent SIGTTIN)."""
        return self.background_reader is not None and self.background_reader(process)

    def stop_background_readers(self) -> None:
        """The shell is about to prompt: a background job that began to read before the
        shell knew it as a job is stopped now (SIGTTIN), as it would have been at once."""
        for _, process in list(self.keys._waiters):
            if process.alive and not process.stopped:
                self.stops_reader(process)

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
        waiting = self.keys.waiting()
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
    """The input a program reads from the terminal: in canonical mode one line a read;
    ^D on an empty line is one end of file (a read of nothing), not the end for good.
    A read also returns when the window's size changed (EINTR)."""

    def __init__(self, terminal: Terminal):
        super().__init__()
        self.terminal = terminal
        self._eof = False

    def end_of_file(self) -> None:
        self._eof = True
        self._notify()

    def waiting(self) -> str:
        """What was typed (whole lines in canonical mode) and not read yet."""
        return self._buffer

    def flush(self) -> str:
        """Take everything waiting (a signal key's flush, or type-ahead handed on)."""
        gone, self._buffer = self._buffer, ""
        return gone

    @property
    def readable(self) -> bool:
        return super().readable or self._eof or (self.terminal.resized and self.terminal.raw)

    def take(self, count: int) -> str:
        if not self.held:
            if not self._eof and not self.terminal.resized:
                raise TerminalInput()  # a read that would block (see TerminalInput)
            self._eof = False  # this read is the end of file; the next one waits again
            return ""
        if self.terminal.modes["icanon"]:
            end = self._buffer.find("\n")
            if end >= 0:
                count = min(count, end + 1)
        return super().take(count)

    def read(self) -> str:
        return self.take(self.held)


def read_line(ctx, echo: bool = True) -> Generator:
    """A line of standard input without its newline (None at its end), read a character at
    a time as a prompt's answer is (a terminal waits for it to be typed). ``echo=False``:
    as getpass(3) and BusyBox's bb_ask_noecho read a password, the terminal showing
    nothing meanwhile."""
    terminal = terminal_of(ctx) if not echo and getattr(ctx.stdin, "isatty", False) else None
    saved = dict(terminal.modes) if terminal is not None else None
    if terminal is not None:
        terminal.modes.update(echo=False, echoe=False, echok=False, echonl=False)
    try:
        text = ""
        while not text.endswith("\n"):
            chunk = yield from ctx.read_some(size=1)
            if not chunk:
                return text or None
            text += chunk
    finally:
        if terminal is not None:
            terminal.restore(saved)
    return text[:-1]


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
