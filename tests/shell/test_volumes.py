"""Volumes and tmpfs mounts as a user types them: what survives a container, and how."""

import json

import pytest


@pytest.fixture(autouse=True)
def images(sh):
    sh("pull -q alpine")
    sh("pull -q redis:7-alpine")


def test_volume_lifecycle_commands(sh):
    assert sh("volume create data") == ("data\n", 0)
    assert sh("volume create data") == ("data\n", 0)  # creating twice gives the same volume
    assert sh("volume create --label team=web web-data") == ("web-data\n", 0)
    assert sh("volume ls") == ("DRIVER    VOLUME NAME\nlocal     data\nlocal     web-data\n", 0)
    assert sh("volume ls -q -f label=team=web") == ("web-data\n", 0)
    assert sh("volume ls --format '{{.Name}} {{.Mountpoint}}' -f name=web") == \
        ("web-data /var/lib/docker/volumes/web-data/_data\n", 0)
    doc = json.loads(sh("volume inspect web-data")[0])[0]
    assert list(doc) == ["CreatedAt", "Driver", "Labels", "Mountpoint", "Name", "Options", "Scope"]
    assert doc["Labels"] == {"team": "web"} and doc["Scope"] == "local" and doc["CreatedAt"].endswith("Z")
    assert sh("volume inspect nosuch") == ("[]\nError response from daemon: get nosuch: no such volume\n", 1)
    assert sh("volume rm web-data nosuch") == \
        ("web-data\nError response from daemon: get nosuch: no such volume\n", 1)
    assert sh("volume rm -f nosuch") == ("nosuch\n", 0)
    out, status = sh("volume create a/b")
    assert status == 1 and out.startswith('Error response from daemon: create a/b: "a/b" includes invalid characters')


def test_named_volume_outlives_its_containers_and_is_shared(sh):
    out, status = sh("run -d --name db -v data:/var/lib/data alpine sleep 1000")
    assert status == 0
    sh("exec db sh -c 'echo row1 > /var/lib/data/table'")
    assert sh("run --rm -v data:/d alpine cat /d/table") == ("row1\n", 0)  # another container sees it
    cid = sh("inspect -f '{{.Id}}' db")[0].strip()
    assert sh("volume rm data") == (f"Error response from daemon: remove data: volume is in use - [{cid}]\n", 1)
    sh("rm -f db")
    assert sh("run --rm -v data:/d alpine cat /d/table") == ("row1\n", 0)  # the data outlived db
    assert sh("volume rm data") == ("data\n", 0)


def test_empty_volume_is_filled_from_the_image_unless_nocopy(sh):
    assert sh("run --rm -v apk:/etc/apk alpine ls /etc/apk")[0].split() == \
        ["arch", "keys", "protected_paths.d", "repositories", "world"]
    assert sh("run --rm --mount type=volume,source=empty,target=/etc/apk,volume-nocopy alpine ls /etc/apk") == \
        ("", 0)


def test_read_only_anonymous_and_tmpfs_mounts(sh):
    out, status = sh("run --rm -v data:/d:ro alpine touch /d/x")
    assert (out, status) == ("touch: /d/x: Read-only file system\n", 1)
    sh("run -d --name tt -v /scratch --tmpfs /run:size=64m alpine sleep 1000")
    out, _ = sh("exec tt grep -E ' /(scratch|run) ' /proc/mounts")
    assert out == ("/dev/sda1 /scratch ext4 rw,relatime 0 0\n"
                   "tmpfs /run tmpfs rw,nosuid,nodev,noexec,relatime,size=65536k,inode64 0 0\n")
    mounts = json.loads(sh("inspect -f '{{json .Mounts}}' tt")[0])
    assert [(m["Type"], m["Destination"], m["Mode"]) for m in mounts] == [("volume", "/scratch", "")]
    assert sh("inspect -f '{{json .Config.Volumes}} {{json .HostConfig.Tmpfs}}' tt") == \
        ('{"/scratch":{}} {"/run":"size=64m"}\n', 0)
    anonymous = mounts[0]["Name"]
    sh("exec tt sh -c 'echo secret > /run/s'")
    sh("restart -t 0 tt")
    assert sh("exec tt ls /run") == ("", 0)  # a tmpfs is new at each start
    assert sh("rm -f -v tt") == ("tt\n", 0)
    assert anonymous not in sh("volume ls -q")[0]  # rm -v took the anonymous volume


def test_image_volume_gets_an_anonymous_volume_and_run_rm_removes_it(sh):
    sh("run --rm redis:7-alpine redis-server --version")
    assert sh("volume ls -q") == ("", 0)
    sh("run -d --name rr redis:7-alpine")
    name = json.loads(sh("inspect -f '{{json .Mounts}}' rr")[0])[0]["Name"]
    assert sh("volume ls -q") == (name + "\n", 0)
    sh("rm -f rr")  # without -v the anonymous volume stays, unused
    assert sh("volume prune -f") == (f"Deleted Volumes:\n{name}\n\nTotal reclaimed space: 0B\n", 0)


