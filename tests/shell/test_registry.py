"""A private registry: registry:2 in a container, push and pull through its published port,
what it stores under /var/lib/registry, and the failures Docker reports."""

import hashlib
import json
import re

from engine import Engine
from shell.session import Session

DIGEST = r"sha256:[0-9a-f]{64}"


def world(start_registry=True):
    session = Session(Engine.deterministic())
    session.execute("pull -q busybox")
    session.execute("tag busybox localhost:5000/box:1")
    if start_registry:
        assert session.execute("run -d -p 5000:5000 --name registry registry:2")[1] == 0
    return session


def layer_ids(session, name):
    out, _ = session.execute(f"inspect --format '{{{{json .RootFS.Layers}}}}' {name}")
    return [d[7:19] for d in json.loads(out)]


def test_push_prints_dockers_progress_and_records_the_repo_digest():
    session = world()
    out, status = session.execute("push localhost:5000/box:1")
    short = layer_ids(session, "busybox")[0]
    lines = out.splitlines()
    assert status == 0
    assert lines[:3] == ["The push refers to repository [localhost:5000/box]",
                         f"{short}: Preparing", f"{short}: Pushed"]
    match = re.fullmatch(rf"1: digest: ({DIGEST}) size: (\d+)", lines[3])
    assert match and len(lines) == 4
    digest, size = match.groups()
    manifest, _ = session.execute("manifest inspect localhost:5000/box:1")
    document = json.loads(manifest)
    assert manifest.startswith('{\n\t"schemaVersion": 2,\n\t"mediaType": '
                               '"application/vnd.docker.distribution.manifest.v2+json",\n\t"config": {')
    assert document["config"]["mediaType"] == "application/vnd.docker.container.image.v1+json"
    assert document["layers"][0]["mediaType"] == "application/vnd.docker.image.rootfs.diff.tar.gzip"
    image_id = session.execute("inspect --format '{{.Id}}' busybox")[0].strip()
    assert document["config"]["digest"] == image_id
    # the bytes the registry serves hash to the digest push printed (three-space indent as sent)
    raw, _ = session.execute("curl -s -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' "
                             "localhost:5000/v2/box/manifests/1")
    assert raw.startswith('{\n   "schemaVersion": 2,')
    assert "sha256:" + hashlib.sha256(raw.encode()).hexdigest() == digest and len(raw) == int(size)
    repo_digests, _ = session.execute("inspect --format '{{json .RepoDigests}}' localhost:5000/box:1")
    assert f"localhost:5000/box@{digest}" in json.loads(repo_digests)
    table, _ = session.execute("images --digests localhost:5000/box")
    assert table.splitlines()[1].split()[:3] == ["localhost:5000/box", "1", digest]


def test_the_registry_keeps_blobs_by_digest_as_the_filesystem_driver_does():
    session = world()
    session.execute("push localhost:5000/box:1")
    manifest = json.loads(session.execute("manifest inspect localhost:5000/box:1")[0])
    layer = manifest["layers"][0]["digest"]
    listing, status = session.execute("exec registry find /var/lib/registry")
    paths = listing.splitlines()
    v2 = "/var/lib/registry/docker/registry/v2"
    assert status == 0
    for digest in (layer, manifest["config"]["digest"]):
        hex_ = digest[7:]
        assert f"{v2}/blobs/sha256/{hex_[:2]}/{hex_}/data" in paths
        assert f"{v2}/repositories/box/_layers/sha256/{hex_}/link" in paths
    assert f"{v2}/repositories/box/_manifests/tags/1/current/link" in paths
    assert f"{v2}/repositories/box/_uploads" in paths  # each finished upload is gone from it
    assert not [p for p in paths if "/_uploads/" in p]
    # content addressing, checked inside the container: a blob's name is its sha256
    hex_ = layer[7:]
    summed, _ = session.execute(f"exec registry sha256sum {v2}/blobs/sha256/{hex_[:2]}/{hex_}/data")
    assert summed.split()[0] == hex_
    link, _ = session.execute(f"exec registry cat {v2}/repositories/box/_manifests/tags/1/current/link")
    assert link == session.execute("images --digests --format '{{.Digest}}' localhost:5000/box")[0].strip()
    assert session.execute("curl -s localhost:5000/v2/box/tags/list")[0] == '{"name":"box","tags":["1"]}\n'


