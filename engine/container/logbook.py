"""What a container wrote, as `docker logs` reads it back: a json-file log
whose oldest lines go once it holds more than it may keep.

Docker's json-file driver keeps everything unless --log-opt max-size is set; a
simulation cannot keep what an endless `while :; do echo x; done` writes in
host memory, so a log here holds at most KEEP_BYTES (with max-size and
max-file, their product when smaller), dropping the oldest lines first, as
json-file's rotation does. Positions count every line ever written, so a
follower (`logs -f`) that remembers where it was never sees a line twice.
"""

from __future__ import annotations

from collections import deque

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Iterator, Optional

KEEP_BYTES = 16 * 1024 * 1024  # host memory one container's log may use
LINE_OVERHEAD = 120  # bytes a kept line costs beyond its text (its object)


class LogBook:
    def __init__(self, keep_bytes: Optional[int] = None):
        self.keep_bytes = KEEP_BYTES if keep_bytes is None else min(keep_bytes, KEEP_BYTES)
        self._lines: deque = deque()
        self._first = 0  # position of the oldest line kept
        self._size = 0

    def append(self, line) -> None:
        self._lines.append(line)
        self._size += len(line.text) + LINE_OVERHEAD
        while self._size > self.keep_bytes and len(self._lines) > 1:
            dropped = self._lines.popleft()
            self._size -= len(dropped.text) + LINE_OVERHEAD
            self._first += 1

    def __len__(self) -> int:
        """Lines ever written (the position after the newest)."""
        return self._first + len(self._lines)

    def __iter__(self) -> Iterator:
        return iter(self._lines)

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step is not None or index.stop is not None:
            raise TypeError("a log reads as log[position:]")
        start = max(0, (index.start or 0) - self._first)
        return [self._lines[i] for i in range(start, len(self._lines))]
