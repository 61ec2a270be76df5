"""Variable interpolation in compose files, with compose-go's rules and messages.

`$$` is a literal `$`; `$NAME` and `${NAME}` are replaced (an unset one by "" with a
warning); `${NAME:-x}`/`${NAME-x}` default when unset-or-empty/unset; `${NAME:?e}`/
`${NAME?e}` fail when unset-or-empty/unset; `${NAME:+x}`/`${NAME+x}` give x when
set-and-non-empty/set. The word after an operator is itself interpolated. Names are
`[_a-zA-Z][_a-zA-Z0-9]*`; anything else after a `$` is an invalid template.
"""

from __future__ import annotations

import re
from typing import Callable, List, Optional, Tuple

Lookup = Callable[[str], Optional[str]]  # None: the variable is not set
OPERATORS = (":-", ":?", ":+", "-", "?", "+")


class InvalidTemplate(Exception):
    def __init__(self, template: str):
        super().__init__(template)
        self.template = template


class MissingRequired(Exception):
    def __init__(self, name: str, reason: str):
        super().__init__(f"required variable {name} is missing a value"
                         + (f": {reason}" if reason else ""))


def _is_name_start(ch: str) -> bool:
    return ch == "_" or ("a" <= ch.lower() <= "z")


def _name_end(text: str, start: int) -> int:
    end = start
    if end < len(text) and _is_name_start(text[end]):
        end += 1
        while end < len(text) and (text[end] == "_" or text[end].isascii() and text[end].isalnum()):
            end += 1
    return end


def _closing_brace(text: str, start: int) -> int:
    """Index of the `}` closing the `{` at ``start``, counting nested braces."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    return -1


def substitute(text: str, lookup: Lookup, unset: List[str]) -> str:
    """``text`` with its variables replaced; names used but unset are appended to ``unset``
    (Compose warns about each). Raises InvalidTemplate or MissingRequired."""
    out: List[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch != "$":
            out.append(ch)
            i += 1
            continue
        nxt = text[i + 1:i + 2]
        if nxt == "$":
            out.append("$")
            i += 2
            continue
        if nxt == "{":
            close = _closing_brace(text, i + 1)
            if close < 0:
                raise InvalidTemplate(text)
            out.append(_braced(text[i + 2:close], text, lookup, unset))
            i = close + 1
            continue
        end = _name_end(text, i + 1)
        if end == i + 1:
            raise InvalidTemplate(text)
        out.append(_plain(text[i + 1:end], lookup, unset))
        i = end
    return "".join(out)


def _plain(name: str, lookup: Lookup, unset: List[str]) -> str:
    value = lookup(name)
    if value is None:
        unset.append(name)
        return ""
    return value


def _operator(rest: str) -> Tuple[str, str]:
    for op in OPERATORS:
        if rest.startswith(op):
            return op, rest[len(op):]
    return "", rest


def _braced(inner: str, template: str, lookup: Lookup, unset: List[str]) -> str:
    end = _name_end(inner, 0)
    name, rest = inner[:end], inner[end:]
    if not name:
        raise InvalidTemplate(template)
    if not rest:
        return _plain(name, lookup, unset)
    op, word = _operator(rest)
    if not op:
        raise InvalidTemplate(template)
    word = substitute(word, lookup, unset)
    value = lookup(name)
    empty = value is None or value == ""
    if op == ":-":
        return word if empty else value
    if op == "-":
        return word if value is None else value
    if op == ":+":
        return value or "" if empty else word
    if op == "+":
        return "" if value is None else word
    if (op == ":?" and empty) or (op == "?" and value is None):
        raise MissingRequired(name, word)
    return value


def interpolate(node, lookup: Lookup, unset: List[str], path: str = ""):
    """Every string value in a loaded file (mapping keys are left alone, as compose-go
    does), or Compose's error naming where the bad one is."""
    if isinstance(node, dict):
        return {key: interpolate(value, lookup, unset, f"{path}.{key}" if path else str(key))
                for key, value in node.items()}
    if isinstance(node, list):
        return [interpolate(item, lookup, unset, f"{path}.[]") for item in node]
    if isinstance(node, str):
        try:
            text = substitute(node, lookup, unset)
        except InvalidTemplate as err:
            raise InterpolationError(f"invalid interpolation format for {path}.\nYou may need to "
                                     f"escape any $ with another $.\n{err.template}") from None
        except MissingRequired as err:
            raise InterpolationError(f"error while interpolating {path}: {err}") from None
        cast = _caster(path)
        if cast is None:
            return text
        try:
            return cast(text)
        except ValueError as err:
            raise InterpolationError(f"error while interpolating {path}: failed to cast to "
                                     f"expected type: {err}") from None
    return node


def _go_int(kind: str, bits: int):
    def cast(text: str) -> int:
        if not re.fullmatch(r"[+-]?[0-9]+", text):
            raise ValueError(f'strconv.{kind}: parsing "{text}": invalid syntax')
        value = int(text)
        if not -2 ** (bits - 1) <= value < 2 ** (bits - 1):
            raise ValueError(f'strconv.{kind}: parsing "{text}": value out of range')
        return value
    return cast


def _go_float(text: str) -> float:
    try:
        if text.strip() != text or "_" in text:
            raise ValueError
        return float(text)
    except ValueError:
        raise ValueError(f'strconv.ParseFloat: parsing "{text}": invalid syntax') from None


def _go_bool(text: str) -> bool:
    """compose-go's toBoolean (YAML 1.1's yes/no/on/off are taken, with a warning there)."""
    lower = text.lower()
    if lower in ("true", "y", "yes", "on"):
        return True
    if lower in ("false", "n", "no", "off"):
        return False
    raise ValueError(f"invalid boolean: {text}")


_INT, _INT64 = _go_int("Atoi", 64), _go_int("ParseInt", 64)
# the paths whose strings compose-go turns into numbers and booleans after interpolation
# (its interpolateTypeCastMapping); "*" is any key, "[]" any item of a list
CASTS = {
    **{("services", "*", key): _INT64 for key in (
        "cpu_count", "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "cpu_shares",
        "oom_score_adj", "pids_limit")},
    **{("services", "*", key): _go_float for key in ("cpu_percent", "cpus")},
    **{("services", "*", key): _go_bool for key in (
        "init", "oom_kill_disable", "privileged", "read_only", "stdin_open", "tty")},
    **{("services", "*") + tuple(key.split()): _INT for key in (
        "deploy replicas", "deploy update_config parallelism", "deploy rollback_config parallelism",
        "deploy restart_policy max_attempts", "deploy placement max_replicas_per_node",
        "healthcheck retries", "ports [] target", "scale", "ulimits *", "ulimits * hard",
        "ulimits * soft")},
    **{("services", "*") + tuple(key.split()): _go_float for key in (
        "deploy update_config max_failure_ratio", "deploy rollback_config max_failure_ratio")},
    ("services", "*", "healthcheck", "disable"): _go_bool,
    ("services", "*", "volumes", "[]", "read_only"): _go_bool,
    ("services", "*", "volumes", "[]", "volume", "nocopy"): _go_bool,
    **{(kind, "*", key): _go_bool for kind in ("networks", "volumes", "secrets", "configs")
       for key in ("external",)},
    **{("networks", "*", key): _go_bool for key in ("internal", "attachable", "enable_ipv4",
                                                    "enable_ipv6")},
}


def _caster(path: str):
    parts = tuple(path.split("."))
    for pattern, cast in CASTS.items():
        if len(pattern) == len(parts) and all(p == "*" or p == q for p, q in zip(pattern, parts)):
            return cast
    return None


class InterpolationError(Exception):
    pass
