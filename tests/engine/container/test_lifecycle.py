"""The container state machine: legal and illegal moves, PID 1 rules, exit codes, texts."""

import pytest

from engine import Conflict, ExecError, InvalidParameter, NoSuchContainer, NoSuchImage


def actions(engine, cid):
    return [(e.action, e.attributes.get("signal") or e.attributes.get("exitCode"))
            for e in engine.events if e.actor == cid]


def test_one_character_names_are_invalid_as_in_docker(engine):
    with pytest.raises(InvalidParameter):
        engine.create("tiny", name="k")


def test_create_registers_a_created_container(engine):
    c = engine.create("tiny", ["sleep", "5"], name="web")
    assert c.state.status == "created"
    assert c.state.describe(engine.clock.now()) == "Created"
    assert len(c.id) == 64 and c.config.hostname == c.id[:12]
    assert (c.path, c.args) == ("sleep", ("5",))
    assert engine.list() == [] and engine.list(all=True) == [c]


def test_generated_names_are_adjective_surname(engine):
    c = engine.create("tiny")
    adjective, surname = c.name.split("_")
    assert adjective.isalpha() and surname.isalpha()
    assert c.args == () and c.path == "sh"  # the image's Cmd


def test_failed_creates_register_nothing(engine):
    engine.create("tiny", name="web")
    with pytest.raises(Conflict) as info:
        engine.create("tiny", name="web")
    assert str(info.value) == (
        f'Conflict. The container name "/web" is already in use by container '
        f'"{engine.container("web").id}". You have to remove (or rename) that container '
        f'to be able to reuse that name.')
    with pytest.raises(NoSuchImage) as info:
        engine.create("nothere")
    assert str(info.value) == "No such image: nothere:latest"
    with pytest.raises(InvalidParameter) as info:
        engine.create("tiny", name="bad name!")
    assert str(info.value) == ("Invalid container name (bad name!), only "
                               "[a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")
    with pytest.raises(InvalidParameter):
        engine.create("tiny", restart="sometimes")
    assert len(engine.containers) == 1
    assert [e.action for e in engine.events] == ["create"]


def test_lookup_by_id_prefix_and_name(engine):
    c = engine.create("tiny", name="web")
    assert engine.container(c.id) is c
    assert engine.container(c.id[:12]) is c
    assert engine.container("/web") is c
    with pytest.raises(NoSuchContainer) as info:
        engine.container("nope")
    assert str(info.value) == "No such container: nope"


def test_ambiguous_prefix_is_an_error(engine):
    ids = [engine.create("tiny").id for _ in range(40)]
    shared = next(a[0] for a in ids if sum(i.startswith(a[0]) for i in ids) > 1)
    with pytest.raises(InvalidParameter) as info:
        engine.container(shared)
    assert str(info.value) == f"multiple IDs found with provided prefix: {shared}"


def test_start_runs_pid1_and_sleep_exits_on_time(engine):
    c = engine.run("tiny", ["sleep", "5"])
    assert c.state.status == "running" and c.state.pid > 1
    assert c.main_process.nspid == 1
    task = [e for e in engine.events.everything() if e.type == "task"][0]  # containerd's step
    assert task.action == "create" and not task.reported and task not in list(engine.events)
    assert f"clone(CLONE_NEWPID|CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWNET|CLONE_NEWIPC|CLONE_NEWCGROUP) = {c.state.pid}" in task.linux
    assert task.linux[0].startswith("mount -t overlay overlay -o lowerdir=")
    start = [e for e in engine.events if e.action == "start"][0]
    assert start.linux == ('execve("/bin/sleep", ["sleep", "5"])',)
    engine.sleep(3)
    assert c.state.describe(engine.clock.now()) == "Up 3 seconds"
    engine.sleep(4)
    assert c.state.status == "exited" and c.state.exit_code == 0
    assert c.state.finished_at == c.state.started_at + 5
    assert c.state.describe(engine.clock.now()) == "Exited (0) 2 seconds ago"


def test_stop_of_pid1_ignoring_sigterm_takes_the_timeout_and_ends_137(engine):
    c = engine.run("tiny", ["sleep", "infinity"])
    before = engine.clock.now()
    engine.stop(c.id)
    assert engine.clock.now() - before == 10
    assert (c.state.status, c.state.exit_code) == ("exited", 137)
    assert actions(engine, c.id)[-4:] == [("kill", "15"), ("kill", "9"), ("die", "137"), ("stop", None)]


def test_stop_with_timeout_and_a_process_ending_first(engine):
    c = engine.run("tiny", ["sleep", "2"])
    engine.stop(c.id, timeout=30)
    assert c.state.exit_code == 0 and c.state.finished_at == c.state.started_at + 2
    d = engine.run("tiny", ["sleep", "100"])
    engine.stop(d.id, timeout=3)
    assert d.state.exit_code == 137 and d.state.finished_at - d.state.started_at == 3


def test_a_program_with_a_handler_stops_at_once(engine):
    c = engine.run("tiny", ["nginx", "-g", "daemon off;"], stop_signal="SIGQUIT")
    before = engine.clock.now()
    engine.stop(c.id)
    assert engine.clock.now() == before
    assert c.state.exit_code == 0
    assert actions(engine, c.id)[-3:] == [("kill", "3"), ("die", "0"), ("stop", None)]


