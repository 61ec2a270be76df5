"""Network devices, namespaces and Docker's network objects.

A ``NetNS`` is one network namespace: its devices (``Interface``), routes and
the sockets listening in it. The host has one; each container that is not on
``--network host`` gets its own (runc creates it, Docker bind-mounts it under
/var/run/docker/netns). A ``Network`` is Docker's object (bridge, host, none,
user-defined bridges); an ``Endpoint`` joins one container to one network with
a veth pair: the host end on the network's bridge, the container end as ethN.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, List, Optional, Tuple

from ..record import field, record
from .addresses import Subnet, int_to_ip

LOOPBACK = Subnet.parse("127.0.0.0/8")


class Interface:
    """A network device and its counters (what /proc/net/dev and ip -s show)."""

    def __init__(self, name: str, kind: str, mac: str, mtu: int = 1500, txqlen: int = 1000):
        self.name = name
        self.kind = kind  # loopback, ether, bridge, veth
        self.mac = mac
        self.mtu = mtu
        self.txqlen = txqlen
        self.index = 0
        self.ns: Optional["NetNS"] = None
        self.addresses: List[Tuple[int, int]] = []  # (address, prefix length)
        self.up = True
        self.master: Optional["Interface"] = None  # the bridge a veth is plugged into
        self.peer: Optional["Interface"] = None  # the other end of a veth pair
        self.rx_bytes = self.rx_packets = self.tx_bytes = self.tx_packets = 0

    @property
    def ipv4(self) -> Optional[Tuple[int, int]]:
        return self.addresses[0] if self.addresses else None

    def subnet(self) -> Optional[Subnet]:
        if not self.addresses:
            return None
        address, prefix = self.addresses[0]
        return Subnet(address & Subnet.mask_of(prefix), prefix)

    @property
    def lower_up(self) -> bool:
        """Carrier: a bridge has it when a port is up, a veth when its peer is up."""
        if self.kind == "bridge":
            return any(port.up for port in self.ports())
        if self.kind == "veth":
            return self.peer is not None and self.peer.up
        return self.up

    def ports(self) -> List["Interface"]:
        if self.ns is None:
            return []
        return [i for i in self.ns.interfaces if i.master is self]

    def count_tx(self, nbytes: int, packets: int = 1) -> None:
        self.tx_bytes += nbytes
        self.tx_packets += packets

    def count_rx(self, nbytes: int, packets: int = 1) -> None:
        self.rx_bytes += nbytes
        self.rx_packets += packets

    def __repr__(self) -> str:
        return f"<Interface {self.index}: {self.name}>"


@record
class Route:
    dst: Optional[Subnet]  # None: the default route
    dev: str
    via: Optional[int] = None
    src: Optional[int] = None
    proto: str = ""  # kernel, dhcp, boot
    scope: str = ""  # link, host ("" for universe)
    metric: Optional[int] = None


class Listener:
    """A listening socket: ``handler(data, peer) -> reply`` answers one connection.

    ``process`` is the program that listens (None for the daemon's own sockets,
    such as docker-proxy); the socket goes away when that process ends.
    """

    def __init__(self, port: int, handler: Callable, process: Any = None, proto: str = "tcp",
                 address: int = 0, family: int = 4, name: str = "", v6only: bool = False):
        self.v6only = v6only  # an IPv6 socket on [::] takes IPv4 too unless IPV6_V6ONLY
        self.port = port
        self.handler = handler
        self.process = process
        self.proto = proto
        self.address = address  # 0: every address (0.0.0.0 / ::)
        self.family = family
        self.name = name
        self.closed = False

    @property
    def alive(self) -> bool:
        if self.closed:
            return False
        return self.process is None or self.process.alive

    def close(self) -> None:
        self.closed = True


class NetNS:
    """A network namespace: devices in index order, routes, listening sockets."""

    def __init__(self, key: str = "", host: bool = False):
        self.key = key  # the name under /var/run/docker/netns ("" for the host's)
        self.host = host
        self.interfaces: List[Interface] = []
        self._by_name: Dict[str, Interface] = {}
        self.routes: List[Route] = []
        self.listeners: List[Listener] = []
        self._next_index = 1
        self._next_port = 40000  # ephemeral source ports of this namespace's clients
        self.next_eth = 0

    def add(self, interface: Interface) -> Interface:
        interface.index = self._next_index
        self._next_index += 1
        interface.ns = self
        self.interfaces.append(interface)
        self._by_name[interface.name] = interface
        return interface

    def remove(self, interface: Interface) -> None:
        if self._by_name.get(interface.name) is interface:
            del self._by_name[interface.name]
            self.interfaces.remove(interface)
            self.routes = [r for r in self.routes if r.dev != interface.name]

    def get(self, name: str) -> Optional[Interface]:
        return self._by_name.get(name)

    def by_index(self, index: int) -> Optional[Interface]:
        return next((i for i in self.interfaces if i.index == index), None)

    @property
    def lo(self) -> Optional[Interface]:
        return self.get("lo")

    def owns(self, address: int) -> bool:
        if LOOPBACK.contains(address):
            return True
        return any(a == address for i in self.interfaces for a, _ in i.addresses)

    def interface_for(self, address: int) -> Optional[Interface]:
        """The device holding ``address`` (lo for 127.0.0.0/8)."""
        if LOOPBACK.contains(address):
            return self.lo
        return next((i for i in self.interfaces for a, _ in i.addresses if a == address), None)

    def listener(self, port: int, address: int, proto: str = "tcp", family: int = 4
                 ) -> Optional[Listener]:
        self.listeners = [l for l in self.listeners if l.alive]
        for candidate in self.listeners:
            if candidate.port != port or candidate.proto != proto:
                continue
            if candidate.family != family and not (
                    candidate.family == 6 and family == 4 and candidate.address == 0
                    and not candidate.v6only):
                continue
            if candidate.address in (0, address):
                return candidate
        return None

    def ephemeral_port(self) -> int:
        port = self._next_port
        self._next_port = port + 1 if port < 60999 else 32768
        return port


@record
class Network:
    """Docker's network object (`docker network inspect`)."""
    id: str
    name: str
    driver: str  # bridge, host, null
    created: float
    subnet: Optional[Subnet] = None
    gateway: Optional[int] = None
    internal: bool = False
    attachable: bool = False
    ingress: bool = False
    enable_ipv6: bool = False
    options: Dict[str, str] = field(default_factory=dict)
    labels: Dict[str, str] = field(default_factory=dict)
    ipam_options: Optional[Dict[str, str]] = None  # null for the predefined networks
    predefined: bool = False
    bridge: Optional[Interface] = None  # docker0 / br-<id>
    endpoints: Dict[str, "Endpoint"] = field(default_factory=dict)  # container id -> endpoint
    used: set = field(default_factory=set)  # allocated addresses
    _lowest_free: int = 0  # no address below this one is free (first-free allocation)

    @property
    def scope(self) -> str:
        return "local"

    @property
    def user_defined(self) -> bool:
        return not self.predefined

    @property
    def bridge_name(self) -> str:
        return self.bridge.name if self.bridge is not None else ""

    def allocate(self, wanted: Optional[int] = None) -> int:
        """The first free address of the subnet (the gateway's is taken), or ``wanted``."""
        from ..errors import InvalidParameter
        if wanted is not None:
            if wanted in self.used:
                raise InvalidParameter("Address already in use")
            self.used.add(wanted)
            return wanted
        start = max(self._lowest_free, self.subnet.network)
        for address in range(start, self.subnet.broadcast):
            if address not in self.used and address != self.subnet.network:
                self.used.add(address)
                self._lowest_free = address + 1
                return address
        raise InvalidParameter(f"no available IPv4 addresses on this network's address pools: "
                               f"{self.name} ({self.id})")

    def release(self, address: Optional[int]) -> None:
        if address is not None and address != self.gateway:
            self.used.discard(address)
            self._lowest_free = min(self._lowest_free, address)


