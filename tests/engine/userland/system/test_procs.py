"""nproc, pgrep/pkill/killall, timeout and nohup on the simulated processes."""

from engine import Engine


def alpine_with_sleepers():
    engine = Engine.deterministic()
    engine.pull("alpine")
    engine.run("alpine", ["sh", "-c", "sleep 1000 & sleep 2000 & exec sleep 3000"], name="box")
    engine.sleep(1)  # (the children's fork and exec take a moment)
    return engine


def test_nproc_counts_the_hosts_cpus():
    engine = alpine_with_sleepers()
    cpus = engine.runtime.host_cpus
    assert engine.exec("box", ["nproc"]).stdout == f"{cpus}\n"
    assert engine.exec("box", ["nproc", "--ignore=1"]).stdout == f"{cpus - 1}\n"
    assert engine.exec("box", ["nproc", "--ignore=99"]).stdout == "1\n"


def test_pgrep_pkill_and_killall():
    engine = alpine_with_sleepers()
    assert engine.exec("box", ["pgrep", "sleep"]).stdout == "1\n2\n3\n"
    assert engine.exec("box", ["pgrep", "-f", "sleep 2000"]).stdout == "3\n"
    assert engine.exec("box", ["pgrep", "-l", "-n", "sleep"]).stdout == "3 sleep\n"
    assert engine.exec("box", ["pgrep", "nginx"]).status == 1
    assert engine.exec("box", ["pkill", "-f", "sleep 1000"]).status == 0
    assert engine.exec("box", ["pgrep", "sleep"]).stdout == "1\n3\n"
    result = engine.exec("box", ["killall", "nginx"])
    assert (result.status, result.stderr) == (1, "killall: nginx: no process killed\n")
    assert engine.exec("box", ["killall", "-9", "sleep"]).status == 0
    assert engine.exec("box", ["pgrep", "sleep"]).stdout == "1\n"  # PID 1 is protected


def test_timeout_signals_its_command_on_time():
    engine = alpine_with_sleepers()
    start = engine.clock.now()
    assert engine.exec("box", ["sh", "-c", "timeout 2 sleep 10; echo $?"]).stdout == "143\n"
    assert 2 <= engine.clock.now() - start < 2.01
    assert engine.exec("box", ["timeout", "5", "true"]).status == 0


def test_nohup_on_a_terminal_appends_to_nohup_out():
    engine = alpine_with_sleepers()
    result = engine.exec("box", ["nohup", "echo", "hi"], tty=True, workdir="/tmp")
    assert (result.status, result.stderr) == (0, "nohup: appending output to nohup.out\n")
    assert engine.container("box").fs.read("/tmp/nohup.out") == b"hi\n"
