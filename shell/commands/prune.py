"""`container prune` and `system prune`, and the question every prune asks first.

Their output is the CLI's: each kind's "Deleted ...:" list followed by a blank line,
then "Total reclaimed space:" in go-units' HumanSize."""

from __future__ import annotations

from ..render.units import human_size
from ..spec import Flag, command

FORCE_FLAG = Flag("force", "f", help="Do not prompt for confirmation")
QUESTION = "Are you sure you want to continue? [y/N] "


def confirmed(ctx, opts, warning: str) -> bool:
    """-f, or the answer to the CLI's question: read from the here-document given with
    the command (`container prune <<EOF` y `EOF`); no answer is No, as at end of input."""
    if opts["force"]:
        return True
    ctx.out.write(f"{warning}\n{QUESTION}")
    answer = ctx.stdin.split("\n", 1)[0].strip() if ctx.stdin else ""
    ctx.out.write(f"{answer}\n" if answer else "\n")  # the answer as a terminal echoes it
    return answer.lower() in ("y", "yes")


def filter_flag(example: str) -> Flag:
    return Flag("filter", kind="list", type_name="filter",
                help=f'Provide filter values (e.g. "{example}")')


def deleted(ctx, title: str, names) -> None:
    """One kind's part of the report (nothing when nothing went)."""
    if names:
        ctx.out.write(f"Deleted {title}:\n" + "".join(f"{name}\n" for name in names) + "\n")


@command("container prune", "Remove all stopped containers", "[OPTIONS]",
         flags=(filter_flag("until=<timestamp>"), FORCE_FLAG), max_args=0)
def container_prune(ctx, opts, args):
    if not confirmed(ctx, opts, "WARNING! This will remove all stopped containers."):
        return 0
    removed, reclaimed = ctx.engine.prune_containers(opts["filter"])
    deleted(ctx, "Containers", removed)
    ctx.out.line(f"Total reclaimed space: {human_size(reclaimed)}")
    return 0


@command("system prune", "Remove unused data", "[OPTIONS]",
         flags=(Flag("all", "a", help="Remove all unused images not just dangling ones"),
                filter_flag("label=<key>=<value>"), FORCE_FLAG,
                Flag("volumes", help="Prune anonymous volumes")), max_args=0)
def system_prune(ctx, opts, args):
    from .image_commands import prune_images
    from engine.prune_filters import (CONTAINER_FILTERS, IMAGE_FILTERS, NETWORK_FILTERS,
                                      VOLUME_FILTERS, PruneFilters)
    filters = opts["filter"]
    if opts["volumes"] and any(f.startswith("until=") for f in filters):
        ctx.out.error('ERROR: The "until" filter is not supported with "--volumes"')
        return 1
    warnings = ["all stopped containers", "all networks not used by at least one container"]
    if opts["volumes"]:
        warnings.append("all anonymous volumes not used by at least one container")
    warnings.append("all images without at least one container associated to them"
                    if opts["all"] else "all dangling images")
    warnings.append("all build cache" if opts["all"] else "unused build cache")
    warning = "WARNING! This will remove:\n" + "".join(f"  - {w}\n" for w in warnings)
    shown = sorted(f for f in filters if f.partition("=")[0] in ("label", "label!", "until"))
    if shown:  # (the CLI names only these three, in natural order)
        warning += ("\n  Items to be pruned will be filtered with:\n"
                    + "".join(f"  - {f}\n" for f in shown))
    if not confirmed(ctx, opts, warning):
        return 0
    engine = ctx.engine
    now = engine.clock.now()
    for accepted in (CONTAINER_FILTERS, NETWORK_FILTERS, IMAGE_FILTERS):
        PruneFilters(filters, accepted, now)  # each endpoint refuses what it does not know
    if opts["volumes"]:
        PruneFilters(filters, VOLUME_FILTERS, now)
    containers, reclaimed = engine.prune_containers(filters)
    deleted(ctx, "Containers", containers)
    deleted(ctx, "Networks", engine.networks.prune(filters, now))
    if opts["volumes"]:
        labels = [tuple(f.partition("=")[::2]) for f in filters]
        volumes, size = engine.volumes.prune(False, labels)
        deleted(ctx, "Volumes", volumes)
        reclaimed += size
    images, size = prune_images(engine, opts["all"], filters)
    deleted(ctx, "Images", images)
    reclaimed += size + engine.build_cache.prune()
    ctx.out.line(f"Total reclaimed space: {human_size(reclaimed)}")
    return 0
