"""How a client opens a TCP connection: resolve, then connect, with the errno text the C
library gives for what failed (each client words the rest itself)."""

from __future__ import annotations

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
