"""Module-level names whose cost is paid on first use, not when their module is imported.

A start pays for everything the modules it imports do at import time, used or not
(issue 18): a module-level ``re.compile`` costs 0.1 to 0.5 ms whether or not the
pattern is ever matched, and each module imported costs about 0.1 ms to find, read and
run. ``LazyPattern`` stands for a compiled pattern and ``LazyModule`` for a module
that only some paths need (the `test` builtin's grammar, the tar writer behind
`docker cp`): their users keep writing ``PATTERN.match(...)`` and ``module.name``.
"""

from __future__ import annotations

import sys


def load(name: str):
    """The module ``name`` (its full dotted name), imported if it is not yet: what
    ``importlib.import_module`` does for such a name, without loading the importlib
    package (and the warnings module it brings: 1 ms of a start)."""
    __import__(name)
    return sys.modules[name]


def names_from(package: dict, homes: dict):
    """A package's module ``__getattr__`` (PEP 562) for names its submodules define,
    imported when one is first asked for: ``homes`` maps each name to its submodule;
    ``package`` is the package's globals(), where the value is kept for later uses."""
    def __getattr__(name: str):
        if name not in homes:
            raise AttributeError(f"module {package['__name__']!r} has no attribute {name!r}")
        value = package[name] = getattr(load(f"{package['__name__']}.{homes[name]}"), name)
        return value
    return __getattr__


class LazyPattern:
    """Stands for ``re.compile(pattern, flags)``: the first use of an attribute
    (``match``, ``fullmatch``, ``split``, ``pattern`` ...) compiles the pattern (``re``
    keeps it in its cache), and each attribute is then kept on this object, so a
    later use costs what the compiled pattern's own does.

    Only for calling methods on: ``re.sub(lazy, ...)`` wants the compiled pattern
    itself (``lazy.compiled``)."""

    def __init__(self, pattern: str, flags: int = 0):
        self._source = (pattern, flags)

    @property
    def compiled(self):
        import re  # already loaded in any process that gets here; not at import
        return re.compile(*self._source)

    def __getattr__(self, name: str):
        if name.startswith("_"):  # copy's and pickle's hooks, or _source before __init__
            raise AttributeError(name)
        value = getattr(self.compiled, name)
        setattr(self, name, value)
        return value

    def __repr__(self) -> str:
        return f"LazyPattern({self._source[0]!r})"


class LazyModule:
    """Stands for the module ``name`` (its full dotted name) in the namespace ``where``
    (the globals() of the module that holds it): the first use of one of its attributes
    imports it and puts the module itself in this object's place there, so later uses
    are plain module attributes (through this object one costs half a microsecond).
    Attributes are always read from the module, so a test that patches it is seen."""

    def __init__(self, name: str, where: dict):
        self._name = name
        self._where = where
        self._module = None

    @property
    def module(self):
        if self._module is None:
            self._module = load(self._name)
            for key, value in list(self._where.items()):
                if value is self:
                    self._where[key] = self._module
        return self._module

    def __getattr__(self, name: str):
        if name.startswith("__") or name in ("_name", "_where", "_module"):  # copy's and
            raise AttributeError(name)  # pickle's hooks, or this object's own before __init__
        return getattr(self.module, name)

    def __repr__(self) -> str:
        return f"LazyModule({self._name!r})"
