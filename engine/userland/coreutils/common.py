"""What the file programs (ls, cp, stat, find ...) share: the applets' usage
block, quoting of file names, account names, mode strings, sizes, times.

Option parsing and the getopt complaints are options.py's, shared with the
text and system programs; what is here only binds them to the file programs'
conventions (getopt() below, BusyBox's usage block).

Two families of programs live in the images:
- GNU coreutils (debian, ubuntu): getopt_long with permutation; a bad option
  prints glibc's complaint and "Try 'PROG --help' for more information.";
  messages quote file names the way gnulib's quote() does in the C locale;
  PROG is argv[0] as typed (glibc's program_invocation_name).
- BusyBox applets (alpine, busybox): getopt32, which calls the C library's
  getopt_long (musl's words on alpine, glibc's on the busybox image), then
  prints the applet's usage block on stderr and exits 1; messages name the
  applet, and quote with plain '...'.
"""

from __future__ import annotations

import math
import time

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, List, Optional, Sequence, Tuple

    from ..options import Options

from ...proc.api import Context, decode
from ...vfs.entry import DIR, FIFO, FILE, SYMLINK
from ...vfs.errno import EACCES, FSError
# The banner, how a program names itself, its error lines and the option
# parser are shared with the text and system programs: one place for each
# fact. ``prog`` and ``say`` (options.error) are re-exported for files*.py.
from ..options import (OptionError, applet_usage, bad_option, busybox_usage_text,
                       parse, try_help)
from ..options import error as say
from ..options import prog  # noqa: F401

# --------------------------------------------------------------------------
# BusyBox's usage block (the texts are options.applet_usage()'s generated table)


def busybox_usage(ctx: Context, name: Optional[str] = None) -> str:
    """What bb_show_usage() writes for the running applet (or ``name``)."""
    return busybox_usage_text(ctx, applet_usage(ctx, name or ""))


def show_usage(ctx: Context) -> int:
    """bb_show_usage(): the usage block on stderr, exit status 1."""
    ctx.stderr.write(busybox_usage(ctx))
    return 1


# --------------------------------------------------------------------------
# Messages


def usage_error(ctx: Context, message: str, status: int = 1) -> int:
    """Missing/extra operands: GNU's "PROG: MESSAGE" + Try line; BusyBox's
    usage block."""
    if ctx.flavour == "gnu":
        say(ctx, message)
        return try_help(ctx, status)
    return show_usage(ctx)


_SHELL_SPECIAL = set(" \t\n!\"$&'()*;<=>?[\\^`|")
_DOUBLE_QUOTE_UNSAFE = set("$`\\\"!")


def _needs_quoting(name: str, colon: bool = False) -> bool:
    if name == "":
        return True
    for i, char in enumerate(name):
        if colon and char == ":":
            return True
        if char in "#~":
            if i == 0:
                return True
            continue
        if char in "{}":
            if len(name) == 1:
                return True
            continue
        if char in _SHELL_SPECIAL or not char.isprintable():
            return True
    return False


def shell_quote(name: str, always: bool = False, colon: bool = False) -> str:
    """gnulib's shell-escape(-always) quoting in the C locale (control characters
    become $'\\ooo' segments in the real thing; here they are kept as they are).
    ``colon``: quotearg's colon variant, which also quotes ':' (quotef)."""
    if not _needs_quoting(name, colon):
        return f"'{name}'" if always else name
    if "'" not in name:
        return f"'{name}'"
    if not any(char in _DOUBLE_QUOTE_UNSAFE for char in name):
        return f'"{name}"'
    return "'" + name.replace("'", "'\\''") + "'"


def quote(name: str) -> str:
    """GNU's quote()/quoteaf(): always quoted ('x')."""
    return shell_quote(name, always=True)


def quotef(name: str) -> str:
    """GNU's quotef(): quoted only when the name needs it (cat: x: ...); a ':'
    needs it too, so the message stays unambiguous."""
    return shell_quote(name, always=False, colon=True)


