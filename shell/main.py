"""`crsim-shell`: choose the mode and run lines through one Session.

- no argument on a terminal: the interactive prompt (prompt_toolkit);
- ``FILE.crs``: replay a script (``--check`` compares with its expected output);
- ``-c "CMD"``: run commands given on the command line;
- commands on standard input when it is not a terminal;
- ``CMD ARGS...``: run one command (so ``crsim-shell run --help`` works).
Non-interactive modes use virtual time and seeded ids so their output is the
same on every run, and never import prompt_toolkit or pygments.
"""

from __future__ import annotations

import os
import sys

from .interrupts import KEY, CommandInterrupted, never_message, signals, timeout_message
from .parser import PROGRAM
from .spec import REGISTRY

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List, Optional, Tuple

USAGE = f"""Usage:  {PROGRAM} [OPTIONS] [FILE.crs | -c COMMANDS | COMMAND [ARG...]]

A container runtime simulator for teaching: Docker's commands on a simulated engine.

Options:
  -c COMMANDS        Run these commands (one per line) and exit
      --check        Replay FILE.crs and compare each output with the expected one
      --keep-going   Do not stop a replay at the first failing command
      --command-timeout SECONDS
                     Interrupt a command of a script, -c or stdin that has not
                     finished after SECONDS of wall time, as Ctrl-C would, and
                     count it as failed (exit status 130); 0: no limit
                     (default 60). In virtual time a command that nothing can
                     ever end is interrupted at once
      --step FILE.crs
                     Play FILE.crs at the interactive prompt one command at a
                     time (step mode: Enter runs it, PgDn skips, PgUp goes
                     back, Ctrl-X q leaves)
      --trace        Print the Linux operation behind every engine event
      --seed N       Seed for ids and names in scripts (default 0)
      --cpus N       CPUs of the simulated host (default 4)
      --memory SIZE  Memory of the simulated host (default 8g)
      --sandbox DIR  Touch no host file outside DIR (bind mounts, build contexts, cp, export)
      --state FILE   Keep the whole world in FILE: load it at start (a new
                     world if FILE does not exist or is empty), save it
                     after every command that changed something and at
                     exit (--seed, --cpus and --memory shape a new world
                     only). A FILE that is no state file, or is another
                     crsim's, is left alone: the shell says so and exits
                     with status 1
      --version      Print the version and exit
      --help         Print this help
"""


# -- crsim-shell's own options (before FILE.crs, -c or COMMAND), read by hand ------------
# argparse would cost more than a `crsim-shell version` may spend in all (it loads gettext,
# locale and shutil to format a help nobody asked for), and its abbreviations (`--ver` for
# `--version`) are not what a docker-like CLI accepts. The words are read as pflag does:
# `--name value`, `--name=value`, `-c value`, `-cvalue`. (Here beside USAGE, which tells
# them, rather than in a module of their own: one module less for every start to load.)

DEFAULT_COMMAND_TIMEOUT = 60.0
DEFAULT_MEMORY = "8g"


class OptionsError(Exception):
    """A word crsim-shell cannot take: one line, exit status 2."""


