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

import argparse
import os
import sys
from typing import List, Optional

from .parser import PROGRAM
from .spec import REGISTRY

USAGE = f"""Usage:  {PROGRAM} [OPTIONS] [FILE.crs | -c COMMANDS | COMMAND [ARG...]]

A container runtime simulator for teaching: Docker's commands on a simulated engine.

Options:
  -c COMMANDS        Run these commands (one per line) and exit
      --check        Replay FILE.crs and compare each output with the expected one
      --keep-going   Do not stop a replay at the first failing command
      --trace        Print the Linux operation behind every engine event
      --seed N       Seed for ids and names in scripts (default 0)
      --cpus N       CPUs of the simulated host (default 4)
      --memory SIZE  Memory of the simulated host (default 8g)
      --version      Print the version and exit
      --help         Print this help
"""


def _arguments(argv: List[str]):
    parser = argparse.ArgumentParser(prog=PROGRAM, add_help=False)
    parser.add_argument("-c", dest="commands")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--keep-going", action="store_true")
    parser.add_argument("--trace", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cpus", type=int, default=4)
    parser.add_argument("--memory", default="8g")
    parser.add_argument("--version", action="store_true")
    parser.add_argument("--help", action="store_true")
    # Everything from the first non-option word on is a file or a command line.
    split = next((i for i, word in enumerate(argv) if not word.startswith("-")
                  and (i == 0 or argv[i - 1] not in ("-c", "--seed", "--cpus", "--memory"))),
                 len(argv))
    options = parser.parse_args(argv[:split])
    return options, argv[split:]


def _engine(options, interactive: bool):
    from engine import Engine
    from engine.clock import VirtualClock

    from .commands.run_options import ram_in_bytes
    from .spec import Command
    memory = ram_in_bytes(options.memory, "--memory", Command("crsim-shell", "", "", None))
    if interactive:
        return Engine(cpus=options.cpus, memory=memory)
    return Engine(VirtualClock(), seed=options.seed, cpus=options.cpus, memory=memory)


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _run_lines(session, lines) -> int:
    """-c, stdin and one-shot commands: stdout and stderr each to their own stream."""
    from .session import ExitShell
    status = 0
    for line in lines:
        try:
            _, status = session.execute(line)
        except ExitShell as done:
            return done.status
        for stream, text in session.last_output.parts:
            target = sys.stderr if stream == "stderr" else sys.stdout
            target.write(text)
            target.flush()
    return status


def main(argv: Optional[List[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        options, rest = _arguments(argv)
    except SystemExit as err:  # argparse already printed its message
        return int(err.code or 2)
    if options.help:
        _write(USAGE)
        return 0
    if options.version:
        from .commands.system import VERSION
        _write(f"{PROGRAM} version {VERSION}\n")
        return 0
    from .parser import UsageError
    interactive = (options.commands is None and not rest and sys.stdin.isatty()
                   and sys.stdout.isatty())
    try:
        engine = _engine(options, interactive)
    except UsageError as err:
        _write(err.message + "\n")
        return 125
    from .session import Session
    session = Session(engine, interactive=interactive, trace=options.trace)
    if interactive:
        from .interactive.repl import run_repl
        return run_repl(session)
    from . import script
    if rest and REGISTRY.get(rest[0]) is not None and not rest[0].endswith(".crs"):
        import shlex
        return _run_lines(session, [shlex.join(rest)])
    if rest:
        return _replay_file(session, rest[0], options)
    try:
        if options.commands is not None:
            lines = script.iter_commands(options.commands, "-c")
        else:
            lines = script.iter_commands(sys.stdin.read(), "<stdin>")
    except script.ScriptError as err:
        _write(f"{PROGRAM}: {err}\n")
        return 2
    return _run_lines(session, lines)


def _replay_file(session, path: str, options) -> int:
    from . import script
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as err:
        _write(f"{PROGRAM}: {path}: {(err.strerror or str(err))}\n")
        return 1
    try:
        parsed = script.parse(text, os.path.basename(path))
    except script.ScriptError as err:
        _write(f"{PROGRAM}: {err}\n")
        return 2
    return script.replay(parsed, session.execute, _write, check=options.check,
                         keep_going=options.keep_going)


if __name__ == "__main__":
    sys.exit(main())
