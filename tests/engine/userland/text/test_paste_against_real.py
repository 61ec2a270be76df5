"""paste compared with the real ones, byte for byte with status: BusyBox 1.37's applet
(tests/references.py) against alpine's, the host's GNU coreutils against debian's."""

from tests.engine.userland.scripted import busybox_pair, cases_script, gnu_pair

FILES = "printf '1\\n2\\n3\\n' > p1; printf 'a\\nb\\n' > p2; printf 'x' > p3; : > p4\n"
CASES = ["paste p1 p2", "paste -d, p1 p2 p3", "paste -s p1 p2", "paste -sd, p1", "paste -d'ab' p1 p2 p1",
         "paste - - < p1", "paste p3 p3", "paste -s p3", "paste nosuch p1", "paste -d '' p1 p2",
         "paste -d '\\n' p1 p2", "paste -d '\\t|' p1 p2 p1", "paste -s -d '\\0,' p1", "paste -s p4 p1",
         "paste p4 p1", "paste p1 - < p2", "paste -s - < p1"]  # (a bad option: options tests)
SCRIPT = cases_script(FILES, CASES)


def test_paste_as_busybox(tmp_path):
    crsim, real = busybox_pair(tmp_path, SCRIPT, ["paste"])
    assert crsim == real


def test_paste_as_gnu(tmp_path):
    crsim, real = gnu_pair(tmp_path, SCRIPT, "paste")
    assert crsim == real
