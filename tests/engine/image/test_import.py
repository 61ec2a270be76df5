"""`docker import`: a one-layer image from a root file system tarball (plain, gzip, bzip2,
xz), its config only what --change sets, its history one "Imported from" entry, and the
errors the daemon gives, with nothing stored when one happens."""

import bz2
import gzip
import hashlib
import io
import lzma
import tarfile

import pytest

from engine import Engine
from engine.errors import EngineError
from engine.image.layer_tar import LoadError


def rootfs_tar(files=None) -> bytes:
    """A small root file system: /etc/hostname and /bin/hello (a script)."""
    files = files or {"etc/hostname": (b"box\n", 0o644),
                      "bin/hello": (b"#!/bin/sh\necho hello\n", 0o755)}
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name, (content, mode) in files.items():
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(content), mode
            archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


@pytest.mark.parametrize("compress", [lambda d: d, gzip.compress, bz2.compress, lzma.compress],
                         ids=["plain", "gzip", "bzip2", "xz"])
def test_import_makes_one_layer_whose_diff_id_is_the_uncompressed_tar(compress):
    engine = Engine.deterministic()
    tar = rootfs_tar()
    image = engine.import_image(compress(tar), "mine:v1")
    assert image.diff_ids == ["sha256:" + hashlib.sha256(tar).hexdigest()]
    assert engine.image("mine:v1").id == image.id
    layer = image.layers[0]
    assert layer.get("/etc/hostname").content == b"box\n"
    assert layer.get("/bin/hello").mode == 0o755
    assert [(h.created_by, h.comment) for h in image.history] == [("", "Imported from -")]
    assert image.comment == "Imported from -"
    assert image.config.cmd is None and image.config.env is None


def test_changes_and_message_make_the_config_and_the_comment():
    engine = Engine.deterministic()
    image = engine.import_image(rootfs_tar(), "", "my import", [
        'CMD ["/bin/hello"]', "ENV A=1 B=2", "EXPOSE 80", "LABEL team=web", "USER 1000",
        "WORKDIR /srv", "VOLUME /data", "STOPSIGNAL SIGTERM", "ENTRYPOINT /bin/sh"])
    c = image.config
    assert c.cmd == ("/bin/hello",) and c.entrypoint == ("/bin/sh", "-c", "/bin/sh")
    assert c.env == ("A=1", "B=2") and c.exposed_ports == {"80/tcp": {}}
    assert c.labels == {"team": "web"} and c.user == "1000" and c.working_dir == "/srv"
    assert c.volumes == {"/data": {}} and c.stop_signal == "SIGTERM"
    assert image.comment == image.history[0].comment == "my import"
    assert engine.images.repo_tags(image.id) == []  # no REPOSITORY given: untagged


def test_healthcheck_is_a_change_too():
    engine = Engine.deterministic()
    check = engine.import_image(rootfs_tar(), changes=[
        "HEALTHCHECK --interval=5s --retries=2 CMD cat /etc/hostname"]).config.healthcheck
    assert check == {"Test": ["CMD-SHELL", "cat /etc/hostname"], "Interval": 5_000_000_000,
                     "Retries": 2}
    assert engine.import_image(rootfs_tar(), changes=['healthcheck CMD ["true"]']).config \
        .healthcheck == {"Test": ["CMD", "true"]}
    with pytest.raises(EngineError, match='^Unknown type "RUN" in HEALTHCHECK \\(try CMD\\)$'):
        engine.import_image(rootfs_tar(), changes=["HEALTHCHECK run true"])


def test_import_errors_store_nothing():
    engine = Engine.deterministic()
    with pytest.raises(EngineError, match="^run is not a valid change command$"):
        engine.import_image(rootfs_tar(), "x", changes=["RUN true"])
    with pytest.raises(LoadError, match="^archive/tar: invalid tar header$"):
        engine.import_image(b"not a tar" * 100, "x")
    with pytest.raises(LoadError, match="^unexpected EOF$"):
        engine.import_image(gzip.compress(rootfs_tar())[:60], "x")
    with pytest.raises(EngineError, match="^cannot import digest reference$"):
        engine.import_image(rootfs_tar(), "x@sha256:" + "a" * 64)
    with pytest.raises(LoadError, match="outside of the image root"):
        engine.import_image(rootfs_tar({"../evil": (b"x", 0o644)}), "x")
    with pytest.raises(EngineError, match='^Get "http://example.com/r.tar": dial tcp: lookup '
                                          'example.com: no such host'):
        engine.import_image(b"", "x", source="example.com/r.tar")
    assert len(engine.images) == 0


def test_an_empty_stream_is_an_empty_layer():
    image = Engine.deterministic().import_image(b"")
    assert len(image.layers) == 1 and dict(image.layers[0].items()) == {}


def test_directories_a_tar_leaves_out_are_made_as_the_daemons_untar_makes_them():
    engine = Engine.deterministic()
    layer = engine.import_image(rootfs_tar({"usr/local/share/note": (b"hi\n", 0o644)})).layers[0]
    assert {path: (entry.kind, entry.mode) for path, entry in layer.items()} == {
        "/usr": ("dir", 0o755), "/usr/local": ("dir", 0o755),
        "/usr/local/share": ("dir", 0o755), "/usr/local/share/note": ("file", 0o644)}
    with pytest.raises(LoadError, match='^invalid archive: "etc/x": etc is not a directory$'):
        engine.import_image(rootfs_tar({"etc": (b"", 0o644), "etc/x": (b"", 0o644)}))
