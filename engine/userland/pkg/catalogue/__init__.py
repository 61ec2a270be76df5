"""The built-in package catalogue that apk, apt-get/dpkg and pip install from.

One module per family holds its data as compact text tables (one line per
package, one place per fact): ``alpine`` (3.19, 3.20, 3.23), ``debian``
(trixie, bookworm), ``ubuntu`` (noble, jammy) and ``pypi``. ``files`` says
which files a package puts where (binaries name the simulated program they
run); everything else about installing lives in the programs (``apk``, ``apt`` and
``pip`` beside this package).

A table line reads ``name|version|installed|download|depends|recommends|description``
with sizes in bytes, names separated by spaces; the base packages of an image
are the names listed in the release's ``BASE`` (they are "already installed").
"""

from __future__ import annotations

from typing import Dict, Iterable, List, NamedTuple, Optional, Tuple

from ....vfs.entry import regular, symlink
from ....vfs.errno import FSError


class Package(NamedTuple):
    name: str
    version: str
    installed: int  # bytes once unpacked (apk's I:, dpkg's Installed-Size * 1024)
    download: int  # bytes of the .apk/.deb
    depends: Tuple[str, ...]
    recommends: Tuple[str, ...]
    description: str
    arch: str = "amd64"
    origin: str = ""  # the pocket/repository it comes from (trixie-security, community...)


def parse_table(text: str, arch: str = "amd64") -> Dict[str, Package]:
    """Read a catalogue table (see the module docstring)."""
    table: Dict[str, Package] = {}
    for line in text.strip().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split("|")
        name, version, installed, download, depends, recommends, description = fields[:7]
        origin = fields[7] if len(fields) > 7 else ""
        package_arch = fields[8] if len(fields) > 8 else arch
        table[name] = Package(name, version, int(installed), int(download),
                              tuple(depends.split()), tuple(recommends.split()),
                              description, package_arch, origin)
    return table


class Release(NamedTuple):
    """One distribution release: what it offers and what its image has installed."""
    family: str  # "alpine", "debian" or "ubuntu"
    name: str  # "3.19", "trixie", "noble"
    packages: Dict[str, Package]
    base: Tuple[str, ...]
    provides: Dict[str, str]  # virtual or other name -> real package ("procps" -> "procps-ng")
    commands: Dict[str, Tuple[str, ...]] = {}  # package -> what it puts in bin directories


def detect(fs) -> Optional[Release]:
    """The release a container's root file system is, from its release files."""
    try:
        alpine = fs.read("/etc/alpine-release").decode().strip()
    except FSError:
        alpine = None
    if alpine:
        from . import alpine as module
        return module.release(".".join(alpine.split(".")[:2]))
    try:
        os_release = fs.read("/etc/os-release").decode()
    except FSError:
        return None
    fields = dict(line.split("=", 1) for line in os_release.splitlines() if "=" in line)
    codename = fields.get("VERSION_CODENAME", "").strip('"')
    family = fields.get("ID", "").strip('"')
    if family == "debian":
        from . import debian as module
    elif family == "ubuntu":
        from . import ubuntu as module
    else:
        return None
    return module.release(codename)


def closure(release: Release, wanted: Iterable[str], installed: Iterable[str],
            recommends: bool = True) -> List[Package]:
    """What has to be added so that ``wanted`` is installed: dependencies first.

    Recommends count like depends (apt's default; apk has none). The order is
    a depth-first post-order, which is how both tools unpack libraries before
    the programs that need them.
    """
    have = set(installed)
    order: List[Package] = []
    seen = set()

    def visit(name: str) -> None:
        name = release.provides.get(name, name)
        if name in seen or name in have:
            return
        seen.add(name)
        package = release.packages.get(name)
        if package is None:
            return
        for dep in package.depends + (package.recommends if recommends else ()):
            visit(dep)
        order.append(package)

    for name in wanted:
        visit(name)
    return order


def write_files(fs, entries) -> List[str]:
    """Unpack (path, entry) pairs into the container; the paths written."""
    written = []
    for path, entry in entries:
        fs.install(path, entry)
        written.append(path)
    return written


def spec_entries(spec: str, texts: Dict[str, str], scale: float = 1.0):
    """(path, entry) pairs from a file spec (see ``files``)."""
    for token in spec.split():
        if "->" in token:
            path, target = token.split("->", 1)
            yield path, symlink(target)
        elif "=" in token:
            path, key = token.split("=", 1)
            yield path, regular(texts[key], 0o644)
        else:
            path, _, size = token.rpartition(":")
            mode = 0o644
            program = None
            if "@" in path:
                path, program = path.split("@", 1)
                program = program or path.rsplit("/", 1)[-1]
                mode = 0o755
            yield path, regular(None, mode, size=max(1, int(int(size) * scale)), program=program)


def declared_size(spec: str) -> int:
    total = 0
    for token in spec.split():
        if "->" in token or "=" in token:
            continue
        total += int(token.rpartition(":")[2])
    return total


def human_apt(size: float) -> str:
    """apt's SizeToStr plus its unit: "0 B", "791 kB", "10.2 MB" (decimal, C locale)."""
    value, index = float(abs(size)), 0
    while True:
        if value < 100 and index:
            return f"{value:.1f} {' kMGTPEZY'[index]}B"
        if value < 10000 or index == 8:
            return f"{value:.0f} {' kMGTPEZY'[index]}B".replace("  ", " ")
        value /= 1000.0
        index += 1
