"""Benchmarks of crsim-shell (issue 3). Run: python scripts/bench_shell.py

- time to the first interactive prompt, against importing prompt_toolkit alone;
- `crsim-shell -c` start-up, against a bare interpreter;
- Tab completion with 10,000 containers (goal: at most 10 ms).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, ROOT)
ENV = dict(os.environ, PYTHONPATH=ROOT, PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm")


def median_run(argv, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=ENV, cwd=ROOT, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def first_prompt(runs: int = 5) -> float:
    import pexpect
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        child = pexpect.spawn(sys.executable, ["-m", "shell.main"], env=ENV, cwd=ROOT,
                              encoding="utf-8", timeout=20, dimensions=(24, 100))
        child.expect("crsim> ")
        times.append(time.perf_counter() - start)
        child.sendeof()
        child.expect(pexpect.EOF)
    return statistics.median(times)


def completion(count: int = 10_000) -> None:
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    from engine import Engine
    from shell.interactive.completer import CommandCompleter
    engine = Engine.deterministic()
    engine.pull("busybox")
    for i in range(count):
        engine.create("busybox", ["sleep", "60"], name=f"box{i}")
    completer = CommandCompleter(engine)
    for line in ("rm ", "rm box99", "stop ", "run -d bus", "ps --"):
        document = Document(line, len(line))
        times = []
        for _ in range(9):
            start = time.perf_counter()
            found = list(completer.get_completions(document, CompleteEvent(completion_requested=True)))
            times.append(time.perf_counter() - start)
        print(f"complete {line!r:14} with {count:,} containers: "
              f"{statistics.median(times) * 1e3:6.2f} ms ({len(found)} shown)")


if __name__ == "__main__":
    bare = median_run([sys.executable, "-c", "pass"])
    dash_c = median_run([sys.executable, "-m", "shell.main", "-c", "version"])
    ptk = median_run([sys.executable, "-c", "import prompt_toolkit.shortcuts"])
    print(f"bare interpreter:              {bare * 1e3:7.1f} ms")
    print(f"crsim-shell -c version:        {dash_c * 1e3:7.1f} ms")
    print(f"import prompt_toolkit alone:   {ptk * 1e3:7.1f} ms")
    try:
        print(f"first interactive prompt:      {first_prompt() * 1e3:7.1f} ms")
    except ImportError:
        print("first interactive prompt:      (pexpect not installed)")
    completion()
