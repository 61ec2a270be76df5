"""stress and stress-ng: workloads that make cgroup limits visible.

Workers are real child processes (ctx.start) so the scheduler shares the
CPUs between them and the OOM killer can pick one. Messages follow stress
1.0.x and stress-ng's default (non-verbose) output.
"""

from __future__ import annotations

import re

from ...proc.api import Context, Sleep, WaitFor, program

INF = float("inf")
RESTART_PAUSE = 0.1  # seconds between an OOM kill and stress-ng's restart of the stressor
MIB = 1024 * 1024
_SIZE = re.compile(r"^(\d+(?:\.\d+)?)([bBkKmMgG]?)$")


def parse_size(text: str):
    """stress's sizes: 256M, 1G, 512K, plain bytes (binary multiples)."""
    match = _SIZE.match(text)
    if not match:
        return None
    factor = {"": 1, "b": 1, "k": 1024, "m": MIB, "g": 1024 * MIB}[match.group(2).lower()]
    return int(float(match.group(1)) * factor)


def parse_seconds(text: str):
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([smhdy]?)", text)
    if not match:
        return None
    return float(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400,
                                    "y": 31536000}[match.group(2)]


@program("stress-worker-cpu")
def cpu_worker(ctx: Context):
    """Spins on sqrt() for ever: one CPU's worth of demand."""
    yield from ctx.compute(INF)
    return 0


@program("stress-worker-vm")
def vm_worker(ctx: Context):
    """Allocates, touches and frees --vm-bytes again and again (or holds it with --vm-hang)."""
    nbytes = int(ctx.argv[1])
    hang = ctx.argv[2] == "hang"
    while True:
        yield from ctx.allocate(nbytes)
        yield from ctx.compute(0.05)
        if hang:
            yield Sleep(INF)
        yield from ctx.allocate(-nbytes)


@program("stress-worker-fork")
def fork_worker(ctx: Context):
    """stress-ng's fork stressor: children that exit at once, as fast as it can."""
    while True:
        child = ctx.start(["/bin/true"])
        yield from ctx.wait(child)
        yield from ctx.compute(0.001)


def _options(ctx: Context, names):
    """--name value / --name=value / -c N style options; returns dict or an error text."""
    values = {}
    args = list(ctx.argv[1:])
    while args:
        arg = args.pop(0)
        key, eq, value = arg.partition("=")
        key = names.get(key)
        if key is None:
            if arg in ("-v", "--verbose", "-q", "--quiet", "--metrics-brief"):
                continue
            return None, arg
        if not eq:
            if not args:
                return None, arg
            value = args.pop(0)
        values[key] = value
    return values, None


STRESS_OPTS = {"-c": "cpu", "--cpu": "cpu", "-m": "vm", "--vm": "vm", "--vm-bytes": "vm-bytes",
               "--vm-hang": "vm-hang", "-t": "timeout", "--timeout": "timeout", "-i": "io",
               "--io": "io", "-d": "hdd", "--hdd": "hdd", "--vm-keep": "vm-keep",
               "--backoff": "backoff"}


def _spawn(ctx, kind, extra=()):
    """Start a worker: a child running this same binary as a worker (fork, no exec)."""
    from ...proc.api import PROGRAMS
    main = PROGRAMS[f"stress-worker-{kind}"]
    return ctx.system.fork(ctx, main, [ctx.argv[0], *extra])


