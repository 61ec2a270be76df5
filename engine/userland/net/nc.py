"""nc, BusyBox's netcat: `nc -l -p PORT` waits for one connection, `nc HOST PORT` makes one.

A listener prints what it receives and answers with what is on its own
standard input; it ends when the connection closes (-k: it keeps listening).
A client sends its standard input and prints the answer.
"""

from __future__ import annotations

from ...network.errors import NetError
from ...proc.api import Context, Sleep, program
from .dial import dial
from ..options import OptionError, bad_option, busybox_usage, parse

@program("nc", "netcat")
def nc(ctx: Context):
    args = ctx.argv[1:]
    try:
        options, operands = parse(ctx, args, "e:lkp:s:w:i:nubvo:zq:")
    except OptionError as err:
        return bad_option(ctx, err)
    keys = [k for k, _ in options]
    values = dict(options)
    verbose = "v" in keys
    if "l" in keys:
        port = values.get("p") or (operands[0] if operands else "")
        if not port.isdigit():
            return busybox_usage(ctx)
        return (yield from _listen(ctx, int(port), keep="k" in keys or keys.count("l") > 1,
                                   verbose=verbose))
    if len(operands) < 2 or not operands[1].isdigit():
        return busybox_usage(ctx)
    host, port = operands[0], int(operands[1])
    connection, address, why = yield from dial(ctx, host, port)
    if connection is None:
        if not address:
            ctx.error(f"bad address '{host}'")
        elif "z" in keys or verbose:
            ctx.error(f"{host} ({address}:{port}): {why}")
        else:
            ctx.error(f"can't connect to remote host ({address}): {why}")
        return 1
    if "z" in keys:
        if verbose:
            ctx.stderr.write(f"{host} ({address}:{port}) open\n")
        return 0
    data = ctx.stdin.read().encode("utf-8", "surrogateescape")
    try:
        reply = connection.exchange(data)
    except NetError:
        return 1
    ctx.out(reply.decode("utf-8", "surrogateescape"))
    return 0


def _listen(ctx: Context, port: int, keep: bool, verbose: bool):
    stack = ctx.system.network
    process = ctx.system.current
    state = {"connections": 0}

    def answer(data: bytes, peer) -> bytes:
        state["connections"] += 1
        if verbose:
            ctx.stderr.write(f"connect to {stack.source_for(peer.ip)}:{port} from "
                             f"{peer.ip}:{peer.port} ({peer.ip}:{peer.port})\n")
        ctx.out(data.decode("utf-8", "surrogateescape"))
        reply = ctx.stdin.read().encode("utf-8", "surrogateescape")
        if not keep:
            listener.close()
            ctx.system.wake(process)
        return reply

    try:
        listener = stack.listen(port, answer, process, name="nc")
    except NetError as err:
        ctx.error(f"bind: {err.text(ctx.libc)}")
        return 1
    if verbose:
        ctx.stderr.write(f"listening on 0.0.0.0:{port} ...\n")
    try:
        while keep or not state["connections"]:
            yield Sleep(float("inf"))
    finally:
        listener.close()
    return 0


__all__ = ["nc"]
