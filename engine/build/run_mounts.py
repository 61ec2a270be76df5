"""RUN --mount: what BuildKit mounts over a RUN step's file system, never kept in its layer.

- ``type=bind`` (the default): a directory or file of the build context, of another stage
  (``from=stage``) or of an image (``from=image``); read-only unless ``rw``, and with
  ``rw`` what the step writes there is thrown away afterwards.
- ``type=cache``: a directory kept by the builder across steps and builds (keyed by
  ``id``, the target by default), for package managers' caches.
- ``type=tmpfs``: an empty directory, gone after the step.
- ``type=secret``: a file holding a secret given to `build --secret id=...` (at
  /run/secrets/<id> by default); a missing one fails only when ``required``.
"""

from __future__ import annotations

import hashlib
from typing import Dict, Optional

from ..vfs.entry import Entry, directory, regular

TYPES = ("bind", "cache", "tmpfs", "secret", "ssh")
KEYS = {"type", "source", "src", "target", "dst", "destination", "from", "ro", "readonly", "rw", "readwrite",
        "id", "sharing", "mode", "uid", "gid", "required", "size", "env"}


class MountError(ValueError):
    pass


def parse(spec: str) -> Dict[str, str]:
    """A --mount value ("type=cache,target=/root/.cache") as BuildKit reads it."""
    fields: Dict[str, str] = {}
    for field in filter(None, spec.split(",")):
        key, eq, value = field.partition("=")
        key = key.strip().lower()
        if key not in KEYS:
            raise MountError(f"unexpected key '{key}' in '{field}'")
        if not eq and key in ("ro", "readonly", "rw", "readwrite", "required"):
            value = "true"
        fields[{"src": "source", "dst": "target", "destination": "target", "readonly": "ro",
                "readwrite": "rw"}.get(key, key)] = value
    kind = fields.setdefault("type", "bind")
    if kind not in TYPES:
        raise MountError(f"unsupported mount type \"{kind}\"")
    if kind == "secret":
        fields.setdefault("target", f"/run/secrets/{fields.get('id') or fields.get('source', '')}")
    if not fields.get("target"):
        raise MountError("mount target must be specified" if kind != "secret" else "invalid secret mount target")
    return fields


def subtree(entries: Dict[str, Entry], source: str) -> Dict[str, Entry]:
    """The entries at and below ``source`` (canonical) of a tree, relative to it."""
    source = "/" + source.strip("/") if source.strip("/") else "/"
    if source == "/":
        return {("" if p == "/" else p[1:]): e for p, e in entries.items()}
    prefix = source + "/"
    found = {p[len(prefix):]: e for p, e in entries.items() if p.startswith(prefix)}
    if source in entries:
        found[""] = entries[source]
    return found


def digest(entries: Dict[str, Entry]) -> str:
    """What a bind mount's content contributes to the step's cache key."""
    h = hashlib.sha256()
    for path in sorted(entries):
        e = entries[path]
        h.update(f"{path}\0{e.kind}\0{e.mode}\0{e.size}\0".encode())
        if e.data is not None:
            h.update(e.data if isinstance(e.data, bytes) else str(e.data).encode())
    return h.hexdigest()


def cache_dir(store: Dict[str, Dict[str, Entry]], fields: Dict[str, str]) -> Dict[str, Entry]:
    key = fields.get("id") or fields["target"]
    tree = store.get(key)
    if tree is None:
        mode = int(fields.get("mode", "755"), 8)
        tree = store[key] = {"": directory(mode, int(fields.get("uid", 0)), int(fields.get("gid", 0)))}
    return tree


def secret_file(secrets: Dict[str, bytes], fields: Dict[str, str]) -> Optional[Dict[str, Entry]]:
    key = fields.get("id") or fields.get("source", "")
    if key not in secrets:
        if fields.get("required", "false") == "true":
            raise MountError(f"secret {key} not found")
        return None
    return {"": regular(secrets[key], int(fields.get("mode", "400"), 8),
                        int(fields.get("uid", 0)), int(fields.get("gid", 0)))}
