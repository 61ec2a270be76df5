"""echo, printf, seq, yes, head, tail, wc, sort, uniq, cut, tr in real containers.

Expected texts are what GNU coreutils 9 (debian) and BusyBox 1.37 (alpine,
busybox) print; BusyBox's banner line is left out of the comparisons.
"""

import re

import pytest

S20 = "".join(f"{i}\n" for i in range(1, 21))
ST = "b 2\na 10\nc 1\nB 2\na 10\n10K x\n2M y\n"
CT = "one\ttwo\tthree\nfour\tfive\n1:2:3\n"


def setup(box):
    box.fs.mkdir("/data")
    box.fs.write("/data/w1", b"a b\nc\n")
    box.fs.write("/data/w2", b"hello world foo\n")
    box.fs.write("/data/s20", S20.encode())
    box.fs.write("/data/st", ST.encode())
    box.fs.write("/data/ct", CT.encode())
    box.fs.mkdir("/data/d")
    return box


def run(box, *argv, stdin=""):
    return box.run(*argv, stdin=stdin, workdir="/data")


def banner_free(text):
    return re.sub(r"BusyBox v1\.37\.0 \([^)]*\) multi-call binary\.", "BANNER", text)


@pytest.fixture
def gnu(debian):
    return setup(debian)


@pytest.fixture
def bb(alpine):
    return setup(alpine)


# -- echo ---------------------------------------------------------------------------------

@pytest.mark.parametrize("flavour", ["gnu", "bb"])
def test_echo_options_and_escapes(flavour, request):
    box = request.getfixturevalue(flavour)
    assert run(box, "echo", "-e", r"a\tb\101\0101\x41\x4g\c rest") == (0, "a\tbAAA\x04g", "")
    assert run(box, "echo", "-n", "x") == (0, "x", "")
    assert run(box, "echo", "-nx", "hi") == (0, "-nx hi\n", "")
    assert run(box, "echo", "--", "hi") == (0, "-- hi\n", "")
    assert run(box, "echo", "-E", "-e", r"a\nb") == (0, "a\nb\n", "")
    assert run(box, "echo", r"a\nb") == (0, "a\\nb\n", "")
    assert run(box, "echo", "-e", "\\303\\251") == (0, "\u00e9\n", "")


def test_echo_is_registered_by_its_own_module():
    from engine.proc.api import PROGRAMS
    from engine.userland.text import echo
    assert PROGRAMS["echo"] is echo.echo


# -- printf -------------------------------------------------------------------------------

def test_printf_gnu(gnu):
    assert run(gnu, "printf", r"%s-%d\n", "a", "1", "b", "2", "c") == (0, "a-1\nb-2\nc-0\n", "")
    assert run(gnu, "printf", r"%d\n", "abc", "12abc", "0x1F", "010", "'A") == (
        1, "0\n12\n31\n8\n65\n",
        "printf: 'abc': expected a numeric value\n"
        "printf: '12abc': value not completely converted\n")
    assert run(gnu, "printf", r"%5.2s|%-4d|%04x|%o|%c|%i|%X|%#x|%+d|% d\n", "abcdef", "7",
               "255", "8", "hello", "42", "255", "255", "5", "5") == (
        0, "   ab|7   |00ff|10|h|42|FF|0xff|+5| 5\n", "")
    assert run(gnu, "printf", r"%b|%s\n", r"a\nb\c", "x") == (0, "a\nb", "")
    assert run(gnu, "printf", r"%q\n", "a b'c") == (0, "\"a b'c\"\n", "")
    assert run(gnu, "printf", r"%z\n", "1") == (
        1, "", "printf: %z\\: invalid conversion specification\n")
    assert run(gnu, "printf") == (
        1, "", "printf: missing operand\nTry 'printf --help' for more information.\n")
    assert run(gnu, "printf", r"abc\n", "extra") == (
        0, "abc\n", "printf: warning: ignoring excess arguments, starting with 'extra'\n")
    assert run(gnu, "printf", r"%d\n", "99999999999999999999") == (
        1, "9223372036854775807\n",
        "printf: '99999999999999999999': Numerical result out of range\n")
    assert run(gnu, "printf", r"%*d|%.*f\n", "5", "3", "2", "3.14159") == (0, "    3|3.14\n", "")
    assert run(gnu, "printf", r"%e %g %f\n", "1.5", "0.0001", "2") == (
        0, "1.500000e+00 0.0001 2.000000\n", "")


