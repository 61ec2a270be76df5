"""unlink, sync, fsync and usleep: one system call each, GNU coreutils' and BusyBox's.

crsim's file system has no write-back cache, so sync and fsync have nothing to
flush; they still check their operands as the real ones do (each file is opened).
"""

from __future__ import annotations

from ...proc.api import Context, Sleep, program
from ...vfs.errno import FSError
from ..options import OptionError, bad_option, busybox_usage, parse, try_help
from .common import check_write_dir, quote, say


@program("unlink")
def unlink(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    try:
        _opts, operands = parse(ctx, ctx.argv[1:], "", None, long_syntax=gnu)
    except OptionError as err:
        return bad_option(ctx, err)
    if len(operands) != 1:
        if not gnu:
            return busybox_usage(ctx)
        if not operands:
            say(ctx, "missing operand")
        else:
            say(ctx, f"extra operand {quote(operands[1])}")
        return try_help(ctx)
    path = operands[0]
    try:
        check_write_dir(ctx, path)
        ctx.fs.unlink(path, ctx.cwd)
    except FSError as err:
        say(ctx, f"cannot unlink {quote(path)}: {ctx.strerror(err)}" if gnu
            else f"can't remove file '{path}': {ctx.strerror(err)}")
        return 1
    return 0


def _open_each(ctx: Context, names, gnu_words: str) -> int:
    status = 0
    for name in names:
        try:
            ctx.fs.stat(name, ctx.cwd)
        except FSError as err:
            say(ctx, f"{gnu_words} {quote(name)}: {ctx.strerror(err)}" if ctx.flavour == "gnu"
                else f"can't open '{name}': {ctx.strerror(err)}")
            status = 1
    return status


@program("sync")
def sync(ctx: Context) -> int:
    if ctx.flavour != "gnu":
        # BusyBox's sync takes no options and says it ignores what it is given
        if ctx.argv[1:]:
            say(ctx, "ignoring all arguments")
        return 0
    try:
        opts, operands = parse(ctx, ctx.argv[1:], "df",
                                {"data": "d", "file-system": "f"}, long_syntax=True)
    except OptionError as err:
        return bad_option(ctx, err)
    keys = {key for key, _value in opts}
    if keys == {"d", "f"}:
        say(ctx, "cannot specify both --data and --file-system")
        return 1
    if "d" in keys and not operands:
        say(ctx, "--data needs at least one argument")
        return 1
    return _open_each(ctx, operands, "error opening")


@program("fsync")
def fsync(ctx: Context) -> int:
    try:
        _opts, operands = parse(ctx, ctx.argv[1:], "d")
    except OptionError as err:
        return bad_option(ctx, err)
    if not operands:
        return busybox_usage(ctx)
    return _open_each(ctx, operands, "can't open")


@program("usleep")
def usleep(ctx: Context):
    args = ctx.argv[1:]
    if not args:
        return busybox_usage(ctx)
    text = args[0]
    if not text.isdigit() or int(text) > 0xFFFFFFFF:  # an unsigned int
        say(ctx, f"invalid number '{text}'")
        return 1
    micro = int(text)
    if micro:
        yield Sleep(micro / 1e6)
    return 0
