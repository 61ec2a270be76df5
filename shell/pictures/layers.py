"""`layers IMAGE|CONTAINER [PATH]`: the layer stack, and where each entry of PATH comes from.

The stack is drawn top first, as overlayfs looks it up: a container's writable upper
layer, then the image's layers with the build step that made each one (image history's
CREATED BY; steps such as ENV make no layer and are shown as such). For PATH, a column per
layer says what each layer holds at each name, and the last column what the merged
view shows and why: the layer it comes from, the whiteout or opaque directory that hides
it, what the upper layer did (engine/vfs/provenance.py reads all of it from the layers).
"""

from __future__ import annotations

import re
from typing import List, Optional

from engine.vfs.entry import DIR, WHITEOUT
from engine.vfs.errno import ENOENT, FSError
from engine.vfs.paths import ROOT, join, normalize
from engine.vfs.provenance import OPAQUE, REPLACED, WHITED_OUT, Stack
from engine.vfs.resolve import resolve

from ..render.picture import Picture, table
from ..render.units import human_size

STEP_WIDTH = 48  # CREATED BY is cut here (with "...", the same in ASCII): the box fits 80 columns
MAX_NAMES = 200  # a directory's names listed at most
CELL = {"file": "file", DIR: "dir", "symlink": "link", WHITEOUT: "wh", "char": "char"}
HIDING = {WHITED_OUT: "whited out", OPAQUE: "under an opaque directory",
          REPLACED: "under a non-directory"}
CHANGE_STYLE = {"created": "created", "copied up": "changed", "deleted": "deleted",
                "made opaque": "opaque"}


def _short(digest: str) -> str:
    return digest.split(":", 1)[-1][:12]


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 3] + "..."


def stack_picture(engine, image, container=None) -> Picture:
    """The box of layers, top first."""
    rows: List[List[tuple]] = []
    if container is not None:
        kinds = [kind for kind, _ in engine.diff(container.id)]
        counts = ", ".join(f"{k} {kinds.count(k)}" for k in "ACD")
        rows.append([("changed", "upper"), ("id", _short(container.layer_id)),
                     ("number", human_size(container.fs.upper_size()).rjust(7)),
                     ("", f"writable layer of {container.name}: {len(kinds)} changes ({counts})")])
    steps = list(image.history_with_layers()) if image.history else \
        [(None, layer) for layer in image.layers]
    number = len(image.layers)
    for entry, layer in reversed(steps):
        created_by = _cut(entry.created_by, STEP_WIDTH) if entry is not None else ""
        if layer is None:
            rows.append([("dim", "  ·  "), ("dim", f"{created_by}  (no layer)")])
            continue
        number -= 1
        rows.append([("name", f"L{number}".ljust(5)), ("id", _short(layer.digest)),
                     ("number", human_size(layer.size).rjust(7)), ("", created_by)])
    inner = max((sum(len(t) for _, t in row) + len(row) - 1 for row in rows), default=20)
    picture = Picture()
    picture.line(("frame", "┌" + "─" * (inner + 2) + "┐"))
    for index, row in enumerate(rows):
        # a block is a layer with the metadata steps built on it (drawn above it)
        before = rows[index - 1][0] if index else None
        if before is not None and before[1] == "upper":
            picture.line(("frame", "╞" + "═" * (inner + 2) + "╡"))
        elif before is not None and before[0] != "dim":
            picture.line(("frame", "├" + "─" * (inner + 2) + "┤"))
        pieces: List[tuple] = []
        for style, text in row:
            pieces += [(style, text), ("", " ")]
        used = sum(len(t) for _, t in row) + len(row) - 1
        picture.line(("frame", "│ "), *pieces[:-1], " " * (inner - used), ("frame", " │"))
    picture.line(("frame", "└" + "─" * (inner + 2) + "┘"))
    return picture


def layers_picture(engine, ref: str, path: Optional[str]) -> Picture:
    container = engine.containers.find(ref)
    image = container.image if container is not None else engine.image(ref)
    picture = Picture()
    name = ref if container is None else f"container {container.name}"
    picture.line(("title", name), ("dim", f"  image {image.short_id}  "),
                 ("number", f"{len(image.layers)} layer{'s' if len(image.layers) != 1 else ''}, "
                            f"{human_size(image.size)}"),
                 ("dim", "  (top first, as overlayfs looks them up)"))
    picture.extend(stack_picture(engine, image, container))
    if container is not None and container.state.running:
        picture.extend(mount_picture(engine.runtime.overlay_mount_line(container),
                                     len(image.layers)))
    if path is not None:
        picture.line()
        stack = Stack.of_container(container.fs) if container is not None else \
            Stack.of_image(engine.image_index(image))
        picture.extend(path_picture(stack, _canonical(engine, image, container, path), path,
                                    container is not None))
    return picture


