"""The simulated programs that executable files name.

An executable file in an image carries the name of the program it runs
(``Entry.program``). busybox is one multi-call binary: which applet runs is
chosen by the name it was invoked as (argv[0]), exactly like the real one,
so /bin/ls -> /bin/busybox runs `ls`. Programs never run host code.

This module holds the programs the container lifecycle needs; the shell and
the rest of the userland plug in the same way.
"""

from __future__ import annotations

from typing import Callable, Dict, Optional

from .process import Launch

SIGHUP, SIGINT, SIGQUIT, SIGTERM = 1, 2, 3, 15


class Program:
    name = ""
    # signal -> exit status when the program catches it and exits
    handlers: Dict[int, Optional[int]] = {}

    def start(self, launch: Launch, now: float) -> Optional[int]:
        """Begin running: return an exit status to end at once, or None to keep running."""
        raise NotImplementedError


class Sleep(Program):
    name = "sleep"

    def start(self, launch, now):
        args = launch.process.argv[1:]
        if not args:
            launch.write("stderr", "sleep: missing operand\n")
            return 1
        total = 0.0
        for arg in args:
            seconds = _duration(arg)
            if seconds is None:
                launch.write("stderr", f"sleep: invalid number '{arg}'\n")
                return 1
            total += seconds
        if total == float("inf"):
            return None
        launch.process.deadline = now + total
        return None


def _duration(text: str) -> Optional[float]:
    if text == "infinity":
        return float("inf")
    unit = {"s": 1, "m": 60, "h": 3600, "d": 86400}.get(text[-1:], None)
    number = text[:-1] if unit else text
    try:
        return float(number) * (unit or 1)
    except ValueError:
        return None


class Constant(Program):
    """`true` and `false`: exit at once with a fixed status."""

    def __init__(self, name: str, status: int):
        self.name, self.status = name, status

    def start(self, launch, now):
        return self.status


class Echo(Program):
    name = "echo"

    def start(self, launch, now):
        args = list(launch.process.argv[1:])
        newline = True
        if args and args[0] == "-n":
            newline, args = False, args[1:]
        launch.write("stdout", " ".join(args) + ("\n" if newline else ""))
        return 0


class Interactive(Program):
    """A shell or REPL: with stdin open (docker run -i) it waits for input; without, it
    reads end-of-file at once and exits 0 - why `docker run -d alpine` stops immediately."""

    handlers = {}

    def __init__(self, name: str):
        self.name = name

    def start(self, launch, now):
        if launch.process.stdin_open:
            return None
        return 0


class Daemon(Program):
    """A server in the foreground (nginx -g 'daemon off;'): runs until a signal it handles."""

    def __init__(self, name: str, handlers: Dict[int, Optional[int]]):
        self.name, self.handlers = name, handlers

    def start(self, launch, now):
        return None


class NotYetSimulated(Program):
    """A program the image has but crsim does not simulate yet: says so plainly."""

    def __init__(self, name: str):
        self.name = name

    def start(self, launch, now):
        launch.write("stderr", f"crsim: {self.name}: this program is not simulated yet\n")
        return 127


PROGRAMS: Dict[str, Callable[[], Program]] = {
    "sleep": Sleep,
    "true": lambda: Constant("true", 0),
    "false": lambda: Constant("false", 1),
    "echo": Echo,
    # nginx: TERM/INT are a fast shutdown, QUIT a graceful one; HUP reloads.
    "nginx": lambda: Daemon("nginx", {SIGTERM: 0, SIGINT: 0, SIGQUIT: 0, SIGHUP: None}),
}
for _shell in ("sh", "ash", "bash", "dash", "python3", "python", "node"):
    PROGRAMS[_shell] = (lambda n: lambda: Interactive(n))(_shell)

MULTI_CALL = {"busybox"}


def program_for(program: str, argv0: str, argv1: Optional[str] = None) -> Program:
    """The program an executable runs when invoked as ``argv0``."""
    name = program
    if program in MULTI_CALL:
        name = argv0.rsplit("/", 1)[-1]
        if name in MULTI_CALL and argv1:
            name = argv1
    factory = PROGRAMS.get(name)
    return factory() if factory else NotYetSimulated(name)