def strerror(ctx: Context, error) -> str:
    return ctx.strerror(error)


# --------------------------------------------------------------------------
# Option parsing: options.parse with the file programs' conventions


def report_bad_option(ctx: Context, err: OptionError, gnu_status: int = 1) -> int:
    """What the program prints for a bad option (its C library's complaint,
    then GNU's Try line or the applet's usage block), and its exit status."""
    return bad_option(ctx, err, status=gnu_status)


def getopt(ctx: Context, args: Sequence[str], short: str,
           long: Optional[Dict[str, str]] = None) -> Tuple[Options, List[str]]:
    """options.parse() as the file programs use it: (options in order as (key,
    value), operands); raises OptionError.

    The file programs model getopt_long even where they declare no long
    options ("--x" is an unrecognized long option), and let POSIXLY_CORRECT
    stop permutation whatever the flavour; see options.parse.
    """
    return parse(ctx, args, short, long, long_syntax=True, posix_env_any_flavour=True)


# --------------------------------------------------------------------------
# Accounts


class Accounts:
    """/etc/passwd and /etc/group of the container, read once per program run."""

    def __init__(self, fs):
        self.users: Dict[int, str] = {}
        self.user_ids: Dict[str, int] = {}
        self.login_group: Dict[int, int] = {}
        self.groups: Dict[int, str] = {}
        self.group_ids: Dict[str, int] = {}
        for line in _lines(fs, "/etc/passwd"):
            fields = line.split(":")
            if len(fields) >= 4 and fields[2].isdigit():
                uid = int(fields[2])
                self.users.setdefault(uid, fields[0])
                self.user_ids.setdefault(fields[0], uid)
                if fields[3].isdigit():
                    self.login_group.setdefault(uid, int(fields[3]))
        for line in _lines(fs, "/etc/group"):
            fields = line.split(":")
            if len(fields) >= 3 and fields[2].isdigit():
                gid = int(fields[2])
                self.groups.setdefault(gid, fields[0])
                self.group_ids.setdefault(fields[0], gid)

    def user(self, uid: int) -> Optional[str]:
        return self.users.get(uid)

    def group(self, gid: int) -> Optional[str]:
        return self.groups.get(gid)

    def user_or_id(self, uid: int) -> str:
        return self.users.get(uid, str(uid))

    def group_or_id(self, gid: int) -> str:
        return self.groups.get(gid, str(gid))


def _lines(fs, path: str) -> List[str]:
    try:
        return decode(fs.read(path)).splitlines()
    except FSError:
        return []


def accounts(ctx: Context) -> Accounts:
    cached = ctx.extra.get("_accounts")
    if cached is None:
        cached = Accounts(ctx.fs)
        ctx.extra["_accounts"] = cached
    return cached


def credentials(ctx: Context) -> Tuple[int, int]:
    """(uid, gid) of the process, from the user it runs as (name, uid or uid:gid)."""
    user = str(ctx.extra.get("user", "root") or "root")
    name, _, group = user.partition(":")
    table = accounts(ctx)
    if name.isdigit():
        uid = int(name)
    else:
        uid = table.user_ids.get(name, 0)
    if group:
        gid = int(group) if group.isdigit() else table.group_ids.get(group, 0)
    else:
        gid = table.login_group.get(uid, 0 if uid == 0 else uid)
    return uid, gid


def may(ctx: Context, entry, want: int) -> bool:
    """access(2): want is 4 (read), 2 (write) or 1 (execute/search)."""
    uid, gid = credentials(ctx)
    if uid == 0:
        return want != 1 or entry.kind == DIR or bool(entry.mode & 0o111)
    if entry.uid == uid:
        bits = entry.mode >> 6
    elif entry.gid == gid:
        bits = entry.mode >> 3
    else:
        bits = entry.mode
    return bool(bits & want)


def created_mode(ctx: Context, mode: int = 0o666) -> int:
    """The mode a file or directory this process creates gets: what it asks for (open's
    0666, mkdir's 0777) less the process's umask (runc's 022 unless a shell changed it)."""
    return mode & ~ctx.umask & 0o7777


