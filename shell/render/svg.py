"""A picture as a standalone SVG file, for slides: the text grid in a monospace font.

Every fragment is placed at its own column (x = column × cell width) and stretched to
its exact width (textLength), so boxes and trees stay aligned whatever monospace font
the viewer has. Text is XML-escaped; spaces are kept (xml:space="preserve").
"""

from __future__ import annotations

from typing import Dict
from xml.sax.saxutils import escape, quoteattr

from .picture import Picture

FONT_SIZE = 15
CELL_WIDTH = 9.0  # a monospace font's advance at 15px (0.6 em)
LINE_HEIGHT = 17  # box-drawing glyphs (1.17 em tall) join from line to line
MARGIN = 16
FONTS = "'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace"

THEMES: Dict[str, Dict[str, str]] = {
    "dark": {"background": "#1e1e2e", "": "#d8d8d8", "title": "#ffffff", "frame": "#7f849c",
             "dim": "#9399b2", "id": "#f9e2af", "name": "#a6e3a1", "number": "#89dceb",
             "created": "#a6e3a1", "changed": "#f9e2af", "deleted": "#f38ba8",
             "opaque": "#cba6f7", "host": "#89b4fa", "warn": "#f38ba8"},
    "light": {"background": "#ffffff", "": "#202020", "title": "#000000", "frame": "#8c8fa1",
              "dim": "#6c6f85", "id": "#8a5a00", "name": "#2f7d1e", "number": "#04748c",
              "created": "#2f7d1e", "changed": "#8a5a00", "deleted": "#c0142e",
              "opaque": "#7c3aed", "host": "#1e5fd6", "warn": "#c0142e"},
}
BOLD = ("title", "name", "warn")


def render_svg(picture: Picture, theme: str = "dark") -> str:
    colours = THEMES[theme]
    columns = max(picture.width, 1)
    width = round(2 * MARGIN + columns * CELL_WIDTH)
    height = 2 * MARGIN + max(len(picture.lines), 1) * LINE_HEIGHT
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONTS}" font-size="{FONT_SIZE}" '
        'xml:space="preserve">',
        f'<rect width="100%" height="100%" fill="{colours["background"]}"/>',
    ]
    for row, line in enumerate(picture.lines):
        y = MARGIN + row * LINE_HEIGHT + FONT_SIZE
        column = 0
        spans = []
        for style, text in line:
            shown = text.strip(" ")
            if shown:  # placed at its first visible column, stretched over its own width
                weight = ' font-weight="bold"' if style in BOLD else ""
                x = MARGIN + (column + len(text) - len(text.lstrip(" "))) * CELL_WIDTH
                spans.append(f'<tspan x="{x:.1f}" textLength="{len(shown) * CELL_WIDTH:.1f}" '
                             f'lengthAdjust="spacingAndGlyphs" '
                             f'fill={quoteattr(colours.get(style, colours[""]))}{weight}>'
                             f'{escape(shown)}</tspan>')
            column += len(text)
        if spans:
            out.append(f'<text y="{y}">{"".join(spans)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


__all__ = ["render_svg", "THEMES"]
