"""How Ctrl-C (and Ctrl-\\, Ctrl-Z) and the command time limit reach a running command.

A signal must not land in the middle of the simulation (a simulated program
half-way through a step would be left broken), so while a command runs the
shell catches SIGINT and SIGQUIT (SIGTSTP too in a nested container shell)
and delivers them only at safe points: when the command waits for the
simulation (``check``, called between two events) or while the wall clock
really sleeps (``sleep``, which a signal may cut short). The command then sees
an ``Interrupted`` exception and does what the docker client would do with
that signal (forward it to the container, end, ...).

The time limit of non-interactive modes (``--command-timeout``) is a
``Watchdog`` (the kernel's interval timer, or a thread) that posts the same
interruption as a Ctrl-C.

This module never imports prompt_toolkit: scripts use it too. Every start loads it, so
it imports only built-in modules (issue 18): ``_signal`` and ``_thread`` rather than
``signal`` (1 ms with the ``enum`` it needs) and ``threading``.
"""

from __future__ import annotations

import _thread
import time

try:  # the C module behind ``signal``: the same calls, plain ints instead of enums
    import _signal as signals
except ImportError:  # an interpreter without it
    import signal as signals

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List, Optional, Sequence, Tuple

SIGINT, SIGQUIT, SIGTSTP = 2, 3, 20

# Why a command was interrupted.
KEY = "key"          # the user pressed Ctrl-C (Ctrl-\, Ctrl-Z)
TIMEOUT = "timeout"  # it ran past --command-timeout
NEVER = "never"      # virtual time: nothing is left to happen, so it could never finish


class Interrupted(KeyboardInterrupt):
    """A running command is interrupted by ``signum`` (for the reason ``reason``)."""

    def __init__(self, signum: int = SIGINT, reason: str = KEY, status: Optional[int] = None):
        super().__init__(signum, reason)
        self.signum = signum
        self.reason = reason
        self._status = status

    @property
    def status(self) -> int:
        """The exit status of the command it ended: 128+signal (130 for Ctrl-C), unless
        the command chose another."""
        return 128 + self.signum if self._status is None else self._status


class CommandInterrupted(Exception):
    """Raised by a replay's ``execute`` for a command that was interrupted (it ran past
    its time limit, or Ctrl-C): it fails whatever its ``? N`` says. ``message`` is
    said on the side (``warn``); ``final`` ends the replay even with ``keep_going``."""

    def __init__(self, output: str, status: int, message: str = "", final: bool = False):
        super().__init__(message)
        self.output = output
        self.status = status
        self.message = message
        self.final = final


class Interrupts:
    """Signals for the command that runs, held until it can take them."""

    def __init__(self):
        self._pending: List[Tuple[int, str]] = []  # (signum, reason), oldest first
        self._sleeping = False   # in ``sleep``: a signal may raise at once
        self._force = False      # the watchdog gave up waiting for a safe point
        self._depth = 0          # nested ``catching`` blocks (demo runs commands in a command)

    # -- posting (signal handlers, the watchdog thread) ---------------------------
    def post(self, signum: int, reason: str = KEY) -> None:
        self._pending.append((signum, reason))

    def _handler(self, signum, frame) -> None:
        if self._force:  # the watchdog's last resort: raise wherever the command is
            self._force = False
            self.check()
            return
        self.post(signum)
        if self._sleeping:
            self._sleeping = False
            self.check()

    def clear(self) -> None:
        self._pending.clear()
        self._force = False

    # -- safe points (the main thread) ----------------------------------------------
    def check(self) -> None:
        """Raise the first signal waiting, if any."""
        if self._pending:
            signum, reason = self._pending.pop(0)
            raise Interrupted(signum, reason)

    def sleep(self, seconds: float) -> None:
        """time.sleep that a signal ends at once (with ``Interrupted``)."""
        self.check()
        self._sleeping = True
        try:
            time.sleep(seconds)
        finally:
            self._sleeping = False

    def catching(self, signums: Sequence[int] = (SIGINT, SIGQUIT)) -> "_Catching":
        """``with interrupts.catching():`` holds these signals for the safe points while
        the block runs (main thread only: elsewhere signals cannot be caught, and
        nothing changes). The outermost block starts with nothing pending (a Ctrl-C
        typed twice does not reach the next command)."""
        return _Catching(self, signums)


class _Catching:
    """The block of ``Interrupts.catching``: our handler in, and the previous ones back."""

    def __init__(self, interrupts: Interrupts, signums: Sequence[int]):
        self.interrupts, self.signums = interrupts, signums
        self.saved: dict = {}

    def __enter__(self) -> Interrupts:
        interrupts = self.interrupts
        if interrupts._depth == 0:
            interrupts.clear()
        for signum in self.signums:
            if _has(signum):
                try:
                    self.saved[signum] = signals.signal(signum, interrupts._handler)
                except ValueError:  # not the main thread: signals are not ours to catch
                    break
        interrupts._depth += 1
        return interrupts

    def __exit__(self, *exc) -> None:
        self.interrupts._depth -= 1
        for signum, previous in self.saved.items():
            signals.signal(signum, previous)


def _has(signum: int) -> bool:
    """Whether this platform has the signal (Windows has no SIGQUIT or SIGTSTP)."""
    return any(getattr(signals, name, None) == signum
               for name in ("SIGINT", "SIGQUIT", "SIGTSTP"))


