"""awk in real containers: mawk (debian's awk) and BusyBox awk (alpine)."""

import pytest

PW = ("root:x:0:0:root:/root:/bin/bash\n"
      "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
      "bin:x:2:2:bin:/bin:/usr/sbin/nologin\n")


def setup(box):
    box.fs.mkdir("/data")
    box.fs.write("/data/pw", PW.encode())
    box.fs.write("/data/w1", b"a b\nc\n")
    box.fs.write("/data/w2", b"hello world foo\n")
    box.fs.write("/data/s20", "".join(f"{i}\n" for i in range(1, 21)).encode())
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
    (['BEGIN{print substr("hello",2,3), length("abc"), index("abc","c")}'], "", "ell 3 3\n"),
    (['BEGIN{printf "%d %s %5.2f|%c|%c\\n", "12abc", 3.0, 3.14159, 65, "hello"}'], "",
     "12 3  3.14|A|h\n"),
    (['BEGIN{n=split("a:b:c",arr,":"); print n, arr[1], arr[3]}'], "", "3 a c\n"),
    (['BEGIN{s="hello world"; gsub(/o/,"0",s); print s; sub(/l+/,"[&]",s); print s}'], "",
     "hell0 w0rld\nhe[ll]0 w0rld\n"),
    (['BEGIN{print match("foobar", /ob/), RSTART, RLENGTH}'], "", "3 3 2\n"),
    (['BEGIN{print 1==1.0, "a"<"b", 2<10, "2"<"10"}'], "", "1 1 1 0\n"),
    (['BEGIN{print -3%2, 7%3, int(-3.7), int("4x")}'], "", "-1 1 -3 4\n"),
    (['BEGIN{x; print x+0, x "", length(x)}'], "", "0  0\n"),
    (['BEGIN{OFS="-"; $0="a b c"; $1=$1; print; print NF}'], "", "a-b-c\n3\n"),
    (['BEGIN{$0="a b c"; NF=2; print}'], "", "a b\n"),
    (["-F:", "{print $1}", "pw"], "", "root\ndaemon\nbin\n"),
    (['{print NR": "$0}', "w1", "w2"], "", "1: a b\n2: c\n3: hello world foo\n"),
    (["END{print NR, FILENAME}", "w1", "w2"], "", "3 w2\n"),
    (['{$3="c"; print; print NF}'], "a b\n", "a b c\n3\n"),
    (['{print $1, NF; $1=$1; print "[" $0 "]"}'], "  a   b  \n", "a 2\n[a b]\n"),
    (["-v", "x=5", "BEGIN{print x+1}"], "", "6\n"),
    (["{print x}", "x=1", "w1", "x=2", "w2"], "", "1\n1\n2\n"),
    (["-F,", "{print $2}"], "a,b\n", "b\n"),
    (["-F", "\\t", "{print $2}"], "a\tb c\n", "b c\n"),
    (["-F", "[0-9]+", "{print $3, NF}"], "a1b22c\n", "c 3\n"),
    (["-F:", "$3 > 0 {print $1}", "pw"], "", "daemon\nbin\n"),
    (["-F:", "{sum += $3} END {print sum}", "pw"], "", "3\n"),
    (["-F:", "NR==2, NR==3 {print NR}", "pw"], "", "2\n3\n"),
    (["!seen[$0]++"], "a\nb\na\nc\nb\n", "a\nb\nc\n"),
    (['{ for (i=NF; i>0; i--) printf "%s%s", $i, (i>1 ? OFS : ORS) }', "w2"], "",
     "foo world hello\n"),
    (["BEGIN { while (i < 3) { print i; i++ } }"], "", "\n1\n2\n"),
    (["function f(a, b) { return a * b } BEGIN { print f(3, 4) }"], "", "12\n"),
    (['function fill(arr) { arr["k"] = 1 } BEGIN { fill(x); print x["k"] }'], "", "1\n"),
    (['{ print ($1 < 10) }'], "9\n10\nabc\n", "1\n0\n0\n"),
    (['BEGIN { a["x"]; if ("x" in a) print "yes"; delete a["x"]; if (!("x" in a)) '
      'print "gone" }'], "", "yes\ngone\n"),
    (['BEGIN{RS=""}{print NR": "$1}'], "a b\nc\n\nd e\n", "1: a\n2: d\n"),
    (['BEGIN { while ((getline line < "s20") > 0) n++; print n }'], "", "20\n"),
    (["BEGIN { printf \"%c\", \"\" }"], "", "\0"),
    (["-F", "", "{print $2}"], "abc\n", "b\n"),
    (['BEGIN { print length("h\u00e9llo") }'], "", "6\n"),  # bytes, not characters
    (["/root/"], "", ""),
    (["NF"], "a\n\nb\n", "a\nb\n"),
])
def test_awk_programs(flavour, args, stdin, expected, request):
    box = request.getfixturevalue(flavour)
    if args == ["/root/"]:
        args, expected = ["/root/", "pw"], PW.splitlines(True)[0]
    assert run(box, "awk", *args, stdin=stdin) == (0, expected, "")


