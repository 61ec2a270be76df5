"""YAML as `docker compose config` writes it (go-yaml v3, indent 2): sequences indented
under their key, strings quoted only when they would read back as something else
("8080", "true", "") or cannot be plain (single quotes), multi-line text as a block."""

from __future__ import annotations

import json
import re
from typing import List

# strings a YAML reader would take for a number, a boolean or null: double-quoted
_NUMBER = re.compile(r"^[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?$|^0x[0-9a-fA-F]+$|^0o[0-7]+$"
                     r"|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$"
                     # go-yaml also quotes YAML 1.1's base-60 numbers and what reads as a timestamp
                     r"|^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$"
                     r"|^\d{4}-\d\d?-\d\d?(?:[Tt ]\d\d?:\d\d?:\d\d?(?:\.\d+)?(?:Z|[-+]\d\d:\d\d)?)?$"
                     r"|^0b[01_]+$")
_WORDS = {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"}
_LEADING = set("-?:,[]{}#&*!|>'\"%@`")


def scalar(value) -> str:
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if text == "" or text.lower() in _WORDS or _NUMBER.match(text):
        return json.dumps(text, ensure_ascii=False)
    if not _plain_ok(text):
        if any(ord(c) < 32 for c in text):
            return json.dumps(text, ensure_ascii=False)
        return "'" + text.replace("'", "''") + "'"
    return text


def _plain_ok(text: str) -> bool:
    if text[0] in _LEADING and not (text[0] in "-?:" and len(text) > 1 and text[1] != " "):
        return False
    if text[0] == " " or text[-1] in " :" or ": " in text or " #" in text or "\t" in text:
        return False
    return not any(ord(c) < 32 for c in text)


def dump(document) -> str:
    lines: List[str] = []
    _node(document, 0, lines)
    return "\n".join(lines) + "\n"


def _block(text: str, indent: int) -> List[str]:
    chomp = "" if text.endswith("\n") else "-"
    body = text[:-1] if text.endswith("\n") else text
    return ["|" + chomp] + [(" " * indent + line) if line else "" for line in body.split("\n")]


def _node(node, indent: int, lines: List[str]) -> None:
    pad = " " * indent
    if isinstance(node, dict):
        for key, value in node.items():
            head = f"{pad}{scalar(key)}:"
            if isinstance(value, (dict, list)) and value:
                lines.append(head)
                _node(value, indent + 2, lines)
            elif isinstance(value, str) and "\n" in value:
                block = _block(value, indent + 2)
                lines.append(f"{head} {block[0]}")
                lines.extend(block[1:])
            else:
                lines.append(f"{head} {_empty_or_scalar(value)}")
        return
    for item in node:  # a sequence
        if isinstance(item, (dict, list)) and item:
            inner: List[str] = []
            _node(item, indent + 2, inner)
            lines.append(f"{pad}- {inner[0][indent + 2:]}")
            lines.extend(inner[1:])
        else:
            lines.append(f"{pad}- {_empty_or_scalar(item)}")


def _empty_or_scalar(value) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return scalar(value)
