"""The shell over simulated time: a PID 1 loop, traps for `docker stop`,
background jobs and `wait`, and the guard against loops that never sleep."""

import pytest

from engine import Engine


@pytest.fixture
def engine():
    e = Engine.deterministic()
    e.pull("alpine")
    e.pull("debian")
    return e


def lines(engine, name):
    return [line.text for line in engine.logs(name)]


def test_pid1_loop_runs_over_simulated_time(engine):
    engine.run("alpine", ["sh", "-c", "while true; do echo tick; sleep 1; done"], name="loop")
    engine.sleep(2.5)
    assert lines(engine, "loop") == ["tick\n", "tick\n", "tick\n"]
    assert engine.container("loop").state.running


def test_trap_term_lets_docker_stop_end_pid1_at_once(engine):
    engine.run("alpine", ["sh", "-c", "trap 'echo bye; exit 0' TERM; echo started; "
                                      "while true; do sleep 1; done"], name="trapped")
    engine.sleep(1.5)
    start = engine.clock.now()
    engine.stop("trapped")
    state = engine.container("trapped").state
    assert (state.running, state.exit_code) == (False, 0)
    assert lines(engine, "trapped") == ["started\n", "bye\n"]
    assert engine.clock.now() == start  # no 10 s grace period: the trap ended it


def test_without_trap_pid1_ignores_term_until_the_kill(engine):
    engine.run("debian", ["bash", "-c", "while true; do sleep 1; done"], name="plain")
    start = engine.clock.now()
    engine.stop("plain")
    assert engine.container("plain").state.exit_code == 137
    assert engine.clock.now() - start == pytest.approx(10)


def test_trap_without_exit_keeps_running(engine):
    engine.run("alpine", ["sh", "-c", "trap 'echo got TERM' TERM; while true; do sleep 1; done"],
               name="keeps")
    container = engine.container("keeps")
    assert container.main_process.receives(15) is None
    assert lines(engine, "keeps") == ["got TERM\n"]
    assert container.state.running


def test_background_job_and_wait(engine):
    engine.run("alpine", ["sleep", "infinity"], name="box")
    start = engine.clock.now()
    r = engine.exec("box", ["sh", "-c", "sleep 2 & echo started; sleep 1; echo mid; wait; "
                                        "echo done $?"])
    assert (r.status, r.stdout, r.stderr) == (0, "started\nmid\ndone 0\n", "")
    assert engine.clock.now() - start == pytest.approx(2, abs=0.01)  # plus fork's 1 ms


def test_wait_for_a_pid_returns_its_status(engine):
    engine.run("alpine", ["sleep", "infinity"], name="box")
    r = engine.exec("box", ["sh", "-c", "(sleep 1; exit 3) & pid=$!; echo main; wait $pid; "
                                        "echo status=$?"])
    assert (r.status, r.stdout) == (0, "main\nstatus=3\n")


def test_background_job_is_a_process_running_its_program(engine):
    engine.run("alpine", ["sleep", "infinity"], name="box")
    r = engine.exec("box", ["sh", "-c", "sleep 30 & echo $!"], detach=False)
    pid = int(r.stdout)
    container = engine.container("box")
    engine.sleep(0.01)  # the forked child gets the CPU a moment after fork() returns
    running = {p.nspid: p.argv for p in container.processes.values() if p.alive}
    assert running[pid] == ("sleep", "30")
    engine.sleep(31)
    assert pid not in {p.nspid for p in container.processes.values() if p.alive}


def test_kill_builtin_ends_a_background_job(engine):
    engine.run("alpine", ["sleep", "infinity"], name="box")
    r = engine.exec("box", ["sh", "-c", "sleep 100 & kill $!; wait $!; echo $?"])
    assert r.stdout == "143\n"


def test_exec_replaces_the_shell(engine):
    engine.run("alpine", ["sh", "-c", "echo before; exec sleep 50"], name="execd")
    container = engine.container("execd")
    assert container.main_process.argv == ("sleep", "50")
    engine.sleep(51)
    assert not container.state.running and container.state.exit_code == 0


def test_a_loop_takes_the_cpu_time_its_steps_cost(engine):
    from engine.userland.sh.costs import COSTS
    ash = COSTS["ash"]
    engine.run("alpine", ["sleep", "infinity"], name="box")
    start = engine.clock.now()
    r = engine.exec("box", ["sh", "-c", "i=0; while [ $i -lt 1500 ]; do i=$((i+1)); done; echo $i"])
    assert r.stdout == "1500\n"
    # each pass: `[ $i -lt 1500 ]` (a command and a test), `i=$((i+1))` (a command, an
    # assignment and an arithmetic expansion) and the loop itself
    per_pass = 2 * ash.command + ash.test + ash.assign + ash.arith + ash.loop
    assert engine.clock.now() - start == pytest.approx(1500 * per_pass, rel=0.05)


def test_interactive_pid1_waits_on_open_stdin(engine):
    engine.run("alpine", ["sh"], name="interactive", stdin_open=True)
    assert engine.container("interactive").state.running
    engine.run("alpine", ["sh"], name="noinput")
    assert not engine.container("noinput").state.running
    assert engine.container("noinput").state.exit_code == 0


def test_file_written_by_a_sleeping_loop_is_visible_meanwhile(engine):
    engine.run("alpine", ["sh", "-c", "while true; do echo tick; sleep 1; done > /tmp/log"], name="writer")
    engine.sleep(2.5)
    text = engine.container("writer").fs.read("/tmp/log").decode()
    assert len(text.splitlines()) == 3


def test_endless_function_recursion_crashes_the_shell(engine):
    engine.run("alpine", ["sleep", "infinity"], name="box")
    engine.run("debian", ["sleep", "infinity"], name="deb")
    # ash and bash overflow their stack: SIGSEGV, no message of their own, no trap
    r = engine.exec("box", ["sh", "-c", "trap 'echo trap' EXIT; f(){ f; }; f"])
    assert (r.status, r.stdout, r.stderr) == (139, "", "")
    assert engine.exec("box", ["sh", "-c", "(f(){ f; }; f); echo $?"]).stdout == "139\n"
    assert engine.exec("deb", ["bash", "-c", "f(){ f; }; f"]).status == 139
    # dash stops at 1000 levels with its own message
    r = engine.exec("deb", ["sh", "-c", "f(){ f; }; f; echo not reached"])
    assert (r.status, r.stdout, r.stderr) == (
        2, "", "sh: 1: Maximum function recursion depth (1000) reached\n")


def test_deep_but_finite_recursion_works(engine):
    engine.run("alpine", ["sleep", "infinity"], name="box")
    script = "f(){ if [ $1 -lt 900 ]; then f $(($1+1)); else echo deep $1; fi; }; f 0"
    assert engine.exec("box", ["sh", "-c", script]).stdout == "deep 900\n"
    r = engine.exec("box", ["awk", "function f(n) { return f(n + 1) } BEGIN { f(0) }"])
    assert r.status == 139  # awk's endless recursion: a stack overflow too
