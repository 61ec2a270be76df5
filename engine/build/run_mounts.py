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
import posixpath
from typing import Dict, Optional

from ..vfs.entry import Entry, directory, regular

TYPES = ("bind", "cache", "tmpfs", "secret", "ssh")
SHARING = ("shared", "private", "locked")
# BuildKit's list of keys, in its order (its "did you mean" walks it).
KEYS = ("type", "from", "source", "target", "readonly", "id", "sharing", "required", "size", "mode",
        "uid", "gid", "src", "dst", "destination", "ro", "rw", "readwrite", "env")
_SYNONYMS = {"src": "source", "dst": "target", "destination": "target", "readonly": "ro",
             "readwrite": "rw"}


class MountError(ValueError):
    pass


def parse(spec: str, expand=lambda value: value) -> Dict[str, str]:
    """A --mount value ("type=cache,target=/root/.cache") as BuildKit's parseMount reads
    it: CSV fields, each value expanded by ``expand`` (the stage's variables), checked
    with BuildKit's words. Returns the fields under their canonical keys (``ro`` is
    "true" or "false"; ``required`` only for secret and ssh mounts)."""
    from ..container.security import GO_BOOLS  # Go's strconv.ParseBool
    from .instructions import did_you_mean, suggest
    fields: Dict[str, str] = {"type": "bind"}
    read_only = None  # None: the type decides
    for field in _csv_fields(spec):
        key, eq, value = field.partition("=")
        key = key.lower()
        kind = fields["type"]
        if not eq:
            if key in ("ro", "readonly", "rw", "readwrite"):
                read_only = key in ("ro", "readonly")
            elif key == "required" and kind in ("secret", "ssh"):
                fields["required"] = "true"
            elif key == "required":
                raise MountError(f"unexpected key '{key}' for mount type '{kind}'")
            else:
                raise MountError(f"invalid field '{field}' must be a key=value pair")
            continue
        value = expand(value)
        name = _SYNONYMS.get(key, key)
        if key not in KEYS:
            hint = suggest(key, KEYS, case_sensitive=True)
            raise MountError(f"unexpected key '{key}' in '{field}'" + did_you_mean(hint))
        if name == "type":
            if value.lower() not in TYPES:
                hint = suggest(value, TYPES)
                raise MountError(f'unsupported mount type "{value}"' + did_you_mean(hint))
            value = value.lower()
        elif name == "sharing":
            if value.lower() not in SHARING:
                hint = suggest(value, SHARING)
                raise MountError(f'unsupported sharing value "{value}"' + did_you_mean(hint))
            value = value.lower()
        elif name in ("ro", "rw", "required"):
            flag = GO_BOOLS.get(value)
            if flag is None:
                raise MountError(f"invalid value for {key}: {value}")
            if name == "required":
                if kind not in ("secret", "ssh"):
                    raise MountError(f"unexpected key '{key}' for mount type '{kind}'")
                value = "true" if flag else "false"
            else:
                read_only = flag if name == "ro" else not flag
                continue
        elif name == "size" and kind != "tmpfs":
            raise MountError(f"unexpected key '{key}' for mount type '{kind}'")
        elif name in ("mode", "uid", "gid") and not _unsigned(value, 8 if name == "mode" else 10):
            raise MountError(f"invalid value {value} for {name}")
        fields[name] = value
    kind = fields["type"]
    if kind not in ("secret", "ssh", "cache"):
        for name in ("mode", "uid", "gid"):
            if name in fields:
                raise MountError(f'{name} not allowed for "{kind}" type mounts')
    if read_only is None:
        read_only = kind not in ("cache", "tmpfs")
    fields["ro"] = "true" if read_only else "false"
    if kind == "secret":
        if "from" in fields:
            raise MountError("secret mount should not have a from")
        if "sharing" in fields:
            raise MountError("secret mount should not define sharing")
        if not (fields.get("source") or fields.get("target") or fields.get("id")):
            raise MountError("invalid secret mount. one of source, target required")
        if fields.get("source") and fields.get("id"):
            raise MountError("both source and id can't be set")
    if "sharing" in fields and kind != "cache":
        raise MountError(f"invalid cache sharing set for {kind} mount")
    return fields


def _csv_fields(spec: str):
    """The fields of one CSV record (Go's encoding/csv, which BuildKit's csvvalue follows)."""
    import csv
    try:
        return next(csv.reader([spec], strict=True), [])
    except csv.Error as err:
        raise MountError(f"failed to parse csv mounts: {err}") from None


def _unsigned(text: str, base: int) -> bool:
    """strconv.ParseUint(text, base, 32) succeeds."""
    digits = "01234567" if base == 8 else "0123456789"
    return bool(text) and all(char in digits for char in text) and int(text, base) < 2 ** 32


def secret_id(fields: Dict[str, str]) -> str:
    """The secret a secret mount names: its source, else its id, else its target's base name."""
    return fields.get("source") or fields.get("id") or posixpath.basename(fields.get("target", ""))


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
    key = fields.get("id") or posixpath.normpath(fields["target"])
    tree = store.get(key)
    if tree is None:
        mode = int(fields.get("mode", "755"), 8)
        tree = store[key] = {"": directory(mode, int(fields.get("uid", 0)), int(fields.get("gid", 0)))}
    return tree


def secret_value(secrets: Dict[str, bytes], fields: Dict[str, str]) -> Optional[bytes]:
    """The secret a secret mount names; None if it was not given and is not required."""
    key = secret_id(fields)
    if key not in secrets:
        if fields.get("required", "false") == "true":
            raise MountError(f"secret {key} not found")
        return None
    return secrets[key]


def secret_file(secrets: Dict[str, bytes], fields: Dict[str, str]) -> Optional[Dict[str, Entry]]:
    value = secret_value(secrets, fields)
    if value is None:
        return None
    return {"": regular(value, int(fields.get("mode", "400"), 8),
                        int(fields.get("uid", 0)), int(fields.get("gid", 0)))}
