"""One container: its identity, configuration, state, root file system and processes."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Any, Dict, List, Optional, Tuple

from ..record import field, record
from ..vfs.union import UnionFS
from .config import ContainerConfig, HostConfig
from .logbook import LogBook
from .state import State

if TYPE_CHECKING:
    from ..proc.process import Process


@record(slots=True)
class LogLine:
    time: float
    stream: str  # "stdout" or "stderr"
    text: str


@record(slots=True, eq=False)
class Container:
    id: str
    name: str  # without Docker's leading "/"
    created: float
    image: Any  # the Image it was created from
    config: ContainerConfig
    host_config: HostConfig
    fs: UnionFS
    path: str = ""  # the program started as PID 1 (inspect's Path) ...
    args: Tuple[str, ...] = ()  # ... and its arguments (inspect's Args)
    state: State = field(default_factory=State)
    restart_count: int = 0
    processes: Dict[int, "Process"] = field(default_factory=dict)  # by host PID
    logs: LogBook = field(default_factory=LogBook)
    layer_id: str = ""  # the overlay2 directory name of its writable layer
    system: Any = None  # the kernel view of its processes (set when it starts)
    shim_pid: int = 0  # containerd-shim, the host parent of PID 1
    cgroup: Any = None  # engine.cgroup.Cgroup: limits and counters
    manually_stopped: bool = False  # stop/kill by the user: no restart policy applies
    restart_delay: float = 0.0  # the restart manager's current back-off
    pending_restart: Any = None  # cancels a pending policy restart when called
    stopping: Any = None  # a `stop` under way (runtime.Stopping): its SIGKILL timer
    network: Any = None  # engine.network.ContainerNet: its networks, namespace, ports
    health: Any = None  # engine.container.health.Health while it has a health check
    mounts: List[Any] = field(default_factory=list)  # container.mounts.MountPoint: volumes, tmpfs
    sysctl_writes: Dict[str, str] = field(default_factory=dict)  # /proc/sys values written inside
    pid_owner: Any = None  # --pid container:NAME: the container whose PID namespace it joined
    shm: Any = None  # /dev/shm's entries while it runs (shared with --ipc container:NAME)
    warnings: List[str] = field(default_factory=list)  # the daemon's at create (the CLI shows them)

    @property
    def healthcheck(self) -> Optional[dict]:
        """The health check in force: run's flags over the image's HEALTHCHECK."""
        from .health import merged
        return merged(self.config.healthcheck, self.image.config.healthcheck if self.image else None)

    @property
    def short_id(self) -> str:
        return self.id[:12]

    @property
    def main_process(self) -> Optional["Process"]:
        return self.processes.get(self.state.pid) if self.state.pid else None

    @property
    def command(self) -> List[str]:
        return [self.path, *self.args] if self.path else []
