"""The built-in registry: official-image look-alikes to `docker pull`.

Importing this package builds nothing; each image is made the first time it
is pulled (see catalogue).
"""

from . import catalogue
from .errors import ManifestUnknown, PullAccessDenied, RegistryUnreachable
from .pull import ALREADY_EXISTS, PULL_COMPLETE, LayerPull, PullResult, pull

__all__ = ["catalogue", "pull", "PullResult", "LayerPull", "PULL_COMPLETE", "ALREADY_EXISTS",
           "PullAccessDenied", "ManifestUnknown", "RegistryUnreachable"]
