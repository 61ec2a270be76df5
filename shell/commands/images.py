"""Image commands: pull and images."""

from __future__ import annotations

from engine import EngineError
from engine.clock import go_time

from ..parser import UsageError
from ..render.table import align
from ..render.units import ago, human_size
from ..spec import COMPLETE_IMAGE, FORMAT_HELP, Arg, Flag, FormatFields, command, unsimulated_flag
from .pull_output import pull_image


@command("pull", "Download an image from a registry", "[OPTIONS] NAME[:TAG|@DIGEST]",
         flags=(Flag("all-tags", "a", help="Download all tagged images in the repository"),
                Flag("disable-content-trust", help="Skip image verification", default=True),
                Flag("platform", kind="string",
                     help="Set platform if server is multi-platform capable"),
                Flag("quiet", "q", help="Suppress verbose output")),
         args=(Arg("NAME", COMPLETE_IMAGE),), aliases=("image pull",), min_args=1, max_args=1,
         exact_args=True, group="Common Commands")
def pull(ctx, opts, args):
    from .run_options import check_platform
    check_platform(opts["platform"])
    pull_image(ctx, args[0], opts["quiet"])
    return 0


def _rows(ctx, dangling=None):
    """One row per repository:tag, <none> for dangling images, newest first."""
    for summary in ctx.engine.images.list(dangling):
        tags = summary.repo_tags or ()
        if not tags:
            repo = summary.repo_digests[0].split("@")[0] if summary.repo_digests else "<none>"
            yield repo, "<none>", summary
        for tag in tags:
            repo, _, name = tag.rpartition(":")
            yield repo, name, summary


def _has_label(engine, summary, name: str, value) -> bool:
    labels = engine.images.get(summary.id).config.labels or {}
    return name in labels and (value is None or labels[name] == value)


# `images --filter` names crsim reads
IMAGES_FILTERS = ("before", "dangling", "label", "reference", "since")

# --format's fields of an image line and the headers `table` gives them
IMAGES_HEADERS = {"Containers": "CONTAINERS", "CreatedAt": "CREATED AT", "CreatedSince": "CREATED",
                  "Digest": "DIGEST", "ID": "IMAGE ID", "Repository": "REPOSITORY", "SharedSize": "SHARED SIZE",
                  "Size": "SIZE", "Tag": "TAG", "UniqueSize": "UNIQUE SIZE", "VirtualSize": "SIZE"}


def _fields(repo, tag, summary, image_id, now) -> dict:
    """One image line as the CLI's JSON has it (sorted keys; N/A for what `images` does not count)."""
    digest = next((d.split("@", 1)[1] for d in summary.repo_digests if d.split("@")[0] == repo), "<none>")
    size = human_size(summary.size)
    return {"Containers": "N/A", "CreatedAt": go_time(summary.created), "CreatedSince": ago(summary.created, now),
            "Digest": digest, "ID": image_id, "Repository": repo, "SharedSize": "N/A", "Size": size, "Tag": tag,
            "UniqueSize": "N/A", "VirtualSize": size}


@command("images", "List images", "[OPTIONS] [REPOSITORY[:TAG]]",
         flags=(Flag("all", "a", help="Show all images (default hides intermediate images)"),
                Flag("digests", help="Show digests"),
                Flag("filter", "f", "list", "Filter output based on conditions provided",
                     type_name="filter", completes=tuple(f"{n}=" for n in IMAGES_FILTERS)),
                Flag("format", kind="string", help=FORMAT_HELP,
                     completes=FormatFields(IMAGES_HEADERS)),
                Flag("no-trunc", help="Don't truncate output"),
                Flag("quiet", "q", help="Only show image IDs"),
                unsimulated_flag("tree", "bool",
                                 "List multi-platform images as a tree (EXPERIMENTAL)")),
         args=(Arg("REPOSITORY", COMPLETE_IMAGE, optional=True),), aliases=("image ls", "image list"),
         max_args=1, group="Common Commands")
def images(ctx, opts, args):
    now = ctx.now()
    dangling, patterns, keep = None, list(args), []
    for spec in opts["filter"]:
        key, has_value, value = spec.partition("=")
        if not has_value:
            raise UsageError("bad format of filter (expected name=value)", 1)
        if key == "dangling":
            if value not in ("true", "false", "1", "0"):
                raise EngineError(f"Invalid filter 'dangling={value}'")
            dangling = value in ("true", "1")
        elif key == "reference":
            patterns.append(value)
        elif key == "label":  # label=KEY or label=KEY=VALUE, on the image's config
            name, eq, wanted = value.partition("=")
            keep.append(lambda s, name=name, eq=eq, wanted=wanted: _has_label(
                ctx.engine, s, name, wanted if eq else None))
        elif key in ("before", "since"):  # images created before or after that one
            made = ctx.engine.image(value).created
            keep.append(lambda s, made=made, key=key: s.created < made if key == "before"
                        else s.created > made)
        else:
            raise EngineError(f"invalid filter '{key}'")
    rows = [row for row in _rows(ctx, dangling) if all(test(row[2]) for test in keep)]
    if patterns:
        from fnmatch import fnmatchcase  # (only reference= filters match names)
    for wanted in patterns:
        # reference=alpine or alpine:3.*: shell-style patterns on repository[:tag]
        # the tag is after the last "/": a registry host's port is not a tag
        name, _, tag = wanted.rpartition(":") if ":" in wanted.rsplit("/", 1)[-1] else (wanted, "", "")
        rows = [r for r in rows if fnmatchcase(r[0], name) and (not tag or fnmatchcase(r[1], tag))]
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
    if opts["format"] and opts["format"] != "table":
        from .views import render_template
        return render_template(ctx, opts["format"], [_fields(repo, tag, summary, image_id(summary), now)
                                                     for repo, tag, summary in rows],
                               IMAGES_HEADERS, struct="*formatter.imageContext")
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
