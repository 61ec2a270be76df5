"""Every real Dockerfile of the corpus builds, or fails the way EXPECTED.tsv records.

EXPECTED.tsv (written by `scripts/corpus_report.py --tsv`) holds, per entry, the
outcome, the cause class and the first error line; a change in any of them fails
here, so progress is recorded by regenerating it and regressions are caught.
"""

import os

import pytest

from tests.corpus.corpus import CORPUS, build, classify, entries

EXPECTED = os.path.join(CORPUS, "EXPECTED.tsv")


def _expected():
    with open(EXPECTED, encoding="utf-8") as f:
        return {row[0]: row[1:] for row in (line.rstrip("\n").split("\t") for line in f) if row[0]}


@pytest.mark.parametrize("name", entries())
def test_entry_builds_or_fails_as_recorded(name):
    expected = _expected()
    assert name in expected, f"{name} is not in EXPECTED.tsv: run scripts/corpus_report.py --tsv"
    outcome = build(name)
    assert [outcome.result, classify(outcome), outcome.error] == expected[name]


def test_failures_are_all_explained():
    """What still fails is a missing download, toolchain or image the simulator names."""
    rows = _expected().values()
    builds = sum(1 for result, _, _ in rows if result == "builds")
    assert builds >= 11
    for result, cause, error in rows:
        if result == "fails":
            assert error and "Traceback" not in error
