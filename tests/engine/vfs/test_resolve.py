"""Path resolution stays inside the root: '..', absolute/relative symlinks, ELOOP."""

import pytest

from engine.vfs import errno
from engine.vfs.errno import FSError


def test_dotdot_at_root_stays_at_root(fs):
    assert fs.realpath("/../../..") == "/"
    assert fs.realpath("../../etc", cwd="/app") == "/etc"
    assert fs.read("/../../etc/passwd").startswith(b"root:")


def test_absolute_symlink_resolves_inside_the_root(fs):
    fs.symlink("/", "/tmp/root")
    assert fs.realpath("/tmp/root/etc/hosts") == "/etc/hosts"
    fs.symlink("../../../../..", "/tmp/up")
    assert fs.realpath("/tmp/up") == "/"
    assert fs.readdir("/tmp/up/app") == ["new.txt", "old.txt", "sub"]


def test_relative_symlink_is_relative_to_its_directory(fs):
    assert fs.realpath("/bin/ls") == "/bin/busybox"
    assert fs.stat("/bin/ls").program == "busybox"
    assert fs.lstat("/bin/ls").target == "busybox"


def test_symlink_loop_is_eloop_after_40_links(fs):
    fs.symlink("b", "/tmp/a")
    fs.symlink("a", "/tmp/b")
    with pytest.raises(FSError) as info:
        fs.stat("/tmp/a")
    assert info.value.errno == errno.ELOOP
    assert info.value.strerror() == "Too many levels of symbolic links"
    assert info.value.strerror("musl") == "Symbolic link loop"


def test_musl_and_glibc_word_some_errors_differently():
    from engine.vfs.errno import EXDEV, strerror
    assert strerror(EXDEV) == "Invalid cross-device link"
    assert strerror(EXDEV, "musl") == "Cross-device link"


def test_chain_of_40_links_resolves_and_41_does_not(fs):
    fs.write("/tmp/target", b"end")
    fs.symlink("/tmp/target", "/tmp/l0")
    for i in range(1, 41):
        fs.symlink(f"/tmp/l{i - 1}", f"/tmp/l{i}")
    assert fs.read("/tmp/l39") == b"end"  # 40 traversals
    with pytest.raises(FSError) as info:
        fs.read("/tmp/l40")  # 41 traversals
    assert info.value.errno == errno.ELOOP


def test_enotdir_and_enoent_on_the_way(fs):
    with pytest.raises(FSError) as info:
        fs.stat("/etc/passwd/x")
    assert info.value.errno == errno.ENOTDIR
    with pytest.raises(FSError) as info:
        fs.stat("/nope/x")
    assert info.value.errno == errno.ENOENT
    assert str(info.value) == "/nope/x: No such file or directory"


def test_trailing_slash_requires_a_directory(fs):
    with pytest.raises(FSError) as info:
        fs.stat("/etc/passwd/")
    assert info.value.errno == errno.ENOTDIR
    assert fs.stat("/etc/").kind == "dir"


def test_lstat_does_not_follow_the_last_link(fs):
    assert fs.lstat("/bin/sh").kind == "symlink"
    assert fs.stat("/bin/sh").kind == "file"
