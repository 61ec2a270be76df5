"""/proc/net inside a container: its namespace's devices and their counters, and its
sockets (tcp, udp, raw, unix and their IPv6 files) in the kernel's layout, which is what
netstat and ss read."""

from __future__ import annotations

from typing import List, Optional

from ..vfs.entry import Entry, directory, regular

import itertools

PROC_NET = ("dev", "if_inet6", "raw", "raw6", "tcp", "tcp6", "udp", "udp6", "unix")
# The kernel pads every socket line to a fixed width (seq_setwidth: TMPSZ - 1).
TCP_WIDTH, UDP_WIDTH = 149, 127
TCP_HEADER = ("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
              "timeout inode")
TCP6_HEADER = ("  sl  local_address                         remote_address                        "
               "st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode")
UDP_HEADER = ("   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
              "timeout inode ref pointer drops")
UDP6_HEADER = ("  sl  local_address                         remote_address                        "
               "st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops")
UNIX_HEADER = "Num       RefCount Protocol Flags    Type St Inode Path"
TCP_LISTEN, UDP_UNCONNECTED = 0x0A, 0x07
_INODES = itertools.count(1_048_576)  # socket inode numbers, in the order sockets appear


def socket_inode(listener) -> int:
    """The inode of a listening socket (/proc/net/* and /proc/PID/fd/N -> socket:[N])."""
    if getattr(listener, "inode", None) is None:
        listener.inode = next(_INODES)
    return listener.inode


def _address(listener) -> str:
    """The local address as the kernel prints it: the 32-bit word as read on a
    little-endian machine, then the port (IPv6: four such words)."""
    if listener.family == 6:
        return f"{'0' * 32}:{listener.port:04X}"  # [::] only
    octets = listener.address.to_bytes(4, "big")
    return f"{int.from_bytes(octets, 'little'):08X}:{listener.port:04X}"


def sockets(listeners, proto: str, family: int) -> str:
    """/proc/net/{tcp,udp,raw}[6]: one line per socket of that kind (only listening ones:
    crsim's connections last one exchange). Only the IPv4 tcp and udp files are padded."""
    tcp = proto == "tcp"
    header = {("tcp", 4): TCP_HEADER, ("tcp", 6): TCP6_HEADER, ("udp", 4): UDP_HEADER,
              ("udp", 6): UDP6_HEADER, ("raw", 4): "  " + UDP_HEADER.lstrip(),
              ("raw", 6): UDP6_HEADER}[proto, family]
    width = 0 if family == 6 or proto == "raw" else TCP_WIDTH if tcp else UDP_WIDTH
    lines = [header.ljust(width) + "\n"]
    chosen = [l for l in listeners if l.alive and l.proto == proto and l.family == family]
    remote = f"{'0' * (32 if family == 6 else 8)}:0000"
    for number, listener in enumerate(chosen):
        uid = listener.process.ctx.uid if listener.process is not None else 0
        state = TCP_LISTEN if tcp else UDP_UNCONNECTED
        line = (f"{number:4d}: {_address(listener)} {remote} {state:02X} 00000000:00000000 "
                f"00:00000000 00000000 {uid:5d} {0:8d} {socket_inode(listener)} ")
        line += "1 0000000000000000 100 0 0 10 0" if tcp else "2 0000000000000000 0"
        lines.append((f"{number:5d}" + line[4:] if not tcp and family == 4 else line)
                     .ljust(width) + "\n")
    return "".join(lines)


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
    name = parts[0]
    if name in ("dev", "if_inet6"):
        interfaces = system.network.interfaces()
        text = dev(interfaces) if name == "dev" else if_inet6(interfaces)
    elif name == "unix":
        text = UNIX_HEADER + "\n"
    elif name.startswith("raw"):
        text = sockets([], "raw", 6 if name.endswith("6") else 4)
    else:
        listeners = list(system.network.ns.listeners)
        text = sockets(listeners, name[:3], 6 if name.endswith("6") else 4)
    return regular(text.encode(), 0o444, mtime=now)


__all__ = ["PROC_NET", "proc_net_entry", "dev", "if_inet6", "sockets", "socket_inode"]
