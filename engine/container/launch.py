"""Finding and starting a container's program, as runc does at `docker start`.

The command is resolved like Go's exec.LookPath inside the container's root:
a name with a "/" is used as a path, anything else is searched in $PATH. The
error texts are those runc returns through containerd, and Docker turns them
into exit statuses 127 (not found) and 126 (cannot execute).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, Tuple

from ..errors import ExecError
from ..proc.exec_search import find_executable
from ..vfs.errno import EACCES, FSError
from ..vfs.union import UnionFS

RUNC_PREFIX = ("failed to create task for container: failed to create shim task: "
               "OCI runtime create failed: runc create failed: unable to start container "
               "process: error during container init: ")


def _fail(detail: str, status: int) -> ExecError:
    return ExecError(f"{RUNC_PREFIX}{detail}: unknown", status)


def check_sysctls(sysctls: Dict[str, str], network_mode: str) -> None:
    """runc's validation of the spec: a container sharing the host's network may not set its
    net.* parameters (they would change the host's)."""
    for key in sysctls:
        if key.startswith("net.") and network_mode == "host":
            raise ExecError("failed to create task for container: failed to create shim task: OCI runtime "
                            f'create failed: runc create failed: sysctl "{key}" not allowed in host network '
                            "namespace: unknown", 125)


def check_init(fs: UnionFS, user: str, cwd: str, group_add=()) -> None:
    """What runc's init checks before the program: the user exists in the container's
    passwd (a numeric uid needs no entry), each --group-add group in its group file,
    the working directory is a directory."""
    if user:
        from ..userland.accounts.db import identity
        name = user.split(":", 1)[0]
        if not name.isdigit() and identity(fs, user) is None:
            raise _fail(f"unable to find user {name}: no matching entries in passwd file", 125)
    if group_add:
        from ..userland.accounts.db import AccountDB
        db = AccountDB(fs)
        for group in group_add:
            if not group.isdigit() and db.group_named(group) is None:
                raise _fail(f"unable to find group {group}: no matching entries in group file",
                            125)
    if cwd and cwd != "/":
        try:
            entry = fs.stat(cwd)
        except FSError:
            return  # runc creates a missing working directory
        if entry.kind != "dir":
            raise _fail(f'chdir to cwd ("{cwd}") set in config.json failed: not a directory', 125)


def look_path(fs: UnionFS, name: str, env: Dict[str, str], cwd: str = "/") -> Tuple[str, object]:
    """The executable that ``name`` runs: (path, entry), or runc's error.

    The search is the kernel's (``exec_search.find_executable``); what differs is the wording:
    Go's LookPath says "not found in $PATH" for a bare name even when a file
    without execute permission was found on the way.
    """
    try:
        return find_executable(fs, name, env, cwd)
    except FSError as err:
        if "/" not in name:
            raise _fail(f'exec: "{name}": executable file not found in $PATH', 127) from None
        if err.errno == EACCES:
            raise _fail(f'exec: "{name}": permission denied', 126) from None
        raise _fail(f'exec: "{name}": stat {name}: {err.strerror().lower()}', 127) from None
