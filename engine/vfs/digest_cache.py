"""The digests of the built-in images' layers, kept between runs (issue 18).

A layer's digest is the sha256 of its canonical tar; writing that tar costs more than
the rest of a `run busybox echo hi` (7 ms for busybox, 40 ms for a python layer). The
built-in registry makes the same layers in every process, so their digests are kept in
the cache directory (engine/cache_dir.py), each under a fingerprint of the layer: the
sha256 of every field of every entry (marshal writes them 60 times faster than the tar).
A layer whose fingerprint is unknown is hashed as before and remembered. The file is
keyed by crsim's and Python's versions and the tar writer's sources (a change there
changes the digests); a missing, stale or unreadable file is an empty cache, and one
that cannot be written only loses the saving.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import pickle
import sys

FORMAT = 1  # bump when the fingerprint or the file changes shape
_known = None  # fingerprint -> digest, read on first use
_key = None


def _cache_key() -> str:
    from ..version import VERSION
    from . import entry, paths, tarball
    from ..cache_dir import stamps
    files = [f"{path}:{size}:{mtime}" for path, size, mtime in
             stamps(module.__file__ for module in (tarball, entry, paths))]
    return "\n".join([str(FORMAT), VERSION, sys.version, *files])


def _path():
    from ..cache_dir import checkout_file
    return checkout_file("layer-digests", os.path.dirname(os.path.abspath(__file__)))


def fingerprint(layer) -> bytes:
    """What decides the layer's tar, every entry field by path, hashed."""
    return hashlib.sha256(marshal.dumps([
        (path, e.kind, e.mode, e.uid, e.gid, e.mtime, e.data, e.size, e.target, e.program, e.opaque)
        for path, e in layer.items()])).digest()


def _load() -> dict:
    global _known, _key
    if _known is None:
        _known, _key = {}, _cache_key()
        path = _path()
        if path is not None:
            try:
                with open(path, "rb") as handle:
                    key, known = pickle.load(handle)
                if key == _key and isinstance(known, dict):
                    _known = known
            except Exception:  # missing, half-written, another format: start empty
                pass
    return _known


def prime(layers) -> None:
    """Give each layer its digest, from the cache or computed (and then kept)."""
    known = _load()
    learnt = False
    for layer in layers:
        if layer.has_digest:
            continue
        mark = fingerprint(layer)
        digest = known.get(mark)
        if digest is None:
            known[mark] = digest = layer.digest
            learnt = True
        else:
            layer.set_digest(digest)
    if learnt:
        _write()


def _write() -> None:
    path = _path()
    if path is not None:
        from ..cache_dir import write_atomically
        write_atomically(path, lambda handle: pickle.dump((_key, _known), handle,
                                                          protocol=pickle.HIGHEST_PROTOCOL))
