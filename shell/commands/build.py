"""`build`: Docker's `docker build` (BuildKit, plain progress) on the simulated engine.

The shell reads the context directory from the host into memory (files with
their modes, directories, symlinks kept as symlinks and never followed) and
hands the engine the Dockerfile text and that context; the engine does no
host I/O. Besides a directory, the Dockerfile may come from:

- ``-``: standard input, which in a script or ``-c`` is a here-document
  (``build -t app - <<EOF`` ... ``EOF``); the context is then empty;
- one quoted argument holding the instructions separated by ``;``
  (``build -t app "FROM alpine;RUN echo hi"``), a crsim shorthand.
"""

from __future__ import annotations

import os
import stat
from typing import Dict, Optional, Tuple

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.build.context import BuildContext
from engine.vfs.entry import Entry, directory, regular, symlink

from ..parser import UsageError
from ..spec import COMPLETE_HOST_FILE, Arg, Flag, command

MAX_CONTEXT_FILES = 20000


def read_host_context(root: str) -> "BuildContext":
    from engine.build.context import BuildContext
    """Walk a host directory without following any symlink."""
    entries: Dict[str, Entry] = {}
    root_stat = os.lstat(root)
    entries["/"] = directory(stat.S_IMODE(root_stat.st_mode), mtime=int(root_stat.st_mtime))
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        rel_dir = os.path.relpath(dirpath, root)
        base = "/" if rel_dir == "." else "/" + rel_dir.replace(os.sep, "/")
        for name in sorted(dirnames + filenames):
            host_path = os.path.join(dirpath, name)
            path = (base.rstrip("/") + "/" + name)
            info = os.lstat(host_path)
            mode, mtime = stat.S_IMODE(info.st_mode), int(info.st_mtime)
            if stat.S_ISLNK(info.st_mode):
                entries[path] = symlink(os.readlink(host_path), mtime=mtime)
            elif stat.S_ISDIR(info.st_mode):
                entries[path] = directory(mode, mtime=mtime)
            elif stat.S_ISREG(info.st_mode):
                with open(host_path, "rb") as handle:
                    entries[path] = regular(handle.read(), mode, mtime=mtime)
            if len(entries) > MAX_CONTEXT_FILES:
                raise UsageError(f"ERROR: build context {root} has more than "
                                 f"{MAX_CONTEXT_FILES} entries (crsim's limit)", 1)
        # symlinked directories are entries, not walked (os.walk does not follow them)
    return BuildContext(entries, root)


CALLS = {"build": "build", "check": "check", "lint": "check", "targets": "targets"}


def _call(opts) -> Tuple[str, bool]:
    """buildx's --call (and --check): what the build returns ("check" is BuildKit's "lint"),
    and whether its status is ignored (``--call=check,ignorestatus=true``)."""
    from engine.build.lint import GO_BOOLS
    if opts["check"]:
        return "check", False
    name, ignore_status = "", False
    for item in (opts["call"] or "build").split(","):
        key, eq, value = item.partition("=")
        if key == "ignorestatus" and eq:
            if value not in GO_BOOLS:
                raise UsageError(f'ERROR: invalid ignorestatus print value: {value}: '
                                 f'strconv.ParseBool: parsing "{value}": invalid syntax', 1)
            ignore_status = GO_BOOLS[value]
        elif key == "format" and eq:
            raise UsageError("ERROR: crsim does not simulate --call format= (its output is "
                             "text)", 1)
        elif eq:
            raise UsageError(f"ERROR: invalid print field: {item}", 1)
        elif name:
            raise UsageError(f"ERROR: invalid print value: {opts['call']}", 1)
        else:
            name = item
    if name == "outline":
        raise UsageError("ERROR: crsim does not simulate --call=outline (it simulates build, "
                         "check and targets)", 1)
    if name not in CALLS:
        raise UsageError(f"ERROR: failed to solve: unsupported request frontend.{name}", 1)
    return CALLS[name], ignore_status


def _looks_inline(text: str) -> bool:
    first = text.strip().split(None, 1)[0].upper() if text.strip() else ""
    return first in ("FROM", "ARG", "#") or "\n" in text


