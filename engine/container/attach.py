"""An interactive shell attached to a terminal: `docker exec -it c sh`, `docker run -it`.

The shell runs as a real process in the container (ps inside shows it) whose
program is a loop: wait for a line from the terminal, run it with the shell's
interpreter, wait again. Waiting for input is a request the scheduler does
not know, so the process simply blocks there, as on a real read(2).
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from ..errors import EngineError
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
        self.isatty = True

    def write(self, text: str) -> None:
        super().write(text)
        self.log.write(text)


def is_shell(main) -> bool:
    from ..userland import sh
    return main in (sh.ash_main, sh.bash_main, sh.dash_main)


def process_group(container, leader, spare=()) -> List:
    """``leader`` and its descendants, but those in ``spare`` and theirs: the processes a
    terminal signals (its foreground process group)."""
    spared = {p.nspid for p in spare}
    children: dict = {}
    for process in container.processes.values():
        children.setdefault(process.ppid, []).append(process)
    group, todo = [], [leader]
    while todo:
        process = todo.pop()
        if process.nspid in spared or process in group:
            continue
        group.append(process)
        todo.extend(children.get(process.nspid, ()))
    return group


class _Signal:
    """A signal for the shell's own code, sent into its generator (see _interruptible)."""

    def __init__(self, status: int):
        self.status = status


def _interruptible(gen):
    """``yield from gen``, except that a _Signal sent in is raised inside ``gen`` where it
    waits, as ShellAbort: the interactive shell's SIGINT handler abandoning the line.
    (close() and throw() reach ``gen`` as with ``yield from``.)"""
    from ..userland.sh.shell import ShellAbort
    value, error = None, None
    while True:
        try:
            if error is not None:
                error, raised = None, error
                request = gen.throw(raised)
            elif isinstance(value, _Signal):
                request = gen.throw(ShellAbort(value.status, fatal=False))
            else:
                request = gen.send(value)
        except StopIteration as done:
            return done.value
        try:
            value = yield request
        except GeneratorExit:
            gen.close()
            raise
        except BaseException as exc:  # thrown in: on to where ``gen`` waits
            value, error = None, exc


