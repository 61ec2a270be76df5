"""cpuset lists ("0-2,4") as Docker parses them and the kernel prints them in cpuset.cpus."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import FrozenSet


def parse_list(text: str) -> FrozenSet[int]:
    """The numbers of a list like "0-2,4"; ValueError for anything else (a reversed range too)."""
    numbers = set()
    if not text:
        return frozenset()
    for part in text.split(","):
        low, dash, high = part.partition("-")
        if not low.isdigit() or (dash and not high.isdigit()):
            raise ValueError(text)
        first, last = int(low), int(high) if dash else int(low)
        if last < first:
            raise ValueError(text)
        numbers.update(range(first, last + 1))
    return frozenset(numbers)


def format_list(numbers) -> str:
    """The kernel's form: sorted, runs joined into ranges."""
    runs = []
    for n in sorted(numbers):
        if runs and runs[-1][1] == n - 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)
