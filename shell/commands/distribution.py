"""Images to and from registries: push and manifest inspect (pull is in images.py)."""

from __future__ import annotations

from engine import EngineError

from ..spec import COMPLETE_IMAGE, Arg, Flag, command
from .run_options import check_platform


@command("push", "Upload an image to a registry", "[OPTIONS] NAME[:TAG]",
         flags=(Flag("all-tags", "a", help="Push all tags of an image to the repository"),
                Flag("disable-content-trust", help="Skip image signing", default=True),
                Flag("platform", kind="string",
                     help="Push a platform-specific manifest as a single-platform image to the "
                          "registry.\nImage index won't be pushed, meaning that other manifests, "
                          "including attestations won't be preserved.\n'os[/arch[/variant]]': "
                          "Explicit platform (eg. linux/amd64)"),
                Flag("quiet", "q", help="Suppress verbose output")),
         args=(Arg("NAME", COMPLETE_IMAGE),), aliases=("image push",), min_args=1, max_args=1,
         exact_args=True, group="Common Commands")
def push(ctx, opts, args):
    check_platform(opts["platform"])
    last = ""
    for line in ctx.engine.push(args[0], opts["all-tags"]):
        if not opts["quiet"]:
            ctx.out.line(line)
        last = line
    if opts["quiet"] and last:
        from engine.image.reference import parse_normalized
        ctx.out.line(str(parse_normalized(args[0]).with_default_tag()))
    return 0


@command("manifest inspect", "Display an image manifest, or manifest list",
         "[OPTIONS] [MANIFEST_LIST] MANIFEST",
         flags=(Flag("insecure", help="Allow communication with an insecure registry"),
                Flag("verbose", "v", help="Output additional info including layers and platform")),
         args=(Arg("MANIFEST", COMPLETE_IMAGE),), min_args=1, max_args=2)
def manifest_inspect(ctx, opts, args):
    from engine.image.reference import parse_normalized
    from engine.image.registry.errors import ManifestUnknown
    from engine.image.remote.manifest import indent_for_cli
    name = args[-1]
    try:
        raw = ctx.engine.manifest(name)
    except ManifestUnknown:
        ctx.out.error(f"no such manifest: {parse_normalized(name).with_default_tag()}")
        return 1
    except EngineError as err:  # the CLI talks to the registry itself: no daemon in the message
        ctx.out.error(str(err))
        return 1
    ctx.out.line(indent_for_cli(raw))
    return 0


__all__ = ["push", "manifest_inspect"]
