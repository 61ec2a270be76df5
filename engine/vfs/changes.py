"""What `docker diff` reports for a container, computed the way overlay2 does.

Docker's overlay2 driver walks the container's upper directory in name order
and classifies each entry against the image's layer directories:
- a whiteout, or an opaque directory (deleted and re-created), is "D";
- anything else is "C" if some lower layer has that path, else "A";
- a directory found below with the same mode and mtime is left out: it was
  only copied up because something inside it changed;
- when an entry is added or deleted, its parent directory is reported "C"
  (once, and never "/").
Walking never enters a whiteout, so a deleted directory is reported once.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List, Tuple

from .entry import DIR, WHITEOUT
from .paths import ROOT, parent, walk_key
from .union import UnionFS

ADDED, CHANGED, DELETED = "A", "C", "D"


def changes(fs: UnionFS) -> List[Tuple[str, str]]:
    layers = fs.lower.layers[::-1]  # overlay2 lists lowerdirs top first
    result: List[Tuple[str, str]] = []
    changed_dirs = set()
    for path in sorted(fs.upper, key=walk_key):
        if path == ROOT:
            continue
        entry = fs.upper[path]
        if entry.kind == WHITEOUT or (entry.kind == DIR and entry.opaque):
            kind = DELETED
        else:
            kind = ADDED
            for layer in layers:
                below = layer.get(path)
                if below is None or below.kind == WHITEOUT:
                    continue
                if (below.kind == DIR and entry.kind == DIR and below.mode == entry.mode
                        and below.mtime == entry.mtime):
                    kind = None  # same directory: not a change by itself
                else:
                    kind = CHANGED
                break
            if kind is None:
                continue
        if entry.kind == DIR:
            changed_dirs.add(path)
        if kind in (ADDED, DELETED):
            dirpath = parent(path)
            if dirpath != ROOT and dirpath not in changed_dirs:
                result.append((CHANGED, dirpath))
                changed_dirs.add(dirpath)
        result.append((kind, path))
    return result
