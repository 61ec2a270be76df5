"""The real terminal lent to a full-screen program in a container (vi, less, top).

While a command in the container's shell has its terminal in raw mode, the
container prompt steps aside: the real terminal goes to raw mode too, every key
typed goes straight to the container's terminal (whose line discipline turns
Ctrl-C into SIGINT while the program keeps isig on) and what the program writes,
escape sequences included, goes straight to the screen. The window's size is
passed on as `docker exec -it` does (and again when it changes). When the program
ends or puts the terminal back in canonical mode, the prompt takes over again.
"""

from __future__ import annotations

import os
import select

POLL = 0.02  # seconds between looks at the keyboard: keys feel immediate, idle costs nothing


def window_size(output):
    try:
        size = output.get_size()
        return size.rows, size.columns
    except Exception:  # an output that cannot tell (a pipe): the terminal keeps its size
        return None


def _keys(fileno: int) -> str:
    """What was typed, if anything (None at end of input)."""
    ready, _, _ = select.select([fileno], [], [], POLL)
    if not ready:
        return ""
    data = os.read(fileno, 4096)
    if not data:
        return None
    return data.decode("utf-8", "surrogateescape")


def lend_terminal(shell_session, input, output, write) -> bool:
    """Pass keys and output through until the program gives the terminal back;
    False if the keyboard ended (the caller then ends the session as Ctrl-D would)."""
    engine = shell_session.engine
    shown = None
    with input.raw_mode():
        fileno = input.fileno()
        while shell_session.full_screen:
            size = window_size(output)
            if size is not None and size != shown:
                shown = size
                shell_session.resize(*size)
            write(shell_session.read())
            keys = _keys(fileno)
            if keys is None:
                return False
            if keys:
                shell_session.keys(keys)
            engine.settle()  # what the keys woke runs now; timers that are due fire
    write(shell_session.read())
    return True


__all__ = ["lend_terminal", "window_size"]
