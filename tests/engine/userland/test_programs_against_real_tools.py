"""Small programs compared byte for byte, exit status included, with the real ones:
BusyBox's applets (`busybox APPLET ...`) and GNU's on this machine, in the C locale.
Skipped where the reference is absent (BusyBox 1.37: tests/references.py).

A case is (argv, standard input). BusyBox cases run in the busybox image, GNU cases
in debian.
"""

import os
import shutil
import subprocess

import pytest

from tests import references

from engine import Engine
from engine.image.registry.builders.busybox_applets import busybox_image_applets
from engine.image.registry.builders.busybox_build import OWN_ANSWER

BUSYBOX = references.busybox()

EXPR = [
    ["expr", "1", "+", "2"], ["expr", "5", "/", "0"], ["expr", "a", "+", "1"], ["expr", "1", "+"],
    ["expr"], ["expr", "length", "hello"], ["expr", "substr", "hello", "2", "3"],
    ["expr", "index", "hello", "l"], ["expr", "hello", ":", "h\\(.*\\)o"],
    ["expr", "hello", ":", "hel"], ["expr", "3", "*", "4"], ["expr", "0"], ["expr", ""],
    ["expr", "2", "<", "10"], ["expr", "b", "<", "a"], ["expr", "1", "=", "1"],
    ["expr", "9223372036854775807", "+", "1"], ["expr", "--", "1"], ["expr", "1", "|", "0"],
    ["expr", "0", "&", "1"], ["expr", "match", "abc", "b"], ["expr", "+", "ab"],
    ["expr", "(", "1", "+", "2", ")", "*", "3"], ["expr", "007", "+", "1"], ["expr", "1", "2"],
    ["expr", "(", "1", "+", "2"], ["expr", "(", "1", "2", ")"], ["expr", "1", "+", "2", "3"],
    ["expr", "length"], ["expr", "substr", "abc", "1"], ["expr", "abc", ":", "b"],
    ["expr", "abc", ":", ".*"], ["expr", "x*", ":", "x\\*"], ["expr", "-5", "/", "2"],
    ["expr", "-5", "%", "2"], ["expr", "10", "-", "-3"], ["expr", "1", "=", "01"],
    ["expr", "a", "!=", "b"], ["expr", "abc", "<", "abd"], ["expr", "", "|", "x"],
    ["expr", "substr", "hello", "0", "2"], ["expr", "index", "abc", "xyz"],
]

TEXT = "one\ntwo  words here\n\nthree\nlast without newline"
RESHAPE = [
    (["tac"], TEXT), (["tac"], "a\nb\n"), (["tac", "/nosuch"], ""), (["tac", "-", "/dev/null", "-"], "x\n"),
    (["rev"], TEXT), (["rev"], "a\tb c\n"),
    (["nl"], TEXT), (["nl", "-b", "a"], TEXT), (["nl", "-w", "3", "-s", ": "], TEXT),
    (["nl", "-i", "5", "-v", "10"], TEXT), (["nl", "-b", "x"], TEXT), (["nl", "-w", "z"], TEXT),
    (["fold", "-w", "5"], TEXT), (["fold", "-s", "-w", "6"], TEXT), (["fold", "-w", "0"], TEXT), (["fold", "-w", "z"], TEXT),
    (["fold"], "x" * 200 + "\n"),
    (["base64"], "hello world\n"), (["base64"], "\0" * 100), (["base64", "-w", "0"], "abcdef"),
    (["base64", "-w", "4"], "abcdefgh"), (["base64", "-d"], "aGVsbG8K"),
    (["base64", "-d"], "aGVs\nbG8K\n"), (["base64", "-d"], "!!!"), (["base64", "/nosuch"], ""),
    (["base64", "-d"], "aGVsbG8"), (["base64"], ""),
]

