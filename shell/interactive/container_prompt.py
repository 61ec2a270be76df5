"""The prompt inside a container: what `exec -it CONTAINER sh` and `run -it IMAGE sh` open.

Its prompt is the container shell's own (`/ # ` for busybox ash,
`root@<hostname>:/# ` for bash), Tab completes paths of that container's
file system and the programs on its $PATH, it keeps its own history, and
`exit` or Ctrl-D returns to the crsim prompt (Ctrl-P Ctrl-Q too, leaving the
shell running: Docker's detach keys).
"""

from __future__ import annotations

from typing import Optional, Tuple

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import Completer, Completion
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.key_binding import KeyBindings

from engine import EngineError

from ..detach_keys import key_bytes
from .full_screen import DETACH_KEYS_TYPED, KEYBOARD_GONE, lend_terminal, window_size
from ..interrupts import SIGINT, SIGQUIT, SIGTSTP, Interrupted, Interrupts


class ContainerCompleter(Completer):
    """Completes the first word as a program on $PATH, the others as paths in the container."""

    def __init__(self, shell_session):
        self.shell_session = shell_session

    def _cwd(self) -> str:
        return self.shell_session.process.ctx.cwd

    def get_completions(self, document, complete_event):
        text = document.text_before_cursor
        word = text.split(" ")[-1] if text else ""
        fs = self.shell_session.container.fs
        first = " " not in text.lstrip()
        if first and "/" not in word:
            yield from self._programs(fs, word)
            return
        directory, _, prefix = word.rpartition("/")
        base = directory if word.startswith("/") or directory else ""
        try:
            names = fs.readdir((base or "/") if word.startswith("/") else (base or "."),
                               cwd=self._cwd())
        except EngineError:
            return
        for name in names:
            if name.startswith(prefix) and (prefix.startswith(".") or not name.startswith(".")):
                path = (directory + "/" if directory or word.startswith("/") else "") + name
                try:
                    is_dir = fs.stat(path, cwd=self._cwd()).kind == "dir"
                except EngineError:
                    is_dir = False
                yield Completion(name + ("/" if is_dir else ""), -len(prefix), display=name)

    def _programs(self, fs, prefix: str):
        env = self.shell_session.process.ctx.env
        seen = set()
        for directory in env.get("PATH", "").split(":"):
            try:
                names = fs.readdir(directory)
            except EngineError:
                continue
            for name in names:
                if name.startswith(prefix) and name not in seen:
                    seen.add(name)
                    yield Completion(name + " ", -len(prefix), display=name,
                                     display_meta=directory)


# Docker's default detach keys (--detach-keys, "detachKeys" in config.json): Ctrl-P Ctrl-Q.
DETACH_KEYS = ("c-p", "c-q")
DETACHED = object()  # what the prompt returns when they are typed


def _bindings(detach_keys: Tuple[str, ...]) -> KeyBindings:
    bindings = KeyBindings()

    @bindings.add(*detach_keys)
    def _detach(event):
        event.app.exit(result=DETACHED)
    return bindings


def run_container_shell(shell_session, write, input=None, output=None,
                        interrupts: Optional[Interrupts] = None, error=None,
                        detach_message: Optional[str] = "read escape sequence",
                        detach_status: int = 1,
                        detach_keys: Tuple[str, ...] = DETACH_KEYS) -> int:
    """Run the nested prompt until the shell exits or the user detaches; the status.

    While a command runs, what it prints shows as it comes, and the keys a terminal
    turns into signals reach the foreground job: Ctrl-C (SIGINT) and Ctrl-\\ (SIGQUIT).
    A command that takes the terminal in raw mode (vi, less, top) or reads what is typed
    there (cat, read, redis-cli) gets the real one meanwhile (full_screen.lend_terminal).
    The detach keys (Ctrl-P Ctrl-Q, or --detach-keys) leave the shell running in the container:
    `docker exec -it` and `docker attach` then print "read escape sequence" (their
    error, status 1), `docker run -it` prints nothing and ends with 0.
    """
    interrupts = interrupts or Interrupts()
    error = error or write
    prompt = PromptSession(history=InMemoryHistory(),
                           completer=ContainerCompleter(shell_session),
                           complete_while_typing=False, key_bindings=_bindings(detach_keys),
                           input=input, output=output)
    size = window_size(prompt.output)
    if size is not None:  # the client sets the exec's terminal to its window's size
        shell_session.resize(*size)
    queued = ""  # type-ahead: typed while a command ran, read by no one
    while not shell_session.done:
        queued += shell_session.type_ahead()
        line, newline, queued = queued.partition("\n")
        try:  # a whole line typed ahead runs as if typed now; a begun one waits to be ended
            text = prompt.prompt(shell_session.prompt(), default=line, accept_default=bool(newline))
            while text is not DETACHED and shell_session.wants_more(text):
                more = prompt.prompt(shell_session.continuation_prompt())
                text = more if more is DETACHED else text + "\n" + more
        except KeyboardInterrupt:
            continue
        except EOFError:
            text = None  # Ctrl-D: the shell sees end of input and exits
        if text is DETACHED:
            return _detached(write, error, detach_message, detach_status)
        shell_session.type(text)

        def ready() -> bool:
            interrupts.check()
            write(shell_session.read())
            return shell_session.ready or shell_session.holds_terminal
        with interrupts.catching((SIGINT, SIGQUIT, SIGTSTP)):
            while True:
                if not _wait_for_prompt(shell_session, ready, interrupts, write, error):
                    return 130  # virtual time, and even SIGINT cannot end it: give up
                if not shell_session.holds_terminal:
                    break
                how = lend_terminal(shell_session, prompt.input, prompt.output, write,
                                    key_bytes(detach_keys))
                if how == KEYBOARD_GONE:
                    return shell_session.status
                if how == DETACH_KEYS_TYPED:  # Ctrl-P Ctrl-Q while vi or top had the terminal
                    return _detached(write, error, detach_message, detach_status)
        write(shell_session.read())
        if text is None:
            write("\n")  # the shell's own newline after ^D
    return shell_session.status


def _detached(write, error, detach_message, detach_status) -> int:
    write("\n")
    if detach_message:
        error(detach_message + "\n")
    return detach_status


def _wait_for_prompt(shell_session, ready, interrupts, write, error) -> bool:
    """Let the typed line run until the shell prompts again, passing terminal keys on;
    False if it never can (only with a virtual clock, where nothing is left to happen)."""
    engine = shell_session.engine
    tried = False
    while True:
        try:
            if engine.wait_until(ready):
                return True
            if tried:
                return False
            tried = True  # nothing left to happen: what a Ctrl-C would do
            signum = SIGINT
        except Interrupted as sig:
            signum = sig.signum
        write(shell_session.read())
        shell_session.signal(signum)
