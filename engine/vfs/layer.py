"""Immutable, content-addressed layers.

A layer maps canonical paths to entries. It never changes once made, so
images and containers can share one copy however many reference it. Its
``digest`` is the sha256 of its canonical tar (the OCI diff_id), computed on
first use only: pulling an image does not pay for hashing until asked.
"""

from __future__ import annotations

from types import MappingProxyType

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Mapping, Optional

from ..lazy import LazyModule
from .entry import FILE, SYMLINK, Entry

# tarball (with hashlib) loaded when a tar or digest is made: a layer of the built-in
# registry's cache (image/registry/image_cache.py) comes with its digest.
tarball = LazyModule("engine.vfs.tarball", globals())


class Layer:
    __slots__ = ("_entries", "_digest", "_size", "_tar")

    def __init__(self, entries: Mapping[str, Entry]):
        self._entries = MappingProxyType(dict(entries))
        self._digest: Optional[str] = None
        self._size: Optional[int] = None
        self._tar: Optional[bytes] = None

    @classmethod
    def from_tar(cls, entries: Mapping[str, Entry], digest: str, tar: bytes) -> "Layer":
        """A layer unpacked from a tar another tool wrote: its digest is that tar's, and
        its tar stays those bytes (as the daemon's tar-split keeps them) for `save`."""
        layer = cls(entries)
        layer._digest, layer._tar = digest, tar
        return layer

    def tar_chunks(self):
        """The layer's tar, as byte chunks: the one it was loaded from, or the canonical one."""
        if self._tar is not None:
            return iter((self._tar, ))
        return tarball.iter_tar(self._entries.items())

    @property
    def entries(self) -> Mapping[str, Entry]:
        return self._entries

    def get(self, path: str) -> Optional[Entry]:
        return self._entries.get(path)

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self):
        return iter(self._entries)

    def items(self):
        return self._entries.items()

    @property
    def digest(self) -> str:
        if self._digest is None:
            self._digest = tarball.digest(self._entries.items())
        return self._digest

    @property
    def has_digest(self) -> bool:
        return self._digest is not None

    def set_digest(self, digest: str) -> None:
        """The digest known from elsewhere (vfs/digest_cache.py: this same content before)."""
        self._digest = digest

    @property
    def size(self) -> int:
        """Bytes of file content and symlink targets (what `docker history` sums)."""
        if self._size is None:
            self._size = content_size(self._entries.values())
        return self._size

    def __repr__(self) -> str:
        return f"<Layer {len(self._entries)} entries>"


def content_size(entries) -> int:
    """Bytes of files and symlink targets, a hard-linked file counted once."""
    total, linked = 0, set()
    for entry in entries:
        if entry.kind == FILE or entry.kind == SYMLINK:
            if entry.link is not None:
                if entry.link in linked:
                    continue
                linked.add(entry.link)
            total += entry.size
    return total
