"""The go command of the golang images, for what Dockerfiles do with it: fetch a
module's dependencies and build a binary.

`go mod download` reads go.mod's requirements and places each module in the module
cache as the go command lays it out ($GOMODCACHE, else $GOPATH/pkg/mod: the download
cache with .info/.mod/.zip, and the extracted, read-only module tree); the module proxy
is simulated like the other registries, the versions being the ones go.mod pins.
`go build` checks that every imported package comes from the standard library or a
required module (with the go command's messages when not), spends compile time by the
cost model and writes the executable (-o, or the package's name). Running the result
is running the application's own code, which crsim does not simulate: the binary says
so. `go run` builds and then says the same.
"""

from __future__ import annotations

import posixpath
import re
from typing import Dict, List, Optional, Tuple

from ...proc.api import Context, decode, program
from ...vfs.entry import DIR, regular
from ...vfs.errno import FSError
from .common import download

NO_MOD = "go.mod file not found in current directory or any parent directory; see 'go help modules'"
MODULE_ZIP_BYTES = 150_000  # a module's zip, for the time a download takes (not measured per module)
# what a Go executable weighs: the runtime, plus each imported package and what it pulls in
# (rough figures from a hello world, 1.8 MB, and a net/http server, 6-7 MB)
BINARY_BASE, BINARY_PER_IMPORT = 1_800_000, 600_000
COMPILE_SECONDS, COMPILE_PER_IMPORT = 1.5, 0.8  # CPU for a first build: the standard library's packages too


def _find_go_mod(ctx: Context) -> Optional[str]:
    directory = ctx.cwd
    while True:
        path = posixpath.join(directory, "go.mod")
        if ctx.fs.exists(path):
            return path
        if directory == "/":
            return None
        directory = posixpath.dirname(directory)


def parse_go_mod(text: str) -> Tuple[str, str, List[Tuple[str, str]]]:
    """(module path, go version, [(module, version)]) from go.mod's module/go/require."""
    module = go = ""
    requires: List[Tuple[str, str]] = []
    block = False
    for raw in text.splitlines():
        line = raw.split("//", 1)[0].strip()
        if not line:
            continue
        if block:
            if line == ")":
                block = False
            elif len(line.split()) >= 2:
                requires.append(tuple(line.split()[:2]))
            continue
        words = line.split()
        if words[0] == "module" and len(words) > 1:
            module = words[1].strip('"')
        elif words[0] == "go" and len(words) > 1:
            go = words[1]
        elif words[0] == "require":
            if words[1:2] == ["("]:
                block = True
            elif len(words) >= 3:
                requires.append((words[1], words[2]))
    return module, go, requires


def _escape(path: str) -> str:
    """The module cache's case escaping: an upper-case letter becomes "!" and the letter."""
    return re.sub(r"[A-Z]", lambda m: "!" + m.group(0).lower(), path)


def _mod_cache(ctx: Context) -> str:
    if ctx.env.get("GOMODCACHE"):
        return ctx.env["GOMODCACHE"]
    gopath = ctx.env.get("GOPATH") or ctx.env.get("HOME", "/root").rstrip("/") + "/go"
    return gopath.split(":")[0] + "/pkg/mod"


def _download(ctx: Context, modules: List[Tuple[str, str]]):
    cache = _mod_cache(ctx)
    for module, version in modules:
        base = f"{cache}/cache/download/{_escape(module)}/@v/{version}"
        if ctx.fs.exists(base + ".zip"):
            continue
        yield from download(ctx, MODULE_ZIP_BYTES)
        ctx.fs.install(base + ".info", regular(f'{{"Version":"{version}","Time":"2022-01-01T00:00:00Z"}}'))
        ctx.fs.install(base + ".mod", regular(f"module {module}\n"))
        ctx.fs.install(base + ".zip", regular(size=MODULE_ZIP_BYTES))
        tree = f"{cache}/{_escape(module)}@{version}"
        ctx.fs.install(f"{tree}/go.mod", regular(f"module {module}\n", 0o444))
        ctx.fs.install(f"{tree}/doc.go", regular(size=MODULE_ZIP_BYTES * 3, mode=0o444))
        ctx.charge(0.02)


def _imports(text: str) -> List[Tuple[int, int, str]]:
    """(line, column, path) of each import in Go source."""
    found = []
    lines = text.splitlines()
    in_block = False
    for number, line in enumerate(lines, 1):
        stripped = line.split("//", 1)[0]
        if in_block:
            if stripped.strip().startswith(")"):
                in_block = False
                continue
            m = re.search(r'"([^"]+)"', stripped)
            if m:
                found.append((number, m.start() + 1, m.group(1)))
            continue
        m = re.match(r'\s*import\s*\(', stripped)
        if m:
            in_block = True
            continue
        m = re.match(r'(\s*import\s+(?:[\w.]+\s+)?)"([^"]+)"', stripped)
        if m:
            found.append((number, len(m.group(1)) + 1, m.group(2)))
    return found


def _standard(path: str) -> bool:
    """The standard library's packages have no dot in their first element."""
    return "." not in path.split("/", 1)[0]


