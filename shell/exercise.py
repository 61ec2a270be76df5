"""Exercises: tasks a learner solves with their own commands, checked on the simulated world.

An exercise is a ``.crs`` file with a few more whole-line directives::

    #: Exercise 1: your first container        (narration: the introduction)
    pull alpine                               (commands before the first task: its setup)
    #task Run a container named napper from alpine, in the background,
    #task that sleeps for 300 seconds.
    #hint `run -d` starts a container in the background.
    #solution run -d --name napper alpine sleep 300
    #check napper is running
    inspect -f '{{.State.Running}}' napper
    | true

* ``#task TEXT`` starts a task (more ``#task`` lines go on with its text);
* ``#hint TEXT``: a hint, shown one at a time by `hint`;
* ``#solution LINE``: a line of the task's solution (its lines in order make commands as a
  script's do, a here-document included);
* ``#check WHAT``: a check, described by WHAT; the command on the next line, with its
  ``|`` and ``? N`` lines as in any script, is what is run: it passes when the command ends
  with that status (0 if none is given) and prints what the ``|`` lines say.

Checks only read the world: their commands must be among READ_ONLY (a line with pipes,
redirections or lists is refused when the file is read), so evaluating them after every
command never changes what the learner built.
"""

from __future__ import annotations

import shlex

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Callable, List, Optional, Tuple

from engine.record import field, record

from . import script
from .script import Narration, ScriptError, Step

# Commands that only read the daemon's state (no container, process, file or event comes
# of them): what a check may run.
READ_ONLY = frozenset({
    "ps", "container ls", "container list", "container ps", "images", "image ls",
    "image list", "inspect", "container inspect", "image inspect", "volume inspect",
    "volume ls", "volume list", "network inspect", "network ls", "network list", "port",
    "container port", "logs", "container logs", "diff", "container diff", "top",
    "container top", "history", "image history", "version", "info", "system info", "peek",
})
DIRECTIVES = ("#task", "#hint", "#solution", "#check")
CHECK_WANTS_COMMAND = "#check wants its command on the next line"


@record
class Check:
    what: str  # what it checks, in words
    step: Step  # the command, with its expected output and status


@record
class Task:
    text: str
    line: int
    hints: List[str] = field(default_factory=list)
    solution: List[str] = field(default_factory=list)  # lines
    checks: List[Check] = field(default_factory=list)

    def solution_commands(self) -> List[str]:
        return script.iter_commands("\n".join(self.solution), "#solution")


@record
class Exercise:
    filename: str
    intro: List[str]  # narration before the first task
    setup: List[Step]  # commands before the first task
    tasks: List[Task]


def is_exercise(text: str) -> bool:
    return any(line.strip().partition(" ")[0] == "#task" for line in text.split("\n"))


def parse(text: str, filename: str = "<exercise>") -> Exercise:
    """Read an exercise; raise ScriptError (``FILE:LINE: ...``) if it is malformed."""
    parsed = script.parse(text, filename)  # commands, their expected output, narration
    steps = {step.line: step for step in parsed.steps}
    lines = text.split("\n")
    exercise = Exercise(filename, [], [], [])
    task: Optional[Task] = None
    pending_check: Optional[Tuple[str, int]] = None  # a #check waiting for its command
    for number, raw in enumerate(lines, 1):
        body = raw.strip()
        directive, _, rest = body.partition(" ")
        if pending_check is not None and number in steps:
            task.checks.append(Check(pending_check[0], _read_only(steps[number], filename)))
            pending_check = None
            continue
        if pending_check is not None and body:
            raise ScriptError(filename, pending_check[1], CHECK_WANTS_COMMAND)
        if directive in DIRECTIVES:
            rest = rest.strip()
            if directive == "#task":
                if task is None or task.checks or task.hints or task.solution:
                    task = Task(rest, number)
                    exercise.tasks.append(task)
                else:
                    task.text += "\n" + rest
                continue
            if task is None:
                raise ScriptError(filename, number, f"{directive} before the first #task")
            if directive == "#hint":
                task.hints.append(rest)
            elif directive == "#solution":
                task.solution.append(rest)
            else:
                pending_check = (rest, number)
        elif number in steps:
            if task is not None:
                raise ScriptError(filename, number, "a command inside a task must follow "
                                                    "#check (commands before the first "
                                                    "#task set the exercise up)")
            exercise.setup.append(steps[number])
    if pending_check is not None:
        raise ScriptError(filename, pending_check[1], CHECK_WANTS_COMMAND)
    exercise.intro = [item.text for item in parsed.items if isinstance(item, Narration)
                      and (not exercise.tasks or item.line < exercise.tasks[0].line)]
    if not exercise.tasks:
        raise ScriptError(filename, 1, "an exercise has at least one #task")
    for task in exercise.tasks:
        if not task.checks:
            raise ScriptError(filename, task.line, "a task has at least one #check")
    return exercise


