"""Image references ("alpine", "nginx:1.29", "localhost:5000/team/app@sha256:…").

The grammar and the normalisation follow Docker's distribution/reference
package, so the same strings are accepted or refused with the same messages:
a name without a registry host belongs to docker.io, a one-part Docker Hub
name lives under "library/", and a missing tag means "latest" where Docker
adds it (pull, run, create, tag).
"""

from __future__ import annotations


TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Optional, Union

from ..errors import InvalidParameter
from ..lazy import LazyPattern
from ..record import record

DEFAULT_DOMAIN = "docker.io"
LEGACY_DEFAULT_DOMAIN = "index.docker.io"
OFFICIAL_REPO_PREFIX = "library/"
DEFAULT_TAG = "latest"
NAME_TOTAL_LENGTH_MAX = 255

_ALNUM = r"[a-z0-9]+"
_SEPARATOR = r"(?:[._]|__|[-]+)"
_PATH_COMPONENT = rf"{_ALNUM}(?:{_SEPARATOR}{_ALNUM})*"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_HOST = rf"(?:{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*|\[(?:[a-fA-F0-9:]+)\])"
_DOMAIN_AND_PORT = rf"{_HOST}(?::[0-9]+)?"
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}"
_NAME = rf"(?:{_DOMAIN_AND_PORT}/)?{_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*"

# (compiled by their first use: an official image's plain name needs none of them)
REFERENCE_RE = LazyPattern(rf"(?a)^({_NAME})(?::({_TAG}))?(?:@({_DIGEST}))?$")
_LOWER_HEX = frozenset("0123456789abcdef")
_LOWER_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_ALGORITHM_SEPARATORS = frozenset(".+_-")
_ENCODED = _LOWER_ALNUM | frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ=_-")
_TAG_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")

# Hex lengths of the digest algorithms go-digest knows.
_DIGEST_HEX_LENGTHS = {"sha256": 64, "sha384": 96, "sha512": 128}


class InvalidReference(InvalidParameter):
    """A reference Docker refuses; the message is Docker's."""


def _digest_shaped(algorithm: str, encoded: str) -> bool:
    """go-digest's anchored grammar: the algorithm's [a-z0-9]+ parts joined by single
    ".+_-", and an encoded part of [a-zA-Z0-9=_-]+. (Read without re: every lookup of
    "alpine:latest" asks, as parse_any tries a digest first.)"""
    after_separator = True  # (the algorithm may neither start nor end with one)
    for c in algorithm:
        if c in _ALGORITHM_SEPARATORS and not after_separator:
            after_separator = True
        elif c in _LOWER_ALNUM:
            after_separator = False
        else:
            return False
    return not after_separator and bool(encoded) and _ENCODED.issuperset(encoded)


def _validate_digest(digest: str) -> None:
    """go-digest's Digest.Validate, with its error texts."""
    algorithm, sep, hex_part = digest.partition(":")
    if not algorithm or not sep or not hex_part:
        raise InvalidReference("invalid checksum digest format")
    if algorithm not in _DIGEST_HEX_LENGTHS:
        if not _digest_shaped(algorithm, hex_part):
            raise InvalidReference("invalid checksum digest format")
        raise InvalidReference("unsupported digest algorithm")
    if len(hex_part) != _DIGEST_HEX_LENGTHS[algorithm]:
        raise InvalidReference("invalid checksum digest length")
    if not _LOWER_HEX.issuperset(hex_part):
        raise InvalidReference("invalid checksum digest format")


@record(frozen=True)
class Reference:
    """A normalised named reference: domain + path, optional tag and digest."""

    domain: str
    path: str
    tag: Optional[str] = None
    digest: Optional[str] = None

    @property
    def name(self) -> str:
        """Fully qualified repository name: "docker.io/library/alpine"."""
        return f"{self.domain}/{self.path}"

    @property
    def familiar_name(self) -> str:
        """The short name Docker prints: "alpine", "user/app", "localhost:5000/app"."""
        if self.domain != DEFAULT_DOMAIN:
            return self.name
        rest = self.path[len(OFFICIAL_REPO_PREFIX):]
        if self.path.startswith(OFFICIAL_REPO_PREFIX) and "/" not in rest:
            return rest
        return self.path

    def _suffix(self) -> str:
        return (f":{self.tag}" if self.tag else "") + (f"@{self.digest}" if self.digest else "")

    def __str__(self) -> str:
        return self.name + self._suffix()

    def familiar(self) -> str:
        """Docker's FamiliarString: "alpine:latest", "alpine@sha256:…"."""
        return self.familiar_name + self._suffix()

    @property
    def is_docker_hub(self) -> bool:
        return self.domain == DEFAULT_DOMAIN

    def with_default_tag(self) -> "Reference":
        """Docker's TagNameOnly: add ":latest" when there is neither tag nor digest."""
        if self.tag is None and self.digest is None:
            return Reference(self.domain, self.path, DEFAULT_TAG, None)
        return self

    def with_tag(self, tag: str) -> "Reference":
        return Reference(self.domain, self.path, tag, None)

    def with_digest(self, digest: str) -> "Reference":
        return Reference(self.domain, self.path, None, digest)

    def repository(self) -> "Reference":
        return Reference(self.domain, self.path)


