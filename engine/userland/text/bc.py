"""BusyBox's bc: POSIX bc's arbitrary precision calculator (the alpine image has it).

Statements (bc_parser reads them) run as they are read: expressions (printed unless they
assign), `print`, strings, blocks, if/else, while, for, break, quit, and `define`d
functions with return and auto; the numbers and their scales are bc_numbers'. The math
library (-l) is not simulated. An error ends the program with status 1, after what the
statements before it printed. On a terminal it is BusyBox's interactive bc: a banner,
each line run once typed, errors reported without ending it.
"""

from __future__ import annotations

from typing import Dict, List

from ...proc.api import Context, Pipe, decode, program
from ...vfs.errno import FSError
from ..options import BUSYBOX_VERSION, OptionError, bad_option, error, parse
from .bc_numbers import ZERO, Bc, BcError, Num, _rescale
from .bc_parser import _Parser
from .io import read_bytes

CPU_PER_STEP = 2e-6


class _Quit(Exception):
    pass


class _Break(Exception):
    pass


class _Return(Exception):
    def __init__(self, value):
        super().__init__()
        self.value = value


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
            if node[1][0] != "assign":
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
        """A function's own (parameter or auto) variable, else the global one."""
        if self.scopes and name in self.scopes[-1]:
            return self.scopes[-1][name]
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
    if ctx.stdin.isatty and isinstance(ctx.stdin, Pipe):  # someone types at it
        quiet = any(key == "q" for key, _ in opts)
        return _interactive(ctx, texts, quiet)
    texts.append(ctx.stdin.read())
    runner = _Runner(Bc(ctx))
    for text in texts:
        ended = _run_text(ctx, runner, text)
        if ended:
            return 1 if ended == "error" else 0
    return 0


def _run_text(ctx: Context, runner: _Runner, text: str) -> str:
    """Run each statement of ``text`` once read (an error later leaves it done), and
    print what they printed; how it ended: "" (all ran), "quit" (quit, or break or
    return outside what they end) or "error" (said after what came before it)."""
    calc = runner.bc
    ended = ""
    try:
        parser = _Parser(text)
        while True:
            parser.skip_newlines()
            if parser.peek()[0] == "eof":
                break
            runner.statement(parser.statement())
    except (_Quit, _Break, _Return):
        ended = "quit"
    except BcError as err:
        ctx.out("".join(calc.out))
        calc.out = []
        error(ctx, str(err))
        ended = "error"
    ctx.out("".join(calc.out))
    calc.out = []
    return ended


BANNER = (f"bc {BUSYBOX_VERSION}\nAdapted from https://github.com/gavinhoward/bc\n"
          f"Original code (c) 2018 Gavin D. Howard and contributors\n")


def _interactive(ctx: Context, texts: List[str], quiet: bool):
    """bc on a terminal: the banner (unless -q), then each line runs once typed (a block,
    a parenthesis, a string or a comment left open waits for the lines that close it);
    an error is reported and bc goes on; end of input or `quit` ends it with 0."""
    if not quiet:
        ctx.out(BANNER)
    runner = _Runner(Bc(ctx))
    pending = "".join(texts)
    while True:
        if pending and not _open(pending):
            text, pending = pending, ""
            if _run_text(ctx, runner, text) == "quit":
                return 0
        chunk = yield from ctx.read_some()
        if not chunk:
            return 0
        pending += chunk


def _open(text: str) -> bool:
    """Whether ``text`` leaves a block, a parenthesis, a string or a comment open (or
    ends in a backslash-newline): bc reads on before it runs any of it."""
    depth, i, n = 0, 0, len(text)
    while i < n:
        char = text[i]
        if char == '"':
            end = text.find('"', i + 1)
            if end < 0:
                return True
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                return True
            i = end + 1
        elif char in "{(":
            depth += 1
        elif char in "})":
            depth -= 1
        i += 1
    return depth > 0 or text.endswith("\\\n")
