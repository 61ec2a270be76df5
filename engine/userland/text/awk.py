"""awk: a POSIX awk interpreter in two dialects - mawk 1.3.4 (Debian's and
Ubuntu's awk) and BusyBox's awk.

The program is tokenized (a "/" is a regex where an operand may start, and a
newline ends a statement except after "{", "&&", "||", ",", "do", "else"
and a backslash), parsed by recursive descent into tuples, and run by a tree
walker. Values follow the POSIX rules: numbers, strings, and "strnums" (fields,
getline input, -v and ARGV values) that compare as numbers when they look like
numbers. Arrays iterate in insertion order for mawk (whose own order comes
from a self-organizing hash table) and in BusyBox's exact hash order.

Left out: "cmd | getline", print to a pipe and system() (they would need to run
programs from inside an expression), printf's %*d.
"""

from __future__ import annotations

import math
import re
from typing import Any, Dict, List, Optional, Tuple

from ...entropy import Seeded
from ...proc.api import Context, encode, program
from ...vfs.errno import EISDIR, FSError
from ..options import busybox_usage
from ..coreutils.common import new_file
from ..streaming import spin_forever
from .io import read_text
from .regex import RegexError, compile_translated, translate

MAWK_USAGE = """\
Usage: mawk [Options] [Program] [file ...]

Program:
    The -f option value is the name of a file containing program text.
    If no -f option is given, a "--" ends option processing; the following
    parameters are the program text.

Options:
    -f program-file  Program  text is read from file instead of from the
                     command-line.  Multiple -f options are accepted.
    -F value         sets the field separator, FS, to value.
    -v var=value     assigns value to program variable var.
    --               unambiguous end of options.

    Implementation-specific options are prefixed with "-W".  They can be
    abbreviated:

    -W version       show version information and exit.
    -W dump          show assembler-like listing of program and exit.
    -W help          show this message and exit.
    -W interactive   set unbuffered output, line-buffered input.
    -W exec file     use file as program as well as last option.
    -W random=number set initial random seed.
    -W sprintf=number adjust size of sprintf buffer.
    -W posix_space   do not consider "\\n" a space.
    -W usage         show this message and exit.
"""

MAX_INT = 2147483647  # mawk prints integral values up to this with %d


class AwkError(Exception):
    """A fatal error: the message after "awk: " and the exit status."""

    def __init__(self, message: str, status: int, plain: bool = False, runtime: bool = False):
        super().__init__(message)
        self.message = message
        self.status = status
        self.plain = plain  # BusyBox: "awk: MSG" rather than "awk: cmd. line:N: MSG"
        self.runtime = runtime  # mawk: "run time error: MSG" and where it happened


class _Next(Exception):
    pass


class _NextFile(Exception):
    pass


class _Exit(Exception):
    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


class _Endless(Exception):
    """A loop that provably runs for ever without a visible effect (see _endless)."""


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class _Return(Exception):
    def __init__(self, value):
        super().__init__()
        self.value = value


class StrNum(str):
    """A string from input that compares as a number if it looks like one."""
    __slots__ = ()


class _Uninit:
    """The value of a variable never assigned: "" and 0 at once."""
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNINIT"


UNINIT = _Uninit()
_NUMERIC = re.compile(r"^[ \t\n\r\f\v]*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[ \t\n\r\f\v]*$")
_LEADING = re.compile(r"[ \t\n\r\f\v]*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")


class AwkArray:
    """An awk array; ``keys()`` in the implementation's iteration order."""

    def __init__(self, busybox: bool):
        self.data: Dict[str, Any] = {}
        self.busybox = busybox

    def keys(self) -> List[str]:
        if not self.busybox:
            return list(self.data)
        return _busybox_order(list(self.data))


_BB_PRIMES = (251, 1021, 4093, 16381, 65521)


def _bb_hash(name: str) -> int:
    idx = 0
    for ch in encode(name):
        idx = (ch + (idx << 6) - idx) & 0xFFFFFFFF
    return idx


def _busybox_order(keys: List[str]) -> List[str]:
    """BusyBox's walk order: its hash (csize 61, then primes) with chains
    that push new names at their head, replayed over the insertion order."""
    size, primes, count = 61, list(_BB_PRIMES), 0
    buckets: List[List[str]] = [[] for _ in range(size)]
    for key in keys:
        count += 1
        if count // size > 10 and primes:
            new_size = primes.pop(0)
            new_buckets: List[List[str]] = [[] for _ in range(new_size)]
            for chain in buckets:
                for name in chain:
                    new_buckets[_bb_hash(name) % new_size].insert(0, name)
            buckets, size = new_buckets, new_size
        buckets[_bb_hash(key) % size].insert(0, key)
    return [name for chain in buckets for name in chain]


# -- the lexer --------------------------------------------------------------------------

KEYWORDS = {"BEGIN", "END", "function", "func", "if", "else", "while", "for", "do", "break",
            "continue", "next", "nextfile", "exit", "return", "delete", "in", "getline",
            "print", "printf"}
BUILTINS = {"length", "substr", "index", "split", "sub", "gsub", "match", "sprintf", "sin",
            "cos", "atan2", "exp", "log", "sqrt", "int", "rand", "srand", "tolower", "toupper",
            "system", "close", "fflush"}
_OPERATORS = ["+=", "-=", "*=", "/=", "%=", "^=", "**=", "==", "<=", ">=", "!=", "!~", "&&",
              "||", ">>", "++", "--", "**", "{", "}", "(", ")", "[", "]", ";", ",", "+", "-",
              "*", "/", "%", "^", "!", ">", "<", "|", "?", ":", "~", "$", "="]


class Token:
    __slots__ = ("kind", "value", "line")

    def __init__(self, kind: str, value: Any, line: int):
        self.kind, self.value, self.line = kind, value, line

    def __repr__(self) -> str:
        return f"{self.kind}:{self.value!r}"


def _string_escape(text: str, i: int, busybox: bool) -> Tuple[str, int]:
    """An escape in a string literal at text[i] == "\\"."""
    e = text[i + 1] if i + 1 < len(text) else ""
    simple = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "/": "/", "a": "\a",
              "b": "\b", "f": "\f", "v": "\v"}
    if e in simple:
        return simple[e], i + 2
    if e and e in "01234567":
        j = i + 1
        while j < len(text) and j - (i + 1) < 3 and text[j] in "01234567":
            j += 1
        value = int(text[i + 1:j], 8) & 0xFF
        return (chr(value) if value < 0x80 else chr(0xDC00 + value)), j
    if e == "":
        return "\\", i + 1
    return (e if busybox else "\\" + e), i + 2


