"""The event log: every effect of the engine, with the Linux operation behind it.

Docker's `events` shows type/action/actor; crsim adds ``linux``, the system call
or command a real runtime performs for that step, so learners can see what
runc, containerd and dockerd actually do. Listeners (the shell's trace mode)
are told of each event as it happens.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Callable, Dict, List, Optional, Tuple

from .record import field, record


@record(frozen=True)
class Event:
    time: float
    type: str  # container, image, network, volume
    action: str  # create, start, kill, die, stop, pause, destroy, pull, ...
    actor: str  # id of the object
    attributes: Dict[str, str] = field(default_factory=dict)
    linux: Tuple[str, ...] = ()  # what the kernel/runtime does for it
    # False: a step of containerd and runc (a task's creation) that Docker's events API does
    # not report; the trace still shows what it does, in its place between the daemon's events
    reported: bool = True


class EventLog:
    def __init__(self, now: Callable[[], float]):
        self._now = now
        self._events: List[Event] = []
        self._listeners: List[Callable[[Event], None]] = []

    def emit(self, type_: str, action: str, actor: str, attributes: Optional[Dict[str, str]] = None,
             linux: Tuple[str, ...] = (), reported: bool = True) -> Event:
        event = Event(self._now(), type_, action, actor, dict(attributes or {}), tuple(linux), reported)
        self._events.append(event)
        for listener in list(self._listeners):
            listener(event)
        return event

    def subscribe(self, listener: Callable[[Event], None]) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def since(self, when: float = float("-inf"), until: float = float("inf")) -> List[Event]:
        """The events Docker reports (`docker events`) between two times."""
        return [e for e in self._events if when <= e.time <= until and e.reported]

    def everything(self) -> List[Event]:
        """Every event, the runtime's own steps included (what the trace shows)."""
        return list(self._events)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __iter__(self):
        """The events Docker reports; listeners (the trace) are told of the others too."""
        return (e for e in self._events if e.reported)
