"""Registries reached over the simulated network (a registry:2 container): push, pull,
and the manifests and blobs they exchange. Docker Hub itself stays the built-in one
(image/registry)."""

from .client import RegistryClient, RegistryError
from .pull import pull
from .push import PushError, push
from .sources import LayerSources

__all__ = ["pull", "push", "PushError", "RegistryClient", "RegistryError", "LayerSources"]
