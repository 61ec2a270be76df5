#!/usr/bin/env python3
"""Benchmark the world state (engine/world.py): `--state FILE`, `snapshot`, `restore`.

A world of 100 containers (60 running, some with files written in their upper
layers, logs, a volume or a user network; 30 exited; 10 paused) and 10 built images
(package installs and files on alpine, debian and nginx). Goals (issue 15): saving
it to a state file and loading it back take at most 0.5 s each.

Printed: save (pickle, compress, write, fsync, rename; alone and with three snapshots
kept in the file), load in this process (the
catalogue's images already built), load in a new process (they are rebuilt from the
catalogue first, as the first pull in any session builds them), the in-memory
snapshot and restore, and the file's size.

python scripts/bench_state.py --autosave [N ...]   (default 100 1000): `--state FILE`
saves the world after each command that changed it, in a child process at the prompt
and in scripts (shell/background_save.py). With N containers (half running, alpine),
the median time of a changing command (`run -d`) with a state file saved in the
background, and until that file is on disk; saved synchronously (a Session made
directly); without a state file; and of the save alone (issue 18).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from engine import Engine, world  # noqa: E402

IMAGES = [
    ("alpine", "RUN apk add --no-cache curl jq\nRUN echo one > /etc/one"),
    ("alpine", "RUN apk add --no-cache python3"),
    ("alpine", "RUN adduser -D app\nUSER app\nRUN echo hi > /home/app/hi"),
    ("alpine", "RUN mkdir -p /srv && for i in $(seq 1 200); do echo $i > /srv/f$i; done"),
    ("debian", "RUN apt-get update && apt-get install -y curl"),
    ("debian", "RUN echo debian > /etc/motd\nENV A=1"),
    ("nginx", "RUN echo '<h1>site</h1>' > /usr/share/nginx/html/index.html"),
    ("nginx", "RUN rm /etc/nginx/conf.d/default.conf"),
    ("busybox", "RUN echo tiny > /tiny"),
    ("alpine", "RUN apk add --no-cache git\nWORKDIR /src\nRUN echo code > main.c"),
]


def build_world() -> Engine:
    e = Engine.deterministic()
    for number, (base, steps) in enumerate(IMAGES):
        result = e.build(f"FROM {base}\n{steps}\n", tags=[f"built{number}"])
        assert result.status == 0, result.error
    e.networks.create("appnet")
    for number in range(10):
        e.volumes.create(f"data{number}")
    for number in range(100):
        name = f"c{number:03d}"
        if number < 60:
            e.run(f"built{number % 10}", ["sh", "-c", f"echo started {number}; sleep 100000"],
                  name=name, volumes=[f"data{number % 10}:/data"] if number % 3 == 0 else (),
                  network="appnet" if number % 2 else "")
            e.exec(name, ["sh", "-c", f"seq 1 50 > /tmp/numbers; echo {number} > /data/last"
                                      if number % 3 == 0 else "seq 1 50 > /tmp/numbers"])
        elif number < 90:
            e.run("alpine", ["sh", "-c", f"for i in $(seq 1 20); do echo line $i; done; echo {number} > /out"],
                  name=name)
        else:
            e.run("busybox", ["sleep", "100000"], name=name)
            e.pause(name)
    e.sleep(60)
    return e


def timed(fn, repeat: int = 5):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> int:
    start = time.perf_counter()
    e = build_world()
    print(f"world: {len(e.containers)} containers ({sum(c.state.running for c in e.containers)} "
          f"running), {len(e.images)} images, built in {time.perf_counter() - start:.1f} s")
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "world.crsim")
        save, _ = timed(lambda: world.save(e, path))
        load, loaded = timed(lambda: world.load(path))
        assert len(loaded.containers) == 100 and loaded.container("c000").state.running
        code = ("import sys, time; sys.path.insert(0, sys.argv[2]); from engine import world\n"
                "for _ in range(2):\n t = time.perf_counter(); world.load(sys.argv[1]); "
                "print(time.perf_counter() - t)")
        cold, warm = map(float, subprocess.run([sys.executable, "-c", code, path, ROOT],
                                               capture_output=True, text=True, check=True).stdout.split())
        size = os.path.getsize(path)
        kept = {f"s{number}": world.snapshot(e, share=False) for number in range(3)}
        with_kept, _ = timed(lambda: world.save(e, path, kept))
    snap, kept = timed(lambda: world.snapshot(e))
    restore, _ = timed(lambda: world.restore(kept))
    print(f"save to a file:          {save * 1000:7.1f} ms  (goal <= 500 ms), {size / 1024:.0f} KiB")
    print(f"  with 3 snapshots kept: {with_kept * 1000:7.1f} ms")
    print(f"load, catalogue built:   {load * 1000:7.1f} ms  (goal <= 500 ms)")
    print(f"load in a new process:   {cold * 1000:7.1f} ms  (of which {(cold - warm) * 1000:.0f} ms are the "
          f"first use's: loading the programs, building the catalogue's images)")
    print(f"snapshot (in memory):    {snap * 1000:7.1f} ms")
    print(f"restore (in memory):     {restore * 1000:7.1f} ms")
    return 0 if save <= 0.5 and load <= 0.5 else 1


def autosave(counts) -> None:
    import statistics

    from shell.session import Session

    def median_ms(values) -> float:
        return statistics.median(values) * 1000

    for count in counts:
        with tempfile.TemporaryDirectory() as directory:
            session = Session(Engine.deterministic())  # one world in the process, as in use
            session.execute("pull -q alpine")
            for number in range(count):
                session.execute(f"run -d --name c{number} alpine sleep 3600" if number % 2 else
                                f"create --name c{number} alpine true")
            path = os.path.join(directory, "world.crsim")
            latency, on_disk = {}, []
            # without a state file; saving synchronously (a Session made directly); in the
            # background (crsim-shell's prompt and scripts)
            for mode, state, background in (("without", None, False), ("synchronous", path, False),
                                            ("background", path, True)):
                session.state_file, session.save_in_background = state, background
                runs = []
                for number in range(7):
                    start = time.perf_counter()
                    session.execute(f"run -d --name {mode}{number} alpine sleep 3600")
                    runs.append(time.perf_counter() - start)
                    if background:  # until the child's file is complete (no write of its own)
                        session.save_state(force=True)
                        on_disk.append(time.perf_counter() - start)
                    time.sleep(0.02)  # a user types slower than the save
                latency[mode] = median_ms(runs)
            saves = []
            for _ in range(5):
                start = time.perf_counter()
                world.save(session.engine, path)
                saves.append(time.perf_counter() - start)
            print(f"{count:5,d} containers: `run -d` {latency['background']:.1f} ms with --state "
                  f"(goal <= 5 ms), the file on disk after {median_ms(on_disk):.1f} ms; "
                  f"{latency['synchronous']:.1f} ms saving synchronously, {latency['without']:.1f} ms "
                  f"without --state; the save alone {median_ms(saves):.1f} ms, "
                  f"{os.path.getsize(path) / 1024:.0f} KiB")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--autosave"]:
        autosave([int(arg) for arg in sys.argv[2:]] or [100, 1000])
    else:
        sys.exit(main())
