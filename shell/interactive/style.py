"""Colours of the prompt, the highlighted line and the bottom toolbar.

ANSI colour names (ansiblue...) follow the terminal's own palette, so the
line reads well on dark and light themes alike. The toolbar sets its own
background, so its colours are fixed ones. None of this is used when the
NO_COLOR environment variable is set (https://no-color.org).
"""

from __future__ import annotations

from prompt_toolkit.styles import BaseStyle, Style, merge_styles, style_from_pygments_dict
from pygments.token import Comment, Keyword, Name, Number, Operator, String

from ..render.picture import no_color  # the one rule, shared with the pictures

LINE = {
    Keyword: "ansiblue bold",
    Name.Attribute: "ansicyan",
    String: "ansiyellow",
    Number: "ansimagenta",
    Operator: "ansibrightblack",
    Comment: "ansibrightblack italic",
}

UI = {
    "prompt": "ansigreen bold",
    "bottom-toolbar": "noreverse bg:#303030 #d0d0d0",
    "bottom-toolbar.running": "#87d787 bold",
    "bottom-toolbar.paused": "#d7d75f bold",
    "bottom-toolbar.stopped": "#d78787 bold",
    "bottom-toolbar.clock": "#87afd7",
    "bottom-toolbar.lesson": "#5fd7d7 bold",
}


def shell_style() -> BaseStyle:
    return merge_styles([style_from_pygments_dict(LINE), Style.from_dict(UI)])


__all__ = ["no_color", "shell_style", "LINE", "UI"]
