import subprocess
import sys

import pytest

from engine.clock import VIRTUAL_EPOCH
from engine.image.registry import (ALREADY_EXISTS, PULL_COMPLETE, ManifestUnknown, PullAccessDenied,
                                   RegistryUnreachable, pull)
from engine.image.store import ImageStore

# (reference, layer count, size range in MB)
IMAGES = [
    ("busybox", 1, (4.0, 4.6)),
    ("alpine", 1, (7.0, 9.0)),
    ("alpine:3.19", 1, (7.0, 9.0)),
    ("alpine:3.20", 1, (7.0, 9.0)),
    ("debian", 1, (110, 130)),
    ("debian:bookworm-slim", 1, (70, 80)),
    ("ubuntu", 1, (70, 85)),
    ("ubuntu:22.04", 1, (70, 85)),
    ("python", 7, (1000, 1200)),
    ("python:3.13-slim", 4, (110, 150)),
    ("node", 8, (1000, 1250)),
    ("node:22", 8, (1000, 1250)),
    ("nginx", 7, (140, 200)),
]


def test_importing_the_registry_builds_nothing():
    code = ("import sys, engine.image.registry as r; "
            "print(r.catalogue.built_count(), any('.builders.' in m for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "False"]


@pytest.mark.parametrize("ref, layers, size_mb", IMAGES)
def test_each_image_pulls_with_real_shape(ref, layers, size_mb):
    result = pull(ref)
    image = result.image
    assert len(image.layers) == layers
    assert size_mb[0] <= image.size / 1e6 <= size_mb[1]
    assert image.created < VIRTUAL_EPOCH
    assert all(entry.created <= image.created for entry in image.history)
    assert sum(not h.empty_layer for h in image.history) == layers
    assert all(layer.status == PULL_COMPLETE for layer in result.layers)


def test_builds_are_deterministic_and_fast():
    # A fresh interpreter builds every image twice from nothing: same ids both times.
    code = ("import time, engine.image.registry.catalogue as c\n"
            "from engine.image.registry.builders import alpine, python, nginx\n"
            "t = time.perf_counter(); a = python.build('3.14').id; slow = time.perf_counter() - t\n"
            "python.python_layer.cache_clear(); python.symlinks_layer.cache_clear()\n"
            "python.bluetooth_layer.cache_clear()\n"
            "from engine.image.registry.builders import buildpack_deps, debian\n"
            "for f in (buildpack_deps.curl_layer, buildpack_deps.scm_layer, buildpack_deps.full_layer, debian.rootfs):\n"
            "    f.cache_clear()\n"
            "b = python.build('3.14').id\n"
            "print(a == b, a, round(slow, 3))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "True"
    assert out[1] == pull("python:3.14").image.id  # and the same again in this process
    assert float(out[2]) < 1.5  # the slowest image (full python), well under a second on a laptop


def test_aliases_are_one_image():
    assert pull("python").image is pull("python:3.14").image
    assert pull("node:lts").image is pull("node:24").image
    assert pull("debian").image is pull("debian:trixie").image
    assert pull("ubuntu").image is pull("ubuntu:noble").image
    assert pull("alpine").image is not pull("alpine:3.19").image


def test_configs_are_the_real_defaults():
    nginx = pull("nginx").image.config
    assert nginx.cmd == ("nginx", "-g", "daemon off;")
    assert nginx.entrypoint == ("/docker-entrypoint.sh",)
    assert nginx.exposed_ports == {"80/tcp": {}}
    assert nginx.stop_signal == "SIGQUIT"
    assert nginx.getenv("NGINX_VERSION") == "1.29.4"
    assert nginx.labels == {"maintainer": "NGINX Docker Maintainers <docker-maint@nginx.com>"}

    py = pull("python:3.13").image.config
    assert py.cmd == ("python3",)
    assert py.env_dict() == {
        "PATH": "/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "GPG_KEY": "7169605F62C751356D054A26A821E680E5FA6305",
        "PYTHON_VERSION": "3.13.11",
        "PYTHON_SHA256": "16ede7bb7cdbfa895d11b0642fa0e523f291e6487194d53cf6d3b338c3a17ea2",
    }
    assert pull("python:3.12-slim").image.config.getenv("LANG") == "C.UTF-8"
    assert pull("python").image.config.getenv("GPG_KEY") is None  # 3.14 dropped GPG signatures

    node = pull("node").image.config
    assert node.entrypoint == ("docker-entrypoint.sh",) and node.cmd == ("node",)
    assert node.getenv("YARN_VERSION") == "1.22.22" and node.getenv("NODE_VERSION").startswith("25.")

    assert pull("alpine").image.config.cmd == ("/bin/sh",)
    assert pull("busybox").image.config.cmd == ("sh",)
    assert pull("debian").image.config.cmd == ("bash",)
    ubuntu = pull("ubuntu").image.config
    assert ubuntu.cmd == ("/bin/bash",)
    assert ubuntu.labels == {"org.opencontainers.image.ref.name": "ubuntu",
                             "org.opencontainers.image.version": "24.04"}


def _file(image, path):
    for layer in reversed(image.layers):
        entry = layer.get(path)
        if entry is not None:
            return entry
    return None


def test_os_release_and_accounts():
    debian = pull("debian").image
    assert _file(debian, "/etc/os-release").target == "../usr/lib/os-release"
    text = _file(debian, "/usr/lib/os-release").data.decode()
    assert 'PRETTY_NAME="Debian GNU/Linux 13 (trixie)"' in text
    assert _file(debian, "/etc/debian_version").data == b"13.3\n"
    assert _file(debian, "/etc/passwd").data.startswith(b"root:x:0:0:root:/root:/bin/bash\n")
    assert b"_apt:x:42:65534::/nonexistent:/usr/sbin/nologin" in _file(debian, "/etc/passwd").data

    alpine = pull("alpine:3.19").image
    assert _file(alpine, "/etc/alpine-release").data == b"3.19.9\n"
    assert b'PRETTY_NAME="Alpine Linux v3.19"' in _file(alpine, "/usr/lib/os-release").data
    assert _file(alpine, "/etc/passwd").data.startswith(b"root:x:0:0:root:/root:/bin/sh\n")

    ubuntu = pull("ubuntu").image
    assert b'VERSION="24.04.3 LTS (Noble Numbat)"' in _file(ubuntu, "/usr/lib/os-release").data
    assert b"ubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash" in _file(ubuntu, "/etc/passwd").data


def test_busybox_style_applets():
    for ref in ("busybox", "alpine"):
        image = pull(ref).image
        busybox = _file(image, "/bin/busybox")
        assert busybox.is_file and busybox.program == "busybox" and busybox.mode == 0o755
        assert busybox.data is None and busybox.size > 500_000
        for applet in ("sh", "ls", "cat", "echo", "ps", "mkdir", "grep", "sed", "vi", "wget", "top"):
            candidates = [f"/bin/{applet}", f"/usr/bin/{applet}"]
            links = [_file(image, p) for p in candidates if _file(image, p) is not None]
            if ref == "busybox":  # the official image hard-links them, alpine's apk symlinks
                assert links and links[0] == busybox and busybox.link is not None, applet
            else:
                assert links and links[0].is_symlink and links[0].target == "/bin/busybox", applet
    alpine = pull("alpine").image
    assert _file(alpine, "/usr/bin/top").target == "/bin/busybox"  # applets live where busybox puts them
    assert _file(alpine, "/sbin/ifconfig").target == "/bin/busybox"
    assert _file(alpine, "/lib/ld-musl-x86_64.so.1").is_file
    assert _file(alpine, "/sbin/apk").program == "apk"
    assert _file(alpine, "/tmp").mode == 0o1777


def test_debian_has_separate_binaries_under_merged_usr():
    image = pull("debian").image
    assert _file(image, "/bin").target == "usr/bin"
    assert _file(image, "/sbin").target == "usr/sbin"
    assert _file(image, "/lib").target == "usr/lib"
    assert _file(image, "/lib64").target == "usr/lib64"
    ls = _file(image, "/usr/bin/ls")
    assert ls.is_file and ls.program == "ls" and ls.size > 100_000
    assert _file(image, "/usr/bin/bash").program == "bash"
    assert _file(image, "/usr/bin/apt-get").program == "apt-get"
    assert _file(image, "/usr/bin/sh").target == "dash"
    assert _file(image, "/usr/bin/ps") is None  # procps is not in debian's base image
    assert _file(pull("python").image, "/usr/bin/ps").program == "ps"  # buildpack-deps adds it


def test_python_node_nginx_trees():
    py = pull("python:3.13").image
    assert _file(py, "/usr/local/bin/python3").target == "python3.13"
    assert _file(py, "/usr/local/bin/python3.13").program == "python3"
    assert _file(py, "/usr/local/bin/python").target == "python3"
    lib = [p for layer in py.layers for p in layer.entries if p.startswith("/usr/local/lib/python3.13/")]
    assert len(lib) > 200
    node = pull("node").image
    assert _file(node, "/usr/local/bin/node").program == "node"
    assert _file(node, "/usr/local/bin/npm").target == "../lib/node_modules/npm/bin/npm-cli.js"
    nginx = pull("nginx").image
    assert _file(nginx, "/usr/sbin/nginx").program == "nginx"
    assert b"worker_processes  auto;" in _file(nginx, "/etc/nginx/nginx.conf").data
    assert b"listen       80;" in _file(nginx, "/etc/nginx/conf.d/default.conf").data
    assert b"<title>Welcome to nginx!</title>" in _file(nginx, "/usr/share/nginx/html/index.html").data
    assert _file(nginx, "/var/log/nginx/access.log").target == "/dev/stdout"
    assert _file(nginx, "/var/log/nginx/error.log").target == "/dev/stderr"
    assert _file(nginx, "/docker-entrypoint.sh").mode == 0o755
    assert b"nginx:x:101:101:nginx user:/nonexistent:/bin/false" in _file(nginx, "/etc/passwd").data


def test_history_texts():
    alpine = pull("alpine").image
    assert [h.created_by for h in alpine.history] == [
        "ADD alpine-minirootfs-3.23.2-x86_64.tar.gz / # buildkit", 'CMD ["/bin/sh"]']
    debian = pull("debian").image
    assert debian.history[0].created_by == "# debian.sh --arch 'amd64' out/ 'trixie' '@1768176000'"
    assert debian.history[0].comment == "debuerreotype 0.17"
    nginx = [h.created_by for h in pull("nginx").image.history]
    assert 'CMD ["nginx" "-g" "daemon off;"]' in nginx
    assert "EXPOSE map[80/tcp:{}]" in nginx and "STOPSIGNAL SIGQUIT" in nginx
    ubuntu = pull("ubuntu").image.history
    assert ubuntu[0].created_by == "/bin/sh -c #(nop)  ARG RELEASE" and ubuntu[0].empty_layer


def test_shared_base_layers_already_exist():
    store = ImageStore()
    first = pull("debian:trixie", store)
    store.add(first.image, first.references)
    second = pull("python:3.14", store)
    assert [l.status for l in second.layers] == [ALREADY_EXISTS] + [PULL_COMPLETE] * 6
    assert second.layers[0].short_id == first.layers[0].short_id


def test_pull_output_lines_and_up_to_date():
    store = ImageStore()
    result = pull("alpine", store)
    lines = result.output_lines()
    assert lines[0] == "Using default tag: latest"
    assert lines[1] == "latest: Pulling from library/alpine"
    assert lines[2] == f"{result.layers[0].short_id}: Pull complete"
    assert lines[3] == f"Digest: {result.digest}"
    assert lines[4] == "Status: Downloaded newer image for alpine:latest"
    assert lines[5] == "docker.io/library/alpine:latest"
    store.add(result.image, result.references)
    assert store.repo_digests(result.image.id) == [f"alpine@{result.digest}"]
    again = pull("alpine:latest", store)
    assert again.up_to_date and again.output_lines()[-2] == "Status: Image is up to date for alpine:latest"
    by_digest = pull(f"alpine@{result.digest}")
    assert by_digest.image is result.image


def test_pull_errors():
    with pytest.raises(PullAccessDenied) as err:
        pull("foo")
    assert str(err.value) == ("pull access denied for foo, repository does not exist or may require "
                              "'docker login': denied: requested access to the resource is denied")
    with pytest.raises(ManifestUnknown) as err:
        pull("alpine:nope")
    assert str(err.value) == "manifest for alpine:nope not found: manifest unknown: manifest unknown"
    with pytest.raises(RegistryUnreachable):
        pull("localhost:5000/team/app")


def _text(value: str) -> bytes:
    data = value.encode()
    return b"X" + len(data).to_bytes(4, "little") + data  # BINUNICODE


def test_a_catalogue_spec_pickled_by_any_crsim_loads_as_the_same_spec():
    """State files name catalogue images by their Spec, pickled as a tuple subclass is:
    the class and its fields, no state (NEWOBJ), as every crsim wrote it."""
    import pickle

    from engine.image.registry.catalogue import Spec, resolve

    written = (b"\x80\x02cengine.image.registry.catalogue\nSpec\n" + _text("python") + _text("build")
               + _text("3.13") + b"\x88\x86\x87\x81.")  # TRUE, TUPLE2, TUPLE3, NEWOBJ, STOP
    loaded = pickle.loads(written)
    assert loaded == Spec("python", "build", ("3.13", True)) == resolve("library/python", "3.13-slim")
    assert hash(loaded) == hash(resolve("library/python", "3.13-slim"))
    assert pickle.loads(pickle.dumps(loaded)) == loaded
