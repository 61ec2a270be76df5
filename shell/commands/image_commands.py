"""Image commands: history, tag, rmi, image inspect, image prune, system df, builder prune."""

from __future__ import annotations

from engine import EngineError
from engine.clock import rfc3339_seconds
from engine.image.store import ContainerUse

from ..render import inspect as inspect_render
from ..render.inspect import show_inspected
from ..parser import daemon_error
from ..render.table import align
from ..render.units import ago, human_size
from ..spec import COMPLETE_IMAGE, FORMAT_HELP, INSPECT_FORMAT_HELP, Arg, Flag, command
from .run_options import check_platform
from .views import ellipsis

CREATED_BY_WIDTH = 45


def _short(image_id: str) -> str:
    return image_id.split(":", 1)[-1][:12]


def container_uses(engine):
    """Every existing container as the image store sees it (for rmi and prune)."""
    return [ContainerUse(c.id, c.image.id, c.state.running) for c in engine.containers]


@command("history", "Show the history of an image", "[OPTIONS] IMAGE",
         flags=(Flag("format", kind="string", help=FORMAT_HELP),
                Flag("human", "H", help="Print sizes and dates in human readable format",
                     default=True),
                Flag("no-trunc", help="Don't truncate output"),
                Flag("platform", kind="string", help='Show history for the given platform. '
                     'Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")'),
                Flag("quiet", "q", help="Only show image IDs")),
         args=(Arg("IMAGE", COMPLETE_IMAGE),), aliases=("image history",), min_args=1,
         exact_args=True, max_args=1)
def history(ctx, opts, args):
    check_platform(opts["platform"])
    image = ctx.engine.image(args[0])
    rows = []
    entries = list(image.history_with_layers())
    for position, (entry, layer) in enumerate(reversed(entries)):
        ident = image.id if position == 0 else "<missing>"
        rows.append((ident, entry, layer.size if layer is not None else 0))
    trunc = not opts["no-trunc"]
    if opts["quiet"]:
        for ident, _, _ in rows:
            ctx.out.line(_short(ident) if trunc and ident != "<missing>" else ident)
        return 0
    now = ctx.now()
    fields = []  # the CLI's history context, field by field
    for ident, entry, size in rows:
        created_by = entry.created_by.replace("\t", " ")
        fields.append({
            "ID": _short(ident) if trunc and ident != "<missing>" else ident,
            "CreatedSince": (ago(entry.created, now) if opts["human"]
                             else rfc3339_seconds(entry.created)),
            "CreatedAt": rfc3339_seconds(entry.created),
            "CreatedBy": ellipsis(created_by, CREATED_BY_WIDTH) if trunc else created_by,
            "Size": human_size(size) if opts["human"] else str(size),
            "Comment": entry.comment})
    if opts["format"] and opts["format"] != "table":
        from .views import render_template
        return render_template(ctx, opts["format"], fields, HISTORY_HEADERS,
                               struct="*image.historyContext")
    table = [["IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT"]]
    for row in fields:
        table.append([row["ID"], row["CreatedSince"], row["CreatedBy"], row["Size"],
                      row["Comment"]])
    ctx.out.write(align(table))
    return 0


# The header each history field has in a `table` format.
HISTORY_HEADERS = {"ID": "IMAGE", "CreatedSince": "CREATED", "CreatedAt": "CREATED AT",
                   "CreatedBy": "CREATED BY", "Size": "SIZE", "Comment": "COMMENT"}


@command("tag", "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
         "SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
         args=(Arg("SOURCE_IMAGE", COMPLETE_IMAGE), Arg("TARGET_IMAGE")),
         aliases=("image tag",), min_args=2, max_args=2, exact_args=True, interspersed=False)
def tag(ctx, opts, args):
    ref = ctx.engine.images.tag(args[0], args[1], tagged_at=ctx.now())
    image = ctx.engine.images.lookup(args[1])
    ctx.engine.events.emit("image", "tag", image.id, {"name": ref.familiar()})
    return 0


@command("rmi", "Remove one or more images", "[OPTIONS] IMAGE [IMAGE...]",
         flags=(Flag("force", "f", help="Force removal of the image"),
                Flag("no-prune", help="Do not delete untagged parents"),
                Flag("platform", kind="list", type_name="strings",
                     help='Remove only the given platform variant. Formatted as '
                          '"os[/arch[/variant]]" (e.g., "linux/amd64")')),
         args=(Arg("IMAGE", COMPLETE_IMAGE, many=True),), aliases=("image rm", "image remove"),
         min_args=1)
