"""`docker diff` against the kernel's overlayfs: the same operations on a real overlay mount
(the image's tree as lowerdir) and on crsim's union view, then moby's walk over the real
upper directory (whiteouts, opaque directories, directories compared by mode and mtime,
parents of added or deleted entries) must give what crsim's diff gives.

Needs root and overlay mounts (skipped elsewhere, as in a user's fresh clone).
"""

import errno
import os
import stat
import subprocess
import tempfile

import pytest
from hypothesis import example, given, settings, strategies as st

from engine.vfs.changes import changes
from engine.vfs.entry import directory, regular
from engine.vfs.errno import FSError
from engine.vfs.index import MergedIndex
from engine.vfs.layer import Layer
from engine.vfs.union import UnionFS

OLD = 1_600_000_000  # the image's mtimes, long before the operations
TREE = {"/t": None, "/t/d0": None, "/t/d0/f0": b"zero\n", "/t/d0/f1": b"one\n", "/t/d1": None,
        "/t/d1/g": b"g\n", "/t/e": b"e\n", "/t/d2": None}
PATHS = ["/t/d0", "/t/d0/f0", "/t/d0/f1", "/t/d0/new", "/t/d1", "/t/d1/g", "/t/d2", "/t/d2/x", "/t/e", "/t/n"]
OPS = st.lists(st.tuples(st.sampled_from(["write", "append", "unlink", "mkdir", "rmdir", "rename", "chmod"]),
                         st.sampled_from(PATHS), st.sampled_from(PATHS)), min_size=1, max_size=6)


def _overlay_works() -> bool:
    if os.geteuid() != 0:
        return False
    with tempfile.TemporaryDirectory() as top:
        dirs = [os.path.join(top, n) for n in ("l", "u", "w", "m")]
        for d in dirs:
            os.mkdir(d)
        ok = subprocess.run(["mount", "-t", "overlay", "overlay", "-o",
                             f"lowerdir={dirs[0]},upperdir={dirs[1]},workdir={dirs[2]}", dirs[3]],
                            capture_output=True).returncode == 0
        if ok:
            subprocess.run(["umount", dirs[3]], check=True)
        return ok


pytestmark = pytest.mark.skipif(not _overlay_works(), reason="needs root and overlay mounts")


def _lower(top: str) -> None:
    for path, data in TREE.items():
        host = top + path
        if data is None:
            os.mkdir(host)
        else:
            with open(host, "wb") as f:
                f.write(data)
    for path in sorted(TREE, reverse=True):
        os.utime(top + path, (OLD, OLD))


def _crsim() -> UnionFS:
    entries = {"/": directory(mtime=OLD)}
    for path, data in TREE.items():
        entries[path] = directory(mtime=OLD) if data is None else regular(data, mtime=OLD)
    ticks = iter(range(OLD + 100, OLD + 10_000))
    return UnionFS(MergedIndex([Layer(entries)]), now=lambda: next(ticks))


def _apply_real(root: str, op: str, a: str, b: str) -> int:
    """0, or the errno the kernel gave."""
    try:
        if op == "write":
            with open(root + a, "wb") as f:
                f.write(b"new\n")
        elif op == "append":
            with open(root + a, "r+b") as f:
                f.seek(0, 2)
                f.write(b"more\n")
        elif op == "unlink":
            os.unlink(root + a)
        elif op == "mkdir":
            os.mkdir(root + a)
        elif op == "rmdir":
            os.rmdir(root + a)
        elif op == "rename":
            os.rename(root + a, root + b)
        elif op == "chmod":
            os.chmod(root + a, 0o700)
    except OSError as e:
        return e.errno
    return 0


def _apply_crsim(fs: UnionFS, op: str, a: str, b: str) -> int:
    try:
        if op == "write":
            fs.write(a, b"new\n")
        elif op == "append":
            if fs.get(a) is None:
                raise FSError(errno.ENOENT, a)
            fs.write(a, b"more\n", append=True)
        elif op == "unlink":
            fs.unlink(a)
        elif op == "mkdir":
            fs.mkdir(a)
        elif op == "rmdir":
            fs.rmdir(a)
        elif op == "rename":
            fs.rename(a, b)
        elif op == "chmod":
            fs.chmod(a, 0o700)
    except FSError as e:
        return e.errno
    return 0


def _moby_changes(lower: str, upper: str):
    """What moby's overlay2 driver reports (pkg/archive overlayChanges), walking the upper dir."""
    result, changed_dirs = [], set()
    for dirpath, dirnames, filenames in os.walk(upper):
        dirnames.sort()
        rel_dir = "" if dirpath == upper else "/" + os.path.relpath(dirpath, upper)
        for name in sorted(dirnames + filenames):
            full = os.path.join(dirpath, name)
            path = f"{rel_dir}/{name}"
            st_ = os.lstat(full)
            deleted = stat.S_ISCHR(st_.st_mode) and st_.st_rdev == 0
            if stat.S_ISDIR(st_.st_mode):
                try:
                    deleted = deleted or os.getxattr(full, "trusted.overlay.opaque", follow_symlinks=False) == b"y"
                except OSError:
                    pass
            if deleted:
                kind = "D"  # filepath.Walk still enters an opaque directory: its children follow
            else:
                kind = "A"
                below = lower + path
                if os.path.lexists(below):
                    lst = os.lstat(below)
                    if stat.S_ISDIR(lst.st_mode) and stat.S_ISDIR(st_.st_mode) and lst.st_mode == st_.st_mode \
                            and lst.st_mtime_ns == st_.st_mtime_ns:
                        continue  # only copied up: not a change (and not counted as a changed dir)
                    kind = "C"
            if stat.S_ISDIR(st_.st_mode):
                changed_dirs.add(path)
            if kind in ("A", "D"):
                parent = os.path.dirname(path)
                if parent != "/" and parent not in changed_dirs:
                    result.append(("C", parent))
                    changed_dirs.add(parent)
            result.append((kind, path))
    return result


def _walk_order(items):
    return sorted(items, key=lambda item: item[1].split("/"))


@settings(max_examples=60, deadline=None)
@given(OPS)
# found by this test: a directory of the upper layer alone, moved into a merged one, becomes opaque
@example([("mkdir", "/t/d0/new", "/t/d0"), ("rename", "/t/d0/new", "/t/d2/x")])
def test_diff_matches_overlayfs(ops):
    with tempfile.TemporaryDirectory() as top:
        lower, upper, work, merged = (os.path.join(top, n) for n in ("l", "u", "w", "m"))
        for d in (lower, upper, work, merged):
            os.mkdir(d)
        _lower(lower)
        subprocess.run(["mount", "-t", "overlay", "overlay", "-o",
                        f"lowerdir={lower},upperdir={upper},workdir={work}", merged], check=True)
        fs = _crsim()
        try:
            for op, a, b in ops:
                real = _apply_real(merged, op, a, b)
                ours = _apply_crsim(fs, op, a, b)
                assert (op, a, b, ours) == (op, a, b, real), "the same operation must fail the same way"
        finally:
            subprocess.run(["umount", merged], check=True)
        assert _walk_order(changes(fs)) == _walk_order(_moby_changes(lower, upper)), ops
