"""The pictures of what is hidden (layers, pstree, lsns, systemd-cgls, netmap) show the
engine's real state: the same PIDs as `top` and `inspect`, the same addresses as
`inspect`, the whiteouts the layers hold. ASCII in scripts, SVG that parses."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

from engine import Engine
from shell.render.picture import ASCII
from shell.session import Session

SVG = "{http://www.w3.org/2000/svg}"
BUILD = """build -t demo - <<EOF
FROM alpine
RUN rm /etc/motd && mkdir -p /etc/conf.d && echo a > /etc/conf.d/a
RUN rm -rf /etc/conf.d && mkdir /etc/conf.d && echo b > /etc/conf.d/b
ENV STAGE=2
EOF"""


def ok(sh, line):
    out, status = sh(line)
    assert status == 0, (line, out)
    return out


def inspect(sh, ref, template):
    return ok(sh, f"inspect -f '{template}' {ref}").strip()


def row(out, start):
    """The line of a table or tree that starts (after the tree's branches) with ``start``."""
    found = [line.lstrip(" |+-") for line in out.splitlines()
             if line.lstrip(" |+-").startswith(start)]
    assert len(found) == 1, (start, out)
    return found[0]


def test_layers_shows_the_stack_with_diff_ids_sizes_and_build_steps(sh):
    ok(sh, BUILD)
    out = ok(sh, "layers demo")
    diff_ids = json.loads(ok(sh, "inspect -f '{{json .RootFS.Layers}}' demo"))
    shown = re.findall(r"\| (L\d)\s+([0-9a-f]{12}) ", out)
    # top first, as overlayfs looks them up; each layer named by its diff id's short form
    assert shown == [(f"L{n}", diff_ids[n][7:19]) for n in (2, 1, 0)]
    assert "RUN /bin/sh -c rm /etc/motd && mkdir -p /etc/..." in row(out, "L1 ")
    assert "ENV STAGE=2  (no layer)" in out  # a metadata step makes no layer
    assert out.index("ENV STAGE=2") < out.index("| L2")


def test_a_whiteout_and_an_opaque_directory_in_an_image_layer(sh):
    ok(sh, BUILD)
    out = ok(sh, "layers demo /etc/motd")
    assert row(out, "/etc/motd").split() == ["/etc/motd", "file", "wh", "nothing:", "whited",
                                             "out", "in", "L1", "(.wh.motd)"]
    out = ok(sh, "layers demo /etc/conf.d")
    assert row(out, "/etc/conf.d").split()[1:3] == ["dir", "opq"]
    assert row(out, "a").split() == ["a", "file", "nothing:", "under", "an", "opaque",
                                     "directory", "in", "L2"]
    assert row(out, "b").split() == ["b", "file", "L2"]


def test_what_the_upper_layer_of_a_container_changed(sh):
    ok(sh, "pull -q alpine")
    ok(sh, "run -d --name web alpine sleep 300")
    ok(sh, "exec web sh -c 'rm /etc/motd; echo new > /etc/added; echo x >> /etc/issue'")
    out = ok(sh, "layers web /etc")
    assert row(out, "upper ").split()[1] == inspect(sh, "web", "{{.GraphDriver.Data.UpperDir}}") \
        .split("/")[-2][:12]
    assert "writable layer of web: 4 changes (A 1, C 2, D 1)" in out  # docker diff's count
    assert row(out, "motd").split()[1:] == ["file", "wh", "nothing:", "deleted", "in", "upper",
                                            "(whiteout)"]
    assert row(out, "added").split()[1:] == ["file", "upper:", "created"]
    assert row(out, "issue").split()[1:] == ["file", "file", "upper:", "copied", "up"]
    assert row(out, "hostname").split()[1:] == ["file", "L0"]
    assert "upperdir=/var/lib/docker/overlay2/" in out  # the real mount line, from /proc/mounts


def test_layers_errors(sh):
    ok(sh, "pull -q alpine")
    assert sh("layers nosuch") == ("Error: No such object: nosuch\n", 1)
    assert sh("layers alpine /no/such") == (
        "layers: /no/such: No such file or directory in any layer\n", 1)
    assert sh("layers alpine /etc --svg-theme blue") == (
        'invalid --svg-theme "blue": use "dark" or "light"\n', 1)
    assert sh("layers alpine /etc/passwd/..") == ("layers: /etc/passwd/..: Not a directory\n", 1)
    out, status = sh("layers alpine /etc --svg ''")
    assert status == 1 and out.endswith("--svg: open : no such file or directory\n")
    assert "wh  = whiteout" not in out  # the legend only says what the table holds
    assert sh("layers")[1] == 1


def test_pstree_host_and_namespace_pids_agree_with_top_and_inspect(sh):
    ok(sh, "pull -q alpine")
    ok(sh, "run -d --name db alpine sh -c 'sleep 500 & sleep 600'")
    out = ok(sh, "pstree")
    pid1 = inspect(sh, "db", "{{.State.Pid}}")
    top = [line.split() for line in ok(sh, "top db").splitlines()[1:]]
    inside = [line.split() for line in ok(sh, "exec db ps -o pid,args").splitlines()[1:]]
    # ash execs its last command: PID 1 is `sleep 600`, its background child PID 2
    assert f"sleep({pid1})[1] 600" in out
    # top's host PIDs in order are the namespace's 1, 2, 3 (ps inside, without ps itself)
    lines = out.splitlines()
    for (uid, host_pid, ppid, *_), (ns_pid, *args) in zip(top, inside):
        line = next(l for l in lines if f"({host_pid})[{ns_pid}]" in l)
        if ppid != pid1:
            continue
        parent = next(l for l in lines if f"({pid1})[1]" in l)
        assert line.index("+-") > parent.index("+-")  # drawn below its parent, as top says
    shim = row(out, "containerd-shim")
    assert re.search(r"containerd-shim\((\d+)\)", shim).group(1) == top[0][2]  # PID 1's parent
    assert len(top) == len(inside) - 1 == 2


def test_lsns_lists_each_namespace_and_what_is_shared(sh):
    ok(sh, "pull -q alpine")
    ok(sh, "run -d --name web alpine sleep 300")
    ok(sh, "run -d --name side --network container:web --pid container:web alpine sleep 200")
    ok(sh, "run -d --name hostnet --network host alpine sleep 100")
    out = ok(sh, "lsns")
    lines = out.splitlines()
    assert lines[0].split() == ["NS", "TYPE", "NPROCS", "PID", "USER", "COMMAND"]
    rows = [line.split(None, 5) for line in lines[1:] if line.strip()[0].isdigit()]
    web_pid = inspect(sh, "web", "{{.State.Pid}}")
    by_type = {}
    for ns, kind, nprocs, pid, user, command in rows:
        by_type.setdefault(kind, []).append((int(ns), int(nprocs), pid, command))
    # side joined web's network and PID namespaces: one of each, holding both processes
    assert (2, web_pid, "sleep 300") in [(n, p, c) for _, n, p, c in by_type["net"]]
    assert len(by_type["net"]) == 1  # hostnet uses the host's, which is not listed
    assert [(n, p) for _, n, p, _ in by_type["pid"]] == [(2, web_pid), (1, inspect(
        sh, "hostnet", "{{.State.Pid}}"))]
    assert len(by_type["mnt"]) == len(by_type["uts"]) == len(by_type["cgroup"]) == 3
    inodes = [int(r[0]) for r in rows]
    assert inodes == sorted(inodes) and len(set(inodes)) == len(inodes)
    assert "net 4026531840" in out and "user 4026531837" in out  # the host's, named below
    again = ok(sh, "lsns")
    assert again == out  # stable while the containers run
    ok(sh, "restart -t 0 hostnet")  # a restart makes new namespaces
    assert max(int(line.split()[0]) for line in ok(sh, "lsns").splitlines()[1:]
               if line.strip()[:1].isdigit()) > max(inodes)


def test_systemd_cgls_shows_limits_and_usage_from_the_cgroup_files(sh):
    ok(sh, "pull -q alpine")
    ok(sh, "run -d --name web --memory 64m --cpus 0.5 --pids-limit 50 alpine "
           "sh -c 'sleep 500 & sleep 600'")
    full = inspect(sh, "web", "{{.Id}}")
    out = ok(sh, "systemd-cgls")
    assert "system.slice\n" in out and f"docker-{full}.scope  web" in out
    assert "of 64MiB (memory.max 67108864)" in out
    assert "cpu.max 50000 100000 = 0.5 CPU" in out
    pids = ok(sh, "exec web cat /sys/fs/cgroup/pids.current").strip()
    # what the container reads while cat runs, cat included
    assert row(out, "pids").split()[:5] == ["pids", str(int(pids) - 1), "of", "pids.max", "50"]
    for line in ok(sh, "top web").splitlines()[1:]:
        host_pid = line.split()[1]
        assert re.search(rf"^\s*[|+\- ]*{host_pid} ", out, re.M)
    assert sh("cgls")[0] == ok(sh, "systemd-cgls")


def test_netmap_addresses_ports_and_dns_names_agree_with_inspect(sh):
    ok(sh, "pull -q alpine")
    ok(sh, "network create appnet")
    ok(sh, "run -d --name web -p 8080:80 alpine sleep 300")
    ok(sh, "run -d --name db --network appnet --network-alias database alpine sleep 300")
    ok(sh, "network connect appnet web")
    out = ok(sh, "netmap")
    web_ip = inspect(sh, "web", "{{.NetworkSettings.Networks.bridge.IPAddress}}")
    web_app = inspect(sh, "web", "{{.NetworkSettings.Networks.appnet.IPAddress}}")
    db_ip = inspect(sh, "db", "{{.NetworkSettings.Networks.appnet.IPAddress}}")
    gateway = ok(sh, "network inspect -f '{{range .IPAM.Config}}{{.Gateway}}{{end}}' appnet").strip()
    assert re.search(r"docker0  network bridge  subnet 172\.17\.0\.0/16  gateway 172\.17\.0\.1", out)
    assert f"network appnet  subnet 172.18.0.0/16  gateway {gateway}" in out
    assert re.search(rf"veth[0-9a-f]{{7}} <-> eth0 in web  {web_ip}/16", out)
    assert re.search(rf"veth[0-9a-f]{{7}} <-> eth1 in web  {web_app}/16", out)
    assert re.search(rf"veth[0-9a-f]{{7}} <-> eth0 in db  {db_ip}/16", out)
    assert f"port  0.0.0.0:8080 -> {web_ip}:80/tcp" in out
    db_id = inspect(sh, "db", "{{.Id}}")
    assert f"dns   db, database, {db_id[:12]}" in out
    # the host end really is on the bridge, as ip link on the host would say
    veth = re.search(r"(veth[0-9a-f]{7}) <-> eth0 in web", out).group(1)
    assert inspect(sh, "web", "{{.NetworkSettings.Networks.bridge.MacAddress}}") in row(out, veth)


def test_scripts_get_ascii_and_the_prompt_gets_unicode_and_colour(tmp_path):
    lines = ["pull -q alpine", "run -d --name web -p 80:80 alpine sleep 300"]
    pictures = ["layers web /etc", "pstree", "lsns", "systemd-cgls", "netmap"]
    script = Session(Engine.deterministic())
    for line in lines:
        script.execute(line)
    for line in pictures:
        out, status = script.execute(line)
        assert status == 0 and out.isascii() and "\x1b" not in out, line
    prompt = Session(Engine.deterministic(), interactive=True)
    prompt.line_shell.environ.pop("NO_COLOR", None)
    for line in lines:
        prompt.execute(line)
    for line in pictures:
        out, _ = prompt.execute(line)
        assert "\x1b[" in out and (line == "lsns" or "─" in out), line
        # the same picture, only drawn otherwise
        plain = re.sub(r"\x1b\[[0-9;]*m", "", out).translate(ASCII)
        assert [l.rstrip() for l in plain.splitlines()] == script.execute(line)[0].splitlines()
    piped, _ = prompt.execute("netmap | cat")
    assert piped.isascii() and "\x1b" not in piped
    prompt.line_shell.environ["NO_COLOR"] = "1"
    out, _ = prompt.execute("pstree")
    assert out.isascii() and "\x1b" not in out


def test_svg_is_well_formed_escaped_and_holds_the_text(sh, tmp_path):
    ok(sh, "pull -q alpine")
    ok(sh, "run -d --name web alpine sleep 300")
    ok(sh, "exec web sh -c 'touch \"/tmp/a<b&c\" /tmp/q\\\"uote'")
    target = tmp_path / "layers.svg"
    text = ok(sh, f"layers web /tmp --svg {target} --svg-theme light")
    root = ET.parse(target).getroot()
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}rect").get("fill") == "#ffffff"
    lines = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert any("a<b&c" in line for line in lines) and any('q"uote' in line for line in lines)
    assert any("upper: created" in line for line in lines)
    columns = max(len(line) for line in text.splitlines())
    assert float(root.get("width")) >= columns * 9 and \
        float(root.get("height")) >= len(text.splitlines()) * 17
    out, status = sh(f"pstree --svg {tmp_path}/none/x.svg")
    assert status == 1 and out.endswith(f"--svg: open {tmp_path}/none/x.svg: no such file or directory\n")


