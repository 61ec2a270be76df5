"""engine/lazy.py: a pattern compiled on first use and a module imported on first use
(issue 18) answer as the compiled pattern and the module do, and cost nothing before."""

import copy
import pickle
import re

import pytest

from engine.lazy import LazyPattern


def test_nothing_is_compiled_until_the_pattern_is_used(monkeypatch):
    compiled = []
    real = re.compile
    monkeypatch.setattr(re, "compile", lambda *args: compiled.append(args) or real(*args))
    lazy = LazyPattern(r"(\d+)-(\d+)", re.ASCII)
    assert compiled == []
    assert lazy.fullmatch("12-34").groups() == ("12", "34")
    assert compiled == [(r"(\d+)-(\d+)", re.ASCII)]
    lazy.fullmatch("5-6")
    assert len(compiled) == 1  # kept: a second use compiles nothing


def test_it_answers_as_the_compiled_pattern():
    lazy, real = LazyPattern(r"[ \t]+"), re.compile(r"[ \t]+")
    text = "a  b\tc"
    assert lazy.split(text) == real.split(text) == ["a", "b", "c"]
    assert lazy.sub("_", text) == real.sub("_", text)
    assert lazy.match(text) is None and lazy.search(text).span() == (1, 3)
    assert lazy.pattern == r"[ \t]+" and lazy.flags == real.flags
    assert lazy.compiled is real  # re's own cache: the same object


def test_copy_and_pickle_do_not_mistake_their_hooks_for_the_patterns():
    lazy = LazyPattern(r"x+")
    assert copy.deepcopy(lazy).fullmatch("xx")
    assert pickle.loads(pickle.dumps(lazy)).fullmatch("xxx")
    try:
        lazy._missing
    except AttributeError:
        pass
    else:
        raise AssertionError("a private name is not the pattern's")


def test_a_lazy_module_is_imported_by_its_first_use_and_then_takes_its_place():
    import sys

    from engine.lazy import LazyModule
    name = "engine.vfs.changes"
    saved = sys.modules.pop(name, None)
    try:
        namespace = {}
        namespace["changes"] = lazy = LazyModule(name, namespace)
        assert name not in sys.modules
        assert copy.copy(lazy)._module is None  # copying imports nothing
        assert callable(lazy.changes)
        module = sys.modules[name]
        assert namespace["changes"] is module  # later uses are the module's own
        assert lazy.module is module
        module.extra = 1  # a later change to the module (a test's patch) is seen
        assert lazy.extra == 1
        del module.extra
        try:
            lazy.extra
        except AttributeError:
            pass
        else:
            raise AssertionError("the module has no such name any more")
    finally:
        if saved is not None:
            sys.modules[name] = saved


def test_names_from_loads_a_submodule_for_its_name_and_keeps_the_value():
    import engine.network as network
    network.__dict__.pop("NetError", None)
    from engine.network.errors import NetError
    assert network.NetError is NetError and network.__dict__["NetError"] is NetError
    with pytest.raises(AttributeError, match="module 'engine.network' has no attribute 'Nope'"):
        network.Nope
