"""Compose's progress output. Without a terminal (scripts, pipes) each event is a
line as Compose's plain writer prints it: " ID Text StatusText". At the interactive
prompt Compose's TTY writer is used instead: one frame, redrawn in place at every
event, that ends as

    [+] Running 4/4
     ✔ Network shop_default    Created                          0.0s
     ✔ Container shop-db-1     Healthy                          2.0s

(the count of finished resources; ✔ done, ✘ failed, a spinner while working; each
resource's time on the right, against the terminal's edge), in Compose v2.39's colours."""

from __future__ import annotations

import shutil

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, List

from engine.record import record

BLUE, GREEN, YELLOW, RED_BOLD, RESET = "\x1b[34m", "\x1b[32m", "\x1b[33m", "\x1b[31;1m", "\x1b[0m"
HIDE, SHOW = "\x1b[?25l", "\x1b[?25h"
DONE, ERROR, SPINNER = "✔", "✘", "⠿"
WORKING_WORDS = ("Recreate",)  # in progress though it does not end in "ing"


@record
class Task:
    id: str
    text: str
    status: str
    started: float
    ended: float
    state: str  # working, done, error


def state_of(text: str, status: str) -> str:
    word = status or text
    if word == "Error" or word.startswith("service ") or word.startswith("dependency "):
        return "error"
    if word.endswith("ing") or word in WORKING_WORDS:
        return "working"
    return "done"


class Frame:
    """The TTY writer's state for one command: its resources in order of appearance."""

    def __init__(self, title: str = "Running"):
        self.title = title
        self.tasks: Dict[str, Task] = {}
        self.lines_drawn = 0

    def update(self, now: float, id_: str, text: str, status: str) -> None:
        state = state_of(text, status)
        task = self.tasks.get(id_)
        if task is None:
            self.tasks[id_] = Task(id_, text, status, now, now, state)
            return
        task.text, task.status, task.state = text, status, state
        task.ended = now

    def render(self, now: float, width: int) -> List[str]:
        tasks = list(self.tasks.values())
        done = sum(t.state != "working" for t in tasks)
        first = f"[+] {self.title} {done}/{len(tasks)}"
        if self.lines_drawn and done == len(tasks):
            first = BLUE + first + RESET
        pad_to = max(len(f"{t.id} {t.text}") for t in tasks)
        lines = [first]
        for task in tasks:
            mark = {"done": GREEN + DONE + RESET, "error": RED_BOLD + ERROR + RESET}.get(
                task.state, YELLOW + SPINNER + RESET)
            colour = {"done": GREEN, "error": RED_BOLD}.get(task.state, "")
            status = colour + task.status + RESET if colour and task.status else task.status
            text = f"{task.id} {task.text}"
            left = f" {mark} {text}{' ' * (pad_to - len(text))} {status}"
            end = task.ended if task.state != "working" else now
            timer = f"{end - task.started:.1f}s "
            visible = 3 + len(text) + (pad_to - len(text)) + 1 + len(task.status)
            lines.append(left + " " * max(0, width - visible - len(timer)) + BLUE + timer + RESET)
        return lines


def emit(ctx, id_: str, text: str, status: str) -> None:
    """One progress event of a compose command, in the form its output wants."""
    if not ctx.session.interactive:
        ctx.out.error(f" {id_} {text} {status}")
        return
    frame = getattr(ctx, "compose_frame", None)
    if frame is None:
        frame = ctx.compose_frame = Frame()
    now = ctx.now()
    frame.update(now, id_, text, status)
    width = shutil.get_terminal_size((80, 24)).columns
    lines = frame.render(now, width)
    move = f"\x1b[{frame.lines_drawn}A\x1b[0G" if frame.lines_drawn else ""
    ctx.out.write(move + HIDE + "".join(line + "\n" for line in lines) + SHOW, "stderr")
    frame.lines_drawn = len(lines)