SORTED_1, SORTED_2, UNSORTED = "/tmp/crsim-c1", "/tmp/crsim-c2", "/tmp/crsim-c3"
SHORT, LONG = "/tmp/crsim-e1", "/tmp/crsim-e2"
FILES = {"/tmp/crsim-t.tar": "\0" * 1024, SORTED_1: "a\nb\nd\n", SORTED_2: "b\nc\nd\ne\n", UNSORTED: "b\na\n", SHORT: "abc",
         LONG: "abcdef"}
COMPARE = [
    ["cmp", SORTED_1, SORTED_1], ["cmp", SORTED_1, SORTED_2], ["cmp", SHORT, LONG],
    ["cmp", LONG, SHORT], ["cmp", "-s", SHORT, LONG], ["cmp", "-l", SORTED_1, SORTED_2],
    ["cmp", "/nosuch", SHORT],
    ["comm", SORTED_1, SORTED_2], ["comm", "-12", SORTED_1, SORTED_2],
    ["comm", "-3", SORTED_1, SORTED_2], ["comm", UNSORTED, SORTED_1], ["comm", SORTED_1],
]
PROCESSES = [
    ["timeout", "1", "sleep", "3"], ["timeout", "2", "sh", "-c", "exit 3"],
    ["timeout", "1", "nosuchcmd"], ["timeout", "x", "sleep", "1"],
    ["timeout", "-s", "KILL", "1", "sleep", "3"], ["tty"], ["tty", "-s"],
]

DD = [
    (["dd", "if=/dev/zero", "bs=1000", "count=3", "status=noxfer"], ""),
    (["dd", "bs=3", "skip=1", "count=2", "status=noxfer"], "0123456789"),
    (["dd", "bs=4", "status=noxfer"], "0123456789"),
    (["dd", "ibs=2", "obs=3", "count=4", "status=noxfer"], "0123456789"),
    (["dd", "bs=x"], ""), (["dd", "if=/nosuch"], ""), (["dd", "status=none"], "quiet\n"),
]

GZIP = [  # (compressed bytes differ: zlib's deflate is not gzip's; contents never do)
    (["sh", "-c", "echo abc | gzip | gzip -d"], ""),
    (["sh", "-c", "cd /tmp && rm -f g1 g1.gz && echo hi > g1 && gzip g1 && ls g1* && "
                  "gzip -d g1.gz && cat g1"], ""),
    (["sh", "-c", "cd /tmp && echo bad > g2.gz; gzip -d g2.gz; echo $?"], ""),
    (["sh", "-c", "cd /tmp && echo x > g3; gzip -d g3; echo $?"], ""),
    (["gzip", "/tmp/nosuch"], ""),
    (["sh", "-c", "cd /tmp && rm -f g4 g4.gz && echo hi > g4 && gzip -k g4 && gzip g4; "
                  "echo $?"], ""),
]

BYTES = "hello world\n\x01\x7fab" + "z" * 40 + "\n"
OD = [(["od"], BYTES), (["od", "-c"], BYTES), (["od", "-x"], BYTES), (["od", "-An", "-c"], BYTES),
      (["od", "-t", "x1"], BYTES), (["od", "-d"], BYTES), (["od", "-b"], BYTES),
      (["od", "-A", "d", "-t", "u1"], BYTES), (["od", "-v", "-c"], BYTES),
      (["od", "-N", "5", "-c"], BYTES), (["od", "-j", "3", "-t", "x2"], BYTES),
      (["od", "-A", "x", "-t", "d4"], BYTES), (["od", "-t", "q"], BYTES), (["od", "/nosuch"], ""),
      (["od", "-c"], "")]

HEX = [(["hexdump", "-C"], BYTES + "0" * 40 + "\n"), (["hexdump"], BYTES + "0" * 40 + "\n"),
       (["hexdump", "-C", "-v"], "0" * 48), (["hexdump", "-C"], ""),
       (["xxd"], BYTES + "0" * 40 + "\n"), (["xxd", "-p"], BYTES + "0" * 40 + "\n"), (["xxd"], "")]

