"""`record FILE` ... `record stop`: a live session written down as a checked ``.crs`` lesson.

What is kept while recording: each command line with its output, status and when it
started (on the session's clock), and the narration typed as ``#: text``.

A live session runs on the wall clock with random ids, but ``crsim-shell --check``
replays in virtual time with seed 0, so the live output is no expected output. At
``record stop`` the commands are therefore replayed in a fresh deterministic engine,
as ``--check`` will, and the replay's output is what the lesson expects (ids and
digests written as ``...``, the lessons' style). Live and replayed outputs are then
compared with what may differ between two runs blanked out (ids, times, durations);
where they still differ and the live session had spent more time than the replay at
that point (a container that had had time to exit, a server to start), a ``sleep``
of that lag is put before the command and the replay runs again; what still differs
after that is said, one line per command. Finally the lesson is checked once more, as
``--check`` would, before it is written (atomically).

What cannot be replayed is left out and said at once: an interrupted command (Ctrl-C,
or a wait with no end: a replay would interrupt it too) and a command that opened a
container's terminal (``exec -it``: what is typed there is not the session's).

A world that already has things when recording starts: images pulled from the
registry are pulled again by a preamble (``pull -q``, ``tag``), as are the prompt's
exported variables and trace mode; containers, volumes, networks and images built here
cannot be re-made by a command, so `record` refuses and says what is there.
"""

from __future__ import annotations

import os
import re
import shlex
import tempfile
from typing import Callable, Dict, List, Optional, Set, Tuple, Union

from engine.record import field, record

from . import script
from .interrupts import KEY

# A replay that keeps differing from the live session is retried with a new sleep at most this often.
MAX_SLEEPS = 20
DEFAULT_NETWORKS = ("bridge", "host", "none")


@record
class Take:
    """A command as it ran live."""
    command: str
    output: str
    status: int
    start: float  # seconds since recording began


@record
class Recorder:
    path: str
    started: float
    preamble: List[str] = field(default_factory=list)
    items: List[Union[script.Narration, Take]] = field(default_factory=list)
    warned: bool = False  # leaving was refused once, to say the lesson is not written

    @property
    def commands(self) -> List[Take]:
        return [item for item in self.items if isinstance(item, Take)]

    def narrate(self, text: str) -> None:
        self.items.append(script.Narration(0, text))

    def take(self, command: str, output: str, status: int, start: float) -> None:
        self.items.append(Take(command, output, status, start - self.started))


def unwritten(session) -> str:
    """What to say, once, to someone leaving the shell while it records ("" : nothing)."""
    recorder = session.recorder
    if recorder is None or recorder.warned:
        return ""
    recorder.warned = True
    return (f"record: {recorder.path} is not written yet ('record stop' writes it); "
            "leave again to leave without it")


# ---------------------------------------------------------------- the world before

def preamble(session) -> Tuple[List[str], List[str]]:
    """(the commands that re-make the world as it is, what no command can re-make)."""
    engine = session.engine
    blockers, commands = [], []
    containers = [c.name.lstrip("/") for c in engine.containers]
    if containers:
        blockers.append(_listed(containers, "container"))
    volumes = [v.name for v in engine.volumes]
    if volumes:
        blockers.append(_listed(volumes, "volume"))
    networks = [n.name for n in engine.networks.list() if n.name not in DEFAULT_NETWORKS]
    if networks:
        blockers.append(_listed(networks, "network"))
    built = []
    for image in engine.images.images():
        tags = engine.images.repo_tags(image.id)
        pulled = {digest.split("@", 1)[0] for digest in engine.images.repo_digests(image.id)}
        sources = [tag for tag in tags if tag.rsplit(":", 1)[0] in pulled]
        if not sources:  # built, committed or loaded here: no pull brings it back
            built.append(tags[0] if tags else image.id.split(":", 1)[-1][:12])
            continue
        commands += [f"pull -q {tag}" for tag in sources]
        commands += [f"tag {sources[0]} {tag}" for tag in tags if tag not in sources]
    if built:
        blockers.append(_listed(built, "image built here", "images built here"))
    for name, value in sorted(session.environ.items()):
        if os.environ.get(name) != value:
            commands.append(f"export {name}={shlex.quote(value)}")
    if session.trace:
        commands.append("trace on")
    return commands, blockers


def _listed(names: List[str], one: str, many: str = "") -> str:
    many = many or one + "s"
    return f"{len(names)} {one if len(names) == 1 else many} ({', '.join(names)})"


# ---------------------------------------------------------------- comparing

HEX_ID = re.compile(r"\b[0-9a-f]{12,64}\b")


def _generated_names() -> str:
    """A container's name when none was given (adjective_surname), as a pattern."""
    from engine.names import ADJECTIVES, SURNAMES
    return rf"\b({'|'.join(ADJECTIVES)})_({'|'.join(SURNAMES)})\d*\b"


# What two runs of one session may print differently: the names and addresses drawn at
# random (generated names, MAC addresses, veth names), times, dates, durations, rates.
VARYING = [re.compile(pattern) for pattern in (
    _generated_names(),
    r"\b([0-9a-f]{2}:){5}[0-9a-f]{2}\b",
    r"\bveth[0-9a-f]{7}\b",
    r"Less than a second|About an? (minute|hour)|\b\d+ (second|minute|hour|day|week|month|year)s?\b",
    r"\b\d{4}-\d\d-\d\d[T ][\d:.]+(Z|[+-]\d\d:?\d\d)?( [A-Z]{3,4})?",
    r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d+\b",
    r"\b\d+:\d\d(:\d\d)?(\.\d+)?\b",
    r"\b\d+(\.\d+)?(ns|µs|us|ms|s|m|h|%)(?![\w])",
    r"\b\d+(\.\d+)? ms\b",
)]


