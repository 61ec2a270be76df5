"""Generate an Alpine catalogue (engine/userland/pkg/catalogue/data/alpine-<branch>.tsv.xz)
from APKINDEX files: the index `apk update` fetches (the text file inside
APKINDEX.tar.gz), whole or an excerpt of its records.

Here the source is knqyf263/apkindex-archive (an archive of Alpine's indexes; Alpine's
own mirrors are not reachable from this workplace): alpine/v3.20/main/x86_64/APKINDEX,
of which the records of the packages Dockerfiles ask for and of their dependencies
were taken (`# source:` names the file and commit). Run
    python scripts/gen_alpine_catalogue.py BRANCH REPOSITORY=APKINDEX [REPOSITORY=APKINDEX ...]
e.g. `3.20 main=/tmp/apkindex/v3.20-main.txt`.

Each output line is a package in catalogue.parse_table's form
(name|version|I:|S:|depends||T:|repository), a dependency being the package that
provides it (so:, cmd: and pc: names resolved through the records' p: lines; one no
record provides is left out), then "@provides NAME PACKAGE" for names a package
provides besides its own, and "@commands PACKAGE /usr/bin/CMD..." for its cmd: names
(APKINDEX names commands, not their directory: /usr/bin is where most are).
"""

from __future__ import annotations

import lzma
import os
import re
import sys
from typing import Dict, List, Tuple

OUT = os.path.join(os.path.dirname(__file__), "..", "engine", "userland", "pkg", "catalogue", "data")


def records(text: str) -> List[Dict[str, str]]:
    found = []
    for block in re.split(r"\n\s*\n", text):
        fields = {}
        for line in block.splitlines():
            if len(line) > 2 and line[1] == ":" and not line.startswith("#"):
                fields[line[0]] = line[2:]
        if "P" in fields and "V" in fields:
            found.append(fields)
    return found


def _bare(name: str) -> str:
    return re.split(r"[<>=~]", name, 1)[0]


def generate(branch: str, sources: List[Tuple[str, str]]) -> str:
    packages: Dict[str, Tuple[Dict[str, str], str]] = {}
    for repository, path in sources:
        with open(path, encoding="utf-8") as f:
            for fields in records(f.read()):
                packages[fields["P"]] = (fields, repository)
    providers: Dict[str, str] = {}
    for name, (fields, _) in sorted(packages.items()):
        for token in fields.get("p", "").split():
            providers.setdefault(_bare(token), name)
    lines, provides, commands, unresolved = [], [], [], set()
    for name, (fields, repository) in sorted(packages.items()):
        depends = []
        for token in fields.get("D", "").split():
            if token.startswith("!"):
                continue
            wanted = _bare(token)
            real = wanted if wanted in packages else providers.get(wanted)
            if real is None:
                unresolved.add(wanted)
            elif real != name and real not in depends:
                depends.append(real)
        description = fields.get("T", "").replace("|", "/").strip()
        lines.append(f"{name}|{fields['V']}|{fields.get('I', '0')}|{fields.get('S', '0')}|{' '.join(depends)}||"
                     f"{description}|{repository}")
        cmds = []
        for token in fields.get("p", "").split():
            bare = _bare(token)
            if bare.startswith("cmd:"):
                cmds.append("/usr/bin/" + bare[4:])
            elif not bare.startswith(("so:", "pc:", "py3.", "dbus:")) and bare not in packages:
                provides.append(f"@provides {bare} {name}")
        if cmds:
            commands.append(f"@commands {name} {' '.join(cmds)}")
    os.makedirs(OUT, exist_ok=True)
    with lzma.open(os.path.join(OUT, f"alpine-{branch}.tsv.xz"), "wb", preset=9) as f:
        f.write(("\n".join(lines + sorted(set(provides)) + commands) + "\n").encode())
    return (f"alpine {branch}: {len(lines)} packages, {len(commands)} with commands; "
            f"{len(unresolved)} dependencies no record provides: {' '.join(sorted(unresolved)[:20])}")


if __name__ == "__main__":
    print(generate(sys.argv[1], [tuple(arg.split("=", 1)) for arg in sys.argv[2:]]), file=sys.stderr)
