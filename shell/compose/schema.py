"""Checking a compose file against the compose specification's JSON schema, with the one
message Docker Compose v2 prints for it.

compose-go validates each file (merged over the ones before it) with santhosh-tekuri's
jsonschema library (v6) and keeps one error: the deepest one in the library's error tree,
an unknown key counting one level deeper, the first found on ties. To give the same error
this module builds the same tree, keyword by keyword in the library's order, for the
draft-07 keywords the schema uses. The schema is generated data
(scripts/gen_compose_schema.py); it is read once, on the first check.

One difference is deliberate: Go iterates a mapping in random order, so where two errors tie
Compose may name either; here a file's keys are visited in the file's order.
"""

from __future__ import annotations

import datetime
import json
import math
import os
import re
from typing import List, Optional, Tuple

SCHEMA_FILE = os.path.join(os.path.dirname(__file__), "compose_spec.json")
_schema: Optional[dict] = None
_patterns: dict = {}


class Failure:
    """One node of the error tree: where in the file, which keyword, what it says; the
    keywords that combine others (a $ref, oneOf, several errors at once) have causes."""

    __slots__ = ("where", "kind", "text", "causes")

    def __init__(self, where: Tuple[str, ...], kind: str, text: str = "", causes=None):
        self.where = where
        self.kind = kind
        self.text = text
        self.causes: List["Failure"] = causes or []

    def specificity(self) -> int:
        return len(self.where) + (1 if self.kind == "additionalProperties" else 0)

    def message(self) -> str:
        """As compose-go's validationError words it: the path, then the library's text
        (type, minimum and maximum in compose-go's own words)."""
        return f"{'.'.join(self.where)} {self.text}"


def validate(document: dict) -> Optional[str]:
    """The message for the first problem Compose would report in a loaded file, or None."""
    failure = _check(_root(), _as_json(document), ())
    if failure is None:
        return None
    causes = failure.causes if failure.kind == "group" else [failure]
    return _most_specific(Failure((), "schema", causes=causes)).message()


def _root() -> dict:
    global _schema
    if _schema is None:
        with open(SCHEMA_FILE, encoding="utf-8") as handle:
            _schema = json.load(handle)
    return _schema


def _most_specific(failure: Failure) -> Failure:
    if not failure.causes:
        return failure
    best: Optional[Failure] = None
    for cause in failure.causes:
        cause = _most_specific(cause)
        if best is None or cause.specificity() > best.specificity():
            best = cause
    return best


def _as_json(value):
    """The file as compose-go hands it to the validator (after a JSON round trip): mapping
    keys are strings, dates are the strings they were written as."""
    if isinstance(value, dict):
        return {str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_json(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def json_type(value) -> str:
    if value is None:
        return "null"
    if value is True or value is False:
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _is_integer(value) -> bool:
    if value is True or value is False:
        return False
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)
                                      and value.is_integer())