def new_file(ctx: Context, mode: int = 0o666) -> dict:
    """fs.write's (or mkdir's) keywords for a name this process may create: the process's
    user and group own it, with the mode its umask leaves (an existing file keeps its own)."""
    uid, gid = credentials(ctx)
    return {"mode": created_mode(ctx, mode), "uid": uid, "gid": gid}


def check_write_dir(ctx: Context, path: str) -> None:
    """Creating or removing a name needs write and search permission on its directory
    (EACCES)."""
    uid, _ = credentials(ctx)
    if uid == 0:
        return
    canonical = ctx.fs.resolve(path, ctx.cwd, follow=False, must_exist=False)[0]
    directory = canonical.rsplit("/", 1)[0] or "/"
    entry = ctx.fs.stat(directory)
    if not (may(ctx, entry, 2) and may(ctx, entry, 1)):
        raise FSError(EACCES, path)


# --------------------------------------------------------------------------
# What stat(2) would say about an entry


def mode_string(entry) -> str:
    """drwxr-xr-x: filemodestring()/bb_mode_string()."""
    kind = {DIR: "d", FILE: "-", SYMLINK: "l", FIFO: "p"}.get(entry.kind, "c")
    mode = entry.mode
    chars = []
    for shift, special, letter in ((6, 0o4000, "s"), (3, 0o2000, "s"), (0, 0o1000, "t")):
        bits = (mode >> shift) & 7
        chars.append("r" if bits & 4 else "-")
        chars.append("w" if bits & 2 else "-")
        if mode & special:
            chars.append(letter if bits & 1 else letter.upper())
        else:
            chars.append("x" if bits & 1 else "-")
    return kind + "".join(chars)


def file_type(entry, size: int) -> str:
    """stat's %F."""
    if entry.kind == FILE:
        return "regular empty file" if size == 0 else "regular file"
    if entry.kind == DIR:
        return "directory"
    if entry.kind == SYMLINK:
        return "symbolic link"
    return "fifo" if entry.kind == FIFO else "character special file"


def inode(path: str, entry=None) -> int:
    """A stable inode number: the canonical path's (the layers keep no inodes), or the
    link group's for a file with hard links (every name shows the same number)."""
    if path == "/":
        return 2  # like the root of most file systems
    import hashlib  # (OpenSSL's: 2.5 ms to load, for ls -i and stat only)
    key = path if entry is None or entry.link is None else f"\0link {entry.link}"
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).digest()
    return 1_000_000 + int.from_bytes(digest[:4], "big") % 9_000_000


def mount_of(ctx: Context, path: str):
    """The mount (other than the root overlay) answering for a canonical path."""
    mounts = getattr(ctx.fs, "mounts", None)
    if mounts is None:
        return None
    return mounts.find(path)


def st_size(ctx: Context, path: str, entry) -> int:
    """st_size: 4096 for an ext4/overlay directory, 40 + 20 per entry on tmpfs,
    0 in /proc, the target's length for a symlink, bytes for a file."""
    mount = mount_of(ctx, path)
    if mount is not None and mount.fstype == "proc":  # files and links of /proc too
        return 0
    if entry.kind == DIR:
        if mount is None:
            return 4096
        if mount.fstype == "tmpfs":
            try:
                return 40 + 20 * len(ctx.fs.readdir(path))
            except FSError:
                return 40
        return 0
    if entry.kind == SYMLINK:
        return len(entry.target.encode("utf-8", "surrogateescape"))
    if entry.kind == FILE:
        return entry.size
    return 0


def st_blocks(ctx: Context, path: str, entry) -> int:
    """st_blocks in 512-byte units: whole 4K blocks on ext4/overlay, none in
    /proc or for a fast symlink or a device."""
    if entry.kind == DIR:
        return 8 if mount_of(ctx, path) is None else 0
    if entry.kind == FILE:
        mount = mount_of(ctx, path)
        if mount is not None and mount.fstype == "proc":
            return 0
        return math.ceil(entry.size / 4096) * 8
    return 0


