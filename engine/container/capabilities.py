"""Linux capabilities of a container's processes: Docker's default set, --cap-add,
--cap-drop and --privileged, as CapPrm/CapEff/CapBnd in /proc/PID/status show them
and as the programs that need one (chown: CAP_CHOWN, ping: CAP_NET_RAW) check them."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Iterable

from ..errors import InvalidParameter
from ..host import DEFAULT_CAPABILITIES

# capability numbers of linux/capability.h (kernel 6.8: CAP_CHECKPOINT_RESTORE = 40 is the last)
NAMES = ("CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID",
         "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW",
         "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT",
         "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD",
         "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG",
         "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE")
CHOWN, NET_RAW, SYS_RESOURCE = NAMES.index("CHOWN"), NAMES.index("NET_RAW"), NAMES.index("SYS_RESOURCE")
SYS_ADMIN = NAMES.index("SYS_ADMIN")
ALL = (1 << len(NAMES)) - 1
DEFAULT = DEFAULT_CAPABILITIES  # Docker's default set: CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID ...


def _bits(names: Iterable[str]) -> int:
    mask = 0
    for raw in names:
        name = raw.upper()
        name = name[4:] if name.startswith("CAP_") else name
        if name == "ALL":
            mask |= ALL
        elif name in NAMES:
            mask |= 1 << NAMES.index(name)
        else:
            raise InvalidParameter(f'invalid CapAdd: unknown capability: "CAP_{name}"')
    return mask


def effective(add: Iterable[str] = (), drop: Iterable[str] = (), privileged: bool = False) -> int:
    """The set a container's processes run with (drop wins over the default, add over drop)."""
    if privileged:
        return ALL
    return (DEFAULT & ~_bits(drop)) | _bits(add)


def has(ctx, capability: int) -> bool:
    """Whether the process's container grants ``capability`` (a process outside one has all)."""
    container = getattr(ctx.system, "container", None)
    mask = getattr(getattr(container, "host_config", None), "capabilities", DEFAULT)
    return bool(mask >> capability & 1)
