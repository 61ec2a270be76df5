#!/usr/bin/env python3
"""Benchmark push and pull through a registry:2 container.

The python image (about 1.1 GB declared, five layers): the first push (every layer
compressed and uploaded), a second push (every layer already there: HEAD requests only),
and a pull back after rmi (every blob fetched, checked and unpacked). Prints the seconds
each took, the bytes the registry stores, and the peak memory of the process.
"""

from __future__ import annotations

import os
import resource
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
    engine.pull("registry:2")
    engine.run("registry:2", name="registry", publish=["5000:5000"])
    engine.pull("python:3.14")
    engine.images.tag("python:3.14", "localhost:5000/py:1")
    first, lines = timed(lambda: list(engine.push("localhost:5000/py:1")))
    second, again = timed(lambda: list(engine.push("localhost:5000/py:1")))
    engine.images.remove("localhost:5000/py:1")
    engine.images.remove("python:3.14")
    pulled, result = timed(lambda: engine.pull("localhost:5000/py:1"))
    stored = sum(len(engine.layer_sources.candidates(d, "localhost:5000")) for d in result.image.diff_ids)
    blob_bytes = sum(layer.blob.size for layer in result.layers)
    print(f"python:3.14, {len(result.image.layers)} layers, {blob_bytes} bytes of blobs ({stored} recorded)")
    print(f"first push:  {first:.2f} s  ({sum('Pushed' in line for line in lines)} layers pushed)")
    print(f"second push: {second:.2f} s  ({sum('already exists' in line for line in again)} already there)")
    print(f"pull back:   {pulled:.2f} s")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
