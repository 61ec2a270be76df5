"""`docker events --filter`: which events the daemon sends, by its rules (moby's
daemon/events/filter.go). Values of one key are alternatives, keys must all match.

- type, scope: exact; event: exact, or a prefix for health_status, exec_create and
  exec_start (whose actions go on after a colon);
- container, volume, network: an event of that type whose actor id or name is the value
  (an id by any prefix);
- image: an image event, or a container event, naming the image (id, name, or the name
  without its tag);
- label: the actor's attributes (label=key or label=key=value).
"""

from __future__ import annotations

from typing import Callable, Dict, List

from .errors import InvalidParameter
from .prune_filters import match_kv_list

KEYS = ("config", "container", "daemon", "event", "image", "label", "network", "node",
        "plugin", "scope", "secret", "service", "type", "volume")
FUZZY_EVENTS = ("health_status", "exec_create", "exec_start")


def parse(specs: List[str]) -> Dict[str, List[str]]:
    """key=value specs as a filter (an unknown key is the daemon's error)."""
    filters: Dict[str, List[str]] = {}
    for spec in specs:
        key, _, value = spec.partition("=")
        if key not in KEYS:
            raise InvalidParameter(f"invalid filter '{key}'")
        filters.setdefault(key, []).append(value)
    return filters


def matches(filters: Dict[str, List[str]], event) -> bool:
    """Whether the daemon sends ``event`` to a client that asked for ``filters``: every key
    given must match (only those are looked at: this runs for every event)."""
    for key, values in filters.items():
        if key in SWARM_KEYS or not MATCHERS[key](values, event):
            return False
    return True


def _event(values, action: str) -> bool:
    if any(value in FUZZY_EVENTS for value in values):
        return any(action == value or action.startswith(value + ":") for value in values)
    return action in values


def _named(values, event, kind: str) -> bool:
    if event.type != kind:
        return False
    name = event.attributes.get("name", "")
    return any(value == name or (value and event.actor.startswith(value)) for value in values)


def _image(values, event) -> bool:
    if event.type not in ("image", "container"):
        return False
    names = {event.actor} if event.type == "image" else set()
    for key in ("image", "name") if event.type == "image" else ("image",):
        if event.attributes.get(key):
            names.add(event.attributes[key])
    untagged = {name.rsplit(":", 1)[0] for name in names if "/" not in name.rsplit(":", 1)[-1]}
    return any(value in names or value in untagged for value in values)


# Swarm's objects: a daemon outside a swarm sends none of their events.
SWARM_KEYS = ("config", "node", "plugin", "secret", "service")
MATCHERS: Dict[str, Callable[[List[str], object], bool]] = {
    "type": lambda values, event: event.type in values,
    "scope": lambda values, event: "local" in values,
    "event": lambda values, event: _event(values, event.action),
    "container": lambda values, event: _named(values, event, "container"),
    "volume": lambda values, event: _named(values, event, "volume"),
    "network": lambda values, event: _named(values, event, "network"),
    "image": _image,
    "label": lambda values, event: match_kv_list(values, event.attributes),
    "daemon": lambda values, event: event.type == "daemon",
}
