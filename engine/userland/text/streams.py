"""Text programs, first part: printf, seq, yes, head, tail, wc (echo is in echo.py).

Each speaks both dialects: ``ctx.flavour`` "gnu" (coreutils 9.x on Debian
and Ubuntu) or "busybox" (BusyBox 1.37 on Alpine and the busybox image).
The texts of their messages are the real programs' (coreutils' and BusyBox's
sources, checked against the binaries).
"""

from __future__ import annotations

import math

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List, Optional, Tuple

from ...proc.api import Context, Sleep, decode, encode, program
from ...proc.invoke import streams_input
from ..streaming import CHUNK, Source, discards, spin_forever, write_bytes
from ...lazy import LazyModule, LazyPattern
from ...vfs.errno import EISDIR, FSError
from ..options import (OptionError, bad_option, busybox_usage, error, parse, quote, try_help)

re = LazyModule("re", globals())  # (head's and tail's counts only: `wc` needs no re, issue 18)

if TYPE_CHECKING:
    from decimal import Decimal
from .io import (STDIN_NAME, _bytes_to_text, echo_escapes, header, parse_float,
                      printf_escape, read_text, split_lines, strtol)

# -- printf -------------------------------------------------------------------------

_FLAGS = "-+ #0'"
_LENGTHS = "hlLjzt"


class _PrintfStop(Exception):
    """\\c in a %b argument or the format: no more output at all."""


