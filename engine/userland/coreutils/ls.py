"""ls, as GNU coreutils 9 (src/ls.c) and BusyBox 1.37 (coreutils/ls.c) print it.

Shared behaviour: operands that are files are listed first (sorted), then each
directory; "DIR:" headers appear when there is more than one operand or with
-R; names sort by bytes (containers run in the C/POSIX locale); one name per
line when stdout is not a terminal, columns when it is.

GNU specifics: -l columns are as wide as their widest value in the listing;
dates are "%b %e %H:%M" within six months (of a Gregorian year's 365.2425
days) and "%b %e  %Y" otherwise; "cannot access" is a serious error (exit 2);
on a terminal names that need it are shell-quoted and columns are padded with
tabs (tab stops every 8). BusyBox specifics: fixed widths ("%4lu" links,
"%-8.8s" owner and group, "%9llu" size, "%7s" with -h); errors are
"ls: NAME: strerror" with exit 1; on a terminal names are coloured
(ESC[bold;colour m ... ESC[m) and columns fill 79 characters.
"""

from __future__ import annotations

import functools

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List, Optional

from ...proc.api import Context, program
from ...vfs.entry import DIR, FILE, SYMLINK
from ...vfs.errno import EACCES, FSError
from ...vfs.paths import parent
from .common import (accounts, bb_human, getopt, gnu_human, inode,
                         join, ls_date, may, mode_string, quote, rdev, report_bad_option, say,
                         shell_quote, st_blocks, st_nlink, st_size)
from ..options import OptionError

GNU_LONG = {
    "all": "a", "almost-all": "A", "escape": "b", "ignore-backups": "B", "directory": "d",
    "classify?": "F", "file-type": "file-type", "format=": "format", "full-time": "full-time",
    "group-directories-first": "dirs-first", "no-group": "G", "human-readable": "h", "si": "si",
    "dereference-command-line": "H", "dereference-command-line-symlink-to-dir": "H2",
    "hide=": "hide", "hyperlink?": "hyperlink", "indicator-style=": "indicator-style",
    "inode": "i", "ignore=": "I", "kibibytes": "k", "dereference": "L", "numeric-uid-gid": "n",
    "literal": "N", "hide-control-chars": "q", "show-control-chars": "show-control-chars",
    "quote-name": "Q", "quoting-style=": "quoting-style", "reverse": "r", "recursive": "R",
    "size": "s", "sort=": "sort", "time=": "time", "time-style=": "time-style", "tabsize=": "T",
    "width=": "w", "context": "Z", "zero": "zero", "color?": "color", "author": "author",
    "block-size=": "block-size", "help": "help", "version": "version",
}
GNU_SHORT = "1aAbBcCdDfFgGhHiI:klLmnNopqQrRsStT:uUvw:xXZ"
BB_SHORT = "Cadi1lgnsxAkFpRQctuSXrvLHhT:w:"
BB_LONG = {"full-time": "full-time", "group-directories-first": "dirs-first", "color?": "color"}

# BusyBox's colours by file type (TYPEINDEX = mode >> 12): (bold, colour).
_BB_COLOURS = {0: (1, 31), 1: (0, 35), 2: (1, 35), 4: (1, 34), 6: (1, 35), 8: (0, 0),
               10: (1, 36), 12: (1, 35), 15: (1, 32)}


class Item:
    """One name to list and what stat/lstat say about it."""
    __slots__ = ("name", "path", "where", "entry", "target", "target_entry", "error")

    def __init__(self, name: str, path: str, where: str, entry, target: str = "",
                 target_entry=None):
        self.name = name            # as shown
        self.path = path            # as used to reach it (operand or DIR/NAME)
        self.where = where          # canonical path of what ``entry`` describes
        self.entry = entry
        self.target = target        # a symlink's target text
        self.target_entry = target_entry  # what the symlink points to (None: dangling)
        self.error = None

    @property
    def is_dir(self) -> bool:
        return self.entry.kind == DIR


