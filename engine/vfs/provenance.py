"""Where an entry of a union view comes from, layer by layer (what `layers IMAGE PATH` shows).

The merged view itself answers which layer provides an entry (the image's MergedIndex, the
container's UnionFS); this module only explains, from the layers' own entries, why the
others do not show: overlayfs looks down from the top layer and stops at the first layer
that has the name, that whites it out (a 0/0 character device; `.wh.NAME` in an OCI tar)
or whose directory above it is opaque (trusted.overlay.opaque=y; `.wh..wh..opq`).
"""

from __future__ import annotations

from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from ..record import record
from .changes import changes
from .entry import DIR, WHITEOUT, Entry
from .paths import ROOT, ancestors, basename, parent

# What hides an entry of the layers below, as the layer above holds it.
WHITED_OUT = "whiteout"
OPAQUE = "opaque"  # an opaque directory above it (or at it, for its old contents)
REPLACED = "replaced"  # a non-directory above it in the path

# What the writable layer did to an entry (`docker diff`'s A, C, D, told in words).
CREATED, COPIED_UP, DELETED, MADE_OPAQUE = "created", "copied up", "deleted", "made opaque"


@record(frozen=True)
class Provenance:
    path: str
    cells: Tuple[Optional[Entry], ...]  # the entry at path in each layer, bottom first
    source: Optional[int]  # the layer whose entry the merged view shows (None: nothing)
    hidden_by: Optional[Tuple[int, str]]  # the layer that hides the ones below, and how
    change: str = ""  # what the writable layer did (containers only)

    @property
    def visible(self) -> bool:
        return self.source is not None


class Stack:
    """The layers of an image (and a container's writable layer on top) with its merged view."""

    def __init__(self, layers: Sequence[Mapping[str, Entry]], lookup, upper_changes=None):
        self.layers = list(layers)
        self._lookup = lookup  # path -> number of the layer the real merged view uses, or None
        self._changes: Dict[str, str] = upper_changes or {}

    @classmethod
    def of_image(cls, index) -> "Stack":
        return cls([layer.entries for layer in index.layers], index.layer_of)

    @classmethod
    def of_container(cls, fs) -> "Stack":
        """A container's root as its layers and upper directory hold it (runc's mounts,
        /proc and the rest, are no part of it)."""
        top = len(fs.lower.layers)

        def lookup(path: str) -> Optional[int]:
            entry = fs.upper.get(path)
            if entry is not None:
                return None if entry.kind == WHITEOUT else top
            saved, fs.mounts = fs.mounts, None
            try:
                return fs.lower.layer_of(path) if fs.get(path) is not None else None
            finally:
                fs.mounts = saved
        words = {"A": CREATED, "C": COPIED_UP, "D": DELETED}
        told = {path: (MADE_OPAQUE if kind == "D" and fs.upper[path].kind == DIR else words[kind])
                for kind, path in changes(fs) if path in fs.upper}
        return cls([*(layer.entries for layer in fs.lower.layers), fs.upper], lookup, told)

    def explain(self, path: str) -> Provenance:
        cells = tuple(layer.get(path) for layer in self.layers)
        source = self._lookup(path)
        if source is not None and source < 0:  # the root directory no layer names
            source = 0 if self.layers else None
        hidden_by = None
        if source is None:  # look down as overlayfs does, for what stopped the lookup
            for number in range(len(self.layers) - 1, -1, -1):
                how = self._hides(number, path)
                if how and any(cell is not None for cell in cells[:number]):
                    hidden_by = (number, how)
                    break
        return Provenance(path, cells, source, hidden_by, self._changes.get(path, ""))

    def _hides(self, number: int, path: str) -> str:
        """How layer ``number`` hides ``path`` of the layers below it ("" if it does not)."""
        layer = self.layers[number]
        entry = layer.get(path)
        if entry is not None and entry.kind == WHITEOUT:
            return WHITED_OUT
        for above in ancestors(path):
            found = layer.get(above)
            if found is None:
                continue
            if found.kind == WHITEOUT:
                return WHITED_OUT
            if found.kind != DIR:
                return REPLACED
            if found.opaque:
                return OPAQUE
        return ""

    def names(self, directory: str) -> List[str]:
        """Every name directly in ``directory`` in any layer, whiteouts included."""
        found = set()
        for layer in self.layers:
            for path in layer:
                if path != ROOT and parent(path) == directory:
                    found.add(basename(path))
        return sorted(found)


__all__ = ["Provenance", "Stack", "WHITED_OUT", "OPAQUE", "REPLACED", "CREATED", "COPIED_UP",
           "DELETED", "MADE_OPAQUE"]