class _Printf:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.gnu = ctx.flavour == "gnu"
        self.status = 0
        self.out: List[str] = []

    def warn_number(self, arg: str, why: str) -> None:
        self.status = 1
        if self.gnu:
            error(self.ctx, f"{quote(arg)}: {why}")
        else:
            error(self.ctx, f"invalid number {quote(arg)}")

    def integer(self, arg: Optional[str], unsigned: bool) -> int:
        if arg is None:
            if not self.gnu:
                self.warn_number("", "")
            return 0
        if arg[:1] in ("'", '"') and len(arg) >= 1:
            return ord(arg[1]) if len(arg) > 1 else 0
        if arg == "" and self.gnu:
            return 0
        value, rest = strtol(arg, 0)
        if value is None:
            self.warn_number(arg, "expected a numeric value")
            return 0
        limit = 1 << 64 if unsigned else 1 << 63
        low = -(1 << 64) if unsigned else -(1 << 63)
        if value >= limit or value < low:
            if self.gnu:
                self.warn_number(arg, "Numerical result out of range")
                value = limit - 1 if value > 0 else (-(1 << 63) if not unsigned else 0)
            else:
                self.warn_number(arg, "")
                return 0
        if rest:
            if self.gnu:
                self.warn_number(arg, "value not completely converted")
            else:
                self.warn_number(arg, "")
                return 0
        if unsigned and value < 0:
            value += 1 << 64
        return value

    def floating(self, arg: Optional[str]) -> float:
        if arg is None:
            if not self.gnu:
                self.warn_number("", "")
            return 0.0
        if arg[:1] in ("'", '"'):
            return float(ord(arg[1])) if len(arg) > 1 else 0.0
        if arg == "" and self.gnu:
            return 0.0
        value, rest = parse_float(arg)
        if value is None:
            self.warn_number(arg, "expected a numeric value")
            return 0.0
        if rest:
            if self.gnu:
                self.warn_number(arg, "value not completely converted")
            else:
                self.warn_number(arg, "")
                return 0.0
        return value

    def run(self, fmt: str, args: List[str]) -> int:
        index = 0
        try:
            while True:
                used = self.once(fmt, args, index)
                if used is None:
                    break
                index += used
                if used == 0 or index >= len(args):
                    break
            if self.gnu and index < len(args) and used == 0:
                error(self.ctx, f"warning: ignoring excess arguments, starting with "
                                f"{quote(args[index])}")
        except _PrintfStop:
            pass
        self.ctx.stdout.write(_bytes_to_text("".join(self.out)))
        return self.status

    def once(self, fmt: str, args: List[str], start: int) -> Optional[int]:
        """Print the format once; how many arguments it took (None: stop)."""
        out = self.out
        i, n, index = 0, len(fmt), start

        def next_arg() -> Optional[str]:
            nonlocal index
            if index < len(args):
                index += 1
                return args[index - 1]
            return None

        while i < n:
            c = fmt[i]
            if c == "\\":
                text, i, stop = printf_escape(fmt, i, self.ctx.flavour)
                out.append(text)
                if stop:
                    raise _PrintfStop()
                continue
            if c != "%":
                out.append(c)
                i += 1
                continue
            if fmt[i + 1:i + 2] == "%":
                out.append("%")
                i += 2
                continue
            begin = i
            i += 1
            flags = ""
            while i < n and fmt[i] in _FLAGS:
                flags += fmt[i]
                i += 1
            width: Optional[int] = None
            if i < n and fmt[i] == "*":
                width = self.integer(next_arg(), False)
                i += 1
            else:
                j = i
                while i < n and fmt[i].isdigit():
                    i += 1
                width = int(fmt[j:i]) if i > j else None
            precision: Optional[int] = None
            if i < n and fmt[i] == ".":
                i += 1
                if i < n and fmt[i] == "*":
                    precision = self.integer(next_arg(), False)
                    i += 1
                else:
                    j = i
                    while i < n and fmt[i].isdigit():
                        i += 1
                    precision = int(fmt[j:i] or "0")
            modifiers_at = i
            while i < n and fmt[i] in _LENGTHS:
                i += 1
            conv = fmt[i] if i < n else ""
            valid = "diouxXcsbfFeEgGaA" + ("q" if self.gnu else "")
            if not conv or conv not in valid:
                spec = fmt[begin:i + 1] if conv else fmt[begin:]
                if self.gnu:
                    error(self.ctx, f"{spec}: invalid conversion specification")
                else:
                    error(self.ctx, f"{fmt[begin:modifiers_at] + fmt[i:]}: invalid format")
                self.status = 1
                raise _PrintfStop()
            if conv == "q" and (width is not None or precision is not None):
                error(self.ctx, f"{fmt[begin:i + 1]}: invalid conversion specification")
                self.status = 1
                raise _PrintfStop()
            i += 1
            arg = next_arg()
            out.append(self.convert(conv, flags, width, precision, arg))
        return index - start

    def convert(self, conv: str, flags: str, width: Optional[int], precision: Optional[int],
                arg: Optional[str]) -> str:
        flags = flags.replace("'", "")
        if width is not None and width < 0:
            flags += "-"
            width = -width
        if conv in "di":
            text = _format_int(self.integer(arg, False), flags, width, precision, "d")
        elif conv in "ouxX":
            text = _format_int(self.integer(arg, True), flags, width, precision, conv)
        elif conv in "fFeEgGaA":
            spec = "%" + flags + (str(width) if width is not None else "") + \
                   (f".{precision}" if precision is not None else "") + conv
            value = self.floating(arg)
            text = spec % value if conv not in "aA" else _pad(float(value).hex(), flags, width)
        elif conv == "c":
            text = _pad((arg or "\0")[:1] if arg != "" else "\0", flags, width)
        elif conv == "b":
            expanded, stopped = echo_escapes(arg or "")
            if precision is not None:
                expanded = expanded[:precision]
            text = _pad(expanded, flags, width)
            if stopped:
                self.out.append(text)
                raise _PrintfStop()
        elif conv == "q":
            text = shell_quote(arg or "")
        else:
            value = arg or ""
            if precision is not None:
                value = value[:precision]
            text = _pad(value, flags, width)
        return text


def _pad(text: str, flags: str, width: Optional[int]) -> str:
    if width is None or len(text) >= width:
        return text
    return text.ljust(width) if "-" in flags else text.rjust(width)


