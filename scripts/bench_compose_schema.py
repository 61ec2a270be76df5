"""Benchmark of the compose schema check (issue 17). Run: python scripts/bench_compose_schema.py

`compose` checks every file it reads against the compose-spec schema. Goal: reading the
schema once and checking a sample file stays well under the 100 ms a person notices at the
prompt, and a large file (200 services, every common key) under 50 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from shell.compose import schema, yaml12  # noqa: E402

SAMPLE = os.path.join(os.path.dirname(__file__), "..", "tests", "shell", "compose_files",
                      "wordpress-mysql", "compose.yaml")
SERVICE = """  svc{n}:
    image: nginx:1.27
    command: ["nginx", "-g", "daemon off;"]
    environment:
      A: "1"
      B: two
    ports: ["80{n:02d}:80", "443"]
    volumes: ["./site:/usr/share/nginx/html:ro", "data{n}:/data"]
    depends_on:
      svc0:
        condition: service_started
    healthcheck:
      test: ["CMD", "true"]
      interval: 10s
    deploy:
      resources:
        limits: {{cpus: "0.5", memory: 64M}}
    networks: [front, back]
"""


def timed(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    with open(SAMPLE) as handle:
        sample = yaml12.load(handle)
    start = time.perf_counter()
    assert schema.validate(sample) is None
    first = (time.perf_counter() - start) * 1000
    large = yaml12.load("services:\n" + "".join(SERVICE.format(n=n) for n in range(200))
                        + "networks: {front: {}, back: {}}\n")
    assert schema.validate(large) is None
    print(f"first check (schema read + wordpress-mysql): {first:.1f} ms")
    print(f"wordpress-mysql, schema loaded:             {timed(lambda: schema.validate(sample), 50):.2f} ms")
    print(f"200 services:                               {timed(lambda: schema.validate(large), 10):.1f} ms")


if __name__ == "__main__":
    main()