def _resolve(ref: str) -> dict:
    node = _root()
    for part in ref.lstrip("#").strip("/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _regex(pattern: str):
    compiled = _patterns.get(pattern)
    if compiled is None:
        compiled = _patterns[pattern] = re.compile(pattern)
    return compiled


def _check(schema, value, where: Tuple[str, ...]) -> Optional[Failure]:
    if schema is True or schema == {}:
        return None
    if schema is False:
        return Failure(where, "false", "false schema")
    if "$ref" in schema:  # draft-07: the keywords beside a $ref are ignored
        failure = _check(_resolve(schema["$ref"]), value, where)
        if failure is None:
            return None
        causes = failure.causes if failure.kind == "group" else [failure]
        return Failure(where, "$ref", "validation failed", causes)
    kind = json_type(value)
    if "type" in schema:
        wanted = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if kind not in wanted and not ("integer" in wanted and _is_integer(value)):
            return Failure(where, "type", f"must be a {_type_names(wanted)}")
    if "enum" in schema and not any(_equal(value, item) for item in schema["enum"]):
        return Failure(where, "enum", _enum_text(schema["enum"]))
    failures: List[Failure] = []
    if kind == "object":
        _check_object(schema, value, where, failures)
    elif kind == "array":
        _check_array(schema, value, where, failures)
    elif kind == "string":
        if "pattern" in schema and not _regex(schema["pattern"]).search(value):
            failures.append(Failure(where, "pattern", f"{_quote(value)} does not match pattern "
                                                      f"{_quote(schema['pattern'])}"))
    elif kind == "number":
        if "minimum" in schema and value < schema["minimum"]:
            failures.append(Failure(where, "minimum", "must be greater than or equal to "
                                                      f"{_number(schema['minimum'])}"))
        if "maximum" in schema and value > schema["maximum"]:
            failures.append(Failure(where, "maximum", "must be less than or equal to "
                                                      f"{_number(schema['maximum'])}"))
    if "oneOf" in schema:
        _check_one_of(schema["oneOf"], value, where, failures)
    if not failures:
        return None
    if len(failures) == 1:
        return failures[0]
    return Failure(where, "group", "validation failed", failures)


def _check_object(schema: dict, value: dict, where, failures: List[Failure]) -> None:
    missing = [name for name in schema.get("required", ()) if name not in value]
    if missing:
        which = "property" if len(missing) == 1 else "properties"
        failures.append(Failure(where, "required", f"missing {which} {_quoted(missing)}"))
    properties = schema.get("properties", {})
    patterns = schema.get("patternProperties", {})
    additional = schema.get("additionalProperties")
    unknown = []
    for name, item in value.items():
        evaluated = False
        if name in properties:
            evaluated = True
            _add(failures, _check(properties[name], item, where + (name,)))
        for pattern, sub in patterns.items():
            if _regex(pattern).search(name):
                evaluated = True
                _add(failures, _check(sub, item, where + (name,)))
        if not evaluated and additional is not None:
            if additional is False:
                unknown.append(name)
            elif additional is not True:
                _add(failures, _check(additional, item, where + (name,)))
    if unknown:
        failures.append(Failure(where, "additionalProperties",
                                f"additional properties {_quoted(unknown)} not allowed"))


def _check_array(schema: dict, value: list, where, failures: List[Failure]) -> None:
    if schema.get("uniqueItems") and len(value) > 1:
        pair = _duplicates(value)
        if pair:
            failures.append(Failure(where, "uniqueItems", f"items at {pair[0]} and {pair[1]} are equal"))
    items = schema.get("items")
    if isinstance(items, (dict, bool)):
        for index, item in enumerate(value):
            _add(failures, _check(items, item, where + (str(index),)))


def _check_one_of(choices: list, value, where, failures: List[Failure]) -> None:
    matched = -1
    errors = []
    for index, choice in enumerate(choices):
        failure = _check(choice, value, where)
        if failure is None:
            if matched != -1:
                failures.append(Failure(where, "oneOf", f"oneOf failed, subschemas {matched}, "
                                                        f"{index} matched"))
                return
            matched = index
        elif matched == -1:
            errors.append(failure)
    if matched == -1:
        failures.append(Failure(where, "oneOf", "oneOf failed, none matched", errors))


def _add(failures: List[Failure], failure: Optional[Failure]) -> None:
    if failure is not None:
        failures.append(failure)


def _duplicates(items: list) -> Optional[Tuple[int, int]]:
    for i in range(1, len(items)):
        for j in range(i):
            if _equal(items[i], items[j]):
                return j, i
    return None


def _equal(a, b) -> bool:
    """JSON equality: 1 and 1.0 are equal, true and 1 are not."""
    kind = json_type(a)
    if kind != json_type(b):
        return False
    if kind == "object":
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if kind == "array":
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    return a == b


def _type_names(wanted: List[str]) -> str:
    """compose-go's humanReadableType: object is a mapping; several are sorted, "a, b or c"."""
    names = sorted("mapping" if w == "object" else w for w in wanted)
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} or {names[-1]}"


def _enum_text(values: list) -> str:
    if any(isinstance(v, (list, dict)) for v in values):
        return "enum failed"
    shown = [_display(v) for v in values]
    if len(shown) == 1:
        return f"value must be {shown[0]}"
    return f"value must be one of {', '.join(shown)}"


def _display(value) -> str:
    if isinstance(value, str):
        return _quote(value)
    if value is True or value is False:
        return "true" if value else "false"
    if value is None:
        return "<nil>"
    return _number(value)


def _number(value) -> str:
    return str(int(value)) if _is_integer(value) else repr(value)


def _quote(text: str) -> str:
    """The library's quote(): Go's %q, then its double quotes unescaped and single quotes
    escaped, between single quotes."""
    inner = json.dumps(text, ensure_ascii=False)[1:-1].replace('\\"', '"').replace("'", "\\'")
    return f"'{inner}'"


def _quoted(names: List[str]) -> str:
    return ", ".join(_quote(name) for name in names)
