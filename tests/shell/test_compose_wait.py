"""compose up --wait: detached, then every service waited for as Compose v2.39 waits
(running, or healthy with a healthcheck; exited for a service_completed_successfully
dependency), with its Waiting/Healthy/Exited lines and its errors."""

import pytest

from engine import Engine
from shell.session import Session

DB = """  db:
    image: busybox
    command: ["sh", "-c", "sleep 1; touch /ok; sleep 1000"]
    healthcheck:
      test: ["CMD", "test", "-f", "/ok"]
      interval: 1s
"""


@pytest.fixture
def sh(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return Session(Engine.deterministic()).execute


def waits(text):
    return [line for line in text.splitlines() if line.endswith(("Waiting", "Healthy", "Exited"))]


def test_wait_for_healthy_and_running_services(sh, tmp_path):
    (tmp_path / "compose.yaml").write_text(
        "services:\n  web:\n    image: busybox\n    command: sleep 1000\n" + DB)
    text, status = sh("compose up --wait")
    name = tmp_path.name.lower()
    assert status == 0, text
    # web is running at the first look (500 ms); db's healthcheck passes later
    assert waits(text) == [f" Container {name}-db-1  Waiting", f" Container {name}-web-1  Waiting",
                           f" Container {name}-web-1  Healthy", f" Container {name}-db-1  Healthy"]
    assert sh("compose ps -q")[0].count("\n") == 2  # detached: both still running


def test_a_one_shot_service_fails_the_wait_unless_something_waits_for_its_end(sh, tmp_path):
    job = "  job:\n    image: busybox\n    command: [\"true\"]\n"
    (tmp_path / "compose.yaml").write_text("services:\n" + job)
    text, status = sh("compose up --wait")
    assert (text.splitlines()[-1], status) == (f"container {tmp_path.name.lower()}-job-1 exited (0)", 1)
    (tmp_path / "compose.yaml").write_text(
        "services:\n" + job + "  web:\n    image: busybox\n    command: sleep 1000\n"
        "    depends_on:\n      job: {condition: service_completed_successfully}\n")
    text, status = sh("compose up --wait")
    assert status == 0, text
    assert f" Container {tmp_path.name.lower()}-job-1  Exited" in text.splitlines()


def test_an_unhealthy_service(sh, tmp_path):
    (tmp_path / "compose.yaml").write_text("services:\n" + DB.replace("touch /ok; ", ""))
    text, status = sh("compose up --wait")
    assert (text.splitlines()[-1], status) == (f"container {tmp_path.name.lower()}-db-1 is unhealthy", 1)


def test_wait_and_watch_conflict(sh, tmp_path):
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    image: busybox\n")
    assert sh("compose up --wait --watch") == (
        "--wait cannot be combined with --abort-on-container-exit, --abort-on-container-failure, "
        "--attach, --attach-dependencies or --watch\n", 1)
