"""File programs: cat, mkdir, rmdir, rm, touch, cp, mv, ln, pwd, readlink,
realpath, basename, dirname, chmod, chown, tee.

Each prints what GNU coreutils 9 (debian, ubuntu) or BusyBox 1.37 (alpine,
busybox) prints, errors included; the message texts come from coreutils'
src/*.c and BusyBox's coreutils/*.c and libbb (remove_file.c, copy_file.c,
make_directory.c). ls is in ls.py, stat/du/df/mount in stat.py,
find in find.py.

``ln`` without -s makes a hard link: the VFS puts both names in one link
group (engine/vfs/union.py), so later changes show through either name and
the link count is the number of names. The process umask is Docker's default, 022.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from ...container.capabilities import CHOWN as CAP_CHOWN, has
from ...proc.api import Context, decode, encode, program
from ...vfs.entry import DIR, FILE, SYMLINK
from ...vfs.errno import (EACCES, EBUSY, EEXIST, EINVAL, EISDIR, ENOENT, ENOTDIR, ENOTEMPTY, EPERM,
                         ENOSPC, EROFS, FSError)
from ...vfs.paths import is_within
from .common import (accounts, created_mode, check_write_dir, credentials, getopt,
                         is_dir, join, last_component, may, mode_string, parse_date,
                         parse_touch_stamp, prog, quote, quotef, report_bad_option, say,
                         show_usage, usage_error)
from ..options import OptionError
from ..streaming import Source, discards, spin_forever
from ...proc.invoke import streams_input

GNU_HELP_VERSION = {"help": "help", "version": "version"}


def _options(ctx: Context, gnu_short: str, gnu_long: Optional[dict], bb_short: str,
             bb_long: Optional[dict] = None, gnu_status: int = 1):
    """Parse argv[1:]; returns (options, operands) or an exit status."""
    gnu = ctx.flavour == "gnu"
    long = dict(GNU_HELP_VERSION, **(gnu_long or {})) if gnu else bb_long
    try:
        options, operands = getopt(ctx, ctx.argv[1:], gnu_short if gnu else bb_short, long)
    except OptionError as err:
        return report_bad_option(ctx, err, gnu_status)
    for key, _ in options:
        if key == "help":
            ctx.out(f"Usage: {prog(ctx)} [OPTION]... [FILE]...\n")
            return 0
        if key == "version":
            ctx.out(f"{ctx.name} (GNU coreutils) 9.7\n")
            return 0
    return options, operands


def _keys(options) -> List[str]:
    return [key for key, _ in options]


def _value(options, key: str) -> Optional[str]:
    found = None
    for k, v in options:
        if k == key:
            found = v
    return found


# --------------------------------------------------------------------------
# Modes (chmod's grammar, shared by mkdir -m)


def compile_mode(spec: str):
    """[ugoa]*([-+=]([rwxXst]*|[ugo]))+ clauses joined by commas, or octal digits.
    Returns a list of clauses, or None when the mode is invalid."""
    if spec and all(c in "01234567" for c in spec):
        if len(spec) > 4 and spec.lstrip("0") and len(spec.lstrip("0")) > 4:
            return None
        return [("octal", int(spec, 8))]
    clauses = []
    for part in spec.split(","):
        i = 0
        who = ""
        while i < len(part) and part[i] in "ugoa":
            who += part[i]
            i += 1
        if i >= len(part) or part[i] not in "+-=":
            return None
        while i < len(part):
            if part[i] not in "+-=":
                return None
            op = part[i]
            i += 1
            perms = ""
            while i < len(part) and part[i] in "rwxXstugo":
                perms += part[i]
                i += 1
            if any(c in "ugo" for c in perms) and (len(perms) != 1):
                return None
            clauses.append((who, op, perms))
    return clauses if clauses else None


def apply_mode(clauses, mode: int, is_directory: bool, umask: int) -> int:
    for clause in clauses:
        if clause[0] == "octal":
            mode = clause[1]
            continue
        who, op, perms = clause
        if not who or "a" in who:
            who_mask = 0o7777
        else:
            who_mask = (0o4700 if "u" in who else 0) | (0o2070 if "g" in who else 0) | \
                (0o1007 if "o" in who else 0)
        if perms in ("u", "g", "o"):
            shift = {"u": 6, "g": 3, "o": 0}[perms]
            bits3 = (mode >> shift) & 7
            value = bits3 << 6 | bits3 << 3 | bits3
        else:
            value = 0
            for c in perms:
                if c == "r":
                    value |= 0o444
                elif c == "w":
                    value |= 0o222
                elif c == "x":
                    value |= 0o111
                elif c == "X":
                    if is_directory or mode & 0o111:
                        value |= 0o111
                elif c == "s":
                    value |= 0o6000
                elif c == "t":
                    value |= 0o1000
        if not who:
            affected = value & ~umask & 0o7777
        else:
            affected = value & who_mask
        if op == "+":
            mode |= affected
        elif op == "-":
            mode &= ~affected
        else:
            clear = who_mask if who else 0o7777
            if is_directory:
                clear &= ~0o6000  # = keeps a directory's setuid/setgid bits
            mode = (mode & ~clear) | affected
    return mode & 0o7777


def _owner(ctx: Context) -> Tuple[int, int]:
    return credentials(ctx)


def _check_times(ctx: Context, path: str, follow: bool, explicit: bool) -> None:
    """utimensat(2) on a file that exists: its owner (or root) may set any time; anyone
    with write permission may set it to now, and to nothing else (EPERM)."""
    uid, _ = credentials(ctx)
    if uid == 0:
        return
    entry = ctx.fs.resolve(path, ctx.cwd, follow=follow)[1]
    if entry.uid == uid:
        return
    if explicit:
        raise FSError(EPERM, path)
    if not may(ctx, entry, 2):
        raise FSError(EACCES, path)


def _check_sticky(ctx: Context, path: str) -> None:
    """In a sticky directory (/tmp) only the owner may remove or rename a name."""
    uid, _ = credentials(ctx)
    if uid == 0:
        return
    canonical, entry = ctx.fs.resolve(path, ctx.cwd, follow=False)
    directory = ctx.fs.stat(canonical.rsplit("/", 1)[0] or "/")
    if directory.mode & 0o1000 and entry.uid != uid and directory.uid != uid:
        raise FSError(EPERM, path)


# --------------------------------------------------------------------------
# cat


def _cat_transform(data: str, opts: set, state: dict) -> str:
    number = "n" in opts or "b" in opts
    out = []
    for line in data.splitlines(keepends=True):
        ends = line.endswith("\n")
        body = line[:-1] if ends else line
        if "s" in opts:
            if body == "" and ends:
                if state.get("blank"):
                    continue
                state["blank"] = True
            else:
                state["blank"] = False
        if "v" in opts:
            shown = []
            for ch in body.encode("utf-8", "surrogateescape"):
                if ch == 9 and "T" not in opts:
                    shown.append("\t")
                elif ch >= 128:
                    ch -= 128
                    shown.append("M-" + (chr(ch) if 32 <= ch < 127 else
                                         "^?" if ch == 127 else "^" + chr(ch + 64)))
                elif ch < 32:
                    shown.append("^" + chr(ch + 64))
                elif ch == 127:
                    shown.append("^?")
                else:
                    shown.append(chr(ch))
            body = "".join(shown)
        elif "T" in opts:
            body = body.replace("\t", "^I")
        if number and not ("b" in opts and body == "" and ends):
            state["line"] = state.get("line", 0) + 1
            body = f"{state['line']:6d}\t" + body
        if "E" in opts and ends:
            body += "$"
        out.append(body + ("\n" if ends else ""))
    return "".join(out)


# bytes per CPU second (scripts/measure_costs.py: GNU cat file > /dev/null 7.95 GB/s;
# busybox cat through a pipe, both ends, 4.96 GB/s)
CAT_RATE = {"gnu": 7.95e9, "busybox": 9.9e9}


@streams_input
@program("cat")
def cat(ctx: Context):
    parsed = _options(ctx, "AbeEnstTuv", {
        "show-all": "A", "number-nonblank": "b", "show-ends": "E", "number": "n",
        "squeeze-blank": "s", "show-tabs": "T", "show-nonprinting": "v"}, "nbvteAsu")
    if isinstance(parsed, int):
        return parsed
    options, operands = parsed
    opts = set()
    for key in _keys(options):
        opts |= {"A": {"v", "E", "T"}, "e": {"v", "E"}, "t": {"v", "T"}}.get(key, {key})
    if ctx.flavour == "busybox":
        opts = {{"e": "E", "t": "T"}.get(k, k) for k in opts}
    if "b" in opts:
        opts.discard("n")
    plain = not (opts - {"u"})
    state: dict = {}
    status = 0
    gnu = ctx.flavour == "gnu"
    rate = CAT_RATE[ctx.flavour]
    for name in operands or ["-"]:
        try:
            if name != "-":
                entry = ctx.fs.stat(name, ctx.cwd)
                if not may(ctx, entry, 4):
                    raise FSError(EACCES, name)
            source = Source(ctx, name)
        except FSError as err:
            status = 1
            if err.errno == EISDIR:
                say(ctx, f"{quotef(name)}: {ctx.strerror(err)}" if gnu
                    else f"read error: {ctx.strerror(err)}")
            elif gnu:
                say(ctx, f"{quotef(name)}: {ctx.strerror(err)}")
            else:
                say(ctx, f"can't open '{name}': {ctx.strerror(err)}")
            continue
        if source.endless and discards(ctx.stdout):
            return (yield from spin_forever())
        if plain or source.endless:
            while True:
                chunk = yield from source.read()
                if not chunk:
                    break
                text = decode(chunk)
                ctx.charge(len(chunk) / rate)
                ctx.out(text if plain else _cat_transform(text, opts, state))
                yield from ctx.flow()
        else:  # numbering and the like see whole lines: the input at once
            data = yield from source.read_all()
            ctx.charge(len(data) / rate)
            ctx.out(_cat_transform(decode(data), opts, state))
    return status


# --------------------------------------------------------------------------
# mkdir, rmdir


@program("mkdir")
def mkdir(ctx: Context) -> int:
    parsed = _options(ctx, "m:pvZ", {"mode=": "m", "parents": "p", "verbose": "v",
                                     "context?": "Z"}, "m:pv",
                      {"mode=": "m", "parents": "p", "verbose": "v"})
    if isinstance(parsed, int):
        return parsed
    options, operands = parsed
    gnu = ctx.flavour == "gnu"
    if not operands:
        return usage_error(ctx, "missing operand")
    keys = _keys(options)
    parents = "p" in keys
    verbose = "v" in keys
    mode = created_mode(ctx, 0o777)
    spec = _value(options, "m")
    if spec is not None:
        clauses = compile_mode(spec)
        if clauses is None:
            say(ctx, f"invalid mode {quote(spec)}" if gnu else f"invalid mode '{spec}'")
            return 1
        mode = apply_mode(clauses, 0o777, True, umask=0)
    uid, gid = _owner(ctx)
    status = 0
    for path in operands:
        if not _make_dir(ctx, path, mode, parents, verbose, uid, gid):
            status = 1
    return status


def _announce_dir(ctx: Context, path: str) -> None:
    if ctx.flavour == "gnu":
        ctx.out(f"{prog(ctx)}: created directory {quote(path)}\n")
    else:
        ctx.out(f"created directory: '{path}'\n")


def _say_cannot_create_dir(ctx: Context, path: str, err) -> None:
    """mkdir's (and cp -r's) complaint about a directory it could not make."""
    if ctx.flavour == "gnu":
        say(ctx, f"cannot create directory {quote(path)}: {ctx.strerror(err)}")
    else:
        say(ctx, f"can't create directory '{path}': {ctx.strerror(err)}")


def _make_dir(ctx: Context, path: str, mode: int, parents: bool, verbose: bool,
              uid: int, gid: int) -> bool:
    fs, gnu = ctx.fs, ctx.flavour == "gnu"

    def fail(shown: str, err) -> bool:
        _say_cannot_create_dir(ctx, shown, err)
        return False

    if not parents:
        try:
            check_write_dir(ctx, path)
            fs.mkdir(path, ctx.cwd, mode=mode, uid=uid, gid=gid)
        except FSError as err:
            return fail(path, err)
        if verbose:
            _announce_dir(ctx, path)
        return True
    # -p: each component in turn, like mkancesdirs / bb_make_directory.
    parts = path.split("/")
    prefix = ""
    for index, part in enumerate(parts):
        prefix = part if index == 0 else prefix + "/" + part
        if part in ("", ".", ".."):
            continue
        last = all(p in ("", ".") for p in parts[index + 1:])
        try:
            check_write_dir(ctx, prefix)
            fs.mkdir(prefix, ctx.cwd, mode=mode if last else 0o755, uid=uid, gid=gid)
            if verbose:
                _announce_dir(ctx, prefix)
        except FSError as err:
            if err.errno == EEXIST and is_dir(ctx, prefix):
                continue
            if gnu:
                code = err.errno
                if err.errno == EEXIST and not last:
                    code = ENOTDIR
                return fail(path, code)
            return fail(prefix, err)
        if last:
            break
    return True


@program("rmdir")
def rmdir(ctx: Context) -> int:
    parsed = _options(ctx, "pv", {"parents": "p", "verbose": "v",
                                  "ignore-fail-on-non-empty": "ignore"}, "pv",
                      {"parents": "p", "ignore-fail-on-non-empty": "ignore", "verbose": "v"})
    if isinstance(parsed, int):
        return parsed
    options, operands = parsed
    gnu = ctx.flavour == "gnu"
    if not operands:
        return usage_error(ctx, "missing operand")
    keys = _keys(options)
    parents, verbose, ignore = "p" in keys, "v" in keys, "ignore" in keys
    status = 0
    for path in operands:
        current = path
        first = True
        while True:
            if verbose:
                if gnu:
                    ctx.out(f"{prog(ctx)}: removing directory, {quote(current)}\n")
                else:
                    ctx.out(f"rmdir: removing directory, '{current}'\n")
            try:
                check_write_dir(ctx, current)
                try:
                    canonical = ctx.fs.resolve(current, ctx.cwd, follow=False)[0]
                except FSError:
                    canonical = None
                if canonical is not None and is_mount_point(ctx, canonical):
                    raise FSError(EBUSY, current)
                ctx.fs.rmdir(current, ctx.cwd)
            except FSError as err:
                if ignore and err.errno == ENOTEMPTY:
                    break
                status = 1
                if gnu:
                    what = "failed to remove" if first else "failed to remove directory"
                    say(ctx, f"{what} {quote(current)}: {ctx.strerror(err)}")
                else:
                    say(ctx, f"'{current}': {ctx.strerror(err)}")
                break
            first = False
            if not parents:
                break
            if gnu:
                stripped = current.rstrip("/")
                if "/" not in stripped:
                    break
                current = stripped.rsplit("/", 1)[0].rstrip("/")
                if not current:
                    break
            else:
                current = _dirname(current)
                if current == ".":
                    break
    return status


# --------------------------------------------------------------------------
# rm


def _ask(ctx: Context, question: str):
    """-i's question; True for an answer that begins with y (read as it is typed)."""
    from ...proc.terminal import read_line
    ctx.stderr.write(question)
    answer = yield from read_line(ctx)
    return answer is not None and answer[:1] in ("y", "Y")