def comparable(text: str) -> List[str]:
    """The lines of an output with what varies between two runs blanked out, blanks
    squeezed (a table's columns widen with what they hold)."""
    lines = []
    for line in script.output_lines(text):
        line = HEX_ID.sub("<id>", line)
        for pattern in VARYING:
            line = pattern.sub("<t>", line)
        lines.append(" ".join(line.split()))
    return lines


def generalised(line: str) -> str:
    """An expected-output line: ids and digests as ``...`` (as the lessons write them)."""
    return HEX_ID.sub(script.WILDCARD, line)


# ---------------------------------------------------------------- replaying

@record
class Replayed:
    output: str
    status: int
    interrupted: bool
    start: float  # seconds of virtual time since the preamble


def replay(new_session: Callable[[], object], preamble_commands: List[str], takes: List[Take],
           sleeps: Dict[int, int], left_out: Set[int]):
    """Run the preamble and the takes (with the sleeps before them) in a fresh session:
    (the preamble's results, {take index: Replayed})."""
    session = new_session()
    before = []
    for command in preamble_commands:
        output, status = session.execute(command)
        before.append((output, status))
    origin = session.engine.clock.now()
    results = {}
    for index, take in enumerate(takes):
        if index in left_out:
            continue
        if sleeps.get(index):
            session.execute(f"sleep {sleeps[index]}")
        start = session.engine.clock.now() - origin
        output, status = session.execute(take.command)
        stop = session.last_interrupt
        if stop is not None and stop.reason == KEY:  # the user's Ctrl-C: `record stop` gives up
            raise stop
        results[index] = Replayed(output, status, stop is not None, start)
    return before, results


@record
class Lesson:
    text: str
    warnings: List[str]
    commands: int


def make_lesson(recorder: Recorder, new_session: Callable[[], object]) -> Lesson:
    """The lesson the recording makes (see the module's notes)."""
    takes = recorder.commands
    sleeps: Dict[int, int] = {}
    left_out: Set[int] = set()
    accepted: Set[int] = set()  # differences a sleep does not explain
    while True:
        before, results = replay(new_session, recorder.preamble, takes, sleeps, left_out)
        stuck = [i for i, done in results.items() if done.interrupted]
        if stuck:  # a wait with no end in virtual time: --check would interrupt it too
            left_out.update(stuck)
            continue
        retry = False
        for index, done in sorted(results.items()):
            take = takes[index]
            if index in accepted or (done.status == take.status
                                     and comparable(done.output) == comparable(take.output)):
                continue
            accepted.add(index)
            if index in sleeps:  # the time it had live was not the difference: no sleep
                del sleeps[index]
                retry = True
                break
            lag = round(take.start - done.start)
            if lag >= 1 and len(sleeps) < MAX_SLEEPS:
                sleeps[index] = lag
                accepted.discard(index)  # judged again once it has had that time
                retry = True
                break
        if not retry:
            break
    warnings = [f"record: left out (it never ends when replayed): {takes[i].command}"
                for i in sorted(left_out)]
    warnings += [_difference(takes[i], results[i]) for i in sorted(accepted)]
    text = _write_lesson(recorder, before, takes, results, sleeps)
    return Lesson(text, warnings, len(results))


def _difference(take: Take, done: Replayed) -> str:
    first = take.command.split("\n", 1)[0]
    if done.status != take.status:
        return (f"record: `{first}` ended with {take.status} live but {done.status} when replayed "
                f"(the lesson expects {done.status})")
    return f"record: `{first}` printed something else live than when replayed (the lesson expects the replay's)"


def _write_lesson(recorder: Recorder, before, takes: List[Take], results, sleeps) -> str:
    lines = ["#!/usr/bin/env crsim-shell",
             f"# Recorded with `record {os.path.basename(recorder.path)}`; "
             "check it with crsim-shell --check FILE."]
    if recorder.preamble:
        lines.append("# What the world held when the recording began:")
        for command, (output, status) in zip(recorder.preamble, before):
            lines += _step(command, output, status)
        lines.append("")
    index = 0
    for item in recorder.items:
        if isinstance(item, script.Narration):
            if lines[-1] and not lines[-1].startswith("#"):
                lines.append("")  # a blank line before the narration of the next part
            lines.append(f"#: {item.text}" if item.text else "#:")
            continue
        if index in results:
            if sleeps.get(index):
                lines.append(f"sleep {sleeps[index]}")
            lines += _step(item.command, results[index].output, results[index].status)
        index += 1
    return "\n".join(lines) + "\n"


def _step(command: str, output: str, status: int) -> List[str]:
    lines = [command]
    if status:
        lines.append(f"? {status}")
    expected = script.output_lines(output)
    lines += [f"| {generalised(line)}" if line else "|" for line in expected] or ["|"]
    return lines


def checks(text: str, filename: str, new_session: Callable[[], object]) -> str:
    """What ``--check`` says of the lesson, if it fails ("" if it passes)."""
    parsed = script.parse(text, filename)
    printed: List[str] = []
    status = script.replay(parsed, new_session().execute, printed.append, check=True)
    return "".join(printed) if status else ""


def write_atomically(path: str, text: str) -> None:
    """The whole file or none of it: a temporary file in the same directory, renamed."""
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".crsim-record-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # as a file the shell creates, not mkstemp's 0600
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
