"""An interactive shell attached to a terminal: `docker exec -it c sh`, `docker run -it`.

The shell runs as a real process in the container (ps inside shows it) whose
program is a loop: wait for a line from the terminal, run it with the shell's
interpreter, wait again. Waiting for input is a request the scheduler does
not know, so the process simply blocks there, as on a real read(2).
"""

from __future__ import annotations

from typing import Optional, Tuple

from ..proc.api import Request, Stream


class ReadLine(Request):
    """The terminal's next line (the process blocks until one is typed)."""

    def __init__(self):
        super().__post_init__()


class TerminalStream(Stream):
    """What a terminal shows, also kept in the container's log (PID 1 with -t)."""

    def __init__(self, log: Stream):
        super().__init__()
        self.log = log

    def write(self, text: str) -> None:
        super().write(text)
        self.log.write(text)


def is_shell(main) -> bool:
    from ..userland import sh
    return main in (sh.ash_main, sh.bash_main, sh.dash_main)


class ShellSession:
    def __init__(self, engine, container, process, dialect: str = ""):
        from ..userland.sh import InteractiveShell
        self.engine = engine
        self.container = container
        self.process = process
        self.shell = InteractiveShell(process.ctx, dialect)
        self.waiting = False
        self.status = 0
        if process.gen is not None:
            process.gen.close()  # a shell already reading its stdin (run -it): take it over
        process.main = None
        process.gen = self._loop()
        scheduler = engine.runtime.scheduler
        scheduler.start_generator(process)
        scheduler.step(process)  # up to its first ReadLine

    def _loop(self):
        while not self.shell.exited:
            self.waiting = True
            line = yield ReadLine()
            self.waiting = False
            if line is None:  # end of input (Ctrl-D)
                self.status = yield from self.shell.close()
                break
            self.status = yield from self.shell.run_line(line)
        return self.status

    # -- what the terminal front end uses -----------------------------------------
    @property
    def done(self) -> bool:
        return not self.process.alive

    def prompt(self) -> str:
        return self.shell.prompt()

    def continuation_prompt(self) -> str:
        return self.shell.continuation_prompt()

    def wants_more(self, text: str) -> bool:
        return self.shell.wants_more(text)

    def _output(self) -> str:
        return self.process.ctx.stdout.read()

    def run(self, line: Optional[str], pace=None) -> Tuple[str, int]:
        """Type a line (None: Ctrl-D); returns what was printed and the status."""
        if self.done:
            return "", self.status
        scheduler = self.engine.runtime.scheduler
        self.waiting = False
        scheduler.step(self.process, line)
        self.engine.wait_until(lambda: self.waiting or self.done, pace=pace)
        return self._output(), self.status

    def interrupt(self) -> None:
        """Ctrl-C: stop waiting for the foreground command and drop its pending wake-up.
        (No SIGINT is delivered: the shell's process simply stops where it was.)"""
        self.engine.runtime.scheduler.forget(self.process)
