"""Network programs inside containers: their exact output, BusyBox and GNU flavours."""

import pytest

from tests.engine.userland.conftest import Box


@pytest.fixture
def pair():
    """An alpine box and an nginx web server on a user-defined network."""
    box = Box("alpine")
    engine = box.engine
    engine.pull("nginx")
    engine.networks.create("app")
    engine.networks.connect("app", box.container)
    engine.run("nginx", ["-g", "daemon off;"], name="web", entrypoint=["nginx"], network="app")
    return box


def test_busybox_ip_addr_and_route(alpine):
    mac = alpine.container.network.endpoints["bridge"].mac
    veth = alpine.container.network.endpoints["bridge"].host_veth.index
    status, out, err = alpine.run("ip", "addr")
    assert status == 0 and err == ""
    assert out == (
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN qlen 1000\n"
        "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
        "    inet 127.0.0.1/8 scope host lo\n"
        "       valid_lft forever preferred_lft forever\n"
        "    inet6 ::1/128 scope host \n"
        "       valid_lft forever preferred_lft forever\n"
        f"2: eth0@if{veth}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue "
        "state UP \n"
        f"    link/ether {mac} brd ff:ff:ff:ff:ff:ff\n"
        "    inet 172.17.0.2/16 brd 172.17.255.255 scope global eth0\n"
        "       valid_lft forever preferred_lft forever\n")
    assert alpine.run("ip", "route") == (0, "default via 172.17.0.1 dev eth0 \n"
                                            "172.17.0.0/16 dev eth0 scope link  src 172.17.0.2 \n",
                                         "")


def test_iproute2_layout():
    from engine import Engine
    from engine.userland.net.ip import address_lines, link_line, route_lines
    engine = Engine.deterministic()
    engine.pull("debian")
    c = engine.run("debian", ["sleep", "infinity"], name="deb")
    ns = c.network.ns
    eth0 = ns.get("eth0")
    assert link_line(ns.lo, "gnu", False) == (
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default "
        "qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n")
    assert link_line(eth0, "gnu", True) == (
        f"2: eth0@if{eth0.peer.index}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue "
        f"state UP mode DEFAULT group default \n    link/ether {eth0.mac} brd ff:ff:ff:ff:ff:ff "
        f"link-netnsid 0\n")
    assert address_lines(ns.lo, "gnu").splitlines()[2] == \
        "    inet6 ::1/128 scope host noprefixroute "
    assert route_lines(ns.routes, "gnu", ns.interfaces) == (
        "default via 172.17.0.1 dev eth0 \n"
        "172.17.0.0/16 dev eth0 proto kernel scope link src 172.17.0.2 \n")


def test_busybox_ifconfig(alpine):
    status, out, _ = alpine.run("ifconfig", "lo")
    assert out == ("lo        Link encap:Local Loopback  \n"
                   "          inet addr:127.0.0.1  Mask:255.0.0.0\n"
                   "          inet6 addr: ::1/128 Scope:Host\n"
                   "          UP LOOPBACK RUNNING  MTU:65536  Metric:1\n"
                   "          RX packets:0 errors:0 dropped:0 overruns:0 frame:0\n"
                   "          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0\n"
                   "          collisions:0 txqueuelen:1000 \n"
                   "          RX bytes:0 (0.0 B)  TX bytes:0 (0.0 B)\n\n")
    status, out, _ = alpine.run("ifconfig")
    assert out.startswith("eth0      Link encap:Ethernet  HWaddr ")
    assert "inet addr:172.17.0.2  Bcast:172.17.255.255  Mask:255.255.0.0" in out
    assert alpine.run("ifconfig", "eth9")[2] == \
        "ifconfig: eth9: error fetching interface information: Device not found\n"


def test_busybox_ping_output_and_timing(pair):
    before = pair.engine.clock.now()
    status, out, err = pair.run("ping", "-c", "3", "web")
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "PING web (172.18.0.3): 56 data bytes"
    for seq, line in enumerate(lines[1:4]):
        assert line.startswith(f"64 bytes from 172.18.0.3: seq={seq} ttl=64 time=0.")
        assert line.endswith(" ms")
    assert lines[4:7] == ["", "--- web ping statistics ---",
                          "3 packets transmitted, 3 packets received, 0% packet loss"]
    assert lines[7].startswith("round-trip min/avg/max = ")
    assert pair.engine.clock.now() - before == 2  # one second between echo requests
    assert pair.run("ping", "-c", "3", "web")[1] == out  # deterministic
    assert pair.run("ping", "-c", "1", "nosuch") == (1, "", "ping: bad address 'nosuch'\n")


