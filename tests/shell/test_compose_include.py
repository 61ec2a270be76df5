"""compose `include`: other files loaded from their own directories with their own .env
(the including project's variables first), their resources added, conflicts and cycles
refused with compose-go's messages."""

import pytest

from engine import Engine
from shell.session import Session


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "db").mkdir()
    (tmp_path / "cache").mkdir()
    (tmp_path / "compose.yaml").write_text(
        "include:\n  - db/compose.yaml\n  - path: cache/cache.yaml\n    env_file: cache.env\n"
        "services:\n  web:\n    image: nginx\n    depends_on: [db, cache]\n")
    (tmp_path / "db" / "compose.yaml").write_text(
        "services:\n  db:\n    image: postgres:${PG_VERSION}\n    volumes:\n      - ./data:/data\n"
        "    secrets: [pw]\nsecrets:\n  pw:\n    file: ./pw.txt\n")
    (tmp_path / "db" / ".env").write_text("PG_VERSION=16\n")
    (tmp_path / "cache.env").write_text("REDIS_TAG=7\n")
    (tmp_path / "cache" / "cache.yaml").write_text("services:\n  cache:\n    image: redis:${REDIS_TAG}\n")
    return tmp_path


@pytest.fixture
def session():
    return Session(Engine.deterministic())


def test_included_services_come_with_their_own_paths_and_variables(project, session):
    out, status = session.execute("compose config")
    assert status == 0, out
    assert "    image: postgres:16\n" in out and "    image: redis:7\n" in out
    assert f"        source: {project}/db/data\n" in out
    assert out.endswith(f"secrets:\n  pw:\n    name: {project.name.lower()}_pw\n    file: {project}/db/pw.txt\n")
    session.environ["PG_VERSION"] = "15"  # the including project's variables come first
    assert "    image: postgres:15\n" in session.execute("compose config")[0]
    del session.environ["PG_VERSION"]
    (project / "db" / "pw.txt").write_text("pg-pass\n")
    out, status = session.execute("compose -p inc up -d")
    assert status == 0, out
    assert session.execute("ps --format '{{.Names}} {{.Image}}'")[0] == (
        "inc-web-1 nginx\ninc-db-1 postgres:16\ninc-cache-1 redis:7\n")
    assert session.execute("exec inc-db-1 cat /run/secrets/pw") == ("pg-pass\n", 0)


def test_conflicts_and_cycles_are_refused(project, session):
    (project / "compose.yaml").write_text("include:\n  - db/compose.yaml\nservices:\n  db:\n    image: mysql\n")
    assert session.execute("compose config") == ("services.db conflicts with imported resource\n", 1)
    (project / "compose.yaml").write_text("include:\n  - db/compose.yaml\n")
    (project / "db" / "compose.yaml").write_text("include:\n  - ../compose.yaml\nservices:\n  db:\n    image: x\n")
    assert session.execute("compose config") == (
        f"include cycle detected:\n{project}/compose.yaml\n include {project}/db/compose.yaml\n"
        f" include {project}/compose.yaml\n", 1)
    (project / "db" / "compose.yaml").write_text("services:\n  db:\n    image: x\n    bogus: 1\n")
    assert session.execute("compose config") == (
        f"validating {project}/db/compose.yaml: services.db additional properties 'bogus' not allowed\n", 1)
    (project / "compose.yaml").write_text("include:\n  - path: db/compose.yaml\n    env_file: nope.env\n")
    assert session.execute("compose config") == (f"stat {project}/nope.env: no such file or directory\n", 1)
