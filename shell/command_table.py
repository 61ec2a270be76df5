"""The command table without the commands' code: what makes `help`, `CMD --help`,
a usage error and completion answer without importing any handler or the engine.

Each command is declared once, by ``@command(...)`` above its handler in its module
(shell/spec.py). Importing every such module costs what the handlers import (the
engine, renderers ...), so the table is kept, once built, as a cache: each declaration
as plain values (``marshal``: built into the interpreter, nothing to import), its
handler as the module that declares it. The registry reads the cache's index (every
name and alias, each command's aliases, summary and group) whole; a command stays as
the cache keeps it until it is first looked up, and is then made a ``Command`` (its
values unpacked) whose handler is a ``LazyHandler`` (its module and the command's name),
which imports the module when the command first runs. `help` lists the commands
without making them; `run --help` makes one. (Making all of them cost a start 0.4 ms.)

The cache sits in the user's cache directory (or $CRSIM_CACHE_DIR), under a key made of
crsim's version, the Python version, the checkout and the list of command modules, with
the size and modification time of every crsim source file loaded when it was built (the
command modules and all they import): a file edited or removed builds a new table. An
installed copy (`pip install`) is checked by its installation's RECORD alone: an install
writes every file of the copy and then that record, and one stat costs a start less than
the hundred-odd of a checkout (0.3 ms). A missing, stale or unreadable cache is rebuilt by
importing the modules (what every start cost before); if it cannot be written, the table
still works, only without the saving.

A command module is listed in ``MODULES`` (shell/commands/__init__.py); importing it
must declare its commands (``@command`` at module level, or in a function it calls
at import time): the cached handler names only the module and the command.
"""

from __future__ import annotations

import marshal
import os
import sys

from engine.cache_dir import stamps, unchanged
from engine.record import fields, from_values

from .spec import Arg, Command, Flag, FormatFields

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List, Optional, Tuple

FORMAT = 6  # bump when what is kept changes shape
# A command is kept as the tuple of its fields' values, in order (its flags and arguments
# as tuples of theirs), marshalled on its own: where each field stands
_AT = {made.name: index for index, made in enumerate(fields(Command))}


class LazyHandler:
    """The handler of the command ``name``, declared in ``module``: the first call imports
    the module, whose ``@command`` puts the real declaration in the table (in place of
    the cached one), and calls its handler."""

    __slots__ = ("module", "name", "_function")

    def __init__(self, module: str, name: str):
        self.module, self.name, self._function = module, name, None

    def resolve(self):
        if self._function is None:
            from .spec import REGISTRY
            __import__(self.module)
            declared = REGISTRY.get(self.name).handler
            if declared is self:  # the module declares it no more: a stale cache
                raise LookupError(f"{self.module} does not declare the command {self.name!r}")
            self._function = declared
        return self._function

    def __call__(self, *args, **kwargs):
        return self.resolve()(*args, **kwargs)


class Table:
    """The commands as ``load`` read them, for the registry: ``commands`` by name (a
    Command, or what the cache keeps of one: its aliases, summary and group, and where
    its values are), every name and alias in ``names``, and ``make`` to make a kept one
    a Command (with ``handler``, when its module has run, else a LazyHandler)."""

    def __init__(self, commands: dict, names: dict, data: bytes = b"", base: int = 0):
        self.commands, self.names = commands, names
        self._data, self._base = data, base  # the file, and where the values start in it

    def make(self, name: str, kept: tuple, handler=None) -> Command:
        _, _, _, start, end = kept
        values = list(marshal.loads(self._data[self._base + start:self._base + end]))
        values[_AT["handler"]] = handler or LazyHandler(values[_AT["handler"]], name)
        values[_AT["flags"]] = tuple(_unkept(Flag, flag) for flag in values[_AT["flags"]])
        values[_AT["args"]] = tuple(_unkept(Arg, arg) for arg in values[_AT["args"]])
        return from_values(Command, values)


class Declaration:
    """A kept command as `help` lists it (name, aliases, summary, group), unmade."""

    __slots__ = ("name", "aliases", "summary", "group")

    def __init__(self, name: str, kept: tuple):
        self.name = name
        self.aliases, self.summary, self.group = kept[:3]


def _kept(record) -> tuple:
    """A flag's or an argument's values as marshal keeps them (a FormatFields, which only
    ``completes`` holds, as a list)."""
    values = (getattr(record, made.name) for made in fields(record))
    return tuple(list(value) if isinstance(value, FormatFields) else value for value in values)


def _unkept(cls, values: tuple):
    """The Flag or Arg ``_kept`` kept."""
    made = from_values(cls, values)
    if type(made.completes) is list:
        made.completes = FormatFields(made.completes)
    return made


