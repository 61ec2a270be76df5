"""compose images: Compose v2.39's table, -q and --format json, from the containers'
images (a pulled image's zero LastTagTime is Go's largest duration ago)."""

import json

import pytest

from engine import Engine
from shell.session import Session

COMPOSE = "services:\n  web:\n    image: nginx\n    deploy:\n      replicas: 2\n  cache:\n    image: redis:7\n"


@pytest.fixture
def sh(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    run = Session(Engine.deterministic()).execute
    assert run("compose -p shop up -d")[1] == 0
    return run


def test_the_table_lists_each_container_by_name(sh):
    nginx = sh("inspect -f '{{.Id}}' nginx")[0].strip()
    out, status = sh("compose -p shop images")
    assert status == 0
    assert out.splitlines() == [
        "CONTAINER           REPOSITORY          TAG                 PLATFORM            IMAGE ID            SIZE                CREATED",
        "shop-cache-1        redis               7                   linux/amd64         "
        + sh("inspect -f '{{.Id}}' redis:7")[0][7:19] + "        123MB               292 years ago",
        f"shop-web-1          nginx               latest              linux/amd64         {nginx[7:19]}        152MB               292 years ago",
        f"shop-web-2          nginx               latest              linux/amd64         {nginx[7:19]}        152MB               292 years ago"]
    assert [line.split()[0] for line in sh("compose -p shop images cache")[0].splitlines()] == ["CONTAINER", "shop-cache-1"]


def test_quiet_lists_each_image_once_and_json_has_compose_fields(sh):
    ids = sh("compose -p shop images -q")[0].splitlines()
    assert len(ids) == 2 and all(len(i) == 64 for i in ids)
    out, status = sh("compose -p shop images --format json")
    assert status == 0 and out.endswith("]\n\n")
    first = json.loads(out)[0]
    assert list(first) == ["ID", "ContainerName", "Repository", "Tag", "Platform", "Size", "LastTagTime"]
    assert (first["ContainerName"], first["Repository"], first["Tag"], first["LastTagTime"]) == (
        "shop-cache-1", "redis", "7", "0001-01-01T00:00:00Z")
    assert sh("compose -p none images --format json") == ("null\n\n", 0)
    assert sh("compose -p shop images --format xml") == (
        'format value "xml" could not be parsed: parsing failed\n', 1)


def test_images_the_daemon_tagged_have_a_last_tag_time(tmp_path, monkeypatch):
    """build, tag, commit and import set Metadata.LastTagTime (moby's TagImage); pull and
    load do not, and `compose images` shows it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Dockerfile").write_text("FROM alpine\nRUN echo hi > /x\n")
    (tmp_path / "compose.yaml").write_text("services:\n  app:\n    build: .\n    command: sleep 100\n"
                                           "  cache:\n    image: redis:7\n")
    sh = Session(Engine.deterministic()).execute
    assert sh("compose -p bt up -d")[1] == 0
    assert sh("sleep 130")[1] == 0
    rows = {line.split()[0]: line for line in sh("compose -p bt images")[0].splitlines()[1:]}
    assert rows["bt-app-1"].endswith("   2 minutes ago") and rows["bt-cache-1"].endswith("   292 years ago")
    assert sh("inspect -f '{{json .Metadata}}' redis:7") == ('{"LastTagTime":"0001-01-01T00:00:00Z"}\n', 0)
    built = sh("inspect -f '{{json .Metadata}}' bt-app")[0]
    assert built.startswith('{"LastTagTime":"20') and built != sh("inspect -f '{{json .Metadata}}' redis:7")[0]
    assert sh("tag redis:7 myredis")[1] == 0
    assert sh("inspect -f '{{json .Metadata}}' redis:7")[0] != '{"LastTagTime":"0001-01-01T00:00:00Z"}\n'
    assert sh("compose -p bt down")[1] == 0  # no container keeps the image (and its metadata)
    assert sh("rmi myredis redis:7")[1] == 0 and sh("pull -q redis:7")[1] == 0
    assert sh("inspect -f '{{json .Metadata}}' redis:7") == ('{"LastTagTime":"0001-01-01T00:00:00Z"}\n', 0)


def test_a_template_prints_a_time_as_go_does(tmp_path, monkeypatch):
    """time.Time fields (LastTagTime, a network's Created) print as Go's String()."""
    monkeypatch.chdir(tmp_path)
    sh = Session(Engine.deterministic()).execute
    assert sh("pull -q alpine")[1] == 0
    assert sh("inspect -f '{{.Metadata.LastTagTime}}' alpine") == ("0001-01-01 00:00:00 +0000 UTC\n", 0)
    assert sh("tag alpine mine")[1] == 0
    out = sh("inspect -f '{{.Metadata.LastTagTime}}' alpine")[0]
    assert out.endswith(" +0000 UTC\n") and out[10] == " " and not out.startswith("0001")