def st_nlink(ctx: Context, path: str, entry) -> int:
    """Directories: 2 plus one per subdirectory; anything else its names (hard links)."""
    if entry.kind != DIR:
        count = getattr(ctx.fs, "link_count", None)  # (a mount's provider has no groups)
        return 1 if count is None or mount_of(ctx, path) is not None else count(path, entry)
    try:
        names = ctx.fs.readdir(path)
    except FSError:
        return 2
    count = 2
    for name in names:
        child = path.rstrip("/") + "/" + name
        try:
            if ctx.fs.lstat(child).kind == DIR:
                count += 1
        except FSError:
            pass
    return count


DEVICE_NUMBERS = {"null": (1, 3), "zero": (1, 5), "full": (1, 7), "random": (1, 8),
                  "urandom": (1, 9), "tty": (5, 0), "console": (136, 0), "ptmx": (5, 2),
                  "pts/0": (136, 0)}


def rdev(path: str) -> Tuple[int, int]:
    """Major and minor numbers of a device node in /dev."""
    name = "pts/0" if path.endswith("/pts/0") else path.rsplit("/", 1)[-1]
    try:
        from ...vfs.mounts import DevFS
        return DevFS.DEVICES.get(name, DEVICE_NUMBERS.get(name, (0, 0)))
    except ImportError:
        return DEVICE_NUMBERS.get(name, (0, 0))


def st_dev(ctx: Context, path: str) -> Tuple[int, int]:
    """(major, minor) of the file system holding ``path``: the overlay root, or
    the mount over it (/dev/sda1 for the bind-mounted /etc files)."""
    system = getattr(ctx, "system", None)
    container = getattr(system, "container", None)
    layer_id = getattr(container, "layer_id", "") or "0"
    try:
        base = 40 + int(layer_id[:4], 16) % 160
    except ValueError:
        base = 47
    mount = mount_of(ctx, path)
    if mount is None:
        return 0, base
    if mount.source.startswith("/dev/sd"):
        return 8, 1
    return 0, base + 1 + {"proc": 0, "tmpfs": 1}.get(mount.fstype, 2)


# --------------------------------------------------------------------------
# Sizes


