"""`stop` as the daemon does it: SIGKILL is a timer, nobody has to wait for it.

And on a WallClock, time never runs ahead of the wall clock: a stop that waits
10 s waits 10 real seconds (here a fake wall clock, so the test takes none).
"""

import pytest

from engine import Engine
from engine.clock import WallClock

from .conftest import tiny_image


def actions(engine, cid):
    return [(e.action, e.attributes.get("signal") or e.attributes.get("exitCode"))
            for e in engine.events if e.actor == cid]


def test_begin_stop_returns_at_once_and_the_sigkill_comes_at_the_deadline(engine):
    c = engine.run("tiny", ["sleep", "infinity"])
    start = engine.clock.now()
    stopping = engine.begin_stop(c.id)
    assert not stopping.done and stopping.timeout == 10
    assert c.state.running and actions(engine, c.id)[-1] == ("kill", "15")
    engine.sleep(9)
    assert c.state.running
    engine.sleep(5)  # whoever moves time on passes the deadline: the stop completes
    assert stopping.done and c.state.exit_code == 137
    assert c.state.finished_at == start + 10
    assert actions(engine, c.id)[-3:] == [("kill", "9"), ("die", "137"), ("stop", None)]


def test_a_process_that_ends_first_cancels_the_sigkill(engine):
    c = engine.run("tiny", ["sleep", "3"])
    stopping = engine.begin_stop(c.id, timeout=30)
    engine.sleep(60)
    assert stopping.done and c.state.exit_code == 0
    assert [a for a, _ in actions(engine, c.id)].count("kill") == 1  # no SIGKILL


def test_restart_starts_again_when_the_stop_completes_even_unwaited(engine):
    c = engine.run("tiny", ["sleep", "infinity"])
    stopping = engine.begin_restart(c.id, timeout=2)
    engine.sleep(2)
    assert stopping.done and c.state.running
    assert [a for a, _ in actions(engine, c.id)][-5:] == ["kill", "die", "stop", "start",
                                                            "restart"]


def test_a_second_stop_joins_the_first(engine):
    c = engine.run("tiny", ["sleep", "infinity"])
    first = engine.begin_stop(c.id, timeout=5)
    second = engine.begin_stop(c.id, timeout=1)
    engine.sleep(5)
    assert first.done and second.done
    assert [a for a, _ in actions(engine, c.id)].count("stop") == 1


class FakeWall:
    """A wall clock that moves only when slept on, recording every sleep."""

    def __init__(self):
        self.now = 1_800_000_000.0
        self.sleeps = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def read(self):
        return self.now


@pytest.fixture
def wall():
    fake = FakeWall()
    engine = Engine(WallClock(sleep=fake.sleep, read=fake.read), seed=1)
    engine.images.add(tiny_image(), ["tiny:latest"])
    return engine, fake


def test_a_wall_clock_sleep_really_waits_and_stays_in_step(wall):
    engine, fake = wall
    engine.sleep(5)
    assert fake.sleeps == [5] and engine.clock.now() == fake.now


def test_a_wall_clock_stop_waits_its_ten_seconds_once(wall):
    engine, fake = wall
    c = engine.run("tiny", ["sleep", "infinity"])
    start = fake.now
    engine.stop(c.id)
    assert sum(fake.sleeps) == pytest.approx(10)  # waited, and not twice
    assert fake.now == pytest.approx(start + 10) and c.state.exit_code == 137
    assert c.state.finished_at == pytest.approx(start + 10)


def test_a_wall_clock_exec_lasts_as_long_as_its_program(wall):
    engine, fake = wall
    engine.run("tiny", ["sleep", "infinity"], name="box")
    start = fake.now
    result = engine.exec("box", ["sleep", "3"], pace=lambda s: pytest.fail("no pace on a wall"))
    assert result.status == 0 and fake.now == pytest.approx(start + 3)


def test_a_wall_clock_wait_with_nothing_to_happen_waits_until_done(wall):
    engine, fake = wall
    polls = []
    assert engine.wait_until(lambda: polls.append(fake.now) or len(polls) > 3)
    assert fake.sleeps == [1.0, 1.0, 1.0]  # it looked every second, as a client would
