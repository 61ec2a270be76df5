"""--state FILE written by a child process (shell/background_save.py): the file it
leaves, failures, one child at a time, signals, and the wait at exit."""

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine import Engine, world
from shell import background_save
from shell.session import Output, Session

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve()

pytestmark = pytest.mark.skipif(not background_save.AVAILABLE, reason="no os.fork here")


def install_writer(log: str, delay: float = 0.0, fail_flag: str = "") -> None:
    """Make every state file write note its process and times in ``log``, take
    ``delay`` seconds, and fail with ENOSPC once if ``fail_flag`` exists (a file: the
    child is another process, it cannot tell the test otherwise)."""
    real = world._write_all

    def note(what):
        with open(log, "a") as out:
            out.write(f"{what} {os.getpid()} {time.monotonic():.6f}\n")

    def writing(out, data):
        note("start")
        time.sleep(delay)
        if fail_flag and os.path.exists(fail_flag):
            os.unlink(fail_flag)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(out, data)
        note("end")

    world._write_all = writing


def writes(log) -> list:
    """(what, pid, time) for each line of the log."""
    if not os.path.exists(log):
        return []
    return [(what, int(pid), float(when)) for what, pid, when in
            (line.split() for line in Path(log).read_text().splitlines())]


@pytest.fixture
def writer(tmp_path, monkeypatch):
    """install_writer for this test (``world._write_all`` restored after it)."""
    monkeypatch.setattr(world, "_write_all", world._write_all)
    log = str(tmp_path / "log")
    return lambda **how: install_writer(log, **how) or log


def background_session(state) -> Session:
    session = Session(Engine.deterministic(), state_file=str(state))
    session.save_in_background = True
    return session


def ended(session) -> None:
    """Wait until the session's child has ended, without reaping it (the session must)."""
    os.waitid(os.P_PID, session._background.pid, os.WEXITED | os.WNOWAIT)


def test_a_child_process_writes_the_world_and_exit_leaves_it_complete(tmp_path, writer):
    log, state = writer(delay=0.2), tmp_path / "w"
    session = background_session(state)
    text, status = session.execute("run -d --name napper alpine sleep 1000")
    assert status == 0 and "cannot save" not in text
    child = session._background.pid
    assert child not in (None, os.getpid())
    assert session.save_state(force=True) is True  # waits for the child
    assert [(what, pid) for what, pid, _ in writes(log)] == [("start", child), ("end", child)]
    assert world.load(str(state)).container("napper").state.running
    assert [name for name in os.listdir(tmp_path) if name.startswith(".crsim-state-")] == []


def test_a_session_made_directly_saves_in_its_own_process(tmp_path, writer):
    log, state = writer(), tmp_path / "w"
    session = Session(Engine.deterministic(), state_file=str(state))
    session.execute("run -d --name napper alpine sleep 1000")
    assert {pid for _, pid, _ in writes(log)} == {os.getpid()}
    assert world.load(str(state)).container("napper")


def test_without_fork_the_save_is_synchronous(tmp_path, writer, monkeypatch):
    monkeypatch.setattr(background_save, "AVAILABLE", False)
    log, state = writer(), tmp_path / "w"
    session = background_session(state)
    session.execute("run -d --name napper alpine sleep 1000")
    assert session._background is None and {pid for _, pid, _ in writes(log)} == {os.getpid()}
    assert world.load(str(state)).container("napper")


def test_a_failure_in_the_child_is_said_once_by_the_next_command(tmp_path, writer):
    flag = tmp_path / "fail"
    flag.touch()
    log, state = writer(fail_flag=str(flag)), tmp_path / "w"
    session = background_session(state)
    first, status = session.execute("run -d --name napper alpine sleep 1000")
    assert status == 0 and "cannot save" not in first
    ended(session)
    second, status = session.execute("ps -q")
    assert status == 0
    assert second.count(f"crsim-shell: {state}: cannot save the state: No space left on device\n") == 1
    assert session.save_state(force=True) is True  # the world was written again, by a child
    third, _ = session.execute("ps -q")
    assert "cannot save" not in third
    assert world.load(str(state)).container("napper")
    assert [what for what, _, _ in writes(log)] == ["start", "start", "end"]


def test_a_failure_at_exit_is_said_and_the_world_written_synchronously(tmp_path, writer):
    flag = tmp_path / "fail"
    flag.touch()
    log, state = writer(fail_flag=str(flag)), tmp_path / "w"
    session = background_session(state)
    session.execute("run -d --name napper alpine sleep 1000")
    child = session._background.pid
    out = Output()
    assert session.save_state(out, force=True) is True  # as main.py's last save
    assert out.text == f"crsim-shell: {state}: cannot save the state: No space left on device\n"
    assert [(what, pid) for what, pid, _ in writes(log)] == [
        ("start", child), ("start", os.getpid()), ("end", os.getpid())]
    assert world.load(str(state)).container("napper")


