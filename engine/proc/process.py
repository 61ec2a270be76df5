"""Simulated processes and the host's PID counter."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Any, Generator, Optional, Tuple

from ..record import record
from .signals import SIGKILL, SIGSTOP, STOPPING

if TYPE_CHECKING:
    from .api import Context

# Default actions the kernel takes for signals nobody handles (signal(7)):
# these are ignored, the rest terminate the process (exit status 128+n).
IGNORED_BY_DEFAULT = frozenset({17, 18, 23, 28})  # SIGCHLD, SIGCONT, SIGURG, SIGWINCH
STOP = -1  # what ``receives`` answers for a signal that stops the process


@record(slots=True, eq=False)
class Process:
    pid: int  # as the host sees it
    nspid: int  # inside the container's PID namespace (1 for the main process)
    ppid: int  # parent, in the namespace (0: started from outside, by runc)
    argv: Tuple[str, ...]
    path: str  # the executable file that was run
    started: float
    ctx: "Context"
    main: Any = None  # the program, until the process starts running it
    program: Any = None  # the program it runs (kept: which program is this process?)
    gen: Optional[Generator[Any, Any, int]] = None  # a program that lets time pass
    wake_at: Optional[float] = None  # when its current Sleep ends (None: not sleeping)
    exit_code: Optional[int] = None
    rss: int = 360 * 1024  # resident memory charged to the cgroup
    cpu_time: float = 0.0  # CPU seconds used (ps TIME, top)
    children_cpu: float = 0.0  # CPU seconds of its children that have ended (getrusage)
    waiting_on: Optional[list] = None  # children it waits for (WaitFor)
    closes: tuple = ()  # (pipe, "read"|"write"): pipe ends that close when it exits
    blocked_on: Any = None  # the pipe a WaitIO with a timeout waits on
    asking: Any = None  # a task's process whose request it waits on (itself or a child)
    deferred: Any = None  # a blocking request that waits until the CPU used before it is spent
    stopped: bool = False  # by SIGSTOP/SIGTSTP until SIGCONT (ps: T)
    stop_signal: int = 0  # the signal that stopped it last (a job's "Stopped (signal)")
    pending: tuple = ()  # signals sent while it was stopped: acted on at SIGCONT
    signal: int = 0  # the signal it died of (0: it exited), as waitpid's WTERMSIG tells

    @property
    def alive(self) -> bool:
        return self.exit_code is None

    @property
    def user(self) -> str:
        return self.ctx.extra.get("user", "root")

    def receives(self, signum: int) -> Optional[int]:
        """Deliver a signal; the exit status it causes, or None if the process lives on.

        A handler decides for itself: its entry in ``ctx.extra["signals"]`` is
        the status (None: the process goes on), or a function called now that
        answers it (a program that prints something when interrupted). Without one, PID 1 of a namespace is
        protected: the kernel drops every signal but SIGKILL (and SIGSTOP).
        Anyone else gets the default action: STOP for SIGTSTP/SIGTTIN/SIGTTOU
        (and SIGSTOP, always), nothing for SIGCONT, else the end.
        """
        if signum == SIGKILL:
            self.signal = SIGKILL
            return 128 + SIGKILL
        if signum == SIGSTOP:
            return STOP  # neither caught nor ignored
        handlers = self.ctx.extra.get("signals", {})
        if signum in handlers:
            action = handlers[signum]
            return action() if callable(action) else action
        if self.nspid == 1 or signum in IGNORED_BY_DEFAULT:
            return None
        if signum in STOPPING:  # SIGTSTP, SIGTTIN, SIGTTOU (SIGSTOP is above)
            return STOP
        self.signal = signum
        return 128 + signum


def cpu_clock(seconds: float) -> str:
    """ps's TIME: [DD-]HH:MM:SS of CPU time (procps, and `docker top`)."""
    days, rest = divmod(int(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours:02d}:{minutes:02d}:{secs:02d}"
    return f"{days}-{text}" if days else text


class PidAllocator:
    """Hands out PIDs the way the kernel does: increasing, never reused soon."""

    def __init__(self, first: int = 1201):
        self._next = first

    def allocate(self) -> int:
        pid = self._next
        self._next += 1
        return pid

    @property
    def issued(self) -> int:
        """How many it has handed out (up to now: it only grows)."""
        return self._next
