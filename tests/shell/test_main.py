"""crsim-shell's non-interactive modes, run as a user runs them (a subprocess)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def crsim(*args, stdin=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "shell.main", *args], input=stdin,
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)


def test_dash_c_runs_several_lines_and_returns_the_last_status():
    done = crsim("-c", "pull busybox\nrun --name hello busybox echo hi\nps -a -q wc")
    assert done.returncode == 1
    assert "hi\n" in done.stdout
    assert "unknown shorthand flag: 'q'" not in done.stdout + done.stderr
    # Errors go to stderr, as the docker CLI prints them.
    assert done.stderr == ("crsim-shell: 'crsim-shell ps' accepts no arguments\n\n"
                           "Usage:  crsim-shell ps [OPTIONS]\n\n"
                           "Run 'crsim-shell ps --help' for more information\n")
    assert "accepts no arguments" not in done.stdout


def test_commands_on_stdin():
    done = crsim(stdin="pull busybox\nrun -d --name web busybox sleep 9\nps --format '{{.Names}}'\n")
    assert done.returncode == 0 and done.stdout.endswith("web\n")
    assert "Traceback" not in done.stderr


def test_one_command_from_the_host_shell():
    done = crsim("run", "--help")
    assert done.returncode == 0
    assert done.stdout.startswith("Usage:  crsim-shell run [OPTIONS] IMAGE [COMMAND] [ARG...]\n")


def test_the_same_script_prints_the_same_output_every_run(tmp_path):
    path = tmp_path / "s.crs"
    path.write_text("pull alpine\nrun -d alpine sleep 50\nsleep 20\nps -a\ninspect -f '{{.Name}}' $(none)\n")
    first, second = crsim(str(path)), crsim(str(path))
    assert first.stdout == second.stdout and first.returncode == second.returncode


def test_a_failing_command_stops_a_replay_with_its_status(tmp_path):
    path = tmp_path / "s.crs"
    path.write_text("pull busybox\nstop nothere\nrun busybox echo never\n")
    done = crsim(str(path))
    assert done.returncode == 1 and "never" not in done.stdout
    done = crsim("--keep-going", str(path))
    assert "never" in done.stdout


def test_non_interactive_modes_never_import_prompt_toolkit_or_pygments():
    code = ("import sys, runpy; sys.argv = ['crsim-shell', '-c', 'pull busybox\\nps']; "
            "import shell.main as m; m.main(sys.argv[1:]); "
            "bad = [n for n in sys.modules if n.split('.')[0] in ('prompt_toolkit', 'pygments')]; "
            "sys.stderr.write(repr(bad))")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=60)
    assert done.stderr.strip() == "[]"


def test_bad_script_and_missing_file_are_one_line_errors(tmp_path):
    path = tmp_path / "bad.crs"
    path.write_text("| orphan expectation\n")
    done = crsim(str(path))
    assert done.returncode == 2 and done.stdout.startswith("crsim-shell: bad.crs:1: ")
    assert len(done.stdout.splitlines()) == 1
    done = crsim(str(tmp_path / "missing.crs"))
    assert done.returncode == 1 and "No such file or directory" in done.stdout
    assert "Traceback" not in done.stderr + done.stdout


def test_bytes_that_are_not_utf8_come_out_as_they_went_in():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "shell.main"], input=b"m.\xbe\xc4 x\n",
                          capture_output=True, cwd=ROOT, env=env, timeout=60)
    # a word it cannot print is shown as bash shows it; output bytes go out as they are
    assert done.stderr.startswith(b"crsim-shell: unknown command: crsim-shell $'m.\\276\\304'\n")
    done = subprocess.run([sys.executable, "-m", "shell.main", "-c",
                           b"pull -q alpine; run --rm alpine echo \xbe\xc4"],
                          capture_output=True, cwd=ROOT, env=env, timeout=60)
    assert done.stdout.endswith(b"\n\xbe\xc4\n")


def test_a_replay_that_stops_says_where(tmp_path):
    (tmp_path / "s.crs").write_text("version -f '{{.Client.Os}}'\nps nope\nversion\n")
    done = crsim(str(tmp_path / "s.crs"))
    assert done.returncode == 1 and done.stdout.count("$ ") == 2
    assert done.stderr.endswith("s.crs:2: command failed with status 1\n")


def test_c_streams_each_commands_output_and_keeps_only_a_bounded_copy():
    from engine import Engine
    from shell.session import KEPT_WHEN_SHOWN, Session
    session = Session(Engine.deterministic())
    shown = []
    out, status = session.execute("run --rm alpine sh -c 'yes | head -c 3000000; echo e >&2'",
                                  sink=lambda stream, text: shown.append((stream, text)))
    assert status == 0
    assert sum(len(text) for stream, text in shown if stream == "stdout") == 3000000
    assert shown[-1] == ("stderr", "e\n")
    assert len(out) <= KEPT_WHEN_SHOWN  # what the caller gets back is bounded


def test_a_reader_that_goes_away_ends_the_process_quietly():
    """`crsim-shell -c 'ps --format ...' | head -1`: killed by SIGPIPE like the docker client,
    with no BrokenPipeError on stderr."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    # more than a pipe holds (64 KiB), so the writer is still writing when head is gone
    shell = (f"{sys.executable} -m shell.main -c 'pull -q busybox; run --rm busybox seq 30000' "
             f"| head -c 5; "
             f'echo " ${{PIPESTATUS[0]}}"')
    done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=60)
    assert (done.stdout, done.stderr) == ("docke 141\n", "")