class ShellSession:
    """A terminal on a shell process: lines typed in, what it prints, and the keys a
    terminal turns into signals (``signal``)."""

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
        process.ctx.extra["terminal"] = self  # `attach` finds the same shell again
        if self.terminal is not None:  # its keys that signal reach the foreground job
            self.terminal.on_signal = self.signal
            self.terminal.background_reader = self._stop_background_reader
        scheduler = engine.runtime.scheduler
        scheduler.start_generator(process)
        scheduler.step(process)  # up to its first ReadLine

    def _loop(self):
        while not self.shell.exited:
            self.waiting = True
            line = yield ReadLine()
            self.waiting = False
            if line is None:  # end of input (Ctrl-D)
                self.status = yield from _interruptible(self.shell.close())
                break
            self.status = yield from _interruptible(self.shell.run_line(line))
        return self.status

    # -- what the terminal front end uses -----------------------------------------
    @property
    def done(self) -> bool:
        return not self.process.alive

    @property
    def ready(self) -> bool:
        """The shell waits for the next line (or has exited)."""
        return self.waiting or self.done

    @property
    def terminal(self):
        """The pseudo-terminal the shell runs on (engine.proc.terminal.Terminal)."""
        from ..proc.terminal import terminal_of
        return terminal_of(self.process.ctx)

    @property
    def full_screen(self) -> bool:
        """A command has the terminal in raw mode (vi, less, top): the front end passes
        keys straight to it (``keys``) and shows its output as it is."""
        terminal = self.terminal
        return terminal is not None and terminal.raw and not self.ready

    @property
    def holds_terminal(self) -> bool:
        """A command has the terminal: full screen, or reading what is typed there (cat,
        read, redis-cli's prompt). The front end then passes the keys on (``keys``)."""
        terminal = self.terminal
        return terminal is not None and not self.ready and (terminal.raw or terminal.keys.waited_on)

    def type_ahead(self) -> str:
        """What was typed at the terminal while a command ran and nothing read (for the
        next prompt)."""
        return self.terminal.take_type_ahead() if self.terminal is not None else ""

    def keys(self, text: str) -> None:
        """Keys typed while a command runs, through the terminal's line discipline."""
        if self.terminal is not None and not self.done:
            self.terminal.type(text)

    def resize(self, rows: int, columns: int) -> None:
        """The front end's window size (docker's resize of the exec's terminal)."""
        if self.terminal is not None:
            self.terminal.resize(rows, columns)

    def prompt(self) -> str:
        return self.shell.prompt()

    def continuation_prompt(self) -> str:
        return self.shell.continuation_prompt()

    def wants_more(self, text: str) -> bool:
        return self.shell.wants_more(text)

    def read(self) -> str:
        """What the shell and its commands printed since the last read."""
        return self.process.ctx.stdout.read()

    _output = read

    def type(self, line: Optional[str]) -> None:
        """Type a line (None: Ctrl-D) and return at once: the caller lets time pass
        (Engine.wait_until) until ``ready``, reading the output as it comes."""
        if self.done:
            return
        self.waiting = False
        self.engine.runtime.scheduler.step(self.process, line)

    def run(self, line: Optional[str], pace=None) -> Tuple[str, int]:
        """Type a line (None: Ctrl-D) and wait for the prompt; what was printed and the status."""
        if self.done:
            return "", self.status
        self.type(line)
        self.engine.wait_until(lambda: self.ready, pace=pace)
        return self.read(), self.status

    def _detach_stopped_child(self) -> None:
        """After Ctrl-Z: the child the shell waits on in its own chain (a simple command)
        stopped, so it becomes a task of its own and the shell's wait ends (WUNTRACED);
        a job the shell waits for as a task (`fg`) wakes it by itself."""
        shell = self.process
        asking = shell.asking
        by_nspid = {p.nspid: p for p in self.container.processes.values()}
        while asking is not None and asking is not shell and asking.ppid != shell.nspid:
            asking = by_nspid.get(asking.ppid)
        if asking is not None and asking is not shell and asking.stopped and asking.alive:
            self.engine.runtime.scheduler.detach(shell, asking)

    def foreground(self) -> List:
        """The processes of the command that runs: the shell's descendants but its
        background jobs (`cmd &`), which job control puts in groups of their own."""
        jobs = [job for job in getattr(self.shell.shell, "jobs", ()) if job.alive]
        return [p for p in process_group(self.container, self.process, jobs)
                if p is not self.process and p.alive]

    def _stop_background_reader(self, process) -> bool:
        """SIGTTIN (21) to the background job ``process`` belongs to, if it is in one: a
        job of the shell's own may not read its terminal (it shows "Stopped (tty input)")."""
        for job in [job for job in getattr(self.shell.shell, "jobs", ()) if job.alive]:
            group = process_group(self.container, job)
            if process in group:
                for member in group:
                    self.engine.runtime.deliver(self.container, member, 21)
                return process.stopped
        return False

    def signal(self, signum: int) -> bool:
        """A key typed at the terminal while a command runs: Ctrl-C is SIGINT, Ctrl-\\ is
        SIGQUIT for the foreground job. The interactive shell itself ignores both; after
        SIGINT it abandons the rest of the line (ash interrupts itself when its job died
        of SIGINT: jobs.c, waitforjob) and prompts again, with $? = 130.

        True when the job (or the shell's own loop) died of the signal; False when
        nothing ran or the job handled it (ping prints its statistics and ends)."""
        if self.ready:
            return False
        runtime = self.engine.runtime
        self.engine.settle()
        job = self.foreground()
        for process in job:
            if process.alive:
                try:
                    runtime.signal_process(self.container, process.nspid, signum)
                except EngineError:  # it ended meanwhile (ESRCH)
                    pass
        died = not job or any(p.exit_code == 128 + signum for p in job)
        if signum == 20:  # SIGTSTP: a foreground child the shell runs itself is let go
            self._detach_stopped_child()
            return False
        if signum == 2 and died:
            # ash's new line after a job that ^C ended (the terminal echoed "^C"); a job
            # that ^\ ended gets ash's "Quit" line instead, right after the "^\"
            self.process.ctx.stdout.write("\n")
        if signum != 2 or not self.process.alive or self.ready:
            return died
        if not died:
            return False  # the job handled (or ignored) SIGINT: the shell goes on waiting
        scheduler = runtime.scheduler
        scheduler.forget(self.process)
        scheduler.step(self.process, _Signal(128 + signum))
        return True
