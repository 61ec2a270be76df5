"""A container's root file system: read-only image layers under one writable layer.

The rules are overlayfs's, as the kernel documents them:
- a lookup finds the upper entry if there is one, else the lower one;
- writing to or changing the metadata of a lower file first copies it up
  (with its parent directories, which keep their metadata);
- deleting something that exists below leaves a whiteout in the upper layer;
- a directory created where a whiteout stands is opaque: nothing below shows
  through it;
- renaming a directory that has lower content fails with EXDEV (overlayfs
  without redirect_dir), and ``move`` then copies and deletes as mv(1) does;
- hard links: the names of one file share a link id (Entry.link). A change
  through one upper name is put at every name of its group. Docker mounts
  overlayfs with index=off, so copying up one name of a LOWER group gives it
  a file of its own: the link breaks (the kernel docs' "non-standard
  behavior"); a copied-up entry drops its lower link id.

Every call checks everything before changing anything, so a failed call
leaves the upper layer exactly as it was.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Callable, Dict, Iterator, List, Optional, Tuple

from .entry import DIR, FILE, SYMLINK, WHITEOUT, Entry, directory, regular, symlink, whiteout
from .errno import (EBUSY, EEXIST, EINVAL, EISDIR, ENOENT, ENOTDIR, ENOTEMPTY, EPERM, EROFS,
                    EXDEV, FSError)
from .index import MergedIndex
from .layer import Layer, content_size
from .paths import ROOT, ancestors, basename, is_within, join, parent
from .resolve import resolve


class UnionFS:
    __slots__ = ("lower", "upper", "_children", "_shadows", "_now", "mounts", "read_only",
                 "_groups")

    def __init__(self, lower: MergedIndex, now: Callable[[], float] = lambda: 0.0):
        self.lower = lower
        self.upper: Dict[str, Entry] = {}  # the writable layer ("upperdir")
        self._children: Dict[str, Dict[str, None]] = {}  # names per upper directory
        # Upper entries that hide whatever the lower layers hold below them:
        # whiteouts, opaque directories and non-directories.
        self._shadows: Dict[str, None] = {}
        self._now = now
        # File systems mounted over the root while the container runs (/proc,
        # /dev, the /etc/hosts bind mount...): they are not part of any layer.
        self.mounts = None
        self.read_only = False  # run --read-only: the root refuses writes (mounts do not)
        # Hard-link groups made in the upper layer: link id -> its upper paths. A group
        # emptied stays (a name moved by rename keeps its id through delete and put).
        self._groups: Dict[int, Dict[str, None]] = {}

    # -- lookups ------------------------------------------------------------
    def _lower_at(self, path: str) -> Optional[Entry]:
        """The lower entry at ``path`` unless an upper ancestor hides it."""
        if self._shadows:
            for above in ancestors(path):
                if above in self._shadows:
                    return None
        return self.lower.get(path)

    def get(self, path: str) -> Optional[Entry]:
        """The merged entry at a canonical path, symlinks not followed."""
        if self.mounts is not None:
            mount = self.mounts.find(path)
            if mount is not None:
                return mount.provider.get(mount.relative(path))
        entry = self.upper.get(path)
        if entry is not None:
            return None if entry.kind == WHITEOUT else entry
        return self._lower_at(path)

    def resolve(self, path: str, cwd: str = ROOT, follow: bool = True,
                must_exist: bool = True) -> Tuple[str, Optional[Entry]]:
        return resolve(self.get, path, cwd, follow, must_exist)

    def lstat(self, path: str, cwd: str = ROOT) -> Entry:
        return self.resolve(path, cwd, follow=False)[1]

    def stat(self, path: str, cwd: str = ROOT) -> Entry:
        return self.resolve(path, cwd)[1]

    def exists(self, path: str, cwd: str = ROOT) -> bool:
        try:
            self.resolve(path, cwd)
        except FSError:
            return False
        return True

    def realpath(self, path: str, cwd: str = ROOT) -> str:
        return self.resolve(path, cwd)[0]

    def _names(self, path: str) -> List[str]:
        if self.mounts is not None:
            mount = self.mounts.find(path)
            if mount is not None:
                return mount.provider.names(mount.relative(path))
            points = self.mounts.points_in(path)
            if points:
                return sorted(set(self._layer_names(path)) | set(points))
        return self._layer_names(path)

    def _layer_names(self, path: str) -> List[str]:
        upper_entry = self.upper.get(path)
        lower_entry = self._lower_at(path)
        merges_lower = (lower_entry is not None and lower_entry.kind == DIR
                        and not (upper_entry is not None and upper_entry.opaque))
        upper_names = self._children.get(path)
        if not upper_names:
            return list(self.lower.names(path)) if merges_lower else []
        names = dict.fromkeys(self.lower.names(path)) if merges_lower else {}
        for name in upper_names:
            if self.upper[join(path, name)].kind == WHITEOUT:
                names.pop(name, None)
            else:
                names[name] = None
        return sorted(names)

    def readdir(self, path: str, cwd: str = ROOT) -> List[str]:
        canonical, entry = self.resolve(path, cwd)
        if entry.kind != DIR:
            raise FSError(ENOTDIR, path)
        return self._names(canonical)

    def read(self, path: str, cwd: str = ROOT) -> bytes:
        entry = self.stat(path, cwd)
        if entry.kind == DIR:
            raise FSError(EISDIR, path)
        return entry.content

    def readlink(self, path: str, cwd: str = ROOT) -> str:
        entry = self.lstat(path, cwd)
        if entry.kind != SYMLINK:
            raise FSError(EINVAL, path)
        return entry.target

    def walk(self, top: str = ROOT) -> Iterator[Tuple[str, Entry]]:
        """(path, entry) for ``top`` and everything below it, depth first, by name."""
        entry = self.get(top)
        if entry is None:
            return
        yield top, entry
        if entry.kind == DIR:
            for name in self._names(top):
                yield from self.walk(join(top, name))

    # -- the writable layer -------------------------------------------------
    def _stamp(self) -> int:
        return int(self._now())

    def _put(self, path: str, entry: Entry) -> None:
        old = self.upper.get(path)
        if old is not None and old.link is not None and old.link != entry.link:
            self._groups.get(old.link, {}).pop(path, None)
        if entry.link is not None:
            self._groups.setdefault(entry.link, {})[path] = None
        self.upper[path] = entry
        if path != ROOT:
            self._children.setdefault(parent(path), {})[basename(path)] = None
        if entry.kind == WHITEOUT or entry.kind != DIR or entry.opaque:
            self._shadows[path] = None
        else:
            self._shadows.pop(path, None)

    def _drop_upper(self, path: str) -> None:
        """Forget ``path`` and everything below it in the upper layer."""
        for name in list(self._children.pop(path, ())):
            self._drop_upper(join(path, name))
        old = self.upper.pop(path, None)
        if old is not None and old.link is not None:
            self._groups.get(old.link, {}).pop(path, None)
        if old is not None and path != ROOT:
            siblings = self._children.get(parent(path))
            if siblings is not None:
                siblings.pop(basename(path), None)
        self._shadows.pop(path, None)

    def _copy_up_dirs(self, path: str) -> None:
        """Make directory ``path`` and its ancestors exist in the upper layer."""
        missing = [path] if path not in self.upper else []
        missing += [a for a in ancestors(path) if a not in self.upper]
        for dirpath in reversed(missing):
            self._put(dirpath, self.get(dirpath).with_changes(opaque=False))

    def _touch_dir(self, dirpath: str) -> None:
        """A name was added or removed: the directory's mtime moves."""
        self._copy_up_dirs(dirpath)
        self._put(dirpath, self.upper[dirpath].with_changes(mtime=self._stamp()))

    def _set(self, path: str, entry: Entry) -> None:
        """Put a (possibly new) entry at ``path``, copying up its parents."""
        if self.mounts is not None:
            mount = self.mounts.find(path)
            if mount is not None:
                mount.provider.put(mount.relative(path), entry, path)
                return
        if self.read_only:
            raise FSError(EROFS, path)
        is_new = self.get(path) is None
        self._copy_up_dirs(parent(path))
        if entry.kind == DIR and self._lower_at(path) is not None and is_new:
            # Created where a whiteout hides a lower entry: make it opaque.
            entry = entry.with_changes(opaque=True)
        if self.upper.get(path) is not None and self.upper[path].kind == DIR and entry.kind != DIR:
            self._drop_upper(path)
        if entry.link is not None:
            group = self._groups.get(entry.link)
            if group is None:
                entry = entry.with_changes(link=None)  # a lower group's name copied up
            else:
                for other in list(group):  # the file changed: every name shows it
                    if other != path:
                        self._put(other, entry)
        self._put(path, entry)
        if is_new:
            self._touch_dir(parent(path))

    def _delete(self, path: str) -> None:
        """Remove ``path`` (and its subtree) from the merged view."""
        if self.mounts is not None:
            mount = self.mounts.find(path)
            if mount is not None:
                mount.provider.remove(mount.relative(path), path)
                return
        if self.read_only:
            raise FSError(EROFS, path)
        below = self._lower_at(path)
        self._copy_up_dirs(parent(path))
        self._drop_upper(path)
        if below is not None:
            self._put(path, whiteout())
        self._touch_dir(parent(path))

    def _parent_dir(self, canonical: str, path: str) -> str:
        dirpath = parent(canonical)
        entry = self.get(dirpath)
        if entry is None:
            raise FSError(ENOENT, path)
        if entry.kind != DIR:
            raise FSError(ENOTDIR, path)
        return dirpath

    # -- operations ---------------------------------------------------------
    def write(self, path: str, data: bytes, cwd: str = ROOT, append: bool = False,
              mode: int = 0o644, uid: int = 0, gid: int = 0) -> None:
        """Write (create or truncate) or append to a regular file."""
        canonical, entry = self.resolve(path, cwd, must_exist=False)
        if entry is None:
            self._parent_dir(canonical, path)
            self._set(canonical, regular(data, mode, uid, gid, self._stamp()))
            return
        if entry.kind == DIR:
            raise FSError(EISDIR, path)
        content = entry.content + data if append else data
        # Copy-up: the file keeps its metadata and takes the new bytes.
        self._set(canonical, entry.with_changes(data=content, size=len(content),
                                                 mtime=self._stamp(), program=None))

    def truncate(self, path: str, size: int, cwd: str = ROOT, create: bool = True) -> bool:
        """ftruncate(): cut the file to ``size`` bytes or extend it with zeros (an empty
        or all-zero file grows as a hole, costing no memory). With ``create`` off a
        missing file is left missing and False returned (truncate -c)."""
        canonical, entry = self.resolve(path, cwd, must_exist=False)
        if entry is None:
            if not create:
                return False
            self._parent_dir(canonical, path)
            entry = regular(b"", mtime=self._stamp())
        elif entry.kind == DIR:
            raise FSError(EISDIR, path)
        data = entry.data
        if data is not None and size <= len(data):
            data = data[:size]
        elif data is not None and data.strip(b"\0"):
            data = data + bytes(size - len(data))
        else:
            data = None  # only zeros: a hole of the new size
        self._set(canonical, entry.with_changes(data=data, size=size, mtime=self._stamp(),
                                                 program=None))
        return True

    def install(self, path: str, entry: Entry) -> None:
        """Put ``entry`` at canonical ``path`` (what a package manager unpacks),
        creating missing parent directories (0755) and replacing what is there.

        Parents are followed through symlinks only when they are existing
        directories reached by a symlink (merged /usr: /bin -> usr/bin), as
        dpkg and apk write through them; the entry itself is never followed.
        """
        dirpath, name = parent(path), basename(path)
        missing = []
        while True:
            try:
                real, found = self.resolve(dirpath, must_exist=False)
            except FSError:
                real, found = dirpath, None
            if found is not None:
                if found.kind != DIR:
                    raise FSError(ENOTDIR, path)
                break
            missing.append(basename(dirpath))
            dirpath = parent(dirpath)
        for part in reversed(missing):
            real = join(real, part)
            self._set(real, directory(0o755, mtime=self._stamp()))
        target = join(real, name)
        existing = self.get(target)
        if existing is not None and existing.kind == DIR and entry.kind != DIR:
            raise FSError(EISDIR, path)
        if existing is not None and existing.kind == DIR and entry.kind == DIR:
            return  # a directory the package shares with others: keep it
        self._set(target, entry.with_changes(mtime=entry.mtime or self._stamp()))

    def touch(self, path: str, cwd: str = ROOT, mtime: Optional[int] = None) -> None:
        """Create an empty file, or set the time of an existing one (copying it up)."""
        canonical, entry = self.resolve(path, cwd, must_exist=False)
        stamp = self._stamp() if mtime is None else mtime
        if entry is None:
            self._parent_dir(canonical, path)
            self._set(canonical, regular(b"", mtime=stamp))
        else:
            self._set(canonical, entry.with_changes(mtime=stamp))

    def mkdir(self, path: str, cwd: str = ROOT, mode: int = 0o755, uid: int = 0,
              gid: int = 0) -> None:
        canonical, entry = self.resolve(path.rstrip("/") or "/", cwd, follow=False,
                                        must_exist=False)
        if entry is not None:
            raise FSError(EEXIST, path)
        self._parent_dir(canonical, path)
        self._set(canonical, directory(mode, uid, gid, self._stamp()))

    def symlink(self, target: str, path: str, cwd: str = ROOT, uid: int = 0,
                gid: int = 0) -> None:
        canonical, entry = self.resolve(path, cwd, follow=False, must_exist=False)
        if entry is not None:
            raise FSError(EEXIST, path)
        self._parent_dir(canonical, path)
        self._set(canonical, symlink(target, uid, gid, self._stamp()))

    def link(self, src: str, dst: str, cwd: str = ROOT, follow: bool = False) -> None:
        """link(2): ``dst`` becomes another name of the file at ``src``. A lower file is
        copied up first (as overlayfs does) and the two names form an upper group."""
        source, entry = self.resolve(src, cwd, follow=follow)
        target, existing = self.resolve(dst, cwd, follow=False, must_exist=False)
        if existing is not None:
            raise FSError(EEXIST, dst)
        self._parent_dir(target, dst)
        if entry.kind == DIR:
            raise FSError(EPERM, dst)
        if self.mounts is not None and (self.mounts.find(source) is not None
                                        or self.mounts.find(target) is not None):
            if self.mounts.find(source) is not self.mounts.find(target):
                raise FSError(EXDEV, dst)
            self._set(target, entry)  # (a mount's provider keeps no groups: a copy)
            return
        if self.read_only:
            raise FSError(EROFS, dst)
        if entry.link is None or entry.link not in self._groups:
            entry = entry.with_changes(link=self._new_link_id())
            self._groups[entry.link] = {}
            self._set(source, entry)
        self._set(target, entry)

    def _new_link_id(self) -> int:
        """An id no group of the lower layers or of this upper layer has."""
        lower = self.lower.link_names()
        return max(max(lower, default=0), max(self._groups, default=0)) + 1

    def link_count(self, path: str, entry: Entry) -> int:
        """st_nlink of a non-directory: the names of its group the merged view shows."""
        link = entry.link
        if link is None:
            return 1
        group = self._groups.get(link)
        if group is not None:
            return max(len(group), 1)
        count = 0
        for name in self.lower.link_names().get(link, ()):
            shown = self.get(name)
            if shown is not None and shown.link == link:
                count += 1
        return max(count, 1)

    def unlink(self, path: str, cwd: str = ROOT) -> None:
        canonical, entry = self.resolve(path, cwd, follow=False)
        if entry.kind == DIR:
            raise FSError(EISDIR, path)
        self._delete(canonical)

    def rmdir(self, path: str, cwd: str = ROOT) -> None:
        canonical, entry = self.resolve(path, cwd, follow=False)
        if entry.kind != DIR:
            raise FSError(ENOTDIR, path)
        if canonical == ROOT or self._is_mount_point(canonical):
            raise FSError(EBUSY, path)
        if self._names(canonical):
            raise FSError(ENOTEMPTY, path)
        self._delete(canonical)

    def _is_mount_point(self, canonical: str) -> bool:
        if self.mounts is None:
            return False
        mount = self.mounts.find(canonical)
        return mount is not None and mount.point == canonical

    def chmod(self, path: str, mode: int, cwd: str = ROOT) -> None:
        canonical, entry = self.resolve(path, cwd)
        self._set(canonical, entry.with_changes(mode=mode & 0o7777))

    def chown(self, path: str, uid: int, gid: int, cwd: str = ROOT,
              follow: bool = True) -> None:
        canonical, entry = self.resolve(path, cwd, follow=follow)
        self._set(canonical, entry.with_changes(uid=uid, gid=gid))

    def _has_lower_content(self, path: str) -> bool:
        """Is this directory merged with, or wholly from, the lower layers?"""
        upper_entry = self.upper.get(path)
        below = self._lower_at(path)
        return below is not None and below.kind == DIR and not (
            upper_entry is not None and upper_entry.opaque)

    def rename(self, src: str, dst: str, cwd: str = ROOT) -> None:
        """rename(2) with overlayfs's rules (EXDEV for directories with lower content)."""
        source, entry = self.resolve(src, cwd, follow=False)
        target, existing = self.resolve(dst.rstrip("/") or "/", cwd, follow=False,
                                        must_exist=False)
        self._parent_dir(target, dst)
        if source == target:
            return
        if source == ROOT or target == ROOT or self._is_mount_point(source) \
                or self._is_mount_point(target):
            raise FSError(EBUSY, src if source == ROOT or self._is_mount_point(source) else dst)
        # the VFS's checks come first: the source may not be an ancestor of the target, nor the target one of the source
        if entry.kind == DIR and is_within(target, source):
            raise FSError(EINVAL, src)
        if is_within(source, target):
            raise FSError(ENOTEMPTY, dst)
        if entry.kind == DIR:
            if existing is not None and existing.kind != DIR:
                raise FSError(ENOTDIR, dst)
            if self._has_lower_content(source):  # overlayfs refuses before it looks at the target
                raise FSError(EXDEV, src)
            if existing is not None and self._names(target):
                raise FSError(ENOTEMPTY, dst)
        elif existing is not None and existing.kind == DIR:
            raise FSError(EISDIR, dst)
        moved = [(path, self.upper[path]) for path in self._upper_subtree(source)] \
            if entry.kind == DIR else [(source, entry)]
        if existing is not None:
            self._delete(target)
        self._delete(source)
        for path, item in moved:
            new_path = target + path[len(source):]
            if path == source:
                # the opaque mark moves with the directory, and overlayfs sets it when a directory
                # of the upper layer alone moves into a merged one (its lower names must stay hidden)
                opaque = item.opaque or self._has_lower_content(parent(target))
                self._set(new_path, item.with_changes(opaque=opaque))
            else:
                self._put(new_path, item)

    def _upper_subtree(self, path: str) -> List[str]:
        paths = [path]
        for name in self._children.get(path, ()):
            paths += self._upper_subtree(join(path, name))
        return paths

    def move(self, src: str, dst: str, cwd: str = ROOT) -> None:
        """What mv(1) does: rename, or on EXDEV copy the tree and delete the source."""
        try:
            self.rename(src, dst, cwd)
        except FSError as err:
            if err.errno != EXDEV:
                raise
            source = self.resolve(src, cwd, follow=False)[0]
            target = self.resolve(dst.rstrip("/"), cwd, follow=False, must_exist=False)[0]
            if self.get(target) is not None:
                self._delete(target)
            self.copy_tree(source, target)
            self._delete(source)

    def copy_tree(self, source: str, target: str) -> None:
        """Copy the merged tree at canonical ``source`` to new canonical ``target``."""
        items = list(self.walk(source))
        for path, entry in items:
            new_path = target + path[len(source):]
            # (the copies are new files: a hard link inside the tree is not kept)
            self._set(new_path, entry.with_changes(opaque=False, link=None))

    # -- the writable layer as a whole --------------------------------------
    def upper_layer(self) -> Layer:
        """The changes so far as an immutable layer (what `commit` stores)."""
        return Layer({p: e for p, e in self.upper.items() if p != ROOT})

    def upper_size(self) -> int:
        return content_size(e for e in self.upper.values() if e.kind == FILE)
