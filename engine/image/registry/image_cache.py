"""The built-in images kept between runs in a compact form (issue 18).

Every process that pulls busybox used to build it again: run its builder (hundreds of
entries), serialise its config to JSON and hash it for the id, hash the manifest and
index for the repo digest, derive the blobs and chain ids. Building gives the same
image every time, so the first build writes the image to one file per image in the
cache directory (engine/cache_dir.py), and later processes read it back with marshal
(built in, and quick to load) instead: the entries (each distinct one once: busybox's
400 applet symlinks are one value), the layers' digests, the config, the history, the
config blob and id, what the registry serves (blobs, repo digest, chain ids) and the
layers' overlay2 short names. So a pull of a kept image, and a container of it, import
neither the builders nor hashlib nor json.

A layer the image shares with a catalogue image of fewer layers (its base: a hub image's,
or debian's under python) is kept as a reference to that image's layer, which is loaded
from its own file: the two images share the one layer object, as they do when built, and
a base that changed since (another digest) makes the reference stale.

A file is used only when its key matches (this format, crsim's and Python's versions,
the image's spec) and the sources it was built from are unchanged (size and mtime of
the engine files that can decide an image: those of the image, vfs, build and package
catalogue packages loaded when it was built, every engine module its building imported, and
the catalogue data it read). Anything else, or a file that cannot be read (missing,
half-written, another format), is built anew and written again, without a word; a
cache that cannot be written only loses the saving.
"""

from __future__ import annotations

import marshal
import os
import sys

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Callable, Dict, Iterable, List, Optional, Tuple

from ...cache_dir import stamps, unchanged

FORMAT = 2  # bump when the payload changes shape

# Engine packages whose loaded modules can decide an image even when they were imported
# before it was built (the builders read their entries, configs and catalogues there).
_DECIDING = ("engine.image", "engine.vfs", "engine.build", "engine.userland.pkg",
             "engine.record", "engine.version")
_HERE = os.path.dirname(os.path.abspath(__file__))


def _path(spec) -> Optional[str]:
    from ...cache_dir import checkout_file
    # the spec spelled out ("/" escaped): one name per spec (a builder's arguments are
    # fixed in number), readable: python-build-3.12-False, hub-build-library%2Fredis-397
    name = "-".join(str(part) for part in (spec.module, spec.function, *spec.args))
    name = name.replace("%", "%25").replace("/", "%2F")
    return checkout_file(f"images/{name}", _HERE, ".marshal")


def _key(spec) -> str:
    from ...version import VERSION
    return "\n".join([str(FORMAT), VERSION, sys.version, repr(tuple(spec))])


# -- reading -----------------------------------------------------------------------------

def load(spec, build: Callable) -> Optional[object]:
    """The image of ``spec`` as kept by an earlier run, or None (no file, or a stale or
    unreadable one). ``build(spec)`` gives a base image whose layers this one shares."""
    path = _path(spec)
    if path is None or spec in _reading:
        return None  # (files of two runs that name each other's layers: built here)
    _reading.add(spec)
    try:
        with open(path, "rb") as handle:
            key, sources, payload = marshal.loads(handle.read())  # (load() reads bit by bit)
        if key != _key(spec) or not unchanged(sources):
            return None
        return _image(payload, build)
    except Exception:  # missing, half-written, another format, a base gone stale: build
        return None
    finally:
        _reading.discard(spec)


_reading = set()  # the specs being read back now


def _image(payload, build: Callable):
    from ...vfs.entry import Entry
    from ...vfs.layer import Layer
    from ..config import ImageConfig
    from ..image import HistoryEntry, Image, remember_chain_ids
    from ...container.overlay_links import remember as remember_link
    from .distribution import Blob, remember
    (values, layer_parts, config, history, facts, identity, served) = payload
    entries = [Entry(*fields) for fields in values]
    layers: List[Layer] = []
    for part in layer_parts:
        if part[0] == "shared":  # ("shared", base spec, layer number, digest)
            _, base, number, digest = part
            layer = build(_spec(base)).layers[number]
            if layer.digest != digest:
                raise ValueError("the base image changed")
        else:  # ("own", paths, entry numbers, digest)
            _, paths, numbers, digest = part
            layer = Layer(dict(zip(paths, [entries[n] for n in numbers])))
            layer.set_digest(digest)
        layers.append(layer)
    created, architecture, os_name, author, comment = facts
    image = Image(layers, ImageConfig(**config), [HistoryEntry(*entry) for entry in history],
                  created, architecture, os_name, author, comment)
    image.keep_identity(*identity)
    blobs, repo_digest, chains, links = served
    remember_chain_ids(image.diff_ids, chains)
    remember(image, [Blob(*blob) for blob in blobs], repo_digest)
    for layer, link in zip(layers, links):
        remember_link(layer.digest, link)
    return image


