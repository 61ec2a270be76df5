"""Exercises at the prompt: `exercise` lists and starts them, `check` evaluates the open
task's checks, `hint` and `solution` help; `peek` reads a file as the host would (what
checks use to look inside containers and volumes without starting anything)."""

from __future__ import annotations

from engine.volume import VOLUMES_ROOT

from ..parser import PROGRAM
from ..spec import COMPLETE_CONTAINER_PATH, COMPLETE_LESSON, Arg, Flag, command


def _attempt(ctx, word: str):
    attempt = ctx.session.exercise
    if attempt is None or attempt.finished:
        ctx.out.error(f"{PROGRAM}: {word}: no exercise is open (start one with "
                      f"'exercise NAME')")
    return None if attempt is None or attempt.finished else attempt


def _on_the_open_task(word: str):
    """A command about the open exercise: its handler gets the attempt (or it fails)."""
    def wrap(handler):
        def run(ctx, opts, args):
            attempt = _attempt(ctx, word)
            return 1 if attempt is None else handler(ctx, attempt)
        return run
    return wrap


@command("exercise", "List the exercises, or start one", "[OPTIONS] [EXERCISE | stop]",
         flags=(Flag("fresh", help="Start it in a new, empty world (this one is left behind: "
                                   "'snapshot' it first to come back)"),),
         args=(Arg("EXERCISE", COMPLETE_LESSON, optional=True),), max_args=1, group="Shell",
         description="An exercise gives tasks to solve with your own commands. After every\n"
                     "command its checks look at the simulated world (they only read it);\n"
                     "'check' shows them, 'hint' gives a hint, 'solution' the commands.")
def exercise(ctx, opts, args):
    from .. import exercise as exercises
    from ..lessons import EXERCISES
    from .lessons import find_or_say, progress_table
    session = ctx.session
    if not args:
        return progress_table(ctx, EXERCISES, ("EXERCISE", "TITLE", "TASKS", "DONE"),
                              lambda found: len(exercises.parse(found.text, found.name).tasks))
    if args[0] == "stop":
        attempt = _attempt(ctx, "exercise stop")
        if attempt is None:
            return 1
        session.exercise = None
        ctx.out.line(f"Left exercise {attempt.name} at {attempt.progress()}.")
        return 0
    found = find_or_say(ctx, args[0], EXERCISES)
    if found is None:
        return 1
    parsed = exercises.parse(found.text, found.name + ".crs")
    if opts["fresh"]:
        session.start_afresh()
    for text in parsed.intro:
        ctx.out.line(f"# {text}" if text else "#")
    for step in parsed.setup:  # as a replay shows them: the command, then what it printed
        ctx.out.line(f"$ {step.command}")
        output, status = session.execute(step.command)
        ctx.out.write(output)
        if status:
            ctx.out.error(f"{PROGRAM}: exercise {found.name}: its setup failed: "
                          f"{step.command}")
            return status
    session.exercise = exercises.Attempt(parsed, found.name)
    session.progress.setdefault(found.name, 0)
    ctx.out.line(f"Task 1: {parsed.tasks[0].text}")
    return 0


@command("check", "Run the open exercise task's checks and show them", "", max_args=0,
         group="Shell")
@_on_the_open_task("check")
def check(ctx, attempt):
    from ..exercise import passes
    task = attempt.current
    ran = {item.step.command: ctx.session.run_check(item.step.command) for item in task.checks}
    results = [passes(item, *ran[item.step.command]) for item in task.checks]
    ctx.out.line(f"Task {attempt.task + 1}: {task.text}")
    for item, passed in zip(task.checks, results):
        ctx.out.line(f"  {'✓' if passed else '✗'} {item.what}")
    # what is new (a task done, the next one) from these same runs; the next task's run anew
    for line in ctx.session.evaluate_exercise(lambda line: ran.get(line) or
                                              ctx.session.run_check(line)):
        ctx.out.line(line)
    return 0 if all(results) else 1


@command("hint", "Show the next hint for the open exercise task", "", max_args=0,
         group="Shell")
@_on_the_open_task("hint")
def hint(ctx, attempt):
    hints = attempt.current.hints
    if attempt.hints_shown >= len(hints):
        ctx.out.line("No more hints for this task: 'solution' shows the commands.")
        return 0
    attempt.hints_shown += 1
    ctx.out.line(f"Hint {attempt.hints_shown}/{len(hints)}: {hints[attempt.hints_shown - 1]}")
    return 0


@command("solution", "Show the commands that solve the open exercise task", "", max_args=0,
         group="Shell")
@_on_the_open_task("solution")
def solution(ctx, attempt):
    for line in attempt.current.solution_commands():
        ctx.out.line(line)
    return 0


@command("peek", "Print a file of a container, or of a volume, as the host reads it",
         "CONTAINER:PATH | /var/lib/docker/volumes/VOLUME/_data/PATH",
         args=(Arg("PATH", COMPLETE_CONTAINER_PATH),), min_args=1, max_args=1,
         exact_args=True, group="Shell",
         description="The host reads the container's merged file system (its upper layer\n"
                     "over the image's) or the volume's directory: no process starts and\n"
                     "nothing changes, so exercise checks use it.")
def peek(ctx, opts, args):
    from engine.vfs.errno import FSError
    where = args[0]
    shown = where if where.startswith("/") else where.partition(":")[2] or where
    try:
        entry = _volume_entry(ctx, where) if where.startswith(VOLUMES_ROOT + "/") \
            else _container_entry(ctx, where)
    except FSError as err:
        ctx.out.error(f"peek: {shown}: {err.strerror()}")
        return 1
    except ValueError as err:
        ctx.out.error(f"peek: {err}")
        return 1
    if entry.is_dir:
        ctx.out.error(f"peek: {shown}: Is a directory")
        return 1
    data = entry.data if entry.data is not None else b"\0" * min(entry.size, 1 << 20)
    ctx.out.write(data.decode("utf-8", "surrogateescape"))
    return 0


def _container_entry(ctx, where: str):
    ref, colon, path = where.partition(":")
    if not colon or not path.startswith("/"):
        raise ValueError(f"{where}: give CONTAINER:/PATH or {VOLUMES_ROOT}/VOLUME/_data/PATH")
    return ctx.engine.container(ref).fs.resolve(path)[1]


def _volume_entry(ctx, where: str):
    from engine.vfs.errno import FSError
    name, _, rest = where[len(VOLUMES_ROOT) + 1:].partition("/")
    volume = ctx.engine.volumes.get(name)
    if not (rest == "_data" or rest.startswith("_data/")):
        raise FSError(2, where)
    rel = "/".join(part for part in rest[len("_data"):].split("/") if part)
    entry = volume.entries.get(rel)
    if entry is None:
        raise FSError(2, where)
    return entry
