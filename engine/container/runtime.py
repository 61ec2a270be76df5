"""The container lifecycle: start, stop, kill, pause, restart, remove.

One state machine (``State``) is the single source of truth. Each step emits
Docker's event with the Linux operation a real runtime performs for it.
Time-based endings (a `sleep 5` that finishes) are applied by ``settle``,
which every engine call runs first, so the state is always up to date with
the clock without a background thread.
"""

from __future__ import annotations

import heapq
from typing import Callable, List, Optional, Tuple

from ..clock import Clock
from ..errors import Conflict, ExecError
from ..events import EventLog
from ..proc.process import Launch, PidAllocator, Process
from ..proc.programs import program_for
from ..proc.signals import SIGKILL, SIGTERM, parse_signal, signal_name
from .config import DEFAULT_PATH
from .container import Container, LogLine
from .launch import interpreter, look_path
from .registry import ContainerRegistry

CLONE_FLAGS = "CLONE_NEWPID|CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWNET|CLONE_NEWIPC"
CGROUP_ROOT = "/sys/fs/cgroup/system.slice"
OVERLAY_ROOT = "/var/lib/docker/overlay2"
DEFAULT_STOP_TIMEOUT = 10


def cgroup_path(container: Container) -> str:
    return f"{CGROUP_ROOT}/docker-{container.id}.scope"


