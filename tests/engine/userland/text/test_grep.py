"""grep in real containers: GNU grep 3.11 (debian) and BusyBox grep (alpine)."""

import re

import pytest

PW = ("root:x:0:0:root:/root:/bin/bash\n"
      "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
      "bin:x:2:2:bin:/bin:/usr/sbin/nologin\n"
      "Root Beer\n"
      "foo(bar) a+b {x}\n")


def setup(box):
    box.fs.mkdir("/data")
    box.fs.write("/data/pw", PW.encode())
    box.fs.write("/data/w1", b"a b\nc\n")
    box.fs.write("/data/w2", b"hello world foo\n")
    box.fs.write("/data/ct", b"one\ttwo\n")
    box.fs.write("/data/bin", b"a\0b\nzzz\n")
    box.fs.mkdir("/data/d")
    box.fs.mkdir("/data/r")
    box.fs.mkdir("/data/r/s")
    box.fs.write("/data/r/a.txt", b"root here\n")
    box.fs.write("/data/r/s/b.log", b"no\nroot2\n")
    return box


def run(box, *argv, stdin=""):
    return box.run(*argv, stdin=stdin, workdir="/data")


@pytest.fixture
def gnu(debian):
    return setup(debian)


@pytest.fixture
def bb(alpine):
    return setup(alpine)


LINES = PW.splitlines(keepends=True)


@pytest.mark.parametrize("flavour", ["gnu", "bb"])
@pytest.mark.parametrize("args,expected", [
    (["-n", "root", "pw"], "1:root:x:0:0:root:/root:/bin/bash\n"),
    (["-c", "root", "pw", "w1"], "pw:1\nw1:0\n"),
    (["-i", "root beer", "pw"], "Root Beer\n"),
    (["-o", r"o\+", "pw"], "oo\noo\noo\no\no\no\no\no\no\noo\noo\n"),
    (["-on", "r[a-z]*", "pw"], "1:root\n1:root\n1:root\n2:r\n2:r\n3:r\n4:r\n5:r\n"),
    (["-ow", "root", "pw"], "root\nroot\nroot\n"),
    (["-w", "-o", "a", "pw"], "a\n"),
    (["-x", "Root Beer", "pw"], "Root Beer\n"),
    (["-l", "root", "pw", "w1"], "pw\n"),
    (["-L", "root", "pw", "w1"], "w1\n"),
    (["-m1", "-n", "o", "pw"], "1:root:x:0:0:root:/root:/bin/bash\n"),
    (["-e", "root", "-e", "bin", "pw"], "".join(LINES[:3])),
    (["-F", "a+b", "pw"], LINES[4]),
    (["a+b", "pw"], LINES[4]),
    (["foo(bar)", "pw"], LINES[4]),
    (["-E", r"foo\(bar\)", "pw"], LINES[4]),
    (["{x}", "pw"], LINES[4]),
    ([r"\(root\).*\1", "pw"], LINES[0]),
    (["-E", "bash$|^Root", "pw"], LINES[0] + LINES[3]),
    (["-E", "(ro)(ot)", "pw"], LINES[0]),
    (["[[:upper:]]", "pw"], LINES[3]),
    ([r"\<b", "pw"], LINES[0] + LINES[2] + LINES[4]),
    (["-n", "-A1", "daemon", "pw"], "2:daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
                                    "3-bin:x:2:2:bin:/bin:/usr/sbin/nologin\n"),
    (["-B1", "Root", "pw"], LINES[2] + LINES[3]),
    (["-A1", "bin", "pw", "ct", "pw"], "".join("pw:" + line for line in LINES[:3]) +
     "pw-Root Beer\n--\n" + "".join("pw:" + line for line in LINES[:3]) + "pw-Root Beer\n"),
    (["", "w1", "w2"], "w1:a b\nw1:c\nw2:hello world foo\n"),
    (["-hn", "o", "pw", "w1"], "1:root:x:0:0:root:/root:/bin/bash\n"
                               "2:daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
                               "3:bin:x:2:2:bin:/bin:/usr/sbin/nologin\n4:Root Beer\n"
                               "5:foo(bar) a+b {x}\n"),
    (["-r", "root", "r"], "r/a.txt:root here\nr/s/b.log:root2\n"),
    (["-rl", "root", "r/"], "r/a.txt\nr/s/b.log\n"),
    (["-rh", "root", "r"], "root here\nroot2\n"),
    (["-r", "root", "r/a.txt"], "root here\n"),
])
def test_grep_selects(flavour, args, expected, request):
    box = request.getfixturevalue(flavour)
    assert run(box, "grep", *args) == (0, expected, "")


