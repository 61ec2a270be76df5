"""`record FILE` ... `record stop`: a session becomes a lesson that --check passes at once."""

import os

from engine import Engine
from engine.clock import VirtualClock
from shell import script
from shell.main import main
from shell.session import Session


def live_session(seed=7):
    """Another seed than --check's: the live ids differ from the replay's, as a live session's do."""
    return Session(Engine(VirtualClock(), seed=seed))


def run_lines(session, lines):
    """Each line through Session.execute; "WAIT n" lets n seconds pass between commands
    (the teacher talking): {line: (output, status)}."""
    results = {}
    for line in lines:
        if line.startswith("WAIT "):
            session.engine.sleep(float(line.split()[1]))
            continue
        results[line] = session.execute(line)
    return results


def check(path, capsys):
    capsys.readouterr()
    status = main(["--check", str(path)])
    return status, capsys.readouterr().out


def test_a_recorded_session_is_a_lesson_that_checks(tmp_path, capsys):
    lesson = tmp_path / "demo.crs"
    session = live_session()
    results = run_lines(session, [
        f"record {lesson}", "#: Our first container", "pull alpine",
        "run -d --name box alpine sleep 300", "ps", "#: Inside it, PID 1:",
        "exec box ps", "exec box cat /nope", "record", "record stop"])
    assert results[f"record {lesson}"] == (
        f"record: recording to {lesson}; narrate with '#: text', end with 'record stop'\n", 0)
    assert results["record"] == (f"record: recording to {lesson} (5 commands so far)\n", 0)
    assert results["record stop"] == (f"record: wrote 5 commands to {lesson}\n", 0)
    assert session.execute("record") == ("record: not recording\n", 0)
    text = lesson.read_text()
    # Narration kept, `record` itself never recorded, ids written as `...`, a failure keeps its ? N
    assert "#: Our first container\npull alpine\n" in text
    assert "record" not in text.replace("# Recorded with `record demo.crs`", "")
    assert "run -d --name box alpine sleep 300\n| ...\n" in text
    assert "exec box cat /nope\n? 1\n| cat: can't open '/nope': No such file or directory\n" in text
    assert "|     1 root      0:00 sleep 300\n" in text
    assert check(lesson, capsys) == (0, "5 checks passed\n")
    assert oct(os.stat(lesson).st_mode & 0o777) != "0o600"


def test_time_that_passed_live_becomes_a_sleep_where_the_replay_needs_it(tmp_path, capsys):
    lesson = tmp_path / "t.crs"
    session = live_session()
    run_lines(session, [f"pull -q alpine", f"record {lesson}", "run -d --name box alpine sleep 30",
                        "WAIT 40", "ps -a --format '{{.Names}} {{.Status}}'",
                        "run -d --name other alpine sleep 5", "WAIT 12", "version --format x",
                        "record stop"])
    text = lesson.read_text()
    # Only where the output depends on it: the 12 s wait changes nothing `version` prints.
    assert "sleep 40\nps -a --format '{{.Names}} {{.Status}}'\n| box Exited (0) 10 seconds ago\n" in text
    assert "sleep 12" not in text
    # what the world held (alpine) comes back with a preamble
    assert "# What the world held when the recording began:\npull -q alpine:latest\n" in text
    assert check(lesson, capsys) == (0, "6 checks passed\n")  # the sleep is a command too


def test_differences_no_sleep_explains_are_said_one_line_each(tmp_path):
    lesson = tmp_path / "d.crs"
    session = Session(Engine.deterministic(cpus=2))  # --check's host has 4 CPUs
    results = run_lines(session, [f"record {lesson}", "pull -q busybox", "run --rm busybox nproc",
                                  "record stop"])
    out, status = results["record stop"]
    assert status == 0
    assert out == ("record: `run --rm busybox nproc` printed something else live than when replayed "
                   "(the lesson expects the replay's)\n"
                   f"record: wrote 2 commands to {lesson}\n")
    assert "run --rm busybox nproc\n| 4\n" in lesson.read_text()


def test_what_a_replay_cannot_do_is_left_out_and_said(tmp_path, capsys):
    lesson = tmp_path / "l.crs"
    session = Session(Engine.deterministic(), interactive=True)
    results = run_lines(session, [f"record {lesson}", "pull -q alpine",
                                  "run -d --name box alpine sleep 3600", "exec -it box sh",
                                  "events", "record stop"])
    assert results["events"][0].endswith(
        "record: left out (interrupted: a replay cannot do what you did)\n")
    assert results["exec -it box sh"][0] == (
        "record: left out (what is typed in a container's terminal is not recorded: "
        "use `exec CONTAINER COMMAND`)\n")
    session.take_attachment()
    text = lesson.read_text()
    assert "events" not in text and "exec" not in text
    assert check(lesson, capsys) == (0, "2 checks passed\n")


def test_record_refuses_a_world_no_command_can_remake(tmp_path):
    session = live_session()
    run_lines(session, ["pull -q alpine", "run -d --name web alpine sleep 9", "volume create v1"])
    out, status = session.execute(f"record {tmp_path / 'x.crs'}")
    assert status == 1
    assert out == ("record: a lesson replays in a new engine, and no command re-makes what this one "
                   "holds: 1 container (web); 1 volume (v1). Remove them (or start a new crsim-shell) "
                   "and record from there\n")
    assert session.recorder is None and not (tmp_path / "x.crs").exists()


