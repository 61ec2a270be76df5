"""Requirement specifiers (PEP 508) and requirements files, as pip reads them.

A line of a requirements file is a requirement ("Flask==2.0.1", "uvicorn[standard]>=0.20;
python_version >= '3.8'"), an option (-r other.txt, -c, -e PATH, --index-url URL ...),
a local path or URL, a comment or blank. Versions compare as PEP 440 orders them
(release numbers, then pre/post/dev parts), which is enough for what files pin.
"""

from __future__ import annotations

import re
from typing import Dict, List, NamedTuple, Tuple

_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$")
_CLAUSE = re.compile(r"\s*(===|==|!=|~=|<=|>=|<|>)\s*([^\s,;]+)\s*")
OPERATORS = ("===", "==", "!=", "~=", "<=", ">=", "<", ">")


class Requirement(NamedTuple):
    text: str  # as written (pip repeats it in "Collecting ...")
    name: str
    extras: Tuple[str, ...]
    specs: Tuple[Tuple[str, str], ...]
    marker: str
    origin: str = ""  # "-r requirements.txt (line 3)"


class RequirementError(ValueError):
    pass


def canonical(name: str) -> str:
    """PEP 503: Flask, flask and FLASK are one project; runs of -_. are one -."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse(text: str, origin: str = "") -> Requirement:
    text = text.strip()
    body, _, marker = text.partition(";")
    m = _NAME.match(body)
    if not m:
        raise RequirementError(text)
    name, extras, rest = m.group(1), m.group(2) or "", m.group(3).strip()
    if rest.startswith("(") and rest.endswith(")"):
        rest = rest[1:-1]
    specs = []
    for clause in filter(None, (c.strip() for c in rest.split(","))):
        c = _CLAUSE.fullmatch(clause)
        if not c:
            raise RequirementError(text)
        specs.append((c.group(1), c.group(2)))
    return Requirement(text, name, tuple(e.strip() for e in extras.strip("[]").split(",") if e.strip()),
                       tuple(specs), marker.strip(), origin)


def version_key(version: str) -> Tuple:
    """A sort key in PEP 440's order: 1.0.dev1 < 1.0a1 < 1.0rc1 < 1.0 < 1.0.post1."""
    v = version.lower().lstrip("v").split("+")[0]
    m = re.match(r"^(\d+(?:\.\d+)*)(?:[-_.]?(a|alpha|b|beta|rc|c|pre|preview)[-_.]?(\d*))?"
                 r"(?:[-_.]?(post|rev|r)[-_.]?(\d*))?(?:[-_.]?dev[-_.]?(\d*))?", v)
    if not m:
        return ((0,), 0, 0, 0, 0)
    release = tuple(int(x) for x in m.group(1).split("."))
    while len(release) > 1 and release[-1] == 0:
        release = release[:-1]
    pre = {"a": 1, "alpha": 1, "b": 2, "beta": 2}.get(m.group(2) or "", 3 if m.group(2) else 4)
    post = int(m.group(5) or 0) + 1 if m.group(4) else 0
    dev = -1 if m.group(6) is not None and "dev" in v else 0
    if dev and not m.group(2) and not post:
        pre = 0  # 1.0.dev1 comes before 1.0a1
    return (release, pre, int(m.group(3) or 0), post, dev)


def _release(version: str) -> Tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", version.split("+")[0].split("a")[0])[:10])


def satisfies(version: str, specs) -> bool:
    key = version_key(version)
    for op, want in specs:
        if want.endswith(".*") and op in ("==", "!="):
            prefix = want[:-2].split(".")
            same = [str(x) for x in _release(version)[:len(prefix)]] == prefix
            if same != (op == "=="):
                return False
            continue
        other = version_key(want)
        if op in ("==", "===") and key != other:
            return False
        if op == "!=" and key == other:
            return False
        if op == ">=" and key < other or op == "<=" and key > other:
            return False
        if op == ">" and key <= other or op == "<" and key >= other:
            return False
        if op == "~=":
            parts = want.split(".")
            upper = parts[:-1] if len(parts) > 1 else parts
            if key < other or [str(x) for x in _release(version)[:len(upper)]] != upper:
                return False
    return True


def marker_true(marker: str, environment: Dict[str, str]) -> bool:
    """Evaluate a PEP 508 marker ("python_version < '3.8' and sys_platform != 'win32'")."""
    if not marker:
        return True
    tokens = re.findall(r"\(|\)|\band\b|\bor\b|(?:'[^']*'|\"[^\"]*\"|[\w.]+)\s*(?:===|==|!=|~=|<=|>=|<|>|not in|in)"
                        r"\s*(?:'[^']*'|\"[^\"]*\"|[\w.]+)", marker)

    def value(word: str) -> str:
        word = word.strip()
        return word[1:-1] if word[:1] in "'\"" else environment.get(word, word)

    def compare(text: str) -> bool:
        m = re.match(r"('[^']*'|\"[^\"]*\"|[\w.]+)\s*(===|==|!=|~=|<=|>=|<|>|not in|in)\s*(.*)$", text)
        left, op, right = value(m.group(1)), m.group(2), value(m.group(3))
        if op == "in":
            return left in right
        if op == "not in":
            return left not in right
        if re.fullmatch(r"[\d.]+", left) and re.fullmatch(r"[\d.*]+", right):
            return satisfies(left, [(op, right)])
        return {"==": left == right, "!=": left != right, "<": left < right, ">": left > right,
                "<=": left <= right, ">=": left >= right}.get(op, False)

    # or of ands, parentheses by recursion on the token list
    def expr(i: int) -> Tuple[bool, int]:
        result, i = term(i)
        while i < len(tokens) and tokens[i] == "or":
            right, i = term(i + 1)
            result = result or right
        return result, i

    def term(i: int) -> Tuple[bool, int]:
        result, i = factor(i)
        while i < len(tokens) and tokens[i] == "and":
            right, i = factor(i + 1)
            result = result and right
        return result, i

    def factor(i: int) -> Tuple[bool, int]:
        if i < len(tokens) and tokens[i] == "(":
            result, i = expr(i + 1)
            return result, i + 1
        return (compare(tokens[i]) if i < len(tokens) else True), i + 1

    return expr(0)[0]


class FileLine(NamedTuple):
    number: int
    kind: str  # "req", "option", "editable", "path"
    value: str
    argument: str = ""


OPTIONS_WITH_VALUE = ("-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url",
                      "--extra-index-url", "-f", "--find-links", "--trusted-host")


def read_file(text: str) -> List[FileLine]:
    """The lines of a requirements file: continuations joined, comments dropped."""
    lines: List[FileLine] = []
    joined, start = "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        if not joined:
            start = number
        if raw.endswith("\\"):
            joined += raw[:-1]
            continue
        line = re.sub(r"(^|\s)#.*$", "", joined + raw).strip()
        joined = ""
        if not line:
            continue
        if line.startswith("-"):
            option, _, argument = line.partition(" ") if " " in line else line.partition("=")
            if option in ("-e", "--editable"):
                lines.append(FileLine(start, "editable", argument.strip()))
            else:
                lines.append(FileLine(start, "option", option, argument.strip()))
        elif line.startswith((".", "/")) or "://" in line or line.startswith("file:"):
            lines.append(FileLine(start, "path", line))
        else:
            lines.append(FileLine(start, "req", line))
    return lines

