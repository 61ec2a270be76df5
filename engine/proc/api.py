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

Every program's work costs CPU time: it counts what it did with
``ctx.charge(seconds)`` (a step interpreted, bytes moved, at rates measured on
the real tools) and calls ``yield from ctx.flow()`` between steps, where the
CPU used so far goes to the scheduler once it makes a QUANTUM, and where a
writer blocks while its output pipe is full. A plain function's charges are
handed over when it returns.
"""

from __future__ import annotations

from collections import deque

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, Generator, Iterator, List, Optional, Union

from ..record import field, record
from ..vfs.errno import FSError, strerror

if TYPE_CHECKING:
    from ..vfs.union import UnionFS

PIPE_CAPACITY = 65536  # Linux's default pipe buffer: a writer blocks past it
# What a reader that takes all its input before it starts (sort, a plain program)
# may have waiting in its pipe: its own buffer, bounded so that host memory is too.
HOARD_CAPACITY = 64 * 1024 * 1024
# CPU seconds a program may use between two points where the scheduler gets control
# back (the kernel's preemption tick): small enough that a busy loop shares the CPU
# in fine steps, large enough that interpreting it is not dominated by switching.
QUANTUM = 0.002


def decode(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


@record
class Request:
    """Something a program asks of the kernel by yielding it."""

    def __post_init__(self):
        self.origin = None  # the process that asked (set by the kernel on the way up)


@record
class Sleep(Request):
    """Let ``seconds`` of simulated time pass, off the CPU (inf: wait for ever)."""
    seconds: float


@record
class Compute(Request):
    """Use ``seconds`` of CPU time (inf: a busy loop); how long that takes on the
    clock depends on the CPU shares and quota of the container's cgroup."""
    seconds: float


@record
class Allocate(Request):
    """Grow (or, negative, shrink) this process's memory by ``nbytes``; past the
    cgroup's memory.max the OOM killer chooses a victim."""
    nbytes: int


@record
class WaitIO(Request):
    """Block until ``stream`` (a Pipe) can be read (``mode`` "read": data or end of file),
    has ended ("eof"), holds more than ``seen`` ("more") or can be written ("write":
    below its capacity, or its reader gone)."""
    stream: Any
    mode: str

    seen: int = 0  # mode "more": ready once the pipe holds more than this, or has ended
    timeout: Optional[float] = None  # give up after this many seconds (poll(2)'s timeout)

    def ready(self) -> bool:
        stream = self.stream
        if self.mode == "read":
            return stream.readable
        if self.mode == "eof":
            return stream.closed
        if self.mode == "more":
            return stream.closed or stream.held > self.seen
        return not stream.full or stream.read_closed


@record
class WaitFor(Request):
    """Block until ``process`` (a child started with ctx.start) has exited - or the first
    of several, given as a list - or until ``timeout`` seconds have passed. ``untraced``
    (waitpid's WUNTRACED, a job-control shell's): also when it stops."""
    process: Any
    timeout: Optional[float] = None
    untraced: bool = False


class EndlessRead(Exception):
    """A program read all of a source that never ends (/dev/zero) at once: the read
    never returns (see invoke: it reads, and keeps, for ever)."""


class TerminalInput(Exception):
    """A program read all of its terminal's input at once (`wc` typed at a prompt) while
    nothing was typed yet: the read waits for the end of input, ^D (see invoke: the
    program runs once it has come)."""


class BrokenPipe(Exception):
    """Writing to a pipe nobody will read any more (the writer gets SIGPIPE)."""


class DeviceFull(Exception):
    """Writing to /dev/full: write(2) fails with ENOSPC."""


class Stream:
    """A byte stream as text: a pipe, a captured output, or a terminal's input.

    Readers consume from the front.
    """

    def __init__(self, data: str = "", on_write: Optional[Callable[[str], None]] = None):
        self._buffer = data
        self._on_write = on_write
        self.closed = False  # no more data will come (end of file for readers)
        self.isatty = False
        self.owner = None  # a container's stdio: the user runc gave it to (see runtime.stdio_for)

    def write(self, text: str) -> None:
        if not text:
            return
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

    def take(self, count: int) -> str:
        """The first ``count`` characters (a reader that found what it looked for)."""
        data, self._buffer = self._buffer[:count], self._buffer[count:]
        return data

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


