"""Lessons named as people name them, `lesson` (list, step mode's moves) and `demo` in the
session's own engine or a fresh one."""

import pytest

from engine import Engine
from shell import script
from shell.lessons import NoSuchLesson, all_lessons, find
from shell.session import Session


def session(interactive=True):
    return Session(Engine.deterministic(), interactive=interactive)


@pytest.mark.parametrize("wanted", ["5", "05", "05-networking", "05-networking.crs",
                                    "networking", "Networking", "netw"])
def test_a_lesson_answers_to_its_number_name_and_words(wanted):
    assert find(wanted).name == "05-networking"


def test_an_unknown_or_ambiguous_name_says_which_lessons_exist():
    with pytest.raises(NoSuchLesson, match=r"no lesson named 'zzz'; lessons: 01-first-container, "):
        find("zzz")
    with pytest.raises(NoSuchLesson, match="names more than one lesson"):
        find("c")  # "container" and "cgroup" ...


def test_lesson_lists_titles_steps_and_progress():
    shell = session()
    out, status = shell.execute("lesson")
    lines = out.splitlines()
    assert status == 0 and lines[0].split() == ["LESSON", "TITLE", "STEPS", "DONE"]
    first = lines[1]
    steps = len(script.parse(all_lessons()[0].text).steps)
    assert first.startswith("01-first-container") and "your first container" in first
    assert first.split()[-2:] == [str(steps), "-"]
    shell.execute("lesson 1")
    shell.execute("lesson next")
    shell.execute("lesson next")
    assert shell.execute("lesson")[0].splitlines()[1].split()[-1] == "2"


def test_step_moves_and_their_errors():
    shell = session()
    assert shell.execute("lesson next") == (
        "crsim-shell: lesson next: no lesson is playing (start one with 'lesson NAME')\n", 1)
    shell.execute("lesson networking")
    player = shell.player
    assert player.name == "05-networking" and player.current().command == "network ls"
    assert shell.execute("lesson back") == (
        "crsim-shell: lesson back: already at the first step\n", 1)
    assert shell.execute("lesson next") == ("Skipped: network ls\n", 0)
    assert player.current().command == "pull alpine" and player.progress() == "1/37"
    out, status = shell.execute("lesson back")
    assert status == 0 and out.startswith("Back to step 1: ")
    assert player.current().command == "network ls"
    assert shell.execute("lesson stop") == ("Left lesson 05-networking at step 0/37.\n", 0)
    assert shell.player is None


def test_step_mode_needs_the_prompt():
    assert session(interactive=False).execute("lesson 2") == (
        "crsim-shell: lesson: step mode needs the interactive prompt; 'demo 02' replays "
        "the lesson\n", 1)


def test_demo_plays_in_this_sessions_engine_unless_fresh():
    shell = session(interactive=False)
    out, status = shell.execute("demo --fresh first")
    assert status == 0 and out.startswith("# Lesson 1: your first container\n")
    assert list(shell.engine.containers) == []  # a separate engine played it
    out, status = shell.execute("demo 1")
    assert status == 0
    assert "$ rm napper\n" in out
    assert shell.execute("images -q alpine")[0].strip()  # its image stays in this engine


def test_demo_of_an_unknown_lesson_fails_on_stderr():
    shell = session(interactive=False)
    assert shell.execute("demo 99")[1] == 1
    assert shell.last_output.parts[0][0] == "stderr"


def test_a_lesson_starts_in_this_world_or_a_fresh_one():
    shell = session()
    shell.execute("pull -q busybox")
    shell.execute("lesson 1")
    assert shell.execute("images -q busybox")[0]  # the world it had
    shell.execute("lesson stop")
    shell.execute("lesson --fresh 1")
    assert shell.player.name == "01-first-container"
    assert shell.execute("images -q busybox")[0] == ""  # a new, empty one
