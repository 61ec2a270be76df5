"""One shell session: an engine kept alive across commands, and the way a line runs.

Every mode (the interactive prompt, script replay, ``-c``, stdin) runs lines
through ``Session.execute``, so they behave the same. A line's errors become
the docker CLI's one-line messages and exit statuses; nothing escapes as a
traceback and the engine is left as it was.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Callable, List, Optional, Tuple

    from engine import Engine
    from engine.events import Event

    from .background_save import BackgroundSave

from engine.record import record

from .interrupts import NEVER, SIGINT, Interrupted, Interrupts
from .line import LineShell, NotHere
from .parser import PROGRAM, UsageError, daemon_error, help_text, parse_words
from .spec import ExitShell


KEPT_WHEN_SHOWN = 1 << 20  # characters of a shown command's output kept for its caller
_FAILED = object()  # the saved mark after a failed save: no world is written


class Output:
    """Collects what a command prints, stdout and stderr, in the order written.

    Scripts and the terminal show both streams together; `-c` and one-shot
    commands send each to its own stream, as the docker CLI does."""

    def __init__(self, live: Optional[Callable[[str], None]] = None,
                 sink: Optional[Callable[[str, str], None]] = None):
        self.parts: List[Tuple[str, str]] = []  # (stream, text)
        self._live = live  # shows text as it comes (the terminal)
        self._sink = sink  # sends text to its stream as it comes (-c, stdin)
        # What is shown as it comes is kept up to a bound only: a program that writes for
        # ever (cat /dev/zero) must not fill the memory before it is interrupted.
        self._room = KEPT_WHEN_SHOWN if (live or sink) else None

    def write(self, text: str, stream: str = "stdout") -> None:
        if not text:
            return
        if self._room is None or self._room > 0:
            kept = text if self._room is None else text[:self._room]
            self.parts.append((stream, kept))
            if self._room is not None:
                self._room -= len(kept)
        if self._live:
            self._live(text)
        if self._sink:
            self._sink(stream, text)

    def line(self, text: str = "") -> None:
        self.write(text + "\n")

    def error(self, text: str = "") -> None:
        """One line on stderr (the docker CLI's error messages go there)."""
        self.write(text + "\n", "stderr")

    @property
    def text(self) -> str:
        return "".join(text for _, text in self.parts)


@record  # (no slots: one a terminal, and a slotted record's class is made twice)
class Attachment:
    """A container shell for the terminal (see Session.attach)."""
    shell: object
    detach_message: Optional[str]
    detach_status: int
    keys: Tuple[str, ...]  # the detach keys, as prompt_toolkit names them


class Context:
    """What a command handler gets: the session (engine, settings) and its output (and
    what a command keeps on it while it runs, such as compose's progress frame)."""

    def __init__(self, session: "Session", out: Output,
                 stdin: str = ""):  # a here-document's body (`build -t x - <<EOF` ... `EOF`)
        self.session, self.out, self.stdin = session, out, stdin

    @property
    def engine(self) -> "Engine":
        return self.session.engine

    def now(self) -> float:
        return self.session.engine.clock.now()

    def wait(self, done: Callable[[], bool], timeout: float = float("inf")) -> bool:
        """Let simulated time pass until ``done()`` (a foreground command waiting).

        A Ctrl-C (or the time limit) arrives here as ``Interrupted``, between two
        events of the simulation. A wait that nothing can ever end (virtual time,
        nothing left to happen) is interrupted at once: waiting out the time limit
        would end the same way.
        """
        interrupts = self.session.interrupts

        def ready() -> bool:
            interrupts.check()
            return done()
        finished = self.engine.wait_until(ready, timeout)
        if not finished and timeout == float("inf"):
            raise Interrupted(SIGINT, NEVER)
        return finished

    def notice(self, text: str) -> None:
        """A line for the person at the terminal (on stderr, never in a command's
        output): what the shell is waiting for. Nothing in scripts."""
        if self.session.notify is not None:
            self.session.notify(text + "\n")


class Session:
    def __init__(self, engine: Optional["Engine"] = None, *,
                 make_engine: Optional[Callable[[], "Engine"]] = None, interactive: bool = False,
                 trace: bool = False, interrupts: Optional[Interrupts] = None,
                 notify: Optional[Callable[[str], None]] = None,
                 snapshot: Optional[Callable[[], object]] = None,
                 restore: Optional[Callable[[object], None]] = None,
                 snapshots: Optional[dict] = None, state_file: Optional[str] = None):
        # The engine; None: ``make_engine()`` builds it when a command first asks for
        # ``session.engine`` (`version`, `help` and a usage error never do).
        self._engine = engine
        self.make_engine = make_engine
        self.interactive = interactive
        self.trace = trace
        self.last_status = 0
        self.interrupts = interrupts if interrupts is not None else Interrupts()
        # Where notices go (the REPL: stderr); None: nowhere.
        self.notify = notify
        # The interruption (Ctrl-C, time limit) that ended the last command, if any.
        self.last_interrupt: Optional[Interrupted] = None
        self._current: Optional[Output] = None
        self._attachment: object = None
        # The prompt's own shell state: the client's environment (`-e FOO` reads it), $?
        self.line_shell = LineShell()
        # `record FILE`: what keeps the session's lines (recording.Recorder); None: not recording
        self.recorder: object = None
        self.recording_command = False  # the line ran `record`
        # An attached client's output not printed yet (run without -d): the trace prints it
        # before each operation, so that the output stands where it came
        self.flush_client: Optional[Callable[[], None]] = None
        # Step mode (`lesson NAME`): the lesson being played, and steps done per lesson.
        self.player: object = None
        self.progress: dict = {}
        # The exercise being solved (`exercise NAME`), and the session its checks run in.
        self.exercise: object = None
        self._checker: Optional["Session"] = None
        # `snapshot NAME`: worlds kept by this session, by name (commands/world.py's Snapshot)
        self.snapshots = snapshots if snapshots is not None else {}
        # --state FILE: where the world is saved after each command that changed it
        self.state_file = state_file
        # ... written by a child process while the shell answers (main.py turns it on for
        # the prompt and scripts); the child, once one was started
        self.save_in_background = False
        self._background: Optional["BackgroundSave"] = None
        self._unsubscribe: Optional[Callable[[], None]] = None
        # Events of the engine and engines replaced: part of _change_mark (counted as
        # they come: len(engine.events) walks the whole log, ms at 1,000 containers)
        self._changes = 0
        if engine is not None:
            self._unsubscribe = engine.events.subscribe(self._on_event)
        self._saved_mark = self._change_mark()
        # Copies of the world for `lesson back` (keep_world and return_to unless set).
        self.snapshot = snapshot or self.keep_world
        self.restore = restore or self.return_to

    @property
    def environ(self):
        return self.line_shell.environ

    def attach(self, shell_session, detach_message: Optional[str] = "read escape sequence",
               detach_status: int = 1, keys: Tuple[str, ...] = ("c-p", "c-q")) -> None:
        """A command (exec -it, run -it) asks the terminal front end to open a container
        shell; what the client says, and its status, if the user detaches (``keys``,
        Ctrl-P Ctrl-Q unless --detach-keys says otherwise)."""
        self._attachment = Attachment(shell_session, detach_message, detach_status, keys)

    def note_progress(self) -> str:
        """Keep how far the playing lesson got; a finished lesson stops playing, and what
        to say of it is returned ("" while it goes on)."""
        player = self.player
        if player is None:
            return ""
        self.progress[player.name] = max(self.progress.get(player.name, 0), player.done)
        if not player.finished:
            return ""
        self.player = None
        return f"Lesson {player.name} done: {player.progress()} steps."

    def run_check(self, line: str) -> Tuple[str, int]:
        """An exercise check's command (it only reads the world): run in a session of its
        own on the same engine, so the prompt's $?, variables and output stay as they are."""
        if self._checker is None or self._checker.engine is not self.engine:
            self._checker = self.new_session(self.engine)
        return self._checker.execute(line)

    def evaluate_exercise(self, run=None) -> List[str]:
        """After a command: the open exercise's checks run (by ``run``, run_check unless
        given); what is new, as lines to show."""
        attempt = self.exercise
        if attempt is None or attempt.finished:
            return []
        news = attempt.evaluate(run or self.run_check)
        self.progress[attempt.name] = max(self.progress.get(attempt.name, 0), attempt.task)
        if attempt.finished:
            news.append(f"Exercise {attempt.name} done.")
        return news

    def take_attachment(self):
        attached, self._attachment = self._attachment, None
        return attached

    def new_session(self, engine: "Engine") -> "Session":
        """A new session on ``engine``, with the default settings (`demo` plays lessons in one)."""
        return Session(engine, interrupts=self.interrupts)

    def keep_world(self):
        """The whole world as it is now (engine/world.py), for ``return_to``."""
        from engine.world import snapshot
        return snapshot(self.engine)

    def return_to(self, kept) -> None:
        """Go on in a world kept by ``keep_world``: in virtual time the clock goes back
        to it; a wall clock stays the session's (its waits answer Ctrl-C)."""
        from engine.world import restore
        clock = self.engine.clock
        self.replace_engine(restore(kept, None if clock.virtual else clock))

    @property
    def engine(self) -> "Engine":
        if self._engine is None:
            self.replace_engine(self.make_engine())
        return self._engine

    @engine.setter
    def engine(self, engine: "Engine") -> None:
        self.replace_engine(engine)

    def start_afresh(self) -> None:
        """Go on in a new, empty world on the same host and clock (`reset`, --fresh)."""
        from engine.world import fresh
        self.replace_engine(fresh(self.engine))

    def replace_engine(self, engine: "Engine") -> None:
        """Go on with another engine (`reset`, `restore`): trace and everything that
        reads ``session.engine`` (the prompt's completion and toolbar) follow it."""
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._engine = engine
        self._changes += 1
        self._unsubscribe = engine.events.subscribe(self._on_event)

    def _change_mark(self):
        """What moves when the world changes: every effect is an event, and a virtual
        clock only moves when a command makes time pass."""
        if self._engine is None:  # no world built yet: nothing changed
            return None
        clock = self.engine.clock
        return (id(self.engine), self._changes, clock.now() if clock.virtual else None,
                tuple((name, id(kept)) for name, kept in self.snapshots.items()))

    def save_state(self, out: Optional[Output] = None, force: bool = False) -> bool:
        """--state FILE: write the world if it changed since the last save. With
        ``save_in_background`` a child process writes it (shell/background_save.py); its
        failure is said by the next call, which then writes again. ``force``: the file
        holds the world when this returns (at start and exit): wait for the child, and
        write synchronously unless the child just wrote this very world. A failure is
        one line on ``out`` (or raised as OSError without one); the result: whether
        the world this call had to write is written (or being written)."""
        if self.state_file is None:
            return True
        mark = self._change_mark()
        due = force or mark != self._saved_mark
        child = self._background
        late = child.finish(wait=due, last=force) if child is not None else None
        if late is not None:
            self._saved_mark = _FAILED  # the child's world is not written: write it again
            self._say_unsaved(late, out)
            due = True
        elif force and child is not None and child.mark == mark:
            return True  # the child that just ended wrote this very world
        failure = self._save(mark, background=not force) if due else None
        if failure is not None:
            self._say_unsaved(failure, out)
        return failure is None

    def _say_unsaved(self, why: str, out: Optional[Output]) -> None:
        if out is None:
            raise OSError(why)
        out.error(f"{PROGRAM}: {self.state_file}: cannot save the state: {why}")

    def _save(self, mark, background: bool) -> Optional[str]:
        """Write the world (in a child process if ``background`` and this session allows
        it); why it failed, or None."""
        from engine.world import save

        from .background_save import AVAILABLE, BackgroundSave, describe
        kept = {name: snap.standalone for name, snap in self.snapshots.items()
                if snap.standalone is not None}
        if background and self.save_in_background and AVAILABLE:
            self.engine.settle()  # here: the parent's world and the file agree
            mark = self._change_mark()
            if self._background is None:
                self._background = BackgroundSave()
            try:
                self._background.start(self.engine, self.state_file, kept, mark)
                self._saved_mark = mark
                return None
            except OSError:  # no process can be made now (EAGAIN, ENOMEM): write it here
                pass
        try:
            save(self.engine, self.state_file, kept)
        except Exception as err:  # the disk, or a bug: the previous file stays whole
            return describe(err)
        self._saved_mark = mark
        if self._background is not None:
            self._background.mark = None  # the file holds a newer world than the child's
        return None

    def _on_event(self, event: "Event") -> None:
        self._changes += 1
        if self.trace and self._current is not None:
            if event.linux and self.flush_client is not None:
                self.flush_client()
            for op in event.linux:
                self._current.write(f"+ {op}\n")

    def remark(self, line: str) -> None:
        """A whole-line comment typed at the prompt: ``#: text`` is narration for a recording."""
        body = line.strip()
        if self.recorder is not None and body.startswith("#:"):
            text = body[2:]
            self.recorder.narrate(text[1:] if text.startswith(" ") else text)

    def execute(self, line: str, live: Optional[Callable[[str], None]] = None,
                sink: Optional[Callable[[str, str], None]] = None) -> Tuple[str, int]:
        """Run one command line; return everything it printed and its exit status."""
        # A line run by a command (demo, a lesson's step, an exercise's setup) is that
        # command's business: a recording keeps the line the user typed.
        typed = self._current is None
        if typed and line.lstrip().startswith("#"):
            self.remark(line)
        started = self.engine.clock.now() if self.recorder is not None else 0.0
        if typed:
            self.recording_command = False
        out = Output(live, sink)
        # A command may run others (demo, an exercise's setup): the outer one's output
        # and trace come back when they are done.
        outer = (self._current, getattr(self, "last_output", None))
        self._current = out
        self.last_output = out
        self.last_interrupt = None
        try:
            with self.interrupts.catching():
                status = self._run(line, out)
        except Interrupted as stop:  # the command reacted (see each command); it ends here
            self.last_interrupt = stop
            status = stop.status
        finally:
            self._current = outer[0]
            if outer[0] is not None:
                self.last_output = outer[1]
            else:  # the outermost command has run: the world is saved (--state)
                self.save_state(out)
        self.last_status = status
        if typed:
            self._record(line, out, status, started)
        return out.text, status

    def _record(self, line: str, out: Output, status: int, started: float) -> None:
        """Keep the line for a recording, unless a lesson could not replay it (said at once)."""
        if self.recorder is None or self.recording_command or not line.strip() \
                or line.lstrip().startswith("#"):
            return
        if self.last_interrupt is not None:
            out.error("record: left out (interrupted: a replay cannot do what you did)")
        elif self._attachment is not None:
            out.error("record: left out (what is typed in a container's terminal is not recorded: "
                      "use `exec CONTAINER COMMAND`)")
        else:
            self.recorder.take(line, out.text, status, started)

    def _run(self, line: str, out: Output) -> int:
        """A line in the prompt's language (line.py): its commands, one after another."""
        self.line_shell.status = self.last_status
        try:
            return self.line_shell.run(line, self._run_words, out, self._confine,
                                       lambda *host: self.engine.run_on_host(*host))
        except UsageError as err:
            if err.message:
                out.error(err.message)
            return err.status
        except NotHere as err:
            out.error(f"{PROGRAM}: {err}")
            return 2

    def _confine(self, path: str) -> str:
        """The host path a redirection of the line may use (shell/host_paths.py)."""
        from .host_paths import confine
        return confine(self.engine, path)

    def _run_words(self, words: List[str], stdin: str, out) -> int:
        """One crsim command, its words expanded: parsed, then run by its handler."""
        try:
            parsed = parse_words(words)
        except UsageError as err:
            if err.message:
                out.error(err.message)
            return err.status
        if parsed.help:
            out.write(help_text(parsed.command))
            return 0
        ctx = Context(self, out, stdin)
        try:
            return parsed.command.handler(ctx, parsed.options, parsed.args) or 0
        except ExitShell:
            raise
        except UsageError as err:
            out.error(err.message)
            return err.status
        except Exception as err:
            from engine.errors import EngineError  # (not loaded before a command needs it)
            if isinstance(err, EngineError):
                out.error(daemon_error(err))
                return err.exit_code
            # a bug in crsim: say so in one line, keep the shell alive
            out.error(f"{PROGRAM}: internal error: {type(err).__name__}: {err}")
            return 1
