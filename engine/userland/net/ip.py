"""ip (iproute2 and BusyBox) and ifconfig (net-tools and BusyBox).

Both `ip`s read the same netlink answers, so the information is the same;
what differs is the layout: iproute2 prints "group default" and
"link-netnsid", BusyBox adds ",M-DOWN" to a veth whose peer lives in another
namespace (it cannot find that peer) and names it "@ifN". BusyBox's ifconfig
is the classic net-tools 1.60 layout; net-tools 2.10 (Debian's) is the newer
"flags=4163<UP,...>" one.
"""

from __future__ import annotations

from typing import List, Optional

from ...network.addresses import Subnet, int_to_ip
from ...proc.api import Context, program
from ..options import busybox_banner

IFF = {"UP": 0x1, "BROADCAST": 0x2, "LOOPBACK": 0x8, "RUNNING": 0x40, "MULTICAST": 0x1000}
HOST_LEASE = 86321  # seconds left on the simulated host's DHCP lease


# -- what the kernel says about a device ------------------------------------------
def flags(interface) -> List[str]:
    names = []
    if interface.kind == "loopback":
        names.append("LOOPBACK")
    else:
        names += ["BROADCAST", "MULTICAST"]
    if interface.up:
        names.append("UP")
    if interface.up and interface.lower_up:
        names.append("LOWER_UP")
    return names


def flag_bits(interface) -> int:
    bits = IFF["UP"] if interface.up else 0
    if interface.kind == "loopback":
        bits |= IFF["LOOPBACK"]
    else:
        bits |= IFF["BROADCAST"] | IFF["MULTICAST"]
    if interface.up and interface.lower_up:
        bits |= IFF["RUNNING"]
    return bits


def operstate(interface) -> str:
    if interface.kind == "loopback":
        return "UNKNOWN"
    if not interface.up:
        return "DOWN"
    return "UP" if interface.lower_up else "DOWN"


def qdisc(interface) -> str:
    return "fq_codel" if interface.kind == "ether" else "noqueue"


def link_type(interface) -> str:
    return "loopback" if interface.kind == "loopback" else "ether"


def broadcast_mac(interface) -> str:
    return "00:00:00:00:00:00" if interface.kind == "loopback" else "ff:ff:ff:ff:ff:ff"


def netnsid(interface) -> Optional[int]:
    """The id the peer's namespace has from this one (the host is 0 for a container)."""
    peer = interface.peer
    if peer is None or peer.ns is interface.ns:
        return None
    if not interface.ns.host:
        return 0
    others = []
    for candidate in interface.ns.interfaces:
        if candidate.peer is not None and candidate.peer.ns not in others:
            others.append(candidate.peer.ns)
    return others.index(peer.ns)


def addresses(interface):
    """(family, text, prefix, broadcast, scope, label) for each address, IPv4 then IPv6."""
    rows = []
    for address, prefix in interface.addresses:
        subnet = Subnet(address & Subnet.mask_of(prefix), prefix)
        scope = "host" if interface.kind == "loopback" else "global"
        brd = int_to_ip(subnet.broadcast) if interface.kind != "loopback" else ""
        rows.append(("inet", int_to_ip(address), prefix, brd, scope, interface.name))
    if interface.kind == "loopback":
        rows.append(("inet6", "::1", 128, "", "host", ""))
    elif interface.kind == "ether":
        rows.append(("inet6", link_local(interface.mac), 64, "", "link", ""))
    return rows


def link_local(mac: str) -> str:
    octets = [int(x, 16) for x in mac.split(":")]
    octets[0] ^= 0x02
    words = [(octets[0] << 8) | octets[1], (octets[2] << 8) | 0xFF,
             (0xFE << 8) | octets[3], (octets[4] << 8) | octets[5]]
    return "fe80::" + ":".join(f"{w:x}" for w in words)


