"""HEALTHCHECK, run by the runtime as the Docker daemon's health monitor does.

A container whose config (the image's HEALTHCHECK, or run's --health-* flags) has a
test starts "starting". Every interval (the start interval during the start period)
the test runs as an exec in the container: CMD as given, CMD-SHELL through /bin/sh -c.
Exit 0 makes it "healthy" and resets the failing streak; anything else (a timeout
counts as exit -1) adds to the streak, except within the start period while not yet
healthy, and `retries` failures in a row make it "unhealthy". The last five results
are kept with their output cut to 4096 bytes. Each change of status is an event
"health_status: STATUS". Durations are nanoseconds in the config, as Docker's JSON has them.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List, Optional

from ..clock import rfc3339
from ..durations import go_duration
from ..record import field, record

SECOND = 1_000_000_000
DEFAULT_INTERVAL = 30.0
DEFAULT_TIMEOUT = 30.0
DEFAULT_RETRIES = 3
DEFAULT_START_INTERVAL = 5.0
MAX_LOG_ENTRIES = 5
MAX_OUTPUT = 4096
POLL = 0.05  # how often a running probe is looked at (simulated seconds)
STARTING, HEALTHY, UNHEALTHY = "starting", "healthy", "unhealthy"


@record
class Health:
    status: str = STARTING
    failing_streak: int = 0
    log: List[dict] = field(default_factory=list)
    cancel: Optional[object] = None  # cancels the next probe
    probes: int = 0

    def to_dict(self) -> dict:
        return {"Status": self.status, "FailingStreak": self.failing_streak, "Log": list(self.log)}


def merged(container_check: Optional[dict], image_check: Optional[dict]) -> Optional[dict]:
    """The daemon's merge: the container's fields, the image's where those are unset."""
    if not container_check:
        return dict(image_check) if image_check else None
    result = dict(image_check or {})
    for key, value in container_check.items():
        if value not in (None, 0, [], ""):
            result[key] = value
    return result


def active(check: Optional[dict]) -> bool:
    test = (check or {}).get("Test") or []
    return bool(test) and test[0] != "NONE"


def _seconds(check: dict, key: str, default: float) -> float:
    value = check.get(key) or 0
    return value / SECOND if value else default


def argv_of(check: dict) -> List[str]:
    test = list(check["Test"])
    if test[0] == "CMD-SHELL":
        return ["/bin/sh", "-c", test[1] if len(test) > 1 else ""]
    return test[1:] if test[0] == "CMD" else test


def start(runtime, container) -> None:
    """A container with a health check has started: status starting, first probe scheduled."""
    check = container.healthcheck
    stop(container)
    if not active(check):
        container.health = None
        return
    container.health = Health()
    _schedule(runtime, container)


def stop(container) -> None:
    health = getattr(container, "health", None)
    if health is not None and health.cancel is not None:
        health.cancel()
        health.cancel = None


def _schedule(runtime, container) -> None:
    check, health = container.healthcheck, container.health
    in_start = runtime.now() - (container.state.started_at or 0) < _seconds(check, "StartPeriod", 0.0)
    delay = (_seconds(check, "StartInterval", DEFAULT_START_INTERVAL) if in_start and health.status == STARTING
             else _seconds(check, "Interval", DEFAULT_INTERVAL))
    health.cancel = runtime.scheduler.call_at(runtime.now() + delay, lambda: _probe(runtime, container),
                                              passive=True)


def _probe(runtime, container) -> None:
    health = container.health
    health.cancel = None
    if health is None or not container.state.running:
        return
    if container.state.paused:
        _schedule(runtime, container)
        return
    check = container.healthcheck
    begun = runtime.now()
    try:
        process = runtime.exec_process(container, argv_of(check))
    except Exception as err:  # no such program: the probe fails with the runtime's message
        _record(runtime, container, begun, -1, str(err))
        return
    runtime.begin(container, process)
    deadline = begun + _seconds(check, "Timeout", DEFAULT_TIMEOUT)

    def look() -> None:
        if not container.state.running:
            return
        output = process.ctx.extra["output"]
        if not process.alive:
            _record(runtime, container, begun, process.exit_code, output.text())
        elif runtime.now() >= deadline:
            container.system.kill_process(process, 137)
            runtime.scheduler.forget(process)
            timeout = _seconds(check, "Timeout", DEFAULT_TIMEOUT)
            _record(runtime, container, begun, -1, f"Health check exceeded timeout ({go_duration(round(timeout * 10 ** 9))})")
        else:
            health.cancel = runtime.scheduler.call_at(min(runtime.now() + POLL, deadline), look, passive=True)
    look()


def _record(runtime, container, begun: float, exit_code: int, output: str) -> None:
    health, check = container.health, container.healthcheck
    health.probes += 1
    health.log.append({"Start": rfc3339(begun), "End": rfc3339(runtime.now()), "ExitCode": exit_code,
                       "Output": output[:MAX_OUTPUT]})
    del health.log[:-MAX_LOG_ENTRIES]
    before = health.status
    if exit_code == 0:
        health.failing_streak = 0
        health.status = HEALTHY
    else:
        in_start = begun - (container.state.started_at or 0) < _seconds(check, "StartPeriod", 0.0)
        if not (in_start and health.status != HEALTHY):
            health.failing_streak += 1
            if health.failing_streak >= (check.get("Retries") or DEFAULT_RETRIES):
                health.status = UNHEALTHY
    if health.status != before:
        runtime.emit(container, f"health_status: {health.status}", (
            f"exec {' '.join(argv_of(check))} = exit status {exit_code}",))
    if container.state.running:
        _schedule(runtime, container)


def ps_suffix(container) -> str:
    """What `docker ps` adds to "Up ..." for a container with a health check."""
    health = getattr(container, "health", None)
    if health is None or not container.state.running:
        return ""
    return " (health: starting)" if health.status == STARTING else f" ({health.status})"
