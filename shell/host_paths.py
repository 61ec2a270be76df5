"""The host paths a session may touch: everywhere, or only below its sandbox.

`crsim-shell --sandbox DIR` confines every host path the session reads or writes —
bind mounts' sources (checked by the engine, Engine(host_root=DIR)), build contexts and
Dockerfiles, `cp` sources and targets, `export -o`, `--env-file` — to DIR, for a shared
classroom machine. A path is judged after symlinks are resolved, so a link inside DIR
that points outside does not get out.
"""

from __future__ import annotations

import os

from .parser import UsageError


def confine(engine, path: str) -> str:
    """``path`` as given, once it is known to lie inside the sandbox (if there is one)."""
    root = getattr(engine, "host_root", "")
    if not root:
        return path
    real = os.path.realpath(path)
    if real != root and not real.startswith(root.rstrip("/") + "/"):
        raise UsageError(f"{path}: outside the sandbox {root} (crsim-shell --sandbox): not touched", 1)
    return path