def test_busybox_wget(pair):
    status, out, err = pair.run("wget", "-qO-", "http://web")
    assert status == 0 and "<h1>Welcome to nginx!</h1>" in out and err == ""
    status, out, err = pair.run("wget", "http://web/")
    assert status == 0 and out == ""
    assert err == ("Connecting to web (172.18.0.3:80)\n"
                   "saving to 'index.html'\n"
                   "index.html           100% |********************************|   513   "
                   "0:00:00 ETA\n"
                   "'index.html' saved\n")
    assert pair.fs.read("/index.html").startswith(b"<!DOCTYPE html>")
    assert pair.run("wget", "http://web/")[2] == ("Connecting to web (172.18.0.3:80)\n"
                                                  "wget: can't open 'index.html': File exists\n")
    assert pair.run("wget", "-q", "http://nosuch/") == (1, "", "wget: bad address 'nosuch'\n")
    assert pair.run("wget", "-q", "http://web:81/") == \
        (1, "", "wget: can't connect to remote host (172.18.0.3): Connection refused\n")
    assert pair.run("wget", "-q", "http://web/missing") == \
        (1, "", "wget: server returned error: HTTP/1.1 404 Not Found\n")


def test_curl_in_the_nginx_image(pair):
    web = "web"
    engine = pair.engine
    result = engine.exec(web, ["curl", "-s", "http://localhost/"])
    assert result.status == 0 and "<title>Welcome to nginx!</title>" in result.stdout
    result = engine.exec(web, ["curl", "-sI", "http://localhost/"])
    lines = result.stdout.split("\r\n")
    assert lines[0] == "HTTP/1.1 200 OK"
    assert lines[1] == "Server: nginx/1.29.4"
    assert lines[3:5] == ["Content-Type: text/html", "Content-Length: 513"]
    assert lines[6:9] == ["Connection: keep-alive", 'ETag: "69659e70-201"',
                          "Accept-Ranges: bytes"]
    result = engine.exec(web, ["curl", "http://localhost:81/"])
    assert result.status == 7
    assert result.stderr == ("curl: (7) Failed to connect to localhost port 81 after 0 ms: "
                             "Couldn't connect to server\n")
    result = engine.exec(web, ["curl", "-s", "http://localhost:81/"])
    assert (result.status, result.stderr) == (7, "")
    result = engine.exec(web, ["curl", "-sS", "http://nosuch/"])
    assert (result.status, result.stderr) == (6, "curl: (6) Could not resolve host: nosuch\n")
    result = engine.exec(web, ["curl", "-v", "http://box/"])
    assert result.stderr.startswith("* Host box:80 was resolved.\n* IPv6: (none)\n"
                                    "* IPv4: 172.18.0.2\n*   Trying 172.18.0.2:80...\n")
    result = engine.exec(web, ["curl", "-sf", "http://localhost/nope"])
    assert (result.status, result.stdout) == (22, "")
    result = engine.exec(web, ["curl", "-s", "-o", "/tmp/page", "-w", "%{http_code}\\n",
                               "http://localhost/"])
    assert result.stdout == "200\n"
    assert engine.container(web).fs.read("/tmp/page").startswith(b"<!DOCTYPE html>")


def test_curl_progress_meter_when_output_is_not_a_terminal(pair):
    result = pair.engine.exec("web", ["curl", "http://localhost/"])
    assert result.stderr.startswith(
        "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
        "                                 Dload  Upload   Total   Spent    Left  Speed\n\r")
    assert result.stderr.endswith(
        "\r100   513  100   513    0     0   500k      0 --:--:-- --:--:-- --:--:--  500k\n")


