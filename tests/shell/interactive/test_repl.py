"""The REPL end to end in-process: a pipe for the keyboard, DummyOutput for the screen."""

import threading
import time

from prompt_toolkit.history import FileHistory, InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import ColorDepth, DummyOutput

from engine import Engine
from shell.interactive.history import history_path, open_history
from shell.interactive.repl import WELCOME, make_prompt, run_repl
from shell.interactive.toolbar import Toolbar
from shell.session import Session


def new_session():
    return Session(Engine.deterministic(), interactive=True)


def repl(keys, session=None):
    """Type ``keys`` into a fresh REPL; return (status, session)."""
    session = session or new_session()
    with create_pipe_input() as keyboard:
        keyboard.send_text(keys + "\x04\x04")  # (a Ctrl-D more: the REPL asks once when containers run)
        status = run_repl(session, input=keyboard, output=DummyOutput())
    return status, session


def test_pull_run_ps_exit(capsys):
    status, session = repl("pull busybox\nrun -d --name web busybox sleep 100\nps\nexit\n")
    assert status == 0
    web = session.engine.container("web")
    assert web.state.running
    out = capsys.readouterr().out
    assert out.startswith(WELCOME)
    assert "Status: Downloaded newer image for busybox:latest" in out
    row = next(line for line in out.splitlines() if line.startswith(web.id[:12] + " "))
    assert '"sleep 100"' in row and row.endswith("web")


def test_ctrl_c_drops_the_line_and_keeps_the_session(capsys):
    status, session = repl("pull busybox\nrun -d --name half busybox sleep 9\x03version\nexit 4\n")
    assert status == 4
    assert list(session.engine.containers) == []
    assert "Version:" in capsys.readouterr().out


def test_ctrl_d_on_an_empty_line_leaves_with_the_last_status():
    status, _ = repl("version\nnosuchcommand\n\x04")
    assert status == 1
    assert repl("\x04")[0] == 0


def test_ctrl_d_with_text_on_the_line_does_not_leave(capsys):
    status, _ = repl("version\x04\nexit\n")
    assert status == 0 and "Version:" in capsys.readouterr().out


def test_a_failing_command_does_not_end_the_session(capsys):
    status, _ = repl("stop nosuch\nversion\nexit\n")
    out = capsys.readouterr().out
    assert "Error response from daemon: No such container: nosuch" in out
    assert "Version:" in out and status == 0


def test_blank_lines_and_comments_do_not_run_or_change_the_status(capsys):
    status, _ = repl("nosuchcommand\n\n   \n# a note\n\x04")
    assert status == 1
    assert "'#'" not in capsys.readouterr().out


def test_an_unexpected_exception_prints_one_line_and_continues(capsys, monkeypatch):
    session = new_session()
    real = session.execute

    def flaky(line, live=None):
        if line == "boom":
            raise RuntimeError("kaboom")
        return real(line, live=live)

    monkeypatch.setattr(session, "execute", flaky)
    status, _ = repl("boom\nversion\nexit\n", session)
    out = capsys.readouterr().out
    assert "crsim-shell: internal error: RuntimeError: kaboom\n" in out
    assert "Version:" in out and status == 0


def test_ctrl_r_searches_the_history():
    session = new_session()
    with create_pipe_input() as keyboard:
        prompt = make_prompt(session, Toolbar(session.engine), False, keyboard, DummyOutput())
        keyboard.send_text("version\n")
        assert prompt.prompt() == "version"
        keyboard.send_text("ps -a\n")
        assert prompt.prompt() == "ps -a"
        keyboard.send_text("\x12vers")
        keyboard.send_text("\r")
        keyboard.send_text("\r")
        assert prompt.prompt() == "version"


def test_history_goes_to_the_data_directory(tmp_path, capsys):
    repl("version\nexit\n")
    saved = (tmp_path / "data" / "crsim" / "history").read_text()
    assert "+version" in saved