def _format_int(value: int, flags: str, width: Optional[int], precision: Optional[int],
                conv: str) -> str:
    spec = "%" + "".join(sorted(set(flags), key=flags.index))
    if precision is not None:
        # C: a precision on an integer sets its minimum digits and disables "0".
        digits = format(abs(value), {"d": "d", "o": "o", "u": "d", "x": "x", "X": "X"}[conv])
        if precision == 0 and value == 0:
            digits = ""
        digits = digits.rjust(precision, "0")
        if "#" in flags and conv == "o" and not digits.startswith("0"):
            digits = "0" + digits
        if "#" in flags and conv in "xX" and value != 0:
            digits = ("0x" if conv == "x" else "0X") + digits
        sign = "-" if value < 0 else ("+" if "+" in flags else (" " if " " in flags else ""))
        return _pad(sign + digits, flags.replace("0", ""), width)
    pyconv = "d" if conv == "u" else conv
    if value == 0:
        spec = spec.replace("#", "")
    if conv == "o" and "#" in flags:
        text = "0" + format(value, "o") if value != 0 else "0"
        return _pad(text, flags, width) if "0" not in flags or "-" in flags \
            else text.rjust(width or 0, "0")
    return (spec + (str(width) if width is not None else "") + pyconv) % value


_SAFE = LazyPattern(r"^[A-Za-z0-9_./:,+@%=^-]+$")


def shell_quote(text: str) -> str:
    """printf %q: quoted so that a shell reads it back as one word (GNU's style)."""
    if text == "":
        return "''"
    if _SAFE.match(text) and not text.startswith("~"):
        return text
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        parts = []
        for c in text:
            if ord(c) < 32 or ord(c) == 127:
                esc = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\a": "\\a", "\b": "\\b",
                       "\f": "\\f", "\v": "\\v", "\x1b": "\\E"}.get(c, f"\\{ord(c):03o}")
                parts.append(f"$'{esc}'")
            elif c == "'":
                parts.append("\\'")
            else:
                parts.append(c if _SAFE.match(c) else f"'{c}'")
        return "".join(parts)
    if "'" not in text:
        return f"'{text}'"
    if not any(c in text for c in '$`"\\!'):
        return f'"{text}"'
    return "'" + text.replace("'", "'\\''") + "'"


@program("printf")
def printf(ctx: Context) -> int:
    args = ctx.argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        if ctx.flavour == "gnu":
            error(ctx, "missing operand")
            return try_help(ctx)
        return busybox_usage(ctx)
    return _Printf(ctx).run(args[0], args[1:])


# -- seq ------------------------------------------------------------------------------

_CHUNK = 1 << 16  # how much seq writes at a time (a pipe's capacity)
# CPU seconds per number written (seq 1 3000000 > /dev/null: GNU 35 ms, busybox 930 ms)
SEQ_COST = {"gnu": 0.012e-6, "busybox": 0.31e-6}


def _seq_number(text: str) -> Optional[Tuple[Decimal, int, bool]]:
    """(value, digits after the point, written with an exponent); None if invalid."""
    from decimal import Decimal, InvalidOperation  # seq only: echo does not load decimal
    value, rest = parse_float(text)
    if value is None or rest or math.isnan(value):
        return None
    body = text.strip().lstrip("+-")
    mantissa, _, exponent = body.lower().partition("e")
    frac = len(mantissa.partition(".")[2])
    if exponent:
        frac = max(0, frac - int(exponent))
    try:
        exact = Decimal(text.strip())
    except InvalidOperation:
        exact = Decimal(value)
    return exact, frac, bool(exponent)


