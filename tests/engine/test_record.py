"""engine/record.py: the semantics the engine and the shell rely on (dataclasses')."""

from __future__ import annotations

import pickle
from typing import ClassVar, Dict, List, Optional

import pytest

import engine.record as record_module
from engine.record import (FrozenInstanceError, asdict, field, fields, from_values, is_record,
                           record, replace)


@record
class Point:
    x: int
    y: int = 0
    tags: List[str] = field(default_factory=list)
    LIMIT: ClassVar[int] = 10  # a class constant, not a field


@record(frozen=True)
class Key:
    name: str
    version: int = 1


@record(frozen=True, slots=True)
class Entry:
    kind: str
    size: int = 0
    data: Optional[bytes] = None


@record(slots=True, eq=False)
class Handle:
    number: int
    notes: Dict[str, str] = field(default_factory=dict)


@record(slots=True, unsafe_hash=True)
class Flag:
    long: str
    short: str = ""


@record
class Base:
    a: int
    b: int = 2

    def __post_init__(self):
        self.total = self.a + self.b


@record
class Derived(Base):
    c: int = 3
    b: int = 20  # redeclared: keeps its place, takes the new default


# -- construction ---------------------------------------------------------------------

def test_fields_come_in_declaration_order_with_defaults_and_factories():
    point = Point(1)
    assert (point.x, point.y, point.tags) == (1, 0, [])
    assert Point(1).tags is not point.tags  # a new list each time
    assert Point(1, 2, ["a"]) == Point(x=1, y=2, tags=["a"])
    assert [f.name for f in fields(Point)] == ["x", "y", "tags"]  # LIMIT is no field
    assert Point.LIMIT == 10 and Point.y == 0  # a default stays a class attribute


def test_wrong_arguments_are_refused_as_by_a_written_init():
    with pytest.raises(TypeError):
        Point()
    with pytest.raises(TypeError):
        Point(1, colour="red")
    with pytest.raises(TypeError):
        Point(1, 2, [], 4)


def test_inherited_fields_come_first_and_post_init_runs():
    derived = Derived(1)
    assert [f.name for f in fields(derived)] == ["a", "b", "c"]
    assert (derived.a, derived.b, derived.c, derived.total) == (1, 20, 3, 21)
    assert Base(1).total == 3
    assert replace(derived, a=5).total == 25  # replace makes it through __init__


def test_bad_declarations_are_refused():
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):
        @record
        class Wrong:
            a: int = 0
            b: int
    with pytest.raises(ValueError, match="use default_factory"):
        @record
        class Shared:
            items: list = []
    with pytest.raises(ValueError):
        field(default=1, default_factory=list)
    with pytest.raises(TypeError):
        @record
        class Thawed(Key):
            extra: int = 0


def test_a_class_body_init_repr_and_eq_are_kept():
    @record
    class Own:
        a: int

        def __init__(self, text):
            self.a = int(text)

        def __repr__(self):
            return "own"

    assert Own("4").a == 4 and repr(Own("4")) == "own" and Own("4") == Own(4)


def test_a_subclass_without_fields_of_its_own_uses_its_base_init():
    class Plainer(Point):
        def __init__(self, x):
            super().__init__(x, 5)

    assert Plainer(1).y == 5
    assert Point(2).y == 0  # the base's own __init__ is unchanged


# -- equality, hashing, repr -------------------------------------------------------------

def test_equality_is_by_class_and_fields():
    assert Point(1, 2) == Point(1, 2)
    assert Point(1, 2) != Point(1, 3)
    assert Key("a") != Entry("a")  # another class: never equal
    assert Derived(1) != Base(1, 20)
    assert (Point(1) == (1, 0, [])) is False


def test_mutable_records_are_unhashable_frozen_ones_hash_by_fields():
    with pytest.raises(TypeError, match="unhashable"):
        hash(Point(1))
    assert hash(Key("a", 2)) == hash(Key("a", 2))
    assert {Key("a"), Key("a"), Key("b")} == {Key("a"), Key("b")}
    assert {Flag("file", "f"): 1}[Flag("file", "f")] == 1  # unsafe_hash: hashable while mutable


def test_eq_false_keeps_identity():
    one, other = Handle(1), Handle(1)
    assert one != other and one == one
    assert len({one, other}) == 2


def test_repr_names_the_fields_and_survives_a_cycle():
    assert repr(Key("a")) == "Key(name='a', version=1)"
    looped = Point(1)
    looped.tags.append(looped)
    assert repr(looped) == "Point(x=1, y=0, tags=[...])"
    local = Point.__init__.__qualname__  # compiled on first use, named like a written one
    assert local == "Point.__init__"


# -- frozen and slots ----------------------------------------------------------------------

def test_frozen_fields_cannot_be_assigned_or_deleted():
    key = Key("a")
    with pytest.raises(FrozenInstanceError, match="cannot assign to field 'name'"):
        key.name = "b"
    with pytest.raises(FrozenInstanceError, match="cannot delete field 'name'"):
        del key.name
    with pytest.raises(AttributeError):  # as dataclasses: an AttributeError
        key.other = 1
    assert key == Key("a")


def test_slots_records_have_no_dict():
    entry, handle = Entry("file"), Handle(1)
    assert not hasattr(entry, "__dict__") and not hasattr(handle, "__dict__")
    assert Entry.__slots__ == ("kind", "size", "data")
    handle.number = 2
    with pytest.raises(AttributeError):
        handle.other = 1
    assert handle.number == 2


def test_zero_argument_super_works_in_a_slots_record():
    @record(slots=True)
    class Counted(Point):
        extra: int = 0

        def describe(self):
            return f"{super().__repr__()}+{self.extra}"

    described = Counted(1, extra=2).describe()  # the repr names the class by its __qualname__
    assert described.endswith(".<locals>.Counted(x=1, y=0, tags=[], extra=2)+2")


