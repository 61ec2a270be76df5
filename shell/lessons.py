"""Finding the lesson scripts, installed (package ``crsim_lessons``) or in a checkout."""

from __future__ import annotations

from pathlib import Path
from typing import Dict

CHECKOUT_DIR = Path(__file__).resolve().parent.parent / "scripts" / "lessons"


def lessons() -> Dict[str, str]:
    """Lesson file name -> text, in name order."""
    found: Dict[str, str] = {}
    try:
        from importlib.resources import files
        for item in files("crsim_lessons").iterdir():
            if item.name.endswith(".crs"):
                found[item.name] = item.read_text(encoding="utf-8")
    except (ImportError, ModuleNotFoundError, OSError, TypeError):
        pass
    if not found and CHECKOUT_DIR.is_dir():
        for path in CHECKOUT_DIR.glob("*.crs"):
            found[path.name] = path.read_text(encoding="utf-8")
    return dict(sorted(found.items()))
