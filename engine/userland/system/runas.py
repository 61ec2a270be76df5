"""Running a command as another user or under an init: su-exec (Alpine), gosu (Debian)
and tini (both; also Docker's --init), the three that official images' entrypoints use.

su-exec and gosu take a user spec (name or uid, optionally :group) resolved in the
container's /etc/passwd and /etc/group, then run the command with those credentials
(the real ones exec it; here it runs as a child and its status is theirs). tini runs
its program as a child, forwards the signals it gets and reaps what is left, and
exits with the child's status.
"""

from __future__ import annotations

from ...proc.api import Context, program
from ...vfs.errno import FSError
from ..accounts.db import identity

GOSU_VERSION = "1.17"
TINI_VERSION = "0.19.0"


def _run_as(ctx: Context, spec: str, argv):
    who = identity(ctx.fs, spec)
    if who is None:
        return None
    saved = ctx.extra.get("user", "root")
    ctx.extra["user"] = spec
    env = dict(ctx.env)
    env["HOME"] = who.home
    try:
        return (yield from ctx.run(list(argv), env=env))
    finally:
        ctx.extra["user"] = saved


@program("su-exec")
def su_exec(ctx: Context):
    args = ctx.argv[1:]
    if len(args) < 2:  # su-exec prints its usage on stdout and succeeds
        ctx.out(f"Usage: {ctx.argv[0]} user-spec command [args]\n")
        return 0
    status = yield from _run_as(ctx, args[0], args[1:])
    if status is None:
        ctx.stderr.write(f"{ctx.name}: getpwnam({args[0].split(':')[0]}): No such file or directory\n")
        return 1
    return status


@program("gosu")
def gosu(ctx: Context):
    args = ctx.argv[1:]
    if args[:1] in (["--version"], ["-v"]):
        ctx.out(f"{GOSU_VERSION} (go1.18.2 on linux/amd64; gc)\n")
        return 0
    if len(args) < 2:
        ctx.stderr.write(f"Usage: {ctx.name} user-spec command [args]\n"
                         f"   eg: {ctx.name} tianon bash\n"
                         f"       {ctx.name} nobody:root bash -c 'whoami && id'\n"
                         f"       {ctx.name} 1000:1 id\n\n"
                         f"{ctx.name} version: {GOSU_VERSION} (go1.18.2 on linux/amd64; gc)\n"
                         "license: Apache-2.0 (full text at https://github.com/tianon/gosu)\n\n")
        return 1
    status = yield from _run_as(ctx, args[0], args[1:])
    if status is None:
        ctx.stderr.write(f"error: failed switching to \"{args[0]}\": unable to find user "
                         f"{args[0].split(':')[0]}: no matching entries in passwd file\n")
        return 1
    return status


@program("tini", "tini-static", "docker-init")
def tini(ctx: Context):
    args = ctx.argv[1:]
    while args and args[0].startswith("-") and args[0] != "--":
        if args[0] == "--version":
            ctx.out(f"tini version {TINI_VERSION}\n")
            return 0
        args = args[1:]  # -s (subreaper), -g (signal the group), -v ...: nothing to show
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        ctx.stderr.write(f"{ctx.name} (tini version {TINI_VERSION})\n"
                         f"Usage: {ctx.name} [OPTIONS] PROGRAM -- [ARGS] | --version\n")
        return 1
    child = ctx.start(args)
    handlers = ctx.extra.setdefault("signals", {})
    for signum in FORWARDED:  # caught, and passed on to the child, as tini does
        handlers[signum] = _forward(ctx, child, signum)
    return (yield from ctx.wait(child))


# what tini forwards: everything but the signals that stop or are synchronous (SIGCHLD it handles)
FORWARDED = (1, 2, 3, 10, 12, 14, 15, 28)


def _forward(ctx: Context, child, signum: int):
    def action():
        if child.alive:
            try:
                ctx.system.kill(child.nspid, signum)
            except FSError:  # the child is gone meanwhile: nothing to forward to
                pass
        return None  # tini itself goes on, until its child is done
    return action
