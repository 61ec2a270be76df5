"""bash's `time` keyword: $TIMEFORMAT and the POSIX format of `time -p`.

A conversion is %[p][l]R, U or S (real, user, system seconds): p digits after the point
(0 to 3, 3 by default, truncated as bash truncates), l the long form MmS.FFFs; %P is the
CPU share in percent and %% a percent sign.
"""

from __future__ import annotations

TIME_DEFAULT = "\nreal\t%3lR\nuser\t%3lU\nsys\t%3lS"
TIME_POSIX = "real %2R\nuser %2U\nsys %2S"


class BadFormat(Exception):
    """A conversion bash does not know: it says which character and prints no times."""

    def __init__(self, char: str):
        super().__init__(char)
        self.char = char


def _seconds(value: float, digits: int, long: bool) -> str:
    micros = int(max(value, 0.0) * 1_000_000)
    whole, fraction = divmod(micros, 1_000_000)
    minutes = ""
    if long:
        minutes, whole = f"{whole // 60}m", whole % 60
    shown = f"{whole}" + (f".{fraction // 10 ** (6 - digits):0{digits}d}" if digits else "")
    return minutes + shown + ("s" if long else "")


def format_times(fmt: str, real: float, user: float, system: float) -> str:
    """The report; BadFormat for an unknown conversion (a "%" at the very end is itself)."""
    values = {"R": real, "U": user, "S": system}
    out, i, n = [], 0, len(fmt)
    while i < n:
        c = fmt[i]
        if c != "%" or i + 1 == n:
            out.append(c)
            i += 1
            continue
        i += 1
        if fmt[i] == "%":
            out.append("%")
        elif fmt[i] == "P":
            out.append(f"{(user + system) * 100 / real:.2f}" if real > 0 else "0.00")
        else:
            digits = 3
            if fmt[i].isdigit():
                digits = min(int(fmt[i]), 3)
                i += 1
            long = i < n and fmt[i] == "l"
            i += long
            if i >= n or fmt[i] not in values:
                raise BadFormat(fmt[i] if i < n else "\0")
            out.append(_seconds(values[fmt[i]], digits, long))
        i += 1
    return "".join(out)
