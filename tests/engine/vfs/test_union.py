"""overlayfs rules of the union view: copy-up, whiteouts, opaque dirs, rename."""

import pytest

from engine.vfs import errno
from engine.vfs.entry import DIR, WHITEOUT, directory, regular
from engine.vfs.errno import FSError
from engine.vfs.index import MergedIndex
from engine.vfs.layer import Layer
from engine.vfs.union import UnionFS


def err(call, *args, **kwargs):
    with pytest.raises(FSError) as info:
        call(*args, **kwargs)
    return info.value.errno


def test_upper_layer_wins_over_lower(fs):
    assert fs.read("/app/old.txt") == b"old v2\n"
    assert fs.read("/app/sub/deep.txt") == b"deep\n"
    assert fs.readdir("/app") == ["new.txt", "old.txt", "sub"]
    assert fs.upper == {}


def test_declared_size_file_reads_as_zeros_without_holding_bytes(fs):
    entry = fs.stat("/bin/busybox")
    assert entry.size == 1_000_000 and entry.data is None
    assert entry.program == "busybox"


def test_write_copies_up_file_and_parents_keeping_metadata(fs, clock):
    before = fs.stat("/etc/passwd")
    clock.now = 2000
    fs.write("/etc/passwd", b"user\n", append=True)
    after = fs.stat("/etc/passwd")
    assert fs.read("/etc/passwd") == b"root:x:0:0:root:/root:/bin/sh\nuser\n"
    assert (after.mode, after.uid, after.gid) == (before.mode, before.uid, before.gid)
    assert after.mtime == 2000
    # The parent was copied up with its own metadata, untouched.
    assert fs.upper["/etc"].mtime == 10
    # The lower layer itself never changes.
    assert fs.lower.get("/etc/passwd").data == b"root:x:0:0:root:/root:/bin/sh\n"


def test_creating_a_file_updates_the_directory_mtime(fs, clock):
    clock.now = 3000
    fs.write("/etc/motd", b"hi\n")
    assert fs.stat("/etc").mtime == 3000
    assert fs.readdir("/etc") == ["hosts", "motd", "passwd"]


def test_chmod_copies_up_metadata_only(fs):
    fs.chmod("/etc/hosts", 0o600)
    assert fs.stat("/etc/hosts").mode == 0o600
    assert fs.read("/etc/hosts") == b"127.0.0.1 localhost\n"
    assert fs.lower.get("/etc/hosts").mode == 0o644


def test_unlink_of_lower_file_leaves_whiteout(fs):
    fs.unlink("/etc/hosts")
    assert fs.upper["/etc/hosts"].kind == WHITEOUT
    assert err(fs.stat, "/etc/hosts") == errno.ENOENT
    assert "hosts" not in fs.readdir("/etc")


def test_unlink_of_upper_only_file_leaves_no_trace(fs):
    fs.write("/tmp/scratch", b"x")
    fs.unlink("/tmp/scratch")
    assert "/tmp/scratch" not in fs.upper
    assert fs.readdir("/tmp") == []


def test_rmdir_of_lower_tree_is_one_whiteout_hiding_all_below(fs):
    fs.unlink("/app/sub/deep.txt")
    fs.rmdir("/app/sub")
    assert fs.upper["/app/sub"].kind == WHITEOUT
    assert "/app/sub/deep.txt" not in fs.upper  # the whiteout replaces the subtree
    assert err(fs.read, "/app/sub/deep.txt") == errno.ENOENT


def test_rmdir_errors(fs):
    assert err(fs.rmdir, "/app") == errno.ENOTEMPTY
    assert err(fs.rmdir, "/etc/passwd") == errno.ENOTDIR
    assert err(fs.rmdir, "/nope") == errno.ENOENT
    assert err(fs.unlink, "/etc") == errno.EISDIR
    assert fs.upper == {}


def test_recreated_directory_is_opaque(fs):
    fs.unlink("/app/sub/deep.txt")
    fs.rmdir("/app/sub")
    fs.mkdir("/app/sub")
    assert fs.upper["/app/sub"].opaque
    assert fs.readdir("/app/sub") == []
    fs.write("/app/sub/fresh", b"1")
    assert fs.readdir("/app/sub") == ["fresh"]


def test_opaque_directory_in_an_image_layer_hides_lower_contents():
    lower = Layer({"/d": directory(), "/d/a": regular("a"), "/d/b": regular("b")})
    upper = Layer({"/d": directory(opaque=True), "/d/c": regular("c")})
    index = MergedIndex([lower, upper])
    assert index.names("/d") == ["c"]
    assert index.get("/d/a") is None


