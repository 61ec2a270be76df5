"""The network as one process sees it: name resolution, connections, ping, sockets.

``ctx.system.network`` is a ``NetStack`` for the calling container (the host's
for `--network host` and for the shell's own `curl`). Routing follows what the
kernel and Docker's iptables rules do:

- 127.0.0.0/8 and the namespace's own addresses stay on lo;
- an address in the subnet of one of its networks is reached over that bridge
  (the gateway is the host; any other address must be a container on it);
- anything else takes the default route: the host's own addresses answer,
  other Docker networks are dropped by the DOCKER-ISOLATION rules (packets
  vanish: connections time out), the rest is the internet, where simulated
  hosts answer ping but run no servers (connections are refused);
- without a default route (--network none, --internal) the send fails with
  "Network unreachable".

A published port on the host is answered by docker-proxy (from the host's
loopback) or by the DNAT rule, and lands in the container's namespace.
Every packet is counted on each device it crosses (/proc/net/dev).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Callable, List, Optional, Sequence, Tuple

from ..record import field, record
from .addresses import int_to_ip, ip_to_int, is_ip
from .errors import (ARP_TIMEOUT, ECONNREFUSED, ECONNRESET, EADDRINUSE, EHOSTUNREACH,
                     ENETUNREACH, ETIMEDOUT, SYN_TIMEOUT, NetError, ResolveError)
from .model import LOOPBACK, Interface, Listener, NetNS

MSS = 1448  # TCP payload per segment on a 1500-byte MTU with timestamps
FRAME = 66  # Ethernet + IPv4 + TCP header with timestamps
SYN_FRAME = 74
ICMP_FRAME = 98  # ping's default 56 data bytes
EMBEDDED_DNS = "127.0.0.11"
INTERNET_TTL = 117
INTERNET_RTT_MS = 11.0

if TYPE_CHECKING:  # type aliases, for annotations only
    Path = List[Tuple[Interface, str]]  # devices crossed client -> server, "tx" or "rx"


@record
class Peer:
    ip: str
    port: int
    family: int = 4


@record
class DnsReply:
    rcode: str  # NOERROR, NXDOMAIN, SERVFAIL, TIMEOUT
    server: str
    answers: List[str] = field(default_factory=list)
    authoritative: bool = False
    delay: float = 0.0


@record
class Echo:
    """One ping: ``reply`` with its ``ttl`` and ``rtt_ms``, or lost (``reply`` False)."""
    reply: bool
    ttl: int = 0
    rtt_ms: float = 0.0
    unreachable: bool = False  # no neighbour answered ARP (Destination Host Unreachable)
    source: str = ""


def count(path: Path, nbytes: int, packets: int, reverse: bool = False) -> None:
    for interface, direction in path:
        if reverse:
            direction = "rx" if direction == "tx" else "tx"
        if direction == "tx":
            interface.count_tx(nbytes, packets)
        else:
            interface.count_rx(nbytes, packets)


def segments(nbytes: int) -> List[int]:
    return [min(MSS, nbytes - start) for start in range(0, nbytes, MSS)]


def count_tcp(legs: Sequence[Path], sent: int, received: int) -> None:
    """A whole TCP conversation: handshake, data and its ACKs, the closing FINs."""
    out_segs, back_segs = segments(sent), segments(received)
    client = [(SYN_FRAME, 1), (FRAME, 1)] + [(FRAME + n, 1) for n in out_segs]
    client += [(FRAME, 1)] * ((len(back_segs) + 1) // 2) + [(FRAME, 1), (FRAME, 1)]
    server = [(SYN_FRAME, 1)] + [(FRAME, 1)] * ((len(out_segs) + 1) // 2)
    server += [(FRAME + n, 1) for n in back_segs] + [(FRAME, 1)]
    for path in legs:
        count(path, sum(b for b, _ in client), len(client))
        count(path, sum(b for b, _ in server), len(server), reverse=True)


class Route:
    """Where a packet to ``dst`` goes from a namespace."""

    def __init__(self, kind: str, path: Path, ns: Optional[NetNS] = None, source: int = 0,
                 errno: int = 0, delay: float = 0.0, network=None):
        self.kind = kind  # local, host, container, internet, drop, error
        self.path = path
        self.ns = ns
        self.source = source
        self.errno = errno
        self.delay = delay
        self.network = network


class Connection:
    """An established TCP connection; ``exchange`` sends the request, returns the reply."""

    def __init__(self, stack: "NetStack", listener: Optional[Listener], legs: List[Path],
                 local: Peer, remote: Peer, seen_from: Peer, reset: bool = False):
        self.stack = stack
        self.listener = listener
        self.legs = legs
        self.local = local
        self.remote = remote
        self.seen_from = seen_from  # the client address the server sees
        self.reset = reset  # accepted by docker-proxy, which finds nobody behind it

    def exchange(self, data: bytes) -> bytes:
        if self.reset or self.listener is None or not self.listener.alive:
            count_tcp(self.legs[:1], len(data), 0)
            raise NetError(ECONNRESET)
        reply = self.listener.handler(data, self.seen_from) or b""
        count_tcp(self.legs, len(data), len(reply))
        return reply


class NetStack:
    def __init__(self, networks, container=None):
        self.networks = networks
        self.container = container

    # -- where we are ------------------------------------------------------------
    @property
    def net(self):
        net = getattr(self.container, "network", None) if self.container is not None else None
        # --network container:NAME: the namespace, its addresses and resolver are the owner's
        return net.owner.network if net is not None and net.owner is not None else net

    @property
    def ns(self) -> NetNS:
        if self.container is None:
            return self.networks.host
        net = self.net
        if net is None or net.ns is None:
            return NetNS("gone")
        return net.ns

    @property
    def on_host(self) -> bool:
        return self.ns is self.networks.host

    def interfaces(self) -> List[Interface]:
        return list(self.ns.interfaces)

    def routes(self):
        return list(self.ns.routes)

    # -- files --------------------------------------------------------------------
    def _read(self, path: str) -> str:
        if self.container is None:
            from .etc import HOST_RESOLV, host_hosts
            from ..host import HOST_NAME
            return {"/etc/hosts": host_hosts(HOST_NAME),
                    "/etc/resolv.conf": HOST_RESOLV}.get(path, "")
        try:
            return self.container.fs.read(path).decode("utf-8", "replace")
        except Exception:  # a missing or unreadable file is an empty one for the resolver
            return ""

    def hosts_lookup(self, name: str) -> List[str]:
        wanted = name.lower().rstrip(".")
        for line in self._read("/etc/hosts").splitlines():
            fields = line.split("#", 1)[0].split()
            if len(fields) < 2 or not is_ip(fields[0]):
                continue
            if wanted in (f.lower() for f in fields[1:]):
                return [fields[0]]
        return []

    def nameservers(self) -> List[str]:
        servers = []
        for line in self._read("/etc/resolv.conf").splitlines():
            fields = line.split()
            if len(fields) >= 2 and fields[0] == "nameserver":
                servers.append(fields[1])
        return servers or ["127.0.0.1"]

    # -- names ----------------------------------------------------------------------
    def resolve(self, name: str, libc: str = "glibc") -> List[str]:
        """getaddrinfo(): a literal, then /etc/hosts, then DNS. Raises ResolveError."""
        if is_ip(name):
            return [name]
        found = self.hosts_lookup(name)
        if found:
            return found
        servers = self.nameservers()
        reply = self.query(name, "A", servers[0], libc=libc)
        if reply.rcode == "NOERROR" and reply.answers:
            return list(reply.answers)
        kind = {"NOERROR": "NOANSWER"}.get(reply.rcode, reply.rcode)
        raise ResolveError(name, kind, reply.server, reply.delay)

    def query(self, name: str, qtype: str = "A", server: Optional[str] = None,
              libc: str = "glibc") -> DnsReply:
        """One DNS query to ``server`` (the first nameserver by default)."""
        server = server or self.nameservers()[0]
        wanted = name.lower().rstrip(".")
        timeout = 5.0 if libc == "musl" else 10.0
        try:
            address = ip_to_int(server)
        except ValueError:
            return DnsReply("TIMEOUT", server, delay=timeout)
        size = 60 + len(wanted)
        if address == ip_to_int(EMBEDDED_DNS) and not self.on_host:
            lo = self.ns.lo
            if self.net is None or not any(ep.network.user_defined
                                           for ep in self.net.endpoints.values()):
                return DnsReply("TIMEOUT", server, delay=timeout)  # nobody listens there
            answers = self._embedded(wanted)
            if lo is not None:
                count([(lo, "tx"), (lo, "rx")], size, 1)
                count([(lo, "tx"), (lo, "rx")], size + 16 * len(answers or ()), 1, reverse=True)
            if answers is not None:
                return DnsReply("NOERROR", server, answers if qtype == "A" else [])
            if all(ep.network.internal for ep in self.net.endpoints.values()):
                return DnsReply("SERVFAIL", server)
            return self._world(wanted, qtype, server, via_host=True)
        route = self.route(address)
        if route.kind in ("error", "drop"):
            return DnsReply("TIMEOUT", server, delay=timeout)
        if route.kind == "local" and self.on_host and server.startswith("127.0.0.53"):
            return self._world(wanted, qtype, server, via_host=True)
        if route.kind in ("local", "container"):
            return DnsReply("TIMEOUT", server, delay=timeout)
        count(route.path, size, 1)
        count(route.path, size + 16, 1, reverse=True)
        return self._world(wanted, qtype, server)

    def _embedded(self, name: str) -> Optional[List[str]]:
        """Docker's resolver: names, aliases and short ids on this container's user networks."""
        answers: List[str] = []
        for mine in self.net.endpoints.values():
            network = mine.network
            if not network.user_defined:
                continue
            for endpoint in network.endpoints.values():
                names = [n.lower() for n in endpoint.dns_names]
                qualified = [f"{n}.{network.name.lower()}" for n in names]
                if (name in names or name in qualified) and endpoint.ip is not None:
                    address = int_to_ip(endpoint.ip)
                    if address not in answers:
                        answers.append(address)
        return answers or self._linked(name)

    def _linked(self, name: str) -> Optional[List[str]]:
        """On a user-defined network a legacy link is one more name, for the linking
        container only: the linked container's address on a network they share."""
        containers = self.networks.containers
        if self.container is None or containers is None:
            return None
        from ..container.links import parse
        mine = {ep.network.name for ep in self.net.endpoints.values() if ep.network.user_defined}
        for spec in (link for config in self.net.configs for link in config.links):
            target, alias = parse(spec)
            child = containers.find(target)
            if alias.lower() != name or child is None or child.network is None:
                continue
            for endpoint in child.network.endpoints.values():
                if endpoint.network.name in mine and endpoint.ip is not None:
                    return [int_to_ip(endpoint.ip)]
        return None

    def _world(self, name: str, qtype: str, server: str, via_host: bool = False) -> DnsReply:
        """The internet's DNS: the simulation knows no public names."""
        if via_host:
            eth0 = self.networks.host.get("eth0")
            count([(eth0, "tx")], 60 + len(name), 1)
            count([(eth0, "tx")], 60 + len(name), 1, reverse=True)
        return DnsReply("NXDOMAIN", server)

    # -- routing --------------------------------------------------------------------------
    def route(self, dst: int) -> Route:
        ns = self.ns
        if ns.owns(dst):
            lo = ns.lo
            path = [(lo, "tx"), (lo, "rx")] if lo is not None else []
            source = dst if not LOOPBACK.contains(dst) else ip_to_int("127.0.0.1")
            return Route("local", path, ns, source)
        if self.on_host:
            return self._route_from_host(dst)
        net = self.net
        if net is None:
            return Route("error", [], errno=ENETUNREACH)
        for endpoint in net.endpoints.values():
            network = endpoint.network
            if network.subnet is None or not network.subnet.contains(dst):
                continue
            out = endpoint.interface
            start = [(out, "tx"), (endpoint.host_veth, "rx")]
            if dst == network.gateway:
                return Route("host", start + [(network.bridge, "rx")], self.networks.host,
                             endpoint.ip, network=network)
            for other in network.endpoints.values():
                if other.ip == dst and other.interface is not None:
                    path = start + [(other.host_veth, "tx"), (other.interface, "rx")]
                    return Route("container", path, other.interface.ns, endpoint.ip,
                                 network=network)
            return Route("error", [(out, "tx")], source=endpoint.ip, errno=EHOSTUNREACH,
                         delay=ARP_TIMEOUT)
        gateway = net.gateway_endpoint
        if gateway is None:
            return Route("error", [], errno=ENETUNREACH)
        network = gateway.network
        start = [(gateway.interface, "tx"), (gateway.host_veth, "rx"), (network.bridge, "rx")]
        host = self.networks.host
        if host.owns(dst) and not LOOPBACK.contains(dst):
            return Route("host", start, host, gateway.ip, network=network)
        for other_network in self.networks:
            if other_network.subnet is not None and other_network.subnet.contains(dst):
                return Route("drop", start)  # DOCKER-ISOLATION-STAGE-2 ... -j DROP
        return Route("internet", start + [(host.get("eth0"), "tx")], source=gateway.ip)

    def _route_from_host(self, dst: int) -> Route:
        for network in self.networks:
            if network.subnet is None or not network.subnet.contains(dst):
                continue
            for endpoint in network.endpoints.values():
                if endpoint.ip == dst and endpoint.interface is not None:
                    path = [(network.bridge, "tx"), (endpoint.host_veth, "tx"),
                            (endpoint.interface, "rx")]
                    return Route("container", path, endpoint.interface.ns, network.gateway,
                                 network=network)
            return Route("error", [(network.bridge, "tx")], source=network.gateway,
                         errno=EHOSTUNREACH, delay=ARP_TIMEOUT)
        eth0 = self.networks.host.get("eth0")
        return Route("internet", [(eth0, "tx")], source=eth0.addresses[0][0])

    # -- TCP ------------------------------------------------------------------------------
    def connect(self, host: str, port: int, proto: str = "tcp") -> Connection:
        """connect(2) to host:port; raises NetError (with the seconds it took to fail)."""
        family = 6 if ":" in host else 4
        if family == 6:
            return self._connect6(host, port, proto)
        dst = ip_to_int(host)
        route = self.route(dst)
        local = Peer(int_to_ip(route.source) if route.source else "", self.ns.ephemeral_port())
        remote = Peer(host, port)
        if route.kind == "error":
            if route.path:
                count(route.path, SYN_FRAME, 1)
            raise NetError(route.errno, route.delay)
        if route.kind == "drop":
            count(route.path, SYN_FRAME * 7, 7)  # the SYN and its six retries, never answered
            raise NetError(ETIMEDOUT, SYN_TIMEOUT)
        if route.kind == "internet":
            count(route.path, SYN_FRAME, 1)
            count(route.path, 54, 1, reverse=True)
            raise NetError(ECONNREFUSED)
        target = route.ns
        if target is self.networks.host:
            loopback = self.on_host and LOOPBACK.contains(dst)
            forwarded = self._published(dst, port, proto, 4, route, local, remote, loopback)
            if forwarded is not None:
                return forwarded
        listener = target.listener(port, dst, proto)
        if listener is None:
            count(route.path, SYN_FRAME, 1)
            count(route.path, 54, 1, reverse=True)  # RST
            raise NetError(ECONNREFUSED)
        return Connection(self, listener, [route.path], local, remote, local)

    def _connect6(self, host: str, port: int, proto: str) -> Connection:
        """IPv6 is only simulated on the loopback: ::1 reaches sockets bound to [::]."""
        if host != "::1":
            raise NetError(ENETUNREACH)
        lo = self.ns.lo
        route = Route("local", [(lo, "tx"), (lo, "rx")] if lo is not None else [], self.ns)
        local, remote = Peer("::1", self.ns.ephemeral_port(), 6), Peer(host, port, 6)
        if self.on_host:
            forwarded = self._published(0, port, proto, 6, route, local, remote, True)
            if forwarded is not None:
                return forwarded
        listener = self.ns.listener(port, 0, proto, family=6)
        if listener is None:
            count(route.path, SYN_FRAME, 1)
            raise NetError(ECONNREFUSED)
        return Connection(self, listener, [route.path], local, remote, local)

    def source_for(self, host: str) -> str:
        """The address a connection to ``host`` would come from."""
        if ":" in host:
            return "::1"
        try:
            route = self.route(ip_to_int(host))
        except ValueError:
            return "0.0.0.0"
        return int_to_ip(route.source) if route.source else "0.0.0.0"

    def _published(self, dst: int, port: int, proto: str, family: int, route: Route,
                   local: Peer, remote: Peer, loopback: bool) -> Optional[Connection]:
        address = int_to_ip(dst) if family == 4 else "::1"
        for binding in self.networks.bindings:
            if binding.proto != proto or binding.host_port != port:
                continue
            if not binding.matches(address, family):
                continue
            endpoint = binding.endpoint
            network = endpoint.network
            inside = endpoint.interface
            leg = [(network.bridge, "tx"), (endpoint.host_veth, "tx"), (inside, "rx")]
            listener = inside.ns.listener(binding.container_port, endpoint.ip, proto)
            if loopback or route.kind == "host" and route.network is network:
                # docker-proxy accepts, then connects from the bridge's address.
                seen = Peer(int_to_ip(network.gateway), self.networks.host.ephemeral_port())
                return Connection(self, listener, [route.path, leg], local, remote, seen,
                                  reset=listener is None)
            if listener is None:  # DNAT'd to the container, which answers with a RST
                count(route.path + leg, SYN_FRAME, 1)
                raise NetError(ECONNREFUSED)
            return Connection(self, listener, [route.path, leg], local, remote, local)
        return None

    # -- sockets ------------------------------------------------------------------------
    def listen(self, port: int, handler: Callable, process=None, proto: str = "tcp",
               address: str = "0.0.0.0", name: str = "", v6only: bool = False) -> Listener:
        """bind(2) + listen(2); raises NetError(EADDRINUSE) if the port is taken."""
        family = 6 if ":" in address else 4
        wanted = 0 if address in ("0.0.0.0", "::", "") else ip_to_int(address)
        ns = self.ns
        existing = ns.listener(port, wanted, proto, family)
        if existing is not None:
            raise NetError(EADDRINUSE)
        if ns is self.networks.host and family == 4:
            for binding in self.networks.bindings:  # docker-proxy holds published ports
                if binding.proto == proto and binding.host_port == port and binding.family == 4:
                    raise NetError(EADDRINUSE)
        listener = Listener(port, handler, process, proto, wanted, family, name, v6only)
        ns.listeners.append(listener)
        return listener

    # -- ICMP -----------------------------------------------------------------------------
    def ping(self, host: str, seq: int = 0) -> Echo:
        """One ICMP echo; raises NetError(ENETUNREACH) when there is no route at all."""
        dst = ip_to_int(host)
        route = self.route(dst)
        source = int_to_ip(route.source) if route.source else ""
        if route.kind == "error":
            if route.errno == ENETUNREACH:
                raise NetError(ENETUNREACH)
            count(route.path, 42, 1)  # ARP requests nobody answers
            return Echo(False, unreachable=True, source=source)
        count(route.path, ICMP_FRAME, 1)
        if route.kind == "drop":
            return Echo(False, source=source)
        count(route.path, ICMP_FRAME, 1, reverse=True)
        if route.kind == "internet":
            return Echo(True, INTERNET_TTL, INTERNET_RTT_MS + _jitter(route.source, dst, seq) * 40,
                        source=source)
        base = 0.035 if route.kind == "local" else 0.060
        return Echo(True, 64, base + _jitter(route.source, dst, seq), source=source)


def _jitter(src: int, dst: int, seq: int) -> float:
    """A small deterministic spread (0 to 0.05 ms) so that replies do not all look alike."""
    value = ((src % 65521) * 7 + (dst % 65521) * 13 + seq * 37 + (seq * seq) % 11) % 50
    return value / 1000


__all__ = ["NetStack", "Connection", "Peer", "DnsReply", "Echo", "count", "count_tcp"]
