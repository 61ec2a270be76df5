"""Built-in images kept between runs (engine/image/registry/image_cache.py): an image read
back is the very image its builder makes, and a cache file that is stale, corrupt or
cannot be written changes nothing but the time."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from engine.container import overlay_links
from engine.image import image as image_module
from engine.image.registry import catalogue, distribution, image_cache

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

MODELLED = sorted({spec for tags in catalogue.REPOSITORIES.values() for spec in tags.values()}, key=repr)
# Hub images: one on a modelled base (debian), one on a Hub base (buildpack-deps on
# debian), one a root of its own (hello-world)
HUB = [("library/redis", "latest"), ("library/golang", "latest"), ("library/hello-world", "latest")]


def _new_process(monkeypatch) -> None:
    """What a new process starts from: nothing built, nothing derived."""
    monkeypatch.setattr(catalogue, "_built", {})
    monkeypatch.setattr(distribution, "_blobs", {})
    monkeypatch.setattr(distribution, "_repo_digests", {})
    monkeypatch.setattr(image_module, "_known_chains", {})
    monkeypatch.setattr(overlay_links, "_known", {})


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CRSIM_CACHE_DIR", str(tmp_path))
    _new_process(monkeypatch)
    return tmp_path


def _built_without_cache(spec, monkeypatch):
    monkeypatch.setenv("CRSIM_CACHE_DIR", "off")
    _new_process(monkeypatch)
    return catalogue.build(spec)


def _facts(image) -> dict:
    """Everything an image shows: its layers' entries (in their order) and digests, config,
    history, ids, what the registry serves for it and its layers' overlay2 names."""
    return {
        "layers": [(list(layer.items()), layer.digest, layer.size) for layer in image.layers],
        "links": [overlay_links.short_link(layer.digest) for layer in image.layers],
        "config": image.config, "history": image.history, "created": image.created,
        "platform": (image.architecture, image.os, image.author, image.comment),
        "config_json": image.config_json(), "id": image.id, "chain_ids": image.chain_ids(),
        "blobs": [distribution.blob(layer) for layer in image.layers],
        "repo_digest": distribution.repo_digest(image),
    }


def _read_back(spec, monkeypatch):
    """The image of ``spec`` as a later process gets it: from the cache file only."""
    _new_process(monkeypatch)
    monkeypatch.setattr(catalogue, "_make", lambda spec: pytest.fail(f"built again: {spec}"))
    return catalogue.build(spec)


def _hub_spec(path, tag):
    return catalogue.resolve(path, tag)


@pytest.mark.parametrize("spec", MODELLED + [pytest.param(ref, id="hub-" + ref[0].split("/")[1])
                                                for ref in HUB], ids=repr)
def test_an_image_read_back_is_the_image_its_builder_makes(cache, monkeypatch, spec):
    if isinstance(spec, tuple) and not isinstance(spec, catalogue.Spec):
        spec = _hub_spec(*spec)
    expected = _facts(_built_without_cache(spec, monkeypatch))
    monkeypatch.setenv("CRSIM_CACHE_DIR", str(cache))
    _new_process(monkeypatch)
    catalogue.build(spec)  # built, and written for the next run
    assert _facts(_read_back(spec, monkeypatch)) == expected


def test_a_layer_shared_with_a_base_image_is_the_base_images_layer(cache, monkeypatch):
    spec = _hub_spec("library/redis", "latest")
    catalogue.build(spec)
    kept = _read_back(spec, monkeypatch)
    base = {s.module: image for s, image in catalogue.built_images()}["debian"]
    assert kept.layers[0] is base.layers[0]  # as when built: one layer object for both


def test_a_base_built_after_an_image_on_it_is_kept_whole_not_as_a_part_of_that_image(cache, monkeypatch):
    slim = catalogue.Spec("debian", "build", ("trixie", True))
    python = catalogue.build(catalogue.Spec("python", "build", ("3.12", True)))
    assert catalogue.build(slim).layers[0] is python.layers[0]  # one object, built first for python
    expected = _facts(catalogue.build(slim))
    assert _facts(_read_back(slim, monkeypatch)) == expected
    assert [spec for spec, _ in catalogue.built_images()] == [slim]  # python's file not read


