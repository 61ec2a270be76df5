"""A service as the engine's create options, and Compose's names and labels for what
`up` makes (so `ps --filter label=com.docker.compose.project=x` finds it)."""

from __future__ import annotations

import hashlib
import json
from typing import Dict, List

COMPOSE_VERSION = "2.39.1"  # the Compose plugin shipped beside Docker 28
LABEL = "com.docker.compose."


def label(container, key: str, default=None):
    """A Compose label of a container (``key`` without the com.docker.compose. prefix)."""
    return container.config.labels.get(LABEL + key, default)


def service_of(container):
    """The service a container was made for (None if Compose did not make it)."""
    return label(container, "service")


def container_name(project: str, service: str, number: int = 1) -> str:
    return f"{project}-{service}-{number}"


def config_hash(service: dict) -> str:
    """What a second `up` compares to decide whether a container must be recreated."""
    return hashlib.sha256(json.dumps(service, sort_keys=True).encode()).hexdigest()


def compose_labels(pairs: Dict[str, str]) -> Dict[str, str]:
    """Labels under Compose's prefix (``{"service": "web"}`` is com.docker.compose.service=web)."""
    return {LABEL + key: value for key, value in pairs.items()}


def project_labels(project) -> Dict[str, str]:
    return compose_labels({"project": project.name, "version": COMPOSE_VERSION})


def container_labels(project, name: str, service: dict, image_id: str,
                     number: int = 1) -> Dict[str, str]:
    deps = ",".join(f"{dep}:{conf['condition']}:{str(bool(conf.get('restart'))).lower()}"
                    for dep, conf in service.get("depends_on", {}).items())
    labels = compose_labels({
        "config-hash": config_hash(service),
        "container-number": str(number),
        "depends_on": deps,
        "image": image_id,
        "oneoff": "False",
        "project": project.name,
        "project.config_files": ",".join(project.config_files),
        "project.working_dir": project.working_dir,
        "service": name,
        "version": COMPOSE_VERSION,
    })
    return {**{k: v or "" for k, v in service.get("labels", {}).items()}, **labels}


def volume_name(project, key: str) -> str:
    return project.model.get("volumes", {}).get(key, {}).get("name", f"{project.name}_{key}")


def network_name(project, key: str) -> str:
    return project.model.get("networks", {}).get(key, {}).get("name", f"{project.name}_{key}")


def _seconds(value) -> int:
    from engine.durations import parse_duration_ns
    return parse_duration_ns(str(value)) // 10 ** 9 if isinstance(value, str) else int(value)


def create_options(project, name: str, service: dict, image_id: str, number: int = 1) -> dict:
    """engine.create's keyword arguments for one service's container."""
    networks = list(service.get("networks", {}))
    options: dict = {
        "name": service.get("container_name") or container_name(project.name, name, number),
        "labels": container_labels(project, name, service, image_id, number),
        "env": [f"{k}={v}" for k, v in service.get("environment", {}).items() if v is not None],
        "workdir": service.get("working_dir", ""), "user": str(service.get("user", "")),
        "hostname": service.get("hostname", ""), "restart": service.get("restart", "no"),
        "read_only": bool(service.get("read_only")), "init": bool(service.get("init")),
        "tty": bool(service.get("tty")), "stdin_open": bool(service.get("stdin_open")),
        "expose": list(service.get("expose", [])), "tmpfs": _list(service.get("tmpfs")),
        "publish": [_publish(p) for p in service.get("ports", [])],
        "volumes": [_mount(project, v) for v in service.get("volumes", [])],
    }
    if "command" in service:
        options["command"] = service["command"]
    if "entrypoint" in service:
        options["entrypoint"] = service["entrypoint"]
    if "stop_grace_period" in service:
        options["stop_timeout"] = _seconds(service["stop_grace_period"])
    if service.get("network_mode"):
        options["network"] = service["network_mode"]
    elif networks:
        first = networks[0]
        options["network"] = network_name(project, first)
        options["network_aliases"] = network_aliases(options["name"], name, service, first)
    limits = ((service.get("deploy") or {}).get("resources") or {}).get("limits") or {}
    memory = limits.get("memory") or service.get("mem_limit")
    if memory:
        options["memory"] = int(memory)  # bytes already (the model's normal form)
    cpus = limits.get("cpus") or service.get("cpus")
    if cpus:
        options["nano_cpus"] = int(round(float(cpus) * 1_000_000_000))
    pids = limits.get("pids") or service.get("pids_limit")
    if pids:
        options["pids_limit"] = int(pids)
    check = service.get("healthcheck")
    if check:
        options["healthcheck"] = _healthcheck(check)
    return options


def network_aliases(container: str, name: str, service: dict, network: str) -> List[str]:
    """Compose's aliases on a project network: the container's name, the service's, then
    the service's own aliases there."""
    return [container, name] + list((service["networks"][network] or {}).get("aliases", []))


def _list(value) -> List[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _publish(port: dict) -> str:
    spec = str(port["target"])
    if port.get("published"):
        spec = f"{port['published']}:{spec}"
        if port.get("host_ip"):
            spec = f"{port['host_ip']}:{spec}"
    return f"{spec}/{port.get('protocol', 'tcp')}"


def _mount(project, volume: dict) -> str:
    source = volume.get("source", "")
    if volume.get("type") == "volume" and source:
        source = volume_name(project, source)
    spec = f"{source}:{volume['target']}" if source else volume["target"]
    return spec + (":ro" if volume.get("read_only") else "")


def _healthcheck(check: dict) -> dict:
    from engine.durations import parse_duration_ns
    if check.get("disable"):
        return {"Test": ["NONE"]}
    test = check.get("test")
    out: dict = {"Test": test if isinstance(test, list) else ["CMD-SHELL", str(test)] if test else None}
    for key, field in (("interval", "Interval"), ("timeout", "Timeout"),
                       ("start_period", "StartPeriod"), ("start_interval", "StartInterval")):
        if key in check:
            out[field] = parse_duration_ns(str(check[key]))
    if "retries" in check:
        out["Retries"] = int(check["retries"])
    return out
