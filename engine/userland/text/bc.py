"""BusyBox's bc: POSIX bc's arbitrary precision calculator (the alpine image has it).

Numbers are decimal with a scale (digits after the point) and follow bc's rules: + and -
keep the larger scale, * keeps at most max(scale, its operands'), / and % work at
`scale` digits, ^ takes an integer exponent. Statements: expressions (printed unless
they assign), `print`, strings, blocks, if/else, while, for, break, quit, and `define`d
functions with return and auto. ibase and obase (2 to 16) read and print other bases.
The math library (-l) is not simulated. Errors end the program with status 1.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from ...proc.api import Context, decode, program
from ...vfs.errno import FSError
from ..options import OptionError, bad_option, error, parse
from .io import read_bytes

CPU_PER_STEP = 2e-6
LINE_LENGTH = 70  # BC_LINE_LENGTH: longer numbers go on with a backslash-newline
TOKEN = re.compile(r'[ \t]*(?:(?P<num>[0-9A-F]+\.?[0-9A-F]*|\.[0-9A-F]*)|(?P<name>[a-z][a-z0-9_]*)'
                   r'|(?P<str>"[^"]*")|(?P<op>\+\+|--|[-+*/%^=!<>]=|&&|\|\||[-+*/%^=<>!(){},;\n\[\]]))')
KEYWORDS = {"if", "else", "while", "for", "break", "continue", "quit", "halt", "define",
            "return", "auto", "print", "sqrt", "length", "scale", "ibase", "obase", "last",
            "limits", "read"}
BINARY = {"||": 1, "&&": 2, "==": 4, "!=": 4, "<": 4, ">": 4, "<=": 4, ">=": 4,
          "+": 5, "-": 5, "*": 6, "/": 6, "%": 6, "^": 8}


class BcError(Exception):
    pass


class _Quit(Exception):
    pass


class _Break(Exception):
    pass


class _Return(Exception):
    def __init__(self, value):
        super().__init__()
        self.value = value


Num = Tuple[int, int]  # (digits as an integer, scale): the value is n / 10**scale
ZERO: Num = (0, 0)


def _rescale(num: Num, scale: int) -> Num:
    n, s = num
    if scale >= s:
        return n * 10 ** (scale - s), scale
    q = abs(n) // 10 ** (s - scale)  # truncate toward zero
    return (q if n >= 0 else -q), scale


def _div_trunc(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


class Bc:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.vars: Dict[str, Num] = {}
        self.arrays: Dict[str, Dict[int, Num]] = {}
        self.funcs: Dict[str, tuple] = {}
        self.scale, self.ibase, self.obase = 0, 10, 10
        self.last: Num = ZERO
        self.out: List[str] = []

    # -- numbers ---------------------------------------------------------------------------
    def number(self, text: str) -> Num:
        """A numeral read in ibase (its digits 0-9 and A-F)."""
        whole, _, frac = text.partition(".")
        if self.ibase == 10 and text.replace(".", "").isdigit():
            return int((whole + frac) or "0"), len(frac)
        value = 0
        for c in whole:
            value = value * self.ibase + int(c, 16)
        num: Num = (value, 0)
        if frac:
            f = 0
            for c in frac:
                f = f * self.ibase + int(c, 16)
            num = self.add(num, self.divide((f, 0), (self.ibase ** len(frac), 0), len(frac)))
        return num

    def add(self, a: Num, b: Num) -> Num:
        s = max(a[1], b[1])
        return _rescale(a, s)[0] + _rescale(b, s)[0], s

    def multiply(self, a: Num, b: Num) -> Num:
        full = (a[0] * b[0], a[1] + b[1])
        return _rescale(full, min(full[1], max(self.scale, a[1], b[1])))

    def divide(self, a: Num, b: Num, scale: Optional[int] = None) -> Num:
        scale = self.scale if scale is None else scale
        if b[0] == 0:
            raise BcError("divide by zero")
        return _div_trunc(a[0] * 10 ** (scale + b[1]), b[0] * 10 ** a[1]), scale

    def modulo(self, a: Num, b: Num) -> Num:
        quotient = self.divide(a, b)
        product = (quotient[0] * b[0], quotient[1] + b[1])
        return _rescale(self.add(a, (-product[0], product[1])), max(self.scale + b[1], a[1]))

    def power(self, a: Num, b: Num) -> Num:
        if b[1] and b[0] % 10 ** b[1]:
            raise BcError("not an integer")
        exponent = _rescale(b, 0)[0]
        if exponent < 0:
            return self.divide((1, 0), self.power(a, (-exponent, 0)))
        full = (a[0] ** exponent, a[1] * exponent)
        return _rescale(full, min(full[1], max(self.scale, a[1])))

    def sqrt(self, a: Num) -> Num:
        if a[0] < 0:
            raise BcError("negative number")
        scale = max(self.scale, a[1])
        n = _rescale(a, 2 * scale)[0]
        root = int(n ** 0.5) if n < 1 << 52 else _isqrt(n)
        while root * root > n:
            root -= 1
        while (root + 1) ** 2 <= n:
            root += 1
        return root, scale

    def show(self, num: Num) -> str:
        n, s = num
        if n == 0:
            return "0"
        sign = "-" if n < 0 else ""
        whole, frac = divmod(abs(n), 10 ** s)
        if self.obase == 10:
            text = (str(whole) if whole else "") + (f".{frac:0{s}d}" if s else "")
        else:
            digits = ""
            while whole:
                whole, d = divmod(whole, self.obase)
                digits = "0123456789ABCDEF"[d] + digits
            text = digits
            if s:  # the fraction: as many digits as make 10^-scale
                text += "."
                f, places, precision = (frac, s), 0, 1
                while precision < 10 ** s:
                    f = (f[0] * self.obase, f[1])
                    d, rest = divmod(f[0], 10 ** f[1])
                    text += "0123456789ABCDEF"[d]
                    f = (rest, f[1])
                    precision *= self.obase
        text = sign + text
        lines = []
        while len(text) > LINE_LENGTH - 1:
            lines.append(text[:LINE_LENGTH - 2] + "\\")
            text = text[LINE_LENGTH - 2:]
        return "\n".join(lines + [text])


def _isqrt(n: int) -> int:
    x = 1 << ((n.bit_length() + 1) // 2)
    while True:
        y = (x + n // x) // 2
        if y >= x:
            return x
        x = y


class _Parser:
    """Statements as nested tuples, evaluated by _Runner."""

    def __init__(self, text: str):
        self.tokens: List[Tuple[str, str]] = []
        pos = 0
        text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
        text = re.sub(r"#[^\n]*", "", text)
        text = text.replace("\\\n", "")
        while pos < len(text):
            m = TOKEN.match(text, pos)
            if not m or m.end() == pos:
                if text[pos:].strip() == "":
                    break
                raise BcError(f"bad character '{text[pos:].strip()[0]}'")
            kind = m.lastgroup
            value = m.group(kind)
            if kind == "name" and value in KEYWORDS:
                kind = "kw"
            self.tokens.append((kind, value))
            pos = m.end()
        self.i = 0

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else ("eof", "")

    def take(self):
        tok = self.peek()
        self.i += 1
        return tok

    def expect(self, value: str):
        tok = self.take()
        if tok[1] != value:
            self.fail(tok)

    def fail(self, tok):
        raise BcError(f"bad expression at '{tok[1] if tok[0] in ('num', 'name', 'str') else ''}'")

    def skip_newlines(self):
        while self.peek()[1] in ("\n", ";"):
            self.take()

    def statements(self, until: str = "") -> list:
        body = []
        while True:
            self.skip_newlines()
            kind, value = self.peek()
            if kind == "eof" or (until and value == until):
                return body
            body.append(self.statement())

    def statement(self):
        kind, value = self.peek()
        if value == "{":
            self.take()
            body = self.statements("}")
            self.expect("}")
            return ("block", body)
        if kind == "str":
            self.take()
            return ("string", value[1:-1])
        if kind == "kw":
            if value in ("quit", "halt"):
                self.take()
                return ("quit",)
            if value == "break":
                self.take()
                return ("break",)
            if value == "print":
                self.take()
                items = []
                while True:
                    tok = self.peek()
                    items.append(("string", self.take()[1][1:-1]) if tok[0] == "str" else self.expr())
                    if self.peek()[1] != ",":
                        return ("print", items)
                    self.take()
            if value in ("if", "while"):
                self.take()
                self.expect("(")
                cond = self.expr()
                self.expect(")")
                self.skip_newlines()
                body = self.statement()
                other = None
                if value == "if":
                    save = self.i
                    self.skip_newlines()
                    if self.peek()[1] == "else":
                        self.take()
                        self.skip_newlines()
                        other = self.statement()
                    else:
                        self.i = save
                return (value, cond, body, other)
            if value == "for":
                self.take()
                self.expect("(")
                parts = []
                for end in (";", ";", ")"):
                    parts.append(None if self.peek()[1] == end else self.expr())
                    self.expect(end)
                self.skip_newlines()
                return ("for", *parts, self.statement())
            if value == "return":
                self.take()
                if self.peek()[1] in ("\n", ";", "}", ""):
                    return ("return", None)
                return ("return", self.expr())
            if value == "define":
                return self.define()
        node = ("expr", self.expr())
        tok = self.peek()
        if tok[0] != "eof" and tok[1] not in ("\n", ";", "}", "else"):
            self.fail(tok)  # a statement ends at a newline, ";" or "}"
        return node

    def define(self):
        self.take()
        name = self.take()
        self.expect("(")
        params = []
        while self.peek()[1] != ")":
            params.append(self.take()[1])
            if self.peek()[1] == ",":
                self.take()
        self.expect(")")
        self.skip_newlines()
        self.expect("{")
        autos = []
        self.skip_newlines()
        if self.peek()[1] == "auto":
            self.take()
            while self.peek()[0] == "name":
                autos.append(self.take()[1])
                if self.peek()[1] == ",":
                    self.take()
        body = self.statements("}")
        self.expect("}")
        return ("define", name[1], params, autos, body)

    # -- expressions ----------------------------------------------------------------------
    def expr(self, min_prec: int = 0):
        left = self.unary()
        while True:
            kind, value = self.peek()
            if kind == "op" and value in ("=", "+=", "-=", "*=", "/=", "%=", "^=") and min_prec <= 0:
                if left[0] not in ("var", "special", "elem"):
                    self.fail(self.peek())
                self.take()
                left = ("assign", value[:-1], left, self.expr(0))
                continue
            if kind != "op" or value not in BINARY or BINARY[value] < min_prec:
                return left
            self.take()
            prec = BINARY[value]
            right = self.expr(prec if value == "^" else prec + 1)
            left = ("bin", value, left, right)

    def unary(self):
        kind, value = self.peek()
        if value in ("-", "!"):  # tighter than ^: -2^2 is (-2)^2
            self.take()
            return ("neg" if value == "-" else "not", self.unary())
        if value in ("++", "--"):
            self.take()
            return ("pre", value, self.primary())
        node = self.primary()
        if self.peek()[1] in ("++", "--") and node[0] in ("var", "special", "elem"):
            return ("post", self.take()[1], node)
        return node

    def primary(self):
        kind, value = self.take()
        if kind == "num":
            return ("num", value)
        if value == "(":
            node = self.expr()
            self.expect(")")
            return node
        if kind == "kw" and value in ("scale", "ibase", "obase", "last"):
            if value in ("scale", "length", "sqrt") and self.peek()[1] == "(":
                return self.call(value)
            return ("special", value)
        if kind == "kw" and value in ("sqrt", "length"):
            return self.call(value)
        if kind == "name":
            if self.peek()[1] == "(":
                return self.call(value)
            if self.peek()[1] == "[":  # an array element
                self.take()
                index = self.expr()
                self.expect("]")
                return ("elem", value, index)
            return ("var", value)
        self.fail((kind, value))

    def call(self, name: str):
        self.expect("(")
        args = []
        while self.peek()[1] != ")":
            args.append(self.expr())
            if self.peek()[1] == ",":
                self.take()
        self.expect(")")
        return ("call", name, args)


class _Runner:
    def __init__(self, bc: Bc):
        self.bc = bc
        self.scopes: List[Dict[str, Num]] = []

    def run(self, statements) -> None:
        for statement in statements:
            self.statement(statement)

    def statement(self, node) -> None:
        bc = self.bc
        bc.ctx.charge(CPU_PER_STEP)
        kind = node[0]
        if kind == "expr":
            value = self.value(node[1])
            if node[1][0] not in ("assign",):
                bc.last = value
                bc.out.append(bc.show(value) + "\n")
        elif kind == "string":
            bc.out.append(node[1].replace("\\n", "\n"))
        elif kind == "print":
            for item in node[1]:
                bc.out.append(item[1].replace("\\n", "\n") if item[0] == "string"
                              else bc.show(self.value(item)))
        elif kind == "block":
            self.run(node[1])
        elif kind == "if":
            if self.value(node[1])[0]:
                self.statement(node[2])
            elif node[3] is not None:
                self.statement(node[3])
        elif kind == "while":
            try:
                while self.value(node[1])[0]:
                    self.statement(node[2])
            except _Break:
                pass
        elif kind == "for":
            init, cond, step, body = node[1:]
            if init is not None:
                self.value(init)
            try:
                while cond is None or self.value(cond)[0]:
                    self.statement(body)
                    if step is not None:
                        self.value(step)
            except _Break:
                pass
        elif kind == "break":
            raise _Break()
        elif kind == "quit":
            raise _Quit()
        elif kind == "return":
            raise _Return(ZERO if node[1] is None else self.value(node[1]))
        elif kind == "define":
            bc.funcs[node[1]] = node[2:]

    def lookup(self, name: str) -> Num:
        for scope in reversed(self.scopes[-1:]):
            if name in scope:
                return scope[name]
        return self.bc.vars.get(name, ZERO)

    def store(self, name: str, value: Num) -> None:
        if self.scopes and name in self.scopes[-1]:
            self.scopes[-1][name] = value
        else:
            self.bc.vars[name] = value

    def get(self, node) -> Num:
        bc = self.bc
        if node[0] == "elem":
            return bc.arrays.get(node[1], {}).get(_rescale(self.value(node[2]), 0)[0], ZERO)
        if node[0] == "special":
            name = node[1]
            return bc.last if name == "last" else (getattr(bc, name), 0)
        return self.lookup(node[1])

    def put(self, node, value: Num) -> None:
        bc = self.bc
        if node[0] == "elem":
            bc.arrays.setdefault(node[1], {})[_rescale(self.value(node[2]), 0)[0]] = value
            return
        if node[0] == "special":
            name = node[1]
            if name == "last":
                bc.last = value
                return
            number = _rescale(value, 0)[0]
            if name in ("ibase", "obase") and not 2 <= number <= 16:
                raise BcError(f"bad {name}; must be [2, 16]")
            if name == "scale" and number < 0:
                raise BcError("bad scale")
            setattr(bc, name, number)
            return
        self.store(node[1], value)

    def value(self, node) -> Num:
        bc = self.bc
        kind = node[0]
        if kind == "num":
            return bc.number(node[1])
        if kind in ("var", "special", "elem"):
            return self.get(node)
        if kind == "neg":
            n, s = self.value(node[1])
            return -n, s
        if kind == "not":
            return (0 if self.value(node[1])[0] else 1), 0
        if kind == "assign":
            value = self.value(node[3])
            if node[1]:
                value = self.binary(node[1], self.get(node[2]), value)
            self.put(node[2], value)
            return value
        if kind in ("pre", "post"):
            old = self.get(node[2])
            new = bc.add(old, (1 if node[1] == "++" else -1, 0))
            self.put(node[2], new)
            return new if kind == "pre" else old
        if kind == "bin":
            op = node[1]
            if op == "&&":
                return int(bool(self.value(node[2])[0]) and bool(self.value(node[3])[0])), 0
            if op == "||":
                return int(bool(self.value(node[2])[0]) or bool(self.value(node[3])[0])), 0
            return self.binary(op, self.value(node[2]), self.value(node[3]))
        if kind == "call":
            return self.call(node[1], [self.value(arg) for arg in node[2]])
        raise BcError("bad expression at ''")

    def binary(self, op: str, a: Num, b: Num) -> Num:
        bc = self.bc
        if op == "+":
            return bc.add(a, b)
        if op == "-":
            return bc.add(a, (-b[0], b[1]))
        if op == "*":
            return bc.multiply(a, b)
        if op == "/":
            return bc.divide(a, b)
        if op == "%":
            return bc.modulo(a, b)
        if op == "^":
            return bc.power(a, b)
        s = max(a[1], b[1])
        x, y = _rescale(a, s)[0], _rescale(b, s)[0]
        return int({"==": x == y, "!=": x != y, "<": x < y, ">": x > y,
                    "<=": x <= y, ">=": x >= y}[op]), 0

    def call(self, name: str, args: List[Num]) -> Num:
        bc = self.bc
        if name == "sqrt":
            return bc.sqrt(args[0])
        if name == "length":
            n, s = args[0]
            return (len(str(abs(n))) if n else max(1, s)), 0  # significant digits
        if name == "scale":
            return args[0][1], 0
        if name not in bc.funcs:
            raise BcError("undefined function")
        params, autos, body = bc.funcs[name]
        scope = {p: (args[i] if i < len(args) else ZERO) for i, p in enumerate(params)}
        scope.update({a: ZERO for a in autos})
        self.scopes.append(scope)
        try:
            self.run(body)
        except _Return as ret:
            return ret.value
        finally:
            self.scopes.pop()
        return ZERO


@program("bc")
def bc(ctx: Context) -> int:
    try:
        opts, files = parse(ctx, ctx.argv[1:], "lqsw")
    except OptionError as err:
        return bad_option(ctx, err)
    if any(key == "l" for key, _ in opts):
        error(ctx, "the math library (-l) is not simulated by crsim yet")
        return 1
    texts = []
    for name in files:
        try:
            texts.append(decode(read_bytes(ctx, name)))
        except FSError as err:
            error(ctx, f"can't open '{name}': {ctx.strerror(err)}")
            return 1
    texts.append(ctx.stdin.read())
    calc = Bc(ctx)
    runner = _Runner(calc)
    status = 0
    try:
        for text in texts:  # each statement runs once read: an error later leaves it done
            parser = _Parser(text)
            while True:
                parser.skip_newlines()
                if parser.peek()[0] == "eof":
                    break
                runner.statement(parser.statement())
    except _Quit:
        pass
    except (_Break, _Return):
        pass
    except BcError as err:
        ctx.out("".join(calc.out))
        calc.out = []
        error(ctx, str(err))
        status = 1
    ctx.out("".join(calc.out))
    return status
