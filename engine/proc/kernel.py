"""The kernel as one container's processes see it: exec, fork/wait, signals, time.

``System`` is what ``Context.system`` points to. It finds the program an
executable file names (busybox dispatches on argv[0]; a "#!" script runs its
interpreter; a text file without one is run by /bin/sh, as execvp does),
creates processes in the container's PID namespace and runs them. A program
that yields ``Sleep`` suspends here, and the request travels up to whoever
drives the outermost process (the runtime, or a foreground `exec`).
"""

from __future__ import annotations

from types import GeneratorType

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Any, Dict, Generator, List, Optional

from ..vfs.errno import EACCES, EAGAIN, FSError
from .api import BrokenPipe, Context, DeviceFull, Sleep, Stream
from ..host import HOST_NAME
from .exec_search import find_executable, implementation, interpreter_line
from .host_processes import host_pid_mode, host_table, table_stamp
from .invoke import invoke
from .process import PidAllocator, Process

if TYPE_CHECKING:
    from ..container.container import Container
    from .api import Main

MUSL_LOADER = "/lib/ld-musl-x86_64.so.1"
SIGPIPE_STATUS = 128 + 13
DETACHED = object()  # the answer that ends a wait on a child that became its own task
SIGSEGV_STATUS = 128 + 11
# The whole simulated host's process limit (the kernel's classic pid_max): what
# finally stops a fork bomb in a container that has no pids limit.
HOST_PID_LIMIT = 32768
# CPU seconds a fork() costs its parent (scripts/measured_costs.md: a subshell `( : )`,
# fork + exit + wait in busybox ash, 146 µs; a bare fork 110-290 µs).
FORK_CPU = 150e-6
# Seconds from fork() to the child's first instruction, for every child: one the shell
# waits for too (its `ps` then sees the background job forked before it already exec'd)
FORK_COST = 0.001


def inherit_fds(parent: Context, child: Context) -> None:
    """The descriptors above 2 a shell has open (exec 3<file, cmd 4<file) stay open
    across fork and exec: the child finds them where the parent had them."""
    fds = parent.extra.get("fds")
    if fds:
        child.extra["fds"] = dict(fds)


def flush_output(ctx: Context) -> None:
    """Write out what a program's buffered file outputs hold (a shell's `> file`):
    when it blocks and when it ends, what it wrote is in the file."""
    for stream in (ctx.stdout, ctx.stderr):
        flush = getattr(stream, "flush", None)
        if flush is not None:
            flush()


