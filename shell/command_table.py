"""The command table without the commands' code: what makes `help`, `CMD --help`,
a usage error and completion answer without importing any handler or the engine.

Each command is declared once, by ``@command(...)`` above its handler in its module
(shell/spec.py). Importing every such module costs what the handlers import (the
engine, renderers ...), so the table is kept, once built, as a cache: the declarations
pickled with each handler replaced by a ``LazyHandler`` (its module and the command's
name), which imports the module when the command first runs. The cache sits in the
user's cache directory (or $CRSIM_CACHE_DIR), under a key made of crsim's version, the
Python version, the checkout and the list of command modules, with the size and
modification time of every crsim source file loaded when it was built (the command
modules and all they import): a file edited or removed builds a new table. A missing,
stale or unreadable cache is rebuilt by importing the modules (what every start cost
before); if it cannot be written, the table still works, only without the saving.

A command module is listed in ``MODULES`` (shell/commands/__init__.py); importing it
must declare its commands (``@command`` at module level, or in a function it calls
at import time): the cached handler names only the module and the command.
"""

from __future__ import annotations

import os
import pickle
import sys
from importlib import import_module

from engine.record import replace

from .spec import Command

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List, Optional, Tuple

FORMAT = 4  # bump when what is pickled changes shape


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
            import_module(self.module)
            declared = REGISTRY.commands[self.name].handler
            if declared is self:  # the module declares it no more: a stale cache
                raise LookupError(f"{self.module} does not declare the command {self.name!r}")
            self._function = declared
        return self._function

    def __call__(self, *args, **kwargs):
        return self.resolve()(*args, **kwargs)

    def __getstate__(self):
        return (self.module, self.name)

    def __setstate__(self, state):
        self.module, self.name = state
        self._function = None


def modules() -> List[str]:
    from .commands import MODULES
    return list(MODULES)


def load() -> List[Command]:
    """Every command's declaration: from the cache if it is current, else by importing."""
    names = modules()
    path, key = _cache_path(names)
    if path is not None:
        try:
            with open(path, "rb") as handle:
                kept, sources = pickle.load(handle)
                if kept == key and _unchanged(sources):
                    table = pickle.load(handle)
                    if all(isinstance(c, Command) for c in table):
                        return table
        except Exception:  # missing, half-written by a crash, another format: rebuild
            pass
    table = _declared(names)
    if path is not None:
        _write(path, key, table)
    return table


def _declared(names: List[str]) -> List[Command]:
    """Import every command module: their decorators register in the table being
    loaded (a module imported earlier registered then)."""
    from .spec import REGISTRY
    for name in names:
        import_module(name)
    return list(REGISTRY._commands.values())


def _sources() -> List[Tuple[str, int, int]]:
    """Every crsim source file loaded now (path, size, time): a declaration may read a
    constant of any of them (a flag's help, a list of values it completes)."""
    roots = tuple(os.path.dirname(sys.modules[name].__file__) + os.sep for name in ("shell", "engine"))
    found = []
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if path and path.startswith(roots):
            status = os.stat(path)
            found.append((path, status.st_size, status.st_mtime_ns))
    return sorted(found)


def _unchanged(sources) -> bool:
    for path, size, mtime in sources:
        status = os.stat(path)  # a file gone: OSError, and the table is built anew
        if (status.st_size, status.st_mtime_ns) != (size, mtime):
            return False
    return True


def _write(path: str, key: str, table: List[Command]) -> None:
    lazy = []
    for command in table:
        handler = command.handler
        module = handler.module if isinstance(handler, LazyHandler) else \
            getattr(handler, "__module__", None)
        if not module or module == "__main__":
            return  # nothing to import it by: no cache
        lazy.append(_with_handler(command, LazyHandler(module, command.name)))
    from engine.cache_dir import write_atomically

    def dump(handle):  # the key and sources first: read alone
        pickle.dump((key, _sources()), handle, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(lazy, handle, protocol=pickle.HIGHEST_PROTOCOL)
    write_atomically(path, dump)


def _with_handler(command: Command, handler) -> Command:
    return replace(command, handler=handler)


def _cache_path(names: List[str]) -> Tuple[Optional[str], str]:
    """Where the table is kept, and the key it is kept under (checked when read, with
    the files it was built from)."""
    from engine.cache_dir import checkout_file
    anchor = os.path.dirname(os.path.abspath(__file__))
    path = checkout_file("commands", anchor)
    if path is None:
        return None, ""
    from engine.version import VERSION
    key = "\n".join([str(FORMAT), VERSION, anchor, sys.version, *names])
    return path, key
