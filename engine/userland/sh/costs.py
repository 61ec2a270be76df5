"""What the shell's work costs in CPU time (see Context.charge).

The shell charges these as it interprets, so a shell loop uses the CPU as the
real one does: `stats`, cpu.stat, `top` and cpu.max throttling follow from what
it runs. Figures are marginal costs in microseconds measured with
scripts/measure_costs.py on one machine (Xeon 2.3 GHz, BusyBox 1.35.0 ash,
bash 5.2.15, dash 0.5.12; each op repeated 10x in a loop of 16k-64k iterations,
the empty loop subtracted, best of 3). Where a measured case contains a command
(`x=1`, `[ $j -lt 5 ]`) the command's own cost is taken out of the figure here.

Check: `i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done` takes 179-231 ms of
CPU in real ash, 368-409 ms in bash, 127-131 ms in dash (scripts/measured_costs.md:
the best of 9 runs, and a first run); these figures charge 219, 469 and 185 ms.
"""

from __future__ import annotations

from ...record import record


US = 1e-6


@record(frozen=True)
class ShellCosts:
    command: float  # a simple command: `:` (measured 0.161 / 1.01 / 0.191 µs)
    assign: float  # an assignment word, `x=1` (0.311 / 0.675 / 0.212)
    arith: float  # an arithmetic expansion $((...)) beyond its assignment (j=$((j+1)): 1.17 / 1.87 / 0.613)
    test: float  # `[ $j -lt 5 ]` beyond the command (0.968 / 2.64 / 1.24)
    function: float  # calling a function beyond the command in it (f() { :; }: 0.602 / 3.13 / 0.401)
    loop: float  # one pass of for/while beyond its body (for w in ...: 0.378 / 0.959 / 0.270)
    fork_exec: float  # fork+exec+wait of a program (busybox true: 1141 / 1245 / 941)
    subshell: float  # ( : ) in a forked child (162 / 254 / 142)
    substitution: float  # $(:) (187 / 286 / 158)


COSTS = {
    "ash": ShellCosts(command=0.161 * US, assign=0.311 * US, arith=0.86 * US, test=0.81 * US,
                      function=0.44 * US, loop=0.22 * US, fork_exec=1141 * US,
                      subshell=162 * US, substitution=187 * US),
    "bash": ShellCosts(command=1.01 * US, assign=0.675 * US, arith=1.2 * US, test=1.63 * US,
                       function=2.12 * US, loop=0.0, fork_exec=1245 * US,
                       subshell=254 * US, substitution=286 * US),
    "dash": ShellCosts(command=0.191 * US, assign=0.212 * US, arith=0.40 * US, test=1.05 * US,
                       function=0.21 * US, loop=0.08 * US, fork_exec=941 * US,
                       subshell=142 * US, substitution=158 * US),
}
