"""How the CPU scheduler shares the host's CPUs between busy processes.

CFS gives each cgroup CPU time in proportion to its cpu.weight, a busy
process uses at most one CPU, and a cgroup with a cpu.max quota gets no more
than quota/period CPUs. The result is computed by water-filling: hand out the
host's CPUs by weight, cap whoever reaches a limit, and share what they leave
among the rest. Rates stay constant until the set of busy processes or a
limit changes, so simulated time can jump from one change to the next.
"""

from __future__ import annotations

from typing import Dict, Hashable, Optional, Tuple

Group = Hashable


def share(host_cpus: float, demands: Dict[Group, Tuple[int, int, Optional[float]]]
          ) -> Dict[Group, float]:
    """CPUs each group gets. ``demands`` maps a group to (busy processes, weight, quota in CPUs)."""
    rates = {group: 0.0 for group in demands}
    caps = {}
    for group, (busy, _, quota) in demands.items():
        caps[group] = float(busy) if quota is None else min(float(busy), quota)
    active = {g for g in demands if caps[g] > 0}
    left = float(host_cpus)
    while active and left > 1e-12:
        total_weight = sum(demands[g][1] for g in active)
        offered = {g: left * demands[g][1] / total_weight for g in active}
        capped = {g for g in active if rates[g] + offered[g] >= caps[g] - 1e-12}
        if not capped:
            for g in active:
                rates[g] += offered[g]
            break
        for g in capped:
            left -= caps[g] - rates[g]
            rates[g] = caps[g]
        active -= capped
    return rates
