"""`import` at the prompt: from a file, a redirection or a pipe (`export web | import -`),
its output (the image id), `image history`, the CLI's and the daemon's errors, and a real
busybox binary imported and run (when this machine has one)."""

import io
import os
import shutil
import tarfile

import pytest

from engine import Engine
from shell.session import Session


def shell(tmp_path, interactive=False):
    return Session(Engine.deterministic(host_root=str(tmp_path)), interactive=interactive)


def test_export_import_round_trip_runs_the_containers_programs(tmp_path):
    session = shell(tmp_path)
    session.execute("run -d --name web nginx")
    session.execute("exec web sh -c 'echo made-here > /srv/note'")
    image_id, status = session.execute("export web | import - mine:v1")
    assert status == 0 and image_id.startswith("sha256:") and len(image_id.strip()) == 71
    assert session.execute("images --format '{{.Repository}}:{{.Tag}} {{.ID}}' mine")[0] == \
        f"mine:v1 {image_id[7:19]}\n"
    assert session.execute("run --rm mine:v1 cat /srv/note") == ("made-here\n", 0)
    assert session.execute("run --rm mine:v1 nginx -v")[0].startswith("nginx version: nginx/")
    history = session.execute("image history mine:v1")[0].splitlines()
    assert history[0].split() == ["IMAGE", "CREATED", "CREATED", "BY", "SIZE", "COMMENT"]
    assert history[1].startswith(image_id[7:19]) and history[1].endswith("Imported from -")
    assert len(history) == 2


def test_import_a_file_or_a_redirection_with_changes_and_a_message(tmp_path):
    session = shell(tmp_path)
    session.execute("run -d --name web alpine sleep 100")
    session.execute(f"export -o {tmp_path}/root.tar web")
    first = session.execute(f"import -c 'CMD [\"cat\", \"/etc/alpine-release\"]' "
                            f"--change 'ENV MODE=test' -m 'from a file' {tmp_path}/root.tar a")
    assert first[1] == 0
    assert session.execute("run --rm a")[0].startswith("3.")
    assert session.execute("run --rm a printenv MODE") == ("test\n", 0)
    assert session.execute("history --format '{{.CreatedBy}}|{{.Comment}}' a") == (
        "|from a file\n", 0)
    second = session.execute(f"image import - b < {tmp_path}/root.tar")
    assert second[1] == 0 and second[0] != first[0]  # another config, another image
    assert session.execute("inspect --format '{{.Comment}} {{json .Config.Cmd}}' b") == (
        "Imported from - null\n", 0)


def test_import_errors(tmp_path):
    session = shell(tmp_path, interactive=True)
    (tmp_path / "junk.tar").write_bytes(b"x" * 2048)
    assert session.execute(f"import {tmp_path}/none.tar") == (
        f"open {tmp_path}/none.tar: no such file or directory\n", 1)
    assert session.execute(f"import {tmp_path}/junk.tar") == (
        "Error response from daemon: archive/tar: invalid tar header\n", 1)
    assert session.execute(f"import -c 'RUN true' {tmp_path}/junk.tar") == (
        "Error response from daemon: run is not a valid change command\n", 1)
    assert session.execute(f"import {tmp_path}/junk.tar Web") == (
        "invalid reference format: repository name (library/Web) must be lowercase\n", 1)
    assert session.execute("import http://example.com/rootfs.tar") == (
        'Error response from daemon: Get "http://example.com/rootfs.tar": dial tcp: lookup '
        "example.com: no such host (crsim simulates no Internet)\n", 1)
    assert session.execute("import -")[1] == 1  # the terminal is no tarball
    assert session.execute("import")[0].startswith(
        "crsim-shell: 'crsim-shell import' requires at least 1 argument")
    assert session.execute("images -q") == ("", 0)


BUSYBOX = shutil.which("busybox")


@pytest.mark.skipif(BUSYBOX is None, reason="no busybox on this machine")
def test_a_real_busybox_imported_runs_its_applets(tmp_path):
    """The machine's own /bin/busybox (a real ELF) and its applet links, as a rootfs tar."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for folder in ("bin", "etc", "tmp"):
            info = tarfile.TarInfo(folder)
            info.type, info.mode = tarfile.DIRTYPE, 0o755
            archive.addfile(info)
        archive.add(os.path.realpath(BUSYBOX), "bin/busybox")
        for applet in ("sh", "echo", "ls"):
            info = tarfile.TarInfo(f"bin/{applet}")
            info.type, info.linkname = tarfile.SYMTYPE, "busybox"
            archive.addfile(info)
        info = tarfile.TarInfo("bin/cat")
        info.type, info.linkname = tarfile.LNKTYPE, "bin/busybox"
        archive.addfile(info)
    (tmp_path / "busybox.tgz").write_bytes(buffer.getvalue())
    session = shell(tmp_path)
    assert session.execute(f"import {tmp_path}/busybox.tgz bb")[1] == 0
    assert session.execute("run --rm bb echo hi") == ("hi\n", 0)
    assert session.execute("run --rm bb ls /bin") == ("busybox\ncat\necho\nls\nsh\n", 0)
    assert session.execute("run --rm bb sh -c 'echo hi | cat'") == ("hi\n", 0)


DEBIAN_STYLE = [shutil.which(name) for name in ("dash", "ls", "cat", "echo")]


@pytest.mark.skipif(None in DEBIAN_STYLE, reason="no dash and coreutils on this machine")
def test_real_dash_and_coreutils_imported_run_as_in_debian(tmp_path):
    """This machine's dash and GNU coreutils, one binary a command, /bin/sh -> dash."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for path in DEBIAN_STYLE:
            archive.add(os.path.realpath(path), "usr/bin/" + os.path.basename(path))
        for name, target in (("bin", "usr/bin"), ("usr/bin/sh", "dash")):
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, target
            archive.addfile(info)
    (tmp_path / "root.tar").write_bytes(buffer.getvalue())
    session = shell(tmp_path)
    session.execute(f"import -c 'CMD [\"sh\"]' {tmp_path}/root.tar deb")
    assert session.execute("run --rm deb sh -c 'echo $0; ls /usr/bin | cat'") == (
        "sh\ncat\ndash\necho\nls\nsh\n", 0)
    assert session.execute("run --rm deb ls --version")[0].startswith("ls (GNU coreutils)")
