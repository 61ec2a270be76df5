"""The project Compose acts on: networks, volumes, secrets and configs that no enabled
service uses are dropped (compose-go's WithoutUnnecessaryResources), so `config` does not
show them and `up` does not create them."""

from engine import Engine
from shell.session import Session

COMPOSE = """services:
  web:
    image: nginx
    networks: [front]
    volumes: [data:/data]
  admin:
    image: nginx
    profiles: [debug]
    networks: [back]
    volumes: [logs:/logs]
networks:
  front: {}
  back: {}
volumes:
  data: {}
  logs: {}
"""


def test_unused_resources_are_left_out(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    sh = Session(Engine.deterministic()).execute
    out, status = sh("compose -p m config")
    assert status == 0
    assert out.endswith("networks:\n  front:\n    name: m_front\nvolumes:\n  data:\n    name: m_data\n")
    assert sh("compose -p m config --volumes") == ("data\n", 0)
    assert "  back:\n" in sh("compose -p m --profile debug config")[0]
    assert sh("compose -p m up -d")[1] == 0
    assert sh("network ls --format '{{.Name}}' --filter name=m_") == ("m_front\n", 0)
    assert sh("volume ls -q") == ("m_data\n", 0)