def mount_picture(mount: str, layers: int) -> Picture:
    """The container's overlay mount as /proc/mounts has it, an option a line and a lower
    directory a line, each named as the stack above names it (lowerdir lists the top first)."""
    picture = Picture()
    parts = re.split(r",(?=(?:lowerdir|upperdir|workdir)=)", mount)
    indent = " " * len("/proc/mounts ")
    for number, part in enumerate(parts):
        tail = "," if number < len(parts) - 1 else ""
        lead = indent if number else "/proc/mounts "
        if part.startswith("lowerdir="):
            dirs = part[len("lowerdir="):].split(":")
            for index, directory in enumerate(dirs):
                text = ("lowerdir=" if index == 0 else " " * len("lowerdir=")) + directory
                text += ":" if index < len(dirs) - 1 else tail
                picture.line(("dim", lead + text), ("name", f"  L{layers - 1 - index}"))
                lead = indent
        else:
            label = [("changed", "  upper")] if part.startswith("upperdir=") else []
            picture.line(("dim", lead + part + tail), *label)
    return picture


def _canonical(engine, image, container, path: str) -> str:
    """PATH as the merged view names it (symlinked parents followed, /bin -> usr/bin)."""
    if container is not None:
        get = container.fs.get
    else:
        get = engine.image_index(image).get
    try:
        return resolve(get, path, "/", follow=False, must_exist=False)[0]
    except FSError as err:
        if err.errno != ENOENT:  # a file used as a directory, a symlink loop
            raise LookupError(f"{path}: {err.strerror()}") from None
        return normalize(path)  # a parent whited out or missing: the name as given


def path_picture(stack: Stack, path: str, given: str, has_upper: bool) -> Picture:
    own = stack.explain(path)
    if path != ROOT and not any(cell is not None for cell in own.cells):
        raise LookupError(f"{given}: No such file or directory in any layer")
    is_dir = path == ROOT or any(cell is not None and cell.kind == DIR for cell in own.cells)
    count = len(stack.layers)
    headers = [f"L{n}" for n in range(count - 1 if has_upper else count)] + (
        ["upper"] if has_upper else [])
    paths = [path]
    names = stack.names(path) if is_dir else []
    paths += [join(path, name) for name in names[:MAX_NAMES]]
    rows = []
    for number, item in enumerate(paths):
        found = own if number == 0 else stack.explain(item)
        label = item if number == 0 else "  " + item.rsplit("/", 1)[-1]
        rows.append([("title" if number == 0 else "", label),
                     *(_cell(found, n) for n in range(count)), _shows(found, headers)])
    picture = Picture()
    table(picture, ["PATH", *headers, "MERGED VIEW SHOWS"], rows, gap=2)
    if len(names) > MAX_NAMES:
        picture.line(("dim", f"  … and {len(names) - MAX_NAMES} more names"))
    shown = {text for row in rows for _, text in row[1:-1]}
    if "wh" in shown:
        picture.line(("dim", "wh  = whiteout: a character device 0/0 in overlayfs, .wh.NAME in "
                             "an OCI layer tar"))
    if "opq" in shown:
        picture.line(("dim", "opq = opaque directory: trusted.overlay.opaque=y, .wh..wh..opq in "
                             "a layer tar"))
    return picture


def _cell(found, number: int) -> tuple:
    entry = found.cells[number]
    if entry is None:
        return ("", "")
    text = "opq" if entry.kind == DIR and entry.opaque else CELL.get(entry.kind, entry.kind)
    if entry.kind == WHITEOUT:
        return ("deleted", text)
    if text == "opq":
        return ("opaque", text)
    return ("name" if number == found.source else "dim", text)


def _shows(found, headers: List[str]) -> tuple:
    if found.path == ROOT:
        return ("name", "the root directory")
    if found.visible:
        where = headers[found.source]
        below = [headers[n] for n in range(found.source) if found.cells[n] is not None]
        if found.change and where == "upper":
            return (CHANGE_STYLE.get(found.change, "changed"), f"upper: {found.change}")
        return ("name", where + (f" (over {', '.join(reversed(below))})" if below else ""))
    if found.hidden_by is None:
        return ("dim", "nothing (a whiteout of nothing below)")
    number, how = found.hidden_by
    if headers[number] == "upper" and how == WHITED_OUT:
        return ("deleted", "nothing: deleted in upper (whiteout)")
    oci = f" (.wh.{found.path.rsplit('/', 1)[-1]})" if found.cells[number] is not None else ""
    return ("deleted", f"nothing: {HIDING[how]} in {headers[number]}{oci}")


__all__ = ["layers_picture", "stack_picture", "path_picture"]
