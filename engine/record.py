"""Records: value classes declared by their annotated fields, as ``dataclasses`` declares
them, without its cost (issue 18).

Importing ``dataclasses`` loads ``inspect``, ``ast`` and ``dis``, and decorating a class
compiles several methods for it; the engine and the shell declare dozens of such classes
on the path of every start. Here a class gets one compiled method, its ``__init__`` (made
on demand: a class's first instances bind their fields without it, and after
``COMPILED_AFTER`` of them it is compiled, or read from engine/init_code_cache.py), since
instances are made in hot paths (vfs entries, processes, events); ``__eq__``, ``__hash__``
and ``__repr__`` are shared functions over the class's field names.

    @record                         # mutable, equal by fields, unhashable
    @record(frozen=True)            # assigning a field raises FrozenInstanceError; hashable
    @record(slots=True, eq=False)   # __slots__ instead of a __dict__, identity equality
    @record(slots=True, unsafe_hash=True)  # mutable in principle, hashable by its fields

Fields are the class's own annotations (strings under ``from __future__ import
annotations``; ``ClassVar`` ones are not fields) after those of its record bases, with
defaults from the class attributes or ``field(default=..., default_factory=...)``.
``__init__``, ``__eq__``, ``__repr__`` and ``__hash__`` written in the class body stay;
``__post_init__``, when there is one, runs at the end of ``__init__``. The semantics are
dataclasses' where the code relies on them (hash rules, frozen errors, pickling of
frozen slotted records in dataclasses' state format, so older state files still load).
"""

try:  # the C module behind ``operator`` (which a start need not load: issue 18)
    from _operator import attrgetter
except ImportError:  # an interpreter without it
    from operator import attrgetter

__all__ = ["record", "field", "fields", "replace", "asdict", "is_record", "from_values",
           "FrozenInstanceError", "MISSING"]


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()  # no default given
_FACTORY = _Missing()  # in a generated __init__: "call the field's default_factory"

_FIELDS = "__record_fields__"  # on each record class: its Field objects, in order
_KEY = "__record_key__"  # the field values as a tuple, for __eq__ and __hash__
_FROZEN = "__record_frozen__"


class FrozenInstanceError(AttributeError):
    """A field of a frozen record was assigned or deleted."""


class Field:
    """One field: its name and how a missing argument is filled."""

    __slots__ = ("name", "default", "default_factory")

    def __init__(self, default=MISSING, default_factory=MISSING):
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.name = ""
        self.default, self.default_factory = default, default_factory

    def __repr__(self) -> str:
        return (f"Field(name={self.name!r}, default={self.default!r}, "
                f"default_factory={self.default_factory!r})")


def field(*, default=MISSING, default_factory=MISSING) -> Field:
    return Field(default, default_factory)


def record(cls=None, /, *, frozen: bool = False, eq: bool = True, slots: bool = False,
           unsafe_hash: bool = False):
    def wrap(cls):
        return _make(cls, frozen, eq, slots, unsafe_hash)
    return wrap if cls is None else wrap(cls)


# -- what the decorator adds ----------------------------------------------------------

def _make(cls, frozen: bool, eq: bool, slots: bool, unsafe_hash: bool):
    found = _collect_fields(cls)
    _check_frozen_bases(cls, frozen)
    names = tuple(found)
    own = cls.__dict__
    added = {_FIELDS: tuple(found.values()), _KEY: _key_getter(names)}
    if "__init__" not in own:
        added["__init__"] = _lazy_init(cls.__qualname__)
    if "__repr__" not in own:
        added["__repr__"] = _repr
    if eq and "__eq__" not in own:
        added["__eq__"] = _eq
    explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    if unsafe_hash or (eq and frozen and not explicit_hash):
        added["__hash__"] = _hash
    elif eq and not explicit_hash:
        added["__hash__"] = None  # mutable and compared by value: not hashable
    if frozen:
        added[_FROZEN] = True
        added["__setattr__"], added["__delattr__"] = _frozen_setattr, _frozen_delattr
        if slots:  # the default unpickling assigns attributes: refused when frozen
            added["__getstate__"], added["__setstate__"] = _getstate, _setstate
    if slots:
        cls = _with_slots(cls, names, added)
    else:
        for name, value in added.items():
            setattr(cls, name, value)
    return cls


def _collect_fields(cls) -> dict:
    found = {}
    for base in reversed(cls.__mro__[1:]):
        for inherited in base.__dict__.get(_FIELDS, ()):
            found[inherited.name] = inherited
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        text = annotation if isinstance(annotation, str) else repr(annotation)
        if text.startswith(("ClassVar", "typing.ClassVar")):
            continue
        value = cls.__dict__.get(name, MISSING)
        if isinstance(value, Field):
            made = value
            if made.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, made.default)
        else:
            made = Field(default=value)
        if made.default.__class__ in (list, dict, set):
            raise ValueError(f"mutable default {type(made.default)} for field {name} is not "
                             "allowed: use default_factory")
        made.name = name
        found[name] = made
    with_default = False
    for made in found.values():
        if made.default is not MISSING or made.default_factory is not MISSING:
            with_default = True
        elif with_default:
            raise TypeError(f"non-default argument {made.name!r} follows default argument")
    return found


