"""shadow's useradd, groupadd, usermod, userdel, groupdel, chpasswd and passwd, as
Debian and Ubuntu ship them (package passwd; Alpine's "shadow" package is the
same program).

Behaviour and messages checked against shadow 4.13 (Debian 12) run on the same
files (tests/engine/userland/accounts); 4.8 (Debian 11, Ubuntu 22.04) words a
bad name without the --badname hint. Exit statuses are shadow's: 2 usage, 3 bad
argument, 4 id in use, 6 no such user/group, 8 group in use, 9 name in use,
12 home directory trouble; 1 for passwd/chpasswd failures.
"""

from __future__ import annotations

import calendar
import re
import time
from typing import List, Optional

from ...proc.api import Context, program
from ...proc.terminal import read_line
from ...vfs.errno import FSError
from ..options import OptionError, parse
from .db import AccountDB, Group, User
from .home import make_home, release, remove_tree
from .ids import login_defs, shadow_pick, shadow_range
from .passwords import crypt_placeholder
from .usages import USAGES

RUN_CPU = 400e-6  # one run: login.defs, the four files locked, read and rewritten

USERADD_LONG = {
    "badname": "B", "base-dir=": "b", "btrfs-subvolume-home": "T", "comment=": "c",
    "home-dir=": "d", "defaults": "D", "expiredate=": "e", "inactive=": "f",
    "add-subids-for-system": "F", "gid=": "g", "groups=": "G", "help": "h", "skel=": "k",
    "key=": "K", "no-log-init": "l", "create-home": "m", "no-create-home": "M",
    "no-user-group": "N", "non-unique": "o", "password=": "p", "system": "r", "root=": "R",
    "prefix=": "P", "shell=": "s", "uid=": "u", "user-group": "U", "selinux-user=": "Z",
}
GROUPADD_LONG = {"force": "f", "gid=": "g", "help": "h", "key=": "K", "non-unique": "o",
                 "password=": "p", "system": "r", "root=": "R", "prefix=": "P", "users=": "U"}
USERMOD_LONG = {
    "append": "a", "badname": "b", "comment=": "c", "home=": "d", "expiredate=": "e",
    "inactive=": "f", "gid=": "g", "groups=": "G", "help": "h", "login=": "l", "lock": "L",
    "move-home": "m", "non-unique": "o", "password=": "p", "prefix=": "P", "remove": "r",
    "root=": "R", "shell=": "s", "uid=": "u", "unlock": "U", "selinux-user=": "Z",
}
USERDEL_LONG = {"force": "f", "help": "h", "remove": "r", "root=": "R", "prefix=": "P",
                "selinux-user": "Z"}
GROUPDEL_LONG = {"force": "f", "help": "h", "root=": "R", "prefix=": "P"}


