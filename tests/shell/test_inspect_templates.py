"""inspect --format as the docker CLI runs it: on the object's Go type first (Go field
names, zero values for what the JSON leaves out, Go's printing of structs and pointers),
then, if that fails, on the JSON maps with missingkey=error."""

import json

import pytest

from shell.render.inspect_types import _types, marshal, typed


@pytest.fixture(autouse=True)
def running(sh):
    sh("pull -q alpine")
    sh("run -d --name cc alpine sleep 1000")


def test_go_field_names_and_zero_values(sh):
    cid = sh("inspect -f '{{.Id}}' cc")[0].strip()
    assert sh("inspect -f '{{.ID}}' cc") == (cid + "\n", 0)  # the Go name
    assert sh("inspect -f '{{.State.Health}}|{{.SizeRw}}|{{.State.Running}}' cc") == (
        "<nil>|<nil>|true\n", 0)  # left out of the JSON: the Go zero value
    state = sh("inspect -f '{{.State}}' cc")[0]
    assert state.startswith("&{running true false false false false ") and state.endswith(" <nil>}\n")
    assert sh("inspect -f '{{.NetworkSettings.Networks}}' cc")[0].startswith("map[bridge:0xc000")
    assert json.loads(sh("inspect -f '{{json .State}}' cc")[0])["Status"] == "running"
    assert sh("inspect -f '{{.Config.Labels.x}}' cc") == ("<no value>\n", 0)  # a map's missing key


def test_failures_are_the_maps_errors(sh):
    assert sh("inspect -f '{{.Nope}}' cc") == (
        '\ntemplate parsing error: template: :1:2: executing "" at <.Nope>: map has no entry '
        'for key "Nope"\n', 1)
    # Health is nil in the Go value, absent from the JSON: the maps' error is the one shown
    out, status = sh("inspect -f '{{.State.Health.Status}}' cc")
    assert status == 1 and 'map has no entry for key "Health"' in out
    # one failing template does not stop the others; the names not found come last
    out, status = sh("inspect -f '{{.Name}}' cc nosuch")
    assert (out, status) == ("/cc\nError: No such object: nosuch\n", 1)
    assert sh("inspect -f '{{.Name}} {{.Nope}}' bridge")[1] == 1
    assert sh("image inspect -f '{{.Id}}' alpine")[0].startswith("sha256:")


def test_every_inspected_kind_has_its_go_type():
    for kind in ("container.InspectResponse", "image.InspectResponse", "network.Inspect",
                 "volume.Volume"):
        assert "fields" in _types()[kind]
    value = typed({"Name": "v", "Driver": "local"}, "volume.Volume")
    assert value.fields["Name"] == "v" and value.fields["Labels"] == {} and value.fields["UsageData"] is None


def test_json_is_written_as_encoding_json_writes_the_type(sh):
    # fields in declaration order, the missing ones as zero values, empty omitempty ones out
    assert list(marshal({"Scope": "local", "Name": "v"}, "volume.Volume")) == [
        "Driver", "Labels", "Mountpoint", "Name", "Options", "Scope"]
    assert marshal({"Name": "v", "Status": {}}, "volume.Volume")["Labels"] is None
    assert "Status" not in marshal({"Name": "v", "Status": {}}, "volume.Volume")
    assert marshal({"Name": "v", "Extra": 1}, "volume.Volume")["Extra"] == 1  # kept, last
    host = json.loads(sh("inspect -f '{{json .HostConfig}}' cc")[0])
    keys = list(host)
    assert keys.index("Binds") < keys.index("ShmSize") < keys.index("Runtime") < keys.index("CpuShares")
    assert (host["CgroupnsMode"], host["Runtime"], host["Ulimits"]) == ("private", "runc", [])
    assert "/proc/kcore" in host["MaskedPaths"] and host["ReadonlyPaths"][-1] == "/proc/sysrq-trigger"


def test_privileged_containers_have_nothing_masked(sh):
    sh("run -d --name priv --privileged alpine sleep 100")
    assert sh("inspect -f '{{json .HostConfig.MaskedPaths}} {{.HostConfig.ReadonlyPaths}}' priv") == (
        "null []\n", 0)
