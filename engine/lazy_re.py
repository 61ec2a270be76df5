"""Regular expressions compiled when first used, not when their module is imported.

A module-level ``re.compile`` runs in every process that imports the module, whether
or not the pattern is ever matched there: 0.1 to 0.5 ms each for the patterns a
`run` imports and never uses (issue 18). ``LazyPattern(...)`` in its place costs
nothing until a method is called.
"""

from __future__ import annotations


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
