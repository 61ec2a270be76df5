"""paste compared with the real ones, byte for byte with status: BusyBox 1.37's applet
(tests/references.py) against alpine's, the host's GNU coreutils against debian's."""

import os
import shutil
import subprocess

import pytest

from tests import references
from tests.engine.userland.conftest import Box

FILES = "printf '1\\n2\\n3\\n' > p1; printf 'a\\nb\\n' > p2; printf 'x' > p3; : > p4\n"
CASES = ["paste p1 p2", "paste -d, p1 p2 p3", "paste -s p1 p2", "paste -sd, p1", "paste -d'ab' p1 p2 p1",
         "paste - - < p1", "paste p3 p3", "paste -s p3", "paste nosuch p1", "paste -d '' p1 p2",
         "paste -d '\\n' p1 p2", "paste -d '\\t|' p1 p2 p1", "paste -s -d '\\0,' p1", "paste -s p4 p1",
         "paste p4 p1", "paste p1 - < p2", "paste -s - < p1"]  # (a bad option: options tests)
SCRIPT = FILES + "".join(f"echo '== {case}'; {case} 2>&1; echo rc=$?\n" for case in CASES)


def _real(tmp_path, shell, path):
    return subprocess.run([shell, "-c", SCRIPT], capture_output=True, text=True, cwd=tmp_path,
                          env={"PATH": path, "LC_ALL": "C"}, timeout=30).stdout


def _ours(image):
    box = Box(image)
    box.run("mkdir", "-p", "/w")
    return box.run("sh", "-c", SCRIPT, workdir="/w")[1]


def test_paste_as_busybox(tmp_path):
    program = references.busybox()
    if program is None:
        pytest.skip(references.MISSING)
    applets = tmp_path / "bin"
    applets.mkdir()
    for name in ("sh", "paste", "printf", "echo"):
        os.symlink(program, applets / name)
    work = tmp_path / "w"
    work.mkdir()
    assert references.same_banner(_ours("alpine")) == references.same_banner(
        _real(work, str(applets / "sh"), str(applets)))


def test_paste_as_gnu(tmp_path):
    if shutil.which("paste") is None:
        pytest.skip("paste is not installed")
    assert _ours("debian:bookworm-slim") == _real(tmp_path, "/bin/sh", "/usr/bin:/bin")