TAR_ERRORS = [["tar"], ["tar", "xf", "/tmp/nosuch.tar"], ["tar", "cf", "/tmp/crsim-empty.tar"],
              ["tar", "tf", "/tmp/crsim-t.tar", "nosuch"]]

MAKERS = [["mktemp", "x"], ["mktemp", "-p", "/nonexist"], ["mktemp", "-t", "foo/XXXXXX"],
          ["mktemp", "a", "b"], ["mktemp", "-q", "x"], ["install"], ["install", "/nope", "/tmp/crsim-i"],
          ["install", "/tmp/crsim-c1"]]

_TESTS = [["1", "-eq", "a"], ["a", "b"], ["(", "1"], ["1", "-lt", "2", "3"], ["-z"], ["-n", "x"],
          ["a", "=", "a"], ["a", "!=", "a"], ["-d", "/tmp"], ["-f", "/tmp"], ["1", "-gt", "2"],
          ["!", "a"], ["x", "-a", ""], ["", "-o", "x"], ["(", "a", ")", "-a", "(", "b"], [],
          ["-x", "/nonexistent"], ["a", "-nt", "b"], ["1", "-eq", " 1"], ["-e"], ["--help"]]
PAGERS = [["more", SORTED_1], ["more", SORTED_1, "/nonexist", SORTED_2], ["more", "/tmp", SORTED_1],
          ["less", SORTED_1, SORTED_2], ["less", "/nonexist"], ["less", "-N", SORTED_1], ["more", "-x"]]
TESTS = ([["test", *t] for t in _TESTS] + [["[", *t, "]"] for t in _TESTS] + [["[", "1"]]
         + [["[[", *t, "]]"] for t in _TESTS[:6]] + [["[[", "1", "]"]])
# split's refusals (the pieces it writes are checked in test_split_pieces below)
SPLITS = [["split", "-l", "x"], ["split", "-b", "x"], ["split", "-a", "x"], ["split", "/nonexist"],
          ["split", "-l", "0", "/nonexist"], ["split", "a", "b", "c"]]
# strings: the runs of printable bytes, their offsets, its refusals (BusyBox only: Debian's
# images have no binutils)
STRINGS = [(["strings", *args], "ab\0hello world\x01\x02xyz1\nabcd\n\tTABBED x\n")
           for args in ([], ["-n", "3"], ["-f"], ["-o"], ["-t", "x"], ["-t", "d", "-a"], ["-n", "0"],
                        ["-n", "x"], ["/nonexist"])]
# awk's numbers: printf's C ints (BusyBox casts, mawk clamps) and print's integral values
# (BusyBox: a long long's range, mawk: an int's); the host's awk is mawk, Debian's
AWK_NUMBERS = [["awk", 'BEGIN { printf "%d %d %i %x %o %u %c|", 3000000000, -3000000000, 2147483647,'
                       ' 4294967296, 2^40, -1, 256 + 65; printf "%d %d %d %x %u\\n", log(0), -log(0),'
                       ' log(-1), log(-1), -log(0) }'],
               ["awk", 'BEGIN { print 1e6, 1e-3, 1e20, 2^31, 2^53 + 1, 2^63, -2^63, 123456789012;'
                       ' x = 1e20; print x "" }']]
CASES = ([(argv, "") for argv in EXPR + COMPARE + PROCESSES + TAR_ERRORS + MAKERS + TESTS
                                 + PAGERS + SPLITS + AWK_NUMBERS] + RESHAPE + DD + GZIP
         + OD)
# The host's busybox sh runs the host's (GNU) programs: shell lines are compared as GNU only;
# and its usage texts carry its own version (1.35, the images' is 1.37).
BUSYBOX_CASES = [(argv, stdin) for argv, stdin in CASES
                 if argv[0] != "sh" and argv not in (["tar"], ["mktemp", "a", "b"])]
