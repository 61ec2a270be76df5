"""The container lifecycle: start, stop, kill, pause, restart, remove.

One state machine (``State``) is the single source of truth. Each step emits
Docker's event with the Linux operation a real runtime performs for it.
Time-based endings (a `sleep 5` that finishes) are applied by ``settle``,
which every engine call runs first, so the state is always up to date with
the clock without a background thread.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Callable, List, Optional, Tuple

from .. import host
from ..clock import Clock
from ..errors import Conflict, EngineError, ExecError
from ..events import EventLog
from ..proc.api import Recorder, Stream
from ..proc.host_processes import INIT_PID, host_pid_mode, scope_of, service_pids
from ..proc.kernel import System
from ..proc.process import STOP, PidAllocator, Process
from ..proc.scheduler import Scheduler
from ..proc.signals import SIGCONT, SIGKILL, SIGSTOP, STOPPING, parse_signal, signal_name
from .config import DEFAULT_PATH
from .container import Container, LogLine
from . import health
from .ipc import ipc_donor, mount_shm
from .mounts import mount_calls, shmem
from .launch import check_init, check_sysctls, look_path
from .registry import ContainerRegistry

# Every namespace a container has (cgroupns "private", cgroup v2's default): what `exec` enters
CLONE_FLAGS = "CLONE_NEWPID|CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWNET|CLONE_NEWIPC|CLONE_NEWCGROUP"
CGROUP_ROOT = "/sys/fs/cgroup/system.slice"
OVERLAY_ROOT = "/var/lib/docker/overlay2"
DEFAULT_STOP_TIMEOUT = 10
INIT_PATH = "/sbin/docker-init"  # where Docker mounts tini for run --init
INIT_BYTES = 867_456  # tini-static 0.19.0's size


def _shared(container: Container):
    """{clone flag: the namespace file runc joins instead of making one} for --pid,
    --network and --ipc container:NAME, and --network host (the daemon's handle on the host's)."""
    shared = {}
    if container.pid_owner is not None:
        shared["CLONE_NEWPID"] = f"/proc/{container.pid_owner.state.pid}/ns/pid"
    net = getattr(container, "network", None)
    if net is not None and net.owner is not None:
        shared["CLONE_NEWNET"] = f"/proc/{net.owner.state.pid}/ns/net"
    elif net is not None and net.ns is not None and net.ns.host:
        shared["CLONE_NEWNET"] = "/var/run/docker/netns/default"
    ipc = container.host_config.ipc_mode
    if ipc.startswith("container:") and container.system is not None:
        from .ipc import ipc_donor
        donor = ipc_donor(container, container.system.runtime.containers)
        shared["CLONE_NEWIPC"] = f"/proc/{donor.state.pid}/ns/ipc"
    return shared


def clone_flags(container: Container) -> str:
    """The namespaces runc's clone makes for PID 1: all but those it joins, and those the
    daemon left out of the spec (--pid, --ipc, --uts host: runc's own, the host's, stay)."""
    kept = set(_shared(container))
    config = container.host_config
    kept |= {flag for flag, host in (("CLONE_NEWPID", host_pid_mode(container)),
                                     ("CLONE_NEWIPC", config.ipc_mode == "host"),
                                     ("CLONE_NEWUTS", config.uts_mode == "host"),
                                     ("CLONE_NEWCGROUP", config.cgroupns_mode == "host")) if host}
    return "|".join(flag for flag in CLONE_FLAGS.split("|") if flag not in kept)


def joined_namespaces(container: Container) -> List[str]:
    """runc's setns calls into the namespaces a container shares."""
    return [f"setns(open(\"{path}\"), {flag})" for flag, path in _shared(container).items()]


def _proc(system: System):
    from ..proc.procfs import ProcFS
    return ProcFS(system)


def _sys(container: Container, system: System):
    from ..cgroup.sysfs import SysFS
    return SysFS(container, system.runtime)


def _current_terminal(system: System):
    """The terminal of the process that opens a terminal device now, if it has one."""
    from ..proc.terminal import terminal_of
    current = system.current
    return terminal_of(current.ctx) if current is not None else None


