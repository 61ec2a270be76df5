"""How an image travels: compressed layer blobs, its manifest and its index.

A registry serves gzip-compressed layers named by the digest of their
compressed bytes (the 12-digit ids `docker pull` prints), a manifest listing
them with the config blob, and an index of per-platform manifests whose
digest is the "Digest:" line and the RepoDigest. Layers are never really
compressed here: a blob's digest and size are derived from the layer's
diff_id so that they stay fixed and distinct from it.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, List, Sequence, Tuple

from ...lazy import LazyModule
from ...record import record
from ...vfs.layer import Layer
from ..image import Image

gojson = LazyModule("engine.image.gojson", globals())  # not for an image the cache kept

LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip"
MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json"
INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json"
CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json"


@record(frozen=True)
class Blob:
    """A compressed layer as the registry stores it."""

    digest: str
    size: int
    diff_id: str

    @property
    def short_id(self) -> str:
        return self.digest.split(":", 1)[1][:12]


# What was derived before, in this run or (registry/image_cache.py) an earlier one:
_blobs: Dict[Tuple[str, int, int], Blob] = {}  # (diff_id, size, entries) -> its blob
_repo_digests: Dict[str, str] = {}  # image id -> the digest of its index


def blob(layer: Layer) -> Blob:
    key = (layer.digest, layer.size, len(layer))
    found = _blobs.get(key)
    if found is None:
        diff_id, size, entries = key
        # gzip takes binaries to about 40 %; each tar header adds its own bytes.
        compressed = max(32, int(size * 0.4) + 60 * entries)
        digest = gojson.sha256_digest(f"gzip {diff_id} {compressed}".encode())
        found = _blobs[key] = Blob(digest, compressed, diff_id)
    return found


def remember(image: Image, blobs: Sequence[Blob], digest: str) -> None:
    """The blobs and repo digest an earlier run derived for this very image."""
    for layer, known in zip(image.layers, blobs):
        _blobs[(layer.digest, layer.size, len(layer))] = known
    _repo_digests[image.id] = digest


def manifest(image: Image) -> Tuple[bytes, List[Blob]]:
    blobs = [blob(layer) for layer in image.layers]
    doc = {
        "schemaVersion": 2,
        "mediaType": MANIFEST_MEDIA_TYPE,
        "config": {"mediaType": CONFIG_MEDIA_TYPE, "digest": image.id, "size": len(image.config_json())},
        "layers": [{"mediaType": LAYER_MEDIA_TYPE, "digest": b.digest, "size": b.size} for b in blobs],
    }
    return gojson.dumps(doc).encode(), blobs


def repo_digest(image: Image) -> str:
    """The digest of the (single-platform) index: what `docker pull` prints after "Digest:"."""
    found = _repo_digests.get(image.id)
    if found is None:
        found = _repo_digests[image.id] = gojson.sha256_digest(index(image))
    return found


def index(image: Image) -> bytes:
    """The image index the registry serves for a tag (`manifest inspect` shows it)."""
    manifest_bytes, _ = manifest(image)
    doc = {
        "schemaVersion": 2,
        "mediaType": INDEX_MEDIA_TYPE,
        "manifests": [{"mediaType": MANIFEST_MEDIA_TYPE, "digest": gojson.sha256_digest(manifest_bytes),
                       "size": len(manifest_bytes),
                       "platform": {"architecture": image.architecture, "os": image.os}}],
    }
    return gojson.dumps(doc).encode()
