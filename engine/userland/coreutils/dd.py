"""dd: GNU's and BusyBox's, block by block from if= (standard input) to of= (standard
output), with the records and bytes it reports on standard error.

Blocks are read and written as the data comes, charged per byte; time passes in
simulation as it copies. Zeros from /dev/zero written to a file are stored as a
declared size, not as bytes (the simulated disk holds numbers): `dd if=/dev/zero
of=/big bs=1M count=1024` makes a 1 GiB file without 1 GiB of host memory.
"""

from __future__ import annotations

import re
from typing import Dict, Optional

from ...proc.api import Context, decode, program
from ...vfs.entry import regular
from ...vfs.errno import FSError
from ..options import alpine_busybox, error, quote
from .common import new_file
from ..streaming import Source, discards, spin_forever

# Measured here: GNU dd copying /dev/zero to /dev/null moves about 6 GB/s with
# bs=1M (0.17 ns a byte) and pays about 1 us for each read+write pair of blocks.
CPU_PER_BYTE = 0.17e-9
CPU_PER_BLOCK = 1e-6
GNU_UNITS = {"c": 1, "w": 2, "b": 512, "kB": 1000, "K": 1024, "KiB": 1024, "MB": 1000 ** 2,
             "M": 1024 ** 2, "MiB": 1024 ** 2, "GB": 1000 ** 3, "G": 1024 ** 3,
             "GiB": 1024 ** 3, "TB": 1000 ** 4, "T": 1024 ** 4, "k": 1024}
BUSYBOX_UNITS = {"c": 1, "w": 2, "b": 512, "kB": 1000, "kD": 1000, "k": 1024, "K": 1024,
                 "MB": 1000 ** 2, "MD": 1000 ** 2, "M": 1024 ** 2, "GB": 1000 ** 3,
                 "GD": 1000 ** 3, "G": 1024 ** 3}


class _Bad(Exception):
    pass


def _number(text: str, gnu: bool) -> int:
    """A size with its unit; GNU also multiplies: 2x512."""
    total = 1
    for part in (text.split("x") if gnu else [text]):
        match = re.fullmatch(r"(\d+)([A-Za-z]*)", part)
        units = GNU_UNITS if gnu else BUSYBOX_UNITS
        if not match or match.group(2) not in ("", *units):
            raise _Bad(text)
        total *= int(match.group(1)) * (units[match.group(2)] if match.group(2) else 1)
    return total


def _si(value: float, decimals_below: float) -> str:
    """GNU's human-readable SI amount: one decimal under ``decimals_below``."""
    for unit in ("", "k", "M", "G", "T", "P"):
        if value < 1000 or unit == "P":
            break
        value /= 1000
    return (f"{value:.1f}" if value < decimals_below else f"{value:.0f}") + f" {unit}B"


def _iec(value: float) -> str:
    for unit in ("", "Ki", "Mi", "Gi", "Ti", "Pi"):
        if value < 1024 or unit == "Pi":
            break
        value /= 1024
    return (f"{value:.1f}" if value < 10 else f"{value:.0f}") + f" {unit}B"


def _busybox_human(value: float) -> str:
    """BusyBox's make_human_readable_str: one decimal, the unit glued on."""
    for unit in ("", "k", "M", "G", "T"):
        if value < 1024 or unit == "T":
            break
        value /= 1024
    return f"{value:.1f}{unit}" if unit else f"{value:.0f}"


def _report(ctx: Context, gnu: bool, full_in: int, part_in: int, full_out: int,
            part_out: int, nbytes: int, seconds: float, status: str) -> None:
    if status == "none":
        return
    lines = [f"{full_in}+{part_in} records in\n", f"{full_out}+{part_out} records out\n"]
    if status != "noxfer":
        seconds = max(seconds, 1e-6)
        rate = nbytes / seconds
        if gnu:
            size = ""
            if nbytes >= 1000:
                size = f" ({_si(nbytes, 10)}" + (f", {_iec(nbytes)}" if nbytes >= 1024 else "") + ")"
            lines.append(f"{nbytes} bytes{size} copied, {seconds:g} s, {_si(rate, 100)}/s\n")
        elif not alpine_busybox(ctx):  # Alpine's build leaves the third line out
            lines.append(f"{nbytes} bytes ({_busybox_human(nbytes)}B) copied, "
                         f"{seconds:f} seconds, {_busybox_human(rate)}B/s\n")
    ctx.stderr.write("".join(lines))


