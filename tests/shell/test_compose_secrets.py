"""compose secrets and configs: `config` as compose-go writes them (names, absolute files,
the service's long form, secrets' default target, octal modes, unused ones dropped), and
the files a container gets (bind-mounted read-only, or written with mode/uid/gid)."""

import pytest

from engine import Engine
from shell.session import Session

COMPOSE = """services:
  web:
    image: alpine
    command: sleep 1000
    secrets:
      - db_password
      - source: token
        target: api_token
        uid: "1000"
        gid: "1001"
        mode: 0400
    configs:
      - nginx_conf
      - source: motd
        target: /etc/motd
        mode: 0440
  other:
    image: alpine
    profiles: [off]
    secrets: [unused]
secrets:
  db_password:
    file: ./db_password.txt
  token:
    environment: TOKEN
  unused:
    file: ./x
configs:
  nginx_conf:
    file: conf/nginx.conf
  motd:
    content: |
      Welcome to ${SITE:-crsim}
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    (tmp_path / "db_password.txt").write_text("s3cret\n")
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "nginx.conf").write_text("listen 80;\n")
    return tmp_path


@pytest.fixture
def sh(project):
    session = Session(Engine.deterministic())
    session.environ["TOKEN"] = "tok123"
    return session.execute


def test_config_prints_them_as_compose_does(project, sh):
    out, status = sh("compose -p shop config")
    assert status == 0
    assert """    secrets:
      - source: db_password
        target: /run/secrets/db_password
      - source: token
        target: api_token
        uid: "1000"
        gid: "1001"
        mode: "0400"
""" in out
    assert """    configs:
      - source: nginx_conf
      - source: motd
        target: /etc/motd
        mode: "0440"
""" in out
    assert out.endswith(f"""secrets:
  db_password:
    name: shop_db_password
    file: {project}/db_password.txt
  token:
    name: shop_token
    environment: TOKEN
configs:
  motd:
    name: shop_motd
    content: |
      Welcome to crsim
  nginx_conf:
    name: shop_nginx_conf
    file: {project}/conf/nginx.conf
""")


def test_containers_get_the_files(project, sh):
    assert sh("compose -p shop up -d")[1] == 0
    assert sh("exec shop-web-1 cat /run/secrets/db_password /run/secrets/api_token /etc/motd "
              "/nginx_conf") == ("s3cret\ntok123Welcome to crsim\nlisten 80;\n", 0)
    listing = sh("exec shop-web-1 stat -c '%a %u %g %n' /run/secrets/api_token /etc/motd")[0]
    assert listing == "400 1000 1001 /run/secrets/api_token\n440 0 0 /etc/motd\n"
    assert sh("exec shop-web-1 sh -c 'echo x > /run/secrets/db_password'") == (
        "sh: can't create /run/secrets/db_password: Read-only file system\n", 1)
    mounts = sh("inspect -f '{{range .Mounts}}{{.Destination}} {{.RW}};{{end}}' shop-web-1")[0]
    assert mounts == "/run/secrets/db_password false;/nginx_conf false;\n"


def test_problems_are_reported_as_compose_does(project, sh):
    sh_env = sh
    (project / "compose.yaml").write_text(COMPOSE.replace("    environment: TOKEN\n",
                                                          "    environment: TOKEN\n    file: ./t\n"))
    assert sh("compose config") == ("secrets.token: file|environment attributes are mutually "
                                    "exclusive\n", 1)
    (project / "compose.yaml").write_text(COMPOSE.replace("    content: |\n      Welcome to ${SITE:-crsim}\n",
                                                          "    labels: [a=b]\n"))
    assert sh("compose config") == ("configs.motd: one of file|environment|content must be set\n", 1)
    (project / "compose.yaml").write_text(COMPOSE.replace("      - nginx_conf\n", "      - nope\n"))
    assert sh("compose config") == ('service "web" refers to undefined config nope: invalid compose '
                                    'project\n', 1)
    (project / "compose.yaml").write_text(COMPOSE.replace("environment: TOKEN", "environment: NOT_SET"))
    out, status = sh_env("compose -p shop up -d")
    assert status == 1
    assert out.endswith('environment variable "NOT_SET" required by secret "shop_token" is not set\n')
    (project / "compose.yaml").write_text(COMPOSE.replace("    command: sleep 1000\n",
                                                          "    command: sleep 1000\n    read_only: true\n"))
    out, status = sh("compose -p ro up -d")
    assert status == 1 and out.endswith('cannot create secret "ro_token" in read-only service web: '
                                        '`file` is the sole supported option\n')


def test_awesome_compose_nginx_golang_postgres_secret(tmp_path, monkeypatch):
    """The sample's db reads its password from /run/secrets/db-password (the file beside it)."""
    import os
    import shutil
    sample = os.path.join(os.path.dirname(__file__), "compose_files", "nginx-golang-postgres")
    shutil.copytree(sample, tmp_path / "nginx-golang-postgres")
    monkeypatch.chdir(tmp_path / "nginx-golang-postgres")
    sh = Session(Engine.deterministic()).execute
    out, status = sh("compose config")
    assert status == 0
    assert "    secrets:\n      - source: db-password\n        target: /run/secrets/db-password\n" in out
    assert out.endswith(f"secrets:\n  db-password:\n    name: nginx-golang-postgres_db-password\n"
                        f"    file: {tmp_path}/nginx-golang-postgres/db/password.txt\n")
    assert sh("compose up -d db")[1] == 0
    assert sh("exec nginx-golang-postgres-db-1 cat /run/secrets/db-password") == ("db-frknz", 0)


def test_a_mounted_file_ignores_mode_with_compose_warning(project, sh):
    (project / "compose.yaml").write_text(COMPOSE.replace("      - db_password\n",
                                                          "      - source: db_password\n        mode: 0400\n"))
    out, status = sh("compose -p shop up -d")
    assert status == 0
    assert ('level=warning msg="secrets `uid`, `gid` and `mode` are not supported, they will be '
            'ignored"\n') in out
    assert sh("exec shop-web-1 stat -c '%a' /run/secrets/db_password")[0] != "400\n"


def test_a_one_off_container_gets_them_too(project, sh):
    out, status = sh("compose -p shop run --rm web cat /run/secrets/api_token /etc/motd")
    assert status == 0 and out.endswith(" Network shop_default  Created\ntok123Welcome to crsim\n")


def test_an_external_secret_cannot_be_mounted_without_swarm(project, sh):
    (project / "compose.yaml").write_text(COMPOSE.replace("  token:\n    environment: TOKEN\n",
                                                          "  token:\n    external: true\n"))
    assert "    name: token\n    external: true\n" in sh("compose -p shop config")[0]
    out, status = sh("compose -p shop up -d")
    assert status == 1 and out.endswith("unsupported external secret token\n")