@record
class Endpoint:
    """One container's attachment to one network."""
    id: str
    network: Network
    container: Any
    ip: Optional[int] = None
    mac: str = ""
    aliases: List[str] = field(default_factory=list)
    interface: Optional[Interface] = None  # the container's ethN
    host_veth: Optional[Interface] = None  # vethXXXXXXX on the bridge

    @property
    def dns_names(self) -> List[str]:
        """What Docker's DNS answers for on a user-defined network: the name, the aliases,
        the short id and the hostname (a rename is seen at once, as the daemon updates it)."""
        if not self.network.user_defined or self.ip is None:
            return []
        c = self.container
        names = [c.name, *self.aliases, c.id[:12], c.config.hostname]
        return list(dict.fromkeys(n for n in names if n))

    @property
    def ip_text(self) -> str:
        return int_to_ip(self.ip) if self.ip is not None else ""

    @property
    def prefix(self) -> int:
        return self.network.subnet.prefix if self.network.subnet else 0


@record
class EndpointConfig:
    """What the container asked for on one network (kept while it is stopped)."""
    network: str  # the name or id the user gave
    aliases: List[str] = field(default_factory=list)
    ipv4: str = ""  # --ip
    mac: str = ""  # --mac-address (else a random one at each start)
    network_id: str = ""  # known once the container has joined it
    links: List[str] = field(default_factory=list)  # --link NAME:ALIAS on a user network


__all__ = ["Interface", "Route", "Listener", "NetNS", "Network", "Endpoint", "EndpointConfig",
           "LOOPBACK"]
