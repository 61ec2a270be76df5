"""expand and unexpand compared with the real ones, byte for byte with status.
(Their conversions were also checked against the real ones on thousands of random
lines of blanks, letters, backspaces and NULs while they were written.)"""

import pytest

from tests.engine.userland.scripted import busybox_pair, cases_script, gnu_pair, ours

SETUP = ("printf 'a\\tb\\t\\tc\\n\\t x\\tyy\\n        eight\\n    \\t  z  \\t w\\n' > t1\n"
         "printf 'ab  \\t cd\\0  x\\t\\ny      z' > t2\nprintf '  \\t' > t3\nmkdir d\n")
BOTH = ["expand t1", "expand -t 4 t1", "expand -t1 t1 t2", "expand -i t1", "expand --tabs=3 t1",
        "expand --initial t2", "expand < t2", "expand t3 - < t1", "expand nosuch t1",
        "expand -t 0 t1", "expand -t x t1", "unexpand t1", "unexpand -a t1", "unexpand -t 4 t1",
        "unexpand -t 3 --first-only t1", "unexpand t2 t3", "unexpand -a t2", "unexpand --all t3",
        "unexpand nosuch t1", "unexpand -t 0 t1", "expand t1 | unexpand -a",
        "expand -t 2 t1 | unexpand -t 2"]
BUSYBOX = BOTH + ["expand -t 4,8 t1", "expand -t '' t1", "expand -t 99999999999 t1", "unexpand -f -t 2 t1",
                  "unexpand -t 4,8 t1"]
GNU = BOTH + ["expand d t3", "unexpand d t1", "expand -t 4/5/6 t1", "expand -t 2,/4,/6 t1",
              "expand -t 3/4,x t1", "expand -t 4,8 t1", "expand -t '2 5' t1", "expand -t 3,/5 t1", "expand -t 2,+4 t1",
              "expand -t 4,2 t1", "expand -t '' t1", "expand -3 t1", "expand -3,9 t1", "expand -t 2 -t 5 t1",
              "expand -t /4,8 t1", "expand -t 4,+8,/3 t1", "expand -t 4/ t1", "expand -t 5,x t1",
              "expand -t 99999999999999999999999 t1", "unexpand -t 2,5,9 t1", "unexpand -t 4,/6 t1",
              "unexpand -t 3,+5 t2", "unexpand -3 t1", "unexpand -2,7 t1", "unexpand -t 4,2 t1",
              "unexpand -x t1", "expand --bogus t1", "printf 'ab\\bc\\td\\n' | expand",
              "printf 'ab\\b  \\tc\\n' | unexpand -a"]


@pytest.mark.parametrize("flavour", ["busybox", "gnu"])
def test_against_real(tmp_path, flavour):
    if flavour == "busybox":
        crsim, real = busybox_pair(tmp_path, cases_script(SETUP, BUSYBOX),
                                   ["expand", "unexpand", "mkdir"])
    else:
        crsim, real = gnu_pair(tmp_path, cases_script(SETUP, GNU), "expand")
    assert crsim == real


def test_busybox_reads_a_directory_as_an_io_error():
    """fclose_if_not_stdin() sets EIO after a read error; musl words it "I/O error"
    (the reference BusyBox is built with glibc: "Input/output error")."""
    assert ours("alpine", "mkdir d; printf 'a\\tb\\n' > f; expand d f 2>&1; echo rc=$?") == (
        "expand: d: I/O error\na       b\nrc=1\n")
