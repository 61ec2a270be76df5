"""Legacy links (`run --link NAME[:ALIAS]`), as the daemon of Docker 28 keeps them.

Facts from moby v28.2.2 (daemon/daemon_unix.go registerLinks, container_operations_unix.go,
daemon/links/links.go):
- the linked container is found when the container is created ("could not get container
  for NAME"); the link is named /PARENT/ALIAS, and inspect shows it as "/CHILD:/PARENT/ALIAS";
- on the default bridge, the start needs the linked container running ("Cannot link to a
  non running container: /CHILD AS /PARENT/ALIAS") and on that network too; the container's
  /etc/hosts then names it "IP<TAB>ALIAS HOSTNAME [NAME]", and its processes get the
  ALIAS_PORT..., ALIAS_NAME and ALIAS_ENV_... variables;
- on a user-defined network a link is only an extra DNS name for the linking container.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List, Optional, Sequence, Tuple

from ..errors import Conflict, InvalidParameter, NotFound

if TYPE_CHECKING:  # type aliases, for annotations only
    Link = Tuple[str, str, str]  # (child id, child name "/db", link name "/web/db")

HOST_NETWORK = ("conflicting options: host type networking can't be used with links. This "
                "would result in undefined behavior")


def parse(spec: str) -> Tuple[str, str]:
    """NAME[:ALIAS] (a leading / allowed): the container and the name it is linked as."""
    parts = spec.split(":")
    if len(parts) > 2 or not parts[0]:
        raise InvalidParameter(f"invalid link format: {spec}")
    name = parts[0].lstrip("/")
    alias = (parts[1] if len(parts) == 2 else name).lstrip("/")
    return name, alias


def resolve(containers, specs: Sequence[str]) -> List[Link]:
    """The links of a container being created, each checked as the daemon checks it:
    (child id, "/child", alias); the link's name is "/PARENT/ALIAS" once the parent has one."""
    found: List[Link] = []
    for spec in specs:
        name, alias = parse(spec)
        try:
            child = containers.get(name)
        except NotFound as err:
            raise InvalidParameter(f"could not get container for {name}: {err}") from None
        if child.host_config.network_mode == "host":
            raise InvalidParameter(HOST_NETWORK)
        found.append((child.id, "/" + child.name, alias))
    return found


def unlink(containers, name: str) -> None:
    """`rm --link /PARENT/ALIAS`: the link goes, both containers stay (daemon's rmLink).
    The daemon looks the name up as a container's first (a link name is one of its names)."""
    name = name if name.startswith("/") else "/" + name
    parent_name = name.rpartition("/")[0]
    parent = next((c for c in containers
                   if any(link[2] == name for link in c.host_config.links)), None)
    if parent is None:
        if not parent_name and containers.find(name) is not None:
            raise Conflict("Conflict, cannot remove the default link name of the container")
        raise NotFound(f"No such container: {name}")
    parent.host_config.links = [link for link in parent.host_config.links if link[2] != name]


def legacy_network(mode: str) -> bool:
    """Whether links on this --network are legacy ones (not names on a user network)."""
    return mode in ("", "bridge", "default", "none", "host") or mode.startswith("container:")


def on_default_bridge(container) -> bool:
    return container.host_config.network_mode in ("bridge", "default")


def children(container, containers) -> List[Tuple[object, str]]:
    """(linked container, link name) for each link that still has its container."""
    found = []
    for child_id, _, link_name in container.host_config.links:
        child = containers.find(child_id)
        if child is not None:  # a removed container's link is gone with it
            found.append((child, link_name))
    return found


def check_start(container, containers) -> None:
    """What the start of a container with links on the default bridge needs."""
    if not on_default_bridge(container):
        return
    for child, link_name in children(container, containers):
        if not on_default_bridge(child):
            raise Conflict(f"Cannot link to /{child.name}, as it does not belong to the default "
                           f"network")
        if not child.state.running:
            raise Conflict(f"Cannot link to a non running container: /{child.name} AS "
                           f"{link_name}")


def bridge_ip(container) -> Optional[str]:
    from ..network.addresses import int_to_ip
    net = container.network
    endpoint = net.endpoints.get("bridge") if net is not None else None
    return int_to_ip(endpoint.ip) if endpoint is not None and endpoint.ip is not None else None


def hosts_lines(container, containers) -> List[str]:
    """The /etc/hosts lines the links add, after the container's own."""
    lines = []
    if not on_default_bridge(container):
        return lines
    for child, link_name in children(container, containers):
        ip = bridge_ip(child)
        if ip is None:
            continue
        alias = link_name.rsplit("/", 1)[1]
        names = f"{alias} {child.config.hostname}"
        if alias != child.name:
            names += f" {child.name}"
        lines.append(f"{ip}\t{names}\n")
    return lines


def env_vars(container, containers) -> List[str]:
    """ALIAS_PORT=tcp://IP:PORT and the others, for every link (default bridge only)."""
    if not on_default_bridge(container):
        return []
    parent_ip = bridge_ip(container) or ""
    found: List[str] = []
    for child, link_name in children(container, containers):
        found += link_env(parent_ip, bridge_ip(child) or "", link_name, list(child.config.env),
                          list(child.config.exposed_ports or {}))
    return found


def _port_key(port: str):
    number, _, proto = port.partition("/")
    proto = proto or "tcp"
    return (proto.lower() != "tcp", proto.lower(), int(number))


def link_env(parent_ip: str, child_ip: str, name: str, child_env: List[str],
             exposed: List[str]) -> List[str]:
    """links.ToEnv: the first port, each port's four variables (tcp ones first, by number),
    a range's START/END once it is contiguous, the link's name, the child's environment."""
    alias = name.rsplit("/", 1)[-1].upper().replace("-", "_")
    ports = sorted(exposed, key=_port_key)
    env: List[str] = []
    start = end = None
    for i, port in enumerate(ports):
        number, _, proto = port.partition("/")
        proto = proto or "tcp"
        if i == 0:
            start = end = port
            env.append(f"{alias}_PORT={proto}://{child_ip}:{number}")
        prefix = f"{alias}_PORT_{number}_{proto.upper()}"
        env += [f"{prefix}={proto}://{child_ip}:{number}", f"{prefix}_ADDR={child_ip}",
                f"{prefix}_PORT={number}", f"{prefix}_PROTO={proto}"]
        end_number, _, end_proto = end.partition("/")
        start_proto = start.partition("/")[2] or "tcp"
        if int(number) == int(end_number) + 1 and proto.lower() == start_proto.lower():
            end = port
            if i < len(ports) - 1:
                continue
        if end != start:
            s_number, _, s_proto = start.partition("/")
            e_number, _, e_proto = end.partition("/")
            s_proto, e_proto = s_proto or "tcp", e_proto or "tcp"
            prefix = f"{alias}_PORT_{s_number}_{s_proto.upper()}"
            env += [f"{prefix}_START={s_proto}://{child_ip}:{s_number}",
                    f"{prefix}_PORT_START={s_number}",
                    f"{prefix}_END={e_proto}://{child_ip}:{e_number}",
                    f"{prefix}_PORT_END={e_number}"]
        start = end = port
    env.append(f"{alias}_NAME={name}")
    for item in child_env:
        key, eq, value = item.partition("=")
        if eq and key not in ("HOME", "PATH"):
            env.append(f"{alias}_ENV_{key}={value}")
    return env