def test_whiteout_in_an_image_layer_removes_a_whole_tree():
    lower = Layer({"/d": directory(), "/d/e": directory(), "/d/e/f": regular("f")})
    upper = Layer({"/d/e": pytest.importorskip("engine.vfs.entry").whiteout()})
    index = MergedIndex([lower, upper])
    assert index.get("/d/e") is None and index.get("/d/e/f") is None
    assert index.names("/d") == []


def test_file_over_directory_in_a_higher_layer_hides_the_tree():
    lower = Layer({"/x": directory(), "/x/y": regular("y")})
    upper = Layer({"/x": regular("now a file")})
    index = MergedIndex([lower, upper])
    assert index.get("/x").kind == "file" and index.get("/x/y") is None


def test_rename_of_a_lower_file_copies_up_and_whiteouts_the_source(fs):
    fs.rename("/etc/hosts", "/tmp/hosts")
    assert fs.read("/tmp/hosts") == b"127.0.0.1 localhost\n"
    assert fs.upper["/etc/hosts"].kind == WHITEOUT


def test_rename_of_a_lower_directory_is_exdev_and_move_copies(fs):
    assert err(fs.rename, "/app/sub", "/tmp/sub") == errno.EXDEV
    assert "/tmp/sub" not in fs.upper  # the failed rename changed nothing
    fs.move("/app/sub", "/tmp/sub")
    assert fs.read("/tmp/sub/deep.txt") == b"deep\n"
    assert fs.upper["/app/sub"].kind == WHITEOUT
    assert not fs.exists("/app/sub")


def test_rename_of_an_upper_directory_moves_it(fs):
    fs.mkdir("/tmp/a")
    fs.write("/tmp/a/f", b"1")
    fs.rename("/tmp/a", "/tmp/b")
    assert fs.read("/tmp/b/f") == b"1"
    assert "/tmp/a" not in fs.upper and "/tmp/a/f" not in fs.upper


def test_rename_errors(fs):
    fs.mkdir("/tmp/d")
    fs.write("/tmp/d/f", b"1")
    fs.mkdir("/tmp/e")
    assert err(fs.rename, "/tmp/d", "/tmp/d/inside") == errno.EINVAL
    assert err(fs.rename, "/tmp/e", "/etc/passwd") == errno.ENOTDIR
    assert err(fs.rename, "/etc/passwd", "/tmp/d") == errno.EISDIR
    assert err(fs.rename, "/tmp/e", "/app") == errno.ENOTEMPTY
    assert err(fs.rename, "/missing", "/tmp/x") == errno.ENOENT
    fs.rename("/tmp/e", "/tmp/d/f2")
    assert fs.stat("/tmp/d/f2").kind == DIR


def test_write_errors_leave_the_upper_layer_unchanged(fs):
    assert err(fs.write, "/app", b"x") == errno.EISDIR
    assert err(fs.write, "/nope/file", b"x") == errno.ENOENT
    assert err(fs.write, "/etc/passwd/x", b"x") == errno.ENOTDIR
    assert err(fs.mkdir, "/etc") == errno.EEXIST
    assert err(fs.symlink, "x", "/etc/passwd") == errno.EEXIST
    assert fs.upper == {}


def test_write_through_a_symlink_writes_its_target(fs):
    fs.symlink("/tmp/real", "/tmp/link")
    fs.write("/tmp/link", b"via link")
    assert fs.read("/tmp/real") == b"via link"
    assert fs.lstat("/tmp/link").target == "/tmp/real"


def test_readdir_of_large_directory_merged_from_several_layers():
    layers = [Layer({"/big": directory(), **{f"/big/f{i:05d}": regular("") for i in range(k, 3000, 3)}})
              for k in range(3)]
    fs = UnionFS(MergedIndex(layers))
    fs.unlink("/big/f00000")
    fs.write("/big/zz", b"")
    names = fs.readdir("/big")
    assert len(names) == 3000 and names[0] == "f00001" and names[-1] == "zz"


def test_mount_points_are_busy():
    from engine import Engine
    e = Engine.deterministic()
    e.pull("busybox")
    c = e.run("busybox", ["sleep", "100"])
    assert err(c.fs.rename, "/proc", "/p") == errno.EBUSY
    assert err(c.fs.rmdir, "/proc") == errno.EBUSY
    assert err(c.fs.rename, "/etc/hosts", "/tmp/h") == errno.EBUSY
