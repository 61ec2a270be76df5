"""echo: the program most runs run (`run busybox echo hi`), in a module of its own so that
running it loads no other text program (issue 18). Its -e escapes are text/io.py's,
loaded when asked for."""

from __future__ import annotations

from ...lazy import LazyModule
from ...proc.api import Context, program

text_io = LazyModule("engine.userland.text.io", globals())


@program("echo")
def echo(ctx: Context) -> int:
    """echo [-neE] [ARG]...: options only while each argument is made of n, e, E."""
    args = ctx.argv[1:]
    newline, escapes = True, False
    while args and len(args[0]) > 1 and args[0][0] == "-" and all(c in "neE" for c in args[0][1:]):
        for c in args[0][1:]:
            if c == "n":
                newline = False
            else:
                escapes = c == "e"
        args = args[1:]
    text = " ".join(args)
    if escapes:
        text, stopped = text_io.echo_escapes(text)
        if stopped:
            ctx.out(text)
            return 0
    ctx.out(text + ("\n" if newline else ""))
    return 0
