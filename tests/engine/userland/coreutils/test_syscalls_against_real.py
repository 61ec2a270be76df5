"""unlink, sync, fsync and usleep compared with the real ones, byte for byte with status."""

import pytest

from tests.engine.userland.scripted import busybox_pair, cases_script, gnu_pair

SETUP = "printf x > f1; printf y > f2; mkdir d\n"
COMMON = ["unlink", "unlink f1 f2", "unlink nosuch", "unlink d", "unlink -- f1",
          "unlink f1", "unlink --", "sync"]
# (a bad option is left out for BusyBox: musl's getopt words it, the reference has glibc's)
BUSYBOX = COMMON + ["sync -x", "sync nosuch", "fsync", "fsync f2 d", "fsync -d nosuch f2 nosuch2",
                    "usleep", "usleep 10", "usleep 1 2", "usleep x", "usleep -1",
                    "usleep +5", "usleep 99999999999"]
GNU = COMMON + ["unlink -x", "unlink --foo", "sync -x", "sync f2 nosuch d", "sync -d", "sync -d f2",
                "sync -d -f", "sync -f /", "sync --data f2", "sync --bogus"]
PROGRAMS = ("unlink", "sync", "fsync", "usleep", "mkdir")


@pytest.mark.parametrize("flavour", ["busybox", "gnu"])
def test_against_real(tmp_path, flavour):
    if flavour == "busybox":
        crsim, real = busybox_pair(tmp_path, cases_script(SETUP, BUSYBOX), PROGRAMS)
    else:
        crsim, real = gnu_pair(tmp_path, cases_script(SETUP, GNU), "unlink")
    assert crsim == real
