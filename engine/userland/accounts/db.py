"""The account files of a container: /etc/passwd, /etc/group, /etc/shadow and
/etc/gshadow, read and written the way libc's getpwnam/getgrnam and the tools
that edit them (busybox's update_passwd, shadow's commonio) see them.

This is the one place that parses them: `id`, `ls -l`, `ps`, `chown`, the
shell's `~user`, the runtime's `USER`/`-u` and HOME, and the account tools all
ask it. Lines it cannot parse (comments, NIS "+" entries) are kept as they are
when a file is rewritten.

Rewriting a file keeps its mode and owner (the new file is fchown'ed and
fchmod'ed like the old one) and leaves the previous version as FILE- (the
backup both busybox and shadow make).
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from ...proc.api import decode, encode
from ...record import field, record
from ...vfs.errno import FSError

PASSWD = "/etc/passwd"
GROUP = "/etc/group"
SHADOW = "/etc/shadow"
GSHADOW = "/etc/gshadow"

# shadow's "no aging" fields for a new account, and Debian's base-passwd values
NEVER_EXPIRES = ("0", "99999", "7")


@record
class User:
    name: str
    password: str
    uid: int
    gid: int
    gecos: str
    home: str
    shell: str

    def line(self) -> str:
        return (f"{self.name}:{self.password}:{self.uid}:{self.gid}:{self.gecos}:"
                f"{self.home}:{self.shell}")


@record
class Group:
    name: str
    password: str
    gid: int
    members: List[str] = field(default_factory=list)

    def line(self) -> str:
        return f"{self.name}:{self.password}:{self.gid}:{','.join(self.members)}"


def _user(line: str) -> Optional[User]:
    fields = line.split(":")
    if len(fields) != 7 or not fields[2].isdigit() or not fields[3].isdigit():
        return None
    return User(fields[0], fields[1], int(fields[2]), int(fields[3]), *fields[4:7])


def _group(line: str) -> Optional[Group]:
    fields = line.split(":")
    if len(fields) != 4 or not fields[2].isdigit():
        return None
    members = [m for m in fields[3].split(",") if m]
    return Group(fields[0], fields[1], int(fields[2]), members)


class _Table:
    """One colon-separated file: its lines in order, the parsed ones as records."""

    def __init__(self, fs, path: str, parse):
        self.path = path
        self.entry = None
        self.lines: List[object] = []  # a record, or the raw text of a line kept as is
        self.present = False
        self.changed = False
        try:
            self.entry = fs.stat(path)
            text = decode(fs.read(path))
            self.present = True
        except FSError:
            return
        if self.entry.data is None and self.entry.size:
            return  # a file held as its size only (see AccountDB.shipped)
        for line in text.splitlines():
            record = parse(line) if line and not line.startswith(("#", "+", "-")) else None
            self.lines.append(record if record is not None else line)

    def records(self) -> list:
        return [line for line in self.lines if not isinstance(line, str)]

    def text(self) -> str:
        return "".join((line if isinstance(line, str) else line.line()) + "\n"
                       for line in self.lines)


class _ShadowTable(_Table):
    """shadow(5) or gshadow(5): name first, the other fields kept as text."""

    def __init__(self, fs, path: str):
        super().__init__(fs, path, lambda line: line.split(":") if ":" in line else None)

    def find(self, name: str) -> Optional[List[str]]:
        return next((f for f in self.records() if f[0] == name), None)

    def text(self) -> str:
        return "".join((line if isinstance(line, str) else ":".join(line)) + "\n"
                       for line in self.lines)


class AccountDB:
    """The four files of one file system, read once; changes are written by ``save``."""

    def __init__(self, fs):
        self.fs = fs
        self.passwd = _Table(fs, PASSWD, _user)
        self.group = _Table(fs, GROUP, _group)
        self._shadow: Optional[_ShadowTable] = None
        self._gshadow: Optional[_ShadowTable] = None

    # -- lookups (getpwnam, getpwuid, getgrnam, getgrgid: the first match wins) --------
    def users(self) -> List[User]:
        return self.passwd.records()

    def groups(self) -> List[Group]:
        return self.group.records()

    def user(self, name: str) -> Optional[User]:
        return next((u for u in self.users() if u.name == name), None)

    def user_by_uid(self, uid: int) -> Optional[User]:
        return next((u for u in self.users() if u.uid == uid), None)

    def group_named(self, name: str) -> Optional[Group]:
        return next((g for g in self.groups() if g.name == name), None)

    def group_by_gid(self, gid: int) -> Optional[Group]:
        return next((g for g in self.groups() if g.gid == gid), None)

    def group_spec(self, spec: str) -> Optional[Group]:
        """A group given by name, or by number (a name that is all digits is tried first)."""
        found = self.group_named(spec)
        if found is None and spec.isdigit():
            found = self.group_by_gid(int(spec))
        return found

    def member_of(self, name: str) -> List[Group]:
        """The groups that list ``name`` as a member (initgroups)."""
        return [g for g in self.groups() if name in g.members]

    # -- the shadow files -----------------------------------------------------------------
    @property
    def shadow(self) -> _ShadowTable:
        if self._shadow is None:
            self._shadow = self._shipped(_ShadowTable(self.fs, SHADOW), self.passwd)
        return self._shadow

    @property
    def gshadow(self) -> _ShadowTable:
        if self._gshadow is None:
            self._gshadow = self._shipped(_ShadowTable(self.fs, GSHADOW), self.group)
        return self._gshadow

    @staticmethod
    def _shipped(table: _ShadowTable, base: _Table) -> _ShadowTable:
        """A base image's shadow file whose bytes the image keeps as a size only: the
        one its distribution ships, every account locked ("*"), changed when it was made."""
        entry = table.entry
        if table.present and entry.data is None and entry.size and not table.lines:
            day = str(entry.mtime // 86400)
            for account in base.records():
                if table.path == SHADOW:
                    table.lines.append([account.name, "*", day, *NEVER_EXPIRES, "", "", ""])
                else:
                    table.lines.append([account.name, "*", "", ""])
        return table

    # -- changes ----------------------------------------------------------------------------
    def add_user(self, user: User, shadow: Optional[List[str]] = None) -> None:
        self.passwd.lines.append(user)
        self.passwd.changed = True
        if shadow is not None and self.shadow.present:
            self.shadow.lines.append([user.name, *shadow])
            self.shadow.changed = True

    def add_group(self, group: Group, gshadow: Optional[List[str]] = None) -> None:
        self.group.lines.append(group)
        self.group.changed = True
        if gshadow is not None and self.gshadow.present:
            self.gshadow.lines.append([group.name, *gshadow])
            self.gshadow.changed = True

    def remove_user(self, name: str) -> None:
        self._drop(self.passwd, lambda u: u.name == name)
        self._drop(self.shadow, lambda f: f[0] == name)

    def remove_group(self, name: str) -> None:
        self._drop(self.group, lambda g: g.name == name)
        self._drop(self.gshadow, lambda f: f[0] == name)

    @staticmethod
    def _drop(table: _Table, match) -> None:
        kept = [line for line in table.lines if isinstance(line, str) or not match(line)]
        if len(kept) != len(table.lines):
            table.lines = kept
            table.changed = True

    def add_member(self, group: Group, name: str) -> None:
        group.members.append(name)
        self.group.changed = True
        row = self.gshadow.find(group.name) if self.gshadow.present else None
        if row is not None and len(row) >= 4:
            row[3] = ",".join([m for m in row[3].split(",") if m] + [name])
            self.gshadow.changed = True

    def remove_member(self, group: Group, name: str) -> bool:
        if name not in group.members:
            return False
        group.members[:] = [m for m in group.members if m != name]
        self.group.changed = True
        row = self.gshadow.find(group.name) if self.gshadow.present else None
        if row is not None and len(row) >= 4:
            row[3] = ",".join(m for m in row[3].split(",") if m and m != name)
            row[2] = ",".join(m for m in row[2].split(",") if m and m != name)
            self.gshadow.changed = True
        return True

    def rename_member(self, old: str, new: str) -> None:
        for group in self.groups():
            if old in group.members:
                group.members[:] = [new if m == old else m for m in group.members]
                self.group.changed = True
        if self.gshadow.present:
            for row in self.gshadow.records():
                for index in (2, 3):
                    if len(row) > index and old in row[index].split(","):
                        row[index] = ",".join(new if m == old else m for m in row[index].split(","))
                        self.gshadow.changed = True

    def touch(self, *tables: _Table) -> None:
        for table in tables:
            table.changed = True

    def save(self, now: float) -> None:
        """Write every changed file (FILE- keeps the previous version)."""
        for table in (self.group, self._gshadow, self.passwd, self._shadow):
            if table is None or not table.changed or not table.present:
                continue
            old = table.entry
            if old.data is not None:
                self.fs.install(table.path + "-", old.with_changes(mtime=int(now)))
            self.fs.write(table.path, encode(table.text()))
            table.changed = False


# -- who a process is -----------------------------------------------------------------


@record
class Identity:
    """A process's credentials as the runtime sets them up from a user spec."""
    uid: int
    gid: int
    groups: List[int]
    name: Optional[str] = None  # the passwd entry's name (None: a uid without one)
    home: str = "/"


