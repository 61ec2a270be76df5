"""Name resolution as Docker does it, and who can reach whom."""

from engine.network.etc import RESOLV_INTERNAL, RESOLV_LEGACY


def test_embedded_dns_on_a_user_network_resolves_names_aliases_and_short_ids(world):
    world.networks.create("app")
    db = world.run("db", network="app", network_aliases=["database"])
    world.run("client", network="app")
    ip = db.network.endpoints["app"].ip_text
    for name in ("db", "database", db.id[:12], "db.app", "DB"):
        status, out, err = world.sh("client", "ping", "-c", "1", name)
        assert status == 0, (name, err)
        assert out.startswith(f"PING {name} ({ip}): 56 data bytes\n")
    status, out, _ = world.sh("client", "cat", "/etc/resolv.conf")
    assert out == RESOLV_INTERNAL
    assert db.network.endpoints["app"].dns_names == ["db", "database", db.id[:12]]


def test_default_bridge_has_no_dns_for_containers_only_etc_hosts(world):
    first = world.run("first")
    world.run("second")
    status, out, err = world.sh("second", "ping", "-c", "1", "first")
    assert (status, out, err) == (1, "", "ping: bad address 'first'\n")
    status, out, _ = world.sh("second", "cat", "/etc/resolv.conf")
    assert out == RESOLV_LEGACY
    status, out, _ = world.sh("first", "cat", "/etc/hosts")
    assert out.endswith(f"172.17.0.2\t{first.id[:12]}\n")
    status, out, _ = world.sh("second", "ping", "-c", "1", "172.17.0.2")
    assert status == 0 and "64 bytes from 172.17.0.2: seq=0 ttl=64" in out


def test_nslookup_against_the_embedded_dns_and_a_public_resolver(world):
    world.networks.create("app")
    world.run("db", network="app")
    world.run("client", network="app")
    status, out, _ = world.sh("client", "nslookup", "db")
    assert status == 0
    assert out == ("Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n"
                   "Non-authoritative answer:\nName:\tdb\nAddress: 172.18.0.2\n\n"
                   "Non-authoritative answer:\n*** Can't find db: No answer\n\n")
    world.run("plain")
    status, out, _ = world.sh("plain", "nslookup", "db")
    assert status == 1
    assert out == ("Server:\t\t8.8.8.8\nAddress:\t8.8.8.8:53\n\n"
                   "** server can't find db: NXDOMAIN\n\n** server can't find db: NXDOMAIN\n\n")


def test_containers_on_different_networks_cannot_reach_each_other(world):
    world.networks.create("front")
    world.networks.create("back")
    target = world.run("api", network="back")
    world.run("ui", network="front")
    ip = target.network.endpoints["back"].ip_text
    status, out, err = world.sh("ui", "ping", "-c", "2", "api")
    assert status == 1 and err == "ping: bad address 'api'\n"  # not even its name
    before = world.engine.clock.now()
    status, out, _ = world.sh("ui", "ping", "-c", "2", ip)
    assert status == 1
    assert out.endswith("2 packets transmitted, 0 packets received, 100% packet loss\n")
    assert world.engine.clock.now() - before == 11  # 1 s between pings, then 10 s of waiting
    status, out, err = world.sh("ui", "wget", "-q", "-O-", f"http://{ip}/")
    assert status == 1
    assert err == f"wget: can't connect to remote host ({ip}): Operation timed out\n"


def test_an_internal_network_has_no_route_out(world):
    world.networks.create("vault", internal=True)
    world.run("safe", network="vault")
    world.run("peer", network="vault")
    status, out, _ = world.sh("safe", "ip", "route")
    assert out == "172.18.0.0/16 dev eth0 scope link  src 172.18.0.2 \n"
    status, out, err = world.sh("safe", "ping", "-c", "1", "8.8.8.8")
    assert status == 1
    assert out == "PING 8.8.8.8 (8.8.8.8): 56 data bytes\n"
    assert err == "ping: sendto: Network unreachable\n"
    status, out, _ = world.sh("safe", "ping", "-c", "1", "peer")
    assert status == 0
    world.run("outside")
    status, _, _ = world.sh("outside", "ping", "-c", "1", "8.8.8.8")
    assert status == 0  # the default bridge goes out through the host


def test_none_has_only_loopback(world):
    world.run("alone", network="none")
    status, out, _ = world.sh("alone", "ip", "addr")
    assert out.startswith("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536")
    assert "eth0" not in out
    status, out, err = world.sh("alone", "ping", "-c", "1", "172.17.0.1")
    assert status == 1 and err == "ping: sendto: Network unreachable\n"


def test_host_network_sees_the_hosts_devices_and_name(world):
    c = world.run("hostly", network="host")
    assert c.config.hostname == "crsim-host"
    status, out, _ = world.sh("hostly", "ip", "addr")
    assert "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP" in out
    assert "inet 10.0.2.15/24 brd 10.0.2.255 scope global dynamic eth0" in out
    assert "3: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN" \
        in out
    status, out, _ = world.sh("hostly", "hostname")
    assert out == "crsim-host\n"


def test_connect_and_disconnect_a_running_container(world):
    world.networks.create("extra")
    c = world.run("multi")
    world.networks.connect("extra", c, aliases=["second"])
    status, out, _ = world.sh("multi", "ip", "-4", "addr")
    assert "inet 172.17.0.2/16 brd 172.17.255.255 scope global eth0" in out
    assert "inet 172.18.0.2/16 brd 172.18.255.255 scope global eth1" in out
    status, out, _ = world.sh("multi", "cat", "/etc/resolv.conf")
    assert "nameserver 127.0.0.11" in out  # a user network brings the embedded DNS
    status, out, _ = world.sh("multi", "ip", "route")
    assert out.splitlines()[0] == "default via 172.17.0.1 dev eth0 "  # bridge < extra
    world.networks.disconnect("extra", c)
    status, out, _ = world.sh("multi", "ip", "-4", "addr")
    assert "eth1" not in out
    actions = [(e.action, e.attributes.get("name")) for e in world.engine.events
               if e.type == "network"]
    assert ("connect", "extra") in actions and ("disconnect", "extra") in actions


def test_counters_move_with_traffic(world):
    world.networks.create("app")
    world.web(network="app")
    world.run("client", network="app")
    status, before, _ = world.sh("client", "cat", "/proc/net/dev")
    world.sh("client", "wget", "-q", "-O-", "http://web/")
    status, after, _ = world.sh("client", "cat", "/proc/net/dev")
    rows = {line.split(":")[0].strip(): line.split(":")[1].split() for line in
            after.splitlines()[2:]}
    rx, tx = int(rows["eth0"][0]), int(rows["eth0"][8])
    assert rx > 513 and tx > 0  # the page came in, the request went out
    assert world.networks.io(world.engine.container("client")) == (rx, tx)


def test_a_renamed_container_answers_to_its_new_name(world):
    world.networks.create("app")
    world.run("old-name", network="app")
    world.run("asker", network="app")
    world.engine.rename("old-name", "new-name")
    assert world.sh("asker", "ping", "-c", "1", "new-name")[0] == 0
    assert world.sh("asker", "ping", "-c", "1", "old-name")[0] == 1
