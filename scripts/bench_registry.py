#!/usr/bin/env python3
"""Benchmark push and pull through a registry:2 container.

The python image (about 1.1 GB declared, seven layers): the first push (every layer
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


def seconds(since: float) -> str:
    return f"{time.perf_counter() - since:.2f} s"


def main() -> int:
    engine = Engine.deterministic()
    engine.run_on_host(["true"])  # the programs are loaded before anything is timed
    engine.pull("registry:2")
    engine.run("registry:2", name="registry", publish=["5000:5000"])
    engine.pull("python:3.14")
    engine.images.tag("python:3.14", "localhost:5000/py:1")
    start = time.perf_counter()
    lines = list(engine.push("localhost:5000/py:1"))
    first, start = seconds(start), time.perf_counter()
    again = list(engine.push("localhost:5000/py:1"))
    second = seconds(start)
    engine.images.remove("localhost:5000/py:1")
    engine.images.remove("python:3.14")
    start = time.perf_counter()
    result = engine.pull("localhost:5000/py:1")
    pulled = seconds(start)
    stored = sum(len(engine.layer_sources.candidates(d, "localhost:5000")) for d in result.image.diff_ids)
    blob_bytes = sum(layer.blob.size for layer in result.layers)
    print(f"python:3.14, {len(result.image.layers)} layers, {blob_bytes} bytes of blobs ({stored} recorded)")
    print(f"first push:  {first}  ({sum('Pushed' in line for line in lines)} layers pushed)")
    print(f"second push: {second}  ({sum('already exists' in line for line in again)} already there)")
    print(f"pull back:   {pulled}")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
