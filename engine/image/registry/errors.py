"""Errors of the built-in registry, worded as the Docker daemon reports them."""

from __future__ import annotations

from ...errors import EngineError, NotFound


class PullAccessDenied(EngineError):
    """Docker Hub answers the same for a missing repository and a private one."""

    def __init__(self, name: str):
        super().__init__(f"pull access denied for {name}, repository does not exist or may require "
                         f"'docker login': denied: requested access to the resource is denied")
        self.name = name


class ManifestUnknown(NotFound):
    """The repository exists but has no such tag (or digest)."""

    def __init__(self, ref: str):
        super().__init__(f"manifest for {ref} not found: manifest unknown: manifest unknown")
        self.ref = ref


class NoMatchingManifest(NotFound):
    """The tag exists but has no image for this machine's platform (a Windows-only tag)."""

    def __init__(self, platform: str = "linux/amd64"):
        super().__init__(f"no matching manifest for {platform} in the manifest list entries: "
                         "no match for platform in manifest: not found")


class RegistryUnreachable(EngineError):
    """Only Docker Hub is simulated; any other registry cannot be reached."""

    def __init__(self, domain: str):
        scheme = "http" if domain.split(":")[0] in ("localhost", "127.0.0.1") else "https"
        host, _, port = domain.partition(":")
        if scheme == "http":
            detail = f"dial tcp [::1]:{port or 80}: connect: connection refused"
        else:
            detail = f"dial tcp: lookup {host}: no such host"
        super().__init__(f'Get "{scheme}://{domain}/v2/": {detail}')
        self.domain = domain
