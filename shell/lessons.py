"""Finding the lessons and exercises, installed (packages ``crsim_lessons`` and
``crsim_exercises``) or in a checkout, and naming them as people do: ``5``, ``05``,
``05-networking``, ``networking``."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List

from engine.record import record

SCRIPTS_DIR = Path(__file__).resolve().parent.parent / "scripts"
CHECKOUT_DIR = SCRIPTS_DIR / "lessons"
SUFFIX = ".crs"
LESSONS, EXERCISES = "lessons", "exercises"  # the two kinds, by their directory's name


def lessons(kind: str = LESSONS) -> Dict[str, str]:
    """Lesson (or exercise) file name -> text, in name order."""
    found: Dict[str, str] = {}
    try:
        from importlib.resources import files
        for item in files(f"crsim_{kind}").iterdir():
            if item.name.endswith(SUFFIX):
                found[item.name] = item.read_text(encoding="utf-8")
    except (ImportError, ModuleNotFoundError, OSError, TypeError):
        pass
    if not found and (SCRIPTS_DIR / kind).is_dir():
        for path in (SCRIPTS_DIR / kind).glob("*" + SUFFIX):
            found[path.name] = path.read_text(encoding="utf-8")
    return dict(sorted(found.items()))


@record(frozen=True)
class Lesson:
    name: str  # the file name without .crs: "05-networking"
    text: str

    @property
    def number(self) -> str:
        return self.name.split("-", 1)[0]

    @property
    def title(self) -> str:
        """The first narration line without its "Lesson 5:" head: "container networking"."""
        for line in self.text.splitlines():
            line = line.strip()
            if line.startswith("#:") and line[2:].strip():
                heading = line[2:].strip()
                head, colon, rest = heading.partition(":")
                return rest.strip() if colon and head.lower().startswith(("lesson", "exercise")) \
                    else heading
        return self.name


class NoSuchLesson(Exception):
    """No lesson, or more than one, answers to a name; the message says which exist."""


def all_lessons(kind: str = LESSONS) -> List[Lesson]:
    return [Lesson(name[:-len(SUFFIX)], text) for name, text in lessons(kind).items()]


def find(wanted: str, kind: str = LESSONS) -> Lesson:
    """The one lesson ``wanted`` names: its number (``5`` or ``05``), its file name with or
    without ``.crs``, or the start of a word of its name or title (``networking``)."""
    available = all_lessons(kind)
    noun = kind[:-1]  # "lesson", "exercise"
    if not available:
        raise NoSuchLesson(f"no {kind} found")
    key = wanted.strip().lower()
    if key.endswith(SUFFIX):
        key = key[:-len(SUFFIX)]
    by_name = [lesson for lesson in available if lesson.name.lower() == key]
    by_number = [lesson for lesson in available
                 if key.isdigit() and lesson.number.isdigit() and int(key) == int(lesson.number)]
    by_word = [lesson for lesson in available if key and _starts_a_word(key, lesson)]
    for candidates in (by_name, by_number, by_word):
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            raise NoSuchLesson(f"{wanted!r} names more than one {noun}: "
                               + ", ".join(lesson.name for lesson in candidates))
    raise NoSuchLesson(f"no {noun} named {wanted!r}; {kind}: "
                       + ", ".join(lesson.name for lesson in available))


def _starts_a_word(key: str, lesson: Lesson) -> bool:
    if lesson.name.lower().startswith(key):
        return True
    words = lesson.name.lower().split("-")[1:] + lesson.title.lower().replace("—", " ").split()
    return any(word.startswith(key) for word in words) or \
        "-".join(lesson.name.lower().split("-")[1:]).startswith(key)
