#!/usr/bin/env python3
"""Benchmark the full-screen programs on the engine's terminal (wall time per key).

A key must feel immediate at the container prompt: goal, under 10 ms a key, screen
drawn, on a big file (20,000 lines for vi, 100,000 for less), and opening it in
under 0.5 s. vi keeps the file as one text (as BusyBox's does), so its costs grow
with the file: this says by how much.
"""

from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from engine import Engine  # noqa: E402

GOAL_KEY = 0.010
GOAL_OPEN = 0.5


class Typist:
    def __init__(self, engine):
        self.engine = engine
        self.session = engine.attach_shell("box", ["sh"])
        self.session.resize(40, 120)
        self.terminal = self.session.terminal

    def settle(self):
        session, keys = self.session, self.terminal.keys
        self.engine.wait_until(lambda: session.ready or (session.full_screen and not keys.held))
        return session.read()

    def open(self, line):
        start = time.perf_counter()
        self.session.type(line)
        self.settle()
        return time.perf_counter() - start

    def keys(self, keys, each=1):
        start = time.perf_counter()
        for key in keys:
            self.session.keys(key)
            self.settle()
        return (time.perf_counter() - start) / (len(keys) * each)


def main() -> int:
    import engine.userland  # noqa: F401  (load the programs before timing anything)
    engine = Engine.deterministic()
    engine.pull("alpine")
    engine.run("alpine", ["sleep", "100000"], name="box")
    engine.exec("box", ["sh", "-c", "seq 1 20000 > /tmp/vi.txt; seq 1 100000 > /tmp/less.txt"])
    typist = Typist(engine)
    results = []

    opened = typist.open("vi /tmp/vi.txt")
    moves = typist.keys(["j"] * 200 + ["G", "1G"] * 20)
    typing = typist.keys(["G", "o"] + list("x" * 500) + ["\x1b"])
    typist.keys([":q!\r"])
    results += [("vi: open 20,000 lines", opened, GOAL_OPEN),
                ("vi: a motion key (j, G, 1G)", moves, GOAL_KEY),
                ("vi: a typed character at the end", typing, GOAL_KEY)]

    opened = typist.open("less /tmp/less.txt")
    paging = typist.keys([" "] * 200 + ["G", "g"] * 20 + ["b"] * 50)
    searching = typist.keys(["/99999\r", "g", "/5000\r", "n", "n"])
    typist.keys(["q"])
    results += [("less: open 100,000 lines", opened, GOAL_OPEN),
                ("less: a paging key (Space, b, G, g)", paging, GOAL_KEY),
                ("less: a search key (/re, n)", searching, 0.1)]

    failed = False
    for name, seconds, goal in results:
        ok = seconds <= goal
        failed |= not ok
        print(f"{name:40} {seconds * 1000:8.2f} ms   (goal {goal * 1000:.0f} ms) "
              f"{'ok' if ok else 'SLOW'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