def test_mount_and_volume_errors(sh):
    assert sh("run --mount foo=bar alpine true")[0].startswith(
        'invalid argument "foo=bar" for "--mount" flag: unexpected key \'foo\' in \'foo=bar\'\n\nUsage:')
    assert sh("run --mount type=volume alpine true")[0].startswith(
        'invalid argument "type=volume" for "--mount" flag: target is required')
    out, status = sh("run -v data:/d -v other:/d alpine true")
    assert (out, status) == ("crsim-shell: Error response from daemon: Duplicate mount point: /d\n\n"
                             "Run 'crsim-shell run --help' for more information\n", 125)
    out, status = sh("run -v data:rel alpine true")
    assert status == 125 and "invalid mount path: 'rel' mount path must be absolute" in out
    out, status = sh("run -v data:/data:xyz alpine true")
    assert status == 125 and "invalid mode: xyz" in out
    assert sh("volume ls -q") == ("", 0)  # nothing was created by the refused runs


def test_tmpfs_is_memory_of_the_container_and_has_a_size(session):
    engine = session.engine
    container = engine.run("alpine", ["sleep", "100"], tmpfs=["/t:size=1m"])
    engine.exec(container.id, ["sh", "-c", "head -c 500000 /dev/zero > /t/a"])
    stat = engine.exec(container.id, ["grep", "shmem", "/sys/fs/cgroup/memory.stat"]).stdout
    assert stat == "shmem 500000\n"
    engine.exec(container.id, ["sh", "-c", "head -c 900000 /dev/zero > /t/b"])
    mount = container.fs.mounts.find("/t")
    assert mount.provider.used() <= 1024 * 1024  # size=1m: the tmpfs is full, not bigger


def test_bad_volume_specs(sh):
    out, status = sh("run -v :/data alpine true")
    assert status == 125 and "invalid spec: :/data: empty section between colons" in out
    out, status = sh("run -v data:/proc alpine true")
    assert status == 125 and "destination can't be '/proc'" in out


def test_local_volume_of_type_tmpfs(sh):
    assert sh("volume create -o type=tmpfs -o device=tmpfs -o o=size=100m cache") == ("cache\n", 0)
    assert sh("volume inspect -f '{{json .Options}}' cache") == \
        ('{"device":"tmpfs","o":"size=100m","type":"tmpfs"}\n', 0)
    assert sh("run --rm -v cache:/c alpine sh -c 'echo hi > /c/f; grep \" /c \" /proc/mounts'") == \
        ("tmpfs /c tmpfs rw,relatime,size=102400k,inode64 0 0\n", 0)
    assert sh("run --rm -v cache:/c alpine ls /c") == ("", 0)  # unmounted with its last user: empty again
    out, status = sh("volume create -o nosuch=1 bad")
    assert (out, status) == ('Error response from daemon: create bad: invalid option: "nosuch"\n', 1)


def test_mount_creates_the_volume_with_its_labels_and_options_and_cp_writes_through(sh, tmp_path):
    assert sh("run -d --name mm --mount type=volume,source=lab,target=/x,volume-label=team=web,"
              "volume-opt=type=tmpfs,volume-opt=device=tmpfs alpine sleep 100")[1] == 0
    assert sh("volume inspect -f '{{json .Labels}} {{json .Options}}' lab") == \
        ('{"team":"web"} {"device":"tmpfs","type":"tmpfs"}\n', 0)
    sh("run -d --name cc -v data:/data alpine sleep 100")
    (tmp_path / "g").write_text("from the host\n")
    assert sh(f"cp -q {tmp_path}/g cc:/data/g") == ("", 0)
    assert sh("run --rm -v data:/d alpine cat /d/g") == ("from the host\n", 0)  # cp wrote into the volume
    # what is in a volume is not in the container's layer; only the mount point runc made
    assert sh("diff cc") == ("A /data\n", 0)


def test_ps_shows_mounts_local_volumes_and_sizes(sh):
    sh("run -d --name mm -v data:/data -v /anon alpine sh -c 'echo hi > /f; sleep 100'")
    out, _ = sh("ps --format '{{.Mounts}}|{{.LocalVolumes}}|{{.Size}}'")
    mounts, count, size = out.strip().split("|")
    assert mounts.startswith("data,") and mounts.endswith("…") and len(mounts) == len("data,") + 15
    assert count == "2" and size.startswith("3B (virtual 8.")
    header = sh("ps -s")[0].splitlines()[0]
    assert header.endswith("NAMES     SIZE")


def test_swarm_cluster_volume_options_are_listed_and_refused():
    from engine import Engine
    from shell.session import Session
    session = Session(Engine.deterministic())
    assert session.execute("volume create --group g vol") == (
        "crsim-shell: crsim does not simulate --group\n\n"
        "Run 'crsim-shell volume create --help' for more information\n", 125)
    assert session.execute("volume update vol") == (
        "crsim-shell: crsim does not simulate cluster volumes (swarm)\n", 125)
    assert session.execute("volume ls -q") == ("", 0)  # nothing was created


def test_a_tmpfs_shows_its_mode_unless_1777_and_inode64(sh):
    assert sh("run --rm --tmpfs /t:mode=700 alpine grep ' /t ' /proc/mounts") == (
        "tmpfs /t tmpfs rw,nosuid,nodev,noexec,relatime,mode=700,inode64 0 0\n", 0)
    assert sh("run --rm --tmpfs /t:mode=1777 alpine grep ' /t ' /proc/mounts") == (
        "tmpfs /t tmpfs rw,nosuid,nodev,noexec,relatime,inode64 0 0\n", 0)
