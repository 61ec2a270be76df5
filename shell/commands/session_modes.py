"""crsim's own session modes: `record` (a session written down as a lesson) and `trace`."""

from __future__ import annotations

import os

from ..parser import PROGRAM, UsageError
from ..spec import COMPLETE_HOST_FILE, Arg, command


@command("record", "Record the session as a checked .crs lesson (record stop writes it)",
         "FILE | stop",
         args=(Arg("FILE", COMPLETE_HOST_FILE, optional=True),), max_args=1, group="Shell",
         description="Every command line run after `record FILE`, with its output as the expected\n"
                     "output, and the narration typed as `#: text`, until `record stop`, which\n"
                     "replays the commands as `--check` will and writes FILE. `record` alone\n"
                     "says whether the session is recording.")
def record(ctx, opts, args):
    session = ctx.session
    session.recording_command = True  # this line is not part of the recording
    recorder = session.recorder
    if not args:
        if recorder is None:
            ctx.out.line("record: not recording")
        else:
            count = len(recorder.commands)
            ctx.out.line(f"record: recording to {recorder.path} "
                         f"({count} command{'' if count == 1 else 's'} so far)")
        return 0
    if args[0] == "stop":
        if recorder is None:
            raise UsageError("record: not recording (record FILE starts)", 1)
        return _stop(ctx, recorder)
    return _start(ctx, args[0])


def _start(ctx, path: str) -> int:
    from ..host_paths import confine
    from ..recording import Recorder, preamble
    session = ctx.session
    if session.recorder is not None:
        raise UsageError(f"record: already recording to {session.recorder.path} "
                         "(record stop writes it)", 1)
    confine(ctx.engine, path)
    directory = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path) or not os.path.isdir(directory):
        raise UsageError(f"record: {path}: " + ("is a directory" if os.path.isdir(path)
                                                else "no such directory"), 1)
    commands, blockers = preamble(session)
    if blockers:
        raise UsageError("record: a lesson replays in a new engine, and no command re-makes what "
                         f"this one holds: {'; '.join(blockers)}. Remove them (or start a new "
                         f"{PROGRAM}) and record from there", 1)
    session.recorder = Recorder(path, ctx.now(), commands)
    ctx.out.line(f"record: recording to {path}; narrate with '#: text', end with 'record stop'")
    return 0


def _stop(ctx, recorder) -> int:
    from engine import Engine

    from ..host_paths import confine
    from ..recording import checks, make_lesson, write_atomically
    from ..interrupts import Interrupted
    session = ctx.session
    engine = ctx.engine

    def new_session():  # what --check replays in (its default host, seed 0, virtual time)
        return session.new_session(Engine.deterministic(host_root=engine.host_root))
    if not recorder.commands:
        session.recorder = None
        raise UsageError("record: no command was recorded: nothing written", 1)
    ctx.notice(f"record: replaying {len(recorder.commands)} commands as --check will…")
    try:
        lesson = make_lesson(recorder, new_session)
    except Interrupted:  # Ctrl-C: nothing written, the recording goes on
        ctx.out.error(f"record: interrupted; still recording to {recorder.path}")
        raise
    session.recorder = None
    for warning in lesson.warnings:
        ctx.out.error(warning)
    failure = checks(lesson.text, os.path.basename(recorder.path), new_session)
    if failure:  # a lesson that does not replay the same way twice (a host file it changes?)
        ctx.out.error("record: the lesson does not replay the same way twice; written all the same:")
        ctx.out.write(failure, "stderr")
    try:
        write_atomically(confine(engine, recorder.path), lesson.text)
    except OSError as err:
        raise UsageError(f"record: {recorder.path}: {err.strerror or err}", 1) from None
    ctx.out.line(f"record: wrote {lesson.commands} command{'' if lesson.commands == 1 else 's'} "
                 f"to {recorder.path}")
    return 1 if failure else 0


@command("trace", "Show the Linux operation behind every engine event (as --trace)", "[on|off]",
         args=(Arg("MODE", ("on", "off"), optional=True),), max_args=1, group="Shell")
def trace(ctx, opts, args):
    if not args:
        ctx.out.line(f"trace is {'on' if ctx.session.trace else 'off'}")
        return 0
    if args[0] not in ("on", "off"):
        raise UsageError(f"trace: '{args[0]}': on or off", 2)
    ctx.session.trace = args[0] == "on"
    return 0