def _seconds(text: str) -> float:
    """--command-timeout's value: seconds, 0 for no limit."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if value < 0 or value != value or value == float("inf"):
        raise ValueError(f"invalid number of seconds: '{text}'")
    return value


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"invalid int value: '{text}'") from None


# option -> (attribute, how its value is read; None: a switch), and the defaults
VALUED = {"-c": ("commands", str), "--command-timeout": ("command_timeout", _seconds),
          "--step": ("step", str), "--seed": ("seed", _integer), "--cpus": ("cpus", _integer),
          "--memory": ("memory", str), "--sandbox": ("sandbox", str), "--state": ("state", str)}
SWITCHES = {"--check": "check", "--keep-going": "keep_going", "--trace": "trace",
            "--version": "version", "--help": "help"}
DEFAULTS = dict(commands=None, command_timeout=DEFAULT_COMMAND_TIMEOUT, step="", seed=0, cpus=4,
                memory=DEFAULT_MEMORY, sandbox="", state="",
                **dict.fromkeys(SWITCHES.values(), False))


class Options:
    """The options read, as attributes (``DEFAULTS`` for those not given)."""

    def __init__(self):
        self.__dict__.update(DEFAULTS)


def read_options(argv: List[str]) -> Tuple[Options, List[str]]:
    """The options, and the words from the first that is no option on (a file or a
    command line)."""
    options = Options()
    index = 0
    while index < len(argv):
        word = argv[index]
        if not word.startswith("-") or word == "-":
            break
        index += 1
        if word == "--":
            break
        name, has_value, value = word.partition("=")
        if name in SWITCHES and not has_value:
            setattr(options, SWITCHES[name], True)
            continue
        if name not in VALUED and word[:2] == "-c":  # -cCOMMANDS
            name, has_value, value = "-c", True, word[2:]
        if name not in VALUED:
            raise OptionsError(f"unknown option: {word}")
        if not has_value:
            if index == len(argv):
                raise OptionsError(f"option {name} needs a value")
            value = argv[index]
            index += 1
        attribute, read = VALUED[name]
        try:
            setattr(options, attribute, read(value))
        except ValueError as err:
            raise OptionsError(f"option {name}: {err}") from None
    return options, argv[index:]


DEFAULT_MEMORY_BYTES = 8 * 1024 ** 3  # DEFAULT_MEMORY's bytes, known without reading it


def _engine(options, interactive: bool, interrupts):
    """What makes the session's engine: built when a command first needs it (version,
    help and a usage error never do). The options are checked now."""
    memory = DEFAULT_MEMORY_BYTES
    if options.memory != DEFAULT_MEMORY:
        from .commands.run_options import ram_in_bytes
        from .spec import Command
        memory = ram_in_bytes(options.memory, "--memory", Command("crsim-shell", "", "", None))
    root = os.path.realpath(options.sandbox) if options.sandbox else ""
    if options.sandbox and not os.path.isdir(root):
        from .parser import UsageError
        raise UsageError(f"{PROGRAM}: --sandbox {options.sandbox}: not a directory")

    def make():
        from engine import Engine
        from engine.clock import VirtualClock, WallClock
        if interactive:  # real time, whose waits a Ctrl-C cuts short
            return Engine(WallClock(sleep=interrupts.sleep), cpus=options.cpus, memory=memory,
                          host_root=root)
        return Engine(VirtualClock(), seed=options.seed, cpus=options.cpus, memory=memory,
                      host_root=root)
    return make


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


class _Runner:
    """Runs the commands of a non-interactive mode, each under the time limit."""

    def __init__(self, session, options):
        self.session = session
        self.seconds = options.command_timeout
        self.keep_going = options.keep_going
        self.watchdog = None  # made for the first command: one for all of them

    def execute(self, line: str, sink=None):
        """session.execute under the watchdog; (output, status), or CommandInterrupted."""
        if self.watchdog is None:
            from .interrupts import Watchdog
            self.watchdog = Watchdog(self.session.interrupts, self.seconds)
        with self.watchdog:
            output, status = self.session.execute(line, sink=sink)
        stop = self.session.last_interrupt
        if stop is not None:
            raise CommandInterrupted(output, status, self.message(stop, line),
                                     final=stop.reason == KEY)
        return output, status

    def message(self, stop, line: str) -> str:
        if stop.reason == KEY:
            return ""  # the user pressed Ctrl-C: the terminal shows ^C
        if self.seconds > 0:  # in virtual time, waiting out the limit would end the same way
            return timeout_message(line, self.seconds)
        return never_message(line)

    def lines(self, lines) -> int:
        """-c, stdin and one-shot commands: stdout and stderr each to their own stream.
        The status is the last command's; an interrupted command stops the others
        (not with --keep-going) and makes the status its own."""
        from .session import ExitShell
        status = interrupted = 0
        for line in lines:
            stop = None
            try:
                _, status = self.execute(line, sink=_to_stream)
            except ExitShell as done:
                return done.status
            except CommandInterrupted as caught:
                stop, status = caught, caught.status
            if stop is not None:
                if stop.message:
                    sys.stderr.write(stop.message)
                    sys.stderr.flush()
                if stop.final or not self.keep_going:
                    return status
                interrupted = interrupted or status
        return interrupted or status


def _to_stream(stream: str, text: str) -> None:
    """A command's output as it comes, each part to its own stream (as the docker CLI)."""
    target = sys.stderr if stream == "stderr" else sys.stdout
    target.write(text)
    target.flush()


