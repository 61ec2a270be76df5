"""Registries reached over the simulated network (a registry:2 container): push, pull,
and the manifests and blobs they exchange. Docker Hub itself stays the built-in one
(image/registry)."""

from .client import RegistryClient, RegistryError
from .pull import fetch_manifest, pull
from .push import PushError, push
from .sources import LayerSources

__all__ = ["pull", "fetch_manifest", "push", "PushError", "RegistryClient", "RegistryError", "LayerSources"]
