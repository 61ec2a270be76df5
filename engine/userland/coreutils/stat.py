"""stat, du, df and mount: what a file, a tree and the mounts look like to stat(2)
and statfs(2).

stat: GNU's default layout (coreutils src/stat.c default_format) ends with a
" Birth:" line ("-": the layers keep no birth time) and prints the device as
"%Hd,%Ld"; BusyBox's (coreutils/stat.c) prints "%Dh/%dd", times without a
zone, and, because its formatter puts() the text after the last directive,
a blank line at the end. Inode numbers are a hash of the path (stable, as the
layers have no inodes); directories on the overlay are 4096 bytes in 8
blocks, files take whole 4K blocks.

df and mount read the container's mount table (``System.mount_table()``,
which /proc/mounts shows too). The sizes of the host's disk behind the
overlay (and the /etc/hosts bind mounts) are a fixed, realistic 58 GiB disk
with a fixed amount already used by the host plus what this container wrote;
tmpfs sizes come from their size= option, else half the host's memory.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from ...proc.api import Context, program
from ...vfs.entry import DIR, FILE, SYMLINK
from ...vfs.errno import EACCES, FSError
from .common import (accounts, bb_human, file_type, full_time,
                         getopt, gnu_human, inode, join, may, mode_string, prog, quote, quotef,
                         rdev, report_bad_option, say, shell_quote, st_blocks, st_dev, st_nlink,
                         st_size, usage_error)
from ..options import OptionError

GNU_HELP_VERSION = {"help": "help", "version": "version"}


def _parse(ctx: Context, gnu_short: str, gnu_long: dict, bb_short: str, bb_long=None):
    gnu = ctx.flavour == "gnu"
    try:
        options, operands = getopt(ctx, ctx.argv[1:], gnu_short if gnu else bb_short,
                                   dict(GNU_HELP_VERSION, **gnu_long) if gnu else bb_long)
    except OptionError as err:
        return report_bad_option(ctx, err)
    for key, _ in options:
        if key == "help":
            ctx.out(f"Usage: {prog(ctx)} [OPTION]... FILE...\n")
            return 0
        if key == "version":
            ctx.out(f"{ctx.name} (GNU coreutils) 9.7\n")
            return 0
    return options, operands


# --------------------------------------------------------------------------
# stat

GNU_DEFAULT = ("  File: %N\n"
               "  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n"
               "Device: %Hd,%Ld\tInode: %-10i  Links: %h\n"
               "Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\n"
               "Access: %x\n"
               "Modify: %y\n"
               "Change: %z\n"
               " Birth: %w\n")
GNU_DEFAULT_DEVICE = GNU_DEFAULT.replace("Links: %h\n",
                                         "Links: %-5h Device type: %Hr,%Lr\n")
BB_DEFAULT = ("  File: %N\n"
              "  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n"
              "Device: %Dh/%dd\tInode: %-10i  Links: %h\n"
              "Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\n"
              "Access: %x\n" "Modify: %y\n" "Change: %z\n")
BB_DEFAULT_DEVICE = BB_DEFAULT.replace("Links: %h\n", "Links: %-5h Device type: %t,%T\n")
GNU_TERSE = "%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %W %o"
BB_TERSE = "%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %o"


class StatInfo:
    def __init__(self, ctx: Context, name: str, where: str, entry):
        self.ctx, self.name, self.where, self.entry = ctx, name, where, entry
        self.size = st_size(ctx, where, entry)
        self.major, self.minor = st_dev(ctx, where)
        self.dev = (self.major << 8) | self.minor
        # GNU's %N: shell-escape-always quoting ('x') in a -c/--printf format
        # (or $QUOTING_STYLE), none in the default layout.
        self.quote_n = False


def _directive(info: StatInfo, letter: str, modifier: str):
    """(value, kind) of one %-directive; kind "int", "oct", "hex" or "str"."""
    ctx, entry, gnu = info.ctx, info.entry, info.ctx.flavour == "gnu"
    table = accounts(ctx)
    if modifier in ("H", "L"):
        if letter == "d":
            return (info.major if modifier == "H" else info.minor), "int"
        if letter == "r":
            major, minor = rdev(info.where) if entry.kind == "char" else (0, 0)
            return (major if modifier == "H" else minor), "int"
    if letter == "n":
        return info.name, "str"
    if letter == "N":
        if gnu:
            style = info.ctx.env.get("QUOTING_STYLE", "shell-escape-always")
            if not info.quote_n or style == "literal":
                name, target = info.name, entry.target
            else:
                always = style.endswith("always")
                name = shell_quote(info.name, always)
                target = shell_quote(entry.target, always)
            return (name + (" -> " + target if entry.kind == SYMLINK else "")), "str"
        if entry.kind == SYMLINK:
            return f"'{info.name}' -> '{entry.target}'", "raw"
        return info.name, "str"
    if letter == "s":
        return info.size, "int"
    if letter == "a":
        return entry.mode & 0o7777, "oct"
    if letter == "A":
        return mode_string(entry), "str"
    if letter == "b":
        return st_blocks(ctx, info.where, entry), "int"
    if letter == "B":
        return 512, "int"
    if letter == "d":
        return info.dev, "int"
    if letter == "D":
        return info.dev, "hex"
    if letter == "f":
        return entry.st_mode, "hex"
    if letter == "F":
        return file_type(entry, info.size), "str"
    if letter == "g":
        return entry.gid, "int"
    if letter == "G":
        return table.group(entry.gid) or "UNKNOWN", "str"
    if letter == "u":
        return entry.uid, "int"
    if letter == "U":
        return table.user(entry.uid) or "UNKNOWN", "str"
    if letter == "h":
        return st_nlink(ctx, info.where, entry), "int"
    if letter == "i":
        return inode(info.where, entry), "int"
    if letter == "o":
        return 4096, "int"
    if letter == "t":
        return (rdev(info.where)[0] if entry.kind == "char" else 0), "hex"
    if letter == "T":
        return (rdev(info.where)[1] if entry.kind == "char" else 0), "hex"
    if letter in "xyz":
        return full_time(entry.mtime, zone=gnu), "str"
    if letter in "XYZ":
        return entry.mtime, "int"
    if letter == "w" and gnu:
        return "-", "str"
    if letter == "W" and gnu:
        return 0, "int"
    if letter == "m" and gnu:
        return _mount_point(ctx, info.where), "str"
    return None, None


def _render(info: StatInfo, fmt: str) -> str:
    out = []
    i = 0
    gnu = info.ctx.flavour == "gnu"
    while i < len(fmt):
        char = fmt[i]
        if char != "%":
            out.append(char)
            i += 1
            continue
        j = i + 1
        while j < len(fmt) and fmt[j] in "#-+ '0I":
            j += 1
        while j < len(fmt) and fmt[j].isdigit():
            j += 1
        if j < len(fmt) and fmt[j] == ".":
            j += 1
            while j < len(fmt) and fmt[j].isdigit():
                j += 1
        spec = fmt[i + 1:j].replace("'", "").replace("I", "")
        if j >= len(fmt):
            out.append(fmt[i:j] if gnu else "%")
            break
        letter = fmt[j]
        modifier = ""
        if gnu and letter in "HL" and j + 1 < len(fmt) and fmt[j + 1] in "dr":
            modifier, letter = letter, fmt[j + 1]
            j += 1
        i = j + 1
        if letter == "%":
            out.append("%")
            continue
        value, kind = _directive(info, letter, modifier)
        if kind is None:
            # GNU prints "?" for an unknown directive; BusyBox printf()s the letter.
            out.append("?" if gnu else ("%" + spec + "c") % letter)
            continue
        if kind == "raw":
            out.append(value)
        elif kind == "str":
            out.append(("%" + spec + "s") % value)
        elif kind == "oct":
            out.append(("%" + spec + "o") % value)
        elif kind == "hex":
            out.append(("%" + spec + "x") % value)
        else:
            out.append(("%" + spec.replace("#", "") + "d") % value)
    return "".join(out)


def _unescape(text: str) -> str:
    """--printf's backslash escapes."""
    out = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            mapping = {"n": "\n", "t": "\t", "\\": "\\", "a": "\a", "b": "\b", "f": "\f",
                       "r": "\r", "v": "\v", '"': '"'}
            if nxt in mapping:
                out.append(mapping[nxt])
                i += 2
                continue
            if nxt in "01234567":
                j = i + 1
                while j < len(text) and j < i + 4 and text[j] in "01234567":
                    j += 1
                out.append(chr(int(text[i + 1:j], 8)))
                i = j
                continue
        out.append(char)
        i += 1
    return "".join(out)