@program("seq")
def seq(ctx: Context):
    from decimal import Decimal
    gnu = ctx.flavour == "gnu"
    args = ctx.argv[1:]
    if not gnu:
        return (yield from _busybox_seq(ctx, args))
    # A negative number is an operand, not an option.
    opts_args, operands = [], []
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            operands += args[i + 1:]
            break
        if a.startswith("-") and len(a) > 1 and not re.match(r"^-[0-9.]", a):
            opts_args.append(a)
            if a in ("-s", "-f") and i + 1 < len(args):
                opts_args.append(args[i + 1])
                i += 1
        else:
            operands.append(a)
        i += 1
    try:
        opts, rest = parse(ctx, opts_args, "s:f:w" if gnu else "s:w",
                           {"separator=": "s", "format=": "f", "equal-width": "w"} if gnu else None)
    except OptionError as err:
        return bad_option(ctx, err)
    operands = rest + operands
    sep, width_eq, fmt = "\n", False, None
    for key, value in opts:
        if key == "s":
            sep = value
        elif key == "w":
            width_eq = True
        elif key == "f":
            fmt = value
    if not 1 <= len(operands) <= 3:
        if not gnu:
            return busybox_usage(ctx)
        if operands:
            error(ctx, f"extra operand {quote(operands[3])}")
        else:
            error(ctx, "missing operand")
        return try_help(ctx)
    parsed = []
    for text in operands:
        number = _seq_number(text)
        if number is None:
            if gnu:
                error(ctx, f"invalid floating point argument: {quote(text)}")
                return try_help(ctx)
            error(ctx, f"invalid number {quote(text)}")
            return 1
        parsed.append(number)
    one = (Decimal(1), 0, False)
    first = parsed[0] if len(parsed) >= 2 else one
    incr = parsed[1] if len(parsed) == 3 else one
    last = parsed[-1]
    if incr[0] == 0 and gnu:
        error(ctx, f"invalid Zero increment value: {quote(operands[1])}")
        return try_help(ctx)
    precision: Optional[int] = max(first[1], incr[1])
    all_int = precision == 0 and all(v[0] == v[0].to_integral_value() for v in (first, incr, last))
    if gnu and (first[2] or incr[2] or last[2]) and not all_int:
        precision = None

    def render(value: Decimal) -> str:
        if fmt is not None:
            return fmt % float(value) if "%" in fmt else fmt
        if all_int:
            return str(int(value))
        if precision is None:
            return "%g" % float(value)
        return f"{value:.{precision}f}"

    start, step, end = first[0], incr[0], last[0]
    if width_eq:
        width = max(len(render(start)), len(render(end)))

        def padded(value: Decimal) -> str:
            text = render(value)
            if text.startswith("-"):
                return "-" + text[1:].rjust(width - 1, "0")
            return text.rjust(width, "0")
    else:
        padded = render
    out: List[str] = []
    count = size = 0
    while True:
        value = start + count * step
        if (step > 0 and value > end) or (step < 0 and value < end) or \
                (step == 0 and start > end):
            break
        text = padded(value)
        out.append(text)
        size += len(text) + len(sep)
        count += 1
        if size >= _CHUNK:  # a zero step counts for ever: write as it goes
            ctx.stdout.write(sep.join(out) + sep)
            ctx.charge(len(out) * SEQ_COST["gnu"])
            out, size = [], 0
            yield from ctx.flow()
    ctx.charge(len(out) * SEQ_COST["gnu"])
    if out:
        ctx.stdout.write(sep.join(out) + "\n")
    return 0


