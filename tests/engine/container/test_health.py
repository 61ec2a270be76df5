"""HEALTHCHECK run by the runtime: status, streak, log, events, ps and inspect."""

from engine import Engine
from engine.container.health import ps_suffix
from engine.durations import parse_duration_ns

SECOND = 1_000_000_000


def _engine():
    engine = Engine.deterministic()
    engine.pull("alpine")
    return engine


def test_starting_then_unhealthy_after_retries_then_healthy():
    engine = _engine()
    c = engine.run("alpine", ["sleep", "1000"], name="web",
                   healthcheck={"Test": ["CMD-SHELL", "test -f /tmp/ok"], "Interval": 5 * SECOND, "Retries": 2})
    assert ps_suffix(c) == " (health: starting)"
    engine.sleep(6)
    assert c.health.status == "starting" and c.health.failing_streak == 1
    engine.sleep(5)
    assert ps_suffix(c) == " (unhealthy)"
    engine.exec("web", ["touch", "/tmp/ok"])
    engine.sleep(5)
    assert c.health.to_dict()["Status"] == "healthy" and c.health.failing_streak == 0
    log = c.health.to_dict()["Log"]
    assert [entry["ExitCode"] for entry in log] == [1, 1, 0]
    actions = [e.action for e in engine.events if e.action.startswith("health_status")]
    assert actions == ["health_status: unhealthy", "health_status: healthy"]


def test_start_period_failures_do_not_count_and_log_keeps_five():
    engine = _engine()
    c = engine.run("alpine", ["sleep", "1000"], healthcheck={
        "Test": ["CMD", "false"], "Interval": SECOND, "StartPeriod": 10 * SECOND, "StartInterval": SECOND,
        "Retries": 1})
    engine.sleep(9)
    assert c.health.status == "starting" and c.health.failing_streak == 0
    engine.sleep(3)
    assert c.health.status == "unhealthy"
    assert len(c.health.log) == 5


def test_timeout_is_exit_minus_one_with_dockers_words():
    engine = _engine()
    c = engine.run("alpine", ["sleep", "1000"], healthcheck={
        "Test": ["CMD", "sleep", "100"], "Interval": SECOND, "Timeout": 2 * SECOND, "Retries": 1})
    engine.sleep(4)
    entry = c.health.log[0]
    assert entry["ExitCode"] == -1 and entry["Output"] == "Health check exceeded timeout (2s)"
    assert c.health.status == "unhealthy"


def test_image_healthcheck_and_none():
    engine = _engine()
    result = engine.build('FROM alpine\nHEALTHCHECK --interval=2s CMD true\n', tags=["hc"])
    assert result.image is not None
    c = engine.run("hc", ["sleep", "100"])
    engine.sleep(3)
    assert c.health.status == "healthy"
    off = engine.run("hc", ["sleep", "100"], healthcheck={"Test": ["NONE"]})
    assert off.health is None and ps_suffix(off) == ""


def test_a_wait_that_only_probes_could_end_still_ends():
    engine = _engine()
    engine.run("alpine", ["sleep", "infinity"], name="ww",
               healthcheck={"Test": ["CMD", "true"], "Interval": SECOND})
    result = engine.exec("ww", ["sleep", "infinity"])  # virtual time: nothing else will happen
    assert result.status is None


def test_go_durations():
    assert parse_duration_ns("1m30s") == 90 * SECOND
    for text, message in (("5x", 'time: unknown unit "x" in duration "5x"'),
                          ("5", 'time: missing unit in duration "5"')):
        try:
            parse_duration_ns(text)
        except ValueError as err:
            assert str(err) == message
        else:
            raise AssertionError(text)
