"""--state FILE at the real prompt: the world is written after a command while the
prompt is back (a child process writes it: shell/background_save.py), and a Ctrl-C
typed at once does not leave it half-written."""

import os
import time

import pytest

from engine import world

pexpect = pytest.importorskip("pexpect")

PROMPT = "crsim> "


def loaded_when_ready(state, name, timeout=10.0):
    """The world in ``state`` once it holds container ``name`` (the child may still write)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            kept = world.load(str(state))
            if any(c.name == name for c in kept.containers):
                return kept
        except (OSError, world.StateFileError):
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"{state} never held {name}")
        time.sleep(0.05)


def test_the_prompt_answers_and_the_world_reaches_the_file(tmp_path, terminal):
    state = tmp_path / "world.crsim"
    shell = terminal("--state", str(state), timeout=20)
    shell.expect(PROMPT)
    shell.send("run -d --name napper busybox sleep 3000\r")
    shell.expect(r"[0-9a-f]{64}")
    shell.expect(PROMPT)
    shell.send("\x03")  # Ctrl-C at the prompt: the whole foreground group, the child too
    shell.expect(PROMPT)
    assert loaded_when_ready(state, "napper").container("napper").state.running
    assert [name for name in os.listdir(tmp_path) if name.startswith(".crsim-state-")] == []
    shell.send("exit\r")
    shell.expect(pexpect.EOF)
    shell.close()
    assert shell.exitstatus == 0
