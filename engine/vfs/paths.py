"""Lexical helpers for the canonical absolute paths the file system indexes.

A canonical path starts with "/", has no "." or ".." component, no repeated or
trailing "/" (except the root itself). Symlinks are resolved elsewhere
(``resolve.py``); these helpers never look at the file system.
"""

ROOT = "/"


def parent(path: str) -> str:
    if path == ROOT:
        return ROOT
    head = path.rsplit("/", 1)[0]
    return head or ROOT


def basename(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def join(directory: str, name: str) -> str:
    return directory + name if directory == ROOT else directory + "/" + name


def ancestors(path: str):
    """The strict ancestors of ``path``, nearest first, ending with "/"."""
    while path != ROOT:
        path = parent(path)
        yield path


def is_within(path: str, directory: str) -> bool:
    """True if ``path`` is ``directory`` itself or lies below it."""
    return directory == ROOT or path == directory or path.startswith(directory + "/")


def normalize(path: str) -> str:
    """Canonical form of an absolute path, purely lexically ('..' pops)."""
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
            continue
        parts.append(part)
    return "/" + "/".join(parts)


def walk_key(path: str):
    """Sort key giving depth-first, name-ordered walk order (like filepath.Walk)."""
    return path.split("/")
