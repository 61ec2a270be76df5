"""Simulated processes and the host's PID counter."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Dict, List, Optional, Tuple

if TYPE_CHECKING:
    from .programs import Program

# Default actions the kernel takes for signals nobody handles (signal(7)):
# these are ignored, the rest terminate the process (exit status 128+n).
IGNORED_BY_DEFAULT = frozenset({17, 23, 28})  # SIGCHLD, SIGURG, SIGWINCH


@dataclass(slots=True)
class Process:
    pid: int  # as the host sees it
    nspid: int  # inside the container's PID namespace (1 for the main process)
    ppid: int
    argv: Tuple[str, ...]
    program: "Program"
    path: str  # the executable file that was run
    started: float
    env: Dict[str, str] = field(default_factory=dict)
    cwd: str = "/"
    user: str = "root"
    tty: bool = False
    stdin_open: bool = False
    deadline: Optional[float] = None  # when it ends by itself (sleep N), if ever
    exit_code: Optional[int] = None

    @property
    def alive(self) -> bool:
        return self.exit_code is None

    def receives(self, signum: int) -> Optional[int]:
        """Deliver a signal; the exit status it causes, or None if the process lives on.

        A handler decides for itself. Without one, PID 1 of a namespace is
        protected: the kernel drops every signal but SIGKILL (and SIGSTOP).
        Anyone else gets the default action.
        """
        if signum == 9:
            return 128 + 9
        handlers = self.program.handlers
        if signum in handlers:
            return handlers[signum]
        if self.nspid == 1 or signum in IGNORED_BY_DEFAULT:
            return None
        return 128 + signum


class PidAllocator:
    """Hands out host PIDs the way the kernel does: increasing, never reused soon."""

    def __init__(self, first: int = 1201):
        self._next = first

    def allocate(self) -> int:
        pid = self._next
        self._next += 1
        return pid


Output = Callable[[str, str], None]  # (stream, text)


@dataclass
class Launch:
    """What a program needs to start: its process and where its output goes."""
    process: Process
    write: Output
    lines: List[str] = field(default_factory=list)
