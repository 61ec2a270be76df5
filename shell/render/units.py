"""How the docker CLI words sizes and ages (go-units)."""

from __future__ import annotations

from engine.lazy import LazyPattern

from engine.container.state import human_duration

DECIMAL_UNITS = ("B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB")
BINARY_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB")


def _go_g(value: float, precision: int) -> str:
    """Go's strconv 'g' format with the given significant digits (no exponent here)."""
    text = f"{value:.{precision}g}"
    if "e" in text:  # e.g. 1e+03: Go prints the same for these magnitudes
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{exponent[0]}{int(exponent[1:]):02d}"
    return text


def human_size(size: float, precision: int = 3) -> str:
    """units.HumanSizeWithPrecision: decimal units, e.g. 7.38MB, 117MB, 1.02GB."""
    size = float(size)
    unit = 0
    while size >= 1000.0 and unit < len(DECIMAL_UNITS) - 1:
        size /= 1000.0
        unit += 1
    return f"{_go_g(size, precision)}{DECIMAL_UNITS[unit]}"


def bytes_size(size: float) -> str:
    """units.BytesSize: binary units with 2 decimals trimmed, e.g. 1.5GiB, 7.8MiB."""
    size = float(size)
    unit = 0
    while size >= 1024.0 and unit < len(BINARY_UNITS) - 1:
        size /= 1024.0
        unit += 1
    return f"{_go_g(size, 4)}{BINARY_UNITS[unit]}"


def ago(then: float, now: float) -> str:
    """The CREATED column: "2 minutes ago"."""
    return f"{human_duration(now - then)} ago"


_RAM = LazyPattern(r"^(\d+(?:\.\d+)?)\s*([kKmMgGtTpP]?)[iI]?[bB]?$")
_RAM_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50}


def ram_bytes(text: str) -> int:
    """go-units RAMInBytes: "64m", "1g", "512k", "100" (bytes), binary multiples;
    ValueError for anything else."""
    match = _RAM.match(text.strip())
    if not match:
        raise ValueError(text)
    return int(float(match.group(1)) * _RAM_UNITS[match.group(2).lower()])
