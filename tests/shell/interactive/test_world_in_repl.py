"""reset and restore at the prompt: completion and the toolbar follow the new engine, and
snapshot names complete."""

from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from engine import Engine
from shell.interactive.repl import run_repl
from shell.session import Session


def test_the_prompt_follows_reset_and_restore(capsys, monkeypatch):
    session = Session(Engine.deterministic(), interactive=True)
    seen = {}

    def spy(make):  # the PromptSession the REPL makes, to ask its completer and toolbar
        def wrapped(*args, **kwargs):
            seen["prompt"] = prompt = make(*args, **kwargs)
            return prompt
        return wrapped

    import shell.interactive.repl as repl
    monkeypatch.setattr(repl, "make_prompt", spy(repl.make_prompt))
    keys = ("pull busybox\nrun -d --name napper busybox sleep 100\nsnapshot before\n"
            "reset -f\nrestore before\nexit\n")
    with create_pipe_input() as keyboard:
        keyboard.send_text(keys)
        assert run_repl(session, input=keyboard, output=DummyOutput()) == 0
    prompt = seen["prompt"]
    text = "stop na"
    names = [c.text for c in prompt.completer.get_completions(
        Document(text, len(text)), CompleteEvent(completion_requested=True))]
    assert names == ["napper "]
    kept = "restore b"
    assert [c.text for c in prompt.completer.get_completions(
        Document(kept, len(kept)), CompleteEvent(completion_requested=True))] == ["before "]
    toolbar = prompt.bottom_toolbar
    toolbar.refresh()
    assert toolbar.counts() == (1, 0, 0, 1)
    session.execute("reset -f")
    toolbar.refresh()
    assert toolbar.counts() == (0, 0, 0, 0)
    assert list(prompt.completer.get_completions(
        Document(text, len(text)), CompleteEvent(completion_requested=True))) == []
