#!/usr/bin/env python3
"""Benchmark the simulated database servers.

1. 2,000 Redis commands through one redis-cli session (a pipe of SET/INCR lines),
   then the server's CPU time as `docker stats`/cpu.stat count it: every command is
   charged to redis-server, so the number grows with the work.
2. 300 INSERTs through one psql session, then a SELECT count(*).
Goal: each run takes under 2 s of wall time on a laptop.
"""

from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from engine import Engine  # noqa: E402


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> int:
    import engine.userland  # noqa: F401  (load the programs before timing anything)
    engine = Engine.deterministic()
    engine.pull("redis:7")
    engine.pull("postgres:16")
    engine.run("redis:7", name="cache")
    lines = "".join(f"SET key{i} {i}\nINCR counter\n" for i in range(1000))
    before = engine.container("cache").cgroup.usage_usec
    seconds, result = timed(lambda: engine.exec("cache", ["redis-cli"], stdin=lines))
    engine.sleep(1)  # the server settles what its answers cost
    spent = engine.container("cache").cgroup.usage_usec - before
    print(f"redis: 2,000 commands in {seconds:.2f} s wall; last reply "
          f"{result.stdout.split()[-1]}; the container's CPU grew by {spent / 1000:.1f} ms")
    engine.run("postgres:16", name="db", env=["POSTGRES_PASSWORD=x"])
    engine.sleep(2)
    engine.exec("db", ["psql", "-U", "postgres", "-c", "CREATE TABLE t (id serial, v integer)"])
    sql = "".join(f"INSERT INTO t (v) VALUES ({i});\n" for i in range(300))
    seconds, _ = timed(lambda: engine.exec("db", ["psql", "-U", "postgres", "-q"], stdin=sql))
    count = engine.exec("db", ["psql", "-U", "postgres", "-tA", "-c", "SELECT count(*) FROM t"])
    print(f"postgres: 300 INSERTs in {seconds:.2f} s wall; count = {count.stdout.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
