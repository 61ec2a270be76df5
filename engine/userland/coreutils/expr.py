"""expr: GNU's (Debian, Ubuntu) and BusyBox's, the shell scripts' old calculator.

One grammar for both, POSIX's, from loosest to tightest binding: ``|``, ``&``,
the comparisons, ``+ -``, ``* / %``, ``:`` (an anchored basic regular
expression), then the words ``match substr index length``, ``+ WORD`` (GNU)
and parentheses. Comparisons are numeric when both sides are integers, else
they compare strings. GNU computes with integers of any size; BusyBox with
64-bit ones that wrap. The status is 0 when the result is neither empty nor
0, 1 when it is, 2 for a bad expression and 3 for other errors.
"""

from __future__ import annotations

import re
from typing import List, Union

from ...proc.api import Context, program
from ..text.regex import RegexError, compile_posix

Value = Union[int, str]
INT = re.compile(r"^[-+]?[0-9]+$")
GNU_INT = re.compile(r"^-?[0-9]+$")


class ExprError(Exception):
    def __init__(self, message: str, status: int = 2):
        super().__init__(message)
        self.message, self.status = message, status


class _Evaluator:
    def __init__(self, words: List[str], gnu: bool, libc: str):
        self.words, self.at, self.gnu, self.ctx_libc = words, 0, gnu, libc

    # -- reading ---------------------------------------------------------------
    def peek(self) -> str:
        return self.words[self.at] if self.at < len(self.words) else ""

    def more(self) -> bool:
        return self.at < len(self.words)

    def take(self) -> str:
        word = self.peek()
        self.at += 1
        return word

    def missing(self) -> ExprError:
        """A word was needed and there is none."""
        if self.gnu and self.at:
            return ExprError(f"syntax error: missing argument after '{self.words[self.at - 1]}'")
        return ExprError("syntax error")

    def unexpected(self) -> ExprError:
        """Words are left over."""
        if self.gnu:
            return ExprError(f"syntax error: unexpected argument '{self.peek()}'")
        return ExprError("syntax error")

    # -- numbers ---------------------------------------------------------------
    def number(self, value: Value) -> int:
        text = str(value)
        if (GNU_INT if self.gnu else INT).match(text):
            number = int(text)
            return number if self.gnu else _wrap(number)
        raise ExprError("non-integer argument" if self.gnu else "non-numeric argument")

    def is_number(self, value: Value) -> bool:
        return bool((GNU_INT if self.gnu else INT).match(str(value)))

    # -- grammar -----------------------------------------------------------------
    def expression(self) -> Value:
        left = self.conjunction()
        while self.peek() == "|":
            self.take()
            right = self.conjunction()
            left = left if _true(left) else (right if _true(right) else 0)
        return left

    def conjunction(self) -> Value:
        left = self.comparison()
        while self.peek() == "&":
            self.take()
            right = self.comparison()
            left = left if _true(left) and _true(right) else 0
        return left

    def comparison(self) -> Value:
        left = self.sum()
        while self.peek() in ("<", "<=", "=", "==", "!=", ">=", ">"):
            op = self.take()
            right = self.sum()
            if self.is_number(left) and self.is_number(right):
                a, b = int(str(left)), int(str(right))
            else:
                a, b = str(left), str(right)
            left = int({"<": a < b, "<=": a <= b, "=": a == b, "==": a == b, "!=": a != b,
                        ">=": a >= b, ">": a > b}[op])
        return left

    def sum(self) -> Value:
        left = self.product()
        while self.peek() in ("+", "-"):
            op = self.take()
            right = self.product()
            a, b = self.number(left), self.number(right)
            left = self._fit(a + b if op == "+" else a - b)
        return left

    def product(self) -> Value:
        left = self.match()
        while self.peek() in ("*", "/", "%"):
            op = self.take()
            right = self.match()
            a, b = self.number(left), self.number(right)
            if op == "*":
                left = self._fit(a * b)
                continue
            if b == 0:
                raise ExprError("division by zero")
            quotient = abs(a) // abs(b) * (1 if (a < 0) == (b < 0) else -1)  # C truncates
            left = self._fit(quotient if op == "/" else a - b * quotient)
        return left

    def match(self) -> Value:
        left = self.primary()
        while self.peek() == ":":
            self.take()
            left = self._match(str(left), str(self.primary()))
        return left

    def primary(self) -> Value:
        if not self.more():
            raise self.missing()
        word = self.take()
        if word == "(":
            value = self.expression()
            if self.peek() != ")" or not self.more():
                if not self.gnu:
                    raise ExprError("syntax error")
                if self.more():
                    raise ExprError(f"syntax error: expecting ')' instead of '{self.peek()}'")
                raise ExprError(f"syntax error: expecting ')' after '{self.words[self.at - 1]}'")
            self.take()
            return value
        if word == "match":
            string, pattern = self.primary(), self.primary()
            return self._match(str(string), str(pattern))
        if word == "substr":
            string, pos, length = (self.primary() for _ in range(3))
            return self._substr(str(string), pos, length)
        if word == "index":
            string, chars = str(self.primary()), str(self.primary())
            return next((i + 1 for i, c in enumerate(string) if c in chars), 0)
        if word == "length":
            return len(str(self.primary()))
        if word == "+":
            if not self.gnu:
                raise ExprError("syntax error")
            if not self.more():
                raise self.missing()
            return self.take()  # GNU: the next word, whatever it is
        return word

    def _substr(self, string: str, pos: Value, length: Value) -> str:
        start, count = self.number(pos), self.number(length)
        if start <= 0 or count <= 0 or start > len(string):
            return ""
        return string[start - 1:start - 1 + count]

    def _match(self, string: str, pattern: str) -> Value:
        try:
            regex = compile_posix(pattern)
        except RegexError as err:
            message = err.text(self.ctx_libc)
            raise ExprError(message if self.gnu else f"bad regex '{pattern}': {message}")
        found = regex.match(string)
        if regex.groups:
            return found.group(1) or "" if found and found.group(1) is not None else ""
        return found.end() if found else 0

    def _fit(self, number: int) -> int:
        return number if self.gnu else _wrap(number)


def _wrap(number: int) -> int:
    """BusyBox's 64-bit arithmetic: two's complement overflow."""
    number &= (1 << 64) - 1
    return number - (1 << 64) if number >= 1 << 63 else number


def _true(value: Value) -> bool:
    text = str(value)
    return text != "" and not (INT.match(text) and int(text) == 0)


@program("expr")
def expr(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    words = ctx.argv[1:]
    if gnu and words[:1] == ["--"]:
        words = words[1:]
    if not words:
        if gnu:
            ctx.stderr.write("expr: missing operand\nTry 'expr --help' for more information.\n")
        else:
            ctx.stderr.write("expr: too few arguments\n")
        return 2
    evaluator = _Evaluator(words, gnu, ctx.libc)
    ctx.charge(2e-6 * len(words))
    try:
        value = evaluator.expression()
        if evaluator.more():
            raise evaluator.unexpected()
    except ExprError as err:
        ctx.stderr.write(f"expr: {err.message}\n")
        return err.status
    ctx.out(f"{value}\n")
    return 0 if _true(value) else 1


__all__ = ["expr"]