def test_a_layer_is_sent_once_per_registry():
    session = world()
    session.execute("push localhost:5000/box:1")
    short = layer_ids(session, "busybox")[0]
    again, _ = session.execute("push localhost:5000/box:1")
    assert again.splitlines()[1:3] == [f"{short}: Preparing", f"{short}: Layer already exists"]
    session.execute("tag busybox localhost:5000/team/other:7")
    other, _ = session.execute("push localhost:5000/team/other:7")
    assert other.splitlines()[2] == f"{short}: Mounted from box"
    # an image built on the same base: the base exists, only the new layer travels
    session.execute("run --name maker busybox touch /made")
    session.execute("commit maker localhost:5000/box:2")
    ids = layer_ids(session, "localhost:5000/box:2")
    out, _ = session.execute("push localhost:5000/box:2")
    assert out.splitlines()[1:5] == [f"{ids[1]}: Preparing", f"{ids[0]}: Preparing",
                                     f"{ids[1]}: Pushed", f"{ids[0]}: Layer already exists"]
    catalog = session.execute("curl -s localhost:5000/v2/_catalog")[0]
    assert catalog == '{"repositories":["box","team/other"]}\n'
    logs, _ = session.execute("logs registry")
    assert '"POST /v2/team/other/blobs/uploads/?mount=sha256:' in logs
    assert re.search(r'"PATCH /v2/box/blobs/uploads/[0-9a-f-]{36} HTTP/1.1" 202 0 ', logs)


def test_pull_back_by_tag_and_by_digest_after_rmi():
    session = world()
    image_id = session.execute("inspect --format '{{.Id}}' busybox")[0].strip()
    session.execute("push localhost:5000/box:1")
    digest = session.execute("images --digests --format '{{.Digest}}' localhost:5000/box")[0].strip()
    blob = json.loads(session.execute("manifest inspect localhost:5000/box:1")[0])["layers"][0]["digest"]
    session.execute("rmi localhost:5000/box:1 busybox")
    assert session.execute("images -q")[0].count("\n") == 1  # only registry:2 is left
    out, status = session.execute("pull localhost:5000/box:1")
    assert (out, status) == ("1: Pulling from box\n"
                             f"{blob[7:19]}: Pull complete\n"
                             f"Digest: {digest}\n"
                             "Status: Downloaded newer image for localhost:5000/box:1\n"
                             "localhost:5000/box:1\n", 0)
    assert session.execute("inspect --format '{{.Id}}' localhost:5000/box:1")[0].strip() == image_id
    assert session.execute("run --rm localhost:5000/box:1 echo pulled back") == ("pulled back\n", 0)
    assert session.execute("pull localhost:5000/box:1")[0].splitlines()[-2] == \
        "Status: Image is up to date for localhost:5000/box:1"
    session.execute("rmi localhost:5000/box:1")
    out, status = session.execute(f"pull localhost:5000/box@{digest}")
    assert status == 0 and out.splitlines()[0] == f"{digest}: Pulling from box"
    assert out.splitlines()[-1] == f"localhost:5000/box@{digest}"
    table, _ = session.execute("images --digests localhost:5000/box")
    assert table.splitlines()[1].split()[:3] == ["localhost:5000/box", "<none>", digest]


