"""gpg, gpg1 and gpgconf without a keyserver, as real GnuPG behaves when DNS fails
(compared with the host's gpg 2.2 and gpg1 1.4 run in a network namespace of their own)."""

import os
import shutil
import subprocess

import pytest

from tests.engine.userland.conftest import Box

KEY = "573BFD6B3D8FBC641079A6ABABF5BD827BD9BF62"


@pytest.fixture(scope="module")
def box():
    box = Box("debian:bookworm")
    for name in ("gpg", "gpg1", "gpgconf"):
        box.fs.install(f"/usr/bin/{name}", box.fs.stat("/bin/ls").with_changes(program=name))
    return box


def test_recv_keys_fails_without_network(box):
    status, out, err = box.sh(f'export GNUPGHOME="$(mktemp -d)"; gpg --batch --keyserver keyserver.ubuntu.com '
                              f'--recv-keys {KEY}; echo $?; ls $GNUPGHOME; gpgconf --kill all; echo $?')
    home = err.split("'")[1].rsplit("/", 1)[0]
    assert err == f"gpg: keybox '{home}/pubring.kbx' created\ngpg: keyserver receive failed: No name\n"
    assert out == "2\npubring.kbx\n0\n"


def test_default_home_is_created(box):
    status, _, err = box.sh(f"gpg --batch --recv-keys {KEY}")
    assert status == 2 and err.startswith("gpg: directory '/root/.gnupg' created\n"
                                          "gpg: keybox '/root/.gnupg/pubring.kbx' created\n")


def _real(argv, home):
    return subprocess.run(["unshare", "-n", *argv], capture_output=True, text=True,
                          env={**os.environ, "GNUPGHOME": home, "LC_ALL": "C"})


@pytest.mark.skipif(shutil.which("gpg1") is None or shutil.which("unshare") is None
                    or os.geteuid() != 0, reason="needs the host's gpg1 and a network namespace")
def test_gpg1_messages_as_the_real_one(box, tmp_path):
    home = tmp_path / "g"
    home.mkdir(mode=0o700)
    argv = ["gpg1", "--batch", "--keyserver", "hkp://keyserver.ubuntu.com:80", "--recv-keys", KEY]
    real = _real(argv, str(home))
    box.sh("mkdir -p -m 700 /g1")
    status, out, err = box.run(*argv, env=["GNUPGHOME=/g1"])
    assert (status, out, err) == (real.returncode, real.stdout, real.stderr.replace(str(home), "/g1"))


@pytest.mark.skipif(shutil.which("gpg") is None or shutil.which("unshare") is None or os.geteuid() != 0,
                    reason="needs the host's gpg and a network namespace")
@pytest.mark.parametrize("argv", [["gpg", "--batch", "--verify", "/nosuch.asc", "/nosuch"],
                                  ["gpg", "--version"]])
def test_gpg_as_the_real_one(box, tmp_path, argv):
    home = tmp_path / "g"
    home.mkdir(mode=0o700)
    real = _real(argv, str(home))
    box.sh("mkdir -p -m 700 /g2")
    status, out, err = box.run(*argv, env=["GNUPGHOME=/g2"])
    assert (status, out, err) == (real.returncode, real.stdout.replace(str(home), "/g2"),
                                  real.stderr.replace(str(home), "/g2"))
