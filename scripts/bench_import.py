#!/usr/bin/env python3
"""Benchmark `import` and the recognition of real binaries (engine/proc/binaries.py).

1. `export | import -` of a container of the python image (about 1 GB declared: crsim's
   own files are sparse, so its tar is small): seconds and peak Python memory.
2. A root file system tar of this machine's real binaries (busybox, bash, coreutils,
   python3, node ... whichever exist in /usr/bin), imported: seconds, the tar's size,
   and how many files became which program; then the time program_of takes on the
   largest binary alone (every signature is looked for in it).
"""

from __future__ import annotations

import io
import os
import sys
import tarfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench_save_load import measured  # noqa: E402  (this folder is on the path)
from engine import Engine  # noqa: E402
from engine.proc.binaries import program_of  # noqa: E402

REAL = ["busybox", "bash", "dash", "ls", "cat", "grep", "sed", "tar", "gzip", "find",
        "mawk", "curl", "wget", "jq", "perl", "python3", "node", "dpkg"]


def export_import() -> None:
    engine = Engine.deterministic()
    engine.pull("python")
    container = engine.run("python", ["sleep", "100"], name="py")
    data, seconds, peak = measured(lambda: b"".join(engine.export(container.id)))
    print(f"python export: {seconds:.2f} s, {len(data) / 1e6:.1f} MB of tar, peak memory "
          f"{peak / 1e6:.0f} MB")
    image, seconds, peak = measured(lambda: engine.import_image(data, "py:imported"))
    print(f"import of it ({image.size / 1e9:.2f} GB declared): {seconds:.2f} s, peak memory "
          f"{peak / 1e6:.0f} MB")


def real_binaries() -> None:
    paths = [os.path.realpath(f"/usr/bin/{name}") for name in REAL
             if os.path.exists(f"/usr/bin/{name}")]
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for path in paths:
            archive.add(path, "bin/" + os.path.basename(path))
    data = buffer.getvalue()
    image, took, _ = measured(lambda: Engine.deterministic().import_image(data, "real"))
    programs = {path: entry.program for path, entry in image.layers[0].items()}
    print(f"{len(paths)} real binaries, {len(data) / 1e6:.0f} MB tar, imported in "
          f"{took:.2f} s: {programs}")
    largest = max(paths, key=os.path.getsize)
    with open(largest, "rb") as handle:
        content = handle.read()
    start = time.perf_counter()
    program = program_of(largest, content)
    print(f"program_of({largest}, {len(content) / 1e6:.0f} MB) = {program!r} in "
          f"{(time.perf_counter() - start) * 1000:.0f} ms")


if __name__ == "__main__":
    export_import()
    real_binaries()
