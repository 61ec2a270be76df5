"""`docker pull` against the built-in registry.

The result carries the image, what the store must record (the tag and the
repo digest), and the facts the shell turns into Docker's output: per-layer
short ids with "Pull complete" or "Already exists", the digest, and whether
the image was new or already up to date.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List, Optional, Tuple

from ...record import record
from ..image import Image
from ..reference import DEFAULT_DOMAIN, Reference, parse_normalized
from ..store import ImageStore
from . import catalogue
from .distribution import Blob, blob, repo_digest
from .errors import ManifestUnknown, PullAccessDenied, RegistryUnreachable

PULL_COMPLETE = "Pull complete"
ALREADY_EXISTS = "Already exists"


@record(frozen=True)
class LayerPull:
    short_id: str  # first 12 hex digits of the compressed blob digest
    blob: Blob
    status: str  # PULL_COMPLETE or ALREADY_EXISTS


@record(frozen=True)
class PullResult:
    image: Image
    reference: Reference  # what was pulled, normalised (":latest" added if needed)
    digest: str  # the repo (index) digest
    layers: Tuple[LayerPull, ...]
    up_to_date: bool
    default_tag_used: bool

    @property
    def references(self) -> List[Reference]:
        """What the store records: the tag (if one was pulled) and repository@digest."""
        refs = [self.reference.with_tag(self.reference.tag)] if self.reference.tag else []
        return refs + [self.reference.with_digest(self.digest)]

    @property
    def status(self) -> str:
        """Docker's "Status:" line."""
        if self.up_to_date:
            return f"Status: Image is up to date for {self.reference.familiar()}"
        return f"Status: Downloaded newer image for {self.reference.familiar()}"

    def output_lines(self) -> List[str]:
        """The lines `docker pull` prints (without its live progress bars)."""
        lines = ["Using default tag: latest"] if self.default_tag_used else []
        lines.append(f"{self.reference.tag or self.reference.digest}: Pulling from {self.reference.path}")
        if not self.up_to_date:
            lines += [f"{layer.short_id}: {layer.status}" for layer in self.layers]
        lines.append(f"Digest: {self.digest}")
        lines.append(self.status)
        lines.append(str(self.reference))
        return lines


def find_image(ref: Reference) -> Image:
    """The built-in registry's image for a normalised reference (by tag or digest)."""
    # another registry is reachable only for the repositories catalogued here (mcr.microsoft.com/dotnet/*)
    path = ref.path if ref.domain == DEFAULT_DOMAIN else f"{ref.domain}/{ref.path}"
    if not catalogue.has_repository(path):
        if ref.domain != DEFAULT_DOMAIN:
            raise RegistryUnreachable(ref.domain)
        raise PullAccessDenied(ref.familiar_name)
    if ref.digest is not None:
        for tag in catalogue.modelled_tags(path):
            image = catalogue.build(catalogue.resolve(path, tag))
            if repo_digest(image) == ref.digest:
                return image
        raise ManifestUnknown(ref.familiar())
    spec = catalogue.resolve(path, ref.tag)
    if spec is None:
        raise ManifestUnknown(ref.familiar())
    return catalogue.build(spec)


def pull(name: str, store: Optional[ImageStore] = None) -> PullResult:
    """Fetch ``name`` from the built-in registry; ``store`` is only read, never changed."""
    parsed = parse_normalized(name)
    default_tag_used = parsed.tag is None and parsed.digest is None
    ref = parsed.with_default_tag()
    if ref.tag and ref.digest:
        ref = ref.with_digest(ref.digest)  # Docker pulls by the digest when both are given
    image = find_image(ref)
    digest = repo_digest(image)
    layers = []
    chains = image.chain_ids()
    for layer, chain_id in zip(image.layers, chains):
        exists = store is not None and store.has_chain(chain_id)
        b = blob(layer)
        layers.append(LayerPull(b.short_id, b, ALREADY_EXISTS if exists else PULL_COMPLETE))
    # (by the reference itself: its text would be parsed again)
    up_to_date = store is not None and store.tagged(ref) == image.id
    return PullResult(image, ref, digest, tuple(layers), up_to_date, default_tag_used)
