"""shell/command_table.py: the commands' declarations kept as a cache, made into commands
when looked up (issue 18). How a start uses it: tests/shell/test_start_imports.py."""

import json
import os
import subprocess
import sys

from engine.record import fields, replace
from engine.version import VERSION
import shell.command_table as command_table
from shell.command_table import Declaration, LazyHandler
from shell.spec import REGISTRY, Command, FormatFields, Registry

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _kept_table(tmp_path):
    """A Table as read back from a cache written of every command (by _write and load)."""
    def load():
        commands = list(REGISTRY.commands.values())
        path = str(tmp_path / "commands.marshal")
        command_table._write(path, "key", commands)
        real = (command_table.modules, command_table._cache_path)
        command_table.modules, command_table._cache_path = lambda: [], lambda names: (path, "key")
        try:
            return command_table.load()
        finally:
            command_table.modules, command_table._cache_path = real
    return load


def test_every_command_read_back_is_its_declaration_with_a_lazy_handler(tmp_path):
    table = _kept_table(tmp_path)()
    assert set(table.commands) == set(REGISTRY.commands)
    assert not any(isinstance(one, Command) for one in table.commands.values())
    assert table.names == REGISTRY.names
    for command in REGISTRY.commands.values():
        made = table.make(command.name, table.commands[command.name])
        for made_field in fields(command):
            name = made_field.name
            if name != "handler":
                assert getattr(made, name) == getattr(command, name), (command.name, name)
                assert type(getattr(made, name)) is type(getattr(command, name))
        assert isinstance(made.handler, LazyHandler)
        # (REGISTRY's own handler is lazy too when a subprocess of an earlier test wrote the
        # cache before this process first read the table)
        handler = command.handler
        declared_in = handler.module if isinstance(handler, LazyHandler) else handler.__module__
        assert (made.handler.module, made.handler.name) == (declared_in, command.name)
        for flag, kept in zip(command.flags, made.flags):
            assert type(kept.completes) is type(flag.completes)  # a FormatFields stays one
    assert any(isinstance(f.completes, FormatFields) for c in REGISTRY.commands.values() for f in c.flags)


def test_a_command_is_made_when_looked_up_and_help_lists_them_without_making_them(tmp_path):
    registry = Registry(_kept_table(tmp_path))
    listed = registry.entries()
    assert [one.name for one in listed] == list(REGISTRY.commands)
    assert all(isinstance(one, Declaration) for one in listed)
    assert [(one.summary, one.group, one.aliases) for one in listed] == [
        (one.summary, one.group, one.aliases) for one in REGISTRY.commands.values()]
    ps = registry.get("container ls")  # an alias makes its command, once
    assert ps is registry.get("ps") and ps.name == "ps" and ps.flag("all").short == "a"
    made = [name for name, one in registry._commands.items() if isinstance(one, Command)]
    assert made == ["ps"]
    assert registry.commands["run"].flag("detach").short == "d"  # all of them, when asked
    assert all(isinstance(one, Command) for one in registry._commands.values())


def _start(argv, pythonpath, cache_dir):
    probe = ("import io, sys, json\nfrom shell.main import main\nout, sys.stdout = sys.stdout, "
             "io.StringIO()\nstatus = main(sys.argv[1:])\nprinted, sys.stdout = sys.stdout.getvalue(), "
             "out\nprint(json.dumps({'printed': printed, 'built': 'engine.engine' in sys.modules}))")
    env = dict(os.environ, PYTHONPATH=str(pythonpath), CRSIM_CACHE_DIR=str(cache_dir))
    done = subprocess.run([sys.executable, "-c", probe, *argv], env=env, cwd=str(cache_dir),
                          capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout)


def test_an_installed_copy_is_checked_by_its_installation_record(tmp_path):
    """pip writes every file of an installed copy, then its RECORD: that one file stands
    for them all (a checkout's are checked one by one)."""
    site = tmp_path / "site-packages"
    site.mkdir()
    for package in ("shell", "engine"):
        (site / package).symlink_to(os.path.join(ROOT, package))
    record = site / f"crsim-{VERSION}.dist-info" / "RECORD"
    record.parent.mkdir()
    record.write_text("shell/__init__.py,,\n")
    cache = tmp_path / "cache"
    cache.mkdir()
    assert _start(["-c", "version"], site, cache)["built"]
    (kept,) = cache.glob("commands-*")  # (beside the other caches: engine/cache_dir.py)
    (_, sources, _, _), _ = command_table.read_index(kept.read_bytes())
    assert [path for path, _, _ in sources] == [str(record)]
    warm = _start(["-c", "help"], site, cache)
    assert not warm["built"] and "Common Commands:" in warm["printed"]
    record.write_text("shell/__init__.py,,\nengine/__init__.py,,\n")  # installed again
    assert _start(["-c", "version"], site, cache)["built"]
    assert not _start(["-c", "version"], site, cache)["built"]


def test_a_module_run_after_the_cache_was_read_hands_its_commands_their_handlers(tmp_path):
    registry = Registry(_kept_table(tmp_path))
    registry.names  # (read)

    def handler(ctx, opts, args):
        return 0

    def never():
        raise AssertionError("a declaration the cache holds is not made again")
    registry.declare("ps", handler, never)
    assert not isinstance(registry._commands["ps"], Command)
    assert registry.get("ps").handler is handler
    looked_up = registry.get("images")  # made from the cache, its handler still lazy
    assert isinstance(looked_up.handler, LazyHandler)
    registry.declare("images", handler, never)  # (its flags are not made a second time)
    assert registry.get("images") == replace(looked_up, handler=handler)
