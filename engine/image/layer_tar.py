"""A layer from a tar another tool wrote: what `docker load` reads for each layer of an
archive and `docker import` for the one layer it makes from a root file system tarball.

The tree is the one the kernel would mount once the tar is unpacked: OCI whiteouts and
opaque markers become overlayfs's, hard links copies of their target, nothing outside /.
A file carries the simulated program it runs: crsim's own tars name it in a pax xattr
(PROGRAM_KEY); a real binary is recognised by what it is (proc/binaries.py).
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import tarfile
import zlib
from typing import Dict, List, Optional

from ..errors import InvalidParameter
from ..proc.binaries import program_of
from ..vfs import tarball
from ..vfs.entry import CHAR, DIR, FILE, SYMLINK, WHITEOUT, Entry
from ..vfs.layer import Layer

# The compressions the daemon's DecompressStream recognises by their first bytes.
_COMPRESSIONS = ((b"\x1f\x8b\x08", gzip.decompress, (OSError, EOFError, zlib.error)),
                 (b"BZh", bz2.decompress, (OSError, EOFError, ValueError)),
                 (b"\xfd7zXZ\x00", lzma.decompress, (lzma.LZMAError, EOFError)))
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


class LoadError(InvalidParameter):
    """A bad archive or layer: Docker's words, and nothing stored."""


def inflate(data: bytes) -> bytes:
    """The uncompressed tar: gzip, bzip2 and xz streams are inflated, a plain tar is kept."""
    for magic, decompress, failures in _COMPRESSIONS:
        if data.startswith(magic):
            try:
                return decompress(data)
            except failures:
                raise LoadError("unexpected EOF") from None
    if data.startswith(ZSTD_MAGIC):
        raise LoadError("crsim reads gzip, bzip2 and xz compressed tars, not zstd")
    return data


def layer_from_tar(data: bytes, diff_id: str) -> Layer:
    """The layer of an uncompressed tar whose sha256 is ``diff_id``, keeping its bytes."""
    return Layer.from_tar(entries(data), diff_id, data)


def entries(data: bytes) -> Dict[str, Entry]:
    """A layer tar's tree, path -> entry, as it is once unpacked onto an overlay layer."""
    found: Dict[str, Entry] = {}
    if not data:
        return found  # an empty stream is an empty layer to Go's tar reader too
    try:
        archive = tarfile.open(fileobj=io.BytesIO(data), mode="r:")
        for member in archive:
            path = inside(member.name)
            if path == "/":
                continue
            parent, _, name = path.rpartition("/")
            parent = parent or "/"
            if name == tarball.OPAQUE_MARKER:
                found[parent] = found.get(parent, Entry(DIR, 0o755)).with_changes(opaque=True)
                continue
            if name.startswith(tarball.WHITEOUT_PREFIX):
                found[inside(parent + "/" + name[len(tarball.WHITEOUT_PREFIX):])] = \
                    Entry(WHITEOUT, 0)
                continue
            entry = _entry(archive, member, path, found)
            if entry is not None:
                if entry.kind == DIR and path in found and found[path].opaque:
                    entry = entry.with_changes(opaque=True)
                found[path] = entry
    except (tarfile.TarError, EOFError, OSError) as err:
        raise LoadError(tar_error(err)) from None
    _add_parents(found)
    return found


def _add_parents(found: Dict[str, Entry]) -> None:
    """A tar may name a file without its directories (`tar -cf x.tar bin/busybox`): the
    daemon's untar makes each missing one in the layer, mode 0755, and so does this. A
    parent that is no directory is an archive that cannot be unpacked."""
    for path in list(found):
        folder = path.rpartition("/")[0] or "/"
        while folder != "/":
            entry = found.get(folder)
            if entry is not None:
                if entry.kind != DIR:
                    raise LoadError(f'invalid archive: "{path[1:]}": {folder[1:]} is not a '
                                    f'directory')
                break
            found[folder] = Entry(DIR, 0o755)
            folder = folder.rpartition("/")[0] or "/"


def _entry(archive, member: tarfile.TarInfo, path: str,
           found: Dict[str, Entry]) -> Optional[Entry]:
    owner = dict(mode=member.mode & 0o7777, uid=member.uid, gid=member.gid,
                 mtime=int(member.mtime))
    if member.isdir():
        return Entry(DIR, **owner)
    if member.issym():
        return Entry(SYMLINK, 0o777, member.uid, member.gid, int(member.mtime),
                     size=len(member.linkname), target=member.linkname)
    if member.islnk():  # a hard link: one more name of the file, in its link group
        first = inside(member.linkname)
        target = found.get(first)
        if target is None:
            raise LoadError(f"hard link target {member.linkname} not found")
        if target.link is None and target.kind == FILE:
            ids = [entry.link for entry in found.values() if entry.link is not None]
            target = found[first] = target.with_changes(link=max(ids, default=0) + 1)
        return target
    if member.ischr():
        return Entry(CHAR, **owner)
    if not member.isfile():
        return None  # block devices and FIFOs are not simulated
    program = member.pax_headers.get(tarball.PROGRAM_KEY)
    if member.sparse is not None and not any(length for _, length in member.sparse):
        # all hole (how crsim writes a declared-size file): a size, never that many zeros
        return Entry(FILE, size=member.size, program=program, **owner)
    content = archive.extractfile(member).read()
    if program is None:
        program = program_of(path, content)
    return Entry(FILE, data=content, size=len(content), program=program, **owner)


def inside(name: str) -> str:
    """A member's path inside the image root (an absolute name is taken from the root, as
    the daemon's untar does); a name whose ".." would leave the root is refused."""
    parts: List[str] = []
    for part in name.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                raise LoadError(f'invalid archive: "{name}" is outside of the image root')
            parts.pop()
        else:
            parts.append(part)
    return "/" + "/".join(parts)


def tar_error(err: Exception) -> str:
    """Go's archive/tar's words for what Python's tarfile found wrong."""
    text = str(err)
    if "invalid header" in text or "bad checksum" in text:
        return "archive/tar: invalid tar header"
    return "unexpected EOF"  # an archive cut short, or shorter than a header
