"""`netmap`: the host's bridges, the veth pairs on them and the containers at their ends.

Each bridge network is a Linux bridge in the host's network namespace (docker0 for the
default one, br-<id> for a user-defined one) with its subnet and gateway address. Each
running container on it has a veth pair: the host end (vethXXXXXXX) plugged into the
bridge, the other end moved into the container's namespace as ethN. Under it: the
container's address, the ports published to it (docker-proxy and the DNAT rules send
host:port there) and, on a user-defined network, the names Docker's embedded DNS
server (127.0.0.11) answers for it.
"""

from __future__ import annotations

from engine.network.addresses import int_to_ip

from ..render.picture import Node, Picture, tree
from .processes import running


def _address(interface) -> str:
    address, prefix = interface.ipv4
    return f"{int_to_ip(address)}/{prefix}"


def network_picture(engine) -> Picture:
    networks = engine.networks
    host = networks.host
    eth0 = host.get("eth0")
    root = Node([("title", networks.host_name), ("dim", "  the host's network namespace  "),
                 ("host", "eth0"), ("dim", " "), ("number", _address(eth0))])
    containers = running(engine)
    bridges = sorted((n for n in networks if n.driver == "bridge"),
                     key=lambda n: (n.user_defined, n.name))
    for network in bridges:
        kind = "user-defined: DNS by name at 127.0.0.11" if network.user_defined else \
            "the default bridge: no DNS by name"
        node = root.add(("host", network.bridge_name), ("dim", "  network "),
                        ("name", network.name), ("dim", "  subnet "), ("number", str(network.subnet)),
                        ("dim", "  gateway "), ("number", int_to_ip(network.gateway)),
                        ("dim", f"  {kind}"))
        joined = [(network.endpoints[c.id], c) for c in containers if c.id in network.endpoints]
        for endpoint, container in sorted(joined, key=lambda pair: pair[0].ip or 0):
            if endpoint.interface is not None:
                _endpoint(node, container, endpoint, containers)
    for mode, text in (("host", "no namespace of its own: the host's (--network host)"),
                       ("none", "its own namespace with only lo (--network none)")):
        on = [c for c in containers if c.network is not None and mode in c.network.endpoints]
        if on:
            node = root.add(("name", mode), ("dim", f"  {text}"))
            for container in on:
                node.add(("name", container.name))
    picture = Picture()
    return tree(picture, root)


def _endpoint(node: Node, container, endpoint, containers) -> None:
    inside = endpoint.interface
    item = node.add(("host", endpoint.host_veth.name), ("frame", " ↔ "), ("host", inside.name),
                    ("dim", " in "), ("name", container.name), ("dim", "  "),
                    ("number", _address(inside)), ("dim", f"  {endpoint.mac}"))
    for binding in container.network.bindings:
        if binding.endpoint is endpoint:
            host_ip = f"[{binding.host_ip}]" if ":" in binding.host_ip else binding.host_ip
            item.notes.append([("dim", "port  "), ("number", f"{host_ip}:{binding.host_port}"),
                               ("frame", " → "),
                               ("number", f"{endpoint.ip_text}:{binding.container_port}"),
                               ("dim", f"/{binding.proto}")])
    if endpoint.dns_names:
        item.notes.append([("dim", "dns   "), ("id", ", ".join(endpoint.dns_names))])
    guests = [c.name for c in containers if c.network is not None
              and c.network.owner is container]
    if guests:
        item.notes.append([("dim", "also  "), ("name", ", ".join(guests)),
                           ("dim", " (--network container:" + container.name + ")")])


__all__ = ["network_picture"]