def _sources(ctx: Context, targets: List[str]) -> Optional[List[str]]:
    """The .go files a build reads: the files named, or the package directories' files."""
    files: List[str] = []
    for target in targets or ["."]:
        if target.endswith(".go"):
            files.append(target)
            continue
        directory = target[:-4] if target.endswith("/...") else target
        try:
            names = ctx.fs.readdir(directory, ctx.cwd)
        except FSError:
            return None
        files += [posixpath.join(directory, n) for n in names if n.endswith(".go") and not n.endswith("_test.go")]
    return files


def _build(ctx: Context, args: List[str], run: bool = False):
    output, targets, i = None, [], 0
    while i < len(args):
        word = args[i]
        if word == "-o" and i + 1 < len(args):
            output, i = args[i + 1], i + 2
            continue
        if word.startswith("-o="):
            output = word[3:]
        elif word in ("-v", "-x", "-a", "-race", "-trimpath", "-buildvcs=false", "-mod=mod", "-mod=readonly"):
            pass
        elif word.startswith("-ldflags") or word.startswith("-tags") or word.startswith("-gcflags"):
            if "=" not in word:
                i += 1
        elif word.startswith("-"):
            ctx.stderr.write(f"flag provided but not defined: {word}\nusage: go {'run' if run else 'build'} "
                             "[-o output] [build flags] [packages]\nRun 'go help build' for details.\n")
            return 2
        elif run and targets and not word.endswith(".go"):
            break  # go run: what follows the files is the program's arguments
        else:
            targets.append(word)
        i += 1
    go_mod = _find_go_mod(ctx)
    module, requires = "", []
    if go_mod is not None:
        module, _, requires = parse_go_mod(decode(ctx.fs.read(go_mod)))
    elif not any(t.endswith(".go") for t in targets):
        ctx.stderr.write(f"go: {NO_MOD}\n")
        return 1
    files = _sources(ctx, targets)
    if files is None or not files:
        where = targets[0] if targets else "."
        ctx.stderr.write(f"no Go files in {posixpath.normpath(posixpath.join(ctx.cwd, where))}\n")
        return 1
    imported: Dict[str, None] = {}
    for path in files:
        try:
            text = decode(ctx.fs.read(path, ctx.cwd))
        except FSError:
            ctx.stderr.write(f"stat {posixpath.join(ctx.cwd, path)}: no such file or directory\n")
            return 1
        for line, column, name in _imports(text):
            imported.setdefault(name)
            if _standard(name) or (module and (name == module or name.startswith(module + "/"))):
                continue
            if not any(name == m or name.startswith(m + "/") for m, _ in requires):
                shown = path if not path.startswith("./") else path[2:]
                if go_mod is None:
                    ctx.stderr.write(f"{shown}:{line}:{column}: no required module provides package {name}: "
                                     f"{NO_MOD}\n")
                else:
                    ctx.stderr.write(f"{shown}:{line}:{column}: no required module provides package {name}; "
                                     f"to add it:\n\tgo get {name}\n")
                return 1
    yield from _download(ctx, requires)  # what the build needs and the cache lacks
    yield from ctx.compute(COMPILE_SECONDS + COMPILE_PER_IMPORT * len(imported))
    if output is None:
        first = targets[0] if targets else "."
        output = posixpath.basename(first[:-3]) if first.endswith(".go") else \
            posixpath.basename(module) if first == "." and module else posixpath.basename(first.rstrip("/"))
    name = posixpath.basename(output)
    if run:
        ctx.stderr.write(f"{name}: running a Go program is not simulated by crsim yet\n")
        return 1
    target = posixpath.join(ctx.cwd, output)
    if ctx.fs.exists(target) and ctx.fs.stat(target).kind == DIR:
        target = posixpath.join(target, posixpath.basename(module or name))
    ctx.fs.install(posixpath.normpath(target), regular(size=BINARY_BASE + BINARY_PER_IMPORT * len(imported),
                                                       mode=0o755, program=name))
    return 0


def _version(ctx: Context) -> str:
    return "go" + ctx.env.get("GOLANG_VERSION", "1.22.0")


@program("go")
def go(ctx: Context):
    args = ctx.argv[1:]
    command = args[0] if args else ""
    if command == "version":
        ctx.out(f"go version {_version(ctx)} linux/amd64\n")
        return 0
    if command == "mod" and args[1:2] == ["download"]:
        go_mod = _find_go_mod(ctx)
        if go_mod is None:
            ctx.stderr.write(f"go: {NO_MOD}\n")
            return 1
        _, _, requires = parse_go_mod(decode(ctx.fs.read(go_mod)))
        yield from _download(ctx, requires)
        return 0
    if command in ("build", "install"):
        return (yield from _build(ctx, args[1:]))
    if command == "run":
        return (yield from _build(ctx, args[1:], run=True))
    if not command:
        ctx.stderr.write("Go is a tool for managing Go source code.\n\nUsage:\n\n\tgo <command> [arguments]\n")
        return 2
    ctx.stderr.write(f"go: `go {' '.join(args[:2])}` is not simulated by crsim yet\n")
    return 2
