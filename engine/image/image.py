"""Images: an ordered stack of layers plus a configuration and a history.

An image's identity is its config blob: the OCI image config JSON naming the
layers by their diff_ids. Its id is the sha256 of that JSON, so two images
with the same layers, config, history and creation time are the same image
(as in Docker), and changing any of them gives a new id.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, Iterator, List, Optional, Sequence, Tuple

from ..lazy import LazyModule
from ..record import record
from ..vfs.layer import Layer
from .config import ImageConfig

# gojson (json, datetime, hashlib) loaded where an id, a date or JSON is made: an image kept
# by the built-in registry's cache (registry/image_cache.py) knows its own.
gojson = LazyModule("engine.image.gojson", globals())


@record(frozen=True)
class HistoryEntry:
    """One build step as recorded in the image config (what `docker history` lists).

    Steps that only change metadata (ENV, CMD, LABEL, …) create no layer and
    have ``empty_layer`` True; every other entry corresponds, in order, to one
    layer of the image.
    """

    created: float
    created_by: str
    empty_layer: bool = False
    comment: str = ""

    def to_dict(self) -> dict:
        entry = {"created": gojson.rfc3339_nano(self.created), "created_by": self.created_by}
        if self.comment:
            entry["comment"] = self.comment
        if self.empty_layer:
            entry["empty_layer"] = True
        return entry


_known_chains: Dict[Tuple[str, ...], Tuple[str, ...]] = {}  # diff_ids -> their chain ids


def chain_ids(diff_ids: Sequence[str]) -> List[str]:
    """Docker's layer ChainIDs: the first is the diff_id, each next one is
    sha256 of "<parent chain id> <diff_id>". A layer's identity in the layer
    store depends on everything below it, which is why `docker rmi` prints
    these (not diff_ids) for the layers it deletes."""
    key = tuple(diff_ids)
    known = _known_chains.get(key)
    if known is None:
        import hashlib
        chain: List[str] = []
        for diff_id in key:
            if not chain:
                chain.append(diff_id)
            else:
                chain.append("sha256:" + hashlib.sha256(f"{chain[-1]} {diff_id}".encode()).hexdigest())
        known = _known_chains[key] = tuple(chain)
    return list(known)


def remember_chain_ids(diff_ids: Sequence[str], chains: Sequence[str]) -> None:
    """Chain ids computed by an earlier run (registry/image_cache.py)."""
    _known_chains[tuple(diff_ids)] = tuple(chains)


class Image:
    """Immutable once built; the id and JSON are computed on first use and cached."""

    __slots__ = ("layers", "config", "history", "created", "architecture", "os",
                 "author", "comment", "_config_json", "_id")

    def __init__(self, layers: Sequence[Layer], config: ImageConfig,
                 history: Sequence[HistoryEntry], created: float,
                 architecture: str = "amd64", os: str = "linux",
                 author: str = "", comment: str = ""):
        layers = tuple(layers)
        history = tuple(history)
        with_layer = sum(1 for entry in history if not entry.empty_layer)
        if history and with_layer != len(layers):
            # Docker relies on this pairing to show sizes in `docker history`.
            raise ValueError(f"history has {with_layer} layer steps for {len(layers)} layers")
        self.layers: Tuple[Layer, ...] = layers
        self.config = config
        self.history: Tuple[HistoryEntry, ...] = history
        self.created = float(created)
        self.architecture = architecture
        self.os = os
        self.author = author
        self.comment = comment
        self._config_json: Optional[bytes] = None
        self._id: Optional[str] = None

    # -- identity ------------------------------------------------------------

    @property
    def diff_ids(self) -> List[str]:
        return [layer.digest for layer in self.layers]

    def chain_ids(self) -> List[str]:
        return chain_ids(self.diff_ids)

    def config_json(self) -> bytes:
        """The OCI image config blob, written like BuildKit writes it."""
        if self._config_json is None:
            doc = {"created": gojson.rfc3339_nano(self.created)}
            if self.author:
                doc["author"] = self.author
            doc["architecture"] = self.architecture
            doc["os"] = self.os
            doc["config"] = self.config.to_oci_dict()
            doc["rootfs"] = {"type": "layers", "diff_ids": self.diff_ids}
            doc["history"] = [entry.to_dict() for entry in self.history]
            if self.comment:
                doc["comment"] = self.comment
            self._config_json = gojson.dumps(doc).encode()
        return self._config_json

    def keep_config_json(self, raw: bytes) -> None:
        """An image loaded from an archive keeps its config blob as written: its id is
        those bytes' digest, whatever tool wrote them."""
        self._config_json, self._id = raw, None

    def keep_identity(self, raw: bytes, image_id: str) -> None:
        """The config blob and id an earlier run made of this very image (the built-in
        registry's cache, registry/image_cache.py): not written and hashed again."""
        self._config_json, self._id = raw, image_id

    @property
    def id(self) -> str:
        if self._id is None:
            self._id = gojson.sha256_digest(self.config_json())
        return self._id

    @property
    def short_id(self) -> str:
        """The 12 hex digits `docker images` shows in IMAGE ID."""
        return self.id.split(":", 1)[1][:12]

    # -- sizes and times -------------------------------------------------------

    @property
    def size(self) -> int:
        """Bytes of all layers: the SIZE column of `docker images`."""
        return sum(layer.size for layer in self.layers)

    @property
    def created_rfc3339(self) -> str:
        """``Created`` as image inspect prints it (trailing fraction zeros dropped)."""
        return gojson.rfc3339_nano(self.created)

    # -- layers ------------------------------------------------------------------

    def layers_bottom_to_top(self) -> Tuple[Layer, ...]:
        """The lowerdir stack, base layer first (a merged path index builds on this)."""
        return self.layers

    def history_with_layers(self) -> Iterator[Tuple[HistoryEntry, Optional[Layer]]]:
        """Each history entry with the layer it created (None for metadata steps)."""
        layers = iter(self.layers)
        for entry in self.history:
            yield entry, (None if entry.empty_layer else next(layers))

    def __eq__(self, other) -> bool:
        return isinstance(other, Image) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        return f"<Image {self.short_id} {len(self.layers)} layers>"