class Runtime:
    def __init__(self, clock: Clock, events: EventLog, containers: ContainerRegistry,
                 pids: Optional[PidAllocator] = None):
        self.clock = clock
        self.events = events
        self.containers = containers
        self.pids = pids or PidAllocator()
        self._timers: list = []
        self._sequence = 0
        self._frozen: dict = {}  # container id -> processes whose time ran out while paused

    # -- events ---------------------------------------------------------------
    def emit(self, container: Container, action: str, linux: Tuple[str, ...] = (),
             **attributes: str) -> None:
        attrs = {"image": container.config.image, "name": container.name}
        attrs.update(attributes)
        self.events.emit("container", action, container.id, attrs, linux)

    # -- time -----------------------------------------------------------------
    def _schedule(self, container: Container, process: Process, at: float) -> None:
        """Remember when a process ends by itself (a heap: settling stays cheap)."""
        self._sequence += 1
        heapq.heappush(self._timers, (at, self._sequence, container, process))

    def settle(self, until: Optional[float] = None) -> None:
        """End every process whose time is up, in the order they end."""
        until = self.clock.now() if until is None else until
        while self._timers and self._timers[0][0] <= until:
            at, _, container, process = heapq.heappop(self._timers)
            if container.main_process is not process or not process.alive:
                continue  # it ended some other way meanwhile
            if container.state.paused:
                # A frozen process cannot run its timer's wake-up: it ends on thaw.
                self._frozen.setdefault(container.id, []).append(process)
                continue
            self._exited(container, 0, at=at)

    # -- starting -------------------------------------------------------------
    def process_env(self, container: Container) -> dict:
        env = container.config.env_dict()
        env.setdefault("PATH", DEFAULT_PATH)
        env.setdefault("HOSTNAME", container.config.hostname)
        if container.config.tty:
            env.setdefault("TERM", "xterm")
        env.setdefault("HOME", "/root")
        return env

    def start(self, container: Container) -> None:
        state = container.state
        if state.paused:
            raise Conflict("cannot start a paused container, try unpause instead")
        if state.running:
            return  # Docker treats starting a running container as done
        argv = container.command
        env = self.process_env(container)
        cwd = container.config.working_dir or "/"
        try:
            path, entry = look_path(container.fs, argv[0], env, cwd)
            path, argv = interpreter(entry, path, argv)
            if path != container.command[0]:
                path, entry = look_path(container.fs, path, env, cwd)
        except ExecError as err:
            state.exit_code = err.exit_code
            state.error = err.message
            self.emit(container, "die", exitCode=str(err.exit_code))
            raise
        now = self.clock.now()
        process = Process(pid=self.pids.allocate(), nspid=1, ppid=0, argv=tuple(argv),
                          program=program_for(entry.program or "", argv[0],
                                              argv[1] if len(argv) > 1 else None),
                          path=path, started=now, env=env, cwd=cwd,
                          user=container.config.user or "root", tty=container.config.tty,
                          stdin_open=container.config.open_stdin)
        container.processes = {process.pid: process}
        state.running, state.paused, state.restarting = True, False, False
        state.pid, state.exit_code, state.error = process.pid, 0, ""
        state.oom_killed, state.dead = False, False
        state.started_at, state.finished_at = now, None
        lowers = ":".join(f"{OVERLAY_ROOT}/l/{i}" for i in range(len(container.fs.lower.layers)))
        self.emit(container, "start", (
            f"mount -t overlay overlay -o lowerdir={lowers},"
            f"upperdir={OVERLAY_ROOT}/{container.layer_id}/diff,"
            f"workdir={OVERLAY_ROOT}/{container.layer_id}/work "
            f"{OVERLAY_ROOT}/{container.layer_id}/merged",
            f"mkdir {cgroup_path(container)}",
            f"clone({CLONE_FLAGS}) = {process.pid}",
            f"echo {process.pid} > {cgroup_path(container)}/cgroup.procs",
            f"pivot_root {OVERLAY_ROOT}/{container.layer_id}/merged",
            f"execve(\"{path}\", {list(argv)!r})".replace("'", '"'),
        ))
        launch = Launch(process, self._writer(container))
        status = process.program.start(launch, now)
        if status is not None:
            self._exited(container, status, at=now)
        elif process.deadline is not None:
            self._schedule(container, process, process.deadline)

    def _writer(self, container: Container) -> Callable[[str, str], None]:
        def write(stream: str, text: str) -> None:
            now = self.clock.now()
            for line in text.splitlines(keepends=True):
                container.logs.append(LogLine(now, stream, line))
        return write

    # -- ending ---------------------------------------------------------------
    def _exited(self, container: Container, status: int, at: Optional[float] = None) -> None:
        """PID 1 has exited: the namespace dies with it, every other process is killed."""
        state = container.state
        for process in container.processes.values():
            if process.exit_code is None:
                process.exit_code = status if process.nspid == 1 else 128 + SIGKILL
        container.processes = {}
        state.running = state.paused = state.restarting = False
        state.pid = 0
        state.exit_code = status
        state.finished_at = self.clock.now() if at is None else at
        self.emit(container, "die", (f"waitpid() = exit status {status}",
                                     f"rmdir {cgroup_path(container)}",
                                     f"umount {OVERLAY_ROOT}/{container.layer_id}/merged"),
                  exitCode=str(status))

    def _signal(self, container: Container, signum: int) -> Optional[int]:
        """Send a signal to PID 1 (``kill(2)`` from the host); its exit status if it ends."""
        process = container.main_process
        self.emit(container, "kill", (f"kill({process.pid}, {signal_name(signum)})",),
                  signal=str(signum))
        if container.state.paused and signum != SIGKILL:
            return None  # a frozen cgroup runs no handler
        return process.receives(signum)

    def kill(self, container: Container, signal: str = "KILL") -> None:
        signum = parse_signal(signal)
        if not container.state.running:
            raise Conflict(f"Cannot kill container: {container.name}: "
                           f"Container {container.id} is not running")
        status = self._signal(container, signum)
        if status is not None:
            if container.state.paused:
                self._thaw(container)
            self._exited(container, status)

    def stop(self, container: Container, timeout: Optional[int] = None,
             signal: Optional[str] = None) -> None:
        """SIGTERM (or the stop signal), wait up to the timeout, then SIGKILL."""
        if not container.state.running:
            return
        stop_signal = signal or container.config.stop_signal or "SIGTERM"
        if timeout is None:
            timeout = container.config.stop_timeout
        if timeout is None:
            timeout = DEFAULT_STOP_TIMEOUT
        status = self._signal(container, parse_signal(stop_signal))
        if status is None and timeout != 0:
            # The process ignores the signal: the daemon waits up to the timeout,
            # unless the process ends by itself first.
            wait = float(10 ** 9) if timeout < 0 else float(timeout)
            deadline = container.main_process.deadline
            now = self.clock.now()
            if deadline is not None and deadline <= now + wait:
                wait = max(0.0, deadline - now)
            self.clock.advance(wait)
            self.settle()
        if container.state.running:
            if status is None:
                status = self._signal(container, SIGKILL)
            if container.state.paused:
                self._thaw(container)
            self._exited(container, status)
        self.emit(container, "stop")

    def restart(self, container: Container, timeout: Optional[int] = None) -> None:
        self.stop(container, timeout)
        self.start(container)
        self.emit(container, "restart")

    def pause(self, container: Container) -> None:
        state = container.state
        if not state.running:
            raise Conflict(f"Container {container.id} is not running")
        if state.paused:
            raise Conflict(f"Container {container.id} is already paused")
        state.paused = True
        self.emit(container, "pause", (f"echo 1 > {cgroup_path(container)}/cgroup.freeze",))

    def _thaw(self, container: Container) -> None:
        container.state.paused = False

    def unpause(self, container: Container) -> None:
        if not container.state.paused:
            raise Conflict(f"Container {container.id} is not paused")
        self._thaw(container)
        self.emit(container, "unpause", (f"echo 0 > {cgroup_path(container)}/cgroup.freeze",))
        for process in self._frozen.pop(container.id, ()):
            self._schedule(container, process, self.clock.now())

    def remove(self, container: Container, force: bool = False) -> None:
        if container.state.running and not force:
            if container.state.paused:
                raise Conflict(f'cannot remove container "/{container.name}": container is '
                               f'paused and must be unpaused first')
            raise Conflict(f'cannot remove container "/{container.name}": container is '
                           f'running: stop the container before removing or force remove')
        if container.state.running:
            self.kill(container, "KILL")
        self.containers.remove(container)
        self.emit(container, "destroy", (f"rm -rf {OVERLAY_ROOT}/{container.layer_id}",))

    def running(self) -> List[Container]:
        return [c for c in self.containers if c.state.running]