def test_svg_paths_are_confined_to_the_sandbox(tmp_path):
    sandbox = tmp_path / "class"
    sandbox.mkdir()
    sh = Session(Engine.deterministic(host_root=str(sandbox))).execute
    out, status = sh(f"netmap --svg {tmp_path}/outside.svg")
    assert status == 1 and "outside the sandbox" in out and not (tmp_path / "outside.svg").exists()
    assert sh(f"netmap --svg {sandbox}/in.svg")[1] == 0 and (sandbox / "in.svg").exists()


def test_help_lists_the_pictures(sh):
    out = ok(sh, "help")
    section = out[out.index("Pictures:"):]
    for name in ("layers", "lsns", "netmap", "pstree", "systemd-cgls"):
        assert f"\n  {name} " in section


# -- the SVG as a browser draws it -------------------------------------------------------------

def _chromium():
    import shutil
    return next((found for name in ("chromium", "chromium-browser", "google-chrome")
                 if (found := shutil.which(name))), None)


def png_pixels(data: bytes):
    """(width, height, rows of (r, g, b)) of an 8-bit RGB or RGBA PNG, as Chromium writes."""
    import struct
    import zlib
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), (depth, colour)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    size = 3 if colour == 2 else 4
    raw, stride, rows, previous = zlib.decompress(idat), width * size, [], bytearray(width * size)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - size] if i >= size else 0
            up, corner = previous[i], previous[i - size] if i >= size else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                nearest = min((abs(p - left), 0, left), (abs(p - up), 1, up), (abs(p - corner), 2, corner))
                line[i] = (line[i] + nearest[2]) & 255
        rows.append([tuple(line[x * size:x * size + 3]) for x in range(width)])
        previous = line
    return width, height, rows


