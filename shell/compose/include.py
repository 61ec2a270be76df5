"""`include:`: other compose files loaded as projects of their own and their resources
added to the including file, as compose-go's ApplyInclude does.

Each entry (a path, or path/project_directory/env_file) is loaded from its own project
directory (the first file's directory unless project_directory says otherwise): its
relative paths are relative to that directory, and its interpolation reads the including
project's variables first, then that directory's .env (or the entry's env_file). Its
services, volumes, networks, secrets and configs are added; one the including file already
has is an error unless both are the same.
"""

from __future__ import annotations

import os
from typing import Dict, List

from . import dotenv
from .file_objects import absolute_file

RESOURCES = ("services", "volumes", "networks", "secrets", "configs")


def apply(model: dict, working_dir: str, env: Dict[str, str], unset: List[str],
          included: List[str]) -> dict:
    """``model`` (one file's content) with its include entries loaded into it."""
    from .project import ComposeError
    entries = model.get("include")
    if entries is None:
        return model
    if not isinstance(entries, list):
        raise ComposeError(f"`include` must be a list, got {entries}")
    model = dict(model)
    for entry in entries:
        entry = {"path": entry} if isinstance(entry, str) else dict(entry or {})
        paths = entry.get("path") or []
        paths = [paths] if isinstance(paths, str) else [str(p) for p in paths]
        if not paths:
            continue
        paths = [os.path.normpath(os.path.join(working_dir, p)) for p in paths]
        directory = entry.get("project_directory")
        directory = (os.path.dirname(paths[0]) if not directory
                     else os.path.normpath(os.path.join(working_dir, str(directory))))
        if paths[0] in included:
            chain = included + [paths[0]]
            raise ComposeError("include cycle detected:\n" + chain[0] + "\n include "
                               + "\n include ".join(chain[1:]))
        inner_env = _environment(entry, working_dir, directory, env)
        imported = _load(paths, directory, inner_env, unset, included)
        _import(imported, model)
    model.pop("include", None)
    return model


def _environment(entry: dict, working_dir: str, directory: str, env: Dict[str, str]) -> Dict[str, str]:
    """The including project's variables, then those of the included one's env files."""
    from .project import ComposeError
    files = entry.get("env_file")
    files = [files] if isinstance(files, str) else list(files or [])
    if not files:
        default = os.path.join(directory, ".env")
        files = [default] if os.path.isfile(default) else []
    else:
        checked = []
        for name in map(str, files):
            path = name if os.path.isabs(name) else os.path.join(working_dir, name)
            if not os.path.exists(path):
                raise ComposeError(f"stat {path}: no such file or directory")
            if os.path.isdir(path):
                raise ComposeError(f"{path} is not a file")
            checked.append(path)
        files = checked
    values: Dict[str, str] = {}
    for path in files:
        try:
            values.update(dotenv.read(path, lambda k: env.get(k, values.get(k))))
        except dotenv.DotEnvError as err:
            raise ComposeError(str(err)) from None
    return {**values, **env}


def _load(paths: List[str], directory: str, env: Dict[str, str], unset: List[str],
          included: List[str]) -> dict:
    """The included files as compose-go loads a project's files (each read, extended,
    including its own includes, merged and checked), paths made absolute from its directory."""
    from . import project
    merged: dict = {}
    for path in paths:
        loaded = project.read_file(path, env, unset)
        loaded = project.apply_extends(loaded, path, env)
        loaded = apply(loaded, directory, env, unset, included + [path])
        merged = project.merge(merged, loaded)
        project.validate(merged, path)
        merged.pop("version", None)
    return _absolute(merged, directory)


def _absolute(model: dict, directory: str) -> dict:
    from .project import relative_to
    out = dict(model)
    if isinstance(out.get("services"), dict):
        out["services"] = {name: relative_to(service, directory) if isinstance(service, dict) else service
                           for name, service in out["services"].items()}
    for kind in ("secrets", "configs"):
        if isinstance(out.get(kind), dict):
            out[kind] = {name: absolute_file(conf, directory) if isinstance(conf, dict) else conf
                         for name, conf in out[kind].items()}
    return out


def _import(source: dict, target: dict) -> None:
    from .project import ComposeError
    for key in RESOURCES:
        if not source.get(key):
            continue
        into = dict(target.get(key) or {})
        for name, resource in source[key].items():
            if name in into:
                if into[name] == resource:
                    continue
                raise ComposeError(f"{key}.{name} conflicts with imported resource")
            into[name] = resource
        target[key] = into