def test_printf_busybox(bb):
    assert run(bb, "printf", r"%s-%d\n", "a", "1", "c") == (
        1, "a-1\nc-0\n", "printf: invalid number ''\n")
    assert run(bb, "printf", r"%d\n", "abc", "0x1F", "3.5") == (
        1, "0\n31\n0\n", "printf: invalid number 'abc'\nprintf: invalid number '3.5'\n")
    assert run(bb, "printf", r"%q\n", "x") == (1, "", "printf: %q\\n: invalid format\n")
    status, out, err = run(bb, "printf")
    assert (status, out) == (1, "")
    assert banner_free(err) == (
        "BANNER\n\nUsage: printf FORMAT [ARG]...\n\n"
        "Format and print ARG(s) according to FORMAT (a-la C printf)\n")


# -- seq, yes -----------------------------------------------------------------------------

@pytest.mark.parametrize("flavour", ["gnu", "bb"])
def test_seq(flavour, request):
    box = request.getfixturevalue(flavour)
    assert run(box, "seq", "3") == (0, "1\n2\n3\n", "")
    assert run(box, "seq", "1", "0.5", "2.5") == (0, "1.0\n1.5\n2.0\n2.5\n", "")
    assert run(box, "seq", "-w", "8", "10") == (0, "08\n09\n10\n", "")
    assert run(box, "seq", "-s,", "3") == (0, "1,2,3\n", "")
    assert run(box, "seq", "10", "-3", "1") == (0, "10\n7\n4\n1\n", "")
    assert run(box, "seq", "5", "1") == (0, "", "")


def test_seq_differences(gnu, bb):
    assert run(gnu, "seq", "0.1", "0.1", "0.3") == (0, "0.1\n0.2\n0.3\n", "")
    assert run(bb, "seq", "0.1", "0.1", "0.3") == (0, "0.1\n0.2\n", "")  # doubles
    assert run(gnu, "seq", "x") == (
        1, "", "seq: invalid floating point argument: 'x'\n"
               "Try 'seq --help' for more information.\n")
    assert run(gnu, "seq", "1", "0", "3") == (
        1, "", "seq: invalid Zero increment value: '0'\nTry 'seq --help' for more information.\n")
    assert run(gnu, "seq", "-w", "-5", "5")[1].startswith("-5\n-4\n")
    status, out, err = run(bb, "seq", "-w", "-5", "5")
    assert (status, out) == (1, "")
    assert err.startswith("seq: unrecognized option: 5\n")  # musl's getopt


def test_yes_stops_at_a_closed_pipe(bb):
    from engine.proc.api import Pipe, Stream
    # yes writing into a pipe whose reader has gone ends with SIGPIPE's status.
    container = bb.container
    pipe = Pipe()
    pipe.close_read()
    process = container.system.new_process(["yes", "ok"], env={}, cwd="/", stdin=Stream(),
                                           stdout=pipe, stderr=Stream())
    container.system.start(process)
    for _ in container.system.wait(process):  # run it: its first write fails
        break
    assert process.exit_code == 141
    assert pipe.value == ""


# -- head, tail ---------------------------------------------------------------------------

@pytest.mark.parametrize("flavour", ["gnu", "bb"])
def test_head_tail_common(flavour, request):
    box = request.getfixturevalue(flavour)
    assert run(box, "head", "-3", "s20") == (0, "1\n2\n3\n", "")
    assert run(box, "head", "-n", "-17", "s20") == (0, "1\n2\n3\n", "")
    assert run(box, "head", "-c", "5", "s20") == (0, "1\n2\n3", "")
    assert run(box, "head", "-n", "2", "s20", "w1") == (
        0, "==> s20 <==\n1\n2\n\n==> w1 <==\na b\nc\n", "")
    assert run(box, "tail", "-n", "+18", "s20") == (0, "18\n19\n20\n", "")
    assert run(box, "tail", "-3", "s20") == (0, "18\n19\n20\n", "")
    assert run(box, "tail", "+19", "s20") == (0, "19\n20\n", "")
    assert run(box, "tail", "-c", "3", "s20") == (0, "20\n", "")
    assert run(box, "tail", "-c", "+3", stdin="abcdef") == (0, "cdef", "")
    assert run(box, "head", "-n", "1", "-", stdin="x\ny\n") == (0, "x\n", "")


