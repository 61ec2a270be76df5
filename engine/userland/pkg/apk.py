"""apk: Alpine's package manager (apk-tools 2.14 on v3.19/v3.20, 3.0 on v3.23).

State lives where apk keeps it: /lib/apk/db/installed (one block per package,
written in full the first time apk runs over the minirootfs's short list),
/etc/apk/world (what was asked for) and /var/cache/apk (indexes that
`apk update` saved). Without a saved index each command fetches the
indexes again, as apk does in a container with no cache.
"""

from __future__ import annotations

import hashlib
import time
from typing import Dict, List, Optional, Tuple

from ...proc.api import Context, program
from .catalogue import Package, closure, detect
from .catalogue import alpine as catalogue
from .catalogue.files import APK
from .common import download, is_root, read_text, sized, unpack

DB = "/lib/apk/db/installed"
WORLD = "/etc/apk/world"
CACHE = "/var/cache/apk"
MIB = 1024 * 1024
BIN_DIRS = ("/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/")


def _human(size: int) -> str:
    """apk 3's apk_fmt_human_size: B and KiB whole, MiB and up with one decimal."""
    value, index = float(size), 0
    units = ("B", "KiB", "MiB", "GiB", "TiB")
    whole = size
    while index < len(units) - 1 and value >= 10000:
        value /= 1024
        whole //= 1024
        index += 1
    return f"{whole} {units[index]}" if index < 2 else f"{value:.1f} {units[index]}"


