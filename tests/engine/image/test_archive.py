"""save and load: Docker 28's archive (OCI layout + manifest.json + repositories), digests
that verify, a round trip to the same bytes, and archives made by hand the way other tools
write them: gzip layers, whiteouts, opaque directories, hard links, long names, paths that
try to leave the root, and broken archives that load nothing."""

import gzip
import hashlib
import io
import json
import tarfile

import pytest

from engine import Engine
from engine.errors import EngineError
from engine.image.load import LoadError


def engine_with(*images):
    engine = Engine.deterministic()
    for name in images:
        engine.pull(name)
    return engine


def members(data: bytes):
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        return {m.name: (archive.extractfile(m).read() if m.isfile() else None)
                for m in archive.getmembers()}


def test_save_writes_dockers_layout_with_digests_that_verify():
    engine = engine_with("alpine", "busybox")
    files = members(b"".join(engine.save(["alpine", "busybox:latest"])))
    assert list(files)[:2] == ["blobs", "blobs/sha256"]
    assert list(files)[-4:] == ["index.json", "manifest.json", "oci-layout", "repositories"]
    for name, content in files.items():
        if name.startswith("blobs/sha256/"):
            assert hashlib.sha256(content).hexdigest() == name.rsplit("/", 1)[1]
    alpine = engine.image("alpine")
    assert files["oci-layout"] == b'{"imageLayoutVersion": "1.0.0"}'
    manifest = json.loads(files["manifest.json"])
    assert manifest[0] == {"Config": f"blobs/sha256/{alpine.id[7:]}", "RepoTags": ["alpine:latest"],
                           "Layers": [f"blobs/sha256/{d[7:]}" for d in alpine.diff_ids]}
    index = json.loads(files["index.json"])
    assert index["mediaType"] == "application/vnd.oci.image.index.v1+json"
    assert index["manifests"][0]["annotations"] == {
        "io.containerd.image.name": "docker.io/library/alpine:latest",
        "org.opencontainers.image.ref.name": "latest"}
    oci = json.loads(files["blobs/sha256/" + index["manifests"][0]["digest"][7:]])
    assert oci["config"] == {"mediaType": "application/vnd.oci.image.config.v1+json",
                             "digest": alpine.id, "size": len(alpine.config_json())}
    assert [layer["digest"] for layer in oci["layers"]] == alpine.diff_ids
    assert json.loads(files["repositories"]) == {
        "alpine": {"latest": alpine.diff_ids[-1][7:]},
        "busybox": {"latest": engine.image("busybox").diff_ids[-1][7:]}}


def test_a_repository_saves_all_its_tags_and_an_id_saves_none():
    engine = engine_with("alpine")
    engine.images.tag("alpine", "mine:v1")
    engine.images.tag("alpine", "mine:v2")
    manifest = json.loads(members(b"".join(engine.save(["mine"])))["manifest.json"])
    assert manifest[0]["RepoTags"] == ["mine:v1", "mine:v2"]
    files = members(b"".join(engine.save([engine.image("alpine").id])))
    assert json.loads(files["manifest.json"])[0]["RepoTags"] is None
    assert "repositories" not in files
    assert "annotations" not in json.loads(files["index.json"])["manifests"][0]


@pytest.mark.parametrize("name, message", [("nosuch", "No such image: nosuch"),
                                           ("alpine:nosuch", "reference does not exist")])
def test_saving_a_missing_image_fails_before_anything_is_written(name, message):
    engine = engine_with("alpine")
    with pytest.raises(EngineError, match=message):
        engine.save(["alpine", name])


def test_save_load_save_gives_the_same_bytes():
    engine = engine_with("alpine")
    first = b"".join(engine.save(["alpine"]))
    other = Engine.deterministic()
    assert other.load(first) == ["Loaded image: alpine:latest"]
    assert b"".join(other.save(["alpine"])) == first
    assert other.image("alpine").id == engine.image("alpine").id


# -- archives made by hand, as other tools make them ----------------------------------------

