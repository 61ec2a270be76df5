"""patch compared with GNU patch and BusyBox's applet on the same files, byte for byte:
output, status and the files left behind (FILE.orig, FILE.rej)."""

import os
import shutil
import subprocess
import tempfile

import pytest

from tests import references

from engine import Engine

BUSYBOX = references.busybox()
BASE = "a\nb\nc\nd\ne\nf\ng\n"
DIFF = ("--- x/f.txt\t2026-12-01 09:00:00.000000000 +0000\n+++ y/f.txt\t2026-12-01 09:00:00.000000000 +0000\n"
        "@@ -1,7 +1,7 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n")
NEW_FILE = "--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1,2 @@\n+one\n+two\n"
TWO_HUNKS = ("--- a/f.txt\n+++ b/f.txt\n@@ -1,2 +1,2 @@\n-a\n+A\n b\n@@ -6,2 +6,2 @@\n f\n-g\n+G\n")
# (files before, patch, arguments)
CASES = [
    ({"f.txt": BASE}, DIFF, ["-p1"]),
    ({"f.txt": BASE.replace("d\n", "D\n")}, DIFF, ["-p1"]),
    ({"f.txt": BASE.replace("d\n", "D\n")}, DIFF, ["-p1", "-N"]),
    ({"f.txt": BASE.replace("d\n", "D\n")}, DIFF, ["-p1", "-R"]),
    ({"f.txt": "z\n" + BASE}, DIFF, ["-p1"]),
    ({"f.txt": "q\nq\n"}, DIFF, ["-p1"]),
    ({}, DIFF, ["-p1"]),
    ({"f.txt": BASE}, DIFF, ["-p1", "--dry-run"]),
    ({}, NEW_FILE, ["-p1"]),
    ({"f.txt": BASE}, TWO_HUNKS, ["-p1"]),
    ({"f.txt": BASE.replace("g\n", "x\n")}, TWO_HUNKS, ["-p1"]),
]


def _real(program, files, diff, args):
    root = tempfile.mkdtemp()
    try:
        for name, text in files.items():
            with open(os.path.join(root, name), "w") as f:
                f.write(text)
        done = subprocess.run([*program, *args], input=diff.encode(), capture_output=True, cwd=root,
                              env={"PATH": "/usr/bin:/bin", "LC_ALL": "C"})
        after = {}
        for name in sorted(os.listdir(root)):
            with open(os.path.join(root, name)) as f:
                after[name] = f.read()
        return done.stdout.decode(), done.stderr.decode(), done.returncode, after
    finally:
        shutil.rmtree(root)


def _ours(image, files, diff, args):
    engine = Engine.deterministic()
    engine.pull(image)
    container = engine.run(image, ["sleep", "infinity"], name="box")
    fs = container.fs
    if not fs.exists("/usr/bin/patch") and not fs.exists("/bin/patch"):
        from engine.vfs.entry import regular
        fs.install("/usr/bin/patch", regular(None, 0o755, size=100, program="patch"))
    fs.mkdir("/w")
    for name, text in files.items():
        fs.write(f"/w/{name}", text.encode())
    result = engine.exec("box", ["patch", *args], stdin=diff, workdir="/w")
    after = {name: fs.read(f"/w/{name}").decode() for name in sorted(fs.readdir("/w"))}
    return result.stdout, result.stderr, result.status, after


@pytest.mark.skipif(shutil.which("patch") is None, reason="GNU patch is not installed")
@pytest.mark.parametrize("files, diff, args", CASES)
def test_as_gnu_patch(files, diff, args):
    assert _ours("debian:bookworm-slim", files, diff, args) == _real(["patch"], files, diff, args)


@pytest.mark.skipif(BUSYBOX is None, reason=references.MISSING)
@pytest.mark.parametrize("files, diff, args", [c for c in CASES if "--dry-run" not in c[2]])
def test_as_busybox_patch(files, diff, args):
    assert _ours("busybox", files, diff, args) == _real([BUSYBOX, "patch"], files, diff, args)