@command("build", "Build an image from a Dockerfile", "[OPTIONS] PATH | URL | -",
         flags=(Flag("build-arg", kind="list", help="Set build-time variables"),
                Flag("call", kind="string", default="build",
                     help='Set method for evaluating build ("check", "outline", "targets")',
                     completes=("build", "check", "outline", "targets")),
                Flag("check", help='Shorthand for "--call=check"'),
                Flag("file", "f", "string", "Name of the Dockerfile (default: \"PATH/Dockerfile\")",
                     completes=COMPLETE_HOST_FILE),
                Flag("no-cache", help="Do not use cache when building the image"),
                Flag("progress", kind="string", default="auto",
                     help='Set type of progress output ("auto", "plain"). Use plain to show '
                          "container output"),
                Flag("quiet", "q", help="Suppress the build output and print image ID on success"),
                Flag("tag", "t", "list", "Name and optionally a tag (format: \"name:tag\")"),
                Flag("target", kind="string", help="Set the target build stage to build")),
         args=(Arg("PATH", COMPLETE_HOST_FILE),), aliases=("image build", "builder build"),
         min_args=1, max_args=1, exact_args=True, group="Common Commands",
         description="A context directory, \"-\" (the Dockerfile on standard input, e.g. a "
                     "here-document), or\nthe instructions in one quoted argument separated "
                     "by \";\".")
def build(ctx, opts, args):
    source = args[0]
    call, ignore_status = _call(opts)
    progress = opts["progress"] or "auto"
    if progress not in ("auto", "plain", "tty", "quiet", "rawjson"):
        raise UsageError(f'ERROR: invalid progress mode "{progress}"', 1)
    build_args = {}
    for item in opts["build-arg"]:
        key, eq, value = item.partition("=")
        if not eq:
            value = ctx.session.environ.get(key)  # the client's environment
            if value is None:
                continue
        build_args[key] = value
    from engine.build.context import BuildContext
    context: Optional[BuildContext] = None
    dockerfile_name = "Dockerfile"
    if source == "-":
        text = ctx.stdin
        context = BuildContext({})
    elif os.path.isdir(source):
        from ..host_paths import confine
        confine(ctx.engine, source)
        if opts["file"] and opts["file"] != "-":
            confine(ctx.engine, opts["file"])
        try:
            context = read_host_context(source)
        except OSError as err:
            raise UsageError(f"ERROR: unable to prepare context: {err}", 1) from None
        path = opts["file"] or os.path.join(source, "Dockerfile")
        if opts["file"] == "-":
            text = ctx.stdin
        else:
            dockerfile_name = os.path.basename(path)
            try:
                with open(path, "rb") as handle:
                    text = handle.read().decode("utf-8", "surrogateescape")
            except OSError:
                raise UsageError(f"ERROR: failed to solve: failed to read dockerfile: open "
                                 f"{dockerfile_name}: no such file or directory", 1) from None
    elif _looks_inline(source):
        text = "\n".join(part.strip() for part in source.split(";")) + "\n"
        context = BuildContext({})
    else:
        raise UsageError(f'ERROR: unable to prepare context: path "{source}" not found', 1)
    ignore = context.read_text("/.dockerignore") if context is not None else None
    result = ctx.engine.build(text, context, tags=opts["tag"], build_args=build_args,
                              target=opts["target"] or "", no_cache=opts["no-cache"],
                              filename=dockerfile_name, dockerignore=ignore, call=call)
    if call != "build":
        if progress != "quiet" and not opts["quiet"]:
            ctx.out.write(result.output)
        for line in result.report:
            ctx.out.line(line)
        for line in result.trailer:
            ctx.out.error(line)
        return 0 if ignore_status and not result.trailer else result.status
    if opts["quiet"] or progress == "quiet":
        if result.status == 0:
            ctx.out.line(result.image.id)
        else:
            ctx.out.line(result.lines[-1])
        return result.status
    ctx.out.write(result.output)
    return result.status
