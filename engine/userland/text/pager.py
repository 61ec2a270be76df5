"""more and less: pagers, which copy their input straight through when their output is
not a terminal (a pipe, a file, `docker logs`), as the real ones do.

What each prints then: BusyBox's more and less copy the files as cat does and report
an unreadable one ("can't open", "read error") with status 1; util-linux's more puts a
banner of colons and the name above every file it is given, marks a directory and
says it cannot open a missing file, all with status 0. On a terminal they page
screen by screen; that full-screen mode is not simulated and they say so.
"""

from __future__ import annotations

from ...proc.api import Context, decode, program
from ...proc.terminal import terminal_of
from ...vfs.entry import DIR
from ...vfs.errno import FSError
from ..options import OptionError, bad_option, error, parse
from .io import STDIN_NAME, read_bytes

BANNER = "::::::::::::::"


def _page(ctx: Context, files, gnu: bool, flags: str = ""):
    """The pagers on the terminal (engine/userland/screen/pager.py): BusyBox's, or
    util-linux's more and GNU less."""
    from ..screen.ansi import Display
    from ..screen import pager as screens
    inputs = []
    for name in files or ["-"]:
        if name == "-":
            text = yield from ctx.read_all()
            inputs.append((None, text))  # a pipe: no name, no size
            continue
        try:
            if ctx.fs.stat(name, ctx.cwd).kind == DIR:
                error(ctx, (f"{name} is a directory" if ctx.name == "less" else
                            f"{name}: Is a directory") if gnu else "read error: Is a directory")
                return 1
            inputs.append((name, decode(read_bytes(ctx, name))))
        except FSError as err:
            if not gnu:
                error(ctx, f"can't open '{name}': {ctx.strerror(err)}")
            elif ctx.name == "less":
                ctx.stderr.write(f"{name}: {ctx.strerror(err)}\n")
            else:
                error(ctx, f"cannot open {name}: {ctx.strerror(err)}")
            return 1
    if ctx.name == "less":
        name, text = inputs[0]  # (:n to the next file is not simulated)
        if name is None and not gnu:
            name = STDIN_NAME
        if gnu:  # (GNU less's options are not read)
            yield from screens.gnu_less(ctx, name, text)
        else:  # BusyBox's -N, -E and -F
            yield from screens.busybox_less(ctx, name, text, flags)
        return 0
    display = Display.open(ctx)
    try:
        if gnu:
            yield from screens.gnu_more(ctx, display, inputs)
            return 0
        for name, text in inputs:
            size = len(text.encode()) if name is not None else 0  # fstat's size of a pipe: 0
            if not (yield from screens.busybox_more(ctx, display, text, size)):
                break
    finally:
        display.close()
    return 0


@program("more", "less")
def pager(ctx: Context):
    gnu = ctx.flavour == "gnu"
    try:
        # the options only change what a terminal shows
        options, files = parse(ctx, ctx.argv[1:], "dflpcsun:" if gnu else (
            "EFIMmNSRh~" if ctx.name == "less" else ""))
    except OptionError as err:
        return bad_option(ctx, err)
    if ctx.stdout.isatty and terminal_of(ctx) is not None:
        flags = "".join(key for key, _ in options)
        return (yield from _page(ctx, files, gnu, flags))
    if not files:
        ctx.out(ctx.stdin.read())
        return 0
    status = 0
    for name in files:
        try:
            entry = ctx.fs.stat(name, ctx.cwd)
            if entry.kind == DIR:
                if gnu:
                    ctx.out(f"\n*** {name}: directory ***\n\n")
                    continue
                error(ctx, "read error: Is a directory")
                status = 1
                continue
            data = read_bytes(ctx, name)
        except FSError as err:
            error(ctx, f"cannot open {name}: {ctx.strerror(err)}" if gnu
                  else f"can't open '{name}': {ctx.strerror(err)}")
            status = 0 if gnu else 1
            continue
        if gnu:
            ctx.out(f"{BANNER}\n{name}\n{BANNER}\n")
        ctx.charge(len(data) * 1e-9)
        ctx.out(decode(data))
    return status
