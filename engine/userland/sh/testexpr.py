"""test and [ : the expression evaluator and its per-shell error messages."""

from __future__ import annotations

from typing import List

from ...vfs.entry import DIR, FILE, SYMLINK

UNARY = frozenset("-e -f -d -r -w -x -s -L -h -n -z -b -c -p -S -t -g -u -k -O -G -N".split())
BINARY = frozenset("= == != < > -eq -ne -lt -le -gt -ge -nt -ot -ef".split())
INT_OPS = {"-eq": lambda a, b: a == b, "-ne": lambda a, b: a != b, "-lt": lambda a, b: a < b,
           "-le": lambda a, b: a <= b, "-gt": lambda a, b: a > b, "-ge": lambda a, b: a >= b}


class TestError(Exception):
    def __init__(self, kind: str, value: str = ""):
        super().__init__(kind, value)
        self.kind = kind  # "int" (not a number), "extra" (argument left over),
        self.value = value  # "missing" (argument expected), "paren", "bracket" (no ])


def message(dialect: str, name: str, err: TestError) -> str:
    """The text after the shell's prefix (ash prints "sh: " before it, the others
    their usual prefix and ``name:``)."""
    kind, value = err.kind, err.value
    if dialect == "ash":
        return {"int": f"{value}: bad number", "bracket": "missing ]",
                "extra": f"{value}: unknown operand", "missing": f"{value}: argument expected",
                "paren": "closing paren expected", "unary": f"{value}: unary operator expected",
                }.get(kind, "syntax error")
    if dialect == "dash":
        return {"int": f"Illegal number: {value}", "bracket": "missing ]",
                "extra": f"{value}: unexpected operator", "missing": f"{value}: argument expected",
                "paren": "closing paren expected", "unary": f"{value}: unexpected operator",
                }.get(kind, "syntax error")
    return {"int": f"{value}: integer expression expected", "bracket": "missing `]'",
            "extra": "too many arguments", "missing": f"{value}: unary operator expected",
            "paren": "`)' expected", "unary": f"{value}: unary operator expected",
            "binary": f"{value}: binary operator expected"}.get(kind, "syntax error")


def to_int(text: str) -> int:
    stripped = text.strip(" \t\n")
    body = stripped[1:] if stripped[:1] in "+-" else stripped
    if not body.isdigit():
        raise TestError("int", text)
    return int(stripped)


class Evaluator:
    def __init__(self, sh, args: List[str]):
        self.sh = sh
        self.args = args
        self.i = 0

    def run(self) -> bool:
        args = self.args
        n = len(args)
        if n == 0:
            return False
        if n == 1:
            return args[0] != ""
        if n == 2:
            if args[0] == "!":
                return args[1] == ""
            if args[0] in UNARY:
                return self.unary(args[0], args[1])
            raise TestError("unary" if args[0].startswith("-") else "extra", args[0])
        if n == 3:
            if args[1] in BINARY:
                return self.binary(args[0], args[1], args[2])
            if args[0] == "!":
                return not Evaluator(self.sh, args[1:]).run()
            if args[0] == "(" and args[2] == ")":
                return args[1] != ""
        if n == 4:
            if args[0] == "!":
                return not Evaluator(self.sh, args[1:]).run()
            if args[0] == "(" and args[3] == ")":
                return Evaluator(self.sh, args[1:3]).run()
        value = self.or_expr()
        if self.i < n:
            raise TestError("extra", args[self.i])
        return value

    def peek(self):
        return self.args[self.i] if self.i < len(self.args) else None

    def take(self):
        value = self.peek()
        if value is None:
            raise TestError("missing", self.args[-1] if self.args else "")
        self.i += 1
        return value

    def or_expr(self) -> bool:
        value = self.and_expr()
        while self.peek() == "-o":
            self.i += 1
            right = self.and_expr()
            value = value or right
        return value

    def and_expr(self) -> bool:
        value = self.not_expr()
        while self.peek() == "-a":
            self.i += 1
            right = self.not_expr()
            value = value and right
        return value

    def not_expr(self) -> bool:
        if self.peek() == "!":
            self.i += 1
            return not self.not_expr()
        return self.primary()

    def primary(self) -> bool:
        tok = self.take()
        if tok == "(":
            value = self.or_expr()
            if self.peek() != ")":
                raise TestError("paren")
            self.i += 1
            return value
        nxt = self.peek()
        if nxt in BINARY and self.i + 1 < len(self.args):
            self.i += 1
            return self.binary(tok, nxt, self.take())
        if tok in UNARY and nxt is not None:
            self.i += 1
            return self.unary(tok, nxt)
        return tok != ""

    # -- operators --------------------------------------------------------------
    def binary(self, a: str, op: str, b: str) -> bool:
        if op in ("=", "=="):
            return a == b
        if op == "!=":
            return a != b
        if op == "<":
            return a < b
        if op == ">":
            return a > b
        if op in INT_OPS:
            return INT_OPS[op](to_int(a), to_int(b))
        fs, cwd = self.sh.fs, self.sh.cwd
        if op in ("-nt", "-ot"):
            ta, tb = _mtime(fs, a, cwd), _mtime(fs, b, cwd)
            if op == "-nt":
                return ta is not None and (tb is None or ta > tb)
            return tb is not None and (ta is None or ta < tb)
        if op == "-ef":
            try:
                return fs.realpath(a, cwd) == fs.realpath(b, cwd)
            except Exception:
                return False
        return False

    def unary(self, op: str, arg: str) -> bool:
        if op == "-n":
            return arg != ""
        if op == "-z":
            return arg == ""
        if op == "-t":
            try:
                fd = int(arg)
            except ValueError:
                return False
            stream = self.sh.fds.get(fd)
            return bool(stream is not None and getattr(stream, "isatty", False))
        fs, cwd = self.sh.fs, self.sh.cwd
        try:
            entry = fs.lstat(arg, cwd) if op in ("-L", "-h") else fs.stat(arg, cwd)
        except Exception:
            return False
        if arg == "":
            return False
        kind = entry.kind
        if op == "-e":
            return True
        if op == "-f":
            return kind == FILE
        if op == "-d":
            return kind == DIR
        if op in ("-L", "-h"):
            return kind == SYMLINK
        if op == "-s":
            return kind != FILE or entry.size > 0
        if op == "-c":
            return kind == "char"
        if op == "-b":
            return kind == "block"
        if op in ("-p", "-S"):
            return kind == ("fifo" if op == "-p" else "socket")
        if op in ("-r", "-w", "-x"):
            return _access(self.sh, entry, op[1])
        if op == "-u":
            return bool(entry.mode & 0o4000)
        if op == "-g":
            return bool(entry.mode & 0o2000)
        if op == "-k":
            return bool(entry.mode & 0o1000)
        if op == "-O":
            return entry.uid == self.sh.ctx.uid
        if op == "-G":
            return entry.gid == self.sh.ctx.gid
        return False


def _mtime(fs, path, cwd):
    try:
        return fs.stat(path, cwd).mtime
    except Exception:
        return None


def _access(sh, entry, what: str) -> bool:
    uid = sh.ctx.uid
    bit = {"r": 4, "w": 2, "x": 1}[what]
    mode = entry.mode
    if uid == 0:
        if what == "x":
            return entry.kind == DIR or bool(mode & 0o111)
        return True
    if entry.uid == uid:
        return bool(mode & (bit << 6))
    if entry.gid == sh.ctx.gid:
        return bool(mode & (bit << 3))
    return bool(mode & bit)


def test(sh, args: List[str]) -> bool:
    return Evaluator(sh, args).run()
