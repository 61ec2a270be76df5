"""BusyBox's adduser, addgroup, deluser and delgroup (loginutils/), as Alpine and
the busybox image build them.

Their behaviour, read from BusyBox 1.3x's sources: adduser writes
"NAME:x:UID:GID:GECOS:HOME:SHELL" (GECOS "Linux User,,,", the shell of $SHELL or
of the user running it; -S: /sbin/nologin on Alpine - aports' patch - and
/bin/false upstream, group "nogroup" unless -G), "NAME:!:DAYS:0:99999:7:::" to
/etc/shadow, then runs `addgroup --gid UID -- NAME` (or `addgroup -- NAME GROUP`
with -G), makes the home 02755 with /etc/skel in it, and without -D runs
`passwd` (which needs a terminal). Errors are "APPLET: MESSAGE", exit 1.
"""

from __future__ import annotations

from types import GeneratorType
from typing import List, Optional

from ...proc.api import Context, program
from ...proc.terminal import read_line
from ...vfs.errno import FSError
from ..options import OptionError, alpine_busybox, bad_option, busybox_usage, parse
from .db import NEVER_EXPIRES, AccountDB, Group, User
from .ids import BUSYBOX_FIRST_SYSTEM_ID, BUSYBOX_LAST_ID, BUSYBOX_LAST_SYSTEM_ID
from .home import make_home
from .passwords import crypt_placeholder

RUN_CPU = 150e-6  # one run of an account applet: read and rewrite a few small files

ADDUSER_LONG = {"home=": "h", "gecos=": "g", "shell=": "s", "ingroup=": "G",
                "disabled-password": "D", "empty-password": "D", "system": "S",
                "no-create-home": "H", "uid=": "u", "skel=": "k"}


class Die(Exception):
    """bb_error_msg_and_die: the message, exit status 1."""


def _last_id(ctx: Context) -> int:
    return BUSYBOX_LAST_ID["alpine" if alpine_busybox(ctx) else "busybox"]


def _check_name(ctx: Context, name: str) -> None:
    """die_if_bad_username (FEATURE_CHECK_NAMES: on in Alpine's build only)."""
    if not alpine_busybox(ctx):
        return
    data = name.encode("utf-8", "surrogateescape")
    for index, code in enumerate(data):
        char = chr(code)
        if index > 0 and (char in "-." or (char == "$" and index == len(data) - 1)):
            continue
        if char == "_" or char.isascii() and char.isalnum():
            continue
        raise Die(f"illegal character with code {code} at position {index}")
    if len(data) >= 256:
        raise Die("name is too long")


def _number(text: str, high: int) -> int:
    """xatou_range: a decimal in 0..high, or bb's own complaint."""
    if not text.isdigit():
        raise Die(f"invalid number '{text}'")
    value = int(text)
    if value > high:
        raise Die(f"number {text} is not in 0..{high} range")
    return value


def _run(ctx: Context, body):
    """Run an applet's body (a plain function or a generator) with its errors reported."""
    ctx.charge(RUN_CPU)
    if _euid(ctx):
        ctx.stderr.write(f"{ctx.name}: permission denied (are you root?)\n")
        return 1
    try:
        result = body()
        if isinstance(result, GeneratorType):
            result = yield from result
        return result
    except OptionError as err:
        return bad_option(ctx, err)
    except Die as err:
        ctx.stderr.write(f"{ctx.name}: {err}\n")
        return 1
    except FSError as err:
        ctx.stderr.write(f"{ctx.name}: {err.path}: {ctx.strerror(err)}\n")
        return 1


def _euid(ctx: Context) -> int:
    from ..coreutils.common import credentials
    return credentials(ctx)[0]


# -- addgroup ----------------------------------------------------------------------------


def new_group(ctx: Context, db: AccountDB, name: str, gid: Optional[int], system: bool) -> Group:
    """xgroup_study + new_group: the group line and "NAME:!::" in /etc/gshadow."""
    if db.group_named(name) is not None:
        raise Die(f"group '{name}' in use")
    top = _last_id(ctx)
    if gid is None:
        gid, top = ((BUSYBOX_FIRST_SYSTEM_ID, BUSYBOX_LAST_SYSTEM_ID) if system
                    else (BUSYBOX_LAST_SYSTEM_ID + 1, top))
        while db.group_by_gid(gid) is not None:
            if gid == top:
                raise Die("no gids left")
            gid += 1
    elif db.group_by_gid(gid) is not None:
        raise Die(f"gid '{gid}' in use")
    group = Group(name, "x", gid, [])
    db.add_group(group, ["!", "", ""])
    return group


