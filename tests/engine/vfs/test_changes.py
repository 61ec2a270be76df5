"""`docker diff` as overlay2 computes it."""

from engine.vfs.changes import changes


def test_no_changes(fs):
    assert changes(fs) == []


def test_added_file_reports_parent_changed(fs):
    fs.write("/etc/motd", b"hi")
    assert changes(fs) == [("C", "/etc"), ("A", "/etc/motd")]


def test_modified_file_alone(fs):
    fs.write("/app/old.txt", b"v3")
    # /app was only copied up (same mode and mtime), so overlay2 leaves it out.
    assert changes(fs) == [("C", "/app/old.txt")]


def test_deleted_directory_is_reported_once(fs):
    fs.move("/app/sub", "/tmp/sub")
    assert changes(fs) == [
        ("C", "/app"), ("D", "/app/sub"),
        ("C", "/tmp"), ("A", "/tmp/sub"), ("A", "/tmp/sub/deep.txt"),
    ]


def test_deleted_and_recreated_directory(fs):
    fs.unlink("/app/sub/deep.txt")
    fs.rmdir("/app/sub")
    fs.mkdir("/app/sub")
    fs.write("/app/sub/x", b"")
    assert changes(fs) == [("C", "/app"), ("D", "/app/sub"), ("A", "/app/sub/x")]


def test_walk_order_is_by_component(fs):
    fs.mkdir("/tmp/a")
    fs.write("/tmp/a/z", b"")
    fs.write("/tmp/a-b", b"")
    assert [p for _, p in changes(fs)] == ["/tmp", "/tmp/a", "/tmp/a/z", "/tmp/a-b"]


def test_deleting_a_file_reports_its_directory(fs):
    fs.unlink("/bin/ls")
    assert changes(fs) == [("C", "/bin"), ("D", "/bin/ls")]
