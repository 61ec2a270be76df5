"""Generate the simulated PyPI index (engine/userland/pkg/catalogue/pypi_index.tsv.gz).

Source: /work/.library/env/packages/pypi.tsv (a listing of PyPI: each project's name,
newest version and summary, with its rank among the 15,000 most downloaded). The
ranked projects are kept (what requirements files name); the line is
``name<TAB>version<TAB>summary`` (the version is empty where the listing has none). Dependencies are not in that listing: the few
looked up one by one live in catalogue/pypi.py with their source.

Usage: python scripts/gen_pypi_catalogue.py [PYPI_TSV]
"""

from __future__ import annotations

import csv
import gzip
import os
import sys

SOURCE = "/work/.library/env/packages/pypi.tsv"
OUT = os.path.join(os.path.dirname(__file__), "..", "engine", "userland", "pkg", "catalogue",
                   "pypi_index.tsv.gz")


def generate(source: str) -> int:
    rows = []
    with open(source, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not row.get("rank_among_15000_most_downloaded"):
                continue
            summary = " ".join((row.get("summary") or "").split())
            rows.append(f"{row['name']}\t{row['version']}\t{summary}\n")
    rows.sort()
    with gzip.GzipFile(OUT, "wb", mtime=0) as f:
        f.write("".join(rows).encode("utf-8"))
    return len(rows)


if __name__ == "__main__":
    print(generate(sys.argv[1] if len(sys.argv) > 1 else SOURCE), "projects")
