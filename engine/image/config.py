"""An image's configuration: the defaults a container starts from.

The attributes are Docker's ``.Config`` fields in snake case; ``to_dict()``
gives them back under Docker's names in the shape Docker 28 prints for
``docker image inspect``. Since API v1.50 the daemon writes that object from a
Go map, so its keys come out in alphabetical order; ``Cmd``, ``Entrypoint``,
``Env``, ``Labels``, ``OnBuild``, ``User``, ``Volumes`` and ``WorkingDir`` are
always present (``null`` or ``""`` when unset), the others only when set.
``to_oci_dict()`` is the same config as it sits in the image's config blob
(OCI field order, empty fields left out), which is what the image id hashes.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, Mapping, Optional, Sequence, Tuple

from ..record import record, replace

# attribute -> Docker's JSON name
DOCKER_NAMES = {
    "user": "User",
    "exposed_ports": "ExposedPorts",
    "env": "Env",
    "entrypoint": "Entrypoint",
    "cmd": "Cmd",
    "volumes": "Volumes",
    "working_dir": "WorkingDir",
    "labels": "Labels",
    "stop_signal": "StopSignal",
    "args_escaped": "ArgsEscaped",
    "healthcheck": "Healthcheck",
    "on_build": "OnBuild",
    "shell": "Shell",
}
_ATTRS = {docker: attr for attr, docker in DOCKER_NAMES.items()}

# Printed by image inspect even when empty (they lacked "omitempty" in Docker).
_ALWAYS_SHOWN = ("Cmd", "Entrypoint", "Env", "Labels", "OnBuild", "User", "Volumes", "WorkingDir")


def _strings(value: Optional[Sequence[str]]) -> Optional[Tuple[str, ...]]:
    return None if value is None else tuple(value)


@record(frozen=True)
class ImageConfig:
    """Read-only by convention: derive a changed copy with :meth:`replace`."""

    user: str = ""
    exposed_ports: Optional[Dict[str, dict]] = None  # {"80/tcp": {}}
    env: Optional[Tuple[str, ...]] = None  # ("PATH=/usr/bin", ...)
    entrypoint: Optional[Tuple[str, ...]] = None
    cmd: Optional[Tuple[str, ...]] = None
    volumes: Optional[Dict[str, dict]] = None  # {"/data": {}}
    working_dir: str = ""
    labels: Optional[Dict[str, str]] = None
    stop_signal: str = ""
    args_escaped: bool = False
    healthcheck: Optional[Dict[str, object]] = None
    on_build: Optional[Tuple[str, ...]] = None
    shell: Optional[Tuple[str, ...]] = None

    def __post_init__(self):
        # Accept lists from callers but keep immutable tuples inside.
        for name in ("env", "entrypoint", "cmd", "on_build", "shell"):
            object.__setattr__(self, name, _strings(getattr(self, name)))
        # Go maps (ports, volumes, labels) come out of the daemon with sorted keys, in
        # inspect and in the config blob alike; the health check is a struct, in order.
        for name in ("exposed_ports", "volumes", "labels"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, dict(sorted(value.items())))
        if self.healthcheck is not None:
            object.__setattr__(self, "healthcheck", dict(self.healthcheck))

    def replace(self, **changes) -> "ImageConfig":
        return replace(self, **changes)

    # -- environment -------------------------------------------------------

    def env_dict(self) -> Dict[str, str]:
        """Env as a mapping; a later "K=V" wins, "K" alone means an empty value."""
        result: Dict[str, str] = {}
        for item in self.env or ():
            key, _, value = item.partition("=")
            result[key] = value
        return result

    def getenv(self, key: str, default: Optional[str] = None) -> Optional[str]:
        return self.env_dict().get(key, default)

    def with_env(self, **values: str) -> "ImageConfig":
        """A copy with variables set (replacing in place, appending new ones), as ENV does."""
        env = list(self.env or ())
        for key, value in values.items():
            entry = f"{key}={value}"
            for index, item in enumerate(env):
                if item.partition("=")[0] == key:
                    env[index] = entry
                    break
            else:
                env.append(entry)
        return self.replace(env=tuple(env))

    # -- JSON shapes -------------------------------------------------------

    def _docker_values(self) -> Dict[str, object]:
        values: Dict[str, object] = {}
        for attr, docker in DOCKER_NAMES.items():
            value = getattr(self, attr)
            if isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, dict):
                value = {k: (dict(v) if isinstance(v, dict) else v) for k, v in value.items()}
            values[docker] = value
        return values

    def to_dict(self) -> Dict[str, object]:
        """``docker image inspect`` .Config as Docker 28 prints it (sorted keys)."""
        values = self._docker_values()
        shown = {}
        for key in sorted(values):
            value = values[key]
            if key in _ALWAYS_SHOWN or value:
                shown[key] = value if (value or key in ("User", "WorkingDir")) else None
        return shown

    def to_oci_dict(self) -> Dict[str, object]:
        """The config as stored in the image config blob: OCI order, no empty fields."""
        return {key: value for key, value in self._docker_values().items() if value}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> "ImageConfig":
        """Build from Docker-named keys (as in inspect or a config blob); unknown keys are ignored."""
        kwargs = {_ATTRS[key]: value for key, value in data.items() if key in _ATTRS and value is not None}
        return cls(**kwargs)
