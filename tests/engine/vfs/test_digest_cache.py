"""Layer digests kept between runs (engine/vfs/digest_cache.py): a kept digest is only
used for the very same content, and a cache that cannot be read or written changes
nothing but the time."""

from __future__ import annotations

import pytest

from engine.vfs import digest_cache, tarball
from engine.vfs.entry import Entry
from engine.vfs.layer import Layer


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CRSIM_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(digest_cache, "_known", None)  # as a new process: read the file
    return tmp_path


def _layer(text: bytes = b"hi\n", mode: int = 0o644) -> Layer:
    return Layer({"/": Entry("dir", 0o755), "/etc": Entry("dir", 0o755),
                  "/etc/motd": Entry("file", mode, data=text, size=len(text))})


def test_a_digest_computed_once_is_given_to_the_same_layer_in_a_later_run(cache, monkeypatch):
    first = _layer()
    digest_cache.prime([first])
    assert first.digest == tarball.digest(first.items())
    assert [kept.name.startswith("layer-digests-") for kept in cache.iterdir()] == [True]
    monkeypatch.setattr(digest_cache, "_known", None)
    monkeypatch.setattr(tarball, "digest", lambda entries: pytest.fail("hashed again"))
    again = _layer()
    digest_cache.prime([again])
    assert again.digest == first.digest


@pytest.mark.parametrize("other", [_layer(b"ho\n"), _layer(mode=0o600)], ids=["data", "mode"])
def test_a_layer_that_differs_in_any_field_is_hashed_anew(cache, other):
    digest_cache.prime([_layer()])
    digest_cache.prime([other])
    assert other.digest == tarball.digest(other.items()) != _layer().digest


def test_an_unreadable_cache_is_empty_and_one_that_cannot_be_written_only_loses_the_saving(
        tmp_path, monkeypatch):
    monkeypatch.setenv("CRSIM_CACHE_DIR", str(tmp_path))
    with open(digest_cache._path(), "wb") as handle:
        handle.write(b"not a pickle")
    monkeypatch.setattr(digest_cache, "_known", None)
    layer = _layer()
    digest_cache.prime([layer])
    assert layer.digest == tarball.digest(layer.items())
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache directory would be")
    monkeypatch.setenv("CRSIM_CACHE_DIR", str(blocked / "cache"))
    monkeypatch.setattr(digest_cache, "_known", None)
    other = _layer(b"x")
    digest_cache.prime([other])
    assert other.digest == tarball.digest(other.items())