def _gnu_kind(ctx: Context, path: str, entry) -> str:
    if entry.kind == DIR:
        return "directory"
    if entry.kind == SYMLINK:
        return "symbolic link"
    if entry.kind == FILE:
        return "regular empty file" if entry.size == 0 else "regular file"
    return "character special file"


class Remover:
    """rm's walk: depth first, children by name, each failure reported once."""

    def __init__(self, ctx: Context, force: bool, recursive: bool, dirs: bool,
                 interactive: bool, verbose: bool):
        self.ctx = ctx
        self.gnu = ctx.flavour == "gnu"
        self.force, self.recursive, self.dirs = force, recursive, dirs
        self.interactive, self.verbose = interactive, verbose

    def fail(self, path: str, err) -> bool:
        if self.gnu:
            say(self.ctx, f"cannot remove {quote(path)}: {self.ctx.strerror(err)}")
        else:
            say(self.ctx, f"can't remove '{path}': {self.ctx.strerror(err)}")
        return False

    def removed(self, path: str, directory: bool) -> None:
        if not self.verbose:
            return
        if self.gnu:
            what = "removed directory" if directory else "removed"
            self.ctx.out(f"{what} {quote(path)}\n")
        else:
            self.ctx.out(f"removed {'directory: ' if directory else ''}'{path}'\n")

    def remove(self, path: str):
        ctx = self.ctx
        try:
            entry = ctx.fs.lstat(path, ctx.cwd)
        except FSError as err:
            if err.errno == ENOENT and self.force:
                return True
            if not self.gnu and err.errno != ENOENT:
                say(ctx, f"can't stat '{path}': {ctx.strerror(err)}")
                return False
            return self.fail(path, err)
        if entry.kind == DIR:
            return (yield from self.remove_dir(path, entry))
        if self.interactive:
            question = (f"{prog(ctx)}: remove {_gnu_kind(ctx, path, entry)} {quote(path)}? "
                        if self.gnu else f"rm: remove '{path}'? ")
            if not (yield from _ask(ctx, question)):
                return True
        try:
            check_write_dir(ctx, path)
            _check_sticky(ctx, path)
            ctx.fs.unlink(path, ctx.cwd)
        except FSError as err:
            return self.fail(path, err)
        self.removed(path, False)
        return True

    def remove_dir(self, path: str, entry):
        ctx = self.ctx
        if not self.recursive:
            if self.dirs:
                return self.rmdir(path)
            if self.gnu:
                return self.fail(path, EISDIR)
            say(ctx, f"'{path}' is a directory")
            return False
        try:
            names = ctx.fs.readdir(path, ctx.cwd)
        except FSError as err:
            return self.fail(path, err)
        if self.interactive and names:
            question = (f"{prog(ctx)}: descend into directory {quote(path)}? " if self.gnu
                        else f"rm: descend into directory '{path}'? ")
            if not (yield from _ask(ctx, question)):
                return True
        ok = True
        for name in names:
            if not (yield from self.remove(join(path, name))):
                ok = False
        if not ok:
            return False  # the directory cannot be empty: no rmdir, no second message
        if self.interactive:
            question = (f"{prog(ctx)}: remove directory {quote(path)}? " if self.gnu
                        else f"rm: remove directory '{path}'? ")
            if not (yield from _ask(ctx, question)):
                return ok
        return self.rmdir(path) and ok

    def rmdir(self, path: str) -> bool:
        try:
            canonical = self.ctx.fs.resolve(path, self.ctx.cwd, follow=False)[0]
            if is_mount_point(self.ctx, canonical):
                raise FSError(EBUSY, path)
            check_write_dir(self.ctx, path)
            _check_sticky(self.ctx, path)
            self.ctx.fs.rmdir(path, self.ctx.cwd)
        except FSError as err:
            return self.fail(path, err)
        self.removed(path, True)
        return True


