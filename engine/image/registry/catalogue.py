"""What the built-in registry holds: repositories, their tags, and how to build each image.

Only names live here. An image is built by its builder module the first
time it is pulled (importing that module then), and kept: importing the
registry builds nothing, and every alias of a tag gives the very same image.
"""

from __future__ import annotations

import importlib
from typing import Dict, List, NamedTuple, Optional, Tuple

from ..image import Image


class Spec(NamedTuple):
    """A builder call: ``builders.<module>.<function>(*args)``."""

    module: str
    function: str = "build"
    args: Tuple = ()


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


def has_repository(path: str) -> bool:
    return path in REPOSITORIES


def tags(path: str) -> List[str]:
    return sorted(REPOSITORIES.get(path, {}))


def resolve(path: str, tag: str) -> Optional[Spec]:
    return REPOSITORIES.get(path, {}).get(tag)


def build(spec: Spec) -> Image:
    """The image for a spec, built on first request and cached."""
    image = _built.get(spec)
    if image is None:
        module = importlib.import_module(f"{__package__}.builders.{spec.module}")
        image = getattr(module, spec.function)(*spec.args)
        _built[spec] = image
    return image


def built_count() -> int:
    """How many images have been built so far (0 right after import)."""
    return len(_built)
