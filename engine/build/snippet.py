"""The lines of a Dockerfile an error or a warning is about, as buildx prints them.

Used by the builder (a failed step, ``--check``'s error) and by the linter's
``--check`` report.
"""

from __future__ import annotations

from typing import List


def source_snippet(text: str, filename: str, start: int, end: int) -> List[str]:
    """buildx's view of the failing lines: a few lines of context, ">>>" on the culprit."""
    lines = text.split("\n")
    if start > len(lines) or start < 1:
        return []
    end = min(end, len(lines))
    first, last = start, end
    pad = 4 if first == last else 2
    p = 0
    while p < pad:
        if first > 1:
            first -= 1
            p += 1
        if last != len(lines):
            last += 1
            p += 1
        p += 1
    out = [f"{filename}:{start}", "--------------------"]
    for number in range(first, last + 1):
        marker = ">>>" if start <= number <= end else "   "
        out.append(f" {number:3d} | {marker} {lines[number - 1]}")
    out.append("--------------------")
    return out
