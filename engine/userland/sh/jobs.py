"""Background jobs: `cmd &` forks a simulated process that the scheduler runs
alongside the shell (the kernel's fork without exec).

The child's program is the rest of the shell's work: a copy of the shell
running ``node``. When the job is one simple external command, the child
then execs it, as ash and bash do, so `ps` shows `sleep 5`, not a second
shell (see main.run_replacing).
"""

from __future__ import annotations

from ...proc.api import BrokenPipe
from ...vfs.errno import FSError
from .ast import Simple


def process_of(ctx):
    """The Process whose context is ``ctx`` (None outside a container)."""
    container = getattr(ctx.system, "container", None)
    if container is None:
        return None
    for process in container.processes.values():
        if process.ctx is ctx:
            return process
    return None


def fork(parent, sub, node):
    """Start ``node`` in a background process running the shell state ``sub``.

    Returns the Process, or None when the kernel refused (pids.max): the shell
    then reports it, as fork() failing with EAGAIN."""
    system = parent.ctx.system
    if not hasattr(system, "fork"):
        return None
    sub.open_sinks = []  # its own: the parent's buffered files were made write-through

    def main(ctx):
        from .main import run_replacing
        ctx.extra = {"user": parent.ctx.extra.get("user", "root")}
        sub.ctx = ctx
        return run_replacing(ctx, _background(sub, node))
    main.streams_input = True  # a shell: what reads its input is up to the commands

    try:
        return system.fork(parent.ctx, main, list(parent.ctx.argv))
    except FSError as err:
        parent.error(f"can't fork: {parent.ctx.strerror(err)}" if parent.dialect.name != "bash"
                     else f"fork: {parent.ctx.strerror(err)}")
        return None


def _background(sub, node):
    from . import io as shio
    from .shell import ShellAbort, ShellExit, StackOverflow
    try:
        try:
            if isinstance(node, Simple):
                status = yield from sub.run_simple(node, background_exec=True)
            else:
                status = yield from sub.run(node)
        except ShellExit as done:
            status = done.status
        except ShellAbort as abort:
            status = abort.status
        except BrokenPipe:
            status = 141
        except StackOverflow as crash:
            return crash.status
        sub.status = status
        status = yield from sub.run_exit_trap(status)
    finally:
        shio.flush_all(sub.open_sinks)
    return status


# -- job control: numbers, states and the lines ash and bash print about jobs --------------

def job_number(sh, process) -> int:
    """A job keeps its number while it lives; a new one takes the highest in use + 1."""
    numbers = sh.__dict__.setdefault("job_numbers", {})
    if process.pid not in numbers:
        live = [numbers[p.pid] for p in sh.jobs if p.pid in numbers and p is not process]
        numbers[process.pid] = max(live, default=0) + 1
    return numbers[process.pid]


def members(sh, process) -> list:
    """The processes of the job ``process`` stands for (a pipeline has several)."""
    return sh.__dict__.get("job_groups", {}).get(process.pid, [process])


def remember(sh, process, text: str, current: bool = True, group=None) -> int:
    """Make ``process`` a job of ``sh``; its number. A job stopped, continued or
    brought to the foreground becomes the current one (``current``); a new job
    running in the background ranks below every stopped one (ash's curjob)."""
    if process not in sh.jobs:
        sh.jobs.append(process)
        started = sh.__dict__.setdefault("job_started", {})
        started[process.pid] = len(started) + 1
    sh.__dict__.setdefault("job_texts", {})[process.pid] = text
    if group:
        sh.__dict__.setdefault("job_groups", {})[process.pid] = list(group)
    order = sh.__dict__.setdefault("job_order", [])
    if process.pid in order:
        order.remove(process.pid)
    stopped = [i for i, pid in enumerate(order)
               if any(p.pid == pid and p.alive and p.stopped for p in sh.jobs)]
    order.insert(len(order) if current or not stopped else stopped[0], process.pid)
    return job_number(sh, process)


def forget(sh, process) -> None:
    """A job that ended and was reported: it leaves the table (its number is free)."""
    sh.jobs = [p for p in sh.jobs if p is not process]
    order = sh.__dict__.get("job_order", [])
    if process.pid in order:
        order.remove(process.pid)


def command_text(node) -> str:
    """A command as the shell shows it in job lines: its words as written."""
    from .ast import Simple
    if isinstance(node, Simple):
        return " ".join([f"{a.name}={a.value.raw}" for a in node.assigns] +
                        [word.raw for word in node.words])
    return ""


def job_text(sh, process) -> str:
    return sh.__dict__.get("job_texts", {}).get(process.pid) or " ".join(process.argv)