def test_nginx_serves_a_copied_up_file_and_logs_requests(pair):
    web = pair.engine.container("web")
    web.fs.write("/usr/share/nginx/html/index.html", b"<p>changed</p>\n")
    assert pair.run("wget", "-qO-", "http://web/") == (0, "<p>changed</p>\n", "")
    status, out, err = pair.run("wget", "-qO-", "http://web/missing.html")
    logs = [line.text for line in web.logs]
    assert logs[-2].startswith('2026/12/01 09:00:00 [error] 1#1: *2 open() '
                               '"/usr/share/nginx/html/missing.html" failed (2: No such file or '
                               'directory), client: 172.18.0.2, server: localhost')
    assert logs[-1] == ('172.18.0.2 - - [01/Dec/2026:09:00:00 +0000] "GET /missing.html '
                        'HTTP/1.1" 404 153 "-" "Wget" "-"\n')
    web.fs.mkdir("/usr/share/nginx/html/docs")
    result = pair.engine.exec("web", ["curl", "-sI", "http://localhost/docs"])
    assert "Location: http://localhost/docs/\r\n" in result.stdout
    assert result.stdout.startswith("HTTP/1.1 301 Moved Permanently\r\n")
    result = pair.engine.exec("web", ["curl", "-s", "http://localhost/docs/"])
    assert "<title>403 Forbidden</title>" in result.stdout


def test_nginx_error_page_bytes():
    from engine.userland.net.servers import error_page
    page = error_page(404)
    assert page == (b"<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n"
                    b"<center><h1>404 Not Found</h1></center>\r\n"
                    b"<hr><center>nginx/1.29.4</center>\r\n</body>\r\n</html>\r\n")
    assert len(page) == 153


def test_nc_listens_and_connects(pair):
    engine = pair.engine
    engine.run("alpine", ["nc", "-l", "-p", "9000"], name="listener", network="app")
    status, out, err = pair.run("nc", "listener", "9000", stdin="hello over tcp\n")
    assert (status, out, err) == (0, "", "")
    listener = engine.container("listener")
    engine.settle()
    assert [l.text for l in listener.logs] == ["hello over tcp\n"]
    assert not listener.state.running and listener.state.exit_code == 0
    assert pair.run("nc", "listener", "9000") == \
        (1, "", "nc: bad address 'listener'\n")  # gone with its container


def test_python_http_server_lists_the_directory():
    from engine import Engine
    engine = Engine.deterministic()
    engine.pull("python")
    server = engine.run("python", ["python3", "-m", "http.server", "8000"], name="py",
                        workdir="/srv")
    server.fs.mkdir("/srv/sub")
    server.fs.write("/srv/notes.txt", b"hi\n")
    result = engine.exec("py", ["curl", "-s", "http://localhost:8000/"])
    assert result.stdout == ('<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                             '<style type="text/css">\n:root {\ncolor-scheme: light dark;\n}\n'
                             '</style>\n<title>Directory listing for /</title>\n</head>\n'
                             '<body>\n<h1>Directory listing for /</h1>\n<hr>\n<ul>\n'
                             '<li><a href="notes.txt">notes.txt</a></li>\n'
                             '<li><a href="sub/">sub/</a></li>\n</ul>\n<hr>\n</body>\n</html>\n')
    assert [l.text for l in server.logs] == [
        '::1 - - [01/Dec/2026 09:00:00] "GET / HTTP/1.1" 200 -\n']  # stdout is block-buffered


def test_nslookup_and_hostname_i(pair):
    status, out, _ = pair.run("nslookup", "web")
    assert "Name:\tweb\nAddress: 172.18.0.3\n" in out
    status, out, _ = pair.run("hostname", "-i")
    assert out.split() == ["172.17.0.2", "172.18.0.2"]


@pytest.fixture
def debian_tools(pair):
    """A Debian container on the same network, given iputils-ping, iproute2 and GNU wget."""
    from engine.vfs.entry import regular
    engine = pair.engine
    engine.pull("debian")
    deb = engine.run("debian", ["sleep", "infinity"], name="deb", network="app")
    for name in ("ping", "ip", "wget"):
        deb.fs.install(f"/usr/bin/{name}", regular(None, 0o755, size=90_000, program=name))
    return engine


