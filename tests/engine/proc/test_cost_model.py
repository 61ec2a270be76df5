"""Every program's work costs simulated CPU: busy loops of any kind are processes
on a CPU (shares, cpu.max, cpu.stat, top, /proc/PID/stat), and those that run for
ever unseen are fast-forwarded without ever holding the engine."""

import pytest

from engine import Engine


@pytest.fixture
def engine():
    e = Engine.deterministic(cpus=4)
    e.pull("alpine")
    return e


def start(engine, name, argv, **options):
    engine.runtime.start(engine.create("alpine", argv, name=name, **options))


def cpu_stat(engine, name):
    text = engine.exec(name, ["cat", "/sys/fs/cgroup/cpu.stat"]).stdout
    return {key: int(value) for key, value in (line.split() for line in text.splitlines())}


def test_a_shell_busy_loop_is_throttled_by_cpu_max(engine):
    start(engine, "spin", ["sh", "-c", "while :; do :; done"], nano_cpus=500_000_000)
    engine.sleep(10)
    assert engine.stats("spin")["cpu_percent"] == pytest.approx(50)
    stat = cpu_stat(engine, "spin")
    assert stat["usage_usec"] == pytest.approx(5_000_000, rel=0.01)
    assert stat["nr_throttled"] == stat["nr_periods"] == 100
    engine.update("spin", nano_cpus=1_000_000_000)
    engine.sleep(10)
    assert engine.stats("spin")["cpu_percent"] == pytest.approx(100)
    assert cpu_stat(engine, "spin")["usage_usec"] == pytest.approx(15_000_000, rel=0.01)


@pytest.mark.parametrize("argv", [
    ["sh", "-c", "yes > /dev/null"],
    ["sh", "-c", "cat /dev/zero > /dev/null"],
    ["sh", "-c", "i=0; while :; do i=$((i+1)); done"],
    ["sh", "-c", "x=1; while [ \"$x\" = 1 ]; do x=1; done"],
    ["sh", "-c", "until false; do true; done"],
    ["sha256sum", "/dev/zero"],
    ["awk", "BEGIN { while (1) x++ }"],
    ["awk", "BEGIN { for (;;) { y = y + 2 } }"],
])
def test_endless_work_runs_for_ever_on_one_cpu(engine, argv):
    start(engine, "busy", argv)
    engine.sleep(100)
    container = engine.container("busy")
    assert container.state.running
    assert engine.stats("busy")["cpu_percent"] == pytest.approx(100)
    top = engine.top("busy")
    assert top[0][3] == "C" and top[0][6] == "TIME"
    assert int(top[1][3]) in (99, 100)  # C: CPU time over lifetime, in percent
    assert top[1][6] == "00:01:40"


def test_busy_containers_share_the_host_cpus(engine):
    for index in range(8):
        start(engine, f"b{index}", ["sh", "-c", "while true; do :; done"])
    engine.sleep(10)
    assert [round(engine.stats(f"b{i}")["cpu_percent"]) for i in range(8)] == [50] * 8


def test_proc_stat_utime_advances(engine):
    start(engine, "spin", ["sh", "-c", "while :; do :; done"])
    engine.sleep(3)
    fields = engine.exec("spin", ["cat", "/proc/1/stat"]).stdout.split()
    assert fields[:3] == ["1", "(sh)", "R"]
    assert int(fields[13]) + int(fields[14]) == 300  # utime + stime, in clock ticks
    assert len(fields) == 52


def test_a_loop_that_looks_at_the_world_is_interpreted(engine):
    # the file test reads the file system: never fast-forwarded, it sees the change
    start(engine, "box", ["sleep", "infinity"])
    engine.exec("box", ["touch", "/tmp/flag"])
    engine.exec("box", ["sh", "-c", "while [ -f /tmp/flag ]; do :; done; echo gone > /tmp/out"],
                detach=True)
    engine.exec("box", ["rm", "/tmp/flag"])
    engine.sleep(1)
    assert engine.exec("box", ["cat", "/tmp/out"]).stdout == "gone\n"


def test_a_loop_waiting_on_the_clock_ends(engine):
    start(engine, "box", ["sleep", "infinity"])
    result = engine.exec("box", ["sh", "-c",
                                 "end=$(($(date +%s) + 2)); n=0; "
                                 "while [ $(date +%s) -lt $end ]; do n=$((n+1)); done; echo ok"])
    assert result.stdout == "ok\n"


def test_output_before_an_endless_loop_is_kept(engine):
    start(engine, "talk", ["sh", "-c", "echo before; while :; do :; done"])
    start(engine, "awk1", ["awk", "BEGIN { print \"hello\"; while (1) n++ }"])
    engine.sleep(5)
    assert [line.text for line in engine.logs("talk")] == ["before\n"]
    assert [line.text for line in engine.logs("awk1")] == ["hello\n"]
    assert engine.container("talk").state.running


def test_a_busy_container_stops_with_sigkill_after_the_timeout(engine):
    start(engine, "spin", ["sh", "-c", "while :; do :; done"])
    engine.stop("spin")
    state = engine.container("spin").state
    assert (state.running, state.exit_code) == (False, 137)


def test_data_programs_take_time_at_their_rate(engine):
    from engine.userland.text.streams import HEAD_RATE
    start(engine, "box", ["sleep", "infinity"])
    before = engine.clock.now()
    engine.exec("box", ["sh", "-c", "head -c 100000000 /dev/zero > /dev/null"])
    # busybox head's rate; the shell's own few steps are negligible beside it
    assert engine.clock.now() - before == pytest.approx(1e8 / HEAD_RATE["busybox"], rel=0.05)


