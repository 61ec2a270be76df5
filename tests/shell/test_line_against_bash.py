"""The prompt's line language side by side with bash: quoting, expansion, lists and
redirections. Each line (made of what both have: echo, true, false, export, unset,
assignments) runs in `bash -c` and at the crsim prompt; what they print, their status
and the files they write must be the same. Skipped where bash is not installed."""

import shutil
import subprocess

import pytest

from engine import Engine
from shell.session import Session

BASH = shutil.which("bash")
pytestmark = pytest.mark.skipif(BASH is None, reason="bash is not installed")

LINES = [
    # quoting and escapes
    "echo a   b", 'echo "a   b"', "echo 'a $HOME' \"b $HOME\"", "echo '' \"\" x",
    'echo a\\ b "c\\"d" \'e\\f\' "g\\$h" "i\\\\j" "k\\l"', 'echo "multi\nline"',
    "echo ~ ~/x \"~\" '~'", "echo one # a comment", "echo a;echo b", "echo a#b",
    # parameters
    "X=hello; echo ${X} ${X:-d} ${Y:-d} ${Y-d} ${X:+alt} \"${Y:+alt}\" ${#X}",
    'X="a b  c"; echo $X; echo "$X"; echo [$X]', "X=; echo ${X-set} ${X:-empty}",
    'echo "${UNSET:-$HOME}" ${UNSET:-"a  b"}', "X=1 && X=2; echo $X",
    "export A=1 B=2; echo $A$B", "A=1; unset A; echo \"[$A]\"", "echo ${Z:=zed} $Z",
    "X=' lead'; echo [$X]", "X='trail '; echo [$X]x",
    # lists and statuses
    "true && echo yes || echo no", "false && echo yes || echo no", "false; echo $?",
    "true; echo $?", "! true; echo $?", "! false; echo $?", "false || false; echo $?",
    "false", "true && false", "echo $? $?",
    # redirections
    "echo a > {d}/f; echo b >> {d}/f; echo c >| {d}/g", "echo x > {d}/h 2>&1",
    "echo err >&2 2>/dev/null; echo out", "echo both &> {d}/i", "echo y 2> {d}/j",
    "echo z 1>{d}/k", "echo q >/dev/null; echo $?",
    "echo q > {d}/no/dir; echo $?", "echo q < {d}/none || echo failed", "echo q > ''",
]


def run_bash(line, tmp_path):
    done = subprocess.run([BASH, "-c", line], capture_output=True, text=True, cwd=tmp_path,
                          env={"HOME": "/home/me", "PATH": "/usr/bin:/bin"})
    return done.stdout, done.returncode


def run_crsim(line, tmp_path):
    session = Session(Engine.deterministic(host_root=str(tmp_path)))
    session.line_shell.environ = {"HOME": "/home/me"}
    out, status = session.execute(line)
    return "".join(text for stream, text in session.last_output.parts if stream == "stdout"), status


def files(root):
    return {path.name: path.read_text() for path in sorted(root.iterdir())}


@pytest.mark.parametrize("line", LINES)
def test_same_as_bash(line, tmp_path):
    (tmp_path / "bash").mkdir()
    (tmp_path / "crsim").mkdir()
    expected = run_bash(line.replace("{d}", str(tmp_path / "bash")), tmp_path / "bash")
    actual = run_crsim(line.replace("{d}", str(tmp_path / "crsim")), tmp_path / "crsim")
    assert actual == expected
    assert files(tmp_path / "crsim") == files(tmp_path / "bash")
