"""find, as GNU findutils 4.10 and BusyBox 1.37 (findutils/find.c) run it.

The expression is parsed into a tree (-a binds tighter than -o, "!"/-not,
parentheses); when it has no action, -print is added around it, as POSIX
says. Paths print as find builds them: the starting point as given, then
"START/NAME" (no doubled slash). Directories are read in name order (a real
overlayfs returns hash order; name order keeps lessons reproducible).

-exec runs the command as a child process, so find is a generator program.
"""

from __future__ import annotations

import fnmatch
import re
from typing import Any, Generator, List, Optional

from ...proc.api import Context, program
from ...vfs.entry import DIR, FIFO, FILE, SYMLINK
from ...vfs.errno import FSError
from .common import (accounts, busybox_usage, inode, join, last_component, may, mode_string,
                         quote, say, st_blocks, st_dev, st_nlink, st_size)

# Predicates taking one argument.
WITH_ARG = {"-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename", "-regex",
            "-iregex", "-type", "-xtype", "-perm", "-mtime", "-mmin", "-newer", "-inum",
            "-user", "-group", "-size", "-links", "-maxdepth", "-mindepth", "-printf",
            "-fprint", "-uid", "-gid", "-ctime", "-cmin", "-atime", "-amin", "-lname",
            "-ilname", "-samefile", "-context", "-used", "-regextype", "-fstype"}
NO_ARG = {"-print", "-print0", "-prune", "-quit", "-delete", "-depth", "-d", "-xdev",
          "-mount", "-follow", "-empty", "-executable", "-readable", "-writable", "-true",
          "-false", "-nouser", "-nogroup", "-ls", "-noleaf", "-ignore_readdir_race",
          "-daystart"}
GLOBAL_OPTIONS = {"-maxdepth", "-mindepth", "-depth", "-d", "-xdev", "-mount", "-follow",
                  "-noleaf", "-ignore_readdir_race", "-daystart", "-regextype"}
ACTIONS = {"-print", "-print0", "-exec", "-execdir", "-ok", "-okdir", "-delete", "-printf",
           "-ls", "-fprint", "-quit"}
BUSYBOX_KNOWN = {"-follow", "-xdev", "-depth", "-a", "-o", "!", "-and", "-or", "-not",
                 "-print", "-print0", "-prune", "-quit", "-delete", "-exec", "-executable",
                 "(", "-name", "-iname", "-path", "-wholename", "-ipath", "-regex", "-type",
                 "-perm", "-mtime", "-mmin", "-newer", "-inum", "-user", "-group", "-size",
                 "-links", "-mindepth", "-maxdepth", "-empty"}


class FindError(Exception):
    def __init__(self, message: str, usage: bool = False):
        super().__init__(message)
        self.message = message
        self.usage = usage


class Node:
    def __init__(self, kind: str, *args: Any):
        self.kind = kind
        self.args = list(args)


