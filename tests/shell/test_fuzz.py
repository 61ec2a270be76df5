"""Fuzzing the line parser and the session: no input gives a traceback, a rejected
line leaves the engine exactly as it was."""

import os
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import Engine
from shell.parser import UsageError, parse_line
from shell.session import ExitShell, Session
from shell.spec import REGISTRY

SCRATCH = tempfile.mkdtemp(prefix="crsim-fuzz-")
SESSION = Session(Engine.deterministic())
SESSION.execute("pull busybox")
SESSION.execute("run -d --name web busybox sleep 100000")
SESSION.execute("create --name idle busybox")

WORDS = st.sampled_from(sorted(REGISTRY.names) + [
    "-", "--", "-d", "-it", "--name", "--name=", "-e", "A=1", "-p", "8080:80", "-f", "--rm",
    "-t", "10", "-s", "KILL", "web", "idle", "busybox", "sleep", "'", '"', "\\", "#", "{{",
    "}}", "--format", "{{.ID}}", "table", "-q", "-a", "--no-trunc", "-n", "-1", "x" * 70,
    "é", "\t", "$(x)", ";", "|", "--help", "-h", "nosuch", "sha256:", "0", "=",
    # words the classroom, distribution and compose commands take
    "up", "down", "stop", "next", "back", "1", "05", "/", "web:/etc/hostname", "-i", "-o",
    "localhost:5000/x", "--fresh", "--svg", "-f", "compose.yaml", "-p", "<", ">", "/dev/null",
])
LINES = st.one_of(
    st.lists(WORDS, min_size=1, max_size=8).map(" ".join),
    st.text(max_size=60),
)


def fingerprint(engine):
    return ([(c.id, c.name, c.state.status, c.state.exit_code, len(c.fs.upper))
             for c in engine.containers], len(engine.images), len(engine.events))


@settings(max_examples=int(os.environ.get("CRSIM_FUZZ_EXAMPLES", "400")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINES)
def test_no_line_breaks_the_shell(line):
    if line.split()[:1] in (["exit"], ["quit"]):
        line = "help " + line
    before = fingerprint(SESSION.engine)
    try:
        rejected = parse_line(line) is None
    except UsageError:
        rejected = True
    here = os.getcwd()
    os.chdir(SCRATCH)  # `> x` in a random line writes a host file: never in the checkout
    try:
        output, status = SESSION.execute(line)
    except ExitShell:
        return
    finally:
        os.chdir(here)
    assert isinstance(output, str) and isinstance(status, int)
    assert "Traceback" not in output and "internal error" not in output
    # parse_line reads the whole line as one command, while `demo ; attach` runs demo (which
    # plays a lesson in this engine) before attach fails: only a single command is judged
    single = not any(op in line for op in (";", "&", "|", "\n"))
    if rejected and single:
        assert fingerprint(SESSION.engine) == before