def identity(fs, spec: str, db: Optional[AccountDB] = None) -> Optional[Identity]:
    """Who ``spec`` ("root", "1000", "app:staff", "1000:1000") is, as runc's
    user lookup does it: the primary group from /etc/passwd, the supplementary
    groups that list the user in /etc/group (unless a group was given), HOME
    from the passwd entry ("/" for a uid without one). None if a name is unknown."""
    db = db or AccountDB(fs)
    user_part, _, group_part = (spec or "root").partition(":")
    user_part = user_part or "root"
    entry = db.user(user_part)
    if entry is None and user_part.isdigit():
        entry = db.user_by_uid(int(user_part))
        uid = int(user_part)
    elif entry is None:
        return None
    else:
        uid = entry.uid
    gid = entry.gid if entry is not None else 0
    supplementary: List[int] = []
    if group_part:
        group = db.group_named(group_part)
        if group is not None:
            gid = group.gid
        elif group_part.isdigit():
            gid = int(group_part)
        else:
            return None
    elif entry is not None:
        supplementary = [g.gid for g in db.member_of(entry.name)]
    return Identity(uid, gid, supplementary, entry.name if entry else None,
                    entry.home if entry else "/")


def unknown_part(fs, spec: str) -> Tuple[str, str]:
    """Which part of a spec that ``identity`` refused is unknown: ("user", name) or
    ("group", name)."""
    db = AccountDB(fs)
    user_part, _, group_part = (spec or "root").partition(":")
    if db.user(user_part) is None and not user_part.isdigit():
        return "user", user_part
    return "group", group_part


def names(fs) -> Tuple[Dict[int, str], Dict[int, str]]:
    """uid -> name and gid -> name (the first entry of each number), for listings."""
    db = AccountDB(fs)
    users: Dict[int, str] = {}
    groups: Dict[int, str] = {}
    for user in db.users():
        users.setdefault(user.uid, user.name)
    for group in db.groups():
        groups.setdefault(group.gid, group.name)
    return users, groups