BUSYBOX_CASES += HEX + STRINGS  # (Debian's images have neither hexdump nor xxd, nor strings)
TIMES = [["time"], ["time", "-f", "%x|%C|%Q|%%|%Z|\\t|\\q", "sh", "-c", "exit 3"],
         ["time", "-f", "%x\\", "true"], ["time", "nosuch"], ["time", "-x"],
         ["time", "-f", "%x %C", "sh", "-c", "kill -9 $$"]]
# (nothing timed here: the host's timings vary; test_busybox_dispatch.py checks crsim's)
BUSYBOX_CASES += [(argv, "") for argv in TIMES]  # (Debian's images have no time program)
# busybox by its own name: its help with the applet list, and --list
BUSYBOX_CASES += [(["busybox"], ""), (["busybox", "--help"], ""), (["busybox", "--list"], "")]


@pytest.fixture(scope="module", autouse=True)
def files(busybox_box, debian_box):
    """The same small files on the host and in both containers."""
    for path, text in FILES.items():
        with open(path, "w") as handle:
            handle.write(text)
        for engine, name in ((busybox_box, "box"), (debian_box, "deb")):
            engine.container(name).fs.write(path, text.encode())


@pytest.fixture(scope="module")
def busybox_box():
    engine = Engine.deterministic()
    engine.pull("busybox")
    engine.runtime.start(engine.create("busybox", ["sleep", "infinity"], name="box"))
    return engine


@pytest.fixture(scope="module")
def debian_box():
    engine = Engine.deterministic()
    engine.pull("debian")
    engine.runtime.start(engine.create("debian", ["sleep", "infinity"], name="deb"))
    return engine


def _ids(cases):
    return [" ".join(argv) + (f" <<< {stdin!r}" if stdin else "") for argv, stdin in cases]


@pytest.mark.skipif(BUSYBOX is None, reason=references.MISSING)
@pytest.mark.parametrize("argv, stdin", BUSYBOX_CASES, ids=_ids(BUSYBOX_CASES))
def test_as_busybox(busybox_box, argv, stdin):
    real = subprocess.run([BUSYBOX, *argv], input=stdin.encode(), capture_output=True,
                          timeout=30, cwd="/tmp")
    if b"applet not found" in real.stderr:
        pytest.skip(f"this busybox has no {argv[0]}")
    ours = busybox_box.exec("box", argv, stdin=stdin)
    same = references.same_banner
    assert (same(ours.stdout), same(ours.stderr), ours.status) == (
        same(real.stdout.decode()), same(real.stderr.decode()), status(real))


@pytest.mark.parametrize("argv, stdin", CASES, ids=_ids(CASES))
def test_as_gnu(debian_box, argv, stdin):
    if shutil.which(argv[0]) is None:
        pytest.skip(f"{argv[0]} is not installed")
    if argv[0] == "less":
        pytest.skip("Debian's images have no less")
    real = subprocess.run(argv, input=stdin.encode(), capture_output=True, timeout=30,
                          cwd="/tmp", env={"PATH": "/usr/bin:/bin", "LC_ALL": "C"})
    ours = debian_box.exec("deb", argv, stdin=stdin)
    assert (ours.stdout, ours.stderr, ours.status) == (
        real.stdout.decode(), real.stderr.decode(), status(real))


def status(done) -> int:
    """The status a shell would see: 128 + N for a death by signal N."""
    return 128 - done.returncode if done.returncode < 0 else done.returncode


HELP_APPLETS = [name for name in busybox_image_applets() if name not in OWN_ANSWER]