# -- replace, fields, asdict, is_record -----------------------------------------------------

def test_replace_changes_only_what_it_is_told():
    entry = Entry("file", 3, b"abc")
    changed = replace(entry, size=4)
    assert changed == Entry("file", 4, b"abc") and entry.size == 3
    with pytest.raises(TypeError):
        replace(entry, colour="red")
    with pytest.raises(TypeError):
        replace(Entry, size=1)
    with pytest.raises(TypeError):
        replace(object())


def test_asdict_converts_nested_records_and_copies_the_rest():
    outer = Point(1, 2, [Key("a"), {"k": Entry("dir")}])
    as_dict = asdict(outer)
    assert as_dict == {"x": 1, "y": 2, "tags": [{"name": "a", "version": 1},
                                                {"k": {"kind": "dir", "size": 0, "data": None}}]}
    assert as_dict["tags"] is not outer.tags
    with pytest.raises(TypeError):
        asdict(Point)


def test_is_record_and_fields_accept_a_class_or_an_instance():
    assert is_record(Point) and is_record(Point(1)) and not is_record(object())
    assert fields(Point(1)) == fields(Point)
    with pytest.raises(TypeError):
        fields(object())


# -- pickling (state files pickle the engine's graph) ------------------------------------------

@pytest.mark.parametrize("value", [Point(1, 2, ["a"]), Key("a", 3), Entry("file", 2, b"hi"),
                                   Derived(1), Flag("file", "f")])
def test_records_survive_pickling(value):
    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        again = pickle.loads(pickle.dumps(value, protocol))
        assert again == value and type(again) is type(value)


def test_a_pickled_slots_record_without_eq_keeps_its_fields():
    again = pickle.loads(pickle.dumps(Handle(7, {"a": "b"})))
    assert (again.number, again.notes) == (7, {"a": "b"})


def test_frozen_slots_state_is_dataclasses_format():
    """A state file written while these were dataclasses still loads."""
    assert Entry("file", 2).__getstate__() == ["file", 2, None]
    blank = Entry.__new__(Entry)
    blank.__setstate__(["dir", 0, None])
    assert blank == Entry("dir")


# -- the first instances bind without compiling __init__ (issue 18) ----------------------------

def _fresh():
    """Classes of every kind, not instantiated yet (their __init__ still the binding one)."""
    @record
    class Bound:
        x: int
        y: int = 0
        tags: List[str] = field(default_factory=list)

    @record(frozen=True, slots=True)
    class FrozenBound:
        kind: str
        size: int = 0

    @record
    class PostBound(Base):
        c: int = 3

    return Bound, FrozenBound, PostBound


def test_instances_made_by_binding_and_by_the_compiled_init_are_alike():
    made = {}
    for round_ in ("bound", "compiled"):
        Bound, FrozenBound, PostBound = _fresh()
        if round_ == "compiled":  # past the binding ones
            lazy = Bound.__init__
            for _ in range(record_module.COMPILED_AFTER + 1):
                Bound(0), FrozenBound("x"), PostBound(0)
            assert Bound.__init__ is not lazy
        first = Bound(1), Bound(1, 2, ["a"]), Bound(x=3, tags=["t"]), FrozenBound("f", size=2), \
            PostBound(1), PostBound(1, c=5)
        made[round_] = [(type(one).__name__, sorted(vars(one).items()) if hasattr(one, "__dict__")
                         else [(name, getattr(one, name)) for name in one.__slots__]) for one in first]
        assert Bound(1).tags is not Bound(1).tags  # a new list each time
        with pytest.raises(FrozenInstanceError):
            FrozenBound("f").size = 3
    assert made["bound"] == made["compiled"]
    assert made["bound"][4][1] == [("a", 1), ("b", 2), ("c", 3), ("total", 3)]


@pytest.mark.parametrize("call", [lambda cls: cls(), lambda cls: cls(1, colour="red"),
                                  lambda cls: cls(1, 2, [], 4), lambda cls: cls(1, x=2)])
def test_wrong_arguments_get_pythons_own_error_while_binding(call):
    Bound, _, _ = _fresh()
    with pytest.raises(TypeError) as bound:
        call(Bound)
    Compiled, _, _ = _fresh()
    Compiled.__init__ = record_module._compile_init(Compiled)
    with pytest.raises(TypeError) as compiled:
        call(Compiled)
    assert str(bound.value) == str(compiled.value)


def test_the_init_is_compiled_after_the_first_instances():
    Bound, _, _ = _fresh()
    lazy = Bound.__init__
    for number in range(record_module.COMPILED_AFTER):
        Bound(number)
        assert Bound.__init__ is lazy
    Bound(0)
    assert Bound.__init__ is not lazy and Bound.__init__.__qualname__.endswith("Bound.__init__")


def test_from_values_sets_every_field_without_init():
    made = from_values(Flag, ("all", "a"))  # slots
    assert made == Flag("all", "a") and hash(made) == hash(Flag("all", "a"))
    with pytest.raises(ValueError):
        from_values(Flag, ("all",))  # every field's value, in order
    point = from_values(Point, (1, 2, ["t"]))  # a dict
    assert point == Point(1, 2, ["t"]) and vars(point) == {"x": 1, "y": 2, "tags": ["t"]}
    assert from_values(Entry, ("file", 3, b"x")) == Entry("file", 3, b"x")  # frozen and slots
    assert from_values(Derived, (1, 2, 3)) == Derived(1, 2, 3) and not hasattr(
        from_values(Derived, (1, 2, 3)), "total")  # no __post_init__
