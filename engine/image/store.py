"""The local image store: images by id, and the references (tags, digests) naming them.

Lookup and removal follow the Docker daemon (daemon/images): a name is tried
as a reference first, then as an id or unique id prefix; `rmi` untags before it
deletes and refuses what Docker refuses, with Docker's texts. Every operation
checks everything before changing anything, so a refused call leaves the store
as it was.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, Iterable, List, Optional, Sequence, Set, Union

from ..errors import Conflict, InvalidParameter, NoSuchImage
from ..record import record
from .image import Image
from .reference import DigestReference, Reference, parse_any, parse_normalized


@record(frozen=True)
class ContainerUse:
    """What the store needs to know of a container: which image it runs."""

    id: str
    image_id: str
    running: bool


@record(frozen=True)
class ImageSummary:
    """One row of `docker images` (before formatting)."""

    id: str
    repo_tags: tuple
    repo_digests: tuple
    created: float
    size: int

    @property
    def dangling(self) -> bool:
        """No tag names it: `docker images` shows it as <none>:<none> (or repo:<none>)."""
        return not self.repo_tags


def _truncate(image_id: str) -> str:
    return image_id.split(":", 1)[-1][:12]


def _is_id_prefix(image_id: str, candidate: str) -> bool:
    """Docker's isImageIDPrefix: "sha256:ab12…" or "ab12…" naming this id."""
    return image_id.startswith(candidate) or image_id.split(":", 1)[1].startswith(candidate)


def _sort_key(ref: Reference) -> str:
    return str(ref)