class Fail(Exception):
    """fail_exit: "PROG: MESSAGE" (or the usage with status 2)."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


def _usage(ctx: Context, status: int = 2) -> Fail:
    return Fail("\0usage", status)


def _run(ctx: Context, body) -> int:
    ctx.charge(RUN_CPU)
    try:
        return body()
    except OptionError as err:
        ctx.stderr.write(err.message(ctx))
        ctx.stderr.write(USAGES[ctx.name])
        return 2
    except Fail as err:
        text = str(err)
        if text == "\0usage":
            if err.status == 0:
                ctx.out(USAGES[ctx.name])
            else:
                ctx.stderr.write(USAGES[ctx.name])
        else:
            ctx.stderr.write(f"{ctx.name}: {text}\n")
        return err.status


def _root_only(ctx: Context) -> None:
    from ..coreutils.common import credentials
    if credentials(ctx)[0] != 0:
        raise Fail("Permission denied.", 1)


def _old_shadow(ctx: Context) -> bool:
    """shadow 4.8 (Debian 11, Ubuntu 20.04/22.04) rather than 4.13+."""
    return release(ctx.fs)[1] in ("buster", "bullseye", "focal", "jammy", "bionic")


def _valid_name(name: str) -> bool:
    """Debian's relaxed is_valid_user_name: no leading '-', no ':' ',' or space,
    not all digits... (Debian accepts an all-digit name; 32 bytes at most)."""
    if not name or name in (".", "..") or name.startswith(("-", "+", "~")):
        return False
    if len(name.encode("utf-8", "surrogateescape")) > 32:
        return False
    return not re.search(r"[\s:,/]", name)


def _days(ctx: Context) -> str:
    return str(int(ctx.now()) // 86400)


def _date_days(text: str) -> Optional[int]:
    """strtoday: YYYY-MM-DD, or a number of days; "" or -1 for never."""
    if text in ("", "-1"):
        return -1
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    try:
        return calendar.timegm(time.strptime(text, "%Y-%m-%d")) // 86400
    except ValueError:
        return None


def _find_group(db: AccountDB, spec: str) -> Group:
    group = db.group_spec(spec)
    if group is None:
        raise Fail(f"group '{spec}' does not exist", 6)
    return group


def _group_list(db: AccountDB, text: str) -> List[Group]:
    found = []
    for name in text.split(","):
        if name:
            group = _find_group(db, name)
            if group not in found:
                found.append(group)
    return found


def _check_shell(ctx: Context, shell: str) -> None:
    if ":" in shell or "\n" in shell or (shell and shell[0] not in "/*"):
        raise Fail(f"invalid shell '{shell}'", 3)
    if shell and shell.startswith("/"):
        try:
            entry = ctx.fs.stat(shell)
            usable = not entry.is_dir and entry.mode & 0o100
        except FSError:
            usable = False
        if not usable:
            ctx.stderr.write(f"{ctx.name}: Warning: missing or non-executable shell '{shell}'\n")


def _number(text: str, what: str) -> int:
    if not text.isdigit() or int(text) >= 2 ** 32 - 1:
        raise Fail(f"invalid {what} '{text}'", 3)
    return int(text)


def _shadow_row(ctx: Context, defs, system: bool, password: str, expire: str = "",
                inactive: str = "") -> List[str]:
    if system:
        return [password, _days(ctx), "", "", "", inactive, expire, ""]
    return [password, _days(ctx), defs["PASS_MIN_DAYS"], defs["PASS_MAX_DAYS"],
            defs["PASS_WARN_AGE"], inactive, expire, ""]


# -- useradd -----------------------------------------------------------------------------

USERADD_DEFAULTS = {"GROUP": "100", "HOME": "/home", "INACTIVE": "-1", "EXPIRE": "",
                    "SHELL": "/bin/sh", "SKEL": "/etc/skel", "CREATE_MAIL_SPOOL": "no",
                    "LOG_INIT": "yes"}


@program("useradd")
def useradd(ctx: Context) -> int:
    def body() -> int:
        opts, operands = parse(ctx, ctx.argv[1:], "Bb:Tc:d:De:f:Fg:G:hk:K:lmMNop:rR:P:s:u:UZ:",
                               USERADD_LONG)
        flags = dict(opts)
        if "h" in flags:
            raise Fail("\0usage", 0)
        if "D" in flags and not operands:
            ctx.out("".join(f"{k}={v}\n" for k, v in USERADD_DEFAULTS.items()))
            return 0
        if len(operands) != 1:
            raise _usage(ctx)
        _root_only(ctx)
        name = operands[0]
        defs = login_defs(ctx.fs)
        for item in (v for k, v in opts if k == "K"):
            key, eq, value = item.partition("=")
            if not eq:
                raise Fail("-K requires KEY=VALUE", 2)
            defs[key] = value
        system = "r" in flags
        uid = _number(flags["u"], "user ID") if "u" in flags else None
        db = AccountDB(ctx.fs)
        primary = _find_group(db, flags["g"]) if "g" in flags else None
        extra = _group_list(db, flags["G"]) if "G" in flags else []
        shell = flags.get("s", USERADD_DEFAULTS["SHELL"])
        if "s" in flags:
            _check_shell(ctx, shell)
        if "B" not in flags and not _valid_name(name):
            hint = "" if _old_shadow(ctx) else ": use --badname to ignore"
            raise Fail(f"invalid user name '{name}'{hint}", 3)
        if db.user(name) is not None:
            raise Fail(f"user '{name}' already exists", 9)
        own_group = "U" in flags or (primary is None and "N" not in flags
                                     and defs["USERGROUPS_ENAB"] == "yes")
        if "U" in flags and "N" in flags:
            raise Fail("options -U and -N are conflicting", 2)
        if own_group and primary is not None:
            raise Fail("options -U and -g are conflicting", 2)
        if own_group and db.group_named(name) is not None:
            raise Fail(f"group {name} exists - if you want to add this user to that group, "
                       f"use -g.", 9)
        if uid is not None and "o" not in flags and db.user_by_uid(uid) is not None:
            raise Fail(f"UID {uid} is not unique", 4)
        if uid is None:
            low, high = shadow_range(defs, "UID", system)
            uid = shadow_pick((u.uid for u in db.users()), low, high, system)
            if uid is None:
                raise Fail("Can't get unique UID (no more available UIDs)", 4)
        if own_group:
            low, high = shadow_range(defs, "GID", system)
            gid = shadow_pick((g.gid for g in db.groups()), low, high, system, preferred=uid)
            if gid is None:
                raise Fail("Can't get unique GID (no more available GIDs)", 4)
            db.add_group(Group(name, "x", gid, []), ["!", "", ""])
        else:
            gid = primary.gid if primary is not None else int(USERADD_DEFAULTS["GROUP"])
        home = flags.get("d") or f"{flags.get('b', USERADD_DEFAULTS['HOME']).rstrip('/')}/{name}"
        expire = ""
        if "e" in flags:
            days = _date_days(flags["e"])
            if days is None:
                raise Fail(f"invalid date '{flags['e']}'", 3)
            expire = "" if days == -1 else str(days)
        inactive = flags.get("f", "")
        inactive = "" if inactive == "-1" else inactive
        user = User(name, "x", uid, gid, flags.get("c", ""), home, shell)
        db.add_user(user, _shadow_row(ctx, defs, system, flags.get("p", "!"), expire, inactive))
        for group in extra:
            db.add_member(group, name)
        db.save(ctx.now())
        create = "m" in flags or (defs["CREATE_HOME"] == "yes" and not system)
        if create and "M" not in flags:
            return _useradd_home(ctx, defs, user, flags.get("k", USERADD_DEFAULTS["SKEL"]))
        return 0
    return _run(ctx, body)


def _useradd_home(ctx: Context, defs, user: User, skel: str) -> int:
    umask = int(defs.get("UMASK") or "022", 8)
    mode = int(defs["HOME_MODE"], 8) if defs.get("HOME_MODE") else 0o777 & ~umask
    parent = user.home.rsplit("/", 1)[0] or "/"
    try:
        if not ctx.fs.exists(parent):
            ctx.fs.install(parent, _directory(ctx))  # mkdir -p of the leading part
        created, _ = make_home(ctx, user.home, user.uid, user.gid, mode, skel)
    except FSError:
        ctx.stderr.write(f"{ctx.name}: cannot create directory {user.home}\n")
        return 12
    if not created:
        ctx.stderr.write(f"{ctx.name}: warning: the home directory {user.home} already exists.\n"
                         f"{ctx.name}: Not copying any file from skel directory into it.\n")
    return 0


def _directory(ctx: Context):
    from ...vfs.entry import directory
    return directory(0o755, mtime=int(ctx.now()))


# -- groupadd ----------------------------------------------------------------------------


@program("groupadd")
def groupadd(ctx: Context) -> int:
    def body() -> int:
        opts, operands = parse(ctx, ctx.argv[1:], "fg:hK:op:rR:P:U:", GROUPADD_LONG)
        flags = dict(opts)
        if "h" in flags:
            raise Fail("\0usage", 0)
        if len(operands) != 1:
            raise _usage(ctx)
        _root_only(ctx)
        name = operands[0]
        gid = _number(flags["g"], "group ID") if "g" in flags else None
        if not _valid_name(name):
            raise Fail(f"'{name}' is not a valid group name", 3)
        db = AccountDB(ctx.fs)
        if db.group_named(name) is not None:
            if "f" in flags:
                return 0
            raise Fail(f"group '{name}' already exists", 9)
        if gid is not None and "o" not in flags and db.group_by_gid(gid) is not None:
            if "f" not in flags:
                raise Fail(f"GID '{gid}' already exists", 4)
            gid = None  # -f: as if no -g had been given
        system = "r" in flags
        if gid is None:
            low, high = shadow_range(login_defs(ctx.fs), "GID", system)
            gid = shadow_pick((g.gid for g in db.groups()), low, high, system)
            if gid is None:
                raise Fail("Can't get unique GID (no more available GIDs)", 4)
        members = [m for m in flags.get("U", "").split(",") if m]
        db.add_group(Group(name, "x", gid, members), [flags.get("p", "!"), "", ",".join(members)])
        db.save(ctx.now())
        return 0
    return _run(ctx, body)


# -- usermod -----------------------------------------------------------------------------


@program("usermod")
def usermod(ctx: Context) -> int:
    def body() -> int:
        opts, operands = parse(ctx, ctx.argv[1:], "abc:d:e:f:g:G:hl:Lmop:P:rR:s:u:UZ:v:V:w:W:",
                               USERMOD_LONG)
        flags = dict(opts)
        if "h" in flags:
            raise Fail("\0usage", 0)
        if len(operands) != 1:
            raise _usage(ctx)
        if not opts:
            ctx.stderr.write(f"{ctx.name}: no options\n")
            raise _usage(ctx)
        for flag in ("a", "r"):
            if flag in flags and "G" not in flags:
                ctx.stderr.write(f"{ctx.name}: -{flag} flag is only allowed with the -G flag\n")
                raise _usage(ctx)
        if "m" in flags and "d" not in flags:
            ctx.stderr.write(f"{ctx.name}: -m flag is only allowed with the -d flag\n")
            raise _usage(ctx)
        _root_only(ctx)
        db = AccountDB(ctx.fs)
        user = db.user(operands[0])
        if user is None:
            raise Fail(f"user '{operands[0]}' does not exist", 6)
        changed = False
        if "g" in flags:
            gid = _find_group(db, flags["g"]).gid
            changed |= gid != user.gid
            user.gid = gid
        groups = _group_list(db, flags["G"]) if "G" in flags else None
        if "u" in flags:
            uid = _number(flags["u"], "user ID")
            if uid != user.uid and "o" not in flags and db.user_by_uid(uid) is not None:
                raise Fail(f"UID '{uid}' already exists", 4)
        if "l" in flags and flags["l"] != user.name:
            if not _valid_name(flags["l"]):
                raise Fail(f"invalid user name '{flags['l']}'", 3)
            if db.user(flags["l"]) is not None:
                raise Fail(f"user '{flags['l']}' already exists", 9)
        if "s" in flags:
            _check_shell(ctx, flags["s"])
            changed |= flags["s"] != user.shell
            user.shell = flags["s"]
        if "c" in flags:
            changed |= flags["c"] != user.gecos
            user.gecos = flags["c"]
        old_home = user.home
        if "d" in flags:
            changed |= flags["d"] != user.home
            user.home = flags["d"]
        if "u" in flags and int(flags["u"]) != user.uid:
            _chown_home(ctx, user.home if "m" not in flags else old_home, user.uid, int(flags["u"]))
            user.uid = int(flags["u"])
            changed = True
        if groups is not None:
            wanted = {g.name for g in groups}
            for group in db.groups():
                member = user.name in group.members
                if group.name in wanted and not member and "r" not in flags:
                    db.add_member(group, user.name)
                    changed = True
                elif member and (("r" in flags and group.name in wanted)
                                 or ("a" not in flags and "r" not in flags
                                     and group.name not in wanted)):
                    db.remove_member(group, user.name)
                    changed = True
        row = db.shadow.find(user.name) if db.shadow.present else None
        if row is not None:
            if "p" in flags:
                row[1] = flags["p"]
            if "L" in flags and not row[1].startswith("!"):
                row[1] = "!" + row[1]
            if "U" in flags and row[1].startswith("!"):
                if row[1] == "!":
                    ctx.stderr.write(f"{ctx.name}: unlocking the user's password would result "
                                     f"in a passwordless account.\nYou should set a password "
                                     f"with usermod -p to unlock this user's password.\n")
                else:
                    row[1] = row[1][1:]
            if "e" in flags:
                days = _date_days(flags["e"])
                if days is None:
                    raise Fail(f"invalid date '{flags['e']}'", 3)
                row[7] = "" if days == -1 else str(days)
            if {"p", "L", "U", "e"} & set(flags):
                db.touch(db.shadow)
                changed = True
        if "l" in flags and flags["l"] != user.name:
            old = user.name
            if row is not None:
                row[0] = flags["l"]
                db.touch(db.shadow)
            db.rename_member(old, flags["l"])
            user.name = flags["l"]
            changed = True
        if not changed:
            ctx.stderr.write(f"{ctx.name}: no changes\n")
            return 0
        db.touch(db.passwd)
        db.save(ctx.now())
        if "m" in flags and old_home != user.home:
            return _move_home(ctx, old_home, user.home)
        return 0
    return _run(ctx, body)


def _chown_home(ctx: Context, home: str, old_uid: int, new_uid: int) -> None:
    """usermod -u: what the user owned in the home directory changes owner too."""
    try:
        top, entry = ctx.fs.resolve(home)
    except FSError:
        return
    if not entry.is_dir:
        return
    for path, item in list(ctx.fs.walk(top)):
        if item.uid == old_uid:
            ctx.fs.chown(path, new_uid, item.gid, follow=False)


def _move_home(ctx: Context, old: str, new: str) -> int:
    fs = ctx.fs
    if fs.exists(new):
        ctx.stderr.write(f"{ctx.name}: directory {new} exists\n")
        return 12
    try:
        fs.rename(old, new)
    except FSError:
        if not fs.exists(old):
            ctx.stderr.write(f"{ctx.name}: The previous home directory ({old}) does not exist "
                             f"or is inaccessible. Move cannot be completed.\n")
            return 0
        ctx.stderr.write(f"{ctx.name}: cannot rename directory {old} to {new}\n")
        return 12
    return 0


# -- userdel, groupdel ---------------------------------------------------------------------


@program("userdel")
def userdel(ctx: Context) -> int:
    def body() -> int:
        opts, operands = parse(ctx, ctx.argv[1:], "fhrR:P:Z", USERDEL_LONG)
        flags = dict(opts)
        if "h" in flags:
            raise Fail("\0usage", 0)
        if len(operands) != 1:
            raise _usage(ctx)
        _root_only(ctx)
        db = AccountDB(ctx.fs)
        user = db.user(operands[0])
        if user is None:
            raise Fail(f"user '{operands[0]}' does not exist", 6)
        db.remove_user(user.name)
        for group in db.groups():
            db.remove_member(group, user.name)
        own = db.group_named(user.name)
        if own is not None and login_defs(ctx.fs)["USERGROUPS_ENAB"] == "yes":
            if own.gid != user.gid:
                ctx.stderr.write(f"{ctx.name}: group {own.name} not removed because it is not "
                                 f"the primary group of user {user.name}.\n")
            elif own.members:
                ctx.stderr.write(f"{ctx.name}: group {own.name} not removed because it has "
                                 f"other members.\n")
            elif any(u.gid == own.gid for u in db.users()):
                ctx.stderr.write(f"{ctx.name}: group {own.name} is the primary group of another "
                                 f"user and is not removed.\n")
            else:
                db.remove_group(own.name)
        db.save(ctx.now())
        if "r" in flags:
            spool = f"/var/mail/{user.name}"
            if not remove_tree(ctx, spool):
                ctx.stderr.write(f"{ctx.name}: {user.name} mail spool ({spool}) not found\n")
            if not remove_tree(ctx, user.home):
                ctx.stderr.write(f"{ctx.name}: {user.name} home directory ({user.home}) "
                                 f"not found\n")
        return 0
    return _run(ctx, body)


@program("groupdel")
def groupdel(ctx: Context) -> int:
    def body() -> int:
        opts, operands = parse(ctx, ctx.argv[1:], "fhR:P:", GROUPDEL_LONG)
        flags = dict(opts)
        if "h" in flags:
            raise Fail("\0usage", 0)
        if len(operands) != 1:
            raise _usage(ctx)
        _root_only(ctx)
        db = AccountDB(ctx.fs)
        group = db.group_named(operands[0])
        if group is None:
            raise Fail(f"group '{operands[0]}' does not exist", 6)
        holder = next((u for u in db.users() if u.gid == group.gid), None)
        if holder is not None and "f" not in flags:
            raise Fail(f"cannot remove the primary group of user '{holder.name}'", 8)
        db.remove_group(group.name)
        db.save(ctx.now())
        return 0
    return _run(ctx, body)


# -- chpasswd, passwd --------------------------------------------------------------------


def _hash(ctx: Context, password: str) -> str:
    """Debian's PAM hashes with yescrypt ("$y$j9T$..."); crsim keeps a placeholder."""
    digest = crypt_placeholder(password).split("$", 3)[3]
    return f"$y$j9T${digest[:22]}${digest[22:65]}"


