"""Commands that move files between the host and containers or images: cp, export, save,
load, import, commit, top.

The host side is handled here, carefully: `cp` out of a container writes only
below the destination it was given and never follows a symlink that came from
the container (a symlink "x -> /etc" arriving first must not let "x/passwd"
land in the host's /etc).
"""

from __future__ import annotations

import os
import stat as stat_module
import sys

from engine import EngineError
from engine.vfs.entry import directory, regular, symlink

from ..parser import PROGRAM, UsageError
from ..render.table import align
from ..render.units import human_size
from ..spec import (COMPLETE_CONTAINER, COMPLETE_CONTAINER_PATH, COMPLETE_HOST_FILE,
                    COMPLETE_IMAGE, COMPLETE_RUNNING, Arg, Flag, command)


def _split_container_path(arg: str):
    """"web:/etc/hostname" -> ("web", "/etc/hostname"); a host path -> (None, arg)."""
    if ":" in arg and not arg.startswith((".", "/")) and "/" not in arg.split(":", 1)[0]:
        name, path = arg.split(":", 1)
        return name, path or "/"
    return None, arg


def host_tree(source: str):
    """Entries (relative path, Entry) for a host file or directory, symlinks kept as links."""
    base = os.path.basename(os.path.normpath(source))
    entries = []

    def add(path, relative):
        info = os.lstat(path)
        mode = stat_module.S_IMODE(info.st_mode)
        if stat_module.S_ISLNK(info.st_mode):
            entries.append((relative, symlink(os.readlink(path))))
        elif stat_module.S_ISDIR(info.st_mode):
            entries.append((relative, directory(mode, mtime=int(info.st_mtime))))
            for name in sorted(os.listdir(path)):
                add(os.path.join(path, name), f"{relative}/{name}")
        else:
            with open(path, "rb") as handle:
                entries.append((relative, regular(handle.read(), mode, mtime=int(info.st_mtime))))
    add(source, base)
    return entries


def _inside(root: str, path: str) -> bool:
    """True if ``path`` lies below ``root`` with no symlink on the way (host side)."""
    root = os.path.abspath(root)
    current = root
    for part in os.path.relpath(path, root).split(os.sep):
        if part in ("..",):
            return False
        current = os.path.join(current, part)
        if current != os.path.abspath(path) and os.path.islink(current):
            return False
    return True


def write_host(destination: str, entries) -> int:
    """Extract container entries under ``destination``; returns the bytes written."""
    into = os.path.isdir(destination) and not os.path.islink(destination)
    root = destination if into else os.path.dirname(os.path.abspath(destination)) or "."
    if not into and not os.path.isdir(root):
        raise UsageError(f"{PROGRAM}: open {destination}: no such file or directory", 1)
    first = entries[0][0].split("/", 1)[0] if entries else ""
    total = 0
    for relative, entry in entries:
        if into:
            target = os.path.join(destination, relative) if relative != "." else destination
        else:
            rest = relative[len(first):].lstrip("/")
            target = os.path.join(destination, rest) if rest else destination
        if not _inside(root, target):
            continue  # would leave the destination through a symlink: skip, as Docker does
        if entry.kind == "dir":
            os.makedirs(target, exist_ok=True)
        elif entry.kind == "symlink":
            if os.path.lexists(target):
                os.unlink(target)
            os.symlink(entry.target, target)
        elif entry.kind == "file":
            if os.path.islink(target):
                os.unlink(target)  # replace a link, never write through it
            flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
            fd = os.open(target, flags, entry.mode & 0o777)
            with os.fdopen(fd, "wb") as handle:
                handle.write(entry.content)
            total += entry.size
        total += 512
    return total


@command("cp", "Copy files/folders between a container and the local filesystem",
         "[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tcrsim-shell cp [OPTIONS] SRC_PATH|- "
         "CONTAINER:DEST_PATH",
         flags=(Flag("archive", "a", help="Archive mode (copy all uid/gid information)"),
                Flag("follow-link", "L", help="Always follow symbol link in SRC_PATH"),
                Flag("quiet", "q", help="Suppress progress output during copy. Progress output "
                     "is automatically suppressed if no terminal is attached")),
         args=(Arg("SRC", COMPLETE_CONTAINER_PATH), Arg("DEST", COMPLETE_CONTAINER_PATH)),
         aliases=("container cp",), min_args=2, exact_args=True,
         description="Use '-' as the source to read a tar archive from stdin\n"
                     "and extract it to a directory destination in a container.\n"
                     "Use '-' as the destination to stream a tar archive of a\n"
                     "container source to stdout.")