def test_head_tail_errors(gnu, bb):
    assert run(gnu, "head", "-n", "x", "s20") == (1, "", "head: invalid number of lines: 'x'\n")
    assert run(bb, "head", "-n", "x", "s20") == (1, "", "head: invalid number 'x'\n")
    assert run(gnu, "head", "-n", "1", "nofile", "s20") == (
        1, "==> s20 <==\n1\n",
        "head: cannot open 'nofile' for reading: No such file or directory\n")
    assert run(bb, "head", "-n", "1", "nofile", "s20") == (
        1, "\n==> s20 <==\n1\n", "head: nofile: No such file or directory\n")
    assert run(gnu, "tail", "-n1", "nofile", "s20") == (
        1, "==> s20 <==\n20\n",
        "tail: cannot open 'nofile' for reading: No such file or directory\n")
    assert run(bb, "tail", "-n1", "nofile", "s20") == (
        1, "20\n", "tail: can't open 'nofile': No such file or directory\n")
    assert run(bb, "tail", "nofile") == (
        1, "", "tail: can't open 'nofile': No such file or directory\ntail: no files\n")
    assert run(gnu, "head", "d") == (1, "", "head: error reading 'd': Is a directory\n")
    assert run(gnu, "tail", "d") == (1, "", "tail: error reading 'd': Is a directory\n")
    assert run(bb, "tail", "d") == (1, "", "tail: read error: Is a directory\n")
    assert run(gnu, "head", "-Z") == (
        1, "", "head: invalid option -- 'Z'\nTry 'head --help' for more information.\n")
    assert run(gnu, "head", "--foo") == (
        1, "", "head: unrecognized option '--foo'\nTry 'head --help' for more information.\n")
    assert run(gnu, "head", "-n") == (
        1, "", "head: option requires an argument -- 'n'\n"
               "Try 'head --help' for more information.\n")
    status, out, err = run(bb, "head", "-Z")
    assert status == 1 and out == ""
    assert banner_free(err).startswith(
        "head: unrecognized option: Z\nBANNER\n\nUsage: head [OPTIONS] [FILE]...\n\n"
        "Print first 10 lines of FILEs (or stdin).\n")


def test_tail_follow_waits(gnu):
    # "tail -f /dev/null" keeps a container alive: it never ends by itself.
    status, out, _ = run(gnu, "tail", "-f", "w1")
    assert status is None and out == "a b\nc\n"


# -- wc -----------------------------------------------------------------------------------

def test_wc_gnu_widths(gnu):
    assert run(gnu, "wc", "w1") == (0, "2 3 6 w1\n", "")
    assert run(gnu, "wc", "-l", "w1") == (0, "2 w1\n", "")
    assert run(gnu, "wc", "w1", "w2") == (0, " 2  3  6 w1\n 1  3 16 w2\n 3  6 22 total\n", "")
    assert run(gnu, "wc", stdin="a b\nc\n") == (0, "      2       3       6\n", "")
    assert run(gnu, "wc", "-l", stdin="a b\nc\n") == (0, "2\n", "")
    assert run(gnu, "wc", "-L", "w2") == (0, "15 w2\n", "")
    assert run(gnu, "wc", "nofile") == (1, "", "wc: nofile: No such file or directory\n")
    assert run(gnu, "wc", "d") == (1, "      0       0       0 d\n", "wc: d: Is a directory\n")


def test_wc_busybox_widths(bb):
    assert run(bb, "wc", "w1") == (0, "        2         3         6 w1\n", "")
    assert run(bb, "wc", "-l", "w1") == (0, "2 w1\n", "")
    assert run(bb, "wc", "-c", "w1", "w2") == (
        0, "        6 w1\n       16 w2\n       22 total\n", "")
    assert run(bb, "wc", stdin="a b\nc\n") == (0, "        2         3         6\n", "")


# -- sort, uniq ---------------------------------------------------------------------------

