#!/usr/bin/env python3
"""engine/record.py against the standard dataclasses it replaces (issue 18).

Printed, for a class shaped like the vfs Entry (frozen, slots, ten fields, most with
defaults) and like an event (frozen, a default factory): the cost of importing each
module, of declaring the class (and of declaring it and making its first instance: a
record compiles its __init__ then), and per operation: making an instance, comparing two,
hashing one, `replace`, and a pickle round trip. A record must declare far cheaper and make,
copy and pickle instances as fast as a dataclass (instances are made in hot paths); its
shared __eq__ and __hash__ cost a few tenths of a microsecond more than generated ones.

Run: python scripts/bench_records.py
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import timeit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import dataclasses  # noqa: E402  (only here, to compare)

from engine import record as records  # noqa: E402

ENTRY_FIELDS = """
    kind: str
    mode: int = 0o644
    uid: int = 0
    gid: int = 0
    mtime: int = 0
    data: object = None
    size: int = 0
    target: str = ""
    program: object = None
    opaque: bool = False
"""
EVENT_FIELDS = """
    time: float
    type: str
    action: str
    actor: str
    attributes: dict = field(default_factory=dict)
"""


def declare(decorator: str, fields: str, field, name: str = "Shape") -> type:
    """The class, made here as a module would make it (named in this module: picklable)."""
    namespace = {"decorate": eval(decorator, {"dataclasses": dataclasses, "records": records}),
                 "field": field, "__name__": __name__}
    exec(f"@decorate\nclass {name}:\n{fields}", namespace)
    globals()[name] = namespace[name]
    return namespace[name]


KINDS = {
    "dataclass": ("dataclasses.dataclass(frozen=True, slots=True)",
                  "dataclasses.dataclass(frozen=True)", dataclasses.field, dataclasses.replace),
    "record": ("records.record(frozen=True, slots=True)", "records.record(frozen=True)",
               records.field, records.replace),
}


def import_ms(module: str) -> float:
    """The import's own cost in a fresh interpreter, by -X importtime (cumulative)."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"],
                          env=dict(os.environ, PYTHONPATH=ROOT), capture_output=True, text=True)
    last = [line for line in done.stderr.splitlines() if line.rstrip().endswith(f" {module}")]
    return int(last[-1].split("|")[1]) / 1000 if last else float("nan")


def per_call_us(fn, number: int = 100_000) -> float:
    return min(timeit.repeat(fn, number=number, repeat=5)) / number * 1e6


def main() -> None:
    print(f"import dataclasses: {import_ms('dataclasses'):.1f} ms, "
          f"import engine.record: {import_ms('engine.record'):.1f} ms (cumulative, -X importtime)")
    for name, (entry_deco, event_deco, field, replace) in KINDS.items():
        Entry = declare(entry_deco, ENTRY_FIELDS, field, f"{name}_entry")
        Event = declare(event_deco, EVENT_FIELDS, field, f"{name}_event")
        declared = per_call_us(lambda: declare(entry_deco, ENTRY_FIELDS, field), 500)
        first = per_call_us(lambda: declare(entry_deco, ENTRY_FIELDS, field)("file"), 500)
        one, other = Entry("file", 0o755, size=3), Entry("file", 0o755, size=3)
        print(f"{name}:")
        print(f"  declare an Entry-like class {declared:8.1f} us, with a first instance "
              f"{first:8.1f} us")
        print(f"  Entry(...)      {per_call_us(lambda: Entry('file', 0o755, size=3)):6.2f} us   "
              f"Event(...)  {per_call_us(lambda: Event(1.0, 'container', 'start', 'c')):6.2f} us")
        print(f"  a == b          {per_call_us(lambda: one == other):6.2f} us   "
              f"hash(a)     {per_call_us(lambda: hash(one)):6.2f} us")
        print(f"  replace(a, ..)  {per_call_us(lambda: replace(one, size=4)):6.2f} us   "
              f"pickle round trip {per_call_us(lambda: pickle.loads(pickle.dumps(one)), 20_000):6.2f} us")


if __name__ == "__main__":
    main()
