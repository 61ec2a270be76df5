"""What a start of crsim-shell imports, so that a later import cannot silently make
`crsim-shell -c version` slow again (issue 18: version, help, CMD --help and a usage
error within 2x a bare interpreter; scripts/bench_start.py measures it).

The rule: answering `version`, `help`, `run --help` or a usage error needs the
command table (read from its cache, shell/command_table.py), the line's words (a
plain line is split without the sh parser, shell/line.py) and the one handler that
runs; never the engine's subsystems, the sh parser, the userland's programs, the
other commands' modules, the renderers, prompt_toolkit or pygments. Checked in a
fresh interpreter started without ``site`` (``-S``): a development environment's
``site`` imports re, enum, pathlib ... for an editable install's finder, which would
hide an import of ours. Then:

- every crsim module loaded must be in ``CRSIM`` (exact names: a subpackage listed
  does not allow its submodules);
- every other new module must be one that ``site`` itself imports in a plain
  installed interpreter (``SITE``), ``__future__`` (our annotations) or a module
  built into the interpreter (``_signal``, ``_thread``, ``_operator`` ...). Nothing
  else: not re, enum, shlex, threading, signal, pickle, functools, collections,
  types, operator, contextlib ... (pip's console-script wrapper imports re before
  crsim runs; another installer's need not, and none of it is crsim's to spend).

If a command really needs more at start, add it here in the same change and say why;
if a new Python version's own modules import one more standard module, add that one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

CRSIM = {
    "shell", "shell.main", "shell.interrupts", "shell.parser",
    "shell.spec", "shell.session", "shell.line", "shell.command_table",
    "shell.commands", "shell.commands.about",
    "engine", "engine.record", "engine.cache_dir", "engine.version",
}
# (no typing, dataclasses or inspect: the start-path classes are engine/record.py records)
SITE = {"os", "os.path", "posixpath", "genericpath", "stat", "_stat", "_collections_abc"}

# (what the probe itself needs is imported before `before` or after `loaded`)
PROBE = """
import io, sys
before = set(sys.modules)
from shell.main import main
out, sys.stdout = sys.stdout, io.StringIO()
try:
    status = main(sys.argv[1:])
finally:
    printed, sys.stdout = sys.stdout.getvalue(), out
