"""Restart policies and Docker's restart manager."""

import pytest

MIB = 1024 * 1024


def test_always_restarts_with_a_growing_delay_and_counts(engine):
    c = engine.run("stressbox", ["sleep", "1"], restart="always")
    engine.sleep(1)  # it exits 0 at t=1 ...
    assert c.state.status == "restarting"
    assert c.state.describe(engine.clock.now()) == "Restarting (0) Less than a second ago"
    engine.sleep(0.1)  # ... and starts again after 100 ms
    assert c.state.status == "running" and c.restart_count == 1
    engine.sleep(1.0)
    engine.sleep(0.2)  # second delay: 200 ms
    assert c.state.status == "running" and c.restart_count == 2


def test_on_failure_respects_the_exit_code_and_the_retry_count(engine):
    ok = engine.run("stressbox", ["sleep", "1"], restart="on-failure")
    engine.sleep(2)
    assert ok.state.status == "exited" and ok.restart_count == 0
    bad = engine.run("stressbox", ["stress", "--vm", "1", "--vm-bytes", "128M"],
                     memory=64 * MIB, restart="on-failure:2")
    engine.sleep(30)
    assert bad.state.status == "exited" and bad.restart_count == 2
    assert bad.state.exit_code == 1 and bad.state.oom_killed


def test_a_stopped_container_is_not_restarted(engine):
    c = engine.run("stressbox", ["sleep", "1000"], restart="always")
    engine.stop(c.id, timeout=1)
    engine.sleep(120)
    assert c.state.status == "exited" and c.restart_count == 0


def test_stop_during_the_restart_delay_cancels_it(engine):
    c = engine.run("stressbox", ["sleep", "1"], restart="unless-stopped")
    engine.sleep(1)
    assert c.state.restarting
    engine.stop(c.id)
    engine.sleep(5)
    assert c.state.status == "exited" and c.restart_count == 0


def test_rm_flag_removes_the_container_when_it_exits(engine):
    from engine import NoSuchContainer
    c = engine.run("stressbox", ["sleep", "2"], auto_remove=True, name="temp")
    engine.sleep(3)
    with pytest.raises(NoSuchContainer):
        engine.container("temp")
    assert [e.action for e in engine.events if e.actor == c.id][-1] == "destroy"


def test_restart_and_rm_cannot_be_combined(engine):
    from engine import InvalidParameter
    with pytest.raises(InvalidParameter) as info:
        engine.create("stressbox", auto_remove=True, restart="always")
    assert str(info.value) == "can't create 'AutoRemove' container with restart policy"


def test_a_restarting_container_needs_force_to_be_removed(engine):
    from engine import Conflict
    c = engine.run("stressbox", ["sleep", "1"], restart="always", name="flappy")
    engine.sleep(1)
    assert c.state.restarting
    with pytest.raises(Conflict) as info:
        engine.remove("flappy")
    assert str(info.value) == ('cannot remove container "/flappy": container is restarting: '
                               'stop the container before removing or force remove')
    engine.remove("flappy", force=True)
    engine.sleep(5)
    assert len(engine.containers) == 0