def _read_only(step: Step, filename: str) -> Step:
    """A check's command, if it only reads the world; else ScriptError."""
    try:
        lexer = shlex.shlex(step.command, posix=True, punctuation_chars=True)
        words = list(lexer)
    except ValueError as err:
        raise ScriptError(filename, step.line, f"check command: {err}") from None
    operators = [word for word in words if word and set(word) <= set("();<>|&")]
    name = " ".join(words[:2]) if " ".join(words[:2]) in READ_ONLY else words[0] if words else ""
    if name.endswith("logs") and any(word in ("-f", "--follow") or word.startswith("--follow=")
                                     or (word.startswith("-") and not word.startswith("--")
                                         and "f" in word) for word in words[1:]):
        raise ScriptError(filename, step.line, "a check cannot follow logs (-f): it would "
                                               "never end")
    if operators or name not in READ_ONLY:
        what = f"'{operators[0]}'" if operators else f"'{words[0] if words else ''}'"
        raise ScriptError(filename, step.line, f"a check only reads the world: {what} is not "
                          f"one of its commands ({', '.join(sorted(READ_ONLY))})")
    return step


def passes(check: Check, output: str, status: int) -> bool:
    step = check.step
    if status != (step.expected_status or 0):
        return False
    return step.expected is None or script.matches(script.trimmed(step.expected),
                                                   script.output_lines(output))


@record
class Attempt:
    """An exercise being solved: which task is open, which checks passed, hints shown."""
    exercise: Exercise
    name: str
    task: int = 0  # index of the open task; len(tasks) when all are done
    passed: List[bool] = field(default_factory=list)  # the open task's checks
    hints_shown: int = 0

    def __post_init__(self):
        self.passed = [False] * len(self.current.checks) if self.current else []

    @property
    def current(self) -> Optional[Task]:
        tasks = self.exercise.tasks
        return tasks[self.task] if self.task < len(tasks) else None

    @property
    def finished(self) -> bool:
        return self.current is None

    def evaluate(self, run: Callable[[str], Tuple[str, int]]) -> List[str]:
        """Run the open task's checks (``run``: a command line -> output, status); what is
        new, as lines to show: checks that now pass, a task done, the next task."""
        news: List[str] = []
        while self.current is not None:
            task = self.current
            for index, check in enumerate(task.checks):
                if not self.passed[index] and passes(check, *run(check.step.command)):
                    self.passed[index] = True
                    news.append(f"✓ {check.what}")
            if not all(self.passed):
                break
            self.task += 1
            self.hints_shown = 0
            self.passed = [False] * len(self.current.checks) if self.current else []
            news.append(f"Task {self.task} of {len(self.exercise.tasks)} done.")
            if self.current is not None:
                news.append(f"Task {self.task + 1}: {self.current.text}")
        return news

    def progress(self) -> str:
        return f"task {min(self.task + 1, len(self.exercise.tasks))}/{len(self.exercise.tasks)}" \
               f", checks {sum(self.passed)}/{len(self.passed)}"


def verify(exercise: Exercise, execute: Callable[[str], Tuple[str, int]],
           check: Callable[[str], Tuple[str, int]], write: Callable[[str], None]) -> int:
    """`--check` of an exercise: in a fresh world its setup runs, then for each task its
    checks must not all pass yet, its solution must run and then pass them all. Reports
    what differs, as a script's check does; returns 1 if anything did."""
    for step in exercise.setup:
        output, status = execute(step.command)
        if status != (step.expected_status or 0):
            write(f"{exercise.filename}:{step.line}: setup failed with status {status}\n{output}")
            return 1
    failed = 0
    for number, task in enumerate(exercise.tasks, 1):
        where = f"{exercise.filename}:{task.line}"
        if all(passes(item, *check(item.step.command)) for item in task.checks):
            failed += 1
            write(f"{where}: task {number}'s checks pass before its solution ran\n")
        for command in task.solution_commands():  # its checks judge it, not its statuses
            execute(command)
        for item in task.checks:
            output, status = check(item.step.command)
            if not passes(item, output, status):
                failed += 1
                write(f"{exercise.filename}:{item.step.line}: check failed after the solution: "
                      f"{item.what} (status {status})\n{output}")
    total = len(exercise.tasks)
    write(f"{script.plural(failed, 'problem')} in {script.plural(total, 'task')}\n" if failed
          else f"{script.plural(total, 'task')} verified\n")
    return 1 if failed else 0
