"""The networking commands as a user types them."""

import json


def web(sh, name="web", extra=""):
    out, status = sh(f"run -d --name {name} {extra} --entrypoint nginx nginx -g 'daemon off;'")
    assert status == 0, out
    return out.strip()


def test_network_ls_create_inspect_rm(session, sh):
    out, status = sh("network ls")
    lines = out.splitlines()
    assert lines[0] == "NETWORK ID     NAME      DRIVER    SCOPE"
    assert [line.split()[1:] for line in lines[1:]] == [["bridge", "bridge", "local"],
                                                        ["host", "host", "local"],
                                                        ["none", "null", "local"]]
    out, status = sh("network create mynet")
    net_id = out.strip()
    assert status == 0 and len(net_id) == 64
    assert sh("network ls -q --filter name=mynet") == (net_id[:12] + "\n", 0)
    out, _ = sh("network ls --format '{{.Name}} {{.Driver}}'")
    assert out == "bridge bridge\nhost host\nmynet bridge\nnone null\n"
    doc = json.loads(sh("network inspect mynet")[0])
    assert doc[0]["IPAM"]["Config"] == [{"Subnet": "172.18.0.0/16", "Gateway": "172.18.0.1"}]
    assert sh("network inspect -f '{{.Driver}}' mynet") == ("bridge\n", 0)
    assert sh("network inspect nosuch") == \
        ("[]\nError response from daemon: network nosuch not found\n", 1)
    assert sh("network create mynet") == \
        ("Error response from daemon: network with name mynet already exists\n", 1)
    assert sh("network rm mynet nosuch") == \
        ("mynet\nError response from daemon: network nosuch not found\n", 1)
    assert sh("network rm bridge") == ("Error response from daemon: bridge is a pre-defined "
                                       "network and cannot be removed\n", 1)
    assert sh("network create --gateway 10.1.0.1 nogw") == \
        ("every ip-range or gateway must have a corresponding subnet\n", 1)
    assert sh("network create --subnet 10.1.0.0/24 --gateway 10.2.0.1 badgw") == \
        ("no matching subnet for gateway 10.2.0.1\n", 1)


def test_network_help_lists_the_subcommands(sh):
    out, status = sh("network")
    assert status == 0
    assert out.startswith("Usage:  crsim-shell network COMMAND\n\nManage networks\n\nCommands:\n"
                          "  connect     Connect a container to a network\n")
    assert sh("network frob")[1] == 1


def test_run_publish_ps_port_and_the_hosts_curl(session, sh):
    sh("pull nginx")
    web(sh, extra="-p 8080:80")
    out, _ = sh("ps --format '{{.Names}} {{.Ports}}'")
    assert out == "web 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp\n"
    assert sh("port web") == ("80/tcp -> 0.0.0.0:8080\n80/tcp -> [::]:8080\n", 0)
    assert sh("port web 80") == ("0.0.0.0:8080\n[::]:8080\n", 0)
    assert sh("port web 443") == ("Error: No public port '443/tcp' published for web\n", 1)
    out, status = sh("curl -s localhost:8080")
    assert status == 0 and "<h1>Welcome to nginx!</h1>" in out
    sh("exec web sh -c 'echo changed > /usr/share/nginx/html/index.html'")
    session.engine.container("web").fs.write("/usr/share/nginx/html/index.html", b"changed\n")
    assert sh("curl localhost:8080") == ("changed\n", 0)
    out, status = sh("curl localhost:9999")
    assert (out, status) == ("curl: (7) Failed to connect to localhost port 9999 after 0 ms: "
                             "Couldn't connect to server\n", 7)
    out, status = sh("curl -I localhost:8080")
    assert out.startswith("HTTP/1.1 200 OK\r\nServer: nginx/1.29.4\r\n")
    logs, _ = sh("logs web")
    assert '172.17.0.1 - - [01/Dec/2026:09:00:00 +0000] "GET / HTTP/1.1" 200 8 "-" ' \
           '"curl/8.5.0" "-"' in logs


