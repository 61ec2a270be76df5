"""jq 1.6, the JSON processor (Debian's `jq` package; on the simulated host for the
prompt's pipes: `inspect web | jq -r '.[0].NetworkSettings.IPAddress'`).

The language as far as people use it with Docker: paths (.a.b, ."a", .[0], .[1:3], .[],
..), pipes and commas, literals, arrays and objects built ({a: .x, "b": 1, c}), string
interpolation, arithmetic, comparison, and/or/not, the alternative //, `?`, if/elif/else,
reduce-free builtins (length, keys, map, select, has, to_entries, sort_by, join, split,
test ...). What it does not know it refuses at compile time in jq's words (`foo/0 is not
defined`). Output as jq prints it: two-space indentation, -c, -r, -j, -S, -n, -e, --arg.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

from ...proc.api import Context, program

CPU_PER_BYTE = 2e-8  # parsing and printing JSON: a few times cat's rate


class JqError(Exception):
    """A run-time error: `jq: error (at <stdin>:N): ...`, status 5."""


class CompileError(Exception):
    """`jq: error: ... at <top-level>, line 1:` then the program, status 3. A syntax error
    has ``column``: jq prints that many spaces after the program (where its marker goes)."""

    def __init__(self, message: str, column: Optional[int] = None):
        super().__init__(message)
        self.column = column


# -- lexing ------------------------------------------------------------------------------
TOKEN = re.compile(r"""
    (?P<space>\s+|\#[^\n]*)
  | (?P<number>\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)
  | (?P<string>")
  | (?P<field>\.[A-Za-z_][A-Za-z0-9_]*)
  | (?P<var>\$[A-Za-z_][A-Za-z0-9_]*)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\.\.|//|==|!=|<=|>=|\|=|[.\[\]{}()|,:;<>+\-*/%?])
""", re.X)


def _lex(text: str, starts: Optional[List[int]] = None) -> List[Tuple[str, Any]]:
    """The tokens; their offsets go to ``starts`` when given."""
    tokens, i = [], 0
    starts = [] if starts is None else starts
    while i < len(text):
        match = TOKEN.match(text, i)
        if match is None:
            raise CompileError("syntax error, unexpected INVALID_CHARACTER (Unix shell quoting "
                               "issues?)", i)
        kind = match.lastgroup
        if kind == "string":
            starts.append(i)
            parts, i = _string(text, match.end())
            tokens.append(("string", parts))
            continue
        if kind != "space":
            starts.append(i)
            tokens.append((kind, match.group()))
        i = match.end()
    starts.append(len(text))
    tokens.append(("end", None))
    return tokens


def _string(text: str, i: int):
    """A string literal's parts: text, and (tokens) of each \\( ... ) interpolation."""
    parts: List[Any] = []
    buf: List[str] = []
    escapes = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r",
               "t": "\t"}
    while i < len(text):
        char = text[i]
        if char == '"':
            parts.append("".join(buf))
            return parts, i + 1
        if char == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt == "(":
                depth, j = 1, i + 2
                while j < len(text) and depth:
                    depth += {"(": 1, ")": -1}.get(text[j], 0)
                    j += 1
                parts.append("".join(buf))
                buf = []
                parts.append(_lex(text[i + 2:j - 1]))
                i = j
                continue
            if nxt == "u":
                buf.append(chr(int(text[i + 2:i + 6], 16)))
                i += 6
                continue
            buf.append(escapes.get(nxt, nxt))
            i += 2
            continue
        buf.append(char)
        i += 1
    raise CompileError("syntax error, unexpected $end, expecting QQSTRING_TEXT or "
                       "QQSTRING_INTERP_START or QQSTRING_END (Unix shell quoting issues?)")


# -- parsing into closures: each node is f(value, env) -> iterator of values -------------
Node = Callable[[Any, Dict[str, Any]], Iterator[Any]]


class Parser:
    def __init__(self, tokens, starts: Optional[List[int]] = None):
        self.tokens, self.i = tokens, 0
        self.starts = starts or [0] * len(tokens)

    def peek(self, offset: int = 0):
        return self.tokens[self.i + offset]

    def take(self, value: Optional[str] = None):
        kind, text = self.tokens[self.i]
        if value is not None and text != value:
            self.unexpected()
        self.i += 1
        return kind, text

    def unexpected(self):
        kind, text = self.peek()
        name = {"end": "$end", "ident": "IDENT", "field": "FIELD", "number": "LITERAL",
                "string": "QQSTRING_START", "var": "'$'"}.get(kind, f"'{text}'")
        raise CompileError(f"syntax error, unexpected {name}, expecting $end (Unix shell "
                           f"quoting issues?)", self.starts[self.i])

    def parse(self) -> Node:
        node = self.pipe()
        if self.peek()[0] != "end":
            self.unexpected()
        return node

    def pipe(self) -> Node:
        left = self.comma()
        if self.peek()[1] == "|" and self.peek()[0] == "op":
            self.take()
            right = self.pipe()
            return lambda v, env: (out for mid in left(v, env) for out in right(mid, env))
        return left

    def comma(self) -> Node:
        left = self.alternative()
        while self.peek() == ("op", ","):
            self.take()
            right = self.alternative()
            left = (lambda a, b: lambda v, env: _chain(a(v, env), b(v, env)))(left, right)
        return left

    def alternative(self) -> Node:
        left = self.boolean("or")
        if self.peek() == ("op", "//"):
            self.take()
            right = self.alternative()

            def alt(v, env, left=left, right=right):
                found = [x for x in _quiet(left(v, env)) if x not in (None, False)]
                return iter(found) if found else right(v, env)
            return alt
        return left

    def boolean(self, word: str) -> Node:
        inner = (lambda: self.boolean("and")) if word == "or" else self.comparison
        left = inner()
        while self.peek() == ("ident", word):
            self.take()
            right = inner()
            left = (lambda a, b, w: lambda v, env: (
                _truth(x) or _truth(y) if w == "or" else _truth(x) and _truth(y)
                for x in a(v, env) for y in ([True] if w == "or" and _truth(x) else
                                              [False] if w == "and" and not _truth(x) else
                                              b(v, env))))(left, right, word)
        return left

    def comparison(self) -> Node:
        left = self.additive()
        kind, text = self.peek()
        if kind == "op" and text in ("==", "!=", "<", "<=", ">", ">="):
            self.take()
            right = self.additive()
            return lambda v, env: (_compare(text, x, y) for y in right(v, env)
                                   for x in left(v, env))
        return left

    def additive(self) -> Node:
        return self._binary(self.multiplicative, ("+", "-"))

    def multiplicative(self) -> Node:
        return self._binary(self.postfix, ("*", "/", "%"))

    def _binary(self, inner, ops) -> Node:
        left = inner()
        while self.peek()[0] == "op" and self.peek()[1] in ops:
            op = self.take()[1]
            right = inner()
            left = (lambda a, b, op: lambda v, env: (_arith(op, x, y) for y in b(v, env)
                                                     for x in a(v, env)))(left, right, op)
        return left

    # terms and their suffixes
    def postfix(self) -> Node:
        node = self.term()
        while True:
            kind, text = self.peek()
            if kind == "field":
                self.take()
                node = _then(node, _index_node(_const(text[1:])))
            elif (kind, text) == ("op", ".") and self.peek(1)[0] == "string":
                self.take()
                node = _then(node, _index_node(self._string_node(self.take()[1])))
            elif (kind, text) == ("op", "["):
                node = _then(node, self.bracket())
            elif (kind, text) == ("op", "?"):
                self.take()
                node = (lambda n: lambda v, env: _quiet(n(v, env)))(node)
            else:
                return node

    def bracket(self) -> Node:
        self.take("[")
        if self.peek() == ("op", "]"):
            self.take()
            return lambda v, env: _iterate(v)
        if self.peek() == ("op", ":"):
            self.take()
            end = self.pipe()
            self.take("]")
            return lambda v, env: (_slice(v, None, e) for e in end(v, env))
        index = self.pipe()
        if self.peek() == ("op", ":"):
            self.take()
            end = None if self.peek() == ("op", "]") else self.pipe()
            self.take("]")
            return lambda v, env: (_slice(v, s, e) for s in index(v, env)
                                   for e in (end(v, env) if end else [None]))
        self.take("]")
        return _index_node(index)

    def term(self) -> Node:
        kind, text = self.peek()
        if kind == "number":
            self.take()
            number = float(text)
            return _const(int(number) if number.is_integer() and "e" not in text.lower()
                          and "." not in text else number)
        if kind == "string":
            self.take()
            return self._string_node(text)
        if kind == "field":
            self.take()
            return _index_node(_const(text[1:]))
        if kind == "var":
            self.take()
            name = text[1:]
            return lambda v, env: iter([env["$" + name]] if "$" + name in env else
                                       _undefined(f"${name}"))
        if kind == "op":
            if text == ".":
                self.take()
                if self.peek()[0] == "string":
                    return _index_node(self._string_node(self.take()[1]))
                if self.peek() == ("op", "["):
                    return self.bracket()
                return lambda v, env: iter([v])
            if text == "..":
                self.take()
                return lambda v, env: _recurse(v)
            if text == "(":
                self.take()
                node = self.pipe()
                self.take(")")
                return node
            if text == "[":
                self.take()
                if self.peek() == ("op", "]"):
                    self.take()
                    return lambda v, env: iter([[]])
                node = self.pipe()
                self.take("]")
                return lambda v, env: iter([list(node(v, env))])
            if text == "{":
                return self.object()
            if text == "-":
                self.take()
                inner = self.postfix()
                return lambda v, env: (_arith("-", 0, x) for x in inner(v, env))
        if kind == "ident":
            if text == "if":
                return self.conditional()
            if text in ("true", "false", "null"):
                self.take()
                return _const({"true": True, "false": False, "null": None}[text])
            return self.call()
        self.unexpected()

    def _string_node(self, parts) -> Node:
        pieces = [p if isinstance(p, str) else Parser(p).parse() for p in parts]

        def build(v, env):
            results = [""]
            for piece in pieces:
                if isinstance(piece, str):
                    results = [r + piece for r in results]
                else:
                    results = [r + (x if isinstance(x, str) else _dumps(x, compact=True))
                               for r in results for x in piece(v, env)]
            return iter(results)
        return build

    def object(self) -> Node:
        self.take("{")
        entries = []
        while self.peek() != ("op", "}"):
            kind, text = self.take()
            if kind == "ident" or kind == "field":
                key = _const(text.lstrip("."))
            elif kind == "string":
                key = self._string_node(text)
            elif kind == "var":
                key = _const(text[1:])
                var = text
                entries.append((key, lambda v, env, var=var: iter([env[var]])))
                if self.peek() == ("op", ","):
                    self.take()
                continue
            elif (kind, text) == ("op", "("):
                key = self.pipe()
                self.take(")")
            else:
                self.i -= 1
                self.unexpected()
            if self.peek() == ("op", ":"):
                self.take()
                value = self.alternative_no_comma()
            else:  # {a}: .a
                value = _index_node(key)
            entries.append((key, value))
            if self.peek() == ("op", ","):
                self.take()
        self.take("}")

        def build(v, env):
            results = [{}]
            for key, value in entries:
                results = [{**r, _key(k): x} for r in results for k in key(v, env)
                           for x in value(v, env)]
            return iter(results)
        return build

    def alternative_no_comma(self) -> Node:
        node = self.alternative()
        while self.peek() == ("op", "|"):  # {a: .b | .c} binds the pipe inside the value
            self.take()
            right = self.alternative()
            node = (lambda a, b: lambda v, env: (o for m in a(v, env) for o in b(m, env)))(
                node, right)
        return node

    def conditional(self) -> Node:
        self.take("if")
        cond = self.pipe()
        self.take("then")
        then = self.pipe()
        if self.peek() == ("ident", "elif"):
            self.tokens[self.i] = ("ident", "if")
            otherwise = self.conditional_rest()
        elif self.peek() == ("ident", "else"):
            self.take()
            otherwise = self.pipe()
            self.take("end")
        else:
            self.take("end")
            otherwise = lambda v, env: iter([v])  # noqa: E731 (jq 1.7's optional else)
        return lambda v, env: (out for c in cond(v, env)
                               for out in (then if _truth(c) else otherwise)(v, env))

    def conditional_rest(self) -> Node:
        return self.conditional()

    def call(self) -> Node:
        name = self.take()[1]
        args: List[Node] = []
        if self.peek() == ("op", "("):
            self.take()
            args.append(self.pipe())
            while self.peek() == ("op", ";"):
                self.take()
                args.append(self.pipe())
            self.take(")")
        builtin = BUILTINS.get((name, len(args)))
        if builtin is None:
            raise CompileError(f"{name}/{len(args)} is not defined")
        return lambda v, env: builtin(v, env, *args)


def _undefined(name):
    raise JqError(f"{name} is not defined")


def _const(value) -> Node:
    return lambda v, env: iter([value])


def _then(first: Node, second: Node) -> Node:
    return lambda v, env: (out for mid in first(v, env) for out in second(mid, env))


def _chain(*iterators):
    for it in iterators:
        yield from it


def _quiet(iterator):
    try:
        yield from iterator
    except JqError:
        return


def _key(key):
    if not isinstance(key, str):
        raise JqError("Object keys must be strings")
    return key


# -- values -----------------------------------------------------------------------------
def _type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _truth(value) -> bool:
    return value is not None and value is not False


def _index_node(index: Node) -> Node:
    return lambda v, env: (_index(v, i) for i in index(v, env))


def _index(value, index):
    if value is None:
        return None
    if isinstance(value, dict) and isinstance(index, str):
        return value.get(index)
    if isinstance(value, list) and isinstance(index, (int, float)) and not isinstance(index, bool):
        position = math.floor(index)
        if position < 0:
            position += len(value)
        return value[position] if 0 <= position < len(value) else None
    if isinstance(index, str):
        raise JqError(f'Cannot index {_type(value)} with string "{index}"')
    raise JqError(f"Cannot index {_type(value)} with {_type(index)}")


def _slice(value, start, end):
    if value is None:
        return None
    if not isinstance(value, (list, str)):
        raise JqError(f"Cannot index {_type(value)} with object")
    length = len(value)
    start = 0 if start is None else int(start if start >= 0 else start + length)
    end = length if end is None else int(end if end >= 0 else end + length)
    return value[max(start, 0):max(end, 0)]


def _iterate(value):
    if isinstance(value, list):
        return iter(value)
    if isinstance(value, dict):
        return iter(value.values())
    raise JqError(f"Cannot iterate over {_type(value)}" +
                  (f" ({_dumps(value, compact=True)})" if value is not None else ""))


def _recurse(value):
    yield value
    if isinstance(value, (list, dict)):
        for item in (value if isinstance(value, list) else value.values()):
            yield from _recurse(item)


ORDER = {"null": 0, "boolean": 1, "number": 3, "string": 4, "array": 5, "object": 6}


def _sort_key(value):
    kind = _type(value)
    if kind == "boolean":
        return (1 if value is False else 2, 0)
    if kind == "array":
        return (5, [_sort_key(v) for v in value])
    if kind == "object":
        return (6, sorted(value), [_sort_key(value[k]) for k in sorted(value)])
    return (ORDER[kind], value if value is not None else 0)


def _compare(op: str, a, b) -> bool:
    ka, kb = _sort_key(a), _sort_key(b)
    return {"==": ka == kb, "!=": ka != kb, "<": ka < kb, "<=": ka <= kb, ">": ka > kb,
            ">=": ka >= kb}[op]


def _arith(op: str, a, b):
    ta, tb = _type(a), _type(b)
    if op == "+":
        if a is None:
            return b
        if b is None:
            return a
        if ta == tb == "number":
            return _number(a + b)
        if ta == tb and ta in ("string", "array"):
            return a + b
        if ta == tb == "object":
            return {**a, **b}
    elif op == "-":
        if ta == tb == "number":
            return _number(a - b)
        if ta == tb == "array":
            return [x for x in a if all(_sort_key(x) != _sort_key(y) for y in b)]
    elif op == "*":
        if ta == tb == "number":
            return _number(a * b)
        if ta == tb == "object":
            return {**a, **b}
    elif op == "/":
        if ta == tb == "number":
            if b == 0:
                raise JqError(f"{_type(a)} ({_dumps(a, True)}) and {_type(b)} "
                              f"({_dumps(b, True)}) cannot be divided because the divisor is zero")
            return _number(a / b)
        if ta == tb == "string":
            return a.split(b)
    elif op == "%":
        if ta == tb == "number":
            if int(b) == 0:
                raise JqError(f"{_type(a)} ({_dumps(a, True)}) and {_type(b)} "
                              f"({_dumps(b, True)}) cannot be divided because the divisor is zero")
            return int(a) % abs(int(b)) * (1 if int(a) >= 0 else -1) if int(a) % abs(int(b)) \
                else 0
    verb = {"+": "added", "-": "subtracted", "*": "multiplied", "/": "divided",
            "%": "divided"}[op]
    raise JqError(f"{ta} ({_dumps(a, True)}) and {tb} ({_dumps(b, True)}) cannot be {verb}")


def _number(value):
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e17:
        return int(value)
    return value


# -- builtins ---------------------------------------------------------------------------
def _length(v, env):
    if v is None:
        return iter([0])
    if isinstance(v, bool):
        raise JqError(f"boolean ({_dumps(v, True)}) has no length")
    if isinstance(v, (int, float)):
        return iter([_number(abs(v))])
    return iter([len(v)])


def _keys(v, env, ordered=True):
    if isinstance(v, dict):
        return iter([sorted(v) if ordered else list(v)])
    if isinstance(v, list):
        return iter([list(range(len(v)))])
    raise JqError(f"{_type(v)} ({_dumps(v, True)}) has no keys")


def _map(v, env, f):
    return iter([[out for item in _iterate(v) for out in f(item, env)]])


def _select(v, env, f):
    return (v for c in f(v, env) if _truth(c))


def _has(v, env, key):
    for k in key(v, env):
        if isinstance(v, dict) and isinstance(k, str):
            yield k in v
        elif isinstance(v, list) and isinstance(k, (int, float)):
            yield 0 <= k < len(v)
        else:
            raise JqError(f"Cannot check whether {_type(v)} has a {_type(k)} key")


def _to_entries(v, env):
    return iter([[{"key": k, "value": x} for k, x in v.items()]])


def _from_entries(v, env):
    out = {}
    for entry in v:
        key = next((entry[k] for k in ("key", "k", "name", "Name", "Key", "K") if k in entry
                    and entry[k] is not None), None)
        out[key if isinstance(key, str) else _dumps(key, True)] = next(
            (entry[k] for k in ("value", "v", "Value", "V") if k in entry), None)
    return iter([out])


def _add(v, env):
    total = None
    for item in _iterate(v):
        total = _arith("+", total, item)
    return iter([total])


def _join(v, env, sep):
    for s in sep(v, env):
        yield s.join("" if x is None else x if isinstance(x, str) else _dumps(x, True)
                     for x in v)


def _tostring(v, env):
    return iter([v if isinstance(v, str) else _dumps(v, True)])


def _tonumber(v, env):
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return iter([v])
    try:
        return iter([_number(float(v))])
    except (TypeError, ValueError):
        raise JqError(f"Cannot parse '{v}' as JSON") from None


def _sort_by(v, env, f):
    return iter([sorted(v, key=lambda x: [_sort_key(k) for k in f(x, env)])])


def _group_by(v, env, f):
    groups: Dict[str, list] = {}
    for item in sorted(v, key=lambda x: [_sort_key(k) for k in f(x, env)]):
        groups.setdefault(repr([_sort_key(k) for k in f(item, env)]), []).append(item)
    return iter([list(groups.values())])


def _unique(v, env):
    seen, out = set(), []
    for item in sorted(v, key=_sort_key):
        key = repr(_sort_key(item))
        if key not in seen:
            seen.add(key)
            out.append(item)
    return iter([out])


def _string_test(kind):
    def run(v, env, arg):
        for a in arg(v, env):
            if not isinstance(v, str) or not isinstance(a, str):
                raise JqError(f"{kind}() requires string inputs")
            yield v.startswith(a) if kind == "startswith" else v.endswith(a)
    return run


def _contains(a, b) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return all(k in a and _contains(a[k], x) for k, x in b.items())
    if isinstance(a, list) and isinstance(b, list):
        return all(any(_contains(x, y) for x in a) for y in b)
    if isinstance(a, str) and isinstance(b, str):
        return b in a
    if _type(a) == _type(b):
        return a == b
    raise JqError(f"{_type(a)} ({_dumps(a, True)}) and {_type(b)} ({_dumps(b, True)}) cannot "
                  "have their containment checked")


def _first_of(f):
    def run(v, env):
        for x in f(v, env):
            yield x
            return
    return run


BUILTINS: Dict[Tuple[str, int], Callable] = {
    ("empty", 0): lambda v, env: iter(()),
    **{(name, 0): (lambda kinds: lambda v, env: (v for _ in [0] if _type(v) in kinds))(kinds)
       for name, kinds in (("numbers", ("number",)), ("strings", ("string",)),
                           ("booleans", ("boolean",)), ("nulls", ("null",)),
                           ("arrays", ("array",)), ("objects", ("object",)),
                           ("iterables", ("array", "object")),
                           ("scalars", ("null", "boolean", "number", "string")))},
    ("not", 0): lambda v, env: iter([not _truth(v)]),
    ("length", 0): _length,
    ("utf8bytelength", 0): lambda v, env: iter([len(v.encode())]),
    ("keys", 0): _keys,
    ("keys_unsorted", 0): lambda v, env: _keys(v, env, False),
    ("values", 0): lambda v, env: (v for _ in [0] if v is not None),
    ("has", 1): _has,
    ("map", 1): _map,
    ("map_values", 1): lambda v, env, f: iter([
        {k: next(f(x, env), None) for k, x in v.items()} if isinstance(v, dict)
        else [next(f(x, env), None) for x in v]]),
    ("select", 1): _select,
    ("to_entries", 0): _to_entries,
    ("from_entries", 0): _from_entries,
    ("with_entries", 1): lambda v, env, f: _from_entries(
        [out for entry in next(_to_entries(v, env)) for out in f(entry, env)], env),
    ("add", 0): _add,
    ("join", 1): _join,
    ("tostring", 0): _tostring,
    ("tonumber", 0): _tonumber,
    ("tojson", 0): lambda v, env: iter([_dumps(v, True)]),
    ("fromjson", 0): lambda v, env: iter([json.loads(v)]),
    ("type", 0): lambda v, env: iter([_type(v)]),
    ("ascii_downcase", 0): lambda v, env: iter([v.lower()]),
    ("ascii_upcase", 0): lambda v, env: iter([v.upper()]),
    ("split", 1): lambda v, env, s: (v.split(x) if x else list(v) for x in s(v, env)),
    ("test", 1): lambda v, env, r: (re.search(x, v) is not None for x in r(v, env)),
    ("startswith", 1): _string_test("startswith"),
    ("endswith", 1): _string_test("endswith"),
    ("contains", 1): lambda v, env, b: (_contains(v, x) for x in b(v, env)),
    ("ltrimstr", 1): lambda v, env, s: (v[len(x):] if isinstance(v, str) and isinstance(x, str)
                                        and v.startswith(x) else v for x in s(v, env)),
    ("rtrimstr", 1): lambda v, env, s: (v[:-len(x)] if isinstance(v, str) and isinstance(x, str)
                                        and x and v.endswith(x) else v for x in s(v, env)),
    ("first", 0): lambda v, env: iter([_index(v, 0)]),
    ("last", 0): lambda v, env: iter([_index(v, -1)]),
    ("first", 1): lambda v, env, f: _first_of(f)(v, env),
    ("range", 1): lambda v, env, n: (i for x in n(v, env) for i in range(int(x))),
    ("range", 2): lambda v, env, a, b: (i for x in a(v, env) for y in b(v, env)
                                        for i in range(int(x), int(y))),
    ("sort", 0): lambda v, env: iter([sorted(v, key=_sort_key)]),
    ("sort_by", 1): _sort_by,
    ("group_by", 1): _group_by,
    ("unique", 0): _unique,
    ("min", 0): lambda v, env: iter([min(v, key=_sort_key) if v else None]),
    ("max", 0): lambda v, env: iter([max(v, key=_sort_key) if v else None]),
    ("reverse", 0): lambda v, env: iter([v[::-1] if v is not None else []]),
    ("any", 0): lambda v, env: iter([any(_truth(x) for x in v)]),
    ("all", 0): lambda v, env: iter([all(_truth(x) for x in v)]),
    ("flatten", 0): lambda v, env: iter([_flatten(v)]),
    ("error", 1): lambda v, env, m: (_raise(x) for x in m(v, env)),
    ("env", 0): lambda v, env: iter([dict(env.get("@env", {}))]),
    ("ascii", 0): lambda v, env: iter([chr(v)]),
}


def _raise(message):
    raise JqError(message if isinstance(message, str) else
                  f"{_dumps(message, True)} (not a string)")


def _flatten(value):
    out = []
    for item in value:
        out.extend(_flatten(item) if isinstance(item, list) else [item])
    return out


# -- output -----------------------------------------------------------------------------
def _dumps(value, compact: bool = False, sort_keys: bool = False, indent: int = 2) -> str:
    if compact:
        return json.dumps(_printable(value), ensure_ascii=False, separators=(",", ":"),
                          sort_keys=sort_keys)
    return json.dumps(_printable(value), ensure_ascii=False, indent=indent, sort_keys=sort_keys)


def _printable(value):
    """jq's numbers: integers without a fraction, 1.7976931348623157e+308 for the infinite."""
    if isinstance(value, float):
        if math.isinf(value):
            return 1.7976931348623157e+308 if value > 0 else -1.7976931348623157e+308
        if math.isnan(value):
            return None
        return _number(value)
    if isinstance(value, list):
        return [_printable(v) for v in value]
    if isinstance(value, dict):
        return {k: _printable(v) for k, v in value.items()}
    return value


def _inputs(text: str) -> Iterator[Tuple[Any, int]]:
    """Every JSON value of the input, with the line it ends on."""
    decoder = json.JSONDecoder()
    i = 0
    while True:
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        if i >= len(text):
            return
        try:
            value, end = decoder.raw_decode(text, i)
        except json.JSONDecodeError as err:
            line = text.count("\n", 0, err.pos) + 1
            column = err.pos - (text.rfind("\n", 0, err.pos) + 1)
            raise ValueError(f"parse error: Invalid numeric literal at line {line}, column "
                             f"{column}") from None
        yield value, text.count("\n")  # jq has read the whole (small) input by then
        i = end


USAGE = ("Usage:\tjq [OPTIONS] FILTER [FILES...]\n\tjq [OPTIONS] --args FILTER [ARGUMENTS...]\n"
         "\tjq [OPTIONS] --jsonargs FILTER [JSON_VALUES...]\n")


@program("jq")
def jq(ctx: Context) -> int:
    args = ctx.argv[1:]
    flags = {"r": False, "c": False, "n": False, "S": False, "j": False, "e": False}
    env: Dict[str, Any] = {"@env": dict(ctx.env)}
    filter_text = None
    files: List[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--arg" and i + 1 < len(args):
            env["$" + args[i]] = args[i + 1]
            i += 2
        elif arg in ("--raw-output", "--compact-output", "--null-input", "--sort-keys",
                     "--join-output", "--exit-status"):
            flags[{"--raw-output": "r", "--compact-output": "c", "--null-input": "n",
                   "--sort-keys": "S", "--join-output": "j", "--exit-status": "e"}[arg]] = True
        elif arg.startswith("-") and len(arg) > 1 and not arg.startswith("--") and \
                all(c in flags for c in arg[1:]):
            for c in arg[1:]:
                flags[c] = True
        elif arg.startswith("-") and len(arg) > 1:
            ctx.stderr.write(f"jq: Unknown option: {arg}\n{USAGE}Use jq --help for help with "
                             "command-line options,\nor see the jq manpage, or online docs  at "
                             "https://stedolan.github.io/jq\n")
            return 2
        elif filter_text is None:
            filter_text = arg
        else:
            files.append(arg)
    if filter_text is None:
        filter_text = "."
    if flags["j"]:
        flags["r"] = True
    starts: List[int] = []
    try:
        node = Parser(_lex(filter_text, starts), starts).parse()
    except CompileError as err:
        marker = " " * err.column if err.column is not None else ""
        ctx.stderr.write(f"jq: error: {err} at <top-level>, line 1:\n{filter_text}{marker}\n"
                         f"jq: 1 compile error\n")
        return 3
    text = ctx.stdin.read() if not files else "".join(
        ctx.fs.read(f if f.startswith("/") else f"{ctx.cwd.rstrip('/')}/{f}").decode()
        for f in files)
    ctx.charge(len(text) * CPU_PER_BYTE)
    status, last = 0, None
    values = iter([(None, 1)]) if flags["n"] else _inputs(text)
    while True:
        try:
            value, line = next(values)
        except StopIteration:
            break
        except ValueError as err:  # input that is not JSON
            ctx.stderr.write(f"{err}\n")
            return 2
        try:
            for out in node(value, env):
                last = out
                if flags["r"] and isinstance(out, str):
                    ctx.stdout.write(out + ("" if flags["j"] else "\n"))
                else:
                    ctx.stdout.write(_dumps(out, flags["c"], flags["S"]) +
                                     ("" if flags["j"] else "\n"))
        except JqError as err:
            ctx.stderr.write(f"jq: error (at <stdin>:{line}): {err}\n")
            status = 5
    if flags["e"] and status == 0:
        return 0 if _truth(last) else 1
    return status