def test_push_and_pull_failures_read_as_dockers():
    session = world(start_registry=False)
    refused = 'Get "http://localhost:5000/v2/": dial tcp [::1]:5000: connect: connection refused\n'
    before = session.execute("images --digests")[0]
    assert session.execute("push localhost:5000/box:1") == (
        "The push refers to repository [localhost:5000/box]\n" + refused, 1)
    assert session.execute("pull localhost:5000/box:1") == ("Error response from daemon: " + refused, 1)
    assert session.execute("manifest inspect localhost:5000/box:1") == (refused, 1)
    assert session.execute("images --digests")[0] == before
    session.execute("tag busybox nosuch.example/app:1")
    lookup = 'Get "https://nosuch.example/v2/": dial tcp: lookup nosuch.example on 127.0.0.53:53: no such host\n'
    assert session.execute("push nosuch.example/app:1") == (
        "The push refers to repository [nosuch.example/app]\n" + lookup, 1)
    assert session.execute("pull nosuch.example/app:1") == ("Error response from daemon: " + lookup, 1)
    assert session.execute("push localhost:5000/box:2") == (
        "The push refers to repository [localhost:5000/box]\ntag does not exist: localhost:5000/box:2\n", 1)
    assert session.execute("push -a localhost:5000/nothing") == (
        "The push refers to repository [localhost:5000/nothing]\n"
        "An image does not exist locally with the tag: localhost:5000/nothing\n", 1)
    short = layer_ids(session, "busybox")[0]
    assert session.execute("push busybox") == (
        "Using default tag: latest\nThe push refers to repository [docker.io/library/busybox]\n"
        f"{short}: Preparing\ndenied: requested access to the resource is denied\n", 1)
    session.execute("run -d -p 5000:5000 --name registry registry:2")
    assert session.execute("pull localhost:5000/box:9") == (
        "Error response from daemon: manifest for localhost:5000/box:9 not found: manifest unknown: "
        "manifest unknown\n", 1)
    assert session.execute("manifest inspect localhost:5000/box:9") == (
        "no such manifest: localhost:5000/box:9\n", 1)
    # a registry that is not on the loopback is spoken to with TLS, which it does not speak
    ip = session.execute("inspect --format '{{.NetworkSettings.IPAddress}}' registry")[0].strip()
    session.execute(f"tag busybox {ip}:5000/box:1")
    assert session.execute(f"push {ip}:5000/box:1")[0].splitlines()[-1] == (
        f'Get "https://{ip}:5000/v2/": http: server gave HTTP response to HTTPS client')
    session.execute("stop registry")
    assert session.execute("push localhost:5000/box:1")[0].endswith(refused)


def test_push_flags_and_replays_give_the_same_digests():
    first, second = world(), world()
    out1, _ = first.execute("push localhost:5000/box:1")
    out2, _ = second.execute("push localhost:5000/box:1")
    assert out1 == out2  # gzip with no name and no time: the same bytes every run
    assert first.execute("push -q localhost:5000/box:1") == ("localhost:5000/box:1\n", 0)
    first.execute("tag busybox localhost:5000/box:2")
    out, status = first.execute("push --all-tags localhost:5000/box")
    assert status == 0 and [line.split(":")[0] for line in out.splitlines() if "digest:" in line] == ["1", "2"]


def test_the_registry_program_reads_its_configuration():
    session = world(start_registry=False)
    config, _ = session.execute("run --rm --entrypoint cat registry:2 /etc/docker/registry/config.yml")
    assert "rootdirectory: /var/lib/registry" in config and "addr: :5000" in config
    assert session.execute("inspect --format '{{json .Config.Entrypoint}} {{json .Config.Cmd}} "
                           "{{json .Config.ExposedPorts}} {{json .Config.Volumes}}' registry:2")[0] == (
        '["/entrypoint.sh"] ["/etc/docker/registry/config.yml"] {"5000/tcp":{}} {"/var/lib/registry":{}}\n')
    session.execute("run -d -p 6000:6000 -e REGISTRY_HTTP_ADDR=0.0.0.0:6000 --name r2 registry:2")
    session.execute("tag busybox localhost:6000/box:1")
    assert session.execute("push localhost:6000/box:1")[1] == 0
    assert 'msg="listening on [::]:6000"' in session.execute("logs r2")[0]
    out, status = session.execute("run --rm registry:2 /nowhere.yml")
    assert status == 1 and "configuration error: open /nowhere.yml: no such file or directory" in out