@pytest.mark.skipif(_chromium() is None, reason="no headless Chromium to draw the SVG")
def test_a_browser_draws_the_svg(sh, tmp_path):
    import subprocess
    ok(sh, "pull -q alpine")
    ok(sh, "run -d --name web -p 8080:80 alpine sleep 300")
    svg = tmp_path / "net.svg"
    ok(sh, f"netmap --svg {svg}")
    root = ET.parse(svg).getroot()
    width, height = int(root.get("width")), int(root.get("height"))
    shot = tmp_path / "net.png"
    subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
                    f"--screenshot={shot}", f"--window-size={width + 100},{max(height + 200, 480)}",
                    svg.as_uri()],
                   capture_output=True, timeout=120, check=False)
    assert shot.exists(), "Chromium wrote no screenshot"
    w, h, rows = png_pixels(shot.read_bytes())
    assert w >= width and h >= height
    # (a headless window shorter than ~400 pixels scrolls: so it is larger, and the SVG's own
    # rectangle, at the top left, is what is looked at)
    background = (0x1e, 0x1e, 0x2e)  # the dark theme's
    pixels = [pixel for line in rows[:height] for pixel in line[:width]]
    share = pixels.count(background) / len(pixels)
    assert 0.6 < share < 0.99, share  # mostly background, but drawn on: text is there
    # the text's own colours show: the title's white and the addresses' cyan
    near = lambda colour: sum(1 for p in pixels if sum(abs(a - b) for a, b in zip(p, colour)) < 40)
    assert near((0xff, 0xff, 0xff)) > 50 and near((0x89, 0xdc, 0xeb)) > 50


