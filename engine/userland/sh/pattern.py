"""Shell patterns (*, ?, [...]) for case, ${var#pattern}, [[ == ]] and pathname expansion.

A pattern arrives as segments ``(text, quoted)``: quoted characters match only
themselves, so `"*"` is a star and `*` is anything. Pathname expansion walks
the container's file system one path component at a time and sorts the
result bytewise, as both shells do in the C locale of a container.
"""

from __future__ import annotations

import re
from functools import lru_cache

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Iterable, List, Sequence, Tuple

from ...vfs.entry import DIR

if TYPE_CHECKING:  # type aliases, for annotations only
    Segments = Sequence[Tuple[str, bool]]
GLOB_CHARS = frozenset("*?[")

CLASSES = {
    "alpha": "a-zA-Z", "digit": "0-9", "alnum": "a-zA-Z0-9", "upper": "A-Z", "lower": "a-z",
    "space": r" \t\n\r\f\v", "blank": r" \t", "punct": re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
    "xdigit": "0-9A-Fa-f", "cntrl": r"\x00-\x1f\x7f", "print": r"\x20-\x7e", "graph": r"\x21-\x7e",
    "word": r"a-zA-Z0-9_",
}


def has_glob(segments: Segments) -> bool:
    """Is there an unquoted * or ?, or an unquoted [ with a ] after it?"""
    bracket = False
    for text, quoted in segments:
        if quoted:
            continue
        if "*" in text or "?" in text:
            return True
        if bracket and "]" in text:
            return True
        index = text.find("[")
        if index >= 0:
            if "]" in text[index + 2:]:
                return True
            bracket = True
    return False


def _chars(segments: Segments) -> List[Tuple[str, bool]]:
    return [(c, quoted) for text, quoted in segments for c in text]


def to_regex(segments: Segments) -> str:
    """The pattern as a Python regular expression (without anchors)."""
    chars = _chars(segments)
    out: List[str] = []
    i, n = 0, len(chars)
    while i < n:
        c, quoted = chars[i]
        if quoted:
            out.append(re.escape(c))
        elif c == "*":
            out.append(".*")
        elif c == "?":
            out.append(".")
        elif c == "[":
            bracket, used = _bracket(chars, i)
            if bracket is None:
                out.append(re.escape(c))
            else:
                out.append(bracket)
                i += used
                continue
        elif c == "\\" and i + 1 < n:
            out.append(re.escape(chars[i + 1][0]))
            i += 2
            continue
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def _bracket(chars, start: int):
    """A [...] expression starting at ``start``: (regex, characters used) or (None, 0)."""
    i = start + 1
    n = len(chars)
    negate = False
    if i < n and chars[i][0] in "!^" and not chars[i][1]:
        negate = True
        i += 1
    items: List[str] = []
    first = True
    while i < n:
        c, quoted = chars[i]
        if c == "]" and not quoted and not first:
            body = "".join(items)
            return ("[^" if negate else "[") + body + "]", i + 1 - start
        first = False
        if c == "[" and not quoted and i + 1 < n and chars[i + 1][0] == ":":
            end = i + 2
            name = []
            while end < n and chars[end][0] != ":":
                name.append(chars[end][0])
                end += 1
            if end + 1 < n and chars[end + 1][0] == "]" and "".join(name) in CLASSES:
                items.append(CLASSES["".join(name)])
                i = end + 2
                continue
        if (i + 2 < n and chars[i + 1][0] == "-" and not chars[i + 1][1]
                and chars[i + 2][0] != "]"):
            low, high = c, chars[i + 2][0]
            if low <= high:
                items.append(re.escape(low) + "-" + re.escape(high))
            i += 3
            continue
        items.append(re.escape(c) if c not in "-" else r"\-")
        i += 1
    return None, 0


@lru_cache(maxsize=512)
def _compiled(regex: str, nocase: bool = False):
    return re.compile(regex, re.DOTALL | (re.IGNORECASE if nocase else 0))


def match(segments: Segments, text: str) -> bool:
    """Does the whole of ``text`` match the pattern?"""
    return _compiled(to_regex(segments) + r"\Z").match(text) is not None


