"""Benchmarks of the engine core (issue 2). Run: python scripts/bench_engine.py

- path lookup in a union of 1, 10 and 127 layers (goal: 127 no slower than 1.2x one);
- creating 10,000 containers from one image: time, and memory per container
  (goal: under 20 KB, and not growing with the image's size);
- readdir of a 10,000-entry directory merged from several layers.
"""

from __future__ import annotations

import gc
import os
import sys
import time
import tracemalloc

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from engine import Engine  # noqa: E402
from engine.vfs.entry import directory, regular  # noqa: E402
from engine.vfs.index import MergedIndex  # noqa: E402
from engine.vfs.layer import Layer  # noqa: E402
from engine.vfs.union import UnionFS  # noqa: E402

LOOKUP_PATHS = ["/usr/lib/pkg%d/file%d.so" % (i % 50, i % 20) for i in range(1000)]


def stacked_layers(count: int):
    """``count`` layers; the files are spread over them, each layer adds its own share."""
    base = {"/usr": directory(), "/usr/lib": directory()}
    for p in range(50):
        base[f"/usr/lib/pkg{p}"] = directory()
    layers = [dict(base) for _ in range(count)]
    for p in range(50):
        for f in range(20):
            layers[(p * 20 + f) % count][f"/usr/lib/pkg{p}/file{f}.so"] = regular(None, size=1000)
    return [Layer(entries) for entries in layers]


def best_of(runs: int, func) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def bench_lookup() -> None:
    results = {}
    for count in (1, 10, 127):
        fs = UnionFS(MergedIndex(stacked_layers(count)))
        fs.write("/usr/lib/pkg0/file0.so", b"changed")  # a non-empty upper layer too

        def lookups():
            for path in LOOKUP_PATHS:
                fs.stat(path)
        results[count] = best_of(20, lookups) / len(LOOKUP_PATHS)
    for count, seconds in results.items():
        print(f"lookup, {count:3d} layers: {seconds * 1e6:6.2f} us/lookup "
              f"({seconds / results[1]:.2f}x one layer)")


def bench_readdir() -> None:
    layers = [Layer({"/big": directory(),
                     **{f"/big/f{i:05d}": regular(b"") for i in range(k, 10_000, 4)}})
              for k in range(4)]
    fs = UnionFS(MergedIndex(layers))
    cold = best_of(1, lambda: fs.readdir("/big"))
    warm = best_of(20, lambda: fs.readdir("/big"))
    fs.write("/big/new", b"")
    fs.unlink("/big/f00000")
    changed = best_of(20, lambda: fs.readdir("/big"))
    assert len(fs.readdir("/big")) == 10_000
    print(f"readdir 10,000 entries from 4 layers: first {cold * 1e3:.2f} ms, "
          f"then {warm * 1e3:.2f} ms; with an upper layer {changed * 1e3:.2f} ms")


def bench_containers(image: str, count: int = 10_000) -> None:
    def fresh():
        engine = Engine.deterministic()
        engine.pull(image)
        engine.create(image, ["true"])  # build the shared index outside the measurement
        return engine

    engine = fresh()
    start = time.perf_counter()
    for _ in range(count):
        engine.create(image, ["sleep", "60"])
    elapsed = time.perf_counter() - start
    # Memory in a second run: tracemalloc slows the code it watches.
    engine = fresh()
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for _ in range(count):
        engine.create(image, ["sleep", "60"])
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    size = engine.image(image).size
    print(f"create {count:,} containers of {image} ({size / 1e6:.0f} MB image): "
          f"{elapsed:.2f} s ({elapsed / count * 1e6:.0f} us each), "
          f"{(after - before) / count / 1024:.1f} KB per container")


if __name__ == "__main__":
    bench_lookup()
    bench_readdir()
    bench_containers("busybox")
    bench_containers("python")