def _die_on_broken_pipe() -> None:
    """`crsim-shell -c help | head -3`: when the reader of its output is gone, the process
    ends by SIGPIPE with nothing said (status 141 to a shell), as the docker client and C
    programs do, rather than Python's BrokenPipeError."""
    if hasattr(signals, "SIGPIPE"):
        signals.signal(signals.SIGPIPE, signals.SIG_DFL)


def _raw_bytes() -> None:
    """Bytes that are not UTF-8 (read as surrogates) go out as the bytes they were, as a
    C program echoes them, not as Python's \\udcxx escapes."""
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="surrogateescape")


def main(argv: Optional[List[str]] = None) -> int:
    if argv is not None:
        return _main(argv)
    # A process of its own: a reader that goes away ends it quietly, its start collects
    # garbage in batches, and its end is quick.
    _die_on_broken_pipe()
    _collect_in_batches()
    try:
        return _main(sys.argv[1:])
    finally:
        _end_without_collecting()


# Allocations between two collections of the youngest generation (Python's default: 700).
YOUNG_COLLECTION_EVERY = 50_000


def _collect_in_batches() -> None:
    """A start imports some 130 modules and builds an engine: hundreds of thousands of
    objects, nearly all of which live on. The default rhythm collects them again and
    again (3 ms of a `run`, issue 18); garbage with cycles is still collected, in
    batches of ``YOUNG_COLLECTION_EVERY`` allocations (a few MB at most)."""
    import gc
    gc.set_threshold(YOUNG_COLLECTION_EVERY, *gc.get_threshold()[1:])


def _end_without_collecting() -> None:
    """The process ends: nothing it made needs the cyclic garbage collector any more.
    Frozen (gc.freeze), its objects are left to the exit, which frees its memory whole,
    instead of being walked by the collections of the interpreter's shutdown: those cost
    a `crsim-shell -c version` 1.5 ms, more than all it imports (issue 18). Nothing of
    crsim's waits for a collection (no __del__, no weakref.finalize); streams are flushed
    by the shutdown all the same."""
    import gc
    gc.freeze()


def _main(argv: List[str]) -> int:
    _raw_bytes()
    try:
        options, rest = read_options(argv)
    except OptionsError as err:
        sys.stderr.write(f"{PROGRAM}: {err}\nSee '{PROGRAM} --help'.\n")
        return 2
    if options.help:
        _write(USAGE)
        return 0
    if options.version:
        from engine.version import VERSION
        _write(f"{PROGRAM} version {VERSION}\n")
        return 0
    from .interrupts import Interrupts
    from .parser import UsageError
    interactive = (options.commands is None and not rest and sys.stdin.isatty()
                   and sys.stdout.isatty())
    interrupts = Interrupts()
    try:
        make_engine = _engine(options, interactive, interrupts)
    except UsageError as err:
        _write(err.message + "\n")
        return 125
    engine, snapshots = None, {}
    if options.state:
        try:
            engine, snapshots = _load_state(options.state, make_engine())
        except _StateError as err:
            sys.stderr.write(f"{PROGRAM}: {err}\n")
            return 1
    from .session import Session
    session = Session(engine, make_engine=make_engine, interactive=interactive, trace=options.trace,
                      interrupts=interrupts, state_file=options.state or None, snapshots=snapshots)
    if options.state and not _saved(session):  # a new file: can it be written at all?
        return 1
    # From here on a child process writes the world after each command (the prompt and
    # scripts answer at once); the last _saved waits for it.
    session.save_in_background = True
    if options.step:
        if not interactive:
            _write(f"{PROGRAM}: --step plays a lesson at the interactive prompt: it needs a "
                   f"terminal (replay it with '{PROGRAM} FILE.crs')\n")
            return 2
        status = _start_steps(session, options.step)
        if status:
            return status
    if interactive:
        from .interactive.repl import run_repl
        status = run_repl(session)
    else:
        try:
            status = _non_interactive(session, options, rest)
        except KeyboardInterrupt:  # Ctrl-C between two commands
            sys.stderr.write("\n")
            status = 130
    return status if _saved(session) else (status or 1)


