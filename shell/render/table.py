"""Column alignment as Go's text/tabwriter does it for the docker CLI.

The CLI writes rows of tab-separated cells through
``tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)``: every column but the last is
padded to its widest cell plus 3 spaces, and to at least 10 characters.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Iterable, List, Sequence

MIN_WIDTH = 10
PADDING = 3


def align(rows: Iterable[Sequence[str]], min_width: int = MIN_WIDTH, padding: int = PADDING) -> str:
    rows = [list(row) for row in rows]
    if not rows:
        return ""
    columns = max(len(row) for row in rows)
    widths: List[int] = []
    for col in range(columns - 1):
        cells = [len(row[col]) for row in rows if col < len(row) - 1]
        widths.append(max(min_width, max(cells, default=0) + padding))
    lines = []
    for row in rows:
        parts = [cell.ljust(widths[i]) if i < len(row) - 1 else cell for i, cell in enumerate(row)]
        lines.append("".join(parts))
    return "\n".join(lines) + "\n"


def align_text(text: str) -> str:
    """Align already rendered lines whose cells are separated by tabs."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return align(line.split("\t") for line in lines)
