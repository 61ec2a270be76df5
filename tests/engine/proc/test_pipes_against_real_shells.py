"""Pipelines compared byte for byte, exit status included, with real BusyBox ash and bash
(BusyBox 1.37: tests/references.py; skipped where they are absent)."""

import shutil
import subprocess

import pytest

from tests import references

from engine import Engine

BUSYBOX = references.busybox()

CASES = [
    "seq 1000 | head -n 5",
    "seq 100000 | wc -l",
    "seq 100000 | tail -n 1",
    "yes abc | head -n 3",
    "yes | head -n 100000 | wc -l",
    "head -c 1000000 /dev/zero | wc -c",
    "echo a | cat | cat | wc -c",
    "true | false; echo $?",
    "false | true; echo $?",
    "set -o pipefail; false | true; echo $?",
    "set -o pipefail; yes | head -n 1; echo $?",
    "printf 'b\\na\\nb\\n' | sort | uniq -c",
    "(echo out; echo err >&2) 2>&1 | cat",
    "seq 3 | while read n; do echo \"n=$n\"; done",
    "echo x | (read v; echo got $v)",
    "seq 5 | { read a; read b; echo $a$b; cat; }",
    "cat /dev/null | wc -c",
    "seq 20000 | sed -n '$p'",
    "seq 50000 | grep -c 7",
    "seq 10 | awk '{ s += $1 } END { print s }'",
    "head -c 100000 /dev/zero | sha256sum",
    "seq 3 | md5sum",
    "! true | false; echo $?",
    "seq 70000 > /tmp/f; cat /tmp/f | cat | tail -n 2",
    # filters that read their input as it comes: an endless one ends with its reader
    "yes | grep y | head -n 3",
    "yes | grep -m 3 -n y",
    "yes abc | tr a-z A-Z | head -n 2",
    "yes abc | cut -c2 | head -n 2",
    "seq 20 | grep -B1 -A1 '^1[05]$'",
    "seq 30 | grep -c 1",
    "printf 'aab\\nbba' | tr -s ab",
    "printf 'a:b\\nc' | cut -s -d: -f2",
    "yes | sed s/y/n/ | head -n 2",
    "seq 10 | sed -n '$p'",
    "seq 5 | sed '3q'",
    "seq 6 | sed -n '2,4p;$='",
    "seq 4 | sed 'N;s/\\n/+/'",
    "printf 'a\\nb' | sed 's/$/!/'",
    "seq 3 | sed '$!d'",
]


@pytest.fixture(scope="module")
def box():
    engine = Engine.deterministic()
    engine.pull("busybox")
    engine.runtime.start(engine.create("busybox", ["sleep", "infinity"], name="box"))
    return engine


@pytest.mark.skipif(BUSYBOX is None, reason=references.MISSING)
@pytest.mark.parametrize("script", CASES)
def test_pipeline_as_busybox_runs_it(box, script):
    real = subprocess.run([BUSYBOX, "sh", "-c", script], capture_output=True, timeout=60,
                          cwd="/tmp")
    ours = box.exec("box", ["sh", "-c", script])
    assert (ours.status, ours.stdout, ours.stderr) == (
        real.returncode, real.stdout.decode(), real.stderr.decode())


BASH = shutil.which("bash")


@pytest.fixture(scope="module")
def debian():
    engine = Engine.deterministic()
    engine.pull("debian")
    engine.runtime.start(engine.create("debian", ["sleep", "infinity"], name="deb"))
    return engine


@pytest.mark.skipif(BASH is None, reason="bash is not installed")
@pytest.mark.parametrize("script", CASES)
def test_pipeline_as_bash_runs_it(debian, script):
    real = subprocess.run([BASH, "-c", script], capture_output=True, timeout=60, cwd="/tmp",
                          env={"PATH": "/usr/bin:/bin", "LC_ALL": "C"})
    ours = debian.exec("deb", ["bash", "-c", script])
    assert (ours.status, ours.stdout, ours.stderr) == (
        real.returncode, real.stdout.decode(), real.stderr.decode())