class Settings:
    def __init__(self):
        self.format = None  # long, single, columns, across, commas
        self.all = False
        self.almost_all = False
        self.directory = False
        self.recursive = False
        self.indicator = "none"  # none, slash, file-type, classify
        self.human = False
        self.inode = False
        self.size_blocks = False
        self.numeric = False
        self.show_owner = True
        self.show_group = True
        self.sort = "name"  # name, time, size, none, extension
        self.reverse = False
        self.deref = None  # None: default rule; "all" (-L); "cmdline" (-H)
        self.width: Optional[int] = None
        self.tabsize: Optional[int] = None
        self.dirs_first = False
        self.color: Optional[str] = None
        self.quoting: Optional[str] = None
        self.full_time = False


# Options that only set fields of Settings. They are tables so that the two
# flavours visibly share what they share: key -> the (field, value) pairs set.
_SETS_COMMON = {
    "l": (("format", "long"),), "C": (("format", "columns"),), "x": (("format", "across"),),
    "d": (("directory", True),), "R": (("recursive", True),), "h": (("human", True),),
    "i": (("inode", True),), "s": (("size_blocks", True),), "r": (("reverse", True),),
    "t": (("sort", "time"),), "S": (("sort", "size"),), "X": (("sort", "extension"),),
    "L": (("deref", "all"),), "H": (("deref", "cmdline"),), "Q": (("quoting", "c"),),
    "dirs-first": (("dirs_first", True),),
    "full-time": (("format", "long"), ("full_time", True)),
}
_SETS_GNU = {
    **_SETS_COMMON,
    "1": (("format", "single"),), "m": (("format", "commas"),),
    "n": (("format", "long"), ("numeric", True)),
    "g": (("format", "long"), ("show_owner", False)),
    "o": (("format", "long"), ("show_group", False)),
    "G": (("show_group", False),),
    # GNU: the last of -a and -A wins (BusyBox lets -a win, see _parse_busybox).
    "a": (("all", True), ("almost_all", False)),
    "A": (("almost_all", True), ("all", False)),
    "f": (("all", True), ("sort", "none")), "U": (("sort", "none"),),
    "v": (("sort", "version"),), "N": (("quoting", "literal"),),
    "file-type": (("indicator", "file-type"),), "p": (("indicator", "slash"),),
}
_SETS_BB = {
    **_SETS_COMMON,
    "n": (("format", "long"), ("numeric", True)),
    "g": (("format", "long"), ("show_owner", False)),
    "a": (("all", True),), "A": (("almost_all", True),),
    "F": (("indicator", "classify"),),
}


def _set_fields(s: Settings, key: str, table) -> bool:
    """Apply ``key``'s row of ``table`` to ``s``; False if it has none."""
    fields = table.get(key)
    if fields is None:
        return False
    for name, value in fields:
        setattr(s, name, value)
    return True


def _parse_gnu(ctx: Context, s: Settings, options) -> Optional[int]:
    for key, value in options:
        if key == "help":
            ctx.out(f"Usage: {ctx.argv[0]} [OPTION]... [FILE]...\n"
                    "List information about the FILEs (the current directory by default).\n"
                    "Sort entries alphabetically if none of -cftuvSUX nor --sort is specified.\n")
            return 0
        if key == "version":
            ctx.out("ls (GNU coreutils) 9.7\n")
            return 0
        if _set_fields(s, key, _SETS_GNU):
            continue
        if key == "F":
            if value in (None, "always", "yes", "force") or (
                    value in ("auto", "tty", "if-tty") and ctx.stdout.isatty):
                s.indicator = "classify"
        elif key == "indicator-style":
            s.indicator = {"none": "none", "slash": "slash", "file-type": "file-type",
                           "classify": "classify"}.get(value, s.indicator)
        elif key == "sort":
            s.sort = {"none": "none", "size": "size", "time": "time", "version": "version",
                      "extension": "extension", "name": "name"}.get(value, s.sort)
        elif key == "w":
            if value is None or not value.isdigit():
                say(ctx, f"invalid line width: {quote(value or '')}")
                return 2
            s.width = int(value)
        elif key == "T":
            if value is None or not value.isdigit():
                say(ctx, f"invalid tab size: {quote(value or '')}")
                return 2
            s.tabsize = int(value)
        elif key == "quoting-style":
            s.quoting = value
        elif key == "format":
            s.format = {"long": "long", "verbose": "long", "single-column": "single",
                        "vertical": "columns", "across": "across", "horizontal": "across",
                        "commas": "commas"}.get(value, s.format)
    return None


