"""What the package tools and build tools share: who runs them, download time, unpacking,
walking a project's files."""

from __future__ import annotations

import posixpath
from typing import Dict, List, Tuple

from ...proc.api import Context, Sleep
from ...vfs.entry import DIR, regular
from ...vfs.errno import FSError
from .catalogue import Package, declared_size, spec_entries
from .catalogue.files import TEXTS

DOWNLOAD_RATE = 20 * 1024 * 1024  # bytes per simulated second from the mirror
INDEX_LATENCY = 0.15  # seconds per index file (a round trip to the mirror)


def is_root(ctx: Context) -> bool:
    user = str(ctx.extra.get("user", "root") or "root")
    name = user.split(":", 1)[0]
    return name in ("root", "0", "")


def download(ctx: Context, nbytes: int):
    """Let the time a download takes pass (a generator to ``yield from``)."""
    seconds = INDEX_LATENCY + nbytes / DOWNLOAD_RATE
    yield Sleep(seconds)


def unpack(ctx: Context, package: Package, spec: str, extra: List[Tuple[str, object]] = ()) -> List[str]:
    """Write a package's files into the container's writable layer; their paths.

    The spec's declared sizes are scaled so that the files add up to the
    package's installed size (less what ``extra`` already holds).
    """
    entries = []
    extra_size = sum(entry.size for _, entry in extra)
    declared = declared_size(spec)
    budget = max(0, package.installed - extra_size)
    scale = budget / declared if declared else 1.0
    entries += list(spec_entries(spec, TEXTS, scale if declared else 1.0))
    entries += list(extra)
    written = []
    for path, entry in entries:
        ctx.fs.install(path, entry)
        written.append(path)
    return written


def sized(nbytes: int, mode: int = 0o644):
    return regular(None, mode, size=max(0, int(nbytes)))


def read_text(ctx: Context, path: str) -> str:
    try:
        return ctx.fs.read(path).decode("utf-8", "replace")
    except Exception:
        return ""


def is_sized_only(ctx: Context, path: str) -> bool:
    """A database file the image holds as a size only (its text was never written)."""
    try:
        entry = ctx.fs.stat(path)
    except Exception:
        return False
    return entry.is_file and entry.data is None


def parse_stanzas(text: str) -> List[Dict[str, str]]:
    """RFC822-like blocks (dpkg status, apk's installed db): one dict per block,
    continuation lines kept under their field."""
    blocks: List[Dict[str, str]] = []
    for chunk in text.split("\n\n"):
        fields: Dict[str, str] = {}
        key = None
        for line in chunk.splitlines():
            if line.startswith((" ", "\t")) and key:
                fields[key] += "\n" + line
            elif ":" in line:
                key, _, value = line.partition(":")
                fields[key] = value.strip() if key not in fields else fields[key] + "\n" + value.strip()
        if fields:
            blocks.append(fields)
    return blocks


def walk_files(ctx: Context, top: str, skip: Tuple[str, ...] = ()) -> List[str]:
    """The files below ``top`` (relative to the cwd, or absolute), sorted, directories
    named in ``skip`` left out; none when ``top`` is missing."""
    found = []
    try:
        names = sorted(ctx.fs.readdir(top, ctx.cwd))
    except FSError:
        return found
    for name in names:
        path = posixpath.join(top, name)
        if ctx.fs.stat(path, ctx.cwd).kind == DIR:
            if name not in skip:
                found += walk_files(ctx, path, skip)
        else:
            found.append(path)
    return found