def test_a_registry_with_htpasswd_auth_wants_a_login(tmp_path):
    session = Session(Engine.deterministic(host_root=str(tmp_path)))
    (tmp_path / "auth").mkdir()
    out, status = session.execute(f"run --rm --entrypoint htpasswd httpd:2 -Bbn testuser testpassword "
                                  f"> {tmp_path}/auth/htpasswd")
    entry = (tmp_path / "auth" / "htpasswd").read_text()
    assert status == 0 and re.fullmatch(r"testuser:\$2y\$05\$[./A-Za-z0-9]{53}\n\n", entry)
    assert session.execute(f"run -d -p 5000:5000 --name registry -v {tmp_path}/auth:/auth "
                           "-e REGISTRY_AUTH=htpasswd -e 'REGISTRY_AUTH_HTPASSWD_REALM=Registry Realm' "
                           "-e REGISTRY_AUTH_HTPASSWD_PATH=/auth/htpasswd registry:2")[1] == 0
    session.execute("pull -q busybox")
    session.execute("tag busybox localhost:5000/box:1")
    short = layer_ids(session, "busybox")[0]
    assert session.execute("push localhost:5000/box:1") == (
        "The push refers to repository [localhost:5000/box]\n"
        f"{short}: Preparing\nno basic auth credentials\n", 1)
    challenge, _ = session.execute("curl -si localhost:5000/v2/")
    assert challenge.splitlines()[0] == "HTTP/1.1 401 Unauthorized"
    assert 'Www-Authenticate: Basic realm="Registry Realm"' in challenge
    assert session.execute("login localhost:5000 -u testuser -p wrong") == (
        "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n"
        "Error response from daemon: login attempt to http://localhost:5000/v2/ failed with status: "
        "401 Unauthorized\n", 1)
    assert session.execute("login localhost:5000 -u testuser -p testpassword") == (
        "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n\n"
        "WARNING! Your credentials are stored unencrypted in '/root/.docker/config.json'.\n"
        "Configure a credential helper to remove this warning. See\n"
        "https://docs.docker.com/go/credential-store/\n\nLogin Succeeded\n", 0)
    assert session.execute("push localhost:5000/box:1")[0].splitlines()[2] == f"{short}: Pushed"
    assert "172.17.0.1 - testuser [" in session.execute("logs registry")[0]
    assert session.execute("logout localhost:5000") == ("Removing login credentials for localhost:5000\n", 0)
    assert session.execute("logout localhost:5000") == ("Not logged in to localhost:5000\n", 0)
    assert session.execute("pull localhost:5000/box:1") == (
        'Error response from daemon: Head "http://localhost:5000/v2/box/manifests/1": '
        "no basic auth credentials\n", 1)
    assert session.execute("login localhost:5000 -u testuser --password-stdin <<EOF\ntestpassword\nEOF")[0] \
        .endswith("Login Succeeded\n")
    assert session.execute("login localhost:5000")[1] == 1  # no terminal to ask on


def test_a_large_image_travels_whole_and_stays_small_in_memory():
    session = world()
    session.execute("pull -q python:3.13-slim")
    image_id = session.execute("inspect --format '{{.Id}}' python:3.13-slim")[0]
    listing = session.execute("run --rm python:3.13-slim ls -l /usr/local/lib/libpython3.13.so.1.0")[0]
    assert " 7264136 " in listing
    session.execute("tag python:3.13-slim localhost:5000/py:1")
    out, status = session.execute("push localhost:5000/py:1")
    assert status == 0 and out.count(": Pushed") == len(layer_ids(session, "python:3.13-slim"))
    session.execute("rmi localhost:5000/py:1 python:3.13-slim")
    assert session.execute("pull -q localhost:5000/py:1") == ("localhost:5000/py:1\n", 0)
    assert session.execute("inspect --format '{{.Id}}' localhost:5000/py:1")[0] == image_id
    # a file held as a declared size comes back as one, with its size
    assert session.execute("run --rm localhost:5000/py:1 ls -l /usr/local/lib/libpython3.13.so.1.0")[0] == listing
    assert session.execute("run --rm localhost:5000/py:1 python3 -V") == ("Python 3.13.11\n", 0)
