"""Bind mounts reach the real host directory, and nothing outside it; --sandbox confines
every host path a session touches."""

import json
import os

import pytest

from engine import Engine
from shell.session import Session


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    (root / "index.html").write_text("<h1>hello</h1>\n")
    os.symlink("/etc/os-release", root / "release")  # resolved in the container, never on the host
    return root


@pytest.fixture
def sh():
    session = Session(Engine.deterministic())
    session.execute("pull -q alpine")
    return session.execute


def test_bind_reads_and_writes_the_host_directory(sh, site):
    assert sh(f"run --rm -v {site}:/srv alpine cat /srv/index.html") == ("<h1>hello</h1>\n", 0)
    assert sh(f"run --rm -v {site}:/srv alpine sh -c 'echo new > /srv/added; mkdir /srv/d'") == ("", 0)
    assert (site / "added").read_text() == "new\n" and (site / "d").is_dir()
    # the symlink resolves in the container's root: alpine's os-release, not the host's
    out, status = sh(f"run --rm -v {site}:/srv alpine head -1 /srv/release")
    assert (out, status) == ('NAME="Alpine Linux"\n', 0)
    (site / "index.html").write_text("edited on the host\n")
    assert sh(f"run --rm -v {site}:/srv alpine cat /srv/index.html") == ("edited on the host\n", 0)


def test_read_only_bind_missing_source_and_inspect(sh, site, tmp_path):
    out, status = sh(f"run --rm -v {site}:/srv:ro alpine rm /srv/index.html")
    assert (out, status) == ("rm: can't remove '/srv/index.html': Read-only file system\n", 1)
    assert (site / "index.html").exists()
    made = tmp_path / "made"
    assert sh(f"run --rm -v {made}:/out alpine true") == ("", 0) and made.is_dir()  # -v creates it
    out, status = sh(f"run --rm --mount type=bind,source={tmp_path}/nosuch,target=/x alpine true")
    assert status == 125 and (f'invalid mount config for type "bind": bind source path does not exist: '
                              f"{tmp_path}/nosuch") in out
    sh(f"run -d --name bb -v {site}:/srv:ro alpine sleep 100")
    mounts = json.loads(sh("inspect -f '{{json .Mounts}}' bb")[0])
    assert mounts == [{"Type": "bind", "Source": str(site), "Destination": "/srv", "Mode": "ro", "RW": False,
                       "Propagation": "rprivate"}]
    assert sh("exec bb grep ' /srv ' /proc/mounts") == ("/dev/sda1 /srv ext4 ro,relatime 0 0\n", 0)


def test_sandbox_confines_binds_and_host_files(site, tmp_path):
    sandbox = tmp_path / "class"
    sandbox.mkdir()
    (sandbox / "mine").mkdir()
    os.symlink(str(site), sandbox / "escape")
    session = Session(Engine.deterministic(host_root=str(sandbox)))
    sh = session.execute
    sh("pull -q alpine")
    assert sh(f"run --rm -v {sandbox}/mine:/m alpine touch /m/ok") == ("", 0)
    assert (sandbox / "mine" / "ok").exists()
    for source in (str(site), f"{sandbox}/escape"):
        out, status = sh(f"run --rm -v {source}:/m alpine true")
        assert status == 125 and "is outside the sandbox" in out
    sh("run -d --name box alpine sleep 100")
    out, status = sh(f"cp box:/etc/hostname {site}/stolen")
    assert status == 1 and "outside the sandbox" in out and not (site / "stolen").exists()
    out, status = sh(f"export -o {tmp_path}/x.tar box")
    assert status == 1 and not (tmp_path / "x.tar").exists()


def test_tmpfs_mode_and_a_bound_directory_that_disappears(sh, tmp_path):
    assert sh("run --rm --mount type=tmpfs,target=/t,tmpfs-mode=700 alpine stat -c %a /t") == ("700\n", 0)
    assert sh("run --rm --tmpfs /t alpine stat -c %a /t") == ("1777\n", 0)
    gone = tmp_path / "gone"
    gone.mkdir()
    (gone / "f").write_text("x")
    sh(f"run -d --name vv -v {gone}:/g alpine sleep 100")
    import shutil
    shutil.rmtree(gone)
    out, status = sh("exec vv ls /g")
    assert status == 0 and out == ""  # the mount point stays; what it showed is gone (no traceback)
    out, status = sh("exec vv cat /g/f")
    assert status == 1 and "No such file or directory" in out


def test_missing_mount_points_are_made_as_runc_makes_them(sh, tmp_path):
    (tmp_path / "conf").write_text("x=1\n")
    sh("pull -q alpine")
    assert sh(f"run --name mp -v {tmp_path}:/deep/er/dir -v {tmp_path}/conf:/etc/app.conf "
              "alpine cat /etc/app.conf") == ("x=1\n", 0)
    assert sh("diff mp") == ("A /deep\nA /deep/er\nA /deep/er/dir\nC /etc\nA /etc/app.conf\n", 0)
    assert sh(f"run --rm --read-only -v {tmp_path}:/new alpine ls /new/conf") == ("/new/conf\n", 0)
