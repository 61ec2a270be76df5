"""The real terminal lent to a program in a container that has its terminal: a
full-screen one (vi, less, top) or one reading what is typed (cat, read, redis-cli).

While a command in the container's shell has its terminal in raw mode or waits to
read it, the container prompt steps aside: the real terminal goes to raw mode, every
key typed goes straight to the container's terminal, whose line discipline edits and
echoes lines in canonical mode and turns Ctrl-C into SIGINT while isig is on, and
what the program writes, escape sequences included, goes straight to the screen.
The window's size is passed on as `docker exec -it` does (and again when it
changes). When the program ends or stops reading, the prompt takes over again
(keys typed meanwhile wait for it, as type-ahead waits in a terminal).

`exec -it CONTAINER PROGRAM` that is no shell (`exec -it web top`) gets the real
terminal for as long as the program runs (``lend_to_exec``).
"""

from __future__ import annotations

import os
import select
import sys
from contextlib import contextmanager

POLL = 0.02  # seconds between looks at the keyboard: keys feel immediate, idle costs nothing


@contextmanager
def host_raw_mode(fileno: int):
    """The real terminal in raw mode (keys one by one, no echo, no signals from keys)
    with its output processing kept; nothing changes on what is no terminal (a pipe)."""
    try:
        import termios
        saved = termios.tcgetattr(fileno) if os.isatty(fileno) else None
    except (ImportError, OSError):  # not POSIX, or not a terminal after all
        saved = None
    if saved is None:
        yield
        return
    raw = [list(part) if isinstance(part, list) else part for part in saved]
    raw[0] &= ~(termios.ICRNL | termios.IXON | termios.INLCR | termios.IGNCR)
    raw[3] &= ~(termios.ICANON | termios.ECHO | termios.ISIG | termios.IEXTEN)
    raw[6][termios.VMIN], raw[6][termios.VTIME] = 1, 0
    termios.tcsetattr(fileno, termios.TCSANOW, raw)
    try:
        yield
    finally:
        termios.tcsetattr(fileno, termios.TCSANOW, saved)


def window_size(output):
    """(rows, columns) of a prompt_toolkit output, None if it cannot tell."""
    try:
        size = output.get_size()
        return size.rows, size.columns
    except Exception:  # an output that cannot tell (a pipe): the terminal keeps its size
        return None


# Windows' console gives special keys as a prefix and a code (msvcrt.getwch): as xterm's
WINDOWS_KEYS = {"H": "\x1b[A", "P": "\x1b[B", "M": "\x1b[C", "K": "\x1b[D", "G": "\x1b[H",
                "O": "\x1b[F", "I": "\x1b[5~", "Q": "\x1b[6~", "S": "\x1b[3~", "R": "\x1b[2~"}


def _windows_keys() -> str:
    import msvcrt
    import time
    if not msvcrt.kbhit():
        time.sleep(POLL)
        return ""
    typed = []
    while msvcrt.kbhit():
        char = msvcrt.getwch()
        if char in ("\x00", "\xe0"):
            typed.append(WINDOWS_KEYS.get(msvcrt.getwch(), ""))
        else:
            typed.append(char)
    return "".join(typed)


def _keys(fileno: int):
    """What was typed, if anything ("" if nothing yet, None at end of input)."""
    if os.name == "nt":  # (select works on sockets only there)
        return _windows_keys()
    ready, _, _ = select.select([fileno], [], [], POLL)
    if not ready:
        return ""
    data = os.read(fileno, 4096)
    if not data:
        return None
    return data.decode("utf-8", "surrogateescape")


ENDED, KEYBOARD_GONE, DETACH_KEYS_TYPED = "ended", "keyboard gone", "detached"