def compile_pattern(segments: Segments, nocase: bool = False):
    return _compiled(to_regex(segments) + r"\Z", nocase)


def strip(value: str, segments: Segments, op: str) -> str:
    """${v#p} ${v##p} ${v%p} ${v%%p}: remove the shortest/longest matching prefix/suffix."""
    regex = _compiled(to_regex(segments) + r"\Z")
    n = len(value)
    if op in ("#", "##"):
        lengths = range(0, n + 1) if op == "#" else range(n, -1, -1)
        for length in lengths:
            if regex.match(value[:length]):
                return value[length:]
        return value
    starts = range(n, -1, -1) if op == "%" else range(0, n + 1)
    for start in starts:
        if regex.match(value[start:]):
            return value[:start]
    return value


def replace(value: str, segments: Segments, replacement: str, op: str) -> str:
    """${v/p/r} (first), ${v//p/r} (all), ${v/#p/r} (prefix), ${v/%p/r} (suffix)."""
    regex = _compiled(to_regex(segments) + r"\Z")
    n = len(value)
    if op == "/#":
        for length in range(n, -1, -1):
            if regex.match(value[:length]):
                return replacement + value[length:]
        return value
    if op == "/%":
        for start in range(0, n + 1):
            if regex.match(value[start:]):
                return value[:start] + replacement
        return value
    out: List[str] = []
    i = 0
    while i <= n:
        found = False
        for end in range(n, i, -1):  # the longest match at i
            if regex.match(value[i:end]):
                out.append(replacement)
                i = end
                found = True
                break
        if found:
            if op == "/":
                out.append(value[i:])
                return "".join(out)
            continue
        if i < n:
            out.append(value[i])
        i += 1
    return "".join(out)


# -- pathname expansion -----------------------------------------------------
def _split_components(chars: List[Tuple[str, bool]]) -> List[List[Tuple[str, bool]]]:
    parts: List[List[Tuple[str, bool]]] = [[]]
    for c, quoted in chars:
        if c == "/":
            parts.append([])
        else:
            parts[-1].append((c, quoted))
    return parts


def glob(fs, cwd: str, segments: Segments, dotglob: bool = False, nocase: bool = False) -> List[str]:
    """The paths matching the pattern, sorted; [] when none (the word then stays as is).
    bash's dotglob lets a pattern match names that start with "." (never . and ..),
    nocaseglob ignores case."""
    chars = _chars(segments)
    absolute = bool(chars) and chars[0][0] == "/"
    components = _split_components(chars)
    if absolute:
        components = components[1:]
    results = ["/" if absolute else ""]
    for index, component in enumerate(components):
        last = index == len(components) - 1
        if not component:  # "a//b" or a trailing "/"
            results = [r + "/" if r != "/" else r for r in results]
            if last:
                results = [r for r in results if _is_dir(fs, r, cwd)]
            continue
        comp_segments = [(c, q) for c, q in component]
        if not has_glob(comp_segments):
            name = "".join(c for c, _ in component)
            joined = [_join(r, name) for r in results]
            results = [p for p in joined if _lexists(fs, p, cwd)] if last else joined
            continue
        regex = compile_pattern(comp_segments, nocase)
        dot_ok = component[0][0] == "." or dotglob
        matched: List[str] = []
        for base in results:
            directory = base or "."
            try:
                names = fs.readdir(directory, cwd)
            except Exception:
                continue
            for name in names:
                if name.startswith(".") and (not dot_ok or (dotglob and name in (".", ".."))):
                    continue
                if regex.match(name):
                    path = _join(base, name)
                    if last or _is_dir(fs, path, cwd):
                        matched.append(path)
        results = matched
        if not results:
            return []
    return sorted(results)


def _join(base: str, name: str) -> str:
    if not base:
        return name
    return base + name if base.endswith("/") else base + "/" + name


def _lexists(fs, path: str, cwd: str) -> bool:
    try:
        fs.lstat(path, cwd)
        return True
    except Exception:
        return False


def _is_dir(fs, path: str, cwd: str) -> bool:
    try:
        return fs.stat(path or ".", cwd).kind == DIR
    except Exception:
        return False


def literal(segments: Iterable[Tuple[str, bool]]) -> str:
    return "".join(text for text, _ in segments)