def add_to_group(ctx: Context, db: AccountDB, user: str, group_name: str) -> None:
    """`addgroup USER GROUP`: both must exist; nothing to do if already a member."""
    if db.user(user) is None:
        raise Die(f"unknown user {user}")
    group = db.group_named(group_name)
    if group is None:
        raise Die(f"unknown group {group_name}")
    if user not in group.members:
        db.add_member(group, user)


@program("addgroup")
def addgroup(ctx: Context) -> int:
    if ctx.flavour != "busybox":
        from .debian import addgroup_main
        return (yield from addgroup_main(ctx))

    def body() -> int:
        opts, operands = parse(ctx, ctx.argv[1:], "g:S", {"gid=": "g", "system": "S"})
        if not 1 <= len(operands) <= 2:
            return busybox_usage(ctx)
        flags = dict(opts)
        db = AccountDB(ctx.fs)
        if len(operands) == 2:
            if "g" in flags:
                return busybox_usage(ctx)
            add_to_group(ctx, db, operands[0], operands[1])
        else:
            _check_name(ctx, operands[0])
            gid = _number(flags["g"], _last_id(ctx)) if "g" in flags else None
            new_group(ctx, db, operands[0], gid, "S" in flags)
        db.save(ctx.now())
        return 0
    return (yield from _run(ctx, body))


# -- adduser -----------------------------------------------------------------------------


def _login_shell(ctx: Context, db: AccountDB) -> str:
    """get_shell_name(): $SHELL, else the shell of the user running adduser, else /bin/sh."""
    shell = ctx.env.get("SHELL")
    if shell:
        return shell
    me = db.user_by_uid(_euid(ctx))
    return me.shell if me is not None and me.shell else "/bin/sh"


