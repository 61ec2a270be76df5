"""Legacy links (`--link NAME[:ALIAS]`) as Docker 28 keeps them: checked at create, the
linked container's address in /etc/hosts and its variables in the environment on the
default bridge, one more DNS name on a user-defined network; and the process environment
in the daemon's order."""

import pytest

from engine import Engine
from engine.container.links import link_env
from shell.session import Session


@pytest.fixture
def sh():
    session = Session(Engine.deterministic())
    session.execute("pull -q busybox")
    return session.execute


def test_link_variables_as_moby_tests_expect():
    # daemon/links/links_test.go's TestLinkMultipleEnv, compared sorted as there
    env = link_env("172.0.17.3", "172.0.17.2", "/db/docker", ["PASSWORD=gordon"],
                   ["6300/udp", "6379/tcp", "6380/tcp", "6381/tcp", "6382/udp"])
    assert sorted(env) == sorted([
        "DOCKER_ENV_PASSWORD=gordon", "DOCKER_NAME=/db/docker", "DOCKER_PORT=tcp://172.0.17.2:6379",
        "DOCKER_PORT_6300_UDP=udp://172.0.17.2:6300", "DOCKER_PORT_6300_UDP_ADDR=172.0.17.2",
        "DOCKER_PORT_6300_UDP_PORT=6300", "DOCKER_PORT_6300_UDP_PROTO=udp",
        "DOCKER_PORT_6379_TCP=tcp://172.0.17.2:6379", "DOCKER_PORT_6379_TCP_ADDR=172.0.17.2",
        "DOCKER_PORT_6379_TCP_END=tcp://172.0.17.2:6381", "DOCKER_PORT_6379_TCP_PORT=6379",
        "DOCKER_PORT_6379_TCP_PORT_END=6381", "DOCKER_PORT_6379_TCP_PORT_START=6379",
        "DOCKER_PORT_6379_TCP_PROTO=tcp", "DOCKER_PORT_6379_TCP_START=tcp://172.0.17.2:6379",
        "DOCKER_PORT_6380_TCP=tcp://172.0.17.2:6380", "DOCKER_PORT_6380_TCP_ADDR=172.0.17.2",
        "DOCKER_PORT_6380_TCP_PORT=6380", "DOCKER_PORT_6380_TCP_PROTO=tcp",
        "DOCKER_PORT_6381_TCP=tcp://172.0.17.2:6381", "DOCKER_PORT_6381_TCP_ADDR=172.0.17.2",
        "DOCKER_PORT_6381_TCP_PORT=6381", "DOCKER_PORT_6381_TCP_PROTO=tcp",
        "DOCKER_PORT_6382_UDP=udp://172.0.17.2:6382", "DOCKER_PORT_6382_UDP_ADDR=172.0.17.2",
        "DOCKER_PORT_6382_UDP_PORT=6382", "DOCKER_PORT_6382_UDP_PROTO=udp"])


def test_a_link_on_the_default_bridge(sh):
    sh("run -d --name db -e SECRET=s3 --expose 5432 busybox sleep 1000")
    out, status = sh("run --name web --link db:database busybox sh -c "
                     "'tail -2 /etc/hosts; echo $DATABASE_PORT $DATABASE_NAME $DATABASE_ENV_SECRET'")
    assert status == 0, out
    db_id = sh("inspect -f '{{.Config.Hostname}}' db")[0].strip()
    web_id = sh("inspect -f '{{.Config.Hostname}}' web")[0].strip()
    assert out == (f"172.17.0.3\t{web_id}\n172.17.0.2\tdatabase {db_id} db\n"
                   "tcp://172.17.0.2:5432 /web/database s3\n")
    assert sh("inspect -f '{{json .HostConfig.Links}}' web") == ('["/db:/web/database"]\n', 0)
    sh("stop -t 0 db")
    assert sh("start web") == ("Error response from daemon: Cannot link to a non running "
                               "container: /db AS /web/database\nError: failed to start "
                               "containers: web\n", 1)


def test_links_that_are_refused_at_create(sh):
    count = sh("ps -aq")[0]
    out, status = sh("run --link nope busybox true")
    assert status == 125
    assert out.splitlines()[0] == ("crsim-shell: Error response from daemon: could not get "
                                   "container for nope: No such container: nope")
    assert sh("ps -aq")[0] == count  # nothing was created
    sh("run -d --name hostnet --network host busybox sleep 100")
    out, _ = sh("run --link hostnet busybox true")
    assert "conflicting options: host type networking can't be used with links" in out


def test_a_link_on_a_user_network_is_a_dns_name(sh):
    sh("network create mynet")
    sh("run -d --name db --network mynet busybox sleep 1000")
    out, status = sh("run --name wb --network mynet --link db:database busybox ping -c1 database")
    assert status == 0 and "PING database (172.18.0.2)" in out
    assert sh("inspect -f '{{json .HostConfig.Links}} {{json .NetworkSettings.Networks.mynet.Links}}' wb") \
        == ('null ["db:database"]\n', 0)
    assert sh("run --rm --network mynet busybox ping -c1 database")[1] != 0  # only w knows it
    assert sh("run --rm --network mynet --link nope:x busybox true")[1] == 0  # not checked there


def test_the_environment_comes_in_the_daemons_order(sh):
    assert sh("run --rm --hostname h -e B=x busybox env") == (
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOSTNAME=h\nB=x\n"
        "HOME=/root\n", 0)


def test_rm_link_removes_the_link_only(sh):
    sh("run -d --name db busybox sleep 1000")
    sh("create --name web --link db:database busybox true")
    assert sh("rm -l /web/database") == ("/web/database\n", 0)
    assert sh("inspect -f '{{json .HostConfig.Links}}' web") == ("null\n", 0)
    assert sh("ps -aq")[0].count("\n") == 2  # both containers are still there
    assert sh("rm -l /web/database") == ("Error response from daemon: No such container: "
                                         "/web/database\n", 1)


def test_rm_link_of_a_containers_own_name(sh):
    sh("create --name db busybox true")
    assert sh("rm -l db") == ("Error response from daemon: Conflict, cannot remove the default "
                              "link name of the container\n", 1)


def test_network_connect_link_and_a_joined_namespace(sh):
    sh("network create mynet")
    sh("run -d --name db --network mynet busybox sleep 1000")
    sh("run -d --name app busybox sleep 1000")
    assert sh("network connect --link db:store mynet app") == ("", 0)
    assert "PING store (172.18.0.2)" in sh("exec app ping -c1 store")[0]
    out, status = sh("run --network container:app --link db busybox true")
    assert status == 125 and "conflicting options: container type network can't be used with " \
                              "links. This would result in undefined behavior" in out
