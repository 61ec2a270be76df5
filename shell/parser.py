"""Turning a command line into a command, its flag values and its arguments.

Words are split like a POSIX shell (shlex: quotes and backslashes), then the
flags are read with pflag's rules, which Docker's CLI uses: ``--name web``,
``--name=web``, ``-d``, grouped shorthands ``-it``, a value glued to a
shorthand (``-p8080:80``), repeatable list flags, ``--`` to end the flags,
and for commands like ``run`` the first argument ending the flags. Error texts
are pflag's and cobra's, worded as the docker CLI prints them.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from typing import Any, Dict, List

from .spec import HELP_FLAG, REGISTRY, Command, Flag

PROGRAM = "crsim-shell"
TRUE_WORDS = {"1", "t", "T", "true", "TRUE", "True"}
FALSE_WORDS = {"0", "f", "F", "false", "FALSE", "False"}


class UsageError(Exception):
    """A line that cannot be run as written; ``status`` is the docker CLI's exit code."""

    def __init__(self, message: str, status: int = 125):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass
class Parsed:
    command: Command
    options: Dict[str, Any]
    args: List[str]
    help: bool = False
    explicit: set = field(default_factory=set)  # flags the user actually gave


def strip_comment(line: str) -> str:
    """Drop a trailing comment: a "#" that starts a word, outside quotes (as in sh)."""
    quote = ""
    escaped = False
    for index, char in enumerate(line):
        if escaped:
            escaped = False
        elif char == "\\" and quote != "'":
            escaped = True
        elif quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1].isspace()):
            return line[:index]
    return line


def split_words(line: str) -> List[str]:
    try:
        return shlex.split(strip_comment(line), comments=False, posix=True)
    except ValueError as err:
        # shlex says "No closing quotation" / "No escaped character".
        raise UsageError(f"syntax error: {str(err).lower()}", 2) from None


def see_help(command: Command) -> str:
    return f"See '{PROGRAM} {command.name} --help'."


def _flag_error(command: Command, message: str) -> UsageError:
    return UsageError(f"{message}\n{see_help(command)}", 125)


def _convert(command: Command, flag: Flag, raw: str) -> Any:
    if flag.kind in ("string", "list"):
        return raw
    if flag.kind == "int":
        try:
            return int(raw, 0) if raw.lower().startswith(("0x", "0o", "0b")) else int(raw)
        except ValueError:
            raise _flag_error(command, f'invalid argument "{raw}" for "{flag.name_for_errors}" '
                                       f'flag: strconv.ParseInt: parsing "{raw}": invalid syntax')
    if flag.kind == "float":
        try:
            return float(raw)
        except ValueError:
            raise _flag_error(command, f'invalid argument "{raw}" for "{flag.name_for_errors}" '
                                       f'flag: strconv.ParseFloat: parsing "{raw}": invalid syntax')
    if flag.kind == "bool":
        if raw in TRUE_WORDS:
            return True
        if raw in FALSE_WORDS:
            return False
        raise _flag_error(command, f'invalid argument "{raw}" for "{flag.name_for_errors}" '
                                   f'flag: strconv.ParseBool: parsing "{raw}": invalid syntax')
    raise ValueError(flag.kind)


def defaults(command: Command) -> Dict[str, Any]:
    values: Dict[str, Any] = {}
    for flag in command.flags:
        if flag.kind == "list":
            values[flag.long] = list(flag.default or [])
        elif flag.kind == "bool":
            values[flag.long] = bool(flag.default)
        else:
            values[flag.long] = flag.default
    return values