def test_iputils_ping(debian_tools):
    result = debian_tools.exec("deb", ["ping", "-c", "2", "web"])
    lines = result.stdout.splitlines()
    assert lines[0] == "PING web (172.18.0.3) 56(84) bytes of data."
    assert lines[1].startswith("64 bytes from web.app (172.18.0.3): icmp_seq=1 ttl=64 time=0.")
    assert lines[4:6] == ["--- web ping statistics ---",
                          "2 packets transmitted, 2 received, 0% packet loss, time 1001ms"]
    assert lines[6].startswith("rtt min/avg/max/mdev = ")
    result = debian_tools.exec("deb", ["ping", "-c", "1", "nosuch"])
    assert (result.status, result.stderr) == (2, "ping: nosuch: Name or service not known\n")


def test_iproute2_in_a_container(debian_tools):
    result = debian_tools.exec("deb", ["ip", "route"])
    assert result.stdout == ("default via 172.18.0.1 dev eth0 \n"
                             "172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.4 \n")
    result = debian_tools.exec("deb", ["ip", "addr", "show", "eth0"])
    assert "group default \n" in result.stdout and "link-netnsid 0" in result.stdout
    result = debian_tools.exec("deb", ["ip", "frob"])
    assert (result.status, result.stderr) == (255, 'Object "frob" is unknown, try "ip help".\n')


def test_gnu_wget(debian_tools):
    result = debian_tools.exec("deb", ["wget", "-q", "-O", "-", "http://web/"])
    assert result.status == 0 and "Welcome to nginx!" in result.stdout
    result = debian_tools.exec("deb", ["wget", "http://web/missing"])
    assert result.status == 8
    assert result.stderr == ("--2026-12-01 09:00:00--  http://web/missing\n"
                             "Resolving web (web)... 172.18.0.3\n"
                             "Connecting to web (web)|172.18.0.3|:80... connected.\n"
                             "HTTP request sent, awaiting response... 404 Not Found\n"
                             "2026-12-01 09:00:00 ERROR 404: Not Found.\n\n")
    result = debian_tools.exec("deb", ["wget", "http://nosuch/"])
    assert result.status == 4
    assert result.stderr.endswith("wget: unable to resolve host address 'nosuch'\n")


def test_ping_interrupted_prints_its_statistics(pair, debian_tools):
    # As `busybox ping 127.0.0.1` and iputils' ping do on SIGINT (Ctrl-C): the
    # statistics of what was sent so far, and status 0 when replies came.
    script = "ping web & p=$!; sleep 2.5; kill -INT $p; wait $p; echo rc=$?"
    status, out, err = pair.run("sh", "-c", script)
    lines = out.splitlines()
    assert (status, err) == (0, "")
    assert [line[:30] for line in lines[1:4]] == ["64 bytes from 172.18.0.3: seq="] * 3
    assert lines[4:] == ["", "--- web ping statistics ---",
                         "3 packets transmitted, 3 packets received, 0% packet loss",
                         lines[7], "rc=0"]
    assert lines[7].startswith("round-trip min/avg/max = ")
    result = debian_tools.exec("deb", ["sh", "-c", script])
    lines = result.stdout.splitlines()
    assert lines[5:7] == ["--- web ping statistics ---",
                          "3 packets transmitted, 3 received, 0% packet loss, time 2002ms"]
    assert lines[7].startswith("rtt min/avg/max/mdev = ") and lines[8] == "rc=0"


def test_iputils_ping_without_replies_ends_with_an_empty_line(debian_tools):
    # iputils ends the statistics with the rtt line's newline even when it has no rtt.
    result = debian_tools.exec("deb", ["ping", "-c", "2", "172.18.0.99"])
    assert result.stdout.endswith(
        "2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1001ms\n\n")
    assert result.status == 1


def test_nginx_writes_its_pid_file_and_temp_dirs_and_takes_signals():
    from engine import Engine
    engine = Engine.deterministic()
    engine.pull("nginx")
    engine.run("nginx", None, name="web")
    engine.sleep(1)
    fs = engine.container("web").fs
    assert fs.read("/run/nginx.pid") == b"1\n"
    temp = fs.stat("/var/cache/nginx/client_temp")
    assert (temp.mode & 0o777, temp.uid) == (0o700, 101)
    result = engine.exec("web", ["nginx", "-s", "bogus"])
    assert (result.status, result.stderr) == (1, 'nginx: invalid option: "-s bogus"\n')
    assert engine.exec("web", ["nginx", "-s", "stop"]).status == 0
    engine.sleep(1)
    assert not engine.container("web").state.running and not fs.exists("/run/nginx.pid")
