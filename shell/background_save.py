"""--state FILE written by a child process while the shell answers (issue 18).

Pickling a world of 1,000 containers takes ~160 ms: too long to do after every
command that changed it. As Redis's BGSAVE does, the shell forks: the child holds
a copy-on-write image of the world as it was at the fork, pickles it and writes
the file (engine/world.py: temporary file, fsync, rename), and the parent goes
on at once. The parent settles the engine before forking, so that the file holds
the very world the parent has.

One child at a time: a new save waits for the previous child first, so the
newest world is the last one written and two children never race on the file.
A child's failure comes back as one line through a pipe and is reported by the
next save (Session.save_state).

Where there is no os.fork (Windows), Session.save_state saves synchronously.
"""

from __future__ import annotations

import gc
import os
import signal
import warnings

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Dict, Optional

    from engine import Engine
    from engine.world import World

AVAILABLE = hasattr(os, "fork") and hasattr(signal, "pthread_sigmask")

# What the child must survive. Ctrl-C, Ctrl-\ and Ctrl-Z reach the whole foreground
# process group, the child with the shell; a closing terminal sends SIGHUP. The
# child blocks them (its write finishes, or the rename never happens: a save is
# atomic either way). SIGTERM and SIGKILL still end it.
SHIELDED = {signal.SIGINT, signal.SIGHUP, signal.SIGQUIT, signal.SIGTSTP} if AVAILABLE else set()


def describe(err: BaseException) -> str:
    """Why a save failed, as `cannot save the state: WHY` says it."""
    if isinstance(err, OSError):
        return str(err.strerror or err)
    return f"{type(err).__name__}: {err}"


class BackgroundSave:
    """The child writing the state file, if one runs (or has ended unreaped)."""

    def __init__(self):
        self._pid: Optional[int] = None
        self._report: Optional[int] = None  # the pipe's read end: the child's failure
        self.mark: object = None  # the world the child writes or wrote (Session's mark)

    @property
    def pid(self) -> "Optional[int]":
        """The child's process id, until it is reaped (``finish``)."""
        return self._pid

    def start(self, engine: "Engine", path: str, kept: "Dict[str, World]", mark: object) -> None:
        """Fork a child that writes ``engine`` (settled already) and ``kept`` to ``path``;
        OSError if no child can be made (the caller then saves synchronously)."""
        assert self._pid is None, "one child at a time: finish() the previous one"
        from engine.world import save  # imported here, never in the child
        report, tell = os.pipe()
        pid = -1
        # Blocked before the fork, so that no signal reaches the child before it is
        # shielded; the parent unblocks them at once (a pending one is delivered then).
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, SHIELDED)
        try:
            with warnings.catch_warnings():
                # Python 3.12+ warns that fork in a process with threads (prompt_toolkit's,
                # the --command-timeout watchdog) may deadlock the child on a lock another
                # thread held. This child takes none: it pickles objects, writes a file
                # and leaves by os._exit, never running the parent's code or atexit.
                warnings.filterwarnings("ignore", category=DeprecationWarning,
                                        message=r".*fork\(\)")
                pid = os.fork()
        finally:
            if pid != 0:  # the parent, or no child was made
                signal.pthread_sigmask(signal.SIG_SETMASK, previous)
            if pid < 0:
                os.close(report)
                os.close(tell)
        if pid == 0:
            _child(report, tell, lambda: save(engine, path, kept, settled=True))
        os.close(tell)
        self._pid, self._report, self.mark = pid, report, mark

    def finish(self, wait: bool = True, last: bool = False) -> "Optional[str]":
        """Reap the child (``wait``: until it ends; else only if it has ended): its
        failure as one line, or None (saved, still running, or no child). A Ctrl-C
        during the wait is raised once the child is reaped, unless this is the ``last``
        wait (the shell exits anyway: it just waits for the file)."""
        if self._pid is None:
            return None
        pid, status = _waitpid(self._pid, 0 if wait else os.WNOHANG, not last)
        if pid == 0:  # still writing
            return None
        self._pid = None
        with open(self._report, "rb") as pipe:  # closes the read end
            said = pipe.read().decode("utf-8", "replace").strip()
        self._report = None
        if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
            return None
        self.mark = None  # that world is not in the file
        if said:
            return said
        if os.WIFSIGNALED(status):
            return f"the saving process was killed by signal {os.WTERMSIG(status)}"
        return f"the saving process exited with status {os.WEXITSTATUS(status)}"


def _waitpid(pid: int, options: int, raise_interrupt: bool):
    """os.waitpid, finishing the wait even if Ctrl-C comes meanwhile (the child soon
    ends; leaving it would let two children race): the Ctrl-C is raised after if
    ``raise_interrupt``."""
    interrupted = None
    while True:
        try:
            reaped = os.waitpid(pid, options)
            break
        except KeyboardInterrupt as stop:
            interrupted = stop
        except ChildProcessError:  # reaped by someone else (a SIGCHLD handler): no report
            reaped = (pid, 0)
            break
    if interrupted is not None and raise_interrupt:
        raise interrupted
    return reaped


def _child(report: int, tell: int, write) -> None:
    """In the child: write, say why it failed if it did, and leave without running
    anything of the parent's (no atexit, no flush of its stdio buffers)."""
    status = 1
    try:
        os.close(report)
        gc.disable()  # a collection would touch (and so copy) every page of the world
        write()
        status = 0
    except BaseException as err:  # anything: the parent hears of it, the child still leaves
        try:
            os.write(tell, describe(err).encode("utf-8", "replace")[:4000])
        except BaseException:  # the parent is gone (EPIPE): nobody to tell
            pass
    finally:
        os._exit(status)
