"""The --filter values Docker's prune endpoints take, as the daemon reads them.

Each endpoint accepts its own set of names (containers and networks: until, label,
label!; images add dangling; volumes add all); any other is refused. `until` keeps
what was created after the time (a timestamp, or a duration back from now); every
`label` filter must match the object's labels, and an object matching all its
`label!` filters is kept."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Dict, Iterable, List, Mapping, Optional

from .errors import InvalidParameter

CONTAINER_FILTERS = ("label", "label!", "until")
NETWORK_FILTERS = CONTAINER_FILTERS
IMAGE_FILTERS = ("dangling", "label", "label!", "until")
VOLUME_FILTERS = ("all", "label", "label!")


class PruneFilters:
    def __init__(self, values: Iterable[str], accepted: Iterable[str], now: float):
        self.by_name: Dict[str, List[str]] = {}
        for value in values:
            name, _, wanted = value.partition("=")
            self.by_name.setdefault(name, []).append(wanted)
        for name in self.by_name:
            if name not in accepted:
                raise InvalidParameter(f"invalid filter '{name}'")
        untils = self.by_name.get("until", [])
        if len(untils) > 1:
            raise InvalidParameter("more than one until filter specified")
        self.until: Optional[float] = parse_timestamp(untils[0], now) if untils else None

    def get(self, name: str) -> List[str]:
        return self.by_name.get(name, [])

    def selects(self, created: float, labels: Mapping[str, str]) -> bool:
        """Whether an object made at ``created`` with ``labels`` is to be pruned."""
        if self.until is not None and created > self.until:
            return False
        if not match_kv_list(self.get("label"), labels):
            return False
        return not (self.get("label!") and match_kv_list(self.get("label!"), labels))


def match_kv_list(wanted: List[str], labels: Mapping[str, str]) -> bool:
    """filters.Args.MatchKVList: every "key" or "key=value" is among the labels."""
    if not wanted:
        return True
    if not labels:
        return False
    for item in wanted:
        key, eq, value = item.partition("=")
        if key not in labels or (eq and labels[key] != value):
            return False
    return True


def parse_timestamp(text: str, now: float) -> float:
    """Docker's timetypes.GetTimestamp: a Go duration back from now ("10m", "1h30m"), Unix
    seconds ("1700000000.5"), or an RFC 3339 date or date-time."""
    from .durations import parse_duration_ns
    try:
        return now - parse_duration_ns(text) / 10 ** 9
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        pass
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidParameter(f'failed to parse value as time or duration: "{text}"') from None
    if when.tzinfo is None:  # a time without a zone is the daemon's local time: UTC here
        when = when.replace(tzinfo=timezone.utc)
    return when.timestamp()
