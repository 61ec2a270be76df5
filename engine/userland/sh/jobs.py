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
