"""The daemon's JSON for networks: `network inspect`, and a container's NetworkSettings.

Field names and order are Docker 28's (API 1.48+): a container's entry in
NetworkSettings.Networks has GwPriority and DNSNames; the deprecated top-level
fields (IPAddress, Gateway, MacAddress ...) are only filled in for the default
bridge network.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, List, Optional

from ..clock import rfc3339
from .addresses import int_to_ip


def network(networks, net) -> dict:
    """`docker network inspect NET` (one element of the list)."""
    if net.subnet is not None:
        config = [{"Subnet": str(net.subnet), "Gateway": int_to_ip(net.gateway)}]
    else:
        config = None
    containers = {}
    for cid, endpoint in net.endpoints.items():
        containers[cid] = {
            "Name": endpoint.container.name,
            "EndpointID": endpoint.id,
            "MacAddress": endpoint.mac,
            "IPv4Address": f"{endpoint.ip_text}/{endpoint.prefix}" if endpoint.ip is not None
            else "",
            "IPv6Address": "",
        }
    return {
        "Name": net.name,
        "Id": net.id,
        "Created": rfc3339(net.created),
        "Scope": net.scope,
        "Driver": net.driver,
        "EnableIPv4": True,
        "EnableIPv6": False,
        "IPAM": {"Driver": "default", "Options": net.ipam_options, "Config": config},
        "Internal": net.internal,
        "Attachable": net.attachable,
        "Ingress": net.ingress,
        "ConfigFrom": {"Network": ""},
        "ConfigOnly": False,
        "Containers": containers,
        "Options": dict(net.options),
        "Labels": dict(net.labels),
    }


def _endpoint_settings(config, endpoint) -> dict:
    aliases = list(config.aliases) or None
    ipam = {"IPv4Address": config.ipv4} if config.ipv4 else None
    data = {
        "IPAMConfig": ipam,
        "Links": list(config.links) or None,
        "Aliases": aliases,
        "MacAddress": endpoint.mac if endpoint is not None else config.mac,  # a --mac-address stays
        "DriverOpts": None,
        "GwPriority": 0,
        "NetworkID": config.network_id,
        "EndpointID": endpoint.id if endpoint is not None else "",
        "Gateway": "",
        "IPAddress": "",
        "IPPrefixLen": 0,
        "IPv6Gateway": "",
        "GlobalIPv6Address": "",
        "GlobalIPv6PrefixLen": 0,
        "DNSNames": None,
    }
    if endpoint is not None and endpoint.ip is not None:
        net = endpoint.network
        if not net.internal:
            data["Gateway"] = int_to_ip(net.gateway)
        data["IPAddress"] = endpoint.ip_text
        data["IPPrefixLen"] = endpoint.prefix
        data["DNSNames"] = list(endpoint.dns_names) or None
    return data


def container_settings(networks, container, ports: Optional[Dict[str, list]] = None) -> dict:
    """A container's NetworkSettings (`docker inspect`)."""
    net = getattr(container, "network", None)
    running = net is not None and net.running
    settings = {
        "Bridge": "",
        "SandboxID": net.sandbox_id if running else "",
        "SandboxKey": net.sandbox_key if running else "",
        "Ports": ports if ports is not None else {},
        "HairpinMode": False,
        "LinkLocalIPv6Address": "",
        "LinkLocalIPv6PrefixLen": 0,
        "SecondaryIPAddresses": None,
        "SecondaryIPv6Addresses": None,
        "EndpointID": "",
        "Gateway": "",
        "GlobalIPv6Address": "",
        "GlobalIPv6PrefixLen": 0,
        "IPAddress": "",
        "IPPrefixLen": 0,
        "IPv6Gateway": "",
        "MacAddress": "",
        "Networks": {},
    }
    if net is None:
        return settings
    for config in net.configs:
        found = networks.networks.get(config.network_id) if config.network_id else \
            networks.find(config.network)
        name = found.name if found is not None else config.network
        endpoint = net.endpoints.get(name) if running else None
        settings["Networks"][name] = _endpoint_settings(config, endpoint)
        if name == "bridge" and endpoint is not None and endpoint.ip is not None:
            settings["EndpointID"] = endpoint.id
            settings["Gateway"] = int_to_ip(endpoint.network.gateway)
            settings["IPAddress"] = endpoint.ip_text
            settings["IPPrefixLen"] = endpoint.prefix
            settings["MacAddress"] = endpoint.mac
    return settings


def port_lines(published: Dict[str, List[dict]], wanted: str = "") -> List[str]:
    """`docker port`: "80/tcp -> 0.0.0.0:8080" (or just the address for one port)."""
    lines = []
    for port in sorted(published, key=_order):
        if wanted and port != wanted:
            continue
        for binding in published[port]:
            ip = binding["HostIp"]
            shown = f"[{ip}]" if ":" in ip else ip
            address = f"{shown}:{binding['HostPort']}"
            lines.append(address if wanted else f"{port} -> {address}")
    return lines


def _order(port: str):
    number, _, proto = port.partition("/")
    return (int(number) if number.isdigit() else 0, proto)


__all__ = ["network", "container_settings", "port_lines"]
