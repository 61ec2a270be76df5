"""`export` and `cp` give the merged view: no whiteout or opaque marker ever appears."""

import io
import tarfile

from hypothesis import given, settings, strategies as st

from engine import Engine

OPS = st.lists(st.sampled_from([
    "rm -rf /etc/apk", "mkdir -p /etc/apk", "touch /etc/apk/new", "rm -f /etc/apk/repositories",
    "rm -rf /etc/apk && mkdir /etc/apk && echo x > /etc/apk/x", "mv /etc/apk /etc/apk2",
    "mkdir -p /srv/d && touch /srv/d/f", "rm -rf /srv", "rm -f /etc/hostname.bak",
]), min_size=1, max_size=6)

ENGINE = Engine.deterministic()
ENGINE.pull("alpine")


@settings(max_examples=25, deadline=None)
@given(OPS)
def test_export_never_shows_overlay_markers(ops):
    container = ENGINE.run("alpine", ["sleep", "1000"])
    try:
        ENGINE.exec(container.id, ["sh", "-c", "; ".join(ops) + "; true"])
        names = tarfile.open(fileobj=io.BytesIO(b"".join(ENGINE.export(container.id)))).getnames()
        assert not [n for n in names if n.rsplit("/", 1)[-1].startswith(".wh.")]
        listed = ENGINE.exec(container.id, ["find", "/etc/apk", "/etc/apk2", "/srv"]).stdout.split()
        exported = ["/" + n for n in names if n.startswith(("etc/apk", "srv"))]
        assert sorted(exported) == sorted(listed)  # what ls/find show, nothing more
        copied = [path for path, _ in ENGINE.copy_out(container.id, "/etc")]
        assert not [p for p in copied if p.rsplit("/", 1)[-1].startswith(".wh.")]
    finally:
        ENGINE.remove(container.id, force=True)
