"""Ctrl-C, Ctrl-\\ and Ctrl-P Ctrl-Q in the REPL, in-process and in virtual time.

A key pressed while a command runs is a signal the REPL holds for the next safe
point; here it is posted by a timer of the simulation ("the user presses Ctrl-C
3 s into the command"), so every test is deterministic and takes no real time.
"""

from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from engine import Engine
from shell.interrupts import SIGINT, SIGQUIT, SIGTSTP
from shell.interactive.repl import run_repl
from shell.session import Session


def new_session():
    session = Session(Engine.deterministic(), interactive=True)
    session.execute("pull alpine")
    session.execute("run -d --name box alpine tail -f /dev/null")
    return session


def press(session, *keys):
    """keys: (seconds from now, signal) — what the user presses, and when."""
    scheduler = session.engine.runtime.scheduler
    start = session.engine.clock.now()
    for delay, signum in keys:
        scheduler.call_at(start + delay, lambda signum=signum: session.interrupts.post(signum))


def repl(session, keys):
    with create_pipe_input() as keyboard:
        keyboard.send_text(keys + "\x04\x04")  # (a Ctrl-D more: the REPL asks once when containers run)
        return run_repl(session, input=keyboard, output=DummyOutput())


def kills(session, name):
    """The signals `docker kill` (or the client's signal proxy) sent the container."""
    return [event.attributes["signal"] for event in session.engine.events
            if event.action == "kill" and event.attributes.get("name") == name]


def test_run_forwards_each_ctrl_c_and_gives_up_at_the_third(capsys):
    session = new_session()
    press(session, (3.5, SIGINT), (4.5, SIGINT), (5.5, SIGINT))
    repl(session, "run --name pinger alpine sh -c 'while :; do echo tick; sleep 1; done'\nexit\n")
    out, err = capsys.readouterr()
    # The output came while the container ran; PID 1 ignored the proxied SIGINTs
    # (no handler), so the client waited on until it gave up.
    assert out.count("tick\n") >= 6
    assert "\ngot 3 SIGTERM/SIGINTs, forcefully exiting\n" in out + err
    assert session.last_status == 1
    assert kills(session, "pinger") == ["2", "2", "2"]
    assert session.engine.container("pinger").state.running


def test_run_of_ping_ends_at_ctrl_c_with_its_statistics(capsys):
    # ping handles SIGINT, so even as PID 1 the proxied Ctrl-C ends it, as with Docker.
    session = new_session()
    press(session, (2.5, SIGINT))
    repl(session, "run --name pinger alpine ping 127.0.0.1\nexit\n")
    out = capsys.readouterr().out
    assert "seq=2 " in out and "seq=3 " not in out
    assert "\n--- 127.0.0.1 ping statistics ---\n3 packets transmitted, 3 packets received" in out
    assert session.last_status == 0
    assert kills(session, "pinger") == ["2"]
    assert not session.engine.container("pinger").state.running


def test_run_whose_pid_1_handles_sigint_ends_with_its_status(capsys):
    session = new_session()
    press(session, (2.5, SIGINT))
    repl(session, "run --name trapper alpine sh -c 'trap \"echo bye; exit 3\" INT; "
                  "while :; do sleep 1; done'\n\x04")
    out = capsys.readouterr().out
    assert "bye\n" in out
    assert session.last_status == 3
    assert kills(session, "trapper") == ["2"]
    assert not session.engine.container("trapper").state.running


def test_exec_ctrl_c_ends_the_client_and_the_process_goes_on(capsys):
    session = new_session()
    press(session, (2.5, SIGINT))
    repl(session, "exec box ping 127.0.0.1\nexit\n")
    out = capsys.readouterr().out
    assert "64 bytes from 127.0.0.1: seq=2" in out
    assert session.last_status == 130
    assert kills(session, "box") == []  # docker exec proxies no signal
    box = session.engine.container("box")
    assert any(p.argv[0] == "ping" and p.alive for p in box.processes.values())
    # The prompt comes back on a new line, after the terminal's "^C".
    assert out.endswith("\n")


def test_logs_follow_ends_at_ctrl_c(capsys):
    session = new_session()
    session.execute("run -d --name talker alpine sh -c 'while :; do echo tick; sleep 1; done'")
    press(session, (2.5, SIGINT))
    status = repl(session, "logs -f talker\n\x04")
    out = capsys.readouterr().out
    assert out.count("tick\n") == 3
    assert status == 130 and session.last_status == 130
    assert session.engine.container("talker").state.running


