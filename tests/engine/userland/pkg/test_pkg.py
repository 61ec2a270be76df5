"""apk, apt-get/apt/dpkg and pip against the built-in catalogue, through real containers."""

import pytest

from engine.vfs.entry import regular
from engine.vfs.errno import FSError
from engine.userland.pkg.catalogue import closure, human_apt
from engine.userland.pkg.catalogue import alpine as alpine_catalogue
from engine.userland.pkg.catalogue import debian as debian_catalogue
from tests.engine.userland.conftest import Box


# -- the union's install() -----------------------------------------------------------------

def test_install_creates_parents_and_goes_through_merged_usr_symlinks(debian):
    debian.fs.install("/bin/newtool", regular(None, 0o755, size=10, program="true"))
    assert debian.fs.stat("/usr/bin/newtool").size == 10  # /bin -> usr/bin
    debian.fs.install("/opt/a/b/c.txt", regular("x"))
    assert debian.fs.stat("/opt/a/b").is_dir
    assert ("A", "/opt/a/b/c.txt") in debian.engine.diff("box")
    with pytest.raises(FSError):
        debian.fs.install("/etc/passwd/x", regular("x"))


# -- apk -----------------------------------------------------------------------------------

def test_apk_add_unknown_package_fails_like_apk(alpine):
    status, out, err = alpine.run("apk", "add", "nosuch")
    assert status == 1
    assert err.endswith("ERROR: unable to select packages:\n  nosuch (no such package):\n"
                        "    required by: world[nosuch]\n")
    assert "fetch https://dl-cdn.alpinelinux.org/alpine/v3.23/main/x86_64/APKINDEX.tar.gz" in err


def test_apk_add_curl_installs_binary_and_database(alpine):
    status, out, err = alpine.run("apk", "add", "curl")
    assert status == 0, err
    lines = out.splitlines()
    assert any(line.endswith("Installing curl (8.17.0-r1)") for line in lines)
    assert lines[-1].startswith("OK: ") and lines[-1].endswith(" packages")
    assert alpine.fs.stat("/usr/bin/curl").program == "curl"
    status, out, _ = alpine.run("apk", "info")
    assert "curl" in out.split() and "musl" in out.split()
    assert "curl" in alpine.fs.read("/etc/apk/world").decode().split()
    assert ("A", "/usr/bin/curl") in alpine.engine.diff("box")


def test_apk_v2_prints_fetch_on_stdout_and_whole_mib():
    box = Box("alpine:3.19")
    status, out, err = box.run("apk", "add", "jq")
    assert status == 0
    assert out.splitlines()[:3] == [
        "fetch https://dl-cdn.alpinelinux.org/alpine/v3.19/main/x86_64/APKINDEX.tar.gz",
        "fetch https://dl-cdn.alpinelinux.org/alpine/v3.19/community/x86_64/APKINDEX.tar.gz",
        "(1/2) Installing oniguruma (6.9.9-r0)"]
    assert out.splitlines()[-1].split()[2] == "MiB"


def test_apk_add_stress_ng_then_run_it(alpine):
    status, out, err = alpine.run("apk", "add", "stress-ng")
    assert status == 0, err
    status, out, err = alpine.run("stress-ng", "--vm", "1", "--vm-bytes", "10M", "--timeout", "2s")
    assert status == 0
    assert "successful run completed" in out + err


def test_apk_needs_root(alpine):
    status, _, err = alpine.run("apk", "add", "curl", user="nobody")
    assert status == 99
    assert err == ("ERROR: Unable to lock database: Permission denied\n"
                   "ERROR: Failed to open apk database: Permission denied\n")


def test_apk_update_then_del(alpine):
    status, out, err = alpine.run("apk", "update")
    assert status == 0 and out.endswith("distinct packages available\n")
    status, out, err = alpine.run("apk", "add", "jq")
    assert "fetch" not in err  # the saved index is used
    status, out, _ = alpine.run("apk", "del", "jq")
    assert status == 0 and "Purging jq" in out
    assert not alpine.fs.exists("/usr/bin/jq")


# -- apt-get / apt / dpkg ---------------------------------------------------------------

def test_apt_get_install_without_update_cannot_locate(debian):
    status, out, err = debian.run("apt-get", "install", "-y", "curl")
    assert status == 100
    assert out == "Reading package lists...\nBuilding dependency tree...\nReading state information...\n"
    assert err == "E: Unable to locate package curl\n"