def tar_bytes(entries, gzipped=False):
    """A tar of (name, bytes | dict of TarInfo attributes)."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name, spec in entries:
            info = tarfile.TarInfo(name)
            if isinstance(spec, bytes):
                info.size = len(spec)
                archive.addfile(info, io.BytesIO(spec))
            else:
                for key, value in spec.items():
                    setattr(info, key, value)
                archive.addfile(info)
    data = out.getvalue()
    return gzip.compress(data) if gzipped else data


def image_archive(layers, tags=("made:by-hand",), gzipped=False, digests=None):
    """A manifest.json archive (the pre-25 form) of layer tars, as skopeo writes one."""
    tars = [tar_bytes(layer) for layer in layers]
    diff_ids = digests or ["sha256:" + hashlib.sha256(t).hexdigest() for t in tars]
    config = json.dumps({"architecture": "amd64", "os": "linux",
                         "config": {"Cmd": ["/bin/sh"]}, "created": "2024-01-02T03:04:05Z",
                         "rootfs": {"type": "layers", "diff_ids": diff_ids}}).encode()
    entries = [("config.json", config)]
    for number, layer in enumerate(tars):
        entries.append((f"layer{number}.tar", gzip.compress(layer) if gzipped else layer))
    entries.append(("manifest.json", json.dumps([{
        "Config": "config.json", "RepoTags": list(tags),
        "Layers": [f"layer{n}.tar" for n in range(len(tars))]}]).encode()))
    return tar_bytes(entries), hashlib.sha256(config).hexdigest()


DIR = {"type": tarfile.DIRTYPE, "mode": 0o755}


def test_a_loaded_tree_is_what_the_kernel_would_mount():
    base = [("etc", DIR), ("etc/keep", b"keep"), ("etc/gone", b"gone"), ("data", DIR),
            ("data/old", b"old"), ("bin", DIR), ("bin/tool", b"\x7fELF..."),
            ("bin/alias", {"type": tarfile.LNKTYPE, "linkname": "bin/tool"}),
            ("dev", DIR), ("dev/null", {"type": tarfile.CHRTYPE, "devmajor": 1, "devminor": 3}),
            ("home", DIR), ("home/" + "n" * 150, b"long name"),
            ("lib", DIR), ("lib/link", {"type": tarfile.SYMTYPE, "linkname": "../etc/keep"}),
            ("srv", {"type": tarfile.DIRTYPE, "mode": 0o700, "uid": 33, "gid": 33})]
    upper = [("etc", DIR), ("etc/.wh.gone", b""), ("data", DIR), ("data/.wh..wh..opq", b""),
             ("data/new", b"new")]
    archive, config_digest = image_archive([base, upper], gzipped=True)
    engine = Engine.deterministic()
    assert engine.load(archive) == ["Loaded image: made:by-hand"]
    image = engine.image("made:by-hand")
    assert image.id == "sha256:" + config_digest
    container = engine.create("made:by-hand", ["true"])
    fs = container.fs
    assert fs.resolve("/etc/keep")[1].data == b"keep"
    with pytest.raises(Exception):
        fs.resolve("/etc/gone")
    assert sorted(fs.readdir("/data")) == ["new"]
    assert fs.resolve("/bin/alias")[1].data == b"\x7fELF..."
    assert fs.resolve("/dev/null", follow=False)[1].kind == "char"
    assert fs.resolve("/home/" + "n" * 150)[1].data == b"long name"
    assert fs.resolve("/lib/link", follow=False)[1].target == "../etc/keep"
    srv = fs.resolve("/srv")[1]
    assert (srv.mode, srv.uid, srv.gid) == (0o700, 33, 33)


def bad(archive, message):
    engine = Engine.deterministic()
    before = len(engine.images.list())
    with pytest.raises(LoadError, match=message):
        engine.load(archive)
    assert len(engine.images.list()) == before  # nothing half loaded


def test_broken_archives_load_nothing_and_say_why():
    good, _ = image_archive([[("a", b"a")]])
    bad(good[:3000], "unexpected EOF")
    bad(b"x" * 4096, "archive/tar: invalid tar header")
    bad(b"hello\n", "unexpected EOF")
    bad(tar_bytes([("index.html", b"<h1>")]),
        "invalid archive: does not contain a manifest.json")
    wrong, _ = image_archive([[("a", b"a")]], digests=["sha256:" + "0" * 64])
    bad(wrong, 'invalid diffID for layer 0: expected "sha256:0000')
    entries = [(n, c) for n, c in members_list(good) if not n.startswith("layer")]
    bad(tar_bytes(entries), "layer0.tar: no such file or directory")
    escape, _ = image_archive([[("../../etc/passwd", b"root")]])
    bad(escape, r'invalid archive: "../../etc/passwd" is outside of the image root')


def members_list(data):
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        return [(m.name, archive.extractfile(m).read()) for m in archive.getmembers()]


def test_a_tag_that_moves_says_so():
    engine = engine_with("alpine")
    engine.images.tag("alpine", "made:by-hand")
    archive, _ = image_archive([[("a", b"a")]])
    old = engine.image("alpine").id
    assert engine.load(archive) == [
        f"The image made:by-hand already exists, renaming the old one with ID {old} to "
        "empty string", "Loaded image: made:by-hand"]
    untagged, config_digest = image_archive([[("b", b"b")]], tags=())
    assert engine.load(untagged) == [f"Loaded image ID: sha256:{config_digest}"]


def test_a_file_held_as_a_size_travels_as_a_sparse_hole():
    from engine.image.config import ImageConfig
    from engine.image.image import HistoryEntry, Image
    from engine.vfs.entry import Entry
    from engine.vfs.layer import Layer
    engine = Engine.deterministic()
    layer = Layer({"/big": Entry("file", size=10 ** 9)})
    engine.images.add(Image([layer], ImageConfig(), [HistoryEntry(0, "ADD big /")], 0), ["big:1"])
    archive = b"".join(engine.save(["big:1"]))
    assert len(archive) < 10 ** 5
    other = Engine.deterministic()
    other.load(archive)
    loaded = other.image("big:1").layers[0].get("/big")
    assert (loaded.size, loaded.data) == (10 ** 9, None)