class _StateError(Exception):
    pass


def _load_state(path: str, engine):
    """The world kept in ``path`` (``engine``, new, if there is none yet) and the
    snapshots kept with it. An interactive session goes on on its wall clock, a script
    on virtual time from the moment the file was saved. The sandbox is this
    invocation's, never the file's."""
    from engine.world import StateFileError, read, restore_file

    from .commands.world import Snapshot
    if not os.path.lexists(path) or (os.path.isfile(path) and os.path.getsize(path) == 0):
        return engine, {}  # nothing kept yet (a save never leaves an empty file: it is atomic)
    try:
        kept, snapshots = read(path)
        loaded = restore_file(kept, path, None if engine.clock.virtual else engine.clock)
    except StateFileError as err:
        raise _StateError(str(err)) from None
    except OSError as err:
        raise _StateError(f"{path}: {err.strerror or err}") from None
    loaded.host_root = engine.host_root
    return loaded, {name: Snapshot.from_file(one) for name, one in snapshots.items()}


def _saved(session) -> bool:
    """Save the world now (--state); False, having said why on stderr, if it failed."""
    from .session import Output
    out = Output()
    saved = session.save_state(out, force=True)
    sys.stderr.write(out.text)
    return saved


def _non_interactive(session, options, rest) -> int:
    from .line import ScriptError, iter_commands
    runner = _Runner(session, options)
    if rest and REGISTRY.get(rest[0]) is not None and not rest[0].endswith(".crs"):
        from .line import joined
        return runner.lines([joined(rest)])
    if rest:
        return _replay_file(runner, rest[0], options)
    try:
        if options.commands is not None:
            lines = iter_commands(options.commands, "-c")
        else:
            lines = iter_commands(sys.stdin.read(), "<stdin>")
    except ScriptError as err:
        _write(f"{PROGRAM}: {err}\n")
        return 2
    return runner.lines(lines)


def _warn(text: str) -> None:
    sys.stderr.write(text)
    sys.stderr.flush()


def _read_script(path: str, parse=None):
    """A .crs file parsed (by ``parse``: a lesson's script unless it is an exercise), or the
    status to end with (its error already said)."""
    from . import exercise, script
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as err:
        _write(f"{PROGRAM}: {path}: {(err.strerror or str(err))}\n")
        return 1
    if parse is None:
        parse = exercise.parse if exercise.is_exercise(text) else script.parse
    try:
        return parse(text, os.path.basename(path))
    except script.ScriptError as err:
        _write(f"{PROGRAM}: {err}\n")
        return 2


def _start_steps(session, path: str) -> int:
    """--step FILE.crs: the session plays it in step mode."""
    from .script import parse
    from .step import play
    parsed = _read_script(path, parse)
    if isinstance(parsed, int):
        return parsed
    name = os.path.basename(path)
    play(session, parsed, name[:-4] if name.endswith(".crs") else name)
    return 0


def _replay_file(runner, path: str, options) -> int:
    from . import exercise, script
    parsed = _read_script(path)
    if isinstance(parsed, int):
        return parsed
    if isinstance(parsed, exercise.Exercise):  # its solutions must solve it
        return exercise.verify(parsed, runner.execute, runner.session.run_check, _write)
    return script.replay(parsed, runner.execute, _write, check=options.check,
                         keep_going=options.keep_going, warn=_warn)


if __name__ == "__main__":
    sys.exit(main())
