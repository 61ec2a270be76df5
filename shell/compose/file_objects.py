"""Secrets and configs: the model compose-go makes of them, and how Docker Compose (without
swarm) gives them to a container.

A `file:` source is bind-mounted read-only; an `environment:` source (and a config's
`content:`) is written into the container after it is created, as Compose's CopyToContainer
of a one-file tar does: mode 0444 unless `mode:` says otherwise, owned by root unless
`uid:`/`gid:` say otherwise. Secrets go to /run/secrets/NAME (or to their target, under
/run/secrets when relative); configs to /NAME (or their target, under / when relative).
"""

from __future__ import annotations

import os
from typing import Dict, List

# per kind: the sources a top-level entry may have (one of them), and where a relative
# target goes in the container
SOURCES = {"secrets": ("file", "environment"), "configs": ("file", "environment", "content")}
BASE_DIR = {"secrets": "/run/secrets/", "configs": "/"}
SINGULAR = {"secrets": "secret", "configs": "config"}
# a top-level entry's keys in the order compose-go writes them (its FileObjectConfig fields)
OBJECT_KEYS = ("name", "file", "environment", "content", "external", "labels", "driver",
               "driver_opts", "template_driver")
# a service's reference to one (its FileReferenceConfig fields)
REFERENCE_KEYS = ("source", "target", "uid", "gid", "mode")


class FileObjectError(Exception):
    pass


def check_sources(kind: str, objects) -> None:
    """compose-go's checkFileObject: exactly one source, unless external or driven."""
    keys = SOURCES[kind]
    for key, conf in (objects or {}).items():
        conf = conf or {}
        count = sum(1 for k in keys if k in conf)
        if count > 1:
            raise FileObjectError(f"{kind}.{key}: {'|'.join(keys)} attributes are mutually exclusive")
        if count == 0 and "driver" not in conf and "external" not in conf:
            raise FileObjectError(f"{kind}.{key}: one of {'|'.join(keys)} must be set")


def normalise_objects(objects: dict, project: str, workdir: str) -> dict:
    """Top-level secrets or configs: named <project>_<key> (an external one: its key), a
    file made absolute from the project directory."""
    from .project import named_resource
    out = {}
    for key, conf in sorted(objects.items()):
        conf = absolute_file(conf, workdir)
        if isinstance(conf.get("labels"), list):
            conf["labels"] = dict(item.partition("=")[::2] for item in map(str, conf["labels"]))
        out[key] = named_resource(key, conf, project, OBJECT_KEYS)
    return out


def absolute_file(conf, directory: str) -> dict:
    """An entry whose `file` is made absolute from ``directory`` (compose-go's maybeUnixPath)."""
    conf = dict(conf or {})
    if isinstance(conf.get("file"), str):
        path = os.path.expanduser(conf["file"])
        conf["file"] = os.path.normpath(os.path.join(directory, path))
    return conf


def normalise_references(kind: str, references: list) -> List[dict]:
    """A service's list: a name is {source: name}; a secret gets its default target
    (compose-go's defaults); a mode is written in octal as compose-go's FileMode."""
    out = []
    for ref in references or []:
        ref = {"source": ref} if isinstance(ref, str) else dict(ref)
        if kind == "secrets" and "target" not in ref:
            ref["target"] = f"/run/secrets/{ref.get('source')}"
        if "mode" in ref:
            mode = ref["mode"]
            try:
                ref["mode"] = "0%o" % (int(mode, 8) if isinstance(mode, str) else int(mode))
            except ValueError:
                raise FileObjectError(f'strconv.ParseInt: parsing "{mode}": invalid syntax') from None
        for key in ("uid", "gid"):
            if key in ref:
                ref[key] = str(ref[key])
        ordered = {k: ref[k] for k in REFERENCE_KEYS if k in ref}
        ordered.update({k: v for k, v in ref.items() if str(k).startswith("x-")})
        out.append(ordered)
    return out


def check_references(services: dict, model: dict) -> None:
    """compose-go's consistency check: every name a service uses is declared."""
    for name, service in services.items():
        for kind in ("configs", "secrets"):
            for ref in service.get(kind, []):
                if ref.get("source") not in (model.get(kind) or {}):
                    raise FileObjectError(f'service "{name}" refers to undefined {SINGULAR[kind]} '
                                          f'{ref.get("source")}: invalid compose project')


def target(kind: str, ref: dict) -> str:
    path = ref.get("target") or ref["source"]
    return path if path.startswith("/") else BASE_DIR[kind] + path


def bind_mounts(project, service: dict, warn) -> List[dict]:
    """The read-only bind mounts of the file-sourced secrets and configs (engine.create's
    `mounts`), or Compose's error for what it cannot mount."""
    mounts: Dict[str, dict] = {}
    for kind in ("secrets", "configs"):
        for ref in service.get(kind, []):
            defined = project.model.get(kind, {}).get(ref["source"], {})
            if defined.get("external"):
                raise FileObjectError(f"unsupported external {SINGULAR[kind]} {defined.get('name')}")
            for option in ("driver", "template_driver"):
                if defined.get(option):
                    raise FileObjectError(f"Docker Compose does not support {kind}.*.{option}")
            if "file" not in defined:
                continue
            if any(key in ref for key in ("uid", "gid", "mode")):
                warn(f"{kind} `uid`, `gid` and `mode` are not supported, they will be ignored"
                     if kind == "secrets" else
                     "config `uid`, `gid` and `mode` are not supported, they will be ignored")
            if kind == "secrets" and not os.path.exists(defined["file"]):
                warn(f"secret file {defined['name']} does not exist")
            path = target(kind, ref)
            mounts[path] = {"type": "bind", "source": defined["file"], "target": path, "ro": True,
                            "nocopy": False, "mode": "", "tmpfs": "", "labels": {}, "options": {},
                            "driver": "local",
                            "json": {"Type": "bind", "Source": defined["file"], "Target": path,
                                     "ReadOnly": True}}
    return list(mounts.values())


def inject(engine, project, name: str, service: dict, container) -> None:
    """The environment- and content-sourced files written into a created container."""
    from engine.vfs.entry import directory, regular
    for kind in ("secrets", "configs"):
        for ref in service.get(kind, []):
            defined = project.model.get(kind, {}).get(ref["source"], {})
            content = defined.get("content") if kind == "configs" else None
            if "environment" in defined:
                content = project.environment.get(defined["environment"])
                if content is None:
                    raise FileObjectError(f'environment variable "{defined["environment"]}" required by '
                                          f'{SINGULAR[kind]} "{defined.get("name")}" is not set')
            if not content:
                continue
            if service.get("read_only"):
                raise FileObjectError(f'cannot create {SINGULAR[kind]} "{defined.get("name")}" in '
                                      f"read-only service {name}: `file` is the sole supported option")
            path = target(kind, ref)
            try:
                owner = dict(uid=int(ref.get("uid") or 0), gid=int(ref.get("gid") or 0))
            except ValueError as err:
                raise FileObjectError(f'strconv.Atoi: parsing "{str(err).rsplit(" ", 1)[-1].strip(chr(39))}": '
                                      f"invalid syntax") from None
            mode = int(ref["mode"], 8) if "mode" in ref else 0o444
            parts = path.strip("/").split("/")
            entries = [("/".join(parts[:i]), directory()) for i in range(1, len(parts))]
            entries.append(("/".join(parts), regular(str(content), mode=mode, mtime=int(engine.clock.now()),
                                                     **owner)))
            engine.copy_in(container.id, "/", entries)
