"""`docker pull` from a registry reached over the network (any host but Docker Hub's):
the manifest by tag or digest, the config blob, and each layer blob the store does not
hold yet, checked against their digests, unpacked, and the image put together exactly
as it was pushed (same config bytes, so the same image id)."""

from __future__ import annotations

import json
from typing import Dict, Tuple

from ...errors import NoSuchImage
from ...vfs.layer import Layer
from ..load import LoadError, image_from_blobs
from ..reference import Reference, parse_normalized
from ..registry.distribution import Blob
from ..registry.errors import ManifestUnknown
from ..registry.pull import ALREADY_EXISTS, PULL_COMPLETE, LayerPull, PullResult
from . import manifest as wire
from .client import RegistryClient, RegistryError, describe
from .push import ping


def _get(client: RegistryClient, path: str, accept: str = "") -> bytes:
    response = client.request("GET", path, headers=[("Accept", accept)] if accept else [])
    if response.status != 200:
        raise RegistryError(describe(response))
    return response.body


def _known_layers(store) -> Dict[str, Layer]:
    return {layer.digest: layer for image in store.images() for layer in image.layers}


def fetch_manifest(engine, ref: Reference) -> Tuple[RegistryClient, bytes]:
    """The manifest the registry serves for ``ref`` (by tag, or by digest and checked),
    with the client that asked (the credentials of `login`, if any)."""
    client = RegistryClient(engine.networks, ref.domain, engine.credentials.get(ref.domain))
    path = f"/v2/{ref.path}/manifests/{ref.digest or ref.tag}"
    if ping(client):
        raise RegistryError(f'Head "{client.url(path)}": no basic auth credentials')
    response = client.request("GET", path, headers=[("Accept", wire.ACCEPT)])
    if response.status == 404:
        raise ManifestUnknown(ref.familiar())
    if response.status != 200:
        raise RegistryError(describe(response))
    if ref.digest and wire.digest_of(response.body) != ref.digest:
        raise RegistryError(f"manifest verification failed for digest {ref.digest}")
    return client, response.body


def pull(engine, name: str) -> PullResult:
    parsed = parse_normalized(name)
    default_tag_used = parsed.tag is None and parsed.digest is None
    ref = parsed.with_default_tag()
    if ref.tag and ref.digest:
        ref = ref.with_digest(ref.digest)
    client, raw = fetch_manifest(engine, ref)
    digest = wire.digest_of(raw)
    document = json.loads(raw)
    config_digest = document["config"]["digest"]
    config = _get(client, f"/v2/{ref.path}/blobs/{config_digest}")
    diff_ids = (json.loads(config).get("rootfs") or {}).get("diff_ids") or []
    known = _known_layers(engine.images)
    layers: Dict[str, Layer] = {}
    blobs = {"config": config}
    pulled = []
    for descriptor, diff_id in zip(document.get("layers") or [], diff_ids):
        blob = Blob(descriptor["digest"], descriptor.get("size", 0), diff_id)
        if diff_id in known:
            layers[diff_id] = known[diff_id]
            status = ALREADY_EXISTS
        else:
            data = _get(client, f"/v2/{ref.path}/blobs/{blob.digest}")
            if wire.digest_of(data) != blob.digest:
                raise RegistryError(f"filesystem layer verification failed for digest {blob.digest}")
            blobs[blob.digest] = data
            status = PULL_COMPLETE
        engine.layer_sources.remember(diff_id, ref.domain, ref.path, blob.digest)
        pulled.append(LayerPull(blob.short_id, blob, status))
    try:
        image = image_from_blobs(blobs.__getitem__, "config", [b.blob.digest for b in pulled], layers)
    except (LoadError, KeyError) as err:
        raise RegistryError(f"failed to register layer: {err}") from None
    try:
        up_to_date = engine.images.lookup(str(ref)).id == image.id
    except NoSuchImage:
        up_to_date = False
    return PullResult(image, ref, digest, tuple(pulled), up_to_date, default_tag_used)


__all__ = ["pull", "fetch_manifest"]
