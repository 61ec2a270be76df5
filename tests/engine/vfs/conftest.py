import pytest

from engine.vfs.entry import directory, regular, symlink, whiteout
from engine.vfs.index import MergedIndex
from engine.vfs.layer import Layer
from engine.vfs.union import UnionFS


class Ticker:
    """A clock for the union's mtimes that the test moves by hand."""

    def __init__(self, now=1000):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def base_layers():
    bottom = Layer({
        "/bin": directory(mtime=10),
        "/bin/busybox": regular(None, 0o755, size=1_000_000, program="busybox", mtime=10),
        "/bin/sh": symlink("/bin/busybox", mtime=10),
        "/bin/ls": symlink("busybox", mtime=10),
        "/etc": directory(mtime=10),
        "/etc/passwd": regular("root:x:0:0:root:/root:/bin/sh\n", mtime=10),
        "/etc/hosts": regular("127.0.0.1 localhost\n", mtime=10),
        "/app": directory(mtime=10),
        "/app/old.txt": regular("old\n", mtime=10),
        "/app/sub": directory(mtime=10),
        "/app/sub/deep.txt": regular("deep\n", mtime=10),
        "/tmp": directory(0o1777, mtime=10),
    })
    top = Layer({
        "/app": directory(mtime=20),
        "/app/new.txt": regular("new\n", mtime=20),
        "/app/old.txt": regular("old v2\n", mtime=20),
    })
    return [bottom, top]


@pytest.fixture
def clock():
    return Ticker()


@pytest.fixture
def fs(base_layers, clock):
    return UnionFS(MergedIndex(base_layers), now=clock)


__all__ = ["whiteout"]
