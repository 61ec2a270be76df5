"""Container networking: Docker's networks, IPAM, veth pairs, DNS, published ports.

The engine owns one ``Networks`` (``engine.networks``); the runtime calls it
when a container starts and stops; programs reach the network through
``ctx.system.network`` (a ``NetStack``).
"""

from ..lazy import names_from
from .addresses import Subnet, int_to_ip, ip_to_int, random_mac
from .manager import HOST_NAME, ContainerNet, Networks

# What a program's sockets, names and ping use, loaded when first asked for (`from
# engine.network import NetStack`): a container that starts and runs without touching
# the network needs only the manager above.
__getattr__ = names_from(globals(), {"Connection": "stack", "NetStack": "stack", "Peer": "stack",
                                     "NetError": "errors", "ResolveError": "errors"})


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
