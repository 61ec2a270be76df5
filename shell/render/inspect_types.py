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
from typing import Any, Dict, List, Tuple

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


class NilSlice(list):
    """A nil slice: fmt prints it as [] like an empty one, encoding/json as null."""

    def __gojson__(self) -> Any:
        return None


class NilMap(dict):
    """A nil map: map[] in fmt, null in JSON."""

    def __gojson__(self) -> Any:
        return None


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
        if not isinstance(value, list):
            return NilSlice()
        return [typed(item, base[2:]) for item in value]
    found = _MAP.match(base)
    if found:
        if not isinstance(value, dict):
            return NilMap()
        return {key: typed(item, found.group(2)) for key, item in value.items()}
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
        return go_time_string(value) if isinstance(value, str) else "0001-01-01 00:00:00 +0000 UTC"
    return None if value is ABSENT else value  # any, and types outside the schema


_RFC3339 = re.compile(r"^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(\.\d+)?(Z|[-+]\d\d:\d\d)$")


def go_time_string(text: str) -> str:
    """A time.Time from its JSON (RFC 3339) as a template prints it, Go's String():
    "2026-12-01 09:00:00.1 +0000 UTC"; text that is no such time is left as it is."""
    found = _RFC3339.match(text)
    if not found:
        return text
    day, clock, fraction, zone = found.groups()
    fraction = (fraction or "").rstrip("0").rstrip(".")
    if zone == "Z":
        return f"{day} {clock}{fraction} +0000 UTC"
    return f"{day} {clock}{fraction} {zone.replace(':', '')} {zone.replace(':', '')}"


def _struct(data: dict, gotype: str, raw: Any) -> TypedStruct:
    own: List[Tuple[str, Any]] = []
    promoted: Dict[str, Any] = {}
    for goname, key, field_type, embedded, _omitempty in _types()[gotype]["fields"]:
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


__all__ = ["typed", "TypedStruct", "marshal"]


def _is_empty(value: Any) -> bool:
    """What encoding/json's omitempty leaves out: false, 0, "", and nil or empty maps,
    slices and pointers (a struct is never empty)."""
    return value is None or value is False or value == 0 and not isinstance(value, bool) \
        or value in ("", [], {})


def _zero_json(gotype: str) -> Any:
    base = _underlying(gotype)
    if base.startswith(("*", "[]", "map[")) or base in ("any", "error"):
        return None
    found = re.match(r"^\[(\d+)\](.+)$", base)  # an array: its length of zeros
    if found:
        return [_zero_json(found.group(2))] * int(found.group(1))
    if base in _types() and "fields" in _types()[base]:
        return marshal({}, base)
    if base == "string":
        return ""
    if base == "bool":
        return False
    if base in INTEGERS or base in ("float32", "float64"):
        return 0
    if base == "time.Time":
        return "0001-01-01T00:00:00Z"
    return None


def marshal(value: Any, gotype: str) -> Any:
    """``value`` (decoded JSON) as Go's encoding/json writes a ``gotype``: struct fields in
    declaration order, the missing ones as their zero values unless omitempty, empty
    omitempty ones left out. Keys the type does not have are kept, last."""
    base = _underlying(gotype)
    if value is None:
        return None
    if base.startswith("*"):
        return marshal(value, base[1:])
    if base.startswith("[]") and isinstance(value, list):
        return [marshal(item, base[2:]) for item in value]
    found = _MAP.match(base)
    if found and isinstance(value, dict):
        return {key: marshal(value[key], found.group(2)) for key in sorted(value)}  # Go sorts maps
    if not (base in _types() and "fields" in _types()[base]) or not isinstance(value, dict):
        return value
    out: Dict[str, Any] = {}
    for key, field_type, omitempty in _json_fields(base):
        if key in value:
            item = marshal(value[key], field_type)
            if not (omitempty and _is_empty(item)):
                out[key] = item
        elif not omitempty:
            out[key] = _zero_json(field_type)
    known = {key for key, _, _ in _json_fields(base)}
    for key, item in value.items():  # what crsim adds beyond the type (kept, at the end)
        if key not in known:
            out[key] = item
    return out


def _json_fields(struct: str) -> List[Tuple[str, str, bool]]:
    """A struct's JSON keys in the order encoding/json writes them (an embedded struct's
    in its place), each with its Go type and omitempty."""
    found = []
    for _goname, key, field_type, embedded, omitempty in _types()[struct]["fields"]:
        if embedded:
            found += _json_fields(_underlying(field_type).lstrip("*"))
        elif key is not None:
            found.append((key, field_type, omitempty))
    return found