@program("stress")
def stress(ctx: Context):
    values, bad = _options(ctx, STRESS_OPTS)
    if values is None:
        ctx.stderr.write(f"stress: FAIL: [{ctx.pid}] (244) unrecognized option: {bad}\n")
        return 1
    try:
        cpu, vm = int(values.get("cpu", 0)), int(values.get("vm", 0))
        io, hdd = int(values.get("io", 0)), int(values.get("hdd", 0))
    except ValueError:
        return 1
    vm_bytes = parse_size(values.get("vm-bytes", "256M")) or 256 * MIB
    timeout = parse_seconds(values["timeout"]) if "timeout" in values else None
    if not (cpu or vm or io or hdd):
        ctx.stderr.write("stress: FAIL: [%d] (275) no hogs specified\n" % ctx.pid)
        return 1
    ctx.out(f"stress: info: [{ctx.pid}] dispatching hogs: {cpu} cpu, {io} io, {vm} vm, "
            f"{hdd} hdd\n")
    started = ctx.now()
    workers = [_spawn(ctx, "cpu") for _ in range(cpu)]
    workers += [_spawn(ctx, "vm", [str(vm_bytes), "hang" if "vm-hang" in values else "loop"])
                for _ in range(vm)]
    if timeout is not None:
        deadline = started + timeout
    else:
        deadline = None
    while True:
        ended = [w for w in workers if not w.alive]
        if ended:
            worker = ended[0]
            signal = worker.exit_code - 128
            ctx.stderr.write(f"stress: FAIL: [{ctx.pid}] (415) <-- worker {worker.nspid} got "
                             f"signal {signal}\n")
            ctx.stderr.write(f"stress: WARN: [{ctx.pid}] (417) now reaping child worker "
                             f"processes\n")
            for other in workers:
                if other.alive:
                    ctx.system.kill(other.nspid, 15)
            ctx.stderr.write(f"stress: FAIL: [{ctx.pid}] (421) kill error: "
                             f"{ctx.strerror(3)}\n")
            ctx.stderr.write(f"stress: FAIL: [{ctx.pid}] (451) failed run completed in "
                             f"{int(ctx.now() - started)}s\n")
            return 1
        if deadline is not None and ctx.now() >= deadline:
            for worker in workers:
                if worker.alive:
                    ctx.system.kill(worker.nspid, 15)
            ctx.out(f"stress: info: [{ctx.pid}] successful run completed in "
                    f"{int(round(ctx.now() - started))}s\n")
            return 0
        # Wake when the time is up or a worker ends, whichever comes first.
        yield WaitFor(workers, None if deadline is None else max(0.0, deadline - ctx.now()))


NG_OPTS = {"-c": "cpu", "--cpu": "cpu", "-m": "vm", "--vm": "vm", "--vm-bytes": "vm-bytes",
           "--vm-hang": "vm-hang", "-t": "timeout", "--timeout": "timeout", "-f": "fork",
           "--fork": "fork", "--vm-keep": "vm-keep"}


@program("stress-ng")
def stress_ng(ctx: Context):
    values, bad = _options(ctx, NG_OPTS)
    if values is None:
        ctx.stderr.write(f"stress-ng: unrecognized option '{bad}'\n")
        return 1
    counts = {kind: int(values.get(kind, 0)) for kind in ("cpu", "vm", "fork")}
    if not any(counts.values()):
        ctx.stderr.write("stress-ng: error: [%d] No stress workers invoked\n" % ctx.pid)
        return 1
    timeout = parse_seconds(values["timeout"]) if "timeout" in values else 86400.0
    vm_bytes = parse_size(values.get("vm-bytes", "256M")) or 256 * MIB
    ctx.out(f"stress-ng: info:  [{ctx.pid}] setting to a {int(timeout)} secs run per stressor\n")
    hogs = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
    ctx.out(f"stress-ng: info:  [{ctx.pid}] dispatching hogs: {hogs}\n")
    started = ctx.now()
    extra = {"vm": [str(vm_bytes), "hang" if "vm-hang" in values else "loop"]}
    workers = [(kind, _spawn(ctx, kind, extra.get(kind, ())))
               for kind, n in counts.items() for _ in range(n)]
    while ctx.now() < started + timeout - 1e-9:
        if any(not w.alive for _, w in workers):
            # An OOM-killed stressor is restarted, as stress-ng does (its log is debug-
            # only), after the short pause its restart loop takes.
            yield Sleep(min(RESTART_PAUSE, max(0.0, started + timeout - ctx.now())))
            workers = [(kind, w if w.alive else _spawn(ctx, kind, extra.get(kind, ())))
                       for kind, w in workers]
        yield WaitFor([w for _, w in workers], max(0.0, started + timeout - ctx.now()))
    for _, worker in workers:
        if worker.alive:
            ctx.system.kill(worker.nspid, 9)
    ctx.out(f"stress-ng: info:  [{ctx.pid}] successful run completed in "
            f"{ctx.now() - started:.2f} secs\n")
    return 0
