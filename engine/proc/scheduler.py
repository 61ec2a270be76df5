"""Running every container's processes over simulated time.

A task is a process the scheduler drives itself: a container's PID 1, an
`exec -d`, a background child (`cmd &`). Driving means resuming its program
until it asks for something:
- Sleep: it is off the CPU until a timer fires;
- Compute: it is busy; how fast its CPU time accrues depends on the fair
  share of the host's CPUs (engine.cgroup.fair_share) and its cgroup's quota;
- Allocate: memory is charged to its cgroup at once, the OOM killer runs
  when memory.max would be passed;
- WaitFor: it sleeps until a child exits;
- WaitIO: it sleeps until a pipe can be read or written.
Between two events all rates are constant, so time jumps from event to event
and the CPU counters (cpu.stat) are integrated exactly over each stretch.

Programs charge the CPU they use as they go (Context.charge) and hand it over
as Compute requests at their charge points; what is still pending when one
blocks is spent before the block takes effect. Against a wall clock, settle
has a budget of host time (see settle): busy programs may fall behind in
what they have interpreted, never the clock.
"""

from __future__ import annotations

import math
import time

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Callable, Dict, List, Optional

from ..cgroup.fair_share import share
from ..lazy import LazyModule
from .api import Allocate, Compute, Sleep, WaitFor, WaitIO
from .kernel import DETACHED, FORK_COST, flush_output
from .process import Process

heapq = LazyModule("heapq", globals())  # the timers' queues: a run that never sleeps has none

INF = float("inf")
BLOCKING = (Sleep, WaitFor, WaitIO)
MIN_GIVE_UP = 0.05  # host seconds settle always has for sleepers and other events
USER_FRACTION = 0.97  # busy loops spend nearly all their time in user mode
LOAD_SAMPLE = 5.0  # seconds between the kernel's load-average samples (LOAD_FREQ)


