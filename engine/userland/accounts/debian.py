"""Debian's adduser and addgroup (the adduser package, a Perl script there; 3.134 as in
Debian 12): the friendly front ends Dockerfiles call on debian and ubuntu images.

Checked against the real adduser 3.134 run on copies of a debian image's account files
(tests/engine/userland/accounts). Defaults are /etc/adduser.conf's: users from uid
1000 with a group of their own and /bin/bash, home 0700 with /etc/skel copied,
added to the extra group "users"; system users from uid 100, in nogroup unless
--group, with /nonexistent as home and /usr/sbin/nologin. Interactive questions
(password, finger information) are not asked: the account is made as with
--disabled-password and an empty --gecos.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional

from ...proc.api import Context
from ...vfs.errno import FSError
from .db import NEVER_EXPIRES, AccountDB, Group, User
from .home import make_home

FIRST_UID, LAST_UID = 1000, 59999
FIRST_SYSTEM_UID, LAST_SYSTEM_UID = 100, 999
NAME = re.compile(r"^[a-z_][-a-z0-9_]*\$?$")
VALUE_OPTIONS = ("--home", "--shell", "--uid", "--gid", "--ingroup", "--gecos", "--comment", "--firstuid",
                 "--lastuid", "--firstgid", "--lastgid", "--conf", "--extrausers")


class Fail(Exception):
    def __init__(self, message: str, status: int = 1):
        super().__init__(message)
        self.status = status


def _options(args: List[str]) -> (Dict[str, Optional[str]], List[str]):
    flags: Dict[str, Optional[str]] = {}
    operands: List[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        key, eq, value = arg.partition("=")
        if key in VALUE_OPTIONS:
            if not eq:
                i += 1
                if i >= len(args):
                    raise Fail(f"option {key} requires an argument", 1)
                value = args[i]
            flags[key] = value
        elif arg.startswith("-") and arg != "-":
            flags[{"-q": "--quiet"}.get(arg, arg)] = None
        else:
            operands.append(arg)
        i += 1
    return flags, operands


def _free(used, low: int, high: int) -> int:
    for number in range(low, high + 1):
        if number not in used:
            return number
    raise Fail(f"No UID/GID is available in the range {low}-{high}.", 1)


def _run(ctx: Context, body) -> int:
    try:
        return body()
    except Fail as e:
        ctx.stderr.write(f"{ctx.name}: {e}\n")
        return e.status


def _add_to_group(ctx: Context, db: AccountDB, user: str, group_name: str) -> int:
    if db.user(user) is None:
        raise Fail(f"The user `{user}' does not exist.")
    group = db.group_named(group_name)
    if group is None:
        raise Fail(f"The group `{group_name}' does not exist.")
    ctx.out(f"Adding user `{user}' to group `{group_name}' ...\n")
    if user not in group.members:
        db.add_member(group, user)
        db.save(ctx.now())
    ctx.out("Done.\n")
    return 0


def _new_group(ctx: Context, db: AccountDB, name: str, gid: Optional[int], system: bool) -> Group:
    used = {g.gid for g in db.groups()}
    if gid is None:
        gid = _free(used, FIRST_SYSTEM_UID, LAST_SYSTEM_UID) if system else _free(used, FIRST_UID, LAST_UID)
    elif gid in used:
        raise Fail(f"The GID {gid} is already in use.")
    group = Group(name, "x", gid)
    db.add_group(group, ["!", "", ""])
    return group


def adduser_main(ctx: Context):
    yield from ()
    return _run(ctx, lambda: _adduser(ctx))


def _adduser(ctx: Context) -> int:
    flags, operands = _options(ctx.argv[1:])
    db = AccountDB(ctx.fs)
    if len(operands) == 2:
        return _add_to_group(ctx, db, operands[0], operands[1])
    if len(operands) != 1:
        raise Fail("Only one or two names allowed.")
    name = operands[0]
    if "--group" in flags and "--system" not in flags:
        return _addgroup(ctx, db, flags, name)
    if db.user(name) is not None:
        raise Fail(f"The user `{name}' already exists.")
    if not NAME.match(name) and "--allow-bad-names" not in flags and "--force-badname" not in flags:
        raise Fail("To avoid ambiguity with numerical UIDs, usernames which resemble numbers or "
                   "contain only letters, digits, underscores, dashes and a trailing dollar are allowed.")
    system = "--system" in flags
    used_uids = {u.uid for u in db.users()}
    uid = int(flags["--uid"]) if flags.get("--uid", "").isdigit() else None
    if uid is not None and uid in used_uids:
        raise Fail(f"The UID {uid} is already in use.")
    if uid is None:
        uid = _free(used_uids, FIRST_SYSTEM_UID, LAST_SYSTEM_UID) if system else _free(used_uids, FIRST_UID, LAST_UID)
    quiet = "--quiet" in flags
    say = (lambda text: None) if quiet else ctx.out
    group: Optional[Group] = None
    if flags.get("--ingroup"):
        group = db.group_named(flags["--ingroup"])
        if group is None:
            raise Fail(f"The group `{flags['--ingroup']}' does not exist.")
    elif flags.get("--gid"):
        group = db.group_spec(flags["--gid"])
        if group is None:
            raise Fail(f"The group `{flags['--gid']}' does not exist.")
    home = flags.get("--home") or ("/nonexistent" if system else f"/home/{name}")
    shell = flags.get("--shell") or ("/usr/sbin/nologin" if system else "/bin/bash")
    gecos = flags.get("--gecos", flags.get("--comment"))
    if system:
        say(f"Adding system user `{name}' (UID {uid}) ...\n")
        if group is None and "--group" in flags:
            if db.group_named(name) is not None:
                raise Fail(f"The group `{name}' already exists.")
            group = _new_group(ctx, db, name, None, True)
            say(f"Adding new group `{name}' (GID {group.gid}) ...\n")
        group = group or db.group_named("nogroup")
        say(f"Adding new user `{name}' (UID {uid}) with group `{group.name}' ...\n")
        gecos = gecos or ""
    else:
        say(f"Adding user `{name}' ...\n")
        if group is None:
            if db.group_named(name) is not None:
                raise Fail(f"The group `{name}' already exists.")
            gid = uid if uid not in {g.gid for g in db.groups()} else None
            group = _new_group(ctx, db, name, gid, False)
            say(f"Adding new group `{name}' ({group.gid}) ...\n")
        say(f"Adding new user `{name}' ({uid}) with group `{group.name} ({group.gid})' ...\n")
        gecos = (gecos or "") + ",,,"
    days = str(int(ctx.now()) // 86400)
    db.add_user(User(name, "x", uid, group.gid, gecos, home, shell),
                ["*" if "--disabled-login" in flags else "!", days, *NEVER_EXPIRES, "", "", ""])
    db.save(ctx.now())
    if "--no-create-home" in flags or home == "/nonexistent":
        say(f"Not creating `{home}'.\n")
        if "--home" in flags and not ctx.fs.exists(home):
            ctx.stderr.write(f"{ctx.name}: Warning: The home dir {home} you specified can't be accessed: "
                             "No such file or directory\n")
    else:
        say(f"Creating home directory `{home}' ...\n")
        try:
            if system:
                make_home(ctx, home, uid, group.gid, 0o755, skel="/nonexistent-skel")
            else:
                say("Copying files from `/etc/skel' ...\n")
                make_home(ctx, home, uid, group.gid, 0o700)
        except FSError:
            raise Fail(f"Couldn't create home directory `{home}': No such file or directory.")
    if not system:
        extra = db.group_named("users")
        if extra is not None:
            say(f"Adding new user `{name}' to supplemental / extra groups `users' ...\n")
            say(f"Adding user `{name}' to group `users' ...\n")
            db.add_member(extra, name)
            db.save(ctx.now())
    return 0


def addgroup_main(ctx: Context):
    yield from ()
    return _run(ctx, lambda: _addgroup_command(ctx))


def _addgroup_command(ctx: Context) -> int:
    flags, operands = _options(ctx.argv[1:])
    db = AccountDB(ctx.fs)
    if len(operands) == 2:
        return _add_to_group(ctx, db, operands[0], operands[1])
    if len(operands) != 1:
        raise Fail("Only one or two names allowed.")
    return _addgroup(ctx, db, flags, operands[0])


def _addgroup(ctx: Context, db: AccountDB, flags, name: str) -> int:
    if db.group_named(name) is not None:
        raise Fail(f"The group `{name}' already exists.")
    gid = int(flags["--gid"]) if flags.get("--gid", "").isdigit() else None
    group = _new_group(ctx, db, name, gid, "--system" in flags)
    db.save(ctx.now())
    if "--quiet" not in flags:
        ctx.out(f"Adding group `{name}' (GID {group.gid}) ...\nDone.\n")
    return 0


def deluser_main(ctx: Context):
    yield from ()
    flags, operands = _options(ctx.argv[1:])
    db = AccountDB(ctx.fs)
    if len(operands) == 2:
        group = db.group_named(operands[1])
        if group is None or operands[0] not in group.members:
            ctx.stderr.write(f"{ctx.name}: The user `{operands[0]}' is not a member of group `{operands[1]}'.\n")
            return 6
        ctx.out(f"Removing user `{operands[0]}' from group `{operands[1]}' ...\nDone.\n")
        db.remove_member(group, operands[0])
        db.save(ctx.now())
        return 0
    if len(operands) != 1 or db.user(operands[0]) is None:
        ctx.stderr.write(f"{ctx.name}: The user `{operands[0] if operands else ''}' does not exist.\n")
        return 2
    ctx.out(f"Removing user `{operands[0]}' ...\nDone.\n")
    db.remove_user(operands[0])
    db.save(ctx.now())
    return 0


def delgroup_main(ctx: Context):
    yield from ()
    flags, operands = _options(ctx.argv[1:])
    db = AccountDB(ctx.fs)
    if len(operands) != 1 or db.group_named(operands[0]) is None:
        ctx.stderr.write(f"{ctx.name}: The group `{operands[0] if operands else ''}' does not exist.\n")
        return 3
    ctx.out(f"Removing group `{operands[0]}' ...\nDone.\n")
    db.remove_group(operands[0])
    db.save(ctx.now())
    return 0