@program("dd")
def dd(ctx: Context):
    gnu = ctx.flavour == "gnu"
    settings: Dict[str, str] = {}
    for arg in ctx.argv[1:]:
        key, eq, value = arg.partition("=")
        if not eq or key not in ("if", "of", "bs", "ibs", "obs", "count", "skip", "seek",
                                 "conv", "status", "iflag", "oflag"):
            if gnu:
                error(ctx, f"unrecognized operand {quote(arg)}")
                ctx.stderr.write("Try 'dd --help' for more information.\n")
            else:
                error(ctx, f"invalid argument '{arg}'" if not eq else f"unknown operand '{arg}'")
            return 1
        settings[key] = value
    try:
        ibs = _number(settings.get("ibs", settings.get("bs", "512")), gnu)
        obs = _number(settings.get("obs", settings.get("bs", "512")), gnu)
        count = _number(settings["count"], gnu) if "count" in settings else None
        skip = _number(settings.get("skip", "0"), gnu)
        seek = _number(settings.get("seek", "0"), gnu)
    except _Bad as bad:
        error(ctx, f"invalid number: {quote(str(bad))}" if gnu else
              f"invalid number '{bad}'")
        return 1
    if ibs == 0 or obs == 0:
        error(ctx, "invalid number: '0'" if gnu else "invalid number '0'")
        return 1
    conv = set(filter(None, settings.get("conv", "").split(",")))
    status = settings.get("status", "")
    source_name = settings.get("if", "-")
    try:
        source = Source(ctx, source_name)
    except FSError as err:
        error(ctx, f"failed to open {quote(source_name)}: {ctx.strerror(err)}" if gnu else
              f"can't open '{source_name}': {ctx.strerror(err)}")
        return 1
    target = settings.get("of")
    started = ctx.now()
    if skip:
        yield from source.read(skip * ibs)
    if source.endless and count is None and (target is not None or discards(ctx.stdout)):
        return (yield from spin_forever())  # for ever, and nobody sees the bytes
    if source.device == "zero" and count is not None and (target is not None
                                                          or discards(ctx.stdout)):
        # zeros counted, not made: a size on the simulated disk
        copied = ibs * count
        ctx.charge(CPU_PER_BLOCK * count + CPU_PER_BYTE * copied)
        if target is not None:
            failed = _write(ctx, target, [], copied, True, seek * obs, "notrunc" in conv)
            if failed:
                error(ctx, failed)
                return 1
        yield from ctx.settle_charges()
        full_out, part_out = divmod(copied, obs)
        _report(ctx, gnu, count, 0, full_out, 1 if part_out else 0, copied,
                ctx.now() - started, status)
        return 0
    full_in = part_in = 0
    chunks = []
    zeros_only = True
    copied = 0
    while count is None or full_in + part_in < count:
        block = yield from source.read(ibs)
        if not block:
            break
        if len(block) == ibs:
            full_in += 1
        else:
            part_in += 1
        copied += len(block)
        ctx.charge(CPU_PER_BLOCK + CPU_PER_BYTE * len(block))
        if target is None:
            ctx.out(decode(block))
            yield from ctx.flow()
        else:
            zeros_only = zeros_only and source.device == "zero"
            chunks.append(block)
            yield from ctx.flow(())
    full_out, part_out = divmod(copied, obs)
    if target is not None:
        failed = _write(ctx, target, chunks, copied, zeros_only, seek * obs, "notrunc" in conv)
        if failed:
            error(ctx, failed)
            return 1
    yield from ctx.settle_charges()
    _report(ctx, gnu, full_in, part_in, full_out, 1 if part_out else 0, copied,
            ctx.now() - started, status)
    return 0


def _write(ctx: Context, target: str, chunks, size: int, zeros: bool, offset: int,
           notrunc: bool) -> Optional[str]:
    """Write the copy into ``target`` at ``offset``; an error text, or None."""
    try:
        old = b""
        try:
            old = ctx.fs.read(target, ctx.cwd) if (offset or notrunc) else b""
        except FSError:
            pass
        if zeros and not old and not offset:
            ctx.fs.write(target, b"", cwd=ctx.cwd, **new_file(ctx))
            canonical, entry = ctx.fs.resolve(target, ctx.cwd)
            ctx.fs.install(canonical, regular(None, entry.mode, entry.uid, entry.gid,
                                              size=size))
            return None
        data = b"".join(chunks)
        head = old[:offset].ljust(offset, b"\0")
        tail = old[offset + len(data):] if notrunc else b""
        ctx.fs.write(target, head + data + tail, cwd=ctx.cwd, **new_file(ctx))
    except FSError as err:
        return f"failed to open {quote(target)}: {ctx.strerror(err)}"
    return None


__all__ = ["dd"]
