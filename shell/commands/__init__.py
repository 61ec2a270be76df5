"""Every command the shell knows; importing this package registers them all."""

from . import files, images, lifecycle, resources, system, views, dockerfile, network, volume, build, image_commands, prune, lessons, exercises, session_modes, pictures, world, distribution, compose, compose_up, compose_lifecycle, compose_build  # noqa: F401
