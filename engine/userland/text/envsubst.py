"""envsubst (GNU gettext): $VAR and ${VAR} in standard input replaced by the environment.

With a SHELL-FORMAT argument ("$HOST $PORT") only the variables it names are replaced;
-v prints the names a SHELL-FORMAT holds. A variable that is not set becomes empty;
anything else ($1, $$, a lone $) is left as it is. The nginx image runs it over its
templates.
"""

from __future__ import annotations

import re

from ...proc.api import Context, program
from ..options import OptionError, bad_option, parse

NAME = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")


def _names(text: str):
    return [m.group(1) or m.group(2) for m in NAME.finditer(text)]


@program("envsubst")
def envsubst(ctx: Context):
    try:
        opts, operands = parse(ctx, ctx.argv[1:], "vhV", {"variables": "v", "help": "h", "version": "V"})
    except OptionError as err:
        return bad_option(ctx, err, status=1)
    flags = dict(opts)
    if "V" in flags:
        ctx.out("envsubst (GNU gettext-runtime) 0.21\n")
        return 0
    if len(operands) > 1:
        ctx.stderr.write(f"{ctx.argv[0]}: too many arguments\n")
        return 1
    if "v" in flags:
        if not operands:
            ctx.stderr.write(f"{ctx.argv[0]}: missing arguments\n")
            return 1
        ctx.out("".join(f"{name}\n" for name in dict.fromkeys(_names(operands[0]))))
        return 0
    wanted = set(_names(operands[0])) if operands else None
    text = yield from ctx.read_all()

    def replace(m):
        name = m.group(1) or m.group(2)
        if wanted is not None and name not in wanted:
            return m.group(0)
        return ctx.env.get(name, "")
    ctx.charge(len(text) * 5e-9)
    ctx.out(NAME.sub(replace, text))
    return 0
