"""Lessons at the prompt: `lesson` lists them and plays one in step mode, `demo` replays one
with its narration. Both use the session's own engine unless --fresh asks for a new one."""

from __future__ import annotations

from ..parser import PROGRAM
from ..render.table import align
from ..spec import COMPLETE_LESSON, Arg, Flag, command

# `lesson WORD`: what WORD does when it is not a lesson's name.
MOVES = ("next", "back", "stop")


def find_or_say(ctx, wanted: str, kind: str = "lessons"):
    """The lesson (or exercise) ``wanted`` names, or None once the error is said."""
    from ..lessons import NoSuchLesson, find
    try:
        return find(wanted, kind)
    except NoSuchLesson as err:
        ctx.out.error(f"{PROGRAM}: {err}")
        return None


def progress_table(ctx, kind: str, columns, size_of) -> int:
    """`lesson` and `exercise` alone: each one's name, title, size (steps, tasks: what
    ``size_of(found)`` counts) and how far this session got."""
    from ..lessons import all_lessons
    rows = [columns]
    for found in all_lessons(kind):
        size = size_of(found)
        done = ctx.session.progress.get(found.name)
        rows.append((found.name, found.title, str(size),
                     "-" if done is None else "all" if done >= size else str(done)))
    ctx.out.write(align(rows))
    return 0


@command("demo", "Replay a lesson, with its narration", "[OPTIONS] [LESSON]",
         flags=(Flag("fresh", help="Play it in a new simulated engine (virtual time), "
                                   "leaving this session's world as it is"),),
         args=(Arg("LESSON", COMPLETE_LESSON, optional=True),), max_args=1, group="Shell")
def demo(ctx, opts, args):
    """Replays a lesson in this session's engine (or a fresh one: --fresh), as a script."""
    from .. import script
    lesson = find_or_say(ctx, args[0] if args else "1")
    if lesson is None:
        return 1
    parsed = script.parse(lesson.text, lesson.name + ".crs")
    player = ctx.session
    if opts["fresh"]:
        from engine import Engine
        player = ctx.session.new_session(Engine.deterministic(cpus=ctx.engine.host_cpus,
                                                              memory=ctx.engine.host_memory))
    status = script.replay(parsed, player.execute, ctx.out.write)
    if player.last_interrupt is not None:  # Ctrl-C stopped the lesson: it stops demo too
        raise player.last_interrupt
    return status


@command("lesson", "List the lessons, or play one step by step at the prompt",
         "[OPTIONS] [LESSON | next | back | stop]",
         flags=(Flag("fresh", help="Start it in a new, empty world (this one is left "
                                   "behind: 'snapshot' it first to come back)"),
                Flag("pace", kind="float", default=0.0,
                     help="Type each command out at this many characters a second")),
         args=(Arg("LESSON", COMPLETE_LESSON, optional=True),), max_args=1,
         group="Shell",
         description="Without an argument: the lessons, their titles and your progress.\n"
                     "With one, it starts in step mode: each command appears ready at the\n"
                     "prompt. Enter runs it (edit it first if you like, or type your own\n"
                     "commands first); 'lesson next' (PgDn) skips it, 'lesson back' (PgUp)\n"
                     "goes back a step, 'lesson stop' (Ctrl-X q) leaves the lesson.")
def lesson(ctx, opts, args):
    session = ctx.session
    if not args:
        return _list(ctx)
    word = args[0]
    if word in MOVES:
        return _move(ctx, word)
    found = find_or_say(ctx, word)
    if found is None:
        return 1
    if not session.interactive:
        ctx.out.error(f"{PROGRAM}: lesson: step mode needs the interactive prompt; "
                      f"'demo {found.number}' replays the lesson")
        return 1
    from .. import script
    from ..step import play
    if opts["fresh"]:
        session.start_afresh()
    play(session, script.parse(found.text, found.name + ".crs"), found.name, opts["pace"] or 0.0)
    return 0


def _list(ctx) -> int:
    from .. import script
    return progress_table(ctx, "lessons", ("LESSON", "TITLE", "STEPS", "DONE"),
                          lambda found: len(script.parse(found.text, found.name).steps))


def _move(ctx, word: str) -> int:
    session = ctx.session
    player = session.player
    if player is None:
        ctx.out.error(f"{PROGRAM}: lesson {word}: no lesson is playing (start one with "
                      f"'lesson NAME')")
        return 1
    if word == "stop":
        session.player = None
        ctx.out.line(f"Left lesson {player.name} at step {player.progress()}.")
        return 0
    if word == "next":
        step = player.skip()
        if step is not None:
            ctx.out.line(f"Skipped: {step.command.splitlines()[0]}")
        finished = session.note_progress()
        if finished:
            ctx.out.line(finished)
        return 0
    said = player.back()
    if said is None:
        ctx.out.error(f"{PROGRAM}: lesson back: already at the first step")
        return 1
    ctx.out.line(f"Back to step {player.done + 1}: {said}.")
    return 0