@pytest.mark.parametrize("flavour", ["gnu", "bb"])
def test_grep_stdin_and_status(flavour, request):
    box = request.getfixturevalue(flavour)
    assert run(box, "grep", "-n", "root", "-", "pw", stdin="root\n") == (
        0, "(standard input):1:root\npw:1:root:x:0:0:root:/root:/bin/bash\n", "")
    assert run(box, "grep", "-H", "x", stdin="x\n") == (0, "(standard input):x\n", "")
    assert run(box, "grep", "nothing", "pw") == (1, "", "")
    assert run(box, "grep", "-v", "-c", "o", "pw") == (1, "0\n", "")  # counted nothing: 1
    assert run(box, "grep", "-E", "a+b", "pw") == (1, "", "")
    assert run(box, "grep", "-q", "root", "pw") == (0, "", "")
    assert run(box, "grep", "root", "nofile", "pw") == (
        2, "pw:root:x:0:0:root:/root:/bin/bash\n", "grep: nofile: No such file or directory\n")
    assert run(box, "grep", "-q", "root", "nofile", "pw") == (
        0, "", "grep: nofile: No such file or directory\n")
    assert run(box, "grep", "-s", "root", "nofile") == (2, "", "")


def test_grep_gnu_specifics(gnu):
    assert run(gnu, "grep", "root", "d") == (2, "", "grep: d: Is a directory\n")
    assert run(gnu, "grep", "a", "bin") == (0, "", "grep: bin: binary file matches\n")
    assert run(gnu, "grep", "-c", "z", "bin") == (0, "1\n", "")
    # With no file, -r searches "." and names files without "./".
    assert run(gnu, "grep", "-r", "root2") == (0, "r/s/b.log:root2\n", "")
    assert run(gnu, "grep", "-E", "*a", "w1") == (
        0, "a b\n", "grep: warning: * at start of expression\n")
    assert run(gnu, "grep", "-E", "a{1", "pw") == (1, "", "")
    assert run(gnu, "grep", "-P", r"\d:\d", "pw") == (0, "".join(LINES[:3]), "")


def test_grep_busybox_specifics(bb):
    assert run(bb, "grep", "root", "d") == (1, "", "")
    assert run(bb, "grep", "a", "bin") == (0, "a\0b\n", "")
    assert run(bb, "grep", "-m1", "-A2", "o", "pw") == (0, LINES[0], "")


def test_grep_regex_errors(gnu, bb):
    assert run(gnu, "grep", "-E", "(", "pw") == (2, "", "grep: Unmatched ( or \\(\n")
    assert run(gnu, "grep", "a\\{1", "pw") == (2, "", "grep: Unmatched \\{\n")
    assert run(gnu, "grep", "[[:foo:]]", "pw") == (2, "", "grep: Invalid character class name\n")
    assert run(gnu, "grep", "-E", "a{2,1}", "pw") == (2, "", "grep: Invalid content of \\{\\}\n")
    assert run(gnu, "grep", "\\1", "pw") == (2, "", "grep: Invalid back reference\n")
    # BusyBox hands the pattern to musl's regcomp and prints its regerror() text.
    assert run(bb, "grep", "-E", "(", "pw") == (2, "", "grep: bad regex '(': Missing ')'\n")
    assert run(bb, "grep", "[a", "pw") == (2, "", "grep: bad regex '[a': Missing ']'\n")
    assert run(bb, "grep", "-E", "*a", "pw") == (
        2, "", "grep: bad regex '*a': Repetition not preceded by valid expression\n")


def test_grep_usage_errors(gnu, bb):
    assert run(gnu, "grep") == (
        2, "", "Usage: grep [OPTION]... PATTERNS [FILE]...\n"
               "Try 'grep --help' for more information.\n")
    assert run(gnu, "grep", "-k", "x") == (
        2, "", "grep: invalid option -- 'k'\nUsage: grep [OPTION]... PATTERNS [FILE]...\n"
               "Try 'grep --help' for more information.\n")
    assert run(gnu, "grep", "--foo", "x") == (
        2, "", "grep: unrecognized option '--foo'\nUsage: grep [OPTION]... PATTERNS [FILE]...\n"
               "Try 'grep --help' for more information.\n")
    status, out, err = run(bb, "grep", "-k", "x")
    assert (status, out) == (2, "")
    err = re.sub(r"BusyBox v1\.37\.0 \([^)]*\)", "BusyBox v1.37.0 (DATE)", err)
    assert err.startswith("grep: unrecognized option: k\n"
                          "BusyBox v1.37.0 (DATE) multi-call binary.\n\n"
                          "Usage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | "
                          "-e PATTERN... | -f FILE... } [FILE]...\n\n"
                          "Search for PATTERN in FILEs (or stdin)\n\n"
                          "\t-H\tAdd 'filename:' prefix\n")
    assert err.endswith("\t-f FILE\tRead pattern from file\n")


def test_grep_on_the_busybox_image_speaks_glibc(busybox):
    box = setup(busybox)
    status, _, err = run(box, "grep", "-k", "x")
    assert status == 2 and err.startswith("grep: invalid option -- 'k'\nBusyBox v1.37.0 (")
    assert run(box, "grep", "-E", "(", "pw") == (
        2, "", "grep: bad regex '(': Unmatched ( or \\(\n")


def test_egrep_and_fgrep_applets(bb):
    assert run(bb, "egrep", "a+b|^Root", "pw") == (0, LINES[3], "")
    assert run(bb, "fgrep", "a+b", "pw") == (0, LINES[4], "")
