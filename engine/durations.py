"""Go's time.Duration, as Docker and Compose read and print durations: ParseDuration
("1m30s", "500ms", "-2h") and Duration.String() ("1m30s", "1.5s", "500µs", "0s")."""

from __future__ import annotations

from .lazy import LazyPattern

NS = {"ns": 1, "us": 10 ** 3, "µs": 10 ** 3, "μs": 10 ** 3, "ms": 10 ** 6, "s": 10 ** 9,
      "m": 60 * 10 ** 9, "h": 3600 * 10 ** 9}
_PART = LazyPattern(r"([0-9]*\.?[0-9]*)([^0-9.]*)")


def parse_duration_ns(text: str) -> int:
    """time.ParseDuration in nanoseconds; ValueError with Go's message for anything else."""
    body = text[1:] if text[:1] in "+-" else text
    if body == "0":
        return 0
    if not body:
        raise ValueError(f'time: invalid duration "{text}"')
    total, rest = 0, body
    while rest:
        m = _PART.match(rest)
        number, unit = m.group(1), m.group(2)
        if not number or number == ".":
            raise ValueError(f'time: invalid duration "{text}"')
        if not unit:
            raise ValueError(f'time: missing unit in duration "{text}"')
        if unit not in NS:
            raise ValueError(f'time: unknown unit "{unit}" in duration "{text}"')
        total += int(float(number) * NS[unit])
        rest = rest[m.end():]
    return -total if text.startswith("-") else total


def go_duration(ns: int) -> str:
    """Duration.String(): the largest units first, the seconds with no trailing zeros."""
    if ns == 0:
        return "0s"
    sign, ns = ("-", -ns) if ns < 0 else ("", ns)
    if ns < 10 ** 3:
        return f"{sign}{ns}ns"
    for limit, unit, size in ((10 ** 6, "µs", 10 ** 3), (10 ** 9, "ms", 10 ** 6)):
        if ns < limit:
            return sign + _decimal(ns, size) + unit
    hours, rest = divmod(ns, 3600 * 10 ** 9)
    minutes, rest = divmod(rest, 60 * 10 ** 9)
    text = _decimal(rest, 10 ** 9) + "s"
    if hours or minutes:
        text = f"{minutes}m" + text
    if hours:
        text = f"{hours}h" + text
    return sign + text


def _decimal(value: int, unit: int) -> str:
    whole, fraction = divmod(value, unit)
    digits = str(fraction).rjust(len(str(unit)) - 1, "0").rstrip("0")
    return f"{whole}.{digits}" if digits else str(whole)
