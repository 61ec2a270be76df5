"""Image commands: history, tag, rmi, image inspect, image prune, system df, builder prune."""

from __future__ import annotations

from engine import EngineError
from engine.clock import rfc3339
from engine.image.store import ContainerUse

from ..render import inspect as inspect_render
from ..render.inspect import show_inspected
from ..parser import daemon_error
from ..render.table import align
from ..render.units import ago, human_size
from ..spec import COMPLETE_IMAGE, FORMAT_HELP, INSPECT_FORMAT_HELP, Arg, Flag, command
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
                Flag("quiet", "q", help="Only show image IDs")),
         args=(Arg("IMAGE", COMPLETE_IMAGE),), aliases=("image history",), min_args=1,
         exact_args=True, max_args=1)
def history(ctx, opts, args):
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
    table = [["IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT"]]
    for ident, entry, size in rows:
        shown_id = _short(ident) if trunc and ident != "<missing>" else ident
        created_by = entry.created_by.replace("\t", " ")
        if trunc:
            created_by = ellipsis(created_by, CREATED_BY_WIDTH)
        if opts["human"]:
            created, size_text = ago(entry.created, now), human_size(size)
        else:
            created, size_text = rfc3339(entry.created), str(size)
        table.append([shown_id, created, created_by, size_text, entry.comment])
    ctx.out.write(align(table))
    return 0


@command("tag", "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
         "SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
         args=(Arg("SOURCE_IMAGE", COMPLETE_IMAGE), Arg("TARGET_IMAGE")),
         aliases=("image tag",), min_args=2, max_args=2, exact_args=True, interspersed=False)
def tag(ctx, opts, args):
    ref = ctx.engine.images.tag(args[0], args[1])
    image = ctx.engine.images.lookup(args[1])
    ctx.engine.events.emit("image", "tag", image.id, {"name": ref.familiar()})
    return 0


@command("rmi", "Remove one or more images", "[OPTIONS] IMAGE [IMAGE...]",
         flags=(Flag("force", "f", help="Force removal of the image"),
                Flag("no-prune", help="Do not delete untagged parents")),
         args=(Arg("IMAGE", COMPLETE_IMAGE, many=True),), aliases=("image rm", "image remove"),
         min_args=1)
def rmi(ctx, opts, args):
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


@command("image inspect", "Display detailed information on one or more images",
         "[OPTIONS] IMAGE [IMAGE...]",
         flags=(Flag("format", "f", "string", INSPECT_FORMAT_HELP),),
         args=(Arg("IMAGE", COMPLETE_IMAGE, many=True),), min_args=1)
def image_inspect(ctx, opts, args):
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


def prune_images(engine, all_images: bool):
    """(lines of "Deleted Images:", bytes reclaimed)."""
    store = engine.images
    sizes = _layer_sizes(store.images())
    used = {c.image.id for c in engine.containers}
    lines, reclaimed = [], 0
    for summary in store.list():
        if summary.id in used or summary.id not in store:
            continue
        if not all_images and not summary.dangling:
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
                Flag("filter", kind="list", help="Provide filter values (e.g. \"until=<timestamp>\")"),
                Flag("force", "f", help="Do not prompt for confirmation")), max_args=0)
def image_prune(ctx, opts, args):
    if not opts["force"]:
        warning = ("WARNING! This will remove all images without at least one container "
                   "associated to them." if opts["all"] else
                   "WARNING! This will remove all dangling images.")
        ctx.out.line(warning)
        ctx.out.line("Are you sure you want to continue? [y/N] ")
        ctx.out.line("(crsim reads no answer here: add -f to prune)")
        return 0
    lines, reclaimed = prune_images(ctx.engine, opts["all"])
    if lines:
        ctx.out.line("Deleted Images:")
        for line in lines:
            ctx.out.line(line)
        ctx.out.line("")
    ctx.out.line(f"Total reclaimed space: {human_size(reclaimed)}")
    return 0


@command("builder prune", "Remove build cache", "[OPTIONS]",
         flags=(Flag("all", "a", help="Remove all unused build cache, not just dangling ones"),
                Flag("force", "f", help="Do not prompt for confirmation")), max_args=0)
def builder_prune(ctx, opts, args):
    if not opts["force"]:
        ctx.out.line("WARNING! This will remove all dangling build cache.")
        ctx.out.line("Are you sure you want to continue? [y/N] ")
        ctx.out.line("(crsim reads no answer here: add -f to prune)")
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
