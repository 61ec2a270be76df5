"""Published ports (-p) as Docker records them: "80/tcp" -> [{"HostIp", "HostPort"}].

Parsing follows go-connections' nat.ParsePortSpecs: ``[ip:][hostPort:]containerPort[/proto]``
with ranges. Host ports left empty are given an ephemeral port when the
container starts (Docker takes them from 32768 upwards on Linux).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, List, Tuple

from ..errors import InvalidParameter

PROTOCOLS = ("tcp", "udp", "sctp")
EPHEMERAL_START = 32768


def _port_range(text: str, what: str) -> Tuple[int, int]:
    low, dash, high = text.partition("-")
    try:
        start = int(low)
        end = int(high) if dash else start
    except ValueError:
        raise InvalidParameter(f"invalid {what}: {text}") from None
    if not (0 <= start <= 65535 and 0 <= end <= 65535) or end < start:
        raise InvalidParameter(f"invalid {what}: {text}")
    return start, end


def _is_address(text: str) -> bool:
    import ipaddress  # only a -p with a host IP asks (1 ms of a start otherwise)
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def parse_publish(specs: List[str]) -> Dict[str, List[dict]]:
    bindings: Dict[str, List[dict]] = {}
    for spec in specs:
        rest, _, proto = spec.partition("/")
        proto = proto or "tcp"
        if proto not in PROTOCOLS:
            raise InvalidParameter(f"invalid proto: {proto}")
        ip = ""
        if rest.startswith("["):  # [::1]:8080:80
            close = rest.find("]")
            ip, rest = rest[1:close], rest[close + 2:]
        parts = rest.split(":")
        if len(parts) == 1:
            host, container = "", parts[0]
        elif len(parts) == 2:
            host, container = parts
        elif ip:
            raise InvalidParameter(f"invalid port specification: {spec!r}".replace("'", '"'))
        else:  # everything before the last two parts is the address (splitParts)
            ip, host, container = ":".join(parts[:-2]), parts[-2], parts[-1]
        if ip and not _is_address(ip):
            raise InvalidParameter(f"invalid IP address: {ip}")
        if not container:
            raise InvalidParameter(f"no port specified: {spec}<empty>")
        c_start, c_end = _port_range(container, "containerPort")
        if host:
            h_start, h_end = _port_range(host, "hostPort")
            if h_end - h_start != c_end - c_start and h_start != h_end:
                raise InvalidParameter(f"invalid ranges specified for container and host "
                                       f"Ports: {container} and {host}")
        for offset, port in enumerate(range(c_start, c_end + 1)):
            host_port = ""
            if host:
                host_port = str(h_start + offset) if h_end > h_start else str(h_start)
            bindings.setdefault(f"{port}/{proto}", []).append({"HostIp": ip, "HostPort": host_port})
    return bindings