def _check_frozen_bases(cls, frozen: bool) -> None:
    for base in cls.__mro__[1:]:
        if _FIELDS in base.__dict__:
            if _FROZEN in base.__dict__ and not frozen:
                raise TypeError("cannot inherit non-frozen record from a frozen one")
            if frozen and _FROZEN not in base.__dict__:
                raise TypeError("cannot inherit frozen record from a non-frozen one")


def _key_getter(names: tuple):
    """A function of an instance giving its field values as one tuple."""
    if len(names) > 1:
        return attrgetter(*names)  # C code: a tuple of the attributes
    if names:
        (name,) = names
        return lambda self: (getattr(self, name),)
    return lambda self: ()


def _with_slots(cls, names: tuple, added: dict):
    """The class made anew with ``__slots__`` (slots can only be declared at creation)."""
    body = dict(cls.__dict__)
    body.update(added)
    inherited = {slot for base in cls.__mro__[1:] for slot in base.__dict__.get("__slots__", ())}
    body["__slots__"] = tuple(name for name in names if name not in inherited)
    for name in names:
        body.pop(name, None)  # a default as a class attribute would clash with the slot
    body.pop("__dict__", None)
    body.pop("__weakref__", None)
    made = type(cls)(cls.__name__, cls.__bases__, body)
    made.__qualname__ = cls.__qualname__
    for value in body.values():  # zero-argument super() in a method names the class it is in
        _point_class_cell(value, cls, made)
    return made


def _point_class_cell(value, old, new) -> None:
    if isinstance(value, (classmethod, staticmethod)):
        value = value.__func__
    if isinstance(value, property):
        for accessor in (value.fget, value.fset, value.fdel):
            _point_class_cell(accessor, old, new)
        return
    code = getattr(value, "__code__", None)
    if code is None or not value.__closure__ or "__class__" not in code.co_freevars:
        return
    cell = value.__closure__[code.co_freevars.index("__class__")]
    if cell.cell_contents is old:
        cell.cell_contents = new


# -- the generated __init__ -------------------------------------------------------------

COMPILED_AFTER = 32  # instances a class makes by binding before its __init__ is compiled
_MADE = "__record_made__"  # on a record class: instances made by binding so far


def _lazy_init(qualname: str):
    """An ``__init__`` that binds its arguments to the fields itself for a class's first
    instances, and after ``COMPILED_AFTER`` of them compiles the real one and puts it
    in its place.

    Compiling costs a class 50-200 microseconds, and most of the records a start
    declares get no instance or only a few in that run (a `-c version` makes three
    Flag, Command and Parsed: compiling them was a tenth of its time); binding costs
    a few microseconds an instance more than the compiled code."""
    def __init__(self, *args, **kwargs):
        owner = _owner_of(type(self), __init__)
        made = owner.__dict__.get(_MADE, 0)
        if made < COMPILED_AFTER and _bind(owner, self, args, kwargs):
            type.__setattr__(owner, _MADE, made + 1)
            return
        real = _compile_init(owner)  # (which raises Python's own TypeError for bad arguments)
        owner.__init__ = real
        real(self, *args, **kwargs)
    __init__.__qualname__ = f"{qualname}.__init__"
    return __init__


def _bind(cls, self, args: tuple, kwargs: dict) -> bool:
    """What the compiled ``__init__`` does, for arguments that fit the fields: each field
    set from its argument or default, in order, then ``__post_init__``. False when they
    do not fit (the compiled one then says why, and the instance is not made)."""
    declared = cls.__dict__[_FIELDS]
    given = len(args)
    if given > len(declared):
        return False
    put = object.__setattr__ if _FROZEN in cls.__dict__ else setattr
    taken = 0
    for index, made in enumerate(declared):
        name = made.name
        if index < given:
            value = args[index]
        elif name in kwargs:
            value = kwargs[name]
            taken += 1
        elif made.default_factory is not MISSING:
            value = made.default_factory()
        elif made.default is not MISSING:
            value = made.default
        else:
            return False  # a required argument is missing
        put(self, name, value)
    if taken != len(kwargs):  # a keyword that is no field, or a field given twice
        return False
    if hasattr(cls, "__post_init__"):
        self.__post_init__()
    return True


def _owner_of(cls, method):
    for klass in cls.__mro__:
        if klass.__dict__.get("__init__") is method:
            return klass
    raise TypeError(f"{cls.__qualname__}: record __init__ not found")  # not reached