def parse_args(command: Command, words: List[str]) -> Parsed:
    """Read flags and positional arguments for ``command`` from ``words``."""
    options = defaults(command)
    explicit = set()
    args: List[str] = []
    wants_help = False

    def store(flag: Flag, raw: str) -> None:
        value = _convert(command, flag, raw)
        if flag.kind == "list":
            options[flag.long].append(value)
        else:
            options[flag.long] = value
        explicit.add(flag.long)

    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if word == "--":
            args.extend(words[i:])
            break
        if word.startswith("--"):
            name, has_value, value = word[2:].partition("=")
            flag = command.flag(name)
            if flag is None and name == "help":
                wants_help = True
                continue
            if flag is None:
                raise _flag_error(command, f"unknown flag: --{name}")
            if flag.takes_value and not has_value:
                if i >= len(words):
                    raise _flag_error(command, f"flag needs an argument: --{name}")
                value, i = words[i], i + 1
            store(flag, value if (has_value or flag.takes_value) else "true")
            continue
        if word.startswith("-") and word != "-":
            cluster = word[1:]
            j = 0
            while j < len(cluster):
                letter = cluster[j]
                j += 1
                flag = command.short_flag(letter)
                if flag is None:
                    raise _flag_error(command, f"unknown shorthand flag: '{letter}' in -{cluster}")
                if not flag.takes_value:
                    if cluster[j:j + 1] == "=":
                        store(flag, cluster[j + 1:])
                        break
                    store(flag, "true")
                    continue
                rest = cluster[j:]
                if rest.startswith("="):
                    rest = rest[1:]
                if rest:
                    store(flag, rest)
                elif i < len(words):
                    store(flag, words[i])
                    i += 1
                else:
                    raise _flag_error(command, f"flag needs an argument: '{letter}' in -{cluster}")
                break
            continue
        args.append(word)
        if not command.interspersed:
            args.extend(words[i:])
            break
    if wants_help:
        return Parsed(command, options, args, help=True, explicit=explicit)
    check_arg_count(command, args)
    return Parsed(command, options, args, explicit=explicit)


def _plural(count: int) -> str:
    return "argument" if count == 1 else "arguments"


def check_arg_count(command: Command, args: List[str]) -> None:
    """cobra's argument checks, in the docker CLI's words (exit status 1)."""
    path = f"{PROGRAM} {command.name}"
    tail = (f"\nSee '{path} --help'.\n\nUsage:  {path} {command.usage}\n\n{command.summary}")
    n = len(args)
    if command.exact_args and n != command.min_args:
        raise UsageError(f'"{path}" requires exactly {command.min_args} '
                         f"{_plural(command.min_args)}.{tail}", 1)
    if n < command.min_args:
        raise UsageError(f'"{path}" requires at least {command.min_args} '
                         f"{_plural(command.min_args)}.{tail}", 1)
    if command.max_args is not None and n > command.max_args:
        if command.max_args == 0:
            raise UsageError(f'"{path}" accepts no arguments.{tail}', 1)
        raise UsageError(f'"{path}" requires at most {command.max_args} '
                         f"{_plural(command.max_args)}.{tail}", 1)


def parse_line(line: str) -> Parsed:
    """Split and parse a whole line; the first word names the command."""
    words = split_words(line)
    if not words:
        raise UsageError("", 0)
    if len(words) > 1 and REGISTRY.get(f"{words[0]} {words[1]}"):
        # Docker's management-command spelling: `container ls`, `image pull`.
        return parse_args(REGISTRY.get(f"{words[0]} {words[1]}"), words[2:])
    command = REGISTRY.get(words[0])
    if command is None:
        raise UsageError(f"{PROGRAM}: '{words[0]}' is not a {PROGRAM} command.\n"
                         f"See '{PROGRAM} --help'", 1)
    return parse_args(command, words[1:])


def help_text(command: Command) -> str:
    """`CMD --help` in the docker CLI's layout (pflag's aligned option list)."""
    lines = [f"Usage:  {PROGRAM} {command.name} {command.usage}".rstrip(), "",
             command.summary]
    if command.description:
        lines += ["", command.description]
    if command.aliases:
        lines += ["", "Aliases:", "  " + ", ".join(f"{PROGRAM} {a}" for a in
                                                   (*command.aliases, command.name))]
    flags = [f for f in command.flags if not f.hidden]
    if flags:
        lines += ["", "Options:"]
        rows = []
        for flag in flags:
            left = f"  -{flag.short}, --{flag.long}" if flag.short else f"      --{flag.long}"
            if flag.shown_type:
                left += " " + flag.shown_type
            text = flag.help
            if flag.kind in ("string", "int", "float") and flag.default not in (None, "", 0):
                shown = f'"{flag.default}"' if flag.kind == "string" else str(flag.default)
                text += f" (default {shown})"
            elif flag.kind == "bool" and flag.default is True:
                text += " (default true)"  # as pflag shows a bool flag that is on by default
            rows.append((left, text))
        width = max(len(left) for left, _ in rows)
        lines += [f"{left.ljust(width)}   {text}".rstrip() for left, text in rows]
    return "\n".join(lines) + "\n"


__all__ = ["UsageError", "Parsed", "parse_line", "parse_args", "split_words", "help_text",
           "HELP_FLAG", "PROGRAM"]
