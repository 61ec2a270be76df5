"""bc in the alpine image and real BusyBox 1.37's bc, byte for byte with the exit status, on
what a course computes: scale, the operators' scales, bases, statements and functions, errors."""

import subprocess

import pytest

from tests import references
from tests.engine.userland.conftest import Box

BUSYBOX = references.busybox()
PROGRAMS = [
    "3+4", "scale=2; 10/3", "10/3", "-5/2", "0.5*3", "x=5; x*2", "sqrt(2)", "scale=3; sqrt(2)",
    "2^100", "2^300", "5 % 3", "scale=2; 5 % 3", "1.50+1", "3 > 2", ".5+.25", "-0.5", "0.00",
    "1.50*1", "x", "2^-1", "scale=5; 2^-1", "-2^2", "x++;x;++x", "7/-2", "scale=2;-7/2",
    "1==1;1!=1;!0;1&&0;0||2", "x=3;x+=2;x;x^=2;x", "scale=1; 1.25*1.25", "scale=10; 1.25*1.25",
    "3.000/1", "sqrt(16)", "scale=20; 1/3", "1/3*3", "0.1+0.2", "00012.3400", "1 - 1.00",
    "length(123.45)", "length(0.001)", "scale(1.234)", "2^3^2", "(-3)%2", "4%-3",
    # bases
    "obase=16; 255", "obase=16; -255", "obase=2; 10", "ibase=2; 101", "ibase=16; FF",
    "obase=16; 3.5", "scale=3; obase=2; 0.5",
    # statements, strings, functions, arrays, comments, quit
    'print "hi\\n"', 'print "a", 1+1, "\\n"', '"str"', "if (0) 1 else 2", "if (1) {\n1\n2\n}",
    "x=1\nwhile (x<4) {\nx\nx+=1\n}", "for (i = 1; i <= 3; i++) {\n  i * i\n}",
    "for (i=0; i<10; i++) { if (i==3) break; print i, \" \" }",
    "define f(n) { if (n<2) return 1; return n*f(n-1) }; f(20)",
    "define g(x) { auto y; y = x*x; return y }; g(4); y", "x[1]=5; x[1]*2; x[0]",
    "scale=2\n1/3\nscale\nlast", "/* c */ 1 # x", 'print "a#b/*c*/\\n"', "/* x\ny */ 3", "1+\\\n2", "1\nquit\n2",
    # errors end bc with status 1, after what came before
    "1/0", "10%0", "1\n2 +* 3\n4", "1e3", "2^0.5", "sqrt(-1)", "foo(1)", "x = 1 +",
]


@pytest.fixture(scope="module")
def alpine():
    return Box("alpine")


@pytest.mark.skipif(BUSYBOX is None, reason=references.MISSING)
@pytest.mark.parametrize("text", PROGRAMS)
def test_bc_as_busybox(alpine, text):
    real = subprocess.run([BUSYBOX, "bc"], input=text + "\n", capture_output=True, text=True, timeout=10)
    assert alpine.run("bc", stdin=text + "\n") == (real.returncode, real.stdout, real.stderr)


def test_bc_math_library_is_said_to_be_missing(alpine):
    assert alpine.run("bc", "-l", stdin="s(1)\n") == (
        1, "", "bc: the math library (-l) is not simulated by crsim yet\n")