def _parse_busybox(ctx: Context, s: Settings, options) -> None:
    for key, value in options:
        if _set_fields(s, key, _SETS_BB):
            continue
        if key == "1":
            if s.format != "long":  # -l wins over -1 whatever their order
                s.format = "single"
        elif key == "p" and s.indicator != "classify":
            s.indicator = "slash"
        elif key == "w" and value and value.isdigit():
            s.width = int(value)
        elif key == "color":
            s.color = value or "always"
    if s.all:
        s.almost_all = False
    if s.directory:
        s.recursive = False


@program("ls", "dir", "vdir")
def ls(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    try:
        options, operands = getopt(ctx, ctx.argv[1:], GNU_SHORT if gnu else BB_SHORT,
                                   GNU_LONG if gnu else BB_LONG)
    except OptionError as err:
        return report_bad_option(ctx, err, gnu_status=2)
    s = Settings()
    if gnu:
        done = _parse_gnu(ctx, s, options)
        if done is not None:
            return done
        if ctx.name == "dir" and s.format is None:
            s.format = "columns"
        elif ctx.name == "vdir" and s.format is None:
            s.format = "long"
    else:
        _parse_busybox(ctx, s, options)
    if s.format is None:
        s.format = "columns" if ctx.stdout.isatty else "single"
    return Lister(ctx, s, gnu).run(operands)


class Lister:
    def __init__(self, ctx: Context, s: Settings, gnu: bool):
        self.ctx = ctx
        self.s = s
        self.gnu = gnu
        self.status = 0
        self.printed = False  # something went to stdout already
        self.accounts = accounts(ctx)
        if gnu:
            default = "shell-escape" if ctx.stdout.isatty else "literal"
            if ctx.name in ("dir", "vdir"):
                default = "escape"  # dir and vdir are ls -C -b and ls -l -b
            self.quoting = s.quoting or ctx.env.get("QUOTING_STYLE") or default
        else:
            self.quoting = "c" if s.quoting == "c" else "literal"
        self.colour = False
        if not gnu:
            if ctx.stdout.isatty:
                ls_colors = ctx.env.get("LS_COLORS")
                self.colour = ls_colors is None or (ls_colors != "" and ls_colors != "none")
            if s.color is not None:
                if s.color.startswith("n"):
                    self.colour = False
                elif s.color in ("always", "yes", "force"):
                    self.colour = True
                else:
                    self.colour = ctx.stdout.isatty
        if s.width is not None:
            self.line_length = s.width
        else:
            columns = ctx.env.get("COLUMNS", "")
            self.line_length = int(columns) if columns.isdigit() and int(columns) > 0 else 80
            if not gnu:
                self.line_length -= 1  # BusyBox: "go one less"

    # -- collecting ---------------------------------------------------------
    def _fail(self, path: str, err: FSError, serious: bool) -> None:
        if self.gnu:
            say(self.ctx, f"cannot access {quote(path)}: {self.ctx.strerror(err)}")
            self.status = 2 if serious else max(self.status, 1)
        else:
            say(self.ctx, f"{path}: {self.ctx.strerror(err)}")
            self.status = 1

    def describe(self, name: str, path: str, follow: bool) -> Item:
        fs, cwd = self.ctx.fs, self.ctx.cwd
        where, entry = fs.resolve(path, cwd, follow=follow)
        item = Item(name, path, where, entry)
        if entry.kind == SYMLINK:
            item.target = entry.target
            try:
                target_where, target_entry = fs.resolve(path, cwd, follow=True)
                item.target_entry = target_entry
            except FSError:
                item.target_entry = None
        return item

    def operand(self, arg: str) -> Optional[Item]:
        s = self.s
        if s.deref in ("all", "cmdline"):
            follow = True
        elif self.gnu:
            follow = None  # symlink to a directory only
            if s.directory or s.indicator == "classify" or s.format == "long":
                follow = False
        else:
            follow = not (s.format == "long" or s.size_blocks or s.indicator == "classify")
        try:
            if follow is None:
                item = self.describe(arg, arg, False)
                if item.entry.kind == SYMLINK and item.target_entry is not None \
                        and item.target_entry.kind == DIR:
                    item = self.describe(arg, arg, True)
                return item
            try:
                return self.describe(arg, arg, follow)
            except FSError:
                if follow and self.gnu:
                    return self.describe(arg, arg, False)
                raise
        except FSError as err:
            self._fail(arg, err, serious=True)
            return None

    def children(self, item: Item, top: bool) -> Optional[List[Item]]:
        """The entries of a directory, or None if it cannot be read."""
        ctx, s = self.ctx, self.s
        try:
            names = ctx.fs.readdir(item.where)
            if not may(ctx, item.entry, 4):
                raise FSError(EACCES, item.path)
        except FSError as err:
            if self.gnu:
                say(ctx, f"cannot open directory {quote(item.path)}: {ctx.strerror(err)}")
                self.status = 2 if top else max(self.status, 1)
            else:
                say(ctx, f"can't open {quote_bb(item.path)}: {ctx.strerror(err)}")
                self.status = 1
            return None
        result = []
        if s.all:
            here = Item(".", join(item.path, "."), item.where, item.entry)
            up_where = parent(item.where)
            up = Item("..", join(item.path, ".."), up_where, ctx.fs.lstat(up_where))
            result += [here, up]
        follow = s.deref == "all"
        for name in names:
            if name.startswith(".") and not (s.all or s.almost_all):
                continue
            path = join(item.path, name)
            try:
                result.append(self.describe(name, path, follow))
            except FSError:
                try:
                    result.append(self.describe(name, path, False))
                except FSError as err:
                    self._fail(path, err, serious=False)
        return result

    # -- sorting --------------------------------------------------------------
    def sort(self, items: List[Item]) -> List[Item]:
        s = self.s
        if s.sort == "none":
            return list(items)

        def key_name(item: Item):
            return item.name.encode("utf-8", "surrogateescape")

        def compare(a: Item, b: Item) -> int:
            if s.dirs_first:
                da, db = self._is_dir_for_sort(a), self._is_dir_for_sort(b)
                if da != db:
                    return -1 if da else 1
            diff = 0
            if s.sort == "time":
                diff = b.entry.mtime - a.entry.mtime
            elif s.sort == "size":
                diff = st_size(self.ctx, b.where, b.entry) - st_size(self.ctx, a.where, a.entry)
            elif s.sort == "extension":
                ea, eb = _extension(a.name), _extension(b.name)
                diff = (ea > eb) - (ea < eb)
            if diff == 0:
                na, nb = key_name(a), key_name(b)
                diff = (na > nb) - (na < nb)
            diff = (diff > 0) - (diff < 0)
            return -diff if s.reverse else diff

        return sorted(items, key=functools.cmp_to_key(compare))

    def _is_dir_for_sort(self, item: Item) -> bool:
        if item.entry.kind == DIR:
            return True
        return item.entry.kind == SYMLINK and item.target_entry is not None \
            and item.target_entry.kind == DIR

    # -- the run ----------------------------------------------------------------
    def run(self, operands: List[str]) -> int:
        s = self.s
        args = operands or ["."]
        items = []
        for arg in args:
            item = self.operand(arg)
            if item is not None:
                items.append(item)
        if s.directory:
            files, dirs = items, []
        else:
            files = [i for i in items if not i.is_dir]
            dirs = [i for i in items if i.is_dir]
        show_names = len(args) > 1 or s.recursive
        if files:
            self.show(self.sort(files), directory=False)
        first = not files
        for item in self.sort(dirs):
            first = self.list_dir(item, show_names, first, top=True)
        return self.status

    def list_dir(self, item: Item, show_name: bool, first: bool, top: bool = False) -> bool:
        out = self.ctx.out
        if show_name:
            if not first:
                out("\n")
            out(self.dir_label(item.path) + ":\n")
        first = False
        entries = self.children(item, top)
        if entries is None:
            return first
        entries = self.sort(entries)
        if self.s.format == "long" or self.s.size_blocks:
            out(f"total {self.total(entries)}\n")
        self.show(entries, directory=True)
        if self.s.recursive:
            for child in entries:
                if child.entry.kind == DIR and child.name not in (".", ".."):
                    first = self.list_dir(child, True, first)
        return first

    def dir_label(self, path: str) -> str:
        if self.gnu and self.quoting != "literal":
            return shell_quote(path)
        return path

    def total(self, entries: List[Item]) -> str:
        blocks = sum(st_blocks(self.ctx, i.where, i.entry) for i in entries)
        if not self.gnu:
            return str((blocks + 1) >> 1)
        return self._gnu_kib(blocks)

    def _gnu_kib(self, blocks: int) -> str:
        """512-byte blocks as GNU shows them: KiB rounded up, or -h's size."""
        if self.s.human:
            return gnu_human(blocks * 512)
        return str(-(-blocks // 2))

    # -- output ---------------------------------------------------------------
    def show(self, items: List[Item], directory: bool) -> None:
        if not items:
            return
        fmt = self.s.format
        if fmt == "long":
            lines = self.gnu_long(items) if self.gnu else [self.bb_long(i) for i in items]
            self.ctx.out("".join(line + "\n" for line in lines))
        elif fmt == "single":
            self.ctx.out("".join(self.cell(i, items)[0] + "\n" for i in items))
        elif fmt == "commas":
            self.commas(items)
        else:
            self.columns(items, across=(fmt == "across"))

    def indicator(self, entry) -> str:
        style = self.s.indicator
        if style == "none" or entry is None:
            return ""
        if entry.kind == DIR:
            return "/"
        if style == "slash":
            return ""
        if entry.kind == SYMLINK:
            return "@"
        if entry.kind == FILE:
            if style == "classify" and entry.mode & 0o111:
                return "*"
            return ""
        return ""

    def show_name(self, name: str, some_quoted: bool) -> str:
        if not self.gnu:
            text = "".join(ch if ch.isprintable() else "?" for ch in name)
            if self.quoting == "c":
                text = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
            return text
        style = self.quoting
        if style == "literal":
            return name if not self.ctx.stdout.isatty else "".join(
                ch if ch.isprintable() else "?" for ch in name)
        if style in ("c", "escape"):
            return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"' \
                if style == "c" else name.replace(" ", "\\ ")
        quoted = shell_quote(name, always=style.endswith("always"))
        if some_quoted and quoted == name:
            return " " + name
        return quoted

    def painted(self, text: str, entry) -> str:
        """``text`` in ``entry``'s colour when colouring, else as it is."""
        if not self.colour:
            return text
        return self.colour_on(entry) + text + "\033[m"

    def colour_entry(self, item: Item):
        """What a name is coloured by: GNU's stat (a followed link takes its target's
        colour), BusyBox's the name's own lstat always, -L or not."""
        if not self.colour or self.gnu or item.entry is None or item.entry.kind == SYMLINK:
            return item.entry
        try:
            return self.ctx.fs.lstat(item.path, self.ctx.cwd)
        except FSError:
            return item.entry

    def colour_on(self, entry) -> str:
        if entry is None:
            bold, colour = _BB_COLOURS[0]
        elif entry.kind == FILE and entry.mode & 0o111:
            bold, colour = _BB_COLOURS[15]
        else:
            bold, colour = _BB_COLOURS.get(entry.st_mode >> 12 & 0xF, (0, 0))
        return f"\033[{bold};{colour}m"

    def _some_quoted(self, items: List[Item]) -> bool:
        if not self.gnu or self.quoting not in ("shell", "shell-escape"):
            return False
        return any(shell_quote(i.name) != i.name for i in items)

    def cell(self, item: Item, group: List[Item], some_quoted: Optional[bool] = None):
        """(text, display width) of a name with its inode, blocks and indicator."""
        if some_quoted is None:
            some_quoted = self._some_quoted(group)
        prefix = ""
        if self.s.inode:
            if self.gnu:
                width = 0 if self.s.format == "commas" else max(
                    len(str(inode(i.where, i.entry))) for i in group)
                prefix += f"{inode(item.where, item.entry):>{width}} "
            else:
                prefix += f"{inode(item.where, item.entry):7d} "
        if self.s.size_blocks:
            blocks = st_blocks(self.ctx, item.where, item.entry)
            if self.gnu:
                width = max(len(self.gnu_blocks(i)) for i in group)
                prefix += f"{self.gnu_blocks(item):>{width}} "
            else:
                prefix += f"{blocks >> 1:6d} "
        name = self.show_name(item.name, some_quoted)
        mark = self.indicator(item.entry)
        width = len(prefix) + len(name) + len(mark)
        return prefix + self.painted(name, self.colour_entry(item)) + mark, width

    def gnu_blocks(self, item: Item) -> str:
        return self._gnu_kib(st_blocks(self.ctx, item.where, item.entry))

    def commas(self, items: List[Item]) -> None:
        some = self._some_quoted(items)
        pos = 0
        out = []
        for index, item in enumerate(items):
            text, width = self.cell(item, items, some)
            if index:
                if pos + width + 2 < self.line_length:
                    out.append(", ")
                    pos += 2
                else:
                    out.append(",\n")
                    pos = 0
            out.append(text)
            pos += width
        self.ctx.out("".join(out) + "\n")

    def columns(self, items: List[Item], across: bool) -> None:
        some = self._some_quoted(items)
        cells = [self.cell(i, items, some) for i in items]
        if self.gnu:
            self.ctx.out(_gnu_columns(cells, self.line_length,
                                      8 if self.s.tabsize is None else self.s.tabsize, across))
        else:
            names = [len(self.show_name(i.name, False)) for i in items]
            extra = (8 if self.s.inode else 0) + (5 if self.s.size_blocks else 0)
            self.ctx.out(_bb_columns(cells, names, extra, self.line_length, across))

    # -- long format ---------------------------------------------------------
    def size_text(self, item: Item) -> str:
        if item.entry.kind == "char":
            major, minor = rdev(item.where)
            return f"{major}, {minor}"
        size = st_size(self.ctx, item.where, item.entry)
        if self.s.human:
            return gnu_human(size) if self.gnu else bb_human(size, 1, 0)
        return str(size)

    def owner(self, uid: int) -> str:
        return str(uid) if self.s.numeric else self.accounts.user_or_id(uid)

    def group(self, gid: int) -> str:
        return str(gid) if self.s.numeric else self.accounts.group_or_id(gid)

    def date(self, item: Item) -> str:
        if self.s.full_time:
            import time as _time
            stamp = _time.strftime("%Y-%m-%d %H:%M:%S", _time.gmtime(item.entry.mtime))
            return stamp + (".000000000 +0000" if self.gnu else " +0000")
        return ls_date(self.ctx, item.entry.mtime)

    def link_part(self, item: Item, some_quoted: bool) -> str:
        if item.entry.kind != SYMLINK:
            return self.indicator(item.entry)
        text = " -> " + self.painted(self.show_name(item.target, False), item.target_entry)
        if self.s.indicator != "none" and item.target_entry is not None:
            mark = self.indicator(item.target_entry)
            if self.gnu or mark != "@":
                text += mark
        return text

    def gnu_long(self, items: List[Item]) -> List[str]:
        s, ctx = self.s, self.ctx
        nlinks = [str(st_nlink(ctx, i.where, i.entry)) for i in items]
        owners = [self.owner(i.entry.uid) for i in items]
        groups = [self.group(i.entry.gid) for i in items]
        sizes = []
        majors, minors = [], []
        for item in items:
            if item.entry.kind == "char":
                major, minor = rdev(item.where)
                majors.append(len(str(major)))
                minors.append(len(str(minor)))
                sizes.append(None)
            else:
                sizes.append(self.size_text(item))
        size_width = max([len(x) for x in sizes if x is not None] + [0])
        if majors:
            size_width = max(size_width, max(majors) + 2 + max(minors))
        inode_width = max(len(str(inode(i.where, i.entry))) for i in items)
        block_width = max(len(self.gnu_blocks(i)) for i in items)
        some_quoted = self._some_quoted(items)
        lines = []
        for index, item in enumerate(items):
            parts = ""
            if s.inode:
                parts += f"{inode(item.where, item.entry):>{inode_width}} "
            if s.size_blocks:
                parts += f"{self.gnu_blocks(item):>{block_width}} "
            parts += mode_string(item.entry) + " "
            parts += f"{nlinks[index]:>{max(map(len, nlinks))}} "
            # A name is padded on the right; an id without a name (or with -n) is
            # right-aligned, as format_user_or_group() prints it ("%*ju ").
            if s.show_owner:
                width = max(map(len, owners))
                named = not s.numeric and self.accounts.user(item.entry.uid) is not None
                parts += (f"{owners[index]:<{width}} " if named
                          else f"{owners[index]:>{width}} ")
            if s.show_group:
                width = max(map(len, groups))
                named = not s.numeric and self.accounts.group(item.entry.gid) is not None
                parts += (f"{groups[index]:<{width}} " if named
                          else f"{groups[index]:>{width}} ")
            if sizes[index] is None:
                major, minor = rdev(item.where)
                major_width = max(majors) + max(0, size_width - (max(majors) + 2 + max(minors)))
                parts += f"{major:>{major_width}}, {minor:>{max(minors)}} "
            else:
                parts += f"{sizes[index]:>{size_width}} "
            parts += self.date(item) + " "
            parts += self.show_name(item.name, some_quoted)
            parts += self.link_part(item, some_quoted)
            lines.append(parts)
        return lines

    def bb_long(self, item: Item) -> str:
        s, ctx = self.s, self.ctx
        parts = ""
        if s.inode:
            parts += f"{inode(item.where, item.entry):7d} "
        if s.size_blocks:
            parts += f"{st_blocks(ctx, item.where, item.entry) >> 1:6d} "
        parts += f"{mode_string(item.entry):<10} "
        parts += f"{st_nlink(ctx, item.where, item.entry):4d} "
        if s.numeric:
            if s.show_owner:
                parts += f"{item.entry.uid:<8d} {item.entry.gid:<8d} "
            else:
                parts += f"{item.entry.gid:<8d} "
        elif s.show_owner:
            parts += f"{self.owner(item.entry.uid)[:8]:<8} {self.group(item.entry.gid)[:8]:<8} "
        else:
            parts += f"{self.group(item.entry.gid)[:8]:<8} "
        if item.entry.kind == "char":
            major, minor = rdev(item.where)
            parts += f"{major:4d}, {minor:3d} "
        elif s.human:
            parts += f"{self.size_text(item):>7} "
        else:
            parts += f"{st_size(ctx, item.where, item.entry):9d} "
        parts += self.date(item) + " "
        parts += self.painted(self.show_name(item.name, False), self.colour_entry(item))
        return parts + self.link_part(item, False)


def quote_bb(path: str) -> str:
    return f"'{path}'"


def _extension(name: str) -> bytes:
    index = name.find(".")
    return name[index:].encode() if index >= 0 else b""


def _gnu_columns(cells, line_length: int, tabsize: int, across: bool) -> str:
    """print_many_per_line()/print_horizontal(): the most columns whose widths fit."""
    count = len(cells)
    widths = [w for _, w in cells]
    max_idx = line_length // 3 + (1 if line_length % 3 else 0)
    max_cols = max_idx if 0 < max_idx < count else count
    if max_cols < 1:
        max_cols = 1
    columns = []
    for i in range(max_cols):
        columns.append({"valid": True, "line_len": (i + 1) * 3, "arr": [3] * (i + 1)})
    for filesno in range(count):
        name_length = widths[filesno]
        for i in range(max_cols):
            info = columns[i]
            if not info["valid"]:
                continue
            if across:
                idx = filesno % (i + 1)
            else:
                idx = filesno // ((count + i) // (i + 1))
            real_length = name_length + (0 if idx == i else 2)
            if info["arr"][idx] < real_length:
                info["line_len"] += real_length - info["arr"][idx]
                info["arr"][idx] = real_length
                info["valid"] = info["line_len"] < line_length
    cols = max_cols
    while cols > 1 and not columns[cols - 1]["valid"]:
        cols -= 1
    arr = columns[cols - 1]["arr"]
    out: List[str] = []

    def indent(start: int, end: int) -> None:
        while start < end:
            if tabsize and end // tabsize > (start + 1) // tabsize:
                out.append("\t")
                start += tabsize - start % tabsize
            else:
                out.append(" ")
                start += 1

    if across:
        pos = 0
        out.append(cells[0][0])
        name_length, max_length = widths[0], arr[0]
        for filesno in range(1, count):
            col = filesno % cols
            if col == 0:
                out.append("\n")
                pos = 0
            else:
                indent(pos + name_length, pos + max_length)
                pos += max_length
            out.append(cells[filesno][0])
            name_length, max_length = widths[filesno], arr[col]
        out.append("\n")
        return "".join(out)
    rows = count // cols + (1 if count % cols else 0)
    for row in range(rows):
        col = 0
        filesno = row
        pos = 0
        while True:
            out.append(cells[filesno][0])
            max_length = arr[col]
            col += 1
            if count - rows <= filesno:
                break
            name_length = widths[filesno]
            filesno += rows
            indent(pos + name_length, pos + max_length)
            pos += max_length
        out.append("\n")
    return "".join(out)


def _bb_columns(cells, name_widths: List[int], extra: int, terminal_width: int,
                across: bool) -> str:
    """display_files(): equal columns as wide as the longest name plus two."""
    count = len(cells)
    column_width = max(name_widths) + 2 + extra
    ncols = terminal_width // column_width if column_width else 1
    if ncols > 1:
        nrows = count // ncols + (1 if count % ncols else 0)
    else:
        nrows, ncols = count, 1
    out: List[str] = []
    for row in range(nrows):
        column = 0
        nexttab = 0
        for nc in range(ncols):
            i = row * ncols + nc if across else nc * nrows + row
            if i < count:
                if column > 0:
                    pad = nexttab - column
                    out.append(" " * max(pad, 0))
                    column += max(pad, 0)
                nexttab = column + column_width
                text, width = cells[i]
                out.append(text)
                column += width
        out.append("\n")
    return "".join(out)
