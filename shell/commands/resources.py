"""Resource commands: stats and update."""

from __future__ import annotations

from engine import EngineError
from engine.container.config import RESTART_POLICIES

from ..parser import daemon_error
from ..render.table import align
from ..render.units import bytes_size, human_size
from ..spec import (COMPLETE_CONTAINER, FORMAT_HELP, COMPLETE_RUNNING, Arg, Flag, FormatFields,
                    command, unsimulated_flag)
from .run_options import nano_cpus, ram_in_bytes

# the fields of a stats line as --format names them, with the column headers `table` gives them
STATS_HEADERS = {"Container": "CONTAINER", "ID": "CONTAINER ID", "Name": "NAME", "CPUPerc": "CPU %",
                 "MemUsage": "MEM USAGE / LIMIT", "MemPerc": "MEM %", "NetIO": "NET I/O",
                 "BlockIO": "BLOCK I/O", "PIDs": "PIDS"}
STATS_COLUMNS = ("ID", "Name", "CPUPerc", "MemUsage", "MemPerc", "NetIO", "BlockIO", "PIDs")


def stats_fields(ctx, refs, show_all: bool, trunc: bool = True):
    engine = ctx.engine
    containers = ([(r, engine.container(r)) for r in refs] if refs
                  else [(None, c) for c in engine.list(all=show_all)])
    rows = []
    for ref, c in containers:
        s = engine.stats(c.id)
        cid = c.short_id if trunc else c.id
        rows.append({  # in the order of the CLI's JSON (sorted keys)
            "BlockIO": f"{human_size(s['block_read'])} / {human_size(s['block_write'])}",
            "CPUPerc": f"{s['cpu_percent']:.2f}%", "Container": ref or cid, "ID": cid,
            "MemPerc": f"{s['mem_percent']:.2f}%",
            "MemUsage": f"{bytes_size(s['mem_usage'])} / {bytes_size(s['mem_limit'])}", "Name": c.name,
            "NetIO": f"{human_size(s['net_rx'])} / {human_size(s['net_tx'])}", "PIDs": str(s["pids"])})
    return rows


def stats_rows(ctx, refs, show_all: bool, trunc: bool = True):
    """The default table: a header and one row per container."""
    return [[STATS_HEADERS[k] for k in STATS_COLUMNS]] + [
        [fields[k] for k in STATS_COLUMNS] for fields in stats_fields(ctx, refs, show_all, trunc)]


@command("stats", "Display a live stream of container(s) resource usage statistics",
         "[OPTIONS] [CONTAINER...]",
         flags=(Flag("all", "a", help="Show all containers (default shows just running)"),
                Flag("format", kind="string", help=FORMAT_HELP,
                     completes=FormatFields(STATS_HEADERS)),
                Flag("no-stream", help="Disable streaming stats and only pull the first result"),
                Flag("no-trunc", help="Do not truncate output")),
         args=(Arg("CONTAINER", COMPLETE_RUNNING, many=True, optional=True),),
         aliases=("container stats",), group="Common Commands")
def stats(ctx, opts, args):
    # Streaming needs a terminal to redraw: scripts and -c get one sample, as --no-stream.
    once = opts["no-stream"] or not ctx.session.interactive
    while True:  # until Ctrl-C (Interrupted: status 130)
        if not once:
            ctx.out.write("\x1b[H\x1b[2J")
        status = _stats_sample(ctx, opts, args)
        if once or status:
            return status
        ctx.session.interrupts.sleep(1)
        ctx.engine.settle()


def _stats_sample(ctx, opts, args) -> int:
    fmt, trunc = opts["format"], not opts["no-trunc"]
    if fmt and fmt != "table":
        from .views import render_template
        return render_template(ctx, fmt, stats_fields(ctx, args, opts["all"], trunc), STATS_HEADERS,
                               struct="*container.statsContext")
    ctx.out.write(align(stats_rows(ctx, args, opts["all"], trunc)))
    return 0


@command("update", "Update configuration of one or more containers",
         "[OPTIONS] CONTAINER [CONTAINER...]",
         flags=(unsimulated_flag("blkio-weight", "int", "Block IO (relative weight), between 10 "
                                 "and 1000, or 0 to disable (default 0)", type_name="uint16"),
                Flag("cpu-period", kind="int",
                     help="Limit CPU CFS (Completely Fair Scheduler) period"),
                Flag("cpu-quota", kind="int",
                     help="Limit CPU CFS (Completely Fair Scheduler) quota"),
                unsimulated_flag("cpu-rt-period", "int",
                                 "Limit the CPU real-time period in microseconds"),
                unsimulated_flag("cpu-rt-runtime", "int",
                                 "Limit the CPU real-time runtime in microseconds"),
                Flag("cpu-shares", "c", "int", "CPU shares (relative weight)"),
                Flag("cpus", kind="string", type_name="decimal", help="Number of CPUs"),
                Flag("cpuset-cpus", kind="string", help="CPUs in which to allow execution (0-3, 0,1)"),
                Flag("cpuset-mems", kind="string", help="MEMs in which to allow execution (0-3, 0,1)"),
                Flag("memory", "m", "string", "Memory limit", type_name="bytes"),
                Flag("memory-reservation", kind="string", help="Memory soft limit",
                     type_name="bytes"),
                Flag("memory-swap", kind="string", type_name="bytes",
                     help="Swap limit equal to memory plus swap: -1 to enable unlimited swap"),
                Flag("pids-limit", kind="int", help="Tune container pids limit (set -1 for "
                     "unlimited)"),
                Flag("restart", kind="string", help="Restart policy to apply when a container "
                     "exits", completes=RESTART_POLICIES)),
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
    if opts["memory-reservation"] is not None:
        changes["memory_reservation"] = ram_in_bytes(opts["memory-reservation"],
                                                     "--memory-reservation", spec)
    for flag in ("cpu-period", "cpu-quota"):
        if opts[flag] is not None:
            changes[flag.replace("-", "_")] = opts[flag]
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