loaded = sorted(set(sys.modules) - before)
import json
print(json.dumps({"status": status, "printed": printed, "loaded": loaded}))
"""


def _start(argv, cache_dir, without_site=False):
    env = dict(os.environ, PYTHONPATH=ROOT, CRSIM_CACHE_DIR=str(cache_dir))
    python = [sys.executable, "-S"] if without_site else [sys.executable]
    done = subprocess.run([*python, "-c", PROBE, *argv], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout)


def _outside_the_budget(loaded):
    extra = []
    for name in loaded:
        top = name.split(".")[0]
        if top in ("shell", "engine"):
            if name not in CRSIM:
                extra.append(name)
        elif name not in SITE and name != "__future__" and name not in sys.builtin_module_names:
            extra.append(name)
    return extra


@pytest.mark.parametrize("argv", [["-c", "version"], ["-c", "help"], ["run", "--help"],
                                  ["-c", "ps --bogus"], ["version"], ["help", "run"]])
def test_a_start_that_needs_no_engine_imports_only_the_agreed_modules(argv, tmp_path):
    _start(argv, tmp_path, without_site=True)  # the first start builds the command table's cache
    second = _start(argv, tmp_path, without_site=True)
    assert second["printed"] or argv[-1] == "ps --bogus"
    assert _outside_the_budget(second["loaded"]) == []


def test_the_installed_launcher_imports_only_the_agreed_modules_too(tmp_path):
    """shell/crsim-shell is what `pip install .` puts on PATH (setup.py): pip's own
    console-script wrapper would import re before crsim runs."""
    launcher = os.path.join(ROOT, "shell", "crsim-shell")
    with open(launcher, encoding="utf-8") as f:
        assert f.readline() == "#!python\n"  # (pip writes the environment's interpreter here)
    env = dict(os.environ, PYTHONPATH=ROOT, CRSIM_CACHE_DIR=str(tmp_path))
    runs = [subprocess.run([sys.executable, "-S", "-X", "importtime", launcher, "-c", "version"], env=env,
                           cwd=ROOT, capture_output=True, text=True, timeout=120) for _ in range(2)]
    assert [run.returncode for run in runs] == [0, 0] and runs[1].stdout.startswith("Client:\n")
    loaded = [line.rsplit("|", 1)[1].strip() for line in runs[1].stderr.splitlines()
              if line.startswith("import time:") and not line.endswith("| imported package")]
    assert "shell.main" in loaded and _outside_the_budget(loaded[loaded.index("shell"):]) == []


def test_the_budget_is_tight_enough_to_fail():
    """The check above catches what a start must not load (it would pass anything if
    the probe ran with re, enum ... already loaded)."""
    assert _outside_the_budget(["re", "enum", "shlex", "threading", "signal", "pickle",
                                "functools", "engine.userland.sh.parser", "shell.script"]) == [
        "re", "enum", "shlex", "threading", "signal", "pickle", "functools",
        "engine.userland.sh.parser", "shell.script"]


def test_version_answers_the_same_without_and_with_the_cache(tmp_path):
    cold = _start(["-c", "version"], tmp_path)
    warm = _start(["-c", "version"], tmp_path)
    assert cold["printed"] == warm["printed"]
    assert cold["printed"].startswith("Client:\n Version:")
    assert "engine.engine" in cold["loaded"]  # building the cache imported every command
    assert "engine.engine" not in warm["loaded"]


def test_a_command_that_needs_the_engine_still_runs_from_the_cache(tmp_path):
    _start(["-c", "version"], tmp_path)
    ran = _start(["-c", "run --name web busybox echo hi\nps -a --format '{{.Names}}'"], tmp_path)
    assert ran["status"] == 0
    assert ran["printed"] == "hi\nweb\n"


def test_a_corrupt_or_foreign_cache_is_rebuilt(tmp_path):
    _start(["-c", "version"], tmp_path)
    (kept,) = tmp_path.glob("commands-*")  # (beside the other caches: engine/cache_dir.py)
    kept.write_bytes(b"not a table")
    again = _start(["-c", "help"], tmp_path)
    assert "Common Commands:" in again["printed"]
    assert "engine.engine" in again["loaded"]  # read by importing, as without a cache
    assert kept.read_bytes() != b"not a table"  # and written again
    assert "engine.engine" not in _start(["-c", "help"], tmp_path)["loaded"]


def test_a_table_built_from_a_source_file_since_changed_is_built_anew(tmp_path):
    """Not only the command modules count: a declaration may read a constant of any
    module they import (run_flags.py's flags), so every crsim file loaded is checked."""
    from shell.command_table import read_index, with_index
    _start(["-c", "version"], tmp_path)
    (kept,) = tmp_path.glob("commands-*")  # (beside the other caches: engine/cache_dir.py)
    data = kept.read_bytes()
    (key, sources, names, commands), base = read_index(data)
    assert any(path.endswith(os.path.join("commands", "run_flags.py")) for path, _, _ in sources)
    older = tuple((path, size, mtime - 1 if path.endswith("run_flags.py") else mtime)
                  for path, size, mtime in sources)
    kept.write_bytes(with_index((key, older, names, commands), data[base:]))
    assert "engine.engine" in _start(["-c", "version"], tmp_path)["loaded"]
    assert "engine.engine" not in _start(["-c", "version"], tmp_path)["loaded"]


def test_a_cache_directory_that_cannot_be_written_only_loses_the_saving(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache directory would be")
    first = _start(["-c", "version"], blocked / "cache")
    assert first["printed"].startswith("Client:") and first["status"] == 0


# `run` needs the engine, but not these: dataclasses (and the inspect, ast and dis it
# loads) gave way to engine/record.py, a generator is told by its type, tempfile is only
# for saving a state file, and typing names are for annotations only (imported under
# TYPE_CHECKING). Issue 18: `run busybox echo hi` within 4x a bare interpreter.
NOT_FOR_RUN = ("dataclasses", "inspect", "ast", "dis", "tempfile", "typing",
               # what only some commands or programs need, imported where they are used:
               # tar and file copies (cp, export, save, build), a -p host IP's check,
               # touch -d's date parsing (calendar, with locale), images' filters,
               "tarfile", "shutil", "ipaddress", "calendar", "locale", "fnmatch",
               # the images command, inspect's renderer and documents,
               "shell.commands.images", "shell.render.inspect",
               "engine.network.documents",
               # cp's and diff's modules, a program's sockets, a -t terminal, the test
               # and printf builtins' grammars (engine/lazy.py: LazyModule)
               "engine.container.transfer", "engine.vfs.changes", "engine.network.stack",
               "engine.proc.terminal", "engine.userland.sh.testexpr",
               "engine.userland.sh.builtins_io",
               # a kept image is read back, not built: no digests, gzip or JSON documents
               # (engine/image/registry/image_cache.py), and no clock text with fractions
               "datetime", "hashlib", "gzip", "base64", "zlib",
               # a shell runs a builtin's module only when it runs a builtin
               "engine.userland.sh.builtins",
               # run's flags are read from the kept command table, not made again
               "shell.commands.run_flags",
               # /proc and /sys are made when a path below them is read (`ls /` stats
               # their roots only)
               "engine.proc.procfs", "engine.cgroup.sysfs",
               # names, assignments, ids and digests are read without regular expressions
               # (shell/crsim-shell, the launcher, imports none either)
               "re", "enum",
               # ids, names and MACs come from engine/entropy.py (the twister's C core, or
               # os.urandom), not the random module (with its math, bisect and warnings)
               "random")
NOT_FOR_RUN_OR_PIPELINE = NOT_FOR_RUN + ("json",)  # (ps -a loads json: its --format)


def test_running_a_container_imports_none_of_the_heavy_modules_it_does_not_need(tmp_path):
    """Checked without site (-S): an editable install's finder loads ipaddress, fnmatch ...
    before the probe looks, which would hide our importing them."""
    _start(["-c", "run busybox echo hi"], tmp_path)  # fills the caches (command table, digests)
    ran = _start(["-c", "run busybox echo hi"], tmp_path, without_site=True)
    assert ran["status"] == 0 and ran["printed"] == "hi\n"
    assert [name for name in ran["loaded"] if name in NOT_FOR_RUN_OR_PIPELINE] == []
    assert "engine.record" in ran["loaded"]


PS = ("CONTAINER ID   IMAGE     COMMAND     CREATED                  STATUS"
      "                              PORTS     NAMES\n"
      "f728b4fa4248   busybox   \"echo hi\"   Less than a second ago   Exited (0) Less than a"
      " second ago             mystifying_khorana\n")


@pytest.mark.parametrize("line, printed, unwanted", [
    ('run alpine sh -c "ls / | wc -l"', "17\n", NOT_FOR_RUN_OR_PIPELINE),
    ("run busybox echo hi\nps -a", "hi\n" + PS, NOT_FOR_RUN)])
def test_a_shell_pipeline_and_a_ps_import_none_of_them_either(line, printed, unwanted, tmp_path):
    _start(["-c", line], tmp_path)  # fills the caches
    ran = _start(["-c", line], tmp_path, without_site=True)
    assert ran["status"] == 0 and ran["printed"] == printed
    assert [name for name in ran["loaded"] if name in unwanted] == []


def test_only_a_process_of_its_own_collects_in_batches_and_ends_without_collecting(tmp_path):
    """crsim-shell's own process freezes its objects as it ends (the shutdown's collections
    cost a start more than its imports); main() called by other code leaves the collector
    as it was."""
    probe = ("import gc, io, sys\ndefault = gc.get_threshold()[0]\nfrom shell.main import main\nsys.stdout = io.StringIO()\n"
             "main(['-c', 'version'])\ncalled = gc.get_freeze_count(), gc.get_threshold()[0] == default\n"
             "sys.argv[1:] = ['-c', 'version']\nstatus = main()\nsys.stdout = sys.__stdout__\n"
             "print(*called, gc.get_freeze_count() > 0, gc.get_threshold()[0], status)")
    env = dict(os.environ, PYTHONPATH=ROOT, CRSIM_CACHE_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", probe], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout == "0 True True 50000 0\n"  # and in between collected in batches
    shell = subprocess.run([sys.executable, "-m", "shell.main", "-c", "version\nps --bogus"], env=env,
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert shell.returncode == 125 and shell.stdout.startswith("Client:\n Version:")
    assert shell.stderr.startswith("unknown flag: --bogus\n")