@program("rm")
def rm(ctx: Context):
    parsed = _options(ctx, "dfirRvI", {
        "force": "f", "interactive?": "i", "recursive": "r", "dir": "d", "verbose": "v",
        "preserve-root?": "preserve-root", "no-preserve-root": "no-preserve-root",
        "one-file-system": "one-file-system"}, "fiRrv")
    if isinstance(parsed, int):
        return parsed
    options, operands = parsed
    gnu = ctx.flavour == "gnu"
    force = interactive = recursive = dirs = verbose = False
    preserve_root = True
    for key, value in options:
        if key == "f":
            force, interactive = True, False
        elif key == "i":
            if value in (None, "always", "yes"):
                interactive, force = True, False
        elif key in ("r", "R"):
            recursive = True
        elif key == "d":
            dirs = True
        elif key == "v":
            verbose = True
        elif key == "no-preserve-root":
            preserve_root = False
        elif key == "preserve-root":
            preserve_root = True
    if not operands:
        if force:
            return 0
        return usage_error(ctx, "missing operand")
    remover = Remover(ctx, force, recursive, dirs, interactive, verbose)
    status = 0
    for path in operands:
        base = last_component(path)
        if base in (".", ".."):
            if gnu:
                say(ctx, f"refusing to remove '.' or '..' directory: skipping {quote(path)}")
            else:
                say(ctx, "can't remove '.' or '..'")
            status = 1
            continue
        if gnu and recursive and preserve_root:
            try:
                canonical = ctx.fs.resolve(path, ctx.cwd, follow=False)[0]
            except FSError:
                canonical = None
            if canonical == "/":
                if path == "/":
                    say(ctx, "it is dangerous to operate recursively on '/'")
                else:
                    say(ctx, f"it is dangerous to operate recursively on {quote(path)} "
                             "(same as '/')")
                say(ctx, "use --no-preserve-root to override this failsafe")
                status = 1
                continue
        if not (yield from remover.remove(path)):
            status = 1
    return status


# --------------------------------------------------------------------------
# touch


@program("touch")
def touch(ctx: Context) -> int:
    parsed = _options(ctx, "acd:fhmr:t:", {
        "no-create": "c", "date=": "d", "reference=": "r", "no-dereference": "h",
        "time=": "time"}, "chr:d:t:amf",
        {"no-create": "c", "no-dereference": "h", "reference=": "r", "date=": "d"})
    if isinstance(parsed, int):
        return parsed
    options, operands = parsed
    gnu = ctx.flavour == "gnu"
    keys = _keys(options)
    if not operands:
        return usage_error(ctx, "missing file operand")
    stamp: Optional[int] = None
    reference = _value(options, "r")
    if reference is not None:
        try:
            stamp = ctx.fs.stat(reference, ctx.cwd).mtime
        except FSError as err:
            if gnu:
                say(ctx, f"failed to get attributes of {quote(reference)}: "
                         f"{ctx.strerror(err)}")
            else:
                say(ctx, f"can't stat '{reference}': {ctx.strerror(err)}")
            return 1
    for key, value in options:
        if key in ("d", "t"):
            parse_stamp = parse_date if key == "d" else parse_touch_stamp
            stamp = parse_stamp(value, ctx.now())
            if stamp is None:
                say(ctx, f"invalid date format {quote(value)}" if gnu
                    else f"invalid date '{value}'")
                return 1
    only_atime = "a" in keys and "m" not in keys
    no_create = "c" in keys
    follow = "h" not in keys
    uid, gid = _owner(ctx)
    status = 0
    for path in operands:
        try:
            exists = True
            try:
                ctx.fs.resolve(path, ctx.cwd, follow=follow)
            except FSError as err:
                if err.errno != ENOENT or path == "":
                    raise
                exists = False
            if not exists:
                if no_create:
                    continue
                check_write_dir(ctx, path)
                ctx.fs.write(path, b"", ctx.cwd, mode=created_mode(ctx), uid=uid, gid=gid)
                if stamp is not None:
                    ctx.fs.touch(path, ctx.cwd, mtime=stamp)
                continue
            _check_times(ctx, path, follow, explicit=stamp is not None)
            if only_atime:
                continue  # access times are not modelled
            if follow:
                ctx.fs.touch(path, ctx.cwd, mtime=stamp)
            else:
                canonical, entry = ctx.fs.resolve(path, ctx.cwd, follow=False)
                if entry.kind != SYMLINK:  # a symlink's own times are not modelled
                    ctx.fs.touch(canonical, mtime=stamp)
        except FSError as err:
            status = 1
            if gnu:
                say(ctx, f"cannot touch {quote(path)}: {ctx.strerror(err)}")
            else:
                say(ctx, f"{path}: {ctx.strerror(err)}")
    return status


