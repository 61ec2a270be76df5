"""Which command of a `sh -c` string the shell execs in place of itself (its PID), which it
forks: told by the program's own /proc/self/stat, compared with real BusyBox ash, bash
and dash (engine/userland/sh/tail_exec.py)."""

import subprocess

import pytest

from tests import references
from tests.engine.userland.conftest import Box
from tests.engine.userland.sh.test_shells_against_real import SHELLS

STAT = "cat /proc/self/stat"
CASES = [STAT, f"true; {STAT}", f"true\n{STAT}\n# the end\n", f"{STAT}; true", f"true && {STAT}",
         # where the text ends: ash execs only when it ends on the command's own line,
         # bash when nothing follows that line
         f"{STAT}\n", f"{STAT}\n\n", f"{STAT} # c", f"{STAT} # c\n", f"{STAT};", f"{STAT};\n",
         f"{STAT} \\\n", f"\n{STAT}", f"true\n{STAT}\n",
         f"false || {STAT}", f"{STAT} && true", f"x=1 {STAT}", f"set -e; {STAT}", f"{STAT} 2>/dev/null",
         f"if true; then {STAT}; fi", f"case a in a) {STAT};; esac", f"{{ {STAT}; }}",
         f"while false; do :; done; {STAT}", f"for i in 1; do {STAT}; done", f"! {STAT}",
         f"f() {{ {STAT}; }}; f", f"eval '{STAT}'", f"{STAT} | cat", f"exec {STAT}",
         f"trap 'echo t >&2' EXIT; {STAT}", f"trap 'echo t >&2' INT; {STAT}",
         f"trap '' INT; {STAT}", f"trap 'echo' EXIT; trap - EXIT; {STAT}"]


def _how(stat_line: str, shell_pid: int) -> str:
    fields = stat_line.split()
    pid, ppid = int(fields[0]), int(fields[3])
    return "exec" if pid == shell_pid else "fork" if ppid == shell_pid else f"other: {stat_line}"


@pytest.fixture(scope="module")
def boxes():
    made = {}
    return lambda image: made.setdefault(image, Box(image))


@pytest.mark.parametrize("reference", list(SHELLS))
@pytest.mark.parametrize("case", CASES)
def test_the_last_command_is_execd_where_the_real_shell_execs_it(boxes, reference, case):
    find, argv, image, name = SHELLS[reference]
    program = find()
    if program is None:
        pytest.skip(references.MISSING if reference == "busybox" else f"{reference} is not installed")
    real = subprocess.Popen(argv + ["-c", case], executable=program, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    out, _ = real.communicate(timeout=10)
    ours = boxes(image).engine.exec("box", [name, "-c", case])
    assert _how(ours.stdout, ours.process.nspid) == _how(out, real.pid)


def test_a_container_whose_command_ends_in_a_program_has_that_program_as_pid_1():
    box = Box("alpine")
    box.engine.run("alpine", ["sh", "-c", "echo hi > /tmp/x; sleep 600"], name="napper")
    top = box.engine.top("napper")
    assert [row[-1] for row in top[1:]] == ["sleep 600"]
    # and Ctrl-C's SIGINT reaches ping itself, which says its statistics and ends
    box.engine.run("alpine", ["sh", "-c", "ping -c 100 127.0.0.1"], name="pinger")
    box.engine.sleep(2.5)
    box.engine.kill("pinger", "SIGINT")
    box.engine.sleep(0.1)
    pinger = box.engine.container("pinger")
    assert not pinger.state.running and pinger.state.exit_code == 0
    assert "packets transmitted" in "".join(line.text for line in box.engine.logs("pinger"))


def test_a_background_job_has_execd_by_the_time_the_next_command_runs():
    """Every fork takes the same time to the child's first instruction (FORK_COST), the
    foreground command's too: the job forked first has exec'd when `ps` looks."""
    box = Box("alpine")
    shown = box.engine.exec("box", ["sh", "-c", "sleep 5 & ps -o pid,args; true"]).stdout
    assert shown.splitlines()[1:] == ["    1 sleep infinity", "    2 sh -c sleep 5 & ps -o pid,args; true",
                                      "    3 sleep 5", "    4 ps -o pid,args"]