def gnu_human(amount: int, unit: int = 1) -> str:
    """gnulib human_readable() with -h: powers of 1024, K/M/G suffixes, rounded up,
    one decimal below 10 (4.0K, 12K, 1.5M); plain bytes below 1024."""
    value = amount * unit
    if value < 1024:
        return str(value)
    suffixes = "KMGTPEZYRQ"
    power = 1
    while value >= 1024 ** (power + 1) and power < len(suffixes):
        power += 1
    while True:
        base = 1024 ** power
        tenths = -(-value * 10 // base)  # ceiling
        if tenths < 100:
            return f"{tenths // 10}.{tenths % 10}{suffixes[power - 1]}"
        whole = -(-value // base)
        if whole >= 1024 and power < len(suffixes):
            power += 1
            continue
        return f"{whole}{suffixes[power - 1]}"


def bb_human(value: int, block_size: int = 1, display_unit: int = 0) -> str:
    """BusyBox's make_human_readable_str()."""
    if value == 0:
        return "0"
    if block_size > 1:
        value *= block_size
    if display_unit:
        value += display_unit // 2
        return str(value // display_unit)
    units = ["", "K", "M", "G", "T", "P", "E", "Z", "Y"]
    index = 0
    frac = 0
    fractional = False
    while value >= 1024:
        fractional = True
        index += 1
        frac = ((value % 1024) * 10 + 1024 // 2) // 1024
        value //= 1024
    if frac >= 10:
        value += 1
        frac = 0
    if block_size == 0:
        if frac >= 5:
            value += 1
        return f"{value}{units[index]}"
    if fractional:
        return f"{value}.{frac}{units[index]}"
    return str(value)


# --------------------------------------------------------------------------
# Times (containers run in UTC unless TZ says otherwise; only UTC is modelled)

SIX_MONTHS_GNU = 31556952 // 2
SIX_MONTHS_BB = 3600 * 24 * 365 // 2


def ls_date(ctx: Context, mtime: int) -> str:
    """The date column of `ls -l`: "Jan  5 09:30" when recent, "Jan  5  2024" if not."""
    now = ctx.now()
    when = time.gmtime(mtime)
    if ctx.flavour == "gnu":
        # A file written this very second counts as recent: a real file's
        # timestamp has nanoseconds and is always a little in the past.
        recent = now - SIX_MONTHS_GNU < mtime <= now
    else:
        age = now - mtime
        recent = -15 * 60 < age < SIX_MONTHS_BB
    day = time.strftime("%b", when) + f" {when.tm_mday:2d}"
    if recent:
        return day + time.strftime(" %H:%M", when)
    return day + f"  {when.tm_year}"


def full_time(mtime: int, zone: bool = True) -> str:
    """stat's %y: 2024-01-05 09:30:00.000000000 +0000."""
    text = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(mtime)) + ".000000000"
    return text + " +0000" if zone else text


def parse_date(text: str, now: float) -> Optional[int]:
    """The date forms touch -d accepts that scripts use most: @EPOCH,
    YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS] (or with a T), HH:MM[:SS] today."""
    import calendar  # with locale, 1.4 ms: only the two date parsers here need it
    text = text.strip()
    if text.startswith("@"):
        try:
            return int(float(text[1:]))
        except ValueError:
            return None
    if text in ("now", "today"):
        return int(now)
    for form in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S",
                 "%Y-%m-%dT%H:%M", "%Y-%m-%d"):
        try:
            return calendar.timegm(time.strptime(text, form))
        except ValueError:
            continue
    for form in ("%H:%M:%S", "%H:%M"):
        try:
            parsed = time.strptime(text, form)
        except ValueError:
            continue
        today = time.gmtime(now)
        return calendar.timegm((today.tm_year, today.tm_mon, today.tm_mday, parsed.tm_hour,
                                parsed.tm_min, parsed.tm_sec, 0, 0, 0))
    return None


def parse_touch_stamp(text: str, now: float) -> Optional[int]:
    """touch -t [[CC]YY]MMDDhhmm[.ss]."""
    import calendar
    seconds = 0
    if "." in text:
        text, _, sec = text.partition(".")
        if len(sec) != 2 or not sec.isdigit():
            return None
        seconds = int(sec)
    if not text.isdigit() or len(text) not in (8, 10, 12):
        return None
    year = time.gmtime(now).tm_year
    if len(text) == 12:
        year, text = int(text[:4]), text[4:]
    elif len(text) == 10:
        yy = int(text[:2])
        year, text = (1900 + yy if yy >= 69 else 2000 + yy), text[2:]
    month, day, hour, minute = (int(text[i:i + 2]) for i in range(0, 8, 2))
    try:
        time.strptime(f"{year:04d}{month:02d}{day:02d}{hour:02d}{minute:02d}", "%Y%m%d%H%M")
    except ValueError:
        return None
    return calendar.timegm((year, month, day, hour, minute, seconds, 0, 0, 0))


# --------------------------------------------------------------------------
# Paths


def join(directory: str, name: str) -> str:
    """concat_path_file(): DIR/NAME without doubling a slash."""
    if not directory:
        return name
    return directory + name if directory.endswith("/") else directory + "/" + name


def last_component(path: str) -> str:
    """bb_get_last_path_component_strip(): "a/b/" -> "b", "/" -> "/"."""
    stripped = path.rstrip("/")
    if not stripped:
        return "/" if path else ""
    return stripped.rsplit("/", 1)[-1]


def is_dir(ctx: Context, path: str, follow: bool = True) -> bool:
    try:
        entry = ctx.fs.resolve(path, ctx.cwd, follow=follow)[1]
    except FSError:
        return False
    return entry is not None and entry.kind == DIR
