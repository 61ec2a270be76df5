"""Moving files in and out of a container: `docker export`, `docker cp`, `docker top`.

The engine does no host I/O: export yields the bytes of a real tar archive,
copy_out returns the entries below a container path and copy_in takes
entries; the shell reads and writes the host side.
"""

from __future__ import annotations

from contextlib import contextmanager

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Iterator, List, Tuple

from ..errors import NotFound
from ..proc.process import cpu_clock
from ..vfs import tarball
from ..vfs.entry import DIR, Entry
from ..vfs.errno import FSError
from ..vfs.paths import basename, join, normalize


@contextmanager
def layers_only(fs):
    """The container's own file system, without runc's mounts (/proc, /etc/hosts...)."""
    saved, fs.mounts = fs.mounts, None
    try:
        yield fs
    finally:
        fs.mounts = saved


def merged(entry: Entry) -> Entry:
    """An entry as the merged view shows it: a directory's opaque flag belongs to the
    layer it is in (overlayfs's xattr), never to the merged tree, so no marker leaks out."""
    return entry.with_changes(opaque=False) if entry.kind == DIR and entry.opaque else entry


def export(container) -> Iterator[bytes]:
    """`docker export`: the merged root file system as one tar archive."""
    with layers_only(container.fs) as fs:
        entries = [(path, merged(entry)) for path, entry in fs.walk("/")]
    return tarball.iter_tar(entries)


def copy_out(container, path: str) -> List[Tuple[str, Entry]]:
    """`docker cp CONTAINER:PATH -`: (relative path, entry) for PATH and what is below it.

    The last component is not followed (a symlink is copied as a symlink), and
    "dir/." copies the directory's contents rather than the directory.
    """
    fs = container.fs
    contents_only = path.endswith("/.")
    try:
        canonical, entry = fs.resolve(path.rstrip(".") if contents_only else path,
                                      follow=contents_only)
    except FSError:
        raise NotFound(f"Could not find the file {path} in container {container.name}") from None
    name = "." if contents_only else basename(canonical) or "/"
    result = []
    for item_path, item in (fs.walk(canonical) if entry.kind == DIR else [(canonical, entry)]):
        relative = item_path[len(canonical):].lstrip("/")
        result.append((join(name, relative) if relative and name != "." else (relative or name),
                       merged(item)))
    return result


def copy_in(container, destination: str, entries: List[Tuple[str, Entry]]) -> None:
    """`docker cp SRC CONTAINER:DEST`: entries are (relative path, entry), parents first.

    Like Docker: an existing directory receives the source inside it; a new
    name is created; the parent must exist.
    """
    fs = container.fs
    target, existing = fs.resolve(destination, must_exist=False)
    into_directory = existing is not None and existing.kind == DIR
    if existing is None and not fs.exists(target.rsplit("/", 1)[0] or "/"):
        raise NotFound(f"Could not find the file {destination.rsplit('/', 1)[0] or '/'} in "
                       f"container {container.name}")
    root_name = entries[0][0].split("/", 1)[0] if entries else ""
    for relative, entry in entries:
        if into_directory:
            place = normalize(join(target, relative))
        else:
            rest = relative[len(root_name):].lstrip("/")
            place = normalize(join(target, rest)) if rest else target
        if entry.kind == DIR:
            if fs.get(place) is None:
                fs.mkdir(place, mode=entry.mode, uid=entry.uid, gid=entry.gid)
        elif entry.kind == "symlink":
            if fs.get(place) is not None:
                fs.unlink(place)
            fs.symlink(entry.target, place)
        else:
            fs.write(place, entry.content, mode=entry.mode, uid=entry.uid, gid=entry.gid)
            fs.chmod(place, entry.mode)


def top(container, now: float) -> List[List[str]]:
    """`docker top`: ps -ef rows with host PIDs (UID PID PPID C STIME TTY TIME CMD)."""
    from datetime import datetime, timezone
    rows = [["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]]
    from ..proc.host_processes import host_parents
    parents = host_parents(container.system.runtime, container)
    for process in sorted(container.processes.values(), key=lambda p: p.pid):
        if not process.alive:
            continue
        ppid = parents[process.pid]
        stime = datetime.fromtimestamp(process.started, tz=timezone.utc).strftime("%H:%M")
        lifetime = now - process.started
        percent = int(process.cpu_time * 100 / lifetime) if lifetime > 0 else 0
        rows.append([process.user, str(process.pid), str(ppid), str(percent), stime,
                     "pts/0" if process.ctx.tty else "?", cpu_clock(process.cpu_time),
                     " ".join(process.argv)])
    return rows