def _busybox_seq(ctx: Context, args: List[str]):
    """BusyBox's seq: options end at the first operand (so "seq -5 1" is an
    error); numbers are doubles, added up in floating point."""
    try:
        opts, operands = parse(ctx, args, "+ws:")
    except OptionError as err:
        return bad_option(ctx, err)
    sep, width_eq = "\n", False
    for key, value in opts:
        if key == "s":
            sep = value
        elif key == "w":
            width_eq = True
    if not 1 <= len(operands) <= 3:
        return busybox_usage(ctx)
    numbers = []
    for text in operands:
        number = _seq_number(text)
        if number is None:
            return busybox_usage(ctx)
        numbers.append(number)
    first = float(numbers[0][0]) if len(numbers) >= 2 else 1.0
    step = float(numbers[1][0]) if len(numbers) == 3 else 1.0
    last = float(numbers[-1][0])
    precision = max(numbers[0][1] if len(numbers) >= 2 else 0,
                    numbers[1][1] if len(numbers) == 3 else 0)
    width = 0
    if width_eq:
        width = max(len(f"{first:.{precision}f}"), len(f"{last:.{precision}f}"))
    out: List[str] = []
    size = 0
    n = 0
    while True:
        value = first + n * step
        if (step >= 0 and value > last) or (step < 0 and value < last):
            break
        text = f"{value:0{width}.{precision}f}"
        out.append(text)
        size += len(text) + len(sep)
        n += 1
        if size >= _CHUNK:
            ctx.stdout.write(sep.join(out) + sep)
            ctx.charge(len(out) * SEQ_COST["busybox"])
            out, size = [], 0
            yield from ctx.flow()
    ctx.charge(len(out) * SEQ_COST["busybox"])
    if out:
        ctx.stdout.write(sep.join(out) + "\n")
    elif n:
        ctx.stdout.write("\n")
    return 0


# -- yes ------------------------------------------------------------------------------

# bytes per CPU second into a pipe (scripts/measure_costs.py: `yes | wc -c`, both ends:
# GNU 3.9 GB/s, busybox 82 MB/s; yes alone takes about half)
YES_RATE = {"gnu": 7.8e9, "busybox": 160e6}


