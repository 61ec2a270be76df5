"""The Go values `docker inspect` runs a --format template on first.

The docker CLI executes the template on the typed response (container.InspectResponse,
image.InspectResponse, network.Inspect, volume.Volume); only if that fails does it decode
the raw JSON into maps and run the template again with missingkey=error. So a Go field
name works even where the JSON key differs ({{.ID}}; {{.Id}} works through the maps), a
field the JSON leaves out is its zero value ({{.State.Health}} is <nil>), and a name
neither knows is the maps' error (map has no entry for key "Nope").

``typed(document, "container.InspectResponse")`` builds that typed view from crsim's JSON
document, with the field lists scripts/gen_inspect_types.py extracted from the API types
the docker CLI vendors (inspect_types.json).
"""

from __future__ import annotations

import functools
import json
import os
import re
import zlib
from typing import Any, Dict, List, Optional, Tuple

from .gotemplate import GoStruct

INTEGERS = {"int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32",
            "uint64", "byte", "rune"}
_MAP = re.compile(r"^map\[([^\]]+)\](.+)$")
ABSENT = object()


@functools.lru_cache(maxsize=1)
def _types() -> Dict[str, dict]:
    with open(os.path.join(os.path.dirname(__file__), "inspect_types.json")) as handle:
        return json.load(handle)["types"]


def _underlying(gotype: str) -> str:
    seen = set()
    while gotype in _types() and "underlying" in _types()[gotype] and gotype not in seen:
        seen.add(gotype)
        gotype = _types()[gotype]["underlying"]
    return gotype


class TypedStruct(GoStruct):
    """A Go struct (or pointer to one) holding decoded JSON: fields by Go name (embedded
    structs' fields promoted), printed as fmt prints it, marshalled back as its JSON."""

    def __init__(self, type_name: str, own: List[Tuple[str, Any]], promoted: Dict[str, Any],
                 raw: Any, pointer: bool):
        super().__init__(("*" if pointer else "") + type_name, {**promoted, **dict(own)})
        self.own, self.raw, self.pointer = own, raw, pointer

    def __gofmt__(self, top: bool, inner) -> str:
        if self.pointer and not top:  # a pointer inside a value prints as an address
            return f"0xc000{zlib.crc32(repr(self.raw).encode()) & 0xffffff:06x}"
        body = "{" + " ".join(inner(value) for _, value in self.own) + "}"
        return ("&" if self.pointer else "") + body

    def __gojson__(self) -> Any:
        return self.raw if self.raw is not ABSENT else None


def typed(value: Any, gotype: str) -> Any:
    """``value`` (decoded JSON, or ABSENT) as a value of Go type ``gotype``."""
    base = _underlying(gotype)
    if base.startswith("*"):
        if value is ABSENT or value is None:
            return None  # a nil pointer: prints <nil>, and .X on it fails
        result = typed(value, base[1:])
        if isinstance(result, TypedStruct):
            result.pointer = True
            result.type_name = "*" + result.type_name
        return result
    if base.startswith("[]"):
        items = value if isinstance(value, list) else []
        return [typed(item, base[2:]) for item in items]
    found = _MAP.match(base)
    if found:
        items = value if isinstance(value, dict) else {}
        return {key: typed(item, found.group(2)) for key, item in items.items()}
    if base in _types() and "fields" in _types()[base]:
        return _struct(value if isinstance(value, dict) else {}, base, value)
    if base == "string":
        return value if isinstance(value, str) else ""
    if base == "bool":
        return value if isinstance(value, bool) else False
    if base in INTEGERS:
        return value if isinstance(value, int) and not isinstance(value, bool) else 0
    if base in ("float32", "float64"):
        return value if isinstance(value, (int, float)) else 0.0
    if base == "time.Time":
        return value if isinstance(value, str) else "0001-01-01 00:00:00 +0000 UTC"
    return None if value is ABSENT else value  # any, and types outside the schema


def _struct(data: dict, gotype: str, raw: Any) -> TypedStruct:
    own: List[Tuple[str, Any]] = []
    promoted: Dict[str, Any] = {}
    for goname, key, field_type, embedded in _types()[gotype]["fields"]:
        if embedded:  # its fields sit in the same JSON object, and are promoted
            inner = typed(data, field_type)
            own.append((goname, inner))
            if isinstance(inner, TypedStruct):
                promoted.update({k: v for k, v in inner.fields.items() if k not in promoted})
            continue
        if key is None:  # json:"-": never in the JSON
            own.append((goname, typed(ABSENT, field_type)))
            continue
        own.append((goname, typed(data.get(key, ABSENT), field_type)))
    return TypedStruct(gotype, own, promoted, raw, False)


__all__ = ["typed", "TypedStruct"]
