"""Volumes: directories the daemon keeps outside every container's layers.

A volume's files live in /var/lib/docker/volumes/NAME/_data on the host and are
bind-mounted wherever a container asks (`-v NAME:/path`, `--mount type=volume`, an image's
VOLUME). Here that directory is one dict of entries that every container mounting the
volume shares, so what one writes the others see, and it outlives the containers. An
anonymous volume (a 64-hex name, the label com.docker.volume.anonymous) belongs to the
container that made it: `rm -v` and `run --rm` remove it with the container.
"""

from __future__ import annotations

from .lazy import LazyPattern

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Callable, Dict, Iterable, List, Optional, Tuple

from .clock import rfc3339
from .errors import Conflict, InvalidParameter, NotFound
from .record import field, record
from .vfs.entry import DIR, Entry, directory

VOLUMES_ROOT = "/var/lib/docker/volumes"
ANONYMOUS_LABEL = "com.docker.volume.anonymous"
VALID_NAME = LazyPattern(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]+$")  # the local driver's rule (as container names)
LOCAL_OPTIONS = ("type", "device", "o", "size")  # what the local driver takes with -o


@record
class Volume:
    name: str
    created: float
    driver: str = "local"
    labels: Dict[str, str] = field(default_factory=dict)
    options: Dict[str, str] = field(default_factory=dict)
    entries: Dict[str, Entry] = field(default_factory=dict)  # "" is _data itself

    @property
    def anonymous(self) -> bool:
        return ANONYMOUS_LABEL in self.labels

    @property
    def mountpoint(self) -> str:
        return f"{VOLUMES_ROOT}/{self.name}/_data"

    def is_empty(self) -> bool:
        return all(rel == "" for rel in self.entries)

    def size(self) -> int:
        return sum(e.size for e in self.entries.values() if e.kind != DIR)

    def to_dict(self) -> dict:
        """`docker volume inspect`'s document."""
        return {"CreatedAt": rfc3339(self.created).split(".")[0] + "Z", "Driver": self.driver,
                "Labels": dict(sorted(self.labels.items())), "Mountpoint": self.mountpoint, "Name": self.name,
                "Options": dict(sorted(self.options.items())), "Scope": "local"}  # Go maps: sorted keys


class Volumes:
    """The daemon's volumes, by name."""

    def __init__(self, now: Callable[[], float], new_id: Callable[[], str], events, users):
        self._now, self._new_id, self._events = now, new_id, events
        self._users = users  # volume name -> ids of the containers that mount it
        self._volumes: Dict[str, Volume] = {}

    def __iter__(self):
        return iter(sorted(self._volumes.values(), key=lambda v: v.name))

    def create(self, name: str = "", driver: str = "local", labels: Optional[Dict[str, str]] = None,
               options: Optional[Dict[str, str]] = None, anonymous: bool = False) -> Volume:
        """`docker volume create`: a new volume, or the one of that name (creating twice is fine)."""
        name = name or self._new_id()
        if not VALID_NAME.match(name):
            raise InvalidParameter(f'create {name}: "{name}" includes invalid characters for a local volume '
                                   f'name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to '
                                   f"pass a host directory, use absolute path")
        if driver != "local":
            raise NotFound(f"create {name}: error looking up volume plugin {driver}: plugin \"{driver}\" "
                           f"not found")
        for key in options or {}:
            if key not in LOCAL_OPTIONS:
                raise InvalidParameter(f'create {name}: invalid option: "{key}"')
        existing = self._volumes.get(name)
        if existing is not None:
            return existing
        labels = dict(labels or {})
        if anonymous:
            labels[ANONYMOUS_LABEL] = ""
        volume = Volume(name, self._now(), driver, labels, dict(options or {}),
                        {"": directory(0o755, mtime=int(self._now()))})
        self._volumes[name] = volume
        self._events.emit("volume", "create", name, {"driver": driver},
                          (f"mkdir -p {volume.mountpoint}",))
        return volume

    def get(self, name: str) -> Volume:
        volume = self._volumes.get(name)
        if volume is None:
            raise NotFound(f"get {name}: no such volume")
        return volume

    def users(self, name: str) -> List[str]:
        return self._users(name)

    def remove(self, name: str, force: bool = False) -> None:
        """`docker volume rm`: refused while a container (even a stopped one) mounts it."""
        volume = self._volumes.get(name)
        if volume is None:
            if force:
                return
            raise NotFound(f"get {name}: no such volume")
        users = self._users(name)
        if users:
            raise Conflict(f"remove {name}: volume is in use - [{', '.join(users)}]")
        del self._volumes[name]
        self._events.emit("volume", "destroy", name, {"driver": volume.driver},
                          (f"rm -rf {VOLUMES_ROOT}/{name}",))

    def prune(self, everything: bool = False, filters: Iterable[Tuple[str, str]] = ()) -> Tuple[List[str], int]:
        """`docker volume prune`: the unused anonymous volumes (all unused ones with -a);
        the names removed and the bytes they held."""
        removed, reclaimed = [], 0
        for volume in list(self):
            if self._users(volume.name) or not (everything or volume.anonymous):
                continue
            if not all(_label_matches(volume, value) for key, value in filters if key == "label"):
                continue
            reclaimed += volume.size()
            self.remove(volume.name)
            removed.append(volume.name)
        return removed, reclaimed


def _label_matches(volume: Volume, spec: str) -> bool:
    key, eq, value = spec.partition("=")
    return key in volume.labels and (not eq or volume.labels[key] == value)


def matches(volume: Volume, key: str, value: str, dangling: bool) -> bool:
    """One `volume ls --filter` condition (dangling: no container mounts it)."""
    if key == "name":
        return value in volume.name
    if key == "label":
        return _label_matches(volume, value)
    if key == "driver":
        return volume.driver == value
    if key == "dangling":
        return dangling == (value in ("true", "1"))
    raise InvalidParameter(f"invalid filter '{key}'")