# --------------------------------------------------------------------------
# cp


# bytes per CPU second (scripts/measured_costs.md: cp of a 256 MiB file, GNU and busybox
# alike, 3.06-3.08 GB/s)
CP_RATE = 3.07e9


class Copier:
    def __init__(self, ctx: Context, recursive: bool, deref: str, preserve: bool,
                 no_clobber: bool, force: bool, verbose: bool, link: Optional[str],
                 update: bool):
        self.ctx = ctx
        self.gnu = ctx.flavour == "gnu"
        self.recursive = recursive
        self.deref = deref  # "always", "never" or "cmdline"
        self.preserve = preserve
        self.no_clobber = no_clobber
        self.force = force
        self.verbose = verbose
        self.link = link  # None, "sym" or "hard"
        self.update = update
        self.uid, self.gid = credentials(ctx)
        self.created: set = set()

    def say_stat(self, path: str, err) -> bool:
        if self.gnu:
            say(self.ctx, f"cannot stat {quote(path)}: {self.ctx.strerror(err)}")
        else:
            say(self.ctx, f"can't stat '{path}': {self.ctx.strerror(err)}")
        return False

    def announce(self, src: str, dst: str) -> None:
        if self.verbose:
            self.ctx.out(f"{quote(src)} -> {quote(dst)}\n" if self.gnu else f"'{src}' -> '{dst}'\n")

    def copy(self, src: str, dst: str, top: bool = True) -> bool:
        ctx, fs = self.ctx, self.ctx.fs
        follow = self.deref == "always" or (self.deref == "cmdline" and top)
        try:
            src_canon, entry = fs.resolve(src, ctx.cwd, follow=follow)
        except FSError as err:
            return self.say_stat(src, err)
        try:
            dst_canon, existing = fs.resolve(dst, ctx.cwd, follow=False, must_exist=False)
        except FSError as err:
            if self.gnu:
                kind = "directory" if entry.kind == DIR else "regular file"
                say(ctx, f"cannot create {kind} {quote(dst)}: {ctx.strerror(err)}")
            elif err.errno == ENOENT:
                say(ctx, f"can't create '{dst}': {ctx.strerror(err)}")
            else:
                say(ctx, f"can't stat '{dst}': {ctx.strerror(err)}")
            return False
        if existing is not None and existing.kind == SYMLINK and entry.kind != SYMLINK:
            try:
                followed = fs.resolve(dst, ctx.cwd)
                dst_canon, existing = followed
            except FSError:
                pass
        if existing is not None and dst_canon == src_canon:
            if self.gnu:
                say(ctx, f"{quote(src)} and {quote(dst)} are the same file")
            else:
                say(ctx, f"'{src}' and '{dst}' are the same file")
            return False
        if entry.kind == DIR:
            return self.copy_dir(src, dst, src_canon, dst_canon, entry, existing)
        if self.link:
            return self.make_link(src, dst, src_canon, entry, existing)
        if existing is not None and existing.kind == DIR:
            if self.gnu:
                say(ctx, f"cannot overwrite directory {quote(dst)} with non-directory")
            else:
                say(ctx, f"can't create '{dst}': {ctx.strerror(EISDIR)}")
            return False
        if existing is not None:
            if self.no_clobber:
                return True
            if self.update and entry.mtime <= existing.mtime:
                return True
        try:
            if entry.kind == SYMLINK:
                if existing is not None:
                    fs.unlink(dst_canon)
                check_write_dir(ctx, dst)
                fs.symlink(entry.target, dst_canon, uid=self.uid, gid=self.gid)
                if self.preserve:
                    fs.chown(dst_canon, entry.uid, entry.gid, follow=False)
            else:
                if not may(ctx, entry, 4):
                    raise FSError(EACCES, src)
                ctx.charge(entry.size / CP_RATE)  # its bytes are read and written
                if existing is None:
                    check_write_dir(ctx, dst)
                    # copy_tree keeps a declared-size binary (and the program it
                    # runs) as it is instead of materialising its bytes.
                    fs.copy_tree(src_canon, dst_canon)
                    owner, mode = (self.uid, self.gid), created_mode(ctx, entry.mode & 0o777)
                elif not may(ctx, existing, 2):
                    raise FSError(EACCES, dst)
                else:
                    if entry.data is None and existing.kind == FILE and \
                            mount_free(ctx, dst_canon):
                        fs.unlink(dst_canon)
                        fs.copy_tree(src_canon, dst_canon)
                    else:
                        fs.write(dst_canon, entry.content)
                    owner, mode = (existing.uid, existing.gid), existing.mode
                if self.preserve:
                    owner, mode = (entry.uid, entry.gid), entry.mode
                fs.chown(dst_canon, *owner)
                fs.chmod(dst_canon, mode)
                fs.touch(dst_canon, mtime=entry.mtime if self.preserve else None)
        except FSError as err:
            if self.gnu:
                if err.errno == EACCES and err.path == src:
                    say(ctx, f"cannot open {quote(src)} for reading: {ctx.strerror(err)}")
                else:
                    say(ctx, f"cannot create regular file {quote(dst)}: {ctx.strerror(err)}")
            else:
                if err.errno == EACCES and err.path == src:
                    say(ctx, f"can't open '{src}': {ctx.strerror(err)}")
                else:
                    say(ctx, f"can't create '{dst}': {ctx.strerror(err)}")
            return False
        self.announce(src, dst)
        return True

    def copy_dir(self, src: str, dst: str, src_canon: str, dst_canon: str, entry,
                 existing) -> bool:
        ctx, fs = self.ctx, self.ctx.fs
        if not self.recursive:
            if self.gnu:
                say(ctx, f"-r not specified; omitting directory {quote(src)}")
            else:
                say(ctx, f"omitting directory '{src}'")
            return False
        if src_canon in self.created:
            say(ctx, f"recursion detected, omitting directory '{src}'" if not self.gnu else
                f"cannot copy a directory, {quote(src)}, into itself, {quote(dst)}")
            return False
        if existing is not None and existing.kind != DIR:
            if self.gnu:
                say(ctx, f"cannot overwrite non-directory {quote(dst)} with directory "
                         f"{quote(src)}")
            else:
                say(ctx, f"target '{dst}' is not a directory")
            return False
        if self.gnu and is_within(dst_canon, src_canon):
            say(ctx, f"cannot copy a directory, {quote(src)}, into itself, {quote(dst)}")
            return False
        try:
            if existing is None:
                check_write_dir(ctx, dst)
                mode = entry.mode if self.preserve else created_mode(ctx, entry.mode) | 0o700
                fs.mkdir(dst_canon, mode=mode, uid=self.uid, gid=self.gid)
                self.created.add(dst_canon)
            names = fs.readdir(src_canon)
        except FSError as err:
            _say_cannot_create_dir(ctx, dst, err)
            return False
        self.announce(src, dst)
        ok = True
        for name in names:
            if not self.copy(join(src, name), join(dst, name), top=False):
                ok = False
        if self.preserve:
            try:
                fs.chown(dst_canon, entry.uid, entry.gid)
                fs.chmod(dst_canon, entry.mode)
                fs.touch(dst_canon, mtime=entry.mtime)
            except FSError:
                pass
        return ok

    def make_link(self, src: str, dst: str, src_canon: str, entry, existing) -> bool:
        ctx, fs = self.ctx, self.ctx.fs
        try:
            if existing is not None:
                if not self.force:
                    raise FSError(EEXIST, dst)
                fs.unlink(dst, ctx.cwd)
            if self.link == "sym":
                fs.symlink(src, dst, ctx.cwd, uid=self.uid, gid=self.gid)
            else:
                _hard_link(ctx, src_canon, dst)
        except FSError as err:
            if self.gnu:
                what = "symbolic link" if self.link == "sym" else "hard link"
                say(ctx, f"cannot create {what} {quote(dst)}: {ctx.strerror(err)}")
            else:
                say(ctx, f"can't create link '{dst}': {ctx.strerror(err)}")
            return False
        self.announce(src, dst)
        return True


