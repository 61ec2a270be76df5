"""overlay2's short names for layer directories: the 26 upper-case characters of
/var/lib/docker/overlay2/l/, which a container's overlay mount names its lower layers by.

Made from the layer's digest (sha256, base32), once per layer: a layer of the built-in
registry's cache (image/registry/image_cache.py) comes with its name, so starting a
container of a kept image imports neither hashlib nor base64.
"""

_known = {}  # layer digest -> its short name


def short_link(digest: str) -> str:
    found = _known.get(digest)
    if found is None:
        import base64
        import hashlib
        found = _known[digest] = base64.b32encode(hashlib.sha256(digest.encode()).digest())[:26].decode()
    return found


def remember(digest: str, link: str) -> None:
    """The name an earlier run made for this layer."""
    _known[digest] = link
