"""md5sum/sha1sum/sha256sum/sha512sum: real digests, -c as official images use it,
both families' messages (checked against GNU coreutils 9.1 and BusyBox 1.35)."""

import hashlib

import pytest

from engine import Engine


@pytest.fixture(scope="module")
def engine():
    e = Engine.deterministic()
    e.pull("alpine")
    e.pull("debian")
    for image in ("alpine", "debian"):
        e.runtime.start(e.create(image, ["sleep", "infinity"], name=image))
        e.exec(image, ["sh", "-c", "echo hello > /tmp/f1"])
    return e


def run(engine, image, script):
    r = engine.exec(image, ["sh", "-c", script])
    return r.status, r.stdout, r.stderr


@pytest.mark.parametrize("image", ["alpine", "debian"])
@pytest.mark.parametrize("program", ["md5sum", "sha1sum", "sha256sum", "sha512sum"])
def test_digest_of_a_file_and_of_stdin(engine, image, program):
    digest = hashlib.new(program[:-3], b"hello\n").hexdigest()
    assert run(engine, image, f"{program} /tmp/f1") == (0, f"{digest}  /tmp/f1\n", "")
    assert run(engine, image, f"{program} < /tmp/f1") == (0, f"{digest}  -\n", "")


def test_a_hundred_megabytes_of_zeros(engine):
    digest = hashlib.sha256(bytes(100_000_000)).hexdigest()
    assert run(engine, "alpine", "head -c 100000000 /dev/zero | sha256sum") == (
        0, f"{digest}  -\n", "")


@pytest.mark.parametrize("image", ["alpine", "debian"])
def test_check_ok(engine, image):
    digest = hashlib.sha256(b"hello\n").hexdigest()
    assert run(engine, image, f"echo '{digest}  /tmp/f1' | sha256sum -c -") == (
        0, "/tmp/f1: OK\n", "")


def test_check_failed_gnu_and_busybox(engine):
    wrong = "0" * 64
    assert run(engine, "debian", f"echo '{wrong}  /tmp/f1' | sha256sum -c -") == (
        1, "/tmp/f1: FAILED\n", "sha256sum: WARNING: 1 computed checksum did NOT match\n")
    assert run(engine, "alpine", f"echo '{wrong}  /tmp/f1' | sha256sum -c -") == (
        1, "/tmp/f1: FAILED\n", "sha256sum: WARNING: 1 of 1 computed checksums did NOT match\n")


def test_check_of_a_missing_file(engine):
    wrong = "0" * 64
    assert run(engine, "debian", f"echo '{wrong}  /nope' | sha256sum -c -") == (
        1, "/nope: FAILED open or read\n",
        "sha256sum: /nope: No such file or directory\n"
        "sha256sum: WARNING: 1 listed file could not be read\n")
    assert run(engine, "alpine", f"echo '{wrong}  /nope' | sha256sum -c -") == (
        1, "/nope: FAILED\n",
        "sha256sum: can't open '/nope': No such file or directory\n"
        "sha256sum: WARNING: 1 of 1 computed checksums did NOT match\n")


def test_errors(engine):
    assert run(engine, "debian", "sha256sum /nope /tmp") == (
        1, "", "sha256sum: /nope: No such file or directory\nsha256sum: /tmp: Is a directory\n")
    assert run(engine, "alpine", "sha256sum /nope /tmp") == (
        1, "", "sha256sum: can't open '/nope': No such file or directory\n"
               "sha256sum: can't read '/tmp': Is a directory\n")
    assert run(engine, "debian", "echo 00 > /tmp/bad; sha256sum -c /tmp/bad") == (
        1, "", "sha256sum: /tmp/bad: no properly formatted checksum lines found\n")


def test_tag_and_binary_forms(engine):
    digest = hashlib.sha256(b"hello\n").hexdigest()
    assert run(engine, "debian", "sha256sum --tag /tmp/f1")[1] == f"SHA256 (/tmp/f1) = {digest}\n"
    assert run(engine, "debian", "sha256sum -b /tmp/f1")[1] == f"{digest} */tmp/f1\n"


def test_dd_makes_a_big_file_of_zeros_as_a_size():
    import tracemalloc
    from engine import Engine
    engine = Engine.deterministic()
    engine.pull("debian")
    engine.run("debian", ["sleep", "infinity"], name="deb")
    tracemalloc.start()
    result = engine.exec("deb", ["dd", "if=/dev/zero", "of=/big", "bs=1M", "count=1024"])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.status == 0
    assert result.stderr.startswith("1024+0 records in\n1024+0 records out\n"
                                    "1073741824 bytes (1.1 GB, 1.0 GiB) copied, ")
    assert engine.container("deb").fs.stat("/big").size == 1 << 30
    assert peak < 50 * 1024 * 1024  # the simulated disk holds a number, not a gigabyte