def mount_free(ctx: Context, canonical: str) -> bool:
    mounts = getattr(ctx.fs, "mounts", None)
    return mounts is None or mounts.find(canonical) is None


def is_mount_point(ctx: Context, canonical: str) -> bool:
    """rename(2) and rmdir(2) of a mount point fail with EBUSY."""
    mounts = getattr(ctx.fs, "mounts", None)
    return mounts is not None and any(m.point == canonical for m in mounts.table)


def _hard_link(ctx: Context, src_canon: str, dst: str) -> None:
    """link(2): ``dst`` becomes one more name of the file (the VFS's link groups)."""
    check_write_dir(ctx, dst)
    ctx.fs.link(src_canon, dst, ctx.cwd)


def _split_last_target(ctx: Context, operands: List[str]):
    """cp and mv without -t: (sources, DEST) from SOURCE... DEST, or an exit status."""
    if not operands:
        return usage_error(ctx, "missing file operand")
    if len(operands) == 1:
        if ctx.flavour == "gnu":
            return usage_error(ctx, f"missing destination file operand after "
                                    f"{quote(operands[0])}")
        return show_usage(ctx)
    return operands[:-1], operands[-1]


@program("cp")
def cp(ctx: Context) -> int:
    parsed = _options(ctx, "abdfHilLnprRsStT:uvxZ", {
        "archive": "a", "backup?": "backup", "no-dereference": "P", "force": "f",
        "interactive": "i", "link": "l", "dereference": "L", "no-clobber": "n",
        "preserve?": "preserve", "no-preserve=": "no-preserve", "parents": "parents",
        "recursive": "R", "remove-destination": "remove-destination",
        "symbolic-link": "s", "target-directory=": "t", "no-target-directory": "T",
        "update?": "u", "verbose": "v", "one-file-system": "x", "reflink?": "reflink",
        "sparse=": "sparse", "strip-trailing-slashes": "strip", "suffix=": "S",
        "attributes-only": "attributes-only", "debug": "debug", "context?": "Z"},
        "apdRrPLHfilsTuvn", {"archive": "a", "force": "f", "interactive": "i", "link": "l",
                             "dereference": "L", "no-dereference": "P", "recursive": "R",
                             "symbolic-link": "s", "no-target-directory": "T",
                             "verbose": "v", "update": "u", "no-clobber": "n",
                             "parents": "parents", "remove-destination": "remove-destination"})
    if isinstance(parsed, int):
        return parsed
    options, operands = parsed
    gnu = ctx.flavour == "gnu"
    recursive = preserve = no_clobber = force = verbose = update = no_target = False
    deref: Optional[str] = None
    link: Optional[str] = None
    target_dir: Optional[str] = None
    for key, value in options:
        if key == "a":
            recursive, preserve, deref = True, True, "never"
        elif key in ("r", "R"):
            recursive = True
        elif key == "p":
            preserve = True
        elif key == "preserve":
            preserve = True
        elif key in ("d", "P"):
            deref = "never"
        elif key == "L":
            deref = "always"
        elif key == "H":
            deref = "cmdline"
        elif key == "n":
            no_clobber = True
        elif key == "f":
            force = True
        elif key == "v":
            verbose = True
        elif key == "s":
            link = "sym"
        elif key == "l":
            link = "hard"
        elif key == "u":
            update = True
        elif key == "t":
            target_dir = value
        elif key == "T":
            no_target = True
    if deref is None:
        deref = "never" if recursive else "always"
    if target_dir is None:
        split = _split_last_target(ctx, operands)
        if isinstance(split, int):
            return split
        sources, target = split
    else:
        sources, target = operands, target_dir
        if not sources:
            return usage_error(ctx, "missing file operand")
    copier = Copier(ctx, recursive, deref, preserve, no_clobber, force, verbose, link, update)
    target_is_dir = not no_target and is_dir(ctx, target)
    if not target_is_dir:
        if target_dir is not None:
            say(ctx, f"target directory {quote(target)}: {ctx.strerror(ENOENT)}" if gnu
                else f"'{target}' is not a directory")
            return 1
        if len(sources) > 1:
            if gnu:
                say(ctx, f"target {quote(target)} is not a directory")
                return 1
        else:
            return 0 if copier.copy(sources[0], target) else 1
    status = 0
    for src in sources:
        dst = join(target, last_component(src))
        if not copier.copy(src, dst):
            status = 1
    return status


# --------------------------------------------------------------------------
# mv


@program("mv")
def mv(ctx: Context):
    parsed = _options(ctx, "bfinS:t:TuvZ", {
        "backup?": "backup", "force": "f", "interactive": "i", "no-clobber": "n",
        "strip-trailing-slashes": "strip", "suffix=": "S", "target-directory=": "t",
        "no-target-directory": "T", "update?": "u", "verbose": "v", "context": "Z",
        "exchange": "exchange", "no-copy": "no-copy", "debug": "debug"}, "finvT",
        {"interactive": "i", "force": "f", "no-clobber": "n", "verbose": "v",
         "no-target-directory": "T"})
    if isinstance(parsed, int):
        return parsed
    options, operands = parsed
    gnu = ctx.flavour == "gnu"
    no_clobber = verbose = no_target = interactive = False
    target_dir: Optional[str] = None
    for key, value in options:
        if key == "n":
            no_clobber, interactive = True, False
        elif key == "f":
            no_clobber = interactive = False
        elif key == "i":
            interactive, no_clobber = True, False
        elif key == "v":
            verbose = True
        elif key == "t":
            target_dir = value
        elif key == "T":
            no_target = True
    if target_dir is None:
        split = _split_last_target(ctx, operands)
        if isinstance(split, int):
            return split
        sources, target = split
    else:
        sources, target = operands, target_dir
    target_is_dir = not no_target and is_dir(ctx, target)
    if not target_is_dir and len(sources) > 1:
        if gnu:
            say(ctx, f"target {quote(target)} is not a directory")
            return 1
    status = 0
    for src in sources:
        dst = join(target, last_component(src)) if target_is_dir else target
        if not (yield from _move_one(ctx, src, dst, no_clobber, interactive, verbose)):
            status = 1
    return status


def _move_one(ctx: Context, src: str, dst: str, no_clobber: bool, interactive: bool,
              verbose: bool):
    fs, gnu = ctx.fs, ctx.flavour == "gnu"

    def cannot_move(err) -> bool:
        if gnu:
            say(ctx, f"cannot move {quote(src)} to {quote(dst)}: {ctx.strerror(err)}")
        else:
            say(ctx, f"can't rename '{src}': {ctx.strerror(err)}")
        return False

    try:
        src_canon, entry = fs.resolve(src, ctx.cwd, follow=False)
    except FSError as err:
        if gnu:
            say(ctx, f"cannot stat {quote(src)}: {ctx.strerror(err)}")
        else:
            say(ctx, f"can't rename '{src}': {ctx.strerror(err)}")
        return False
    try:
        dst_canon, existing = fs.resolve(dst.rstrip("/") or "/", ctx.cwd, follow=False,
                                         must_exist=False)
    except FSError as err:
        return cannot_move(err)
    if existing is not None:
        if dst_canon == src_canon:
            if gnu:
                say(ctx, f"{quote(src)} and {quote(dst)} are the same file")
                return False
            return True
        if no_clobber:
            return True
        if interactive:
            question = (f"{prog(ctx)}: overwrite {quote(dst)}? " if gnu
                        else f"mv: overwrite '{dst}'? ")
            if not (yield from _ask(ctx, question)):
                return True
        if gnu:
            if existing.kind == DIR and entry.kind != DIR:
                say(ctx, f"cannot overwrite directory {quote(dst)} with non-directory")
                return False
            if existing.kind != DIR and entry.kind == DIR:
                say(ctx, f"cannot overwrite non-directory {quote(dst)} with directory "
                         f"{quote(src)}")
                return False
    if entry.kind == DIR and is_within(dst_canon, src_canon) and dst_canon != src_canon:
        if gnu:
            say(ctx, f"cannot move {quote(src)} to a subdirectory of itself, {quote(dst)}")
        else:
            say(ctx, f"can't rename '{src}': {ctx.strerror(EINVAL)}")
        return False
    try:
        if is_mount_point(ctx, src_canon) or is_mount_point(ctx, dst_canon):
            raise FSError(EBUSY, src)
        check_write_dir(ctx, src)
        _check_sticky(ctx, src)
        check_write_dir(ctx, dst)
        fs.move(src, dst, ctx.cwd)
    except FSError as err:
        return cannot_move(err)
    if verbose:
        ctx.out(f"renamed {quote(src)} -> {quote(dst)}\n" if gnu else f"'{src}' -> '{dst}'\n")
    return True