@program("chpasswd")
def chpasswd(ctx: Context):
    def body() -> int:
        opts, operands = parse(ctx, ctx.argv[1:], "c:ehmR:P:s:",
                               {"crypt-method=": "c", "encrypted": "e", "help": "h",
                                "md5": "m", "root=": "R", "prefix=": "P", "sha-rounds=": "s"})
        if "h" in dict(opts):
            raise Fail("\0usage", 0)
        if operands:
            raise _usage(ctx)
        return None
    status = _run(ctx, body)
    if status is not None:
        return status
    text = yield from ctx.read_all()
    encrypted = any(arg in ("-e", "--encrypted") for arg in ctx.argv[1:])
    db = AccountDB(ctx.fs)
    failed = False
    for number, line in enumerate(text.splitlines(), 1):
        name, colon, password = line.partition(":")
        if not colon:
            ctx.stderr.write(f"{ctx.name}: line {number}: missing new password\n")
            failed = True
            continue
        row = db.shadow.find(name) if db.user(name) is not None else None
        if row is None:
            ctx.stderr.write(f"{ctx.name}: (user {name}) pam_chauthtok() failed, error:\n"
                             f"Authentication token manipulation error\n"
                             f"{ctx.name}: (line {number}, user {name}) password not changed\n")
            failed = True
            continue
        row[1] = password if encrypted else _hash(ctx, password)
        row[2] = _days(ctx)
        db.touch(db.shadow)
    db.save(ctx.now())
    return 1 if failed else 0


