"""What crsim says of itself: `help` (its commands, or one command's usage) and `version`.

Apart from shell/commands/system.py, whose other commands (info, events ...) declare
flags and build values that `crsim-shell -c version` or `-c help` has no use for (issue
18: a start imports the one module of the command it runs, so that module stays small).
"""

from __future__ import annotations

import sys

from engine.version import VERSION

from ..parser import PROGRAM
from ..spec import COMPLETE_COMMAND, INSPECT_FORMAT_HELP, REGISTRY, Arg, Flag, command

# What Docker's help says of its management commands.
MANAGEMENT = {"builder": "Manage builds", "compose": "Docker Compose", "container": "Manage containers",
              "image": "Manage images", "manifest": "Manage Docker image manifests and manifest lists",
              "network": "Manage networks", "system": "Manage Docker",
              "volume": "Manage volumes"}
API_VERSION = "1.51"  # the Docker Engine API of Docker 28 that crsim imitates
# platform.python_version()'s answer, without loading platform (it compiles regexes on import)
PYTHON_VERSION = sys.version.split()[0]


@command("help", "Show the commands, or one command's help", "[COMMAND]",
         args=(Arg("COMMAND", COMPLETE_COMMAND, optional=True),), max_args=1, group="Shell")
def help_(ctx, opts, args):
    from ..parser import help_text
    if args:
        spec = REGISTRY.get(args[0])
        if spec is None:
            ctx.out.line(f"{PROGRAM}: '{args[0]}' is not a {PROGRAM} command.")
            return 1
        ctx.out.write(help_text(spec))
        return 0
    ctx.out.line(f"Usage:  {PROGRAM} [OPTIONS] COMMAND")
    ctx.out.line("")
    ctx.out.line("A container runtime simulator: Docker's commands on a simulated engine")
    groups = {}
    managed = set()
    for spec in REGISTRY.entries():  # (listed as declared: no command made for it)
        if " " in spec.name:  # `image prune` is listed under its management command
            managed.add(spec.name.split(" ", 1)[0])
            continue
        groups.setdefault(spec.group, []).append((spec.name, spec.summary))
    for name in sorted(managed):
        if name not in REGISTRY.names:  # (a look-up that makes no command)
            groups.setdefault("Management Commands", []).append((name, MANAGEMENT[name]))
    order = ["Common Commands", "Management Commands", "Commands", "Shell"]
    for group in sorted(groups, key=lambda g: order.index(g) if g in order else len(order)):
        ctx.out.line("")
        ctx.out.line(f"{group}:")
        width = max(11, *(len(name) for name, _ in groups[group]))  # cobra's name padding
        for name, summary in sorted(groups[group]):
            ctx.out.line(f"  {name.ljust(width)} {summary}")
    ctx.out.line("")
    ctx.out.line(f"Run '{PROGRAM} COMMAND --help' for more information on a command.")
    return 0


@command("version", "Show the crsim version information", "[OPTIONS]",
         flags=(Flag("format", "f", "string", INSPECT_FORMAT_HELP),),
         max_args=0)
def version(ctx, opts, args):
    if opts["format"]:
        return formatted(ctx, opts["format"], _version_document())
    lines = [
        "Client:",
        f" Version:           {VERSION}",
        f" API version:       {API_VERSION}",
        f" Python version:    {PYTHON_VERSION}",
        " OS/Arch:           linux/amd64 (simulated)",
        " Context:           default",
        "",
        "Server: crsim simulated engine",
        " Engine:",
        f"  Version:          {VERSION}",
        f"  API version:      {API_VERSION} (minimum version 1.24)",
        "  Storage Driver:   overlay2 (simulated)",
        "  Cgroup Version:   2",
    ]
    for line in lines:
        ctx.out.line(line)
    return 0


CLIENT = {"Version": VERSION, "ApiVersion": API_VERSION, "DefaultAPIVersion": API_VERSION,
          "GitCommit": "", "GoVersion": f"python{PYTHON_VERSION}", "Os": "linux",
          "Arch": "amd64", "BuildTime": "", "Context": "default"}


def _version_document() -> dict:
    """What `version --format` runs on (the CLI's versionInfo: Client and Server)."""
    from engine.host import KERNEL_RELEASE as KERNEL  # what uname -r says in every container
    server = {"ApiVersion": API_VERSION, "MinAPIVersion": "1.24", "Os": "linux",
              "Arch": "amd64", "KernelVersion": KERNEL}
    return {"Client": CLIENT,
            "Server": {"Platform": {"Name": "crsim simulated engine"},
                       "Components": [{"Name": "Engine", "Version": VERSION, "Details": server}],
                       "Version": VERSION, **server}}


def formatted(ctx, fmt: str, document: dict) -> int:
    """--format on one document, as `version` and `info` run it ("json": all of it)."""
    from ..render.gotemplate import TemplateError, compile
    try:
        template = compile("{{json .}}" if fmt == "json" else fmt)
    except TemplateError as err:
        ctx.out.error(str(err))
        return 64
    try:
        ctx.out.line(template.execute(document))
    except TemplateError as err:
        ctx.out.error(f"template: {err}")
        return 1
    return 0
