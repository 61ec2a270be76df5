"""`docker load`: images from an archive made by `docker save` (Docker 25+'s OCI layout with
its manifest.json, or the older manifest.json-only form), by crsim's `save`, or by other OCI
tools (an OCI layout with only index.json, as `skopeo copy ... oci-archive:` writes).

Everything is checked before anything is stored, so a bad archive loads nothing: each layer's
uncompressed tar (gzip-compressed ones are inflated) must hash to the diff_id its config
names, every path must stay inside the image root, and every blob named must be there.
A loaded layer keeps its original tar bytes, as the daemon keeps tar-split data, so saving
it again writes the very same bytes and digests.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
import zlib
from typing import Dict, List, Optional, Tuple

from ..errors import InvalidParameter
from ..vfs import tarball
from ..vfs.entry import CHAR, DIR, FILE, SYMLINK, WHITEOUT, Entry
from ..vfs.layer import Layer
from . import gojson
from .config import ImageConfig
from .image import HistoryEntry, Image
from .reference import parse_normalized

GZIP_MAGIC = b"\x1f\x8b"


class LoadError(InvalidParameter):
    """A bad archive: Docker's words, and nothing loaded."""


class Loaded:
    def __init__(self, image: Image, tags: List[str]):
        self.image, self.tags = image, tags


def read_archive(data: bytes) -> List[Loaded]:
    """The images an archive holds, each checked whole, with the tags it names."""
    try:
        archive = tarfile.open(fileobj=io.BytesIO(data), mode="r:*")
        members = {_clean(m.name): m for m in archive.getmembers() if m.isfile()}
    except (tarfile.TarError, EOFError, zlib.error, OSError) as err:
        raise LoadError(_tar_error(err)) from None

    def blob(name: str) -> bytes:
        member = members.get(_clean(name))
        if member is None:
            raise LoadError(f"open /var/lib/docker/tmp/docker-import/{_clean(name)}: "
                            f"no such file or directory")
        handle = archive.extractfile(member)
        try:
            return handle.read()
        except (tarfile.TarError, EOFError, OSError):
            raise LoadError("unexpected EOF") from None

    if "manifest.json" in members:
        items = _json(blob("manifest.json"), "manifest.json")
        if items is None:
            raise LoadError("invalid manifest, manifest cannot be null (but can be [])")
        wanted = [(item.get("Config", ""), item.get("Layers") or [], item.get("RepoTags") or [])
                  for item in items]
    elif "index.json" in members:
        wanted = _from_index(blob, _json(blob("index.json"), "index.json"))
    else:
        raise LoadError("invalid archive: does not contain a manifest.json")
    layers: Dict[str, Layer] = {}
    return [_image(blob, config, paths, tags, layers) for config, paths, tags in wanted]


def _from_index(blob, index: dict) -> List[Tuple[str, List[str], List[str]]]:
    """An OCI layout: each manifest the index names (an index inside, for linux/amd64)."""
    wanted = []
    for descriptor in index.get("manifests") or []:
        document = _json(blob(_blob_path(descriptor["digest"])), descriptor["digest"])
        if "manifests" in document:  # an image index: the linux/amd64 manifest
            chosen = [d for d in document["manifests"]
                      if (d.get("platform") or {}).get("architecture") == "amd64"]
            if not chosen:
                continue
            descriptor = {**chosen[0], "annotations": descriptor.get("annotations")}
            document = _json(blob(_blob_path(descriptor["digest"])), descriptor["digest"])
        annotations = descriptor.get("annotations") or {}
        # containerd's annotation names the image; a ref.name that is a whole reference
        # (skopeo writes "app:v2") does too, a bare tag ("latest") names no repository
        name = annotations.get("io.containerd.image.name") or ""
        ref_name = annotations.get("org.opencontainers.image.ref.name", "")
        if not name and ":" in ref_name:
            name = ref_name
        wanted.append((_blob_path(document["config"]["digest"]),
                       [_blob_path(layer["digest"]) for layer in document.get("layers", [])],
                       [name] if name else []))
    return wanted


