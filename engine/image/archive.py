"""`docker save`: images as the archive Docker 28 writes, an OCI image layout that also
carries Docker's own manifest.json and repositories files.

The archive holds, as a tar streamed member by member (no blob is held whole in memory;
a layer's bytes are made twice, once to know their size for the tar header):

- ``blobs/sha256/<diff_id>``: each layer, the uncompressed tar whose sha256 is its diff_id
  (media type application/vnd.oci.image.layer.v1.tar), with OCI whiteouts;
- ``blobs/sha256/<image id>``: each image's config JSON (its sha256 is the image id);
- ``blobs/sha256/<digest>``: each image's OCI manifest naming the two above;
- ``index.json``: the OCI index, one entry per tag (annotated with the full reference and
  the tag), or one untagged entry for an image saved by id;
- ``manifest.json``: Docker's list of {Config, RepoTags, Layers} (what `docker load` of
  Docker before 25 reads), ``repositories``: repository -> tag -> top layer, ``oci-layout``.

The daemon writes these files (facts from moby's tarexport) with time 0 as their date but
blobs with the image's creation time; so does crsim.
"""

from __future__ import annotations

import tarfile
from typing import Dict, Iterable, Iterator, List, Optional, Tuple

from ..errors import NoSuchImage, NotFound
from ..vfs import tarball
from . import gojson
from .image import Image
from .reference import DigestReference, Reference, parse_any

LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar"
CONFIG_TYPE = "application/vnd.oci.image.config.v1+json"
MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json"
INDEX_TYPE = "application/vnd.oci.image.index.v1+json"
IMAGE_NAME_ANNOTATION = "io.containerd.image.name"
REF_NAME_ANNOTATION = "org.opencontainers.image.ref.name"
OCI_LAYOUT = b'{"imageLayoutVersion": "1.0.0"}'


class ReferenceNotFound(NotFound):
    def __init__(self):
        super().__init__("reference does not exist")


def select(store, names: Iterable[str]) -> List[Tuple[Image, List[Reference]]]:
    """The images `save NAME...` names, in the order first named, each with the tags it is
    saved under: a repository alone means all its tags, an id or digest no tag at all."""
    chosen: Dict[str, Tuple[Image, List[Reference]]] = {}

    def add(image: Image, ref: Optional[Reference]) -> None:
        refs = chosen.setdefault(image.id, (image, []))[1]
        if ref is not None and ref not in refs:
            refs.append(ref)

    for name in names:
        parsed = parse_any(name)
        tags = [] if isinstance(parsed, DigestReference) or parsed.tag is not None \
            else store.repository_tags(parsed)
        if isinstance(parsed, DigestReference) or parsed.digest is not None:
            add(store.lookup(name), None)  # an id, or name@sha256:...: saved under no tag
        elif tags:  # a repository alone: all its tags
            for ref in tags:
                add(store.get(store.tagged(ref)), ref)
        elif parsed.tag is None:  # an id prefix, or else the daemon's search fails
            try:
                add(store.lookup(name), None)
            except NotFound:
                raise NoSuchImage(name) from None
        else:
            image = store.get(store.tagged(parsed) or "")
            if image is None:
                raise ReferenceNotFound()
            add(image, parsed)
    return list(chosen.values())


def _manifest(image: Image, sizes: Dict[str, int]) -> bytes:
    """The OCI manifest as the daemon marshals it (Go's field order, compact)."""
    config = image.config_json()
    return gojson.dumps({
        "schemaVersion": 2, "mediaType": MANIFEST_TYPE,
        "config": {"mediaType": CONFIG_TYPE, "digest": image.id, "size": len(config)},
        "layers": [{"mediaType": LAYER_TYPE, "digest": layer.digest,
                    "size": _tar_size(layer, sizes)} for layer in image.layers],
    }).encode()


def _tar_size(layer, sizes: Dict[str, int]) -> int:
    """A layer's tar length, made once per archive (the manifest and the header need it)."""
    if layer.digest not in sizes:
        sizes[layer.digest] = sum(len(chunk) for chunk in layer.tar_chunks())
    return sizes[layer.digest]


def save(selected: List[Tuple[Image, List[Reference]]]) -> Iterator[bytes]:
    """The archive of the selected images, as a stream of byte chunks."""
    blobs: Dict[str, Tuple[float, object]] = {}  # hex digest -> (mtime, bytes or a layer)
    index, docker_manifest, repositories = [], [], {}
    sizes: Dict[str, int] = {}  # layer digest -> its tar's length
    for image, refs in selected:
        for layer in image.layers:
            blobs.setdefault(layer.digest[7:], (image.created, layer))
        blobs[image.id[7:]] = (image.created, image.config_json())
        manifest = _manifest(image, sizes)
        digest = gojson.sha256_digest(manifest)
        blobs[digest[7:]] = (0, manifest)
        descriptor = {"mediaType": MANIFEST_TYPE, "digest": digest, "size": len(manifest)}
        for ref in refs:
            index.append({**descriptor, "annotations": {IMAGE_NAME_ANNOTATION: str(ref),
                                                        REF_NAME_ANNOTATION: ref.tag}})
            repositories.setdefault(ref.familiar_name, {})[ref.tag] = image.layers[-1].digest[7:]
        if not refs:
            index.append(descriptor)
        docker_manifest.append({"Config": f"blobs/sha256/{image.id[7:]}",
                                "RepoTags": [ref.familiar() for ref in refs] or None,
                                "Layers": [f"blobs/sha256/{layer.digest[7:]}"
                                           for layer in image.layers]})
    newest = max((image.created for image, _ in selected), default=0)
    yield _directory("blobs/", newest)
    yield _directory("blobs/sha256/", newest)
    for name in sorted(blobs):
        mtime, content = blobs[name]
        if isinstance(content, bytes):
            yield from _file(f"blobs/sha256/{name}", content, mtime)
        else:  # a layer: its tar, made as it is written
            yield _header(f"blobs/sha256/{name}", _tar_size(content, sizes), mtime)
            size = 0
            for chunk in content.tar_chunks():
                size += len(chunk)
                yield chunk
            yield bytes(-size % tarball.BLOCK)
    yield from _file("index.json", gojson.dumps({"schemaVersion": 2, "mediaType": INDEX_TYPE,
                                                "manifests": index}).encode(), 0)
    yield from _file("manifest.json", (gojson.dumps(docker_manifest) + "\n").encode(), 0)
    yield from _file("oci-layout", OCI_LAYOUT, 0)
    if repositories:
        yield from _file("repositories", (gojson.dumps(repositories) + "\n").encode(), 0)
    yield bytes(2 * tarball.BLOCK)


def _header(name: str, size: int, mtime: float, kind: bytes = tarfile.REGTYPE,
            mode: int = 0o644) -> bytes:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.type, info.mode = size, int(mtime), kind, mode
    return info.tobuf(tarfile.PAX_FORMAT)


def _directory(name: str, mtime: float) -> bytes:
    return _header(name, 0, mtime, tarfile.DIRTYPE, 0o755)


def _file(name: str, content: bytes, mtime: float) -> Iterator[bytes]:
    yield _header(name, len(content), mtime)
    yield content
    yield bytes(-len(content) % tarball.BLOCK)


__all__ = ["save", "select", "ReferenceNotFound"]
