"""Benchmark of exercise checks (issue 15). Run: python scripts/bench_exercise.py

After every command at the prompt the open task's checks run. Goal: the checks of one
task (10 checks) evaluate in at most 20 ms with 100 containers in the world.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from engine import Engine  # noqa: E402
from shell import exercise  # noqa: E402
from shell.session import Session  # noqa: E402

CHECKS = [
    ("inspect -f '{{.State.Status}}' web", "running"),
    ("inspect -f '{{.Config.Image}}' web", "nginx"),
    ("port web 80", "0.0.0.0:8080\n| [::]:8080"),
    ("ps --filter name=web --format '{{.Names}}'", "web"),
    ("peek web:/etc/nginx/nginx.conf", "..."),
    ("network inspect -f '{{.Driver}}' app", "bridge"),
    ("inspect -f '{{.HostConfig.Memory}}' c7", "0"),
    ("images --format '{{.Repository}}' nginx", "nginx"),
    ("volume inspect -f '{{.Name}}' data", "data"),
    ("logs --tail 1 c3", "..."),
]


def world(containers: int) -> Session:
    session = Session(Engine.deterministic())
    for line in ("pull -q alpine", "pull -q nginx", "network create app", "volume create data",
                 "run -d --name web -p 8080:80 --network app nginx"):
        session.execute(line)
    for number in range(containers - 1):
        kind = "-d" if number % 2 else ""
        session.execute(f"run {kind} --name c{number} alpine sh -c 'echo {number}; sleep 3600'")
    return session


def main() -> None:
    text = "#task the web service\n" + "".join(
        f"#check {number}\n{command}\n| {expected}\n" for number, (command, expected)
        in enumerate(CHECKS))
    task = exercise.parse(text, "bench.crs").tasks[0]
    for containers in (10, 100, 1000):
        session = world(containers)
        times = []
        for _ in range(15):
            start = time.perf_counter()
            results = [exercise.passes(check, *session.run_check(check.step.command))
                       for check in task.checks]
            times.append(time.perf_counter() - start)
        assert all(results), results
        print(f"{len(task.checks)} checks, {containers:5d} containers: "
              f"median {statistics.median(times) * 1000:6.1f} ms (goal at 100: 20 ms)")


if __name__ == "__main__":
    main()
