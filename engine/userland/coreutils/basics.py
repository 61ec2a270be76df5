"""The smallest programs: true, false, sleep, and a foreground server (nginx)."""

from __future__ import annotations

from ...proc.api import Context, Sleep, program

SIGHUP, SIGINT, SIGQUIT, SIGTERM = 1, 2, 3, 15


@program("true")
def true(ctx: Context) -> int:
    return 0


@program("false")
def false(ctx: Context) -> int:
    return 1


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
            ctx.stderr.write("BusyBox v1.37.0 multi-call binary.\n\nUsage: sleep [N]...\n")
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

