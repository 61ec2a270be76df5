"""Container networking: Docker's networks, IPAM, veth pairs, DNS, published ports.

The engine owns one ``Networks`` (``engine.networks``); the runtime calls it
when a container starts and stops; programs reach the network through
``ctx.system.network`` (a ``NetStack``).
"""

from .addresses import Subnet, int_to_ip, ip_to_int, random_mac
from .errors import NetError, ResolveError
from .manager import HOST_NAME, ContainerNet, Networks
from .stack import Connection, NetStack, Peer


def published_ports(container) -> dict:
    """NetworkSettings.Ports of a running container ({} when it is not running)."""
    net = getattr(container, "network", None)
    if net is None or not net.running:
        return {}
    ports = {}
    for binding in net.bindings:
        key = f"{binding.container_port}/{binding.proto}"
        ports.setdefault(key, []).append({"HostIp": binding.host_ip,
                                          "HostPort": str(binding.host_port)})
    return ports


__all__ = ["Networks", "ContainerNet", "NetStack", "Connection", "Peer", "NetError",
           "ResolveError", "Subnet", "int_to_ip", "ip_to_int", "random_mac", "HOST_NAME",
           "published_ports"]
