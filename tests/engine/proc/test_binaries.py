"""Real binaries in loaded and imported images run the simulated program they are,
recognised by their content (proc/binaries.py); an unknown one says it is not simulated.
The binaries here are fake ELF files holding only the signature a real one holds."""

import hashlib
import io
import json
import tarfile

import pytest

from engine import Engine
from engine.proc.binaries import SCRIPTS, SIGNATURES, program_of
from engine.vfs import tarball

ELF_HEADER = b"\x7fELF\x02\x01\x01\x00" + bytes(56)  # 64-bit, little-endian, System V


def elf(text: bytes = b"") -> bytes:
    return ELF_HEADER + b"\0some code\0" + text + b"\0more\0"


def output(engine, image, *argv):
    """What a container of ``image`` running ``argv`` wrote, and its exit status."""
    container = engine.run(image, list(argv))
    engine.wait_until(lambda: not container.state.running)
    text = "".join(line.text for line in engine.logs(container.id))
    return text, container.state.exit_code


def tar_of(members) -> bytes:
    """members: (name, kind, payload) with kind "file" (payload bytes), "link" (a symlink
    to payload), "hard" (a hard link to payload), "dir"; "xattr" a file with crsim's mark."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name, kind, payload in members:
            info = tarfile.TarInfo(name)
            if kind == "dir":
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                archive.addfile(info)
            elif kind in ("link", "hard"):
                info.type = tarfile.SYMTYPE if kind == "link" else tarfile.LNKTYPE
                info.linkname = payload
                archive.addfile(info)
            else:
                content, program = (payload if kind == "xattr" else (payload, None))
                if program:
                    info.pax_headers[tarball.PROGRAM_KEY] = program
                info.size, info.mode = len(content), 0o755
                archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


BUSYBOX_ROOT = [("bin", "dir", None), ("bin/busybox", "file", elf(b"BusyBox v1.36.1 (2024)")),
                ("bin/sh", "link", "busybox"), ("bin/echo", "link", "/bin/busybox"),
                ("bin/ls", "hard", "bin/busybox"), ("bin/cat", "hard", "bin/busybox"),
                ("etc", "dir", None), ("etc/motd", "file", b"hello\n")]


@pytest.mark.parametrize("path, content, program", [
    ("/bin/busybox", elf(b"BusyBox v1.37.0 multi-call binary. GNU sed"), "busybox"),
    ("/usr/bin/ls", elf(b"GNU coreutils"), "ls"),
    ("/usr/bin/[", elf(b"GNU coreutils"), "["),
    ("/usr/bin/xargs", elf(b"GNU findutils"), "xargs"),
    ("/usr/bin/bash", elf(b"GNU bash, version %s (%s)"), "bash"),
    ("/usr/bin/dash", elf(b"sh: turning off NDELAY mode"), "dash"),
    ("/usr/local/bin/python3.12", elf(b"Py_BytesMain"), "python3"),
    ("/usr/local/bin/node", elf(b"print Node.js version"), "node"),
    ("/usr/sbin/nginx", elf(b"nginx version: nginx/1.27"), "nginx"),
    ("/usr/bin/sed", elf(b"GNU sed home page"), "sed"),
    ("/usr/bin/apt-get", elf(b"apt-get is a command line interface for retrieval"), "apt-get"),
    ("/usr/bin/dpkg", elf(b"Debian '%s' package management program version %s."), "dpkg"),
    ("/app/server", elf(b"a Go program"), None),  # an ELF nobody recognises
    ("/bin/script", b"#!/bin/sh\necho GNU coreutils\n", None),  # not an ELF: a script
    ("/usr/local/bin/pip", b"#!/usr/local/bin/python3.12\nimport re\nimport sys\n"
     b"from pip._internal.cli.main import main\n", "pip"),  # a script crsim simulates whole
    ("/usr/local/lib/node_modules/npm/bin/npm-cli.js",
     b"#!/usr/bin/env node\nrequire('../lib/cli.js')(process)\n", "npm"),
])
def test_a_binary_is_recognised_by_its_content(path, content, program):
    assert program_of(path, content) == program


def test_every_signature_names_one_program_and_busybox_comes_before_what_it_quotes():
    assert SIGNATURES[0] == (b"BusyBox v1.", "busybox")
    for table in (SIGNATURES, SCRIPTS):
        assert len({signature for signature, _ in table}) == len(table)


def test_imported_busybox_links_run_their_applets():
    engine = Engine.deterministic()
    engine.import_image(tar_of(BUSYBOX_ROOT), "bb")
    assert output(engine, "bb", "echo", "hi") == ("hi\n", 0)
    assert output(engine, "bb", "cat", "/etc/motd") == ("hello\n", 0)  # a hard link
    assert output(engine, "bb", "ls", "/bin") == ("busybox\ncat\necho\nls\nsh\n", 0)
    assert output(engine, "bb", "sh", "-c", "echo $((1+2))") == ("3\n", 0)
    assert engine.image("bb").layers[0].get("/bin/busybox").program == "busybox"


def test_an_unknown_binary_says_it_is_not_simulated_and_crsims_mark_wins():
    engine = Engine.deterministic()
    engine.import_image(tar_of(BUSYBOX_ROOT + [
        ("app", "dir", None), ("app/server", "file", elf(b"Go build ID")),
        ("app/tool", "xattr", (elf(b"GNU bash, version"), "cat"))]), "app")
    assert output(engine, "app", "/app/server") == (
        "server: this program is not simulated by crsim yet\n", 127)
    assert output(engine, "app", "sh", "-c", "/app/server --port 80; echo $?") == (
        "server: this program is not simulated by crsim yet\n127\n", 0)
    assert output(engine, "app", "/app/tool", "/etc/motd") == ("hello\n", 0)


def test_a_loaded_archive_made_by_real_docker_runs_its_binaries():
    """A docker-archive (manifest.json form) whose layer holds real-looking binaries."""
    layer = tar_of([("usr", "dir", None), ("usr/bin", "dir", None),
                    ("usr/bin/dash", "file", elf(b"turning off NDELAY mode")),
                    ("usr/bin/echo", "file", elf(b"GNU coreutils")),
                    ("bin", "link", "usr/bin"), ("usr/bin/sh", "link", "dash")])
    diff_id = "sha256:" + hashlib.sha256(layer).hexdigest()
    config = json.dumps({"architecture": "amd64", "os": "linux",
                         "config": {"Env": ["PATH=/usr/bin:/bin"], "Cmd": ["sh"]},
                         "rootfs": {"type": "layers", "diff_ids": [diff_id]}}).encode()
    manifest = json.dumps([{"Config": "config.json", "RepoTags": ["real:1"],
                            "Layers": ["layer.tar"]}]).encode()
    archive = tar_of([("config.json", "file", config), ("layer.tar", "file", layer),
                      ("manifest.json", "file", manifest)])
    engine = Engine.deterministic()
    assert engine.load(archive) == ["Loaded image: real:1"]
    assert output(engine, "real:1", "sh", "-c", "echo $0; echo done") == ("sh\ndone\n", 0)
    assert output(engine, "real:1", "echo", "hi") == ("hi\n", 0)
