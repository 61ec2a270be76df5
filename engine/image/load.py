"""`docker load`: images from an archive made by `docker save` (Docker 25+'s OCI layout with
its manifest.json, or the older manifest.json-only form), by crsim's `save`, or by other OCI
tools (an OCI layout with only index.json, as `skopeo copy ... oci-archive:` writes).

Everything is checked before anything is stored, so a bad archive loads nothing: each layer's
uncompressed tar (gzip, bzip2 or xz ones are inflated: layer_tar.py) must hash to the
diff_id its config names, every path must stay inside the image root, and every blob named
must be there.
A loaded layer keeps its original tar bytes, as the daemon keeps tar-split data, so saving
it again writes the very same bytes and digests.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import zlib
from typing import Dict, List, Tuple

from ..errors import InvalidParameter
from ..vfs.layer import Layer
from . import gojson
from .config import ImageConfig
from .image import HistoryEntry, Image
from .layer_tar import LoadError, inflate, inside, layer_from_tar, tar_error
from .reference import parse_normalized

class Loaded:
    def __init__(self, image: Image, tags: List[str]):
        self.image, self.tags = image, tags


def read_archive(data: bytes) -> List[Loaded]:
    """The images an archive holds, each checked whole, with the tags it names."""
    try:
        archive = tarfile.open(fileobj=io.BytesIO(data), mode="r:*")
        members = {_clean(m.name): m for m in archive.getmembers() if m.isfile()}
    except (tarfile.TarError, EOFError, zlib.error, OSError) as err:
        raise LoadError(tar_error(err)) from None

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


def image_from_blobs(blob, config_name: str, layer_names: List[str], layers: Dict[str, Layer]) -> Image:
    """An image from its config and layer blobs as a registry serves them (``blob(name)``
    gives their bytes; a diff_id already in ``layers`` is not asked for), checked as a
    loaded one is."""
    return _image(blob, config_name, layer_names, [], layers).image


def _layer(data: bytes, diff_id: str, number: int) -> Layer:
    data = inflate(data)  # a compressed layer (gzip as skopeo writes, bzip2, xz)
    actual = "sha256:" + hashlib.sha256(data).hexdigest()
    if actual != diff_id:
        raise LoadError(f'invalid diffID for layer {number}: expected "{diff_id}", got "{actual}"')
    return layer_from_tar(data, diff_id)


def _clean(name: str) -> str:
    return inside(name)[1:]


def _blob_path(digest: str) -> str:
    algorithm, _, encoded = digest.partition(":")
    return f"blobs/{algorithm}/{encoded}"


def _json(data: bytes, name: str):
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError) as err:
        raise LoadError(f"invalid archive: failed to decode {name}: {err}") from None