@pytest.mark.parametrize("no_color", ["", "1"])
def test_the_prompt_in_a_real_terminal_draws_in_colour_unless_no_color(tmp_path, no_color):
    import os
    import sys
    from pathlib import Path
    pexpect = pytest.importorskip("pexpect")
    env = dict(os.environ, PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm", HOME=str(tmp_path),
               XDG_DATA_HOME=str(tmp_path / "data"), NO_COLOR=no_color)
    child = pexpect.spawn(sys.executable, ["-m", "shell.main"], env=env, encoding="utf-8",
                          cwd=str(Path(__file__).resolve().parents[2]), timeout=10,
                          dimensions=(30, 120))
    try:
        child.expect("crsim>")
        child.send("pull -q busybox\r")
        child.expect("docker.io/library/busybox:latest")
        child.expect("crsim>")
        child.send("run -d --name box busybox sleep 300\r")
        child.expect(r"[0-9a-f]{64}")
        child.expect("crsim>")
        child.send("pstree\r")
        if no_color:
            child.expect(r"\+-containerd-shim\(\d+\) -namespace moby -id [0-9a-f]{12}\.\.\. box")
            child.expect(r"  \+-sleep\(\d+\)\[1\] 300")
        else:
            child.expect("\x1b\\[90m└─\x1b\\[0m\x1b\\[34mcontainerd-shim\x1b\\[0m")
            child.expect(r"sleep\x1b\[36m\(\d+\)\x1b\[0m\x1b\[33m\[1\]")
        child.expect("crsim>")
        child.send("exit\r")
        child.expect(pexpect.EOF)
    finally:
        if child.isalive():
            child.terminate(force=True)
