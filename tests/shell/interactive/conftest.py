import os
import sys
from pathlib import Path

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from engine import Engine
from shell.interactive.completer import CommandCompleter


@pytest.fixture
def engine():
    """busybox pulled; web running, cache paused, done exited (0), idle created."""
    engine = Engine.deterministic()
    engine.pull("busybox")
    engine.run("busybox", ["sleep", "100"], name="web")
    engine.run("busybox", ["sleep", "100"], name="cache")
    engine.pause("cache")
    engine.run("busybox", ["true"], name="done")
    engine.create("busybox", ["sleep", "5"], name="idle")
    return engine


@pytest.fixture
def complete(engine):
    """complete("stop w") -> the completions at the end of that line."""
    completer = CommandCompleter(engine)

    def run(text):
        return list(completer.get_completions(Document(text, len(text)),
                                              CompleteEvent(completion_requested=True)))
    return run


@pytest.fixture(autouse=True)
def private_history(tmp_path, monkeypatch):
    """Never touch the real user's history file or colour settings."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "appdata"))
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def terminal(tmp_path):
    """terminal(*ARGS): crsim-shell ARGS in a pseudo-terminal (pexpect), with a private
    home; ended at the end of the test if still alive."""
    pexpect = pytest.importorskip("pexpect")
    children = []
    env = dict(os.environ, PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm", HOME=str(tmp_path),
               XDG_DATA_HOME=str(tmp_path / "data"))
    env.pop("NO_COLOR", None)

    def spawn(*args, timeout=5):
        child = pexpect.spawn(sys.executable, ["-m", "shell.main", *args],
                              cwd=str(Path(__file__).resolve().parents[3]), env=env,
                              encoding="utf-8", timeout=timeout, dimensions=(30, 120))
        children.append(child)
        return child
    yield spawn
    for child in children:
        if child.isalive():
            child.terminate(force=True)