# --------------------------------------------------------------------------
# ln


@program("ln", "link")
def ln(ctx: Context) -> int:
    if ctx.name == "link":
        return _link_program(ctx)
    parsed = _options(ctx, "bdfFiLnPrsS:t:Tv", {
        "backup?": "backup", "directory": "d", "force": "f", "interactive": "i",
        "logical": "L", "no-dereference": "n", "physical": "P", "relative": "r",
        "symbolic": "s", "suffix=": "S", "target-directory=": "t",
        "no-target-directory": "T", "verbose": "v"}, "sfnbS:vT")
    if isinstance(parsed, int):
        return parsed
    options, operands = parsed
    gnu = ctx.flavour == "gnu"
    keys = _keys(options)
    symbolic, force, verbose = "s" in keys, "f" in keys, "v" in keys
    no_deref = "n" in keys
    no_target = "T" in keys
    # GNU's -L links what a symlink source points to; -P (the default) the symlink itself
    logical = gnu and [key for key, _ in options if key in ("L", "P")][-1:] == ["L"]
    target_dir = _value(options, "t")
    if target_dir is not None:
        sources, target = operands, target_dir
        if not sources:
            return usage_error(ctx, "missing file operand")
    elif not operands:
        return usage_error(ctx, "missing file operand")
    elif len(operands) == 1:
        sources, target = operands, "."
        if not gnu:
            target = last_component(operands[0])
    else:
        sources, target = operands[:-1], operands[-1]
    target_is_dir = not no_target and is_dir(ctx, target, follow=not no_deref)
    if gnu and len(operands) == 1 and target_dir is None:
        target_is_dir = True
    if not target_is_dir and len(sources) > 1:
        if gnu:
            say(ctx, f"target {quote(target)} is not a directory")
            return 1
    status = 0
    uid, gid = credentials(ctx)
    for src in sources:
        dst = join(target, last_component(src)) if target_is_dir else target
        if not _link_one(ctx, src, dst, symbolic, force, verbose, uid, gid, logical):
            status = 1
    return status


# GNU ln names the source of a failed hard link except for these errors (src/ln.c)
_LINK_ERRORS_WITHOUT_SOURCE = (EEXIST, ENOSPC, EROFS)


def _link_one(ctx: Context, src: str, dst: str, symbolic: bool, force: bool, verbose: bool,
              uid: int, gid: int, logical: bool = False) -> bool:
    fs, gnu = ctx.fs, ctx.flavour == "gnu"
    what = "symbolic link" if symbolic else "hard link"
    src_canon = None
    if not symbolic:
        try:
            src_canon, entry = fs.resolve(src, ctx.cwd, follow=False)
            if entry.kind == SYMLINK and logical:  # -P (the default): the symlink itself
                try:
                    src_canon, entry = fs.resolve(src, ctx.cwd)
                except FSError:
                    pass
        except FSError as err:
            if gnu:
                say(ctx, f"failed to access {quote(src)}: {ctx.strerror(err)}")
            else:
                say(ctx, f"{src}: {ctx.strerror(err)}")
            return False
        if entry.kind == DIR:
            if gnu:
                say(ctx, f"{quotef(src)}: hard link not allowed for directory")
            else:
                say(ctx, f"{dst}: {ctx.strerror(EPERM)}")
            return False
    try:
        existing = fs.resolve(dst, ctx.cwd, follow=False, must_exist=False)[1]
        if existing is not None and force:
            if existing.kind == DIR:
                raise FSError(EISDIR, dst)
            fs.unlink(dst, ctx.cwd)
        check_write_dir(ctx, dst)
        if symbolic:
            fs.symlink(src, dst, ctx.cwd, uid=uid, gid=gid)
        else:
            _hard_link(ctx, src_canon, dst)
    except FSError as err:
        if gnu and not symbolic and err.errno not in _LINK_ERRORS_WITHOUT_SOURCE:
            say(ctx, f"failed to create hard link {quote(dst)} => {quote(src)}: "
                     f"{ctx.strerror(err)}")
        elif gnu:
            say(ctx, f"failed to create {what} {quote(dst)}: {ctx.strerror(err)}")
        else:
            say(ctx, f"{dst}: {ctx.strerror(err)}")
        return False
    if verbose:
        arrow = "->" if symbolic else "=>"
        ctx.out(f"{quote(dst)} {arrow} {quote(src)}\n" if gnu else f"'{dst}' -> '{src}'\n")
    return True


def _link_program(ctx: Context) -> int:
    operands = ctx.argv[1:]
    if operands[:1] == ["--"]:
        operands = operands[1:]
    if len(operands) != 2:
        if ctx.flavour == "gnu":
            if not operands:
                return usage_error(ctx, "missing operand")
            if len(operands) == 1:
                return usage_error(ctx, f"missing operand after {quote(operands[0])}")
            return usage_error(ctx, f"extra operand {quote(operands[2])}")
        return show_usage(ctx)
    src, dst = operands
    try:
        src_canon, entry = ctx.fs.resolve(src, ctx.cwd, follow=False)
        _hard_link(ctx, src_canon, dst)
    except FSError as err:
        if ctx.flavour == "gnu":
            say(ctx, f"cannot create link {quote(dst)} to {quote(src)}: {ctx.strerror(err)}")
        else:
            say(ctx, f"can't create link '{dst}' to '{src}': {ctx.strerror(err)}")
        return 1
    return 0


# --------------------------------------------------------------------------
# pwd, readlink, realpath, basename, dirname


@program("pwd")
def pwd(ctx: Context) -> int:
    parsed = _options(ctx, "LP", {"logical": "L", "physical": "P"}, "LP")
    if isinstance(parsed, int):
        return parsed
    options, operands = parsed
    gnu = ctx.flavour == "gnu"
    logical = not gnu  # coreutils' pwd defaults to -P, BusyBox's to -L
    for key in _keys(options):
        logical = key == "L"
    try:
        physical = ctx.fs.realpath(ctx.cwd)
    except FSError as err:
        say(ctx, f"error retrieving current directory: getcwd: cannot access parent "
                 f"directories: {ctx.strerror(err)}" if gnu else f"getcwd: {ctx.strerror(err)}")
        return 1
    if gnu and operands:
        say(ctx, "ignoring non-option arguments")
    if logical:
        wanted = ctx.env.get("PWD", "")
        if wanted.startswith("/") and "/./" not in wanted + "/" and "/../" not in wanted + "/":
            try:
                if ctx.fs.realpath(wanted) == physical:
                    ctx.out(wanted + "\n")
                    return 0
            except FSError:
                pass
    ctx.out(physical + "\n")
    return 0


