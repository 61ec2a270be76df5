"""Pictures of what the kernel and the runtime hide: lines of (style, text) fragments.

A picture is drawn once, with Unicode box drawing, and shown three ways: in colour for
the interactive prompt, as plain ASCII for scripts, `-c`, pipes and NO_COLOR (the box
characters translated, so a replayed lesson's output is the same on every terminal),
and as SVG for slides (svg.py). Styles are names, never colours: each way of showing
gives them its own colours.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from engine.record import field, record

if TYPE_CHECKING:  # type aliases, for annotations only
    Fragment = Tuple[str, str]  # (style, text)
    Piece = Union[str, Fragment]

# The styles pictures use and their ANSI SGR codes (the terminal's own palette, so they read
# on dark and light themes alike, as the prompt's colours do).
ANSI = {
    "title": "1", "frame": "90", "dim": "2", "id": "33", "name": "1;32", "number": "36",
    "created": "32", "changed": "33", "deleted": "31", "opaque": "35", "host": "34",
    "warn": "1;31",
}
# ASCII for the Unicode a picture may hold; a multi-character one only where nothing
# aligned follows it on the line (arrows in running text, never inside a box).
ASCII = str.maketrans({
    "─": "-", "━": "-", "│": "|", "┃": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+",
    "├": "+", "┤": "+", "┬": "+", "┴": "+", "┼": "+", "═": "=", "║": "|", "╞": "+",
    "╡": "+", "█": "#", "░": ".", "●": "o", "✕": "x", "→": "->", "←": "<-",
    "↔": "<->", "…": "...", "·": ".",
})

# A file name may hold any byte but "/": control characters show as "?" (as `ls -q` does),
# never reaching the terminal or the SVG's XML.
CONTROLS = {code: "?" for code in (*range(32), 127)}


def no_color(environ: Optional[Mapping[str, str]] = None) -> bool:
    """NO_COLOR set to anything but the empty string turns colours off (https://no-color.org)."""
    return bool((os.environ if environ is None else environ).get("NO_COLOR"))


@record
class Picture:
    lines: List[List[Fragment]] = field(default_factory=list)

    def line(self, *pieces: Piece) -> "Picture":
        """Add a line; a plain string is unstyled text."""
        fragments = [("", p) if isinstance(p, str) else p for p in pieces]
        self.lines.append([(style, text.translate(CONTROLS)) for style, text in fragments if text])
        return self

    def extend(self, other: "Picture", indent: str = "") -> None:
        for fragments in other.lines:
            self.lines.append(([("frame", indent)] if indent else []) + list(fragments))

    @property
    def width(self) -> int:
        return max((sum(len(text) for _, text in line) for line in self.lines), default=0)

    def plain(self) -> str:
        """The Unicode text without styles (what tests and searches look at)."""
        return "".join("".join(text for _, text in line) + "\n" for line in self.lines)


def render_text(picture: Picture, unicode: bool = True, colour: bool = True) -> str:
    out = []
    for line in picture.lines:
        parts = []
        for style, text in line:
            if not unicode:
                text = text.translate(ASCII)
            code = ANSI.get(style) if colour else None
            parts.append(f"\x1b[{code}m{text}\x1b[0m" if code else text)
        out.append("".join(parts).rstrip() + "\n")
    return "".join(out)


# -- shapes shared by the pictures ----------------------------------------------------------

@record
class Node:
    """One item of a tree: its label and the items below it."""
    label: Sequence[Piece]
    children: List["Node"] = field(default_factory=list)
    notes: List[Sequence[Piece]] = field(default_factory=list)  # lines under the label

    def add(self, *label: Piece) -> "Node":
        child = Node(list(label))
        self.children.append(child)
        return child


def tree(picture: Picture, root: Node) -> Picture:
    """Draw ``root`` and its descendants as `tree` and `systemd-cgls` do (├─ │ └─)."""
    picture.line(*root.label)
    _branches(picture, root, "")
    return picture


def _branches(picture: Picture, node: Node, prefix: str) -> None:
    for note in node.notes:
        picture.line(("frame", prefix + ("│ " if node.children else "  ")), *note)
    for number, child in enumerate(node.children):
        last = number == len(node.children) - 1
        picture.line(("frame", prefix + ("└─" if last else "├─")), *child.label)
        _branches(picture, child, prefix + ("  " if last else "│ "))


def table(picture: Picture, header: Sequence[str], rows: Iterable[Sequence[Piece]],
          right: Sequence[int] = (), gap: int = 1) -> Picture:
    """Columns padded to their widest cell (``right``: columns aligned right, as numbers)."""
    rows = [[(("", c) if isinstance(c, str) else c) for c in row] for row in rows]
    cells = [[("title", h) for h in header]] + rows
    widths = [max(len(row[i][1]) for row in cells if i < len(row)) for i in range(len(header))]
    for row in cells:
        pieces: List[Piece] = []
        for i, (style, text) in enumerate(row):
            padded = text.rjust(widths[i]) if i in right else (
                text if i == len(row) - 1 else text.ljust(widths[i]))
            pieces.append((style, padded))
            if i < len(row) - 1:
                pieces.append(" " * gap)
        picture.line(*pieces)
    return picture


def bar(used: int, limit: Optional[int], width: int = 10) -> List[Fragment]:
    """A gauge of ``used`` against ``limit`` (nothing without a limit)."""
    if not limit:
        return []
    filled = min(width, round(width * used / limit))
    style = "warn" if used >= limit * 0.9 else "created"
    return [(style, "█" * filled), ("frame", "░" * (width - filled)),
            ("dim", f" {min(999, round(100 * used / limit))}%")]


__all__ = ["Picture", "Node", "tree", "table", "bar", "render_text", "no_color", "ANSI", "ASCII"]
