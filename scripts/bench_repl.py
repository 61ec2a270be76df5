"""Benchmark of answers at the prompt with many containers (issue 18). Run:
python scripts/bench_repl.py [COUNTS...]   (default: 100 1000)

A world of N containers (half of them running, on 10 user networks) in one session, then
the median time of each command the issue names, and of completing `exec ` (the
completer's answer for the prompt). Goals at 1,000 containers: ps 20 ms, ps -a --format json
50 ms, run -d 5 ms, exec true 2 ms, inspect 5 ms, completion 10 ms, stats --no-stream 50 ms;
and none should grow faster than the number of containers. Also the memory (tracemalloc
peak of the world) per running container.

python scripts/bench_repl.py --memory [N]   (default 10000): N running containers (alpine
`sleep 3600`, on the default bridge) in a fresh process without tracemalloc: the resident
size (VmRSS) of the whole process, and what each container adds. Goal: 10,000 in 300 MB.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import tracemalloc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from engine import Engine  # noqa: E402
from shell.session import Session  # noqa: E402

COMMANDS = ["ps", "ps -a --format json", "run -d alpine sleep 3600", "exec c1 true",
            "inspect c1", "stats --no-stream"]


def world(count: int) -> Session:
    session = Session(Engine.deterministic())
    session.execute("pull -q alpine")
    for number in range(10):
        session.execute(f"network create net{number}")
    for number in range(count):
        running = number % 2 == 1
        line = (f"run -d --name c{number} --network net{number % 10} alpine sleep 3600" if running
                else f"create --name c{number} --network net{number % 10} alpine true")
        session.execute(line)
    return session


def median_ms(session: Session, line: str, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        session.execute(line)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def completion_ms(session: Session, runs: int = 7) -> float:
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    from shell.interactive.completer import CommandCompleter
    completer = CommandCompleter(lambda: session.engine)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        list(completer.get_completions(Document("exec "), CompleteEvent()))
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main(counts) -> None:
    for count in counts:
        tracemalloc.start()
        start = time.perf_counter()
        session = world(count)
        built = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        figures = [f"{line!r} {median_ms(session, line):.1f} ms" for line in COMMANDS]
        figures.append(f"complete 'exec ' {completion_ms(session):.1f} ms")
        import resource  # the process's peak resident size so far (KiB on Linux)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
        print(f"{count:6,d} containers (built in {built:.1f} s, {peak / 1e6:.0f} MB traced, "
              f"{rss:.0f} MB resident at most, {peak / max(1, count // 2) / 1e3:.0f} KB traced per "
              f"running one):")
        for figure in figures:
            print("    " + figure)


def resident_mb() -> float:
    """The process's resident size now (VmRSS), in MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024 / 1e6
    raise RuntimeError("no VmRSS in /proc/self/status")


def memory(count: int) -> None:
    import gc
    session = Session(Engine.deterministic())
    session.execute("pull -q alpine")
    session.execute("run -d --name warm alpine sleep 3600")  # every module loaded
    session.execute("rm -f warm")
    gc.collect()
    before = resident_mb()
    start = time.perf_counter()
    for number in range(count):
        session.execute(f"run -d --name c{number} alpine sleep 3600")
    built = time.perf_counter() - start
    gc.collect()
    after = resident_mb()
    running = sum(1 for c in session.engine.containers if c.state.running)
    print(f"{running:,d} running containers (started in {built:.1f} s): {after:.0f} MB resident "
          f"({before:.0f} MB before them), {(after - before) * 1e3 / count:.1f} KB each")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--memory"]:
        memory(int(sys.argv[2]) if len(sys.argv) > 2 else 10_000)
    else:
        main([int(arg) for arg in sys.argv[1:]] or [100, 1000])