@pytest.mark.parametrize("flavour", ["gnu", "bb"])
@pytest.mark.parametrize("options,expected", [
    ([], "10K x|2M y|B 2|a 10|a 10|b 2|c 1|"),
    (["-n"], "B 2|a 10|a 10|b 2|c 1|2M y|10K x|"),
    (["-r"], "c 1|b 2|a 10|a 10|B 2|2M y|10K x|"),
    (["-u"], "10K x|2M y|B 2|a 10|b 2|c 1|"),
    (["-f"], "10K x|2M y|a 10|a 10|B 2|b 2|c 1|"),
    (["-k2"], "c 1|a 10|a 10|B 2|b 2|10K x|2M y|"),
    (["-k2n"], "10K x|2M y|c 1|B 2|b 2|a 10|a 10|"),
    (["-nr"], "10K x|2M y|c 1|b 2|a 10|a 10|B 2|"),
    (["-s", "-k2,2"], "c 1|a 10|a 10|b 2|B 2|10K x|2M y|"),
    (["-rn", "-k2"], "a 10|a 10|b 2|B 2|c 1|2M y|10K x|"),
])
def test_sort_orders(flavour, options, expected, request):
    box = request.getfixturevalue(flavour)
    status, out, err = run(box, "sort", *options, "st")
    assert (status, out.replace("\n", "|"), err) == (0, expected, "")


def test_sort_flavours(gnu, bb):
    assert run(gnu, "sort", "-h", "st")[1].endswith("10K x\n2M y\n")
    assert run(gnu, "sort", "-k2", "-u", "st")[1] == "c 1\na 10\nb 2\n10K x\n2M y\n"
    assert run(bb, "sort", "-k2", "-u", "st")[1] == "c 1\na 10\nB 2\n10K x\n2M y\n"
    assert run(gnu, "sort", "-c", stdin="b\na\n") == (1, "", "sort: -:2: disorder: a\n")
    assert run(bb, "sort", "-c", stdin="b\na\n") == (1, "", "Check line 1\n")
    assert run(gnu, "sort", "-k", "0", "st") == (
        2, "", "sort: field number is zero: invalid field specification '0'\n")
    assert run(bb, "sort", "-k", "0", "st") == (2, "", "sort: bad field specification\n")
    assert run(gnu, "sort", "-n", "-g", "st") == (2, "", "sort: options '-gn' are incompatible\n")
    assert run(gnu, "sort", "nofile") == (
        2, "", "sort: cannot read: nofile: No such file or directory\n")
    assert run(bb, "sort", "nofile") == (2, "", "sort: nofile: No such file or directory\n")
    assert run(gnu, "sort", "-t:", "-k2", "-o", "out", "st") == (0, "", "")
    assert gnu.fs.read("/data/out") == b"10K x\n2M y\nB 2\na 10\na 10\nb 2\nc 1\n"


@pytest.mark.parametrize("flavour", ["gnu", "bb"])
def test_uniq(flavour, request):
    box = request.getfixturevalue(flavour)
    assert run(box, "uniq", "-c", stdin="a\na\nb\nc\nc\nc\n") == (
        0, "      2 a\n      1 b\n      3 c\n", "")
    assert run(box, "uniq", "-i", "-c", stdin="a\nA\na\nb\n") == (0, "      3 a\n      1 b\n", "")
    assert run(box, "uniq", "-d", stdin="a\na\nb\n") == (0, "a\n", "")
    assert run(box, "uniq", "-u", stdin="a\na\nb\n") == (0, "b\n", "")
    assert run(box, "uniq", "-f1", "-c", stdin="x a\ny a\nz b\n") == (
        0, "      2 x a\n      1 z b\n", "")
    assert run(box, "uniq", "-w2", stdin="ab1\nab2\nac\n") == (0, "ab1\nac\n", "")


def test_uniq_errors(gnu, bb):
    assert run(gnu, "uniq", "a", "b", "c") == (
        1, "", "uniq: extra operand 'c'\nTry 'uniq --help' for more information.\n")
    assert run(bb, "uniq", "nofile") == (
        1, "", "uniq: can't open 'nofile': No such file or directory\n")
    assert run(gnu, "uniq", "-D", stdin="a\na\nb\n") == (0, "a\na\n", "")


# -- cut ----------------------------------------------------------------------------------

