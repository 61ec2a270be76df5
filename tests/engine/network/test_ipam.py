"""Networks and addresses: the default pools, first free address, subnets and gateways, MACs."""

import re

import pytest

from engine import Conflict, EngineError, InvalidParameter, NotFound
from engine.network.addresses import Subnet, first_free_subnet, int_to_ip, random_mac


def ip_of(container, network="bridge"):
    return container.network.endpoints[network].ip_text


def test_predefined_networks_and_the_default_bridge(world):
    names = [(n.name, n.driver) for n in world.networks.list()]
    assert names == [("bridge", "bridge"), ("host", "host"), ("none", "null")]
    bridge = world.networks.get("bridge")
    assert str(bridge.subnet) == "172.17.0.0/16" and int_to_ip(bridge.gateway) == "172.17.0.1"
    assert bridge.bridge.name == "docker0"


def test_containers_take_the_first_free_address_after_the_gateway(world):
    a = world.run("a1")
    b = world.run("b1")
    assert (ip_of(a), ip_of(b)) == ("172.17.0.2", "172.17.0.3")
    world.engine.remove("a1", force=True)
    c = world.run("c1")
    assert ip_of(c) == "172.17.0.2"  # released on stop, reused first (not serial)
    world.engine.stop("b1", timeout=0)
    world.engine.start("b1")
    assert ip_of(world.engine.container("b1")) == "172.17.0.3"


def test_user_networks_come_from_the_default_pools_in_order(world):
    first = world.networks.create("one")
    second = world.networks.create("two")
    assert (str(first.subnet), str(second.subnet)) == ("172.18.0.0/16", "172.19.0.0/16")
    assert int_to_ip(first.gateway) == "172.18.0.1"
    world.networks.remove("one")
    assert str(world.networks.create("three").subnet) == "172.18.0.0/16"


def test_pools_continue_with_192_168_in_slash_20s():
    taken = [Subnet.parse(f"172.{n}.0.0/16") for n in range(17, 32)]
    assert str(first_free_subnet(taken)) == "192.168.0.0/20"
    taken.append(Subnet.parse("192.168.0.0/20"))
    assert str(first_free_subnet(taken)) == "192.168.16.0/20"


def test_subnet_and_gateway_given_by_the_user(world):
    net = world.networks.create("lab", subnet="10.10.0.0/24", gateway="10.10.0.254")
    c = world.run("c1", network="lab")
    assert ip_of(c, "lab") == "10.10.0.1"
    assert str(net.subnet) == "10.10.0.0/24"
    fixed = world.run("c2", network="lab", ip="10.10.0.50")
    assert ip_of(fixed, "lab") == "10.10.0.50"


def test_network_errors_use_the_daemons_words(world):
    world.networks.create("dup")
    with pytest.raises(Conflict, match="^network with name dup already exists$"):
        world.networks.create("dup")
    with pytest.raises(Conflict, match="^invalid pool request: Pool overlaps with other one on "
                                       "this address space$"):
        world.networks.create("clash", subnet="172.17.5.0/24")
    with pytest.raises(InvalidParameter, match="every ip-range or gateway must have a "
                                               "corresponding subnet"):
        world.networks.create("gw", gateway="10.0.0.1")
    with pytest.raises(Conflict, match="^bridge is a pre-defined network and cannot be removed$"):
        world.networks.remove("bridge")
    with pytest.raises(NotFound, match="^network nosuch not found$"):
        world.networks.remove("nosuch")
    with pytest.raises(Conflict, match='only one instance of "host" network is allowed'):
        world.networks.create("h", driver="host")


def test_rm_refuses_a_network_with_running_containers(world):
    world.networks.create("busy")
    c = world.run("c1", network="busy")
    endpoint = c.network.endpoints["busy"].id
    with pytest.raises(Conflict) as info:
        world.networks.remove("busy")
    assert str(info.value) == ('error while removing network: network busy has active endpoints '
                               f'(name:"c1" id:"{endpoint[:12]}")')
    world.engine.stop("c1", timeout=0)
    world.networks.remove("busy")  # a stopped container holds no endpoint


def test_lookup_by_id_prefix(world):
    net = world.networks.create("pref")
    assert world.networks.get(net.id[:5]) is net
    assert world.networks.get(net.id) is net


def test_macs_are_random_locally_administered_unicast_as_docker_28_makes_them(world):
    a, b = world.run("a1"), world.run("b1")
    macs = [c.network.endpoints["bridge"].mac for c in (a, b)]
    for mac in macs:
        first = int(mac[:2], 16)
        assert re.fullmatch(r"([0-9a-f]{2}:){5}[0-9a-f]{2}", mac)
        assert first & 0x02 and not first & 0x01
        assert not mac.startswith("02:42:ac:11")  # no longer derived from the IPv4 address
    assert macs[0] != macs[1]

    import random
    assert random_mac(random.Random(1)) == random_mac(random.Random(1))


def test_ids_of_networks_do_not_disturb_container_ids():
    from engine import Engine
    plain = Engine.deterministic(seed=3)
    plain.pull("alpine")
    other = Engine.deterministic(seed=3)
    other.pull("alpine")
    other.networks.create("extra")
    assert plain.create("alpine", ["true"]).id == other.create("alpine", ["true"]).id


def test_unknown_network_fails_at_start_and_leaves_the_container_created(world):
    c = world.engine.create("alpine", ["sleep", "1"], name="lost", network="nosuch")
    with pytest.raises(EngineError) as info:
        world.engine.start("lost")
    assert str(info.value) == "failed to set up container networking: network nosuch not found"
    assert c.state.status == "created"


def test_aliases_and_ips_are_for_user_defined_networks_only(world):
    with pytest.raises(InvalidParameter, match="^network-scoped alias is supported only for "
                                               "containers in user defined networks$"):
        world.engine.create("alpine", ["true"], network_aliases=["db"])
    with pytest.raises(InvalidParameter, match="^user specified IP address is supported on user "
                                               "defined networks only$"):
        world.engine.create("alpine", ["true"], ip="172.17.0.9")


def test_a_network_made_again_under_the_same_name_is_another_network(world):
    old = world.networks.create("app")
    world.run("svc", network="app")
    world.engine.stop("svc", timeout=0)
    world.networks.remove("app")
    world.networks.create("app")
    with pytest.raises(EngineError) as info:
        world.engine.start("svc")
    assert str(info.value) == f"failed to set up container networking: network {old.id} not found"