class Parser:
    def __init__(self, ctx: Context, tokens: List[str]):
        self.ctx = ctx
        self.gnu = ctx.flavour == "gnu"
        self.tokens = tokens
        self.pos = 0
        self.has_action = False
        self.maxdepth: Optional[int] = None
        self.mindepth = 0
        self.depth_first = False
        self.xdev = False
        self.follow = False
        self.last_test: Optional[str] = None
        self.warnings: List[str] = []

    def peek(self) -> Optional[str]:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def parse(self) -> Node:
        if not self.tokens:
            return Node("true")
        node = self.parse_or()
        if self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            if token == ")":
                raise FindError("invalid expression; you have too many ')'" if self.gnu
                                else "unpaired ')'")
            raise FindError(f"paths must precede expression: {quote(token)}" if self.gnu
                            else f"unrecognized: {token}", usage=not self.gnu)
        return node

    def parse_or(self) -> Node:
        node = self.parse_and()
        while self.peek() in ("-o", "-or"):
            self.pos += 1
            if self.peek() is None:
                raise FindError("invalid expression; you have used a binary operator '-o' "
                                "with nothing after it." if self.gnu else "-o requires an argument")
            node = Node("or", node, self.parse_and())
        return node

    def parse_and(self) -> Node:
        node = self.parse_not()
        while True:
            token = self.peek()
            if token is None or token in ("-o", "-or", ")"):
                return node
            if token in ("-a", "-and"):
                self.pos += 1
                if self.peek() is None:
                    raise FindError("invalid expression; you have used a binary operator "
                                    "'-a' with nothing after it.")
            node = Node("and", node, self.parse_not())

    def parse_not(self) -> Node:
        token = self.peek()
        if token in ("!", "-not"):
            self.pos += 1
            if self.peek() is None:
                raise FindError("invalid expression; '!' or '-not' must be followed by an "
                                "expression" if self.gnu else "! requires an argument")
            return Node("not", self.parse_not())
        return self.parse_primary()

    def parse_primary(self) -> Node:
        token = self.tokens[self.pos]
        self.pos += 1
        if token == "(":
            if self.peek() == ")":
                raise FindError("invalid expression; empty parentheses are not allowed.")
            node = self.parse_or()
            if self.peek() != ")":
                raise FindError("invalid expression; I was expecting to find a ')' somewhere "
                                "but did not see one." if self.gnu else "unpaired '('")
            self.pos += 1
            return node
        if not self.gnu and token not in BUSYBOX_KNOWN:
            raise FindError(f"unrecognized: {token}", usage=True)
        if token not in WITH_ARG and token not in NO_ARG and token not in (
                "-exec", "-execdir", "-ok", "-okdir"):
            if self.gnu:
                if token.startswith("-") and len(token) > 1:
                    raise FindError(f"unknown predicate {quote(token)}")
                raise FindError(f"paths must precede expression: {quote(token)}")
            raise FindError(f"unrecognized: {token}", usage=True)
        if token in GLOBAL_OPTIONS and self.gnu and self.last_test is not None:
            self.warnings.append(
                f"warning: you have specified the global option {token} after the argument "
                f"{self.last_test}, but global options are not positional, i.e., {token} "
                "affects tests specified before it as well as those specified after it.  "
                "Please specify global options before other arguments.")
        if token not in GLOBAL_OPTIONS:
            self.last_test = token
        if token in ("-exec", "-execdir", "-ok", "-okdir"):
            return self.parse_exec(token)
        if token in WITH_ARG:
            if self.pos >= len(self.tokens):
                raise FindError(f"missing argument to {quote(token)}" if self.gnu
                                else f"{token} requires an argument")
            value = self.tokens[self.pos]
            self.pos += 1
            return self.primary_with_arg(token, value)
        return self.primary(token)

    def parse_exec(self, token: str) -> Node:
        self.has_action = True
        command: List[str] = []
        while True:
            if self.pos >= len(self.tokens):
                raise FindError(f"missing argument to {quote(token)}" if self.gnu
                                else f"{token} requires an argument")
            arg = self.tokens[self.pos]
            self.pos += 1
            if arg == ";" or (arg == "+" and command and command[-1] == "{}"):
                break
            command.append(arg)
        if not command:
            raise FindError(f"missing argument to {quote(token)}" if self.gnu
                            else f"{token} requires an argument")
        return Node("exec", command, arg == "+", token)

    def primary(self, token: str) -> Node:
        if token in ("-print", "-print0", "-delete", "-ls", "-quit"):
            self.has_action = True
            if token == "-delete":
                self.depth_first = True
            return Node(token[1:])
        if token in ("-depth", "-d"):
            self.depth_first = True
            return Node("true")
        if token in ("-xdev", "-mount"):
            self.xdev = True
            return Node("true")
        if token == "-follow":
            self.follow = True
            return Node("true")
        if token in ("-noleaf", "-ignore_readdir_race", "-daystart", "-true"):
            return Node("true")
        if token == "-false":
            return Node("false")
        return Node(token[1:])  # prune, empty, executable, readable, writable, nouser...

    def number(self, token: str, value: str) -> int:
        if not value.isdigit():
            if self.gnu:
                raise FindError(f"Expected a positive decimal integer argument to {token}, "
                                f"but got {quote(value)}")
            raise FindError(f"invalid number '{value}'")
        return int(value)

    def signed(self, token: str, value: str):
        sign = value[:1] if value[:1] in "+-" else ""
        digits = value[len(sign):]
        if not digits.isdigit():
            raise FindError(f"invalid argument {quote(value)} to {quote(token)}" if self.gnu
                            else f"invalid number '{value}'")
        return sign, int(digits)

    def primary_with_arg(self, token: str, value: str) -> Node:
        if token == "-maxdepth":
            self.maxdepth = self.number(token, value)
            return Node("true")
        if token == "-mindepth":
            self.mindepth = self.number(token, value)
            return Node("true")
        if token in ("-name", "-iname", "-lname", "-ilname"):
            return Node("name", value, token.startswith("-i"), token.endswith("lname"))
        if token in ("-path", "-ipath", "-wholename", "-iwholename"):
            return Node("path", value, token in ("-ipath", "-iwholename"))
        if token in ("-regex", "-iregex"):
            try:
                pattern = re.compile(_emacs_to_python(value),
                                     re.IGNORECASE if token == "-iregex" else 0)
            except re.error:
                raise FindError(f"invalid regular expression {quote(value)}")
            return Node("regex", pattern)
        if token in ("-type", "-xtype"):
            letters = value.split(",") if self.gnu else [value]
            for letter in letters:
                if len(letter) != 1 or letter not in "fdlcbpsD":
                    if self.gnu:
                        if len(letter) != 1:
                            raise FindError(f"Must separate multiple arguments to {token} "
                                            "using: ','" if letter and all(
                                                c in "fdlcbps" for c in letter) else
                                            f"Unknown argument to {token}: {letter}")
                        raise FindError(f"Unknown argument to {token}: {letter}")
                    raise FindError(f"invalid argument '{value}' to '{token}'")
            return Node("type", letters, token == "-xtype")
        if token == "-perm":
            from .files import compile_mode, apply_mode
            kind = value[:1] if value[:1] in "-/+" else ""
            spec = value[len(kind):]
            clauses = compile_mode(spec)
            if clauses is None:
                raise FindError(f"invalid mode {quote(value)}" if self.gnu
                                else f"invalid mode '{spec}'")
            return Node("perm", kind, apply_mode(clauses, 0, False, umask=0))
        if token in ("-mtime", "-mmin", "-ctime", "-cmin", "-atime", "-amin"):
            sign, number = self.signed(token, value)
            unit = 86400 if token.endswith("time") else 60
            return Node("age", sign, number, unit)
        if token == "-newer":
            try:
                reference = self.ctx.fs.stat(value, self.ctx.cwd)
            except FSError as err:
                if self.gnu:
                    raise FindError(f"{quote(value)}: {self.ctx.strerror(err)}")
                raise FindError(f"{value}: {self.ctx.strerror(err)}")
            return Node("newer", reference.mtime)
        if token in ("-inum", "-links"):
            sign, number = self.signed(token, value)
            return Node(token[1:], sign, number)
        if token in ("-user", "-uid"):
            return Node("user", self.account(value, user=True, token=token))
        if token in ("-group", "-gid"):
            return Node("group", self.account(value, user=False, token=token))
        if token == "-size":
            match = re.fullmatch(r"([+-]?)(\d+)([bcwkMG]?)", value)
            if not match:
                raise FindError(f"invalid -size type {quote(value[-1:])}" if self.gnu
                                else f"invalid number '{value}'")
            unit = {"": 512, "b": 512, "c": 1, "w": 2, "k": 1024, "M": 1024 ** 2,
                    "G": 1024 ** 3}[match.group(3)]
            return Node("size", match.group(1), int(match.group(2)), unit)
        if token == "-printf":
            self.has_action = True
            return Node("printf", value)
        if token == "-fprint":
            self.has_action = True
            return Node("print")
        if token == "-samefile":
            try:
                where = self.ctx.fs.resolve(value, self.ctx.cwd)[0]
            except FSError as err:
                raise FindError(f"{quote(value)}: {self.ctx.strerror(err)}")
            return Node("samefile", where)
        return Node("true")

    def account(self, value: str, user: bool, token: str) -> int:
        table = accounts(self.ctx)
        ids = table.user_ids if user else table.group_ids
        if value in ids:
            return ids[value]
        if value.isdigit():
            return int(value)
        if self.gnu:
            kind = "user" if user else "group"
            raise FindError(f"{quote(value)} is not the name of a known {kind}")
        raise FindError(f"unknown {'user' if user else 'group'} {value}")


