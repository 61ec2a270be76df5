"""/proc/net inside a container: its namespace's devices and their counters."""

from __future__ import annotations

from typing import List, Optional

from ..vfs.entry import Entry, directory, regular

PROC_NET = ("dev", "if_inet6")


def dev(interfaces) -> str:
    """/proc/net/dev, in the kernel's layout (dev_seq_printf_stats)."""
    lines = ["Inter-|   Receive                                                |  Transmit\n",
             " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets "
             "errs drop fifo colls carrier compressed\n"]
    for i in interfaces:
        lines.append(f"{i.name:>6}: {i.rx_bytes:7d} {i.rx_packets:7d} {0:4d} {0:4d} {0:4d} "
                     f"{0:5d} {0:10d} {0:9d} {i.tx_bytes:8d} {i.tx_packets:7d} {0:4d} {0:4d} "
                     f"{0:4d} {0:5d} {0:7d} {0:10d}\n")
    return "".join(lines)


def if_inet6(interfaces) -> str:
    """IPv6 addresses: only lo's ::1 (Docker turns IPv6 off on IPv4-only interfaces)."""
    rows = []
    for i in interfaces:
        if i.kind == "loopback":
            rows.append(f"{'0' * 31}1 {i.index:02x} 80 10 80 {i.name:>8}\n")
    return "".join(rows)


def proc_net_entry(system, parts: List[str], now: int) -> Optional[Entry]:
    if not parts:
        return directory(0o555, mtime=now)
    if len(parts) != 1 or parts[0] not in PROC_NET:
        return None
    interfaces = system.network.interfaces()
    text = dev(interfaces) if parts[0] == "dev" else if_inet6(interfaces)
    return regular(text.encode(), 0o444, mtime=now)


__all__ = ["PROC_NET", "proc_net_entry", "dev", "if_inet6"]
