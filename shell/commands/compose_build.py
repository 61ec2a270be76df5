"""`compose build`, and the building `up` does for a service with a `build:` section:
the context read from the host as `build` reads it, the image tagged `<project>-<service>`
unless the service names its `image:`."""

from __future__ import annotations

import os

from ..parser import UsageError
from ..spec import Flag, command
from .compose_common import GLOBAL_FLAGS, GROUP, SERVICE_ARGS, event, load_services

BUILD_FAILURE = 1  # a failed build (Compose v2.33 dropped its own status 17)


def image_name(project, name: str) -> str:
    """The image a service runs: its `image:`, or the one `build` tags for it."""
    return project.services[name].get("image") or f"{project.name}-{name}"


def image_id(ctx, ref: str) -> str:
    """The id of the image ``ref`` names, "" if there is none."""
    from engine import NotFound
    try:
        return ctx.engine.images.lookup(ref).id
    except NotFound:
        return ""


def build_service(ctx, project, name: str, no_cache: bool = False, quiet: bool = False,
                  extra_args=None) -> None:
    """Build one service's image; BuildKit's plain progress (on stderr) then `Built`."""
    from ..host_paths import confine
    from .build import read_host_context
    build = project.services[name]["build"]
    root = build["context"]
    confine(ctx.engine, root)
    if not os.path.isdir(root):
        raise UsageError(f'unable to prepare context: path "{root}" not found', BUILD_FAILURE)
    try:
        context = read_host_context(root)
    except OSError as err:
        raise UsageError(f"unable to prepare context: {err}", BUILD_FAILURE) from None
    filename = build.get("dockerfile", "Dockerfile")
    text = build.get("dockerfile_inline")
    if text is None:
        path = os.path.join(root, filename)
        try:
            with open(confine(ctx.engine, path), "rb") as handle:
                text = handle.read().decode("utf-8", "surrogateescape")
        except OSError:
            raise UsageError(f"failed to solve: failed to read dockerfile: open {filename}: no such "
                             f"file or directory", BUILD_FAILURE) from None
    args = {k: v for k, v in (build.get("args") or {}).items() if v is not None}
    args.update(extra_args or {})
    from ..compose.containers import COMPOSE_VERSION, compose_labels
    # the build section's labels, then the three Compose puts on every image it builds
    labels = {k: v or "" for k, v in _labels(build.get("labels")).items()}
    labels.update(compose_labels({"version": COMPOSE_VERSION, "project": project.name,
                                  "service": name}))
    result = ctx.engine.build(text, context, tags=[image_name(project, name)], build_args=args,
                              labels=labels,
                              target=build.get("target", ""), no_cache=no_cache,
                              filename=os.path.basename(filename),
                              dockerignore=context.read_text("/.dockerignore"))
    if not quiet:
        ctx.out.write(result.output, "stderr")
    if result.status != 0:
        raise UsageError(result.error or (result.lines[-1] if result.lines else "build failed"),
                         BUILD_FAILURE)
    if not quiet:
        event(ctx, name, "Built")


def _labels(value) -> dict:
    """build.labels, a mapping or a list of KEY=VALUE."""
    if isinstance(value, dict):
        return {str(k): ("" if v is None else str(v)) for k, v in value.items()}
    return dict(item.split("=", 1) if "=" in item else (item, "") for item in value or [])


@command("compose build", "Build or rebuild services", "[OPTIONS] [SERVICE...]",
         flags=GLOBAL_FLAGS + (
             Flag("build-arg", kind="list", type_name="stringArray", help="Set build-time variables "
                                                                          "for services"),
             Flag("no-cache", help="Do not use cache when building the image"),
             Flag("quiet", "q", help="Don't print anything to STDOUT")),
         args=SERVICE_ARGS, group=GROUP)
def compose_build(ctx, opts, args):
    project = load_services(ctx, opts, args)
    extra = {}
    for item in opts["build-arg"]:
        key, eq, value = item.partition("=")
        if eq:
            extra[key] = value
        elif key in ctx.session.environ:
            extra[key] = ctx.session.environ[key]
    for name in args or list(project.services):
        if "build" in project.services[name]:
            build_service(ctx, project, name, opts["no-cache"], opts["quiet"], extra)
    return 0
