"""A container's IPC namespace as Docker sets it up (--ipc, --shm-size): /dev/shm.

Every container but one with --ipc none gets /dev/shm, a tmpfs of --shm-size (64 MiB by
default) that its cgroup is charged for. `private` (the daemon's default) keeps it to
itself; `shareable` lets others join with --ipc container:NAME, who then see the same
files; joining a private one, or one that is not running, is refused at start. `host`
bind-mounts the host's own /dev/shm (systemd's tmpfs, half the memory): every container
with --ipc host shares it, and the host's IPC namespace.
"""

from __future__ import annotations

from ..errors import EngineError, InvalidParameter

SHM_OPTIONS = "rw,nosuid,nodev,noexec,relatime,size={}k,inode64"
HOST_SHM_OPTIONS = "rw,nosuid,nodev,inode64"  # systemd's /dev/shm on the host


def check_ipc_mode(mode: str, shm_size: int) -> str:
    """The daemon's checks at create; the mode as HostConfig.IpcMode keeps it."""
    if shm_size < 0:
        raise InvalidParameter("SHM size can not be less than 0")
    mode = mode or "private"
    if mode not in ("private", "shareable", "none", "host") and not mode.startswith("container:"):
        raise InvalidParameter(f"invalid IPC mode: {mode}")
    return mode


def ipc_donor(container, containers):
    """--ipc container:NAME: the running, shareable container whose /dev/shm it joins
    (checked at start, before anything is set up); None for the other modes."""
    from .sharing import joined_container
    donor = joined_container(containers, container.host_config.ipc_mode, "IPC")
    if donor is None:
        return None
    ref = donor.id
    if donor.host_config.ipc_mode not in ("shareable", "host") or donor.shm is None:
        raise EngineError(f"failed to join IPC namespace: container {ref}: non-shareable IPC "
                          "(hint: use IpcMode:shareable for the donor container)")
    return donor


def mount_shm(container, mounts, now: int, donor, runtime) -> None:
    """Mount /dev/shm for a starting container (before its first process runs)."""
    from ..vfs.entry import directory
    from ..vfs.mounts import Tree
    mode = container.host_config.ipc_mode
    container.shm = None
    if mode == "none":
        return
    if mode == "host" or (donor is not None and donor.host_config.ipc_mode == "host"):
        # the host's tmpfs, bind-mounted: its options, not Docker's
        if runtime.host_shm is None:
            runtime.host_shm = {"": directory(0o1777, mtime=int(runtime.boot_time))}
        container.shm = runtime.host_shm
        mounts.add("/dev/shm", Tree(runtime.host_shm, True, runtime.host_memory // 2), "tmpfs", "tmpfs",
                   HOST_SHM_OPTIONS)
        return
    if donor is not None:
        container.shm, size = donor.shm, donor.host_config.shm_size  # the same tmpfs
    else:
        container.shm, size = {"": directory(0o1777, mtime=now)}, container.host_config.shm_size
    mounts.add("/dev/shm", Tree(container.shm, True, size), "shm", "tmpfs",
               SHM_OPTIONS.format(size // 1024))