@pytest.mark.skipif(BUSYBOX is None, reason=references.MISSING)
@pytest.mark.parametrize("applet", HELP_APPLETS)
def test_help_as_busybox(busybox_box, applet):
    """`APPLET --help` for every applet of the busybox image: BusyBox answers it before the
    applet runs, with the usage on stderr and status 0."""
    real = subprocess.run([BUSYBOX, applet, "--help"], capture_output=True, timeout=30,
                          stdin=subprocess.DEVNULL)
    ours = busybox_box.exec("box", [f"/bin/{applet}", "--help"])
    same = references.same_banner
    assert (ours.stdout, same(ours.stderr), ours.status) == (
        real.stdout.decode(), same(real.stderr.decode()), real.returncode)


RESIZED, NEVER = "/tmp/crsim-r", "/tmp/crsim-none"
RESIZE = [["truncate", "-s", "3", RESIZED], ["truncate", "-s", "1k", RESIZED],
          ["truncate", "-s", "1m", RESIZED], ["truncate", "-s", "+5", RESIZED],
          ["truncate", "-s", "%4", RESIZED], ["truncate", RESIZED], ["truncate", "-s", "x", RESIZED],
          ["truncate", "-c", "-s", "3", NEVER], ["truncate", "-s", "10", "/nodir/x"],
          ["truncate", "-s", "5"], ["truncate", "-s", "1KB", RESIZED], ["truncate", "-s", "-2", RESIZED],
          ["truncate", "-s", "2G", RESIZED], ["truncate", "-s", "4", "/tmp"],
          ["fallocate", "-l", "100", RESIZED], ["fallocate", RESIZED],
          ["fallocate", "-l", "1KiB", "-o", "10", RESIZED], ["fallocate", "-l", "0", RESIZED],
          ["fallocate", "-l", "x", RESIZED], ["fallocate", "-l", "10", "/nodir/x"],
          ["fallocate", "-l", "2", RESIZED], ["fallocate", "-l", "1m", RESIZED]]


def _resized(run, make, size_of):
    make()
    out, err, status = run()
    return out, err, status, size_of(RESIZED), size_of(NEVER)


def _host_size(path):
    return os.stat(path).st_size if os.path.exists(path) else None


def _crsim_size(engine, name):
    def size_of(path):
        try:
            return engine.container(name).fs.stat(path).size
        except Exception:
            return None
    return size_of


def _host_run(argv, env=None):
    done = subprocess.run(argv, capture_output=True, timeout=30, cwd="/tmp", env=env,
                          stdin=subprocess.DEVNULL)
    return done.stdout.decode(), references.same_banner(done.stderr.decode()), done.returncode


def _host_make():
    with open(RESIZED, "w") as handle:
        handle.write("hello\n")


@pytest.mark.skipif(BUSYBOX is None, reason=references.MISSING)
@pytest.mark.parametrize("argv", RESIZE, ids=[" ".join(a) for a in RESIZE])
def test_resize_as_busybox(busybox_box, argv):
    real = _resized(lambda: _host_run([BUSYBOX, *argv]), _host_make, _host_size)
    box = busybox_box.container("box")
    ours = _resized(lambda: (lambda r: (r.stdout, references.same_banner(r.stderr), r.status))(
        busybox_box.exec("box", argv)), lambda: box.fs.write(RESIZED, b"hello\n"),
        _crsim_size(busybox_box, "box"))
    assert ours == real


@pytest.mark.parametrize("argv", RESIZE, ids=[" ".join(a) for a in RESIZE])
def test_resize_as_gnu(debian_box, argv):
    if shutil.which(argv[0]) is None:
        pytest.skip(f"{argv[0]} is not installed")
    real = _resized(lambda: _host_run(argv, {"PATH": "/usr/bin:/bin", "LC_ALL": "C"}), _host_make,
                    _host_size)
    box = debian_box.container("deb")
    ours = _resized(lambda: (lambda r: (r.stdout, r.stderr, r.status))(debian_box.exec("deb", argv)),
                    lambda: box.fs.write(RESIZED, b"hello\n"), _crsim_size(debian_box, "deb"))
    assert ours == real