def test_port_conflict_message(sh):
    sh("pull nginx")
    web(sh, extra="-p 8080:80")
    out, status = sh("run -d --name web2 -p 8080:80 nginx")
    assert status == 125
    cid, out = out.split("\n", 1)  # run -d prints the id before starting, as the CLI does
    assert len(cid) == 64
    assert out.startswith("crsim-shell: Error response from daemon: failed to set up container "
                          "networking: driver failed programming external connectivity on "
                          "endpoint web2 (")
    assert "): Bind for 0.0.0.0:8080 failed: port is already allocated\n" in out


def test_user_network_dns_from_the_shell(sh):
    sh("pull alpine")
    sh("network create app")
    sh("run -d --name db --network app --network-alias database alpine sleep 300")
    sh("run -d --name client --network app alpine sleep 300")
    out, status = sh("exec client ping -c 1 database")
    assert status == 0 and out.startswith("PING database (172.18.0.2): 56 data bytes\n")
    networks = json.loads(sh("inspect -f '{{json .NetworkSettings.Networks}}' db")[0])
    assert networks["app"]["Aliases"] == ["database"]
    assert networks["app"]["IPAddress"] == "172.18.0.2"
    assert networks["app"]["DNSNames"][:2] == ["db", "database"]
    out, _ = sh("ps --format '{{.Names}} {{.Networks}}'")
    assert out == "client app\ndb app\n"


def test_connect_disconnect_and_prune(sh):
    sh("pull alpine")
    sh("network create extra")
    sh("network create unused")
    sh("run -d --name c1 alpine sleep 300")
    assert sh("network connect extra c1") == ("", 0)
    out, _ = sh("network connect extra c1")
    assert out == "Error response from daemon: endpoint with name c1 already exists in network " \
                  "extra\n"
    out, _ = sh("exec c1 ip -4 addr show eth1")
    assert "inet 172.18.0.2/16 brd 172.18.255.255 scope global eth1" in out
    assert sh("network disconnect extra c1") == ("", 0)
    assert sh("network prune -f") == ("Deleted Networks:\nextra\nunused\n\n", 0)
    out, _ = sh("network prune")
    assert out.startswith("WARNING! This will remove all custom networks not used by at least one "
                          "container.\n")


def test_inspect_network_settings_on_the_default_bridge(sh):
    sh("pull alpine")
    sh("run -d --name b1 --hostname box --domainname example.com alpine sleep 300")
    settings = json.loads(sh("inspect -f '{{json .NetworkSettings}}' b1")[0])
    assert settings["IPAddress"] == "172.17.0.2" and settings["Gateway"] == "172.17.0.1"
    assert settings["Networks"]["bridge"]["DNSNames"] is None
    assert settings["SandboxKey"].startswith("/var/run/docker/netns/")
    out, _ = sh("exec b1 cat /etc/hosts")
    assert out.endswith("172.17.0.2\tbox.example.com box\n")
    assert sh("exec b1 hostname") == ("box\n", 0)
    out, status = sh("run --network host alpine hostname")
    assert (out, status) == ("crsim-host\n", 0)


def test_ports_in_inspect_are_the_running_containers_only():
    from engine import Engine
    from shell.session import Session
    session = Session(Engine.deterministic())
    session.execute("run -d --name web -p 8080:80 nginx")
    fmt = "inspect -f '{{json .NetworkSettings.Ports}}' web"
    assert session.execute(fmt)[0].startswith('{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"}')
    session.execute("stop -t 1 web")
    assert session.execute(fmt) == ("{}\n", 0)  # released with the network, as the daemon does
    session.execute("create --name idle nginx")
    assert session.execute("inspect -f '{{.NetworkSettings.Ports}}' idle") == ("map[]\n", 0)