# -- ip ---------------------------------------------------------------------------------
def link_line(interface, flavour: str, with_mode: bool) -> str:
    name = interface.name
    mdown = False
    if interface.peer is not None:
        peer = interface.peer
        if peer.ns is interface.ns:
            name += f"@{peer.name}"
        elif flavour == "gnu":
            name += f"@if{peer.index}"  # IFLA_LINK_NETNSID: the peer is in another namespace
        else:
            # BusyBox looks the peer's index up in its own namespace: another device may
            # have that number; if none does it prints ifN and takes the peer to be down.
            namesake = interface.ns.by_index(peer.index)
            name += f"@{namesake.name}" if namesake is not None else f"@if{peer.index}"
            mdown = namesake is None or not namesake.up
    shown = flags(interface)
    if interface.up and not interface.lower_up:
        shown = ["NO-CARRIER"] + shown
    flag_text = ",".join(shown) + (",M-DOWN" if mdown else "")
    text = f"{interface.index}: {name}: <{flag_text}> mtu {interface.mtu} qdisc {qdisc(interface)} "
    if interface.master is not None:
        text += f"master {interface.master.name} "
    text += f"state {operstate(interface)} "
    if flavour == "gnu":
        if with_mode:
            text += "mode DEFAULT "
        text += "group default "
    if interface.txqlen:
        text += f"qlen {interface.txqlen}"
    text += f"\n    link/{link_type(interface)} {interface.mac} brd {broadcast_mac(interface)}"
    nsid = netnsid(interface)
    if flavour == "gnu" and nsid is not None:
        text += f" link-netnsid {nsid}"
    return text + "\n"


def address_lines(interface, flavour: str, family: str = "") -> str:
    out = []
    for fam, address, prefix, brd, scope, label in addresses(interface):
        if family and fam != family:
            continue
        line = f"    {fam} {address}/{prefix} "
        if brd:
            line += f"brd {brd} "
        line += f"scope {scope} "
        if interface.kind == "ether" and fam == "inet":
            line += "dynamic "
        if fam == "inet6" and scope == "host" and flavour == "gnu":
            line += "noprefixroute "
        if label:
            line += f"{label}"
        out.append(line)
        lifetime = f"{HOST_LEASE}sec" if interface.kind == "ether" and fam == "inet" else "forever"
        out.append(f"       valid_lft {lifetime} preferred_lft {lifetime}")
    return "".join(line + "\n" for line in out)


def route_lines(routes, flavour: str, interfaces) -> str:
    lines = []
    for route in routes:
        dst = "default" if route.dst is None else str(route.dst)
        text = f"{dst} "
        if route.via is not None:
            text += f"via {int_to_ip(route.via)} "
        text += f"dev {route.dev} "
        if flavour == "gnu":
            if route.proto:
                text += f"proto {route.proto} "
            if route.scope:
                text += f"scope {route.scope} "
            if route.src is not None:
                text += f"src {int_to_ip(route.src)} "
            if route.metric is not None:
                text += f"metric {route.metric} "
            device = next((i for i in interfaces if i.name == route.dev), None)
            if device is not None and not device.lower_up and device.kind == "bridge":
                text += "linkdown "
        else:
            if route.scope:
                text += f"scope {route.scope} "
            if route.src is not None:
                text += f" src {int_to_ip(route.src)} "
            if route.metric is not None:
                text += f" metric {route.metric} "
        lines.append(text)
    return "".join(line + "\n" for line in lines)


OBJECTS = {"address": "addr", "addr": "addr", "a": "addr", "link": "link", "l": "link",
           "route": "route", "r": "route", "ro": "route", "rou": "route", "neighbour": "neigh",
           "neigh": "neigh", "n": "neigh"}


