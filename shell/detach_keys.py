"""--detach-keys: the key sequence that leaves an attached terminal (Docker's default
Ctrl-P Ctrl-Q), read as the daemon reads it (moby's term.ToBytes): comma-separated keys,
each one character, "DEL", or "ctrl-" with a letter or one of @ [ \\ ] ^ _.
The daemon checks them when it attaches (run, attach, start -a: "Invalid detach keys") and
when it creates an exec, attached or not ("Invalid escape keys")."""

from __future__ import annotations

from engine import EngineError

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Tuple

DEFAULT = "ctrl-p,ctrl-q"
CTRL_SYMBOLS = {"@": "c-@", "[": "escape", "\\": "c-\\", "]": "c-]", "^": "c-^", "_": "c-_"}


NAMED_BYTES = {"backspace": "\x7f", "escape": "\x1b", "c-@": "\x00", "c-\\": "\x1c",
               "c-]": "\x1d", "c-^": "\x1e", "c-_": "\x1f"}


def key_bytes(keys: Tuple[str, ...]) -> str:
    """The characters a terminal sends for ``keys`` (detach_keys' names): what a program
    with the real terminal in raw mode reads."""
    out = []
    for key in keys:
        if key in NAMED_BYTES:
            out.append(NAMED_BYTES[key])
        elif key.startswith("c-") and len(key) == 3:
            out.append(chr(ord(key[2]) & 0x1f))
        else:
            out.append(key)
    return "".join(out)


def detach_keys(text: str, kind: str = "detach") -> Tuple[str, ...]:
    """``text`` as prompt_toolkit key names; the daemon's error when a key is not one."""
    keys = []
    for key in (text or DEFAULT).split(","):
        if len(key) == 1:
            keys.append(key)
            continue
        if key == "DEL":
            keys.append("backspace")  # byte 127
            continue
        name = key[len("ctrl-"):] if key.startswith("ctrl-") else ""
        if len(name) == 1 and "a" <= name <= "z":
            keys.append(f"c-{name}")
        elif len(name) == 1 and name in CTRL_SYMBOLS:
            keys.append(CTRL_SYMBOLS[name])
        else:
            raise EngineError(f"Invalid {kind} keys ({text}) provided")
    return tuple(keys)
