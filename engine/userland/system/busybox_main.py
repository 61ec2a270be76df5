"""`busybox` itself, called by its own name with no applet: `busybox` and `busybox --help`
print the banner, its usage and the applets this build has (on standard output, status 0),
`busybox --list` the applets one per line; another `--WORD` is no applet. The usage text
comes from the real 1.37.0 binary (busybox_build.MAIN_HELP); the list wraps as BusyBox wraps
it for an 80-column output (a tab, names joined by ", ", a line ended before it would reach
the last column)."""

from __future__ import annotations

from typing import List

from ...proc.api import Context, program
from ..options import alpine_busybox, busybox_banner

WIDTH = 80  # what BusyBox assumes when its output is not a terminal


def applets(ctx: Context) -> List[str]:
    """This build's applets in strcmp order: Alpine's, or the busybox image's."""
    from ...image.registry.builders import busybox_applets, busybox_build
    if alpine_busybox(ctx):
        return sorted(name for names in busybox_applets.APPLETS.values() for name in names)
    return sorted(busybox_build.APPLETS)


def wrapped(names: List[str]) -> str:
    out, column, width = [], 0, WIDTH - 1  # the last comma never lands in the last column
    for name in names:
        room = len(name) + 2
        if column >= width - room:
            out.append(",\n")
            column = 0
        out.append("\t" if column == 0 else ", ")
        column = 6 if column == 0 else column
        out.append(name)
        column += room
    return "".join(out) + "\n"


@program("busybox")
def busybox(ctx: Context) -> int:
    from ...image.registry.builders.busybox_build import MAIN_HELP
    args = ctx.argv[1:]
    if not args or args[0] == "--help":
        ctx.stdout.write(f"{busybox_banner(ctx)}\n{MAIN_HELP}{wrapped(applets(ctx))}")
        return 0
    if args[0] == "--list":
        ctx.stdout.write("".join(name + "\n" for name in applets(ctx)))
        return 0
    ctx.stderr.write(f"{args[0]}: applet not found\n")
    return 127