def test_apt_get_update_then_install_curl(debian):
    status, out, _ = debian.run("apt-get", "update")
    assert status == 0
    assert out.startswith("Get:1 http://deb.debian.org/debian trixie InRelease [")
    assert out.endswith("Reading package lists...\n")
    status, out, err = debian.run("apt-get", "install", "-y", "curl")
    assert status == 0, err
    assert "The following NEW packages will be installed:\n" in out
    assert "0 upgraded, 24 newly installed, 0 to remove and 0 not upgraded.\n" in out
    assert "Need to get " in out and " of additional disk space will be used.\n" in out
    assert "Unpacking curl (" in out and "Setting up curl (" in out
    assert debian.fs.stat("/usr/bin/curl").program == "curl"
    status, out, _ = debian.run("dpkg", "-l", "curl")
    assert status == 0 and out.splitlines()[-1].startswith("ii  curl ")
    status, out, _ = debian.run("dpkg", "-L", "curl")
    assert "/usr/bin/curl" in out.splitlines()
    status, out, _ = debian.run("dpkg", "-l")
    assert "ii  libc6 " in out and "ii  libcurl4t64 " in out
    # a base package's list is only a size in the image: said so, not printed as zeros
    assert debian.run("dpkg", "-L", "util-linux") == (
        1, "", "dpkg-query: the file list of 'util-linux' is not simulated by crsim yet\n")


def test_apt_get_without_yes_aborts(debian):
    debian.run("apt-get", "update")
    status, out, _ = debian.run("apt-get", "install", "curl")
    assert status == 1
    assert out.endswith("Do you want to continue? [Y/n] Abort.\n")
    assert not debian.fs.exists("/usr/bin/curl")


def test_apt_warns_and_uses_the_summary_layout_on_trixie(debian):
    debian.run("apt-get", "update")
    status, out, err = debian.run("apt", "install", "-y", "jq")
    assert status == 0
    assert err == "\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n"
    assert "Installing:\n  jq\n\nInstalling dependencies:\n  libjq1  libonig5\n\nSummary:\n" in out
    assert "  Upgrading: 0, Installing: 3, Removing: 0, Not Upgrading: 0\n" in out


def test_apt_get_as_non_root_gets_the_lock_error(debian):
    status, _, err = debian.run("apt-get", "install", "-y", "curl", user="nobody")
    assert status == 100
    assert err.startswith("E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)")


def test_apt_get_remove(debian):
    debian.run("apt-get", "update")
    debian.run("apt-get", "install", "-y", "stress")
    status, out, _ = debian.run("apt-get", "remove", "-y", "stress")
    assert status == 0 and "Removing stress (" in out
    assert not debian.fs.exists("/usr/bin/stress")
    assert debian.run("dpkg", "-l", "stress")[0] == 1


# -- pip ---------------------------------------------------------------------------------

def test_pip_install_flask():
    box = Box("python:3.13-slim")
    status, out, err = box.run("pip", "install", "flask")
    assert status == 0, err
    assert out.startswith("Collecting flask\n  Downloading flask-3.1.3-py3-none-any.whl.metadata")
    assert ("Successfully installed blinker-1.9.0 click-8.5.1 flask-3.1.3 itsdangerous-2.2.0 "
            "jinja2-3.1.6 markupsafe-3.0.4 werkzeug-3.1.9\n") in out
    assert out.rstrip().endswith("want to suppress this warning.")
    status, out, _ = box.run("pip", "list")
    assert "Flask" not in out and "flask" in out.split() and "pip" in out.split()
    status, out, _ = box.run("pip", "uninstall", "-y", "flask")
    assert "Successfully uninstalled flask-3.1.3" in out


# -- the catalogue ---------------------------------------------------------------------

def test_catalogue_facts():
    assert human_apt(0) == "0 B" and human_apt(4345000) == "4345 kB" and human_apt(10_200_000) == "10.2 MB"
    trixie = debian_catalogue.release("trixie")
    names = [p.name for p in closure(trixie, ["jq"], trixie.base)]
    assert names[-1] == "jq" and set(names) == {"jq", "libjq1", "libonig5"}
    for branch in alpine_catalogue.BRANCHES:
        release = alpine_catalogue.release(branch)
        for package in release.packages.values():
            assert all(dep in release.packages for dep in package.depends), package.name