def rmi(ctx, opts, args):
    check_platform([p for value in opts["platform"] for p in value.split(",")])
    status = 0
    engine = ctx.engine
    for ref in args:
        try:
            lines = engine.images.remove(ref, opts["force"], container_uses(engine))
        except EngineError as err:
            ctx.out.error(daemon_error(err))
            status = 1
            continue
        for line in lines:
            ctx.out.line(line)
            kind, _, what = line.partition(": ")
            if kind == "Untagged":
                engine.events.emit("image", "untag", what, {"name": what})
            elif kind == "Deleted" and what.startswith("sha256:"):
                engine.events.emit("image", "delete", what, {"name": what}, (
                    f"rm -rf /var/lib/docker/image/overlay2/imagedb/content/sha256/{what[7:]}",))
    return status


IMAGE_INSPECT_PLATFORM_HELP = (
    "Inspect a specific platform of the multi-platform image.\nIf the image or the server is "
    "not multi-platform capable, the command will error out if the platform does not match.\n"
    "'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)")


@command("image inspect", "Display detailed information on one or more images",
         "[OPTIONS] IMAGE [IMAGE...]",
         flags=(Flag("format", "f", "string", INSPECT_FORMAT_HELP),
                Flag("platform", kind="string", help=IMAGE_INSPECT_PLATFORM_HELP)),
         args=(Arg("IMAGE", COMPLETE_IMAGE, many=True),), min_args=1)
def image_inspect(ctx, opts, args):
    check_platform(opts["platform"])
    objects, errors = [], []
    for ref in args:
        try:
            objects.append(inspect_render.image(ctx.engine, ctx.engine.image(ref)))
        except EngineError:
            errors.append(f"Error response from daemon: No such image: {ref}")
    failed = show_inspected(ctx, opts["format"], objects, errors, ["image"] * len(objects))
    if failed:
        return failed
    return 1 if errors else 0


def _layer_sizes(images):
    """chain id -> layer size, for every layer of these images."""
    sizes = {}
    for image in images:
        for chain, layer in zip(image.chain_ids(), image.layers):
            sizes[chain] = layer.size
    return sizes


def prune_images(engine, all_images: bool, filters=()):
    """(lines of "Deleted Images:", bytes reclaimed). A dangling=false filter is -a."""
    from engine.prune_filters import IMAGE_FILTERS, PruneFilters
    chosen = PruneFilters(filters, IMAGE_FILTERS, engine.clock.now())
    if any(value.lower() in ("false", "0") for value in chosen.get("dangling")):
        all_images = True
    store = engine.images
    sizes = _layer_sizes(store.images())
    used = {c.image.id for c in engine.containers}
    lines, reclaimed = [], 0
    for summary in store.list():
        if summary.id in used or summary.id not in store:
            continue
        if not all_images and not summary.dangling:
            continue
        image = store.get(summary.id)
        if not chosen.selects(summary.created, image.config.labels or {}):
            continue
        try:
            removed = store.remove(summary.id, force=True, containers=container_uses(engine))
        except EngineError:
            continue
        for line in removed:
            kind, _, what = line.partition(": ")
            lines.append(f"{kind.lower()}: {what}")
            reclaimed += sizes.get(what, 0)
    return lines, reclaimed


@command("image prune", "Remove unused images", "[OPTIONS]",
         flags=(Flag("all", "a", help="Remove all unused images, not just dangling ones"),
                Flag("filter", kind="list", type_name="filter",
                     help="Provide filter values (e.g. \"until=<timestamp>\")"),
                Flag("force", "f", help="Do not prompt for confirmation")), max_args=0)
def image_prune(ctx, opts, args):
    from .prune import confirmed, deleted
    if not confirmed(ctx, opts, "WARNING! This will remove all images without at least one "
                     "container associated to them." if opts["all"] else
                     "WARNING! This will remove all dangling images."):
        return 0
    lines, reclaimed = prune_images(ctx.engine, opts["all"], opts["filter"])
    deleted(ctx, "Images", lines)
    ctx.out.line(f"Total reclaimed space: {human_size(reclaimed)}")
    return 0


@command("builder prune", "Remove build cache", "[OPTIONS]",
         flags=(Flag("all", "a", help="Remove all unused build cache, not just dangling ones"),
                Flag("force", "f", help="Do not prompt for confirmation")), max_args=0)
