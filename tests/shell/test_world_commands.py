"""reset, snapshot, snapshot ls/rm, restore and crsim-shell --state FILE."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine import Engine, world
from shell.session import Session

ROOT = Path(__file__).resolve().parents[2]

SETUP = """pull alpine
volume create data
network create mynet
run -d --name web -p 8080:80 nginx
run -d --name writer -v data:/data --network mynet alpine sh -c 'echo hello; echo kept > /data/f; echo upper > /note; sleep 1000'
run --name done alpine echo finished
run -d --name napper alpine sleep 500
pause napper
build -t mine - <<EOF
FROM alpine
RUN echo built > /built
EOF
sleep 30"""

# What must read the same after a restore as at the snapshot.
LOOKS = ["ps -a", "images", "volume ls", "network ls", "exec writer cat /note",
         "run --rm -v data:/data alpine cat /data/f", "logs done",
         "inspect -f '{{.NetworkSettings.Networks.mynet.IPAddress}} {{.State.StartedAt}}' writer",
         "port web", "info --format '{{.Containers}} {{.ContainersRunning}} {{.Images}}'"]


def run_all(session, text):
    from shell import script
    results = []
    for line in script.iter_commands(text, "-c"):
        results.append(session.execute(line))
    return results


@pytest.fixture
def world_session():
    session = Session(Engine.deterministic())
    for output, status in run_all(session, SETUP):
        assert status == 0, output
    return session


def looks(session):
    return [session.execute(line) for line in LOOKS]


def test_restore_brings_back_what_the_snapshot_saw(world_session):
    sh = world_session.execute
    before = looks(world_session)
    clock = world_session.engine.clock.now()
    assert sh("snapshot lesson") == ("lesson\n", 0)
    for line in ["rm -f web writer", "volume rm data", "network rm mynet", "rmi mine",
                 "run --name later alpine true", "sleep 300"]:
        assert sh(line)[1] == 0
    assert sh("restore lesson") == ("", 0)
    assert world_session.engine.clock.now() == clock
    assert looks(world_session) == before
    # the running container's command was started again: a second "hello", its files kept
    assert sh("logs writer") == ("hello\nhello\n", 0)
    # a new PID namespace, as after a restart; sh exec'd its last command (as ash does)
    assert sh("exec writer ps -o pid,args") == (
        "PID   COMMAND\n    1 sleep 1000\n    3 ps -o pid,args\n", 0)
    sh("sleep 1")  # nginx, started again, takes its start-up time again before it listens
    assert sh("curl -s localhost:8080")[0].startswith("<!DOCTYPE html>")
    assert sh("exec napper true") == (
        f"Error response from daemon: Container {world_session.engine.container('napper').id} is "
        f"paused, unpause the container before exec\n", 1)


def test_after_a_restore_a_script_prints_again_what_it_printed(world_session):
    sh = world_session.execute
    sh("snapshot here")
    first = [sh("run -d alpine sleep 5"), sh("ps -a --format '{{.Names}} {{.Status}}'")]
    sh("restore here")
    assert [sh("run -d alpine sleep 5"), sh("ps -a --format '{{.Names}} {{.Status}}'")] == first


def test_snapshot_ls_and_rm(world_session):
    sh = world_session.execute
    sh("snapshot one")
    sh("sleep 60")
    sh("rm -f web")
    sh("snapshot two")
    assert sh("snapshot ls") == (
        "NAME      TAKEN                    CONTAINERS   IMAGES    VOLUMES\n"
        "one       About a minute ago       4            3         1\n"
        "two       Less than a second ago   3            3         1\n", 0)
    assert sh("snapshot rm one nothing") == ("one\nError: No such snapshot: nothing\n", 1)
    assert sh("restore one") == ("Error: No such snapshot: one\n", 1)
    assert sh("snapshot 'bad name'") == (
        "Error: invalid snapshot name (bad name), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed\n", 1)
    assert list(world_session.snapshots) == ["two"]


def test_snapshots_outlive_reset_and_restore(world_session):
    sh = world_session.execute
    sh("snapshot keep")
    assert sh("reset -f") == ("", 0)
    assert sh("ps -a -q") == ("", 0)
    assert sh("images -q") == ("", 0)
    sh("restore keep")
    assert sh("restore keep") == ("", 0)
    assert "keep" in sh("snapshot ls")[0]
    assert len(world_session.engine.containers) == 4


def test_reset_asks_first(world_session):
    sh = world_session.execute
    question = ("WARNING! This will remove all containers, images, volumes, networks and the "
                "build cache, and start a fresh engine.\nAre you sure you want to continue? [y/N] ")
    assert sh("reset") == (question + "\n", 0)
    assert sh("reset <<EOF\nn\nEOF") == (question + "n\n", 0)
    assert len(world_session.engine.containers) == 4
    assert sh("reset <<EOF\ny\nEOF") == (question + "y\n", 0)
    assert sh("ps -aq") == ("", 0)
    assert sh("network ls --format '{{.Name}}'") == ("bridge\nhost\nnone\n", 0)


def test_trace_follows_the_new_engine(world_session):
    world_session.trace = True
    world_session.execute("snapshot a")
    world_session.execute("restore a")
    output, status = world_session.execute("kill writer")
    assert "+ kill(" in output and status == 0
    assert len(world_session.engine.events._listeners) == 1


def test_the_toolbar_and_completion_follow_the_sessions_engine(world_session):
    from shell.interactive.completer import CommandCompleter
    from shell.interactive.toolbar import Toolbar
    toolbar = Toolbar(lambda: world_session.engine, plain=True)
    completer = CommandCompleter(lambda: world_session.engine)
    assert toolbar.counts() == (2, 1, 1, 3)
    world_session.execute("reset -f")
    toolbar.refresh()
    assert toolbar.counts() == (0, 0, 0, 0)
    assert completer.engine is world_session.engine


# -- --state FILE -------------------------------------------------------------------

def crsim(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "shell.main", *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)


def test_state_keeps_the_world_across_runs(tmp_path):
    state = str(tmp_path / "world.crsim")
    first = crsim("--state", state, "-c", SETUP + "\nexec writer sh -c 'echo more > /more'")
    assert first.returncode == 0, first.stderr
    assert os.path.exists(state)
    second = crsim("--state", state, "-c", "\n".join(
        ["ps -a --format '{{.Names}} {{.Status}}'", "exec writer cat /note /more", "images --format '{{.Repository}}'",
         "run --rm -v data:/data alpine cat /data/f", "logs done", "network ls --format '{{.Name}}'",
         "run -d alpine true"]))
    assert second.returncode == 0, second.stderr
    out = second.stdout.splitlines()
    assert out[:4] == ["napper Up 30 seconds (Paused)", "done Exited (0) 30 seconds ago",
                       "writer Up 30 seconds", "web Up 30 seconds"]
    assert out[4:12] == ["upper", "more", "mine", "nginx", "alpine", "kept", "finished", "bridge"]
    assert out[12:15] == ["host", "mynet", "none"]
    # the ids go on where the first run left them, so a third run sees the same
    third = crsim("--state", state, "-c", "ps -aq --no-trunc")
    assert out[15] in third.stdout.split()


def test_a_damaged_state_file_is_left_alone(tmp_path):
    state = tmp_path / "world.crsim"
    state.write_bytes(b"crsim-state {\"format\": 1}\nrest")
    done = crsim("--state", str(state), "-c", "ps")
    assert (done.returncode, done.stdout, done.stderr) == (
        1, "", f"crsim-shell: {state}: not a crsim state file\n")
    assert state.read_bytes() == b"crsim-state {\"format\": 1}\nrest"


def test_a_state_file_of_another_version(tmp_path):
    state = tmp_path / "world.crsim"
    data = world.encode(world.snapshot(Engine.deterministic(), share=False))
    state.write_bytes(data.replace(f'"crsim": "{world.VERSION}"'.encode(), b'"crsim": "9.9.9"'))
    done = crsim("--state", str(state), "-c", "ps")
    assert (done.returncode, done.stderr) == (
        1, f"crsim-shell: {state}: was written by crsim 9.9.9, this is crsim {world.VERSION}\n")


def test_a_state_file_that_cannot_be_written(tmp_path):
    state = tmp_path / "no" / "such" / "dir" / "world.crsim"
    done = crsim("--state", str(state), "-c", "ps")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (f"crsim-shell: {state}: cannot save the state: No such file or "
                           f"directory\n")


def test_state_saves_after_each_command_that_changed_something(tmp_path):
    state = str(tmp_path / "w")
    session = Session(Engine.deterministic(), state_file=state)
    session.execute("pull busybox")
    saved = os.stat(state).st_mtime_ns
    os.utime(state, ns=(0, 0))
    session.execute("ps")
    assert os.stat(state).st_mtime_ns == 0  # nothing changed: nothing written
    session.execute("run -d --name napper busybox sleep 100")
    assert os.stat(state).st_mtime_ns != 0 and saved
    assert world.load(state).container("napper").state.running


def test_an_empty_state_file_is_a_new_world(tmp_path):
    state = tmp_path / "world.crsim"
    state.touch()
    done = crsim("--state", str(state), "-c", "pull busybox")
    assert done.returncode == 0, done.stderr
    assert world.load(str(state)).image("busybox")


def test_a_directory_is_no_state_file(tmp_path):
    done = crsim("--state", str(tmp_path), "-c", "ps")
    assert (done.returncode, done.stdout, done.stderr) == (
        1, "", f"crsim-shell: {tmp_path}: Is a directory\n")


def test_inspect_after_a_restore_differs_only_in_the_new_pid_1(world_session):
    sh = world_session.execute

    def inspected():
        lines = sh("inspect web writer napper done")[0].splitlines()
        return ([line for line in lines if '"Pid":' not in line],
                [line.strip() for line in lines if '"Pid":' in line])
    before, pids = inspected()
    sh("snapshot s")
    sh("restore s")
    after, new_pids = inspected()
    assert after == before
    assert [p == q for p, q in zip(pids, new_pids)] == [False, False, False, True]  # done: 0
    assert new_pids[-1] == '"Pid": 0,'


def test_state_keeps_the_snapshots_too(tmp_path):
    state = str(tmp_path / "world.crsim")
    first = crsim("--state", state, "-c", "pull busybox\nrun -d --name napper busybox sleep 900\n"
                  "snapshot start\nrm -f napper\nsnapshot empty\nsnapshot rm empty")
    assert first.returncode == 0, first.stderr
    second = crsim("--state", state, "-c", "snapshot ls\nps -aq\nrestore start\n"
                   "ps -a --format '{{.Names}} {{.Status}}'")
    assert second.returncode == 0, second.stderr
    assert second.stdout == ("NAME      TAKEN                    CONTAINERS   IMAGES    VOLUMES\n"
                             "start     Less than a second ago   1            1         0\n"
                             "napper Up Less than a second\n")


def test_lesson_back_brings_the_world_back_as_it_was_before_the_step():
    shell = Session(Engine.deterministic(), interactive=True)
    shell.execute("lesson 1")
    player = shell.player
    for _ in range(3):  # run the first steps as the prompt runs them
        step = player.current()
        assert player.about_to_run(step.command)
        shell.execute(step.command)
        player.completed()
    before_step = [s.command for s in player.steps[:3]]
    assert any(command.startswith(("run", "pull")) for command in before_step)
    images = shell.execute("images -q")[0]
    out, status = shell.execute("lesson back")
    assert status == 0 and "the world is back as it was before that step" in out
    # the third step's effect is gone, the first two's stay
    kept = Session(Engine.deterministic())
    for command in before_step[:2]:
        kept.execute(command)
    assert shell.execute("ps -a")[0] == kept.execute("ps -a")[0]
    assert shell.execute("images -q")[0] == kept.execute("images -q")[0]
    assert images  # (something was pulled on the way)


def test_restore_tells_the_terminal_that_running_containers_started_again(world_session):
    told = []
    world_session.notify = told.append
    world_session.execute("snapshot s")
    assert world_session.execute("restore s") == ("", 0)
    assert told == ["3 containers running at the snapshot: their commands started again as PID 1\n"]


def test_a_world_that_cannot_be_pickled_is_one_line_and_the_old_file_stays(tmp_path):
    state = tmp_path / "w"
    session = Session(Engine.deterministic(), state_file=str(state))
    session.execute("pull busybox")
    old = state.read_bytes()
    session.engine.odd = lambda: None  # something of someone else's, hung on the engine
    session.engine.odd.__qualname__ = "odd"  # (a plain function, not a closure: kept)
    output, status = session.execute("run -d busybox sleep 9")
    assert status == 0
    assert output.splitlines()[-1].startswith(
        f"crsim-shell: {state}: cannot save the state: PicklingError: Can't pickle <function odd")
    assert state.read_bytes() == old
