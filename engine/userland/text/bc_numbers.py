"""bc's numbers: decimals with a scale (digits after the point), and bc's arithmetic on them.

+ and - keep the larger scale, * at most max(scale, its operands'), / and % work at
`scale` digits (truncating), ^ takes an integer exponent; obase 2 to 16 prints other bases,
numbers longer than a line go on after a backslash-newline.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from ...proc.api import Context

LINE_LENGTH = 70  # BC_LINE_LENGTH


class BcError(Exception):
    """An error that ends bc (status 1), in its words."""


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
                f, precision = (frac, s), 1
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