class Pipe(Stream):
    """pipe(2) between two processes of a pipeline, both running at once.

    A write is always taken (a program in the middle of a write cannot be stopped
    here); the writer then blocks at its next charge point (``Context.flow``) while
    more than ``capacity`` bytes wait, as write(2) blocks on a full pipe, so nothing
    is lost and a writer never runs far ahead of its reader. A reader with nothing
    to read blocks (``Context.read_some``) until data or end of file comes. Once
    the read end is closed (the reader has exited), writing raises BrokenPipe: the
    writer gets SIGPIPE.
    """

    def __init__(self):
        self._chunks: List[str] = []  # written, not yet joined (writes stay linear)
        self._size = 0
        super().__init__()
        self.capacity = PIPE_CAPACITY
        self.read_closed = False
        self._waiters: List[tuple] = []  # (system, process) blocked on this pipe

    @property
    def _buffer(self) -> str:
        if len(self._chunks) > 1:
            self._chunks = ["".join(self._chunks)]
        return self._chunks[0] if self._chunks else ""

    @_buffer.setter
    def _buffer(self, text: str) -> None:
        self._chunks = [text] if text else []
        self._size = len(text)

    def write(self, text: str) -> None:
        if self.read_closed:
            raise BrokenPipe()
        if text:
            self._chunks.append(text)
            self._size += len(text)
            self._notify()

    def read(self) -> str:
        data = super().read()
        if data:
            self._notify()
        return data

    def readline(self) -> str:
        line = super().readline()
        if line:
            self._notify()
        return line

    def take(self, count: int) -> str:
        data = super().take(count)
        if data:
            self._notify()
        return data

    @property
    def full(self) -> bool:
        return self._size >= self.capacity

    @property
    def held(self) -> int:
        """What waits in the pipe to be read."""
        return self._size

    @property
    def readable(self) -> bool:
        """A read would not block: data is there, or the writer is gone (end of file)."""
        return self._size > 0 or self.closed

    def close_write(self) -> None:
        self.closed = True
        self._notify()

    def close_read(self) -> None:
        self.read_closed = True
        self._buffer = ""  # what nobody will read is dropped, as by the kernel
        self._notify()

    def hoard(self) -> None:
        """Its reader keeps everything until end of file (a program that reads its
        input at once): the writer may go on up to HOARD_CAPACITY."""
        if self.capacity < HOARD_CAPACITY:
            self.capacity = HOARD_CAPACITY
            self._notify()

    def block(self, system, process) -> None:
        self._waiters.append((system, process))

    @property
    def waited_on(self) -> bool:
        """A live process is blocked on this pipe (reading it, or writing a full one)."""
        return any(process.alive for _, process in self._waiters)

    def unblock(self, process) -> None:
        """``process`` waits no more (its wait timed out)."""
        self._waiters = [(system, waiter) for system, waiter in self._waiters
                         if waiter is not process]

    def _notify(self) -> None:
        waiters, self._waiters = self._waiters, []
        for system, process in waiters:
            system.wake(process)