def _ranks(sh) -> list:
    """The jobs' pids from the oldest to the current one: for ash, its curjob list (the
    newest stopped, continued or brought back job last); for bash, the newest stopped
    one last, else the newest started."""
    order = [pid for pid in sh.__dict__.get("job_order", []) if
             any(p.pid == pid for p in sh.jobs)]
    missing = [p.pid for p in sh.jobs if p.pid not in order]
    order = missing + order
    if sh.dialect.name == "bash":
        stopped = {p.pid for p in sh.jobs if p.alive and p.stopped}
        started = sh.__dict__.get("job_started", {})
        order = sorted(order, key=lambda pid: (pid in stopped,
                                               order.index(pid) if pid in stopped
                                               else started.get(pid, 0)))
    return order


def listed(sh) -> list:
    """The jobs in the order `jobs` lists them: ash from the current one back (its
    curjob list), bash by number."""
    if sh.dialect.name == "bash":
        return sorted(sh.jobs, key=lambda p: job_number(sh, p))
    by_pid = {p.pid: p for p in sh.jobs}
    return [by_pid[pid] for pid in reversed(_ranks(sh))]


def mark(sh, process) -> str:
    """+ for the current job, - for the one before (see _ranks)."""
    order = _ranks(sh)
    if order and order[-1] == process.pid:
        return "+"
    if len(order) > 1 and order[-2] == process.pid:
        return "-"
    return " "


def state(sh, process) -> str:
    from ...proc.signals import describe
    if process.alive:
        if not process.stopped:
            return "Running"
        if sh.dialect.name == "bash":
            return "Stopped"  # whatever stopped it
        return describe(process.stop_signal or 20, sh.ctx.libc)  # "Stopped (tty input)"
    if process.signal:
        return describe(process.signal, sh.ctx.libc)
    if process.exit_code == 0:
        return "Done"
    return f"Exit {process.exit_code}" if sh.dialect.name == "bash" else \
        f"Done({process.exit_code})"


def job_line(sh, process, listing: bool = True) -> str:
    """`[1]+  Stopped                    sleep 100`: ash pads to column 33, bash to 30
    and, listing a running job, shows its ampersand."""
    bash = sh.dialect.name == "bash"
    head = f"[{job_number(sh, process)}]{mark(sh, process)}  {state(sh, process)}"
    text = job_text(sh, process)
    if bash and listing and process.alive and not process.stopped:
        text += " &"
    return head.ljust(30 if bash else 33) + text + "\n"


def refresh(sh) -> None:
    """A job stopped since the shell last looked (a signal from elsewhere: kill -STOP, a
    read's SIGTTIN) becomes the current one, as ash's and bash's wait for status does."""
    seen = sh.__dict__.setdefault("job_seen_stopped", {})
    for process in sh.jobs:
        stopped = process.alive and process.stopped
        if stopped and not seen.get(process.pid):
            remember(sh, process, job_text(sh, process))
        seen[process.pid] = stopped


def told(sh, process) -> None:
    """The user has just been told ``process``'s state (a job line): not again before
    the next prompt unless it changes."""
    sh.__dict__.setdefault("job_told", {})[process.pid] = state(sh, process)


def notify(sh) -> None:
    """Before a prompt, as ash and bash do: each job whose state changed since the user
    was last told (it ended, or stopped: bash puts a blank line first), the current one
    as its status comes in; an ended one then leaves the table."""
    refresh(sh)
    known = sh.__dict__.setdefault("job_told", {})
    for process in sorted(sh.jobs, key=lambda p: job_number(sh, p)):  # as they are reaped
        now = state(sh, process)
        if known.get(process.pid) != now:
            known[process.pid] = now
            if now != "Running":
                remember(sh, process, job_text(sh, process))  # a changed job turns current
                blank = "\n" if sh.dialect.name == "bash" and process.alive else ""
                sh.err(blank + job_line(sh, process, False))
        if not process.alive:
            forget(sh, process)


def find_job(sh, spec: str):
    """The job a `%N`, `%+`, `%-`, `%name` (or nothing: the current one) names."""
    refresh(sh)
    live = list(sh.jobs)
    if not live:
        return None
    if spec in ("", "%", "%%", "%+"):
        return next((p for p in live if mark(sh, p) == "+"), live[-1])
    if spec == "%-":
        return next((p for p in live if mark(sh, p) == "-"), None)
    if spec.startswith("%"):
        body = spec[1:]
        if body.isdigit():
            return next((p for p in live if job_number(sh, p) == int(body)), None)
        return next((p for p in live if job_text(sh, p).startswith(body)), None)
    return None