@program("passwd")
def passwd(ctx: Context):
    if ctx.flavour == "busybox":
        from .busybox import passwd_applet
        return (yield from passwd_applet(ctx))
    args = ctx.argv[1:]
    try:
        opts, operands = parse(ctx, args, "adehi:kln:qr:R:P:Suw:x:",
                               {"all": "a", "delete": "d", "expire": "e", "help": "h",
                                "keep-tokens": "k", "lock": "l", "quiet": "q", "root=": "R",
                                "prefix=": "P", "status": "S", "unlock": "u"})
    except OptionError as err:
        ctx.stderr.write(err.message(ctx) + USAGES["passwd"])
        return 2
    flags = dict(opts)
    if "h" in flags:
        ctx.out(USAGES["passwd"])
        return 0
    db = AccountDB(ctx.fs)
    me = db.user_by_uid(0)
    name = operands[0] if operands else (me.name if me else "root")
    user = db.user(name)
    if user is None:
        ctx.stderr.write(f"{ctx.name}: user '{name}' does not exist\n")
        return 1
    row = db.shadow.find(name) if db.shadow.present else None
    if "S" in flags:
        field = row[1] if row else user.password
        state = "L" if field.startswith("!") or field == "*" else "NP" if field == "" else "P"
        when = time.strftime("%Y-%m-%d", time.gmtime(int(row[2]) * 86400)) \
            if row and row[2].isdigit() else "never"
        aging = [x if x else "-1" for x in (row[3:7] if row else ["", "", "", ""])]
        ctx.out(f"{name} {state} {when} {' '.join(aging)}\n")
        return 0
    if row is None:
        return 1
    if "d" in flags:
        row[1] = ""
    elif "l" in flags:
        row[1] = row[1] if row[1].startswith("!") else "!" + row[1]
    elif "u" in flags:
        if row[1] == "!":
            ctx.stderr.write(f"{ctx.name}: unlocking the password would result in a "
                             f"passwordless account.\nYou should set a password with usermod -p "
                             f"to unlock the password of this account.\n")
            return 3
        row[1] = row[1][1:] if row[1].startswith("!") else row[1]
    elif "e" in flags:
        row[2] = "0"
    else:
        ctx.out("New password: ")
        first = yield from read_line(ctx, echo=False)
        ctx.out("Retype new password: ")
        second = yield from read_line(ctx, echo=False)
        if not first or first != second:
            ctx.out("Sorry, passwords do not match.\n" if first else "\n")
            ctx.stderr.write(f"{ctx.name}: Authentication token manipulation error\n"
                             f"{ctx.name}: password unchanged\n")
            return 10
        row[1] = _hash(ctx, first)
        row[2] = _days(ctx)
        db.touch(db.shadow)
        db.save(ctx.now())
        ctx.out(f"{ctx.name}: password updated successfully\n")
        return 0
    db.touch(db.shadow)
    db.save(ctx.now())
    ctx.out(f"{ctx.name}: password changed.\n" if "e" not in flags else
            f"{ctx.name}: password expiry information changed.\n")
    return 0


