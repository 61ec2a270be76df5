"""The smallest programs: true, false, test and [, sleep, and a foreground server (nginx)."""

from __future__ import annotations

from ...lazy import LazyModule
from ...proc.api import Context, Sleep, program
from ..options import busybox_usage, prog

# test's grammar: not loaded for true or sleep
testexpr = LazyModule("engine.userland.sh.testexpr", globals())

SIGHUP, SIGINT, SIGQUIT, SIGTERM = 1, 2, 3, 15


@program("true")
def true(ctx: Context) -> int:
    return 0


@program("false")
def false(ctx: Context) -> int:
    return 1


class _Program:
    """What the shell's test evaluator asks of a shell, for test run as a program."""

    def __init__(self, ctx: Context):
        self.ctx, self.fs, self.cwd = ctx, ctx.fs, ctx.cwd
        self.fds = {0: ctx.stdin, 1: ctx.stdout, 2: ctx.stderr}


@program("test", "[", "[[")
def test(ctx: Context) -> int:
    """/usr/bin/test and BusyBox's test, [ and [[ applets: status 0 (true), 1 (false),
    2 (a bad expression)."""
    args = ctx.argv[1:]
    closing = {"[": "]", "[[": "]]"}.get(ctx.name, "")
    dialect = "gnu" if ctx.flavour == "gnu" else "ash"
    try:
        if closing:
            if not args or args[-1] != closing:
                raise testexpr.TestError("bracket")
            args = args[:-1]
        return 0 if testexpr.test(_Program(ctx), args, dialect, closing) else 1
    except testexpr.TestError as err:
        ctx.stderr.write(f"{prog(ctx)}: {testexpr.message(dialect, ctx.name, err)}\n")
        return 2


def parse_duration(text: str):
    """sleep's argument: a number with an optional s/m/h/d suffix, or "infinity"."""
    if text == "infinity":
        return float("inf")
    unit = {"s": 1, "m": 60, "h": 3600, "d": 86400}.get(text[-1:])
    number = text[:-1] if unit else text
    try:
        value = float(number) * (unit or 1)
    except ValueError:
        return None
    return value if value >= 0 else None


@program("sleep")
def sleep(ctx: Context):
    args = ctx.argv[1:]
    if not args:
        if ctx.flavour == "gnu":
            ctx.error("missing operand")
            ctx.stderr.write("Try 'sleep --help' for more information.\n")
        else:
            return busybox_usage(ctx)
        return 1
    total = 0.0
    for arg in args:
        seconds = parse_duration(arg)
        if seconds is None:
            if ctx.flavour == "gnu":
                ctx.error(f"invalid time interval '{arg}'")
                ctx.stderr.write("Try 'sleep --help' for more information.\n")
            else:
                ctx.error(f"invalid number '{arg}'")
            return 1
        total += seconds
    if total > 0:
        yield Sleep(total)
    return 0


@program("nginx")
def nginx(ctx: Context):
    """nginx in the foreground, serving files from its container (engine/userland/net/servers.py)."""
    from ..net.servers import nginx_main
    return (yield from nginx_main(ctx))