class ImageStore:
    def __init__(self):
        self._images: Dict[str, Image] = {}
        self._refs: Dict[Reference, str] = {}  # tag or digest reference -> image id
        # Images removed with -f while a container still used them: their
        # layers stay on disk until that container goes (as in Docker).
        self._retained: Dict[str, Image] = {}

    # -- adding and naming ---------------------------------------------------------

    def add(self, image: Image, refs: Iterable[Union[str, Reference]] = (),
            tagged_at: Optional[float] = None) -> Image:
        """Store an image (if new) and point the given references at it.

        A reference that named another image moves; that image stays, now
        possibly dangling, as after a `docker pull` of a newer tag. ``tagged_at`` is
        given where the daemon tags through its TagImage (build, commit, import):
        the image's LastTagTime; a pull or a load leaves it as it was.
        """
        parsed = [parse_normalized(r) if isinstance(r, str) else r for r in refs]
        for ref in parsed:
            self._check_new_ref(ref)
        self._images.setdefault(image.id, image)
        self._retained.pop(image.id, None)
        for ref in parsed:
            self._refs[self._ref_key(ref)] = image.id
        if parsed and tagged_at is not None:
            self._tag_times()[image.id] = tagged_at
        return self._images[image.id]

    def tag(self, source: str, target: str, tagged_at: Optional[float] = None) -> Reference:
        """`docker tag SOURCE TARGET`: TARGET without a tag means ":latest"."""
        image = self.lookup(source)
        ref = parse_normalized(target)
        if ref.digest is not None:
            raise InvalidParameter("refusing to create a tag with a digest reference")
        ref = ref.with_default_tag()
        self._check_new_ref(ref)
        self._refs[ref] = image.id
        if tagged_at is not None:
            self._tag_times()[image.id] = tagged_at
        return ref

    def last_tag_time(self, image_id: str) -> Optional[float]:
        """When the daemon last tagged the image (Metadata.LastTagTime); None: never."""
        return self.__dict__.get("_last_tagged", {}).get(image_id)  # a read changes nothing

    def _tag_times(self) -> Dict[str, float]:
        # created on first use, so a store saved before it existed loads as it was
        times = self.__dict__.get("_last_tagged")
        if times is None:
            times = self.__dict__["_last_tagged"] = {}
        return times

    @staticmethod
    def _check_new_ref(ref: Reference) -> None:
        if ref.familiar_name == "sha256" and ref.digest is None:
            raise InvalidParameter("refusing to create an ambiguous tag using digest algorithm as name")

    @staticmethod
    def _ref_key(ref: Reference) -> Reference:
        # A reference with both tag and digest is recorded by its digest (Docker does the same).
        if ref.digest is not None:
            return ref.with_digest(ref.digest)
        return ref.with_default_tag()

    # -- lookup --------------------------------------------------------------------

    def __contains__(self, image_id: str) -> bool:
        return image_id in self._images

    def __len__(self) -> int:
        return len(self._images)

    def get(self, image_id: str) -> Optional[Image]:
        return self._images.get(image_id)

    def lookup(self, ref_or_id: str) -> Image:
        """Docker's GetImage: a reference first, then a full id, then a unique id prefix."""
        parsed = parse_any(ref_or_id)
        if isinstance(parsed, DigestReference):
            image = self._images.get(parsed.digest)
            if image is None:
                raise NoSuchImage(parsed.digest)
            return image
        key = self._ref_key(parsed)
        image_id = self._refs.get(key)
        if image_id is not None:
            return self._images[image_id]
        image_id = self._search_prefix(ref_or_id)
        if image_id is None:
            raise NoSuchImage(key.familiar())
        return self._images[image_id]

    def _search_prefix(self, term: str) -> Optional[str]:
        """Unique id by prefix ("0a1b", "sha256:0a1b"); None if absent or ambiguous."""
        algorithm, sep, hex_part = term.partition(":")
        if not sep:
            algorithm, hex_part = "", term
        elif algorithm != "sha256":
            return None
        if not hex_part or any(c not in "0123456789abcdef" for c in hex_part):
            return None
        matches = [i for i in self._images if i[7:].startswith(hex_part)]
        return matches[0] if len(matches) == 1 else None

    def references(self, image_id: str) -> List[Reference]:
        """All references naming an image, sorted as Docker's reference store sorts them."""
        return sorted((ref for ref, target in self._refs.items() if target == image_id), key=_sort_key)

    def repository_tags(self, repository: Reference) -> List[Reference]:
        """Every tag of a repository (`save alpine` saves them all), in Docker's order."""
        return sorted((ref for ref in self._refs if ref.digest is None and ref.tag
                       and ref.name == repository.name), key=_sort_key)

    def tagged(self, ref: Reference) -> Optional[str]:
        """The id a tag (or digest) reference points at, if any: no id-prefix search."""
        return self._refs.get(self._ref_key(ref))

    def repo_tags(self, image_id: str) -> List[str]:
        return [ref.familiar() for ref in self.references(image_id) if ref.digest is None]

    def repo_digests(self, image_id: str) -> List[str]:
        return [ref.familiar() for ref in self.references(image_id) if ref.digest is not None]

    def has_chain(self, chain_id: str) -> bool:
        """Whether a layer with this chain id is on disk (pull says "Already exists")."""
        return any(chain_id in image.chain_ids() for image in self._images.values())

    def images(self) -> List[Image]:
        return list(self._images.values())

    def list(self, dangling: Optional[bool] = None) -> List[ImageSummary]:
        """`docker images` rows, newest first; ``dangling`` filters like -f dangling=…."""
        rows = []
        for image_id, image in self._images.items():
            row = ImageSummary(image_id, tuple(self.repo_tags(image_id)),
                               tuple(self.repo_digests(image_id)), image.created, image.size)
            if dangling is None or row.dangling == dangling:
                rows.append(row)
        rows.sort(key=lambda row: (-row.created, row.id))
        return rows

    # -- untag and remove ----------------------------------------------------------

    def untag(self, ref_text: str) -> str:
        """Remove one tag or digest reference; returns Docker's "Untagged: …" text."""
        ref = self._ref_key(parse_normalized(ref_text))
        if ref not in self._refs:
            raise NoSuchImage(ref.familiar())
        del self._refs[ref]
        return f"Untagged: {ref.familiar()}"

    def remove(self, ref_or_id: str, force: bool = False,
               containers: Sequence[ContainerUse] = ()) -> List[str]:
        """`docker rmi`: the lines it prints ("Untagged: …", "Deleted: sha256:…").

        ``containers`` are the containers that exist (running or not); they
        pin the image they use exactly as Docker's conflict checks say.
        """
        image = self.lookup(ref_or_id)
        image_id = image.id
        refs = self.references(image_id)
        users = [c for c in containers if c.image_id == image_id]
        untag: List[Reference] = []

        if not _is_id_prefix(image_id, ref_or_id):
            # A name was given: remove that reference first.
            if not force and _is_single_reference(refs) and users:
                raise Conflict(
                    f'conflict: unable to remove repository reference "{ref_or_id}" (must force) '
                    f"- container {_truncate(users[0].id)} is using its referenced image {_truncate(image_id)}")
            named = self._ref_key(parse_normalized(ref_or_id))
            untag.append(named)
            remaining = [r for r in refs if r != named]
            if named.digest is None and not any(
                    r.digest is None and r.name == named.name for r in remaining):
                # The last tag of a repository takes that repository's digests with it.
                untag += [r for r in remaining if r.digest is not None and r.name == named.name]
                remaining = [r for r in remaining if r not in untag]
            if remaining:
                return self._apply(untag, None, [])
            # Untagging left the image nameless: Docker then deletes it, but
            # quietly keeps it when a container pins it (any container without
            # -f, a running one even with -f).
            if users and (not force or any(c.running for c in users)):
                return self._apply(untag, None, [])
            return self._apply(untag, image, users)

        # An id was given.
        if _is_single_reference(refs):
            conflict = self._conflict(image_id, users, force, check_references=False)
            if conflict:
                raise Conflict(conflict)
            untag += refs
            return self._apply(untag, image, users)
        conflict = self._conflict(image_id, users, force, check_references=bool(refs))
        if conflict:
            raise Conflict(conflict)
        return self._apply(list(refs), image, users)

    @staticmethod
    def _conflict(image_id: str, users: Sequence[ContainerUse], force: bool,
                  check_references: bool) -> Optional[str]:
        """Docker's checkImageDeleteConflict, hard conflicts first."""
        short = _truncate(image_id)
        running = [c for c in users if c.running]
        if running:
            return (f"conflict: unable to delete {short} (cannot be forced) "
                    f"- image is being used by running container {_truncate(running[0].id)}")
        if force:
            return None
        if check_references:
            return (f"conflict: unable to delete {short} (must be forced) "
                    f"- image is referenced in multiple repositories")
        if users:
            return (f"conflict: unable to delete {short} (must be forced) "
                    f"- image is being used by stopped container {_truncate(users[0].id)}")
        return None

    def _apply(self, untag: List[Reference], image: Optional[Image],
               users: Sequence[ContainerUse]) -> List[str]:
        lines = []
        for ref in untag:
            if ref in self._refs:
                del self._refs[ref]
                lines.append(f"Untagged: {ref.familiar()}")
        if image is None:
            return lines
        for ref in self.references(image.id):  # any left (forced removal by id)
            del self._refs[ref]
            lines.append(f"Untagged: {ref.familiar()}")
        del self._images[image.id]
        self.__dict__.get("_last_tagged", {}).pop(image.id, None)  # its metadata goes with it
        lines.append(f"Deleted: {image.id}")
        if users:
            # A container still uses the layers: they stay, silently.
            self._retained[image.id] = image
            return lines
        in_use = self._chains_in_use()
        for chain_id in reversed(image.chain_ids()):
            if chain_id in in_use:
                break  # everything below is shared too
            lines.append(f"Deleted: {chain_id}")
        return lines

    def _chains_in_use(self) -> Set[str]:
        chains: Set[str] = set()
        for image in list(self._images.values()) + list(self._retained.values()):
            chains.update(image.chain_ids())
        return chains

    def release(self, image_id: str) -> None:
        """Forget a force-removed image once its last container is gone."""
        self._retained.pop(image_id, None)


def _is_single_reference(refs: Sequence[Reference]) -> bool:
    """Docker's isSingleReference: at most one tag, and all references in one repository."""
    if len(refs) <= 1:
        return len(refs) == 1
    tags = [r for r in refs if r.digest is None]
    if len(tags) > 1:
        return False
    digest_repos = {r.name for r in refs if r.digest is not None}
    single = tags[0] if tags else refs[0]
    return len(digest_repos) == 1 and single.name in digest_repos
