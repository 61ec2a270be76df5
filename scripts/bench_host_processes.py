#!/usr/bin/env python3
"""Benchmark what a `--pid host` container pays to look at the host's process table.

With 100 running containers the host has about 200 processes (each container's sleep
and its containerd-shim, plus the host's services). `ls /proc`, `ps` and `top -b -n 1`
inside a --pid host container look every one of them up in /proc; the table is built
once while no process is born or ends, so each look costs about the same as the listing.
"""

from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from engine import Engine  # noqa: E402

CONTAINERS = 100
ROUNDS = 5


def main() -> int:
    import engine.userland  # noqa: F401  (load the programs before timing anything)
    engine = Engine.deterministic()
    engine.pull("alpine")
    for i in range(CONTAINERS):
        engine.run("alpine", ["sleep", "100000"], name=f"c{i}")
    engine.run("alpine", ["sleep", "100000"], name="watcher", pid_mode="host")
    for argv in (["ls", "/proc"], ["ps"], ["top", "-b", "-n", "1"]):
        engine.exec("watcher", argv)  # warm: the programs' modules are loaded
        start = time.perf_counter()
        for _ in range(ROUNDS):
            result = engine.exec("watcher", argv)
        seconds = (time.perf_counter() - start) / ROUNDS
        lines = result.stdout.count("\n")
        print(f"{' '.join(argv):<16} in a --pid host container beside {CONTAINERS} others: "
              f"{seconds * 1000:8.1f} ms ({lines} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
