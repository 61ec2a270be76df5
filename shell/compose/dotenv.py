"""`.env` files as Compose reads them: `KEY=VALUE` lines, `export ` allowed, `#`
comments, single quotes literal, double quotes with `\\n` escapes; unquoted and
double-quoted values may use variables set earlier in the file or in the environment."""

from __future__ import annotations

from typing import Callable, Dict, List, Optional

from .interpolate import InvalidTemplate, MissingRequired, substitute


class DotEnvError(Exception):
    pass


def parse(text: str, outer: Callable[[str], Optional[str]], filename: str) -> Dict[str, str]:
    values: Dict[str, str] = {}

    def lookup(name: str) -> Optional[str]:
        return values[name] if name in values else outer(name)

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export "):].lstrip()
        key, eq, value = line.partition("=")
        key = key.strip()
        if not key or any(c.isspace() for c in key):
            raise DotEnvError(f"failed to read {filename}: line {number}: unexpected character "
                              f"{key[:1]!r} in variable name {raw.strip()!r}")
        if not eq:
            found = outer(key)  # a bare name takes its value from the environment
            if found is not None:
                values[key] = found
            continue
        value = value.strip()
        try:
            if value[:1] == "'" and value.rfind("'") > 0:
                values[key] = value[1:value.rfind("'")]
            elif value[:1] == '"' and value.rfind('"') > 0:
                body = value[1:value.rfind('"')].replace("\\n", "\n").replace('\\"', '"')
                values[key] = substitute(body, lookup, [])
            else:
                if " #" in value:
                    value = value[:value.index(" #")].rstrip()
                values[key] = substitute(value, lookup, [])
        except (InvalidTemplate, MissingRequired) as err:
            raise DotEnvError(f"failed to read {filename}: {err}") from None
    return values


def read(path: str, outer: Callable[[str], Optional[str]]) -> Dict[str, str]:
    with open(path, encoding="utf-8") as handle:
        return parse(handle.read(), outer, path)


__all__: List[str] = ["parse", "read", "DotEnvError"]
