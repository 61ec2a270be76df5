"""Debian's adduser/addgroup against the real adduser (3.134) on the same account files."""

import pytest

from tests.engine.userland.accounts import reference
from tests.engine.userland.conftest import Box

SCRIPT = """adduser --disabled-password --gecos "" --home /nonexistent --shell /sbin/nologin --no-create-home --uid 10001 appuser
adduser --disabled-password --gecos '' app
adduser --system --group --no-create-home svc
addgroup --system grp
addgroup --gid 2000 g2
adduser app grp
adduser --system app2
adduser app
addgroup grp
adduser nosuch grp
adduser app nosuchgroup"""


def _files(box):
    return {name: box.fs.read(f"/etc/{name}").decode() for name in ("passwd", "group")}


@pytest.mark.skipif(not reference.available("adduser"), reason="needs root, unshare and Debian's adduser")
def test_same_output_status_and_files_as_the_real_adduser():
    box = Box("debian:bookworm-slim")
    before = {name: box.fs.read(f"/etc/{name}").decode() for name in reference.ACCOUNT_FILES
              if box.fs.exists(f"/etc/{name}")}
    real, after, _ = reference.run(before, SCRIPT)
    ours = [box.sh(line) for line in SCRIPT.splitlines()]
    assert ours == real
    for name in ("passwd", "group"):
        assert _files(box)[name] == after[name], name


def test_home_and_names_follow():
    box = Box("debian:bookworm-slim")
    status, _, err = box.sh("adduser --disabled-password --gecos '' app")
    assert status == 0, err
    status, out, _ = box.sh("id app; stat -c '%U:%G %a' /home/app")
    assert out == "uid=1000(app) gid=1000(app) groups=1000(app),100(users)\napp:app 700\n"
