"""The merged view of a stack of read-only layers, built once per image.

overlayfs resolves a name by looking down the layers; doing that per lookup
would cost time in the number of layers. Lower layers never change, so the
merge is done once here: a flat map path -> (entry, layer number) and a map
directory -> names. A lookup is then one dict access whatever the depth of
the stack, and every container of the image shares this one index.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, Iterable, Iterator, List, Optional, Tuple

from .entry import DIR, WHITEOUT, Entry, directory
from .layer import Layer
from .paths import ROOT, basename, join, parent

ROOT_ENTRY = directory(0o755)


def _depth(item) -> int:
    """Parents before children is all the merge needs (the order of siblings shows
    nowhere: names() sorts), and a count sorts faster than a walk order's lists."""
    return item[0].count("/")


class MergedIndex:
    __slots__ = ("layers", "_entries", "_children", "_sorted", "_links")

    def __init__(self, layers: Iterable[Layer] = ()):
        self.layers: Tuple[Layer, ...] = tuple(layers)
        self._entries: Dict[str, Tuple[Entry, int]] = {ROOT: (ROOT_ENTRY, -1)}
        self._children: Dict[str, Dict[str, None]] = {ROOT: {}}
        self._sorted: Dict[str, List[str]] = {}
        self._links: Optional[Dict[int, List[str]]] = None  # made on first need
        for number, layer in enumerate(self.layers):
            self._apply(layer, number)

    # -- building -----------------------------------------------------------
    def _remove_below(self, path: str) -> None:
        for name in list(self._children.get(path, ())):
            child = join(path, name)
            self._remove_below(child)
            del self._entries[child]
            self._children.pop(child, None)
        if path in self._children:
            self._children[path] = {}

    def _remove(self, path: str) -> None:
        if path not in self._entries or path == ROOT:
            return
        self._remove_below(path)
        del self._entries[path]
        self._children.pop(path, None)
        siblings = self._children.get(parent(path))
        if siblings is not None:
            siblings.pop(basename(path), None)

    def _apply(self, layer: Layer, number: int) -> None:
        # (the loop is written out: every container's first start builds its image's index)
        items = sorted(layer.items(), key=_depth)
        # Whiteouts and opaque markers speak about the layers below only,
        # so they act before this layer's own entries are added.
        for path, entry in items:
            if entry.kind == WHITEOUT:
                self._remove(path)
            elif entry.opaque and entry.kind == DIR:
                self._remove_below(path)
        entries, children = self._entries, self._children
        for path, entry in items:
            kind = entry.kind
            if kind == WHITEOUT:
                continue
            if path == ROOT:
                entries[ROOT] = (entry.with_changes(opaque=False), number)
                continue
            old = entries.get(path)
            if old is not None and old[0].kind == DIR and kind != DIR:
                self._remove_below(path)  # a non-directory hides the old tree
                children.pop(path, None)
            entries[path] = (entry.with_changes(opaque=False) if entry.opaque else entry, number)
            if kind == DIR and path not in children:
                children[path] = {}
            head, _, name = path.rpartition("/")  # parent() and basename() in one
            siblings = children.get(head or ROOT)
            if siblings is None:
                raise ValueError(f"layer {number}: parent of {path} is not a directory")
            siblings[name] = None

    # -- queries ------------------------------------------------------------
    def get(self, path: str) -> Optional[Entry]:
        found = self._entries.get(path)
        return found[0] if found is not None else None

    def layer_of(self, path: str) -> Optional[int]:
        """Which layer (0 = bottom) provides the entry at ``path``."""
        found = self._entries.get(path)
        return found[1] if found is not None else None

    def __contains__(self, path: str) -> bool:
        return path in self._entries

    def names(self, path: str) -> List[str]:
        """Sorted names in directory ``path`` (empty if it is not a directory)."""
        cached = self._sorted.get(path)
        if cached is None:
            cached = sorted(self._children.get(path, ()))
            self._sorted[path] = cached
        return cached

    def link_names(self) -> Dict[int, List[str]]:
        """The paths of each hard-link group (link id -> paths), scanned once: only
        link counts and new link ids ask, never a lookup."""
        if self._links is None:
            links: Dict[int, List[str]] = {}
            for path, (entry, _) in self._entries.items():
                if entry.link is not None:
                    links.setdefault(entry.link, []).append(path)
            self._links = links
        return self._links

    def has_children(self, path: str) -> bool:
        return bool(self._children.get(path))

    def __len__(self) -> int:
        return len(self._entries)

    def walk(self, top: str = ROOT) -> Iterator[Tuple[str, Entry]]:
        """Every (path, entry) at and below ``top`` in depth-first name order."""
        entry = self.get(top)
        if entry is None:
            return
        yield top, entry
        for name in self.names(top):
            yield from self.walk(join(top, name))
