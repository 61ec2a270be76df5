"""/proc/sys in a container: the kernel parameters a learner looks at, with the values a
Docker container on a 6.8 kernel shows, and what --sysctl set.

Keys are sysctl's dotted names; /proc/sys/net/core/somaxconn is "net.core.somaxconn".
Docker mounts /proc/sys read-only unless the container is privileged.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict

from .. import host

# kernel defaults (what a fresh namespace shows), and what Docker itself sets in a container's
# network namespace: ICMP sockets for all groups, ports below 1024 without CAP_NET_BIND_SERVICE,
# and IPv6 off on networks without it
DEFAULTS = {
    "fs.file-max": "9223372036854775807",  # systemd raises it to LONG_MAX on distribution hosts
    "fs.mqueue.msg_max": "10", "fs.mqueue.msgsize_max": "8192", "fs.mqueue.queues_max": "256",
    "fs.nr_open": "1048576",
    "kernel.msgmax": "8192", "kernel.msgmnb": "16384", "kernel.msgmni": "32000",
    "kernel.ostype": "Linux", "kernel.osrelease": host.KERNEL_RELEASE, "kernel.pid_max": "4194304",
    "kernel.sem": "32000\t1024000000\t500\t32000", "kernel.shm_rmid_forced": "0",
    "kernel.shmall": "18446744073692774399", "kernel.shmmax": "18446744073692774399", "kernel.shmmni": "4096",
    "net.core.somaxconn": "4096",
    "net.ipv4.ip_forward": "1",  # IPv4 settings are inherited from the host, where dockerd enabled it
    "net.ipv4.ip_local_port_range": "32768\t60999",
    "net.ipv4.ip_unprivileged_port_start": "0",
    "net.ipv4.ping_group_range": "0\t2147483647",
    "net.ipv4.tcp_fin_timeout": "60", "net.ipv4.tcp_keepalive_time": "7200", "net.ipv4.tcp_syncookies": "1",
    "net.ipv6.conf.all.disable_ipv6": "1", "net.ipv6.conf.default.disable_ipv6": "1",
    "vm.overcommit_memory": "0", "vm.swappiness": "60",
}
# the keys a container may set (the docker CLI's list): IPC and message queues, and the network
NAMESPACED = ("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall",
              "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced")
NAMESPACED_PREFIXES = ("net.", "fs.mqueue.")


def allowed(key: str) -> bool:
    return key in NAMESPACED or key.startswith(NAMESPACED_PREFIXES)


def values(system) -> Dict[str, str]:
    """Every key's value as the container sees it."""
    container = getattr(system, "container", None)
    config = getattr(container, "config", None)
    result = dict(DEFAULTS)
    memory = getattr(system, "host_memory", 8 << 30)
    result["kernel.threads-max"] = str(memory // 4096 // 32)  # the kernel's default from memory
    # the UTS namespace's name: what sethostname(2) set inside, else the configured one
    result["kernel.hostname"] = getattr(system, "hostname", "") or host.HOST_NAME
    result["kernel.domainname"] = getattr(config, "domainname", "") or "(none)"
    result.update(getattr(getattr(container, "host_config", None), "sysctls", {}) or {})
    result.update(getattr(container, "sysctl_writes", {}) or {})
    return result


def lookup(system, rel: str):
    """("file", value), ("dir", child names) or None for a path under /proc/sys ("" is its root)."""
    table = values(system)
    key = rel.replace("/", ".")
    if rel and key in table:
        return "file", table[key]
    prefix = key + "." if rel else ""
    children = sorted({k[len(prefix):].split(".")[0] for k in table if k.startswith(prefix)})
    return ("dir", children) if children else None


def write(system, rel: str, text: str) -> None:
    """A privileged container's write: the value as the kernel keeps it (one trailing newline off)."""
    key, value = rel.replace("/", "."), text[:-1] if text.endswith("\n") else text
    if key == "kernel.hostname":  # sethostname(2) by another name: the UTS namespace's one name
        system.set_hostname(value)
        return
    system.container.sysctl_writes[key] = value
