#!/usr/bin/env python3
"""Time to the first interactive prompt of crsim-shell, on a pseudo-terminal (issue 18:
at most 1.3x the time of `python -c 'import prompt_toolkit.shortcuts'`).

Each round starts ``python -m shell.main`` on a new pty (a fresh $HOME: no history), reads
its output until the prompt's text appears, and ends it; then runs the reference
interpreter to its end. Printed: the median of each and the median of the per-round
ratios (both see the same machine load).

With --installed, the way issue 18 measures: a `pip install` of the checkout in a new
virtual environment (scripts/bench_start.py's installed_copy), its crsim-shell against
its own interpreter importing prompt_toolkit.shortcuts.

Run: python scripts/bench_prompt.py [ROUNDS] [--installed]
"""

from __future__ import annotations

import compileall
import os
import pty
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROMPT = b"crsim> "
REFERENCE = [sys.executable, "-c", "import prompt_toolkit.shortcuts"]
SHELL = [sys.executable, "-m", "shell.main"]  # from the checkout (PYTHONPATH), in ROOT
PLACE, PATHS = ROOT, {"PYTHONPATH": ROOT}


def to_prompt(home: str) -> float:
    """Seconds from the start of crsim-shell on a pty to its prompt on the screen."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env.update(PATHS, HOME=home, TERM="xterm-256color", COLUMNS="100", LINES="30")
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: crsim-shell on the pty
        os.chdir(PLACE)
        os.execve(SHELL[0], SHELL, env)
    seen = b""
    try:
        while PROMPT not in seen:
            ready, _, _ = select.select([fd], [], [], 30)
            if not ready:
                raise RuntimeError(f"no prompt after 30 s: {seen[-200:]!r}")
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the child ended
                raise RuntimeError(f"crsim-shell ended before its prompt: {seen[-200:]!r}") from None
            seen += chunk
            if b"\x1b[6n" in chunk:  # prompt_toolkit asks where the cursor is: answer it
                os.write(fd, b"\x1b[1;1R")
        return time.perf_counter() - start
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def reference() -> float:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    start = time.perf_counter()
    subprocess.run(REFERENCE, check=True, cwd=PLACE, env=dict(env, **PATHS))
    return time.perf_counter() - start


def use_an_installed_copy() -> None:
    global REFERENCE, SHELL, PLACE, PATHS
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from bench_start import installed_copy
    PLACE, python, crsim = installed_copy(ROOT)
    REFERENCE, SHELL, PATHS = [python, "-c", "import prompt_toolkit.shortcuts"], [crsim], {}


def main(rounds: int) -> None:
    if PLACE == ROOT:  # a checkout: compiled as pip install compiles an installed copy
        for package in ("engine", "shell"):
            compileall.compile_dir(os.path.join(ROOT, package), quiet=1)
    with tempfile.TemporaryDirectory() as home:
        to_prompt(home), reference()  # warm the caches (bytecode, command table, pages)
        prompts, references = [], []
        for _ in range(rounds):
            prompts.append(to_prompt(home))
            references.append(reference())
    ratio = statistics.median(p / r for p, r in zip(prompts, references))
    print(f"python -c 'import prompt_toolkit.shortcuts': {statistics.median(references) * 1000:.0f} ms")
    print(f"crsim-shell to its first prompt (pty):       {statistics.median(prompts) * 1000:.0f} ms"
          f"  {ratio:.2f}x  (goal <= 1.3x)")


if __name__ == "__main__":
    if "--installed" in sys.argv:
        use_an_installed_copy()
    numbers = [int(word) for word in sys.argv[1:] if word.isdigit()]
    main(numbers[0] if numbers else 11)