class Apk:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.release = detect(ctx.fs)
        self.branch = self.release.name if self.release else "3.23"
        self.v3 = catalogue.apk_v3(self.branch)
        self.repos = [line.strip() for line in read_text(ctx, "/etc/apk/repositories").splitlines()
                      if line.strip() and not line.startswith("#")]

    # -- output ---------------------------------------------------------------
    def notice(self, text: str) -> None:
        """apk 2's messages go to stdout; apk 3 prints its notices on stderr."""
        (self.ctx.stderr if self.v3 else self.ctx.stdout).write(text + "\n")

    def error(self, text: str) -> None:
        self.ctx.stderr.write(f"ERROR: {text}\n")

    # -- the installed database ---------------------------------------------
    def installed(self) -> List[Tuple[str, str, int]]:
        """(name, version, installed bytes) for each block of the database."""
        result = []
        for block in read_text(self.ctx, DB).split("\n\n"):
            fields = {}
            for line in block.splitlines():
                if len(line) > 1 and line[1] == ":" and line[0] not in fields:
                    fields[line[0]] = line[2:]
            if "P" in fields:
                known = self.release.packages.get(fields["P"]) if self.release else None
                version = fields.get("V") or (known.version if known else "")
                size = int(fields.get("I") or (known.installed if known else 0))
                result.append((fields["P"], version, size))
        return result

    def block(self, package: Package, files: List[str]) -> str:
        lines = [f"P:{package.name}", f"V:{package.version}", "A:x86_64", f"S:{package.download}",
                 f"I:{package.installed}", f"T:{package.description}", f"o:{package.name}"]
        if package.depends:
            lines.append("D:" + " ".join(package.depends))
        directory = None
        for path in sorted(files):
            folder, name = path.rsplit("/", 1)
            if folder != directory:
                lines.append(f"F:{folder.lstrip('/')}")
                directory = folder
            lines.append(f"R:{name}")
        return "\n".join(lines) + "\n\n"

    def ensure_db(self) -> None:
        """Give the minirootfs's name-only blocks their versions and sizes."""
        text = read_text(self.ctx, DB)
        if "\nV:" in text or not self.release:
            return
        blocks = []
        for name, _, _ in self.installed():
            package = self.release.packages.get(name)
            blocks.append(self.block(package, []) if package else f"P:{name}\nA:x86_64\n\n")
        self.ctx.fs.write(DB, "".join(blocks).encode())

    def world(self) -> List[str]:
        return read_text(self.ctx, WORLD).split()

    def set_world(self, names: List[str]) -> None:
        self.ctx.fs.write(WORLD, ("\n".join(sorted(set(names))) + "\n").encode())

    # -- indexes ----------------------------------------------------------------
    def index_path(self, repo: str) -> str:
        digest = hashlib.sha1(repo.encode()).hexdigest()[:8]
        return f"{CACHE}/APKINDEX.{digest}.tar.gz"

    def have_indexes(self) -> bool:
        return bool(self.repos) and all(self.ctx.fs.exists(self.index_path(r)) for r in self.repos)

    def fetch_indexes(self, save: bool):
        for repo in self.repos:
            self.notice(f"fetch {repo}/x86_64/APKINDEX.tar.gz")
            size = 2_500_000 if repo.endswith("/main") else 1_800_000
            yield from download(self.ctx, size // 4)
            if save:
                self.ctx.fs.install(self.index_path(repo), sized(size // 4))

    # -- commands -----------------------------------------------------------------
    def ok_line(self) -> None:
        rows = self.installed()
        total = sum(size for _, _, size in rows)
        size = _human(total) if self.v3 else f"{total // MIB} MiB"
        self.ctx.out(f"OK: {size} in {len(rows)} packages\n")

    def update(self, args):
        yield from self.fetch_indexes(save=True)
        for repo in self.repos:
            self.ctx.out(f"{catalogue.nearest(self.branch)[1]} [{repo}]\n")
        self.ctx.out(f"OK: {catalogue.nearest(self.branch)[2]} distinct packages available\n")
        return 0

    def add(self, names: List[str], no_cache: bool, update: bool, virtual: Optional[str] = None):
        if update or no_cache or not self.have_indexes():
            yield from self.fetch_indexes(save=update and not no_cache)
        self.ensure_db()
        have = {name for name, _, _ in self.installed()}
        missing = [n for n in names if self.release.provides.get(n, n) not in self.release.packages]
        if missing:
            self.error("unable to select packages:")
            for name in missing:
                self.ctx.stderr.write(f"  {name} (no such package):\n    required by: world[{name}]\n")
            return 1
        plan = closure(self.release, names, have, recommends=False)
        if virtual:  # apk's virtual package: dated, empty, depending on what was named
            stamp = time.strftime("%Y%m%d.%H%M%S", time.gmtime(self.ctx.now()))
            plan.append(Package(virtual, stamp, 0, 0, tuple(names), (), "virtual meta package", "noarch"))
        total = len(plan)
        width = len(str(total))
        blocks = []
        for index, package in enumerate(plan, 1):
            counter = f"({index:>{width}}/{total})" if self.v3 else f"({index}/{total})"
            self.ctx.out(f"{counter} Installing {package.name} ({package.version})\n")
            yield from download(self.ctx, package.download)
            script = catalogue.SCRIPTS.get(package.name)
            if script:
                self.ctx.out(f"{'  ' if self.v3 else ''}Executing {package.name}-{package.version}.{script}\n")
            # the files a learner looks at (files.APK), else the commands the index names
            spec = APK.get(package.name) or " ".join(f"{path}@:1" for path in
                                                       self.release.commands.get(package.name, ()))
            files = unpack(self.ctx, package, spec)
            blocks.append(self.block(package, files))
        if blocks:
            self.ctx.fs.write(DB, read_text(self.ctx, DB).encode() + "".join(blocks).encode())
        self.set_world(self.world() + ([virtual] if virtual else names))
        added = {p.name for p in plan}
        versions = {name: version for name, version, _ in self.installed()}
        fired = []
        if plan and any(path.startswith(BIN_DIRS) for block in blocks for path in _paths(block)):
            fired.append("busybox")
        if "ca-certificates" in added or ("ca-certificates" in versions and "curl" in added):
            fired.append("ca-certificates")
        for name in fired:
            if name in versions:
                self.ctx.out(f"Executing {name}-{versions[name]}.trigger\n")
        self.ok_line()
        return 0

    def delete(self, names: List[str]):
        self.ensure_db()
        world = [n for n in self.world() if n not in names]
        rows = self.installed()
        virtuals = _virtual_depends(read_text(self.ctx, DB))
        roots = [dep for n in world for dep in virtuals.get(n, [n])]
        needed = {p.name for p in closure(self.release, roots + list(self.release.base),
                                          set(), recommends=False)} | {n for n in world if n in virtuals}
        removing = [(n, v) for n, v, _ in rows if (n in self.release.packages or n in virtuals)
                    and n not in needed]
        removing.sort(key=lambda row: row[0] not in virtuals)  # the virtual package goes first
        width = len(str(len(removing)))
        for index, (name, version) in enumerate(removing, 1):
            counter = f"({index:>{width}}/{len(removing)})" if self.v3 else f"({index}/{len(removing)})"
            self.ctx.out(f"{counter} Purging {name} ({version})\n")
            for path in _package_files(read_text(self.ctx, DB), name):
                try:
                    self.ctx.fs.unlink(path)
                except Exception:
                    pass
        gone = {n for n, _ in removing}
        text = "".join(b + "\n\n" for b in read_text(self.ctx, DB).split("\n\n")
                       if b.strip() and _name(b) not in gone)
        self.ctx.fs.write(DB, text.encode())
        self.set_world(world)
        if removing:
            versions = {name: version for name, version, _ in self.installed()}
            self.ctx.out(f"Executing busybox-{versions.get('busybox', '')}.trigger\n")
        self.ok_line()
        return 0

    def info(self, args: List[str]) -> int:
        self.ensure_db()
        rows = {name: (version, size) for name, version, size in self.installed()}
        flags = [a for a in args if a.startswith("-")]
        names = [a for a in args if not a.startswith("-")]
        if not names:
            for name in rows:
                self.ctx.out(name + "\n")
            return 0
        for name in names:
            if name not in rows:
                continue
            version, size = rows[name]
            ident = f"{name}-{version}"
            if "-L" in flags or "--contents" in flags:
                self.ctx.out(f"{ident} contains:\n")
                for path in _package_files(read_text(self.ctx, DB), name):
                    self.ctx.out(path.lstrip("/") + "\n")
                self.ctx.out("\n")
                continue
            package = self.release.packages.get(name)
            self.ctx.out(f"{ident} description:\n{package.description if package else ''}\n\n")
            self.ctx.out(f"{ident} installed size:\n{_human(size) if self.v3 else _kib(size)}\n\n")
        return 0

    def search(self, args: List[str]) -> int:
        import fnmatch
        patterns = [a for a in args if not a.startswith("-")] or ["*"]
        for name in sorted(self.release.packages):
            package = self.release.packages[name]
            if any(fnmatch.fnmatch(name, p if "*" in p else f"*{p}*") for p in patterns):
                self.ctx.out(f"{name}-{package.version}\n")
        return 0


def _kib(size: int) -> str:
    return f"{size // 1024} KiB"


def _virtual_depends(db: str) -> Dict[str, List[str]]:
    """Virtual packages in the database (no files, A:noarch ... made by --virtual): their depends."""
    found = {}
    for block in db.split("\n\n"):
        fields = dict((line[0], line[2:]) for line in block.splitlines() if len(line) > 1 and line[1] == ":")
        if fields.get("T") == "virtual meta package":
            found[fields.get("P", "")] = fields.get("D", "").split()
    return found


def _name(block: str) -> Optional[str]:
    for line in block.splitlines():
        if line.startswith("P:"):
            return line[2:]
    return None


def _paths(block: str) -> List[str]:
    paths, folder = [], ""
    for line in block.splitlines():
        if line.startswith("F:"):
            folder = "/" + line[2:]
        elif line.startswith("R:"):
            paths.append(f"{folder}/{line[2:]}")
    return paths


def _package_files(db: str, name: str) -> List[str]:
    for block in db.split("\n\n"):
        if _name(block) == name:
            return _paths(block)
    return []


USAGE = """apk-tools {version}, compiled for x86_64.

usage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]
"""


@program("apk")
def apk(ctx: Context):
    args = list(ctx.argv[1:])
    virtual = None  # --virtual NAME / -t NAME: one name standing for what is added
    for i, arg in enumerate(args):
        if arg in ("--virtual", "-t") and i + 1 < len(args):
            virtual = args[i + 1]
            del args[i:i + 2]
            break
        if arg.startswith("--virtual="):
            virtual = arg.split("=", 1)[1]
            del args[i]
            break
    options = [a for a in args if a.startswith("-")]
    words = [a for a in args if not a.startswith("-")]
    apk_ = Apk(ctx)
    if apk_.release is None or apk_.release.family != "alpine":
        ctx.error("this program is not simulated by crsim yet")
        return 127
    if not words:
        version = "3.0.3" if apk_.v3 else "2.14.4"
        ctx.out(USAGE.format(version=version))
        return 1
    command, rest = words[0], words[1:]
    writes = command in ("add", "del", "update", "upgrade", "fix")
    if writes and not is_root(ctx):
        apk_.error("Unable to lock database: Permission denied")
        apk_.error("Failed to open apk database: Permission denied")
        return 99
    if command == "add":
        if not rest:
            return 0
        status = yield from apk_.add(rest, "--no-cache" in options,
                                     bool({"-U", "--update-cache"} & set(options)), virtual)
        return status
    if command == "del":
        return apk_.delete(rest)
    if command == "update":
        return (yield from apk_.update(rest))
    if command == "info":
        return apk_.info(args[1:])
    if command == "search":
        return apk_.search(rest)
    ctx.stderr.write(f"apk: applet '{command}' is not simulated by crsim yet\n")
    return 1


def _gen(generator):
    result = yield from generator
    return result
