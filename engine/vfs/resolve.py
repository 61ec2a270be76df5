"""Path resolution confined to a root, like openat2(..., RESOLVE_IN_ROOT).

".." at "/" stays at "/", absolute symlink targets start again at the
container's root, and more than 40 symlink traversals in one lookup fail with
ELOOP, the kernel's MAXSYMLINKS. Nothing here can name a path outside the
tree, so a symlink to "/" or "../../.." stays inside the container.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Callable, List, Optional, Tuple

from .entry import DIR, SYMLINK, Entry
from .errno import ELOOP, ENOENT, ENOTDIR, FSError

MAXSYMLINKS = 40

if TYPE_CHECKING:  # type aliases, for annotations only
    Getter = Callable[[str], Optional[Entry]]


def _components(path: str) -> List[str]:
    return [part for part in path.split("/") if part not in ("", ".")]


def resolve(get: Getter, path: str, cwd: str = "/", follow: bool = True,
            must_exist: bool = True) -> Tuple[str, Optional[Entry]]:
    """Canonical path and entry that ``path`` names (relative to ``cwd``).

    ``follow`` says whether a symlink in the last component is followed
    (stat vs lstat). With ``must_exist=False`` a missing last component is
    allowed (for creating it) and its entry is None; a missing directory on
    the way is always ENOENT. A trailing "/" asks for a directory, as in POSIX.
    """
    if not path:
        raise FSError(ENOENT, path)
    trailing_slash = path.endswith("/") and path.strip("/") != ""
    # A relative path starts at the working directory, which is walked too: the
    # kernel's cwd is a directory, not a name, so a symlink in it leads where it points.
    pending = _components(path if path.startswith("/") else f"{cwd}/{path}")
    pending.reverse()  # a stack: the next component is at the end
    stack: List[str] = []
    links = 0
    while pending:
        name = pending.pop()
        if name == "..":
            if stack:
                stack.pop()
            continue
        last = not pending
        candidate = "/" + "/".join(stack + [name])
        entry = get(candidate)
        if entry is None:
            if last and not must_exist:
                stack.append(name)
                return candidate, None
            raise FSError(ENOENT, path)
        if entry.kind == SYMLINK and (not last or follow or trailing_slash):
            links += 1
            if links > MAXSYMLINKS:
                raise FSError(ELOOP, path)
            target = entry.target
            if target.startswith("/"):
                stack = []
            pending.extend(reversed(_components(target)))
            continue
        if not last and entry.kind != DIR:
            raise FSError(ENOTDIR, path)
        stack.append(name)
    canonical = "/" + "/".join(stack)
    entry = get(canonical)
    if trailing_slash and entry is not None and entry.kind != DIR:
        raise FSError(ENOTDIR, path)
    return canonical, entry
