"""What the database clients and servers share on the simulated network: the connection
(net/dial.py), one request and its reply, a server's loop and its bill."""

from __future__ import annotations

from typing import Tuple

from ...network.errors import NetError
from ...proc.api import Context, Sleep

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