def test_awk_number_output(gnu, bb):
    program = "BEGIN{print 1/3, 100000*100000, 1e6, 0.1+0.2, -0}"
    assert run(gnu, "awk", program) == (0, "0.333333 1e+10 1000000 0.3 0\n", "")
    assert run(bb, "awk", program) == (0, "0.333333 10000000000 1000000 0.3 0\n", "")
    assert run(bb, "awk", "BEGIN{print 012, \"0x1A\"+0}") == (0, "10 26\n", "")
    assert run(gnu, "awk", "BEGIN{print 012, \"0x1A\"+0}") == (0, "12 0\n", "")


def test_awk_array_order(gnu, bb):
    program = 'BEGIN{w["x"];w[1];w["y"];w[2]; for (k in w) printf "%s ",k; print ""}'
    assert run(bb, "awk", program) == (0, "1 2 x y \n", "")  # BusyBox's hash order
    status, out, _ = run(gnu, "awk", program)
    assert status == 0 and sorted(out.split()) == ["1", "2", "x", "y"]


def test_awk_syntax_errors(gnu, bb):
    assert run(gnu, "awk", "BEGIN{print 1") == (2, "", "awk: line 2: missing } near end of file\n")
    assert run(gnu, "awk", "BEGIN { if }") == (2, "", "awk: line 1: syntax error at or near }\n")
    assert run(bb, "awk", "BEGIN{print 1") == (1, "", "awk: cmd. line:1: Unexpected token\n")
    assert run(gnu, "awk", "BEGIN { print 2**3 }") == (
        2, "", "awk: line 1: syntax error at or near *\n")


def test_awk_runtime_errors(gnu, bb):
    assert run(gnu, "awk", "1", "nofile") == (
        2, "", "awk: cannot open nofile (No such file or directory)\n")
    assert run(bb, "awk", "1", "nofile") == (1, "", "awk: nofile: No such file or directory\n")
    assert run(gnu, "awk", 'BEGIN{printf "%s\\n"}') == (
        2, "", 'awk: run time error: not enough arguments passed to printf("%s\n")\n'
               '\tFILENAME="" FNR=0 NR=0\n')
    assert run(bb, "awk", 'BEGIN{printf "%s\\n"}') == (0, "\n", "")
    assert run(gnu, "awk", "BEGIN{x=1/0; print x}") == (0, "inf\n", "")
    assert run(bb, "awk", "BEGIN{x=1/0}") == (1, "", "awk: cmd. line:1: Division by zero\n")


def test_awk_output_to_files(bb):
    program = ('{ print > "/data/out.txt" } END { close("/data/out.txt"); '
               'while ((getline l < "/data/out.txt") > 0) print "got", l }')
    assert run(bb, "awk", program, "w1") == (0, "got a b\ngot c\n", "")
    assert bb.fs.read("/data/out.txt") == b"a b\nc\n"


def test_awk_usage(gnu, bb):
    status, _, err = run(gnu, "awk")
    assert status == 0 and err.startswith("Usage: mawk [Options] [Program] [file ...]\n")
    assert '    -W posix_space   do not consider "\\n" a space.\n' in err
    assert run(gnu, "awk", 'BEGIN { exit 3 } END { print "end" }') == (3, "end\n", "")
    status, _, err = run(bb, "awk")
    assert status == 1 and "Usage: awk [OPTIONS] [AWK_PROGRAM] [FILE]...\n" in err
