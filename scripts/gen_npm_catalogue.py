"""Generate the simulated npm registry index (engine/userland/pkg/catalogue/npm_index.tsv.gz).

Source: /work/.library/env/packages/npm.tsv (a listing of the npm registry: each package's
name, newest version, monthly downloads and summary). Packages downloaded at least
MIN_DOWNLOADS times a month are kept, as ``name<TAB>version``. Dependencies are not in
that listing: an install from a lock file takes the lock's tree; without one, only the
packages named are installed (see engine/userland/pkg/npm.py).

Usage: python scripts/gen_npm_catalogue.py [NPM_TSV]
"""

from __future__ import annotations

import gzip
import os
import sys

SOURCE = "/work/.library/env/packages/npm.tsv"
MIN_DOWNLOADS = 100_000
OUT = os.path.join(os.path.dirname(__file__), "..", "engine", "userland", "pkg", "catalogue",
                   "npm_index.tsv.gz")


def generate(source: str) -> int:
    rows = []
    with open(source, encoding="utf-8") as f:
        next(f)
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 3 and fields[1] and fields[2].isdigit() and int(fields[2]) >= MIN_DOWNLOADS:
                rows.append(f"{fields[0]}\t{fields[1]}\n")
    rows.sort()
    with gzip.GzipFile(OUT, "wb", mtime=0) as f:
        f.write("".join(rows).encode("utf-8"))
    return len(rows)


if __name__ == "__main__":
    print(generate(sys.argv[1] if len(sys.argv) > 1 else SOURCE), "packages")
