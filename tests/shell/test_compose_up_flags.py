"""compose up's attached flags: --abort-on-container-exit, --exit-code-from, --timestamps,
--no-log-prefix, and the prefixes' colours at a terminal (--no-color, NO_COLOR)."""

import pytest

from engine import Engine
from shell.session import Session

COMPOSE = """services:
  tests:
    image: busybox
    command: ["sh", "-c", "echo testing; sleep 2; exit 4"]
  app:
    image: busybox
    command: ["sh", "-c", "echo serving; trap 'exit 0' TERM; while true; do sleep 1; done"]
"""


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    return tmp_path


def stdout_of(session, line):
    text, status = session.execute(line)
    return [l for l in text.splitlines() if not l.startswith(" ")], status


def test_exit_code_from_stops_the_others_and_returns_that_code(app):
    lines, status = stdout_of(Session(Engine.deterministic()), "compose up --exit-code-from tests")
    assert status == 4
    assert lines[-3:] == ["tests-1 exited with code 4", "Aborting on container exit...",
                          "app-1 exited with code 0"]


def test_abort_on_container_exit_returns_the_first_code(app):
    (app / "compose.yaml").write_text(COMPOSE.replace("exit 4", "exit 0").replace(
        "trap 'exit 0' TERM", "trap 'exit 9' TERM"))
    lines, status = stdout_of(Session(Engine.deterministic()),
                              "compose up --abort-on-container-exit")
    assert status == 0  # the first to exit (tests) ended with 0; app's 9 came after


def test_flags_that_cannot_go_together(app):
    sh = Session(Engine.deterministic()).execute
    assert sh("compose up -d --abort-on-container-exit")[1] == 1
    assert sh("compose up --wait --exit-code-from tests") == (
        "--wait cannot be combined with --abort-on-container-exit, --attach or "
        "--attach-dependencies\n", 1)
    assert sh("compose up --exit-code-from nope") == ("no such service: nope: not found\n", 1)


def test_colours_at_a_terminal_only(app, monkeypatch):
    session = Session(Engine.deterministic(), interactive=True)
    session.environ.pop("NO_COLOR", None)
    text, _ = session.execute("compose up --exit-code-from tests")
    assert "\033[36mapp-1    | \033[0mserving" in text  # the first container: cyan
    assert "\033[33mtests-1  | \033[0mtesting" in text  # the second: yellow
    text, _ = session.execute("compose logs --no-color")
    assert "\033[" not in text and "app-1    | serving" in text
    session.environ["NO_COLOR"] = "1"
    assert "\033[" not in session.execute("compose logs")[0]
    assert "\033[" not in Session(Engine.deterministic()).execute("compose logs")[0]


def test_no_log_prefix_and_timestamps(app):
    lines, _ = stdout_of(Session(Engine.deterministic()),
                         "compose up --exit-code-from tests --no-log-prefix --timestamps")
    assert "2026-12-01T09:00:00.000000000Z testing" in lines
