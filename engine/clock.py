"""Time for the simulation.

Interactive sessions follow the wall clock; scripts and tests use a virtual
clock that only moves when told to (``sleep`` in a script), so the same script
prints the same times on every run. Times are float seconds since the epoch.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone

# Where virtual time starts: a fixed instant, so replayed scripts agree.
VIRTUAL_EPOCH = datetime(2026, 1, 15, 9, 0, 0, tzinfo=timezone.utc).timestamp()


class Clock:
    def now(self) -> float:
        raise NotImplementedError

    def advance(self, seconds: float) -> None:
        raise NotImplementedError

    @property
    def virtual(self) -> bool:
        return False


class WallClock(Clock):
    """Real time; ``advance`` adds an offset so that `sleep` needs no real wait."""

    def __init__(self):
        self._offset = 0.0

    def now(self) -> float:
        return time.time() + self._offset

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time cannot go backwards")
        self._offset += seconds


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
    dt = datetime.fromtimestamp(ts, tz=timezone.utc)
    # Float seconds since 1970 hold about microseconds: more digits would be noise.
    nanos = round((ts - int(ts)) * 1e6) * 1000 if ts >= 0 else 0
    if nanos >= 1_000_000_000:
        nanos = 999_999_999
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + f".{nanos:09d}Z"


ZERO_TIME = "0001-01-01T00:00:00Z"  # Go's zero time, as inspect shows it
