"""split's pieces, as real BusyBox 1.37 and GNU coreutils 9.1 wrote them for the same input
(their refusals are compared with the real programs in test_programs_against_real_tools.py)."""

import pytest

from tests.engine.userland.conftest import Box

SCRIPT = ("seq 1 5 > in; split -l 2 in; ls x*; cat xab; split -b 3 in p; ls p*; cat pab; "
          "split -a 1 -l 1 in q; ls q*; printf 'a\\nb\\nc\\n' | split -l 2 - pre; ls pre*; "
          "seq 1 30 > big; split -l 1 -a 1 big z; echo rc=$?; ls z* | wc -l; cat zz")
PIECES = ("xaa\nxab\nxac\n3\n4\npaa\npab\npac\npad\n\n3\nqa\nqb\nqc\nqd\nqe\npreaa\npreab\n"
          "rc=1\n26\n26\n")


@pytest.mark.parametrize("image, shell, exhausted", [
    ("alpine", "sh", "split: suffixes exhausted\n"),
    ("debian:bookworm-slim", "bash", "split: output file suffixes exhausted\n")])
def test_split_pieces_and_running_out_of_suffixes(image, shell, exhausted):
    box = Box(image)
    assert box.run(shell, "-c", SCRIPT, workdir="/tmp") == (0, PIECES, exhausted)


def test_split_numeric_suffixes_and_units_gnu():
    box = Box("debian:bookworm-slim")
    assert box.run("bash", "-c", "head -c 2500 /dev/zero > f; split -d -b 1K f n; ls n*; wc -c < n02",
                   workdir="/tmp") == (0, "n00\nn01\nn02\n452\n", "")
