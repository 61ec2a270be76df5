"""crsim's archives in real OCI tools and theirs in crsim: umoci unpacks what `save`
writes (whiteouts and opaque directories applied), skopeo reads it as a docker-archive and
converts it to an OCI archive (gzip layers too) that `load` takes back with the same image
id. Skipped where the tools are not installed (apt-get install umoci skopeo)."""

import shutil
import subprocess
import tarfile

import pytest

from engine import Engine
from shell.session import Session

UMOCI, SKOPEO = shutil.which("umoci"), shutil.which("skopeo")
DOCKERFILE = ("FROM alpine\nRUN rm /etc/issue && rm -rf /etc/apk && mkdir /etc/apk && "
              "echo new > /etc/apk/x\nCMD [\"cat\", \"/etc/apk/x\"]\n")


@pytest.fixture
def saved(tmp_path):
    session = Session(Engine.deterministic(host_root=str(tmp_path)))
    assert session.execute(f"build -q -t wh - <<'EOF'\n{DOCKERFILE}EOF")[1] == 0
    assert session.execute(f"save -o {tmp_path}/wh.tar wh")[1] == 0
    return session, tmp_path / "wh.tar"


@pytest.mark.skipif(UMOCI is None, reason="umoci is not installed")
def test_umoci_unpacks_what_save_writes(saved, tmp_path):
    _, archive = saved
    layout = tmp_path / "layout"
    layout.mkdir()
    with tarfile.open(archive) as tar:
        tar.extractall(layout)
    subprocess.run([UMOCI, "unpack", "--rootless", "--image", f"{layout}:latest",
                    str(tmp_path / "bundle")], check=True, capture_output=True)
    root = tmp_path / "bundle" / "rootfs"
    assert (root / "etc/alpine-release").read_text().startswith("3.")
    assert not (root / "etc/issue").exists()  # the whiteout
    assert sorted(p.name for p in (root / "etc/apk").iterdir()) == ["x"]  # the opaque dir
    assert (root / "etc/apk/x").read_text() == "new\n"


@pytest.mark.skipif(SKOPEO is None, reason="skopeo is not installed")
def test_skopeo_reads_save_and_its_archives_load_back(saved, tmp_path):
    session, archive = saved
    image_id = session.engine.image("wh").id
    inspected = subprocess.run([SKOPEO, "inspect", "--config", f"docker-archive:{archive}"],
                               check=True, capture_output=True, text=True).stdout
    assert '"Cmd": [' in inspected and '"cat"' in inspected
    subprocess.run([SKOPEO, "copy", "-q", "--dest-compress", "--dest-compress-format", "gzip",
                    f"docker-archive:{archive}", f"oci-archive:{tmp_path}/oci.tar:wh:gz"],
                   check=True, capture_output=True)
    subprocess.run([SKOPEO, "copy", "-q", f"docker-archive:{archive}",
                    f"docker-archive:{tmp_path}/old.tar:wh:old"], check=True, capture_output=True)
    fresh = Session(Engine.deterministic(host_root=str(tmp_path)))
    assert fresh.execute(f"load -i {tmp_path}/oci.tar") == ("Loaded image: wh:gz\n", 0)
    assert fresh.execute(f"load < {tmp_path}/old.tar") == ("Loaded image: wh:old\n", 0)
    assert fresh.engine.image("wh:gz").id == fresh.engine.image("wh:old").id == image_id
    assert fresh.execute("run --rm wh:gz") == ("new\n", 0)
