"""Where each word of a command line stands in its command's grammar.

The completer and the highlighter both need to know, for every word, whether
it names the command, a flag, a flag's value or a positional argument (and
which one). They ask this module, which splits words as ``split_words`` does
(POSIX quotes and backslashes) and reads flags with ``parse_args``'s rules,
both taken from the one registry. Unlike the parser it never fails: a
half-typed line (an open quote, a flag still waiting for its value) is what
it sees most of the time.
"""

from __future__ import annotations

import re
from typing import List, Optional, Set

from engine.record import field, record

from ..spec import HELP_FLAG, REGISTRY, Arg, Command, Flag
from ..parser import group_commands

# What a word is.
COMMAND = "command"            # the command name
UNKNOWN = "unknown"            # not a command, or any word after one
FLAG = "flag"                  # a flag this command has (or a cluster of them: -it)
BAD_FLAG = "bad-flag"          # looks like a flag, but the command has no such flag
VALUE = "value"                # the value of the flag before it (--name web)
END_OF_FLAGS = "end-of-flags"  # "--"
ARG = "arg"                    # a positional argument


@record
class Word:
    value: str  # as the command gets it: quotes and backslashes removed
    start: int  # where its raw text begins and ends in the line
    end: int
    quoted: bool = False  # its raw text holds quotes or backslashes


@record
class Place:
    role: str
    command: Optional[Command] = None
    flag: Optional[Flag] = None  # FLAG: the (last) flag named; VALUE: the flag it belongs to
    arg: Optional[Arg] = None    # ARG: its spec (None past the last declared argument)
    index: int = 0               # ARG: its number among the positional arguments
    flags_allowed: bool = False  # whether a word here starting with "-" is read as flags


@record
class Reading:
    words: List[Word]
    places: List[Place]   # one per word
    next: Place           # what a new word after the last one would be
    used: Set[str] = field(default_factory=set)          # long names of the flags given
    positionals: List[str] = field(default_factory=list)  # the positional arguments so far


def is_comment(line: str) -> bool:
    """A whole-line ``#`` comment, as in .crs scripts."""
    return line.lstrip().startswith("#")


def split(line: str) -> List[Word]:
    """The words of ``line`` with their spans; an open quote runs to the end."""
    return Splitter().feed(line).words()


# Where the splitter stands after the text it has read.
_BETWEEN, _WORD, _SINGLE, _DOUBLE, _ESCAPE, _DOUBLE_ESCAPE = range(6)
_SPECIAL = re.compile(r"[\s\\'\"]")  # what ends a run of plain characters in a word
_DOUBLE_SPECIAL = re.compile(r'[\\"]')
_NON_SPACE = re.compile(r"\S")


class Splitter:
    """``split`` that can go on: ``feed`` the text typed after what it has read.

    The completer runs at every key typed; reading the whole line again each time
    made typing (or pasting key by key) a long line cost its length squared. Fed the
    new characters only, a line costs its length once. The words are POSIX shell
    words (quotes and backslashes as shlex reads them); runs of plain characters
    are taken a slice at a time.
    """

    def __init__(self):
        self.text = ""
        self._closed: List[Word] = []  # words a blank has ended
        self._state = _BETWEEN
        self._start = 0  # where the open word began
        self._chars: List[str] = []  # the open word's value so far, in pieces
        self._quoted = False

    def feed(self, more: str) -> "Splitter":
        line = self.text = self.text + more
        i, n = len(line) - len(more), len(line)
        chars = self._chars
        while i < n:
            state = self._state
            if state == _BETWEEN:
                found = _NON_SPACE.search(line, i)
                if found is None:
                    break
                i = self._start = found.start()
                self._chars, self._quoted, self._state = [], False, _WORD
                chars = self._chars
            elif state == _WORD:
                found = _SPECIAL.search(line, i)
                stop = found.start() if found else n
                chars.append(line[i:stop])
                i = stop
                if found is None:
                    break
                ch = line[i]
                i += 1
                if ch.isspace():
                    self._closed.append(Word("".join(chars), self._start, i - 1, self._quoted))
                    self._state = _BETWEEN
                    continue
                self._quoted = True
                self._state = {"\\": _ESCAPE, "'": _SINGLE, '"': _DOUBLE}[ch]
            elif state == _ESCAPE:  # a backslash takes the next character whatever it is
                chars.append(line[i])
                i += 1
                self._state = _WORD
            elif state == _SINGLE:
                close = line.find("'", i)
                chars.append(line[i:n if close < 0 else close])
                if close < 0:
                    break
                i, self._state = close + 1, _WORD
            elif state == _DOUBLE:
                found = _DOUBLE_SPECIAL.search(line, i)
                stop = found.start() if found else n
                chars.append(line[i:stop])
                if found is None:
                    break
                i = stop + 1
                self._state = _WORD if line[stop] == '"' else _DOUBLE_ESCAPE
            else:  # _DOUBLE_ESCAPE: in "...", a backslash only escapes " and \ (as in shlex)
                if line[i] not in '"\\':
                    chars.append("\\")
                chars.append(line[i])
                i += 1
                self._state = _DOUBLE
        return self

    def words(self) -> List[Word]:
        if self._state == _BETWEEN:
            return list(self._closed)
        return self._closed + [self.open_word()]

    def last_words(self, count: int) -> List[Word]:
        """The last ``count`` words at most (without copying the others)."""
        tail = self._closed[-count:] if count else []
        if self._state != _BETWEEN:
            tail = (tail + [self.open_word()])[-count:]
        return tail

    def open_word(self) -> Word:
        """The word the text ends in (a backslash ending a "..." counts as itself)."""
        value = "".join(self._chars) + ("\\" if self._state == _DOUBLE_ESCAPE else "")
        return Word(value, self._start, len(self.text), self._quoted)


