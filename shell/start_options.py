"""crsim-shell's own options (before FILE.crs, -c or COMMAND), read by hand.

argparse would cost more than a `crsim-shell version` may spend in all (it loads
gettext, locale and shutil to format a help nobody asked for), and its abbreviations
(`--ver` for `--version`) are not what a docker-like CLI accepts. The words are read
as pflag does: `--name value`, `--name=value`, `-c value`, `-cvalue`.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List, Tuple

DEFAULT_COMMAND_TIMEOUT = 60.0
DEFAULT_MEMORY = "8g"


class OptionsError(Exception):
    """A word crsim-shell cannot take: one line, exit status 2."""


def _seconds(text: str) -> float:
    """--command-timeout's value: seconds, 0 for no limit."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if value < 0 or value != value or value == float("inf"):
        raise ValueError(f"invalid number of seconds: '{text}'")
    return value


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"invalid int value: '{text}'") from None


# option -> (attribute, how its value is read; None: a switch), and the defaults
VALUED = {"-c": ("commands", str), "--command-timeout": ("command_timeout", _seconds),
          "--step": ("step", str), "--seed": ("seed", _integer), "--cpus": ("cpus", _integer),
          "--memory": ("memory", str), "--sandbox": ("sandbox", str), "--state": ("state", str)}
SWITCHES = {"--check": "check", "--keep-going": "keep_going", "--trace": "trace",
            "--version": "version", "--help": "help"}
DEFAULTS = dict(commands=None, command_timeout=DEFAULT_COMMAND_TIMEOUT, step="", seed=0, cpus=4,
                memory=DEFAULT_MEMORY, sandbox="", state="",
                **dict.fromkeys(SWITCHES.values(), False))


class Options:
    """The options read, as attributes (``DEFAULTS`` for those not given)."""

    def __init__(self):
        self.__dict__.update(DEFAULTS)


def read_options(argv: List[str]) -> Tuple[Options, List[str]]:
    """The options, and the words from the first that is no option on (a file or a
    command line)."""
    options = Options()
    index = 0
    while index < len(argv):
        word = argv[index]
        if not word.startswith("-") or word == "-":
            break
        index += 1
        if word == "--":
            break
        name, has_value, value = word.partition("=")
        if name in SWITCHES and not has_value:
            setattr(options, SWITCHES[name], True)
            continue
        if name not in VALUED and word[:2] == "-c":  # -cCOMMANDS
            name, has_value, value = "-c", True, word[2:]
        if name not in VALUED:
            raise OptionsError(f"unknown option: {word}")
        if not has_value:
            if index == len(argv):
                raise OptionsError(f"option {name} needs a value")
            value = argv[index]
            index += 1
        attribute, read = VALUED[name]
        try:
            setattr(options, attribute, read(value))
        except ValueError as err:
            raise OptionsError(f"option {name}: {err}") from None
    return options, argv[index:]