def test_a_pull_of_a_kept_image_imports_no_builder_and_no_hashing(tmp_path):
    code = ("import sys\n"
            "from engine.image.registry import pull\n"
            "result = pull('busybox')\n"
            "print(result.digest, result.image.id)\n"
            "print(sorted(m for m in sys.modules if '.builders' in m or m in "
            "('hashlib', 'json', 'engine.image.gojson', 'engine.vfs.tarball')))\n")
    env = dict(os.environ, CRSIM_CACHE_DIR=str(tmp_path), PYTHONPATH=ROOT)
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert first.stdout.splitlines()[0] == again.stdout.splitlines()[0]
    assert "busybox" in first.stdout.splitlines()[1]  # built the first time
    assert again.stdout.splitlines()[1] == "[]"


def _kept_file(cache) -> str:
    (found,) = [os.path.join(root, name) for root, _, names in os.walk(cache) for name in names
                if name.endswith(".marshal")]
    return found


BUSYBOX = catalogue.Spec("busybox")


@pytest.mark.parametrize("damage", [b"", b"not marshal at all", b"\xe3\x00\x00", "truncated", "payload"])
def test_a_corrupt_file_is_built_anew_without_a_word_and_written_again(cache, monkeypatch, capfd, damage):
    expected = _facts(catalogue.build(BUSYBOX))
    path = _kept_file(cache)
    data = open(path, "rb").read()
    if damage == "truncated":
        damage = data[:len(data) // 2]
    elif damage == "payload":  # a valid file whose payload has another shape
        import marshal
        key, sources, payload = marshal.loads(data)
        damage = marshal.dumps((key, sources, payload[:3]))
    with open(path, "wb") as handle:
        handle.write(damage)
    _new_process(monkeypatch)
    assert _facts(catalogue.build(BUSYBOX)) == expected
    assert capfd.readouterr() == ("", "")
    assert open(path, "rb").read() == data  # rewritten: the next run reads it
    assert _facts(_read_back(BUSYBOX, monkeypatch)) == expected


def test_a_file_built_from_other_sources_or_another_version_is_stale(cache, monkeypatch):
    catalogue.build(BUSYBOX)
    path = _kept_file(cache)
    import marshal
    key, sources, payload = marshal.loads(open(path, "rb").read())
    assert any(p.endswith(os.path.join("builders", "busybox.py")) for p, _, _ in sources)
    changed = [(p, size + 1, mtime) if p.endswith("busybox.py") else (p, size, mtime)
               for p, size, mtime in sources]
    assert key == image_cache._key(BUSYBOX)
    for stale in [(key, changed, payload), (key.replace("\n", "\nanother version\n", 1), sources, payload)]:
        with open(path, "wb") as handle:
            handle.write(marshal.dumps(stale))
        _new_process(monkeypatch)
        made = []
        real = catalogue._make
        monkeypatch.setattr(catalogue, "_make", lambda spec: made.append(spec) or real(spec))
        catalogue.build(BUSYBOX)
        assert made == [BUSYBOX]
        monkeypatch.setattr(catalogue, "_make", real)


def test_a_base_that_changed_makes_the_image_on_it_stale(cache, monkeypatch):
    spec = _hub_spec("library/redis", "latest")
    catalogue.build(spec)
    base = catalogue.Spec("debian", "build", ("trixie", True))
    # the base's file is made anew from other sources (here: another debian under its name)
    monkeypatch.setattr(image_cache, "unchanged", lambda sources: True)
    _new_process(monkeypatch)
    image_cache.save(base, catalogue.build(catalogue.Spec("debian", "build", ("bookworm", True))), {}, ())
    _new_process(monkeypatch)
    made = []
    real = catalogue._make
    monkeypatch.setattr(catalogue, "_make", lambda spec: made.append(spec) or real(spec))
    rebuilt = catalogue.build(spec)
    assert made == [spec]  # built again, on the base as it is now
    assert rebuilt.layers[0] is catalogue.build(base).layers[0]


def test_with_caching_off_or_unwritable_nothing_is_kept_and_nothing_changes(tmp_path, tmp_path_factory,
                                                                           monkeypatch):
    monkeypatch.setenv("CRSIM_CACHE_DIR", str(tmp_path_factory.mktemp("kept")))
    _new_process(monkeypatch)
    kept = _facts(catalogue.build(BUSYBOX))
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache directory would be")
    for setting in ("off", str(blocked / "cache")):
        monkeypatch.setenv("CRSIM_CACHE_DIR", setting)
        _new_process(monkeypatch)
        assert _facts(catalogue.build(BUSYBOX)) == kept  # built, as a kept one would read back
    assert sorted(os.listdir(tmp_path)) == ["file"]


def test_a_script_prints_the_same_whether_its_images_are_built_or_kept(tmp_path):
    env = dict(os.environ, CRSIM_CACHE_DIR=str(tmp_path), PYTHONPATH=ROOT)
    script = "pull alpine\nimages --no-trunc\nrun busybox echo hi\nimage inspect busybox\nhistory alpine\n"
    runs = [subprocess.run([sys.executable, "-m", "shell.main"], input=script, capture_output=True,
                           text=True, env=env, cwd=ROOT) for _ in range(2)]
    assert os.listdir(tmp_path / "images")  # the second run read what the first wrote
    assert (runs[0].stdout, runs[0].stderr, runs[0].returncode) == \
        (runs[1].stdout, runs[1].stderr, runs[1].returncode)
    assert "hi\n" in runs[0].stdout and runs[0].returncode == 0


def test_files_that_name_each_others_layers_end_in_a_build_not_a_loop(cache, monkeypatch):
    import marshal
    alpine = catalogue.Spec("alpine", "build", ("3.23.2",))
    expected = {spec: catalogue.build(spec).id for spec in (alpine, BUSYBOX)}
    for spec, other in ((alpine, BUSYBOX), (BUSYBOX, alpine)):  # each names the other's layer
        path = image_cache._path(spec)
        key, sources, payload = marshal.loads(open(path, "rb").read())
        parts = (("shared", tuple(other), 0, payload[1][0][3]),)
        with open(path, "wb") as handle:
            handle.write(marshal.dumps((key, sources, (payload[0], parts, *payload[2:]))))
    _new_process(monkeypatch)
    reads = []
    real = image_cache.load
    monkeypatch.setattr(image_cache, "load", lambda spec, build: reads.append(spec) or real(spec, build))
    assert {spec: catalogue.build(spec).id for spec in (alpine, BUSYBOX)} == expected
    assert len(reads) <= 3


# what a container of a kept image that reads neither /proc nor /sys needs not load
NOT_FOR_A_KEPT_RUN = ("engine.image.registry.builders", "engine.image.registry.builders.busybox",
                      "engine.image.registry.builders.busybox_build", "engine.vfs.digest_cache",
                      "engine.proc.procfs", "engine.cgroup.sysfs", "base64", "json")


def test_a_run_of_a_kept_image_loads_no_builder_and_no_proc_or_sys(tmp_path):
    probe = ("import sys\n"
             "from shell.main import main\n"
             "status = main(['-c', sys.argv[1]])\n"
             "print(status, sorted(m for m in sys.modules if m in sys.argv[2].split()))\n")
    env = dict(os.environ, CRSIM_CACHE_DIR=str(tmp_path), PYTHONPATH=ROOT)
    runs = [subprocess.run([sys.executable, "-c", probe, line, " ".join(NOT_FOR_A_KEPT_RUN)],
                           capture_output=True, text=True, env=env, cwd=ROOT, check=True).stdout
            for line in ("run busybox echo hi", "run busybox echo hi", "run busybox cat /proc/1/comm")]
    assert "engine.image.registry.builders.busybox" in runs[0]  # the first one built it
    assert runs[1] == "hi\n0 []\n"
    assert runs[2] == "cat\n0 ['engine.proc.procfs']\n"  # /proc made when read
