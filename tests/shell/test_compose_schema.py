"""compose files checked against the compose specification's schema, with the message
Docker Compose v2 prints (compose-go's wording over santhosh-tekuri/jsonschema's: the
deepest error, an unknown key counting one level deeper), and compose-go's type casts
after interpolation."""

import glob
import os

import pytest
import yaml

from engine import Engine
from shell.compose import schema
from shell.session import Session

HERE = os.path.dirname(__file__)


@pytest.mark.parametrize("text,message", [
    # the cases of compose-go's loader and schema tests
    ("helicopters:\n  foo:\n    image: busybox\n", " additional properties 'helicopters' not allowed"),
    ("services:\n  - foo:\n      image: busybox\n", "services must be a mapping"),
    ("services:\n  foo: busybox\n", "services.foo must be a mapping"),
    ("networks:\n  - default:\n      driver: bridge\n", "networks must be a mapping"),
    ("networks:\n  default: bridge\n", "networks.default must be a mapping or null"),
    ("volumes:\n  data: local\n", "volumes.data must be a mapping or null"),
    ("services:\n  foo:\n    image: [busybox, latest]\n", "services.foo.image must be a string"),
    ("services:\n  e:\n    image: b\n    environment:\n      FOO: ['1']\n",
     "services.e.environment.FOO must be a boolean, null, number or string"),
    ("services:\n  e:\n    image: b\n    environment: FOO=1\n", "services.e.environment must be a mapping"),
    ("services:\n  t:\n    image: b\n    volumes:\n      - type: tmpfs\n        target: /x\n        foo: 1\n",
     "services.t.volumes.0 additional properties 'foo' not allowed"),
    ("services:\n  t:\n    image: b\n    volumes:\n      - type: tmpfs\n        target: /x\n"
     "        tmpfs:\n          size: 1.5\n", "services.t.volumes.0.tmpfs.size must be a integer"),
    ("services:\n  t:\n    image: b\n    build:\n      context: .\n      ssh: 1\n",
     "services.t.build.ssh must be a mapping"),
    ("name: [x]\n", "name must be a string"),
    # unknown keys are named in the file's order
    ("services:\n  w:\n    image: x\n    foo: 1\n    bar: 2\n", "services.w additional properties 'foo', 'bar' not allowed"),
    ("services:\n  w:\n    image: x\n    depends_on:\n      db:\n        condition: started\n",
     "services.w.depends_on.db.condition value must be one of 'service_started', 'service_healthy', "
     "'service_completed_successfully'"),
    ("services:\n  w:\n    image: x\n    depends_on:\n      db:\n        restart: true\n",
     "services.w.depends_on.db missing property 'condition'"),
    ("services:\n  w:\n    image: x\n    ports: [80, 80]\n", "services.w.ports items at 0 and 1 are equal"),
    # a oneOf whose branches fail at the same depth: the first branch's error
    ("services:\n  w:\n    image: x\n    oom_score_adj: -2000\n", "services.w.oom_score_adj must be a string"),
    ("services:\n  t:\n    image: b\n    volumes:\n      - type: tmpfs\n        target: /x\n"
     "        tmpfs:\n          size: -1\n", "services.t.volumes.0.tmpfs.size must be greater than or equal to 0"),
    ("services:\n  w:\n    image: x\n    pull_policy: sometimes\n",
     "services.w.pull_policy 'sometimes' does not match pattern 'always|never|build|if_not_present|"
     "missing|refresh|daily|weekly|every_([0-9]+[wdhms])+'"),
    ("services:\n  'a b':\n    image: x\n", "services additional properties 'a b' not allowed"),
    ("services:\n  w:\n", "services.w must be a mapping"),
    ("services:\n  w:\n    image: x\n    networks:\n      front:\n        aliases: www\n",
     "services.w.networks.front.aliases must be a array"),
    ("include:\n  - path: a.yaml\n    project: x\n", "include.0 additional properties 'project' not allowed"),
])
def test_messages_are_compose_gos(text, message):
    assert schema.validate(yaml.safe_load(text)) == message


def test_valid_files_pass():
    found = glob.glob(os.path.join(HERE, "..", "**", "*compose*.y*ml"), recursive=True)
    assert len(found) >= 6
    for path in found:
        with open(path) as handle:
            assert schema.validate(yaml.safe_load(handle)) is None, path
    assert schema.validate(yaml.safe_load("x-extra: {}\nservices:\n  bar:\n    image: x\n    x-y: {}\n"
                                          "    depends_on:\n      x-dep:\n        condition: service_started\n"
                                          "secrets:\n  s:\n    name: foobaz\n    x-a: 1\n")) is None


