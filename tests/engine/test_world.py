"""engine/world.py: the whole world kept and brought back (snapshots, state files)."""

import os
import pickle

import pytest

from engine import Engine, world
from engine.clock import VirtualClock
from engine.image.registry import catalogue

DOCKERFILE = "FROM alpine\nRUN echo built > /built\nCMD [\"cat\", \"/built\"]\n"


def _world_of_things():
    e = Engine.deterministic()
    e.pull("alpine")
    e.build(DOCKERFILE, tags=["mine"])
    e.volumes.create("data")
    e.networks.create("mynet")
    e.run("alpine", ["sh", "-c", "echo hello; sleep 1000"], name="web", volumes=["data:/data"],
          network="mynet")
    e.exec("web", ["sh", "-c", "echo upper > /note; echo vol > /data/f"])
    e.run("mine", name="done")
    e.run("alpine", ["sleep", "500"], name="napper")
    e.pause("napper")
    e.sleep(30)
    return e


def _facts(e):
    """What the world shows: containers with their states, images, volumes, networks,
    files, logs, the clock and the event log."""
    e.settle()
    return {
        "containers": [(c.id, c.name, c.state.status, c.state.started_at, c.state.exit_code,
                        c.config.image) for c in e.containers],
        "images": sorted((s.id, s.repo_tags) for s in e.images.list()),
        "volumes": [v.name for v in e.volumes],
        "networks": sorted((n.id, n.name, str(n.subnet)) for n in e.networks),
        "upper": e.container("web").fs.read("/note"),
        "volume file": e.volumes.get("data").entries["f"].content,
        # a running container's command runs again when restored: its logs go on from there
        "logs": [(line.time, line.text) for line in e.logs("web")][:1] + [(line.text,) for line in e.logs("done")],
        "clock": e.clock.now(),
        "events": [(ev.time, ev.type, ev.action, ev.actor) for ev in e.events],
        "ip": e.container("web").network.endpoints["mynet"].ip,
    }


def test_restore_brings_back_the_world_of_the_snapshot_not_what_came_after():
    e = _world_of_things()
    before = _facts(e)
    kept = world.snapshot(e)
    e.remove("web", force=True)
    e.volumes.remove("data")
    e.networks.remove("mynet")
    e.images.untag("mine")
    e.run("alpine", ["true"], name="later")
    e.sleep(100)
    again = world.restore(kept)
    assert _facts(again) == before
    assert again.clock.now() == kept.now


def test_a_restored_world_goes_on_as_the_original_would_ids_and_names_included():
    e = _world_of_things()
    kept = world.snapshot(e)
    first = e.run("alpine", ["true"])
    second = world.restore(kept).run("alpine", ["true"])
    assert (second.id, second.name) == (first.id, first.name)


def test_each_restore_is_a_new_engine_and_the_snapshot_stays_as_it_was():
    e = _world_of_things()
    kept = world.snapshot(e)
    one = world.restore(kept)
    one.remove("done")
    two = world.restore(kept)
    assert "done" in [c.name for c in two.containers]
    assert "done" in [c.name for c in e.containers]


def test_a_snapshot_shares_the_immutable_layers_and_copies_what_changes():
    e = _world_of_things()
    again = world.restore(world.snapshot(e))
    for image in e.images._images.values():
        assert again.images.get(image.id).layers == image.layers
        assert all(a is b for a, b in zip(again.images.get(image.id).layers, image.layers))
    live, copy = e.container("web"), again.container("web")
    assert copy.fs.lower is live.fs.lower  # one merged index per image, shared
    assert copy.fs.upper is not live.fs.upper
    copy.fs.write("/note", b"changed\n")
    assert e.container("web").fs.read("/note") == b"upper\n"


def test_a_running_container_runs_again_from_its_command_and_answers_exec():
    e = _world_of_things()
    started = e.container("web").state.started_at
    again = world.restore(world.snapshot(e))
    web = again.container("web")
    assert web.state.status == "running"
    assert web.state.started_at == started
    # (its shell ran again and exec'd its last command, as ash does: PID 1 is sleep)
    assert web.main_process.argv == ("sleep", "1000")
    result = again.exec("web", ["cat", "/note", "/data/f"])
    assert (result.status, result.output) == (0, "upper\nvol\n")
    # its command really ran again: it said hello a second time
    assert [line.text for line in again.logs("web")] == ["hello\n", "hello\n"]
    again.sleep(1001)
    assert again.container("web").state.status == "exited"


def test_a_paused_container_comes_back_paused():
    again = world.restore(world.snapshot(_world_of_things()))
    napper = again.container("napper")
    assert napper.state.status == "paused"
    with pytest.raises(Exception, match="is paused"):
        again.exec("napper", ["true"])
    again.unpause("napper")
    assert again.exec("napper", ["echo", "up"]).output == "up\n"


