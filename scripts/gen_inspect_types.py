"""Write shell/render/inspect_types.json: the Go types `docker inspect` executes a --format
template on first (container.InspectResponse, image.InspectResponse, network.Inspect,
volume.Volume), field by field: Go name, JSON key, Go type, embedded or not, omitempty.

Source: the API types docker/cli v28.2.2 vendors (github.com/docker/docker/api/types and
the packages they use), read from a snapshot of the docker/cli repository:

    python3 scripts/gen_inspect_types.py /work/.mirror/docker+cli/repo

Only declarations are read: `type Name struct {...}` blocks and `type Name T` definitions.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

TAG = "v28.2.2"
VENDOR = "vendor/github.com"
# Go package directory -> the package name Go prints in type names
PACKAGES = {
    "docker/docker/api/types/container": "container",
    "docker/docker/api/types/image": "image",
    "docker/docker/api/types/network": "network",
    "docker/docker/api/types/volume": "volume",
    "docker/docker/api/types/mount": "mount",
    "docker/docker/api/types/storage": "storage",
    "docker/docker/api/types/strslice": "strslice",
    "docker/docker/api/types/blkiodev": "blkiodev",
    "docker/docker/api/types/swarm": "swarm",
    "docker/go-connections/nat": "nat",
    "docker/go-units": "units",
    "opencontainers/image-spec/specs-go/v1": "v1",
}
ROOTS = ("container.InspectResponse", "image.InspectResponse", "network.Inspect", "volume.Volume")
BUILTIN = {"string", "bool", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16",
           "uint32", "uint64", "float32", "float64", "byte", "rune", "any", "error"}
OUT = os.path.join(os.path.dirname(__file__), "..", "shell", "render", "inspect_types.json")

TYPE_BLOCK = re.compile(r"^type (\w+) struct \{\n(.*?)^\}", re.M | re.S)
TYPE_LINE = re.compile(r"^type (\w+) (=\s*)?([^\s{][^\n/]*?)\s*(?://.*)?$", re.M)
FIELD = re.compile(r"^\s*(\w+(?:\s*,\s*\w+)*)\s+([^`\s][^`]*?)\s*(`[^`]*`)?\s*(?://.*)?$")
EMBEDDED = re.compile(r"^\s*(\*?[\w.]+)\s*(`[^`]*`)?\s*(?://.*)?$")


def _git(repo: str, *args: str) -> str:
    return subprocess.run(["git", "-C", repo, *args], capture_output=True, text=True,
                          check=True).stdout


def _qualify(expr: str, package: str, imports: dict, local: set) -> str:
    """A type expression with every named type given its package ("State" ->
    "container.State", "nat.PortMap" kept, "ocispec.Descriptor" -> "v1.Descriptor")."""
    def name(found) -> str:
        word = found.group(0)
        if "." in word:
            alias, _, rest = word.partition(".")
            return f"{imports.get(alias, alias)}.{rest}"
        if word in BUILTIN or word in ("map", "interface", "struct", "func", "chan"):
            return word
        return f"{package}.{word}" if word in local else word
    return re.sub(r"[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)?", name, expr.replace("interface{}", "any"))


def _imports(source: str) -> dict:
    """import alias -> package name, for the packages we read."""
    found = {}
    for alias, path in re.findall(r'^\s*(\w+\s+)?"([^"]+)"', source, re.M):
        for directory, name in PACKAGES.items():
            if path.endswith(directory):
                found[(alias or "").strip() or path.rsplit("/", 1)[-1]] = name
    return found


def read_types(repo: str) -> dict:
    types = {}
    for directory, package in PACKAGES.items():
        path = f"{VENDOR}/{directory}"
        files = [f for f in _git(repo, "ls-tree", "--name-only", f"{TAG}:{path}").split()
                 if f.endswith(".go") and not f.endswith("_test.go")
                 and not f.endswith("_windows.go")]
        sources = [_git(repo, "show", f"{TAG}:{path}/{f}") for f in files]
        local = {m.group(1) for s in sources for m in TYPE_BLOCK.finditer(s)}
        local |= {m.group(1) for s in sources for m in TYPE_LINE.finditer(s)}
        for source in sources:
            imports = _imports(source)
            for block in TYPE_BLOCK.finditer(source):
                fields = []
                for line in block.group(2).splitlines():
                    if not line.strip() or line.strip().startswith("//"):
                        continue
                    embedded = EMBEDDED.match(line)
                    field = FIELD.match(line)
                    if embedded and not field:
                        gotype = _qualify(embedded.group(1), package, imports, local)
                        fields.append([gotype.lstrip("*").split(".")[-1], "", gotype, True, False])
                        continue
                    if not field:
                        continue
                    tag = re.search(r'json:"([^"]*)"', field.group(3) or "")
                    gotype = _qualify(field.group(2), package, imports, local)
                    omitempty = bool(tag) and "omitempty" in tag.group(1).split(",")[1:]
                    for goname in re.split(r"\s*,\s*", field.group(1)):
                        key = tag.group(1).split(",")[0] if tag else ""
                        if key == "-" or not goname[0].isupper():
                            key = None if key == "-" else key
                        fields.append([goname, goname if key == "" else key, gotype, False,
                                       omitempty])
                types[f"{package}.{block.group(1)}"] = {"fields": fields}
            for line in TYPE_LINE.finditer(source):
                name, underlying = line.group(1), line.group(3).strip()
                if underlying.startswith(("struct", "interface", "func")) or "(" in underlying:
                    continue
                types.setdefault(f"{package}.{name}",
                                 {"underlying": _qualify(underlying, package, imports, local)})
    return types


def reachable(types: dict) -> dict:
    """Only the types the inspect documents reach."""
    keep, todo = {}, list(ROOTS)
    while todo:
        name = todo.pop()
        if name in keep or name not in types:
            continue
        keep[name] = types[name]
        exprs = [f[2] for f in types[name].get("fields", [])] + [types[name].get("underlying", "")]
        for expr in exprs:
            todo += re.findall(r"[a-z0-9]+\.[A-Z]\w*", expr)
    return dict(sorted(keep.items()))


def main() -> None:
    repo = sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror/docker+cli/repo"
    types = reachable(read_types(repo))
    document = {"source": f"docker/cli {TAG}, vendored API types", "types": types}
    with open(OUT, "w") as handle:
        json.dump(document, handle, indent=1)
        handle.write("\n")
    print(f"{len(types)} types -> {OUT}")


if __name__ == "__main__":
    main()
