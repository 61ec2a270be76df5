"""Plain value classes for what every start of crsim-shell creates (the command table's
declarations, the session, a script's steps).

``dataclasses`` would write their methods, but importing it costs more than the rest
of a `crsim-shell -c version` (it loads ``inspect``, ``ast``, ``dis`` ...: issue 18).
These classes name their fields once, in ``__slots__`` (in the order of ``__init__``'s
parameters), and get comparison, ``repr`` and ``replace`` from them here.
"""


class Plain:
    """Equal when of one class with equal fields; not hashable (it may change)."""

    __slots__ = ()
    __hash__ = None

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__
                          if not name.startswith("_"))
        return f"{type(self).__name__}({shown})"

    def replace(self, **changes):
        """A copy with ``changes`` (field name -> value), made by ``__init__``."""
        values = {name: getattr(self, name) for name in self.__slots__}
        values.update(changes)
        return type(self)(**values)


class Value(Plain):
    """A Plain nobody changes once made: hashable by its fields."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(self._values())