def container_mounts(container: Container, system: System, now: int):
    """What runc and Docker mount in a container, over its root overlay."""
    from ..vfs.mounts import BoundFile, DevFS, MadeOnFirstUse, Mounts
    from . import etc_files
    mounts = Mounts()
    mounts.add("/proc", MadeOnFirstUse(lambda: _proc(system), system.now), "proc", "proc",
               "rw,nosuid,nodev,noexec,relatime")
    mounts.add("/dev", DevFS(now, lambda: _current_terminal(system)), "tmpfs", "tmpfs",
               "rw,nosuid,size=65536k,mode=755,inode64")
    mounts.add("/sys", MadeOnFirstUse(lambda: _sys(container, system), system.now), "sysfs",
               "sysfs",
               "ro,nosuid,nodev,noexec,relatime")
    mounts.extra_lines.append("cgroup /sys/fs/cgroup cgroup2 ro,nosuid,nodev,noexec,relatime,"
                              "nsdelegate,memory_recursiveprot 0 0")
    for name, content in etc_files.files(container, system.runtime.containers).items():
        mounts.add(f"/etc/{name}", BoundFile(content, mtime=now), "/dev/sda1", "ext4",
                   "rw,relatime")
    if container.host_config.init:  # Docker bind-mounts its docker-init (tini) for --init
        from ..vfs.entry import regular
        from ..vfs.mounts import Tree
        mounts.add(INIT_PATH, Tree({"": regular(None, 0o755, size=INIT_BYTES, program="docker-init")}, False),
                   "/dev/sda1", "ext4", "ro,relatime")
    from .mounts import make_mount_points, mount_all
    make_mount_points(container.fs, container.mounts, now)

    def in_use(volume) -> bool:  # another running container holds it mounted
        return any(other is not container and other.state.running and
                   any(p.volume is volume for p in other.mounts) for other in system.runtime.containers)
    mount_all(mounts, container.mounts, now, in_use)
    mount_shm(container, mounts, now, ipc_donor(container, system.runtime.containers), system.runtime)
    return mounts


SETTLE_BUDGET = 0.1  # host seconds one settle may spend interpreting (wall clock only)


def cgroup_path(container: Container) -> str:
    return "/sys/fs/cgroup" + scope_of(container)


