"""The real thing: crsim-shell in a pseudo-terminal, typed at like a person would."""

import os
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

ROOT = Path(__file__).resolve().parents[3]
PROMPT = "crsim> "


@pytest.fixture
def shell(tmp_path):
    env = dict(os.environ, PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm", HOME=str(tmp_path),
               XDG_DATA_HOME=str(tmp_path / "data"))
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(sys.executable, ["-m", "shell.main"], cwd=str(ROOT), env=env,
                          encoding="utf-8", timeout=5, dimensions=(30, 120))
    yield child
    if child.isalive():
        child.terminate(force=True)


def test_typing_completing_and_leaving(shell, tmp_path):
    shell.expect("Tab to complete")
    shell.expect(PROMPT)

    # Completion: "pu" shows "pull" in the menu, Tab takes it.
    shell.send("pu")
    shell.expect("pull")
    shell.send("\t")
    shell.send("busybox\r")
    shell.expect("Status: Downloaded newer image for busybox:latest")
    shell.expect(PROMPT)

    shell.send("run -d --name webserver busybox sleep 300\r")
    shell.expect(r"[0-9a-f]{64}")
    shell.expect(PROMPT)

    shell.send("ps\r")
    shell.expect(r"busybox\s+\"sleep 300\".*Up .*webserver")
    shell.expect(PROMPT)

    # A container name completes: "stop -t 1 web" + Tab is "stop -t 1 webserver".
    # sleep ignores SIGTERM (PID 1 without a handler): the stop really waits its 1 s.
    shell.send("stop -t 1 web")
    shell.expect("webserver")
    shell.send("\t")
    shell.send("\r")
    shell.expect("Waiting up to 1 s for webserver to stop")
    shell.expect(PROMPT)
    shell.send("ps -a\r")
    shell.expect(r"Exited \(\d+\).*webserver")
    shell.expect(PROMPT)

    shell.send("exit\r")
    shell.expect(pexpect.EOF)
    shell.close()
    assert shell.exitstatus == 0
    history = (tmp_path / "data" / "crsim" / "history").read_text()
    assert "+pull busybox" in history and "+stop -t 1 webserver" in history
