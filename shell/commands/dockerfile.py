"""`dockerfile parse FILE`: show how BuildKit reads a Dockerfile (a crsim command).

The default output is BuildKit's own AST dump, one S-expression per
instruction, so a learner sees exactly which words Docker's builder takes as
arguments, flags, JSON (exec) form or shell form. ``--format json`` gives the
same tree as data, with heredoc bodies and line numbers.
"""

from __future__ import annotations

import json


from ..parser import PROGRAM
from ..spec import COMPLETE_HOST_FILE, Arg, Flag, command

FORMATS = ("", "tree", "json")


@command("dockerfile", "Show how BuildKit parses a Dockerfile", "parse [OPTIONS] FILE",
         flags=(Flag("format", kind="string",
                     help='Output format: "tree" (BuildKit\'s AST dump) or "json"'),),
         args=(Arg("SUBCOMMAND"), Arg("FILE", COMPLETE_HOST_FILE)),
         min_args=2, exact_args=True, group="Shell",
         description="Prints the parse tree in BuildKit's dump notation: (keyword [\"--flags\"] "
                     "\"arg\" ...).\nErrors are the ones `docker build` reports.")
def dockerfile(ctx, opts, args):
    from engine.build import DockerfileParseError, check_known, parse  # loaded when used
    sub, path = args
    if sub != "parse":
        ctx.out.line(f"{PROGRAM}: 'dockerfile {sub}' is not a {PROGRAM} command.\n"
                     f"See '{PROGRAM} dockerfile --help'")
        return 1
    fmt = opts["format"] or ""
    if fmt not in FORMATS:
        ctx.out.line(f'unknown format "{fmt}": use "tree" or "json"')
        return 1
    data = _read(ctx, path)
    if data is None:
        return 1
    try:
        result = parse(data)
        check_known(result.ast)
    except DockerfileParseError as err:
        ctx.out.line(_error_line(path, err))
        return 1
    if fmt == "json":
        ctx.out.line(json.dumps(result.to_dict(), indent=4, ensure_ascii=False))
        return 0
    for line in result.warning_lines():
        ctx.out.line(line)
    ctx.out.line(result.dump())
    return 0


def _read(ctx, path: str):
    """The file's bytes (the engine does no I/O), or None after printing Go's wording."""
    from ..host_paths import confine
    try:
        with open(confine(ctx.engine, path), "rb") as handle:
            return handle.read()
    except IsADirectoryError:
        ctx.out.line(f"failed to read dockerfile: read {path}: is a directory")
    except OSError as err:
        reason = (err.strerror or str(err)).lower()
        ctx.out.line(f"failed to read dockerfile: open {path}: {reason}")
    return None


def _error_line(path: str, err) -> str:
    from engine.build import InstructionError
    """One line. Instruction errors already name their line ("dockerfile parse error
    on line 3: ..."); the parser's own bare messages get the "FILE:LINE" that
    Docker shows above them."""
    if isinstance(err, InstructionError) or not err.start_line:
        return str(err)
    return f"{path}:{err.start_line}: {err}"
