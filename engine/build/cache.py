"""The build cache: what each build step produced, found again by its cache key.

Docker's rules (BuildKit's, as `docker build` applies them):

- a step's key is made from its parent's key and what the step is: the
  instruction as it will run (a RUN's command, its environment - build args
  in scope included -, working directory and user), so the same instruction
  on the same parent hits the cache;
- COPY and ADD also put the checksum of the files they copy in the key: a
  changed file misses, a file whose modification time alone changed hits;
- an ARG whose value changed misses where it is first used (the next RUN, or
  an instruction that expands it), not at the ARG line itself;
- once a step misses, every key below it is new, so everything below rebuilds;
- ``--no-cache`` looks nothing up (and records the new results).
"""

from __future__ import annotations

import hashlib
import json
from typing import Dict, Optional

from ..record import record
from ..vfs.layer import Layer


def step_key(parent: str, *parts: object) -> str:
    """The cache key of a step: sha256 over its parent's key and its own description."""
    h = hashlib.sha256(parent.encode())
    h.update(json.dumps(parts, sort_keys=True, default=str).encode())
    return "sha256:" + h.hexdigest()


@record(frozen=True)
class CacheRecord:
    layer: Optional[Layer]  # None: the step changed no file
    created: float  # when the step really ran (history keeps this time)


class BuildCache:
    def __init__(self):
        self._records: Dict[str, CacheRecord] = {}

    def get(self, key: str) -> Optional[CacheRecord]:
        return self._records.get(key)

    def put(self, key: str, record: CacheRecord) -> None:
        self._records[key] = record

    def __len__(self) -> int:
        return len(self._records)

    def records(self):
        return list(self._records.values())

    def size(self) -> int:
        """Bytes of the layers the cache holds (each layer counted once)."""
        seen = {}
        for kept in self._records.values():
            if kept.layer is not None:
                seen[id(kept.layer)] = kept.layer.size
        return sum(seen.values())

    def prune(self) -> int:
        """Forget everything; the bytes freed (`docker builder prune -a`)."""
        size = self.size()
        self._records.clear()
        return size
