#!/usr/bin/env python3
"""Start-up cost of crsim-shell against a bare interpreter (issue 18), and the cost of a
long command line.

Each case runs as ``python -m shell.main ...`` from a checkout (this one, or the one given
with --root: a copy of main measures "before"), its bytecode compiled first as pip install
compiles it (without it every start compiles the sources: PYTHONDONTWRITEBYTECODE is
often set), with the same interpreter, paired in one loop with a bare ``python -c pass``:
every round runs the bare interpreter and then each case, so both see the same machine
load. Printed: the median of each case, and the median of its per-round ratios to the
bare run (goals of issue 18: version, help, CMD --help and a usage error at most 2x;
`run busybox echo hi` and `run alpine sh -c ...` at most 4x; lesson 01 replayed with
--check at most 5x).

Then ``ps`` followed by one long word: parsed, run by a session, and typed at the
prompt key by key (each must stay linear: the time per character is printed at three
lengths).

With --installed, the way issue 18 measures: a new virtual environment in a temporary
directory with `pip install` of the checkout (not editable, bytecode compiled), its
`crsim-shell` against its own bare `python -c pass`, run from a neutral directory. A
development environment's bare interpreter imports more at start (an editable
install's finder loads pathlib, re, enum ...), which hides what crsim itself imports:
its ratios come out lower than an installed copy's.

Run: python scripts/bench_start.py [--root CHECKOUT] [ROUNDS] [--start-only] [--installed]
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if sys.argv[1:2] == ["--root"]:
    ROOT = os.path.abspath(sys.argv[2])
    del sys.argv[1:3]
sys.path.insert(0, ROOT)
ENV = dict(os.environ, PYTHONPATH=ROOT)
SHELL = [sys.executable, "-m", "shell.main"]

BARE = [sys.executable, "-c", "pass"]
CASES = {
    "-c version": SHELL + ["-c", "version"],
    "-c help": SHELL + ["-c", "help"],
    "run --help": SHELL + ["run", "--help"],
    "usage error (ps --bogus)": SHELL + ["-c", "ps --bogus"],
    "-c 'run busybox echo hi'": SHELL + ["-c", "run busybox echo hi"],
    "-c 'run alpine sh -c ls|wc'": SHELL + ["-c", 'run alpine sh -c "ls / | wc -l"'],
    "lesson 01 --check": SHELL + [os.path.join(ROOT, "scripts", "lessons", "01-first-container.crs"),
                                  "--check"],
    "python -c 'import engine'": [sys.executable, "-c", "import engine"],
}


CWD = ROOT


def _seconds(argv) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=ENV, cwd=CWD, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def installed_copy(root: str):
    """`pip install` of the checkout ``root`` into a new virtual environment in a temporary
    directory: that directory, the environment's python and its crsim-shell.
    scripts/bench_prompt.py uses it too. (setuptools builds in the checkout: the build
    files it leaves there are removed, since a build/lib kept there would install
    modules deleted since.)"""
    import shutil
    import tempfile
    place = tempfile.mkdtemp(prefix="crsim-bench-")
    venv = os.path.join(place, "venv")
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    python = os.path.join(venv, "bin", "python")
    had = set(os.listdir(root))
    try:
        subprocess.run([python, "-m", "pip", "install", "-q", root], check=True)
    finally:
        for name in set(os.listdir(root)) - had:
            if name == "build" or name.endswith(".egg-info"):
                shutil.rmtree(os.path.join(root, name), ignore_errors=True)
    return place, python, os.path.join(venv, "bin", "crsim-shell")


def use_an_installed_copy() -> None:
    """Measure crsim-shell as `pip install .` leaves it, in a virtual environment of its
    own (see the module's docstring)."""
    global BARE, CWD, ENV
    place, python, crsim = installed_copy(ROOT)
    shell = [crsim]
    BARE, CWD = [python, "-c", "pass"], place
    ENV = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    lesson = os.path.join(ROOT, "scripts", "lessons", "01-first-container.crs")
    CASES.clear()
    CASES.update({"-c version": shell + ["-c", "version"], "-c help": shell + ["-c", "help"],
                  "run --help": shell + ["run", "--help"],
                  "usage error (ps --bogus)": shell + ["-c", "ps --bogus"],
                  "-c 'run busybox echo hi'": shell + ["-c", "run busybox echo hi"],
                  "-c 'run alpine sh -c ls|wc'": shell + ["-c", 'run alpine sh -c "ls / | wc -l"'],
                  "lesson 01 --check": shell + [lesson, "--check"],
                  "python -c 'import engine'": [python, "-c", "import engine"]})


def start_up(rounds: int) -> None:
    if CWD == ROOT:  # a checkout: compiled as pip install compiles an installed copy
        for package in ("engine", "shell"):
            compileall.compile_dir(os.path.join(ROOT, package), quiet=1)
    for argv in [BARE, *CASES.values()]:  # warm the bytecode cache and the page cache
        _seconds(argv)
    bare, times = [], {name: [] for name in CASES}
    for _ in range(rounds):
        bare.append(_seconds(BARE))
        for name, argv in CASES.items():
            times[name].append(_seconds(argv))
    print(f"bare python -c pass: {statistics.median(bare) * 1000:.0f} ms (median of {rounds})")
    for name, seconds in times.items():
        ratio = statistics.median(t / b for t, b in zip(seconds, bare))
        print(f"  {name:28} {statistics.median(seconds) * 1000:6.0f} ms  {ratio:5.1f}x")


def long_line() -> None:
    """A command line of one long word: read by the line parser, run by a session, and
    typed key by key at the prompt (the completer runs at every key; prompt_toolkit's
    own work per key is the floor). Each must grow linearly: the time per character
    stays flat as the line grows."""
    from engine import Engine
    from shell.line import parse
    from shell.session import Session
    session = Session(Engine.deterministic())
    for size in (100_000, 300_000, 1_000_000):
        line = "ps " + "a" * size
        start = time.perf_counter()
        parse(line)
        parsed = time.perf_counter() - start
        start = time.perf_counter()
        session.execute(line)
        ran = time.perf_counter() - start
        print(f"  'ps' + {size:>9,} chars: parse {parsed:6.3f} s ({parsed / size * 1e9:4.0f} ns/char), "
              f"session.execute {ran:6.3f} s ({ran / size * 1e9:4.0f} ns/char)")
    for size in (3_000, 10_000, 30_000):
        took = _typed(size)
        print(f"  typed key by key at the prompt, 'ps' + {size:>6,} chars: {took:6.2f} s "
              f"({took / size * 1e6:4.0f} us per key)")


def _typed(size: int) -> float:
    import tempfile

    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from engine import Engine
    from shell.interactive.repl import run_repl
    from shell.session import Session
    os.environ["HOME"] = tempfile.mkdtemp()  # the prompt's history file goes there
    session = Session(Engine.deterministic())
    quiet, sys.stdout = sys.stdout, open(os.devnull, "w")  # ps's usage error
    try:
        with create_pipe_input() as keyboard:
            keyboard.send_text("ps " + "a" * size + "\n\x04")  # no bracketed paste: key by key
            start = time.perf_counter()
            run_repl(session, input=keyboard, output=DummyOutput())
            return time.perf_counter() - start
    finally:
        sys.stdout.close()
        sys.stdout = quiet


if __name__ == "__main__":
    only_start = "--start-only" in sys.argv
    if "--installed" in sys.argv:
        use_an_installed_copy()
    numbers = [int(word) for word in sys.argv[1:] if word.isdigit()]
    start_up(numbers[0] if numbers else 11)
    if not only_start:
        print("one long word:")
        long_line()