@program("stat")
def stat(ctx: Context) -> int:
    parsed = _parse(ctx, "c:fLt", {"format=": "c", "printf=": "printf", "dereference": "L",
                                   "file-system": "f", "terse": "t", "cached=": "cached"},
                    "tLfc:")
    if isinstance(parsed, int):
        return parsed
    options, operands = parsed
    gnu = ctx.flavour == "gnu"
    keys = [k for k, _ in options]
    if not operands:
        return usage_error(ctx, "missing operand")
    fmt: Optional[str] = None
    newline = True
    for key, value in options:
        if key == "c":
            fmt, newline = value, True
        elif key == "printf":
            fmt, newline = _unescape(value), False
    follow = "L" in keys
    terse = "t" in keys
    if "f" in keys:
        say(ctx, "file system status (-f) is not simulated by crsim")
        return 1
    status = 0
    for name in operands:
        try:
            where, entry = ctx.fs.resolve(name, ctx.cwd, follow=follow)
        except FSError as err:
            status = 1
            if gnu:
                say(ctx, f"cannot statx {quote(name)}: {ctx.strerror(err)}")
            else:
                say(ctx, f"can't stat '{name}': {ctx.strerror(err)}")
            continue
        info = StatInfo(ctx, name, where, entry)
        info.quote_n = fmt is not None and "%N" in fmt
        device = entry.kind == "char"
        if fmt is not None:
            text = _render(info, fmt)
            if gnu:
                ctx.out(text + ("\n" if newline else ""))
            else:
                ctx.out(text + "\n")
        elif terse:
            ctx.out(_render(info, GNU_TERSE if gnu else BB_TERSE) + "\n")
        elif gnu:
            ctx.out(_render(info, GNU_DEFAULT_DEVICE if device else GNU_DEFAULT))
        else:
            # BusyBox puts() what follows the last directive: a final blank line.
            ctx.out(_render(info, BB_DEFAULT_DEVICE if device else BB_DEFAULT) + "\n")
    return status


