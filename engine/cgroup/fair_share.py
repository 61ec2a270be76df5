"""How the CPU scheduler shares the host's CPUs between busy processes.

CFS gives each cgroup CPU time in proportion to its cpu.weight, a busy
process uses at most one CPU, a cgroup with a cpu.max quota gets no more
than quota/period CPUs, and a cgroup with a cpuset runs only on those CPUs.
The result is computed by progressive filling: every group's share grows in
proportion to its weight until it reaches its own limit or the CPUs it may
use are full; then it stops and the others go on. Rates stay constant until
the set of busy processes or a limit changes, so simulated time can jump
from one change to the next.
"""

from __future__ import annotations

from itertools import combinations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, FrozenSet, Hashable, Optional, Tuple

    Group = Hashable
    Demand = Tuple  # (busy processes, weight, quota in CPUs or None[, cpuset or None])


def share(host_cpus: int, demands: Dict[Group, Demand]) -> Dict[Group, float]:
    """CPUs each group gets. A group without a cpuset may run on all host_cpus."""
    everything = frozenset(range(host_cpus))
    weight = {g: d[1] for g, d in demands.items()}
    cpuset = {g: frozenset(d[3]) if len(d) > 3 and d[3] else everything for g, d in demands.items()}
    caps = {}
    for group, (busy, _, quota, *_) in demands.items():
        caps[group] = float(min(busy, len(cpuset[group])))
        if quota is not None:
            caps[group] = min(caps[group], quota)
    rates = {group: 0.0 for group in demands}
    active = {g for g in demands if caps[g] > 1e-12 and weight[g] > 0}
    # The CPUs a set of groups can fill are the union of their cpusets: each union of
    # distinct cpusets is a limit on the groups that fit inside it.
    limits = _unions({cpuset[g] for g in active})
    while active:
        step, full = min((caps[g] - rates[g]) / weight[g] for g in active), set()
        for cpus in limits:
            inside = [g for g in demands if cpuset[g] <= cpus]
            speed = sum(weight[g] for g in inside if g in active)
            if speed:
                room = (len(cpus) - sum(rates[g] for g in inside)) / speed
                if room < step - 1e-12:
                    step, full = room, set(inside)
                elif room <= step + 1e-12:
                    full |= set(inside)
        for g in active:
            rates[g] += step * weight[g]
        active = {g for g in active if g not in full and rates[g] < caps[g] - 1e-12}
    return rates


def _unions(cpusets) -> set:
    """Every union of some of the given sets (few: containers share a handful of cpusets)."""
    distinct = list(cpusets)
    return {frozenset().union(*combo) for size in range(1, len(distinct) + 1)
            for combo in combinations(distinct, size)}
