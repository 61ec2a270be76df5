"""tar and gzip inside containers: their listings, and archives that real tools read."""

import gzip as host_gzip
import io
import shutil
import subprocess
import tarfile

import pytest

from engine import Engine

TAR = shutil.which("tar")


@pytest.fixture(scope="module")
def engine():
    engine = Engine.deterministic()
    for image in ("alpine", "debian"):
        engine.pull(image)
        engine.run(image, ["sleep", "infinity"], name=f"t{image}")
    return engine


MAKE = "cd /tmp && mkdir -p d && echo hi > d/a && ln -sf a d/l && tar cf x.tar d"


@pytest.mark.parametrize("box, when", [("talpine", "2026-12-01 09:00:00"),
                                       ("tdebian", "2026-12-01 09:00")])
def test_listing_as_each_tar_prints_it(engine, box, when):
    result = engine.exec(box, ["sh", "-c", MAKE + " && tar tvf x.tar"])
    assert (result.status, result.stderr) == (0, "")
    assert result.stdout == (f"drwxr-xr-x root/root         0 {when} d/\n"
                             f"-rw-r--r-- root/root         3 {when} d/a\n"
                             f"lrwxrwxrwx root/root         0 {when} d/l -> a\n")


def test_compressed_round_trip_and_strip_components(engine):
    script = (MAKE + " && tar czf x.tgz d && rm -rf d && mkdir /o && tar xzf x.tgz -C /o "
              "--strip-components=1 && cat /o/a && readlink /o/l")
    result = engine.exec("tdebian", ["sh", "-c", script])
    assert (result.stdout, result.status) == ("hi\na\n", 0)


def test_what_crsim_writes_the_hosts_tar_and_gzip_read(engine, tmp_path):
    engine.exec("tdebian", ["sh", "-c", MAKE + " && tar czf y.tgz d"])
    data = engine.container("tdebian").fs.read("/tmp/y.tgz")
    with tarfile.open(fileobj=io.BytesIO(host_gzip.decompress(data))) as archive:
        assert sorted(archive.getnames()) == ["d", "d/a", "d/l"]
        assert archive.extractfile("d/a").read() == b"hi\n"
    if TAR:
        (tmp_path / "y.tgz").write_bytes(data)
        listing = subprocess.run([TAR, "tzf", str(tmp_path / "y.tgz")], capture_output=True,
                                 text=True, check=True).stdout
        assert sorted(listing.split()) == ["d/", "d/a", "d/l"]


@pytest.mark.skipif(TAR is None, reason="no tar on this machine")
def test_what_the_hosts_tar_writes_crsim_reads(engine, tmp_path):
    tree = tmp_path / "src"
    (tree / "sub").mkdir(parents=True)
    (tree / "sub" / "f.txt").write_text("from the host\n")
    (tree / "link").symlink_to("sub/f.txt")
    archive = tmp_path / "h.tar.gz"
    subprocess.run([TAR, "czf", str(archive), "-C", str(tmp_path), "src"], check=True)
    engine.container("talpine").fs.write("/tmp/h.tar.gz", archive.read_bytes())
    result = engine.exec("talpine", ["sh", "-c", "cd /tmp && tar xzf h.tar.gz && "
                                                 "cat src/sub/f.txt src/link"])
    assert (result.stdout, result.status) == ("from the host\nfrom the host\n", 0)


def test_gzip_output_is_real_gzip(engine):
    result = engine.exec("talpine", ["sh", "-c", "cd /tmp && seq 1000 > n && gzip n"])
    assert result.status == 0
    data = engine.container("talpine").fs.read("/tmp/n.gz")
    assert host_gzip.decompress(data) == "".join(f"{i}\n" for i in range(1, 1001)).encode()