def test_a_command_nothing_can_end_is_interrupted_with_a_message(capsys):
    session = new_session()
    repl(session, "exec box tail -f /dev/null\n\x04")
    err = capsys.readouterr().err
    assert "crsim-shell: 'exec box tail -f /dev/null' can never finish" in err
    assert session.last_status == 130


def test_ctrl_c_in_a_nested_shell_stops_the_foreground_job_only(capsys):
    session = new_session()
    press(session, (3.5, SIGINT))
    repl(session, "exec -it box sh\nsleep 100\necho status $?\nexit\nexit\n")
    out = capsys.readouterr().out
    assert "status 130\n" in out  # the shell survived and runs the next line
    box = session.engine.container("box")
    assert not any(p.argv[0] == "sleep" for p in box.processes.values())


def test_ctrl_c_on_ping_in_a_nested_shell_shows_its_statistics(capsys):
    session = new_session()
    press(session, (3.5, SIGINT))
    repl(session, "exec -it box sh\nping 127.0.0.1\necho status $?\nexit\nexit\n")
    out = capsys.readouterr().out
    assert "64 bytes from 127.0.0.1: seq=3" in out
    assert "seq=4" not in out
    # After the terminal's "^C", ping prints its statistics and ends with 0 (replies came);
    # the shell adds no line of its own, as the job did not die of the signal.
    assert (" ms\n\n--- 127.0.0.1 ping statistics ---\n4 packets transmitted, 4 packets received"
            in out)
    assert "status 0\n" in out
    box = session.engine.container("box")
    assert not any(p.argv[0] == "ping" for p in box.processes.values())


def test_ctrl_c_abandons_a_loop_of_the_shell_itself(capsys):
    session = new_session()
    press(session, (1.0, SIGINT))
    repl(session, "exec -it box sh\nwhile :; do :; done; echo never\necho status $?\nexit\nexit\n")
    out = capsys.readouterr().out
    assert "never" not in out
    assert "status 130\n" in out


def test_ctrl_backslash_quits_the_job_and_the_line_goes_on(capsys):
    session = new_session()
    press(session, (1.5, SIGQUIT))
    repl(session, "exec -it box sh\nsleep 100; echo after $?\nexit\nexit\n")
    out, err = capsys.readouterr()
    assert "after 131\n" in out  # SIGQUIT's default action; ash goes on with the line
    assert "Quit\n" in out + err  # and says what ended the job, after the terminal's ^\


def test_ctrl_z_stops_the_job_and_fg_bg_jobs_control_it(capsys):
    # The same keys and lines as a session with busybox ash in a terminal, whose
    # output this is (the terminal's own echo of ^Z and ^C left out).
    session = new_session()
    press(session, (1.5, SIGTSTP), (10.0, SIGINT))
    repl(session, "exec -it box sh\nsleep 100\nsleep 200 &\njobs\necho st=$?\nbg\njobs\n"
                  "kill %1\njobs\nfg\njobs\necho back $?\nexit\nexit\n")
    out, err = capsys.readouterr()
    assert out.endswith(
        "[1]+  Stopped                    sleep 100\n"
        "[1]+  Stopped                    sleep 100\n"
        "[2]-  Running                    sleep 200\n"
        "st=0\n"
        "[1] sleep 100\n"
        "[1]+  Running                    sleep 100\n"
        "[2]-  Running                    sleep 200\n"
        "[1]+  Terminated                 sleep 100\n"
        "[2]+  Running                    sleep 200\n"
        "sleep 200\n"
        "\n"  # ash's new line after the job ^C ended
        "back 0\n"), out  # (the status of jobs, which had nothing left to show)
    box = session.engine.container("box")
    assert not any(p.argv[0] == "sleep" for p in box.processes.values())


def test_a_stopped_job_holds_its_place_and_fg_continues_it(capsys):
    session = new_session()
    press(session, (1.0, SIGTSTP))
    start = session.engine.clock.now()
    repl(session, "exec -it box sh\nsleep 3; echo slept\nfg\necho done $?\nexit\nexit\n")
    out, err = capsys.readouterr()
    assert "[1]+  Stopped                    sleep 3\n" in out + err
    assert "slept" in out  # the rest of the line ran on after the stop (ash does)
    assert "\nsleep 3\ndone 0\n" in out
    assert session.engine.clock.now() - start >= 3


def test_ctrl_p_ctrl_q_detaches_from_exec_it_and_the_shell_goes_on(capsys):
    session = new_session()
    repl(session, "exec -it box sh\ncd /tmp\n\x10\x11ps --format '{{.Names}}'\n\x04")
    out, err = capsys.readouterr()
    assert "read escape sequence\n" in out + err
    box = session.engine.container("box")
    assert box.state.running
    assert any(p.argv[0] == "sh" and p.alive for p in box.processes.values())


