"""An exercise at the prompt: after each command its checks say what is new, the toolbar
shows the task and the checks passed."""

from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from engine import Engine
from shell.interactive.repl import _lesson_status, run_repl
from shell.session import Session


def test_checks_report_after_each_command(capsys):
    session = Session(Engine.deterministic(), interactive=True)
    with create_pipe_input() as keyboard:
        keyboard.send_text("exercise 1\npull alpine\n")
        keyboard.send_text("run -d --name napper alpine sleep 300\nexit\n")
        assert run_repl(session, input=keyboard, output=DummyOutput()) == 0
    out = capsys.readouterr().out
    pulled = out.index("Status: Downloaded newer image for alpine:latest")
    assert out.index("\x1b[1;32m✓ the image alpine:latest is here\x1b[0m") > pulled
    assert "\x1b[1;36mTask 1 of 4 done.\x1b[0m" in out
    assert "\x1b[1;32m✓ a container named napper is running\x1b[0m" in out
    assert _lesson_status(session) == ("01-first-container: task 3/4, checks 0/2 · check · "
                                       "hint · solution")
