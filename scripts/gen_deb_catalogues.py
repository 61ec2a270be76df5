"""Generate the apt catalogues (engine/userland/pkg/catalogue/data/<family>-<suite>.tsv.xz).

Sources, as `apt-get update` and apt-file fetch them (amd64):
- Debian: deb.debian.org dists/<suite>{,-updates}/main and debian-security
  <suite>-security/main Packages.xz; dists/<suite>/main/Contents-amd64.gz.
- Ubuntu: archive.ubuntu.com dists/<suite>{,-updates,-security}/{main,universe}
  Packages.xz; dists/<suite>/Contents-amd64.gz.
Put the files in one directory as fetch names them (see SOURCES below) and run
    python scripts/gen_deb_catalogues.py DIR

Each output file holds, one per line:
- a package in catalogue.parse_table's form: name|version|installed bytes|.deb bytes|
  depends|recommends|short description|pocket/section|arch[/req|/imp][!]
  (the newest version among the pockets; a dependency is the first alternative,
  as apt picks it when none is installed; Pre-Depends count as Depends);
- "@provides NAME REAL": a virtual package and the real package apt would take;
- "@commands PACKAGE PATH...": what a package puts in bin/ and sbin/ directories.
"""

from __future__ import annotations

import gzip
import lzma
import os
import re
import sys
from typing import Dict, List, Tuple

OUT = os.path.join(os.path.dirname(__file__), "..", "engine", "userland", "pkg", "catalogue", "data")
# suite -> [(file, pocket)], newest pocket last
SOURCES = {
    ("debian", "bullseye"): ["debian-bullseye-main", "debian-bullseye-updates", "debian-bullseye-security"],
    ("debian", "bookworm"): ["debian-bookworm-main", "debian-bookworm-updates", "debian-bookworm-security"],
    ("debian", "trixie"): ["debian-trixie-main", "debian-trixie-updates", "debian-trixie-security"],
    ("ubuntu", "jammy"): ["ubuntu-jammy-main", "ubuntu-jammy-universe", "ubuntu-jammy-updates-main",
                          "ubuntu-jammy-updates-universe", "ubuntu-jammy-security-main",
                          "ubuntu-jammy-security-universe"],
    ("ubuntu", "noble"): ["ubuntu-noble-main", "ubuntu-noble-universe", "ubuntu-noble-updates-main",
                          "ubuntu-noble-updates-universe", "ubuntu-noble-security-main",
                          "ubuntu-noble-security-universe"],
}
BIN_DIRS = ("usr/bin/", "usr/sbin/", "bin/", "sbin/", "usr/games/")


def stanzas(text: str):
    for block in text.split("\n\n"):
        fields: Dict[str, str] = {}
        key = None
        for line in block.splitlines():
            if line[:1] in (" ", "\t"):
                if key == "Description":
                    continue  # the long description: only the first line is kept
                if key:
                    fields[key] += " " + line.strip()
            elif ":" in line:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
        if "Package" in fields:
            yield fields


def first_names(field: str) -> List[str]:
    names = []
    for clause in filter(None, (c.strip() for c in field.split(","))):
        first = clause.split("|")[0].strip()
        name = re.split(r"[\s(\[<]", first, 1)[0].split(":")[0]
        if name and name not in names:
            names.append(name)
    return names


def version_key(version: str) -> Tuple:
    """Enough of dpkg's ordering to pick the newest of a package's pocket versions."""
    epoch, _, rest = version.rpartition(":")
    parts = re.findall(r"\d+|[^\d]+", rest)
    return (int(epoch or 0),) + tuple((0, int(p)) if p.isdigit() else (1, p.replace("~", " ")) for p in parts)


def pocket_of(name: str) -> str:
    return "security" if "-security" in name else "updates" if "-updates" in name else ""


def table(src: str, files: List[str]) -> Tuple[Dict[str, str], Dict[str, str]]:
    lines: Dict[str, Tuple[Tuple, str]] = {}
    provides: Dict[str, str] = {}
    for name in files:
        path = os.path.join(src, name + ".xz")
        if not os.path.exists(path):
            print(f"missing {path}", file=sys.stderr)
            continue
        text = lzma.open(path, "rt", encoding="utf-8", errors="replace").read()
        for f in stanzas(text):
            package = f["Package"]
            version = f.get("Version", "")
            key = version_key(version)
            if package in lines and lines[package][0] >= key:
                continue
            depends = first_names(", ".join(filter(None, (f.get("Pre-Depends", ""), f.get("Depends", "")))))
            recommends = first_names(f.get("Recommends", ""))
            section = f.get("Section", "misc").split("/")[-1]
            priority = {"required": "/req", "important": "/imp"}.get(f.get("Priority", ""), "")
            arch = f.get("Architecture", "amd64") + priority + ("!" if f.get("Essential") == "yes" else "")
            description = f.get("Description", "").replace("|", "/")
            installed = int(f.get("Installed-Size", "0") or 0) * 1024
            lines[package] = (key, "|".join([package, version, str(installed), f.get("Size", "0"),
                                            " ".join(depends), " ".join(recommends), description,
                                            f"{pocket_of(name)}/{section}", arch]))
            for virtual in first_names(f.get("Provides", "")):
                provides.setdefault(virtual, package)
    return {name: line for name, (_, line) in lines.items()}, provides


def commands(src: str, family: str, suite: str, packages: Dict[str, str]) -> Dict[str, List[str]]:
    path = os.path.join(src, f"{family}-{suite}-contents.gz")
    found: Dict[str, List[str]] = {}
    if not os.path.exists(path):
        return found
    with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
        for line in f:
            if not line.startswith(BIN_DIRS):
                continue
            file, _, owners = line.rstrip("\n").rpartition(" ")
            file = "/" + file.strip()
            if file.count("/") != (3 if file.startswith("/usr/") else 2):
                continue  # only files directly in a bin directory
            for owner in owners.split(","):
                package = owner.rsplit("/", 1)[-1]
                if package in packages:
                    found.setdefault(package, []).append(file)
    return found


def generate(src: str) -> None:
    os.makedirs(OUT, exist_ok=True)
    for (family, suite), files in SOURCES.items():
        packages, provides = table(src, files)
        if not packages:
            continue
        bins = commands(src, family, suite, packages)
        out = [packages[name] + "\n" for name in sorted(packages)]
        out += [f"@provides {v} {r}\n" for v, r in sorted(provides.items()) if v not in packages]
        out += [f"@commands {p} {' '.join(sorted(paths))}\n" for p, paths in sorted(bins.items())]
        # xz: a third smaller than gzip for these tables, and in Python's standard library
        with lzma.open(os.path.join(OUT, f"{family}-{suite}.tsv.xz"), "wb", preset=9) as f:
            f.write("".join(out).encode("utf-8"))
        print(f"{family} {suite}: {len(packages)} packages, {len(provides)} provided names, "
              f"{len(bins)} with commands", file=sys.stderr)


if __name__ == "__main__":
    generate(sys.argv[1] if len(sys.argv) > 1 else "/tmp/src")
