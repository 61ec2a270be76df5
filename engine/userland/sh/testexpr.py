"""test and [ : the expression evaluator and its per-shell error messages."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List, Optional

from ...vfs.entry import DIR, FILE, SYMLINK

UNARY = frozenset("-e -f -d -r -w -x -s -L -h -n -z -b -c -p -S -t -g -u -k -O -G -N".split())
BINARY = frozenset("= == != < > -eq -ne -lt -le -gt -ge -nt -ot -ef".split())
INT_OPS = {"-eq": lambda a, b: a == b, "-ne": lambda a, b: a != b, "-lt": lambda a, b: a < b,
           "-le": lambda a, b: a <= b, "-gt": lambda a, b: a > b, "-ge": lambda a, b: a >= b}


class TestError(Exception):
    """A bad expression. ``kind``: "int" (not a number), "bracket" (no closing ]),
    "operand" (BusyBox/dash: an argument left over), "argument" (an operand missing),
    "paren" (no closing paren; ``value`` what stood there instead, if anything),
    "unary"/"binary" (an operator expected at ``value``), "beyond" (coreutils: an
    operand missing after ``value``), "extra" (an argument left over at ``value``),
    "unexpected" (bash: an operator-like argument left over)."""

    def __init__(self, kind: str, value: Optional[str] = ""):
        super().__init__(kind, value)
        self.kind = kind
        self.value = value


def _gnu_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def message(dialect: str, name: str, err: TestError) -> str:
    """The complaint after the program's or shell's prefix. ``dialect``: ash (BusyBox,
    also its test applet), dash, bash, or gnu (coreutils' test)."""
    kind, value = err.kind, err.value
    if dialect in ("ash", "dash"):
        if kind == "bracket":
            return f"missing {']]' if name == '[[' else ']'}"
        if kind == "int":
            return f"Illegal number: {value}" if dialect == "dash" else (
                f"{value}: bad number" if value else "bad number")
        if kind == "operand":
            return f"{value}: {'unexpected operator' if dialect == 'dash' else 'unknown operand'}"
        if kind == "argument":
            return f"{value}: argument expected" if value else "argument expected"
        return "closing paren expected" if kind == "paren" else "syntax error"
    if dialect == "gnu":
        q = _gnu_quote(value or "")
        return {"int": f"invalid integer {q}", "bracket": "missing ']'",
                "extra": f"extra argument {q}", "beyond": f"missing argument after {q}",
                "unary": f"{q}: unary operator expected",
                "binary": f"{q}: binary operator expected",
                "paren": f"')' expected, found {q}" if value else "')' expected",
                }.get(kind, "syntax error")
    return {"int": f"{value}: integer expression expected", "bracket": "missing `]'",
            "extra": "too many arguments", "unexpected": f"syntax error: `{value}' unexpected",
            "beyond": "argument expected", "argument": "argument expected",
            "unary": f"{value}: unary operator expected",
            "binary": f"{value}: binary operator expected",
            "paren": f"`)' expected, found {value}" if value else "`)' expected",
            }.get(kind, "syntax error")


def to_int(text: str) -> int:
    stripped = text.strip(" \t\n")
    body = stripped[1:] if stripped[:1] in "+-" else stripped
    if not body.isdigit():
        raise TestError("int", text)
    return int(stripped)


def test(sh, args: List[str], dialect: str = "ash", bracket: str = "") -> bool:
    """Evaluate test's arguments (``bracket``: the "]" that closed `[ ... ]`, which
    bash and coreutils still see past the end) the way ``dialect`` parses them."""
    if dialect == "dash":
        return _DashTest(sh, args).run()
    if dialect == "ash":
        return _AshTest(sh, args).run()
    return _PosixTest(sh, args + ([bracket] if bracket else []), len(args), dialect).run()


class Operators:
    """The primaries shared by every test: unary file and string tests, binary
    comparisons. ``sh`` is the shell (or a program's stand-in) for files and fds."""

    def __init__(self, sh):
        self.sh = sh

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


class _AshTest(Operators):
    """BusyBox's test (ash, dash and the applet share it): POSIX's special cases by the
    number of arguments after any leading "!" (one word, three with a binary operator,
    four in parentheses), otherwise a recursive descent in which anything left over
    is an unknown operand."""

    def __init__(self, sh, args: List[str]):
        super().__init__(sh)
        self.args, self.i = args, 0

    def run(self) -> bool:
        start, negate = 0, False
        while True:
            rest = self.args[start:]
            if len(rest) < 2:
                return (bool(rest) and rest[0] != "") != negate
            if len(rest) == 3 and rest[1] in BINARY:
                return self.binary(*rest) != negate
            if len(rest) == 4 and rest[0] == "(" and rest[3] == ")":
                # BusyBox cuts the list at the ")" and steps past the "(": a following
                # "!" negates what is inside; anything else is parsed without the ")".
                self.args = self.args[:start + 3]
                start += 1
            if self.args[start] != "!":
                break
            start, negate = start + 1, not negate
        value = self.or_expr()
        if self.i < len(self.args):
            raise TestError("operand", self.args[self.i])
        return value

    def peek(self) -> Optional[str]:
        return self.args[self.i] if self.i < len(self.args) else None

    def or_expr(self) -> bool:
        value = self.and_expr()
        if self.peek() == "-o":
            self.i += 1
            return self.or_expr() or value
        return value

    def and_expr(self) -> bool:
        value = self.not_expr()
        if self.peek() == "-a":
            self.i += 1
            return self.and_expr() and value
        return value

    def not_expr(self) -> bool:
        if self.peek() == "!":
            self.i += 1
            if self.peek() is None:  # "[ ! ]" and "[ a -a ! ]" are true
                return True
            return not self.not_expr()
        return self.primary()

    def primary(self) -> bool:
        token = self.peek()
        if token is None:
            raise TestError("argument")
        args, i = self.args, self.i
        if token == "(":
            self.i += 1
            value = self.or_expr()
            if self.peek() != ")":
                raise TestError("paren")
            self.i += 1
            return value
        following = args[i + 1] if i + 1 < len(args) else None
        if following in BINARY and i + 2 < len(args):  # a binary test comes first
            self.i += 3
            return self.binary(token, following, args[i + 2])
        if token in UNARY and following is not None:
            self.i += 2
            return self.unary(token, following)
        if following in BINARY:
            raise TestError("argument", following)
        self.i += 1
        return token != ""


# dash's test knows no "==" (and no -N).
DASH_BINARY = BINARY - {"=="}
DASH_UNARY = UNARY - {"-N"}


class _DashTest(Operators):
    """dash's test: POSIX's rules for three and four arguments (a binary operator, a
    parenthesised pair, a leading "!"), then a loop-based grammar whose lexer takes a
    unary operator as a plain word where a binary operator follows it. A word left
    over is reported as the one before it."""

    def __init__(self, sh, args: List[str]):
        super().__init__(sh)
        self.args, self.i = list(args), 0

    def run(self) -> bool:
        args, truth_is_success = self.args, True
        while True:
            if not args:
                return not truth_is_success
            if len(args) in (3, 4):
                if len(args) == 3 and args[1] in DASH_BINARY:
                    self.args, self.i = args, 0
                    return self.evaluate("operand") == truth_is_success
                if args[0] == "(" and args[-1] == ")":
                    args = args[1:-1]
                elif args[0] == "!":
                    args, truth_is_success = args[1:], False
                    continue
            break
        self.args = args
        return self.evaluate(self.lex(0)) == truth_is_success

    def evaluate(self, token: str) -> bool:
        value = self.or_expr(token)
        if self.i + 1 < len(self.args):
            raise TestError("operand", self.args[self.i])
        return value

    def lex(self, index: int) -> str:
        """The token at ``index``: "eoi", "operand", or the operator itself."""
        if index >= len(self.args):
            return "eoi"
        word = self.args[index]
        known = word in DASH_UNARY or word in DASH_BINARY or word in ("!", "-a", "-o", "(", ")")
        if not known:
            return "operand"
        if word in DASH_UNARY and self._operand(index):
            return "operand"
        if word == "(" and index + 1 >= len(self.args):
            return "operand"
        return word

    def _operand(self, index: int) -> bool:
        if index + 1 >= len(self.args):
            return True
        if index + 2 >= len(self.args):
            return False
        return self.args[index + 1] in DASH_BINARY

    def or_expr(self, token: str) -> bool:
        value = False
        while True:
            value = self.and_expr(token) or value
            if self.lex(self.i + 1) != "-o":
                return value
            self.i += 2
            token = self.lex(self.i)

    def and_expr(self, token: str) -> bool:
        value = True
        while True:
            if not self.not_expr(token):
                value = False
            if self.lex(self.i + 1) != "-a":
                return value
            self.i += 2
            token = self.lex(self.i)

    def not_expr(self, token: str) -> bool:
        if token != "!":
            return self.primary(token)
        token = self.lex(self.i + 1)
        if token != "eoi":
            self.i += 1
        return not self.not_expr(token)

    def primary(self, token: str) -> bool:
        args = self.args
        if token == "eoi":
            return False
        if token == "(":
            self.i += 1
            inner = self.lex(self.i)
            if inner == ")":
                return False
            value = self.or_expr(inner)
            self.i += 1
            if self.lex(self.i) != ")":
                raise TestError("paren")
            return value
        if token in DASH_UNARY:
            self.i += 1
            if self.i >= len(args):
                raise TestError("argument", token)
            return self.unary(token, args[self.i])
        if self.lex(self.i + 1) in DASH_BINARY:
            op = args[self.i + 1]
            if self.i + 2 >= len(args):
                self.i += 1
                raise TestError("argument", op)
            self.i += 2
            return self.binary(args[self.i - 2], op, args[self.i])
        return args[self.i] != ""


class _PosixTest(Operators):
    """bash's test builtin and coreutils' test (one lineage): POSIX's rules by the
    number of arguments, then an expression grammar. ``argv`` may hold the closing
    "]" past ``argc``, as their argv does (it shows in "found ]")."""

    def __init__(self, sh, argv: List[str], argc: int, dialect: str):
        super().__init__(sh)
        self.argv, self.argc, self.pos, self.gnu = argv, argc, 0, dialect == "gnu"

    def at(self, index: int) -> Optional[str]:
        return self.argv[index] if index < len(self.argv) else None

    def run(self) -> bool:
        argv, argc = self.argv, self.argc
        if argc == 0:
            return False
        if argc == 1:
            value, self.pos = argv[0] != "", 1
        elif argc == 2:
            value, self.pos = self.two(), argc
        elif argc == 3:
            value, self.pos = self.three(), argc
        elif argc == 4 and argv[0] == "!":
            self.pos = 1
            value = not self.three()
            self.pos = argc
        elif argc == 4 and argv[0] == "(" and argv[3] == ")":
            self.pos = 1
            value = self.two()
            self.pos = argc
        else:
            value = self.expr()
        if self.pos != argc:
            left = argv[self.pos]
            if self.gnu:
                raise TestError("extra", left)
            raise TestError("unexpected" if left.startswith("-") else "extra", left)
        return value

    def beyond(self):
        raise TestError("beyond", self.argv[self.argc - 1])

    def two(self) -> bool:
        word, operand = self.argv[self.pos], self.argv[self.pos + 1]
        if word == "!":
            return operand == ""
        if len(word) == 2 and word[0] == "-":
            if word in UNARY:
                return self.unary_operator()
            raise TestError("unary", word)
        if self.gnu:
            self.beyond()
        raise TestError("unary", word)

    def three(self) -> bool:
        pos, argv = self.pos, self.argv
        if argv[pos + 1] in BINARY:
            return self.binary(argv[pos], argv[pos + 1], argv[pos + 2])
        if argv[pos + 1] in ("-a", "-o") and not self.gnu:
            left, right = argv[pos] != "", argv[pos + 2] != ""
            return (left and right) if argv[pos + 1] == "-a" else (left or right)
        if argv[pos] == "!":
            self.pos += 1
            return not self.two()
        if argv[pos].startswith("(") and argv[pos + 2].startswith(")"):
            return argv[pos + 1] != ""
        if self.gnu and argv[pos + 1] in ("-a", "-o"):
            return self.expr()
        raise TestError("binary", argv[pos + 1])

    def expr(self) -> bool:
        if self.pos >= self.argc:
            self.beyond()
        return self.or_expr()

    def or_expr(self) -> bool:
        value = self.and_expr()
        if self.pos < self.argc and self.argv[self.pos] == "-o":
            self.advance(False)
            return self.or_expr() or value
        return value

    def and_expr(self) -> bool:
        value = self.term()
        if self.pos < self.argc and self.argv[self.pos] == "-a":
            self.advance(False)
            return self.and_expr() and value
        return value

    def advance(self, needs_more: bool) -> None:
        if needs_more and self.pos + 1 >= self.argc:
            self.beyond()
        self.pos += 1

    def term(self) -> bool:
        argv, argc = self.argv, self.argc
        if self.pos >= argc:
            self.beyond()
        invert = False
        while self.pos < argc and argv[self.pos] == "!":
            self.advance(True)
            invert = not invert
        token = argv[self.pos]
        if token == "(":
            self.advance(True)
            value = self.expr()
            closing = self.at(self.pos) if self.pos <= argc else None
            if closing is None:
                raise TestError("paren")
            if closing != ")":
                raise TestError("paren", closing)
            self.advance(False)
        elif self.pos + 3 <= argc and argv[self.pos + 1] in BINARY:
            value = self.binary(token, argv[self.pos + 1], argv[self.pos + 2])
            self.pos += 3
        elif len(token) == 2 and token[0] == "-":
            if token not in UNARY:
                raise TestError("unary", token)
            value = self.unary_operator()
        else:
            value = token != ""
            self.advance(False)
        return value != invert

    def unary_operator(self) -> bool:
        op = self.argv[self.pos]
        if op == "-t" and not self.gnu:  # bash: -t alone tests fd 1
            self.pos += 1
            if self.pos >= self.argc:
                return self.unary("-t", "1")
            operand = self.argv[self.pos]
            if not operand.lstrip("-").isdigit():
                return False
            self.pos += 1
            return self.unary("-t", operand)
        self.advance(True)
        self.pos += 1
        return self.unary(op, self.argv[self.pos - 1])
