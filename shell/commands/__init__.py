"""Every command the shell knows; importing this package registers them all."""

from . import files, images, lifecycle, system, views  # noqa: F401
