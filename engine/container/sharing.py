"""--pid, --ipc container:ID: the container whose namespace a starting one joins.

The daemon keeps the mode as container:ID (checked at create); at start the container
must still exist and run, else the runtime's spec fails with the daemon's words.
"""

from __future__ import annotations

from ..errors import EngineError


def joined_container(containers, mode: str, kind: str):
    """The running container ``mode`` (container:ID) names; None for the other modes.
    ``kind`` ("PID", "IPC") says whose namespace, for the error."""
    if not mode.startswith("container:"):
        return None
    ref = mode.partition(":")[2]
    target = containers.find(ref)
    if target is None:
        raise EngineError(f"failed to join {kind} namespace: No such container: {ref}")
    if not target.state.running:
        raise EngineError(f"failed to join {kind} namespace: container {ref} is not running")
    return target