def tokenize(source: str, busybox: bool) -> List[Token]:
    tokens: List[Token] = []
    operators = _OPERATORS if busybox else [op for op in _OPERATORS if "**" not in op]
    i, n, line = 0, len(source), 1

    def operand_before() -> bool:
        if not tokens:
            return False
        last = tokens[-1]
        return last.kind in ("name", "number", "string", "ere", "builtin", "funcname") or \
            (last.kind == "op" and last.value in (")", "]", "$", "++", "--")) or \
            (last.kind == "kw" and last.value == "getline")

    while i < n:
        c = source[i]
        if c in " \t\r":
            i += 1
            continue
        if c == "\\" and source[i + 1:i + 2] == "\n":
            i += 2
            line += 1
            continue
        if c == "\\" and source[i + 1:i + 3] == "\r\n":
            i += 3
            line += 1
            continue
        if c == "#":
            while i < n and source[i] != "\n":
                i += 1
            continue
        if c == "\n":
            tokens.append(Token("newline", "\n", line))
            line += 1
            i += 1
            continue
        if c == '"':
            j = i + 1
            out = []
            while True:
                if j >= n or source[j] == "\n":
                    raise _SyntaxError(line, "runaway string constant \"" + "".join(out)[:10]
                                       + " ...", "Unexpected end of string")
                ch = source[j]
                if ch == '"':
                    break
                if ch == "\\":
                    if source[j + 1:j + 2] == "\n":
                        j += 2
                        line += 1
                        continue
                    text, j = _string_escape(source, j, busybox)
                    out.append(text)
                    continue
                out.append(ch)
                j += 1
            tokens.append(Token("string", "".join(out), line))
            i = j + 1
            continue
        if c == "/" and not operand_before():
            j = i + 1
            out = []
            in_bracket = False
            while True:
                if j >= n or source[j] == "\n":
                    raise _SyntaxError(line, "runaway regular expression /" +
                                       "".join(out)[:10] + " ...", "Unexpected end of string")
                ch = source[j]
                if ch == "\\" and j + 1 < n:
                    if source[j + 1] == "/":
                        out.append("/")
                    else:
                        out.append(source[j:j + 2])
                    j += 2
                    continue
                if ch == "[" and not in_bracket:
                    in_bracket = True
                    out.append(ch)
                    j += 1
                    if j < n and source[j] == "^":
                        out.append("^")
                        j += 1
                    if j < n and source[j] == "]":
                        out.append("]")
                        j += 1
                    continue
                if ch == "]" and in_bracket:
                    in_bracket = False
                elif ch == "/" and not in_bracket:
                    break
                out.append(ch)
                j += 1
            tokens.append(Token("ere", "".join(out), line))
            i = j + 1
            continue
        if c.isdigit() or (c == "." and i + 1 < n and source[i + 1].isdigit()):
            if busybox and c == "0" and i + 1 < n and (source[i + 1] in "xX" or
                                                       source[i + 1].isdigit()):
                match = re.match(r"0[xX][0-9a-fA-F]+|0[0-7]+(?![.\d])", source[i:])
                if match:
                    tokens.append(Token("number", float(int(match.group(0), 0 if
                                                            match.group(0)[1] in "xX" else 8)),
                                        line))
                    i += match.end()
                    continue
            match = re.match(r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", source[i:])
            tokens.append(Token("number", float(match.group(0)), line))
            i += match.end()
            continue
        if c.isalpha() or c == "_":
            match = re.match(r"[A-Za-z_][A-Za-z0-9_]*", source[i:])
            word = match.group(0)
            i += match.end()
            if word in KEYWORDS:
                tokens.append(Token("kw", "function" if word == "func" else word, line))
            elif word in BUILTINS:
                tokens.append(Token("builtin", word, line))
            elif i < n and source[i] == "(":
                tokens.append(Token("funcname", word, line))
            else:
                tokens.append(Token("name", word, line))
            continue
        for op in operators:
            if source.startswith(op, i):
                tokens.append(Token("op", op, line))
                i += len(op)
                break
        else:
            raise _SyntaxError(line, f"syntax error at or near {c}", "Unexpected token")
    tokens.append(Token("eof", None, line))
    return tokens


class _SyntaxError(Exception):
    def __init__(self, line: int, mawk: str, busybox: str, busybox_line: Optional[int] = None):
        super().__init__(mawk)
        self.line, self.mawk, self.busybox = line, mawk, busybox
        self.busybox_line = line if busybox_line is None else busybox_line


# -- the parser -------------------------------------------------------------------------

class Parser:
    def __init__(self, tokens: List[Token]):
        self.t = tokens
        self.i = 0
        self.begin: List = []
        self.end: List = []
        self.rules: List = []
        self.functions: Dict[str, Tuple[List[str], Any]] = {}
        self.in_print = 0  # inside an unparenthesized print list: ">" redirects
        self.no_in = 0

    # helpers
    @property
    def tok(self) -> Token:
        return self.t[self.i]

    def at(self, kind: str, value: Any = None) -> bool:
        token = self.t[self.i]
        return token.kind == kind and (value is None or token.value == value)

    def at_op(self, *values: str) -> bool:
        token = self.t[self.i]
        return token.kind == "op" and token.value in values

    def advance(self) -> Token:
        token = self.t[self.i]
        self.i += 1
        return token

    def error(self):
        token = self.tok
        if token.kind == "eof":
            # mawk reports the brace left open at the end of the program.
            raise _SyntaxError(token.line + 1, "missing } near end of file",
                               "Unexpected token", busybox_line=token.line)
        shown = {"newline": "end of line", "string": f'"{token.value}"'}.get(
            token.kind, token.value if token.kind != "number" else _num_text(token.value))
        raise _SyntaxError(token.line, f"syntax error at or near {shown}", "Unexpected token")

    def expect_op(self, value: str) -> None:
        if not self.at_op(value):
            self.error()
        self.i += 1

    def skip_newlines(self) -> None:
        while self.at("newline"):
            self.i += 1

    def skip_terminators(self) -> None:
        while self.at("newline") or self.at_op(";"):
            self.i += 1

    # program
    def program(self):
        self.skip_terminators()
        while not self.at("eof"):
            self.item()
            self.skip_terminators()
        return self

    def item(self) -> None:
        if self.at("kw", "BEGIN"):
            self.advance()
            self.skip_newlines()
            self.begin.append(self.block())
            return
        if self.at("kw", "END"):
            self.advance()
            self.skip_newlines()
            self.end.append(self.block())
            return
        if self.at("kw", "function"):
            self.advance()
            if not (self.at("name") or self.at("funcname")):
                self.error()
            name = self.advance().value
            self.expect_op("(")
            params = []
            while not self.at_op(")"):
                if not self.at("name"):
                    self.error()
                params.append(self.advance().value)
                if self.at_op(","):
                    self.advance()
                    self.skip_newlines()
            self.expect_op(")")
            self.skip_newlines()
            self.functions[name] = (params, self.block())
            return
        pattern = None
        pattern2 = None
        if not self.at_op("{"):
            pattern = self.expr()
            if self.at_op(","):
                self.advance()
                self.skip_newlines()
                pattern2 = self.expr()
        if self.at_op("{"):
            action = self.block()
        else:
            action = None
        self.rules.append([pattern, pattern2, action, False])

    def block(self):
        self.expect_op("{")
        statements = []
        self.skip_terminators()
        while not self.at_op("}"):
            if self.at("eof"):
                self.error()
            statements.append(self.statement())
            self.skip_terminators()
        self.advance()
        return ("block", statements)

    def simple_end(self) -> None:
        """A simple statement ends with ";", a newline, or before "}"."""
        if self.at_op(";") or self.at("newline"):
            self.advance()
            return
        if self.at_op("}") or self.at("eof"):
            return
        self.error()

    def statement(self):
        token = self.tok
        if token.kind == "op" and token.value == "{":
            return self.block()
        if token.kind == "op" and token.value == ";":
            self.advance()
            return ("block", [])
        if token.kind == "kw":
            word = token.value
            if word == "if":
                self.advance()
                self.expect_op("(")
                cond = self.expr()
                self.expect_op(")")
                self.skip_newlines()
                then = self.statement()
                save = self.i
                self.skip_terminators()
                if self.at("kw", "else"):
                    self.advance()
                    self.skip_newlines()
                    return ("if", cond, then, self.statement())
                self.i = save
                return ("if", cond, then, None)
            if word == "while":
                self.advance()
                self.expect_op("(")
                cond = self.expr()
                self.expect_op(")")
                if self.at_op(";"):
                    self.advance()
                    return ("while", cond, ("block", []))
                self.skip_newlines()
                return ("while", cond, self.statement())
            if word == "do":
                self.advance()
                self.skip_newlines()
                body = self.statement()
                self.skip_terminators()
                if not self.at("kw", "while"):
                    self.error()
                self.advance()
                self.expect_op("(")
                cond = self.expr()
                self.expect_op(")")
                self.simple_end()
                return ("do", body, cond)
            if word == "for":
                self.advance()
                self.expect_op("(")
                if self.at("name") and self.t[self.i + 1].kind == "kw" and \
                        self.t[self.i + 1].value == "in" and self.t[self.i + 2].kind == "name" \
                        and self.t[self.i + 3].kind == "op" and self.t[self.i + 3].value == ")":
                    var = self.advance().value
                    self.advance()
                    array = self.advance().value
                    self.advance()
                    self.skip_newlines()
                    return ("forin", var, array, self.statement())
                init = None if self.at_op(";") else self.simple_statement_expr()
                self.expect_op(";")
                self.skip_newlines()
                cond = None if self.at_op(";") else self.expr()
                self.expect_op(";")
                self.skip_newlines()
                step = None if self.at_op(")") else self.simple_statement_expr()
                self.expect_op(")")
                if self.at_op(";"):
                    self.advance()
                    return ("for", init, cond, step, ("block", []))
                self.skip_newlines()
                return ("for", init, cond, step, self.statement())
            if word in ("break", "continue", "next", "nextfile"):
                self.advance()
                self.simple_end()
                return (word,)
            if word in ("exit", "return"):
                self.advance()
                value = None
                if not (self.at_op(";", "}") or self.at("newline") or self.at("eof")):
                    value = self.expr()
                self.simple_end()
                return (word, value)
            if word == "delete":
                self.advance()
                if not self.at("name"):
                    self.error()
                name = self.advance().value
                keys = None
                if self.at_op("["):
                    self.advance()
                    keys = self.expr_list("]")
                    self.expect_op("]")
                self.simple_end()
                return ("delete", name, keys)
            if word in ("print", "printf"):
                statement = self.print_statement(word)
                self.simple_end()
                return statement
        statement = ("expr", self.expr())
        self.simple_end()
        return statement

    def simple_statement_expr(self):
        return ("expr", self.expr())

    def print_statement(self, word: str):
        self.advance()
        args: List = []
        self.in_print += 1
        try:
            if self.at_op("(") and self._paren_list_then_end():
                self.advance()
                self.in_print -= 1
                try:
                    args = self.expr_list(")")
                finally:
                    self.in_print += 1
                self.expect_op(")")
            elif not (self.at_op(";", "}", ">", ">>", "|") or self.at("newline") or
                      self.at("eof")):
                args = self.expr_list(None)
        finally:
            self.in_print -= 1
        redirect = None
        if self.at_op(">", ">>", "|"):
            kind = self.advance().value
            redirect = (kind, self.concat_level())
        if word == "printf" and not args:
            self.error()
        return (word, args, redirect)

    def _paren_list_then_end(self) -> bool:
        """Is "(" ... ")" the whole print list (so "print (a,b) > f" works)?"""
        depth = 0
        j = self.i
        while j < len(self.t):
            token = self.t[j]
            if token.kind == "op" and token.value in ("(", "["):
                depth += 1
            elif token.kind == "op" and token.value in (")", "]"):
                depth -= 1
                if depth == 0:
                    nxt = self.t[j + 1]
                    return nxt.kind in ("newline", "eof") or (
                        nxt.kind == "op" and nxt.value in (";", "}", ">", ">>", "|"))
            elif token.kind == "eof":
                return False
            j += 1
        return False

    def expr_list(self, closer: Optional[str]):
        items = [self.expr()]
        while self.at_op(","):
            self.advance()
            self.skip_newlines()
            items.append(self.expr())
        return items

    # expressions, lowest precedence first
    def expr(self):
        return self.ternary()

    def ternary(self):
        cond = self.or_expr()
        if self.at_op("?"):
            self.advance()
            self.skip_newlines()
            a = self.ternary()
            self.skip_newlines()
            self.expect_op(":")
            self.skip_newlines()
            b = self.ternary()
            return ("cond", cond, a, b)
        if self.at_op("=", "+=", "-=", "*=", "/=", "%=", "^=", "**="):
            if cond[0] not in ("var", "field", "index"):
                self.error()
            op = self.advance().value
            self.skip_newlines()
            value = self.ternary()
            return ("assign", op.replace("**", "^"), cond, value)
        return cond

    def or_expr(self):
        left = self.and_expr()
        while self.at_op("||"):
            self.advance()
            self.skip_newlines()
            left = ("or", left, self.and_expr())
        return left

    def and_expr(self):
        left = self.in_expr()
        while self.at_op("&&"):
            self.advance()
            self.skip_newlines()
            left = ("and", left, self.in_expr())
        return left

    def in_expr(self):
        left = self.match_expr()
        while self.at("kw", "in") and not self.no_in:
            self.advance()
            if not self.at("name"):
                self.error()
            keys = left[1] if left[0] == "grouping" else [left]
            left = ("in", keys, self.advance().value)
        return left

    def match_expr(self):
        left = self.compare()
        while self.at_op("~", "!~"):
            negate = self.advance().value == "!~"
            left = ("match", negate, left, self.compare())
        return left

    def compare(self):
        left = self.concat_level()
        ops = ("<", "<=", "!=", "==", ">=") + (() if self.in_print else (">",))
        if self.at_op(*ops):
            op = self.advance().value
            left = ("cmp", op, left, self.concat_level())
        return left

    def concat_level(self):
        left = self.additive()
        while self._starts_operand():
            left = ("concat", left, self.additive())
        return left

    def _starts_operand(self) -> bool:
        token = self.tok
        if token.kind in ("name", "number", "string", "ere", "builtin", "funcname"):
            return True
        if token.kind == "op" and token.value in ("$", "(", "!", "-", "+", "++", "--"):
            return token.value not in ("-", "+", "!")
        if token.kind == "kw" and token.value == "getline":
            return False
        return False

    def additive(self):
        left = self.multiplicative()
        while self.at_op("+", "-"):
            op = self.advance().value
            left = ("binop", op, left, self.multiplicative())
        return left

    def multiplicative(self):
        left = self.unary()
        while self.at_op("*", "/", "%"):
            op = self.advance().value
            left = ("binop", op, left, self.unary())
        return left

    def unary(self):
        if self.at_op("!"):
            self.advance()
            return ("not", self.unary())
        if self.at_op("-", "+"):
            op = self.advance().value
            return ("unary", op, self.unary())
        return self.power()

    def power(self):
        base = self.postfix()
        if self.at_op("^", "**"):
            self.advance()
            # Right associative, and -x binds looser: 2^-1 is allowed.
            if self.at_op("-", "+", "!"):
                exponent = self.unary()
            else:
                exponent = self.power()
            return ("binop", "^", base, exponent)
        return base

    def postfix(self):
        if self.at_op("++", "--"):
            op = self.advance().value
            target = self.postfix()
            if target[0] not in ("var", "field", "index"):
                self.error()
            return ("preinc", op, target)
        node = self.primary()
        if node[0] in ("var", "field", "index") and self.at_op("++", "--"):
            op = self.advance().value
            return ("postinc", op, node)
        return node

    def primary(self):
        token = self.tok
        kind = token.kind
        if kind == "number":
            self.advance()
            return ("num", token.value)
        if kind == "string":
            self.advance()
            return ("str", token.value)
        if kind == "ere":
            self.advance()
            return ("regex", token.value)
        if kind == "op" and token.value == "$":
            self.advance()
            if self.at_op("++", "--"):
                op = self.advance().value
                target = self.primary()
                return ("field", ("preinc", op, target))
            if self.at_op("-"):
                self.advance()
                return ("field", ("unary", "-", self.primary()))
            return ("field", self.primary())
        if kind == "op" and token.value == "(":
            self.advance()
            self.no_in_save = self.no_in
            saved_print = self.in_print
            self.in_print = 0
            try:
                first = self.expr()
                if self.at_op(","):
                    items = [first]
                    while self.at_op(","):
                        self.advance()
                        self.skip_newlines()
                        items.append(self.expr())
                    self.expect_op(")")
                    if not self.at("kw", "in"):
                        self.error()
                    return ("grouping", items)
                self.expect_op(")")
            finally:
                self.in_print = saved_print
            return ("group", first)
        if kind == "name":
            self.advance()
            if self.at_op("["):
                self.advance()
                keys = self.expr_list("]")
                self.expect_op("]")
                return ("index", token.value, keys)
            return ("var", token.value)
        if kind == "funcname":
            self.advance()
            self.expect_op("(")
            args = []
            if not self.at_op(")"):
                args = self.expr_list(")")
            self.expect_op(")")
            return ("call", token.value, args)
        if kind == "builtin":
            self.advance()
            name = token.value
            if self.at_op("("):
                self.advance()
                args = []
                if not self.at_op(")"):
                    args = self.expr_list(")")
                self.expect_op(")")
                return ("builtin", name, args)
            if name == "length":
                return ("builtin", "length", [])
            self.error()
        if kind == "kw" and token.value == "getline":
            self.advance()
            target = None
            if self.at("name") or self.at_op("$"):
                target = self.primary()
            source = None
            if self.at_op("<"):
                self.advance()
                source = self.primary()
            return ("getline", target, source)
        if kind == "op" and token.value in ("-", "+", "!"):
            return self.unary()
        self.error()


def _num_text(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


# -- the interpreter --------------------------------------------------------------------

class Interpreter:
    def __init__(self, ctx: Context, parsed: Parser, busybox: bool):
        self.ctx = ctx
        flavour = "busybox" if busybox else "mawk"
        self.statement_cost = STATEMENT_COST[flavour]
        self.record_cost = RECORD_COST[flavour]
        self.byte_cost = BYTE_COST[flavour]
        self.p = parsed
        self.busybox = busybox
        self.vars: Dict[str, Any] = {
            "FS": " ", "OFS": " ", "ORS": "\n", "RS": "\n", "NR": 0.0, "NF": 0.0, "FNR": 0.0,
            "SUBSEP": "\x1c", "CONVFMT": "%.6g", "OFMT": "%.6g", "FILENAME": UNINIT if
            not busybox else "", "RSTART": 0.0, "RLENGTH": -1.0,
        }
        self.arrays: Dict[str, AwkArray] = {}
        self.locals: List[Dict[str, Any]] = []
        environ = self.array("ENVIRON")
        for key, value in ctx.env.items():
            environ.data[key] = StrNum(value)
        self.fields: List[Any] = [StrNum("")]
        self.record_split = True
        self.out: List[str] = []
        self.files: Dict[str, List[str]] = {}
        self.appends: Dict[str, bool] = {}
        self.inputs: Dict[str, List[str]] = {}
        self.regex_cache: Dict[str, Any] = {}
        self.locals: List[Dict[str, Any]] = []
        self.rng = Seeded(0)
        self.seed = 0.0
        self.main_input = None  # iterator over (filename, record) for plain getline
        self.exit_status = 0
        self.printf_name = "printf"

    # -- values -------------------------------------------------------------------
    def array(self, name: str) -> AwkArray:
        if self.locals and name in self.locals[-1]:
            value = self.locals[-1][name]
            if isinstance(value, _Pending):
                value = value.resolve()
                self.locals[-1][name] = value
            elif not isinstance(value, AwkArray):
                value = AwkArray(self.busybox)
                self.locals[-1][name] = value
            return value
        array = self.arrays.get(name)
        if array is None:
            array = self.arrays[name] = AwkArray(self.busybox)
        return array

    def to_num(self, value) -> float:
        if isinstance(value, float):
            return value
        if value is UNINIT:
            return 0.0
        if isinstance(value, AwkArray):
            raise AwkError("can't use array in scalar context", 2)
        text = value
        if self.busybox:
            stripped = text.lstrip(" \t\n")
            match = re.match(r"[+-]?0[xX][0-9a-fA-F]+", stripped)
            if match:
                return float(int(match.group(0), 16))
            match = re.match(r"([+-]?)(0[0-7]+)(?![.\deE89])", stripped)
            if match:
                return float(int(match.group(1) + match.group(2), 8))
        match = _LEADING.match(text)
        if not match:
            return 0.0
        try:
            return float(match.group(1))
        except ValueError:
            return 0.0

    def num_to_str(self, value: float, fmt: str) -> str:
        if value == int(value) if not (math.isinf(value) or math.isnan(value)) else False:
            if (-2 ** 63 <= value < 2 ** 63) if self.busybox else abs(value) <= MAX_INT:
                return str(int(value))  # (BusyBox: what fits a long long, mawk an int)
        if math.isnan(value):
            return "nan" if self.busybox else ("-nan" if math.copysign(1, value) < 0 else "nan")
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        try:
            return self.format(fmt, [value])
        except AwkError:
            return "%.6g" % value

    def _printf_int(self, value: float, signed: bool) -> int:
        """The C int printf's %d (%o %u %x) gets. BusyBox casts to int as x86 does it:
        a value out of its range, or NaN, becomes INT_MIN (as unsigned: 2^31). mawk
        clamps (d_to_I, d_to_U): to -2147483647..2147483647, NaN to the lowest; unsigned
        to 0..4294967295, NaN to 0."""
        if self.busybox:
            whole = int(value) if math.isfinite(value) else None
            number = whole if whole is not None and -2 ** 31 <= whole < 2 ** 31 else -2 ** 31
            return number if signed else number & 0xFFFFFFFF
        if signed:
            return MAX_INT if value >= MAX_INT else int(value) if value > -MAX_INT else -MAX_INT
        top = 2 * MAX_INT + 1
        return top if value >= top else int(value) if value > 0 else 0

    def to_str(self, value) -> str:
        if isinstance(value, str):
            return value
        if value is UNINIT:
            return ""
        if isinstance(value, AwkArray):
            raise AwkError("can't use array in scalar context", 2)
        return self.num_to_str(value, self.to_str(self.vars["CONVFMT"]))

    def to_output(self, value) -> str:
        if isinstance(value, float):
            return self.num_to_str(value, self.to_str(self.vars["OFMT"]))
        return self.to_str(value)

    def looks_numeric(self, value) -> bool:
        if isinstance(value, float) or value is UNINIT:
            return True
        if isinstance(value, StrNum):
            if self.busybox and re.match(r"^[ \t]*[+-]?0[xX][0-9a-fA-F]+[ \t]*$", value):
                return True
            return bool(_NUMERIC.match(value))
        return False

    def truth(self, value) -> bool:
        if isinstance(value, float):
            return value != 0
        if value is UNINIT:
            return False
        if isinstance(value, StrNum) and self.looks_numeric(value):
            return self.to_num(value) != 0
        return value != ""

    def compare(self, op: str, a, b) -> bool:
        if self.looks_numeric(a) and self.looks_numeric(b):
            x, y = self.to_num(a), self.to_num(b)
        else:
            x, y = self.to_str(a), self.to_str(b)
        return {"<": x < y, "<=": x <= y, "==": x == y, "!=": x != y, ">": x > y,
                ">=": x >= y}[op]

    # -- regexes ------------------------------------------------------------------
    def regex(self, source) -> Any:
        if isinstance(source, tuple) and source[0] == "regex":
            text = source[1]
        else:
            text = self.to_str(source)
        compiled = self.regex_cache.get(text)
        if compiled is None:
            try:
                pattern, _, _ = translate(text, True, strict=self.busybox, sed=True)
                compiled = compile_translated(pattern, re.DOTALL | re.ASCII)
            except (RegexError, re.error) as err:
                detail = err.text(self.ctx.libc) if isinstance(err, RegexError) else "bad regex"
                if self.busybox:
                    raise AwkError(f"bad regex '{text}': {detail}", 1, True)
                raise AwkError(f"regular expression compile failed ({detail})\n{text}", 2)
            self.regex_cache[text] = compiled
        return compiled

    def regex_of(self, node) -> Any:
        if node[0] == "regex":
            return self.regex(node)
        return self.regex(self.eval(node))

    # -- fields -------------------------------------------------------------------
    def split_record(self, text: str) -> None:
        self.fields = [StrNum(text)] + [StrNum(f) for f in self.split(text, self.vars["FS"])]
        self.vars["NF"] = float(len(self.fields) - 1)

    def split(self, text: str, fs, paragraph: bool = False) -> List[str]:
        fs = self.to_str(fs)
        if self.vars.get("RS") == "" and paragraph is not None and self.to_str(
                self.vars["RS"]) == "" and fs == " ":
            return text.split()
        if fs == " ":
            return text.split()
        if text == "":
            return []
        if fs == "":
            return list(text)
        if len(fs) == 1 and fs != "\\":
            if fs == "\t" or not fs.isalnum() and fs not in ".[]()*+?{}|^$":
                return text.split(fs)
            if fs.isalnum():
                return text.split(fs)
        regex = self.regex(fs)
        parts = []
        pos = 0
        for match in regex.finditer(text):
            if match.end() == match.start():
                continue
            parts.append(text[pos:match.start()])
            pos = match.end()
        parts.append(text[pos:])
        return parts

    def get_field(self, index: int):
        if index < 0:
            raise AwkError(f"negative field index ${index}" if not self.busybox
                           else "Access to negative field", 2 if not self.busybox else 1)
        if index < len(self.fields):
            return self.fields[index]
        return UNINIT

    def set_field(self, index: int, value) -> None:
        if index == 0:
            self.split_record(self.to_str(value))
            return
        if index < 0:
            raise AwkError(f"negative field index ${index}", 2)
        while len(self.fields) <= index:
            self.fields.append(UNINIT)
        self.fields[index] = value
        self.vars["NF"] = float(len(self.fields) - 1)
        self.rebuild()

    def rebuild(self) -> None:
        ofs = self.to_str(self.vars["OFS"])
        self.fields[0] = StrNum(ofs.join(self.to_output(f) if isinstance(f, float)
                                         else self.to_str(f) for f in self.fields[1:]))

    def set_nf(self, value) -> None:
        count = int(self.to_num(value))
        if count < 0:
            count = 0
        if count < len(self.fields) - 1:
            self.fields = self.fields[:count + 1]
        else:
            while len(self.fields) - 1 < count:
                self.fields.append(UNINIT)
        self.vars["NF"] = float(count)
        self.rebuild()

    # -- variables ----------------------------------------------------------------
    def get_var(self, name: str):
        if self.locals and name in self.locals[-1]:
            value = self.locals[-1][name]
            return UNINIT if isinstance(value, _Pending) else value
        if name in self.arrays and name not in self.vars:
            raise AwkError(f"can't use array {name} in scalar context", 2)
        return self.vars.get(name, UNINIT)

    def set_var(self, name: str, value) -> None:
        if self.locals and name in self.locals[-1]:
            self.locals[-1][name] = value
            return
        if name == "NF":
            self.set_nf(value)
            return
        self.vars[name] = value

    def key(self, keys: List) -> str:
        values = [self.eval(k) for k in keys]
        subsep = self.to_str(self.vars["SUBSEP"])
        return subsep.join(self.to_str(v) if not isinstance(v, float) or v != int(v)
                           else str(int(v)) for v in values)

    def assign(self, target, value):
        kind = target[0]
        if kind == "var":
            self.set_var(target[1], value)
        elif kind == "field":
            self.set_field(int(self.to_num(self.eval(target[1]))), value)
        elif kind == "index":
            self.array(target[1]).data[self.key(target[2])] = value
        elif kind == "group":
            return self.assign(target[1], value)
        return value

    def lvalue_get(self, target):
        kind = target[0]
        if kind == "var":
            return self.get_var(target[1])
        if kind == "field":
            return self.get_field(int(self.to_num(self.eval(target[1]))))
        if kind == "index":
            array = self.array(target[1])
            key = self.key(target[2])
            if key not in array.data:
                array.data[key] = UNINIT
            return array.data[key]
        return self.eval(target)

    # -- evaluation ---------------------------------------------------------------
    def eval(self, node):
        kind = node[0]
        if kind == "num":
            return node[1]
        if kind == "str":
            return node[1]
        if kind == "var":
            return self.get_var(node[1])
        if kind == "field":
            return self.get_field(int(self.to_num(self.eval(node[1]))))
        if kind == "index":
            return self.lvalue_get(node)
        if kind == "group":
            return self.eval(node[1])
        if kind == "regex":
            return 1.0 if self.regex(node).search(self.to_str(self.fields[0])) else 0.0
        if kind == "assign":
            op, target, value_node = node[1], node[2], node[3]
            value = self.eval(value_node)
            if op != "=":
                current = self.to_num(self.lvalue_get(target))
                value = self.arith(op[0], current, self.to_num(value))
            elif isinstance(value, AwkArray):
                raise AwkError("can't assign array", 2)
            return self.assign(target, value)
        if kind == "cond":
            return self.eval(node[2]) if self.truth(self.eval(node[1])) else self.eval(node[3])
        if kind == "or":
            return 1.0 if self.truth(self.eval(node[1])) or self.truth(self.eval(node[2])) \
                else 0.0
        if kind == "and":
            return 1.0 if self.truth(self.eval(node[1])) and self.truth(self.eval(node[2])) \
                else 0.0
        if kind == "in":
            return 1.0 if self.key(node[1]) in self.array(node[2]).data else 0.0
        if kind == "match":
            text = self.to_str(self.eval(node[2]))
            found = self.regex_of(node[3]).search(text) is not None
            return 1.0 if found != node[1] else 0.0
        if kind == "cmp":
            return 1.0 if self.compare(node[1], self.eval(node[2]), self.eval(node[3])) else 0.0
        if kind == "concat":
            return self.to_str(self.eval(node[1])) + self.to_str(self.eval(node[2]))
        if kind == "binop":
            a = self.to_num(self.eval(node[2]))
            b = self.to_num(self.eval(node[3]))
            return self.arith(node[1], a, b)
        if kind == "unary":
            value = self.to_num(self.eval(node[2]))
            return -value if node[1] == "-" else value
        if kind == "not":
            return 0.0 if self.truth(self.eval(node[1])) else 1.0
        if kind in ("preinc", "postinc"):
            old = self.to_num(self.lvalue_get(node[2]))
            new = old + (1 if node[1] == "++" else -1)
            self.assign(node[2], new)
            return new if kind == "preinc" else old
        if kind == "call":
            return self.call(node[1], node[2])
        if kind == "builtin":
            return self.builtin(node[1], node[2])
        if kind == "getline":
            return self.getline(node[1], node[2])
        if kind == "grouping":
            return self.key(node[1])
        raise AwkError(f"internal error: {kind}", 2)

    def arith(self, op: str, a: float, b: float) -> float:
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "/":
            if b == 0:
                if self.busybox:
                    raise AwkError("Division by zero", 1)
                if a == 0:
                    return float("nan")
                return math.copysign(float("inf"), a) * (math.copysign(1, b))
            return a / b
        if op == "%":
            if b == 0:
                if self.busybox:
                    raise AwkError("Division by zero", 1)
                return -float("nan")
            return math.fmod(a, b)
        if op == "^":
            try:
                result = a ** b
            except ZeroDivisionError:
                return float("inf")
            except OverflowError:
                return float("inf")
            if isinstance(result, complex):
                return float("nan")
            return float(result)
        raise AwkError(f"bad operator {op}", 2)

    # -- functions ----------------------------------------------------------------
    def call(self, name: str, args: List):
        if name not in self.p.functions:
            if self.busybox:
                raise AwkError("Call to undefined function", 1)
            raise AwkError(f"function {name} never defined", 2)
        params, body = self.p.functions[name]
        if len(args) > len(params):
            raise AwkError(f"too many arguments in call to {name}", 2)
        frame: Dict[str, Any] = {}
        for index, param in enumerate(params):
            if index < len(args):
                arg = args[index]
                if arg[0] == "var" and (arg[1] in self.arrays or (
                        self.locals and isinstance(self.locals[-1].get(arg[1]), AwkArray))):
                    frame[param] = self.array(arg[1])
                elif arg[0] == "var" and self.get_var_raw(arg[1]) is UNINIT:
                    # An untyped variable may become an array inside the function.
                    frame[param] = _Pending(self, arg[1],
                                            self.locals[-1] if self.locals else None)
                else:
                    frame[param] = self.eval(arg)
            else:
                frame[param] = UNINIT
        self.locals.append(frame)
        try:
            self.execute(body)
            result = UNINIT
        except _Return as ret:
            result = ret.value
        finally:
            self.locals.pop()
        return result

    def get_var_raw(self, name: str):
        if self.locals and name in self.locals[-1]:
            return self.locals[-1][name]
        return self.vars.get(name, UNINIT)

    def builtin(self, name: str, args: List):
        ev = self.eval
        if name == "length":
            if not args:
                return float(len(_bytes(self.to_str(self.fields[0]))))
            arg = args[0]
            if arg[0] == "var" and (arg[1] in self.arrays or isinstance(
                    self.get_var_raw(arg[1]), AwkArray)):
                return float(len(self.array(arg[1]).data))
            return float(len(_bytes(self.to_str(ev(arg)))))
        if name == "substr":
            text = _bytes(self.to_str(ev(args[0])))
            start = self.to_num(ev(args[1]))
            part = self.substr(text, start, self.to_num(ev(args[2])) if len(args) > 2 else None)
            return part.decode("utf-8", "surrogateescape")
        if name == "index":
            haystack, needle = _bytes(self.to_str(ev(args[0]))), _bytes(self.to_str(ev(args[1])))
            if not needle and self.busybox:
                return 0.0
            return float(haystack.find(needle) + 1)
        if name == "split":
            text = self.to_str(ev(args[0]))
            target = args[1]
            fs = ev(args[2]) if len(args) > 2 and args[2][0] != "regex" else (
                args[2][1] if len(args) > 2 else self.vars["FS"])
            parts = self.split(text, fs) if len(args) <= 2 or args[2][0] != "regex" else \
                self.split(text, args[2][1])
            array = self.array(target[1])
            array.data.clear()
            for index, part in enumerate(parts, 1):
                array.data[str(index)] = StrNum(part)
            return float(len(parts))
        if name in ("sub", "gsub"):
            regex = self.regex_of(args[0])
            replacement = self.to_str(ev(args[1]))
            target = args[2] if len(args) > 2 else ("field", ("num", 0.0))
            text = self.to_str(self.lvalue_get(target))
            new, count = self.substitute(regex, replacement, text, name == "gsub")
            if count:
                self.assign(target, new)
            return float(count)
        if name == "match":
            text = self.to_str(ev(args[0]))
            found = self.regex_of(args[1]).search(text)
            if found:
                self.vars["RSTART"] = float(len(_bytes(text[:found.start()])) + 1)
                self.vars["RLENGTH"] = float(len(_bytes(found.group(0))))
            else:
                self.vars["RSTART"], self.vars["RLENGTH"] = 0.0, -1.0
            return self.vars["RSTART"]
        if name == "sprintf":
            if not args:
                return ""
            self.printf_name = "sprintf"
            return self.format(self.to_str(ev(args[0])), [ev(a) for a in args[1:]])
        if name in ("sin", "cos", "exp", "log", "sqrt", "int"):
            value = self.to_num(ev(args[0])) if args else 0.0
            try:
                if name == "int":
                    return float(math.trunc(value)) if math.isfinite(value) else value
                if name == "log":
                    return math.log(value) if value > 0 else (
                        float("-inf") if value == 0 else -float("nan"))
                if name == "sqrt":
                    return math.sqrt(value) if value >= 0 else -float("nan")
                return {"sin": math.sin, "cos": math.cos, "exp": math.exp}[name](value)
            except OverflowError:
                return float("inf")
        if name == "atan2":
            return math.atan2(self.to_num(ev(args[0])), self.to_num(ev(args[1])))
        if name == "rand":
            return self.rng.random()
        if name == "srand":
            previous = self.seed
            self.seed = self.to_num(ev(args[0])) if args else float(int(self.ctx.now()))
            self.rng.seed(self.seed)
            return previous
        if name in ("tolower", "toupper"):
            text = self.to_str(ev(args[0]))
            return text.lower() if name == "tolower" else text.upper()
        if name == "close":
            target = self.to_str(ev(args[0]))
            self.flush_file(target)
            self.files.pop(target, None)
            self.inputs.pop(target, None)
            return 0.0
        if name == "fflush":
            return 0.0
        if name == "system":
            self.flush_stdout()
            self.ctx.stderr.write(f"{self.ctx.name}: system() is not available in crsim\n")
            return 127.0
        raise AwkError(f"unknown function {name}", 2)

    def substr(self, text: bytes, start: float, length: Optional[float]) -> bytes:
        if self.busybox:
            begin = max(int(start) - 1, 0) if start >= 1 else 0
            if length is None:
                return text[begin:]
            count = int(length)
            if count <= 0:
                return b""
            return text[begin:begin + count]
        # mawk: characters at positions start .. start+length-1, truncated.
        first = _trunc(start)
        if length is None:
            last = len(text) + 1
        else:
            if math.isnan(length):
                return b""
            last = first + _trunc(length) if not math.isinf(length) else len(text) + 1
        first = max(first, 1)
        last = min(last, len(text) + 1)
        if last <= first:
            return b""
        return text[first - 1:last - 1]

    def substitute(self, regex, replacement: str, text: str, every: bool) -> Tuple[str, int]:
        out = []
        pos = 0
        count = 0
        last_end = -1
        at = 0
        while at <= len(text):
            match = regex.search(text, at)
            if not match:
                break
            start, end = match.span()
            if start == end and start == last_end:
                at = start + 1
                continue
            out.append(text[pos:start])
            out.append(self.expand(replacement, match.group(0)))
            pos = end
            count += 1
            last_end = end
            if not every:
                break
            at = end if end > start else end + 1
        if not count:
            return text, 0
        out.append(text[pos:])
        return "".join(out), count

    @staticmethod
    def expand(replacement: str, matched: str) -> str:
        out = []
        i = 0
        while i < len(replacement):
            c = replacement[i]
            if c == "\\" and i + 1 < len(replacement) and replacement[i + 1] in "&\\":
                out.append(replacement[i + 1])
                i += 2
                continue
            out.append(matched if c == "&" else c)
            i += 1
        return "".join(out)

    # -- printf -------------------------------------------------------------------
    def format(self, fmt: str, values: List) -> str:
        out = []
        i, n = 0, len(fmt)
        index = 0
        while i < n:
            c = fmt[i]
            if c != "%":
                out.append(c)
                i += 1
                continue
            if fmt[i + 1:i + 2] == "%":
                out.append("%")
                i += 2
                continue
            match = re.match(r"%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([hlLqjzt]*)([a-zA-Z]?)",
                             fmt[i:])
            flags, width, precision, _, conv = match.groups()
            i += match.end()
            if width == "*":
                width = str(int(self.to_num(values[index]))) if index < len(values) else "0"
                index += 1
            if precision == "*":
                precision = str(int(self.to_num(values[index]))) if index < len(values) else "0"
                index += 1
            if conv == "" or conv not in "cdiouxXeEfFgGaAs":
                if self.busybox:
                    out.append(fmt[i - match.end():i])
                    continue
                raise AwkError(f"bad conversion: {fmt[i - match.end():i]}", 2)
            if index >= len(values):
                if not self.busybox:
                    raise AwkError(f"not enough arguments passed to {self.printf_name}"
                                   f"(\"{fmt}\")", 2, runtime=True)
                value = UNINIT
            else:
                value = values[index]
            index += 1
            spec = "%" + flags + (width or "") + (f".{precision}" if precision is not None
                                                  else "")
            if conv == "c":
                if isinstance(value, float):
                    code = int(value) % 256
                    text = chr(code) if code < 0x80 else chr(0xDC00 + code)
                else:
                    text = self.to_str(value)[:1] or "\0"
                out.append((spec + "s") % text)
            elif conv == "s":
                out.append((spec + "s") % self.to_output(value) if isinstance(value, float)
                           else (spec + "s") % self.to_str(value))
            elif conv in "di":
                out.append((spec + "d") % self._printf_int(self.to_num(value), signed=True))
            elif conv in "ouxX":
                number = self._printf_int(self.to_num(value), signed=False)
                out.append((spec + conv) % number if conv != "u" else (spec + "d") % number)
            else:
                out.append((spec + conv) % self.to_num(value))
        return "".join(out)

    # -- input --------------------------------------------------------------------
    def records(self, text: str) -> List[str]:
        rs = self.to_str(self.vars["RS"])
        if rs == "\n":
            parts = text.split("\n")
            if parts and parts[-1] == "":
                parts.pop()
            return parts
        if rs == "":
            return [block.strip("\n") for block in re.split(r"\n\n+", text.strip("\n"))
                    if block.strip("\n")] if text.strip("\n") else []
        if len(rs) == 1:
            parts = text.split(rs)
        else:
            parts = self.regex(rs).split(text)
        if parts and parts[-1] in ("", "\n"):
            parts.pop()
        return parts

    def getline(self, target, source):
        if source is not None:
            name = self.to_str(self.eval(source))
            if name not in self.inputs:
                try:
                    text = self.ctx.stdin.read() if name in ("-", "/dev/stdin") else \
                        read_text(self.ctx, name)
                except FSError:
                    return -1.0
                self.inputs[name] = self.records(text)
            queue = self.inputs[name]
            if not queue:
                return 0.0
            record = queue.pop(0)
            if target is None:
                self.split_record(record)
            else:
                self.assign(target, StrNum(record))
            return 1.0
        if self.main_input is None:
            return 0.0
        item = self.main_input.next_record()
        if item is None:
            return 0.0
        self.vars["NR"] = self.to_num(self.vars["NR"]) + 1
        self.vars["FNR"] = self.to_num(self.vars["FNR"]) + 1
        if target is None:
            self.split_record(item)
        else:
            self.assign(target, StrNum(item))
        return 1.0

    # -- output -------------------------------------------------------------------
    def emit(self, text: str, redirect) -> None:
        if redirect is None:
            self.out.append(text)
            return
        kind, target_node = redirect
        target = self.to_str(self.eval(target_node))
        if kind == "|":
            raise AwkError(f"cannot open pipe \"{target}\" (not available in crsim)", 2)
        if target in ("/dev/stdout", "-"):
            self.out.append(text)
            return
        if target == "/dev/stderr":
            self.flush_stdout()
            self.ctx.stderr.write(text)
            return
        if target not in self.files:
            self.files[target] = []
            self.appends[target] = kind == ">>"
        self.files[target].append(text)

    def flush_stdout(self) -> None:
        if self.out:
            self.ctx.stdout.write("".join(self.out))
            self.out = []

    def flush_file(self, name: str) -> None:
        chunks = self.files.get(name)
        if chunks is None:
            return
        data = encode("".join(chunks))
        try:
            self.ctx.fs.write(name, data, self.ctx.cwd, append=self.appends.get(name, False),
                              **new_file(self.ctx))
        except FSError as err:
            raise AwkError(f"cannot open \"{name}\" for output", 2) from err
        self.appends[name] = True
        self.files[name] = []

    # -- statements ---------------------------------------------------------------
    def execute(self, node) -> None:
        kind = node[0]
        self.ctx.meter.pending += self.statement_cost
        if kind in ("while", "do", "for") and _endless(node):
            raise _Endless()
        if kind == "block":
            for statement in node[1]:
                self.execute(statement)
        elif kind == "expr":
            self.eval(node[1])
        elif kind == "print":
            args, redirect = node[1], node[2]
            if not args:
                text = self.to_str(self.fields[0])
            else:
                ofs = self.to_str(self.vars["OFS"])
                text = ofs.join(self.to_output(self.eval(a)) for a in args)
            self.emit(text + self.to_str(self.vars["ORS"]), redirect)
        elif kind == "printf":
            args = node[1]
            values = [self.eval(a) for a in args]
            self.printf_name = "printf"
            self.emit(self.format(self.to_str(values[0]), values[1:]), node[2])
        elif kind == "if":
            if self.truth(self.eval(node[1])):
                self.execute(node[2])
            elif node[3] is not None:
                self.execute(node[3])
        elif kind == "while":
            while self.truth(self.eval(node[1])):
                try:
                    self.execute(node[2])
                except _Break:
                    break
                except _Continue:
                    continue
        elif kind == "do":
            while True:
                try:
                    self.execute(node[1])
                except _Break:
                    break
                except _Continue:
                    pass
                if not self.truth(self.eval(node[2])):
                    break
        elif kind == "for":
            if node[1] is not None:
                self.execute(node[1])
            while node[2] is None or self.truth(self.eval(node[2])):
                try:
                    self.execute(node[4])
                except _Break:
                    break
                except _Continue:
                    pass
                if node[3] is not None:
                    self.execute(node[3])
        elif kind == "forin":
            array = self.array(node[2])
            for key in array.keys():
                if key not in array.data:
                    continue
                self.set_var(node[1], StrNum(key))
                try:
                    self.execute(node[3])
                except _Break:
                    break
                except _Continue:
                    continue
        elif kind == "next":
            raise _Next()
        elif kind == "nextfile":
            raise _NextFile()
        elif kind == "exit":
            if node[1] is not None:
                self.exit_status = int(self.to_num(self.eval(node[1])))
            raise _Exit(self.exit_status)
        elif kind == "return":
            raise _Return(self.eval(node[1]) if node[1] is not None else UNINIT)
        elif kind == "break":
            raise _Break()
        elif kind == "continue":
            raise _Continue()
        elif kind == "delete":
            array = self.array(node[1])
            if node[2] is None:
                array.data.clear()
            else:
                array.data.pop(self.key(node[2]), None)
        else:
            raise AwkError(f"internal error: statement {kind}", 2)


class _Pending:
    """An untyped variable passed to a function: it becomes what the function makes it."""

    def __init__(self, interp: Interpreter, name: str, frame: Optional[Dict[str, Any]]):
        self.interp, self.name, self.frame = interp, name, frame

    def resolve(self) -> AwkArray:
        """Used as an array: the caller's variable becomes that array."""
        if self.frame is not None and self.name in self.frame:
            value = self.frame[self.name]
            if isinstance(value, _Pending):
                value = value.resolve()
            elif not isinstance(value, AwkArray):
                value = AwkArray(self.interp.busybox)
            self.frame[self.name] = value
            return value
        arrays = self.interp.arrays
        if self.name not in arrays:
            arrays[self.name] = AwkArray(self.interp.busybox)
        return arrays[self.name]


def _trunc(value: float) -> int:
    if math.isinf(value) or math.isnan(value):
        return 1 << 62 if value > 0 else -(1 << 62)
    return int(value)


def _bytes(text: str) -> bytes:
    """awk's strings are bytes: length and positions count bytes."""
    return text.encode("utf-8", "surrogateescape")


class _MainInput:
    """The records of the operands, in order; assignments take effect when reached."""

    def __init__(self, interp: Interpreter, operands: List[str]):
        self.interp = interp
        self.operands = list(operands)
        self.queue: List[str] = []
        self.started = False
        self.done = False
        self.used_file = False

    def next_record(self) -> Optional[str]:
        interp = self.interp
        while not self.queue:
            if self.done:
                return None
            if not self.operands:
                if not self.used_file:
                    self.used_file = True
                    interp.vars["FILENAME"] = "" if interp.busybox else UNINIT
                    interp.vars["FNR"] = 0.0
                    self.queue = interp.records(interp.ctx.stdin.read())
                    continue
                self.done = True
                return None
            operand = self.operands.pop(0)
            match = re.match(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", operand, re.DOTALL)
            if match:
                interp.set_var(match.group(1), StrNum(_unescape(match.group(2),
                                                                 interp.busybox)))
                continue
            if operand == "":
                continue
            self.used_file = True
            interp.vars["FILENAME"] = operand
            interp.vars["FNR"] = 0.0
            try:
                text = interp.ctx.stdin.read() if operand in ("-", "/dev/stdin") else \
                    read_text(interp.ctx, operand)
            except FSError as err:
                if interp.busybox:
                    raise AwkError(f"{operand}: {interp.ctx.strerror(err)}", 1, True) from err
                if err.errno == EISDIR:
                    raise AwkError(f"read error ({interp.ctx.strerror(err)})", 2) from err
                raise AwkError(f"cannot open {operand} ({interp.ctx.strerror(err)})",
                               2) from err
            self.queue = interp.records(text)
        return self.queue.pop(0)

    def skip_file(self) -> None:
        self.queue = []


def _unescape(text: str, busybox: bool) -> str:
    out = []
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            piece, i = _string_escape(text, i, busybox)
            out.append(piece)
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


@program("awk", "mawk", "nawk")
def awk(ctx: Context) -> int:
    busybox = ctx.flavour == "busybox"
    name = ctx.name
    args = ctx.argv[1:]
    assignments: List[str] = []
    fs: Optional[str] = None
    program_files: List[str] = []
    program_text: Optional[str] = None
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            i += 1
            break
        if not arg.startswith("-") or arg == "-":
            break
        letter = arg[1]
        value = arg[2:]
        if letter in "vFf" or (letter == "e" and busybox) or (letter == "W" and not busybox):
            if not value:
                i += 1
                if i >= len(args):
                    if busybox:
                        ctx.stderr.write(f"{ctx.argv[0]}: option requires an argument -- "
                                         f"'{letter}'\n" if ctx.libc == "glibc" else
                                         f"{ctx.argv[0]}: option requires an argument: "
                                         f"{letter}\n")
                        return busybox_usage(ctx)
                    ctx.stderr.write(f"{name}: option requires an argument -- {letter}\n")
                    ctx.stderr.write(MAWK_USAGE)
                    return 2
                value = args[i]
            if letter == "v":
                assignments.append(value)
            elif letter == "F":
                fs = value
            elif letter == "f":
                program_files.append(value)
            elif letter == "e":
                program_text = (program_text + "\n" if program_text else "") + value
            elif letter == "W":
                if value.startswith("v"):
                    ctx.out("mawk 1.3.4 20250131\n")
                    return 0
                if value.startswith(("h", "u")):
                    ctx.out(MAWK_USAGE)
                    return 0
            i += 1
            continue
        if busybox:
            ctx.stderr.write(f"{ctx.argv[0]}: invalid option -- '{letter}'\n"
                             if ctx.libc == "glibc"
                             else f"{ctx.argv[0]}: unrecognized option: {letter}\n")
            return busybox_usage(ctx)
        ctx.stderr.write(f"{name}: not an option: {arg}\n")
        return 2
    operands = args[i:]
    if program_files:
        texts = []
        for path in program_files:
            try:
                texts.append(read_text(ctx, path))
            except FSError as err:
                if busybox:
                    ctx.stderr.write(f"awk: can't open '{path}': {ctx.strerror(err)}\n")
                    return 1
                ctx.stderr.write(f"{name}: cannot open {path} ({ctx.strerror(err)})\n")
                return 2
        program_text = "\n".join(texts)
    elif program_text is None:
        if not operands:
            if busybox:
                return busybox_usage(ctx)
            ctx.stderr.write(MAWK_USAGE)  # mawk shows its usage and exits 0
            return 0
        program_text = operands[0]
        operands = operands[1:]
    try:
        parsed = Parser(tokenize(program_text, busybox)).program()
    except _SyntaxError as err:
        if busybox:
            ctx.stderr.write(f"awk: cmd. line:{err.busybox_line}: {err.busybox}\n")
            return 1
        ctx.stderr.write(f"{name}: line {err.line}: {err.mawk}\n")
        return 2
    interp = Interpreter(ctx, parsed, busybox)
    argv = interp.array("ARGV")
    argv.data["0"] = StrNum("awk" if busybox else name)
    for index, operand in enumerate(operands, 1):
        argv.data[str(index)] = StrNum(operand)
    interp.vars["ARGC"] = float(len(operands) + 1)
    for assignment in assignments:
        var, eq, value = assignment.partition("=")
        if not eq:
            if busybox:
                return busybox_usage(ctx)
            ctx.stderr.write(f"{name}: improper assignment: -v {assignment}\n")
            return 2
        interp.vars[var] = StrNum(_unescape(value, busybox))
    if fs is not None:
        interp.vars["FS"] = "\t" if fs == "t" and not busybox else _unescape(fs, busybox)
    status = 0
    try:
        status = _run(interp, parsed, operands)
    except _Endless:
        interp.flush_stdout()
        return spin_forever()
    except AwkError as err:
        interp.flush_stdout()
        if busybox:
            ctx.stderr.write(f"awk: {err.message}\n" if err.plain
                             else f"awk: cmd. line:1: {err.message}\n")
        elif err.runtime:
            filename = interp.vars.get("FILENAME")
            ctx.stderr.write(f"{name}: run time error: {err.message}\n"
                             f"\tFILENAME=\"{interp.to_str(filename)}\" "
                             f"FNR={interp.to_str(interp.vars['FNR'])} "
                             f"NR={interp.to_str(interp.vars['NR'])}\n")
        else:
            ctx.stderr.write(f"{name}: {err.message}\n")
        return err.status
    interp.flush_stdout()
    for target in list(interp.files):
        try:
            interp.flush_file(target)
        except AwkError as err:
            ctx.stderr.write(f"{name}: {err.message}\n")
            return 2
    return status


# What awk's work costs in CPU time (scripts/measure_costs.py): a statement (x++, y=i*2+1:
# mawk 0.005-0.09 µs, busybox 0.1-0.28 µs; a loop pass mawk 0.022, busybox 0.29), a record
# ({ n++ } per line: mawk 0.034 µs + 1 s per 2.98 GB, busybox 0.275 µs + 1 s per 3.65 GB).
STATEMENT_COST = {"mawk": 0.03e-6, "busybox": 0.2e-6}
RECORD_COST = {"mawk": 0.034e-6, "busybox": 0.275e-6}
BYTE_COST = {"mawk": 1 / 2.98e9, "busybox": 1 / 3.65e9}

# Statements that show something or leave the loop, calls that reach outside.
_LOUD_STATEMENTS = frozenset({"print", "printf", "next", "nextfile", "exit", "return", "break",
                              "continue"})
_LOUD_BUILTINS = frozenset({"system", "close", "fflush"})


def _endless(loop) -> bool:
    """while (1) / for (;;) / do ... while (1) whose body only computes: it never ends
    and nobody can see what it does (awk has no signal handlers), so it is a busy
    process for ever. Arithmetic that can divide by zero might end it: not endless."""
    kind = loop[0]
    if kind == "while":
        cond, parts = loop[1], [loop[2]]
    elif kind == "do":
        cond, parts = loop[2], [loop[1]]
    else:
        cond, parts = loop[2], [loop[1], loop[3], loop[4]]
    if cond is not None and not (cond[0] in ("num", "str") and cond[1]):
        return False
    return all(part is None or _quiet(part) for part in parts)


def _quiet(node) -> bool:
    if isinstance(node, list):
        return all(_quiet(item) for item in node)
    if not isinstance(node, tuple) or not node:
        return True
    kind = node[0]
    if kind in _LOUD_STATEMENTS or kind in ("call", "getline"):
        return False
    if kind == "builtin" and node[1] in _LOUD_BUILTINS:
        return False
    if kind == "binop" and node[1] in ("/", "%"):
        return False
    return all(_quiet(item) for item in node[1:])


def _run(interp: Interpreter, parsed: Parser, operands: List[str]) -> int:
    """BEGIN, the main loop over records, END; the exit status."""
    main_input = _MainInput(interp, operands)
    interp.main_input = main_input
    exiting = False
    try:
        for block in parsed.begin:
            interp.execute(block)
    except _Exit as done:
        exiting = True
        interp.exit_status = done.status
    except (_Next, _NextFile):
        raise AwkError("improper use of next", 2)
    if not exiting and (parsed.rules or parsed.end):
        try:
            while True:
                record = main_input.next_record()
                if record is None:
                    break
                interp.vars["NR"] = interp.to_num(interp.vars["NR"]) + 1
                interp.vars["FNR"] = interp.to_num(interp.vars["FNR"]) + 1
                interp.split_record(record)
                interp.ctx.meter.pending += interp.record_cost + len(record) * interp.byte_cost
                try:
                    for rule in parsed.rules:
                        if _selected(interp, rule):
                            if rule[2] is None:
                                interp.out.append(interp.to_str(interp.fields[0]) +
                                                  interp.to_str(interp.vars["ORS"]))
                            else:
                                interp.execute(rule[2])
                except _Next:
                    continue
                except _NextFile:
                    main_input.skip_file()
                    continue
                if len(interp.out) > 4096:
                    interp.flush_stdout()
        except _Exit as done:
            interp.exit_status = done.status
    try:
        for block in parsed.end:
            interp.execute(block)
    except _Exit as done:
        interp.exit_status = done.status
    return interp.exit_status


def _selected(interp: Interpreter, rule) -> bool:
    pattern, pattern2 = rule[0], rule[1]
    if pattern is None:
        return True
    if pattern2 is None:
        return interp.truth(interp.eval(pattern))
    if rule[3]:
        if interp.truth(interp.eval(pattern2)):
            rule[3] = False
        return True
    if interp.truth(interp.eval(pattern)):
        rule[3] = not interp.truth(interp.eval(pattern2))
        return True
    return False