def _emacs_to_python(pattern: str) -> str:
    """-regex uses Emacs syntax by default: \\( \\) \\| \\{ \\} group; ( ) | { } are literal."""
    out = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            out.append(nxt if nxt in "()|{}" else "\\" + nxt)
            i += 2
            continue
        out.append("\\" + char if char in "()|{}" else char)
        i += 1
    return "".join(out) + r"\Z"


# CPU seconds per entry visited (scripts/measured_costs.md, 50k entries, -name that
# never matches): GNU 0.46 µs, busybox 1.79 µs.
ENTRY_COST = {"gnu": 0.46e-6, "busybox": 1.79e-6}


class Finder:
    def __init__(self, ctx: Context, parser: Parser, tree: Node):
        self.ctx = ctx
        self.gnu = ctx.flavour == "gnu"
        self.p = parser
        self.tree = tree
        self.status = 0
        self.quit = False
        self.batches: dict = {}

    def error(self, path: str, err) -> None:
        self.status = 1
        if self.gnu:
            say(self.ctx, f"{quote(path)}: {self.ctx.strerror(err)}")
        else:
            say(self.ctx, f"{path}: {self.ctx.strerror(err)}")

    def visit(self, path: str, depth: int, follow: bool, device) -> Generator:
        if self.quit:
            return
        ctx = self.ctx
        ctx.charge(ENTRY_COST[ctx.flavour])
        yield from ctx.flow()
        try:
            where, entry = ctx.fs.resolve(path, ctx.cwd, follow=follow)
        except FSError as err:
            if follow:
                try:
                    where, entry = ctx.fs.resolve(path, ctx.cwd, follow=False)
                except FSError:
                    self.error(path, err)
                    return
            else:
                self.error(path, err)
                return
        this_device = st_dev(ctx, where)
        info = (path, where, entry, depth)
        descend = entry.kind == DIR and (self.p.maxdepth is None or depth < self.p.maxdepth)
        if self.p.xdev and device is not None and this_device != device:
            descend = False
        pruned = False
        if not self.p.depth_first and depth >= self.p.mindepth:
            result = yield from self.evaluate(self.tree, info)
            pruned = result == "prune" or self.pruned
            self.pruned = False
        if self.quit:
            return
        if descend and not pruned:
            try:
                names = ctx.fs.readdir(where)
                if not may(ctx, entry, 4):
                    from ...vfs.errno import EACCES
                    raise FSError(EACCES, path)
            except FSError as err:
                self.error(path, err)
                names = []
            for name in names:
                yield from self.visit(join(path, name), depth + 1, self.p.follow, this_device)
                if self.quit:
                    return
        if self.p.depth_first and depth >= self.p.mindepth:
            yield from self.evaluate(self.tree, info)
            self.pruned = False

    pruned = False

    def evaluate(self, node: Node, info) -> Generator:
        """True or False (a generator: -exec runs a child process)."""
        kind = node.kind
        if kind == "and":
            left = yield from self.evaluate(node.args[0], info)
            if not left or self.quit:
                return False
            return (yield from self.evaluate(node.args[1], info))
        if kind == "or":
            left = yield from self.evaluate(node.args[0], info)
            if left or self.quit:
                return left
            return (yield from self.evaluate(node.args[1], info))
        if kind == "not":
            value = yield from self.evaluate(node.args[0], info)
            return not value
        if kind == "exec":
            return (yield from self.run_exec(node, info))
        return self.test(node, info)

    def test(self, node: Node, info) -> bool:
        ctx = self.ctx
        path, where, entry, depth = info
        kind = node.kind
        if kind == "true":
            return True
        if kind == "false":
            return False
        if kind == "print":
            ctx.out(path + "\n")
            return True
        if kind == "print0":
            ctx.out(path + "\0")
            return True
        if kind == "printf":
            ctx.out(self.printf(node.args[0], info))
            return True
        if kind == "ls":
            ctx.out(self.ls_line(info))
            return True
        if kind == "quit":
            self.quit = True
            return True
        if kind == "prune":
            if entry.kind == DIR:
                self.pruned = True
            return True
        if kind == "delete":
            return self.delete(path, entry)
        if kind == "name":
            pattern, nocase, is_link = node.args
            if is_link:
                if entry.kind != SYMLINK:
                    return False
                subject = entry.target
            else:
                subject = last_component(path) if path not in ("/",) else "/"
            return _match(pattern, subject, nocase)
        if kind == "path":
            pattern, nocase = node.args
            return _match(pattern, path, nocase)
        if kind == "regex":
            return node.args[0].match(path) is not None
        if kind == "type":
            letters, xtype = node.args
            subject = entry
            if xtype and entry.kind == SYMLINK:
                try:
                    subject = ctx.fs.stat(where)
                except FSError:
                    subject = entry
            letter = {DIR: "d", FILE: "f", SYMLINK: "l", "char": "c", FIFO: "p"}.get(subject.kind, "?")
            return letter in letters
        if kind == "perm":
            how, bits = node.args
            mode = entry.mode & 0o7777
            if how == "-":
                return mode & bits == bits
            if how in ("/", "+"):
                return bits == 0 or bool(mode & bits)
            return mode == bits
        if kind == "age":
            sign, number, unit = node.args
            age = ctx.now() - entry.mtime
            if unit == 60:
                amount = int(-(-age // 60)) if age > 0 else int(age // 60)
            else:
                amount = int(age // unit)
            return _compare(sign, amount, number)
        if kind == "newer":
            return entry.mtime > node.args[0]
        if kind == "inum":
            return _compare(node.args[0], inode(where, entry), node.args[1])
        if kind == "links":
            return _compare(node.args[0], st_nlink(ctx, where, entry), node.args[1])
        if kind == "user":
            return entry.uid == node.args[0]
        if kind == "group":
            return entry.gid == node.args[0]
        if kind == "size":
            sign, number, unit = node.args
            size = st_size(ctx, where, entry)
            amount = -(-size // unit)
            return _compare(sign, amount, number)
        if kind == "empty":
            if entry.kind == DIR:
                try:
                    return not ctx.fs.readdir(where)
                except FSError:
                    return False
            return entry.kind == FILE and entry.size == 0
        if kind == "executable":
            return may(ctx, entry, 1)
        if kind == "readable":
            return may(ctx, entry, 4)
        if kind == "writable":
            return may(ctx, entry, 2)
        if kind == "nouser":
            return accounts(ctx).user(entry.uid) is None
        if kind == "nogroup":
            return accounts(ctx).group(entry.gid) is None
        if kind == "samefile":
            return where == node.args[0]
        return True

    def delete(self, path: str, entry) -> bool:
        ctx = self.ctx
        if path in (".",):
            return True
        try:
            if entry.kind == DIR:
                ctx.fs.rmdir(path, ctx.cwd)
            else:
                ctx.fs.unlink(path, ctx.cwd)
        except FSError as err:
            self.status = 1
            if self.gnu:
                say(ctx, f"cannot delete {quote(path)}: {ctx.strerror(err)}")
            else:
                say(ctx, f"{path}: {ctx.strerror(err)}")
            return False
        return True

    def run_exec(self, node: Node, info) -> Generator:
        command, batch, token = node.args
        path = info[0]
        if batch:
            self.batches.setdefault(id(node), (command, []))[1].append(path)
            return True
        argv = [arg.replace("{}", path) for arg in command]
        status = yield from self.spawn(argv)
        return status == 0

    def spawn(self, argv: List[str]) -> Generator:
        ctx = self.ctx
        try:
            status = yield from ctx.run(argv)
        except FSError as err:
            name = argv[0]
            if self.gnu:
                say(ctx, f"{quote(name)}: {ctx.strerror(err)}")
            else:
                say(ctx, f"{name}: {ctx.strerror(err)}")
            self.status = 1
            return 127
        return status

    def flush(self) -> Generator:
        for command, paths in self.batches.values():
            if not paths:
                continue
            index = command.index("{}")
            argv = command[:index] + paths + command[index + 1:]
            status = yield from self.spawn(argv)
            if status != 0:
                self.status = 1

    def printf(self, fmt: str, info) -> str:
        path, where, entry, depth = info
        ctx = self.ctx
        out = []
        i = 0
        while i < len(fmt):
            char = fmt[i]
            if char == "\\" and i + 1 < len(fmt):
                out.append({"n": "\n", "t": "\t", "0": "\0", "\\": "\\"}.get(fmt[i + 1],
                                                                              "\\" + fmt[i + 1]))
                i += 2
                continue
            if char == "%" and i + 1 < len(fmt):
                letter = fmt[i + 1]
                i += 2
                table = accounts(ctx)
                if letter == "p":
                    out.append(path)
                elif letter == "f":
                    out.append(last_component(path))
                elif letter == "h":
                    head = path.rstrip("/").rsplit("/", 1)
                    out.append(head[0] if len(head) == 2 and head[0] else
                               ("/" if path.startswith("/") and len(head) == 2 else "."))
                elif letter == "s":
                    out.append(str(st_size(ctx, where, entry)))
                elif letter == "m":
                    out.append(f"{entry.mode & 0o7777:o}")
                elif letter == "M":
                    out.append(mode_string(entry))
                elif letter == "u":
                    out.append(table.user_or_id(entry.uid))
                elif letter == "g":
                    out.append(table.group_or_id(entry.gid))
                elif letter == "U":
                    out.append(str(entry.uid))
                elif letter == "G":
                    out.append(str(entry.gid))
                elif letter == "d":
                    out.append(str(depth))
                elif letter == "i":
                    out.append(str(inode(where, entry)))
                elif letter == "n":
                    out.append(str(st_nlink(ctx, where, entry)))
                elif letter == "l":
                    out.append(entry.target if entry.kind == SYMLINK else "")
                elif letter == "y":
                    out.append({DIR: "d", FILE: "f", SYMLINK: "l"}.get(entry.kind, "c"))
                elif letter == "k":
                    out.append(str(-(-st_blocks(ctx, where, entry) // 2)))
                elif letter == "%":
                    out.append("%")
                else:
                    out.append("%" + letter)
                continue
            out.append(char)
            i += 1
        return "".join(out)

    def ls_line(self, info) -> str:
        from .common import ls_date
        path, where, entry, depth = info
        ctx = self.ctx
        table = accounts(ctx)
        blocks = -(-st_blocks(ctx, where, entry) // 2)
        line = (f"{inode(where, entry):>9} {blocks:>6} {mode_string(entry)} "
                f"{st_nlink(ctx, where, entry):>3} {table.user_or_id(entry.uid):<8} "
                f"{table.group_or_id(entry.gid):<8} {st_size(ctx, where, entry):>8} "
                f"{ls_date(ctx, entry.mtime)} {path}")
        if entry.kind == SYMLINK:
            line += " -> " + entry.target
        return line + "\n"


def _compare(sign: str, value: int, number: int) -> bool:
    if sign == "+":
        return value > number
    if sign == "-":
        return value < number
    return value == number


def _match(pattern: str, name: str, nocase: bool) -> bool:
    if nocase:
        return fnmatch.fnmatchcase(name.lower(), pattern.lower())
    return fnmatch.fnmatchcase(name, pattern)


@program("find")
def find(ctx: Context):
    gnu = ctx.flavour == "gnu"
    args = ctx.argv[1:]
    if not gnu and args == ["--help"]:
        ctx.stderr.write(busybox_usage(ctx, "find"))
        return 0
    if gnu and args[:1] in (["--help"], ["-help"]):
        ctx.out("Usage: find [-H] [-L] [-P] [-Olevel] [-D debugopts] [path...] [expression]\n")
        return 0
    if gnu and args[:1] in (["--version"], ["-version"]):
        ctx.out("find (GNU findutils) 4.10.0\n")
        return 0
    follow_top = follow_all = False
    while args and args[0] in ("-H", "-L", "-P") or (args and len(args[0]) > 1 and
                                                     args[0][0] == "-" and
                                                     all(c in "HLP" for c in args[0][1:])):
        for letter in args[0][1:]:
            if letter == "L":
                follow_all, follow_top = True, False
            elif letter == "H":
                follow_top, follow_all = True, False
            else:
                follow_top = follow_all = False
        args = args[1:]
    starts = []
    while args and not (args[0].startswith("-") and len(args[0]) > 1) \
            and args[0] not in ("!", "(", ")", ","):
        starts.append(args.pop(0))
    parser = Parser(ctx, args)
    try:
        tree = parser.parse()
    except FindError as err:
        for warning in parser.warnings:
            say(ctx, warning)
        say(ctx, err.message)
        if err.usage:
            ctx.stderr.write(busybox_usage(ctx, "find"))
        return 1
    for warning in parser.warnings:
        say(ctx, warning)
    if not parser.has_action:
        tree = Node("and", tree, Node("print"))
    if follow_all:
        parser.follow = True
    finder = Finder(ctx, parser, tree)
    for start in starts or ["."]:
        if start == "" and gnu:
            say(ctx, f"{quote('')}: No such file or directory")
            finder.status = 1
            continue
        yield from finder.visit(start, 0, parser.follow or follow_top, None)
        if finder.quit:
            break
    yield from finder.flush()
    return finder.status

