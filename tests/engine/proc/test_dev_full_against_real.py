"""Programs writing to /dev/full, compared with the real ones: BusyBox 1.37's applets run
directly, and the host's GNU coreutils (Debian's, as in the debian image). Stderr and exit
status must be the same. Skipped where the reference is absent."""

import shutil
import subprocess

import pytest

from tests import references
from tests.engine.userland.conftest import Box

CASES = ["cat /etc/hostname", "cat /dev/zero", "yes", "seq 3", "ls /", "head -c 5 /dev/zero",
         "printf x", "sort /etc/hostname"]
# reference -> (how the real one runs a case, the image whose programs stand against it)
REFERENCES = {"busybox": (lambda case: [references.busybox(), *case.split()], "busybox"),
              "gnu": (lambda case: case.split(), "debian:bookworm-slim")}
BUSYBOX_ONLY_APPLETS = {"printf"}  # the debian image's printf is bash's builtin at a prompt


@pytest.fixture(scope="module")
def boxes():
    made = {}
    return lambda image: made.setdefault(image, Box(image))


@pytest.mark.parametrize("reference, case", [(r, c) for c in CASES for r in REFERENCES])
def test_a_failed_write_is_reported_as_the_real_program_does(boxes, reference, case):
    argv_of, image = REFERENCES[reference]
    if reference == "busybox" and references.busybox() is None:
        pytest.skip(references.MISSING)
    if reference == "gnu" and shutil.which(case.split()[0]) is None:
        pytest.skip(f"{case.split()[0]} is not installed")
    with open("/dev/full", "w") as full:
        real = subprocess.run(argv_of(case), stdout=full, stderr=subprocess.PIPE, text=True,
                              timeout=10)
    # exec's own program (not a shell) with its output on /dev/full
    status, _, err = boxes(image).run("sh", "-c", f"exec {case} > /dev/full")
    assert (err, status) == (real.stderr, real.returncode)
