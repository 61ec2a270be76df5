"""`docker commit`: a container's writable layer becomes a new image layer.

The new image is the container's image plus one layer (the upper directory,
whiteouts included) and a config taken from the container, changed by the
`--change` instructions a Dockerfile would use (CMD, ENV, EXPOSE, ...).
"""

from __future__ import annotations

import json
import shlex
from typing import List, Sequence

from ..errors import InvalidParameter
from .config import ImageConfig
from .image import HistoryEntry, Image

# moby's validCommitCommands: the instructions `commit -c` and `import -c` accept
CHANGE_INSTRUCTIONS = ("CMD", "ENTRYPOINT", "ENV", "EXPOSE", "HEALTHCHECK", "LABEL", "ONBUILD",
                       "USER", "VOLUME", "WORKDIR", "STOPSIGNAL")
HEALTHCHECK_DURATIONS = {"interval": "Interval", "timeout": "Timeout",
                         "start-period": "StartPeriod", "start-interval": "StartInterval"}


def _command(value: str) -> List[str]:
    """Exec form (a JSON array) or shell form, as a Dockerfile reads CMD/ENTRYPOINT."""
    value = value.strip()
    if value.startswith("["):
        try:
            parsed = json.loads(value)
            if isinstance(parsed, list) and all(isinstance(item, str) for item in parsed):
                return parsed
        except ValueError:
            pass
    return ["/bin/sh", "-c", value]


def _pairs(value: str) -> List[tuple]:
    words = shlex.split(value)
    if len(words) >= 2 and "=" not in words[0]:
        return [(words[0], " ".join(words[1:]))]  # legacy "ENV KEY value" form
    return [tuple(word.split("=", 1)) if "=" in word else (word, "") for word in words]


def _healthcheck(value: str) -> dict:
    """HEALTHCHECK [--interval=D --timeout=D --start-period=D --start-interval=D
    --retries=N] CMD command | NONE, as the Dockerfile instruction sets it."""
    from ..durations import parse_duration_ns
    check: dict = {}
    rest = value.strip()
    while rest.startswith("--"):
        flag, _, rest = rest.partition(" ")
        name, _, setting = flag[2:].partition("=")
        try:
            if name in HEALTHCHECK_DURATIONS:
                check[HEALTHCHECK_DURATIONS[name]] = parse_duration_ns(setting)
            elif name == "retries":
                check["Retries"] = int(setting)
            else:
                raise InvalidParameter(f"unknown flag: {name}")
        except ValueError as err:
            raise InvalidParameter(str(err)) from None
        rest = rest.strip()
    kind, _, command = rest.partition(" ")
    kind = kind.upper()
    if kind == "NONE":
        return {"Test": ["NONE"]}
    if kind != "CMD":
        raise InvalidParameter(f'Unknown type "{kind}" in HEALTHCHECK (try CMD)')
    argv = _command(command)
    test = ["CMD-SHELL", command.strip()] if argv[:2] == ["/bin/sh", "-c"] else ["CMD", *argv]
    return {"Test": test, **check}


def apply_changes(config: ImageConfig, changes: Sequence[str]) -> ImageConfig:
    for change in changes:
        keyword, _, value = change.strip().partition(" ")
        keyword = keyword.upper()
        if keyword not in CHANGE_INSTRUCTIONS:
            raise InvalidParameter(f"{keyword.lower()} is not a valid change command")
        if keyword == "CMD":
            config = config.replace(cmd=_command(value))
        elif keyword == "ENTRYPOINT":
            config = config.replace(entrypoint=_command(value))
        elif keyword == "ENV":
            config = config.with_env(**dict(_pairs(value)))
        elif keyword == "LABEL":
            config = config.replace(labels={**(config.labels or {}), **dict(_pairs(value))})
        elif keyword == "EXPOSE":
            ports = dict(config.exposed_ports or {})
            for port in value.split():
                ports[port if "/" in port else f"{port}/tcp"] = {}
            config = config.replace(exposed_ports=ports)
        elif keyword == "VOLUME":
            volumes = dict(config.volumes or {})
            for item in (_command(value) if value.strip().startswith("[") else value.split()):
                volumes[item] = {}
            config = config.replace(volumes=volumes)
        elif keyword == "USER":
            config = config.replace(user=value.strip())
        elif keyword == "WORKDIR":
            config = config.replace(working_dir=value.strip())
        elif keyword == "STOPSIGNAL":
            config = config.replace(stop_signal=value.strip())
        elif keyword == "HEALTHCHECK":
            config = config.replace(healthcheck=_healthcheck(value))
        elif keyword == "ONBUILD":
            config = config.replace(on_build=tuple(config.on_build or ()) + (value.strip(),))
    return config


def commit(container, now: float, message: str = "", author: str = "",
           changes: Sequence[str] = ()) -> Image:
    base: Image = container.image
    c = container.config
    config = base.config.replace(
        env=tuple(c.env), cmd=tuple(c.cmd) if c.cmd is not None else None,
        entrypoint=tuple(c.entrypoint) if c.entrypoint is not None else None,
        working_dir=c.working_dir, user=c.user, labels=dict(c.labels) or None,
        exposed_ports=dict(c.exposed_ports) or None)
    config = apply_changes(config, changes)
    layer = container.fs.upper_layer()
    history = list(base.history) + [HistoryEntry(
        created=now, created_by=" ".join(c.cmd or ()), comment=message)]
    return Image(list(base.layers) + [layer], config, history, created=now, author=author,
                 comment=message)
