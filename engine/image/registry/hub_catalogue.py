"""The simulated Docker Hub's generated catalogue: every tag of the official images, and
the images of other publishers that real Dockerfiles build on.

``hub/<repository>.json.gz`` (made by scripts/gen_hub_catalogue.py from
docker-library/official-images and the images' own Dockerfiles) and
``hub/<owner>/<name>.json.gz`` (scripts/gen_hub_community.py; another registry's
under its host: ``hub/mcr.microsoft.com/dotnet/sdk.json.gz``) map each tag to an
entry: a distribution root or the facts of a Dockerfile (see builders/hub_image.py).
A file is read the first time its repository is asked for.
A tag of -1 exists on Hub but has no linux/amd64 image (Windows-only tags).
"""

from __future__ import annotations

import os
from functools import lru_cache

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, List, Optional

HUB_DIR = os.path.join(os.path.dirname(__file__), "hub")
NO_PLATFORM = -1
_LEADING = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_ANY = _LEADING | frozenset("._-")


def _safe_component(part: str) -> bool:
    """A lowercase path component that names a catalogue file and nothing else (no "..")."""
    return part[:1] in _LEADING and _ANY.issuperset(part)


def data_file(path: str) -> Optional[str]:
    """The catalogue file of a repository, if there is one."""
    parts = path.split("/")
    if not 2 <= len(parts) <= 3 or not all(map(_safe_component, parts)):
        return None
    name = os.path.join(HUB_DIR, *(parts[1:] if parts[0] == "library" else parts)) + ".json.gz"
    return name if os.path.exists(name) else None


def has_repository(path: str) -> bool:
    return data_file(path) is not None


@lru_cache(maxsize=None)
def repository(path: str) -> Optional[dict]:
    name = data_file(path)
    if name is None:
        return None
    import gzip  # (with json: only when a catalogue file is read, not for a kept image)
    import json
    with gzip.open(name, "rt", encoding="utf-8") as f:
        return json.load(f)


def tags(path: str) -> List[str]:
    repo = repository(path)
    return sorted(repo["tags"]) if repo else []


def entry(path: str, tag: str) -> Optional[int]:
    """The image number of a tag (NO_PLATFORM for a tag with no linux/amd64 image)."""
    repo = repository(path)
    return None if repo is None else repo["tags"].get(tag)


def facts(path: str, number: int) -> Dict[str, object]:
    return repository(path)["images"][number]