def cp(ctx, opts, args):
    (src_box, src), (dst_box, dst) = _split_container_path(args[0]), _split_container_path(args[1])
    if src_box and dst_box:
        raise UsageError("copying between containers is not supported", 1)
    if not src_box and not dst_box:
        raise UsageError("must specify at least one container source", 1)
    from ..host_paths import confine
    if src_box and dst == "-":  # a tar of the source on standard output
        return _tar_out(ctx, ctx.engine.copy_out(src_box, src))
    if src == "-":  # a tar from standard input, unpacked into a directory
        return _tar_in(ctx, dst_box, dst)
    if src_box:
        entries = ctx.engine.copy_out(src_box, src)
        size = write_host(confine(ctx.engine, dst), entries)
        if not opts["quiet"]:
            ctx.out.line(f"Successfully copied {human_size(size, 4)} to {dst}")
        return 0
    if not os.path.lexists(confine(ctx.engine, src)):
        raise UsageError(f"lstat {os.path.abspath(src)}: no such file or directory", 1)
    entries = host_tree(src)
    ctx.engine.copy_in(dst_box, dst, entries)
    if not opts["quiet"]:
        size = sum(e.size + 512 for _, e in entries)
        ctx.out.line(f"Successfully copied {human_size(size, 4)} to {args[1]}")
    return 0


def _tar_out(ctx, entries) -> int:
    """`cp CONTAINER:SRC -`: the archive the daemon sends, written as it comes (to a pipe,
    a redirection, or the terminal as the CLI writes it)."""
    from engine.vfs.tarball import iter_tar
    sink = binary_output(ctx) or (lambda data: ctx.out.write(data.decode("utf-8",
                                                                      "surrogateescape")))
    for chunk in iter_tar(("/" + relative, entry) for relative, entry in entries):
        sink(chunk)
    return 0


def _tar_in(ctx, container: str, destination: str) -> int:
    """`cp - CONTAINER:DEST`: a tar on standard input unpacked into the directory DEST."""
    from engine.errors import InvalidParameter, NotFound
    from engine.image.layer_tar import entries as tar_entries
    from engine.vfs.entry import WHITEOUT
    target = ctx.engine.container(container)
    try:
        existing = target.fs.resolve(destination)[1]
    except EngineError:
        existing = None
    if existing is None:
        raise NotFound(f"Could not find the file {destination} in container {container}")
    if not existing.is_dir:
        raise InvalidParameter("extraction point is not a directory")
    tree = tar_entries(ctx.stdin.encode("utf-8", "surrogateescape"))
    ctx.engine.copy_in(container, destination,
                       [(path.lstrip("/"), entry) for path, entry in sorted(tree.items())
                        if entry.kind != WHITEOUT])
    return 0


def binary_output(ctx):
    """Where bytes for standard output go when the prompt redirected it: a host file, or
    the next stage of a pipe; None when it is the terminal (or the process's own)."""
    from ..line import Capture
    if isinstance(ctx.out, Capture):
        return lambda data: ctx.out.write(data.decode("utf-8", "surrogateescape"))
    target = getattr(ctx.out, "file", None)
    return target.write if target is not None else None


@command("export", "Export a container's filesystem as a tar archive", "[OPTIONS] CONTAINER",
         flags=(Flag("output", "o", "string", "Write to a file, instead of STDOUT",
                     completes=COMPLETE_HOST_FILE),),
         args=(Arg("CONTAINER", COMPLETE_CONTAINER),), aliases=("container export",),
         min_args=1, max_args=1, exact_args=True)
def export(ctx, opts, args):
    return write_archive(ctx, opts["output"], "export container",
                         lambda: ctx.engine.export(args[0]))


@command("save", "Save one or more images to a tar archive (streamed to STDOUT by default)",
         "[OPTIONS] IMAGE [IMAGE...]",
         flags=(Flag("output", "o", "string", "Write to a file, instead of STDOUT",
                     completes=COMPLETE_HOST_FILE),
                Flag("platform", kind="string", help='Save only the given platform variant. '
                     'Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")')),
         args=(Arg("IMAGE", COMPLETE_IMAGE, many=True),), aliases=("image save",), min_args=1)
def save(ctx, opts, args):
    from .run_options import check_platform
    check_platform(opts["platform"])
    return write_archive(ctx, opts["output"], "save image", lambda: ctx.engine.save(args))


@command("load", "Load an image from a tar archive or STDIN", "[OPTIONS]",
         flags=(Flag("input", "i", "string", "Read from tar archive file, instead of STDIN",
                     completes=COMPLETE_HOST_FILE),
                Flag("platform", kind="string", help='Load only the given platform variant. '
                     'Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")'),
                Flag("quiet", "q", help="Suppress the load output")),
         aliases=("image load",), max_args=0)
def load(ctx, opts, args):
    from .run_options import check_platform
    check_platform(opts["platform"])
    if opts["input"]:
        data = _read_host_file(ctx, opts["input"])
    elif ctx.stdin:
        data = ctx.stdin.encode("utf-8", "surrogateescape")
    else:  # the prompt's standard input is the terminal
        raise UsageError("requested load from stdin, but stdin is empty", 1)
    for line in ctx.engine.load(data):
        ctx.out.line(line)
    return 0


_DEVICE_READ_LIMIT = 1 << 20  # bytes read from a character device