def test_ctrl_p_ctrl_q_detaches_quietly_from_run_it(capsys):
    session = new_session()
    status = repl(session, "run -it --name shell alpine sh\necho inside\n\x10\x11\x04")
    out, err = capsys.readouterr()
    assert "inside\n" in out
    assert "read escape sequence" not in out + err
    assert status == 0
    assert session.engine.container("shell").state.running


def test_ctrl_p_then_another_key_is_not_a_detach(capsys):
    session = new_session()
    repl(session, "exec -it box sh\necho one\n\x10\x05\x15echo two\nexit\nexit\n")
    out, err = capsys.readouterr()
    assert "two\n" in out and "read escape sequence" not in out + err


def test_attach_returns_to_the_shell_a_detach_left(capsys):
    session = new_session()
    status = repl(session, "run -it --name shell alpine sh\ncd /tmp\n\x10\x11"
                           "attach shell\npwd\n\x10\x11\x04")
    out, err = capsys.readouterr()
    assert "/tmp\n" in out  # the same shell, with its working directory
    assert (out + err).count("read escape sequence") == 1  # run -it says nothing
    assert status == 1 and session.engine.container("shell").state.running


def test_detach_keys_choose_the_sequence(capsys):
    session = new_session()
    # Ctrl-A then x detaches; Ctrl-P Ctrl-Q is now only two keys the shell ignores
    repl(session, "exec -it --detach-keys ctrl-a,x box sh\ncd /tmp\n\x10\x11echo still\n\x01x"
                  "ps --format '{{.Names}}'\n\x04")
    out, err = capsys.readouterr()
    assert "still\n" in out and (out + err).count("read escape sequence\n") == 1
    assert session.engine.container("box").state.running


def test_start_ai_gives_the_containers_terminal(capsys):
    session = new_session()
    status = repl(session, "run -it --name shell alpine sh\ncd /tmp\nexit\n"
                           "start -ai --detach-keys ctrl-z,z shell\npwd\n\x1az\x04")
    out, err = capsys.readouterr()
    assert "/\n" in out and "read escape sequence" not in out + err  # a new shell, detached quietly
    assert status == 0 and session.engine.container("shell").state.running


def test_attach_to_a_container_without_a_terminal_shows_new_output(capsys):
    session = new_session()
    session.execute("run -d --name talker alpine sh -c 'for i in 1 2 3; do echo tick $i; "
                    "sleep 1; done; exit 4'")
    session.engine.sleep(1.5)
    assert session.execute("attach talker") == ("tick 3\n", 4)
    assert session.execute("attach talker")[1] == 1
    assert "You cannot attach to a stopped container, start it first" in \
        session.last_output.text


def test_exec_it_of_a_program_sends_ctrl_c_through_its_terminal(capsys):
    session = new_session()
    press(session, (2.5, SIGINT))
    repl(session, "exec -it box ping 127.0.0.1\n\x04")
    assert session.last_status == 0  # ping's own status: it caught SIGINT and ended
    box = session.engine.container("box")
    assert not any(p.argv[0] == "ping" for p in box.processes.values())
    assert kills(session, "box") == []


def test_job_control_in_bash_speaks_bash(capsys):
    session = Session(Engine.deterministic(), interactive=True)
    session.execute("pull debian")
    session.execute("run -d --name deb debian sleep infinity")
    press(session, (1.5, SIGTSTP))
    repl(session, "exec -it deb bash\nsleep 100\nsleep 200 &\njobs\nbg\njobs\nexit\nexit\n")
    out, err = capsys.readouterr()
    text = out + err
    assert "\n[1]+  Stopped                 sleep 100\n" in text
    assert "[1]+  Stopped                 sleep 100\n[2]-  Running                 sleep 200 &\n" \
        in text
    assert "[1]+ sleep 100 &\n" in text
    assert "[1]-  Running                 sleep 100 &\n[2]+  Running                 sleep 200 &\n" \
        in text


def test_ctrl_z_stops_a_whole_pipeline_and_fg_continues_it(capsys):
    session = new_session()
    press(session, (1.5, SIGTSTP))
    repl(session, "exec -it box sh\nsleep 3 | cat\necho status $?\njobs\nfg\necho done $?\n"
                  "exit\nexit\n")
    out, err = capsys.readouterr()
    text = out + err
    assert "[1]+  Stopped                    sleep 3 | cat\n" in text
    assert "status 148\n" in text
    assert "\nsleep 3 | cat\ndone 0\n" in text
