"""Docker's networks and what the daemon does with them.

``Networks`` owns the host's network namespace (lo, eth0, docker0 and the
br-<id> bridges), the predefined networks (bridge, host, none), user-defined
bridge networks and their IPAM, each running container's namespace and
endpoints, and the published ports. The runtime calls ``started`` when a
container starts (before its first process runs) and ``stopped`` when it
stops; the shell's `network` commands call the rest.

Every effect is an event of type "network" (create, connect, disconnect,
destroy) with the Linux operations behind it.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, List, Optional, Sequence, Tuple

from ..entropy import generator
from ..errors import Conflict, EngineError, InvalidParameter, NotFound
from ..host import HOST_NAME
from . import etc
from .addresses import Subnet, first_free_subnet, int_to_ip, ip_to_int, random_mac
from .model import (Endpoint, EndpointConfig, Interface, NetNS, Network, Route)

HOST_ETH0 = ("10.0.2.15", 24, "10.0.2.2", "52:54:00:12:34:56")  # address, prefix, router, MAC
EPHEMERAL_PORTS = (32768, 60999)  # /proc/sys/net/ipv4/ip_local_port_range
DEFAULT_BRIDGE_OPTIONS = {
    "com.docker.network.bridge.default_bridge": "true",
    "com.docker.network.bridge.enable_icc": "true",
    "com.docker.network.bridge.enable_ip_masquerade": "true",
    "com.docker.network.bridge.host_binding_ipv4": "0.0.0.0",
    "com.docker.network.bridge.name": "docker0",
    "com.docker.network.driver.mtu": "1500",
}
DRIVER_TYPES = {"bridge": "bridge", "host": "host", "null": "null"}
PREDEFINED = ("bridge", "host", "none")

# runconfig's errors, word for word.
ERR_SHARED = ("container sharing network namespace with another container or host cannot be "
              "connected to any other network")
ERR_HOST = "container cannot be disconnected from host network or connected to host network"
ERR_NONE = ("container cannot be connected to multiple networks with one of the networks in "
            "private (none) mode")
ERR_ALIAS = "network-scoped alias is supported only for containers in user defined networks"
ERR_IP = "user specified IP address is supported on user defined networks only"
ERR_IP_NO_SUBNET = ("user specified IP address is supported only when connecting to networks "
                    "with user configured subnets")
SETUP = "failed to set up container networking: "


class Binding:
    """One published port: host (ip, port) forwarded to a container's port."""

    def __init__(self, proto: str, host_ip: str, host_port: int, endpoint: Endpoint,
                 container_port: int):
        self.proto = proto
        self.host_ip = host_ip  # "0.0.0.0", "::" or a specific address
        self.host_port = host_port
        self.endpoint = endpoint
        self.container_port = container_port

    @property
    def family(self) -> int:
        return 6 if ":" in self.host_ip else 4

    def matches(self, address: str, family: int) -> bool:
        if family != self.family:
            return False
        return self.host_ip in ("0.0.0.0", "::") or self.host_ip == address


def check_joined_network(*, hostname, dns, add_hosts, mac_address, publish, expose,
                         links=()) -> None:
    """What a container that joins another's network namespace (--network container:NAME)
    may not set itself: all of it belongs to the namespace's owner. The daemon's order."""
    if hostname:
        raise InvalidParameter("conflicting options: hostname and the network mode")
    if links:
        raise InvalidParameter("conflicting options: container type network can't be used "
                               "with links. This would result in undefined behavior")
    for given, what in (
                        (dns, "dns and the network mode"),
                        (add_hosts, "custom host-to-IP mapping and the network mode"),
                        (mac_address, "mac-address and the network mode"),
                        (publish, "port publishing and the container type network mode"),
                        (expose, "port exposing and the container type network mode")):
        if given:
            raise InvalidParameter(f"conflicting options: {what}")