@program("ip", "ipaddr", "iplink", "iproute")
def ip(ctx: Context) -> int:
    args = list(ctx.argv[1:])
    applet = ctx.name
    if applet in ("ipaddr", "iplink", "iproute"):
        args = [applet[2:]] + args
    family = ""
    while args and args[0].startswith("-") and args[0] != "-":
        option = args.pop(0)
        if option in ("-4",):
            family = "inet"
        elif option in ("-6",):
            family = "inet6"
        elif option in ("-h", "-help", "--help") and ctx.flavour == "busybox":
            return _ip_usage(ctx, to_stdout=option == "--help")
        elif option in ("-V", "-Version") and ctx.flavour == "gnu":
            ctx.out("ip utility, iproute2-6.15.0, libbpf 1.5.0\n")
            return 0
        elif ctx.flavour == "gnu" and option not in ("-d", "-details", "-c", "-color"):
            ctx.stderr.write(f'Option "{option}" is unknown, try "ip -help".\n')
            return 255
    if not args:
        if ctx.flavour == "busybox":
            return _ip_usage(ctx)
        ctx.stderr.write(_GNU_USAGE)
        return 255
    obj = OBJECTS.get(args[0])
    rest = args[1:]
    if obj is None:
        if ctx.flavour == "busybox":
            return _ip_usage(ctx)
        ctx.stderr.write(f'Object "{args[0]}" is unknown, try "ip help".\n')
        return 255
    stack = ctx.system.network
    interfaces = stack.interfaces()
    if rest and rest[0] in ("show", "list", "sh", "s", "lst"):
        rest = rest[1:]
    dev = None
    if rest:
        name = rest[1] if rest[0] == "dev" and len(rest) > 1 else rest[0]
        dev = next((i for i in interfaces if i.name == name), None)
        if dev is None and obj in ("addr", "link"):
            if ctx.flavour == "busybox":
                ctx.error(f"can't find device '{name}'")
                return 1
            ctx.stderr.write(f'Device "{name}" does not exist.\n')
            return 1
        if obj == "route" and rest[0] not in ("dev",):
            dev = None
    if obj == "route":
        routes = stack.routes()
        if dev is not None:
            routes = [r for r in routes if r.dev == dev.name]
        ctx.out(route_lines(routes, ctx.flavour, interfaces))
        return 0
    if obj == "neigh":
        return 0
    shown = [dev] if dev is not None else interfaces
    for interface in shown:
        ctx.out(link_line(interface, ctx.flavour, with_mode=obj == "link"))
        if obj == "addr":
            ctx.out(address_lines(interface, ctx.flavour, family))
    return 0


_GNU_USAGE = """Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | addrlabel | fou | help | ila | ioam | l2tp | link |
                   macsec | maddress | monitor | mptcp | mroute | mrule |
                   neighbor | neighbour | netconf | netns | nexthop | ntable |
                   ntbl | route | rule | sr | stats | tap | tcpmetrics |
                   token | tunnel | tuntap | vrf | xfrm }
"""


def _ip_usage(ctx: Context, to_stdout: bool = False) -> int:
    text = (f"{busybox_banner(ctx)}\n\nUsage: ip [OPTIONS] address|route|link|tunnel|neigh|rule "
            f"[ARGS]\n\nOPTIONS := -f[amily] inet|inet6|link | -o[neline]\n\n"
            f"ip addr add|del IFADDR dev IFACE | show|flush [dev IFACE] [to PREFIX]\n"
            f"ip route list|flush|add|del|change|append|replace|test ROUTE\n"
            f"ip link set IFACE [up|down] [arp on|off] [multicast on|off]\n"
            f"\t[promisc on|off] [mtu NUM] [name NAME] [qlen NUM] [address MAC]\n"
            f"\t[master IFACE | nomaster] [netns PID]\n"
            f"ip tunnel add|change|del|show [NAME]\n"
            f"\t[mode ipip|gre|sit] [remote ADDR] [local ADDR] [ttl TTL]\n"
            f"ip neigh show|flush [to PREFIX] [dev DEV] [nud STATE]\n"
            f"ip rule [list] | add|del SELECTOR ACTION\n")
    (ctx.stdout if to_stdout else ctx.stderr).write(text)
    return 0 if to_stdout else 1


# -- ifconfig ---------------------------------------------------------------------------
def scaled(nbytes: int) -> str:
    """BusyBox's print_bytes_scaled: "1116 (1.0 KiB)"."""
    integer, fraction, unit = nbytes, 0, ""
    for ext in ("Ki", "Mi", "Gi", "Ti"):
        if integer >= 1024:
            fraction = ((integer & 1023) * 10) // 1024
            integer //= 1024
            unit = ext
    return f"{nbytes} ({integer}.{fraction} {unit}B)"


def nettools_scaled(nbytes: int) -> str:
    """net-tools 2.10: "1116 (1.1 KB)" in decimal units."""
    value, unit = float(nbytes), "B"
    for ext in ("KB", "MB", "GB", "TB"):
        if value >= 1000:
            value /= 1000
            unit = ext
    return f"{nbytes} ({value:.1f} {unit})"