class Watchdog:
    """Interrupts the command that runs after ``seconds`` of wall time (0: never).

    It posts a SIGINT with the reason TIMEOUT for the next safe point; if the
    command reaches none within ``grace`` seconds more (a command that does not
    wait for the simulation), it raises KeyboardInterrupt in the main thread
    wherever it is, so that nothing can hang a replay.

    Where the system has an interval timer (POSIX) and the watchdog is used in the
    main thread, the kernel watches: ``setitimer`` rings SIGALRM at the deadline and
    again after the grace (no thread: starting one cost every `crsim-shell -c` 0.1 ms,
    issue 18). Elsewhere one thread serves every command of a run (``with watchdog:``
    around each): it starts with the first command and then waits for each one's
    deadline. A thread started for every command cost a replay 2 ms a command.
    """

    def __init__(self, interrupts: Interrupts, seconds: float, grace: float = 5.0):
        self.interrupts = interrupts
        self.seconds = seconds
        self.grace = grace
        self.fired = False  # the time limit interrupted the last command
        # threading.Condition's wait and notify from _thread's locks (see _wait): the state
        # below is changed under _lock; _wake, held while nothing is new, is let go by a notify
        self._lock = _thread.allocate_lock()
        self._wake = _thread.allocate_lock()
        self._wake.acquire()
        self._serial = 0         # which command runs (a count): a late wake-up never ends the next
        self._running = False
        self._deadline = 0.0     # time.monotonic() when the running command is interrupted
        self._thread: Optional[int] = None  # the watching thread's id, once started
        self._timed = False  # the kernel's timer is set for the running command
        self._rings: object = None  # ... and the SIGALRM handler it replaced

    def __enter__(self) -> "Watchdog":
        self.fired = False
        if self.seconds > 0:
            with self._lock:
                self._serial += 1
                self._running = True
                self._deadline = time.monotonic() + self.seconds
                if self._thread is None and self._set_timer():
                    return self
                if self._thread is None:  # _thread's start does not wait for the thread to run
                    self._thread = _thread.start_new_thread(self._watch, ())
                self._notify()
        return self

    def __exit__(self, *exc) -> None:
        with self._lock:
            self._running = False
            if self._timed:
                signals.setitimer(signals.ITIMER_REAL, 0)
                # (None: a handler not set from Python, which is the default one here)
                signals.signal(signals.SIGALRM,
                               signals.SIG_DFL if self._rings is None else self._rings)
                self._timed = False
            self._notify()

    def _set_timer(self) -> bool:
        """The kernel's timer set for the running command; False where there is none."""
        if not hasattr(signals, "setitimer"):
            return False
        try:
            self._rings = signals.signal(signals.SIGALRM, self._ring)
        except ValueError:  # not the main thread: no handler can be set here
            return False
        self._timed = True
        signals.setitimer(signals.ITIMER_REAL, self.seconds)
        return True

    def _ring(self, signum, frame) -> None:
        """SIGALRM, in the main thread: the deadline passed, or then the grace too."""
        if not self._running:  # rung as the command ended
            return
        if not self.fired:
            self.fired = True
            self.interrupts.post(SIGINT, TIMEOUT)
            signals.setitimer(signals.ITIMER_REAL, self.grace)
        else:  # no safe point came: as the thread does (one interruption a command)
            self.interrupts._force = True
            _thread.interrupt_main()

    def _notify(self) -> None:
        """Wake the watching thread (called holding _lock: one notifier at a time)."""
        if self._wake.locked():
            self._wake.release()

    def _wait(self, timeout: Optional[float] = None) -> None:
        """Let go of _lock until a notify or ``timeout`` seconds (called holding it)."""
        self._lock.release()
        try:
            if timeout is None:
                self._wake.acquire()
            elif timeout > 0:
                self._wake.acquire(True, timeout)
            else:
                self._wake.acquire(False)
        finally:
            self._lock.acquire()

    def _still(self, serial: int) -> bool:
        return self._running and self._serial == serial

    def _watch(self) -> None:
        with self._lock:
            while True:
                if not self._running:
                    self._wait()
                    continue
                serial, left = self._serial, self._deadline - time.monotonic()
                if left > 0:
                    self._wait(left)  # then look again: it may have ended
                    continue
                self.fired = True
                self.interrupts.post(SIGINT, TIMEOUT)
                end = time.monotonic() + self.grace
                while self._still(serial) and end > time.monotonic():
                    self._wait(end - time.monotonic())
                if self._still(serial):
                    self.interrupts._force = True
                    _thread.interrupt_main()
                while self._still(serial):  # one interruption a command
                    self._wait()


PROGRAM = "crsim-shell"
SHOWN = 60  # characters of a command a message quotes


def _quoted(line: str) -> str:
    first = line.split("\n", 1)[0].strip()
    return "'" + (first if len(first) <= SHOWN else first[:SHOWN - 3] + "...") + "'"


def timeout_message(line: str, seconds: float) -> str:
    """The line on stderr for a command that the time limit interrupted."""
    return (f"{PROGRAM}: {_quoted(line)} did not finish within {seconds:g} s "
            f"(--command-timeout); interrupted\n")


def never_message(line: str) -> str:
    """The line on stderr for a command that nothing could ever end (virtual time,
    nothing left to happen) and no time limit would have interrupted."""
    return (f"{PROGRAM}: {_quoted(line)} can never finish (nothing is left to happen "
            f"in the simulation); interrupted\n")


__all__ = ["timeout_message", "never_message", "Interrupted", "Interrupts", "Watchdog", "KEY", "TIMEOUT", "NEVER",
           "SIGINT", "SIGQUIT", "SIGTSTP", "CommandInterrupted"]
