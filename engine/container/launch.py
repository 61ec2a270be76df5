"""Finding and starting a container's program, as runc does at `docker start`.

The command is resolved like Go's exec.LookPath inside the container's root:
a name with a "/" is used as a path, anything else is searched in $PATH. The
error texts are those runc returns through containerd, and Docker turns them
into exit statuses 127 (not found) and 126 (cannot execute).
"""

from __future__ import annotations

from typing import Dict, Tuple

from ..errors import ExecError
from ..vfs.entry import FILE
from ..vfs.errno import FSError
from ..vfs.union import UnionFS
from .config import DEFAULT_PATH

RUNC_PREFIX = ("failed to create task for container: failed to create shim task: "
               "OCI runtime create failed: runc create failed: unable to start container "
               "process: error during container init: ")


def _fail(detail: str, status: int) -> ExecError:
    return ExecError(f"{RUNC_PREFIX}{detail}: unknown", status)


def _executable(fs: UnionFS, path: str, cwd: str):
    entry = fs.stat(path, cwd)
    return entry if entry.kind == FILE and entry.mode & 0o111 else None


def look_path(fs: UnionFS, name: str, env: Dict[str, str], cwd: str = "/") -> Tuple[str, object]:
    """The executable that ``name`` runs: (path, entry), or runc's error."""
    if "/" in name:
        try:
            entry = fs.stat(name, cwd)
        except FSError as err:
            raise _fail(f'exec: "{name}": stat {name}: {err.strerror().lower()}', 127) from None
        if entry.kind != FILE or not entry.mode & 0o111:
            raise _fail(f'exec: "{name}": permission denied', 126)
        return name, entry
    for directory in env.get("PATH", DEFAULT_PATH).split(":"):
        candidate = f"{directory or '.'}/{name}"
        try:
            entry = _executable(fs, candidate, cwd)
        except FSError:
            continue
        if entry is not None:
            return candidate, entry
    raise _fail(f'exec: "{name}": executable file not found in $PATH', 127)
