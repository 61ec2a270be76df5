"""The event log: every effect of the engine, with the Linux operation behind it.

Docker's `events` shows type/action/actor; crsim adds ``linux``, the system call
or command a real runtime performs for that step, so learners can see what
runc, containerd and dockerd actually do. Listeners (the shell's trace mode)
are told of each event as it happens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple


@dataclass(frozen=True)
class Event:
    time: float
    type: str  # container, image, network, volume
    action: str  # create, start, kill, die, stop, pause, destroy, pull, ...
    actor: str  # id of the object
    attributes: Dict[str, str] = field(default_factory=dict)
    linux: Tuple[str, ...] = ()  # what the kernel/runtime does for it


class EventLog:
    def __init__(self, now: Callable[[], float]):
        self._now = now
        self._events: List[Event] = []
        self._listeners: List[Callable[[Event], None]] = []

    def emit(self, type_: str, action: str, actor: str, attributes: Optional[Dict[str, str]] = None,
             linux: Tuple[str, ...] = ()) -> Event:
        event = Event(self._now(), type_, action, actor, dict(attributes or {}), tuple(linux))
        self._events.append(event)
        for listener in list(self._listeners):
            listener(event)
        return event

    def subscribe(self, listener: Callable[[Event], None]) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def since(self, when: float = float("-inf"), until: float = float("inf")) -> List[Event]:
        return [e for e in self._events if when <= e.time <= until]

    def __len__(self) -> int:
        return len(self._events)

    def __iter__(self):
        return iter(self._events)