def test_history_path_per_platform(tmp_path):
    assert history_path({"XDG_DATA_HOME": "/x"}, "linux") == "/x/crsim/history"
    assert history_path({"APPDATA": "C:/A"}, "win32").replace("\\", "/") == "C:/A/crsim/history"
    assert history_path({"HOME": str(tmp_path)}, "linux").endswith(".local/share/crsim/history")


def test_history_falls_back_to_memory_when_it_cannot_be_written(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert isinstance(open_history(str(blocker / "crsim" / "history")), InMemoryHistory)
    assert isinstance(open_history(str(tmp_path / "ok" / "history")), FileHistory)


def test_no_color_turns_off_highlighting_and_styles(monkeypatch, capsys):
    monkeypatch.setenv("NO_COLOR", "1")
    session = new_session()
    with create_pipe_input() as keyboard:
        from shell.interactive.style import no_color
        plain = no_color()
        prompt = make_prompt(session, Toolbar(session.engine, plain), plain, keyboard, DummyOutput())
    assert plain
    assert prompt.lexer is None and prompt.style is None
    assert prompt.color_depth == ColorDepth.DEPTH_1_BIT
    assert isinstance(prompt.bottom_toolbar(), str)
    assert repl("version\nexit\n")[0] == 0


def test_colours_by_default():
    session = new_session()
    with create_pipe_input() as keyboard:
        prompt = make_prompt(session, Toolbar(session.engine), False, keyboard, DummyOutput())
    assert prompt.lexer is not None and prompt.style is not None


def test_toolbar_counts_and_clock(engine):
    toolbar = Toolbar(engine, plain=True)
    assert toolbar() == " 1 running · 1 paused · 2 stopped | 1 image | 09:00:00 UTC "
    fragments = Toolbar(engine)()
    assert ("class:bottom-toolbar.running", "1 running") in fragments
    assert ("class:bottom-toolbar.clock", "09:00:00 UTC") in fragments


def test_toolbar_follows_the_engine_after_refresh(engine):
    toolbar = Toolbar(engine, plain=True)
    assert toolbar.counts() == (1, 1, 2, 1)
    engine.create("busybox", ["true"])
    assert toolbar.counts() == (1, 1, 2, 1)  # same second, no command finished: cached
    toolbar.refresh()
    assert toolbar.counts() == (1, 1, 3, 1)
    engine.stop("web")  # PID 1 ignores SIGTERM: 10 s later the clock has moved on
    assert toolbar.counts() == (0, 1, 4, 1)
    engine.sleep(200)  # 09:00:10 after the stop, plus 200 s
    assert "09:03:30 UTC" in toolbar()


def test_typed_here_documents_quotes_and_backslashes_continue_on_more_lines(capsys):
    status, session = repl("build -q -t hello:v1 - <<EOF\nFROM alpine\nCMD [\"echo\", \"hi\"]\nEOF\n"
                           "run --rm hello:v1\n"
                           "run --rm alpine echo \"one\ntwo\"\n"
                           "run --rm \\\nalpine echo joined\n"
                           "run --rm alpine true &&\nrun --rm alpine echo after\nexit\n")
    out = capsys.readouterr().out
    assert status == 0 and session.engine.image("hello:v1")
    assert "\nhi\n" in out and "one\ntwo\n" in out and "joined\n" in out and "after\n" in out


def test_ctrl_d_in_a_continuation_runs_what_was_typed(capsys):
    status, _ = repl('run --rm alpine echo "open\n\x04\x04')
    captured = capsys.readouterr()
    assert "unexpected EOF while looking for matching `\"'" in captured.out + captured.err
    assert status == 2


def test_bang_bang_and_bang_dollar_repeat_the_last_command(capsys):
    status, session = repl("run -d --name first alpine sleep 100\n!!\n"
                           "inspect -f '{{.Name}}' first\nrm -f !$\nexit\n")
    out, err = capsys.readouterr()
    # !! runs the same run again (a name conflict), shown first as bash shows it
    assert "\nrun -d --name first alpine sleep 100\n" in out
    assert 'Conflict. The container name "/first" is already in use' in out + err
    assert "\nrm -f first\nfirst\n" in out  # !$: the last word
    assert list(session.engine.containers) == []


def typed(chunks):
    """Keys sent a little apart, as a terminal sends them (history loads and the screen
    redraws in between, which Ctrl-R's search and Up need); the session."""
    session = new_session()
    with create_pipe_input() as keyboard:
        def type_keys():
            for keys in chunks:
                time.sleep(0.3)
                keyboard.send_text(keys)
        threading.Thread(target=type_keys, daemon=True).start()
        run_repl(session, input=keyboard, output=DummyOutput())
    return session


def test_ctrl_r_then_enter_runs_what_it_found(capsys):
    typed(["version -f '{{.Client.Os}}'\nps\n", "\x12", "v", "e", "r", "\r", "\x04"])
    assert capsys.readouterr().out.count("linux\n") == 2  # one Enter ran it again


def test_ctrl_d_with_running_containers_asks_once(capsys):
    status, session = repl("run -d --name up alpine sleep 100\n\x04\x04")
    err = capsys.readouterr().err
    assert err.count("There is 1 running container: they end with this session. Press "
                     "Ctrl-D again to leave.\n") == 1
    assert status == 0


def test_readline_keys_alt_dot_and_ctrl_o(capsys):
    # Alt-. inserts the last word of the previous command
    status, _ = repl("pull -q alpine\nrun --rm \x1b. echo from-alt-dot\nexit\n")
    assert "from-alt-dot\n" in capsys.readouterr().out
    # Ctrl-O runs the line from history and offers the one after it
    typed(["version -f A{{.Client.Os}}\nversion -f B{{.Client.Os}}\n", "\x1b[A", "\x1b[A",
           "\x0f", "\r", "\x04"])
    assert capsys.readouterr().out.count("linux\n") == 4


def test_a_pasted_block_with_a_here_document_runs_as_typed(capsys):
    # bracketed paste: the terminal sends the block at once, between ESC[200~ and ESC[201~
    status, session = repl("\x1b[200~build -q -t pasted:1 - <<EOF\nFROM alpine\nEOF\x1b[201~\n"
                           "run --rm pasted:1 echo pasted-ok\nexit\n")
    assert "pasted-ok\n" in capsys.readouterr().out and session.engine.image("pasted:1")


def test_record_a_session_at_the_prompt_with_its_narration(tmp_path, capsys):
    from shell import script
    from shell.main import main
    lesson = tmp_path / "live.crs"
    status, session = repl(f"record {lesson}\n#: A first container\npull -q busybox\n"
                           "run -d --name web busybox sleep 100\n# a plain comment: not kept\n"
                           "ps --format '{{.Names}} {{.Status}}'\nexec web cat /missing\n"
                           "#: That file is not there.\nrecord stop\nexit\n")
    assert status == 0
    out = capsys.readouterr().out
    assert f"record: wrote 4 commands to {lesson}\n" in out
    parsed = script.parse(lesson.read_text())
    assert [getattr(item, "text", None) or item.command for item in parsed.items] == [
        "A first container", "pull -q busybox", "run -d --name web busybox sleep 100",
        "ps --format '{{.Names}} {{.Status}}'", "exec web cat /missing", "That file is not there."]
    assert parsed.steps[2].expected == ["web Up Less than a second"]
    assert parsed.steps[3].expected_status == 1
    assert main(["--check", str(lesson)]) == 0
    assert capsys.readouterr().out == "4 checks passed\n"


def test_ctrl_d_while_recording_says_the_lesson_is_not_written(tmp_path, capsys):
    status, session = repl(f"record {tmp_path}/x.crs\nversion\n\x04")
    assert status == 0 and not (tmp_path / "x.crs").exists()
    assert "x.crs is not written yet ('record stop' writes it)" in capsys.readouterr().err