def busybox_ifconfig(interface) -> str:
    encap = "Local Loopback" if interface.kind == "loopback" else "Ethernet"
    lines = [f"{interface.name:<9.9} Link encap:{encap}  "
             + (f"HWaddr {interface.mac.upper()}  " if interface.kind != "loopback" else "")]
    if interface.addresses:
        address, prefix = interface.addresses[0]
        subnet = Subnet(address & Subnet.mask_of(prefix), prefix)
        text = f"          inet addr:{int_to_ip(address)} "
        if interface.kind != "loopback":
            text += f" Bcast:{int_to_ip(subnet.broadcast)} "
        text += f" Mask:{subnet.netmask}"
        lines.append(text)
    for fam, address, prefix, _, scope, _ in addresses(interface):
        if fam == "inet6":
            lines.append(f"          inet6 addr: {address}/{prefix} Scope:"
                         f"{'Host' if scope == 'host' else 'Link'}")
    words = [w for w in ("UP", "BROADCAST", "LOOPBACK", "RUNNING", "MULTICAST")
             if flag_bits(interface) & IFF[w]]
    lines.append("          " + "".join(w + " " for w in words)
                 + f" MTU:{interface.mtu}  Metric:1")
    lines.append(f"          RX packets:{interface.rx_packets} errors:0 dropped:0 overruns:0 "
                 f"frame:0")
    lines.append(f"          TX packets:{interface.tx_packets} errors:0 dropped:0 overruns:0 "
                 f"carrier:0")
    lines.append(f"          collisions:0 txqueuelen:{interface.txqlen} ")
    lines.append(f"          RX bytes:{scaled(interface.rx_bytes)}  "
                 f"TX bytes:{scaled(interface.tx_bytes)}")
    return "\n".join(lines) + "\n\n"


def nettools_ifconfig(interface) -> str:
    bits = flag_bits(interface)
    words = [w for w in ("UP", "BROADCAST", "LOOPBACK", "RUNNING", "MULTICAST") if bits & IFF[w]]
    lines = [f"{interface.name}: flags={bits}<{','.join(words)}>  mtu {interface.mtu}"]
    if interface.addresses:
        address, prefix = interface.addresses[0]
        subnet = Subnet(address & Subnet.mask_of(prefix), prefix)
        text = f"        inet {int_to_ip(address)}  netmask {subnet.netmask}"
        if interface.kind != "loopback":
            text += f"  broadcast {int_to_ip(subnet.broadcast)}"
        lines.append(text)
    for fam, address, prefix, _, scope, _ in addresses(interface):
        if fam == "inet6":
            scopeid = "0x10<host>" if scope == "host" else "0x20<link>"
            lines.append(f"        inet6 {address}  prefixlen {prefix}  scopeid {scopeid}")
    if interface.kind == "loopback":
        lines.append(f"        loop  txqueuelen {interface.txqlen}  (Local Loopback)")
    else:
        lines.append(f"        ether {interface.mac}  txqueuelen {interface.txqlen}  (Ethernet)")
    lines.append(f"        RX packets {interface.rx_packets}  bytes "
                 f"{nettools_scaled(interface.rx_bytes)}")
    lines.append("        RX errors 0  dropped 0  overruns 0  frame 0")
    lines.append(f"        TX packets {interface.tx_packets}  bytes "
                 f"{nettools_scaled(interface.tx_bytes)}")
    lines.append("        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0")
    return "\n".join(lines) + "\n\n"


@program("ifconfig")
def ifconfig(ctx: Context) -> int:
    args = ctx.argv[1:]
    show_all = "-a" in args
    names = [a for a in args if not a.startswith("-")]
    interfaces = ctx.system.network.interfaces()
    if names:
        found = next((i for i in interfaces if i.name == names[0]), None)
        if found is None:
            if ctx.flavour == "busybox":
                ctx.error(f"{names[0]}: error fetching interface information: Device not found")
            else:
                ctx.stderr.write(f"{names[0]}: error fetching interface information: "
                                 f"Device not found\n")
            return 1
        shown = [found]
    else:
        shown = [i for i in interfaces if i.up or show_all]
        if ctx.flavour == "busybox":
            shown = sorted(shown, key=lambda i: i.name)  # BusyBox keeps its list sorted
    render = busybox_ifconfig if ctx.flavour == "busybox" else nettools_ifconfig
    ctx.out("".join(render(i) for i in shown))
    return 0


__all__ = ["ip", "ifconfig", "link_line", "address_lines", "route_lines"]