# Loops that end, near the edges of what is fast-forwarded (see sh/fastforward.py):
# whatever crsim skips, it must print and end exactly as the real shell does.
LOOPS = [
    "i=0; while [ $i -lt 5 ]; do i=$((i+1)); done; echo $i",
    "x=1; while [ $x = 1 ]; do x=2; done; echo $x",
    "while true; do break; done; echo out",
    "i=0; until [ $i -ge 3 ]; do echo $i; i=$((i+1)); done",
    "i=0; while :; do case $i in 3) break;; esac; i=$((i+1)); done; echo $i",
    "n=; while :; do echo x; [ \"$n\" ] && break; n=1; done",
    "i=0; while :; do i=$((i+1)); [ $i -gt 4 ] && break; : $i; done; echo $i",
    "while :; do echo y; done | head -n 4",
    "while :; do printf 'ab'; done | head -c 9; echo",
    "x=a; while [ $x != aaaa ]; do x=${x}a; done; echo $x",
    "set -- 1 2 3; while [ $# -gt 0 ]; do echo $1; shift; done",
    "i=5; while [ $((i)) -gt 0 ]; do i=$((i-1)); done; echo $i",
    "while false; do echo never; done; echo $?",
    "i=0; while [ $i -lt 3 ]; do j=0; while [ $j -lt 2 ]; do j=$((j+1)); done; i=$((i+1)); done; echo $i$j",
]


@pytest.mark.skipif(BUSYBOX is None, reason=references.MISSING)
@pytest.mark.parametrize("script", LOOPS)
def test_loops_as_busybox_runs_them(box, script):
    real = subprocess.run([BUSYBOX, "sh", "-c", script], capture_output=True, timeout=60,
                          cwd="/tmp")
    ours = box.exec("box", ["sh", "-c", script])
    assert (ours.status, ours.stdout, ours.stderr) == (
        real.returncode, real.stdout.decode(), real.stderr.decode())


# Recursion far deeper than Python's stack would allow an interpreter that nests a
# frame per level (see proc/trampoline.py), and the crash of an endless one.
RECURSION = [
    "f() { if [ $1 -lt 3000 ]; then f $(($1+1)); else echo $1; fi; }; f 0",
    "f() { [ $1 -gt 0 ] && f $(($1-1)); echo $1; }; f 2000 | tail -n 2",
    "echo " + "$(echo " * 150 + "deep" + ")" * 150,
    "( " * 120 + "echo nested" + " )" * 120,
    "f() { eval \"g$1() { echo g$1; }\"; [ $1 -lt 500 ] && f $(($1+1)); }; f 0; g500",
    "f() { f; }; f; echo never",
    "(f() { f; }; f); echo after $?",
]


def _status(done) -> int:
    return 128 - done.returncode if done.returncode < 0 else done.returncode


@pytest.mark.skipif(BUSYBOX is None, reason=references.MISSING)
@pytest.mark.parametrize("script", RECURSION, ids=range(len(RECURSION)))
def test_recursion_as_busybox_runs_it(box, script):
    real = subprocess.run([BUSYBOX, "sh", "-c", script], capture_output=True, timeout=60,
                          cwd="/tmp")
    ours = box.exec("box", ["sh", "-c", script])
    assert (ours.status, ours.stdout, ours.stderr) == (
        _status(real), real.stdout.decode(), real.stderr.decode())


@pytest.mark.skipif(BASH is None, reason="bash is not installed")
@pytest.mark.parametrize("script", RECURSION[:-1], ids=range(len(RECURSION) - 1))
def test_recursion_as_bash_runs_it(debian, script):
    real = subprocess.run([BASH, "-c", script], capture_output=True, timeout=60, cwd="/tmp",
                          env={"PATH": "/usr/bin:/bin", "LC_ALL": "C"})
    ours = debian.exec("deb", ["bash", "-c", script])
    assert (ours.status, ours.stdout, ours.stderr) == (
        _status(real), real.stdout.decode(), real.stderr.decode())


# What a shell says when a job dies of a signal (and what it does not).
SIGNALED = [
    "sh -c 'kill -QUIT $$'; echo rc=$?",
    "sh -c 'kill -TERM $$'; echo rc=$?",
    "sh -c 'kill -KILL $$'; echo rc=$?",
    "sh -c 'kill -SEGV $$'; echo rc=$?",
    "sh -c 'kill -INT $$'; echo rc=$?",
    "sh -c 'kill -USR1 $$'; echo rc=$?",
    "sh -c 'exit 139'; echo rc=$?",
    "yes | head -n 1; echo rc=$?",
    "(sh -c 'kill -HUP $$'); echo rc=$?",
]


@pytest.mark.skipif(BUSYBOX is None, reason=references.MISSING)
@pytest.mark.parametrize("script", SIGNALED)
def test_deaths_as_busybox_reports_them(box, script):
    real = subprocess.run([BUSYBOX, "sh", "-c", script], capture_output=True, timeout=60,
                          cwd="/tmp", env={"PATH": "/bin"})
    ours = box.exec("box", ["sh", "-c", script])
    assert (ours.status, ours.stdout, ours.stderr) == (
        _status(real), real.stdout.decode(), real.stderr.decode())