def _compile_init(cls):
    frozen = _FROZEN in cls.__dict__
    namespace = {"_FACTORY": _FACTORY, "_set": object.__setattr__}
    params, lines = ["self"], []
    for made in cls.__dict__[_FIELDS]:
        name = made.name
        value = name
        if made.default_factory is not MISSING:
            namespace[f"_factory_{name}"] = made.default_factory
            params.append(f"{name}=_FACTORY")
            value = f"_factory_{name}() if {name} is _FACTORY else {name}"
        elif made.default is not MISSING:
            namespace[f"_default_{name}"] = made.default
            params.append(f"{name}=_default_{name}")
        else:
            params.append(name)
        lines.append(f"_set(self, {name!r}, {value})" if frozen else f"self.{name} = {value}")
    if hasattr(cls, "__post_init__"):
        lines.append("self.__post_init__()")
    body = "\n    ".join(lines or ["pass"])
    from .init_code_cache import code_for  # compiled by an earlier run, most often
    exec(code_for(f"def __init__({', '.join(params)}):\n    {body}\n"), namespace)
    made = namespace["__init__"]
    made.__qualname__ = f"{cls.__qualname__}.__init__"
    made.__module__ = cls.__module__
    return made


# -- the shared methods -------------------------------------------------------------------

def _eq(self, other):
    if other.__class__ is self.__class__:
        key = self.__class__.__record_key__
        return key(self) == key(other)
    return NotImplemented


def _hash(self) -> int:
    return hash(self.__class__.__record_key__(self))


_SHOWING = set()  # ids of records whose repr is being made (a cycle shows as "...")


def _repr(self) -> str:
    if id(self) in _SHOWING:
        return "..."
    _SHOWING.add(id(self))
    try:
        shown = ", ".join(f"{made.name}={getattr(self, made.name)!r}"
                          for made in self.__class__.__record_fields__)
    finally:
        _SHOWING.discard(id(self))
    return f"{self.__class__.__qualname__}({shown})"


def _frozen_setattr(self, name, value):
    cls = self.__class__
    if _FROZEN in cls.__dict__ or any(made.name == name for made in cls.__record_fields__):
        raise FrozenInstanceError(f"cannot assign to field {name!r}")
    object.__setattr__(self, name, value)


def _frozen_delattr(self, name):
    cls = self.__class__
    if _FROZEN in cls.__dict__ or any(made.name == name for made in cls.__record_fields__):
        raise FrozenInstanceError(f"cannot delete field {name!r}")
    object.__delattr__(self, name)


def _getstate(self) -> list:
    return [getattr(self, made.name) for made in self.__class__.__record_fields__]


def _setstate(self, state) -> None:
    for made, value in zip(self.__class__.__record_fields__, state):
        object.__setattr__(self, made.name, value)


# -- functions over records ---------------------------------------------------------------

def is_record(obj) -> bool:
    """A record class or an instance of one."""
    return hasattr(obj if isinstance(obj, type) else type(obj), _FIELDS)


def fields(obj) -> tuple:
    """The Field objects of a record class or instance, in order."""
    try:
        return (obj if isinstance(obj, type) else type(obj)).__record_fields__
    except AttributeError:
        raise TypeError("must be called with a record type or instance") from None


def from_values(cls, values):
    """An instance of the record ``cls`` with every field's value given, in order, set
    without its ``__init__`` (so no default and no ``__post_init__``): for records kept in
    a cache (shell/command_table.py), where compiling ``__init__`` would cost a start more
    than the few instances it makes. Fastest without slots: the values go into the
    instance's dict in one step."""
    plan = cls.__dict__.get("__record_plan__")
    if plan is None:  # the field names, and whether they all live in the instance's dict
        plan = (tuple(made.name for made in cls.__dict__[_FIELDS]),
                not any("__slots__" in klass.__dict__ for klass in cls.__mro__[:-1]))
        type.__setattr__(cls, "__record_plan__", plan)
    names, in_dict = plan
    if len(values) != len(names):
        raise ValueError(f"{cls.__qualname__} has {len(names)} fields, not {len(values)}")
    made = object.__new__(cls)
    if in_dict:
        made.__dict__.update(zip(names, values))
    else:
        for name, value in zip(names, values):
            object.__setattr__(made, name, value)
    return made


def replace(obj, /, **changes):
    """A new instance like ``obj`` with ``changes`` (field name -> value), made by its
    ``__init__`` (so ``__post_init__`` runs again)."""
    if isinstance(obj, type) or not is_record(obj):
        raise TypeError("replace() should be called on record instances")
    values = {made.name: getattr(obj, made.name) for made in type(obj).__record_fields__}
    values.update(changes)
    return type(obj)(**values)


def asdict(obj) -> dict:
    """The fields as a dict, records, lists, tuples and dicts inside converted too and
    anything else deep-copied (as ``dataclasses.asdict``)."""
    if isinstance(obj, type) or not is_record(obj):
        raise TypeError("asdict() should be called on record instances")
    return _as_plain(obj)


def _as_plain(value):
    if not isinstance(value, type) and is_record(value):
        return {made.name: _as_plain(getattr(value, made.name)) for made in fields(value)}
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a namedtuple
        return type(value)(*[_as_plain(item) for item in value])
    if isinstance(value, (list, tuple)):
        return type(value)(_as_plain(item) for item in value)
    if isinstance(value, dict):
        return type(value)((_as_plain(key), _as_plain(item)) for key, item in value.items())
    import copy  # only for the leaves; rarely needed
    return copy.deepcopy(value)
