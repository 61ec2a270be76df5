"""JSON and time text the way Go's encoding/json and time packages write them.

Image ids and manifest digests are hashes of JSON documents written by Go
programs (BuildKit, the registry, the daemon). Writing ours the same way keeps
their shape familiar to anyone who compares them with `docker inspect` output:
compact separators, ``<``, ``>`` and ``&`` escaped as ``\\u003c`` etc., and
RFC 3339 times whose fractional seconds drop their trailing zeros.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Any

_GO_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))


def dumps(value: Any, indent: int = 0) -> str:
    """Compact JSON with Go's HTML-safe escaping; dict order is kept as given. With
    ``indent``, as json.MarshalIndent(value, "", " " * indent) writes it."""
    text = json.dumps(value, separators=(",", ": ") if indent else (",", ":"),
                      indent=indent or None, ensure_ascii=False)
    for raw, escaped in _GO_ESCAPES:
        text = text.replace(raw, escaped)
    return text


def sha256_digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def rfc3339_nano(ts: float) -> str:
    """Go's time.RFC3339Nano in UTC: "2024-09-26T21:31:42Z", "…:49.5324Z".

    Times here are floats, so the fraction is kept to microseconds: finer
    digits would only be float noise.
    """
    micros = round(ts * 1_000_000)
    seconds, fraction = divmod(micros, 1_000_000)
    text = datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    if fraction:
        text += "." + f"{fraction:06d}".rstrip("0")
    return text + "Z"


def parse_rfc3339(text: str) -> float:
    """The inverse of :func:`rfc3339_nano` (fractions beyond microseconds are cut)."""
    main, _, frac = text.rstrip("Z").partition(".")
    dt = datetime.fromisoformat(main).replace(tzinfo=timezone.utc)  # strptime would import _strptime, locale ...
    return dt.timestamp() + (int(frac[:6].ljust(6, "0")) / 1_000_000 if frac else 0.0)
