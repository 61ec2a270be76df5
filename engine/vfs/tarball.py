"""Canonical tar serialisation of layers (the bytes an OCI diff_id hashes).

A layer is written as a POSIX pax archive with entries in walk order and
fixed owner names, so the same layer always gives the same bytes and digest.
OCI's conventions apply: a deleted path is an empty file ``.wh.<name>``, an
opaque directory carries a ``.wh..wh..opq`` marker inside it. A file held as
a declared size only is written as a GNU sparse file made of one hole, so the
archive stays small while ``tar -tvf`` and Python's tarfile see its real size.
The second and later names of a hard-linked file are link members naming the first.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Iterable, Iterator, Tuple

from .entry import DIR, FILE, SYMLINK, WHITEOUT, Entry
from .paths import basename, join, parent, walk_key

if TYPE_CHECKING:
    import tarfile

BLOCK = 512
WHITEOUT_PREFIX = ".wh."
OPAQUE_MARKER = ".wh..wh..opq"
# The simulated program a file runs travels as a user xattr, which tar knows.
PROGRAM_KEY = "SCHILY.xattr.user.crsim.program"


def _member(name: str, entry: Entry) -> Tuple[tarfile.TarInfo, bytes]:
    import tarfile  # when a tar is written: a layer whose digest is known needs none
    info = tarfile.TarInfo(name)
    info.mode = entry.mode
    info.uid, info.gid = entry.uid, entry.gid
    info.mtime = entry.mtime
    info.uname = info.gname = ""
    payload = b""
    if entry.kind == DIR:
        info.type = tarfile.DIRTYPE
        info.name = name + "/"
    elif entry.kind == SYMLINK:
        info.type = tarfile.SYMTYPE
        info.linkname = entry.target
    elif entry.kind == FILE:
        info.type = tarfile.REGTYPE
        if entry.program:
            info.pax_headers[PROGRAM_KEY] = entry.program
        if entry.data is None and entry.size:
            # One hole covering the whole file: GNU sparse format 0.1 in pax.
            info.pax_headers["GNU.sparse.size"] = str(entry.size)
            info.pax_headers["GNU.sparse.numblocks"] = "1"
            info.pax_headers["GNU.sparse.map"] = f"{entry.size},0"
            info.size = 0
        else:
            payload = entry.data or b""
            info.size = len(payload)
    else:
        raise ValueError(f"not a tar member kind: {entry.kind}")
    return info, payload


def _hard_link_member(name: str, first: str, entry: Entry) -> Tuple[tarfile.TarInfo, bytes]:
    import tarfile
    info = _member(first, entry.with_changes(data=b"", size=0))[0]
    info.name, info.type, info.linkname = name, tarfile.LNKTYPE, first
    info.pax_headers = {}
    return info, b""


def member(name: str, entry: Entry) -> Tuple[tarfile.TarInfo, bytes]:
    """One tar member for ``entry`` at ``name`` (the tar program writes with it too)."""
    return _member(name, entry)


def members(entries: Iterable[Tuple[str, Entry]]) -> Iterator[Tuple[tarfile.TarInfo, bytes]]:
    """TarInfo and payload for each (path, entry), whiteouts in OCI form, a hard link's
    names after the first as link members (typeflag '1', as tar and the daemon write)."""
    first_names = {}  # link id -> the name its content was written under
    for path, entry in sorted(entries, key=lambda item: walk_key(item[0])):
        name = path.lstrip("/")
        if not name:
            continue  # the root directory itself is not a member
        if entry.kind == WHITEOUT:
            wh = join(parent(path), WHITEOUT_PREFIX + basename(path)).lstrip("/")
            yield _member(wh, Entry(FILE, 0o644))
            continue
        if entry.link is not None and entry.kind == FILE:
            first = first_names.setdefault(entry.link, name)
            if first != name:  # a further name of a file already written: a link member
                yield _hard_link_member(name, first, entry)
                continue
        yield _member(name, entry)
        if entry.kind == DIR and entry.opaque:
            yield _member(name + "/" + OPAQUE_MARKER, Entry(FILE, 0o644))


def iter_tar(entries: Iterable[Tuple[str, Entry]]) -> Iterator[bytes]:
    """The archive as a stream of byte chunks (headers, data, end blocks)."""
    import tarfile
    for info, payload in members(entries):
        yield info.tobuf(tarfile.PAX_FORMAT, "utf-8", "surrogateescape")
        if payload:
            yield payload
            pad = -len(payload) % BLOCK
            if pad:
                yield bytes(pad)
    yield bytes(2 * BLOCK)


def digest(entries: Iterable[Tuple[str, Entry]]) -> str:
    import hashlib  # here, not at import: a kept built-in layer comes with its digest
    h = hashlib.sha256()
    for chunk in iter_tar(entries):
        h.update(chunk)
    return "sha256:" + h.hexdigest()


def write_tar(entries: Iterable[Tuple[str, Entry]], fileobj) -> int:
    total = 0
    for chunk in iter_tar(entries):
        fileobj.write(chunk)
        total += len(chunk)
    return total