def _canonicalize(ctx: Context, path: str, mode: str) -> Optional[str]:
    """readlink -f/-e/-m: "f" all but the last must exist, "e" all, "m" none."""
    fs = ctx.fs
    try:
        if mode == "e":
            return fs.resolve(path, ctx.cwd)[0]
        return fs.resolve(path, ctx.cwd, must_exist=False)[0]
    except FSError:
        if mode != "m":
            return None
    # -m: resolve what exists, append the rest lexically.
    parts = [p for p in path.split("/") if p]
    current = "/" if path.startswith("/") else fs.realpath(ctx.cwd)
    for index, part in enumerate(parts):
        try:
            current = fs.resolve(join(current, part), "/", must_exist=False)[0]
        except FSError:
            rest = [p for p in parts[index:] if p != "."]
            stack = [p for p in current.split("/") if p]
            for p in rest:
                if p == "..":
                    if stack:
                        stack.pop()
                else:
                    stack.append(p)
            return "/" + "/".join(stack)
    return current


@program("readlink")
def readlink(ctx: Context) -> int:
    parsed = _options(ctx, "efmnqsvz", {
        "canonicalize": "f", "canonicalize-existing": "e", "canonicalize-missing": "m",
        "no-newline": "n", "quiet": "q", "silent": "s", "verbose": "v", "zero": "z"}, "fnvsq")
    if isinstance(parsed, int):
        return parsed
    options, operands = parsed
    gnu = ctx.flavour == "gnu"
    keys = _keys(options)
    mode = None
    for key in keys:
        if key in "efm":
            mode = key
    verbose = "v" in keys and "q" not in keys and "s" not in keys
    if not operands:
        return usage_error(ctx, "missing operand")
    if not gnu and len(operands) > 1:
        return show_usage(ctx)
    newline = "\0" if "z" in keys else "\n"
    if "n" in keys and (not gnu or len(operands) == 1):
        newline = ""
    status = 0
    for path in operands:
        if mode:
            result = _canonicalize(ctx, path, mode)
            if result is None:
                status = 1
                if verbose:
                    say(ctx, f"{path}: {ctx.strerror(ENOENT)}")
                continue
        else:
            try:
                result = ctx.fs.readlink(path, ctx.cwd)
            except FSError as err:
                status = 1
                if verbose:
                    say(ctx, f"{path}: {ctx.strerror(err)}")
                continue
        ctx.out(result + newline)
    return status


@program("realpath")
def realpath(ctx: Context) -> int:
    parsed = _options(ctx, "eLmPqsz", {
        "canonicalize-existing": "e", "canonicalize-missing": "m", "logical": "L",
        "physical": "P", "quiet": "q", "relative-to=": "relative-to",
        "relative-base=": "relative-base", "strip": "s", "no-symlinks": "s", "zero": "z"}, "")
    if isinstance(parsed, int):
        return parsed
    options, operands = parsed
    gnu = ctx.flavour == "gnu"
    keys = _keys(options)
    if not operands:
        return usage_error(ctx, "missing operand")
    mode = "f"
    for key in keys:
        if key in ("e", "m"):
            mode = key
    status = 0
    for path in operands:
        if "s" in keys:
            base = "/" if path.startswith("/") else ctx.fs.realpath(ctx.cwd)
            stack = [p for p in base.split("/") if p]
            for part in path.split("/"):
                if part in ("", "."):
                    continue
                if part == "..":
                    if stack:
                        stack.pop()
                else:
                    stack.append(part)
            ctx.out("/" + "/".join(stack) + "\n")
            continue
        result = _canonicalize(ctx, path, mode)
        if result is None:
            status = 1
            if "q" not in keys:
                try:
                    ctx.fs.resolve(path, ctx.cwd, must_exist=mode != "f")
                    err = ENOENT
                except FSError as failure:
                    err = failure.errno
                say(ctx, f"{quotef(path) if gnu else path}: {ctx.strerror(err)}")
            continue
        ctx.out(result + ("\0" if "z" in keys else "\n"))
    return status


def _basename(path: str, suffix: str = "") -> str:
    if path == "":
        return ""
    stripped = path.rstrip("/")
    if not stripped:
        return "/"
    base = stripped.rsplit("/", 1)[-1]
    if suffix and base != suffix and base.endswith(suffix):
        base = base[:-len(suffix)]
    return base


def _dirname(path: str) -> str:
    stripped = path.rstrip("/")
    if not stripped:
        return "/" if path.startswith("/") else "."
    if "/" not in stripped:
        return "."
    head = stripped.rsplit("/", 1)[0].rstrip("/")
    return head or "/"


