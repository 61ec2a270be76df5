"""Calling a program: how the kernel and a shell's exec start one.

Programs are plain functions or generator functions (see api). Three things
happen around the call: a program that reads its whole input at once waits for
the end of its input pipe; one that reads all of a source that never ends
hoards for ever; and CPU time a program charged (``Context.charge``) and did
not hand over itself is handed over when it ends.
"""

from __future__ import annotations

from types import GeneratorType

from .api import Allocate, Compute, Context, EndlessRead, Pipe, Stream, TerminalInput, WaitIO

TYPE_CHECKING = False  # Main is a typing alias: for annotations only (issue 18)
if TYPE_CHECKING:
    from .api import Main

HOARD_RATE = 2 * 1024 ** 3  # bytes per CPU second a tight read loop takes in
HOARD_STEP = 0.01  # CPU seconds between two growths of its buffer


def streams_input(main: Main) -> Main:
    """Mark a program that reads a pipe as the data comes (``Context.read_some``).
    Any other program is started once its input pipe has reached end of file, since
    it reads its whole input at once."""
    main.streams_input = True
    return main


def invoke(main: Main, ctx: Context):
    """Call a program: its status, or the generator that runs it over time.

    A program that takes its input in one read waits first for the end of its
    input pipe (its pipe may hold up to HOARD_CAPACITY meanwhile, the program's
    own buffer); not for a terminal's, which most programs never read (ls): one that
    does waits for ^D then (TerminalInput). CPU time a program charged and did not
    hand over itself is handed over when it ends."""
    if (isinstance(ctx.stdin, Pipe) and not ctx.stdin.closed and not ctx.stdin.isatty
            and not getattr(main, "streams_input", False)):
        return _after_end_of_input(main, ctx)
    try:
        result = main(ctx)
    except EndlessRead:
        return hoard(ctx)
    except TerminalInput:
        return _after_terminal_input(main, ctx)
    if isinstance(result, GeneratorType):
        return _with_final_charge(result, ctx, main)
    if ctx.meter.pending > 0:
        return _charged(int(result or 0), ctx)
    return result


def after_end_of_input(main: Main, ctx: Context):
    """Run ``main`` once its input pipe has reached end of file (a streaming program
    that finds it must read its input whole after all: sed with N)."""
    return _after_end_of_input(main, ctx)


def _after_end_of_input(main: Main, ctx: Context):
    pipe = ctx.stdin
    pipe.hoard()
    held = 0
    while not pipe.closed:  # what it has read so far is its memory
        yield WaitIO(pipe, "more", seen=held)
        if pipe.held > held:
            yield Allocate(pipe.held - held)
            held = pipe.held
    return (yield from _run(main, ctx))


def _after_terminal_input(main: Main, ctx: Context):
    """A program that reads its whole input at once, from a terminal nothing was typed
    at yet: it gets what is typed up to ^D, as its read(2) calls would, then runs
    (it had done nothing before its read: a program reads its input first)."""
    terminal_input = ctx.stdin
    typed = []
    while True:
        chunk = yield from ctx.read_some(terminal_input)
        if not chunk:
            break
        typed.append(chunk)
    ctx.stdin = Stream("".join(typed))
    ctx.stdin.closed = ctx.stdin.isatty = True
    return (yield from _run(main, ctx))


def _run(main: Main, ctx: Context):
    """Call ``main`` once its input is there: to its end, charges handed over."""
    try:
        result = main(ctx)
    except EndlessRead:
        return (yield from hoard(ctx))
    if isinstance(result, GeneratorType):
        result = yield from result
    yield from ctx.settle_charges()
    return result


def _with_final_charge(gen, ctx: Context, main: Main):
    try:
        status = yield from gen
    except EndlessRead:
        return (yield from hoard(ctx))
    except TerminalInput:  # before it did anything else (see _after_terminal_input)
        return (yield from _after_terminal_input(main, ctx))
    yield from ctx.settle_charges()
    return status


def _charged(status: int, ctx: Context):
    yield from ctx.settle_charges()
    return status


def hoard(ctx: Context):
    """Read for ever, keeping what was read (`sort /dev/zero`, `tail /dev/zero`): busy,
    its memory grows until the cgroup's memory.max makes the OOM killer end it - the
    classic way to show a memory limit."""
    while True:
        yield Compute(HOARD_STEP)
        yield Allocate(int(HOARD_RATE * HOARD_STEP))