class EndlessInput(Stream):
    """Standard input from /dev/zero or /dev/urandom (`prog < /dev/zero`): a read of
    some returns bytes at once, a read of everything never returns."""

    def __init__(self, data: bytes = b"\0"):
        super().__init__()
        self.pattern = data.decode("latin-1")

    def read(self) -> str:
        raise EndlessRead()

    def readline(self) -> str:
        raise EndlessRead()

    def take(self, count: int) -> str:
        return (self.pattern * (count // len(self.pattern) + 1))[:count]


RECORDER_KEEP = 16 * 1024 * 1024  # characters of an exec's output kept for its client


class Recorder:
    """Both output streams of a process, with the order in which things were written
    (what a terminal would show), as `docker exec` hands them to the client.

    The client reads it as it comes (``since``); past RECORDER_KEEP characters
    the oldest output is dropped, so that a program that writes for ever
    (`exec c yes`) cannot fill the host. Positions count every chunk ever
    written, so a client never sees one twice."""

    def __init__(self):
        self.chunks: deque = deque()
        self.first = 0  # position of the oldest chunk kept
        self.size = 0
        self.stdout = Stream(on_write=lambda text: self._add("stdout", text))
        self.stderr = Stream(on_write=lambda text: self._add("stderr", text))

    def _add(self, name: str, text: str) -> None:
        self.chunks.append((name, text))
        self.size += len(text)
        while self.size > RECORDER_KEEP and len(self.chunks) > 1:
            self.size -= len(self.chunks.popleft()[1])
            self.first += 1

    def since(self, mark: int) -> tuple:
        """(both streams' text written from position ``mark`` on, the next position)."""
        start = max(0, mark - self.first)
        text = "".join(self.chunks[i][1] for i in range(start, len(self.chunks)))
        return text, self.first + len(self.chunks)

    def text(self, stream: Optional[str] = None) -> str:
        return "".join(text for name, text in self.chunks if stream in (None, name))


if TYPE_CHECKING:  # type aliases, for annotations only
    Result = Union[int, Generator[Any, Any, int]]
    Main = Callable[["Context"], Result]


class CpuMeter:
    __slots__ = ("pending", "spent")

    def __init__(self):
        self.pending = 0.0
        self.spent = 0.0  # handed to the scheduler so far

    def take(self) -> float:
        """The pending CPU time, now handed over."""
        pending, self.pending = self.pending, 0.0
        self.spent += pending
        return pending

    @property
    def total(self) -> float:
        return self.spent + self.pending


@record
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
    umask: int = 0o022  # runc's default; a child inherits its parent's, exec keeps it
    flavour: str = "busybox"  # "busybox" or "gnu": whose messages a program prints
    libc: str = "musl"  # "musl" or "glibc": whose strerror texts
    tty: Any = False  # the controlling terminal (engine.proc.terminal.Terminal), or False
    extra: Dict[str, Any] = field(default_factory=dict)  # per-process state (a shell's vars)
    last_child: Any = None  # the child `run` ran last: how it ended (its signal) is asked
    # CPU seconds used but not yet handed to the scheduler; shared by the copies of
    # a context that stand for the same process (a shell's in-process subshells)
    meter: "CpuMeter" = field(default_factory=lambda: CpuMeter())

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

    # -- the cost model ----------------------------------------------------------
    def charge(self, cpu_seconds: float) -> None:
        """Count CPU time this program has used (an interpreted step, bytes moved).
        It is handed to the scheduler at the next ``flow`` (or when the program ends)."""
        self.meter.pending += cpu_seconds

    def flow(self, streams=None) -> Generator[Request, Any, None]:
        """A charge point: give the CPU used so far to the scheduler once it makes a
        quantum (where the program can be preempted), and block while one of the
        output pipes is full. Programs call it between steps of their work."""
        if self.meter.pending >= QUANTUM:
            yield Compute(self.meter.take())
        for stream in (streams if streams is not None else (self.stdout, self.stderr)):
            while isinstance(stream, Pipe) and stream.full and not stream.read_closed:
                yield WaitIO(stream, "write")

    def settle_charges(self) -> Generator[Request, Any, None]:
        """Hand over whatever CPU time is left (a program's last step)."""
        if self.meter.pending > 0:
            yield Compute(self.meter.take())

    def read_some(self, stream: Optional[Stream] = None,
                  size: Optional[int] = None) -> Generator[Request, Any, str]:
        """read(2): what is there now (at most ``size``), waiting for some if the pipe
        is empty; "" at end of file."""
        source = self.stdin if stream is None else stream
        terminal = getattr(source, "terminal", None)
        while True:
            if terminal is not None and terminal.stops_reader(self.system.current):
                yield Sleep(0)  # a background job stopped by SIGTTIN: on from here at SIGCONT
            elif isinstance(source, Pipe) and not source.readable:
                yield WaitIO(source, "read")
            else:
                return source.read() if size is None else source.take(size)

    def read_all(self, stream: Optional[Stream] = None) -> Generator[Request, Any, str]:
        """Everything up to end of file."""
        source = self.stdin if stream is None else stream
        parts = []
        while True:
            chunk = yield from self.read_some(source)
            if not chunk:
                return "".join(parts)
            parts.append(chunk)

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

    def wait(self, process, untraced: bool = False) -> Generator[Any, Any, int]:
        """waitpid: block until a child started with ``start`` exits (or, ``untraced``,
        stops); its status (None while it lives on, stopped)."""
        if process.alive and not (untraced and process.stopped):
            yield WaitFor(process, untraced=untraced)
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