@pytest.fixture
def sh(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return Session(Engine.deterministic()).execute


def test_the_command_names_the_file_and_exits_1(tmp_path, sh):
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    image: nginx\nhelicopters: 1\n")
    assert sh("compose config") == (f"validating {tmp_path / 'compose.yaml'}:  additional properties "
                                    f"'helicopters' not allowed\n", 1)
    assert sh("compose up -d")[1] == 1
    assert sh("ps -aq") == ("", 0)


def test_a_later_file_is_checked_merged_over_the_earlier(tmp_path, sh):
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    image: nginx\n    depends_on: [db]\n"
                                           "  db:\n    image: redis\n")
    (tmp_path / "more.yaml").write_text("services:\n  web:\n    depends_on:\n      cache:\n"
                                        "        condition: service_started\n    restart: [x]\n"
                                        "  cache:\n    image: redis\n")
    out, status = sh("compose -f compose.yaml -f more.yaml config")
    assert (out, status) == (f"validating {tmp_path / 'more.yaml'}: services.web.restart must be a "
                             f"string\n", 1)


def test_strings_become_numbers_and_booleans_where_compose_go_casts_them(tmp_path, sh):
    (tmp_path / "compose.yaml").write_text(
        "services:\n  web:\n    image: nginx\n    read_only: ${RO}\n    deploy:\n      replicas: ${N}\n"
        "    ports:\n      - target: '80'\n")
    (tmp_path / ".env").write_text("RO=yes\nN=2\n")
    out, status = sh("compose config")
    assert status == 0
    assert "read_only: true\n" in out and "replicas: 2\n" in out and "target: 80\n" in out
    (tmp_path / ".env").write_text("RO=maybe\nN=2\n")
    assert sh("compose config") == ("error while interpolating services.web.read_only: failed to cast to "
                                    "expected type: invalid boolean: maybe\n", 1)
    (tmp_path / ".env").write_text("RO=true\nN=two\n")
    assert sh("compose config") == ("error while interpolating services.web.deploy.replicas: failed to "
                                    "cast to expected type: strconv.Atoi: parsing \"two\": invalid syntax\n", 1)
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    image: nginx\n    healthcheck:\n"
                                           "      retries: many\n")
    assert sh("compose config") == ("error while interpolating services.web.healthcheck.retries: failed "
                                    "to cast to expected type: strconv.Atoi: parsing \"many\": invalid "
                                    "syntax\n", 1)


def test_keys_must_be_strings(tmp_path, sh):
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    image: nginx\n    environment:\n      1: FOO\n")
    assert sh("compose config") == ("non-string key in services.web.environment: 1\n", 1)


def test_scalars_are_typed_as_go_yaml_v3_types_them():
    from shell.compose import yaml12
    loaded = yaml12.load("v: [no, off, yes, 'on', true, FALSE, 0400, 0o17, 0x1F, 1_000, 1e3, 08, 80:50, "
                         "2001-01-01, ~, 1.5, tRue]\n")
    assert loaded["v"] == ["no", "off", "yes", "on", True, False, 256, 15, 31, 1000, 1000.0, 8.0,
                           "80:50", "2001-01-01", None, 1.5, "tRue"]


def test_config_quotes_what_would_read_back_as_another_type(tmp_path, sh):
    (tmp_path / "compose.yaml").write_text(
        "services:\n  web:\n    image: nginx\n    restart: no\n    labels:\n      a: yes\n"
        "      b: '1:30'\n      c: '2001-01-01'\n      d: 8080:80\n")
    out, status = sh("compose config")
    assert status == 0
    assert '    restart: "no"\n' in out
    assert '      a: "yes"\n      b: "1:30"\n      c: "2001-01-01"\n      d: 8080:80\n' in out


def test_empty_and_non_mapping_files(tmp_path, sh):
    (tmp_path / "compose.yaml").write_text("")
    assert sh("compose config") == ("empty compose file\n", 1)
    (tmp_path / "compose.yaml").write_text("version: '3.8'\n")
    assert sh("compose config")[0].endswith("empty compose file\n")
    (tmp_path / "compose.yaml").write_text("- web\n")
    assert sh("compose config") == ("top-level object must be a mapping\n", 1)


def test_an_external_volume_takes_no_options(tmp_path, sh):
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    image: nginx\nvolumes:\n  data:\n"
                                           "    external: true\n    x-note: 1\n    driver: local\n")
    assert sh("compose config") == ('volumes.data: conflicting parameters "external" and "driver" '
                                    'specified\n', 1)