@program("basename")
def basename(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    parsed = _options(ctx, "+as:z", {"multiple": "a", "suffix=": "s", "zero": "z"}, "+as:")
    if isinstance(parsed, int):
        return parsed
    options, operands = parsed
    keys = _keys(options)
    suffix = _value(options, "s")
    multiple = "a" in keys or suffix is not None
    if not operands:
        return usage_error(ctx, "missing operand")
    end = "\0" if "z" in keys else "\n"
    if not multiple:
        if len(operands) > 2:
            if gnu:
                return usage_error(ctx, f"extra operand {quote(operands[2])}")
            return show_usage(ctx)
        ctx.out(_basename(operands[0], operands[1] if len(operands) == 2 else "") + end)
        return 0
    for operand in operands:
        ctx.out(_basename(operand, suffix or "") + end)
    return 0


@program("dirname")
def dirname(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    parsed = _options(ctx, "z", {"zero": "z"}, "")
    if isinstance(parsed, int):
        return parsed
    options, operands = parsed
    if not operands:
        return usage_error(ctx, "missing operand")
    if not gnu and len(operands) > 1:
        return show_usage(ctx)
    end = "\0" if "z" in _keys(options) else "\n"
    for operand in operands:
        ctx.out(_dirname(operand) + end)
    return 0


# --------------------------------------------------------------------------
# chmod, chown


def _walk(ctx: Context, path: str):
    """path and everything below it (not following symlinks below the top)."""
    yield path
    try:
        entry = ctx.fs.lstat(path, ctx.cwd)
    except FSError:
        return
    if entry.kind != DIR:
        return
    try:
        names = ctx.fs.readdir(path, ctx.cwd)
    except FSError:
        return
    for name in names:
        yield from _walk(ctx, join(path, name))


def _chmod_args(ctx: Context):
    """chmod accepts modes like -w that look like options: split them out first."""
    args = ctx.argv[1:]
    mode_like = []
    rest = []
    seen_mode = False
    for index, arg in enumerate(args):
        if arg == "--":
            rest.extend(args[index:])
            break
        if (not seen_mode and len(arg) > 1 and arg[0] == "-"
                and all(c in "rwxXstugoa+-=,0123456789" for c in arg[1:])
                and not all(c in "Rcfv" for c in arg[1:])):
            mode_like.append((len(rest), arg))
            seen_mode = True
            continue
        rest.append(arg)
    return rest, mode_like


def _say_cannot_change(ctx: Context, what: str, path: str, err) -> None:
    """chmod's and chown's complaint; ``what`` is the attribute being changed."""
    if ctx.flavour != "gnu":
        say(ctx, f"{path}: {ctx.strerror(err)}")
    elif err.errno in (ENOENT, ENOTDIR):
        say(ctx, f"cannot access {quote(path)}: {ctx.strerror(err)}")
    else:
        say(ctx, f"changing {what} of {quote(path)}: {ctx.strerror(err)}")


@program("chmod")
def chmod(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    rest, mode_like = _chmod_args(ctx)
    try:
        options, operands = getopt(ctx, rest, "Rcfv", dict(
            GNU_HELP_VERSION, recursive="R", changes="c", silent="f", quiet="f",
            verbose="v", **{"reference=": "reference", "preserve-root": "preserve-root",
                            "no-preserve-root": "no-preserve-root"}) if gnu else None)
    except OptionError as err:
        return report_bad_option(ctx, err)
    for index, arg in reversed(mode_like):
        operands.insert(0, arg)
    keys = _keys(options)
    if "help" in keys:
        ctx.out(f"Usage: {prog(ctx)} [OPTION]... MODE[,MODE]... FILE...\n")
        return 0
    recursive, changes, quiet, verbose = "R" in keys, "c" in keys, "f" in keys, "v" in keys
    reference = _value(options, "reference")
    if reference is None:
        if not operands:
            return usage_error(ctx, "missing operand")
        spec, files = operands[0], operands[1:]
        if not files:
            return usage_error(ctx, f"missing operand after {quote(spec)}")
        clauses = compile_mode(spec)
        if clauses is None:
            if gnu:
                return usage_error(ctx, f"invalid mode: {quote(spec)}")
            say(ctx, f"invalid mode '{spec}'")
            return 1
    else:
        files = operands
        try:
            clauses = [("octal", ctx.fs.stat(reference, ctx.cwd).mode)]
        except FSError as err:
            say(ctx, f"failed to get attributes of {quote(reference)}: {ctx.strerror(err)}")
            return 1
    status = 0
    uid, _ = credentials(ctx)
    for top in files:
        paths = _walk(ctx, top) if recursive else [top]
        for path in paths:
            try:
                if path != top:
                    if ctx.fs.lstat(path, ctx.cwd).kind == SYMLINK:
                        continue  # symlinks met in the walk are not followed
                canonical, entry = ctx.fs.resolve(path, ctx.cwd)
                old = entry.mode
                new = apply_mode(clauses, old, entry.kind == DIR, ctx.umask)
                if uid != 0 and entry.uid != uid:
                    raise FSError(EPERM, path)
                ctx.fs.chmod(canonical, new)
            except FSError as err:
                status = 1
                if not quiet:
                    _say_cannot_change(ctx, "permissions", path, err)
                continue
            if gnu and (verbose or (changes and new != old)):
                kind = entry.kind
                if new != old:
                    ctx.out(f"mode of {quote(path)} changed from {old:04o} "
                            f"({_perms(old, kind)}) to {new:04o} ({_perms(new, kind)})\n")
                else:
                    ctx.out(f"mode of {quote(path)} retained as {old:04o} "
                            f"({_perms(old, kind)})\n")
            elif not gnu and (verbose or (changes and new != old)):
                ctx.out(f"mode of '{path}' changed to {new:04o} ({_perms(new, entry.kind)})\n")
    return status


def _perms(mode: int, kind: str) -> str:
    from ...vfs.entry import Entry
    return mode_string(Entry(kind, mode))[1:]


def _parse_owner(ctx: Context, spec: str):
    """USER[:GROUP], USER:, :GROUP (and the old USER.GROUP) -> (uid|None, gid|None)."""
    table = accounts(ctx)
    gnu = ctx.flavour == "gnu"
    if ":" in spec:
        user, _, group = spec.partition(":")
        colon = True
    elif "." in spec and spec not in table.user_ids:
        user, _, group = spec.partition(".")
        colon = True
    else:
        user, group, colon = spec, "", False
    uid = gid = None
    if user:
        if user in table.user_ids:
            uid = table.user_ids[user]
        elif user.isdigit():
            uid = int(user)
        else:
            raise ValueError(f"invalid user: {quote(spec)}" if gnu else f"unknown user {user}")
        if colon and not group:
            gid = table.login_group.get(uid, uid)
    if group:
        if group in table.group_ids:
            gid = table.group_ids[group]
        elif group.isdigit():
            gid = int(group)
        else:
            raise ValueError(f"invalid group: {quote(spec)}" if gnu else f"unknown group {group}")
    return uid, gid


@program("chown", "chgrp")
def chown(ctx: Context) -> int:
    parsed = _options(ctx, "cfhHLPRv", {
        "changes": "c", "silent": "f", "quiet": "f", "no-dereference": "h",
        "dereference": "dereference", "recursive": "R", "verbose": "v",
        "reference=": "reference", "from=": "from", "preserve-root": "preserve-root",
        "no-preserve-root": "no-preserve-root"}, "RhLHPcvf")
    if isinstance(parsed, int):
        return parsed
    options, operands = parsed
    gnu = ctx.flavour == "gnu"
    keys = _keys(options)
    recursive, quiet, verbose, changes = "R" in keys, "f" in keys, "v" in keys, "c" in keys
    no_deref = "h" in keys
    if not operands:
        return usage_error(ctx, "missing operand")
    spec, files = operands[0], operands[1:]
    if not files:
        return usage_error(ctx, f"missing operand after {quote(spec)}")
    try:
        if ctx.name == "chgrp":
            uid, gid = _parse_owner(ctx, ":" + spec)
        else:
            uid, gid = _parse_owner(ctx, spec)
    except ValueError as err:
        say(ctx, str(err))
        return 1
    table = accounts(ctx)
    me, _ = credentials(ctx)
    status = 0
    for top in files:
        paths = _walk(ctx, top) if recursive else [top]
        for path in paths:
            try:
                follow = not no_deref and path == top
                if path != top and ctx.fs.lstat(path, ctx.cwd).kind == SYMLINK:
                    follow = False
                canonical, entry = ctx.fs.resolve(path, ctx.cwd, follow=follow)
                new_uid = entry.uid if uid is None else uid
                new_gid = entry.gid if gid is None else gid
                if me != 0 and (new_uid != entry.uid or entry.uid != me):
                    raise FSError(EPERM, path)
                if me == 0 and (new_uid, new_gid) != (entry.uid, entry.gid) and not has(ctx, CAP_CHOWN):
                    raise FSError(EPERM, path)  # root without CAP_CHOWN (--cap-drop CHOWN)
                ctx.fs.chown(canonical, new_uid, new_gid, follow=False)
            except FSError as err:
                status = 1
                if not quiet:
                    _say_cannot_change(ctx, "group" if uid is None else "ownership", path, err)
                continue
            changed = (new_uid, new_gid) != (entry.uid, entry.gid)
            if gnu and (verbose or (changes and changed)):
                old = f"{table.user_or_id(entry.uid)}:{table.group_or_id(entry.gid)}"
                new = f"{table.user_or_id(new_uid)}:{table.group_or_id(new_gid)}"
                if uid is None:
                    old, new = table.group_or_id(entry.gid), table.group_or_id(new_gid)
                what = "group" if uid is None else "ownership"
                if changed:
                    ctx.out(f"changed {what} of {quote(path)} from {old} to {new}\n")
                else:
                    ctx.out(f"{what} of {quote(path)} retained as {new}\n")
            elif not gnu and (verbose or (changes and changed)):
                ctx.out(f"changed ownership of '{path}' to "
                        f"{new_uid}:{new_gid}\n")
    return status


# --------------------------------------------------------------------------
# tee


@program("tee")
def tee(ctx: Context) -> int:
    parsed = _options(ctx, "aip", {"append": "a", "ignore-interrupts": "i",
                                   "output-error?": "output-error"}, "ai")
    if isinstance(parsed, int):
        return parsed
    options, operands = parsed
    gnu = ctx.flavour == "gnu"
    append = "a" in _keys(options)
    uid, gid = credentials(ctx)
    data = ctx.stdin.read()
    status = 0
    for path in operands:
        if path == "-" and not gnu:
            ctx.out(data)
            continue
        try:
            exists = ctx.fs.exists(path, ctx.cwd)
            if not exists:
                check_write_dir(ctx, path)
            else:
                entry = ctx.fs.stat(path, ctx.cwd)
                if entry.kind == DIR:
                    raise FSError(EISDIR, path)
                if not may(ctx, entry, 2):
                    raise FSError(EACCES, path)
            ctx.fs.write(path, encode(data), ctx.cwd, append=append and exists,
                         mode=created_mode(ctx), uid=uid, gid=gid)
        except FSError as err:
            status = 1
            if gnu:
                say(ctx, f"{quotef(path)}: {ctx.strerror(err)}")
            else:
                say(ctx, f"can't open '{path}': {ctx.strerror(err)}")
    ctx.out(data)
    return status
