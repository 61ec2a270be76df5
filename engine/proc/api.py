"""What a simulated program sees: its arguments, environment, streams, file system
and the kernel calls it may make. This is the contract between the runtime and
every program (the shell, coreutils, busybox applets, servers).

A program is a function ``main(ctx) -> int``. A program that lets time pass
(sleep, a `while true` loop, a server) is a generator function instead: it
yields requests (``Sleep``) and returns its exit status; the runtime resumes it
when simulated time has moved on. Child processes are run with
``status = yield from ctx.run([...])``, so a shell script that sleeps keeps
its place in time too.

Output is text. File contents are bytes in the file system; programs decode
them with ``decode`` (UTF-8 with surrogateescape, so no byte is lost).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import (TYPE_CHECKING, Any, Callable, Dict, Generator, Iterator, List, Optional,
                    Union)

from ..vfs.errno import FSError, strerror

if TYPE_CHECKING:
    from ..vfs.union import UnionFS

PIPE_CAPACITY = 65536  # Linux's default pipe buffer: a writer blocks (here: stops) past it


def decode(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


@dataclass
class Request:
    """Something a program asks of the kernel by yielding it."""

    def __post_init__(self):
        self.origin = None  # the process that asked (set by the kernel on the way up)


@dataclass
class Sleep(Request):
    """Let ``seconds`` of simulated time pass, off the CPU (inf: wait for ever)."""
    seconds: float


@dataclass
class Compute(Request):
    """Use ``seconds`` of CPU time (inf: a busy loop); how long that takes on the
    clock depends on the CPU shares and quota of the container's cgroup."""
    seconds: float


@dataclass
class Allocate(Request):
    """Grow (or, negative, shrink) this process's memory by ``nbytes``; past the
    cgroup's memory.max the OOM killer chooses a victim."""
    nbytes: int


@dataclass
class WaitFor(Request):
    """Block until ``process`` (a child started with ctx.start) has exited - or the first
    of several, given as a list - or until ``timeout`` seconds have passed."""
    process: Any
    timeout: Optional[float] = None


class BrokenPipe(Exception):
    """Writing to a pipe nobody will read any more (the writer gets SIGPIPE)."""


class Stream:
    """A byte stream as text: a pipe, a captured output, or a terminal's input.

    Readers consume from the front. ``limit`` models a pipe's capacity in a
    pipeline that runs its stages one after another: a writer that would go
    past it (``yes | head``) gets BrokenPipe, as the real one gets SIGPIPE
    once its reader has finished.
    """

    def __init__(self, data: str = "", limit: Optional[int] = None,
                 on_write: Optional[Callable[[str], None]] = None):
        self._buffer = data
        self._limit = limit
        self._on_write = on_write
        self.closed = False  # no more data will come (end of file for readers)
        self.isatty = False

    def write(self, text: str) -> None:
        if not text:
            return
        if self._limit is not None and len(self._buffer) + len(text) > self._limit:
            self._buffer += text[: max(0, self._limit - len(self._buffer))]
            raise BrokenPipe()
        if self._on_write is not None:
            self._on_write(text)
        else:
            self._buffer += text

    def read(self) -> str:
        """Everything available (a program reading to end of file)."""
        data, self._buffer = self._buffer, ""
        return data

    def readline(self) -> str:
        """One line with its newline, or what is left, or "" at end of input."""
        index = self._buffer.find("\n")
        if index < 0:
            line, self._buffer = self._buffer, ""
        else:
            line, self._buffer = self._buffer[: index + 1], self._buffer[index + 1:]
        return line

    def lines(self) -> Iterator[str]:
        while True:
            line = self.readline()
            if not line:
                return
            yield line

    @property
    def value(self) -> str:
        """What was written so far (for a captured output)."""
        return self._buffer


class Recorder:
    """Both output streams of a process, with the order in which things were written
    (what a terminal would show), as `docker exec` hands them to the client."""

    def __init__(self):
        self.chunks: List[tuple] = []
        self.stdout = Stream(on_write=lambda text: self.chunks.append(("stdout", text)))
        self.stderr = Stream(on_write=lambda text: self.chunks.append(("stderr", text)))

    def text(self, stream: Optional[str] = None) -> str:
        return "".join(text for name, text in self.chunks if stream in (None, name))


Result = Union[int, Generator[Any, Any, int]]
Main = Callable[["Context"], Result]


@dataclass
class Context:
    """One process as its program sees it."""

    argv: List[str]
    env: Dict[str, str]
    cwd: str
    stdin: Stream
    stdout: Stream
    stderr: Stream
    fs: "UnionFS"
    system: Any  # the kernel interface (engine.proc.kernel.System)
    pid: int = 1  # in the container's PID namespace
    ppid: int = 0
    uid: int = 0
    gid: int = 0
    flavour: str = "busybox"  # "busybox" or "gnu": whose messages a program prints
    libc: str = "musl"  # "musl" or "glibc": whose strerror texts
    tty: bool = False
    extra: Dict[str, Any] = field(default_factory=dict)  # per-process state (a shell's vars)

    @property
    def name(self) -> str:
        """argv[0] without its directory, as programs name themselves in messages."""
        return self.argv[0].rsplit("/", 1)[-1] if self.argv else ""

    def strerror(self, error: Union[FSError, int]) -> str:
        code = error.errno if isinstance(error, FSError) else error
        return strerror(code, self.libc)

    def error(self, message: str) -> None:
        """Print "prog: message" on stderr, the way tools report problems."""
        self.stderr.write(f"{self.name}: {message}\n")

    def out(self, text: str) -> None:
        self.stdout.write(text)

    def now(self) -> float:
        return self.system.now()

    def sleep(self, seconds: float) -> Generator[Sleep, Any, None]:
        if seconds > 0:
            yield Sleep(seconds)

    def compute(self, cpu_seconds: float) -> Generator[Compute, Any, None]:
        if cpu_seconds > 0:
            yield Compute(cpu_seconds)

    def allocate(self, nbytes: int) -> Generator[Allocate, Any, None]:
        yield Allocate(nbytes)

    def start(self, argv: List[str], *, stdin: Optional[Stream] = None,
              stdout: Optional[Stream] = None, stderr: Optional[Stream] = None,
              env: Optional[Dict[str, str]] = None, cwd: Optional[str] = None):
        """fork + execve without waiting: a child that runs alongside (`cmd &`).

        Returns the child process (its ``nspid``, ``alive``, ``exit_code``);
        raises FSError EAGAIN when the pids limit forbids another process.
        """
        return self.system.start_child(self, argv, stdin=stdin, stdout=stdout, stderr=stderr,
                                       env=env, cwd=cwd)

    def wait(self, process) -> Generator[Any, Any, int]:
        """waitpid: block until a child started with ``start`` exits; its status."""
        if process.alive:
            yield WaitFor(process)
        return process.exit_code

    def run(self, argv: List[str], *, stdin: Optional[Stream] = None,
            stdout: Optional[Stream] = None, stderr: Optional[Stream] = None,
            env: Optional[Dict[str, str]] = None, cwd: Optional[str] = None
            ) -> Generator[Any, Any, int]:
        """fork + execve + wait: run a program as a child process; its exit status."""
        return (yield from self.system.spawn(self, argv, stdin=stdin, stdout=stdout,
                                             stderr=stderr, env=env, cwd=cwd))


PROGRAMS: Dict[str, Main] = {}


def program(*names: str) -> Callable[[Main], Main]:
    """Register a program under the names it is installed as (applet or binary name)."""
    def register(main: Main) -> Main:
        for name in names:
            PROGRAMS[name] = main
        return main
    return register