def test_restoring_adds_no_event():
    e = _world_of_things()
    count = len(e.events)
    again = world.restore(world.snapshot(e))
    assert len(again.events) == count


def test_a_state_file_names_catalogue_images_and_stores_built_layers():
    e = _world_of_things()
    data = world.encode(world.snapshot(e, share=False))
    alpine = e.image("alpine")
    again = world.restore(world.decode(data, "f")[0])
    assert again.image("alpine") is alpine  # rebuilt from the catalogue: the very same
    mine = again.image("mine")
    assert mine.id == e.image("mine").id
    assert mine.layers[-1] is not e.image("mine").layers[-1]  # stored, not named
    assert b"/bin/busybox" not in world.decode(data, "f")[0].payload  # alpine's files are not in it


def test_save_and_load_a_file(tmp_path):
    e = _world_of_things()
    path = str(tmp_path / "world.crsim")
    world.save(e, path)
    again = world.load(path)
    assert _facts(again) == _facts(e)
    assert not [p for p in os.listdir(tmp_path) if p != "world.crsim"]  # no temporary left


def test_a_save_cut_short_leaves_the_old_file_whole(tmp_path, monkeypatch):
    e = _world_of_things()
    path = str(tmp_path / "world.crsim")
    world.save(e, path)
    old = open(path, "rb").read()
    e.run("alpine", ["true"], name="newer")

    def half_then_killed(out, data):
        out.write(data[:len(data) // 2])
        raise KeyboardInterrupt  # what a kill in the middle of the write leaves
    monkeypatch.setattr(world, "_write_all", half_then_killed)
    with pytest.raises(KeyboardInterrupt):
        world.save(e, path)
    assert open(path, "rb").read() == old
    assert os.listdir(tmp_path) == ["world.crsim"]
    assert "newer" not in [c.name for c in world.load(path).containers]


@pytest.mark.parametrize("damage", [
    lambda data: b"hello, not a world\n",
    lambda data: b"",
    lambda data: data[:len(data) // 2],  # cut short
    lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit flipped
    lambda data: data.split(b"\n", 1)[0],  # the header alone
])
def test_a_damaged_file_is_not_a_state_file(tmp_path, damage):
    path = tmp_path / "w"
    path.write_bytes(damage(world.encode(world.snapshot(Engine.deterministic(), share=False))))
    with pytest.raises(world.StateFileError) as caught:
        world.load(str(path))
    assert str(caught.value) == f"{path}: not a crsim state file" or \
        str(caught.value) == f"{path}: not a crsim state file (damaged or cut short)"


def test_a_file_of_another_crsim_says_which(tmp_path, monkeypatch):
    path = tmp_path / "w"
    monkeypatch.setattr(world, "VERSION", "0.0.9")
    path.write_bytes(world.encode(world.snapshot(Engine.deterministic(), share=False)))
    monkeypatch.undo()
    with pytest.raises(world.StateFileError) as caught:
        world.load(str(path))
    assert str(caught.value) == f"{path}: was written by crsim 0.0.9, this is crsim {world.VERSION}"
    monkeypatch.setattr(world, "FORMAT", world.FORMAT + 1)
    path.write_bytes(world.encode(world.snapshot(Engine.deterministic(), share=False)))
    monkeypatch.undo()
    with pytest.raises(world.StateFileError, match=r"state format \d+\), this is crsim"):
        world.load(str(path))


def test_a_state_file_may_name_only_the_engines_classes(tmp_path):
    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned > " + str(tmp_path / "pwned"),))
    snapshot = world.snapshot(Engine.deterministic(), share=False)
    evil = world.World(snapshot.now, pickle.dumps(Evil()))
    path = tmp_path / "w"
    path.write_bytes(world.encode(evil))
    with pytest.raises(world.StateFileError, match="not a crsim state file"):
        world.load(str(path))
    assert not (tmp_path / "pwned").exists()
    for reach in ({"__reduce__": lambda self: (getattr, (world.World, "__init__"))},  # then __globals__
                  {"__reduce__": lambda self: (getattr, (Engine, "pull"))}):  # a function, not a method
        evil = world.World(snapshot.now, pickle.dumps(type("Reach", (), reach)()))
        path.write_bytes(world.encode(evil))
        with pytest.raises(world.StateFileError, match="not a crsim state file"):
            world.load(str(path))


def test_an_interactive_engine_with_random_ids_can_be_kept():
    e = Engine(VirtualClock())  # no seed: ids from the system's randomness
    e.pull("busybox")
    e.run("busybox", ["sleep", "100"], name="napper")
    again = world.restore(world.snapshot(e))
    assert again.container("napper").state.running
    assert again.run("busybox", ["true"]).id != e.run("busybox", ["true"]).id


def test_a_state_file_of_an_interactive_engine_draws_new_ids_when_loaded(tmp_path):
    from engine.entropy import SystemEntropy
    e = Engine(VirtualClock())
    e.pull("busybox")
    first = e.run("busybox", ["sleep", "100"], name="napper")
    path = str(tmp_path / "w")
    world.save(e, path)
    again = world.load(path)
    assert again.container("napper").id == first.id and again.container("napper").state.running
    assert type(again.ids._rng) is SystemEntropy and type(again.networks.rng) is SystemEntropy
    ids = {again.run("busybox", ["true"]).id for _ in range(3)} | {e.run("busybox", ["true"]).id}
    assert len(ids) == 4 and all(len(i) == 64 and int(i, 16) >= 0 for i in ids)


def test_a_state_file_of_a_seeded_engine_goes_on_with_its_sequences(tmp_path):
    e = _world_of_things()
    path = str(tmp_path / "w")
    world.save(e, path)
    first = e.run("alpine", ["sleep", "50"])
    again = world.load(path).run("alpine", ["sleep", "50"])
    assert (again.id, again.name) == (first.id, first.name)
    assert again.network.endpoints["bridge"].mac == first.network.endpoints["bridge"].mac


def test_restore_on_a_given_clock():
    e = _world_of_things()
    clock = VirtualClock(e.clock.now() + 3600)
    again = world.restore(world.snapshot(e), clock)
    assert again.clock is clock
    assert again.container("web").state.describe(clock.now()) == "Up About an hour"


def test_fresh_is_an_empty_engine_on_the_same_host_and_clock():
    e = Engine.deterministic(seed=3, cpus=2)
    e.pull("alpine")
    e.run("alpine", ["sleep", "9"])
    new = world.fresh(e)
    assert (len(new.containers), len(new.images), new.host_cpus) == (0, 0, 2)
    assert new.clock is e.clock
    assert new.seed == 3


def test_catalogue_images_of_a_file_are_rebuilt_in_another_process(tmp_path):
    import subprocess
    import sys
    path = str(tmp_path / "w")
    world.save(_world_of_things(), path)
    code = ("import sys; from engine import world; e = world.load(sys.argv[1]); "
            "print(e.exec('web', ['cat', '/note']).output.strip(), e.image('alpine').id[:19], "
            "sorted(c.name for c in e.containers))")
    out = subprocess.run([sys.executable, "-c", code, path], capture_output=True, text=True,
                         cwd=os.path.dirname(os.path.dirname(world.__file__)))
    assert out.stdout.strip() == (f"upper {Engine.deterministic().pull('alpine').image.id[:19]} "
                                  "['done', 'napper', 'web']"), out.stderr


def test_catalogue_names_come_from_the_catalogue_cache():
    e = Engine.deterministic()
    e.pull("busybox")
    names = world._catalogue_names()
    assert names[id(e.image("busybox"))][0] == "image"
    assert any(v[0] == "layer" for v in names.values())
    assert catalogue.built_count() >= 1


def test_shared_namespaces_restarts_and_health_come_back_as_they_were():
    e = Engine.deterministic()
    e.pull("alpine")
    e.run("alpine", ["sleep", "1000"], name="owner", ipc_mode="shareable")
    e.run("alpine", ["sleep", "1000"], name="netj", network="container:owner")
    e.run("alpine", ["sleep", "1000"], name="pidj", pid_mode="container:owner")
    e.run("alpine", ["sleep", "1000"], name="ipcj", ipc_mode="container:owner")
    e.run("alpine", ["sh", "-c", "sleep 1; exit 3"], name="flaky", restart="always")
    e.run("alpine", ["sleep", "1000"], name="checked",
          healthcheck={"Test": ["CMD", "true"], "Interval": 1_000_000_000})
    e.sleep(5)
    before = {c.name: c.state.describe(e.clock.now()) for c in e.containers}
    assert before["flaky"].startswith("Restarting (3)")
    assert e.container("checked").health.status == "healthy"
    again = world.restore(world.snapshot(e))
    assert {c.name: c.state.describe(again.clock.now()) for c in again.containers} == before
    assert again.container("checked").health.status == "healthy"
    owner_ip = e.container("owner").network.endpoints["bridge"].ip
    assert again.exec("netj", ["hostname", "-i"]).output.strip() == \
        f"{owner_ip >> 24}.{owner_ip >> 16 & 255}.{owner_ip >> 8 & 255}.{owner_ip & 255}"
    assert "sleep 1000" in again.exec("pidj", ["ps"]).output.splitlines()[1]  # the owner's PID 1
    flaky = again.container("flaky")
    again.sleep(flaky.restart_delay + 0.01)  # its back-off, waited again from the restore
    assert (flaky.state.status, flaky.restart_count) == ("running", e.container("flaky").restart_count + 1)
