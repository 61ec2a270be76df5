"""[[ ... ]] (bash, and busybox ash's bash compatibility): no word splitting or
globbing of the operands; == and != match patterns, =~ a regular expression;
&&, ||, ! and parentheses combine."""

from __future__ import annotations

import re

from . import pattern, testexpr
from .ast import Word
from .expand import ExpansionError


def evaluate_cond(sh, tokens):
    try:
        items = []
        for index, tok in enumerate(tokens):
            if isinstance(tok, Word):
                prev = tokens[index - 1] if index else None
                if isinstance(prev, Word) and prev.plain in ("==", "=", "!="):
                    items.append(("pattern", (yield from sh.expander.pattern(tok))))
                elif isinstance(prev, Word) and prev.plain == "=~":
                    items.append(("regex", (yield from sh.expander.pattern(tok))))
                else:
                    text = yield from sh.expander.string(tok)
                    op = tok.plain if tok.plain in ("!", "(", ")", "&&", "||") else None
                    items.append(("op", op) if op else ("word", text))
            else:
                items.append(("op", tok))
    except ExpansionError as err:
        sh.expansion_error(err)
    if "x" in sh.opts:
        sh.trace(["[["] + [str(v if k != "pattern" and k != "regex" else pattern.literal(v))
                           for k, v in items] + ["]]"])
    parser = _Cond(sh, items)
    try:
        value = parser.or_expr()
    except testexpr.TestError as err:
        sh.error(testexpr.message(sh.dialect.name, "[[", err))
        return 2
    return 0 if value else 1


class _Cond:
    def __init__(self, sh, items):
        self.sh = sh
        self.items = items
        self.i = 0

    def peek(self):
        return self.items[self.i] if self.i < len(self.items) else (None, None)

    def or_expr(self):
        value = self.and_expr()
        while self.peek() == ("op", "||"):
            self.i += 1
            right = self.and_expr()
            value = value or right
        return value

    def and_expr(self):
        value = self.not_expr()
        while self.peek() == ("op", "&&"):
            self.i += 1
            right = self.not_expr()
            value = value and right
        return value

    def not_expr(self):
        if self.peek() == ("op", "!"):
            self.i += 1
            return not self.not_expr()
        return self.primary()

    def primary(self):
        kind, value = self.peek()
        if kind == "op" and value == "(":
            self.i += 1
            result = self.or_expr()
            if self.peek() == ("op", ")"):
                self.i += 1
            return result
        self.i += 1
        if kind is None:
            return False
        nxt_kind, nxt = self.peek()
        if kind == "word" and value in testexpr.UNARY and nxt_kind == "word":
            self.i += 1
            return testexpr.Operators(self.sh).unary(value, nxt)
        if nxt_kind in ("word", "op") and nxt in ("==", "=", "!=", "=~", "<", ">", "-eq", "-ne",
                                                  "-lt", "-le", "-gt", "-ge", "-nt", "-ot",
                                                  "-ef"):
            self.i += 1
            rkind, right = self.peek()
            self.i += 1
            left = value if kind == "word" else str(value)
            if nxt in ("==", "="):
                return pattern.match(right, left) if rkind == "pattern" else left == right
            if nxt == "!=":
                return not pattern.match(right, left) if rkind == "pattern" else left != right
            if nxt == "=~":
                regex = pattern.literal(right) if rkind == "regex" else right
                try:
                    found = re.search(regex, left)
                except re.error:
                    return False
                # BASH_REMATCH: the match and its groups ("" for a group that took no part)
                self.sh.arrays["BASH_REMATCH"] = {} if found is None else \
                    {i: found.group(i) or "" for i in range(found.re.groups + 1)}
                return found is not None
            return testexpr.Operators(self.sh).binary(left, nxt, right)
        return bool(value)
