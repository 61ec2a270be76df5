"""Benchmarks of the resource simulation (issue 6). Run: python scripts/bench_resources.py

The cost of simulated time with 10, 100 and 1,000 running containers:
- busy containers (stress --cpu 1, under --cpus 0.5): CPU shares and cpu.stat
  are integrated between events, so an hour costs almost nothing;
- idle containers (sleep 3600);
- a timer-heavy workload: a program waking every second (3,600 events per
  container per simulated hour), which is what each event costs.
"""

from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from engine import Engine  # noqa: E402
from engine.image.image import HistoryEntry, Image  # noqa: E402
from engine.proc.api import Sleep, program  # noqa: E402
from engine.vfs.entry import directory, regular  # noqa: E402
from engine.vfs.layer import Layer  # noqa: E402


@program("bench-ticker")
def ticker(ctx):
    """Prints a line every second, for ever (like `while true; do date; sleep 1; done`)."""
    while True:
        ctx.out("tick\n")
        yield Sleep(1)


def engine_with_tools() -> Engine:
    engine = Engine.deterministic(cpus=4)
    alpine = engine.pull("alpine").image
    tools = Layer({"/usr": directory(), "/usr/bin": directory(),
                   "/usr/bin/stress": regular(None, 0o755, size=1, program="stress"),
                   "/usr/bin/ticker": regular(None, 0o755, size=1, program="bench-ticker")})
    engine.images.add(Image(list(alpine.layers) + [tools], alpine.config,
                            list(alpine.history) + [HistoryEntry(alpine.created, "RUN tools")],
                            alpine.created), ["bench:1"])
    return engine


def simulate(count: int, argv, hours: float = 1.0, **limits) -> float:
    engine = engine_with_tools()
    for _ in range(count):
        engine.run("bench:1", argv, **limits)
    start = time.perf_counter()
    engine.sleep(hours * 3600)
    return time.perf_counter() - start


if __name__ == "__main__":
    for count in (10, 100, 1000):
        busy = simulate(count, ["stress", "--cpu", "1"], nano_cpus=500_000_000)
        idle = simulate(count, ["sleep", "3600"])
        print(f"{count:5d} containers, 1 simulated hour: busy {busy * 1e3:8.1f} ms, "
              f"idle {idle * 1e3:8.1f} ms")
    for count in (10, 100):
        ticks = simulate(count, ["ticker"], hours=0.1)
        events = count * 360
        print(f"{count:5d} tickers, 6 simulated minutes ({events:,} wake-ups): "
              f"{ticks * 1e3:8.1f} ms ({ticks / events * 1e6:.1f} us per wake-up)")
