"""Time for the simulation.

Interactive sessions follow the wall clock (and really wait for it); scripts
and tests use a virtual clock that only moves when told to (``sleep`` in a
script), so the same script prints the same times on every run. Times are float seconds since the epoch.
"""

from __future__ import annotations

import time

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Callable

# Where virtual time starts: a fixed instant, so replayed scripts agree. (datetime, 1 ms of
# a start, is imported only where a time is written with its fraction, below.)
VIRTUAL_EPOCH = 1796115600.0  # 2026-12-01T09:00:00Z


class Clock:
    def now(self) -> float:
        raise NotImplementedError

    def advance(self, seconds: float) -> None:
        raise NotImplementedError

    @property
    def virtual(self) -> bool:
        return False


class WallClock(Clock):
    """Real time: ``now`` is the wall clock, and ``advance`` really waits.

    Simulated time never runs ahead of the wall clock, so an engine on a
    WallClock behaves like a daemon: ``Engine.sleep(5)`` takes 5 seconds,
    ``Engine.stop`` of a container that ignores SIGTERM takes its 10 seconds,
    a foreground ``Engine.exec`` lasts as long as its program. ``sleep`` is how
    the waiting is done (time.sleep by default; the shell passes one that a
    Ctrl-C can interrupt at a safe point, tests a fake), ``read`` how the wall
    clock is read.
    """

    def __init__(self, sleep: Callable[[float], None] = time.sleep,
                 read: Callable[[], float] = time.time):
        self._sleep = sleep
        self._time = read

    def now(self) -> float:
        return self._time()

    def advance(self, seconds: float) -> None:
        """Wait until ``seconds`` have passed."""
        if seconds < 0:
            raise ValueError("time cannot go backwards")
        if seconds > 0:
            self._sleep(seconds)


class VirtualClock(Clock):
    def __init__(self, start: float = VIRTUAL_EPOCH):
        self._now = float(start)

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time cannot go backwards")
        self._now += seconds

    @property
    def virtual(self) -> bool:
        return True


def rfc3339(ts: float) -> str:
    """Docker's timestamp format in inspect: 2026-01-15T09:00:00.123456789Z."""
    from datetime import datetime, timezone
    dt = datetime.fromtimestamp(ts, tz=timezone.utc)
    # Float seconds since 1970 hold about microseconds: more digits would be noise.
    nanos = round((ts - int(ts)) * 1e6) * 1000 if ts >= 0 else 0
    if nanos >= 1_000_000_000:
        nanos = 999_999_999
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + f".{nanos:09d}Z"


def rfc3339_seconds(ts: float) -> str:
    """Go's time.RFC3339 of a time in UTC, whole seconds: 2026-01-15T09:00:00Z."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(ts)))


def go_time(ts: float, whole_seconds: bool = True) -> str:
    """Go's time.Time.String() in UTC, as the CLI's CreatedAt fields print it:
    2026-01-15 09:00:00 +0000 UTC (fractions of a second only where the time has them)."""
    if whole_seconds:  # `ps` and `images` rows: the time module's gmtime says it all
        return time.strftime("%Y-%m-%d %H:%M:%S +0000 UTC", time.gmtime(int(ts)))
    from datetime import datetime, timezone
    text = datetime.fromtimestamp(ts, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
    text = text.rstrip("0").rstrip(".")
    return text + " +0000 UTC"


ZERO_TIME = "0001-01-01T00:00:00Z"  # Go's zero time, as inspect shows it