def test_a_new_save_waits_for_the_running_child_and_writes_the_newer_world(tmp_path, writer):
    log, state = writer(delay=0.3), tmp_path / "w"
    session = background_session(state)
    session.execute("run -d --name first alpine sleep 1000")
    one = session._background.pid
    session.execute("run -d --name second alpine sleep 1000")
    two = session._background.pid
    assert two != one
    with pytest.raises(ChildProcessError):  # the first child was reaped before the fork
        os.waitpid(one, os.WNOHANG)
    session.save_state(force=True)
    assert [(what, pid) for what, pid, _ in writes(log)] == [
        ("start", one), ("end", one), ("start", two), ("end", two)]
    loaded = world.load(str(state))
    assert loaded.container("first") and loaded.container("second")


def test_nothing_changed_nothing_forked(tmp_path, writer):
    log, state = writer(), tmp_path / "w"
    session = background_session(state)
    session.execute("run -d --name napper alpine sleep 1000")
    child = session._background.pid
    ended(session)
    session.execute("ps")
    assert session._background.pid is None  # reaped, and no new child
    session.save_state(force=True)  # the child wrote this very world: no write at exit
    assert [pid for _, pid, _ in writes(log)] == [child, child]


# -- in a process of its own: signals to the process group, crsim-shell's exit ----------

DRIVER = f"""
import importlib.util, os, signal, sys
sys.path.insert(0, {str(ROOT)!r})
spec = importlib.util.spec_from_file_location("background_tests", {str(HERE)!r})
tests = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tests)
tests.install_writer(sys.argv[1], delay=float(sys.argv[2]))
"""


def driver(*args, code: str):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-c", DRIVER + code, *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120, start_new_session=True)


def test_signals_to_the_process_group_do_not_stop_the_childs_save(tmp_path):
    log, state = str(tmp_path / "log"), str(tmp_path / "w")
    done = driver(log, "0.5", state, code="""
import time
from engine import Engine
from shell.session import Session
SIGNALS = (signal.SIGINT, signal.SIGQUIT, signal.SIGHUP, signal.SIGTSTP)
def interrupted(signum, frame):
    raise KeyboardInterrupt(signum)
for signum in SIGNALS:  # as Python's own Ctrl-C handler (a child inherits it)
    signal.signal(signum, interrupted)
session = Session(Engine.deterministic(), state_file=sys.argv[3])
session.save_in_background = True
session.execute("run -d --name napper alpine sleep 1000")
while not tests.writes(sys.argv[1]):  # until the child is writing
    time.sleep(0.01)
for signum in SIGNALS:  # Ctrl-C, Ctrl-\\, a closed terminal, Ctrl-Z: the whole group
    try:
        os.killpg(0, signum)
        time.sleep(0.05)
    except KeyboardInterrupt:
        pass
print(session._background.pid, session.save_state(force=True))
""")
    assert done.returncode == 0, done.stderr
    child, saved = done.stdout.split()
    assert saved == "True"
    assert [(what, pid) for what, pid, _ in writes(log)] == [("start", int(child)), ("end", int(child))]
    assert world.load(state).container("napper").state.running


@pytest.mark.parametrize("how", ["-c", "script"])
def test_crsim_shell_returns_when_the_childs_file_is_complete(tmp_path, how):
    log, state = str(tmp_path / "log"), str(tmp_path / "w")
    line = "run -d --name napper alpine sleep 1000"
    script = tmp_path / "world.crs"
    script.write_text(line + "\n")
    done = driver(log, "0.5", state, *(["-c", line] if how == "-c" else [str(script)]), code="""
from shell.main import main
status = main(["--state", sys.argv[3], *sys.argv[4:]])
print(os.getpid(), status, [what for what, _, _ in tests.writes(sys.argv[1])] == ["start", "end"] * 2)
""")
    assert done.returncode == 0, done.stderr
    # (asked in the shell's process as main returned: the child's inherited stdout
    # makes subprocess.run wait for it too)
    assert done.stdout.split()[-2:] == ["0", "True"]
    shell = int(done.stdout.split()[-3])
    started = writes(log)
    # the new file written at start (in the shell), then the world after `run -d`, by a
    # child, finished before the shell returned; no third write at exit
    assert [(what, pid == shell) for what, pid, _ in started] == [
        ("start", True), ("end", True), ("start", False), ("end", False)]
    assert world.load(state).container("napper").state.running


def test_ctrl_c_while_waiting_for_the_child(tmp_path):
    """Before the next save the shell waits for the child, then raises the Ctrl-C (a
    script stops); at exit it only waits (the shell ends anyway)."""
    log, state = str(tmp_path / "log"), str(tmp_path / "w")
    done = driver(log, "0.5", state, code="""
import threading
from engine import Engine
from shell.session import Output, Session
def ctrl_c_soon():
    threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT)).start()
session = Session(Engine.deterministic(), state_file=sys.argv[3])
session.save_in_background = True
session.execute("run -d --name first alpine sleep 1000")
ctrl_c_soon()
try:
    session.execute("run -d --name second alpine sleep 1000")
except KeyboardInterrupt:
    print("interrupted after", [what for what, _, _ in tests.writes(sys.argv[1])])
session.execute("ps")  # the save the Ctrl-C put off
ctrl_c_soon()
out = Output()
print("exit", session.save_state(out, force=True), repr(out.text))
""")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["interrupted after ['start', 'end']", "exit True ''"]
    assert [what for what, _, _ in writes(log)] == ["start", "end"] * 2
    loaded = world.load(state)
    assert loaded.container("first") and loaded.container("second")
