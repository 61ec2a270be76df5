"""--pid, --ipc container:NAME: the container whose namespace another one joins.

At create the daemon (daemon_unix.go adaptSharedNamespaceContainer) keeps a mode that
names an existing container as container:ID, so a rename does not break the sharing, and
leaves a name it cannot find as it is. Its SELinux step (create.go generateSecurityOpt)
then looks the --ipc container up, then the --pid one, and fails with "No such container"
for a missing one; it skips both look-ups when a `label=` security option is given, or
--ipc host, --pid host or --privileged: the missing container is found out at start.
At start the container must exist and run (IPC checked before PID, as the daemon sets up
/dev/shm before it writes the runtime's spec), else the daemon's "failed to join ...".
"""

from __future__ import annotations

from ..errors import EngineError, InvalidParameter

PREFIX = "container:"


def _named(containers, mode: str):
    """(the name or ID after container:, the container it finds or None); None for the
    modes that name no container."""
    if not mode.startswith(PREFIX):
        return None
    ref = mode[len(PREFIX):]
    return ref, containers.find(ref)


def _not_found(ref: str) -> str:
    """The daemon's GetContainer error for a name or ID it cannot find."""
    return f"No such container: {ref}" if ref else 'invalid name or ID supplied: ""'


def modes_at_create(containers, ipc_mode: str, pid_mode: str, privileged: bool,
                    security_opt) -> tuple:
    """(ipc_mode, pid_mode) as HostConfig keeps them; InvalidParameter in the daemon's
    words when it looks a joined container up and does not find it."""
    looked_up = not (privileged or "host" in (ipc_mode, pid_mode)
                     or any(opt.split("=")[0] == "label" for opt in security_opt))
    kept = []
    for mode in (ipc_mode, pid_mode):  # the daemon's order: IPC, then PID
        named = _named(containers, mode)
        if named is not None and named[1] is not None:
            mode = PREFIX + named[1].id
        elif named is not None and looked_up:
            raise InvalidParameter(_not_found(named[0]))
        kept.append(mode)
    return tuple(kept)


def joined_container(containers, mode: str, kind: str):
    """The running container ``mode`` (container:ID) names; None for the other modes.
    ``kind`` ("PID", "IPC") says whose namespace, for the error."""
    named = _named(containers, mode)
    if named is None:
        return None
    ref, target = named
    if target is None:
        raise EngineError(f"failed to join {kind} namespace: {_not_found(ref)}")
    if not target.state.running:
        raise EngineError(f"failed to join {kind} namespace: container {ref} is not running")
    return target
