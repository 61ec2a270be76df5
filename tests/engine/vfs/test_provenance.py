"""Which layer an entry comes from, and what hides the others, as overlayfs looks down."""

from engine.vfs.entry import directory, regular, whiteout
from engine.vfs.index import MergedIndex
from engine.vfs.layer import Layer
from engine.vfs.provenance import (COPIED_UP, CREATED, DELETED, MADE_OPAQUE, OPAQUE, REPLACED,
                                   WHITED_OUT, Stack)
from engine.vfs.union import UnionFS

LAYERS = [
    Layer({"/etc": directory(), "/etc/motd": regular("hi"), "/etc/conf": directory(),
           "/etc/conf/a": regular("a"), "/etc/issue": regular("i"), "/opt": directory(),
           "/opt/x": regular("x"), "/srv": directory(), "/srv/old": regular("o")}),
    Layer({"/etc": directory(), "/etc/motd": whiteout(), "/opt": regular("now a file")}),
    Layer({"/etc": directory(), "/etc/conf": directory(opaque=True),
           "/etc/conf/b": regular("b"), "/etc/motd": regular("back")}),
]


def test_the_source_and_what_hides_the_rest_in_an_image():
    stack = Stack.of_image(MergedIndex(LAYERS))
    motd = stack.explain("/etc/motd")  # whited out in 1, written again in 2
    assert (motd.source, motd.hidden_by) == (2, None)
    assert [cell.kind if cell else None for cell in motd.cells] == ["file", "whiteout", "file"]
    a = stack.explain("/etc/conf/a")
    assert (a.source, a.hidden_by) == (None, (2, OPAQUE))
    x = stack.explain("/opt/x")
    assert (x.source, x.hidden_by) == (None, (1, REPLACED))
    assert stack.names("/etc/conf") == ["a", "b"] and stack.explain("/etc/conf/b").source == 2


def test_a_containers_upper_layer_and_its_changes():
    fs = UnionFS(MergedIndex(LAYERS[:2]))
    fs.write("/etc/new", b"n")
    fs.write("/etc/issue", b"changed")
    fs.unlink("/etc/conf/a")
    fs.unlink("/srv/old")
    fs.rmdir("/srv")
    fs.mkdir("/srv")
    stack = Stack.of_container(fs)
    assert [(p, stack.explain(p).change) for p in ("/etc/new", "/etc/issue", "/etc/conf/a", "/srv")] \
        == [("/etc/new", CREATED), ("/etc/issue", COPIED_UP), ("/etc/conf/a", DELETED),
            ("/srv", MADE_OPAQUE)]
    assert stack.explain("/etc/new").source == 2 and stack.explain("/etc/issue").source == 2
    assert stack.explain("/etc/conf/a").hidden_by == (2, WHITED_OUT)
    assert stack.explain("/srv/old").hidden_by == (2, OPAQUE)
    assert stack.explain("/etc/motd").hidden_by == (1, WHITED_OUT)
    assert stack.explain("/etc/passwd").cells == (None, None, None)
