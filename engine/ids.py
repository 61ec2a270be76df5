"""Identifiers: 64-hex ids and Docker's adjective_surname container names.

Interactive use draws from the system's randomness like Docker; scripts use a
seeded generator so a replay gives the same ids and names every time.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Callable, Optional

from .entropy import generator
from .names import ADJECTIVES, SURNAMES


class IdGenerator:
    def __init__(self, seed: Optional[int] = None):
        self._rng = generator(seed)

    def hex_id(self) -> str:
        """A 64-hex id like a container's; never all digits (Docker re-draws those)."""
        while True:
            value = f"{self._rng.getrandbits(256):064x}"
            if not value[:12].isdigit():
                return value

    def name(self, taken: Callable[[str], bool]) -> str:
        """A free adjective_surname name; after collisions, a digit is appended as Docker does."""
        for attempt in range(10):
            name = f"{self._rng.choice(ADJECTIVES)}_{self._rng.choice(SURNAMES)}"
            if name == "boring_wozniak":  # Steve Wozniak is not boring (Docker skips it too)
                continue
            if attempt > 0:
                name += str(self._rng.randrange(10))
            if not taken(name):
                return name
        return f"{name}_{self.hex_id()[:6]}"