@pytest.mark.parametrize("flavour", ["gnu", "bb"])
def test_cut(flavour, request):
    box = request.getfixturevalue(flavour)
    assert run(box, "cut", "-f2", "ct") == (0, "two\nfive\n1:2:3\n", "")
    assert run(box, "cut", "-d:", "-f1,3", "ct") == (0, "one\ttwo\tthree\nfour\tfive\n1:3\n", "")
    assert run(box, "cut", "-c2-4", "ct") == (0, "ne\t\nour\n:2:\n", "")
    assert run(box, "cut", "-f2-", "ct") == (0, "two\tthree\nfive\n1:2:3\n", "")
    assert run(box, "cut", "-c-2,4-", "ct") == (0, "on\ttwo\tthree\nfor\tfive\n1::3\n", "")
    assert run(box, "cut", "-f1", "-s", "ct") == (0, "one\nfour\n", "")
    assert run(box, "cut", "-d", " ", "-f2", "w1") == (0, "b\nc\n", "")


def test_cut_errors(gnu, bb):
    tail = "Try 'cut --help' for more information.\n"
    assert run(gnu, "cut") == (
        1, "", "cut: you must specify a list of bytes, characters, or fields\n" + tail)
    assert run(gnu, "cut", "-f", "0", "ct") == (1, "", "cut: fields are numbered from 1\n" + tail)
    assert run(gnu, "cut", "-f", "x", "ct") == (1, "", "cut: invalid field value 'x'\n" + tail)
    assert run(gnu, "cut", "-d", "ab", "-f1", "ct") == (
        1, "", "cut: the delimiter must be a single character\n" + tail)
    assert run(gnu, "cut", "-f", "3-1", "ct") == (1, "", "cut: invalid decreasing range\n" + tail)
    assert run(gnu, "cut", "--complement", "-f1", "ct") == (
        0, "two\tthree\nfive\n1:2:3\n", "")
    assert run(bb, "cut") == (1, "", "cut: expected a list of bytes, characters, or fields\n")
    assert run(bb, "cut", "-f", "x", "ct") == (1, "", "cut: invalid number 'x'\n")


# -- tr -----------------------------------------------------------------------------------

@pytest.mark.parametrize("flavour", ["gnu", "bb"])
@pytest.mark.parametrize("args,stdin,expected", [
    (["a-y", "b-z"], "hello\n", "ifmmp\n"),
    (["-d", "l"], "hello\n", "heo\n"),
    (["-s", "e"], "heeello\n", "hello\n"),
    (["[:lower:]", "[:upper:]"], "hello world\n", "HELLO WORLD\n"),
    (["-cd", "[:digit:]\n"], "hello 123\n", "123\n"),
    (["abc", "x"], "abc\n", "xxx\n"),
    (["-s", "abc", "xy"], "abcabc\n", "xyxy\n"),
    (["\\t", " "], "a\tb\n", "a b\n"),
    (["-s", " ", "\\n"], "x y\n", "x\ny\n"),
    (["-c", "a", "x"], "abc\n", "axxx"),
    (["-d", "[:space:]"], "a b\tc\n", "abc"),
])
def test_tr(flavour, args, stdin, expected, request):
    box = request.getfixturevalue(flavour)
    assert run(box, "tr", *args, stdin=stdin) == (0, expected, "")


def test_tr_errors(gnu, bb):
    tail = "Try 'tr --help' for more information.\n"
    assert run(gnu, "tr") == (1, "", "tr: missing operand\n" + tail)
    assert run(gnu, "tr", "a") == (
        1, "", "tr: missing operand after 'a'\nTwo strings must be given when translating.\n"
               + tail)
    assert run(gnu, "tr", "-d", "a", "b") == (
        1, "", "tr: extra operand 'b'\nOnly one string may be given when deleting without "
               "squeezing repeats.\n" + tail)
    assert run(gnu, "tr", "z-a", "x") == (
        1, "", "tr: range-endpoints of 'z-a' are in reverse collating sequence order\n")
    assert run(gnu, "tr", "[:foo:]", "x") == (1, "", "tr: invalid character class 'foo'\n")
    assert run(gnu, "tr", "ab", "[x*]", stdin="abcd\n") == (0, "xxcd\n", "")
    assert run(bb, "tr", "ab", "[x*]", stdin="abcd\n") == (0, "[xcd\n", "")
    status, out, err = run(bb, "tr")
    assert status == 1 and banner_free(err).startswith("BANNER\n\nUsage: tr [-cds] STRING1")