def _image(blob, config_path: str, paths: List[str], tags: List[str],
           layers: Dict[str, Layer]) -> Loaded:
    raw = blob(config_path)
    config = _json(raw, config_path)
    diff_ids = (config.get("rootfs") or {}).get("diff_ids") or []
    if len(paths) != len(diff_ids):
        raise LoadError(f"invalid manifest, layers length mismatch: expected {len(paths)}, "
                        f"got {len(diff_ids)}")
    stack = []
    for number, (path, diff_id) in enumerate(zip(paths, diff_ids)):
        if diff_id not in layers:
            layers[diff_id] = _layer(blob(path), diff_id, number)
        stack.append(layers[diff_id])
    history = [HistoryEntry(gojson.parse_rfc3339(entry.get("created", "1970-01-01T00:00:00Z")),
                            entry.get("created_by", ""), bool(entry.get("empty_layer")),
                            entry.get("comment", ""))
               for entry in config.get("history") or []]
    if sum(1 for entry in history if not entry.empty_layer) != len(stack):
        history = []  # a history that does not pair with the layers is not shown
    image = Image(stack, ImageConfig.from_dict(config.get("config") or {}), history,
                  gojson.parse_rfc3339(config.get("created", "1970-01-01T00:00:00Z")),
                  config.get("architecture", "amd64"), config.get("os", "linux"),
                  config.get("author", ""), config.get("comment", ""))
    image.keep_config_json(raw)  # its id is the digest of these very bytes
    for tag in tags:
        try:
            ref = parse_normalized(tag)
        except InvalidParameter:
            raise LoadError(f"invalid reference format: {tag}") from None
        if ref.tag is None:
            raise LoadError(f'invalid tag "{tag}"')
    return Loaded(image, tags)


def _layer(data: bytes, diff_id: str, number: int) -> Layer:
    if data[:2] == GZIP_MAGIC:
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            raise LoadError("unexpected EOF") from None
    actual = "sha256:" + hashlib.sha256(data).hexdigest()
    if actual != diff_id:
        raise LoadError(f'invalid diffID for layer {number}: expected "{diff_id}", got "{actual}"')
    return Layer.from_tar(_entries(data), diff_id, data)


def _entries(data: bytes) -> Dict[str, Entry]:
    """A layer tar as the kernel would see it once unpacked: OCI whiteouts and opaque
    markers become overlayfs's, hard links copies of their target, nothing outside /."""
    entries: Dict[str, Entry] = {}
    try:
        archive = tarfile.open(fileobj=io.BytesIO(data), mode="r:")
        for member in archive:
            path = _inside(member.name)
            if path == "/":
                continue
            parent, _, name = path.rpartition("/")
            parent = parent or "/"
            if name == tarball.OPAQUE_MARKER:
                entries[parent] = entries.get(parent, Entry(DIR, 0o755)).with_changes(opaque=True)
                continue
            if name.startswith(tarball.WHITEOUT_PREFIX):
                entries[_inside(parent + "/" + name[len(tarball.WHITEOUT_PREFIX):])] = \
                    Entry(WHITEOUT, 0)
                continue
            entry = _entry(archive, member, entries)
            if entry is not None:
                if entry.kind == DIR and path in entries and entries[path].opaque:
                    entry = entry.with_changes(opaque=True)
                entries[path] = entry
    except (tarfile.TarError, EOFError, OSError) as err:
        raise LoadError(_tar_error(err)) from None
    return entries


def _entry(archive, member: tarfile.TarInfo, entries: Dict[str, Entry]) -> Optional[Entry]:
    owner = dict(mode=member.mode & 0o7777, uid=member.uid, gid=member.gid,
                 mtime=int(member.mtime))
    if member.isdir():
        return Entry(DIR, **owner)
    if member.issym():
        return Entry(SYMLINK, 0o777, member.uid, member.gid, int(member.mtime),
                     size=len(member.linkname), target=member.linkname)
    if member.islnk():  # a hard link: the same content under another name
        target = entries.get(_inside(member.linkname))
        if target is None:
            raise LoadError(f"hard link target {member.linkname} not found")
        return target
    if member.ischr():
        return Entry(CHAR, **owner)
    if not member.isfile():
        return None  # block devices and FIFOs are not simulated
    program = member.pax_headers.get(tarball.PROGRAM_KEY)
    if member.sparse is not None and not any(length for _, length in member.sparse):
        # a GNU sparse file that is one hole (how crsim writes a file it holds as a size
        # only): its size, not gigabytes of zeros
        return Entry(FILE, size=member.size, program=program, **owner)
    content = archive.extractfile(member).read()
    return Entry(FILE, data=content, size=len(content), program=program, **owner)


def _inside(name: str) -> str:
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


def _tar_error(err: Exception) -> str:
    """Go's archive/tar's words for what Python's tarfile found wrong."""
    text = str(err)
    if "invalid header" in text or "bad checksum" in text:
        return "archive/tar: invalid tar header"
    return "unexpected EOF"  # an archive cut short, or shorter than a header


def _clean(name: str) -> str:
    return _inside(name)[1:]


def _blob_path(digest: str) -> str:
    algorithm, _, encoded = digest.partition(":")
    return f"blobs/{algorithm}/{encoded}"


def _json(data: bytes, name: str):
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError) as err:
        raise LoadError(f"invalid archive: failed to decode {name}: {err}") from None
