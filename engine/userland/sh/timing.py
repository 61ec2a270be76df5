"""bash's `time` keyword: $TIMEFORMAT and the POSIX format of `time -p`.

A conversion is %[p][l]R, U or S (real, user, system seconds): p digits after the point
(0 to 3, 3 by default, truncated as bash truncates), l the long form MmS.FFFs; %P is the
CPU share in percent and %% a percent sign.
"""

from __future__ import annotations

import re

TIME_DEFAULT = "\nreal\t%3lR\nuser\t%3lU\nsys\t%3lS"
TIME_POSIX = "real %2R\nuser %2U\nsys %2S"
_CONVERSION = re.compile(r"%(%|P|([0-9]?)(l?)([RUS]))")


def _seconds(value: float, digits: int, long: bool) -> str:
    micros = int(max(value, 0.0) * 1_000_000)
    whole, fraction = divmod(micros, 1_000_000)
    minutes = ""
    if long:
        minutes, whole = f"{whole // 60}m", whole % 60
    shown = f"{whole}" + (f".{fraction // 10 ** (6 - digits):0{digits}d}" if digits else "")
    return minutes + shown + ("s" if long else "")


def format_times(fmt: str, real: float, user: float, system: float) -> str:
    values = {"R": real, "U": user, "S": system}

    def convert(found) -> str:
        if found.group(1) == "%":
            return "%"
        if found.group(1) == "P":
            return f"{(user + system) * 100 / real:.2f}" if real > 0 else "0.00"
        digits = min(int(found.group(2)), 3) if found.group(2) else 3
        return _seconds(values[found.group(4)], digits, bool(found.group(3)))

    return _CONVERSION.sub(convert, fmt)
