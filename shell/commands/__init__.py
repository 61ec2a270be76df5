"""Every command the shell knows, by the module that declares it.

Importing this package imports none of them: shell/command_table.py reads their
declarations from a cache and imports a module when one of its commands runs.
A new command module is one more name in ``MODULES`` (its full dotted name), and
nothing imports it at start: not this package, not shell/main.py or session.py
(tests/shell/test_start_imports.py fails if a start loads it).
"""

MODULES = tuple(f"{__name__}.{name}" for name in (
    "files", "images", "lifecycle", "resources", "about", "system", "views", "dockerfile", "network",
    "volume", "build", "image_commands", "prune", "lessons", "exercises", "session_modes",
    "pictures", "world", "distribution", "compose", "compose_up", "compose_lifecycle",
    "compose_build", "compose_watch")) + (
    # modules outside this package, by their full name ("shell.compose.commands")
)
