"""A shell script run twice, by crsim and by the real programs, for tests that compare
the two byte for byte: each case's output, its stderr and `rc=STATUS` in the stdout.

BusyBox's side runs the 1.37 reference through applet links in a fresh directory
(`PATH` holds nothing else); GNU's the host's /usr/bin in the C locale.
"""

import os
import shutil
import subprocess

import pytest

from tests import references
from tests.engine.userland.conftest import Box


def cases_script(setup: str, cases) -> str:
    """``setup`` then each case announced, its stderr folded into stdout, its status."""
    return setup + "".join(f"echo '== {case}'; {case} 2>&1; echo rc=$?\n" for case in cases)


def _real(work, shell, path, script):
    return subprocess.run([shell, "-c", script], capture_output=True, text=True, cwd=work,
                          env={"PATH": path, "LC_ALL": "C"}, timeout=30).stdout


def ours(image: str, script: str) -> str:
    box = Box(image)
    box.run("mkdir", "-p", "/w")
    return box.run("sh", "-c", script, workdir="/w")[1]


def busybox_pair(tmp_path, script: str, applets) -> tuple:
    """(crsim's alpine, real BusyBox) outputs, banners made alike; skips without BusyBox."""
    program = references.busybox()
    if program is None:
        pytest.skip(references.MISSING)
    links = tmp_path / "bin"
    links.mkdir()
    for name in {"sh", "echo", "printf", *applets}:
        os.symlink(program, links / name)
    work = tmp_path / "w"
    work.mkdir()
    return (references.same_banner(ours("alpine", script)),
            references.same_banner(_real(work, str(links / "sh"), str(links), script)))


def gnu_pair(tmp_path, script: str, program: str) -> tuple:
    """(crsim's debian, the host's GNU) outputs; skips where the host lacks ``program``."""
    if shutil.which(program) is None:
        pytest.skip(f"{program} is not installed")
    return ours("debian:bookworm-slim", script), _real(tmp_path, "/bin/sh", "/usr/bin:/bin", script)
