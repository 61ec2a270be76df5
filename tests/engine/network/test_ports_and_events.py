"""Published ports (-p, -P, conflicts, ephemeral ports) and the events networking emits."""

import pytest

from engine import EngineError
from engine.network import NetStack, published_ports
from engine.network.documents import port_lines
from engine.network.http import Request, Response


def host_get(world, port, path="/", address="127.0.0.1"):
    """What the host's own curl would get from a published port."""
    stack = NetStack(world.networks)
    connection = stack.connect(address, port)
    request = Request("GET", path, "HTTP/1.1", [("Host", f"localhost:{port}"),
                                                ("User-Agent", "test")])
    return Response.parse(connection.exchange(request.encode()))


def test_publish_maps_both_families_and_port_lists_them(world):
    web = world.web(publish=["8080:80"])
    assert published_ports(web) == {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"},
                                               {"HostIp": "::", "HostPort": "8080"}]}
    assert port_lines(published_ports(web)) == ["80/tcp -> 0.0.0.0:8080", "80/tcp -> [::]:8080"]
    assert port_lines(published_ports(web), "80/tcp") == ["0.0.0.0:8080", "[::]:8080"]
    response = host_get(world, 8080)
    assert response.status == 200 and b"Welcome to nginx!" in response.body
    assert host_get(world, 8080, address="::1").status == 200


def test_the_page_changes_when_the_container_file_changes(world):
    web = world.web(publish=["8080:80"])
    web.fs.write("/usr/share/nginx/html/index.html", b"<h1>copied up</h1>\n")
    response = host_get(world, 8080)
    assert response.body == b"<h1>copied up</h1>\n"
    assert response.header("Content-Length") == "19"
    assert ("C", "/usr/share/nginx/html/index.html") in [(k, p) for k, p in
                                                          world.engine.diff("web")]


def test_a_taken_host_port_is_refused_with_dockers_words(world):
    world.web(publish=["8080:80"])
    second = world.engine.create("nginx", ["-g", "daemon off;"], entrypoint=["nginx"],
                                 name="web2", publish=["8080:80"])
    with pytest.raises(EngineError) as info:
        world.engine.start("web2")
    endpoint_text = str(info.value)
    assert endpoint_text.startswith("failed to set up container networking: driver failed "
                                    "programming external connectivity on endpoint web2 (")
    assert endpoint_text.endswith("): Bind for 0.0.0.0:8080 failed: port is already allocated")
    assert second.state.status == "created"
    assert world.networks.get("bridge").endpoints.keys() == {world.engine.container("web").id}


def test_ephemeral_ports_count_up_from_32768_and_127_0_0_1_bindings(world):
    a = world.web("a1", publish=["80"])
    b = world.web("b1", publish_all=True)
    c = world.web("c1", publish=["127.0.0.1:9000:80"])
    assert published_ports(a)["80/tcp"][0]["HostPort"] == "32768"
    assert published_ports(b)["80/tcp"][0]["HostPort"] == "32769"
    assert published_ports(c) == {"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "9000"}]}
    world.engine.stop("a1", timeout=0)
    assert published_ports(a) == {}
    d = world.web("d1", publish=["80"])
    assert published_ports(d)["80/tcp"][0]["HostPort"] == "32770"  # the allocator moves on


def test_a_published_port_nobody_listens_on_resets_through_the_proxy(world):
    world.run("idle", publish=["8081:80"])
    stack = NetStack(world.networks)
    connection = stack.connect("127.0.0.1", 8081)
    from engine.network.errors import ECONNRESET, NetError
    with pytest.raises(NetError) as info:
        connection.exchange(b"GET / HTTP/1.1\r\n\r\n")
    assert info.value.errno == ECONNRESET


def test_host_mode_discards_published_ports(world):
    c = world.run("hostly", network="host", publish=["8080:80"])
    assert published_ports(c) == {}


def test_network_events_and_their_linux_operations(world):
    net = world.networks.create("evnet")
    c = world.run("ev", network="evnet", publish=["8080:80"])
    pid, key = c.state.pid, c.network.sandbox_key
    world.engine.stop("ev", timeout=0)
    world.networks.remove("evnet")
    events = [e for e in world.engine.events if e.type == "network"]
    assert [e.action for e in events] == ["create", "connect", "disconnect", "destroy"]
    assert all(e.actor == net.id for e in events)
    assert events[0].attributes == {"name": "evnet", "type": "bridge"}
    assert events[1].attributes == {"name": "evnet", "type": "bridge", "container": c.id}
    bridge = f"br-{net.id[:12]}"
    assert events[0].linux[0] == f"ip link add {bridge} type bridge"
    connect = events[1].linux
    veth = next(op.split()[3] for op in connect if op.startswith("ip link add veth"))
    assert f"ip link add {veth} type veth peer name eth0 netns " in " ".join(connect)
    assert f"ip link set {veth} master {bridge}" in connect
    # Docker 28: runc's clone made the namespace; the daemon adopts it (SetKey), then plugs in
    assert connect[0] == f"mount --bind /proc/{pid}/ns/net {key}"
    assert (f"iptables -t nat -A DOCKER ! -i {bridge} -p tcp -m tcp --dport 8080 -j DNAT "
            f"--to-destination 172.18.0.2:80") in connect
    assert f"ip link del {veth}" in events[2].linux
    order = [(e.type, e.action) for e in world.engine.events if e.actor in (c.id, net.id)]
    assert order.index(("network", "connect")) < order.index(("container", "start"))
    assert order.index(("container", "die")) < order.index(("network", "disconnect"))


def test_inspect_documents(world):
    from engine.network import documents
    world.networks.create("docs", labels={"team": "a"})
    c = world.run("doc", network="docs", network_aliases=["alias1"])
    doc = documents.network(world.networks, world.networks.get("docs"))
    assert list(doc) == ["Name", "Id", "Created", "Scope", "Driver", "EnableIPv4", "EnableIPv6",
                         "IPAM", "Internal", "Attachable", "Ingress", "ConfigFrom", "ConfigOnly",
                         "Containers", "Options", "Labels"]
    assert doc["IPAM"] == {"Driver": "default", "Options": {},
                           "Config": [{"Subnet": "172.18.0.0/16", "Gateway": "172.18.0.1"}]}
    member = doc["Containers"][c.id]
    assert member["Name"] == "doc" and member["IPv4Address"] == "172.18.0.2/16"
    settings = documents.container_settings(world.networks, c)
    entry = settings["Networks"]["docs"]
    assert list(entry) == ["IPAMConfig", "Links", "Aliases", "MacAddress", "DriverOpts",
                           "GwPriority", "NetworkID", "EndpointID", "Gateway", "IPAddress",
                           "IPPrefixLen", "IPv6Gateway", "GlobalIPv6Address",
                           "GlobalIPv6PrefixLen", "DNSNames"]
    assert entry["Aliases"] == ["alias1"]
    assert entry["DNSNames"] == ["doc", "alias1", c.id[:12]]
    assert settings["IPAddress"] == ""  # the deprecated fields are the default bridge's only
    assert settings["SandboxKey"].startswith("/var/run/docker/netns/")
    world.engine.stop("doc", timeout=0)
    stopped = documents.container_settings(world.networks, c)["Networks"]["docs"]
    assert stopped["IPAddress"] == "" and stopped["NetworkID"] == doc["Id"]
    bridge = documents.network(world.networks, world.networks.get("bridge"))
    assert bridge["Options"]["com.docker.network.bridge.name"] == "docker0"
    assert bridge["IPAM"]["Options"] is None
