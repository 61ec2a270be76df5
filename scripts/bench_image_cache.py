#!/usr/bin/env python3
"""The built-in images kept between runs (engine/image/registry/image_cache.py, issue 18):
for each image modelled in detail, what a new process spends making it, built by its
builder (the first pull after an install or a change) and read back from its cache file
(every later one), with the file's size; then a merged index built over each image's
layers (engine/vfs/index.py: every container's first start builds its image's).

Each figure is the median of fresh interpreters (the builders keep what they made, so
a second build in one process would cost nothing), run with this checkout's code and a
cache directory of their own.

Run: python scripts/bench_image_cache.py [ROUNDS]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

# one interpreter: make the image of a spec and say how long it took (ms)
PROBE = """
import sys, time
from engine.image.registry import catalogue
spec = catalogue.Spec(sys.argv[1], sys.argv[2], tuple(eval(sys.argv[3])))
start = time.perf_counter()
image = catalogue.build(spec)
image.id
print((time.perf_counter() - start) * 1000)
"""


def _made(spec, cache: str) -> float:
    env = dict(os.environ, PYTHONPATH=ROOT, CRSIM_CACHE_DIR=cache)
    out = subprocess.run([sys.executable, "-c", PROBE, spec.module, spec.function, repr(spec.args)],
                         env=env, capture_output=True, text=True, check=True).stdout
    return float(out)


def images(rounds: int) -> None:
    from engine.image.registry import catalogue
    specs = sorted({spec for tags in catalogue.REPOSITORIES.values() for spec in tags.values()}, key=repr)
    print(f"{'image':32} {'built':>8} {'read back':>10} {'file':>8}   (medians of {rounds} new processes)")
    for spec in specs:
        built, kept, size = [], [], 0
        for _ in range(rounds):
            with tempfile.TemporaryDirectory() as cache:
                built.append(_made(spec, cache))  # no file yet: built, then written
                kept.append(_made(spec, cache))
                size = sum(os.path.getsize(os.path.join(root, name))
                           for root, _, names in os.walk(os.path.join(cache, "images")) for name in names)
        name = "-".join(str(part) for part in (spec.module, *spec.args))
        print(f"{name:32} {statistics.median(built):6.1f} ms {statistics.median(kept):7.2f} ms "
              f"{size / 1024:6.0f} KB")


def indexes() -> None:
    import time

    from engine.image.registry import catalogue
    from engine.vfs.index import MergedIndex
    print("merged index of an image's layers (best of 20):")
    for ref in ("busybox", "alpine", "debian", "python", "node"):
        image = catalogue.build(catalogue.resolve(f"library/{ref}", "latest"))
        best = float("inf")
        for _ in range(20):
            start = time.perf_counter()
            MergedIndex(image.layers)
            best = min(best, time.perf_counter() - start)
        print(f"  {ref:8} {sum(len(layer) for layer in image.layers):5} entries {best * 1000:6.2f} ms")


if __name__ == "__main__":
    os.environ["CRSIM_CACHE_DIR"] = "off"  # this process's own images: built, never kept
    numbers = [int(word) for word in sys.argv[1:] if word.isdigit()]
    images(numbers[0] if numbers else 3)
    indexes()