class System:
    """Kernel services for the processes of one container."""

    def __init__(self, runtime, container: "Container"):
        self.runtime = runtime
        self.container = container
        owner = getattr(container, "pid_owner", None)  # --pid container:NAME shares its numbers
        self.ns_pids = owner.system.ns_pids if owner is not None else PidAllocator(first=1)
        self.host_pids = host_pid_mode(container)  # --pid host: the host's numbers, the host's table
        self._host_table = None  # (table_stamp, host_table) of the last look
        self.libc = "musl" if container.fs.exists(MUSL_LOADER) else "glibc"
        self.current: Optional[Process] = None  # whose code runs now (/proc/self)
        self.uts_hostname = ""  # sethostname(2) from inside (CAP_SYS_ADMIN), for this start

    # -- the host -------------------------------------------------------------
    @property
    def host_cpus(self) -> int:
        return self.runtime.host_cpus

    def cpus_allowed(self) -> int:
        """How many CPUs the container's processes may run on (its cpuset, else all)."""
        cpus = getattr(getattr(self.container, "cgroup", None), "cpus", None)
        return len(cpus) if cpus else self.host_cpus

    @property
    def host_memory(self) -> int:
        return self.runtime.host_memory

    @property
    def boot_time(self) -> float:
        return self.runtime.boot_time

    @property
    def last_pid(self) -> int:
        return (self.runtime.pids if self.host_pids else self.ns_pids)._next - 1

    def _new_pids(self, ppid: int):
        """(host PID, PID in the namespace, parent in the namespace) of a new process. In
        the host's namespace the two numbers are one, and a process started from outside
        (PID 1, a `docker exec`) is the child of the container's containerd-shim."""
        pid = self.runtime.pids.allocate()
        if self.host_pids:
            return pid, pid, ppid or self.container.shim_pid
        return pid, self.ns_pids.allocate(), ppid

    def mount_table(self) -> List[str]:
        """The container's mounts as /proc/mounts lists them, root overlay first."""
        lines = [self.runtime.overlay_mount_line(self.container)]
        mounts = self.container.fs.mounts
        if mounts is not None:
            lines += [mount.line() for mount in mounts.table] + mounts.extra_lines
        return lines

    def kill(self, nspid: int, signum: int) -> None:
        """kill(2) from inside: raises FSError-like errors as ESRCH (no such process)."""
        self.runtime.signal_process(self.container, nspid, signum)

    # -- facts ----------------------------------------------------------------
    def now(self) -> float:
        return self.runtime.now()  # the time of the event being handled, not the clock's

    @property
    def hostname(self) -> str:
        """The UTS namespace's name: the configured one, unless a process set another
        (--uts host: the host's, which a privileged process may change for all)."""
        if self.uts_host:
            return self.runtime.__dict__.get("host_uts_name", HOST_NAME)
        return self.uts_hostname or self.container.config.hostname

    @property
    def uts_host(self) -> bool:
        return getattr(getattr(self.container, "host_config", None), "uts_mode", "") == "host"

    def set_hostname(self, name: str) -> None:
        """sethostname(2) (the caller checked CAP_SYS_ADMIN)."""
        if self.uts_host:
            self.runtime.host_uts_name = name
        else:
            self.uts_hostname = name

    @property
    def network(self):
        """The container's network stack (engine.network.NetStack): names, sockets, ping."""
        from ..network import NetStack
        return NetStack(self.runtime.network, self.container)

    def wake(self, process: Process) -> None:
        """Make a process that waits (a server on accept()) run again now."""
        if process.alive:
            self.runtime.scheduler.wake(process, self.runtime.now())

    def processes(self) -> List[Process]:
        if self.host_pids:  # built again only when a process was born or ended since
            stamp = table_stamp(self.runtime)
            if self._host_table is None or self._host_table[0] != stamp:
                self._host_table = (stamp, host_table(self.runtime, self.container.fs))
            return self._host_table[1]
        containers = self.runtime.pid_namespace(self.container)
        return sorted((p for c in containers for p in c.processes.values()), key=lambda p: p.nspid)

    # -- processes ------------------------------------------------------------
    def new_process(self, argv: List[str], *, env: Dict[str, str], cwd: str,
                    stdin: Stream, stdout: Stream, stderr: Stream, ppid: int = 0,
                    user: str = "root", tty: Any = False, umask: int = 0o022) -> Process:
        """execve: find the program and make the process that will run it (see ``start``)."""
        self._check_pids()
        path, entry = find_executable(self.container.fs, argv[0], env, cwd)
        main, argv, flavour = implementation(entry, list(argv))
        if main is None:
            interpreter = interpreter_line(entry)
            script_args = [path, *argv[1:]]
            argv = interpreter + script_args if interpreter else ["/bin/sh", *script_args]
            path, entry = find_executable(self.container.fs, argv[0], env, cwd)
            main, argv, flavour = implementation(entry, argv)
            if main is None:
                raise FSError(EACCES, argv[0])
        ctx = Context(argv=list(argv), env=dict(env), cwd=cwd, stdin=stdin, stdout=stdout,
                      stderr=stderr, fs=self.container.fs, system=self, flavour=flavour,
                      libc=self.libc, tty=tty, umask=umask)
        ctx.extra["user"] = user
        pid, nspid, ppid = self._new_pids(ppid)
        process = Process(pid=pid, nspid=nspid, ppid=ppid, argv=tuple(argv), path=path,
                          started=self.now(), ctx=ctx, main=main, program=main)
        ctx.pid, ctx.ppid = process.nspid, ppid
        self.container.processes[process.pid] = process
        return process

    def start(self, process: Process) -> None:
        """Run the program: a plain one to its end, a generator up to its first request."""
        main, process.main = process.main, None
        previous, self.current = self.current, process
        try:
            result = invoke(main, process.ctx)
        except BrokenPipe:
            self._finish(process, SIGPIPE_STATUS, 13)
            return
        except DeviceFull:
            self._finish(process, self._write_failed(process))
            return
        except RecursionError:  # a program's endless recursion: a stack overflow
            self._finish(process, SIGSEGV_STATUS, 11)
            return
        finally:
            self.current = previous
        if isinstance(result, GeneratorType):
            process.gen = result
        else:
            self._finish(process, int(result or 0))

    def _check_pids(self) -> None:
        """fork() fails with EAGAIN at the cgroup's pids.max (and at the host's pid limit)."""
        group = self.container.cgroup
        main = self.container.main_process  # the only one kept after its end
        alive = len(self.container.processes) - (main is not None and not main.alive
                                                 and main.pid in self.container.processes)
        if group.pids_max is not None and alive >= group.pids_max:
            group.pids_events_max += 1
            raise FSError(EAGAIN, "fork")
        if self.runtime.process_count() >= HOST_PID_LIMIT:
            raise FSError(EAGAIN, "fork")

    def usage(self, nspid: int) -> tuple:
        """getrusage() for the process ``nspid``: (its CPU seconds, its waited-for
        children's), as `time` reads them."""
        for process in self.container.processes.values():
            if process.nspid == nspid:
                return process.cpu_time, process.children_cpu
        return 0.0, 0.0

    def _finish(self, process: Process, status: int, signal: int = 0) -> None:
        process.exit_code = status
        self.runtime.processes_ended += 1
        for parent in self.container.processes.values():  # RUSAGE_CHILDREN of its parent
            if parent.nspid == process.ppid and parent is not process:
                parent.children_cpu += process.cpu_time + process.children_cpu
                break
        self._adopt_children(process)
        if signal:
            process.signal = signal
        flush_output(process.ctx)
        for pipe, end in process.closes:  # its pipe ends close with it
            pipe.close_read() if end == "read" else pipe.close_write()
        process.closes = ()
        if process is not self.container.main_process:
            self.container.processes.pop(process.pid, None)

    def _adopt_children(self, process: Process) -> None:
        """The live children of ``process``, which has ended, are adopted as the kernel
        adopts orphans: by their PID namespace's init (PID 1), or in the host's
        namespace (--pid host) by the container's shim, a child subreaper."""
        adopter = self.container.shim_pid if host_pid_mode(self.container) else 1
        for child in self.container.processes.values():
            if child.ppid == process.nspid and child is not process and child.alive:
                child.ppid = adopter

    def spawn(self, parent: Context, argv: List[str], *, stdin=None, stdout=None, stderr=None,
              env=None, cwd=None) -> Generator[Any, Any, int]:
        """fork + exec + wait for a child of ``parent``; its exit status."""
        child = self.new_process(
            list(argv), env=dict(parent.env if env is None else env),
            cwd=parent.cwd if cwd is None else cwd,
            stdin=parent.stdin if stdin is None else stdin,
            stdout=parent.stdout if stdout is None else stdout,
            stderr=parent.stderr if stderr is None else stderr,
            ppid=parent.pid, user=parent.extra.get("user", "root"), tty=parent.tty,
            umask=parent.umask)
        inherit_fds(parent, child.ctx)
        parent.last_child = child
        yield Sleep(FORK_COST)  # the parent waits in wait(): no CPU of its own meanwhile
        self.start(child)
        return (yield from self.wait(child))

    def resume(self, process: Process, value: Any = None) -> Any:
        """Run a process's program up to its next request; None once it has ended."""
        previous, self.current = self.current, process
        try:
            request = process.gen.send(value)
            if getattr(request, "origin", process) is None:
                request.origin = process  # the innermost process that asked
            return request
        except StopIteration as done:
            self._finish(process, int(done.value or 0))
        except BrokenPipe:
            self._finish(process, SIGPIPE_STATUS, 13)
        except DeviceFull:
            self._finish(process, self._write_failed(process))
        except RecursionError:  # a program's endless recursion: a stack overflow
            self._finish(process, SIGSEGV_STATUS, 11)
        finally:
            self.current = previous
        return None

    @staticmethod
    def _write_failed(process) -> int:
        """A write to /dev/full failed: the program says so as the real one does (see
        write_errors) and ends with its status."""
        from .write_errors import write_failed
        ctx = process.ctx
        message, status = write_failed(ctx.flavour, ctx.name)
        try:
            ctx.stderr.write(message)
        except DeviceFull:
            pass  # its error output is /dev/full too: nothing can be said
        return status

    def wait(self, process: Process) -> Generator[Any, Any, int]:
        """Run ``process`` to its end, passing its Sleep requests up. Should it stop
        and be detached (a job-control shell's Ctrl-Z: Scheduler.detach), the wait
        ends at once with no status: the child runs on as a task of its own."""
        value = None
        while process.alive and process.gen is not None:
            request = self.resume(process, value)
            if not process.alive:
                break
            value = yield request
            if value is DETACHED:
                return None
        return process.exit_code

    def start_child(self, parent: Context, argv: List[str], *, stdin=None, stdout=None,
                    stderr=None, env=None, cwd=None) -> Process:
        """fork + exec without wait: the child becomes a task of its own."""
        child = self.new_process(
            list(argv), env=dict(parent.env if env is None else env),
            cwd=parent.cwd if cwd is None else cwd,
            stdin=parent.stdin if stdin is None else stdin,
            stdout=parent.stdout if stdout is None else stdout,
            stderr=parent.stderr if stderr is None else stderr,
            ppid=parent.pid, user=parent.extra.get("user", "root"), tty=parent.tty,
            umask=parent.umask)
        self.runtime.scheduler.start_soon(child)
        return child

    def fork(self, parent: Context, main: Main, argv: List[str]) -> Process:
        """fork() without exec: a child running ``main`` alongside its parent (a worker)."""
        parent.charge(FORK_CPU)  # copying the page tables: also when it fails
        self._check_pids()
        ctx = Context(argv=list(argv), env=dict(parent.env), cwd=parent.cwd, stdin=parent.stdin,
                      stdout=parent.stdout, stderr=parent.stderr, fs=self.container.fs,
                      system=self, flavour=parent.flavour, libc=self.libc, tty=parent.tty,
                      umask=parent.umask)
        ctx.extra["user"] = parent.extra.get("user", "root")
        pid, nspid, _ = self._new_pids(parent.pid)
        process = Process(pid=pid, nspid=nspid, ppid=parent.pid, argv=tuple(argv), path=argv[0],
                          started=self.now(), ctx=ctx, main=main, program=main)
        ctx.pid, ctx.ppid = process.nspid, parent.pid
        self.container.processes[process.pid] = process
        self.runtime.scheduler.start_soon(process)
        return process

    def kill_process(self, process: Process, status: int) -> None:
        """End a process from outside (a signal): its program stops where it is."""
        if process.gen is not None:
            try:
                process.gen.close()
            except Exception:  # a program's cleanup must not break the kernel
                pass
        self._finish(process, status)


__all__ = ["System", "find_executable", "implementation", "Sleep", "SIGPIPE_STATUS"]
