"""Resource commands: stats and update."""

from __future__ import annotations


from engine import EngineError

from ..parser import daemon_error
from ..render.table import align
from ..render.units import bytes_size, human_size
from ..spec import COMPLETE_CONTAINER, COMPLETE_RUNNING, Arg, Flag, command
from .run_options import nano_cpus, ram_in_bytes

STATS_HEADER = ["CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O",
                "BLOCK I/O", "PIDS"]


def stats_rows(ctx, refs, show_all: bool):
    engine = ctx.engine
    containers = ([engine.container(r) for r in refs] if refs
                  else engine.list(all=show_all))
    rows = [STATS_HEADER]
    for c in containers:
        s = engine.stats(c.id)
        rows.append([
            c.short_id, c.name, f"{s['cpu_percent']:.2f}%",
            f"{bytes_size(s['mem_usage'])} / {bytes_size(s['mem_limit'])}",
            f"{s['mem_percent']:.2f}%",
            f"{human_size(s['net_rx'])} / {human_size(s['net_tx'])}",
            f"{human_size(s['block_read'])} / {human_size(s['block_write'])}",
            str(s["pids"])])
    return rows


@command("stats", "Display a live stream of container(s) resource usage statistics",
         "[OPTIONS] [CONTAINER...]",
         flags=(Flag("all", "a", help="Show all containers (default shows just running)"),
                Flag("no-stream", help="Disable streaming stats and only pull the first result"),
                Flag("no-trunc", help="Do not truncate output")),
         args=(Arg("CONTAINER", COMPLETE_RUNNING, many=True, optional=True),),
         aliases=("container stats",), group="Common Commands")
def stats(ctx, opts, args):
    # Streaming needs a terminal to redraw: scripts and -c get one sample, as --no-stream.
    if opts["no-stream"] or not ctx.session.interactive:
        ctx.out.write(align(stats_rows(ctx, args, opts["all"])))
        return 0
    while True:  # until Ctrl-C (Interrupted: status 130)
        ctx.out.write("\x1b[H\x1b[2J" + align(stats_rows(ctx, args, opts["all"])))
        ctx.session.interrupts.sleep(1)
        ctx.engine.settle()


@command("update", "Update configuration of one or more containers",
         "[OPTIONS] CONTAINER [CONTAINER...]",
         flags=(Flag("cpu-shares", "c", "int", "CPU shares (relative weight)"),
                Flag("cpus", kind="string", type_name="decimal", help="Number of CPUs"),
                Flag("cpuset-cpus", kind="string", help="CPUs in which to allow execution (0-3, 0,1)"),
                Flag("cpuset-mems", kind="string", help="MEMs in which to allow execution (0-3, 0,1)"),
                Flag("memory", "m", "string", "Memory limit", type_name="bytes"),
                Flag("memory-swap", kind="string", type_name="bytes",
                     help="Swap limit equal to memory plus swap: -1 to enable unlimited swap"),
                Flag("pids-limit", kind="int", help="Tune container pids limit (set -1 for "
                     "unlimited)"),
                Flag("restart", kind="string", help="Restart policy to apply when a container "
                     "exits")),
         args=(Arg("CONTAINER", COMPLETE_CONTAINER, many=True),), aliases=("container update",),
         min_args=1)
def update(ctx, opts, args):
    from ..spec import REGISTRY
    spec = REGISTRY.get("update")
    changes = {}
    if opts["memory"] is not None:
        changes["memory"] = ram_in_bytes(opts["memory"], "-m, --memory", spec)
    if opts["memory-swap"] is not None:
        changes["memory_swap"] = (-1 if opts["memory-swap"] == "-1" else
                                  ram_in_bytes(opts["memory-swap"], "--memory-swap", spec))
    if opts["cpus"] is not None:
        changes["nano_cpus"] = nano_cpus(opts["cpus"], spec)
    if opts["cpu-shares"] is not None:
        changes["cpu_shares"] = opts["cpu-shares"]
    if opts["pids-limit"] is not None:
        changes["pids_limit"] = opts["pids-limit"]
    if opts["restart"] is not None:
        changes["restart"] = opts["restart"]
    for flag in ("cpuset-cpus", "cpuset-mems"):
        if opts[flag] is not None:
            changes[flag.replace("-", "_")] = opts[flag]
    status = 0
    for ref in args:
        try:
            ctx.engine.update(ref, **changes)
        except EngineError as err:
            ctx.out.error(daemon_error(err))
            status = 1
        else:
            ctx.out.line(ref)
    return status
