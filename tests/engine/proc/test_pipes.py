"""Pipelines: every stage a process of its own, all at once, joined by pipes that
block their writer when full and never lose a byte; SIGPIPE once the reader is gone."""

import pytest

from engine import Engine


@pytest.fixture
def box():
    engine = Engine.deterministic()
    engine.pull("alpine")
    engine.runtime.start(engine.create("alpine", ["sleep", "infinity"], name="box"))
    return engine


def sh(engine, script):
    result = engine.exec("box", ["sh", "-c", script])
    return result.status, result.stdout


@pytest.mark.parametrize("script, expected", [
    ("seq 100000 | wc -l", "100000\n"),
    ("yes | head -n 100000 | wc -l", "100000\n"),
    ("head -c 10000000 /dev/zero | wc -c", "10000000\n"),
    ("seq 200000 > /tmp/big; cat /tmp/big | wc -l", "200000\n"),
    ("seq 100000 | sort -n | tail -n 1", "100000\n"),
    ("printf 'a\\nb\\n' | while read x; do echo \"<$x>\"; done", "<a>\n<b>\n"),
])
def test_nothing_is_lost_in_a_pipe(box, script, expected):
    assert sh(box, script) == (0, expected)


def test_a_reader_gone_sends_sigpipe_to_the_writer(box):
    assert sh(box, "set -o pipefail; yes | head -n 2; echo $?") == (0, "y\ny\n141\n")


def test_stages_are_processes_running_at_once(box):
    # the first stage sleeps between its lines: the second has the first line meanwhile
    box.exec("box", ["sh", "-c", "(echo one; sleep 5; echo two) | cat > /tmp/out"], detach=True)
    box.sleep(1)
    assert sh(box, "cat /tmp/out") == (0, "one\n")
    assert "sleep 5" in sh(box, "ps")[1]
    box.sleep(5)
    assert sh(box, "cat /tmp/out") == (0, "one\ntwo\n")


def test_a_full_pipe_blocks_its_writer(box):
    # nobody reads yet: yes has written one pipe's worth and waits, using no CPU
    box.exec("box", ["sh", "-c", "yes | (sleep 100; head -c 5)"], detach=True)
    box.sleep(10)
    group = box.container("box").cgroup
    used = group.usage_usec
    box.sleep(10)
    assert group.usage_usec == used
