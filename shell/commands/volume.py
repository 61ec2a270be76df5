"""Volume commands: volume create/ls/inspect/rm/prune."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List

from engine import EngineError
from engine.volume import matches

from ..parser import PROGRAM, UsageError, daemon_error
from ..render.inspect import inspect_each
from ..render.table import align
from ..render.units import human_size
from ..spec import (COMPLETE_VOLUME, FORMAT_HELP, INSPECT_FORMAT_HELP, Arg, Flag, FormatFields,
                    command, unsimulated_flag)

GROUP = "Volume Commands"
LS_HEADERS = {"Name": "VOLUME NAME", "Driver": "DRIVER", "Scope": "SCOPE", "Mountpoint": "MOUNTPOINT",
              "Labels": "LABELS", "Links": "LINKS", "Size": "SIZE"}


def _pairs(values: List[str], what: str) -> dict:
    pairs = {}
    for value in values:
        key, _, item = value.partition("=")
        if not key:
            raise UsageError(f'invalid argument "{value}" for "{what}" flag: invalid key', 125)
        pairs[key] = item
    return pairs


# Swarm's cluster volumes (CSI): Docker lists these options; a simulated engine without
# swarm refuses them, as it refuses `volume update` (for cluster volumes only).
CLUSTER_FLAGS = (
    unsimulated_flag("availability", help='Cluster Volume availability ("active", "pause", '
                     '"drain")', default="active"),
    unsimulated_flag("group", help="Cluster Volume group (cluster volumes)"),
    unsimulated_flag("limit-bytes", help="Minimum size of the Cluster Volume in bytes",
                     type_name="bytes"),
    unsimulated_flag("required-bytes", help="Maximum size of the Cluster Volume in bytes",
                     type_name="bytes"),
    unsimulated_flag("scope", help='Cluster Volume access scope ("single", "multi")',
                     default="single"),
    unsimulated_flag("secret", "list", "Cluster Volume secrets", type_name="map"),
    unsimulated_flag("sharing", help='Cluster Volume access sharing ("none", "readonly", '
                     '"onewriter", "all")', default="none"),
    unsimulated_flag("topology-preferred", "list",
                     "A topology that the Cluster Volume would be preferred in"),
    unsimulated_flag("topology-required", "list",
                     "A topology that the Cluster Volume must be accessible from"),
    unsimulated_flag("type", help='Cluster Volume access type ("mount", "block")',
                     default="block"),
)


@command("volume create", "Create a volume", "[OPTIONS] [VOLUME]",
         flags=(Flag("driver", "d", "string", "Specify volume driver name", default="local",
                     completes=("local",)),
                Flag("label", kind="list", help="Set metadata for a volume"),
                Flag("name", kind="string", help="Specify volume name", hidden=True),
                Flag("opt", "o", "list", "Set driver specific options", type_name="map"),
                *CLUSTER_FLAGS),
         args=(Arg("VOLUME", optional=True),), max_args=1, group=GROUP)
def volume_create(ctx, opts, args):
    name = args[0] if args else (opts["name"] or "")
    if args and opts["name"] and opts["name"] != args[0]:
        raise UsageError("conflicting options: either specify --name or provide positional arg, not both", 1)
    created = ctx.engine.volumes.create(name, opts["driver"], _pairs(opts["label"], "--label"),
                                        _pairs(opts["opt"], "-o, --opt"))
    ctx.out.line(created.name)
    return 0


def _fields(engine, volume) -> dict:
    return {"Name": volume.name, "Driver": volume.driver, "Scope": "local", "Mountpoint": volume.mountpoint,
            "Labels": ",".join(f"{k}={v}" for k, v in sorted(volume.labels.items())),
            "Links": "N/A", "Size": "N/A"}


@command("volume ls", "List volumes", "[OPTIONS]",
         flags=(unsimulated_flag("cluster", "bool", "Display only cluster volumes, and use "
                                 "cluster volume list formatting"),
                Flag("filter", "f", "list", "Provide filter values (e.g. \"dangling=true\")",
                     type_name="filter", completes=("dangling=", "driver=", "label=", "name=")),
                Flag("format", kind="string", help=FORMAT_HELP,
                     completes=FormatFields(LS_HEADERS)),
                Flag("quiet", "q", help="Only display volume names")),
         aliases=("volume list",), max_args=0, group=GROUP)
def volume_ls(ctx, opts, args):
    volumes = ctx.engine.volumes
    shown = list(volumes)
    for spec in opts["filter"]:
        key, has_value, value = spec.partition("=")
        if not has_value:
            raise UsageError("bad format of filter (expected name=value)", 1)
        shown = [v for v in shown if matches(v, key, value, dangling=not volumes.users(v.name))]
    if opts["quiet"]:
        for item in shown:
            ctx.out.line(item.name)
        return 0
    fmt = opts["format"]
    if fmt and fmt != "table":
        from .views import render_template
        return render_template(ctx, fmt, [_fields(ctx.engine, v) for v in shown], LS_HEADERS)
    ctx.out.write(align([["DRIVER", "VOLUME NAME"]] + [[v.driver, v.name] for v in shown]))
    return 0


@command("volume inspect", "Display detailed information on one or more volumes", "[OPTIONS] VOLUME [VOLUME...]",
         flags=(Flag("format", "f", "string", INSPECT_FORMAT_HELP),),
         args=(Arg("VOLUME", COMPLETE_VOLUME, many=True),), min_args=1, group=GROUP)
def volume_inspect(ctx, opts, args):
    return inspect_each(ctx, opts["format"], args, lambda name: ctx.engine.volumes.get(name).to_dict(),
                        "volume")


@command("volume rm", "Remove one or more volumes", "[OPTIONS] VOLUME [VOLUME...]",
         flags=(Flag("force", "f", help="Force the removal of one or more volumes"),),
         args=(Arg("VOLUME", COMPLETE_VOLUME, many=True),), aliases=("volume remove",), min_args=1, group=GROUP,
         description="Remove one or more volumes. You cannot remove a volume that is in use by a container.")
def volume_rm(ctx, opts, args):
    status = 0
    for name in args:
        try:
            ctx.engine.volumes.remove(name, force=opts["force"])
        except EngineError as err:
            ctx.out.error(daemon_error(err))
            status = 1
        else:
            ctx.out.line(name)
    return status


@command("volume prune", "Remove unused local volumes", "[OPTIONS]",
         flags=(Flag("all", "a", help="Remove all unused volumes, not just anonymous ones"),
                Flag("filter", kind="list", type_name="filter",
                     help="Provide filter values (e.g. \"label=<label>\")"),
                Flag("force", "f", help="Do not prompt for confirmation")),
         max_args=0, group=GROUP)
def volume_prune(ctx, opts, args):
    from .prune import confirmed, deleted
    which = "all local volumes" if opts["all"] else "anonymous local volumes"
    if not confirmed(ctx, opts, f"WARNING! This will remove {which} not used by at least one "
                                "container."):
        return 0
    filters = [tuple(f.partition("=")[::2]) for f in opts["filter"]]
    removed, reclaimed = ctx.engine.volumes.prune(opts["all"], filters)
    deleted(ctx, "Volumes", removed)
    ctx.out.line(f"Total reclaimed space: {human_size(reclaimed)}")
    return 0


@command("volume update", "Update a volume (cluster volumes only)", "[OPTIONS] [VOLUME]",
         flags=(CLUSTER_FLAGS[0],), args=(Arg("VOLUME", COMPLETE_VOLUME, optional=True),),
         max_args=1, group=GROUP)
def volume_update(ctx, opts, args):
    """Only swarm's cluster volumes can be updated, and crsim has no swarm."""
    raise UsageError(f"{PROGRAM}: crsim does not simulate cluster volumes (swarm)", 125)