def _read_host_file(ctx, name: str) -> bytes:
    """A host file's bytes (inside the sandbox), or the CLI's "open" error."""
    from ..host_paths import confine
    try:
        with open(confine(ctx.engine, name), "rb") as handle:
            if stat_module.S_ISCHR(os.fstat(handle.fileno()).st_mode):
                # /dev/zero, /dev/urandom never end: the daemon's tar reader stops at the
                # archive's end, and a bounded read gives it that much of the stream
                return handle.read(_DEVICE_READ_LIMIT)
            return handle.read()
    except OSError as err:
        raise UsageError(f"open {name}: {(err.strerror or str(err)).lower()}", 1) from None


@command("import", "Import the contents from a tarball to create a filesystem image",
         "[OPTIONS] file|URL|- [REPOSITORY[:TAG]]",
         flags=(Flag("change", "c", "list", "Apply Dockerfile instruction to the created image"),
                Flag("message", "m", "string", "Set commit message for imported image"),
                Flag("platform", kind="string",
                     help="Set platform if server is multi-platform capable")),
         args=(Arg("file|URL|-", COMPLETE_HOST_FILE), Arg("REPOSITORY", optional=True)),
         aliases=("image import",), min_args=1)  # the CLI ignores a third argument
def import_image(ctx, opts, args):
    from .run_options import check_platform
    source, repository = args[0], (args[1] if len(args) > 1 else "")
    if repository:  # the CLI checks the name before it sends anything
        from engine.image.reference import parse_normalized
        try:
            parse_normalized(repository)
        except EngineError as err:
            raise UsageError(str(err), 1) from None
    check_platform(opts["platform"])
    data, name = b"", "-"
    if source.startswith(("http://", "https://")):
        name = source  # the daemon downloads it
    elif source != "-":
        data = _read_host_file(ctx, source)  # streamed by the CLI, named "-"
    elif ctx.stdin:
        data = ctx.stdin.encode("utf-8", "surrogateescape")
    elif ctx.session.interactive or sys.stdin.isatty():
        raise UsageError("import -: standard input is the terminal: redirect a tarball "
                         "(import - < FILE) or pipe one (export web | import -)", 1)
    image = ctx.engine.import_image(data, repository, opts["message"] or "", opts["change"],
                                    name)
    ctx.out.line(image.id)
    return 0


def write_archive(ctx, output: str, what: str, make) -> int:
    """export and save: the archive ``make()`` streams goes to -o FILE (whole or not at all:
    a temporary file renamed, as the CLI does) or to standard output, which must not be the
    terminal. The output path is checked first, as the CLI does before asking the daemon."""
    if not output:
        sink = binary_output(ctx)
        if sink is None and (ctx.session.interactive or sys.stdout.isatty()):
            raise UsageError("cowardly refusing to save to a terminal. Use the -o flag or "
                             "redirect", 1)
        chunks = make()
        if sink is not None:  # `save alpine > a.tar`, `export web | tar t`
            for chunk in chunks:
                sink(chunk)
            return 0
        for chunk in chunks:
            sys.stdout.buffer.write(chunk)
        sys.stdout.buffer.flush()
        return 0
    from ..host_paths import confine
    path = confine(ctx.engine, output)
    folder = os.path.dirname(os.path.normpath(output))
    if folder not in ("", ".") and not os.path.isdir(os.path.dirname(path)):
        raise UsageError(f'failed to {what}: invalid output path: directory "{folder}" does '
                         f'not exist', 1)
    chunks = make()
    partial = os.path.join(os.path.dirname(path), ".docker_temp_" + os.path.basename(path))
    try:
        with open(partial, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        os.replace(partial, path)
    except OSError as err:
        if os.path.exists(partial):
            os.remove(partial)
        raise UsageError(f"failed to {what}: open {output}: "
                         f"{(err.strerror or str(err)).lower()}", 1) from None
    return 0


@command("commit", "Create a new image from a container's changes",
         "[OPTIONS] CONTAINER [REPOSITORY[:TAG]]",
         flags=(Flag("author", "a", "string", "Author (e.g., \"John Hannibal Smith "
                     "<hannibal@a-team.com>\")"),
                Flag("change", "c", "list", "Apply Dockerfile instruction to the created image"),
                Flag("message", "m", "string", "Commit message"),
                Flag("pause", "p", help="Pause container during commit", default=True)),
         args=(Arg("CONTAINER", COMPLETE_CONTAINER), Arg("REPOSITORY", optional=True)),
         aliases=("container commit",), min_args=1, max_args=2)
def commit(ctx, opts, args):
    image = ctx.engine.commit(args[0], args[1] if len(args) > 1 else "", opts["message"] or "",
                              opts["author"] or "", opts["change"], opts["pause"])
    ctx.out.line(image.id)
    return 0


@command("top", "Display the running processes of a container", "CONTAINER [ps OPTIONS]",
         args=(Arg("CONTAINER", COMPLETE_RUNNING),), aliases=("container top",), min_args=1,
         interspersed=False)
def top(ctx, opts, args):
    ctx.out.write(align(ctx.engine.top(args[0]), min_width=20))  # docker top's tabwriter
    return 0


__all__ = ["EngineError"]