def test_kill_semantics(engine):
    c = engine.run("tiny", ["sleep", "infinity"], name="killme")
    engine.kill("killme", "TERM")  # PID 1 without a handler: the kernel drops it
    assert c.state.running
    engine.kill("killme")
    assert c.state.exit_code == 137 and not c.state.running
    with pytest.raises(Conflict) as info:
        engine.kill("killme")
    assert str(info.value) == f"Cannot kill container: killme: Container {c.id} is not running"
    other = engine.run("tiny", ["sleep", "9"])
    with pytest.raises(InvalidParameter) as info:
        engine.kill(other.id, "SIGNOPE")
    assert str(info.value) == "Invalid signal: SIGNOPE"
    assert other.state.running


def test_pause_and_unpause(engine):
    c = engine.run("tiny", ["sleep", "infinity"], name="pauser")
    engine.sleep(120)
    engine.pause("pauser")
    assert c.state.status == "paused"
    assert c.state.describe(engine.clock.now()) == "Up 2 minutes (Paused)"
    with pytest.raises(Conflict) as info:
        engine.pause("pauser")
    assert str(info.value) == f"Container {c.id} is already paused"
    with pytest.raises(Conflict) as info:
        engine.start("pauser")
    assert str(info.value) == "cannot start a paused container, try unpause instead"
    with pytest.raises(Conflict) as info:
        engine.remove("pauser")
    assert "paused" in str(info.value)
    engine.unpause("pauser")
    assert c.state.status == "running"
    with pytest.raises(Conflict) as info:
        engine.unpause("pauser")
    assert str(info.value) == f"Container {c.id} is not paused"


def test_pause_of_a_stopped_container_fails(engine):
    c = engine.create("tiny", name="still")
    with pytest.raises(Conflict) as info:
        engine.pause("still")
    assert str(info.value) == f"Container {c.id} is not running"
    assert c.state.status == "created"


def test_paused_sleep_does_not_finish(engine):
    c = engine.run("tiny", ["sleep", "5"])
    engine.pause(c.id)
    engine.sleep(10)
    assert c.state.status == "paused"


def test_remove_running_needs_force(engine):
    c = engine.run("tiny", ["sleep", "infinity"], name="runner")
    with pytest.raises(Conflict) as info:
        engine.remove("runner")
    assert str(info.value) == ('cannot remove container "/runner": container is running: stop the '
                               'container before removing or force remove')
    assert engine.container("runner") is c
    engine.remove("runner", force=True)
    assert len(engine.containers) == 0
    assert actions(engine, c.id)[-3:] == [("kill", "9"), ("die", "137"), ("destroy", None)]
    with pytest.raises(NoSuchContainer):
        engine.container("runner")


def test_restart_and_start_again(engine):
    c = engine.run("tiny", ["sleep", "infinity"])
    first_pid = c.state.pid
    engine.restart(c.id, timeout=1)
    assert c.state.running and c.state.pid != first_pid
    engine.kill(c.id)
    engine.start(c.id)
    assert c.state.running and c.state.exit_code == 0


def test_exit_code_127_for_a_missing_program(engine):
    with pytest.raises(ExecError) as info:
        engine.run("tiny", ["nosuch"], name="broken")
    assert info.value.exit_code == 127
    assert str(info.value).endswith(
        'unable to start container process: error during container init: exec: "nosuch": '
        'executable file not found in $PATH: unknown')
    c = engine.container("broken")  # Docker keeps the created container
    assert (c.state.status, c.state.exit_code) == ("created", 127)
    assert c.state.error == str(info.value)


def test_exit_code_126_for_a_file_that_cannot_run(engine):
    with pytest.raises(ExecError) as info:
        engine.run("tiny", ["/notexec"])
    assert info.value.exit_code == 126
    assert 'exec: "/notexec": permission denied' in str(info.value)
    with pytest.raises(ExecError) as info:
        engine.run("tiny", ["/missing"])
    assert info.value.exit_code == 127
    assert 'exec: "/missing": stat /missing: no such file or directory' in str(info.value)


def test_deleting_the_binary_makes_it_not_found(engine):
    c = engine.create("tiny", ["sleep", "1"])
    c.fs.unlink("/bin/sleep")
    with pytest.raises(ExecError):
        engine.start(c.id)


def test_program_output_goes_to_the_log_and_exit_is_immediate(engine):
    c = engine.run("tiny", ["echo", "hello", "world"])
    assert c.state.exit_code == 0 and c.state.status == "exited"
    assert [line.text for line in engine.logs(c.id)] == ["hello world\n"]
    f = engine.run("tiny", ["false"])
    assert f.state.exit_code == 1


def test_shell_without_stdin_exits_and_with_stdin_waits(engine):
    assert engine.run("tiny").state.status == "exited"
    assert engine.run("tiny", stdin_open=True, tty=True).state.status == "running"


def test_rename(engine):
    c = engine.create("tiny", name="old")
    engine.create("tiny", name="taken")
    with pytest.raises(Conflict):
        engine.rename("old", "taken")
    engine.rename("old", "new")
    assert engine.container("new") is c and c.name == "new"
    with pytest.raises(NoSuchContainer):
        engine.container("old")


def test_diff_through_the_engine(engine):
    c = engine.create("tiny")
    c.fs.write("/etc/motd", b"hi\n")
    c.fs.unlink("/bin/echo")
    assert engine.diff(c.id) == [("C", "/bin"), ("D", "/bin/echo"), ("C", "/etc"), ("A", "/etc/motd")]


def test_a_sleep_whose_time_ran_out_while_paused_ends_on_unpause(engine):
    c = engine.run("tiny", ["sleep", "5"])
    engine.pause(c.id)
    engine.sleep(10)
    engine.unpause(c.id)
    engine.settle()
    assert c.state.status == "exited"
    assert c.state.finished_at == c.state.started_at + 10
