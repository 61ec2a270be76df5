"""Records' compiled __init__ kept between runs (engine/init_code_cache.py): a later run
uses the kept code instead of compiling, a changed class gets its own, and a damaged or
unwritable cache changes nothing but the time."""

from __future__ import annotations

import builtins
import marshal

import pytest

from engine import init_code_cache
from engine.record import _compile_init, record


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CRSIM_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(init_code_cache, "_known", None)  # as a new process: read the file
    return tmp_path


def _declare(default: int = 7):
    """A record class with its __init__ compiled now (what a class's first instances, or
    the first few dozen, lead to: engine/record.py)."""
    @record(frozen=True)
    class Point:
        x: int
        y: int = default
    Point.__init__ = _compile_init(Point)
    return Point


def _new_run(monkeypatch, compiled: list) -> None:
    """A new process, counting what it compiles."""
    monkeypatch.setattr(init_code_cache, "_known", None)
    real = builtins.compile
    monkeypatch.setattr(init_code_cache, "compile",
                        lambda *args: compiled.append(args[0]) or real(*args), raising=False)


def test_a_later_run_uses_the_code_kept_by_an_earlier_one(cache, monkeypatch):
    point = _declare()
    assert point(1) == point(1, 7)
    assert [kept.name.startswith("record-init-code-") for kept in cache.iterdir()] == [True]
    compiled = []
    _new_run(monkeypatch, compiled)
    made = _declare()(2)
    assert (made.x, made.y) == (2, 7) and compiled == []
    with pytest.raises(AttributeError):
        made.x = 3  # still the frozen record's __init__ and rules
    with pytest.raises(TypeError):
        _declare()()  # and its signature: x is required


def test_a_changed_class_gets_code_of_its_own(cache, monkeypatch):
    _declare()(1)
    compiled = []
    _new_run(monkeypatch, compiled)

    @record
    class Other:
        a: str
        b: list = None
    Other.__init__ = _compile_init(Other)
    assert Other("x").a == "x" and len(compiled) == 1  # new source: compiled, then kept
    _new_run(monkeypatch, compiled)
    assert _declare(default=9)(1).y == 9  # the default is the class's, never the kept one's
    assert len(compiled) == 1


@pytest.mark.parametrize("damage", [b"", b"garbage", "other values", "bad code"])
def test_a_damaged_file_is_compiled_anew_and_rewritten(cache, monkeypatch, damage):
    _declare()(1)
    (path,) = cache.iterdir()
    if damage == "other values":
        damage = marshal.dumps((init_code_cache.FORMAT, {"def __init__(self): pass\n": 3}))
    elif damage == "bad code":
        kept = marshal.loads(path.read_bytes())[1]
        damage = marshal.dumps((init_code_cache.FORMAT, {source: b"\x00junk" for source in kept}))
    path.write_bytes(damage)
    compiled = []
    _new_run(monkeypatch, compiled)
    assert _declare()(5).x == 5 and len(compiled) == 1
    _new_run(monkeypatch, compiled)
    assert _declare()(5).x == 5 and len(compiled) == 1  # the rewritten file served


def test_caching_off_or_unwritable_only_loses_the_saving(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache directory would be")
    for setting in ("off", str(blocked / "cache")):
        monkeypatch.setenv("CRSIM_CACHE_DIR", setting)
        monkeypatch.setattr(init_code_cache, "_known", None)
        assert _declare()(4).y == 7
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]
