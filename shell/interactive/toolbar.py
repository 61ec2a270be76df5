"""The bottom toolbar: what the engine holds right now, and the simulated time.

prompt_toolkit redraws the toolbar on every key press, and counting ten
thousand containers costs a millisecond or two, so the counts are kept until
the clock moves to another second or a command has run (``refresh``). The
prompt redraws once a second (refresh_interval), which keeps the clock
ticking and lets containers whose programs ended show up as stopped.
"""

from __future__ import annotations

import time
from typing import Callable, List, Optional, Tuple

from .completer import current

Fragments = List[Tuple[str, str]]


class Toolbar:
    def __init__(self, engine, plain: bool = False):
        self._engine = engine  # an Engine, or a function giving the session's current one
        self.plain = plain  # NO_COLOR: one unstyled string
        self._second: Optional[int] = None
        self._counts = (0, 0, 0, 0)
        # What the toolbar says first, if anything (step mode: the lesson's progress).
        self.lesson: Callable[[], str] = lambda: ""

    @property
    def engine(self):
        return current(self._engine)

    def refresh(self) -> None:
        """Forget the cached counts (after a command changed the engine)."""
        self._second = None

    def counts(self) -> Tuple[int, int, int, int]:
        """(running, paused, stopped, images), like the `info` command counts them."""
        engine = self.engine
        now = int(engine.clock.now())
        if now != self._second:
            self._second = now
            # Bring the simulation up to the clock, as every engine call does,
            # so a container whose `sleep` has ended shows as stopped.
            engine.settle()
            running = paused = total = 0
            for container in engine.containers:
                total += 1
                state = container.state
                if state.paused:
                    paused += 1
                elif state.running:
                    running += 1
            self._counts = (running, paused, total - running - paused, len(engine.images))
        return self._counts

    def clock(self) -> str:
        return time.strftime("%H:%M:%S UTC", time.gmtime(self.engine.clock.now()))

    def __call__(self):
        try:
            running, paused, stopped, images = self.counts()
            clock = self.clock()
        except Exception as err:  # the toolbar must never break the prompt
            return f" toolbar unavailable: {type(err).__name__}"
        parts = [(f"{running} running", "running"), (f"{paused} paused", "paused"),
                 (f"{stopped} stopped", "stopped")]
        image_text = f"{images} image" + ("" if images == 1 else "s")
        lesson = self.lesson()
        if self.plain:
            return ((f" {lesson} |" if lesson else "") + " " + " · ".join(text for text, _ in parts)
                    + f" | {image_text} | {clock} ")
        fragments: Fragments = [("class:bottom-toolbar", " ")]
        if lesson:
            fragments += [("class:bottom-toolbar.lesson", lesson), ("class:bottom-toolbar", " │ ")]
        for number, (text, kind) in enumerate(parts):
            if number:
                fragments.append(("class:bottom-toolbar", " · "))
            fragments.append((f"class:bottom-toolbar.{kind}", text))
        fragments += [("class:bottom-toolbar", f" │ {image_text} │ "),
                      ("class:bottom-toolbar.clock", clock), ("class:bottom-toolbar", " ")]
        return fragments


__all__ = ["Toolbar"]
