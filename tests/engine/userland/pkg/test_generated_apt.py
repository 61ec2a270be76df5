"""apt against the catalogues generated from the Debian and Ubuntu archives' indexes."""

from engine.userland.pkg.catalogue import debian, generated, ubuntu
from tests.engine.userland.conftest import Box


def test_every_suite_has_the_whole_archive():
    for family, suite, least in (("debian", "bullseye", 50_000), ("debian", "bookworm", 60_000),
                                 ("debian", "trixie", 60_000), ("ubuntu", "jammy", 70_000),
                                 ("ubuntu", "noble", 70_000)):
        data = generated.load(family, suite)
        assert data is not None and len(data.packages) >= least, (family, suite)
    bookworm = debian.release("bookworm")
    gcc = bookworm.packages["gcc"]
    assert gcc.version == "4:12.2.0-3" and "gcc-12" in gcc.depends
    assert "/usr/bin/gcc" in bookworm.commands["gcc"]
    assert debian.release("buster").name == "bullseye"  # the nearest suite with a catalogue
    assert ubuntu.release("jammy").packages["apache2-utils"].version.startswith("2.4.")


def test_build_packages_install_and_their_commands_exist():
    box = Box("debian:bookworm-slim")
    box.run("apt-get", "update")
    status, out, err = box.run("apt-get", "install", "-y", "--no-install-recommends", "tini", "bzip2", "make")
    assert status == 0, err
    assert "Setting up tini (0.19.0-1+b3) ..." in out
    for path in ("/usr/bin/tini", "/usr/bin/bzip2", "/usr/bin/make"):
        assert box.fs.stat(path).mode & 0o111, path
    status, out, _ = box.run("dpkg", "-l", "tini")
    assert status == 0 and "ii  tini" in out
    status, _, err = box.run("apt-get", "install", "-y", "no-such-package-here")
    assert status == 100 and err.endswith("E: Unable to locate package no-such-package-here\n")
