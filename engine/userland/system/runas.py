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
from ...proc.terminal import read_line
from ...vfs.errno import ENOTDIR, FSError
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


# -- su -----------------------------------------------------------------------------------

# PATH a login shell gets: BusyBox's defaults, and Debian's login.defs (ENV_SUPATH, ENV_PATH)
LOGIN_PATH = {("busybox", True): "/sbin:/usr/sbin:/bin:/usr/bin",
              ("busybox", False): "/bin:/usr/bin",
              ("gnu", True): "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
              ("gnu", False): "/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games"}
FAILED_LOGIN_PAUSE = 3.0  # seconds both wait after a wrong password


@program("su")
def su(ctx: Context):
    """su [-lmp] [-s SHELL] [-] [USER [FILE ARGS | -c CMD ARGS]]: root becomes anyone at
    once; anyone else is asked for a password, which nobody can give here (the images'
    accounts are locked or have no password, which su refuses off a secure terminal)."""
    from ..accounts.db import AccountDB
    from ..options import OptionError, bad_option, error, parse
    gnu = ctx.flavour == "gnu"
    try:
        opts, args = parse(ctx, ctx.argv[1:], "mplc:s:" if not gnu else "mplc:s:g:G:Pw:",
                           {"login": "l", "command=": "c", "shell=": "s",
                            "preserve-environment": "p", "pty": "P", "group=": "g",
                            "supp-group=": "G", "whitelist-environment=": "w"} if gnu else None)
    except OptionError as err:
        return bad_option(ctx, err)
    flags = dict(opts)
    login = "l" in flags
    if args[:1] == ["-"]:
        login, args = True, args[1:]
    name, args = (args[0], args[1:]) if args else ("root", [])
    user = AccountDB(ctx.fs).user(name)
    if user is None:
        error(ctx, f"user {name} does not exist or the user entry does not contain all the "
                   "required fields" if gnu else f"unknown user {name}")
        return 1
    from ..coreutils.common import credentials
    if credentials(ctx)[0] != 0:
        ctx.out("Password: ")
        yield from read_line(ctx, echo=False)  # what the user types (unseen), for a password nobody has
        yield from ctx.sleep(FAILED_LOGIN_PAUSE)
        error(ctx, "Authentication failure" if gnu else "incorrect password")
        return 1
    keep = "m" in flags or "p" in flags
    shell = flags.get("s") or (ctx.env.get("SHELL") if keep else None) or user.shell or "/bin/sh"
    env = dict(ctx.env)
    if login:
        env = {k: v for k, v in env.items() if k == "TERM"}
        env["PATH"] = LOGIN_PATH[ctx.flavour if gnu else "busybox", user.uid == 0]
    if login or not keep:
        if login or user.uid != 0:
            env["USER"] = env["LOGNAME"] = user.name
        env["HOME"], env["SHELL"] = user.home, shell
    argv = [shell] + (["-l"] if login else []) + (["-c", flags["c"]] if "c" in flags else []) + args
    saved_user, saved_cwd = ctx.extra.get("user", "root"), ctx.cwd
    ctx.extra["user"] = name
    cwd = ctx.cwd
    if login:  # a login shell starts at home; without one GNU stays put, BusyBox goes to /
        try:
            if ctx.fs.stat(user.home, ctx.cwd).kind != "dir":
                raise FSError(ENOTDIR, user.home)
            cwd = user.home
        except FSError as err:
            error(ctx, f"warning: cannot change directory to {user.home}: {ctx.strerror(err)}"
                  if gnu else f"can't change directory to '{user.home}': {ctx.strerror(err)}")
            cwd = ctx.cwd if gnu else "/"
    try:
        return (yield from ctx.run(argv, env=env, cwd=cwd))
    except FSError as err:
        error(ctx, f"failed to execute {shell}: {ctx.strerror(err)}" if gnu
              else f"can't execute '{shell}': {ctx.strerror(err)}")
        return 126 if gnu else 127
    finally:
        ctx.extra["user"], ctx.cwd = saved_user, saved_cwd


@program("nologin")
def nologin(ctx: Context):
    """The shell of accounts nobody logs in to: BusyBox's says so and waits five seconds
    (or shows /etc/nologin.txt); util-linux's says so at once."""
    try:
        message = ctx.fs.read("/etc/nologin.txt").decode(errors="replace")
    except FSError:
        message = ("This account is currently not available.\n" if ctx.flavour == "gnu"
                   else "This account is not available\n")
    ctx.out(message)
    if ctx.flavour != "gnu":
        yield from ctx.sleep(5)
    return 1
