"""The program table (engine/userland/program_table.py): current, and what makes a process
import only its own program's module (issue 18)."""

from __future__ import annotations

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def test_the_committed_table_is_what_the_generator_writes():
    done = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "gen_program_table.py"),
                           "--check"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def _fresh(code: str) -> str:
    """What ``code`` prints in a new interpreter (nothing registered yet)."""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=dict(os.environ, PYTHONPATH=ROOT))
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_process_imports_the_module_of_its_program_only():
    loaded = _fresh("""
import sys
from engine import Engine
engine = Engine.deterministic()
engine.pull("busybox")
engine.start(engine.create("busybox", ["echo", "hi"]).id)
print(sorted(name for name in sys.modules if name.startswith("engine.userland.")))
""")
    assert "'engine.userland.text.echo'" in loaded
    for other in ("pkg.apt", "text.awk", "net.servers", "coreutils.ls", "text.streams"):
        assert f"'engine.userland.{other}'" not in loaded


def test_a_name_the_table_does_not_know_loads_every_program_module():
    assert _fresh("""
from engine.proc.api import PROGRAMS
from engine.userland import program_named
before = "apt-get" in PROGRAMS
print(before, program_named("no-such-program"), "apt-get" in PROGRAMS)  # every module imported
""") == "False None True\n"


def test_a_table_older_than_the_sources_still_finds_the_program():
    assert _fresh("""
from engine.userland import program_named, program_table
from engine.userland.text import echo
program_table.PROGRAM_MODULES["echo"] = "archive.gzip"  # as if echo had moved
print(program_named("echo") is echo.echo)
""") == "True\n"
