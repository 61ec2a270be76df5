"""Hard links in the union view: one file, several names (Entry.link).

Upper links behave as on any file system; a link group of a LOWER layer breaks
when one name is copied up, because Docker mounts overlayfs with index=off
(Documentation/filesystems/overlayfs.rst, "Non-standard behavior")."""

import pytest

from engine.vfs import errno
from engine.vfs.entry import directory, regular
from engine.vfs.errno import FSError
from engine.vfs.index import MergedIndex
from engine.vfs.layer import Layer
from engine.vfs.union import UnionFS


def _fs(*layers):
    base = {"/bin": directory(), "/tmp": directory(0o1777)}
    return UnionFS(MergedIndex([Layer(base), *[Layer(layer) for layer in layers]]))


def _lower_group():
    """A layer where /bin/busybox has a second name, /bin/ls (link id 1)."""
    binary = regular(b"ELF", mode=0o755, program="busybox").with_changes(link=1)
    return {"/bin/busybox": binary, "/bin/ls": binary}


def test_upper_link_shares_changes_and_counts_names():
    fs = _fs()
    fs.write("/tmp/a", b"x\n")
    fs.link("/tmp/a", "/tmp/b")
    fs.write("/tmp/b", b"y\n", append=True)
    assert fs.read("/tmp/a") == b"x\ny\n"
    fs.chmod("/tmp/a", 0o600)
    assert fs.stat("/tmp/b").mode == 0o600
    assert fs.link_count("/tmp/a", fs.stat("/tmp/a")) == 2
    fs.link("/tmp/b", "/tmp/c")
    assert fs.link_count("/tmp/c", fs.stat("/tmp/c")) == 3
    fs.unlink("/tmp/a")
    assert fs.read("/tmp/b") == b"x\ny\n"
    assert fs.link_count("/tmp/b", fs.stat("/tmp/b")) == 2
    fs.rename("/tmp/c", "/d")  # a moved name stays in the group
    fs.truncate("/d", 1)
    assert fs.read("/tmp/b") == b"x"
    assert fs.link_count("/d", fs.stat("/d")) == 2


def test_link_errors_leave_the_layer_unchanged():
    fs = _fs()
    fs.write("/tmp/a", b"x")
    upper = dict(fs.upper)
    for src, dst, code in (("/tmp/a", "/tmp/a", errno.EEXIST), ("/tmp", "/tmp/d", errno.EPERM),
                           ("/nope", "/tmp/n", errno.ENOENT), ("/tmp/a", "/no/x", errno.ENOENT)):
        with pytest.raises(FSError) as info:
            fs.link(src, dst)
        assert info.value.errno == code
    assert fs.upper == upper


def test_lower_group_is_one_file_until_a_name_is_copied_up():
    fs = _fs(_lower_group())
    assert fs.link_count("/bin/ls", fs.stat("/bin/ls")) == 2
    fs.write("/bin/ls", b"patched")  # copy-up with index=off: /bin/ls is a file of its own
    assert fs.read("/bin/busybox") == b"ELF"
    assert fs.stat("/bin/ls").link is None
    assert fs.link_count("/bin/ls", fs.stat("/bin/ls")) == 1
    assert fs.link_count("/bin/busybox", fs.stat("/bin/busybox")) == 1


def test_removing_a_lower_name_lowers_the_count():
    fs = _fs(_lower_group())
    fs.unlink("/bin/ls")
    assert fs.link_count("/bin/busybox", fs.stat("/bin/busybox")) == 1


def test_linking_a_lower_name_copies_it_up_into_a_new_group():
    fs = _fs(_lower_group())
    fs.link("/bin/busybox", "/tmp/bb")
    new = fs.stat("/tmp/bb")
    assert new.link not in (None, 1) and fs.stat("/bin/busybox").link == new.link
    assert fs.link_count("/tmp/bb", new) == 2  # /bin/ls stays with the lower file
    assert fs.link_count("/bin/ls", fs.stat("/bin/ls")) == 1
    fs.write("/tmp/bb", b"new")
    assert fs.read("/bin/busybox") == b"new" and fs.read("/bin/ls") == b"ELF"


def test_committed_group_is_a_group_of_the_next_container():
    fs = _fs()
    fs.write("/tmp/a", b"x")
    fs.link("/tmp/a", "/tmp/b")
    child = UnionFS(MergedIndex([*fs.lower.layers, fs.upper_layer()]))
    assert child.link_count("/tmp/a", child.stat("/tmp/a")) == 2
    child.link("/tmp/a", "/tmp/c")  # a fresh id, not the lower group's
    assert child.stat("/tmp/c").link != child.lower.get("/tmp/b").link


def test_tar_writes_later_names_as_link_members_and_reads_them_back():
    import io
    import tarfile
    from engine.image.layer_tar import entries
    from engine.vfs import tarball
    layer = {"/bin": directory(), **_lower_group(), "/bin/cat": _lower_group()["/bin/ls"]}
    data = b"".join(tarball.iter_tar(layer.items()))
    members = {m.name: m for m in tarfile.open(fileobj=io.BytesIO(data))}
    assert members["bin/busybox"].isfile() and members["bin/busybox"].size == 3
    assert members["bin/cat"].islnk() and members["bin/cat"].linkname == "bin/busybox"
    assert members["bin/ls"].islnk() and members["bin/ls"].linkname == "bin/busybox"
    back = entries(data)
    assert back["/bin/ls"] == back["/bin/cat"] == back["/bin/busybox"]
    assert back["/bin/ls"].link is not None and back["/bin/ls"].content == b"ELF"
    assert Layer(back).size == 3  # one file, three names


def test_a_state_file_keeps_link_groups(tmp_path):
    from engine import Engine, world
    engine = Engine.deterministic()
    engine.pull("alpine")
    engine.run("alpine", ["sleep", "1000"], name="box")
    engine.exec("box", ["sh", "-c", "echo x > /a; ln /a /b"])
    path = str(tmp_path / "world.crsim")
    world.save(engine, path)
    again = world.load(path)
    again.exec("box", ["sh", "-c", "echo y >> /b"])
    result = again.exec("box", ["sh", "-c", "cat /a; stat -c %h /a"])
    assert result.stdout == "x\ny\n2\n"
