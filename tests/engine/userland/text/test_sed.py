"""sed in real containers: GNU sed 4.9 (debian) and BusyBox sed (alpine)."""

import pytest

PW = ("root:x:0:0:root:/root:/bin/bash\n"
      "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
      "bin:x:2:2:bin:/bin:/usr/sbin/nologin\n")
S20 = "".join(f"{i}\n" for i in range(1, 21))


def setup(box):
    box.fs.mkdir("/data")
    box.fs.write("/data/pw", PW.encode())
    box.fs.write("/data/w1", b"a b\nc\n")
    box.fs.write("/data/w2", b"hello world foo\n")
    box.fs.write("/data/s20", S20.encode())
    box.fs.mkdir("/data/d")
    return box


def run(box, *argv, stdin=""):
    return box.run(*argv, stdin=stdin, workdir="/data")


@pytest.fixture
def gnu(debian):
    return setup(debian)


@pytest.fixture
def bb(alpine):
    return setup(alpine)


@pytest.mark.parametrize("flavour", ["gnu", "bb"])
@pytest.mark.parametrize("args,stdin,expected", [
    (["s/y/Y/"], "x\ny", "x\nY"),  # a missing last newline stays missing
    (["$a\\\nend"], "x\ny", "x\ny\nend\n"),
    (["1a hello", "w1"], "", "a b\nhello\nc\n"),
    (["1i\\  hello", "w1"], "", "  hello\na b\nc\n"),
    (["2c\\\nchanged", "w1"], "", "a b\nchanged\n"),
    (["-n", "$=", "s20"], "", "20\n"),
    (["2q", "s20"], "", "1\n2\n"),
    (["-n", "/3/,/5/p", "s20"], "", "3\n4\n5\n13\n14\n15\n"),
    (["-n", "5,+2p", "s20"], "", "5\n6\n7\n"),
    (["s/[0-9]/<&>/2"], "a1b2c3\n", "a1b<2>c3\n"),
    (["-E", r"s/(a)(b)/\2\1/g"], "abab\n", "baba\n"),
    (["s/b/\\n/"], "abc\n", "a\nc\n"),
    (["s/x*/-/g"], "abc\n", "-a-b-c-\n"),
    (["s/b*/-/g"], "abc\n", "-a-c-\n"),
    (["y/abc/xyz/"], "aabbcc\n", "xxyyzz\n"),
    (["=", "w1"], "", "1\na b\n2\nc\n"),
    (["-n", "$p", "w1", "w2"], "", "hello world foo\n"),
    (["/c/d", "w1"], "", "a b\n"),
    (["1!G;h;$!d", "w1"], "", "c\na b\n"),
    (["-e", "s/a/1/", "-e", "s/c/3/", "w1"], "", "1 b\n3\n"),
    (["-n", "/root/p", "pw"], "", PW.splitlines(True)[0]),
    (["s/:.*//", "pw"], "", "root\ndaemon\nbin\n"),
    (["2,$d", "pw"], "", PW.splitlines(True)[0]),
    (["s#/bin/bash#/bin/sh#", "pw"], "", PW.replace("/bin/bash", "/bin/sh")),
    (["-n", "/daemon/{p;=}", "pw"], "", PW.splitlines(True)[1] + "2\n"),
    ([":a;s/^\\(x*\\)o/\\1x/;ta"], "oof\n", "xxf\n"),
    (["$!N;s/\\n/ /"], "1\n2\n3\n", "1 2\n3\n"),
    (["s/./\\n/2;P;D", "w1"], "", "a\nb\nc\n"),
    (["s/a/\\&/", "w1"], "", "& b\nc\n"),
    (["s|a|\\||", "w1"], "", "| b\nc\n"),
    (["-n", "/a/,/c/{/c/!p}", "w1"], "", "a b\n"),
    (["s/a/b/;s//c/"], "aaa\n", "bca\n"),
    (["/^$/d"], "a\n\nb\n", "a\nb\n"),
    (["-n", "/a/w /dev/stdout", "w1"], "", "a b\n"),
])
def test_sed_scripts(flavour, args, stdin, expected, request):
    box = request.getfixturevalue(flavour)
    assert run(box, "sed", *args, stdin=stdin) == (0, expected, "")


def test_sed_gnu_extensions(gnu):
    assert run(gnu, "sed", "-n", "1~5p", "s20") == (0, "1\n6\n11\n16\n", "")
    assert run(gnu, "sed", "s/a/\\U&x/", stdin="abc\n") == (0, "AXbc\n", "")
    assert run(gnu, "sed", "s/[a-z]/\\u&/g", "w2") == (0, "HELLO WORLD FOO\n", "")
    assert run(gnu, "sed", "0,/b/s//X/", "w1") == (0, "a X\nc\n", "")
    assert run(gnu, "sed", "-s", "-n", "$p", "w1", "w2") == (0, "c\nhello world foo\n", "")
    assert run(gnu, "sed", "-z", "s/\\n/,/g", "w1") == (0, "a b,c,", "")
    assert run(gnu, "sed", "-n", "l", stdin="a\tb\n") == (0, "a\\tb$\n", "")
    assert run(gnu, "sed", "2q5", "s20") == (5, "1\n2\n", "")
    assert run(gnu, "sed", "2Q", "s20") == (0, "1\n", "")
    assert run(gnu, "sed", "F", "w1") == (0, "w1\na b\nw1\nc\n", "")


