#!/usr/bin/env python3
"""Benchmark the builder and layer lookups.

1. A 50-step Dockerfile: the first build versus an unchanged rebuild (every step
   cached). Goal: the rebuild takes at most 5% of the first build's time.
2. Path lookups in an image of 100 layers versus one of 1 layer: the merged
   index makes a lookup cost the same whatever the depth of the stack.
3. BuildKit's build checks on the 50-step Dockerfile (`build --check`: the three
   passes with the base's metadata, no step run): they add little to any build.
"""

from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from engine import Engine  # noqa: E402
from engine.build.context import BuildContext  # noqa: E402


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> int:
    import engine.userland  # noqa: F401  (load the programs before timing anything)
    engine = Engine.deterministic()
    engine.pull("alpine")
    steps = ["FROM alpine"]
    for i in range(50):
        steps.append(f"RUN echo step {i} > /file{i}" if i % 2 else f"COPY f{i} /copied/f{i}")
    dockerfile = "\n".join(steps) + "\n"
    context = BuildContext.from_files({f"f{i}": f"content {i}\n" for i in range(50)})
    first, r1 = timed(lambda: engine.build(dockerfile, context, tags=["bench"]))
    again, r2 = timed(lambda: engine.build(dockerfile, context, tags=["bench"]))
    assert r1.status == 0 and r2.status == 0 and r1.image.id == r2.image.id
    ratio = again / first * 100
    print(f"50-step build: first {first * 1000:.1f} ms ({r1.executed_steps} steps run), "
          f"unchanged rebuild {again * 1000:.1f} ms ({r2.cached_steps} cached) "
          f"= {ratio:.1f}% of the first (goal <= 5%)")
    checks = 20
    seconds, _ = timed(lambda: [engine.build(dockerfile, context, call="check") for _ in range(checks)])
    print(f"build checks of the 50-step Dockerfile: {seconds / checks * 1000:.2f} ms per --check")

    deep_steps = ["FROM alpine"] + [f"RUN echo {i} > /layer{i}" for i in range(100 - 1)]
    deep = engine.build("\n".join(deep_steps) + "\n", tags=["deep"]).image
    flat = engine.images.lookup("alpine")
    print(f"layers: deep image {len(deep.layers)}, flat image {len(flat.layers)}")
    lookups = 200_000
    for name, image in (("100-layer", deep), ("1-layer", flat)):
        index = engine.image_index(image)
        paths = ["/bin/sh", "/etc/passwd", "/layer5", "/nope", "/usr/bin/env"]
        seconds, _ = timed(lambda: [index.get(paths[i % 5]) for i in range(lookups)])
        print(f"{name} image: {seconds / lookups * 1e9:.0f} ns per lookup ({lookups} lookups)")
    return 0 if ratio <= 5 else 1


if __name__ == "__main__":
    sys.exit(main())
