"""A container's IPC namespace as Docker sets it up (--ipc, --shm-size): /dev/shm.

Every container but one with --ipc none gets /dev/shm, a tmpfs of --shm-size (64 MiB by
default) that its cgroup is charged for. `private` (the daemon's default) keeps it to
itself; `shareable` lets others join with --ipc container:NAME, who then see the same
files; joining a private one, or one that is not running, is refused at start.
"""

from __future__ import annotations

from ..errors import Conflict, InvalidParameter, NotFound

SHM_OPTIONS = "rw,nosuid,nodev,noexec,relatime,size={}k,inode64"


def check_ipc_mode(mode: str, shm_size: int) -> str:
    """The daemon's checks at create; the mode as HostConfig.IpcMode keeps it."""
    if shm_size < 0:
        raise InvalidParameter("SHM size can not be less than 0")
    mode = mode or "private"
    if mode == "host":
        raise InvalidParameter("crsim does not simulate --ipc host")
    if mode not in ("private", "shareable", "none") and not mode.startswith("container:"):
        raise InvalidParameter(f"invalid IPC mode: {mode}")
    return mode


def ipc_donor(container, containers):
    """--ipc container:NAME: the running, shareable container whose /dev/shm it joins
    (checked at start, before anything is set up); None for the other modes."""
    mode = container.host_config.ipc_mode
    if not mode.startswith("container:"):
        return None
    ref = mode.partition(":")[2]
    donor = containers.find(ref)
    if donor is None:
        raise NotFound(f"No such container: {ref}")
    if not donor.state.running:
        raise Conflict(f"container {donor.id} is not running")
    if donor.host_config.ipc_mode != "shareable" or donor.shm is None:
        raise InvalidParameter(f"container {ref}: non-shareable IPC (hint: use "
                               "IpcMode:shareable for the donor container)")
    return donor


def mount_shm(container, mounts, now: int, donor) -> None:
    """Mount /dev/shm for a starting container (before its first process runs)."""
    from ..vfs.entry import directory
    from ..vfs.mounts import Tree
    mode = container.host_config.ipc_mode
    container.shm = None
    if mode == "none":
        return
    if donor is not None:
        container.shm, size = donor.shm, donor.host_config.shm_size  # the same tmpfs
    else:
        container.shm, size = {"": directory(0o1777, mtime=now)}, container.host_config.shm_size
    mounts.add("/dev/shm", Tree(container.shm, True, size), "shm", "tmpfs",
               SHM_OPTIONS.format(size // 1024))
