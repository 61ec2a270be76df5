"""Step mode: a lesson played one command at a time at the prompt.

The player offers each step's command (the prompt shows it pre-typed); the person runs it
with Enter, edits it, or types other commands first. A line run that is the offered command
(blanks aside) completes the step; any other line is the person's own and the step is
offered again. Narration (``#:`` lines) comes out before the step it precedes. `skip` moves
on without running the step; `back` returns to the previous one with the world as it was
before it ran (the session's snapshots, when it has them). This module never imports
prompt_toolkit: the REPL shows what it says.
"""

from __future__ import annotations

from typing import Callable, List, Optional

from engine.record import field, record

from .script import Narration, Script, Step


@record
class StepPlayer:
    script: Script
    name: str
    # Take and bring back a copy of the world (before each step runs), or None.
    snapshot: Optional[Callable[[], object]] = None
    restore: Optional[Callable[[object], None]] = None
    pace: float = 0  # characters a second to type each command out at; 0: at once
    position: int = 0  # index in script.items of the next item to show or offer
    done: int = 0  # steps completed (run or skipped)
    _saved: List[object] = field(default_factory=list)  # the world before each step

    @property
    def steps(self) -> List[Step]:
        return self.script.steps

    @property
    def finished(self) -> bool:
        return self.current() is None

    def narration(self) -> List[str]:
        """The narration lines before the next step (each shown once)."""
        texts = []
        while self.position < len(self.script.items) and \
                isinstance(self.script.items[self.position], Narration):
            texts.append(self.script.items[self.position].text)
            self.position += 1
        return texts

    def current(self) -> Optional[Step]:
        """The step to offer now, past any narration not yet shown; None at the end."""
        for item in self.script.items[self.position:]:
            if isinstance(item, Step):
                return item
        return None

    def about_to_run(self, line: str) -> bool:
        """Before a line runs: whether it is the offered step (then the world is kept, so
        that `back` can return to it)."""
        step = self.current()
        if step is None or _blanks(line) != _blanks(step.command):
            return False
        self._saved.append(self.snapshot() if self.snapshot else None)
        return True

    def completed(self) -> None:
        """The offered step ran: go on to the next item."""
        self.narration()
        self.position += 1
        self.done += 1

    def skip(self) -> Optional[Step]:
        """Leave the offered step without running it; the skipped step, if any."""
        step = self.current()
        if step is not None:
            self._saved.append(None)  # nothing ran: `back` has no world to restore
            self.completed()
        return step

    def back(self) -> Optional[str]:
        """Offer the previous step again, the world as it was before it ran; None when at
        the first step, else what the person should be told."""
        if not self.done:
            return None
        saved = self._saved.pop()
        self.done -= 1
        # offered again from the step itself: its narration was shown already
        self.position = self.script.items.index(self.steps[self.done])
        if saved is not None and self.restore is not None:
            self.restore(saved)
            return "the world is back as it was before that step"
        return "that step's effects stay (it was skipped, or the world has no snapshots)"

    def progress(self) -> str:
        return f"{self.done}/{len(self.steps)}"


def _blanks(line: str) -> str:
    """A command with its runs of blanks made one (what Enter on an edited line keeps)."""
    return " ".join(line.split())


def play(session, script: Script, name: str, pace: float = 0.0) -> StepPlayer:
    """Start playing ``script`` in step mode in ``session``; its progress is kept by name."""
    session.player = StepPlayer(script, name, snapshot=session.snapshot,
                                restore=session.restore, pace=max(0.0, pace))
    session.progress.setdefault(name, 0)
    return session.player
