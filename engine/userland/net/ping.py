"""ping: BusyBox's and iputils' (Debian's iputils-ping), one echo request a second.

Round-trip times are simulated and deterministic (a few hundredths of a
millisecond on a bridge, about 11 ms to the internet). Without -c, ping goes
on until it is killed, as the real one does.
"""

from __future__ import annotations

import math
from typing import List

from ...network.errors import NetError, ResolveError
from ...proc.api import Context, Sleep, program
from ...proc.signals import SIGINT
from ..options import OptionError, bad_option, parse, busybox_usage

LINGER = 10.0  # seconds both pings wait for the last reply before giving up
def iputils_time(ms: float) -> str:
    """iputils prints fewer decimals as the time grows."""
    usec = int(round(ms * 1000))
    if usec >= 100000:
        return f"{usec // 1000}"
    if usec >= 10000:
        return f"{usec // 1000}.{(usec % 1000) // 100:01d}"
    if usec >= 1000:
        return f"{usec // 1000}.{(usec % 1000) // 10:02d}"
    return f"{usec // 1000}.{usec % 1000:03d}"


def mdev(times: List[float]) -> float:
    mean = sum(times) / len(times)
    return math.sqrt(max(0.0, sum(t * t for t in times) / len(times) - mean * mean))


@program("ping", "ping6")
def ping(ctx: Context):
    args = ctx.argv[1:]
    try:
        options, operands = parse(ctx, args, "46c:s:i:At:I:W:w:qp:nvOD")
    except OptionError as err:
        return bad_option(ctx, err, status=2)
    count, quiet, interval, deadline = None, False, 1.0, None
    size = 56
    for key, value in options:
        if key == "c":
            count = int(value) if value.isdigit() else 0
        elif key == "q":
            quiet = True
        elif key == "i":
            try:
                interval = float(value)
            except ValueError:
                pass
        elif key == "w":
            deadline = float(value) if value.replace(".", "", 1).isdigit() else None
        elif key == "s" and value.isdigit():
            size = int(value)
    if not operands:
        if ctx.flavour == "busybox":
            return busybox_usage(ctx)
        ctx.stderr.write("ping: usage error: Destination address required\n")
        return 1
    target = operands[0]
    stack = ctx.system.network
    gnu = ctx.flavour == "gnu"
    try:
        address = stack.resolve(target, ctx.libc)[0]
    except ResolveError as err:
        if err.delay:
            yield Sleep(err.delay)
        if gnu:
            reason = ("Temporary failure in name resolution" if err.kind in ("TIMEOUT", "SERVFAIL")
                      else "Name or service not known")
            ctx.stderr.write(f"ping: {target}: {reason}\n")
            return 2
        ctx.error(f"bad address '{target}'")
        return 1
    if not gnu and not _raw_sockets_allowed(ctx):
        # BusyBox opens only a raw ICMP socket: root with CAP_NET_RAW (iputils falls back
        # to the ICMP datagram socket Docker's ping_group_range allows everyone)
        ctx.error("permission denied (are you root?)")
        return 1
    named = target != address
    if gnu:
        ctx.out(f"PING {target} ({address}) {size}({size + 28}) bytes of data.\n")
    else:
        ctx.out(f"PING {target} ({address}): {size} data bytes\n")
    shown_from = address
    if gnu and named:
        shown_from = f"{_reverse_name(stack, address, target)} ({address})"
    tally = _Tally(ctx, target, interval, gnu)
    # Interrupted (Ctrl-C, `kill -INT`), both pings print their statistics and end.
    ctx.extra.setdefault("signals", {})[SIGINT] = tally.report
    elapsed = 0.0
    seq = 0
    while count is None or tally.sent < count:
        if deadline is not None and elapsed >= deadline:
            break
        try:
            echo = stack.ping(address, seq)
        except NetError as err:
            if gnu:
                ctx.stderr.write(f"ping: connect: {err.text(ctx.libc)}\n")
                return 2
            ctx.error(f"sendto: {err.text(ctx.libc)}")
            return 1
        tally.sent += 1
        if echo.reply:
            tally.times.append(echo.rtt_ms)
            if not quiet:
                if gnu:
                    ctx.out(f"{size + 8} bytes from {shown_from}: icmp_seq={seq + 1} "
                            f"ttl={echo.ttl} time={iputils_time(echo.rtt_ms)} ms\n")
                else:
                    ctx.out(f"{size + 8} bytes from {address}: seq={seq} ttl={echo.ttl} "
                            f"time={echo.rtt_ms:.3f} ms\n")
        elif echo.unreachable:
            tally.errors += 1
            if gnu and not quiet:
                yield Sleep(min(3.0, interval * 3))
                elapsed += min(3.0, interval * 3)
                ctx.out(f"From {echo.source} icmp_seq={seq + 1} Destination Host Unreachable\n")
        seq += 1
        if count is None or tally.sent < count:
            yield Sleep(interval)
            elapsed += interval
    if not tally.times:
        wait = LINGER if deadline is None else max(0.0, deadline - elapsed)
        if not (gnu and tally.errors):
            yield Sleep(wait)
            elapsed += wait
    return tally.report()


class _Tally:
    """What ping has sent and received so far, and the statistics it ends with."""

    def __init__(self, ctx: Context, target: str, interval: float, gnu: bool):
        self.ctx, self.target, self.interval, self.gnu = ctx, target, interval, gnu
        self.sent, self.errors = 0, 0
        self.times: List[float] = []

    def report(self) -> int:
        """Print the statistics; the exit status (1 when nothing came back)."""
        out, times, sent = self.ctx.out, self.times, self.sent
        received = len(times)
        loss = (sent - received) * 100 // sent if sent else 0
        out(f"\n--- {self.target} ping statistics ---\n")
        if self.gnu:
            errors_text = f"+{self.errors} errors, " if self.errors else ""
            # iputils reports the time from the first request to the last one (plus the
            # microseconds each round takes), not the wait for replies that never came.
            span = max(0, sent - 1) * self.interval
            total_ms = int(round(span * 1000)) + max(0, sent - 1)
            out(f"{sent} packets transmitted, {received} received, {errors_text}{loss}% packet "
                f"loss, time {total_ms}ms\n")
            if times:
                out(f"rtt min/avg/max/mdev = {min(times):.3f}/{sum(times) / len(times):.3f}/"
                    f"{max(times):.3f}/{mdev(times):.3f} ms")
            out("\n")  # iputils ends the rtt line here: alone, it is an empty line
        else:
            out(f"{sent} packets transmitted, {received} packets received, {loss}% packet loss\n")
            if times:
                out(f"round-trip min/avg/max = {min(times):.3f}/{sum(times) / len(times):.3f}/"
                    f"{max(times):.3f} ms\n")
        return 0 if received else 1


def _reverse_name(stack, address: str, target: str) -> str:
    """iputils looks the replying address up again: Docker's DNS answers NAME.NETWORK."""
    hosts = stack.hosts_lookup(target)
    if hosts:
        return target
    net = stack.net
    if net is not None:
        for endpoint in net.endpoints.values():
            network = endpoint.network
            if not network.user_defined:
                continue
            for other in network.endpoints.values():
                if other.ip_text == address and other.dns_names:
                    return f"{other.dns_names[0]}.{network.name}"
    return address


__all__ = ["ping"]


def _raw_sockets_allowed(ctx: Context) -> bool:
    from ...container import capabilities
    from ..coreutils.common import credentials
    return credentials(ctx)[0] == 0 and capabilities.has(ctx, capabilities.NET_RAW)
