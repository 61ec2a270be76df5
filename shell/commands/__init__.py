"""Every command the shell knows, by the module that declares it.

Importing this package imports none of them: shell/command_table.py reads their
declarations from a cache and imports a module when one of its commands runs.
A new command module is one more name here (its `@command` handlers must be
module-level functions).
"""

MODULES = tuple(f"{__name__}.{name}" for name in (
    "files", "images", "lifecycle", "resources", "system", "views", "dockerfile", "network",
    "volume", "build", "image_commands", "prune", "lessons", "exercises", "session_modes",
    "pictures", "world", "distribution"))