def builder_prune(ctx, opts, args):
    from .prune import confirmed
    if not confirmed(ctx, opts, "WARNING! This will remove all dangling build cache."):
        return 0
    size = ctx.engine.build_cache.prune()
    ctx.out.line(f"Total:\t{human_size(size, 4)}")
    return 0


def _percent(part: int, total: int) -> str:
    if total > 0:
        return f"{human_size(part, 4)} ({part * 100 // total}%)"
    return human_size(part, 4)


@command("system df", "Show docker disk usage", "[OPTIONS]",
         flags=(Flag("format", kind="string", help=FORMAT_HELP),
                Flag("verbose", "v", help="Show detailed information on space usage")),
         max_args=0)
def system_df(ctx, opts, args):
    engine = ctx.engine
    engine.settle()
    images = engine.images.images()
    containers = list(engine.containers)
    layer_users = {}
    layer_size = {}
    for image in images:
        for chain, layer in zip(image.chain_ids(), image.layers):
            layer_users.setdefault(chain, set()).add(image.id)
            layer_size[chain] = layer.size
    total = sum(layer_size.values())

    def shared(image) -> int:
        return sum(layer_size[c] for c in set(image.chain_ids()) if len(layer_users[c]) > 1)

    users = {}
    for c in containers:
        users[c.image.id] = users.get(c.image.id, 0) + 1
    used = sum(image.size - shared(image) for image in images if users.get(image.id))
    cont_sizes = {c.id: c.fs.upper_size() for c in containers}
    cont_total = sum(cont_sizes.values())
    cont_reclaim = sum(size for c in containers if not c.state.running
                       for size in [cont_sizes[c.id]])
    cache = engine.build_cache
    volumes = list(engine.volumes)
    links = {v.name: len(engine.volumes.users(v.name)) for v in volumes}
    volume_total = sum(v.size() for v in volumes)
    volume_reclaim = sum(v.size() for v in volumes if not links[v.name])
    if not opts["verbose"]:
        table = [["TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE"],
                 ["Images", str(len(images)), str(sum(1 for i in images if users.get(i.id))),
                  human_size(total, 4), _percent(total - used, total)],
                 ["Containers", str(len(containers)),
                  str(sum(1 for c in containers if c.state.running)), human_size(cont_total, 4),
                  _percent(cont_reclaim, cont_total)],
                 ["Local Volumes", str(len(volumes)), str(sum(1 for v in volumes if links[v.name])),
                  human_size(volume_total, 4), _percent(volume_reclaim, volume_total)],
                 ["Build Cache", str(len(cache)), "0", human_size(cache.size(), 4),
                  human_size(cache.size(), 4)]]
        ctx.out.write(align(table))
        return 0
    now = ctx.now()
    ctx.out.line("Images space usage:")
    ctx.out.line("")
    table = [["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE", "SHARED SIZE", "UNIQUE SIZE",
              "CONTAINERS"]]
    for summary in engine.images.list():
        image = engine.images.get(summary.id)
        share = shared(image)
        names = [tag.rpartition(":") for tag in summary.repo_tags] or [("<none>", ":", "<none>")]
        for repo, _, tag_name in names:
            table.append([repo, tag_name, _short(summary.id), ago(summary.created, now),
                          human_size(image.size), human_size(share),
                          human_size(image.size - share), str(users.get(summary.id, 0))])
    ctx.out.write(align(table))
    ctx.out.line("")
    ctx.out.line("Containers space usage:")
    ctx.out.line("")
    table = [["CONTAINER ID", "IMAGE", "COMMAND", "LOCAL VOLUMES", "SIZE", "CREATED", "STATUS",
              "NAMES"]]
    for c in reversed(containers):
        table.append([c.short_id, c.config.image, '"' + ellipsis(" ".join(c.command), 20) + '"',
                      str(sum(1 for p in c.mounts if p.volume is not None)), human_size(cont_sizes[c.id]),
                      ago(c.created, now),
                      c.state.describe(now),
                      c.name])
    ctx.out.write(align(table))
    ctx.out.line("")
    ctx.out.line("Local Volumes space usage:")
    ctx.out.line("")
    ctx.out.write(align([["VOLUME NAME", "LINKS", "SIZE"]]
                        + [[v.name, str(links[v.name]), human_size(v.size(), 4)] for v in volumes]))
    ctx.out.line("")
    ctx.out.line(f"Build cache usage: {human_size(cache.size(), 4)}")
    ctx.out.line("")
    ctx.out.write(align([["CACHE ID", "CACHE TYPE", "SIZE", "CREATED", "LAST USED", "USAGE",
                          "SHARED"]]))
    return 0
