"""Images: configs, references, the local store and the built-in registry."""

from .config import ImageConfig
from .image import HistoryEntry, Image
from .reference import InvalidReference, Reference, parse_docker_ref, parse_normalized
from .store import ContainerUse, ImageStore, ImageSummary

__all__ = ["ImageConfig", "HistoryEntry", "Image", "InvalidReference", "Reference", "parse_docker_ref",
           "parse_normalized", "ContainerUse", "ImageStore", "ImageSummary"]
