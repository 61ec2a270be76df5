"""--command-timeout: no command hangs a script, -c or stdin without a word.

A command that nothing can ever end (virtual time, no future event) is
interrupted at once; one that keeps going (ping, an event every second for
ever) is interrupted by the wall-clock limit, here a small one.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETUP = "pull alpine\nrun -d --name box alpine tail -f /dev/null\n"
BUSY = "exec box sh -c 'while :; do :; done'"


def crsim(*args, stdin=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "shell.main", *args], input=stdin,
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)


def script(tmp_path, body):
    path = tmp_path / "s.crs"
    path.write_text(SETUP + body)
    return str(path)


def test_a_script_stops_at_a_command_that_can_never_finish(tmp_path):
    path = script(tmp_path, f"{BUSY}\nps --format 'after {{{{.Names}}}}'\n")
    done = crsim(path)
    assert done.returncode == 130
    assert done.stderr == (f"crsim-shell: '{BUSY}' did not finish within 60 s "
                           "(--command-timeout); interrupted\n")
    assert f"$ {BUSY}\n" in done.stdout and "after" not in done.stdout


def test_keep_going_goes_on_and_ends_with_the_interruption(tmp_path):
    path = script(tmp_path, f"{BUSY}\nps --format 'after {{{{.Names}}}}'\n"
                            "exec box ps -o comm\n")
    done = crsim("--keep-going", path)
    assert done.returncode == 130
    assert "interrupted" in done.stderr
    assert "after box\n" in done.stdout
    # docker exec proxies no signal: the loop goes on in the container, as when a
    # real client is interrupted.
    assert done.stdout.count("\nsh\n") == 1


def test_a_declared_status_does_not_make_an_interruption_pass(tmp_path):
    path = script(tmp_path, "exec box tail -f /dev/null\n? 130\n")
    done = crsim("--check", path)
    assert done.returncode == 130
    assert "s.crs:3: interrupted, exit status 130 (replay stopped)" in done.stdout


def test_the_wall_clock_limit_interrupts_a_command_that_goes_on_for_ever(tmp_path):
    path = script(tmp_path, "exec box ping 127.0.0.1\n")
    done = crsim("--command-timeout", "0.5", path)
    assert done.returncode == 130
    assert done.stderr == ("crsim-shell: 'exec box ping 127.0.0.1' did not finish within "
                           "0.5 s (--command-timeout); interrupted\n")
    assert "64 bytes from 127.0.0.1: seq=1 " in done.stdout


def test_run_in_the_foreground_gets_the_sigint_and_is_left_running(tmp_path):
    path = script(tmp_path, "run --name pinger alpine ping 127.0.0.1\n")
    done = crsim("--command-timeout", "0.5", "--keep-going", path)
    assert done.returncode == 130
    assert "'run --name pinger alpine ping 127.0.0.1' did not finish" in done.stderr


def test_dash_c_and_stdin(tmp_path):
    commands = SETUP + "exec box tail -f /dev/null\nps --format 'after {{.Names}}'\n"
    for done in (crsim("-c", commands), crsim(stdin=commands)):
        assert done.returncode == 130
        assert done.stderr.endswith("crsim-shell: 'exec box tail -f /dev/null' did not finish "
                                    "within 60 s (--command-timeout); interrupted\n")
        assert "after" not in done.stdout
    done = crsim("--keep-going", "-c", commands)
    assert done.returncode == 130 and "after box\n" in done.stdout


def test_no_limit_still_ends_what_can_never_finish(tmp_path):
    done = crsim("--command-timeout", "0", "-c", SETUP + "wait box\n")
    assert done.returncode == 130
    assert done.stderr.endswith("crsim-shell: 'wait box' can never finish (nothing is left to "
                                "happen in the simulation); interrupted\n")


def test_the_option_in_help_and_its_errors():
    assert "--command-timeout SECONDS" in crsim("--help").stdout
    done = crsim("--command-timeout", "soon", "-c", "version")
    assert done.returncode == 2 and "invalid number of seconds: 'soon'" in done.stderr


@pytest.mark.parametrize("watcher", ["timer", "thread"])
def test_one_watchdog_serves_every_command_and_interrupts_only_the_late_one(watcher, monkeypatch):
    """The kernel's interval timer watches where there is one (POSIX, the main thread),
    else one thread for every command."""
    import signal
    import time

    from shell.interrupts import Interrupts, Watchdog
    if watcher == "thread":
        monkeypatch.setattr(Watchdog, "_set_timer", lambda self: False)
    interrupts = Interrupts()
    watchdog = Watchdog(interrupts, 0.3, grace=0.1)
    with watchdog:
        pass
    thread = watchdog._thread
    for _ in range(3):
        with watchdog:
            pass
        assert not watchdog.fired and watchdog._thread is thread
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):  # no safe point: the main thread is interrupted
        with watchdog:
            # Python busy, never asking interrupts.check(). (Not `while cond: pass`: CPython
            # 3.13 loses a KeyboardInterrupt raised in such a loop's condition, cpython#130279.)
            while True:
                if time.monotonic() > started + 5:
                    break
    assert watchdog.fired and 0.3 <= time.monotonic() - started < 4
    interrupts.clear()
    with watchdog:
        time.sleep(0.2)  # the next command has a limit of its own
    assert not watchdog.fired and watchdog._thread is thread
    assert (thread is None) == (watcher == "timer")
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL and signal.getitimer(signal.ITIMER_REAL) == (0, 0)
