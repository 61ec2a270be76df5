import pytest

from engine import Engine
from engine.image.config import ImageConfig
from engine.image.image import HistoryEntry, Image
from engine.vfs.entry import directory, regular, symlink
from engine.vfs.layer import Layer


def tiny_image() -> Image:
    """A busybox-shaped image small enough to read in one glance."""
    layer = Layer({
        "/bin": directory(),
        "/bin/busybox": regular(None, 0o755, size=1_000_000, program="busybox"),
        "/bin/sh": symlink("/bin/busybox"),
        "/bin/sleep": symlink("busybox"),
        "/bin/echo": symlink("busybox"),
        "/bin/false": symlink("busybox"),
        "/usr": directory(),
        "/usr/sbin": directory(),
        "/usr/sbin/nginx": regular(None, 0o755, size=1_200_000, program="nginx"),
        "/etc": directory(),
        "/etc/passwd": regular("root:x:0:0:root:/root:/bin/sh\n"),
        "/etc/nginx": directory(),
        "/etc/nginx/nginx.conf": regular("events {}\nhttp {}\n"),  # nginx needs a config
        "/run": directory(),  # and a place for its pid file and temporary directories
        "/var": directory(), "/var/cache": directory(), "/var/cache/nginx": directory(),
        "/notexec": regular("#!/bin/sh\necho hi\n", 0o644),
    })
    config = ImageConfig(env=("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",),
                         cmd=("sh",))
    history = [HistoryEntry(created=1_700_000_000.0, created_by="ADD rootfs.tar /",
                            empty_layer=False, comment="")]
    return Image([layer], config, history, created=1_700_000_000.0)


@pytest.fixture
def engine():
    e = Engine.deterministic(seed=1)
    e.images.add(tiny_image(), ["tiny:latest"])
    return e
