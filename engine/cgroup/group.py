"""One container's cgroup: limits set by Docker and counters kept by the kernel.

Files render in the kernel's formats (Documentation/admin-guide/cgroup-v2.rst):
"max" for no limit, flat keyed files as "key value" lines.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, FrozenSet, Optional

from ..record import field, record
from .cpuset import format_list, parse_list

PERIOD_USEC = 100_000  # the kernel's default CFS period (Docker's unless --cpu-period)


def shares_to_weight(shares: int) -> int:
    """--cpu-shares to cpu.weight, the way runc 1.2 (bundled with Docker 28) converts it:
    a straight line from [2, 262144] onto [1, 10000]. (runc 1.3 switched to a curve that
    maps 1024 to 100; Docker 28 ships 1.2, so --cpu-shares 1024 gives 39.)"""
    if shares == 0:
        return 100  # not set: the kernel's default weight
    return 1 + ((shares - 2) * 9999) // 262142


@record
class Cgroup:
    memory_max: Optional[int] = None  # bytes; None = "max"
    cpu_quota: Optional[int] = None  # usec per cpu_period; None = "max"
    cpu_period: int = PERIOD_USEC
    cpu_weight: int = 100
    pids_max: Optional[int] = None
    swap_max: Optional[int] = None  # memory-swap minus memory, as runc writes it
    memory_low: int = 0  # --memory-reservation
    cpus: Optional[FrozenSet[int]] = None  # cpuset.cpus; None = not set (all the host's)
    mems: Optional[FrozenSet[int]] = None  # cpuset.mems
    # counters
    usage_usec: float = 0.0
    user_usec: float = 0.0
    system_usec: float = 0.0
    nr_periods: float = 0.0
    nr_throttled: float = 0.0
    throttled_usec: float = 0.0
    memory_peak: int = 0
    memory_events: Dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("low", "high", "max", "oom", "oom_kill", "oom_group_kill"), 0))
    pids_events_max: int = 0

    @classmethod
    def for_limits(cls, resources) -> "Cgroup":
        group = cls()
        group.set_limits(resources)
        return group

    def set_limits(self, resources) -> None:
        """The values of a container's Resources (HostConfig) as the cgroup files hold them."""
        memory, nano_cpus = resources.memory, resources.nano_cpus
        self.memory_max = memory or None
        swap = getattr(resources, "memory_swap", 0)
        # runc writes memory-swap less memory; Docker's default is as much swap as memory
        self.swap_max = None if swap == -1 or not memory else (swap - memory if swap else memory)
        self.memory_low = getattr(resources, "memory_reservation", 0)
        self.cpu_period = getattr(resources, "cpu_period", 0) or PERIOD_USEC
        quota = getattr(resources, "cpu_quota", 0)
        self.cpu_quota = quota if quota > 0 else (
            nano_cpus * PERIOD_USEC // 10 ** 9 if nano_cpus else None)
        self.cpu_weight = shares_to_weight(resources.cpu_shares)
        self.pids_max = resources.pids_limit if resources.pids_limit and resources.pids_limit > 0 else None
        self.cpus = parse_list(resources.cpuset_cpus) or None
        self.mems = parse_list(resources.cpuset_mems) or None

    @property
    def quota_cpus(self) -> Optional[float]:
        return None if self.cpu_quota is None else self.cpu_quota / self.cpu_period

    def writes(self) -> Dict[str, str]:
        """The values Docker writes into the cgroup files at start (or update)."""
        return {
            "memory.max": _max(self.memory_max),
            "cpu.max": f"{_max(self.cpu_quota)} {self.cpu_period}",
            "cpu.weight": str(self.cpu_weight),
            "pids.max": _max(self.pids_max),
            "cpuset.cpus": format_list(self.cpus or ()),
            "cpuset.mems": format_list(self.mems or ()),
        }

    # -- files --------------------------------------------------------------
    def files(self, memory_current: int, pids_current: int, procs, shmem: int = 0,
              host_cpus: int = 1) -> Dict[str, str]:
        usage = int(self.usage_usec)
        user = int(self.user_usec)
        events = self.memory_events
        anon = max(0, memory_current - 65536 - shmem)
        return {
            "cgroup.controllers": "cpuset cpu io memory hugetlb pids rdma misc\n",
            "cgroup.procs": "".join(f"{pid}\n" for pid in procs),
            "cgroup.type": "domain\n",
            "cpu.max": f"{_max(self.cpu_quota)} {self.cpu_period}\n",
            # empty when not set; .effective is what the group may use (the parent's when empty)
            "cpuset.cpus": format_list(self.cpus or ()) + "\n",
            "cpuset.cpus.effective": format_list(self.cpus or range(host_cpus)) + "\n",
            "cpuset.mems": format_list(self.mems or ()) + "\n",
            "cpuset.mems.effective": format_list(self.mems or (0,)) + "\n",
            "cpu.weight": f"{self.cpu_weight}\n",
            "cpu.stat": (f"usage_usec {usage}\nuser_usec {user}\n"
                         f"system_usec {max(0, usage - user)}\n"
                         f"nr_periods {int(self.nr_periods)}\n"
                         f"nr_throttled {int(self.nr_throttled)}\n"
                         f"throttled_usec {int(self.throttled_usec)}\n"
                         f"nr_bursts 0\nburst_usec 0\n"),
            "memory.max": f"{_max(self.memory_max)}\n",
            "memory.low": f"{self.memory_low}\n",
            "memory.current": f"{memory_current}\n",
            "memory.peak": f"{max(self.memory_peak, memory_current)}\n",
            "memory.events": "".join(f"{k} {v}\n" for k, v in events.items()),
            "memory.stat": (f"anon {anon}\nfile 65536\nkernel 0\nkernel_stack 16384\n"
                            f"pagetables 8192\nsock 0\nshmem {shmem}\nfile_mapped 0\nfile_dirty 0\n"
                            f"file_writeback 0\nanon_thp 0\ninactive_anon 0\n"
                            f"active_anon {anon}\ninactive_file 65536\nactive_file 0\n"
                            f"unevictable 0\noom_kill {events['oom_kill']}\n"),
            "memory.swap.max": f"{_max(self.swap_max)}\n",
            "pids.max": f"{_max(self.pids_max)}\n",
            "pids.current": f"{pids_current}\n",
            "pids.events": f"max {self.pids_events_max}\n",
        }


def _max(value: Optional[int]) -> str:
    return "max" if value is None else str(value)


def check_memory_options(memory: int, swap: int, reservation: int, swappiness, oom_kill_disable,
                         oom_score_adj: int) -> list:
    """The daemon's checks of the memory options on a cgroup v2 host, in its order; the
    warnings it returns for what cgroup v2 cannot do (swappiness, disabling the OOM killer)."""
    from ..errors import InvalidParameter
    warnings = []
    if memory > 0 and 0 < swap < memory:
        raise InvalidParameter("Minimum memoryswap limit should be larger than memory limit, see usage")
    if memory == 0 and swap > 0:
        raise InvalidParameter("You should always set the Memory limit when using Memoryswap "
                               "limit, see usage")
    if swappiness is not None and swappiness != -1:
        warnings.append("Your kernel does not support memory swappiness capabilities or the "
                        "cgroup is not mounted. Memory swappiness discarded.")
    if 0 < reservation < 6 << 20:
        raise InvalidParameter("Minimum memory reservation allowed is 6MB")
    if memory > 0 and 0 < memory < reservation:
        raise InvalidParameter("Minimum memory limit can not be less than memory reservation "
                               "limit, see usage")
    if oom_kill_disable:
        warnings.append("Your kernel does not support OomKillDisable. OomKillDisable discarded.")
    if not -1000 <= oom_score_adj <= 1000:
        raise InvalidParameter(f"Invalid value {oom_score_adj}, range for oom score adj is "
                               "[-1000, 1000]")
    return warnings
