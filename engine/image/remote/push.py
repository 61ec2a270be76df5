"""`docker push` to a registry: the lines the CLI prints without a terminal, one by one.

For each tag: every layer (top first, by the short form of its diff_id) is "Preparing"
(the sixth and later "Waiting": five uploads run at once), then "Layer already exists",
"Mounted from REPO" or "Pushed"; the config blob goes up unseen; the manifest is PUT
under the tag and the line "TAG: digest: sha256:... size: N" closes. The image then
carries the repository digest (`images --digests`). A failure after the first line is
part of the stream: no "Error response from daemon".
"""

from __future__ import annotations

from typing import Iterator, List, Optional, Tuple

from ...errors import EngineError
from ..image import Image
from ..reference import DEFAULT_DOMAIN, Reference, parse_normalized
from . import manifest as wire
from .client import RegistryClient, RegistryError, describe
from .sources import LayerSources

MAX_CONCURRENT_UPLOADS = 5  # dockerd's --max-concurrent-uploads default


class PushError(EngineError):
    """An error in the push's progress stream: the CLI prints it as it is."""

    from_client = True


def _short(digest: str) -> str:
    return digest.split(":", 1)[1][:12]


def targets(store, name: str, all_tags: bool) -> Tuple[List[str], Reference, List[Tuple[Reference, Image]]]:
    """The lines before any request, the repository, and each (tag, image) to push."""
    ref = parse_normalized(name)
    lines = []
    if ref.tag is None and ref.digest is None and not all_tags:
        lines.append("Using default tag: latest")
        ref = ref.with_default_tag()
    lines.append(f"The push refers to repository [{ref.name}]")
    if all_tags and ref.tag is None:
        return lines, ref, [(tag, store.lookup(str(tag))) for tag in store.repository_tags(ref)]
    image_id = store.tagged(ref)
    if image_id is None:
        return lines, ref, []
    return lines, ref, [(ref, store.get(image_id))]


def push(engine, name: str, all_tags: bool = False) -> Iterator[str]:
    lines, ref, chosen = targets(engine.images, name, all_tags)
    yield from lines
    if not chosen and ref.tag is None:
        raise PushError(f"An image does not exist locally with the tag: {ref.familiar_name}")
    if not chosen:
        raise PushError(f"tag does not exist: {ref.familiar()}")
    if ref.domain == DEFAULT_DOMAIN:  # Docker Hub is not reachable for writing: never logged in
        for diff_id in reversed(chosen[0][1].diff_ids):
            yield f"{_short(diff_id)}: Preparing"
        raise PushError("denied: requested access to the resource is denied")
    client = RegistryClient(engine.networks, ref.domain, engine.credentials.get(ref.domain))
    try:
        challenged = ping(client)
        for tag, image in chosen:
            yield from _push_image(engine, client, tag, image, challenged)
    except RegistryError as err:
        raise PushError(str(err)) from None


def ping(client: RegistryClient) -> bool:
    """GET /v2/: whether the registry asks for credentials the client does not have."""
    response = client.request("GET", "/v2/")
    if response.status == 401:
        return not client.credentials
    if response.status != 200:
        raise RegistryError(describe(response))
    return False


def _push_image(engine, client: RegistryClient, ref: Reference, image: Image,
                challenged: bool) -> Iterator[str]:
    sources: LayerSources = engine.layer_sources
    layers = list(reversed(image.layers))
    for layer in layers:
        yield f"{_short(layer.digest)}: Preparing"
    if challenged:  # the first request for a layer meets the challenge, with nothing to answer
        raise RegistryError("no basic auth credentials")
    for layer in layers[MAX_CONCURRENT_UPLOADS:]:
        yield f"{_short(layer.digest)}: Waiting"
    blobs = {}
    for layer in layers:
        status, digest = _push_layer(client, ref, layer, sources)
        blobs[layer.digest] = digest
        yield f"{_short(layer.digest)}: {status}"
    config = image.config_json()
    if not _exists(client, ref.path, image.id):
        _upload(client, ref.path, image.id, config)
    body = wire.manifest(image, [(blobs[layer.digest], wire.compressed(layer)[1]) for layer in image.layers])
    response = client.request("PUT", f"/v2/{ref.path}/manifests/{ref.tag}", body,
                              [("Content-Type", wire.MANIFEST_TYPE)])
    if response.status != 201:
        raise RegistryError(describe(response))
    digest = wire.digest_of(body)
    engine.images.add(image, [ref.with_digest(digest)])
    engine.events.emit("image", "push", ref.familiar(), {"name": ref.familiar()},
                       (f"PUT {client.url(f'/v2/{ref.path}/manifests/{ref.tag}')}",))
    yield f"{ref.tag}: digest: {digest} size: {len(body)}"


def _push_layer(client: RegistryClient, ref: Reference, layer, sources: LayerSources) -> Tuple[str, str]:
    location = None
    for path, digest in sources.candidates(layer.digest, ref.domain):
        if path == ref.path and _exists(client, path, digest):
            return "Layer already exists", digest
    for path, digest in sources.candidates(layer.digest, ref.domain):
        if path == ref.path:
            continue
        response = client.request("POST", f"/v2/{ref.path}/blobs/uploads/?mount={digest}&from={path}")
        if response.status == 201:
            sources.remember(layer.digest, ref.domain, ref.path, digest)
            return f"Mounted from {path}", digest
        if response.status == 202:  # no such blob there: upload into the session it opened
            location = response.header("Location")
            break
    digest, data = wire.compressed(layer)
    _upload(client, ref.path, digest, data, location)
    sources.remember(layer.digest, ref.domain, ref.path, digest)
    return "Pushed", digest


def _exists(client: RegistryClient, path: str, digest: str) -> bool:
    return client.request("HEAD", f"/v2/{path}/blobs/{digest}").status == 200


def _upload(client: RegistryClient, path: str, digest: str, data: bytes, location: Optional[str] = None) -> None:
    """The upload session Docker runs: POST opens it, PATCH sends the bytes, PUT ?digest= closes it."""
    if location is None:
        response = client.request("POST", f"/v2/{path}/blobs/uploads/")
        if response.status != 202:
            raise RegistryError(describe(response))
        location = response.header("Location")
    response = client.request("PATCH", location, data, [("Content-Type", "application/octet-stream")])
    if response.status != 202:
        raise RegistryError(describe(response))
    location = response.header("Location")
    response = client.request("PUT", f"{location}{'&' if '?' in location else '?'}digest={digest}")
    if response.status != 201:
        raise RegistryError(describe(response))


__all__ = ["push", "PushError"]