# --------------------------------------------------------------------------
# du


@program("du")
def du(ctx: Context) -> int:
    parsed = _parse(ctx, "0abBcd:DhHklLmsSxX:t:", {
        "null": "0", "all": "a", "apparent-size": "apparent", "block-size=": "B", "bytes": "b",
        "total": "c", "max-depth=": "d", "dereference-args": "D", "human-readable": "h",
        "si": "si", "inodes": "inodes", "dereference": "L", "count-links": "l",
        "no-dereference": "P", "separate-dirs": "S", "summarize": "s", "threshold=": "t",
        "time?": "time", "one-file-system": "x", "exclude=": "exclude"},
        "aHLd:clsxhmk")
    if isinstance(parsed, int):
        return parsed
    options, operands = parsed
    gnu = ctx.flavour == "gnu"
    show_all = summarize = total = human = follow_all = follow_args = one_fs = False
    apparent = count_links = False
    linked_seen = set()  # link groups already counted: a hard-linked file counts once
    max_depth: Optional[int] = None
    unit = 1024
    end = "\n"
    for key, value in options:
        if key == "a":
            show_all = True
        elif key == "s":
            summarize = True
        elif key == "c":
            total = True
        elif key == "h":
            human = True
        elif key == "k":
            unit, human = 1024, False
        elif key == "m":
            unit, human = 1024 * 1024, False
        elif key == "b":
            apparent, unit, human = True, 1, False
        elif key == "apparent":
            apparent = True
        elif key == "l":
            count_links = True
        elif key == "L":
            follow_all = True
        elif key in ("H", "D"):
            follow_args = True
        elif key == "x":
            one_fs = True
        elif key == "0":
            end = "\0"
        elif key == "d":
            if value is None or not value.isdigit():
                if gnu:
                    say(ctx, f"invalid maximum depth {quote(value or '')}")
                    return 1
                say(ctx, f"invalid number '{value}'")
                return 1
            max_depth = int(value)
    if summarize:
        if max_depth not in (None, 0) and gnu:
            say(ctx, f"warning: summarizing conflicts with --max-depth={max_depth}")
            ctx.stderr.write(f"Try '{prog(ctx)} --help' for more information.\n")
            return 1
        max_depth = 0
    status = 0
    grand = 0

    def show(amount: int, path: str) -> None:
        if gnu:
            if human:
                text = gnu_human(amount if apparent else amount * 512)
            elif apparent and unit == 1:
                text = str(amount)
            elif apparent:
                text = str(-(-amount // unit))
            else:
                text = str(-(-amount * 512 // unit))
        else:
            text = bb_human(amount, 512, 0 if human else unit)
        ctx.out(f"{text}\t{path}{end}")

    def walk(path: str, depth: int, follow: bool, device) -> int:
        nonlocal status
        try:
            where, entry = ctx.fs.resolve(path, ctx.cwd, follow=follow)
        except FSError as err:
            status = 1
            if gnu:
                say(ctx, f"cannot access {quote(path)}: {ctx.strerror(err)}")
            else:
                say(ctx, f"{path}: {ctx.strerror(err)}")
            return 0
        if entry.kind == FILE and entry.link is not None and not count_links:
            if entry.link in linked_seen:
                return 0  # another name of a file counted already: not even listed
            linked_seen.add(entry.link)
        own = entry.size if apparent and entry.kind != DIR else (
            st_size(ctx, where, entry) if apparent else st_blocks(ctx, where, entry))
        if entry.kind != DIR:
            if depth == 0 or show_all and (max_depth is None or depth <= max_depth):
                show(own, path)
            return own
        this_device = st_dev(ctx, where)
        if one_fs and device is not None and this_device != device:
            return 0
        amount = own
        try:
            names = ctx.fs.readdir(where)
            if not may(ctx, entry, 4):
                raise FSError(EACCES, path)
        except FSError as err:
            status = 1
            say(ctx, f"cannot read directory {quote(path)}: {ctx.strerror(err)}" if gnu
                else f"can't open '{path}': {ctx.strerror(err)}")
            names = []
        for name in names:
            amount += walk(join(path, name), depth + 1, follow_all, this_device)
        if max_depth is None or depth <= max_depth:
            show(amount, path)
        return amount

    for path in operands or ["."]:
        grand += walk(path, 0, follow_all or follow_args, None)
    if total:
        show(grand, "total")
    return status


# --------------------------------------------------------------------------
# Mounts, df, mount

# The host's disk behind the overlay and the /etc bind mounts (1K blocks).
DISK_TOTAL_K = 61_255_652
DISK_USED_K = 14_372_096   # what the host and its other images already use
DISK_RESERVED_K = 3_129_344  # ext4 keeps 5% for root


class MountRow:
    def __init__(self, source: str, point: str, fstype: str, options: str):
        self.source, self.point, self.fstype, self.options = source, point, fstype, options


def mount_rows(ctx: Context) -> List[MountRow]:
    """The container's mount table: the kernel's if it has one, else Docker's usual set."""
    system = ctx.system
    lines = None
    table = getattr(system, "mount_table", None)
    if callable(table):
        try:
            lines = table()
        except Exception:  # a half-started container: fall back to the usual table
            lines = None
    if not lines:
        lines = ["overlay / overlay rw,relatime 0 0",
                 "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0",
                 "tmpfs /dev tmpfs rw,nosuid,size=65536k,mode=755,inode64 0 0"]
    rows = []
    for line in lines:
        fields = line.split()
        if len(fields) >= 4:
            rows.append(MountRow(fields[0], fields[1], fields[2], fields[3]))
    return rows


def _container_written_k(ctx: Context) -> int:
    size_of = getattr(ctx.fs, "upper_size", None)
    return (size_of() // 1024) if callable(size_of) else 0


def _statfs(ctx: Context, row: MountRow) -> Tuple[int, int, int]:
    """(total, used, available) in 1K blocks."""
    if row.fstype in ("overlay", "ext4", "xfs", "btrfs"):
        used = DISK_USED_K + _container_written_k(ctx)
        return DISK_TOTAL_K, used, max(0, DISK_TOTAL_K - used - DISK_RESERVED_K)
    if row.fstype == "tmpfs":
        total = None
        for option in row.options.split(","):
            if option.startswith("size="):
                text = option[5:]
                factor = {"k": 1, "m": 1024, "g": 1024 * 1024}.get(text[-1:].lower(), None)
                total = int(text[:-1]) * factor if factor else int(text) // 1024
        if total is None:
            memory = getattr(ctx.system, "host_memory", 8 * 1024 ** 3)
            total = memory // 2 // 1024
        return total, 0, total
    return 0, 0, 0


def _mount_for(ctx: Context, rows: List[MountRow], path: str) -> Optional[MountRow]:
    best = None
    for row in rows:
        point = row.point
        if path == point or point == "/" or path.startswith(point.rstrip("/") + "/"):
            if best is None or len(point) >= len(best.point):
                best = row
    return best


def _mount_point(ctx: Context, path: str) -> str:
    row = _mount_for(ctx, mount_rows(ctx), path)
    return row.point if row else "/"


DUMMY_TYPES = {"proc", "sysfs", "devpts", "cgroup", "cgroup2", "mqueue", "securityfs",
               "debugfs", "tracefs", "pstore", "bpf", "autofs", "binfmt_misc", "fusectl",
               "configfs", "hugetlbfs", "rpc_pipefs", "nsfs"}


@program("df")
def df(ctx: Context) -> int:
    parsed = _parse(ctx, "aB:hHiklmPt:TvxX:", {
        "all": "a", "block-size=": "B", "human-readable": "h", "si": "H", "inodes": "i",
        "local": "l", "output?": "output", "portability": "P", "print-type": "T",
        "sync": "sync", "no-sync": "no-sync", "total": "total", "type=": "t",
        "exclude-type=": "x"}, "kPTamhBt:")
    if isinstance(parsed, int):
        return parsed
    options, operands = parsed
    gnu = ctx.flavour == "gnu"
    keys = [k for k, _ in options]
    human = "h" in keys
    show_type = "T" in keys
    show_all = "a" in keys
    only_types = [v for k, v in options if k == "t"]
    rows = mount_rows(ctx)
    status = 0
    chosen: List[MountRow] = []
    if operands:
        for name in operands:
            try:
                where = ctx.fs.resolve(name, ctx.cwd)[0]
            except FSError as err:
                status = 1
                if gnu:
                    say(ctx, f"{quotef(name)}: {ctx.strerror(err)}")
                else:
                    say(ctx, f"{name}: can't find mount point")
                continue
            row = _mount_for(ctx, rows, where)
            if row is not None:
                chosen.append(row)
    else:
        chosen = [r for r in rows if not only_types or r.fstype in only_types]
        if gnu and not show_all:
            chosen = [r for r in chosen if r.fstype not in DUMMY_TYPES]
            chosen = _gnu_dedup(chosen)
        elif not gnu and not show_all:
            chosen = [r for r in chosen if _statfs(ctx, r)[0] > 0]
    if operands and not chosen:
        return status
    if gnu:
        _gnu_df(ctx, chosen, human, show_type)
    else:
        _bb_df(ctx, chosen, human, show_type, "P" in keys)
    return status


def _gnu_dedup(rows: List[MountRow]) -> List[MountRow]:
    """One line per device, as df does: of the bind mounts of one disk the one
    with the shortest mount point stays."""
    keep: dict = {}
    for index, row in enumerate(rows):
        device = row.source if row.source.startswith("/") else f"{row.source}@{index}"
        if row.fstype == "overlay":
            device = f"overlay@{index}"
        seen = keep.get(device)
        if seen is None or len(row.point) < len(rows[seen].point):
            keep[device] = index
    return [rows[i] for i in sorted(keep.values())]


def _pct(used: int, avail: int, gnu: bool) -> str:
    total = used + avail
    if total == 0:
        return "-" if gnu else "0%"
    if gnu:
        return f"{-(-used * 100 // total)}%"
    return f"{(used * 100 + total // 2) // total}%"


def _gnu_df(ctx: Context, rows: List[MountRow], human: bool, show_type: bool) -> None:
    header = ["Filesystem"] + (["Type"] if show_type else []) + (
        ["Size", "Used", "Avail"] if human else ["1K-blocks", "Used", "Available"]) + [
        "Use%", "Mounted on"]
    minimum = [14] + ([4] if show_type else []) + [5, 5, 5, 4, 0]
    left = {0, len(header) - 1} | ({1} if show_type else set())
    table = [header]
    for row in rows:
        total, used, avail = _statfs(ctx, row)
        numbers = [total, used, avail]
        if human:
            cells = [gnu_human(n * 1024) if n else "0" for n in numbers]
        else:
            cells = [str(n) for n in numbers]
        table.append([row.source] + ([row.fstype] if show_type else []) + cells
                     + [_pct(used, avail, True), row.point])
    widths = [max([minimum[c]] + [len(line[c]) for line in table]) for c in range(len(header))]
    out = []
    for line in table:
        cells = []
        for c, text in enumerate(line):
            if c == len(line) - 1:
                cells.append(text)
            elif c in left:
                cells.append(text.ljust(widths[c]))
            else:
                cells.append(text.rjust(widths[c]))
        out.append(" ".join(cells) + "\n")
    ctx.out("".join(out))


def _bb_df(ctx: Context, rows: List[MountRow], human: bool, show_type: bool,
           posix: bool) -> None:
    units = "     Size" if human else ("1024-blocks" if posix else "1K-blocks")
    ctx.out(f"Filesystem           {'Type       ' if show_type else ''}{units:<15}"
            f"Used Available {'Capacity' if posix else 'Use%'} Mounted on\n")
    for row in rows:
        total, used, avail = _statfs(ctx, row)
        device = row.source
        line = f"{device:<20}"
        if len(device) > 20 and not posix:
            line = device + "\n" + " " * 20
        if show_type:
            line += f" {row.fstype:<10}"
        if human:
            numbers = [bb_human(n * 1024, 1, 0) for n in (total, used, avail)]
        else:
            numbers = [str(n) for n in (total, used, avail)]
        line += f" {numbers[0]:>9} {numbers[1]:>9} {numbers[2]:>9} " \
                f"{_pct(used, avail, False):>4} {row.point}\n"
        ctx.out(line)


@program("mount")
def mount(ctx: Context) -> int:
    parsed = _parse(ctx, "alfFnrsvwt:o:O:L:U:BMRhV", {
        "all": "a", "fake": "f", "no-mtab": "n", "read-only": "r", "read-write": "w",
        "types=": "t", "options=": "o", "bind": "B", "rbind": "R", "move": "M",
        "verbose": "v", "show-labels": "l"}, "o:t:O:rwanfvsiTBMR")
    if isinstance(parsed, int):
        return parsed
    options, operands = parsed
    gnu = ctx.flavour == "gnu"
    types = None
    for key, value in options:
        if key == "t" and value:
            types = value.split(",")
    if not operands and not any(k == "a" for k, _ in options):
        for row in mount_rows(ctx):
            if types and row.fstype not in types:
                continue
            ctx.out(f"{row.source} on {row.point} type {row.fstype} ({row.options})\n")
        return 0
    # Mounting needs CAP_SYS_ADMIN, which Docker does not give a container.
    target = operands[-1] if operands else ""
    if gnu:
        say(ctx, f"{target}: permission denied.")
        ctx.stderr.write("       dmesg(1) may have more information after failed mount "
                         "system call.\n")
        return 32
    say(ctx, "permission denied (are you root?)")
    return 1