def modules() -> List[str]:
    from .commands import MODULES
    return list(MODULES)


# The cache file: the size of the index (8 bytes, little-endian), the index marshalled
# (key, sources, names, and each command's aliases, summary, group and where its values
# are, counted from the index's end), then each command's values marshalled on its own,
# unpacked when it is first made.
HEAD = 8


def load() -> Table:
    """Every command's declaration: from the cache if it is current, else by importing."""
    names = modules()
    path, key = _cache_path(names)
    if path is not None:
        try:
            with open(path, "rb") as handle:
                data = handle.read()
            (kept, sources, known, commands), base = read_index(data)
            if kept == key and unchanged(sources):
                return Table(commands, known, data, base)
        except Exception:  # missing, half-written by a crash, another format: rebuild
            pass
    table = _declared(names)
    if path is not None:
        _write(path, key, table)
    return Table({command.name: command for command in table},
                 {alias: command.name for command in table for alias in (command.name, *command.aliases)})


def read_index(data: bytes):
    """A cache file's index (key, sources, names, commands), and where its values start."""
    base = HEAD + int.from_bytes(data[:HEAD], "little")
    return marshal.loads(data[HEAD:base]), base


def with_index(index: tuple, values: bytes) -> bytes:
    """A cache file of its index and its commands' values (all of them, one after another)."""
    head = marshal.dumps(index)
    return len(head).to_bytes(HEAD, "little") + head + values


def _declared(names: List[str]) -> List[Command]:
    """Import every command module: their decorators register in the table being
    loaded (a module imported earlier registered then)."""
    from .spec import REGISTRY
    for name in names:
        __import__(name)
    return list(REGISTRY._commands.values())


def _sources() -> List[Tuple[str, int, int]]:
    """What a table built now is checked against when read (path, size, time): every crsim
    source file loaded now, since a declaration may read a constant of any of them (a
    flag's help, a list of values it completes); or an installed copy's RECORD."""
    roots = tuple(os.path.dirname(sys.modules[name].__file__) + os.sep for name in ("shell", "engine"))
    record = _installation_record(roots)
    if record is not None:
        return stamps([record])
    return stamps(sorted(path for path in (getattr(module, "__file__", None)
                                           for module in list(sys.modules.values()))
                         if path and path.startswith(roots)))


def _installation_record(roots: Tuple[str, ...]) -> Optional[str]:
    """The RECORD of the installation that holds both packages (``roots``: their
    directories), as pip and other installers write it beside them in
    ``crsim-VERSION.dist-info``; None for a checkout (or anything else)."""
    from engine.version import VERSION
    places = {os.path.dirname(root.rstrip(os.sep)) for root in roots}
    if len(places) != 1:
        return None
    path = os.path.join(places.pop(), f"crsim-{VERSION}.dist-info", "RECORD")
    return path if os.path.isfile(path) else None


def _write(path: str, key: str, table: List[Command]) -> None:
    index, names, blobs, at = {}, {}, [], 0
    for command in table:
        values = declaration(command)
        if values is None:
            return  # a command the cache cannot keep: no cache
        index[command.name] = (command.aliases, command.summary, command.group, at, at + len(values))
        names.update(dict.fromkeys((command.name, *command.aliases), command.name))
        blobs.append(values)
        at += len(values)
    data = with_index((key, tuple(_sources()), names, index), b"".join(blobs))
    from engine.cache_dir import write_atomically
    write_atomically(path, lambda handle: handle.write(data))


def declaration(command: Command) -> Optional[bytes]:
    """A command's values as the cache keeps them, marshalled; None when it cannot (a
    handler with no module to import it by, a value marshal cannot keep)."""
    handler = command.handler
    module = handler.module if isinstance(handler, LazyHandler) else getattr(handler, "__module__", None)
    if not module or module == "__main__":
        return None
    values = [getattr(command, made.name) for made in fields(command)]
    values[_AT["handler"]] = module
    values[_AT["flags"]] = tuple(_kept(flag) for flag in command.flags)
    values[_AT["args"]] = tuple(_kept(arg) for arg in command.args)
    try:
        return marshal.dumps(tuple(values))
    except ValueError:  # (a flag's default of a type marshal does not know)
        return None


def _cache_path(names: List[str]) -> Tuple[Optional[str], str]:
    """Where the table is kept, and the key it is kept under (checked when read, with
    the files it was built from)."""
    from engine.cache_dir import checkout_file
    anchor = os.path.dirname(os.path.abspath(__file__))
    path = checkout_file("commands", anchor, ".marshal")
    if path is None:
        return None, ""
    from engine.version import VERSION
    key = "\n".join([str(FORMAT), VERSION, anchor, sys.version, *names])
    return path, key
