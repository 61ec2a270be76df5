"""A service's env_file, as compose-go resolves it: read in order into the environment
(which wins), its variables able to use the project's, the key itself dropped from
`config`, a missing file refused unless `required: false`."""

import pytest

from engine import Engine
from shell.session import Session


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("TAG=prod\n")
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "a.env").write_text('A=1\nB=from-file\n# comment\nC="x ${TAG}"\n')
    (tmp_path / "conf" / "b.env").write_text("A=2\n")
    return tmp_path


def test_env_files_are_merged_into_the_environment(app):
    (app / "compose.yaml").write_text(
        "services:\n  web:\n    image: busybox\n    command: env\n"
        "    env_file: [conf/a.env, conf/b.env]\n    environment:\n      B: from-service\n")
    sh = Session(Engine.deterministic()).execute
    text, status = sh("compose config")
    assert status == 0
    assert "    environment:\n      A: \"2\"\n      B: from-service\n      C: x prod\n" in text
    assert "env_file:" not in text
    sh("compose up -d")
    env = sh(f"logs {app.name.lower()}-web-1")[0].splitlines()
    assert {"A=2", "B=from-service", "C=x prod"} <= set(env)


def test_a_missing_env_file(app):
    (app / "compose.yaml").write_text(
        "services:\n  web:\n    image: busybox\n"
        "    env_file:\n      - path: conf/none.env\n        required: false\n      - conf/gone.env\n")
    text, status = Session(Engine.deterministic()).execute("compose config")
    path = app / "conf" / "gone.env"
    assert (text, status) == (f"env file {path} not found: stat {path}: no such file or "
                              f"directory\n", 1)
