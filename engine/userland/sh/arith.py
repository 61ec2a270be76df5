"""$(( ... )) arithmetic: C's integer operators on 64-bit signed values.

The expression is parsed into a small tree first, so that && || and ?: only
evaluate (and assign) in the branch that is taken. Variables hold strings; a
variable used in an expression is read as a number (bash evaluates a
variable's text as an expression in its turn).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...lazy import LazyPattern

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Callable, List, Optional, Tuple

MASK = (1 << 64) - 1


def wrap(value: int) -> int:
    value &= MASK
    return value - (1 << 64) if value >= 1 << 63 else value


class ArithError(Exception):
    """kind: "divzero", "syntax" (operand expected), "token" (unexpected token),
    "leftover" (a token after a whole expression),
    "base" (bad number); ``token`` is the text from where it went wrong."""

    def __init__(self, kind: str, expr: str, token: str = ""):
        super().__init__(kind)
        self.kind = kind
        self.expr = expr
        self.token = token


TOKEN_RE = LazyPattern(r"""
    \s*(?:
      (?P<num>0[xX][0-9A-Za-z]+|[0-9][0-9A-Za-z_@#]*)
    | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<op>\*\*=|<<=|>>=|\*\*|<<|>>|<=|>=|==|!=|&&|\|\||\+\+|--|[-+*/%&|^]=|[-+*/%<>=!~&|^?:(),])
    )""", re.VERBOSE)

BINARY = {  # operator: (precedence, right associative)
    ",": (1, False),
    "=": (2, True), "+=": (2, True), "-=": (2, True), "*=": (2, True), "/=": (2, True),
    "%=": (2, True), "<<=": (2, True), ">>=": (2, True), "&=": (2, True), "^=": (2, True),
    "|=": (2, True), "**=": (2, True),
    "?": (3, True),
    "||": (4, False), "&&": (5, False), "|": (6, False), "^": (7, False), "&": (8, False),
    "==": (9, False), "!=": (9, False),
    "<": (10, False), "<=": (10, False), ">": (10, False), ">=": (10, False),
    "<<": (11, False), ">>": (11, False),
    "+": (12, False), "-": (12, False),
    "*": (13, False), "/": (13, False), "%": (13, False),
    "**": (15, True),
}
UNARY_PREC = 16  # bash and ash: unary - + ! ~ bind tighter than ** ($(( -3 ** 2 )) is 9)


def parse_number(text: str, expr: str, pos: int) -> int:
    """The value of a number token. bash reads it with the expression cut just after it,
    so its error shows the expression up to there and the token itself."""
    expr = expr[:pos + len(text)]
    try:
        if text[:2] in ("0x", "0X"):
            return int(text[2:], 16)
        if "#" in text:
            base_text, digits = text.split("#", 1)
            base = int(base_text, 8 if base_text[:1] == "0" and len(base_text) > 1 else 10)
            if not 2 <= base <= 64:
                raise ArithError("invalid base", expr, text)
            if not digits:
                raise ArithError("constant", expr, text)
            value = 0
            for ch in digits:
                if ch.isdigit():
                    d = int(ch)
                elif "a" <= ch <= "z":
                    d = ord(ch) - ord("a") + 10
                elif "A" <= ch <= "Z":
                    d = ord(ch) - ord("A") + (36 if base > 36 else 10)
                elif ch == "@":
                    d = 62
                elif ch == "_":
                    d = 63
                else:
                    raise ArithError("base", expr, text)
                if d >= base:
                    raise ArithError("base", expr, text)
                value = value * base + d
            return value
        if len(text) > 1 and text[0] == "0":
            return int(text, 8)
        return int(text, 10)
    except ValueError:
        raise ArithError("base", expr, text) from None


POSIX_ONLY = LazyPattern(r"\*\*=?|\+\+|--|,")  # dash has no **, ++, -- or ","


class _Parser:
    def __init__(self, expr: str, posix: bool = False):
        self.expr = expr
        self.tokens: List[Tuple[str, str, int]] = []  # (kind, text, start)
        pos = 0
        n = len(expr)
        while True:
            while pos < n and expr[pos].isspace():
                pos += 1
            if pos >= n:
                break
            m = TOKEN_RE.match(expr, pos)
            if not m or m.end() == pos:
                raise ArithError("token", expr, expr[pos:])
            kind = m.lastgroup
            text = m.group(kind)
            if posix and kind == "num" and "#" in text:  # dash has no BASE#DIGITS
                raise ArithError("token", expr, expr[m.start(kind):])
            if posix and kind == "op" and POSIX_ONLY.fullmatch(text):
                if text == ",":
                    self.tokens.append(("bad", text, m.start(kind)))
                    pos = m.end()
                    continue
                text = text[0]  # "**" is "*" then "*"; "++" is "+" then "+"
                self.tokens.append((kind, text, m.start(kind)))
                pos = m.start(kind) + 1
                continue
            self.tokens.append((kind, text, m.start(kind)))
            pos = m.end()
        self.i = 0

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else ("eof", "", len(self.expr))

    def take(self):
        tok = self.peek()
        self.i += 1
        return tok

    def last_read(self) -> int:
        """Where the last token read so far starts (the one looked ahead at, or the last
        of the expression): bash's ``lasttp``, which an error found while evaluating
        quotes as its token (bash evaluates as it reads)."""
        if not self.tokens:
            return 0
        return self.tokens[min(self.i, len(self.tokens) - 1)][2]

    def rest(self, start: int) -> str:
        return self.expr[start:]

    def parse(self):
        if not self.tokens:
            return ("num", 0)
        node = self.binary(0)
        kind, text, start = self.peek()
        if kind != "eof":  # a whole expression, and more after it
            raise ArithError("leftover", self.expr, self.rest(start))
        return node

    def binary(self, min_prec: int):
        left = self.unary()
        while True:
            kind, text, start = self.peek()
            if kind != "op" or text not in BINARY:
                return left
            prec, right_assoc = BINARY[text]
            if prec < min_prec:
                return left
            self.take()
            if text == "?":
                middle = self.binary(0)
                k, t, s = self.take()
                if t != ":":
                    raise ArithError("token", self.expr, self.rest(s) if k != "eof" else "")
                right = self.binary(prec)
                left = ("?", left, middle, right)
                continue
            right = self.binary(prec if right_assoc else prec + 1)
            if text.endswith("=") and text not in ("==", "!=", "<=", ">="):
                if left[0] != "var":
                    raise ArithError("assign", self.expr, self.rest(start))
                left = ("assign", text[:-1], left[1], right)
            else:
                left = ("bin", text, left, right, start, self.last_read())

    def unary(self):
        kind, text, start = self.peek()
        if kind == "op" and text in ("+", "-", "!", "~"):
            self.take()
            return ("unary", text, self.binary(UNARY_PREC))
        if kind == "op" and text in ("++", "--"):
            self.take()
            k, name, s = self.take()
            if k != "name":
                raise ArithError("syntax", self.expr, self.rest(start))
            return ("pre", text, name)
        return self.postfix()

    def postfix(self):
        kind, text, start = self.take()
        if kind == "num":
            return ("num", parse_number(text, self.expr, start), start)
        if kind == "name":
            k, t, s = self.peek()
            if k == "op" and t in ("++", "--"):
                self.take()
                return ("post", t, text)
            return ("var", text, start)
        if kind == "op" and text == "(":
            node = self.binary(0)
            k, t, s = self.take()
            if t != ")":
                raise ArithError("paren", self.expr, self.rest(s) if k != "eof" else "")
            return node
        if kind == "eof":
            last = self.tokens[-1] if self.tokens else ("op", "", 0)
            raise ArithError("syntax", self.expr, self.rest(last[2]))
        raise ArithError("syntax", self.expr, self.rest(start))


@lru_cache(maxsize=1024)
def _parse(expr: str, posix: bool):
    """The tree of an expression (cached: a loop evaluates the same text again)."""
    return _Parser(expr, posix).parse()


def evaluate(expr: str, get: Callable[[str], Optional[str]], set_: Callable[[str, str], None],
             recurse: bool = True, depth: int = 0, posix: bool = False) -> int:
    """Evaluate ``expr``; ``get(name)`` reads a variable, ``set_(name, text)`` assigns."""
    tree = _parse(expr, posix)

    def value_of(name: str) -> int:
        text = get(name)
        if text is None or text.strip() == "":
            return 0
        text = text.strip()
        if re.fullmatch(r"-?[0-9]+", text):
            return wrap(int(text, 10) if not (len(text.lstrip("-")) > 1 and text.lstrip("-")[0] == "0")
                        else int(text, 8))
        if posix:  # dash reads a variable as a number only (no expression inside)
            sign, digits = (-1, text[1:]) if text[:1] == "-" else (1, text.lstrip("+"))
            try:
                return wrap(sign * parse_number(digits, digits, 0))
            except ArithError:
                raise ArithError("illegal", expr, text) from None
        if depth > 100 or not recurse:
            raise ArithError("token", expr, text)
        return evaluate(text, get, set_, recurse, depth + 1, posix)

    def ev(node) -> int:
        kind = node[0]
        if kind == "num":
            return wrap(node[1])
        if kind == "var":
            return value_of(node[1])
        if kind == "unary":
            v = ev(node[2])
            op = node[1]
            if op == "-":
                return wrap(-v)
            if op == "+":
                return v
            if op == "!":
                return int(v == 0)
            return wrap(~v)
        if kind in ("pre", "post"):
            old = value_of(node[2])
            new = wrap(old + (1 if node[1] == "++" else -1))
            set_(node[2], str(new))
            return new if kind == "pre" else old
        if kind == "?":
            return ev(node[2]) if ev(node[1]) else ev(node[3])
        if kind == "assign":
            op, name, rhs = node[1], node[2], node[3]
            v = ev(rhs)
            if op:
                v = binop(op, value_of(name), v, node, None)
            set_(name, str(v))
            return v
        op = node[1]
        if op == "&&":
            return int(bool(ev(node[2])) and bool(ev(node[3])))
        if op == "||":
            return int(bool(ev(node[2])) or bool(ev(node[3])))
        if op == ",":
            ev(node[2])
            return ev(node[3])
        return binop(op, ev(node[2]), ev(node[3]), node, node[3])

    def binop(op: str, a: int, b: int, node, right) -> int:
        if op in ("/", "%"):
            if b == 0:
                token = _text_of(expr, right)
                raise ArithError("divzero", expr, token)
            q = abs(a) // abs(b)
            if (a < 0) != (b < 0):
                q = -q
            return wrap(q) if op == "/" else wrap(a - q * b)
        if op == "+":
            return wrap(a + b)
        if op == "-":
            return wrap(a - b)
        if op == "*":
            return wrap(a * b)
        if op == "**":
            if b < 0:
                raise ArithError("exponent", expr, expr[node[5]:] if node[0] == "bin" else "")
            return wrap(pow(a, b, 1 << 64))
        if op == "<<":
            return wrap(a << (b & 63))
        if op == ">>":
            return wrap(a >> (b & 63))
        if op == "&":
            return wrap(a & b)
        if op == "|":
            return wrap(a | b)
        if op == "^":
            return wrap(a ^ b)
        return int({"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b,
                    "==": a == b, "!=": a != b}[op])

    return ev(tree)


def _text_of(expr: str, node) -> str:
    """Where a node starts in the expression, to the end (bash's "error token")."""
    start = _start(node)
    return expr[start:] if start is not None else ""


def _start(node):
    if node is None:
        return None
    if node[0] in ("num", "var"):
        return node[2]
    if node[0] == "bin":
        return _start(node[2])
    return None
