"""Where crsim keeps what it computed once and can compute again (the command table,
layer digests): the user's cache directory, or $CRSIM_CACHE_DIR ("off": nowhere)."""

import os
import sys

CACHE_ENV = "CRSIM_CACHE_DIR"  # tests point it elsewhere


def cache_dir():
    """The directory (not made yet, maybe), or None when caching is off."""
    root = os.environ.get(CACHE_ENV) or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "crsim")
    return None if root == "off" else root


def checkout_file(stem: str, anchor: str, suffix: str = ".pickle"):
    """The cache file ``stem`` of the checkout whose sources are at ``anchor`` (a
    directory), for this interpreter: one file each, replaced when stale, so old ones
    do not pile up. None when caching is off."""
    root = cache_dir()
    if root is None:
        return None
    where = f"{anchor}\n{sys.version}"
    return os.path.join(root, f"{stem}-{_fingerprint(where):08x}{suffix}")


def _fingerprint(text: str) -> int:
    """32 bits of the text: the same in every process (``hash`` is salted), computed in C
    without loading zlib for a crc32 at every start (its bytes as one number, modulo the
    largest prime below 2**32)."""
    return int.from_bytes(text.encode("utf-8", "surrogateescape"), "big") % 4294967291


def stamps(paths) -> list:
    """(path, size, modification time in ns) of each file: what a cache computed from
    them is checked against when it is read (``unchanged``)."""
    found = []
    for path in paths:
        status = os.stat(path)
        found.append((path, status.st_size, status.st_mtime_ns))
    return found


def unchanged(kept) -> bool:
    """Whether each file of ``stamps`` still has its size and time (one that is gone
    raises OSError: the cache is computed anew all the same)."""
    for path, size, mtime in kept:
        status = os.stat(path)
        if status.st_size != size or status.st_mtime_ns != mtime:
            return False
    return True


def write_atomically(path: str, dump) -> bool:
    """``dump(handle)`` into a temporary file renamed to ``path``: never a half-written
    cache under the real name. False when it cannot be written (a full disk, a file
    where the directory would be, something pickle cannot keep): only the saving is lost."""
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temporary, "wb") as handle:
            dump(handle)
        os.replace(temporary, path)
        return True
    except Exception:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        return False