@program("adduser")
def adduser(ctx: Context) -> int:
    if ctx.flavour != "busybox":
        from .debian import adduser_main
        return (yield from adduser_main(ctx))

    def body() -> int:
        opts, operands = parse(ctx, ctx.argv[1:], "h:g:s:G:DSHu:k:", ADDUSER_LONG)
        if not 1 <= len(operands) <= 2:
            return busybox_usage(ctx)
        flags = dict(opts)
        db = AccountDB(ctx.fs)
        name = operands[0]
        if not opts and len(operands) == 2:
            add_to_group(ctx, db, name, operands[1])  # `adduser USER GROUP`
            db.save(ctx.now())
            return 0
        uid = _number(flags["u"], _last_id(ctx)) if "u" in flags else None
        system = "S" in flags  # (and -S implies -D)
        if system:
            flags.setdefault("D", None)
        _check_name(ctx, name)
        shell = flags.get("s") or _login_shell(ctx, db)
        group_name = flags.get("G")
        if system:
            group_name = group_name or "nogroup"
            if "s" not in flags:
                shell = "/sbin/nologin" if alpine_busybox(ctx) else "/bin/false"
        gid = None
        if group_name is not None:
            group = db.group_named(group_name)
            if group is None:
                raise Die(f"unknown group {group_name}")
            gid = group.gid
        user = User(name, "x", 0, -1 if gid is None else gid,
                    flags.get("g", "Linux User,,,"), flags.get("h") or f"/home/{name}", shell)
        user.uid = _pick_uid(ctx, db, user, uid, system)
        if user.gid == -1:
            user.gid = user.uid
            if db.group_named(name) is not None:
                raise Die(f"group '{name}' in use")
        days = str(int(ctx.now()) // 86400)
        db.add_user(user, ["!", days, *NEVER_EXPIRES, "", "", ""])
        if group_name is None:
            new_group(ctx, db, name, user.gid, False)
        else:
            add_to_group(ctx, db, name, group_name)
        db.save(ctx.now())
        if "H" not in flags:
            _home(ctx, user, flags.get("k"))
        if "D" not in flags:
            return (yield from _passwd(ctx, name))
        return 0
    return (yield from _run(ctx, body))


def _pick_uid(ctx: Context, db: AccountDB, user: User, uid: Optional[int], system: bool) -> int:
    """passwd_study: a uid free as a uid and, for a user getting his own group, as a gid."""
    if db.user(user.name) is not None:
        raise Die(f"user '{user.name}' in use")
    top = _last_id(ctx)
    if uid is None:
        uid, top = ((BUSYBOX_FIRST_SYSTEM_ID, BUSYBOX_LAST_SYSTEM_ID) if system
                    else (BUSYBOX_LAST_SYSTEM_ID + 1, top))
        chosen = False
    else:
        chosen = True
    while db.user_by_uid(uid) is not None or (user.gid == -1 and db.group_by_gid(uid) is not None):
        if chosen:
            raise Die(f"uid '{uid}' in use")
        if uid == top:
            raise Die("no uids left")
        uid += 1
    return uid


def _home(ctx: Context, user: User, skel: Optional[str]) -> None:
    """mkdir 0755, the skeleton copied in (its absence is silent unless -k named it),
    chown -R, chmod 02755; a failure is "adduser: HOME: ERROR" and not fatal."""
    try:
        created, found = make_home(ctx, user.home, user.uid, user.gid, 0o755, skel or "/etc/skel")
        if created and skel and not found:
            ctx.stderr.write(f"adduser: can't stat '{skel}': No such file or directory\n")
        ctx.fs.chown(user.home, user.uid, user.gid, ctx.cwd)
        ctx.fs.chmod(user.home, 0o2755, ctx.cwd)
    except FSError as err:
        ctx.stderr.write(f"adduser: {user.home}: {ctx.strerror(err)}\n")


def _passwd(ctx: Context, name: str):
    """Without -D adduser execs `passwd USER`, which asks for the new password
    twice on standard input; at its end (a build step's /dev/null) it gives up."""
    ctx.out(f"Changing password for {name}\n")
    answers = []
    for prompt in ("New password: ", "Retype password: "):
        ctx.out(prompt)
        line = yield from read_line(ctx, echo=False)
        ctx.out("\n")
        if not line:
            ctx.stderr.write(f"passwd: password for {name} is unchanged\n")
            return 1
        answers.append(line)
    if answers[0] != answers[1]:
        ctx.out("Passwords don't match\n")
        ctx.stderr.write(f"passwd: password for {name} is unchanged\n")
        return 1
    db = AccountDB(ctx.fs)
    row = db.shadow.find(name)
    if row is not None:
        row[1] = crypt_placeholder(answers[0])
        db.touch(db.shadow)
        db.save(ctx.now())
    ctx.out(f"passwd: password for {name} changed by root\n")
    return 0


# -- deluser, delgroup ---------------------------------------------------------------------


@program("deluser")
def deluser(ctx: Context) -> int:
    if ctx.flavour != "busybox":
        from .debian import deluser_main
        return (yield from deluser_main(ctx))
    return (yield from _delete(ctx, user_mode=True))


@program("delgroup")
def delgroup(ctx: Context) -> int:
    if ctx.flavour != "busybox":
        from .debian import delgroup_main
        return (yield from delgroup_main(ctx))
    return (yield from _delete(ctx, user_mode=False))


def _delete(ctx: Context, user_mode: bool) -> int:

    def body() -> int:
        args: List[str] = ctx.argv[1:]
        remove_home = False
        if user_mode:
            opts, args = parse(ctx, args, "", {"remove-home": "r"})
            remove_home = bool(opts)
        if not 1 <= len(args) <= (1 if user_mode else 2):
            return busybox_usage(ctx)
        db = AccountDB(ctx.fs)
        if user_mode:
            user = db.user(args[0])
            if user is None:
                raise Die(f"unknown user {args[0]}")
            if remove_home:
                from .home import remove_tree
                try:
                    if ctx.fs.stat(user.home, ctx.cwd).is_dir:
                        remove_tree(ctx, user.home)
                except FSError:
                    pass
            db.remove_user(user.name)
            for group in db.groups():
                db.remove_member(group, user.name)
            own = db.group_named(user.name)  # then "delgroup USER", if there is one
            if own is not None:
                holder = next((u for u in db.users() if u.gid == own.gid), None)
                if holder is not None:
                    db.save(ctx.now())  # the user is gone already
                    raise Die(f"'{holder.name}' still has '{own.name}' as their primary group!")
                db.remove_group(own.name)
        elif len(args) == 2:
            member, name = args
            group = db.group_named(name)
            if group is None:
                raise Die(f"unknown group {name}")
            if not db.remove_member(group, member):
                raise Die(f"can't find {member} in /etc/group")
        else:
            group = db.group_named(args[0])
            if group is None:
                raise Die(f"unknown group {args[0]}")
            for user in db.users():
                if user.gid == group.gid:
                    raise Die(f"'{user.name}' still has '{group.name}' as their primary group!")
            db.remove_group(group.name)
        db.save(ctx.now())
        return 0
    return (yield from _run(ctx, body))