def read(line: str) -> Reading:
    """Classify every word of ``line`` and say what the next word would be."""
    words = split(line)
    places: List[Place] = []
    command: Optional[Command] = None
    pending: Optional[Flag] = None  # a flag still waiting for its value
    flags_ok = True
    used: Set[str] = set()
    positionals: List[str] = []

    for number, word in enumerate(words):
        text = word.value
        if number == 0:
            command = REGISTRY.get(text)
            places.append(Place(COMMAND if command else UNKNOWN, command))
        elif number == 1 and command is not None and REGISTRY.get(f"{words[0].value} {text}"):
            command = REGISTRY.get(f"{words[0].value} {text}")  # `network rm`: its own words
            places.append(Place(COMMAND, command))
        elif command is None:
            places.append(Place(UNKNOWN))
        elif pending is not None:
            places.append(Place(VALUE, command, flag=pending))
            pending = None
        elif flags_ok and text == "--":
            places.append(Place(END_OF_FLAGS, command))
            flags_ok = False
        elif flags_ok and text.startswith("--"):
            name, has_value, _ = text[2:].partition("=")
            flag = command.flag(name) or (HELP_FLAG if name == "help" else None)
            places.append(Place(FLAG if flag else BAD_FLAG, command, flag=flag))
            if flag is not None:
                used.add(flag.long)
                if flag.takes_value and not has_value:
                    pending = flag
        elif flags_ok and text.startswith("-") and text != "-":
            flag, pending = _read_cluster(command, text[1:], used)
            places.append(Place(FLAG if flag else BAD_FLAG, command, flag=flag))
        else:
            index = len(positionals)
            places.append(Place(ARG, command, arg=command.arg_at(index), index=index,
                                flags_allowed=flags_ok))
            positionals.append(text)
            if not command.interspersed:
                flags_ok = False  # run IMAGE -it: "-it" belongs to the container's command

    if not words:
        following = Place(COMMAND)
    elif len(words) == 1 and command is not None and group_commands(command.name):
        following = Place(COMMAND, command)  # `network `: one of its subcommands
    elif command is None:
        following = Place(UNKNOWN)
    elif pending is not None:
        following = Place(VALUE, command, flag=pending)
    else:
        index = len(positionals)
        following = Place(ARG, command, arg=command.arg_at(index), index=index,
                          flags_allowed=flags_ok)
    return Reading(words, places, following, used, positionals)


def _read_cluster(command: Command, cluster: str, used: Set[str]):
    """Shorthand flags grouped in one word (-it, -p8080:80, -s KILL).

    Returns the last flag named (None if a letter is unknown) and the flag
    still waiting for its value in the next word, if any.
    """
    last = None
    for position, letter in enumerate(cluster):
        flag = command.short_flag(letter)
        if flag is None:
            return None, None
        used.add(flag.long)
        last = flag
        if flag.takes_value:
            rest = cluster[position + 1:]
            return flag, (flag if not rest else None)
        if cluster[position + 1:position + 2] == "=":  # -d=false
            break
    return last, None