def test_kill_9_of_pid_1_from_inside_is_ignored(engine):
    start(engine, "box", ["sleep", "infinity"])
    assert engine.exec("box", ["kill", "-9", "1"]).status == 0
    assert engine.container("box").state.running


def test_killing_a_foreground_child_lets_its_shell_go_on(engine):
    start(engine, "box", ["sleep", "infinity"])
    engine.exec("box", ["sh", "-c", "sleep 1000; echo after $? > /tmp/x"], detach=True)
    engine.sleep(1)
    sleeper = next(p for p in engine.container("box").processes.values()
                   if p.argv == ("sleep", "1000"))
    engine.exec("box", ["kill", str(sleeper.nspid)])
    engine.sleep(1)
    assert engine.exec("box", ["cat", "/tmp/x"]).stdout == "after 143\n"


def test_a_budget_leaves_busy_programs_behind_but_not_the_clock(engine):
    start(engine, "echoer", ["sh", "-c", "while :; do echo x; done"])
    scheduler = engine.runtime.scheduler
    engine.clock.advance(1)
    scheduler.settle(engine.clock.now(), budget=0.0)  # no host time to interpret at all
    assert scheduler.accounted == engine.clock.now()
    assert engine.stats("echoer")["cpu_percent"] == pytest.approx(100)
    written = len(engine.container("echoer").logs)
    engine.clock.advance(1)
    scheduler.settle(engine.clock.now())  # without a budget: it catches up
    assert len(engine.container("echoer").logs) > written


@pytest.mark.parametrize("script, expected", [
    ("while :; do echo x; done | head -n 3", "x\nx\nx\n"),
    ("while true; do printf 'ab\\n'; done | head -c 7", "ab\nab\na"),
    ("n=0; while [ $n -lt 3 ]; do echo $n; n=$((n+1)); done", "0\n1\n2\n"),
    ("i=0; while :; do i=$((i+1)); [ $i -gt 3 ] && break; echo $i; done", "1\n2\n3\n"),
])
def test_fast_forwarded_loops_write_what_interpreting_writes(engine, script, expected):
    start(engine, "box", ["sleep", "infinity"])
    assert engine.exec("box", ["sh", "-c", script]).stdout == expected


def test_an_endless_writer_keeps_a_bounded_log(engine):
    from engine.container.logbook import KEEP_BYTES, LINE_OVERHEAD
    start(engine, "talker", ["sh", "-c", "while :; do echo x; done"])
    engine.sleep(2)
    logs = engine.container("talker").logs
    kept = list(logs)
    assert len(logs) > len(kept) > 0  # positions count every line ever written
    assert len(kept) * (2 + LINE_OVERHEAD) <= KEEP_BYTES
    assert {line.text for line in kept} == {"x\n"}
    assert engine.stats("talker")["cpu_percent"] == pytest.approx(100)


def test_reading_all_of_dev_zero_grows_until_the_oom_killer(engine):
    start(engine, "hog", ["sort", "/dev/zero"], memory=64 * 1024 * 1024)
    engine.sleep(10)
    state = engine.container("hog").state
    assert (state.running, state.exit_code, state.oom_killed) == (False, 137, True)


def test_dev_zero_as_standard_input(engine):
    start(engine, "box", ["sleep", "infinity"])
    assert engine.exec("box", ["sh", "-c", "head -c 5 < /dev/zero | wc -c"]).stdout == "5\n"
    assert engine.exec("box", ["sh", "-c", "cat < /dev/zero | head -c 3 | wc -c"]).stdout == "3\n"


def test_sigstop_and_sigcont_from_the_host(engine):
    start(engine, "spin", ["sh", "-c", "while :; do :; done"])
    engine.kill("spin", "STOP")
    engine.sleep(5)
    assert engine.container("spin").state.running
    assert engine.stats("spin")["cpu_percent"] == 0
    assert engine.exec("spin", ["cat", "/proc/1/stat"]).stdout.split()[2] == "T"
    engine.kill("spin", "CONT")
    engine.sleep(5)
    assert engine.stats("spin")["cpu_percent"] == pytest.approx(100)
    assert cpu_stat(engine, "spin")["usage_usec"] == pytest.approx(5_000_000, rel=0.01)


def test_a_stopped_child_holds_its_shell_until_sigcont(engine):
    start(engine, "box", ["sleep", "infinity"])
    engine.exec("box", ["sh", "-c", "sleep 2; echo done > /tmp/d"], detach=True)
    engine.sleep(0.5)
    sleeper = next(p for p in engine.container("box").processes.values()
                   if p.argv == ("sleep", "2"))
    engine.exec("box", ["kill", "-TSTP", str(sleeper.nspid)])
    engine.sleep(10)
    assert engine.exec("box", ["sh", "-c", "test -e /tmp/d"]).status == 1
    out = engine.exec("box", ["ps", "-o", "pid,stat,args"]).stdout
    assert f"{sleeper.nspid:>5} T    sleep 2\n" in out
    engine.exec("box", ["kill", "-CONT", str(sleeper.nspid)])
    engine.sleep(2)
    assert engine.exec("box", ["cat", "/tmp/d"]).stdout == "done\n"
    # SIGTSTP to PID 1 without a handler is dropped by the kernel; SIGCONT ends nothing
    engine.exec("box", ["kill", "-TSTP", "1"])
    engine.exec("box", ["kill", "-CONT", "1"])
    assert engine.exec("box", ["cat", "/proc/1/status"]).stdout.splitlines()[2] == \
        "State:\tS (sleeping)"