class Scheduler:
    def __init__(self, runtime):
        self.runtime = runtime
        self._timers: list = []  # (time, sequence, process)
        self._passive: list = []  # (time, sequence, timer): timers that never make time pass
        self._sequence = 0
        self.computing: Dict[Process, float] = {}  # busy process -> CPU seconds still to use
        self._finite: set = set()  # the busy processes whose work ends (not `inf`)
        self._waiters: Dict[Process, List[Process]] = {}
        self._rates: Optional[Dict[Process, float]] = None
        self._group_rates: Dict[object, tuple] = {}
        self.accounted = runtime.clock.now()  # CPU counters are integrated up to here
        self.busy_seconds = 0.0  # CPU time used on the whole host (/proc/stat's cpu line)
        self._load = (runtime.clock.now(), (0.0, 0.0, 0.0))  # /proc/loadavg, last sampled
        self.serving: Optional[float] = None  # the time of the event being handled
        self._behind: List[Process] = []  # busy programs whose next slice waits (settle)
        self._stopped_tasks: set = set()  # tasks held because they or a process they run stopped
        self._held_cpu: Dict[Process, float] = {}  # stopped busy tasks: CPU still to use
        self._held_wakes: Dict[Process, bool] = {}  # stopped tasks woken meanwhile
        self._untraced: set = set()  # tasks whose WaitFor also ends when the child stops
        self._deadline: Optional[float] = None  # host time after which busy programs wait
        self._give_up: Optional[float] = None  # host time at which settle stops

    def load_average(self, now: float, runnable: int) -> tuple:
        """The 1, 5 and 15 minute load averages at ``now``, folding in ``runnable`` for
        every 5-second sample since the last call (the kernel's calc_load)."""
        then, loads = self._load
        samples = int((now - then) // LOAD_SAMPLE)
        if samples > 0:
            loads = tuple(runnable + (load - runnable) * math.exp(-LOAD_SAMPLE * samples / span)
                          for load, span in zip(loads, (60.0, 300.0, 900.0)))
            self._load = (then + samples * LOAD_SAMPLE, loads)
        return loads

    # -- time -----------------------------------------------------------------
    def now(self) -> float:
        return self.serving if self.serving is not None else self.runtime.clock.now()

    def _push(self, process: Process, at: float) -> None:
        process.wake_at = at
        self._sequence += 1
        heapq.heappush(self._timers, (at, self._sequence, process))

    def call_at(self, at: float, action: Callable[[], None], passive: bool = False) -> Callable[[], None]:
        """Run ``action`` at simulated time ``at`` (the restart manager's delays);
        returns a function that cancels it. A passive timer (a health probe's next
        run) fires when time passes it but does not by itself make time pass: a wait
        that only it could end still ends at once."""
        self._sequence += 1
        timer = _Timer(action)
        heapq.heappush(self._passive if passive else self._timers, (at, self._sequence, timer))
        return timer.cancel

    def _next_passive(self) -> float:
        while self._passive:
            at, _, timer = self._passive[0]
            if timer.action is not None:
                return at
            heapq.heappop(self._passive)
        return INF

    def _next_timer(self) -> float:
        while self._timers:
            at, _, item = self._timers[0]
            if isinstance(item, _Timer):
                if item.action is not None:
                    return at
            elif item.alive and item.wake_at == at:
                return at
            heapq.heappop(self._timers)
        return INF

    def _rates_now(self) -> Dict[Process, float]:
        if self._rates is None:
            groups: Dict[object, list] = {}
            for process in self.computing:
                container = process.ctx.system.container
                if container.state.paused:
                    continue
                groups.setdefault(container, []).append(process)
            demands = {c: (len(ps), c.cgroup.cpu_weight, c.cgroup.quota_cpus, c.cgroup.cpus)
                       for c, ps in groups.items()}
            host = share(self.runtime.host_cpus, demands)
            free = share(self.runtime.host_cpus,
                         {c: (n, w, None, cpus) for c, (n, w, _, cpus) in demands.items()})
            self._rates = {}
            self._group_rates = {}
            for container, processes in groups.items():
                per = host[container] / len(processes)
                for process in processes:
                    self._rates[process] = per
                self._group_rates[container] = (host[container], free[container], len(processes))
        return self._rates

    def _changed(self) -> None:
        self._rates = None

    def next_event(self, passive: bool = True) -> float:
        """When something happens next by itself (a wake-up or a computation ending;
        with ``passive``, a passive timer's firing too)."""
        soonest = min(self._next_timer(), self._next_passive()) if passive else self._next_timer()
        rates = self._rates_now()
        for process in self._finite:
            rate = rates.get(process, 0.0)
            if rate > 0:
                soonest = min(soonest, self.accounted + self.computing[process] / rate)
        return soonest

    def _account(self, until: float) -> None:
        """Integrate CPU use from the last accounting time to ``until``."""
        dt = until - self.accounted
        if dt <= 0:
            return
        rates = self._rates_now()
        for process, rate in rates.items():
            left = self.computing.get(process)
            if left is not None and left != INF:
                self.computing[process] = max(0.0, left - rate * dt)
            process.cpu_time += rate * dt
        for container, (got, uncapped, busy) in self._group_rates.items():
            group = container.cgroup
            used = got * dt * 1e6
            self.busy_seconds += got * dt
            group.usage_usec += used
            group.user_usec += used * USER_FRACTION
            if group.cpu_quota is not None:
                periods = dt * 1e6 / group.cpu_period
                group.nr_periods += periods
                if uncapped > got + 1e-9:
                    group.nr_throttled += periods
                    group.throttled_usec += dt * 1e6 * (1 - got / uncapped) * min(busy, 1)
        self.accounted = until

    def settle(self, until: float, stop: Optional[Callable[[], bool]] = None,
               budget: Optional[float] = None) -> None:
        """Handle every event up to ``until`` in time order (or until ``stop()``).

        With a ``budget`` (host seconds), busy programs are interpreted only
        while it lasts; a busy program whose CPU slice ends after that is
        *behind*: it stays on the CPU and is charged as before (cgroup, stats,
        top), but the interpreting of its next slice waits for the next call.
        Sleepers and every other event are still handled on time, so the
        simulation does not fall behind the clock; only busy programs' progress
        is slower than their CPU time says, as on a slower machine. Should the
        other events alone take twice the budget (a fork bomb's thousands of new
        processes), the call ends there: the simulation stands at the last event
        handled, and the next call goes on from it."""
        now = time.perf_counter()
        self._deadline = None if budget is None else now + budget
        self._give_up = None if budget is None else now + 2 * budget + MIN_GIVE_UP
        self._catch_up()
        while True:
            if stop and stop():
                return
            at = self.next_event()
            if at > until:
                break
            if self._out_of_time():
                return
            self._account(at)
            self.serving = at
            try:
                self._fire(at)
            finally:
                self.serving = None
        self._account(until)

    def _catch_up(self) -> None:
        """Interpret the next slice of the busy programs left behind, in turn,
        while the budget lasts."""
        while self._behind and not self._over_budget():
            process = self._behind.pop(0)
            if process.alive and self.computing.get(process) == INF:
                del self.computing[process]
                self._changed()
                self.step(process)

    def _fire(self, at: float) -> None:
        rates = self._rates_now()
        done = [p for p in self._finite
                if self.computing[p] <= 1e-9 or (rates.get(p, 0) > 0 and
                                                 self.accounted + self.computing[p] / rates[p]
                                                 <= at + 1e-9)]
        for process in done:
            self._finite.discard(process)
            if self._over_budget():  # on the CPU still, interpreted at the next call
                self.computing[process] = INF
                self._behind.append(process)
                continue
            del self.computing[process]
            self._changed()
            self.step(process)
        if done:
            return
        # Every timer due now is handled in one go: the CPU shares are then
        # recomputed once per instant, not once per process woken.
        while self._timers and self._next_timer() <= at and not self._out_of_time():
            _, _, item = heapq.heappop(self._timers)
            self._wake(item)
        while self._passive and self._next_passive() <= at:
            _, _, item = heapq.heappop(self._passive)
            self._wake(item)

    def _over_budget(self) -> bool:
        return self._deadline is not None and time.perf_counter() > self._deadline

    def _out_of_time(self) -> bool:
        return self._give_up is not None and time.perf_counter() > self._give_up

    def _wake(self, item) -> None:
        if isinstance(item, _Timer):
            action, item.action = item.action, None
            action()
            return
        process = item
        container = process.ctx.system.container
        if container.state.paused:
            self.runtime.frozen(container, process)
            return
        if process in self._stopped_tasks:  # woken at SIGCONT
            process.wake_at = None
            self._held_wakes[process] = True
            return
        process.wake_at = None
        if process.main is not None:
            self.start(process)  # a forked child's first run
            return
        if process.waiting_on:
            self._stop_waiting(process)  # its WaitFor timed out
        self._stop_blocking(process)
        self.step(process)

    # -- driving a task -------------------------------------------------------
    def start_soon(self, process: Process) -> None:
        """A forked child gets the CPU a moment after its parent returns from fork():
        it starts as an event of its own, so forking costs simulated time (and a fork
        bomb cannot spin without time passing)."""
        self._push(process, self.now() + FORK_COST)

    def start(self, process: Process) -> None:
        """Begin running a task's program, up to its first request."""
        process.ctx.system.start(process)
        if not process.alive:
            self.exited(process)
            return
        self.step(process)

    def start_generator(self, process: Process) -> None:
        """Adopt a process whose program is already a running generator (attach)."""
        self.forget(process)

    def step(self, process: Process, value=None) -> None:
        system = process.ctx.system
        while process.alive:
            request, process.deferred = process.deferred, None
            if isinstance(request, _Answer):
                value, request = request.value, None
            if request is None:
                request = system.resume(process, value)
                value = None
                if not process.alive:
                    self.exited(process)
                    return
                process.asking = request.origin
                if isinstance(request, BLOCKING):
                    request = self._before_blocking(process, request)
            if isinstance(request, Sleep):
                if request.seconds != INF:
                    self._push(process, self.now() + max(0.0, request.seconds))
                return
            if isinstance(request, Compute):
                self.computing[process] = request.seconds
                if request.seconds != INF:
                    self._finite.add(process)
                self._changed()
                return
            if isinstance(request, Allocate):
                owner = request.origin or process
                if not self.runtime.allocate(owner, request.nbytes):
                    return  # the OOM killer chose this process (or it was interrupted)
                continue
            if isinstance(request, WaitIO):
                if request.ready():
                    continue
                request.stream.block(system, process)  # the other end wakes it
                if request.timeout is not None:  # or the time runs out (poll's timeout)
                    process.blocked_on = request.stream
                    self._push(process, self.now() + max(0.0, request.timeout))
                return
            if isinstance(request, WaitFor):
                children = request.process if isinstance(request.process, list) \
                    else [request.process]
                ended = next((c for c in children if not c.alive or
                              (request.untraced and c.stopped)), None)
                if ended is not None:
                    value = ended.exit_code
                    continue
                for child in children:
                    self._waiters.setdefault(child, []).append(process)
                process.waiting_on = children
                if request.untraced:
                    self._untraced.add(process)
                if request.timeout is not None:
                    self._push(process, self.now() + request.timeout)
                return
            return  # an unknown request blocks the process, as an unknown syscall would hang

    def _before_blocking(self, process: Process, request):
        """What a program wrote goes out, and the CPU it used since its last charge
        point is spent, before it blocks: a Compute first, the request after it."""
        asking = request.origin or process
        flush_output(asking.ctx)
        pending = sum(meter.take() for meter in
                      {id(m): m for m in (asking.ctx.meter, process.ctx.meter)}.values())
        if pending <= 0:
            return request
        process.deferred = request
        return Compute(pending)

    def exited(self, process: Process) -> None:
        """A task's program has ended: wake whoever waits for it."""
        self.forget(process)
        for waiter in self._waiters.pop(process, []):
            if waiter.alive and waiter.waiting_on:
                self._stop_waiting(waiter)
                if waiter in self._stopped_tasks:  # it learns of it at SIGCONT
                    waiter.deferred = _Answer(process.exit_code)
                    self._held_wakes[waiter] = True
                    continue
                self.step(waiter, process.exit_code)
        self.runtime.task_ended(process)

    def _stop_waiting(self, process: Process) -> None:
        self._untraced.discard(process)
        for child in process.waiting_on or ():
            waiters = self._waiters.get(child)
            if waiters and process in waiters:
                waiters.remove(process)
        process.waiting_on = None
        process.wake_at = None

    @staticmethod
    def _stop_blocking(process: Process) -> None:
        """A WaitIO with a timeout ends (its pipe woke it, or its time ran out)."""
        if process.blocked_on is not None:
            process.blocked_on.unblock(process)
            process.blocked_on = None

    def forget(self, process: Process) -> None:
        process.deferred = None
        self._stop_blocking(process)
        self._held_cpu.pop(process, None)
        self._held_wakes.pop(process, None)
        self._stopped_tasks.discard(process)
        if self.computing.pop(process, None) is not None:
            self._finite.discard(process)
            self._changed()
        if process.waiting_on:
            self._stop_waiting(process)
        process.wake_at = None

    # -- stopped processes (SIGSTOP, SIGTSTP ... SIGCONT) -----------------------
    def stop(self, victim: Process, signum: int = 19) -> None:
        """Stop a process (by ``signum``, SIGSTOP by default): it gets no CPU and nothing
        it waits for wakes it until SIGCONT. A process that a task runs in its own chain
        stops that task. Whoever waits for it with WUNTRACED wakes up."""
        victim.stopped, victim.stop_signal = True, signum
        for waiter in list(self._waiters.get(victim, ())):
            if waiter in self._untraced and waiter.alive:
                self._stop_waiting(waiter)
                self._push(waiter, self.now())
        task = self._task_running(victim)
        if task in self._stopped_tasks:
            return
        self._stopped_tasks.add(task)
        if task in self.computing:
            self._held_cpu[task] = self.computing.pop(task)
            self._finite.discard(task)
            self._changed()

    def cont(self, victim: Process) -> None:
        """SIGCONT: a stopped process runs on where it was."""
        if not victim.stopped:
            return
        victim.stopped = False
        task = self._task_running(victim)
        self._stopped_tasks.discard(task)
        left = self._held_cpu.pop(task, None)
        if left is not None:
            self.computing[task] = left
            if left != INF:
                self._finite.add(task)
            self._changed()
        if self._held_wakes.pop(task, None):
            self._push(task, self.now())

    def detach(self, task: Process, child: Process) -> None:
        """``task`` runs its stopped foreground ``child`` in its own chain (a shell's
        simple command, after Ctrl-Z): the child becomes a task of its own, stopped,
        holding the request it was making, and the task's wait for it ends (the
        shell prints "Stopped" and prompts again; `fg` and `bg` continue the child)."""
        now = self.now()
        left = self._held_cpu.pop(task, None)
        if left is None:
            left = self.computing.get(task)
        wake_at = task.wake_at
        self.forget(task)
        child.asking = child
        self._stopped_tasks.add(child)
        if left is not None:
            self._held_cpu[child] = left  # it computes on at SIGCONT
        else:
            # a sleep goes on for what was left of it; any other wait is answered at
            # SIGCONT, and the program asks again (it checks its pipe, its child)
            child.deferred = Sleep(max(0.0, wake_at - now)) if wake_at is not None \
                else _Answer(None)
            self._held_wakes[child] = True
        self.step(task, DETACHED)

    def _task_running(self, process: Process) -> Process:
        """The task whose chain runs ``process`` (itself when it is a task)."""
        return next(iter(self._tasks_running(process)), process)

    def _tasks_running(self, process: Process) -> List[Process]:
        """The other tasks waiting on a request that ``process`` (or a process it
        runs) made: those whose chain of running children goes through it."""
        container = process.ctx.system.container
        by_nspid = {p.nspid: p for p in container.processes.values()}
        found = []
        for task in list(container.processes.values()):
            asking = task.asking
            if task is process or not task.alive or asking is None or asking is task:
                continue
            while asking is not None and asking is not process:
                asking = by_nspid.get(asking.ppid) if asking.ppid else None
            if asking is process:
                found.append(task)
        return found

    def interrupted(self, victim: Process) -> None:
        """A process that a task runs in its own chain (a shell's foreground child) was
        killed: the task waits on its request no more and runs on at once."""
        for task in self._tasks_running(victim):
            self.forget(task)
            self._push(task, self.now())

    def wake(self, process: Process, at: float) -> None:
        """Make a frozen sleeper due again (after `unpause`)."""
        self._push(process, at)

    def refresh(self) -> None:
        """Limits or paused states changed: shares must be recomputed."""
        self._account(self.now())
        self._changed()


class _Answer:
    """What a stopped task's WaitFor gets once it runs again (the child's status)."""
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


class _Timer:
    __slots__ = ("action",)

    def __init__(self, action):
        self.action = action

    def cancel(self) -> None:
        self.action = None


__all__ = ["Scheduler", "math"]

