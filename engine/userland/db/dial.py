"""How the database clients open a TCP connection: resolve, then connect, and the
errno text the C library gives for what failed (clients word the rest themselves)."""

from __future__ import annotations

from typing import Tuple

from ...network.errors import NetError, ResolveError
from ...proc.api import Context, Sleep

# getaddrinfo's EAI_NONAME text (gai_strerror) in each C library
NO_NAME = {"glibc": "Name or service not known", "musl": "Name does not resolve"}


def dial(ctx: Context, host: str, port: int):
    """Generator: (connection, address, "") or (None, address, the reason as the C library
    words it); the address is "" when the name did not resolve."""
    stack = ctx.system.network
    try:
        address = stack.resolve(host, ctx.libc)[0]
    except ResolveError as err:
        if err.delay:
            yield Sleep(err.delay)
        return None, "", NO_NAME.get(ctx.libc, NO_NAME["glibc"])
    try:
        return stack.connect(address, port), address, ""
    except NetError as err:
        if err.delay:
            yield Sleep(err.delay)
        return None, address, err.text(ctx.libc)


def exchange(connection, data: bytes) -> Tuple[bytes, str]:
    """Send a request and take the reply; ("", why) when the server went away."""
    try:
        return connection.exchange(data), ""
    except NetError as err:
        return b"", err.text("glibc")


def serve_forever(ctx: Context):
    """A server's main loop once it listens: sleep until a request wakes it, then hand
    the CPU its answers cost to the scheduler (so `stats` and `top` see a busy server)."""
    while True:
        yield Sleep(float("inf"))
        yield from ctx.settle_charges()


def bill(ctx: Context, process, seconds: float) -> None:
    """Charge the server for one request and wake it so the charge is settled."""
    ctx.charge(seconds)
    ctx.system.wake(process)
