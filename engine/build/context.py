"""The build context: the files `docker build` sends to the builder, read-only.

The shell reads a host directory into a ``BuildContext`` (path -> Entry, paths
canonical and rooted at the context's own "/"); the engine never touches the
host. ``.dockerignore`` is applied with the rules of moby's patternmatcher:

- one pattern per line, ``#`` lines are comments, blanks are trimmed, each
  pattern is cleaned like Go's filepath.Clean and loses a leading "/";
- ``*`` and ``?`` never cross "/", ``[...]`` is a class, ``\\`` escapes,
  ``**`` matches any number of directories (zero included);
- ``!pattern`` re-includes what an earlier pattern excluded; the last pattern
  that matches a path decides;
- a path is excluded when it or one of its parent directories matches.

Symlinks stay symlinks. Resolving a name in the context (``resolve``) is
confined to the context's root, as BuildKit's fsutil does: ``..`` and absolute
targets never lead outside it.
"""

from __future__ import annotations

import hashlib
import re
from typing import Dict, Iterator, List, Mapping, Optional, Tuple

from ..vfs.entry import DIR, FILE, SYMLINK, Entry, directory
from ..vfs.errno import FSError
from ..vfs.paths import ROOT, join, normalize, walk_key
from ..vfs.resolve import resolve


def _clean(pattern: str) -> str:
    """filepath.Clean for a relative pattern ("" stays "", "." is the root)."""
    absolute = pattern.startswith("/")
    cleaned = normalize("/" + pattern)[1:]
    if not cleaned:
        return "/" if absolute else "."
    return cleaned


class Pattern:
    __slots__ = ("text", "exclusion", "regex", "dirs")

    def __init__(self, text: str):
        self.exclusion = text.startswith("!")
        if self.exclusion:
            text = text[1:].strip()
        text = _clean(text).lstrip("/") or "."
        self.text = text
        self.regex = re.compile(_to_regex(text))
        self.dirs = text.split("/")

    def matches(self, path: str) -> bool:
        """``path`` relative (no leading "/"), or one of its parent directories."""
        if self.regex.match(path):
            return True
        # patternmatcher's parent matching: compare the leading parent paths that
        # have as many components as the pattern.
        parts = path.split("/")
        for depth in range(1, len(parts)):
            if self.regex.match("/".join(parts[:depth])):
                return True
        return False


def _to_regex(pattern: str) -> str:
    out = ["^"]
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "*":
            if pattern.startswith("**", i):
                i += 2
                if i < n and pattern[i] == "/":
                    i += 1
                    out.append("(.*/)?")  # zero or more directories
                    continue
                out.append(".*")
                continue
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "\\" and i + 1 < n:
            i += 1
            out.append(re.escape(pattern[i]))
        elif ch == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                out.append(re.escape(ch))
            else:
                body = pattern[i + 1:end]
                if body.startswith("^"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = end
        else:
            out.append(re.escape(ch))
        i += 1
    out.append("$")
    return "".join(out)


def read_dockerignore(text: str) -> List[Pattern]:
    patterns = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line == "!":
            continue
        patterns.append(Pattern(line))
    return patterns


def excluded(path: str, patterns: List[Pattern]) -> bool:
    """Whether the relative ``path`` is left out of the context."""
    result = False
    for pattern in patterns:
        if pattern.exclusion == result and pattern.matches(path):
            result = not pattern.exclusion
    return result


def ignored_or_parent(path: str, patterns: List[Pattern]) -> bool:
    """patternmatcher's MatchesOrParentMatches: the path or a directory above it is left out."""
    parts = [p for p in path.split("/") if p not in ("", ".")]
    return any(excluded("/".join(parts[:n]), patterns) for n in range(len(parts), 0, -1))


class BuildContext:
    """A read-only tree: canonical path ("/src/app.py") -> Entry."""

    def __init__(self, entries: Mapping[str, Entry], name: str = "."):
        self.entries: Dict[str, Entry] = dict(entries)
        self.entries.setdefault(ROOT, directory(0o755))
        self.name = name
        self._children: Dict[str, List[str]] = {}
        for path in sorted(self.entries, key=walk_key):
            if path != ROOT:
                parent_path, _, base = path.rpartition("/")
                self._children.setdefault(parent_path or ROOT, []).append(base)

    @classmethod
    def from_files(cls, files: Mapping[str, object], name: str = ".") -> "BuildContext":
        """Convenience for tests and notebooks: {"app.py": "text" | bytes | Entry}."""
        from ..vfs.entry import regular
        entries: Dict[str, Entry] = {}
        for path, value in files.items():
            canonical = normalize("/" + path)
            entry = value if isinstance(value, Entry) else regular(value)
            for depth in range(1, canonical.count("/")):
                entries.setdefault("/".join(canonical.split("/")[:depth + 1]), directory(0o755))
            entries[canonical] = entry
        return cls(entries, name)

    # -- reading -----------------------------------------------------------------
    def get(self, path: str) -> Optional[Entry]:
        return self.entries.get(path)

    def names(self, path: str) -> List[str]:
        return self._children.get(path, [])

    def resolve(self, path: str, follow: bool = True) -> Tuple[str, Entry]:
        """Resolve a context path confined to the root; FSError if it is not there."""
        return resolve(self.get, normalize("/" + path), ROOT, follow, True)

    def walk(self, top: str = ROOT) -> Iterator[Tuple[str, Entry]]:
        entry = self.entries.get(top)
        if entry is None:
            return
        yield top, entry
        if entry.kind == DIR:
            for name in self.names(top):
                yield from self.walk(join(top, name))

    def read_text(self, path: str) -> Optional[str]:
        entry = self.entries.get(path)
        if entry is None or entry.kind != FILE:
            return None
        return entry.content.decode("utf-8", "surrogateescape")

    @property
    def size(self) -> int:
        """Bytes of file contents and link targets (what "transferring context" counts)."""
        return sum(e.size for e in self.entries.values() if e.kind in (FILE, SYMLINK))

    # -- .dockerignore -------------------------------------------------------------
    def filtered(self, ignore_text: str) -> "BuildContext":
        """The context without what ``.dockerignore`` excludes."""
        patterns = read_dockerignore(ignore_text)
        if not patterns:
            return self
        kept = {}
        for path, entry in self.entries.items():
            if path == ROOT or not excluded(path[1:], patterns):
                kept[path] = entry
        # A directory excluded while something below it is re-included stays (as an empty dir).
        for path in list(kept):
            parent_path = path.rpartition("/")[0]
            while parent_path and parent_path not in kept:
                kept[parent_path] = self.entries.get(parent_path) or directory(0o755)
                parent_path = parent_path.rpartition("/")[0]
        return BuildContext(kept, self.name)


def checksum(items: List[Tuple[str, Entry]]) -> str:
    """Content checksum of copied files, as BuildKit's contenthash: names, kinds,
    modes, owners, bytes and link targets count; modification times do not."""
    h = hashlib.sha256()
    for path, entry in items:
        h.update(f"{path}\0{entry.kind}\0{entry.mode:o}\0{entry.uid}:{entry.gid}\0"
                 f"{entry.target}\0{entry.size}\0{entry.program or ''}\0".encode())
        if entry.kind == FILE:
            h.update(entry.content if entry.data is not None else b"")
    return "sha256:" + h.hexdigest()


__all__ = ["BuildContext", "Pattern", "read_dockerignore", "excluded", "checksum", "FSError"]