def _spec(fields):
    from .catalogue import Spec
    module, function, args = fields
    return Spec(module, function, tuple(args))


# -- writing -----------------------------------------------------------------------------

def save(spec, image, built: Dict, imported: Iterable[str]) -> None:
    """Keep the image just built for ``spec``. ``built``: the catalogue's images by spec
    (a layer of one of them is kept as a reference); ``imported``: the modules its
    building imported."""
    path = _path(spec)
    if path is None:
        return
    from ...cache_dir import write_atomically
    try:
        payload = _payload(spec, image, built)
        data = marshal.dumps((_key(spec), _sources(spec, imported), payload))
    except Exception:  # something marshal cannot keep, a source gone: no saving, nothing else
        return
    write_atomically(path, lambda handle: handle.write(data))


def _payload(spec, image, built: Dict):
    from ...container.overlay_links import short_link
    from ...record import fields
    from . import distribution
    # id of a layer of a built image with fewer layers (a base) -> (its spec, its number);
    # never one with as many or more: a base read back would build what was built on it
    shared = {}
    for other_spec, other in built.items():
        if len(other.layers) < len(image.layers):
            for number, layer in enumerate(other.layers):
                shared.setdefault(id(layer), (tuple(other_spec), number))
    numbered: Dict[tuple, int] = {}  # each distinct entry once
    layer_parts = []
    for layer in image.layers:
        if id(layer) in shared:
            base, number = shared[id(layer)]
            layer_parts.append(("shared", base, number, layer.digest))
            continue
        paths, numbers = [], []
        for path, entry in layer.items():
            values = tuple(getattr(entry, made.name) for made in fields(entry))
            paths.append(path)
            numbers.append(numbered.setdefault(values, len(numbered)))
        layer_parts.append(("own", tuple(paths), tuple(numbers), layer.digest))
    config = {made.name: getattr(image.config, made.name) for made in fields(image.config)}
    history = [tuple(getattr(entry, made.name) for made in fields(entry)) for entry in image.history]
    facts = (image.created, image.architecture, image.os, image.author, image.comment)
    served = ([tuple(getattr(b, made.name) for made in fields(b))
               for b in (distribution.blob(layer) for layer in image.layers)],
              distribution.repo_digest(image), tuple(image.chain_ids()),
              tuple(short_link(layer.digest) for layer in image.layers))
    return (tuple(numbered), tuple(layer_parts), config, history, facts,
            (image.config_json(), image.id), served)


def _sources(spec, imported: Iterable[str]) -> List[Tuple[str, int, int]]:
    """The files the image was built from: (path, size, mtime) each."""
    wanted = {name for name in imported if name.startswith("engine.")}  # (Python's: its version)
    files = set()
    for name, module in list(sys.modules.items()):
        if name in wanted or name.startswith(_DECIDING):
            path = getattr(module, "__file__", None)
            if path and path.endswith(".py"):
                files.add(path)
    files.update(_data_files(spec))
    return stamps(sorted(files))


def _data_files(spec) -> List[str]:
    """The catalogue data an image may be built from: a Hub image's generated catalogue
    file (an image below it has its own), and the package catalogues' data if loaded."""
    from . import catalogue, hub_catalogue
    found = []
    if spec.module == catalogue.HUB:
        found.append(hub_catalogue.data_file(spec.args[0]))
    packages = sys.modules.get("engine.userland.pkg.catalogue")
    if packages is not None:
        for root, _, names in os.walk(os.path.dirname(packages.__file__)):
            found += [os.path.join(root, name) for name in names
                      if name.endswith((".gz", ".xz")) and "__pycache__" not in root]
    return found
