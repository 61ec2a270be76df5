"""Random draws without the standard `random` module (issue 18: importing it, with math,
bisect and warnings, cost a `crsim-shell -c 'run ...'` 0.6-0.9 ms of a 31 ms start).

The engine draws little: bits (ids, MACs, veth names), a choice (container names), a
number below a bound ($RANDOM, mktemp), bytes (/dev/urandom) and awk's rand(). Two
generators give exactly those draws:

- ``Seeded``: scripts, lessons and tests. CPython's Mersenne Twister (its C core,
  ``_random``, the base class of ``random.Random``), seeded and drawn by the same
  rules as ``random.Random``, so every seeded sequence is the one ``random.Random(seed)``
  gave before (the lessons' expected output depends on it).
- ``SystemEntropy``: interactive use, like Docker: the system's randomness (os.urandom).

Both pickle (a state file keeps the world's generators): a ``Seeded`` with its state,
so a loaded world draws on where it stopped; a ``SystemEntropy`` as itself.
"""

from __future__ import annotations

import os

import _random


class _Draws:
    """What the engine draws, over ``getrandbits`` (the same rules as ``random.Random``'s
    methods of these names, which a seeded sequence depends on)."""

    __slots__ = ()

    def _below(self, n: int) -> int:
        """A number in [0, n): bits of n's length, drawn again until below n."""
        bits = n.bit_length()
        value = self.getrandbits(bits)
        while value >= n:
            value = self.getrandbits(bits)
        return value

    def choice(self, seq):
        if not len(seq):
            raise IndexError("cannot choose from an empty sequence")
        return seq[self._below(len(seq))]

    def randrange(self, start: int, stop: int = None) -> int:
        """A number in [0, start) or [start, stop)."""
        if stop is None:
            start, stop = 0, start
        if stop <= start:
            raise ValueError(f"empty range for randrange() ({start}, {stop})")
        return start + self._below(stop - start)

    def randbytes(self, size: int) -> bytes:
        return self.getrandbits(size * 8).to_bytes(size, "little")


class Seeded(_Draws, _random.Random):
    """A generator whose draws are the seed's sequence: the same as ``random.Random(seed)``'s
    (``getrandbits`` and ``random`` are the shared C core's)."""

    __slots__ = ()

    def __init__(self, seed):
        self.seed(seed)

    def seed(self, seed) -> None:
        """An int seeds the twister with all its bits; a str or bytes with its bytes and
        their SHA-512, as ``random.Random.seed`` (version 2) does; a float by its hash."""
        if isinstance(seed, str):
            seed = seed.encode()
        if isinstance(seed, (bytes, bytearray)):
            seed = int.from_bytes(bytes(seed) + _sha512(seed), "big")
        super().seed(seed)

    def __reduce__(self):
        return Seeded, (0,), self.getstate()

    def __setstate__(self, state) -> None:
        self.setstate(state)


class SystemEntropy(_Draws):
    """The system's randomness; nothing to keep: a loaded world draws afresh."""

    __slots__ = ()

    def getrandbits(self, bits: int) -> int:
        if bits < 0:
            raise ValueError("number of bits must be non-negative")
        size = (bits + 7) // 8
        return int.from_bytes(os.urandom(size), "big") >> (size * 8 - bits)

    def randbytes(self, size: int) -> bytes:
        return os.urandom(size)

    def random(self) -> float:
        """A float in [0, 1) from 53 random bits."""
        return self.getrandbits(53) / (1 << 53)

    def __reduce__(self):
        return SystemEntropy, ()


class Deferred:
    """A seeded generator made when first drawn from (``randrange`` only): a shell's
    $RANDOM, which few scripts read, costs a shell no 2.5 KB of twister state until it
    is read. Whoever holds this object shares the one sequence (a forked subshell)."""

    __slots__ = ("seed", "made")

    def __init__(self, seed):
        self.seed = seed
        self.made = None

    def randrange(self, start: int, stop: int = None) -> int:
        if self.made is None:
            self.made = Seeded(self.seed)
        return self.made.randrange(start, stop)


def generator(seed=None):
    """Seeded by ``seed``, or the system's randomness when there is none."""
    return Seeded(seed) if seed is not None else SystemEntropy()


def _sha512(data) -> bytes:
    """SHA-512 from the interpreter's own module (hashlib would load OpenSSL's; only a
    str or bytes seed needs it: the network's)."""
    try:
        from _sha2 import sha512  # Python 3.12 and later
    except ImportError:
        try:
            from _sha512 import sha512
        except ImportError:  # an interpreter without the builtin hashes
            from hashlib import sha512
    return sha512(data).digest()
