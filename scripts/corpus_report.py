"""Build every Dockerfile of the corpus and print what happened, with totals by cause.

    python scripts/corpus_report.py [--tsv]    (--tsv: the lines of tests/corpus/dockerfiles/EXPECTED.tsv)
"""

from __future__ import annotations

import collections
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from tests.corpus.corpus import build, classify, entries  # noqa: E402


def main(argv) -> int:
    outcomes = [build(name) for name in entries()]
    if "--tsv" in argv:
        for o in outcomes:
            print("\t".join((o.name, o.result, classify(o), o.error)))  # detail: see the table
        return 0
    for o in outcomes:
        print(f"{o.name:40} {o.result:6} {o.run or classify(o):22} {o.step[:40]:40} {(o.detail or o.error)[:120]}")
    counts = collections.Counter(classify(o) for o in outcomes)
    print()
    print(f"{counts['builds']} of {len(outcomes)} build; " +
          ", ".join(f"{n} {cause}" for cause, n in counts.most_common() if cause != "builds"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