def _split_docker_domain(name: str):
    first, slash, rest = name.partition("/")
    if not slash:
        return DEFAULT_DOMAIN, OFFICIAL_REPO_PREFIX + name
    if first == "localhost":
        domain, remainder = first, rest
    elif first == LEGACY_DEFAULT_DOMAIN:
        domain, remainder = DEFAULT_DOMAIN, rest
    elif any(ch in first for ch in ".:"):
        domain, remainder = first, rest
    elif first.lower() != first:
        # Namespaces are lowercase, so an uppercase first part must be a host.
        domain, remainder = first, rest
    else:
        domain, remainder = DEFAULT_DOMAIN, name
    if domain == DEFAULT_DOMAIN and "/" not in remainder:
        remainder = OFFICIAL_REPO_PREFIX + remainder
    return domain, remainder


def _parse_full(text: str) -> Reference:
    """distribution/reference.Parse on an already domain-qualified string."""
    match = REFERENCE_RE.match(text)
    if match is None:
        if not text:
            raise InvalidReference("repository name must have at least one component")
        if REFERENCE_RE.match(text.lower()):
            raise InvalidReference("repository name must be lowercase")
        raise InvalidReference("invalid reference format")
    name, tag, digest = match.groups()
    if len(name) > NAME_TOTAL_LENGTH_MAX:
        raise InvalidReference(f"repository name must not be more than {NAME_TOTAL_LENGTH_MAX} characters")
    if digest:
        _validate_digest(digest)
    domain, _, path = name.partition("/")
    return Reference(domain, path, tag, digest)


def _official_plain(text: str) -> Optional[Reference]:
    """What the grammar makes of an official image's plain name, lowercase letters and
    digits with an optional tag ("alpine", "nginx:1.29"), found without it; None for any
    other text (a 64-digit hex name included), which the grammar reads."""
    name, colon, tag = text.partition(":")
    if not (name.isascii() and name.isalnum() and (name.islower() or name.isdigit())):
        return None
    if len(name) == 64 or len(OFFICIAL_REPO_PREFIX + name) + len(DEFAULT_DOMAIN) + 1 > NAME_TOTAL_LENGTH_MAX:
        return None
    if colon and not (0 < len(tag) <= 128 and tag[0] not in ".-" and _TAG_CHARACTERS.issuperset(tag)):
        return None
    return Reference(DEFAULT_DOMAIN, OFFICIAL_REPO_PREFIX + name, tag if colon else None)


def parse_normalized(text: str) -> Reference:
    """Docker's ParseNormalizedNamed: "alpine" -> docker.io/library/alpine."""
    plain = _official_plain(text)
    return plain if plain is not None else _normalized_by_grammar(text)


def _is_full_id(text: str) -> bool:
    """64 lowercase hex digits: an image's whole id (without the grammar, which is only
    compiled for a name that needs it)."""
    return len(text) == 64 and _LOWER_HEX.issuperset(text)


def _normalized_by_grammar(text: str) -> Reference:
    if _is_full_id(text):
        raise InvalidReference(
            f"invalid repository name ({text}), cannot specify 64-byte hexadecimal strings")
    domain, remainder = _split_docker_domain(text)
    remote = remainder.split(":", 1)[0]
    if remote.lower() != remote:
        raise InvalidReference(
            f"invalid reference format: repository name ({remote}) must be lowercase")
    return _parse_full(f"{domain}/{remainder}")


def parse_docker_ref(text: str) -> Reference:
    """What pull/run/create use: normalised, ":latest" added when no tag or digest."""
    return parse_normalized(text).with_default_tag()


@record(frozen=True)
class DigestReference:
    """A bare image id or "sha256:<hex>": names an image, not a repository."""

    digest: str

    def familiar(self) -> str:
        return self.digest

    def __str__(self) -> str:
        return self.digest


def parse_any(text: str) -> Union[Reference, DigestReference]:
    """Docker's ParseAnyReference: a full id (with or without "sha256:") or a name."""
    if _is_full_id(text):
        return DigestReference("sha256:" + text)
    try:
        _validate_digest(text)
    except InvalidReference:
        return parse_normalized(text)
    return DigestReference(text)
