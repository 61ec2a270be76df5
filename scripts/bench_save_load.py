"""Benchmark of save and load (issue 16). Run: python scripts/bench_save_load.py

Saves the python image (about 1.1 GB as Docker declares it) to a file, loads it into a new
engine and saves it again: the times, the archive's size, the peak of Python's own memory
(tracemalloc) during each step, and whether the second archive has the same bytes.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import tracemalloc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from engine import Engine  # noqa: E402


def measured(step):
    tracemalloc.start()
    start = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, seconds, peak


def save_to(engine, name, path):
    with open(path, "wb") as handle:
        for chunk in engine.save([name]):
            handle.write(chunk)
    return os.path.getsize(path)


def main(name: str = "python") -> None:
    engine = Engine.deterministic()
    engine.pull(name)
    declared = engine.image(name).size
    with tempfile.TemporaryDirectory() as folder:
        first, second = os.path.join(folder, "a.tar"), os.path.join(folder, "b.tar")
        size, seconds, peak = measured(lambda: save_to(engine, name, first))
        print(f"save {name} ({declared / 1e9:.2f} GB declared): {seconds:.2f} s, archive "
              f"{size / 1e6:.1f} MB, peak memory {peak / 1e6:.1f} MB")
        other = Engine.deterministic()
        with open(first, "rb") as handle:
            data = handle.read()
        _, seconds, peak = measured(lambda: other.load(data))
        print(f"load: {seconds:.2f} s, peak memory {peak / 1e6:.1f} MB (the archive read whole)")
        save_to(other, name, second)
        with open(first, "rb") as a, open(second, "rb") as b:
            same = a.read() == b.read()
        print(f"save -> load -> save gives the same bytes: {same}")


if __name__ == "__main__":
    main(*sys.argv[1:])
