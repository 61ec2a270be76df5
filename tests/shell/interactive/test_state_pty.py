"""--state FILE at the real prompt (a pseudo-terminal): the world of one session is there
in the next, on the wall clock."""

import pytest

pexpect = pytest.importorskip("pexpect")

PROMPT = "crsim> "


def start(terminal, state):
    child = terminal("--state", str(state), timeout=20)
    child.expect(PROMPT)
    return child


def typed(child, line, *expected):
    child.send(line + "\r")
    for text in expected:
        child.expect(text)
    child.expect(PROMPT)


def test_a_session_goes_on_where_the_last_one_left(tmp_path, terminal):
    state = tmp_path / "world.crsim"
    first = start(terminal, state)
    typed(first, "pull busybox", "Status: Downloaded newer image")
    typed(first, "run -d --name napper busybox sh -c 'echo awake; sleep 3000'", r"[0-9a-f]{64}")
    typed(first, "run --name hello busybox echo hi", "hi")
    first.send("\x04")  # Ctrl-D: it asks once, as containers run
    first.expect("running container")
    first.send("\x04")
    first.expect(pexpect.EOF)
    first.close()
    assert first.exitstatus == 0
    second = start(terminal, state)
    typed(second, "ps -a --format '{{.Names}}={{.Status}}'", r"hello=Exited \(0\)", r"napper=Up ")
    typed(second, "exec napper echo alive", "alive")
    typed(second, "logs napper", "awake\r\nawake\r\n")  # its command ran again at the start
    second.send("exit\r")
    second.expect(pexpect.EOF)
    second.close()
    assert second.exitstatus == 0
