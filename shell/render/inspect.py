"""`docker inspect` documents, and JSON written the way Go's encoding/json writes it."""

from __future__ import annotations

import json

from engine.clock import ZERO_TIME, rfc3339
from engine.container.mounts import describe as describe_mounts
from engine.container.runtime import OVERLAY_ROOT

def go_json(value) -> str:
    """Compact JSON as the docker CLI prints it (no HTML escaping: the daemon and CLI
    turned Go's escaping of <, > and & off)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def go_json_indent(value) -> str:
    """`docker inspect`'s layout: the daemon's JSON indented by four spaces."""
    return json.dumps(value, ensure_ascii=False, indent=4)


def _layer_dir(chain_id: str) -> str:
    return f"{OVERLAY_ROOT}/{chain_id.split(':', 1)[1]}"


def graph_driver(image, rw_layer: str = "") -> dict:
    lowers = [f"{_layer_dir(chain)}/diff" for chain in reversed(image.chain_ids())]
    if rw_layer:
        data = {
            "LowerDir": ":".join([f"{OVERLAY_ROOT}/{rw_layer}-init/diff"] + lowers),
            "MergedDir": f"{OVERLAY_ROOT}/{rw_layer}/merged",
            "UpperDir": f"{OVERLAY_ROOT}/{rw_layer}/diff",
            "WorkDir": f"{OVERLAY_ROOT}/{rw_layer}/work",
        }
    else:
        top = _layer_dir(image.chain_ids()[-1]) if image.layers else OVERLAY_ROOT
        data = {"MergedDir": f"{top}/merged", "UpperDir": f"{top}/diff", "WorkDir": f"{top}/work"}
        if len(lowers) > 1:
            data = {"LowerDir": ":".join(lowers[1:]), **data}
    return {"Data": data, "Name": "overlay2"}


def container(engine, c) -> dict:
    home = f"/var/lib/docker/containers/{c.id}"
    return {
        "Id": c.id,
        "Created": rfc3339(c.created),
        "Path": c.path,
        "Args": list(c.args),
        "State": {**c.state.to_dict(), **({"Health": c.health.to_dict()} if c.health else {})},
        "Image": c.image.id,
        "ResolvConfPath": f"{home}/resolv.conf",
        "HostnamePath": f"{home}/hostname",
        "HostsPath": f"{home}/hosts",
        "LogPath": f"{home}/{c.id}-json.log",
        "Name": "/" + c.name,
        "RestartCount": c.restart_count,
        "Driver": "overlay2",
        "Platform": "linux",
        "MountLabel": "",
        "ProcessLabel": "",
        "AppArmorProfile": "",
        "ExecIDs": None,
        "HostConfig": c.host_config.to_dict(),
        "GraphDriver": graph_driver(c.image, c.layer_id),
        "Mounts": describe_mounts(c.mounts),
        "Config": c.config.to_dict(),
        "NetworkSettings": network_settings(engine, c),
    }


def network_settings(engine, c) -> dict:
    """NetworkSettings: while it runs, its exposed and published ports (null for one only
    exposed) and endpoints; the daemon drops the ports when it releases the network, so a
    created or stopped container has none ({})."""
    from engine.network import documents, published_ports
    ports = {}
    if c.state.running:
        published = published_ports(c)
        exposed = set(c.config.exposed_ports or ())
        ports = {p: published.get(p) for p in sorted(exposed | set(published))}
    return documents.container_settings(engine.networks, c, ports)


def last_tag_time(store, image_id: str) -> str:
    """Metadata.LastTagTime: when the daemon last tagged the image (build, tag, commit,
    import), Go's zero time for one only pulled or loaded."""
    from engine.image.gojson import rfc3339_nano
    when = store.last_tag_time(image_id)
    return ZERO_TIME if when is None else rfc3339_nano(when)


def image(engine, img) -> dict:
    store = engine.images
    return {
        "Id": img.id,
        "RepoTags": store.repo_tags(img.id),
        "RepoDigests": store.repo_digests(img.id),
        "Parent": "",
        "Comment": img.comment or "buildkit.dockerfile.v0",
        "Created": img.created_rfc3339,
        "DockerVersion": "",
        "Author": img.author,
        "Config": img.config.to_dict(),
        "Architecture": img.architecture,
        "Os": img.os,
        "Size": img.size,
        "GraphDriver": graph_driver(img),
        "RootFS": {"Type": "layers", "Layers": list(img.diff_ids)},
        "Metadata": {"LastTagTime": last_tag_time(store, img.id)},
    }


# the Go type the docker CLI decodes each kind of inspected object into
GO_TYPES = {"container": "container.InspectResponse", "image": "image.InspectResponse",
            "network": "network.Inspect", "volume": "volume.Volume"}


def inspect_each(ctx, fmt: str, refs, document, kind: str) -> int:
    """`X inspect REF...`: ``document(ref)`` for each (an engine error is that ref's error
    line), shown by show_inspected; the command's status."""
    from engine import EngineError

    from ..parser import daemon_error
    found, errors = [], []
    for ref in refs:
        try:
            found.append(document(ref))
        except EngineError as err:
            errors.append(daemon_error(err))
    failed = show_inspected(ctx, fmt, found, errors, [kind] * len(found))
    return failed or (1 if errors else 0)


def show_inspected(ctx, fmt: str, objects: list, errors: list, kinds: list) -> int:
    """What every `inspect` prints: the objects as JSON or through --format, then one
    error line per name not found, on stderr. A template that does not parse stops it
    all with status 64, as the docker CLI's inspect does; one that fails on an
    object, with 1. 0 when all went well (the caller still counts ``errors``).

    As the CLI does, a template runs on the object's Go type first (``kinds`` names
    each object's kind), and only if that fails on its JSON, where a missing key is an
    error. Both see the object as Go's encoding/json writes its type: fields in the
    type's order, zero values where crsim has nothing to say."""
    from .inspect_types import marshal
    objects = [marshal(obj, GO_TYPES[kind]) for obj, kind in zip(objects, kinds)]
    if fmt and fmt != "json":
        from .gotemplate import TemplateError, compile
        from .inspect_types import typed
        try:
            template = compile(fmt)
        except TemplateError as err:
            ctx.out.error(str(err))
            return 64
        lines, failures = [], []
        for obj, kind in zip(objects, kinds):
            try:
                lines.append(template.execute(typed(obj, GO_TYPES[kind])))
                continue
            except TemplateError:
                pass
            try:
                lines.append(template.execute(obj, missingkey="error"))
            except TemplateError as err:  # the CLI words a failure on the maps this way
                failures.append(f"template parsing error: {err}")
        ctx.out.write("".join(line + "\n" for line in lines) or "\n")  # an empty flush: a newline
        for error in failures + errors:
            ctx.out.error(error)
        return 1 if failures else 0
    ctx.out.line(go_json_indent(objects))
    for error in errors:
        ctx.out.error(error)
    return 0