class ContainerNet:
    """A container's networking: what it asked for, and what it has while running."""

    def __init__(self, mode: str, configs: List[EndpointConfig]):
        self.mode = mode  # what --network said: bridge, host, none or a network
        self.configs: List[EndpointConfig] = configs  # in the order they were joined
        self.ns: Optional[NetNS] = None
        self.sandbox_id = ""
        self.endpoints: Dict[str, Endpoint] = {}  # network name -> endpoint (running)
        self.bindings: List[Binding] = []
        self.gateway_endpoint: Optional[Endpoint] = None
        self.etc: Dict[str, bytes] = {}  # /etc/hosts etc. as generated at start
        self.manager: Optional["Networks"] = None
        self.owner = None  # --network container:NAME: the container whose namespace it joined
        self.pending: List[tuple] = []  # a start's network events, until its task exists

    @property
    def running(self) -> bool:
        return self.ns is not None

    @property
    def sandbox_key(self) -> str:
        return f"/var/run/docker/netns/{self.ns.key}" if self.ns is not None and self.ns.key else ""

    def config_for(self, network: Network) -> Optional[EndpointConfig]:
        for config in self.configs:
            if config.network in (network.name, network.id) or (
                    config.network_id and config.network_id == network.id):
                return config
        return None


class Networks:
    def __init__(self, clock, events, seed: Optional[int] = None, boot_time: float = 0.0):
        self.clock = clock
        self.events = events
        self._deferred = None  # a start's events, held until its task exists (see started)
        self.rng = generator(f"crsim-network-{seed}" if seed is not None else None)
        self.host_name = HOST_NAME
        self.runtime = None  # set by the engine: gives the processes' time
        self.containers = None  # the container registry (set by the engine)
        self.host = NetNS("", host=True)
        self.networks: Dict[str, Network] = {}  # id -> network, in creation order
        self.bindings: List[Binding] = []
        self._last_port = {"tcp": EPHEMERAL_PORTS[0] - 1, "udp": EPHEMERAL_PORTS[0] - 1}
        self._host_interfaces()
        created = boot_time + 7.0  # dockerd came up a few seconds after boot
        bridge = self._new_network("bridge", "bridge", created, Subnet.parse("172.17.0.0/16"),
                                   options=dict(DEFAULT_BRIDGE_OPTIONS), predefined=True,
                                   bridge_name="docker0")
        bridge.ipam_options = None
        self._new_network("host", "host", created, predefined=True)
        self._new_network("none", "null", created, predefined=True)

    # -- ids ------------------------------------------------------------------
    def hex_id(self) -> str:
        while True:
            value = f"{self.rng.getrandbits(256):064x}"
            if not value[:12].isdigit():
                return value

    def veth_name(self) -> str:
        while True:
            name = f"veth{self.rng.getrandbits(28):07x}"
            if self.host.get(name) is None:
                return name

    def now(self) -> float:
        return self.runtime.now() if self.runtime is not None else self.clock.now()

    # -- the host -------------------------------------------------------------
    def _host_interfaces(self) -> None:
        lo = self.host.add(Interface("lo", "loopback", "00:00:00:00:00:00", mtu=65536))
        lo.addresses.append((ip_to_int("127.0.0.1"), 8))
        address, prefix, router, mac = HOST_ETH0
        eth0 = self.host.add(Interface("eth0", "ether", mac))
        eth0.addresses.append((ip_to_int(address), prefix))
        subnet = eth0.subnet()
        self.host.routes += [
            Route(None, "eth0", via=ip_to_int(router), src=ip_to_int(address), proto="dhcp",
                  metric=100),
            Route(subnet, "eth0", src=ip_to_int(address), proto="kernel", scope="link",
                  metric=100),
        ]

    def host_addresses(self) -> List[int]:
        return [a for i in self.host.interfaces for a, _ in i.addresses]

    # -- lookup ---------------------------------------------------------------
    def __iter__(self):
        return iter(list(self.networks.values()))

    def find(self, ref: str) -> Optional[Network]:
        """By full id, by name, then by a unique id prefix (the daemon's FindNetwork)."""
        if ref in self.networks:
            return self.networks[ref]
        for network in self.networks.values():
            if network.name == ref:
                return network
        matches = [n for n in self.networks.values() if ref and n.id.startswith(ref)]
        if len(matches) > 1:
            raise NotFound(f"network {ref} is ambiguous ({len(matches)} matches found based "
                           f"on ID prefix)")
        return matches[0] if matches else None

    def get(self, ref: str) -> Network:
        network = self.find(ref)
        if network is None:
            raise NotFound(f"network {ref} not found")
        return network

    def list(self) -> List[Network]:
        """`network ls` order: by name."""
        return sorted(self.networks.values(), key=lambda n: n.name)

    # -- create / remove ------------------------------------------------------
    def _new_network(self, name: str, driver: str, created: float,
                     subnet: Optional[Subnet] = None, gateway: Optional[int] = None,
                     options=None, labels=None, internal: bool = False, attachable: bool = False,
                     predefined: bool = False, bridge_name: str = "") -> Network:
        network = Network(self.hex_id(), name, driver, created, subnet=subnet, internal=internal,
                          attachable=attachable, options=dict(options or {}),
                          labels=dict(labels or {}), predefined=predefined,
                          ipam_options={} if not predefined else None)
        if subnet is not None:
            network.gateway = gateway if gateway is not None else subnet.network + 1
            network.used.add(network.gateway)
            name_of_bridge = bridge_name or f"br-{network.id[:12]}"
            bridge = self.host.add(Interface(name_of_bridge, "bridge", random_mac(self.rng),
                                             txqlen=0))
            bridge.addresses.append((network.gateway, subnet.prefix))
            network.bridge = bridge
            self.host.routes.append(Route(subnet, name_of_bridge, src=network.gateway,
                                          proto="kernel", scope="link"))
        self.networks[network.id] = network
        return network

    def create(self, name: str, driver: str = "bridge", subnet: str = "", gateway: str = "",
               internal: bool = False, attachable: bool = False, labels=None, options=None,
               ipv6: bool = False) -> Network:
        """`docker network create`: validate, allocate a subnet, make the bridge."""
        if not name:
            raise InvalidParameter("network name cannot be empty")
        if driver in ("host", "null"):
            raise Conflict(f'only one instance of "{driver}" network is allowed')
        if driver == "overlay":
            raise EngineError("This node is not a swarm manager. Use \"docker swarm init\" or "
                              "\"docker swarm join\" to connect this node to swarm and try again.")
        if driver in ("macvlan", "ipvlan"):
            raise InvalidParameter(f"the {driver} driver is not simulated by crsim (only bridge "
                                   f"networks are)")
        if driver != "bridge":
            raise NotFound(f'plugin "{driver}" not found')
        if self.find_by_name(name) is not None:
            raise Conflict(f"network with name {name} already exists")
        if ipv6:
            raise InvalidParameter("crsim does not simulate IPv6 networks")
        taken = [n.subnet for n in self.networks.values() if n.subnet is not None]
        taken.append(self.host.get("eth0").subnet())
        gateway_ip: Optional[int] = None
        if subnet:
            try:
                wanted = Subnet.parse(subnet)
            except ValueError:
                raise InvalidParameter(f"invalid CIDR address: {subnet}") from None
            if str(wanted) != subnet and "/" in subnet:
                address = subnet.split("/")[0]
                if ip_to_int(address) != wanted.network:
                    raise InvalidParameter(f"invalid network config:\ninvalid subnet {subnet}: "
                                           f"it should be {wanted}")
            if any(wanted.overlaps(used) for used in taken):
                raise Conflict("invalid pool request: Pool overlaps with other one on this "
                               "address space")
            chosen = wanted
            if gateway:
                gateway_ip = ip_to_int(gateway)
        else:
            if gateway:
                raise InvalidParameter("every ip-range or gateway must have a corresponding "
                                       "subnet")
            chosen = first_free_subnet(taken)
            if chosen is None:
                raise EngineError("all predefined address pools have been fully subnetted")
        network = self._new_network(name, "bridge", self.clock.now(), chosen, gateway_ip,
                                    options=options, labels=labels, internal=internal,
                                    attachable=attachable)
        bridge = network.bridge.name
        ops = [f"ip link add {bridge} type bridge",
               f"ip addr add {int_to_ip(network.gateway)}/{chosen.prefix} dev {bridge}",
               f"ip link set {bridge} up"]
        if internal:
            ops += [f"iptables -A DOCKER-ISOLATION-STAGE-1 ! -s {chosen} -o {bridge} -j DROP",
                    f"iptables -A DOCKER-ISOLATION-STAGE-1 ! -d {chosen} -i {bridge} -j DROP"]
        else:
            ops += [f"iptables -t nat -A POSTROUTING -s {chosen} ! -o {bridge} -j MASQUERADE",
                    f"iptables -A DOCKER-ISOLATION-STAGE-1 -i {bridge} ! -o {bridge} "
                    f"-j DOCKER-ISOLATION-STAGE-2",
                    f"iptables -A DOCKER-ISOLATION-STAGE-2 -o {bridge} -j DROP"]
        self._event("create", network, ops)
        return network

    def find_by_name(self, name: str) -> Optional[Network]:
        return next((n for n in self.networks.values() if n.name == name), None)

    def remove(self, ref: str) -> Network:
        network = self.get(ref)
        if network.predefined:
            raise Conflict(f"{network.name} is a pre-defined network and cannot be removed")
        if network.endpoints:
            listed = ", ".join(f'name:"{ep.container.name}" id:"{ep.id[:12]}"'
                               for ep in network.endpoints.values())
            raise Conflict(f"error while removing network: network {network.name} has active "
                           f"endpoints ({listed})")
        del self.networks[network.id]
        bridge = network.bridge.name
        self.host.remove(network.bridge)
        self.host.routes = [r for r in self.host.routes if r.dev != bridge]
        self._event("destroy", network, (f"iptables -D DOCKER-ISOLATION-STAGE-2 -o {bridge} -j DROP",
                                         f"ip link del {bridge}"))
        return network

    def prune(self, filters=(), now: float = 0.0) -> List[str]:
        """`docker network prune`: the user's networks no container is on (and that the
        filters select); their names."""
        from ..prune_filters import NETWORK_FILTERS, PruneFilters
        chosen = PruneFilters(filters, NETWORK_FILTERS, now)
        removed = []
        for network in list(self.networks.values()):
            if not network.predefined and not network.endpoints \
                    and chosen.selects(network.created, network.labels):
                self.remove(network.id)
                removed.append(network.name)
        return removed

    def _event(self, action: str, network: Network, linux=(), **attrs) -> None:
        attributes = {"name": network.name, "type": DRIVER_TYPES.get(network.driver, network.driver)}
        attributes.update(attrs)
        if self._deferred is not None:  # a container's start: said once its task exists
            self._deferred.append((action, network.id, attributes, tuple(linux)))
            return
        self.events.emit("network", action, network.id, attributes, tuple(linux))

    # -- containers: create time ------------------------------------------------
    def configure(self, container, network: str = "", aliases: Sequence[str] = (),
                  ip: str = "", mac: str = "") -> ContainerNet:
        """What `create --network/--network-alias/--ip` ask for, checked as the daemon does."""
        mode = network or "bridge"
        if mode == "default":
            mode = "bridge"
        if mode.startswith("container:"):
            ref = mode.partition(":")[2]
            if not ref:
                raise InvalidParameter("Invalid network mode: invalid container format "
                                       "container:<name|id>")
            owner = self._container(ref)  # known now: the daemon keeps its id
            mode = f"container:{owner.id}" if owner is not None else mode
            container.host_config.network_mode = mode
            net = ContainerNet(mode, [])
            net.manager = self
            container.network = net
            return net
        if aliases and mode in PREDEFINED:
            raise InvalidParameter(ERR_ALIAS)
        if ip:
            try:
                ip_to_int(ip)
            except ValueError:
                raise InvalidParameter(f"invalid IPv4 address: {ip}") from None
            if mode in PREDEFINED:
                raise InvalidParameter(ERR_IP)
        config = EndpointConfig(mode, list(aliases), ip, mac=mac.lower())
        found = self.find(mode)
        if found is not None:
            config.network = found.name if mode in PREDEFINED else mode
        net = ContainerNet(mode, [config])
        net.manager = self
        container.network = net
        return net

    # -- containers: start and stop ---------------------------------------------
    def started(self, container) -> None:
        """Make the container's namespace and endpoints ready (or fail with Docker's error)
        before its task is created; what that does is announced by ``announce``, once the
        task exists, as Docker 28 does: runc's clone makes the network namespace, and the
        daemon then adopts it (SetKey: bind-mounted under /var/run/docker/netns) and
        plugs the veth pairs in, before the container's process runs."""
        self._deferred = []
        try:
            self._started(container)
        finally:
            pending, self._deferred = self._deferred, None
        container.network.pending = pending

    def announce(self, container, pid: int) -> None:
        """The `network connect` events of a start, now that PID ``pid`` holds the namespace."""
        net: ContainerNet = container.network
        pending, net.pending = net.pending, []
        key = net.ns.key if net.ns is not None else ""
        for action, network_id, attributes, linux in pending:
            linux = tuple(f"mount --bind /proc/{pid}/ns/net /var/run/docker/netns/{key}"
                          if op == f"ip netns add {key}" else op for op in linux)
            self.events.emit("network", action, network_id, attributes, linux)

    def _started(self, container) -> None:
        net: ContainerNet = container.network
        if net is None:
            net = self.configure(container)
        if net.running:
            return
        if net.mode.startswith("container:"):
            self._join_namespace(container, net)
            return
        first = net.configs[0].network if net.configs else "bridge"
        if first == "host" or net.mode == "host":
            self._start_shared(container, net, self.get("host"))
            return
        if first == "none" or net.mode == "none":
            ns = self._new_ns()
            net.ns, net.sandbox_id = ns, self.hex_id()
            self._join_null(container, net, self.get("none"), ns)
            return
        resolved = []
        for config in net.configs:
            # Once joined, a container remembers the network's id: a network removed and
            # made again under the same name is another network (the classic error).
            network = self.networks.get(config.network_id) if config.network_id else \
                self.find(config.network)
            if network is None:
                raise EngineError(f"{SETUP}network {config.network_id or config.network} "
                                  f"not found")
            resolved.append((network, config))
        ns = self._new_ns()
        net.ns, net.sandbox_id = ns, self.hex_id()
        joined: List[Endpoint] = []
        try:
            for network, config in resolved:
                joined.append(self._join(container, net, network, config, announce=False))
            self._set_gateway(net)
            self._publish(container, net)
        except EngineError as err:
            for endpoint in joined:
                self._leave(container, net, endpoint, announce=False)
            net.ns, net.sandbox_id, net.bindings = None, "", []
            if not str(err).startswith(SETUP):
                raise EngineError(f"{SETUP}{err}") from None
            raise
        for number, endpoint in enumerate(joined):
            ops = self._join_ops(container, net, endpoint, first=number == 0)
            self._event("connect", endpoint.network, ops, container=container.id)

    def _new_ns(self) -> NetNS:
        ns = NetNS(f"{self.rng.getrandbits(48):012x}")
        lo = ns.add(Interface("lo", "loopback", "00:00:00:00:00:00", mtu=65536))
        lo.addresses.append((ip_to_int("127.0.0.1"), 8))
        return ns

    def _container(self, ref: str):
        try:
            return self.containers.get(ref) if self.containers is not None else None
        except Exception:  # NotFound
            return None

    def _join_namespace(self, container, net: ContainerNet) -> None:
        """--network container:NAME: no namespace of its own; it enters the owner's (which
        must be running), and takes the owner's host name and /etc files as Docker does."""
        ref = net.mode.partition(":")[2]
        owner = self._container(ref)
        if owner is None:
            raise EngineError(f"joining network namespace of container: No such container: {ref}")
        owner_net: ContainerNet = owner.network
        if not owner.state.running or owner_net is None or not owner_net.running:
            raise EngineError("cannot join network namespace of a non running container: "
                              f"container {owner.name} is {owner.state.status}")
        net.owner, net.ns, net.sandbox_id = owner, owner_net.ns, ""
        container.config.hostname = owner.config.hostname
        container.config.domainname = owner.config.domainname

    def _start_shared(self, container, net: ContainerNet, network: Network) -> None:
        net.ns, net.sandbox_id = self.host, self.hex_id()
        endpoint = Endpoint(self.hex_id(), network, container)
        network.endpoints[container.id] = endpoint
        net.endpoints[network.name] = endpoint
        self._remember(net, network)
        # nothing to plug in: runc joined the host's namespace (setns) instead of making one
        self._event("connect", network, (), container=container.id)

    def _join_null(self, container, net: ContainerNet, network: Network, ns: NetNS) -> None:
        endpoint = Endpoint(self.hex_id(), network, container)
        network.endpoints[container.id] = endpoint
        net.endpoints[network.name] = endpoint
        self._remember(net, network)
        self._event("connect", network, (f"ip netns add {ns.key}",
                                         f"ip -n {ns.key} link set lo up"),
                    container=container.id)

    def _remember(self, net: ContainerNet, network: Network) -> None:
        config = net.config_for(network)
        if config is not None:
            config.network_id = network.id
            if config.network not in (network.name, network.id):
                config.network = network.name

    def _join(self, container, net: ContainerNet, network: Network, config: EndpointConfig,
              announce: bool = True) -> Endpoint:
        """One endpoint: an address, a veth pair, ethN in the container's namespace."""
        if network.driver != "bridge":
            raise EngineError(ERR_SHARED if network.driver == "host" else ERR_NONE)
        wanted = None
        if config.ipv4:
            wanted = ip_to_int(config.ipv4)
            if not network.subnet.contains(wanted):
                raise InvalidParameter(f"invalid endpoint settings:\nno configured subnet "
                                       f"contains IP address {config.ipv4}")
        ip = network.allocate(wanted)
        ns = net.ns
        index = ns.next_eth  # like libnetwork, a namespace never reuses an ethN number
        ns.next_eth += 1
        mac = config.mac or random_mac(self.rng)
        host_veth = self.host.add(Interface(self.veth_name(), "veth", random_mac(self.rng),
                                            txqlen=0))
        host_veth.master = network.bridge
        inside = ns.add(Interface(f"eth{index}", "veth", mac, txqlen=0))
        inside.addresses.append((ip, network.subnet.prefix))
        inside.peer, host_veth.peer = host_veth, inside
        ns.routes.append(Route(network.subnet, inside.name, src=ip, proto="kernel",
                               scope="link"))
        endpoint = Endpoint(self.hex_id(), network, container, ip=ip, mac=mac,
                            aliases=list(config.aliases), interface=inside, host_veth=host_veth)
        network.endpoints[container.id] = endpoint
        net.endpoints[network.name] = endpoint
        self._remember(net, network)
        if announce:
            self._set_gateway(net)
            self._event("connect", network, self._join_ops(container, net, endpoint, False),
                        container=container.id)
        return endpoint

    def _join_ops(self, container, net: ContainerNet, endpoint: Endpoint, first: bool) -> List[str]:
        key = net.ns.key
        veth, inside = endpoint.host_veth.name, endpoint.interface.name
        network = endpoint.network
        ops = []
        if first:
            ops += [f"ip netns add {key}", f"ip -n {key} link set lo up"]
        ops += [f"ip link add {veth} type veth peer name {inside} netns {key}",
                f"ip link set {veth} master {network.bridge.name}",
                f"ip link set {veth} up",
                f"ip -n {key} link set {inside} address {endpoint.mac}",
                f"ip -n {key} addr add {endpoint.ip_text}/{endpoint.prefix} brd "
                f"{int_to_ip(network.subnet.broadcast)} dev {inside}",
                f"ip -n {key} link set {inside} up"]
        if net.gateway_endpoint is endpoint:
            ops.append(f"ip -n {key} route add default via {int_to_ip(network.gateway)} "
                       f"dev {inside}")
        if network.user_defined and first:
            ops.append(f"ip netns exec {key} iptables -t nat -A DOCKER_OUTPUT -d 127.0.0.11/32 "
                       f"-p udp -m udp --dport 53 -j DNAT --to-destination 127.0.0.11:"
                       f"{40000 + int(key[:4], 16) % 20000}")
        for binding in net.bindings:
            if binding.endpoint is endpoint:
                ops += self._binding_ops(binding, add=True)
        return ops

    def _set_gateway(self, net: ContainerNet) -> None:
        """The default route goes through the first non-internal network, by name."""
        candidates = sorted((ep for ep in net.endpoints.values()
                             if ep.network.driver == "bridge" and not ep.network.internal),
                            key=lambda ep: ep.network.name)
        gateway = candidates[0] if candidates else None
        ns = net.ns
        ns.routes = [r for r in ns.routes if r.dst is not None]
        net.gateway_endpoint = gateway
        if gateway is not None:
            ns.routes.insert(0, Route(None, gateway.interface.name,
                                      via=gateway.network.gateway))

    def _leave(self, container, net: ContainerNet, endpoint: Endpoint, announce: bool = True
               ) -> List[str]:
        """Take one endpoint down; the Linux operations it took (and its event if announced)."""
        network = endpoint.network
        ops: List[str] = []
        for binding in [b for b in net.bindings if b.endpoint is endpoint]:
            ops += self._binding_ops(binding, add=False)
            net.bindings.remove(binding)
            if binding in self.bindings:
                self.bindings.remove(binding)
        if endpoint.host_veth is not None:
            ops.append(f"ip link del {endpoint.host_veth.name}")
            self.host.remove(endpoint.host_veth)
            net.ns.remove(endpoint.interface)
            network.release(endpoint.ip)
        network.endpoints.pop(container.id, None)
        net.endpoints.pop(network.name, None)
        if net.gateway_endpoint is endpoint and net.ns is not None and net.ns is not self.host:
            self._set_gateway(net)
        if announce:
            self._event("disconnect", network, ops, container=container.id)
        return ops

    def stopped(self, container) -> None:
        """PID 1 is gone: endpoints, published ports and the namespace go with it."""
        net: ContainerNet = getattr(container, "network", None)
        if net is None or not net.running:
            return
        if net.owner is not None:  # the namespace stays with its owner; only our sockets go
            for listener in list(net.ns.listeners):
                if listener.process is not None and \
                        listener.process.ctx.system.container is container:
                    listener.close()
            net.ns, net.owner = None, None
            return
        endpoints = list(net.endpoints.values())
        for number, endpoint in enumerate(endpoints):
            ops = self._leave(container, net, endpoint, announce=False)
            if number == len(endpoints) - 1 and net.ns is not self.host:
                ops.append(f"umount /var/run/docker/netns/{net.ns.key}")  # the daemon's handle (SetKey)
            self._event("disconnect", endpoint.network, ops, container=container.id)
        if net.ns is not self.host:
            for listener in net.ns.listeners:
                listener.close()
        else:
            for listener in net.ns.listeners:
                if listener.process is not None and \
                        listener.process.ctx.system.container is container:
                    listener.close()
        net.ns, net.sandbox_id, net.bindings, net.gateway_endpoint = None, "", [], None
        net.endpoints = {}

    # -- connect / disconnect ---------------------------------------------------
    def connect(self, ref: str, container, aliases: Sequence[str] = (), ip: str = "",
                links: Sequence[str] = ()) -> None:
        """`docker network connect`: at once if it runs, else from its next start. ``links``
        (NAME:ALIAS) are names only this container resolves on that network."""
        network = self.get(ref)
        net: ContainerNet = container.network or self.configure(container)
        if aliases and network.predefined:
            raise InvalidParameter(ERR_ALIAS)
        if ip and (network.predefined):
            raise InvalidParameter(ERR_IP)
        if net.mode.startswith("container:"):
            raise InvalidParameter(ERR_SHARED)
        current = [self.find(c.network_id or c.network) for c in net.configs]
        if network.driver == "host" and net.mode != "host":
            raise InvalidParameter(ERR_HOST)
        for other in current:
            if other is None or other.id == network.id:
                continue
            if other.driver == "host" or network.driver == "host":
                raise InvalidParameter(ERR_SHARED)
            if other.driver == "null" or network.driver == "null":
                raise InvalidParameter(ERR_NONE)
        config = net.config_for(network)
        if net.running:
            if network.name in net.endpoints:
                raise Conflict(f"endpoint with name {container.name} already exists in network "
                               f"{network.name}")
            if config is None:
                config = EndpointConfig(network.name, list(aliases), ip)
                net.configs.append(config)
            config.links = list(links)
            self._join(container, net, network, config)
            self._refresh_etc(container)
            return
        if config is not None:
            config.aliases = list(aliases) or config.aliases
            config.links = list(links) or config.links
            return
        net.configs.append(EndpointConfig(network.name, list(aliases), ip, network.id,
                                          links=list(links)))

    def disconnect(self, ref: str, container, force: bool = False) -> None:
        network = self.find(ref)
        net: ContainerNet = container.network
        if network is None:
            if force and net is not None:
                net.configs = [c for c in net.configs if c.network != ref]
                return
            raise NotFound(f"network {ref} not found")
        if network.driver == "host":
            raise InvalidParameter(ERR_HOST)
        if net is not None and net.running:
            endpoint = net.endpoints.get(network.name)
            if endpoint is None:
                raise EngineError(f"container {container.id} is not connected to network "
                                  f"{network.name}")
            self._leave(container, net, endpoint)
            net.configs = [c for c in net.configs if c is not net.config_for(network)]
            self._refresh_etc(container)
            return
        config = net.config_for(network) if net is not None else None
        if config is None:
            raise EngineError(f"container {container.id} is not connected to the network "
                              f"{network.name}")
        net.configs.remove(config)

    # -- published ports --------------------------------------------------------
    def _publish(self, container, net: ContainerNet) -> None:
        endpoint = net.gateway_endpoint
        specs = container.host_config.port_bindings
        if endpoint is None or not specs:
            return
        planned: List[Binding] = []
        for port_proto in sorted(specs, key=_port_order):
            number, _, proto = port_proto.partition("/")
            for spec in specs[port_proto]:
                host_ip = spec.get("HostIp") or ""
                families = ["0.0.0.0", "::"] if host_ip in ("", "0.0.0.0") and not spec.get(
                    "HostIp") else [host_ip]
                host_port = self._host_port(proto or "tcp", spec.get("HostPort") or "",
                                            families, planned, container, endpoint)
                for address in families:
                    planned.append(Binding(proto or "tcp", address, host_port, endpoint,
                                           int(number)))
        net.bindings = planned
        self.bindings += planned

    def _host_port(self, proto: str, wanted: str, families: List[str], planned, container,
                   endpoint) -> int:
        def free(port: int) -> bool:
            for binding in self.bindings + planned:
                if binding.proto != proto or binding.host_port != port:
                    continue
                for address in families:
                    fam = 6 if ":" in address else 4
                    if binding.family == fam and (
                            binding.host_ip in ("0.0.0.0", "::") or address in ("0.0.0.0", "::")
                            or binding.host_ip == address):
                        return False
            return True

        if wanted:
            low, _, high = wanted.partition("-")
            start, end = int(low), int(high or low)
            for port in range(start, end + 1):
                if free(port):
                    return port
            shown = families[0] if families[0] != "::" else "[::]"
            raise EngineError(f"{SETUP}driver failed programming external connectivity on "
                              f"endpoint {container.name} ({endpoint.id}): Bind for "
                              f"{shown}:{end if start == end else wanted} failed: port is "
                              f"already allocated")
        low, high = EPHEMERAL_PORTS
        port = self._last_port[proto]
        for _ in range(high - low + 1):
            port = port + 1 if port < high else low
            if free(port):
                self._last_port[proto] = port
                return port
        raise EngineError(f"{SETUP}no available ports in the range {low}-{high}")

    def _binding_ops(self, binding: Binding, add: bool) -> List[str]:
        endpoint = binding.endpoint
        bridge = endpoint.network.bridge.name
        flag = "-A" if add else "-D"
        proxy = (f"docker-proxy -proto {binding.proto} -host-ip {binding.host_ip} -host-port "
                 f"{binding.host_port} -container-ip {endpoint.ip_text} -container-port "
                 f"{binding.container_port}")
        stop_proxy = f"pkill -f '{proxy}'"
        if binding.family == 6:
            return [proxy if add else stop_proxy]
        dst = "" if binding.host_ip == "0.0.0.0" else f"-d {binding.host_ip}/32 "
        ops = [f"iptables -t nat {flag} DOCKER {dst}! -i {bridge} -p {binding.proto} -m "
               f"{binding.proto} --dport {binding.host_port} -j DNAT --to-destination "
               f"{endpoint.ip_text}:{binding.container_port}",
               f"iptables {flag} DOCKER -d {endpoint.ip_text}/32 ! -i {bridge} -o {bridge} -p "
               f"{binding.proto} -m {binding.proto} --dport {binding.container_port} -j ACCEPT"]
        ops.append(proxy if add else stop_proxy)
        return ops

    # -- /etc files ---------------------------------------------------------------
    def _refresh_etc(self, container) -> None:
        """After connect/disconnect, rewrite /etc/hosts and resolv.conf (unless edited)."""
        mounts = getattr(container.fs, "mounts", None)
        net: ContainerNet = container.network
        if mounts is None:
            return
        generated = dict(net.etc)
        fresh = etc.files(container, self)
        net.etc = generated
        for name, content in fresh.items():
            mount = mounts.find(f"/etc/{name}")
            if mount is None:
                continue
            provider = mount.provider
            current = provider.entry.content if hasattr(provider, "entry") else None
            if current == generated.get(name) and current != content:
                provider.entry = provider.entry.with_changes(data=content, size=len(content))
                net.etc[name] = content

    # -- data for `inspect`, `port`, `stats` -------------------------------------
    def io(self, container) -> Tuple[int, int]:
        """(received, sent) bytes on the container's interfaces, lo excluded (stats NET I/O)."""
        net: ContainerNet = getattr(container, "network", None)
        if net is None or not net.running or net.ns is self.host:
            return 0, 0
        rx = sum(i.rx_bytes for i in net.ns.interfaces if i.name != "lo")
        tx = sum(i.tx_bytes for i in net.ns.interfaces if i.name != "lo")
        return rx, tx


def _port_order(port: str):
    number, _, proto = port.partition("/")
    return (proto, int(number) if number.isdigit() else 0)


__all__ = ["Networks", "ContainerNet", "Binding", "HOST_NAME", "SETUP", "check_joined_network"]