def test_bad_uses_say_one_line_and_change_nothing(tmp_path):
    session = live_session()
    assert session.execute("record stop") == ("record: not recording (record FILE starts)\n", 1)
    assert session.execute(f"record {tmp_path}/no/such/dir/x.crs") == (
        f"record: {tmp_path}/no/such/dir/x.crs: no such directory\n", 1)
    assert session.execute(f"record {tmp_path}") == (f"record: {tmp_path}: is a directory\n", 1)
    session.execute(f"record {tmp_path}/a.crs")
    assert session.execute(f"record {tmp_path}/b.crs") == (
        f"record: already recording to {tmp_path}/a.crs (record stop writes it)\n", 1)
    assert session.execute("record stop") == ("record: no command was recorded: nothing written\n", 1)
    assert not (tmp_path / "a.crs").exists() and session.recorder is None


def test_the_sandbox_confines_where_a_lesson_is_written(tmp_path):
    inside = tmp_path / "inside"
    inside.mkdir()
    session = Session(Engine(VirtualClock(), seed=0, host_root=str(inside)))
    out, status = session.execute(f"record {tmp_path}/out.crs")
    assert status == 1 and "outside the sandbox" in out
    session.execute(f"record {inside}/in.crs")
    session.execute("version --format '{{.Client.Os}}'")
    assert session.execute("record stop")[1] == 0
    assert script.parse((inside / "in.crs").read_text()).steps[0].expected == ["linux"]


def test_trace_switches_the_trace_on_and_off():
    session = Session(Engine.deterministic())
    session.execute("pull -q busybox")
    assert session.execute("trace") == ("trace is off\n", 0)
    assert session.execute("trace on") == ("", 0)
    out, _ = session.execute("run -d --name tr busybox sleep 9")
    assert "+ clone(CLONE_NEWPID|CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWNET|CLONE_NEWIPC|CLONE_NEWCGROUP) = 1202\n" in out
    assert session.execute("trace") == ("trace is on\n", 0)
    session.execute("trace off")
    out, _ = session.execute("stop tr")
    assert out == "tr\n"
    assert session.execute("trace sideways") == ("trace: 'sideways': on or off\n", 2)


def test_what_a_live_session_draws_at_random_is_no_difference(tmp_path):
    lesson = tmp_path / "r.crs"
    session = live_session(seed=11)
    results = run_lines(session, [f"record {lesson}", "pull -q alpine", "run -d alpine sleep 300",
                                  "ps -a --format '{{.ID}} {{.Names}} {{.RunningFor}}'",
                                  "WAIT 5", "ps -a --format '{{.ID}} {{.Names}} {{.RunningFor}}'",
                                  "run -d --name box alpine sleep 300", "exec box ip link show eth0",
                                  "record stop"])
    assert results["record stop"] == (f"record: wrote 6 commands to {lesson}\n", 0)
    text = lesson.read_text()
    # the replay's id, name and time are what the lesson expects (--check replays with seed 0)
    assert text.count("| ... mystifying_khorana Less than a second ago\n") == 2
    assert "sleep 5" not in text  # the time only changed what "ago" says


def test_leaving_while_recording_is_refused_once(tmp_path):
    import pytest
    from shell.spec import ExitShell
    session = live_session()
    session.execute(f"record {tmp_path}/x.crs")
    session.execute("version --format '{{.Client.Os}}'")
    assert session.execute("exit") == (
        f"record: {tmp_path}/x.crs is not written yet ('record stop' writes it); leave again to "
        "leave without it\n", 1)
    with pytest.raises(ExitShell):
        session.execute("exit")


def test_the_trace_shows_a_foreground_containers_output_where_it_came():
    session = Session(Engine.deterministic())
    session.execute("pull -q busybox")
    session.execute("trace on")
    out, _ = session.execute("run --rm busybox echo hello")
    lines = out.splitlines()
    assert lines.index("hello") == lines.index('+ execve("/bin/echo", ["echo", "hello"])') + 1
    assert lines[lines.index("hello") + 1] == "+ waitpid() = exit status 0"


def test_ctrl_c_during_record_stop_writes_nothing_and_keeps_recording(tmp_path, monkeypatch):
    from shell.interrupts import KEY, SIGINT
    session = live_session()
    run_lines(session, [f"record {tmp_path}/c.crs", "pull -q alpine",
                        "run -d --name sl alpine sleep 5", "wait sl"])
    real = Engine.deterministic

    def pressed(**host):  # Ctrl-C as the replay begins: its first wait sees it
        session.interrupts.post(SIGINT, KEY)
        return real(**host)
    monkeypatch.setattr(Engine, "deterministic", staticmethod(pressed))
    out, status = session.execute("record stop")
    monkeypatch.setattr(Engine, "deterministic", real)
    assert status == 130 and out.endswith(f"record: interrupted; still recording to {tmp_path}/c.crs\n")
    assert not (tmp_path / "c.crs").exists() and session.recorder is not None
    assert session.execute("record stop") == (f"record: wrote 3 commands to {tmp_path}/c.crs\n", 0)


def test_a_sleep_that_does_not_explain_a_difference_is_not_kept(tmp_path):
    lesson = tmp_path / "n.crs"
    session = Session(Engine.deterministic(cpus=2))
    out, status = run_lines(session, [f"record {lesson}", "pull -q busybox", "WAIT 30",
                                      "run --rm busybox nproc", "record stop"])["record stop"]
    assert "`run --rm busybox nproc` printed something else" in out
    assert "sleep" not in lesson.read_text()


def test_a_command_that_runs_others_is_recorded_as_typed(tmp_path, capsys):
    lesson = tmp_path / "d.crs"
    session = live_session()
    results = run_lines(session, [f"record {lesson}", "demo 1", "record stop"])
    assert results["record stop"][1] == 0
    parsed = script.parse(lesson.read_text())
    assert [step.command for step in parsed.steps] == ["demo 1"]
    assert check(lesson, capsys) == (0, "1 check passed\n")