class Runtime:
    def __init__(self, clock: Clock, events: EventLog, containers: ContainerRegistry,
                 pids: Optional[PidAllocator] = None, host_cpus: int = 4,
                 host_memory: int = 8 * 1024 ** 3):
        self.clock = clock
        self.host_cpus = host_cpus
        self.host_memory = host_memory
        self.boot_time = clock.now() - host.HOST_UPTIME_AT_START
        self.events = events
        self.containers = containers
        self.pids = pids or PidAllocator()
        self.scheduler = Scheduler(self)
        self._frozen: dict = {}  # container id -> sleepers whose time ran out while paused
        self.network = None  # engine.network.Networks (the engine sets it)
        self.volumes = None  # engine.volume.Volumes (the engine sets it)
        # the host's /dev/shm (systemd's tmpfs), which every --ipc host container mounts:
        # its files, made at the first such start (ipc.mount_shm)
        self.host_shm: Optional[dict] = None
        self.processes_ended = 0  # counted so a --pid host view knows its table is current

    # -- events ---------------------------------------------------------------
    def emit(self, container: Container, action: str, linux: Tuple[str, ...] = (),
             **attributes: str) -> None:
        attrs = {"image": container.config.image, "name": container.name}
        attrs.update(attributes)
        self.events.emit("container", action, container.id, attrs, linux)

    # -- time -----------------------------------------------------------------
    def now(self) -> float:
        """The time a running program sees: the event being handled, or the clock."""
        return self.scheduler.now()

    def settle(self, until: Optional[float] = None,
               stop: Optional[Callable[[], bool]] = None) -> None:
        """Run everything that happens up to ``until`` (or until ``stop()``).

        Against a wall clock one call interprets programs for at most
        SETTLE_BUDGET seconds of host time: busy programs that interpret more
        slowly than the simulated CPU runs them make the simulation lag behind
        the clock for a while (the next call goes on from there) instead of
        holding the shell. Virtual time is exact: every event is handled."""
        budget = None if self.clock.virtual else SETTLE_BUDGET
        self.scheduler.settle(self.clock.now() if until is None else until, stop, budget)

    def next_wakeup(self) -> Optional[float]:
        """When something happens next by itself (None: nothing will)."""
        at = self.scheduler.next_event(passive=False)
        return None if at == float("inf") else at

    def process_count(self) -> int:
        return sum(len(c.processes) for c in self.containers)

    def task_ended(self, process: Process) -> None:
        """A process the scheduler drove has ended; PID 1 takes its container with it."""
        container = process.ctx.system.container
        if container.state.running and container.main_process is process:
            self._exited(container, process.exit_code, at=self.now())

    def frozen(self, container: Container, process: Process) -> None:
        self._frozen.setdefault(container.id, []).append(process)

    # -- memory -----------------------------------------------------------------
    def memory_current(self, container: Container) -> int:
        """Its processes' memory and what its tmpfs mounts hold (shmem)."""
        return sum(p.rss for p in container.processes.values() if p.alive) + shmem(container.fs.mounts)

    def allocate(self, process: Process, nbytes: int) -> bool:
        """Charge memory to a process's cgroup; over memory.max, the OOM killer runs.

        Like the kernel's, it kills the process using the most memory, until the
        allocation fits or the allocating process itself was chosen.
        """
        container = process.ctx.system.container
        group = container.cgroup
        if nbytes <= 0:
            process.rss = max(0, process.rss + nbytes)
            return True
        while process.alive:
            current = self.memory_current(container)
            if group.memory_max is None or current + nbytes <= group.memory_max:
                process.rss += nbytes
                group.memory_peak = max(group.memory_peak, current + nbytes)
                return True
            group.memory_peak = max(group.memory_peak, group.memory_max)
            group.memory_events["max"] += 1
            group.memory_events["oom"] += 1
            alive = [p for p in container.processes.values() if p.alive]
            victim = max(alive, key=lambda p: (p.rss, p.nspid))
            group.memory_events["oom_kill"] += 1
            container.state.oom_killed = True
            self.emit(container, "oom", (
                f"Memory cgroup out of memory: Killed process {victim.pid} "
                f"({victim.argv[0].rsplit('/', 1)[-1]}) total-vm:{victim.rss // 1024}kB",))
            victim.signal = SIGKILL
            self.kill_process(container, victim, 128 + SIGKILL)
        return False

    def cpu_rate(self, container: Container) -> float:
        """CPUs the container uses right now (1.0 = one whole CPU)."""
        self.scheduler._rates_now()
        return self.scheduler._group_rates.get(container, (0.0,))[0]

    def net_bytes(self, container: Container):
        """(received, sent) bytes on the container's interfaces (networking adds these)."""
        if self.network is not None:
            return self.network.io(container)  # eth* counters of its namespace, lo excluded
        network = getattr(container, "network_counters", None)
        return network() if callable(network) else (0, 0)

    def limits_changed(self, container: Container) -> None:
        """New limits (docker update): shares change, and a lower memory.max may OOM."""
        self.scheduler.refresh()
        group = container.cgroup
        while (container.state.running and group.memory_max is not None
               and self.memory_current(container) > group.memory_max):
            victim = max((p for p in container.processes.values() if p.alive),
                         key=lambda p: (p.rss, p.nspid))
            group.memory_events["oom"] += 1
            group.memory_events["oom_kill"] += 1
            container.state.oom_killed = True
            self.emit(container, "oom")
            victim.signal = SIGKILL
            self.kill_process(container, victim, 128 + SIGKILL)

    def _pid_owner(self, container: Container) -> Optional[Container]:
        """--pid container:NAME: the running container whose PID namespace this one joins."""
        from .sharing import joined_container
        owner = joined_container(self.containers, container.host_config.pid_mode, "PID")
        return None if owner is None else owner.pid_owner or owner

    def pid_namespace(self, container: Container) -> List[Container]:
        """The running containers whose processes share ``container``'s PID namespace."""
        owner = container.pid_owner or container
        return [owner] + [c for c in self.containers if c.pid_owner is owner and c.state.running]

    def kill_process(self, container: Container, process: Process, status: int) -> None:
        """End one process from outside; PID 1's end ends the container."""
        if container.main_process is process:
            self._exited(container, status)
            return
        container.system.kill_process(process, status)
        self.scheduler.exited(process)
        self.scheduler.interrupted(process)

    # -- starting -------------------------------------------------------------
    def new_system(self, container: Container) -> System:
        """The kernel that a container's processes (or a build step's) run on (a
        program's module is imported when a process first runs it: exec_search)."""
        return System(self, container)

    def process_env(self, container: Container, tty: Optional[bool] = None,
                    extra: Optional[dict] = None) -> dict:
        """A process's environment in the daemon's order: PATH, HOSTNAME, TERM (a terminal),
        the links' variables, then the container's Env replacing or appending (``extra``,
        exec -e, the same way), and HOME last when nothing set it (runc adds it)."""
        env = {"PATH": DEFAULT_PATH, "HOSTNAME": container.config.hostname}
        if container.config.tty if tty is None else tty:
            env["TERM"] = "xterm"
        if container.host_config.links:
            from .links import env_vars
            env.update(item.split("=", 1) for item in env_vars(container, self.containers))
        env.update(container.config.env_dict())
        env.update(extra or {})
        env.setdefault("HOME", "/root")
        return env

    def start(self, container: Container, stdin: Optional[str] = None) -> None:
        """Start PID 1. ``stdin``: what the client sends to its standard input (`run -i`
        fed a here-document) before it closes it, so the program reads to its end."""
        state = container.state
        if state.paused:
            raise Conflict("cannot start a paused container, try unpause instead")
        if state.running and not state.restarting:
            return  # Docker treats starting a running container as done
        if state.restarting:
            self.cancel_restart(container)
        container.manually_stopped = False
        argv = container.command
        env = self.process_env(container)
        cwd = container.config.working_dir or "/"
        ipc_donor(container, self.containers)  # --ipc container:NAME must be joinable, then --pid's
        container.pid_owner = self._pid_owner(container)
        try:
            check_sysctls(container.host_config.sysctls, container.host_config.network_mode)
            check_init(container.fs, container.config.user, cwd, container.host_config.group_add)
            path, _ = look_path(container.fs, argv[0], env, cwd)
        except ExecError as err:
            state.exit_code = err.exit_code
            state.error = err.message
            self.emit(container, "die", exitCode=str(err.exit_code))
            if container.host_config.auto_remove:  # --rm: a start that failed leaves nothing
                self.remove(container, force=True, volumes=True)
            raise
        if container.host_config.links:
            from .links import check_start
            check_start(container, self.containers)
        if self.network is not None:
            self.network.started(container)  # its netns, veth pairs, ports (or Docker's error)
        if container.host_config.links:  # the links' variables need the addresses
            env = self.process_env(container)
        now = self.clock.now()
        system = self.new_system(container)
        container.system = system
        container.shim_pid = self.pids.allocate()  # containerd-shim-runc-v2 starts first
        container.fs.mounts = container_mounts(container, system, int(now))
        if container.host_config.init:  # --init: docker-init (tini) is PID 1, the command its child
            argv = [INIT_PATH, "--", *argv]
        container.processes = {}
        stdout = Stream(on_write=self._writer(container, "stdout"))
        stderr = Stream(on_write=self._writer(container, "stderr"))
        tty = terminal_for(container.config.tty, stdout)
        if tty and stdin is None:
            stdin = tty.keys  # -t: its input is its terminal (-i lets the client type there)
        else:
            sent = stdin
            stdin = Stream(sent or "")
            stdin.closed = not container.config.open_stdin or sent is not None
        user = container.config.user or "root"
        on_terminal(container.config.tty, stdin, stdout, stderr)
        stdio_for(user, stdin, stdout, stderr)
        process = system.new_process(
            list(argv), env=env, cwd=cwd, stdin=stdin, stdout=stdout, stderr=stderr,
            user=user, tty=tty)
        state.running, state.paused, state.restarting = True, False, False
        state.pid, state.exit_code, state.error = process.pid, 0, ""
        state.oom_killed, state.dead = False, False
        state.started_at, state.finished_at = now, None
        merged = f"{OVERLAY_ROOT}/{container.layer_id}/merged"
        # containerd creates the task: runc clones PID 1 into new namespaces (or joins the
        # shared ones), puts it in its cgroup, mounts and pivots into the root file system;
        # PID 1 then waits, not yet running the command. Docker's events do not show this.
        self.events.emit("task", "create", container.id, {"pid": str(process.pid)}, (
            f"mount -t overlay overlay -o {self._overlay_options(container)} {merged}",
            f"clone({clone_flags(container)}) = {process.pid}",
            *joined_namespaces(container),
            f"mkdir {cgroup_path(container)}",
            f"echo {process.pid} > {cgroup_path(container)}/cgroup.procs",
            *(f'echo "{value}" > {cgroup_path(container)}/{name}'
              for name, value in container.cgroup.writes().items()
              if value not in ("", "max", "max 100000", "100")),
            *mount_calls(container.mounts, merged),
            f"pivot_root {merged}",
            *(["mount -o remount,ro,bind /"] if container.host_config.readonly_rootfs else []),
        ), reported=False)
        if self.network is not None:  # the daemon adopts the namespace and plugs it in
            self.network.announce(container, process.pid)
        self.emit(container, "start", (f"execve(\"{path}\", {list(argv)!r})".replace("'", '"'),))
        for point in container.mounts:  # Docker's "volume mount" events
            if point.volume is not None:
                self.events.emit("volume", "mount", point.volume.name, {
                    "container": container.id, "destination": point.destination, "driver": point.volume.driver,
                    "propagation": "", "read/write": str(point.rw).lower()})
        self.begin(container, process)
        health.start(self, container)

    def begin(self, container: Container, process: Process) -> None:
        """Start running a created process: to its end, or to its first request."""
        self.scheduler.start(process)

    def _writer(self, container: Container, stream: str) -> Callable[[str], None]:
        tty = container.config.tty
        if tty:
            stream = "stdout"  # one terminal for both, its line discipline turning \n into \r\n

        def write(text: str) -> None:
            now = self.now()
            if tty:
                text = text.replace("\r\n", "\n").replace("\n", "\r\n")
            for line in text.splitlines(keepends=True):
                container.logs.append(LogLine(now, stream, line))
        return write

    # -- ending ---------------------------------------------------------------
    def _exited(self, container: Container, status: int, at: Optional[float] = None) -> None:
        """PID 1 has exited: the namespace dies with it, every other process is killed."""
        state = container.state
        health.stop(container)
        main = container.main_process
        for process in list(container.processes.values()):
            if process.alive:
                container.system.kill_process(process, status if process is main else 128 + SIGKILL)
                self.scheduler.forget(process)
        for joined in [c for c in self.containers if c.pid_owner is container and c.state.running]:
            self._exited(joined, 128 + SIGKILL)  # the namespace's init is gone: the kernel kills them all
        container.processes = {}
        container.fs.mounts = None  # runc's mounts go with the mount namespace
        state.running = state.paused = state.restarting = False
        state.pid = 0
        state.exit_code = status
        state.finished_at = self.now() if at is None else at
        self.emit(container, "die", (f"waitpid() = exit status {status}",
                                     f"rmdir {cgroup_path(container)}",
                                     f"umount {OVERLAY_ROOT}/{container.layer_id}/merged"),
                  exitCode=str(status))
        if self.network is not None:
            self.network.stopped(container)  # endpoints, ports and the netns go with PID 1
        self._restart_policy(container, status)
        if container.host_config.auto_remove and not state.restarting:
            self.remove(container, force=True, volumes=True)  # --rm: gone as soon as it exits
        if container.stopping is not None:
            self._stopped(container)  # a `stop` under way is complete

    # -- the restart manager ----------------------------------------------------
    def _restart_policy(self, container: Container, status: int) -> None:
        """Docker's restart manager: whether, and after what delay, to start again.

        The delay starts at 100 ms and doubles with each restart up to one
        minute; a container that ran at least 10 seconds starts over at 100 ms.
        A container stopped by hand (stop, kill, rm -f) is not restarted.
        """
        policy = container.host_config.restart_policy
        if container.manually_stopped or policy.name == "no":
            return
        if policy.name == "on-failure":
            if status == 0 or (policy.maximum_retry_count and
                               container.restart_count >= policy.maximum_retry_count):
                return
        ran = (container.state.finished_at or 0) - (container.state.started_at or 0)
        container.restart_delay = 0.1 if ran >= 10 or not container.restart_delay \
            else min(60.0, container.restart_delay * 2)
        state = container.state
        state.running, state.restarting = True, True  # what Docker's state says meanwhile
        container.pending_restart = self.scheduler.call_at(
            self.now() + container.restart_delay, lambda: self._restart_now(container))

    def _restart_now(self, container: Container) -> None:
        if not container.state.restarting:
            return
        container.pending_restart = None
        container.state.running = container.state.restarting = False
        container.restart_count += 1
        self.start(container)

    def cancel_restart(self, container: Container) -> None:
        if container.pending_restart is not None:
            container.pending_restart()
            container.pending_restart = None
        if container.state.restarting:
            container.state.running = container.state.restarting = False

    def _signal(self, container: Container, signum: int) -> Optional[int]:
        """Send a signal to PID 1 (``kill(2)`` from the host); its exit status if it ends."""
        process = container.main_process
        self.emit(container, "kill", (f"kill({process.pid}, {signal_name(signum)})",),
                  signal=str(signum))
        if container.state.paused and signum != SIGKILL:
            return None  # a frozen cgroup runs no handler
        return self._act(process, signum)

    def _act(self, process, signum: int) -> Optional[int]:
        """The signal's effect on ``process``: stop, continue (then the signals that
        waited), or what it answers (an exit status, or None). A stopped process acts
        on nothing but SIGKILL and SIGCONT: the rest wait for SIGCONT, as in the kernel."""
        if process.stopped and signum not in (SIGKILL, SIGCONT):
            if signum not in STOPPING:  # another stop of a stopped process is nothing
                process.pending += (signum,)
            return None
        if signum == SIGCONT:
            self.scheduler.cont(process)
        status = process.receives(signum)
        if status == STOP:
            self.scheduler.stop(process, signum)
            return None
        if signum == SIGCONT and process.pending:
            waited, process.pending = process.pending, ()
            for other in waited:
                status = self._act(process, other)
                if status is not None:
                    return status
        return status

    def kill(self, container: Container, signal: str = "KILL") -> None:
        signum = parse_signal(signal)
        if not container.state.running or container.state.restarting:
            raise Conflict(f"Cannot kill container: {container.name}: "
                           f"Container {container.id} is not running")
        status = self._signal(container, signum)
        if status is not None:
            container.manually_stopped = True
            if container.state.paused:
                self._thaw(container)
            self._exited(container, status)

    def stop(self, container: Container, timeout: Optional[int] = None,
             signal: Optional[str] = None, then: Optional[Callable[[], None]] = None
             ) -> "Stopping":
        """SIGTERM (or the stop signal) now; SIGKILL at the end of the timeout.

        The daemon does not block on the wait: the SIGKILL is a timer of the
        scheduler, and the stop completes (``Stopping.done``, the "stop" event,
        then ``then()``) when the container exits, by itself or killed. Callers
        that want to wait for it wait for ``container.stopping`` to be None.
        """
        stopping = Stopping(container, then)
        container.manually_stopped = True
        if container.state.restarting:
            self.cancel_restart(container)
            self.emit(container, "stop")
            stopping.finish()
            return stopping
        if not container.state.running:
            stopping.finish()
            return stopping
        if container.stopping is not None:  # a second stop joins the first one
            container.stopping.also(stopping)
            return stopping
        stop_signal = signal or container.config.stop_signal or "SIGTERM"
        timeout = stopping.timeout = self.stop_timeout(container, timeout)
        container.stopping = stopping
        status = self._signal(container, parse_signal(stop_signal))
        if status is not None or timeout == 0:
            self._stop_now(container, status)
            return stopping
        # The process ignores the signal: the daemon waits up to the timeout,
        # unless the process ends by itself first (then _exited completes the stop).
        wait = float(10 ** 9) if timeout < 0 else float(timeout)
        stopping.cancel_kill = self.scheduler.call_at(
            self.now() + wait, lambda: self._stop_now(container, None))
        return stopping

    def stop_timeout(self, container: Container, timeout: Optional[int] = None) -> int:
        """The seconds a stop waits before SIGKILL: the flag, the container's, or 10 (-1: for ever)."""
        if timeout is None:
            timeout = container.config.stop_timeout
        return DEFAULT_STOP_TIMEOUT if timeout is None else timeout

    def _stop_now(self, container: Container, status: Optional[int]) -> None:
        """End a stop: SIGKILL if the container still runs (``status``: how the stop
        signal ended it), and the stop is done."""
        if container.state.running:
            if status is None:
                status = self._signal(container, SIGKILL)
            if container.state.paused:
                self._thaw(container)
            self._exited(container, status)
        elif container.stopping is not None:
            self._stopped(container)

    def _stopped(self, container: Container) -> None:
        """The container of a stop under way has exited: "stop", then what follows."""
        stopping, container.stopping = container.stopping, None
        self.emit(container, "stop")
        stopping.finish()

    def exec_process(self, container: Container, argv, *, env=None, cwd=None, user=None,
                     tty: bool = False, stdin: str = "", interactive: bool = False) -> Process:
        """`docker exec`: a new process in a running container (not yet started)."""
        if not container.state.running:
            raise Conflict(f"Container {container.id} is not running")
        if container.state.paused:
            raise Conflict(f"Container {container.id} is paused, unpause the container before exec")
        full_env = self.process_env(container, tty=tty, extra=env)
        workdir = cwd or container.config.working_dir or "/"
        try:
            look_path(container.fs, argv[0], full_env, workdir)
        except ExecError as err:
            raise ExecError(err.message.replace(
                "failed to create task for container: failed to create shim task: OCI runtime "
                "create failed: runc create failed: unable to start container process: "
                "error during container init: ",
                "OCI runtime exec failed: exec failed: unable to start container process: "),
                err.exit_code) from None
        output = Recorder()
        terminal = terminal_for(tty, output.stdout)
        if terminal and not stdin:
            stream_in = terminal.keys  # -t: its input is its terminal (-i lets the client type there)
        else:
            stream_in = Stream(stdin)
            stream_in.closed = not interactive
        user = user or container.config.user or "root"
        on_terminal(tty, stream_in, output.stdout, output.stderr)
        stdio_for(user, stream_in, output.stdout, output.stderr)
        process = container.system.new_process(
            list(argv), env=full_env, cwd=workdir, stdin=stream_in, stdout=output.stdout,
            stderr=output.stderr, user=user, tty=terminal)
        process.ctx.extra["output"] = output
        exec_id = f"{process.pid:064x}"[-64:]
        command = " ".join(argv)  # the daemon names exec events with the command line
        self.emit(container, f"exec_create: {command}", execID=exec_id)
        self.emit(container, f"exec_start: {command}",
                  (f"setns({container.state.pid}, {CLONE_FLAGS})",
                   f"execve(\"{process.path}\", {list(argv)!r})".replace("'", '"')),
                  execID=exec_id)
        return process

    def overlay_mount_line(self, container: Container) -> str:
        # --read-only: runc remounts the root read-only (MS_RDONLY) after pivot_root
        access = "ro" if container.host_config.readonly_rootfs else "rw"
        return f"overlay / overlay {access},relatime,{self._overlay_options(container)},nouserxattr 0 0"

    @staticmethod
    def _overlay_options(container: Container) -> str:
        """overlay2's mount options: the image's layers by their short links (the top one
        first), the container's own layer as upperdir."""
        from .overlay_links import short_link
        lowers = ":".join(f"{OVERLAY_ROOT}/l/{short_link(layer.digest)}"
                          for layer in reversed(container.fs.lower.layers))
        return (f"lowerdir={lowers},upperdir={OVERLAY_ROOT}/{container.layer_id}/diff,"
                f"workdir={OVERLAY_ROOT}/{container.layer_id}/work")

    def signal_process(self, container: Container, nspid: int, signum: int) -> None:
        """A signal sent inside the container (the kill program, a shell)."""
        from ..vfs.errno import ESRCH, FSError
        if host_pid_mode(container):
            self._signal_from_host(nspid, signum)
            return
        target, owner = next(((p, c) for c in self.pid_namespace(container) for p in c.processes.values()
                              if p.nspid == nspid and p.alive), (None, None))
        if target is None:
            raise FSError(ESRCH, str(nspid))
        container = owner
        if signum == 0:
            return
        if target.nspid == 1 and signum in (SIGKILL, SIGSTOP):
            return  # the kernel ignores them when sent to a PID namespace's init from inside
        self.deliver(container, target, signum)

    def _signal_from_host(self, pid: int, signum: int) -> None:
        """kill(2) from the host's PID namespace (--pid host): any container's process by
        its host PID; a container's init dies of SIGKILL there (sent from an ancestor
        namespace) and keeps its protection from the rest. The host's init ignores what
        it does not handle; its other services are not simulated programs (EPERM)."""
        from ..vfs.errno import EPERM, ESRCH, FSError
        for owner in self.containers:
            target = owner.processes.get(pid)
            if target is not None and target.alive and owner.state.running:
                if signum:
                    self.deliver(owner, target, signum)
                return
        if pid not in service_pids(self):
            raise FSError(ESRCH, str(pid))
        if signum and pid != INIT_PID:
            raise FSError(EPERM, str(pid))

    def deliver(self, container: Container, target: Process, signum: int) -> None:
        """The signal's effect on ``target``: a handler's, stop, continue, or its end."""
        status = self._act(target, signum)
        if status is not None:
            self.kill_process(container, target, status)

    def restart(self, container: Container, timeout: Optional[int] = None) -> "Stopping":
        """Stop, then start (when the stop completes, even if nobody waits for it)."""
        def start_again() -> None:
            self.start(container)
            self.emit(container, "restart")
        return self.stop(container, timeout, then=start_again)

    def pause(self, container: Container) -> None:
        state = container.state
        if not state.running:
            raise Conflict(f"Container {container.id} is not running")
        if state.paused:
            raise Conflict(f"Container {container.id} is already paused")
        state.paused = True
        self.scheduler.refresh()
        self.emit(container, "pause", (f"echo 1 > {cgroup_path(container)}/cgroup.freeze",))

    def _thaw(self, container: Container) -> None:
        self.scheduler.refresh()
        container.state.paused = False

    def unpause(self, container: Container) -> None:
        if not container.state.paused:
            raise Conflict(f"Container {container.id} is not paused")
        self._thaw(container)
        self.emit(container, "unpause", (f"echo 0 > {cgroup_path(container)}/cgroup.freeze",))
        for process in self._frozen.pop(container.id, ()):
            self.scheduler.wake(process, self.clock.now())

    def remove(self, container: Container, force: bool = False, volumes: bool = False) -> None:
        if container.state.running and not force:
            if container.state.restarting:
                raise Conflict(f'cannot remove container "/{container.name}": container is '
                               f'restarting: stop the container before removing or force remove')
            if container.state.paused:
                raise Conflict(f'cannot remove container "/{container.name}": container is '
                               f'paused and must be unpaused first')
            raise Conflict(f'cannot remove container "/{container.name}": container is '
                           f'running: stop the container before removing or force remove')
        self.cancel_restart(container)
        if container.state.running:
            self.kill(container, "KILL")
        self.containers.remove(container)
        self.emit(container, "destroy", (f"rm -rf {OVERLAY_ROOT}/{container.layer_id}",))
        if volumes and self.volumes is not None:  # rm -v, --rm: its anonymous volumes go with it
            from .mounts import anonymous_volumes
            for name in anonymous_volumes(container.mounts):
                if not self.volumes.users(name):  # another container may still mount it (--volumes-from)
                    self.volumes.remove(name)

    def running(self) -> List[Container]:
        return [c for c in self.containers if c.state.running]


