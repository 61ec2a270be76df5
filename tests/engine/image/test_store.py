import pytest

from engine.errors import Conflict, InvalidParameter, NoSuchImage
from engine.image.config import ImageConfig
from engine.image.image import HistoryEntry, Image
from engine.image.store import ContainerUse, ImageStore
from engine.vfs.entry import regular
from engine.vfs.layer import Layer


def make_image(text: str, base: Layer = None) -> Image:
    layers = ([base] if base else []) + [Layer({f"/{text}.txt": regular(text)})]
    history = [HistoryEntry(1_700_000_000.0, f"COPY {i}") for i in range(len(layers))]
    return Image(layers, ImageConfig(cmd=["sh"]), history, 1_700_000_000.0)


@pytest.fixture
def store():
    return ImageStore()


def test_lookup_by_tag_id_and_prefix(store):
    image = make_image("a")
    store.add(image, ["alpine:latest"])
    assert store.lookup("alpine") is image
    assert store.lookup("alpine:latest") is image
    assert store.lookup("docker.io/library/alpine") is image
    assert store.lookup(image.id) is image
    assert store.lookup(image.id[7:]) is image
    assert store.lookup(image.short_id) is image
    assert store.lookup("sha256:" + image.short_id[:6]) is image


def test_missing_image_texts(store):
    with pytest.raises(NoSuchImage) as err:
        store.lookup("foo")
    assert str(err.value) == "No such image: foo:latest"
    with pytest.raises(NoSuchImage) as err:
        store.lookup("sha256:" + "0" * 64)
    assert str(err.value) == "No such image: sha256:" + "0" * 64


def test_ambiguous_prefix_is_not_found(store):
    images = [make_image(str(i)) for i in range(40)]
    for image in images:
        store.add(image)
    first = images[0].id[7]
    same = [i for i in images if i.id[7] == first]
    assert len(same) > 1  # 40 random-looking ids share some first digit
    with pytest.raises(NoSuchImage):
        store.lookup(first)
    assert store.lookup(same[0].id[7:20]) is same[0]


def test_tag_moves_and_leaves_dangling(store):
    old, new = make_image("old"), make_image("new")
    store.add(old, ["app:1"])
    store.tag("app:1", "app:latest")
    assert store.repo_tags(old.id) == ["app:1", "app:latest"]
    store.add(new, ["app:1", "app:latest"])
    rows = {row.id: row for row in store.list()}
    assert rows[old.id].dangling and rows[old.id].repo_tags == ()
    assert rows[new.id].repo_tags == ("app:1", "app:latest")
    assert [r.id for r in store.list(dangling=True)] == [old.id]


def test_tag_refuses_digests(store):
    store.add(make_image("a"), ["a:1"])
    with pytest.raises(InvalidParameter) as err:
        store.tag("a:1", "b@sha256:" + "1" * 64)
    assert str(err.value) == "refusing to create a tag with a digest reference"


def test_rmi_by_tag_untags_then_deletes_with_layers(store):
    base = Layer({"/base": regular("base")})
    image = make_image("top", base)
    store.add(image, ["app:latest", "docker.io/library/app@sha256:" + "c" * 64])
    lines = store.remove("app")
    chains = image.chain_ids()
    assert lines == ["Untagged: app:latest", "Untagged: app@sha256:" + "c" * 64,
                     f"Deleted: {image.id}", f"Deleted: {chains[1]}", f"Deleted: {chains[0]}"]
    assert len(store) == 0


def test_rmi_of_one_of_two_tags_only_untags(store):
    image = make_image("a")
    store.add(image, ["a:1", "a:2"])
    assert store.remove("a:1") == ["Untagged: a:1"]
    assert store.lookup("a:2") is image


def test_rmi_by_id_with_several_repositories_needs_force(store):
    image = make_image("a")
    store.add(image, ["one:latest", "two:latest"])
    with pytest.raises(Conflict) as err:
        store.remove(image.short_id)
    assert str(err.value) == (f"conflict: unable to delete {image.short_id} (must be forced) "
                              "- image is referenced in multiple repositories")
    assert store.repo_tags(image.id) == ["one:latest", "two:latest"]  # nothing changed
    lines = store.remove(image.short_id, force=True)
    assert lines[:2] == ["Untagged: one:latest", "Untagged: two:latest"]
    assert lines[2] == f"Deleted: {image.id}"


def test_shared_layers_are_kept(store):
    base = Layer({"/base": regular("base")})
    a, b = make_image("a", base), make_image("b", base)
    store.add(a, ["a:latest"])
    store.add(b, ["b:latest"])
    lines = store.remove("a")
    assert lines == ["Untagged: a:latest", f"Deleted: {a.id}", f"Deleted: {a.chain_ids()[1]}"]


def test_containers_block_removal(store):
    image = make_image("a")
    store.add(image, ["a:latest"])
    stopped = [ContainerUse("f" * 64, image.id, False)]
    with pytest.raises(Conflict) as err:
        store.remove("a", containers=stopped)
    assert str(err.value) == (f'conflict: unable to remove repository reference "a" (must force) '
                              f"- container ffffffffffff is using its referenced image {image.short_id}")
    with pytest.raises(Conflict) as err:
        store.remove(image.id, containers=stopped)
    assert str(err.value) == (f"conflict: unable to delete {image.short_id} (must be forced) "
                              f"- image is being used by stopped container ffffffffffff")
    running = [ContainerUse("e" * 64, image.id, True)]
    with pytest.raises(Conflict) as err:
        store.remove(image.id, force=True, containers=running)
    assert "(cannot be forced) - image is being used by running container eeeeeeeeeeee" in str(err.value)
    assert store.lookup("a") is image
    # -f by tag with a running container: only the tag goes, the image stays.
    assert store.remove("a", force=True, containers=running) == ["Untagged: a:latest"]
    assert image.id in store


def test_untag_unknown(store):
    with pytest.raises(NoSuchImage):
        store.untag("nope:1")
