"""Every lesson replays with --check: each lesson is an end-to-end test of what it teaches."""

import pytest

from engine import Engine
from shell import script
from shell.lessons import CHECKOUT_DIR
from shell.session import Session

LESSONS = sorted(CHECKOUT_DIR.glob("*.crs"))


def test_there_are_lessons():
    assert [p.name for p in LESSONS][:1] == ["01-first-container.crs"]


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_lesson_output_matches(path):
    parsed = script.parse(path.read_text(encoding="utf-8"), path.name)
    printed = []
    status = script.replay(parsed, Session(Engine.deterministic()).execute, printed.append,
                           check=True)
    assert status == 0, "".join(printed)
    assert parsed.steps and all(step.expected is not None for step in parsed.steps
                                if not step.command.startswith("sleep"))


def test_demo_plays_the_first_lesson_with_narration():
    out, status = Session(Engine.deterministic()).execute("demo")
    assert status == 0
    assert out.startswith("# Lesson 1: your first container\n")
    assert "$ run -d --name napper alpine sleep 300\n" in out
