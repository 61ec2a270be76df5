#!/usr/bin/env python3
"""Benchmark the pictures on a busy host: 100 running containers (each with a child
process), on the default bridge and a user network, some publishing a port.

Goal: each picture (pstree, lsns, systemd-cgls, netmap) draws in at most 0.5 s, and
`layers IMAGE PATH` on python:3.12's /usr/lib (7 layers) in at most 0.5 s; their SVG
adds little. Prints the time of each, in ms.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from engine import Engine  # noqa: E402
from shell.session import Session  # noqa: E402

CONTAINERS = 100
LIMIT = 0.5


def timed(session: Session, line: str) -> float:
    start = time.perf_counter()
    out, status = session.execute(line)
    elapsed = time.perf_counter() - start
    assert status == 0, (line, out)
    return elapsed


def main() -> int:
    session = Session(Engine.deterministic())
    sh = session.execute
    for line in ("pull -q alpine", "pull -q python:3.12", "network create appnet"):
        sh(line)
    for number in range(CONTAINERS):
        network = "--network appnet " if number % 2 else ""
        publish = f"-p {8000 + number}:80 " if number % 10 == 0 else ""
        out, status = sh(f"run -d --name c{number} {network}{publish}alpine "
                         "sh -c 'sleep 1000 & sleep 2000'")
        assert status == 0, out
    failed = 0
    with tempfile.TemporaryDirectory() as scratch:
        for line in ("pstree", "lsns", "systemd-cgls", "netmap", "layers python:3.12 /usr/lib",
                     "layers c1 /etc"):
            plain = timed(session, line)
            svg = timed(session, f"{line} --svg {scratch}/x.svg")
            ok = plain <= LIMIT
            failed += not ok
            print(f"{line:32} {plain * 1000:7.1f} ms   with --svg {svg * 1000:7.1f} ms"
                  f"   {'ok' if ok else 'SLOW'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
