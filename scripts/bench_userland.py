"""Benchmarks of the userland (issue 4). Run: python scripts/bench_userland.py

- `exec c sh -c 'ls -R / | wc -l'` on the python image (a large tree);
- 1,000 `exec c echo hi` in one replay (the cost of one exec end to end);
- grep -E, sed -E and awk on a pattern that makes a backtracking matcher blow up,
  `(a*)*b` on lines of 30 a's (issue 13: minutes with Python's re, RE2 keeps it linear).
"""

from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from engine import Engine  # noqa: E402
from shell.session import Session  # noqa: E402


def ls_recursive() -> None:
    engine = Engine.deterministic()
    engine.pull("python")
    engine.run("python", ["sleep", "infinity"], name="bench")
    start = time.perf_counter()
    result = engine.exec("bench", ["sh", "-c", "ls -R / | wc -l"])
    elapsed = time.perf_counter() - start
    print(f"exec c sh -c 'ls -R / | wc -l' on python: {elapsed * 1e3:.0f} ms "
          f"(status {result.status}, {result.stdout.strip()} lines)")


def many_execs(count: int = 1000) -> None:
    session = Session(Engine.deterministic())
    session.execute("pull alpine")
    session.execute("run -d --name bench alpine sleep infinity")
    start = time.perf_counter()
    for _ in range(count):
        output, status = session.execute("exec bench echo hi")
        assert (output, status) == ("hi\n", 0)
    elapsed = time.perf_counter() - start
    print(f"{count:,} x exec c echo hi in one replay: {elapsed:.2f} s "
          f"({elapsed / count * 1e3:.2f} ms each)")


def pathological_regex(lines: int = 200) -> None:
    engine = Engine.deterministic()
    engine.pull("alpine")
    engine.run("alpine", ["sleep", "infinity"], name="rx")
    engine.exec("rx", ["sh", "-c", f"yes aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | head -n {lines} > /tmp/a"])
    for program in ("grep -cE '(a*)*b' /tmp/a", "sed -E 's/(a*)*b/x/' /tmp/a | wc -l",
                    "awk '/(a*)*b/' /tmp/a | wc -l"):
        start = time.perf_counter()
        result = engine.exec("rx", ["sh", "-c", program])
        elapsed = time.perf_counter() - start
        print(f"{program} on {lines} lines of 30 a's: {elapsed * 1e3:.0f} ms (output {result.stdout.strip()})")


if __name__ == "__main__":
    ls_recursive()
    many_execs()
    pathological_regex()
