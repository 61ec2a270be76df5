"""What `docker push` sends, as Docker 28's classic image store makes it.

Each layer travels as the gzip of its tar (compressed afresh, with no name and a zero
time in the gzip header, so the same layer always gives the same bytes and digest);
the config is the image's config JSON (its digest is the image id); the manifest is a
Docker v2 schema 2 manifest, which the classic store pushes (not an OCI one), marshalled
as distribution does: indented by three spaces, descriptors as mediaType, size, digest.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from functools import lru_cache
from typing import List, Tuple

from ...vfs.layer import Layer
from ..image import Image

MANIFEST_TYPE = "application/vnd.docker.distribution.manifest.v2+json"
CONFIG_TYPE = "application/vnd.docker.container.image.v1+json"
LAYER_TYPE = "application/vnd.docker.image.rootfs.diff.tar.gzip"
OCI_MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json"
ACCEPT = ", ".join([MANIFEST_TYPE, OCI_MANIFEST_TYPE, "application/vnd.oci.image.index.v1+json",
                    "application/vnd.docker.distribution.manifest.list.v2+json"])


def digest_of(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


@lru_cache(maxsize=256)
def _compressed(layer: Layer) -> Tuple[str, bytes]:
    data = gzip.compress(b"".join(layer.tar_chunks()), compresslevel=6, mtime=0)
    return digest_of(data), data


def compressed(layer: Layer) -> Tuple[str, bytes]:
    """(digest, bytes) of the layer's gzip-compressed tar, the blob a registry stores."""
    return _compressed(layer)


def manifest(image: Image, blobs: List[Tuple[str, bytes]]) -> bytes:
    config = image.config_json()
    document = {
        "schemaVersion": 2,
        "mediaType": MANIFEST_TYPE,
        "config": {"mediaType": CONFIG_TYPE, "size": len(config), "digest": image.id},
        "layers": [{"mediaType": LAYER_TYPE, "size": len(data), "digest": digest}
                   for digest, data in blobs],
    }
    return json.dumps(document, indent=3).encode()


def indent_for_cli(raw: bytes) -> str:
    """`docker manifest inspect`: the manifest as received, re-indented with tabs (json.Indent)."""
    return json.dumps(json.loads(raw), indent="\t", ensure_ascii=False)


__all__ = ["compressed", "manifest", "digest_of", "indent_for_cli", "MANIFEST_TYPE", "CONFIG_TYPE",
           "LAYER_TYPE", "ACCEPT"]