def pass_through(session, fileno: int, size, write, detach: str = "") -> str:
    """Keys from ``fileno`` to ``session`` and its output to ``write`` while
    ``session.holds_terminal``; ``size()`` is the window's (rows, columns) or None.
    ``detach`` (the detach keys' characters) is kept from the program, as the docker
    client does: a key that may begin it waits for the next. How it ended: ENDED,
    KEYBOARD_GONE or DETACH_KEYS_TYPED."""
    engine = session.engine
    shown = None
    held = ""  # the start of the detach keys, typed
    with host_raw_mode(fileno):
        while session.holds_terminal:
            now = size()
            if now is not None and now != shown:
                shown = now
                session.resize(*now)
            write(session.read())
            keys = _keys(fileno)
            if keys is None:
                return KEYBOARD_GONE
            if keys and detach:
                keys, held = held + keys, ""
                if detach in keys:
                    session.keys(keys[:keys.index(detach)])
                    write(session.read())
                    return DETACH_KEYS_TYPED
                for cut in range(min(len(detach) - 1, len(keys)), 0, -1):
                    if keys.endswith(detach[:cut]):
                        keys, held = keys[:-cut], keys[-cut:]
                        break
            if keys:
                session.keys(keys)
            engine.settle()  # what the keys woke runs now; timers that are due fire
    write(session.read())
    return ENDED


def lend_terminal(shell_session, input, output, write, detach: str = "") -> str:
    """The container prompt's part: pass through until the program gives the terminal
    back (ENDED), the keyboard ends (KEYBOARD_GONE) or the user detaches
    (DETACH_KEYS_TYPED)."""
    return pass_through(shell_session, input.fileno(), lambda: window_size(output), write,
                        detach)


class ExecTerminal:
    """An exec'd program with a terminal (not a shell), seen as pass_through sees a
    shell session: it has the screen until it ends."""

    def __init__(self, engine, result):
        self.result = result
        self._lend(engine, result.process, 0)

    def _lend(self, engine, process, mark) -> None:
        """Take ``process``'s terminal: its signal keys signal it; output from ``mark``."""
        from engine.proc.terminal import terminal_of
        self.engine = engine
        self.process = process
        self.terminal = terminal_of(process.ctx)
        self.mark = mark
        self.terminal.on_signal = lambda signum: engine.terminal_signal(process, signum)

    @property
    def holds_terminal(self) -> bool:
        return not self.result.finished

    def read(self) -> str:
        text, self.mark = self.result.output_since(self.mark)
        return text

    def keys(self, text: str) -> None:
        self.terminal.type(text)

    def resize(self, rows: int, columns: int) -> None:
        self.terminal.resize(rows, columns)


class MainTerminal(ExecTerminal):
    """PID 1 of a container run with -it that is no shell (`run -it alpine top`): its
    output is the container's log (a terminal's: one stream)."""

    def __init__(self, engine, container, seen: int):
        self.container = container
        self._lend(engine, container.main_process, seen)

    @property
    def holds_terminal(self) -> bool:
        return self.container.state.running and self.process.alive

    def read(self) -> str:
        logs = self.container.logs
        text = "".join(line.text for line in logs[self.mark:])
        self.mark = len(logs)
        return text


def _real_window():
    try:
        size = os.get_terminal_size(sys.stdout.fileno())
        return size.lines, size.columns
    except (OSError, ValueError):
        return None


def lend_to_exec(engine, result, write, detach: str = "") -> str:
    """`exec -it` of a program that is no shell, on the real terminal: how it ended
    (see pass_through); "" where standard input is no terminal (nothing done)."""
    from engine.proc.terminal import terminal_of
    if not _stdin_is_terminal() or terminal_of(result.process.ctx) is None:
        return ""
    return pass_through(ExecTerminal(engine, result), sys.stdin.fileno(), _real_window, write,
                        detach)


def lend_to_main(engine, container, seen: int, write, detach: str = "") -> str:
    """`run -it` of a program that is no shell: as ``lend_to_exec``, for PID 1 (``seen``:
    the log lines already shown)."""
    from engine.proc.terminal import terminal_of
    process = container.main_process
    if process is None or terminal_of(process.ctx) is None or not _stdin_is_terminal():
        return ""
    return pass_through(MainTerminal(engine, container, seen), sys.stdin.fileno(),
                        _real_window, write, detach)


def _stdin_is_terminal() -> bool:
    try:
        return os.isatty(sys.stdin.fileno())
    except (OSError, ValueError, AttributeError):
        return False


__all__ = ["lend_terminal", "lend_to_exec", "lend_to_main", "window_size", "host_raw_mode",
           "ENDED", "KEYBOARD_GONE", "DETACH_KEYS_TYPED"]
