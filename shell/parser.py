"""Turning a command line into a command, its flag values and its arguments.

Words are split like a POSIX shell (shlex: quotes and backslashes), then the
flags are read with pflag's rules, which Docker's CLI uses: ``--name web``,
``--name=web``, ``-d``, grouped shorthands ``-it``, a value glued to a
shorthand (``-p8080:80``), repeatable list flags, ``--`` to end the flags,
and for commands like ``run`` the first argument ending the flags. Error texts
are pflag's and cobra's, worded as the docker CLI prints them.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Any, Dict, List, Optional

from engine.record import field, record, replace

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


@record  # (no slots: made once a command, and a slotted record's class is made twice)
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
    import shlex  # (not at start: a start splits its line without it, shell/line.py)
    try:
        return shlex.split(strip_comment(line), comments=False, posix=True)
    except ValueError as err:
        # shlex says "No closing quotation" / "No escaped character".
        raise UsageError(f"syntax error: {str(err).lower()}", 2) from None


_C_ESCAPES = {"\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v",
              "\f": "\\f", "\r": "\\r", "\x1b": "\\E", "'": "\\'", "\\": "\\\\"}


def shown_word(word: str) -> str:
    """A word as bash shows one it cannot print (`$'m.\\276\\304'`): control characters and
    bytes that are not UTF-8 (read as surrogates) as C escapes; other words as they are."""
    if word.isprintable():
        return word
    out = []
    for char in word:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8
            out.append(f"\\{code - 0xDC00:03o}")
        elif char in _C_ESCAPES:
            out.append(_C_ESCAPES[char])
        elif not char.isprintable():
            out.append(f"\\{code:03o}" if code < 0x100 else char)
        else:
            out.append(char)
    return "$'" + "".join(out) + "'"


def see_help(command: Command) -> str:
    return f"See '{PROGRAM} {command.path} --help'."


def usage_line(command: Command) -> str:
    """The "Usage:" line of an error, as the docker CLI prints it (a usage with two forms,
    like cp's, has its second on the next line)."""
    return f"Usage:  {PROGRAM} {command.path} {command.usage}".rstrip()


def usage_error(command: Command, reason: str, status: int = 1, footer: str = "Run",
                prefix: bool = True) -> UsageError:
    """The docker CLI's shape for a misused command: the reason, the usage, where to
    read more. Argument-count errors carry "docker: " before the reason; flag errors
    don't (pflag's own message)."""
    path = f"{PROGRAM} {command.path}"
    head = f"{PROGRAM}: {reason}" if prefix else reason
    return UsageError(f"{head}\n\n{usage_line(command)}\n\n{footer} '{path} --help' for more "
                      f"information", status)


def daemon_error(err) -> str:
    """An engine error as the docker client shows it: the daemon's answer, or the
    client's own words when the client found the problem itself."""
    return str(err) if getattr(err, "from_client", False) else f"Error response from daemon: {err}"


def unknown_subcommand(group: str, word: str) -> UsageError:
    """`network foo`: cobra's unknown command of a management command."""
    usage = f"{group} COMMAND" if group == "volume" else group  # as each command's Use string reads
    return UsageError(f"{PROGRAM}: unknown command: {PROGRAM} {group} {word}\n\n"
                      f"Usage:  {PROGRAM} {usage}\n\n"
                      f"Run '{PROGRAM} {group} --help' for more information", 1)


def group_commands(group: str) -> List[tuple]:
    """(subcommand, summary) of a management command (`network`, `container` ...): every
    command registered as `GROUP SUB`, or with such an alias (`ps` is `container ls`)."""
    found = {}
    for name in REGISTRY.all_names():
        words = name.split()
        if len(words) == 2 and words[0] == group:
            command = REGISTRY.get(name)
            sub = words[1]
            if command.name not in found or len(sub) < len(found[command.name][0]):
                found[command.name] = (sub, command.summary)  # `image ls`, not also `image list`
    return sorted(found.values())


def group_help(command: Command) -> str:
    """What a management command prints bare, or with --help: its subcommands."""
    rows = group_commands(command.name)
    width = max([len(sub) for sub, _ in rows] + [10])
    return (f"Usage:  {PROGRAM} {command.name} COMMAND\n\n{command.summary}\n\nCommands:\n"
            + "".join(f"  {sub.ljust(width)}  {summary}\n" for sub, summary in rows)
            + f"\nRun '{PROGRAM} {command.name} COMMAND --help' for more information on a command.\n")


def _flag_error(command: Command, message: str) -> UsageError:
    if command.name.startswith("compose "):
        # a CLI plugin: Compose's flag error function gives only the message, status 1
        # (the plugin's cobra command is silent about usage)
        return UsageError(message, 1)
    return usage_error(command, message, 125, prefix=False)


def _convert(command: Command, flag: Flag, raw: str) -> Any:
    if flag.type_name == "filter":  # the CLI's FilterOpt: name=value, the name lowercased
        if raw and "=" not in raw:
            raise _flag_error(command, f'invalid argument "{raw}" for "{flag.name_for_errors}" '
                                       f'flag: bad format of filter (expected name=value)')
        name, _, value = raw.partition("=")
        return f"{name.strip().lower()}={value.strip()}" if raw else None
    if flag.kind in ("string", "list"):
        return raw
    if flag.kind == "int":
        # pflag's uint options (uint16, uint) parse with ParseUint and their own bit size
        bits = {"uint16": 16, "uint": 64}.get(flag.type_name)
        parser = "ParseUint" if bits else "ParseInt"
        low, high = (0, 1 << bits) if bits else (-(1 << 63), 1 << 63)
        try:
            value = int(raw, 0) if raw.lower().startswith(("0x", "0o", "0b")) else int(raw)
            if bits and raw.startswith(("-", "+")):
                raise ValueError(raw)
        except ValueError:
            raise _flag_error(command, f'invalid argument "{raw}" for "{flag.name_for_errors}" '
                                       f'flag: strconv.{parser}: parsing "{raw}": invalid syntax')
        if not low <= value < high:  # Go's int64, or the unsigned size
            raise _flag_error(command, f'invalid argument "{raw}" for "{flag.name_for_errors}" '
                                       f'flag: strconv.{parser}: parsing "{raw}": value out of '
                                       f'range')
        return value
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
            if value is not None:  # (an empty --filter "" adds nothing)
                options[flag.long].append(value)
        else:
            options[flag.long] = value
        explicit.add(flag.long)
        if flag.into and value is True:
            options[flag.into] = flag.into_value
            explicit.add(flag.into)

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
            if name == "help" and (flag is None or flag.long == "help"):  # run's is listed
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
    refuse_unsimulated(command, explicit)
    return Parsed(command, options, args, explicit=explicit)


def refuse_unsimulated(command: Command, given: set) -> None:
    """An option Docker has that crsim lists (so help reads as Docker's) but does not
    simulate: refused by name, as the client refuses a bad flag, rather than ignored."""
    for flag in command.flags:
        if not flag.simulated and flag.long in given:
            raise UsageError(f"{PROGRAM}: crsim does not simulate --{flag.long}\n\n"
                             f"Run '{PROGRAM} {command.path} --help' for more information", 125)


def _plural(count: int) -> str:
    return "argument" if count == 1 else "arguments"


def check_arg_count(command: Command, args: List[str]) -> None:
    """cobra's argument checks, in the docker CLI's (28) words, exit status 1. Its
    "requires at least N" says "See ..." where the others say "Run ..."; its "requires
    at most N" says "SRun ..." (a stray letter docker 28.2.2 really prints)."""
    path = f"'{PROGRAM} {command.path}'"
    n, low, high = len(args), command.min_args, command.max_args
    if command.exact_args or (high is not None and low == high and low > 0):
        if n != low:
            raise usage_error(command, f"{path} requires {low} {_plural(low)}")
    elif high == 0:
        if n:
            raise usage_error(command, f"{path} accepts no arguments")
    elif high is not None and low > 0:
        if not low <= n <= high:
            raise usage_error(command, f"{path} requires at least {low} and at most {high} "
                                       f"{_plural(high)}")
    elif n < low:
        raise usage_error(command, f"{path} requires at least {low} {_plural(low)}",
                          footer="See")
    elif high is not None and n > high:
        raise usage_error(command, f"{path} requires at most {high} {_plural(high)}",
                          footer="SRun")


def parse_line(line: str) -> Parsed:
    """Split and parse a whole line; the first word names the command."""
    return parse_words(split_words(line))


def parse_words(words: List[str]) -> Parsed:
    """Parse a command's words; the first names the command."""
    if not words:
        raise UsageError("", 0)
    words = _subcommand_first(words)
    if len(words) > 1 and REGISTRY.get(f"{words[0]} {words[1]}"):
        # Docker's management-command spelling: `container ls`, `image pull`.
        return parse_args(_as_typed(f"{words[0]} {words[1]}"), words[2:])
    command = _as_typed(words[0])
    if command is None:
        raise UsageError(f"{PROGRAM}: unknown command: {PROGRAM} {shown_word(words[0])}\n\n"
                         f"Run '{PROGRAM} --help' for more information", 1)
    return parse_args(command, words[1:])


def _subcommand_first(words: List[str]) -> List[str]:
    """`compose -f a.yml -p x up -d`: a group's persistent flags (the hidden ones its
    subcommands all declare) given before the subcommand move after it."""
    if len(words) < 3 or not words[1].startswith("-") or REGISTRY.get(words[0]) is None:
        return words
    persistent = {}
    for name in REGISTRY.all_names():
        if name.startswith(words[0] + " "):
            persistent = {f: f for f in REGISTRY.get(name).flags if f.hidden}
            break
    i, moved = 1, []
    while i < len(words) and words[i].startswith("-") and words[i] != "--":
        word = words[i]
        long = word.startswith("--")
        name = word[2:].partition("=")[0] if long else word[1:2]
        flag = next((f for f in persistent if name in (f.long, f.short)), None)
        if flag is None:
            return words  # not a persistent flag: the usual error names it
        if not flag.takes_value:
            value, i = None, i + 1
        elif long and "=" in word:
            value, i = word.partition("=")[2], i + 1
        elif not long and len(word) > 2:
            value, i = word[2:].lstrip("="), i + 1
        elif i + 1 < len(words):
            value, i = words[i + 1], i + 2
        else:
            return words
        # moved in the long spelling: after the subcommand, `-f` may be its own flag (rm -f)
        moved.append(f"--{flag.long}" if value is None else f"--{flag.long}={value}")
    if i >= len(words):
        return words
    if REGISTRY.get(f"{words[0]} {words[i]}") is None:
        return [words[0]] + words[i:]  # the group's own "unknown command" then names the word
    return [words[0], words[i]] + moved + words[i + 1:]


def _as_typed(name: str) -> Optional[Command]:
    """The command ``name`` calls, knowing how it was called (for its usage texts): in
    Docker `ps` and `container ls` are two commands, each naming itself, while `container
    list` is an alias that cobra names `container ls` (the first name in that group)."""
    command = REGISTRY.get(name)
    if command is None or command.name == name:
        return command
    group = name.partition(" ")[0] + " " if " " in name else ""
    typed = next(n for n in (command.name, *command.aliases)
                 if (" " in n) == (" " in name) and n.startswith(group))
    return replace(command, typed_as=typed)


def help_text(command: Command) -> str:
    """`CMD --help` in the docker CLI's layout (pflag's aligned option list)."""
    if command.usage == "COMMAND" and group_commands(command.name):
        return group_help(command)
    long = command.description.startswith(command.summary)  # cobra's Long, shown instead of Short
    lines = [f"Usage:  {PROGRAM} {command.path} {command.usage}".rstrip(), "",
             command.description if long else command.summary]
    if command.description and not long:
        lines += ["", command.description]
    if command.aliases:
        # cobra lists the command's own path first: `network ls, network list`; a top-level
        # shortcut (`ps`) is itself the alias of its management form (`container ls`)
        names = (command.name, *command.aliases) if " " in command.name else (*command.aliases, command.name)
        lines += ["", "Aliases:", "  " + ", ".join(f"{PROGRAM} {a}" for a in names)]
    flags = sorted((f for f in command.flags if not f.hidden), key=lambda f: f.long)  # pflag sorts them
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
            elif flag.kind == "list" and flag.shown_type in LIST_TYPES_SHOWING_EMPTY:
                text += f" (default {LIST_TYPES_SHOWING_EMPTY[flag.shown_type]})"
            elif flag.shows_default:
                text += f" (default {flag.shows_default})"
            rows.append((left, text))
        width = max(len(left) for left, _ in rows)
        lines += [f"{left.ljust(width)}   {wrap_usage(text, width + 3)}".rstrip() for left, text in rows]
    return "\n".join(lines) + "\n"


# option types whose empty value pflag prints as "[]" (the CLI's ulimit, weight and throttle lists)
LIST_TYPES_SHOWING_EMPTY = {"ulimit": "[]", "map": "map[]"}
HELP_COLUMNS = 79  # the CLI wraps option texts to its terminal's width less one, 80 without one


def wrap_usage(text: str, indent: int, columns: int = HELP_COLUMNS) -> str:
    """An option's text wrapped as pflag does: lines up to the width less a slop of 5 letters,
    unless the rest fits within the slop; continuation lines start under the text."""
    room = columns - indent
    if room < 24:
        return text
    room -= 5
    lines = []
    while text:
        if room + 5 > len(text):
            lines.append(text)
            break
        cut = max(text.rfind(" ", 0, room), text.rfind("\n", 0, room))
        newline = text.rfind("\n", 0, room)
        if 0 < newline < cut:
            cut = newline  # a line break of the text's own comes first
        if cut <= 0:
            lines.append(text)
            break
        lines.append(text[:cut])
        text = text[cut + 1:]
    return ("\n" + " " * indent).join(lines).replace("\n" + " " * indent, "\0").replace(
        "\n", "\n" + " " * indent).replace("\0", "\n" + " " * indent)


__all__ = ["UsageError", "Parsed", "parse_line", "parse_args", "split_words", "help_text",
           "HELP_FLAG", "PROGRAM"]
