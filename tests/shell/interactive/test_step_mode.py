"""Step mode at the prompt (`lesson NAME`): each command offered pre-typed, Enter runs it,
the person's own commands in between, PgDn/PgUp, narration, the toolbar, typing at a pace."""

from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from engine import Engine
from shell.interactive.repl import run_repl
from shell.interactive.toolbar import Toolbar
from shell.session import Session

CLEAR = "\x15"  # Ctrl-U: drop what is on the line (the offered command)
PAGE_DOWN, PAGE_UP = "\x1b[6~", "\x1b[5~"


def play(keys, session=None):
    session = session or Session(Engine.deterministic(), interactive=True)
    with create_pipe_input() as keyboard:
        keyboard.send_text(keys + CLEAR + "exit\n")
        status = run_repl(session, input=keyboard, output=DummyOutput())
    return status, session


def test_enter_runs_the_offered_command_and_narration_comes_before_it(capsys):
    status, session = play("lesson 1\n\n")
    out = capsys.readouterr().out
    assert status == 0
    assert "\x1b[1;36m  Lesson 1: your first container\x1b[0m\n" in out
    narration = out.index("`pull` fetches one from a registry")
    assert out.index("Status: Downloaded newer image for alpine:latest") > narration
    assert session.player.current().command == "images"
    assert session.progress == {"01-first-container": 1}


def test_own_commands_first_then_the_step_is_still_offered(capsys):
    status, session = play("lesson 1\n" + CLEAR + "version\n\n")
    assert "Version:" in capsys.readouterr().out
    assert session.player.done == 1  # `version` was not the step; the next Enter ran it


def test_page_down_skips_and_page_up_goes_back():
    _, session = play("lesson 1\n" + PAGE_DOWN + PAGE_DOWN)
    assert session.player.done == 2 and session.player.current().command.startswith("run alpine")
    assert not session.engine.images.list()  # nothing ran
    _, session = play(PAGE_UP, session)
    assert session.player.done == 1
    _, session = play("\x18q", session)  # Ctrl-X q: leave the lesson
    assert session.player is None


def test_an_edited_step_is_the_persons_own_command(capsys):
    _, session = play("lesson 1\n" + CLEAR + "pull busybox\n")
    assert "busybox:latest" in capsys.readouterr().out
    assert session.player.done == 0


def test_the_lesson_ends_after_its_last_step(capsys, tmp_path):
    lesson = tmp_path / "two.crs"
    lesson.write_text("#: Two steps.\nversion --format '{{.Client.Version}}'\n#: Last.\n"
                      "info --format '{{.Containers}}'\n#: The end.\n")
    from shell.main import _start_steps
    session = Session(Engine.deterministic(), interactive=True)
    assert _start_steps(session, str(lesson)) == 0
    status, session = play("\n\n", session)
    out = capsys.readouterr().out
    assert out.endswith("\x1b[1;36m  The end.\x1b[0m\nLesson two done: 2/2 steps.\n")
    assert session.player is None and session.progress == {"two": 2}


def test_typing_at_a_pace_puts_the_whole_command_on_the_line(capsys):
    _, session = play("lesson 1 --pace 1000\n\n")
    assert session.player.done == 1  # Enter while typing: the rest first, then it runs
    assert "Status: Downloaded newer image for alpine:latest" in capsys.readouterr().out


def test_the_toolbar_shows_the_step():
    session = Session(Engine.deterministic(), interactive=True)
    session.execute("lesson 5")
    from shell.interactive.repl import _lesson_status
    toolbar = Toolbar(session.engine, plain=True)
    toolbar.lesson = lambda: _lesson_status(session)
    assert toolbar().startswith(" 05-networking: step 1/37 · Enter runs · PgDn skips · "
                                "PgUp back · Ctrl-X q leaves | 0 running")
