"""Pictures of what the kernel and the runtime hide (crsim's own commands, help's "Pictures").

`layers`, `pstree`, `lsns`, `systemd-cgls` and `netmap` draw what a Docker host holds and
`docker` never shows: the layer stack and whiteouts, the processes as the host sees
them, their namespaces, the cgroup tree, the bridges and veth pairs. The names are the
Linux tools a user would run on the host for the same view. Each draws Unicode boxes in
colour at the interactive prompt, plain ASCII elsewhere (scripts, -c, pipes, NO_COLOR),
and with --svg FILE also writes the picture as SVG for slides.
"""

from __future__ import annotations

from ..parser import UsageError
from ..render.picture import no_color, render_text
from ..spec import COMPLETE_HOST_FILE, COMPLETE_IMAGE, Arg, Flag, command

GROUP = "Pictures"
THEMES = ("dark", "light")
SVG_FLAGS = (
    Flag("svg", kind="string", help="Also write the picture as an SVG file", type_name="file",
         completes=COMPLETE_HOST_FILE),
    Flag("svg-theme", kind="string", help='The SVG\'s background: "dark" or "light"',
         default="dark", completes=THEMES),
)


def show(ctx, opts, picture) -> int:
    """Print ``picture`` as this output wants it, and write its SVG if asked."""
    from ..line import Capture, Redirected
    fancy = (ctx.session.interactive and not no_color(ctx.session.environ)
             and not isinstance(ctx.out, (Capture, Redirected)))
    theme = opts["svg-theme"] or "dark"
    if theme not in THEMES:
        raise UsageError(f'invalid --svg-theme "{theme}": use "dark" or "light"', 1)
    ctx.out.write(render_text(picture, unicode=fancy, colour=fancy))
    if opts["svg"] is not None:
        _write_svg(ctx, opts["svg"], picture, theme)
    return 0


def _write_svg(ctx, path: str, picture, theme: str) -> None:
    from ..host_paths import confine
    from ..render.svg import render_svg
    text = render_svg(picture, theme)
    try:
        with open(confine(ctx.engine, path), "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as err:
        raise UsageError(f"--svg: open {path}: {(err.strerror or str(err)).lower()}", 1) from None


@command("layers", "Draw an image's or container's layer stack, and where PATH comes from",
         "[OPTIONS] IMAGE|CONTAINER [PATH]", flags=SVG_FLAGS,
         args=(Arg("IMAGE|CONTAINER", COMPLETE_IMAGE), Arg("PATH", optional=True)),
         min_args=1, max_args=2, group=GROUP,
         description="The stack top first, as overlayfs looks it up: a container's writable "
                     "layer, then each image layer\n(diff id, size, the build step that made "
                     "it). With PATH, which layer each entry comes from,\nwhat a whiteout or "
                     "opaque directory hides, and what the writable layer changed.")
def layers(ctx, opts, args):
    from engine.errors import NotFound

    from ..pictures.layers import layers_picture
    try:
        picture = layers_picture(ctx.engine, args[0], args[1] if len(args) > 1 else None)
    except NotFound:  # neither a container nor an image (docker inspect's words)
        raise UsageError(f"Error: No such object: {args[0]}", 1) from None
    except LookupError as err:
        raise UsageError(f"layers: {err}", 1) from None
    return show(ctx, opts, picture)


# The pictures of the whole host: (name, aliases, summary, description, module.function)
HOST_VIEWS = (
    ("pstree", (), "Draw the containers' processes as the host sees them",
     "Each container's processes under its containerd-shim, with the host's PID and the PID\n"
     "in the container's namespace side by side: sh(4312)[1].", "processes.pstree_picture"),
    ("lsns", (), "List the containers' namespaces, as util-linux lsns does",
     "One line per namespace a container's process is in: its inode number (NS), TYPE,\n"
     "how many processes are in it and the lowest PID, its user and command line.",
     "processes.lsns_picture"),
    ("systemd-cgls", ("cgls",), "Draw the cgroup tree of the containers, with limits and usage",
     "/sys/fs/cgroup/system.slice/docker-<id>.scope for each running container: memory, CPU "
     "and\npids limits next to current usage, and its processes by host PID.",
     "cgroups.cgroup_picture"),
    ("netmap", (), "Draw the bridges, veth pairs, container addresses, ports and DNS names",
     "The host's bridges (docker0, br-<id>) with subnet and gateway; on each, the veth pair "
     "of\nevery running container (host end <-> ethN), its address, its published ports and "
     "the\nnames the embedded DNS answers for it on a user-defined network.",
     "network.network_picture"),
)


def _host_view(where: str):
    module, function = where.split(".")

    def handler(ctx, opts, args):
        from importlib import import_module  # a picture's module is loaded when it is drawn
        draw = getattr(import_module(f"{__package__.rpartition('.')[0]}.pictures.{module}"),
                       function)
        return show(ctx, opts, draw(ctx.engine))
    return handler


for _name, _aliases, _summary, _description, _where in HOST_VIEWS:
    command(_name, _summary, "[OPTIONS]", flags=SVG_FLAGS, aliases=_aliases, max_args=0,
            group=GROUP, description=_description)(_host_view(_where))


__all__ = ["layers", "show", "HOST_VIEWS"]