@program("yes")
def yes(ctx: Context):
    args = ctx.argv[1:]
    if ctx.flavour == "gnu" and args and args[0] == "--":
        args = args[1:]
    line = (" ".join(args) if args else "y") + "\n"
    if discards(ctx.stdout):
        return (yield from spin_forever())
    chunk = line * max(1, 8192 // len(line))
    cost = len(encode(chunk)) / YES_RATE[ctx.flavour]
    while True:
        ctx.stdout.write(chunk)  # BrokenPipe ends it (SIGPIPE) once a pipe's reader is done
        ctx.charge(cost)
        yield from ctx.flow()


# -- head and tail -------------------------------------------------------------------

_GNU_SUFFIXES = {"b": 512, "K": 1024, "k": 1024, "KB": 1000, "kB": 1000, "KiB": 1024,
                 "M": 1024 ** 2, "MB": 1000 ** 2, "MiB": 1024 ** 2, "G": 1024 ** 3,
                 "GB": 1000 ** 3, "GiB": 1024 ** 3, "T": 1024 ** 4, "TB": 1000 ** 4,
                 "P": 1024 ** 5, "E": 1024 ** 6}
_BB_SUFFIXES = {"b": 512, "k": 1024, "m": 1024 ** 2}


def _count(ctx: Context, text: str) -> Optional[Tuple[int, str]]:
    """head/tail's N with its sign ("+", "-" or ""); None if invalid."""
    sign = text[:1] if text[:1] in "+-" else ""
    body = text[len(sign):]
    match = re.match(r"^(\d+)(.*)$", body)
    if not match:
        return None
    number, suffix = int(match.group(1)), match.group(2)
    table = _GNU_SUFFIXES if ctx.flavour == "gnu" else _BB_SUFFIXES
    if suffix:
        if suffix not in table:
            return None
        number *= table[suffix]
    return number, sign


def _legacy(args: List[str], letters: str) -> Optional[Tuple[str, str, str]]:
    """An obsolete first argument -N[letters] / +N: (sign, number, letters)."""
    if not args:
        return None
    match = re.match(rf"^([+-])(\d+)([{letters}]*)$", args[0])
    if not match:
        return None
    return match.group(1), match.group(2), match.group(3)


def _open_each(ctx: Context, names: List[str], program_name: str):
    """(name shown, text or None) for each operand, reporting open errors."""
    for name in names:
        shown = STDIN_NAME if name == "-" else name
        try:
            yield shown, read_text(ctx, name), None
        except FSError as err:
            yield shown, None, err


def _count_options(ctx: Context, opts, gnu: bool):
    """head's and tail's -n/-c/-q/-v, the last of each winning:
    (mode, count, sign, headers), or the exit status of a bad count."""
    mode, count, sign = "n", 10, ""
    headers: Optional[bool] = None
    for key, value in opts:
        if key in "nc":
            parsed = _count(ctx, value)
            if parsed is None:
                if gnu:
                    what = "lines" if key == "n" else "bytes"
                    error(ctx, f"invalid number of {what}: {quote(value)}")
                else:
                    error(ctx, f"invalid number {quote(value)}")
                return 1
            mode, (count, sign) = key, parsed
        elif key == "q":
            headers = False
        elif key == "v":
            headers = True
    return mode, count, sign, headers


# bytes per CPU second (scripts/measure_costs.py: `head -c N /dev/zero | wc -c` GNU 1.26 GB/s,
# busybox 90 MB/s for both ends; wc's part, measured alone, taken out)
HEAD_RATE = {"gnu": 1.75e9, "busybox": 278e6}


@streams_input
@program("head")
def head(ctx: Context):
    gnu = ctx.flavour == "gnu"
    args = ctx.argv[1:]
    legacy = _legacy(args, "bcklmqv" if gnu else "bkm")
    if legacy and legacy[0] == "-":
        _, digits, letters = legacy
        unit = "c" if "c" in letters or "b" in letters or "k" in letters or "m" in letters else "n"
        mult = {"b": 512, "k": 1024, "m": 1024 ** 2}
        value = int(digits)
        for c in letters:
            value *= mult.get(c, 1)
        args = [f"-{unit}", str(value)] + [f"-{c}" for c in letters if c in "qv"] + args[1:]
    try:
        opts, files = parse(ctx, args, "n:c:qvz" if gnu else "n:c:qv",
                            {"lines=": "n", "bytes=": "c", "quiet": "q", "silent": "q",
                             "verbose": "v", "zero-terminated": "z"})
    except OptionError as err:
        return bad_option(ctx, err)
    counted = _count_options(ctx, opts, gnu)
    if isinstance(counted, int):
        return counted
    mode, count, sign, headers = counted
    if not files:
        files = ["-"]
    show = headers if headers is not None else len(files) > 1
    status = 0
    first = True
    for index, name in enumerate(files):
        shown = STDIN_NAME if name == "-" else name
        try:
            source = Source(ctx, name)
        except FSError as err:
            status = 1
            if gnu:
                if err.errno == EISDIR:
                    if show:
                        ctx.out(header(shown, first))
                        first = False
                    error(ctx, f"error reading {quote(name)}: {ctx.strerror(err)}")
                else:
                    error(ctx, f"cannot open {quote(name)} for reading: {ctx.strerror(err)}")
            else:
                if err.errno == EISDIR:
                    if show:
                        ctx.out(header(shown, index == 0))
                    error(ctx, f"{name}: {ctx.strerror(5)}")
                else:
                    error(ctx, f"{name}: {ctx.strerror(err)}")
            continue
        if show:
            ctx.out(header(shown, first if gnu else index == 0))
        first = False
        if sign != "-":
            yield from _head_stream(ctx, source, mode, count)
            continue
        data = yield from source.read_all()
        ctx.charge(len(data) / HEAD_RATE[ctx.flavour])
        if mode == "c":
            ctx.out(decode(data[:max(len(data) - count, 0)]))
        else:
            lines = split_lines(decode(data))
            ctx.out("".join(lines[:max(len(lines) - count, 0)]))
    return status


def _head_stream(ctx: Context, source: Source, mode: str, count: int):
    """The first ``count`` bytes or lines, copied as they are read."""
    rate = HEAD_RATE[ctx.flavour]
    left = count
    while left > 0:
        chunk = yield from source.read(min(CHUNK, left) if mode == "c" else CHUNK)
        if not chunk:
            return
        if mode == "c":
            left -= len(chunk)
        else:
            at = -1
            while left > 0:
                at = chunk.find(b"\n", at + 1)
                if at < 0:
                    break
                left -= 1
            if left == 0:
                chunk = chunk[:at + 1]
        yield from write_bytes(ctx, chunk, rate)



# bytes per CPU second tail takes to read what it shows the end of (not measured on its
# own: like cat into a pipe, scripts/measured_costs.md, 3.5 GB/s)
TAIL_RATE = 3.5e9


@program("tail")
def tail(ctx: Context):
    gnu = ctx.flavour == "gnu"
    args = ctx.argv[1:]
    legacy = _legacy(args, "bclf")
    if legacy and (legacy[0] == "-" or len(args) <= 2 or not gnu):
        sign, digits, letters = legacy
        unit = "c" if "c" in letters or "b" in letters else "n"
        value = int(digits) * (512 if "b" in letters else 1)
        args = [f"-{unit}", ("+" if sign == "+" else "") + str(value)] + \
            (["-f"] if "f" in letters else []) + args[1:]
    try:
        opts, files = parse(ctx, args, "n:c:qvfFs:z" if gnu else "n:c:qvfFs:",
                            {"lines=": "n", "bytes=": "c", "quiet": "q", "silent": "q",
                             "verbose": "v", "follow?": "f", "retry": "retry",
                             "sleep-interval=": "s", "pid=": "pid",
                             "zero-terminated": "z"})
    except OptionError as err:
        return bad_option(ctx, err)
    counted = _count_options(ctx, opts, gnu)
    if isinstance(counted, int):
        return counted
    mode, count, sign, headers = counted
    follow = any(key in ("f", "F") for key, _ in opts)
    if not files:
        files = ["-"]
    status = 0
    opened = []
    for name in files:
        shown = STDIN_NAME if name == "-" else name
        try:
            text = read_text(ctx, name)
            ctx.charge(len(text) / TAIL_RATE)
            opened.append((name, shown, text))
        except FSError as err:
            status = 1
            if gnu:
                if err.errno == EISDIR:
                    opened.append((name, shown, None))
                    continue
                error(ctx, f"cannot open {quote(name)} for reading: {ctx.strerror(err)}")
            elif err.errno == EISDIR:
                opened.append((name, shown, None))
            else:
                error(ctx, f"can't open {quote(name)}: {ctx.strerror(err)}")
    if not gnu and not opened:
        error(ctx, "no files")
        return 1
    show = headers if headers is not None else (len(files) > 1 if gnu else len(opened) > 1)
    for index, (name, shown, text) in enumerate(opened):
        if show:
            ctx.out(header(shown, index == 0))
        if text is None:
            if gnu:
                error(ctx, f"error reading {quote(name)}: {ctx.strerror(EISDIR)}")
            else:
                error(ctx, f"read error: {ctx.strerror(EISDIR)}")
            continue
        if mode == "c":
            data = text.encode("utf-8", "surrogateescape")
            part = data[max(count - 1, 0):] if sign == "+" else (data[-count:] if count else b"")
            ctx.out(part.decode("utf-8", "surrogateescape"))
        else:
            lines = split_lines(text)
            chosen = lines[max(count - 1, 0):] if sign == "+" else (lines[-count:] if count else [])
            ctx.out("".join(chosen))
    if follow:
        # The files do not grow in this simulation: tail -f waits (tail -f /dev/null).
        yield Sleep(float("inf"))
    return status


# -- wc -------------------------------------------------------------------------------

_WORD_SPLIT = LazyPattern(r"[ \t\n\v\f\r]+")


def _wc_counts(text: str) -> dict:
    data = text.encode("utf-8", "surrogateescape")
    longest = 0
    for line in text.split("\n"):
        width = 0
        for c in line:
            if c == "\t":
                width = (width // 8 + 1) * 8
            elif c.isprintable():
                width += 1
        longest = max(longest, width)
    return {"l": text.count("\n"), "w": len([w for w in _WORD_SPLIT.split(text) if w]),
            "m": len(text), "c": len(data), "L": longest}


# bytes per CPU second (scripts/measure_costs.py): GNU counts bytes and lines at
# 4.5-6.4 GB/s (`cat file | wc -c` with cat's part taken out; wc -l file) and words at
# 110 MB/s; BusyBox does everything at 170-190 MB/s.
WC_RATE = {"gnu": 4.5e9, "gnu-words": 110e6, "busybox": 180e6}


def _wc_source(ctx: Context, source: Source, order):
    """The counts of one input; lines and bytes alone are counted as the data comes."""
    if source.endless:
        return (yield from spin_forever())  # counts for ever, prints nothing meanwhile
    rate = WC_RATE["busybox"] if ctx.flavour != "gnu" else \
        WC_RATE["gnu-words" if set(order) - {"l", "c"} else "gnu"]
    if source.data is not None or set(order) - {"l", "c"}:
        data = yield from source.read_all()
        ctx.charge(len(data) / rate)
        return _wc_counts(decode(data))
    lines = size = 0
    while True:
        chunk = yield from source.read()
        if not chunk:
            return {"l": lines, "w": 0, "m": size, "c": size, "L": 0}
        lines += chunk.count(b"\n")
        size += len(chunk)
        ctx.charge(len(chunk) / rate)
        yield from ctx.flow()


@streams_input
@program("wc")
def wc(ctx: Context):
    gnu = ctx.flavour == "gnu"
    args = ctx.argv[1:]
    try:
        opts, files = parse(ctx, args, "clLmw",
                            {"bytes": "c", "chars": "m", "lines": "l", "words": "w",
                             "max-line-length": "L", "total=": "total"} if gnu else None)
    except OptionError as err:
        return bad_option(ctx, err)
    chosen = {key for key, _ in opts if key in "clLmw"}
    order = [k for k in "lwmcL" if k in chosen] or ["l", "w", "c"]
    names = files or ["-"]
    results = []
    status = 0
    all_regular = True
    for name in names:
        shown = "" if not files else name
        if name == "-":
            all_regular = False
        try:
            counts = yield from _wc_source(ctx, Source(ctx, name), order)
        except FSError as err:
            status = 1
            error(ctx, f"{name}: {ctx.strerror(err)}")
            if err.errno == EISDIR:
                results.append((shown, {k: 0 for k in "lwmcL"}))
                all_regular = False
            continue
        results.append((shown, counts))
    per_file = list(results)
    if len(names) > 1:
        total = {k: sum(r[1][k] for r in results) for k in "lwmc"}
        total["L"] = max([r[1]["L"] for r in results] or [0])
        results.append(("total", total))
    if gnu:
        if len(order) == 1 and len(names) == 1:
            width = 1
        elif all_regular and files:
            width = len(str(sum(counts["c"] for shown, counts in per_file)))
        else:
            width = 7
        for shown, counts in results:
            line = " ".join(str(counts[k]).rjust(width) for k in order)
            ctx.out(line + (f" {shown}" if shown else "") + "\n")
    else:
        single = len(order) == 1 and len(names) == 1
        for shown, counts in results:
            if single:
                line = str(counts[order[0]])
            else:
                line = " ".join(str(counts[k]).rjust(9) for k in order)
            ctx.out(line + (f" {shown}" if shown else "") + "\n")
    return status
