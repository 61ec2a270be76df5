"""mktemp and install: the two file makers Dockerfiles call besides cp and mkdir.

mktemp makes a file (0600) or, with -d, a directory (0700) named after a template
whose trailing X's become letters and digits (GNU: tmp.XXXXXXXXXX in $TMPDIR or
/tmp; BusyBox: tmp.XXXXXX); the letters come from the process's own generator, so a
replayed script names the same files. install copies files with a mode (0755 unless
-m) and an owner, or with -d makes directories, -D making the parents of the target.
"""

from __future__ import annotations

import string

from ...entropy import Seeded
from ...proc.api import Context, program
from ...vfs.entry import DIR
from ...vfs.errno import EISDIR, FSError
from ..accounts.db import identity
from ..options import OptionError, bad_option, busybox_usage, error, parse
from .files import apply_mode, compile_mode

LETTERS = string.ascii_letters + string.digits
MKTEMP_LONG = {"directory": "d", "dry-run": "u", "quiet": "q", "tmpdir?": "p", "suffix=": "suffix"}
INSTALL_LONG = {"directory": "d", "mode=": "m", "owner=": "o", "group=": "g", "target-directory=": "t",
                "verbose": "v", "preserve-timestamps": "p", "strip": "s", "compare": "C"}


@program("mktemp")
def mktemp(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    try:
        opts, operands = parse(ctx, ctx.argv[1:], "dqtup:" if gnu else "dqtup:", MKTEMP_LONG if gnu else None)
    except OptionError as err:
        return bad_option(ctx, err)
    flags = dict(opts)
    quiet = "q" in flags
    if len(operands) > 1:
        if not gnu:
            return busybox_usage(ctx)
        error(ctx, f"too many templates\nTry '{ctx.argv[0]} --help' for more information.")
        return 1
    template = operands[0] if operands else ("tmp.XXXXXXXXXX" if gnu else "tmp.XXXXXX")
    directory = flags.get("p")
    if "t" in flags or not operands or "p" in flags:
        base = directory or ctx.env.get("TMPDIR") or "/tmp"
        if gnu and "/" in template and operands:
            if not quiet:
                error(ctx, f"invalid template, '{template}', contains directory separator")
            return 1
        path = f"{base.rstrip('/')}/{template}"
    else:
        path = template
    stem = path.rstrip("X")
    count = len(path) - len(stem)
    if count < 3 if gnu else count < 6:
        if gnu or not quiet:  # BusyBox: mkstemp fails with EINVAL; since 1.36 it names ""
            error(ctx, f"too few X's in template '{template}'" if gnu else ": Invalid argument")
        return 1
    rng = ctx.extra.setdefault("mktemp-random", Seeded(ctx.pid * 104729 + 7))
    for _ in range(100):
        name = stem + "".join(rng.choice(LETTERS) for _ in range(count))
        if not ctx.fs.exists(name, ctx.cwd):
            break
    try:
        if "u" not in flags:
            if "d" in flags:
                ctx.fs.mkdir(name, ctx.cwd, mode=0o700)
            else:
                ctx.fs.write(name, b"", ctx.cwd)
                ctx.fs.chmod(name, 0o600, ctx.cwd)
    except FSError as err:
        if not quiet:
            what = "directory" if "d" in flags else "file"
            error(ctx, f"failed to create {what} via template '{path}': {err.strerror(ctx.libc)}"
                  if gnu else f": {err.strerror(ctx.libc)}")
        return 1
    ctx.charge(30e-6)
    ctx.out(name + "\n")
    return 0


def _mode(text: str, umask: int) -> int:
    """-m as chmod reads it: octal or symbolic ("u+x") applied to 0755."""
    clauses = compile_mode(text)
    if clauses is None:
        raise ValueError(text)
    return apply_mode(clauses, 0o755, False, umask)


@program("install")
def install(ctx: Context) -> int:
    try:
        opts, operands = parse(ctx, ctx.argv[1:], "cdDm:o:g:t:vpsC", INSTALL_LONG)
    except OptionError as err:
        return bad_option(ctx, err)
    flags = dict(opts)
    try:
        mode = _mode(flags["m"], ctx.umask) if "m" in flags else 0o755
    except ValueError:
        error(ctx, f"invalid mode '{flags['m']}'")
        return 1
    gnu = ctx.flavour == "gnu"
    who = identity(ctx.fs, f"{flags.get('o', 'root')}:{flags.get('g', '')}".rstrip(":"))
    if who is None:
        kind, name = ("user", flags["o"]) if "o" in flags else ("group", flags.get("g"))
        error(ctx, f"invalid {kind} '{name}'" if gnu else f"unknown {kind} {name}")
        return 1
    uid, gid = who.uid, who.gid
    status = 0
    if "d" in flags:
        for path in operands:
            try:
                _makedirs(ctx, path)
                ctx.fs.chmod(path, mode, ctx.cwd)
                ctx.fs.chown(path, uid, gid, ctx.cwd)
            except FSError as err:
                error(ctx, f"cannot create directory '{path}': {err.strerror(ctx.libc)}")
                status = 1
        return status
    target_dir = flags.get("t")
    if target_dir is None and len(operands) < 2:
        if not gnu:
            return busybox_usage(ctx)
        error(ctx, f"missing destination file operand after '{operands[0]}'" if operands
              else "missing file operand")
        ctx.stderr.write(f"Try '{ctx.argv[0]} --help' for more information.\n")
        return 1
    sources = operands if target_dir else operands[:-1]
    dest = target_dir or operands[-1]
    into_dir = target_dir is not None or len(sources) > 1 or _is_dir(ctx, dest)
    for source in sources:
        target = f"{dest.rstrip('/')}/{source.rsplit('/', 1)[-1]}" if into_dir else dest
        try:
            data = ctx.fs.read(source, ctx.cwd)
        except FSError as err:
            if err.errno == EISDIR:
                error(ctx, f"omitting directory '{source}'")
            else:
                error(ctx, f"cannot stat '{source}': {err.strerror(ctx.libc)}" if gnu
                      else f"can't stat '{source}': {err.strerror(ctx.libc)}")
            status = 1
            continue
        try:
            if "D" in flags:
                _makedirs(ctx, target.rsplit("/", 1)[0] or "/")
            ctx.fs.write(target, data, ctx.cwd)
            ctx.fs.chmod(target, mode, ctx.cwd)
            ctx.fs.chown(target, uid, gid, ctx.cwd)
            ctx.charge(len(data) / 1e9)
            if "v" in flags:
                ctx.out(f"'{source}' -> '{target}'\n")
        except FSError as err:
            error(ctx, f"cannot create regular file '{target}': {err.strerror(ctx.libc)}" if gnu
                  else f"can't create '{target}': {err.strerror(ctx.libc)}")
            status = 1
    return status


def _is_dir(ctx: Context, path: str) -> bool:
    try:
        return ctx.fs.stat(path, ctx.cwd).kind == DIR
    except FSError:
        return False


def _makedirs(ctx: Context, path: str) -> None:
    parts = [p for p in path.split("/") if p]
    current = "" if path.startswith("/") else "."
    for part in parts:
        current = f"{current}/{part}"
        if not _is_dir(ctx, current):
            ctx.fs.mkdir(current, ctx.cwd)
