"""The Engine facade as a library user meets it."""

import subprocess
import sys

from engine import Engine


def test_engine_imports_without_prompt_toolkit_or_pygments():
    code = ("import sys; from engine import Engine; e = Engine(); e.pull('busybox'); "
            "c = e.run('busybox', ['sleep', '1']); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('prompt_toolkit', 'pygments')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_importing_the_engine_builds_no_image():
    code = ("import engine, engine.image.registry as r; "
            "print(r.catalogue.built_count())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


def test_deterministic_engines_repeat_ids_names_and_times():
    def session():
        e = Engine.deterministic(seed=7)
        e.pull("alpine")
        c = e.run("alpine", ["sleep", "30"])
        e.sleep(5)
        return c.id, c.name, c.state.started_at, c.config.hostname
    assert session() == session()


def test_pull_then_run_in_a_real_image():
    e = Engine.deterministic()
    result = e.pull("alpine:3.19")
    assert e.image("alpine:3.19").id == result.image.id
    c = e.run("alpine:3.19", ["echo", "hi"])
    assert c.state.exit_code == 0
    assert [line.text for line in e.logs(c.id)] == ["hi\n"]
    assert c.fs.read("/etc/alpine-release").startswith(b"3.19")
    assert c.fs.lstat("/bin/sleep").target == "/bin/busybox"


def test_every_effect_is_an_event_with_its_linux_operation():
    e = Engine.deterministic()
    e.pull("busybox")
    c = e.run("busybox", ["sleep", "100"], name="ev")
    e.stop("ev")
    e.remove("ev")
    mine = [ev for ev in e.events if ev.actor == c.id]
    assert [ev.action for ev in mine] == ["create", "start", "kill", "kill", "die", "stop", "destroy"]
    start = mine[1]
    assert start.attributes == {"image": "busybox", "name": "ev"}
    task = next(ev for ev in e.events.everything() if ev.type == "task" and ev.actor == c.id)
    assert any("lowerdir=" in op and "upperdir=" in op and "workdir=" in op for op in task.linux)
    assert start.linux == ('execve("/bin/sleep", ["sleep", "100"])',)
    assert any(op.startswith("kill(") and "SIGTERM" in op for op in mine[2].linux)
    assert e.events.since(0)[0].type == "image"


def test_containers_of_one_image_share_one_index():
    e = Engine.deterministic()
    e.pull("python")
    a, b = e.create("python"), e.create("python")
    assert a.fs.lower is b.fs.lower
    a.fs.write("/tmp/only-a", b"1")
    assert not b.fs.exists("/tmp/only-a")


def test_resource_limits_are_validated_like_the_daemon():
    import pytest
    from engine import InvalidParameter
    e = Engine.deterministic()
    e.pull("busybox")
    with pytest.raises(InvalidParameter) as info:
        e.create("busybox", memory=4 * 1024 * 1024)
    assert str(info.value) == "Minimum memory limit allowed is 6MB"
    with pytest.raises(InvalidParameter) as info:
        e.create("busybox", nano_cpus=8 * 10 ** 9)
    assert str(info.value) == ("Range of CPUs is from 0.01 to 4.00, as there are only 4 CPUs "
                               "available")
    assert len(e.containers) == 0
