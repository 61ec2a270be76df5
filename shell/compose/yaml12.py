"""Reading a compose file's plain scalars as compose-go's YAML library (go-yaml v3) does,
with PyYAML doing the parsing.

PyYAML follows YAML 1.1, where `no`, `off` and `yes` are booleans, `1:30` is a number in
base 60 and `2024-01-01` a date. go-yaml v3 keeps those as strings: only true/false (three
spellings each) are booleans; a number is what Go's strconv.ParseInt reads in base 0
(so `0400` is still octal) once underscores are dropped, else a float of YAML's form; a
timestamp decoded into an untyped value stays a string. So `restart: no` is the string
Compose expects, not a boolean the schema refuses.
"""

from __future__ import annotations

import math
import re

import yaml

NUMBER_TAG = "tag:crsim,2026:go-yaml-number"
BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
# what might be a number: go-yaml tries every plain scalar starting with a digit, a sign or
# a dot; the constructor below decides (and leaves what is none a string)
NUMBER = re.compile(r"^[-+.0-9][-+._0-9a-zA-Z]*$")
GO_INT = re.compile(r"^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$")
YAML_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
SPECIAL_FLOATS = {".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan}
SPECIAL_FLOATS.update({sign + word: (-math.inf if sign == "-" else math.inf)
                       for sign in ("", "+", "-") for word in (".inf", ".Inf", ".INF")})


class Loader(yaml.SafeLoader):
    """SafeLoader with go-yaml v3's implicit types in place of YAML 1.1's."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
                           "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Loader.add_implicit_resolver("tag:yaml.org,2002:bool", BOOL, list("tTfF"))
Loader.add_implicit_resolver(NUMBER_TAG, NUMBER, list("-+.0123456789"))


def _number(loader, node):
    text = loader.construct_scalar(node)
    if text in SPECIAL_FLOATS:
        return SPECIAL_FLOATS[text]
    plain = text.replace("_", "")
    if GO_INT.match(plain):
        sign = -1 if plain.startswith("-") else 1
        digits = plain.lstrip("+-")
        if len(digits) > 1 and digits[0] == "0" and digits[1] in "0123456789":
            digits = "0o" + digits[1:]  # Go's base 0: a leading 0 is octal
        value = sign * int(digits, 0)
        if -2 ** 63 <= value < 2 ** 64:
            return value
    if YAML_FLOAT.match(plain):
        return float(plain)
    return text


Loader.add_constructor(NUMBER_TAG, _number)


def load(stream):
    return yaml.load(stream, Loader=Loader)  # noqa: S506 - a SafeLoader
