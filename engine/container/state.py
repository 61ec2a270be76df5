"""A container's state: one record that `ps`, `inspect` and `events` all read.

The legal moves are Docker's: created -> running <-> paused, running -> exited
(or restarting), exited -> running (start again), any -> removed. The status
texts ("Up 3 minutes", "Exited (137) 5 seconds ago") follow Docker's
State.String(), with durations worded by go-units' HumanDuration.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Optional

from ..clock import ZERO_TIME, rfc3339
from ..record import record

CREATED, RUNNING, PAUSED, RESTARTING, REMOVING, EXITED, DEAD = (
    "created", "running", "paused", "restarting", "removing", "exited", "dead")


@record(slots=True)
class State:
    running: bool = False
    paused: bool = False
    restarting: bool = False
    oom_killed: bool = False
    dead: bool = False
    removal_in_progress: bool = False
    pid: int = 0
    exit_code: int = 0
    error: str = ""
    started_at: Optional[float] = None
    finished_at: Optional[float] = None

    @property
    def status(self) -> str:
        """The one-word state (inspect's State.Status, ps's filter status=)."""
        if self.running:
            if self.paused:
                return PAUSED
            if self.restarting:
                return RESTARTING
            return RUNNING
        if self.removal_in_progress:
            return REMOVING
        if self.dead:
            return DEAD
        if self.started_at is None:
            return CREATED
        return EXITED

    def describe(self, now: float) -> str:
        """The STATUS column of `docker ps`."""
        if self.running:
            if self.paused:
                return f"Up {human_duration(now - self.started_at)} (Paused)"
            if self.restarting:
                return f"Restarting ({self.exit_code}) {human_duration(now - self.finished_at)} ago"
            return f"Up {human_duration(now - self.started_at)}"
        if self.removal_in_progress:
            return "Removal In Progress"
        if self.dead:
            return "Dead"
        if self.started_at is None:
            return "Created"
        if self.finished_at is None:
            return ""
        return f"Exited ({self.exit_code}) {human_duration(now - self.finished_at)} ago"

    def to_dict(self) -> dict:
        """inspect's State object, with Docker's field names and order."""
        return {
            "Status": self.status,
            "Running": self.running,
            "Paused": self.paused,
            "Restarting": self.restarting,
            "OOMKilled": self.oom_killed,
            "Dead": self.dead,
            "Pid": self.pid,
            "ExitCode": self.exit_code,
            "Error": self.error,
            "StartedAt": rfc3339(self.started_at) if self.started_at is not None else ZERO_TIME,
            "FinishedAt": rfc3339(self.finished_at) if self.finished_at is not None else ZERO_TIME,
        }


def human_duration(seconds: float) -> str:
    """go-units HumanDuration: how Docker words an elapsed time."""
    secs = int(seconds)
    if secs < 1:
        return "Less than a second"
    if secs == 1:
        return "1 second"
    if secs < 60:
        return f"{secs} seconds"
    minutes = secs // 60
    if minutes == 1:
        return "About a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    hours = int(seconds / 3600 + 0.5)  # Go rounds to the nearest hour here
    if hours == 1:
        return "About an hour"
    if hours < 48:
        return f"{hours} hours"
    if hours < 24 * 7 * 2:
        return f"{hours // 24} days"
    if hours < 24 * 30 * 2:
        return f"{hours // 24 // 7} weeks"
    if hours < 24 * 365 * 2:
        return f"{hours // 24 // 30} months"
    return f"{int(seconds // 3600) // 24 // 365} years"
