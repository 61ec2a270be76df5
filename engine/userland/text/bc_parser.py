"""bc's grammar: statements and expressions read into nested tuples (bc_run runs them)."""

from __future__ import annotations

import re
from typing import List, Tuple

from .bc_numbers import BcError

# Comments are tokens skipped, so that a "#" or "/*" inside a string stays text.
TOKEN = re.compile(r'[ \t]*(?:(?P<comment>/\*[\s\S]*?\*/|#[^\n]*)|(?P<num>[0-9A-F]+\.?[0-9A-F]*|\.[0-9A-F]*)|(?P<name>[a-z][a-z0-9_]*)'
                   r'|(?P<str>"[^"]*")|(?P<op>\+\+|--|[-+*/%^=!<>]=|&&|\|\||[-+*/%^=<>!(){},;\n\[\]]))')
KEYWORDS = {"if", "else", "while", "for", "break", "continue", "quit", "halt", "define",
            "return", "auto", "print", "sqrt", "length", "scale", "ibase", "obase", "last",
            "limits", "read"}
BINARY = {"||": 1, "&&": 2, "==": 4, "!=": 4, "<": 4, ">": 4, "<=": 4, ">=": 4,
          "+": 5, "-": 5, "*": 6, "/": 6, "%": 6, "^": 8}



class _Parser:
    """Statements as nested tuples, evaluated by _Runner."""

    def __init__(self, text: str):
        self.tokens: List[Tuple[str, str]] = []
        pos = 0
        text = text.replace("\\\n", "")
        while pos < len(text):
            m = TOKEN.match(text, pos)
            if not m or m.end() == pos:
                if text[pos:].strip() == "":
                    break
                raise BcError(f"bad character '{text[pos:].strip()[0]}'")
            kind = m.lastgroup
            pos = m.end()
            if kind == "comment":
                continue
            value = m.group(kind)
            if kind == "name" and value in KEYWORDS:
                kind = "kw"
            self.tokens.append((kind, value))
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


