"""Many files of realistic sizes, without holding their bytes.

Images are hundreds of megabytes of libraries, locales and documentation that
nobody will cat. They are written as declared-size files whose sizes come
from a seeded generator, scaled so that a group adds up to an exact total:
the image then has the size Docker shows while the build stays fast and
deterministic (same seed, same sizes, same digests).
"""

from __future__ import annotations

import random

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Iterable, List, Sequence, Tuple

from .fs import LayerBuilder


def split_total(total: int, count: int, seed: str, spread: float = 2.0) -> List[int]:
    """``count`` positive sizes summing exactly to ``total``; ``spread`` widens their range."""
    if count <= 0:
        return []
    rng = random.Random(seed)
    weights = [rng.lognormvariate(0.0, spread / 2) for _ in range(count)]
    scale = total / sum(weights)
    sizes = [max(1, int(w * scale)) for w in weights]
    sizes[-1] += total - sum(sizes)
    if sizes[-1] < 1:  # rounding pushed the last one negative: take from the largest
        largest = max(range(count - 1), key=sizes.__getitem__)
        sizes[largest] += sizes[-1] - 1
        sizes[-1] = 1
    return sizes


def add_sized(builder: LayerBuilder, paths: Sequence[str], total: int, seed: str,
              mode: int = 0o644, spread: float = 2.0) -> None:
    """Add ``paths`` as declared-size files whose sizes sum to ``total`` bytes."""
    for path, size in zip(paths, split_total(total, len(paths), seed, spread)):
        builder.blob(path, size, mode)


def fill_to(builder: LayerBuilder, target: int, paths: Sequence[str], seed: str,
            mode: int = 0o644) -> None:
    """Top the layer up to ``target`` bytes of file content with ``paths``."""
    current = sum(e.size for e in builder.entries.values() if e.is_file)
    remaining = target - current
    if remaining < len(paths):
        raise ValueError(f"layer already holds {current} bytes, over its target {target}")
    add_sized(builder, paths, remaining, seed, mode)


def add_files(builder: LayerBuilder, directory: str, files: Iterable[Tuple[str, int]],
              mode: int = 0o644) -> None:
    """Add (name, size) pairs under a directory."""
    for name, size in files:
        builder.blob(f"{directory}/{name}", size, mode)


def per_package(template: str, packages: Iterable[str]) -> List[str]:
    """Paths like "/usr/share/doc/{pkg}/copyright" for each package."""
    return [template.format(pkg=pkg) for pkg in packages]
