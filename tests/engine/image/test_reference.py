import pytest
from hypothesis import given, strategies as st

from engine.errors import InvalidParameter
from engine.image import reference
from engine.image.reference import (DigestReference, InvalidReference, parse_any,
                                    parse_docker_ref, parse_normalized)

DIGEST = "sha256:" + "ab" * 32


@pytest.mark.parametrize("text, full, familiar", [
    ("alpine", "docker.io/library/alpine:latest", "alpine:latest"),
    ("alpine:3.19", "docker.io/library/alpine:3.19", "alpine:3.19"),
    ("library/alpine", "docker.io/library/alpine:latest", "alpine:latest"),
    ("docker.io/library/alpine:latest", "docker.io/library/alpine:latest", "alpine:latest"),
    ("index.docker.io/library/alpine", "docker.io/library/alpine:latest", "alpine:latest"),
    ("user/app:v1", "docker.io/user/app:v1", "user/app:v1"),
    ("localhost:5000/x/y:tag", "localhost:5000/x/y:tag", "localhost:5000/x/y:tag"),
    ("localhost/app", "localhost/app:latest", "localhost/app:latest"),
    ("ghcr.io/owner/tool", "ghcr.io/owner/tool:latest", "ghcr.io/owner/tool:latest"),
    ("docker.io/library/foo/bar", "docker.io/library/foo/bar:latest", "library/foo/bar:latest"),
])
def test_normalisation(text, full, familiar):
    ref = parse_docker_ref(text)
    assert str(ref) == full
    assert ref.familiar() == familiar


def test_name_parts():
    ref = parse_normalized("alpine:3.19")
    assert (ref.domain, ref.path, ref.tag, ref.digest) == ("docker.io", "library/alpine", "3.19", None)
    assert ref.familiar_name == "alpine"
    assert ref.name == "docker.io/library/alpine"


def test_digest_reference_keeps_no_default_tag():
    ref = parse_docker_ref(f"alpine@{DIGEST}")
    assert ref.tag is None and ref.digest == DIGEST
    assert ref.familiar() == f"alpine@{DIGEST}"


@pytest.mark.parametrize("text, message", [
    ("Alpine", "invalid reference format: repository name (library/Alpine) must be lowercase"),
    ("docker.io/Foo/bar", "invalid reference format: repository name (Foo/bar) must be lowercase"),
    ("alpine:", "invalid reference format"),
    (":tag", "invalid reference format"),
    ("alpine@sha256:abc", "invalid reference format"),
    ("alpine@sha256:" + "a" * 40, "invalid checksum digest length"),
    ("alpine:" + "x" * 129, "invalid reference format"),
    ("a" * 64, "invalid repository name (" + "a" * 64 + "), cannot specify 64-byte hexadecimal strings"),
])
def test_invalid_references_give_docker_texts(text, message):
    with pytest.raises(InvalidReference) as err:
        parse_normalized(text)
    assert str(err.value) == message
    assert isinstance(err.value, InvalidParameter)


def test_uppercase_first_part_is_taken_as_a_registry_host():
    ref = parse_normalized("Foo/bar")
    assert ref.domain == "Foo" and ref.path == "bar"


def test_parse_any_recognises_ids():
    assert parse_any("ab" * 32) == DigestReference(DIGEST)
    assert parse_any(DIGEST) == DigestReference(DIGEST)
    assert str(parse_any("abc")) == "docker.io/library/abc"


# The shortcut for an official image's plain name must say what the grammar says.
_TEXTS = st.text(alphabet="abz09AZ_.-:@/é٣", max_size=12) | st.sampled_from(
    ["alpine", "nginx:1.29", "123", "a" * 64, "a" * 237, "a" * 238, "x:" + "t" * 128,
     "x:" + "t" * 129, "x:.t", "x:-t", "x:_t", "x:", ":t", "Alpine", "x:a:b"])


@given(_TEXTS)
def test_an_official_plain_name_is_read_as_the_grammar_reads_it(text):
    plain = reference._official_plain(text)
    if plain is None:
        return
    assert plain == reference._normalized_by_grammar(text)


@given(st.text(alphabet="az09AZ.+_-=:é", max_size=10), st.text(alphabet="az09AZ.+_-=:é\n", max_size=6))
def test_a_digest_shape_is_read_as_go_digests_grammar_reads_it(algorithm, encoded):
    import re
    grammar = re.fullmatch(r"[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+", f"{algorithm}:{encoded}")
    assert reference._digest_shaped(algorithm, encoded) == bool(grammar and ":" not in algorithm)


def test_the_plain_names_take_the_shortcut():
    assert reference._official_plain("alpine") == reference.Reference("docker.io", "library/alpine")
    assert reference._official_plain("nginx:1.29-alpine").tag == "1.29-alpine"
    for other in ("a" * 64, "Alpine", "user/app", "x:", "x:.t", "alpine@sha256:" + "0" * 64, "a" * 238):
        assert reference._official_plain(other) is None
