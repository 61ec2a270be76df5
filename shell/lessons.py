"""Finding the lesson scripts, installed (package ``crsim_lessons``) or in a checkout, and
naming them as people do: ``5``, ``05``, ``05-networking``, ``networking``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List

CHECKOUT_DIR = Path(__file__).resolve().parent.parent / "scripts" / "lessons"
SUFFIX = ".crs"


def lessons() -> Dict[str, str]:
    """Lesson file name -> text, in name order."""
    found: Dict[str, str] = {}
    try:
        from importlib.resources import files
        for item in files("crsim_lessons").iterdir():
            if item.name.endswith(SUFFIX):
                found[item.name] = item.read_text(encoding="utf-8")
    except (ImportError, ModuleNotFoundError, OSError, TypeError):
        pass
    if not found and CHECKOUT_DIR.is_dir():
        for path in CHECKOUT_DIR.glob("*" + SUFFIX):
            found[path.name] = path.read_text(encoding="utf-8")
    return dict(sorted(found.items()))


@dataclass(frozen=True)
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
                return rest.strip() if colon and head.lower().startswith("lesson") else heading
        return self.name


class NoSuchLesson(Exception):
    """No lesson, or more than one, answers to a name; the message says which exist."""


def all_lessons() -> List[Lesson]:
    return [Lesson(name[:-len(SUFFIX)], text) for name, text in lessons().items()]


def find(wanted: str) -> Lesson:
    """The one lesson ``wanted`` names: its number (``5`` or ``05``), its file name with or
    without ``.crs``, or the start of a word of its name or title (``networking``)."""
    available = all_lessons()
    if not available:
        raise NoSuchLesson("no lessons found")
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
            raise NoSuchLesson(f"{wanted!r} names more than one lesson: "
                               + ", ".join(lesson.name for lesson in candidates))
    raise NoSuchLesson(f"no lesson named {wanted!r}; lessons: "
                       + ", ".join(lesson.name for lesson in available))


def _starts_a_word(key: str, lesson: Lesson) -> bool:
    if lesson.name.lower().startswith(key):
        return True
    words = lesson.name.lower().split("-")[1:] + lesson.title.lower().replace("—", " ").split()
    return any(word.startswith(key) for word in words) or \
        "-".join(lesson.name.lower().split("-")[1:]).startswith(key)