class Stopping:
    """A `stop` (or `restart`) under way: its SIGKILL timer and what follows it."""

    def __init__(self, container: Container, then: Optional[Callable[[], None]] = None):
        self.container = container
        self.then = then
        self.cancel_kill: Optional[Callable[[], None]] = None
        self.timeout = 0  # seconds before SIGKILL (-1: none)
        self.done = False
        self.error: Optional[Exception] = None  # what ``then`` raised (a failed restart)
        self._joined: List["Stopping"] = []

    def also(self, other: "Stopping") -> None:
        """Another stop of the same container completes with this one."""
        self._joined.append(other)

    def finish(self) -> None:
        if self.cancel_kill is not None:
            self.cancel_kill()
            self.cancel_kill = None
        self.done = True
        for other in self._joined:
            other.finish()
        if self.then is not None:
            try:
                self.then()
            except EngineError as err:  # reported to whoever waits (Engine.restart)
                self.error = err


def terminal_for(tty: bool, shows: Stream):
    """With -t: a new terminal, echoing what is typed into ``shows``; else False."""
    if not tty:
        return False
    from ..proc.terminal import Terminal  # (a container without -t never loads it)
    terminal = Terminal()
    terminal.echo_to = shows
    return terminal


def stdio_for(user: str, *streams) -> None:
    """containerd makes a container's stdio pipes as root; runc then gives them to the
    process's user (fixStdioPermissions), so that user may open them again by
    /dev/stdout. Another user (after `su`) may not: the classic Permission denied."""
    for stream in streams:
        stream.owner = user


def on_terminal(tty: bool, *streams) -> None:
    """With -t the process's first descriptors are the terminal (isatty() is true on
    them); what it later opens or pipes into is not."""
    for stream in streams:
        stream.isatty = tty
