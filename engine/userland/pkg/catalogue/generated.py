"""The apt catalogues generated from the archives' own indexes (scripts/gen_deb_catalogues.py).

``data/<family>-<suite>.tsv.xz`` holds every amd64 package of the suite (Debian:
main with -updates and -security; Ubuntu: main and universe with theirs), the
virtual names packages provide, and the commands each package puts in a bin
directory (from the archive's Contents index). Read on first use of a suite.
"""

from __future__ import annotations

import lzma
import os
from functools import lru_cache
from typing import Dict, NamedTuple, Optional, Tuple

from . import Package, parse_table

DATA = os.path.join(os.path.dirname(__file__), "data")


class Suite(NamedTuple):
    packages: Dict[str, Package]
    provides: Dict[str, str]
    commands: Dict[str, Tuple[str, ...]]


@lru_cache(maxsize=None)
def load(family: str, suite: str) -> Optional[Suite]:
    path = os.path.join(DATA, f"{family}-{suite}.tsv.xz")
    if not os.path.exists(path):
        return None
    with lzma.open(path, "rt", encoding="utf-8") as f:
        text = f.read()
    rows, provides, commands = [], {}, {}
    for line in text.splitlines():
        if line.startswith("@provides "):
            _, virtual, real = line.split(" ", 2)
            provides[virtual] = real
        elif line.startswith("@commands "):
            _, package, *paths = line.split(" ")
            commands[package] = tuple(paths)
        else:
            rows.append(line)
    return Suite(parse_table("\n".join(rows)), provides, commands)


def available(family: str) -> Tuple[str, ...]:
    """The suites of ``family`` that have a generated catalogue."""
    try:
        names = os.listdir(DATA)
    except OSError:
        return ()
    return tuple(sorted(n[len(family) + 1:-len(".tsv.xz")] for n in names
                        if n.startswith(family + "-") and n.endswith(".tsv.xz")))
