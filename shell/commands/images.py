"""Image commands: pull and images."""

from __future__ import annotations

from ..render.table import align
from ..render.units import ago, human_size
from ..spec import COMPLETE_IMAGE, Arg, Flag, command


def pull_image(ctx, name: str, quiet: bool = False) -> None:
    result = ctx.engine.pull(name)
    if quiet:
        ctx.out.line(str(result.reference))
    else:
        for line in result.output_lines():
            ctx.out.line(line)


@command("pull", "Download an image from a registry", "[OPTIONS] NAME[:TAG|@DIGEST]",
         flags=(Flag("all-tags", "a", help="Download all tagged images in the repository"),
                Flag("quiet", "q", help="Suppress verbose output")),
         args=(Arg("NAME", COMPLETE_IMAGE),), aliases=("image pull",), min_args=1, max_args=1,
         exact_args=True, group="Common Commands")
def pull(ctx, opts, args):
    pull_image(ctx, args[0], opts["quiet"])
    return 0


def _rows(ctx, show_all: bool):
    """One row per repository:tag, <none> for dangling images, newest first."""
    for summary in ctx.engine.images.list(None if show_all else None):
        tags = summary.repo_tags or ()
        if not tags:
            repo = summary.repo_digests[0].split("@")[0] if summary.repo_digests else "<none>"
            yield repo, "<none>", summary
        for tag in tags:
            repo, _, name = tag.rpartition(":")
            yield repo, name, summary


@command("images", "List images", "[OPTIONS] [REPOSITORY[:TAG]]",
         flags=(Flag("all", "a", help="Show all images (default hides intermediate images)"),
                Flag("digests", help="Show digests"),
                Flag("no-trunc", help="Don't truncate output"),
                Flag("quiet", "q", help="Only show image IDs")),
         args=(Arg("REPOSITORY", COMPLETE_IMAGE, optional=True),), aliases=("image ls", "image list"),
         max_args=1, group="Common Commands")
def images(ctx, opts, args):
    now = ctx.now()
    rows = list(_rows(ctx, opts["all"]))
    if args:
        wanted = args[0]
        rows = [r for r in rows if r[0] == wanted.split(":")[0]
                and (":" not in wanted or r[1] == wanted.split(":", 1)[1])]
    def image_id(summary):
        return summary.id if opts["no-trunc"] else summary.id.split(":", 1)[1][:12]
    if opts["quiet"]:
        seen = []
        for _, _, summary in rows:
            if image_id(summary) not in seen:
                seen.append(image_id(summary))
        for ident in seen:
            ctx.out.line(ident)
        return 0
    header = ["REPOSITORY", "TAG"] + (["DIGEST"] if opts["digests"] else []) + \
        ["IMAGE ID", "CREATED", "SIZE"]
    table = [header]
    for repo, tag, summary in rows:
        digest = [next((d.split("@", 1)[1] for d in summary.repo_digests
                        if d.split("@")[0] == repo), "<none>")] if opts["digests"] else []
        table.append([repo, tag] + digest + [image_id(summary), ago(summary.created, now),
                                             human_size(summary.size)])
    ctx.out.write(align(table))
    return 0
