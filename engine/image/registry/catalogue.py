"""What the built-in registry holds: repositories, their tags, and how to build each image.

Two sources, the first one winning: ``REPOSITORIES`` below, the images modelled in
detail by a builder module each (their layers, sizes and history measured on the
real images), and the generated Hub catalogue (``hub_catalogue``: every tag of the
official images, built from their Dockerfiles' facts by ``builders.hub_image``).
An image is built the first time it is pulled and kept: importing the registry
builds nothing, and every alias of a tag gives the very same image.
"""

from __future__ import annotations

import sys
from collections import namedtuple

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, List, Optional, Tuple

from ..image import Image
from . import hub_catalogue
from .errors import NoMatchingManifest
from ...lazy import load


class Spec(namedtuple("Spec", ("module", "function", "args"), defaults=("build", ()))):
    """A builder call: ``builders.<module>.<function>(*args)``.

    A tuple: a state file names each catalogue image by its Spec (engine/world.py), pickled
    as the tuple's fields, and files written by any crsim must still load."""

    __slots__ = ()


def _tags(spec: Spec, *names: str) -> Dict[str, Spec]:
    return {name: spec for name in names}


def _python(minor: str, version: str, latest: bool) -> Dict[str, Spec]:
    full, slim = Spec("python", "build", (minor, False)), Spec("python", "build", (minor, True))
    tags = {**_tags(full, minor, version, f"{minor}-trixie", f"{version}-trixie"),
            **_tags(slim, f"{minor}-slim", f"{version}-slim", f"{minor}-slim-trixie", f"{version}-slim-trixie")}
    if latest:
        tags.update(_tags(full, "latest", "3", "trixie", "3-trixie"))
        tags.update(_tags(slim, "slim", "3-slim", "slim-trixie", "3-slim-trixie"))
    return tags


_ALPINE = {"3.23.2": ("latest", "3", "3.23", "3.23.2"), "3.20.8": ("3.20", "3.20.8"), "3.19.9": ("3.19", "3.19.9")}
_NODE = {"25": ("latest", "current", "25", "25.2", "25.2.1", "bookworm", "current-bookworm"),
         "24": ("lts", "24", "24.12", "24.12.0", "krypton", "lts-krypton", "24-bookworm", "lts-bookworm"),
         "22": ("22", "22.21", "22.21.1", "jod", "lts-jod", "22-bookworm")}

REPOSITORIES: Dict[str, Dict[str, Spec]] = {
    "library/busybox": _tags(Spec("busybox"), "latest", "1", "1.37", "1.37.0", "stable", "glibc", "1.37.0-glibc"),
    "library/alpine": {tag: Spec("alpine", "build", (version,))
                       for version, tags in _ALPINE.items() for tag in tags},
    "library/debian": {
        **_tags(Spec("debian", "build", ("trixie", False)), "latest", "trixie", "13", "13.3", "stable",
                "trixie-20260112"),
        **_tags(Spec("debian", "build", ("trixie", True)), "trixie-slim", "13-slim", "13.3-slim", "stable-slim",
                "trixie-20260112-slim"),
        **_tags(Spec("debian", "build", ("bookworm", False)), "bookworm", "12", "12.13", "oldstable",
                "bookworm-20260112"),
        **_tags(Spec("debian", "build", ("bookworm", True)), "bookworm-slim", "12-slim", "12.13-slim",
                "oldstable-slim", "bookworm-20260112-slim"),
    },
    "library/ubuntu": {
        **_tags(Spec("ubuntu", "build", ("24.04",)), "latest", "24.04", "noble", "noble-20260113"),
        **_tags(Spec("ubuntu", "build", ("22.04",)), "22.04", "jammy", "jammy-20250415.1"),
    },
    "library/python": {**_python("3.12", "3.12.12", False), **_python("3.13", "3.13.11", False),
                       **_python("3.14", "3.14.2", True)},
    "library/node": {tag: Spec("node", "build", (major,)) for major, tags in _NODE.items() for tag in tags},
    "library/nginx": _tags(Spec("nginx"), "latest", "mainline", "1", "1.29", "1.29.4", "mainline-trixie",
                           "trixie", "1.29.4-trixie"),
}

_built: Dict[Spec, Image] = {}


HUB = "hub"  # Spec.module of an image from the generated catalogue: args (path, number)


def has_repository(path: str) -> bool:
    return path in REPOSITORIES or hub_catalogue.has_repository(path)


def tags(path: str) -> List[str]:
    return sorted(set(REPOSITORIES.get(path, {})) | set(hub_catalogue.tags(path)))


def modelled_tags(path: str) -> List[str]:
    """The tags whose images are modelled in detail (what a digest is looked up among)."""
    return sorted(REPOSITORIES.get(path, {}))


def resolve(path: str, tag: str) -> Optional[Spec]:
    """The spec of a tag; raises NoMatchingManifest for a tag with no linux/amd64 image."""
    spec = REPOSITORIES.get(path, {}).get(tag)
    if spec is not None:
        return spec
    number = hub_catalogue.entry(path, tag)
    if number is None:
        return None
    if number == hub_catalogue.NO_PLATFORM:
        raise NoMatchingManifest()
    return Spec(HUB, "build", (path, number))


def build(spec: Spec) -> Image:
    """The image for a spec, made on first request and kept: read back as an earlier run
    left it (image_cache.py), else built and left for the next run."""
    image = _built.get(spec)
    if image is None:
        from . import image_cache
        image = image_cache.load(spec, build)
        if image is None:
            before = set(sys.modules)
            image = _make(spec)
            image_cache.save(spec, image, _built, set(sys.modules) - before)
        _built[spec] = image
    return image


def _make(spec: Spec) -> Image:
    if spec.module == HUB:
        image = _build_from_hub(*spec.args)
    else:
        module = load(f"{__package__}.builders.{spec.module}")
        image = getattr(module, spec.function)(*spec.args)
    from ...vfs.digest_cache import prime
    prime(image.layers)  # the same layers in every run: their digests are kept
    return image


def _build_from_hub(path: str, number: int) -> Image:
    from .builders import hub_image
    facts = hub_catalogue.facts(path, number)
    if "root" in facts:
        return hub_image.root(facts["root"], facts.get("created", ""))
    name = path[len("library/"):] if path.startswith("library/") else path
    return hub_image.build(name, facts, _base(facts.get("from", "scratch")))


def _base(reference: str) -> Image:
    """The image a catalogue entry is built FROM. One from another registry
    (quay.io/prometheus/busybox) is the official image of its last name when there is
    one, else the nearest root."""
    from .builders import hub_image
    repo, tag = hub_image.split_from(reference)
    if repo == "scratch":
        return Image([], hub_image.ImageConfig(), [], 0)
    candidates = [repo if "/" in repo else f"library/{repo}"]
    if repo.startswith("amd64/"):  # the architecture's own namespace holds the same official images
        candidates = [f"library/{repo[len('amd64/'):]}"]
    elif "." in repo.split("/")[0]:  # another registry: its catalogue here, else the official namesake
        candidates += [f"library/{repo.rsplit('/', 1)[-1]}"]
    spec = None
    for path in candidates:
        try:
            spec = spec or resolve(path, tag) or resolve(path, "latest")
        except NoMatchingManifest:
            pass
    if spec is None:
        spec = resolve("library/alpine" if "alpine" in tag else "library/debian", "latest")
    return build(spec)


def built_images() -> List[Tuple[Spec, Image]]:
    """Every image built so far, with its spec (a state file names them by it)."""
    return list(_built.items())


def built_count() -> int:
    """How many images have been built so far (0 right after import)."""
    return len(_built)
