"""What the daemon remembers of where each layer went (moby's v2 metadata): for a diff_id,
the registries, repositories and compressed digests it was pushed to or pulled from.
A push asks the registry about those first — "Layer already exists" in the same
repository, a cross-repository mount ("Mounted from app") in another — and sends bytes
only for layers it has no record of."""

from __future__ import annotations

from typing import Dict, List, Tuple


class LayerSources:
    def __init__(self):
        self._known: Dict[str, List[Tuple[str, str, str]]] = {}  # diff_id -> (domain, path, digest)

    def remember(self, diff_id: str, domain: str, path: str, digest: str) -> None:
        entries = self._known.setdefault(diff_id, [])
        if (domain, path, digest) not in entries:
            entries.append((domain, path, digest))

    def candidates(self, diff_id: str, domain: str) -> List[Tuple[str, str]]:
        """(repository path, blob digest) of the layer on this registry, newest first."""
        return [(path, digest) for d, path, digest in reversed(self._known.get(diff_id, []))
                if d == domain]