def test_sed_busybox_differences(bb):
    assert run(bb, "sed", "s/a/\\U&x/", stdin="abc\n") == (0, "Uaxbc\n", "")
    assert run(bb, "sed", "a\\", "w1") == (0, "a b\n\nc\n\n", "")
    assert run(bb, "sed", "2Q", "s20") == (1, "", "sed: unsupported command Q\n")


GNU_ERRORS = [
    ("k", "sed: -e expression #1, char 1: unknown command: `k'\n", 1),
    ("s/a/b", "sed: -e expression #1, char 5: unterminated `s' command\n", 1),
    ("s/a/b/x", "sed: -e expression #1, char 7: unknown option to `s'\n", 1),
    ("/x", "sed: -e expression #1, char 2: unterminated address regex\n", 1),
    ("p;p}", "sed: -e expression #1, char 4: unexpected `}'\n", 1),
    ("{p", "sed: -e expression #1, char 0: unmatched `{'\n", 1),
    ("3!!p", "sed: -e expression #1, char 3: multiple `!'s\n", 1),
    ("a", "sed: -e expression #1, char 1: expected \\ after `a', `c' or `i'\n", 1),
    ("y/ab/c/", "sed: -e expression #1, char 7: strings for `y' command are different lengths\n",
     1),
    ("b foo", "sed: can't find label for jump to `foo'\n", 4),
    ("s/\\(a\\)/\\2/", "sed: -e expression #1, char 11: invalid reference \\2 on `s' command's "
                       "RHS\n", 1),
    ("0p", "sed: -e expression #1, char 2: invalid usage of line address 0\n", 1),
    (": ", "sed: -e expression #1, char 2: \":\" lacks a label\n", 1),
    ("p x", "sed: -e expression #1, char 3: extra characters after command\n", 1),
    ("1,2,3p", "sed: -e expression #1, char 4: unknown command: `,'\n", 1),
    ("s/a/b/gg", "sed: -e expression #1, char 8: multiple `g' options to `s' command\n", 1),
    ("/\\(/p", "sed: -e expression #1, char 4: Unmatched ( or \\(\n", 1),
]


@pytest.mark.parametrize("script,message,status", GNU_ERRORS)
def test_sed_gnu_script_errors(gnu, script, message, status):
    assert run(gnu, "sed", "-n", script, "w1") == (status, "", message)


@pytest.mark.parametrize("script,message", [
    ("k", "sed: unsupported command k\n"),
    ("s/a/b", "sed: unmatched '/'\n"),
    ("s/a/b/x", "sed: bad option in substitution expression\n"),
    ("/x", "sed: unmatched '/'\n"),
    ("b foo", "sed: can't find label for jump to 'foo'\n"),
    ("1,2,3p", "sed: unsupported command ,\n"),
])
def test_sed_busybox_script_errors(bb, script, message):
    assert run(bb, "sed", "-n", script, "w1") == (1, "", message)


def test_sed_second_expression_is_named(gnu):
    assert run(gnu, "sed", "-e", "s/a/1/", "-e", "k", "w1") == (
        1, "", "sed: -e expression #2, char 1: unknown command: `k'\n")


def test_sed_file_errors(gnu, bb):
    assert run(gnu, "sed", "p", "nofile", "w1") == (
        2, "a b\na b\nc\nc\n", "sed: can't read nofile: No such file or directory\n")
    assert run(bb, "sed", "p", "nofile", "w1") == (
        1, "a b\na b\nc\nc\n", "sed: nofile: No such file or directory\n")
    assert run(gnu, "sed", "p", "d") == (4, "", "sed: read error on d: Is a directory\n")
    status, _, err = run(gnu, "sed")
    assert status == 1 and err.startswith(
        "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n\n"
        "  -n, --quiet, --silent\n")


@pytest.mark.parametrize("flavour", ["gnu", "bb"])
def test_sed_in_place_writes_through_the_union_fs(flavour, request):
    box = request.getfixturevalue(flavour)
    assert run(box, "sed", "-i", "s/a/X/", "w1") == (0, "", "")
    assert box.fs.read("/data/w1") == b"X b\nc\n"
    assert run(box, "sed", "-i.bak", "s/root/ROOT/g", "pw") == (0, "", "")
    assert box.fs.read("/data/pw").startswith(b"ROOT:x:0:0:ROOT:/ROOT:")
    assert box.fs.read("/data/pw.bak") == PW.encode()
    # In-place editing of a file from the image copies it up into the container's layer.
    assert run(box, "sed", "-i", "s/^root:/admin:/", "/etc/passwd") == (0, "", "")
    assert box.fs.read("/etc/passwd").startswith(b"admin:x:0:0:")
    assert "/etc/passwd" in box.fs.upper


def test_sed_in_place_errors(gnu, bb):
    assert run(gnu, "sed", "-i", "s/a/X/", "w1", "nofile") == (
        2, "", "sed: can't read nofile: No such file or directory\n")
    assert gnu.fs.read("/data/w1") == b"X b\nc\n"
    assert run(gnu, "sed", "-i", "p", "d") == (4, "", "sed: couldn't edit d: not a regular file\n")
    assert run(bb, "sed", "-i", "s/a/X/", "nofile") == (
        1, "", "sed: nofile: No such file or directory\n")
