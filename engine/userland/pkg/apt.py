"""apt-get, apt and dpkg on Debian (trixie, bookworm) and Ubuntu (noble, jammy).

A Docker image ships with empty /var/lib/apt/lists, so nothing can be
installed before `apt-get update`; update writes the index files, install
resolves against the catalogue, downloads (simulated time), unpacks into the
container's writable layer and records the packages in /var/lib/dpkg (status,
info/*.list) so that `dpkg -l` and `dpkg -L` see them. apt-get keeps apt's
classic output; `apt` on trixie (apt 3.0) uses the newer "Summary:" layout.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from ...proc.api import Context, program
from .catalogue import Package, Release, closure, detect, human_apt
from .catalogue.files import DEB
from .common import download, is_root, is_sized_only, parse_stanzas, read_text, sized, unpack

LISTS = "/var/lib/apt/lists"
STATUS = "/var/lib/dpkg/status"
INFO = "/var/lib/dpkg/info"
SCREEN = 79 - 3  # apt's ScreenWidth without a terminal, less its margin
DISK_FREE = 58_600_000_000
WARNING = "\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n"

# (mirror, pocket, index download sizes) per release: InRelease then Packages
MIRRORS = {
    "trixie": [("http://deb.debian.org/debian", "trixie", 140_000, 9_679_000),
               ("http://deb.debian.org/debian", "trixie-updates", 47_300, 1_108),
               ("http://deb.debian.org/debian-security", "trixie-security", 43_400, 311_000)],
    "bookworm": [("http://deb.debian.org/debian", "bookworm", 151_000, 8_790_000),
                 ("http://deb.debian.org/debian", "bookworm-updates", 55_400, 6_924),
                 ("http://deb.debian.org/debian-security", "bookworm-security", 34_800, 383_000)],
    "bullseye": [("http://deb.debian.org/debian", "bullseye", 75_100, 8_066_000),
                 ("http://deb.debian.org/debian", "bullseye-updates", 44_000, 18_800),
                 ("http://deb.debian.org/debian-security", "bullseye-security", 27_100, 475_000)],
    "noble": [("http://archive.ubuntu.com/ubuntu", "noble", 256_000, 1_808_000),
              ("http://archive.ubuntu.com/ubuntu", "noble-updates", 126_000, 1_600_000),
              ("http://archive.ubuntu.com/ubuntu", "noble-backports", 126_000, 15_400),
              ("http://security.ubuntu.com/ubuntu", "noble-security", 126_000, 1_200_000)],
    "jammy": [("http://archive.ubuntu.com/ubuntu", "jammy", 270_000, 1_792_000),
              ("http://archive.ubuntu.com/ubuntu", "jammy-updates", 128_000, 3_300_000),
              ("http://archive.ubuntu.com/ubuntu", "jammy-backports", 127_000, 35_000),
              ("http://security.ubuntu.com/ubuntu", "jammy-security", 129_000, 2_900_000)],
}
# files and directories dpkg knows in the image before anything is added
BASE_FILES = {"trixie": 5644, "bookworm": 6088, "bullseye": 6088, "noble": 4381, "jammy": 4389}
CERTIFICATES = {"trixie": 150, "bookworm": 142, "bullseye": 142, "noble": 146, "jammy": 146}


def _wrap(names: List[str]) -> str:
    """apt's classic list: two-space indent, words wrapped before the screen width."""
    out, used = "", 0
    for name in names:
        if used == 0 or used + len(name) >= SCREEN:
            out += "\n  "
            used = 0
        else:
            out += " "
            used += 1
        out += name
        used += len(name)
    return out + "\n"


def _columns(names: List[str], indent: int = 2, width: int = SCREEN) -> str:
    """apt 3's ShowWithColumns: as many columns as fit, filled top to bottom."""
    count = len(names)
    best = 1
    for cols in range(1, count + 1):
        rows = -(-count // cols)
        widths = []
        for col in range(cols):
            chunk = names[col * rows:(col + 1) * rows]
            if not chunk:
                break
            widths.append(max(len(n) for n in chunk) + 2)
        if widths and indent + sum(widths) - 2 < width:
            best = cols
        else:
            break
    rows = -(-count // best)
    widths = [max(len(n) for n in names[c * rows:(c + 1) * rows]) + 2
              for c in range(best) if names[c * rows:(c + 1) * rows]]
    lines = []
    for row in range(rows):
        cells = []
        for col in range(len(widths)):
            index = col * rows + row
            if index < count:
                cells.append(names[index])
        line = " " * indent
        for col, cell in enumerate(cells):
            line += cell if col == len(cells) - 1 else cell.ljust(widths[col])
        lines.append(line)
    return "\n".join(lines) + "\n"


def _deb_name(package: Package) -> str:
    arch = package.arch.split("/")[0]
    return f"{package.name}_{package.version.replace(':', '%3a')}_{arch}.deb"


class Apt:
    def __init__(self, ctx: Context, release: Release, frontend: str):
        self.ctx = ctx
        self.release = release
        self.frontend = frontend  # "apt-get" or "apt"
        self.new_style = frontend == "apt" and release.name == "trixie"

    # -- the dpkg database ----------------------------------------------------
    def status_blocks(self) -> List[Dict[str, str]]:
        if is_sized_only(self.ctx, STATUS) or not read_text(self.ctx, STATUS).strip():
            return [self.status_fields(self.release.packages[n]) for n in self.release.base
                    if n in self.release.packages]
        return parse_stanzas(read_text(self.ctx, STATUS))

    def status_fields(self, package: Package) -> Dict[str, str]:
        arch, _, flags = package.arch.partition("/")
        fields = {"Package": package.name, "Status": "install ok installed"}
        if flags.startswith("req"):
            fields["Priority"] = "required"
        elif flags.startswith("imp"):
            fields["Priority"] = "important"
        else:
            fields["Priority"] = "optional"
        if flags.endswith("!"):
            fields["Essential"] = "yes"
        fields["Section"] = package.origin.partition("/")[2] or "misc"
        fields["Installed-Size"] = str(package.installed // 1024)
        fields["Architecture"] = arch
        fields["Version"] = package.version
        if package.depends:
            fields["Depends"] = ", ".join(package.depends)
        if package.recommends:
            fields["Recommends"] = ", ".join(package.recommends)
        fields["Description"] = package.description
        return fields

    def write_status(self, blocks: List[Dict[str, str]]) -> None:
        text = "".join("".join(f"{k}: {v}\n" for k, v in block.items()) + "\n" for block in blocks)
        old = read_text(self.ctx, STATUS)
        if old and not is_sized_only(self.ctx, STATUS):
            self.ctx.fs.write(STATUS + "-old", old.encode())
        self.ctx.fs.write(STATUS, text.encode())

    def installed(self) -> Dict[str, str]:
        return {b["Package"]: b.get("Version", "") for b in self.status_blocks()
                if b.get("Status", "").endswith(" installed")}

    # -- the lists -------------------------------------------------------------
    def list_files(self) -> List[Tuple[str, int]]:
        files = []
        for mirror, pocket, inrelease, packages in MIRRORS[self.release.name]:
            stem = mirror.split("://", 1)[1].replace("/", "_")
            files.append((f"{LISTS}/{stem}_dists_{pocket}_InRelease", inrelease))
            files.append((f"{LISTS}/{stem}_dists_{pocket}_main_binary-amd64_Packages.lz4", packages * 3))
        return files

    def have_lists(self) -> bool:
        return all(self.ctx.fs.exists(path) for path, _ in self.list_files())

    def reading(self, *steps: str) -> None:
        done = " Done" if self.ctx.stdout.isatty else ""
        for step in steps:
            self.ctx.out(f"{step}...{done}\n")

    # -- commands --------------------------------------------------------------
    def update(self):
        if not is_root(self.ctx):
            self.ctx.stderr.write("E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)\n"
                                  "E: Unable to lock directory /var/lib/apt/lists/\n")
            return 100
        mirrors = MIRRORS[self.release.name]
        total, start = 0, self.ctx.now()
        number = 0
        for mirror, pocket, inrelease, _ in mirrors:
            number += 1
            self.ctx.out(f"Get:{number} {mirror} {pocket} InRelease [{human_apt(inrelease)}]\n")
            yield from download(self.ctx, inrelease)
            total += inrelease
        for mirror, pocket, _, packages in mirrors:
            number += 1
            self.ctx.out(f"Get:{number} {mirror} {pocket}/main amd64 Packages [{human_apt(packages)}]\n")
            yield from download(self.ctx, packages)
            total += packages
        for path, size in self.list_files():
            self.ctx.fs.install(path, sized(size))
        seconds = max(self.ctx.now() - start, 0.001)
        self.ctx.out(f"Fetched {human_apt(total)} in {seconds:.0f}s ({human_apt(total / seconds)}/s)\n")
        self.reading("Reading package lists")
        if self.frontend == "apt":
            self.reading("Building dependency tree", "Reading state information")
            self.ctx.out("All packages are up to date.\n")
        return 0

    def install(self, names: List[str], assume_yes: bool):
        if not is_root(self.ctx):
            self.ctx.stderr.write("E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\n"
                                  "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), "
                                  "are you root?\n")
            return 100
        self.reading("Reading package lists", "Building dependency tree", "Reading state information")
        known = self.have_lists()
        for name in names:
            if not known or self.release.provides.get(name, name) not in self.release.packages:
                self.ctx.stderr.write(f"E: Unable to locate package {name}\n")
                return 100
        blocks = self.status_blocks()
        have = {b["Package"] for b in blocks}
        wanted = [self.release.provides.get(n, n) for n in names]
        for name in wanted:
            if name in have:
                version = self.release.packages[name].version
                self.ctx.out(f"{name} is already the newest version ({version}).\n")
        plan = closure(self.release, wanted, have)
        extras = sorted(p.name for p in plan if p.name not in wanted)
        new = sorted(p.name for p in plan)
        download_size = sum(p.download for p in plan)
        space = sum(p.installed for p in plan)
        if self.new_style:
            requested = sorted(p.name for p in plan if p.name in wanted)
            if requested:
                self.ctx.out("Installing:\n" + _columns(requested) + "\n")
            if extras:
                self.ctx.out("Installing dependencies:\n" + _columns(extras) + "\n")
            self.ctx.out(f"Summary:\n  Upgrading: 0, Installing: {len(plan)}, Removing: 0, Not Upgrading: 0\n")
            if plan:
                self.ctx.out(f"  Download size: {human_apt(download_size)}\n"
                             f"  Space needed: {human_apt(space)} / {human_apt(DISK_FREE)} available\n\n")
        else:
            if extras:
                self.ctx.out("The following additional packages will be installed:" + _wrap(extras))
            if new:
                self.ctx.out("The following NEW packages will be installed:" + _wrap(new))
            self.ctx.out(f"0 upgraded, {len(plan)} newly installed, 0 to remove and 0 not upgraded.\n")
            if plan:
                self.ctx.out(f"Need to get {human_apt(download_size)} of archives.\n"
                             f"After this operation, {human_apt(space)} of additional disk space will be used.\n")
        if not plan:
            return 0
        if extras and not assume_yes:
            self.ctx.out("Do you want to continue? [Y/n] ")
            from ...proc.terminal import read_line
            answer = yield from read_line(self.ctx)
            if answer is None or answer.strip().lower() not in ("", "y", "yes"):
                self.ctx.out("Abort.\n")
                return 1
        return (yield from self.fetch_and_unpack(plan, blocks))

    def pocket(self, package: Package) -> Tuple[str, str]:
        mirrors = MIRRORS[self.release.name]
        pool = package.origin.partition("/")[0]
        if pool == "security":
            mirror, pocket = mirrors[-1][0], mirrors[-1][1]
        else:
            mirror, pocket = mirrors[0][0], mirrors[0][1]
        return mirror, pocket

    def fetch_and_unpack(self, plan: List[Package], blocks: List[Dict[str, str]]):
        start = self.ctx.now()
        for number, package in enumerate(plan, 1):
            mirror, pocket = self.pocket(package)
            arch = package.arch.split("/")[0]
            self.ctx.out(f"Get:{number} {mirror} {pocket}/main amd64 {package.name} {arch} "
                         f"{package.version} [{human_apt(package.download)}]\n")
            yield from download(self.ctx, package.download)
        total = sum(p.download for p in plan)
        seconds = max(self.ctx.now() - start, 0.001)
        self.ctx.out(f"Fetched {human_apt(total)} in {seconds:.0f}s ({human_apt(total / seconds)}/s)\n")
        if any(p.name in ("ca-certificates", "libsasl2-modules", "krb5-locales") for p in plan):
            self.ctx.stderr.write("debconf: delaying package configuration, since apt-utils is not installed\n")
        known_files = BASE_FILES.get(self.release.name, 5000) + self.listed_count()
        width = len(str(len(plan) - 1))
        for index, package in enumerate(plan):
            self.ctx.out(f"Selecting previously unselected package {package.name}.\n")
            if index == 0:
                self.ctx.out(f"(Reading database ... {known_files} files and directories currently installed.)\n")
            deb = _deb_name(package) if len(plan) == 1 else f"{index:0{width}d}-{_deb_name(package)}"
            self.ctx.out(f"Preparing to unpack .../{deb} ...\n")
            self.ctx.out(f"Unpacking {package.name} ({package.version}) ...\n")
            self.unpack(package)
        for package in plan:
            self.ctx.out(f"Setting up {package.name} ({package.version}) ...\n")
            if package.name == "ca-certificates":
                count = CERTIFICATES.get(self.release.name, 146)
                self.ctx.out(f"Updating certificates in /etc/ssl/certs...\n{count} added, 0 removed; done.\n")
        versions = {b["Package"]: b.get("Version", "") for b in blocks}
        if any(p.name.startswith("lib") for p in plan) and "libc-bin" in versions:
            self.ctx.out(f"Processing triggers for libc-bin ({versions['libc-bin']}) ...\n")
        if any(p.name == "ca-certificates" for p in plan):
            version = self.release.packages["ca-certificates"].version
            self.ctx.out(f"Processing triggers for ca-certificates ({version}) ...\n"
                         "Updating certificates in /etc/ssl/certs...\n0 added, 0 removed; done.\n"
                         "Running hooks in /etc/ca-certificates/update.d...\ndone.\n")
        blocks = blocks + [self.status_fields(p) for p in plan]
        self.write_status(sorted(blocks, key=lambda b: b["Package"]))
        self.log(plan)
        return 0

    def listed_count(self) -> int:
        try:
            names = self.ctx.fs.readdir(INFO)
        except Exception:
            return 0
        count = 0
        for name in names:
            if name.endswith(".list"):
                entry = self.ctx.fs.stat(f"{INFO}/{name}")
                if entry.data is not None:
                    count += entry.data.count(b"\n")
        return count

    def unpack(self, package: Package) -> None:
        doc = f"/usr/share/doc/{package.name}"
        # the files a learner looks at (files.DEB), else the commands the archive lists
        spec = DEB.get(package.name) or " ".join(f"{path}@:1" for path in self.release.commands.get(package.name, ()))
        extra = [(f"{doc}/copyright", sized(min(package.installed // 4, 2_400)))]
        if not spec:
            extra.append((f"{doc}/changelog.Debian.gz", sized(max(package.installed - 2_400, 0))))
        paths = unpack(self.ctx, package, spec, extra)
        listing, seen = ["/."], {"/."}
        for path in sorted(paths):
            parts = path.split("/")
            for depth in range(2, len(parts)):
                folder = "/".join(parts[:depth])
                if folder not in seen:
                    seen.add(folder)
                    listing.append(folder)
            listing.append(path)
        self.ctx.fs.install(f"{INFO}/{package.name}.list", _text("\n".join(listing) + "\n"))
        self.ctx.fs.install(f"{INFO}/{package.name}.md5sums", sized(45 * len(paths)))

    def log(self, plan: List[Package]) -> None:
        line = "".join(f"{p.name}:{p.arch.split('/')[0]} ({p.version}), " for p in plan).rstrip(", ")
        history = read_text(self.ctx, "/var/log/apt/history.log") if not is_sized_only(
            self.ctx, "/var/log/apt/history.log") else ""
        args = " ".join(self.ctx.argv[1:])
        history += f"\nStart-Date: 2026-01-12  00:00:00\nCommandline: {self.frontend} {args}\nInstall: {line}\n" \
                   "End-Date: 2026-01-12  00:00:00\n"
        self.ctx.fs.write("/var/log/apt/history.log", history.encode())
        states = read_text(self.ctx, "/var/lib/apt/extended_states") if not is_sized_only(
            self.ctx, "/var/lib/apt/extended_states") else ""
        wanted = {self.release.provides.get(n, n) for n in self.ctx.argv[1:]}
        for package in plan:
            if package.name not in wanted:
                states += f"Package: {package.name}\nArchitecture: amd64\nAuto-Installed: 1\n\n"
        self.ctx.fs.write("/var/lib/apt/extended_states", states.encode())

    def remove(self, names: List[str], purge: bool, assume_yes: bool):
        if not is_root(self.ctx):
            self.ctx.stderr.write("E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\n"
                                  "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), "
                                  "are you root?\n")
            return 100
        self.reading("Reading package lists", "Building dependency tree", "Reading state information")
        blocks = self.status_blocks()
        have = {b["Package"]: b for b in blocks}
        gone = []
        for name in names:
            if name not in have:
                if self.release.provides.get(name, name) in self.release.packages:
                    self.ctx.out(f"Package '{name}' is not installed, so not removed\n")
                    continue
                self.ctx.stderr.write(f"E: Unable to locate package {name}\n")
                return 100
            gone.append(name)
        if gone:
            marked = [n + ("*" if purge else "") for n in sorted(gone)]
            self.ctx.out("The following packages will be REMOVED:" + _wrap(marked))
        freed = sum(int(have[n].get("Installed-Size", "0")) * 1024 for n in gone)
        self.ctx.out(f"0 upgraded, 0 newly installed, {len(gone)} to remove and 0 not upgraded.\n")
        if not gone:
            return 0
        self.ctx.out(f"After this operation, {human_apt(freed)} disk space will be freed.\n")
        known = BASE_FILES.get(self.release.name, 5000) + self.listed_count()
        self.ctx.out(f"(Reading database ... {known} files and directories currently installed.)\n")
        for name in gone:
            self.ctx.out(f"Removing {name} ({have[name].get('Version', '')}) ...\n")
            for path in reversed(read_text(self.ctx, f"{INFO}/{name}.list").splitlines()):
                try:
                    entry = self.ctx.fs.lstat(path)
                    if entry.is_dir:
                        if not self.ctx.fs.readdir(path):
                            self.ctx.fs.rmdir(path)
                    else:
                        self.ctx.fs.unlink(path)
                except Exception:
                    pass
            for suffix in (".list", ".md5sums"):
                try:
                    self.ctx.fs.unlink(f"{INFO}/{name}{suffix}")
                except Exception:
                    pass
        self.write_status([b for b in blocks if b["Package"] not in gone])
        return 0


def _text(content: str):
    from ...vfs.entry import regular
    return regular(content, 0o644)


_WITH_VALUE = ("-o", "--option", "-t", "--target-release", "-c", "--config-file")


def _options(args: List[str]) -> Tuple[List[str], set]:
    words, flags = [], set()
    skip = False
    for arg in args:
        if skip:  # the value of -o/-t/-c (APT::Get::...=..., a release, a file)
            skip = False
        elif arg in _WITH_VALUE:
            skip = True
        elif arg.startswith("--"):
            flags.add(arg.split("=", 1)[0])
        elif arg.startswith("-") and len(arg) > 1:
            if arg[:2] in ("-o", "-t", "-c"):
                continue  # -oAPT::...=value
            flags.update(f"-{c}" for c in arg[1:])
        else:
            words.append(arg)
    return words, flags


def _release(ctx: Context) -> Optional[Release]:
    release = detect(ctx.fs)
    if release is None or release.family not in ("debian", "ubuntu"):
        return None
    return release


def _frontend(ctx: Context, frontend: str):
    release = _release(ctx)
    if release is None:
        ctx.error("this program is not simulated by crsim yet")
        return 127
    words, flags = _options(ctx.argv[1:])
    if frontend == "apt":
        ctx.stderr.write(WARNING)
    if not words:
        ctx.out(f"{frontend}: no command given (see {frontend} --help)\n" if frontend == "apt-get" else "")
        return 1
    apt = Apt(ctx, release, frontend)
    command, names = words[0], words[1:]
    yes = bool({"-y", "--yes", "--assume-yes"} & flags)
    if command == "update":
        return (yield from apt.update())
    if command == "install":
        if "--update" in flags:  # apt 3 (trixie): refresh the lists first
            status = yield from apt.update()
            if status:
                return status
        return (yield from apt.install(names, yes))
    if command in ("upgrade", "dist-upgrade", "full-upgrade", "autoremove"):
        ctx.out("Reading package lists...\nBuilding dependency tree...\nReading state information...\n")
        if command != "autoremove":
            ctx.out("Calculating upgrade...\n")
        ctx.out("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
        return 0
    if command in ("remove", "purge"):
        return apt.remove(names, command == "purge" or "--purge" in flags, yes)
    if command in ("clean", "autoclean", "dist-clean", "distclean"):
        return 0
    ctx.stderr.write(f"E: Invalid operation {command}\n")
    return 100


@program("apt-get")
def apt_get(ctx: Context):
    return (yield from _frontend(ctx, "apt-get"))


@program("apt")
def apt(ctx: Context):
    return (yield from _frontend(ctx, "apt"))


@program("dpkg", "dpkg-query")
def dpkg(ctx: Context) -> int:
    release = _release(ctx)
    if release is None:
        ctx.error("this program is not simulated by crsim yet")
        return 127
    args = ctx.argv[1:]
    apt = Apt(ctx, release, "apt-get")
    query = "dpkg-query"
    if args and args[0] in ("-l", "--list"):
        blocks = apt.status_blocks()
        patterns = args[1:]
        if patterns:
            import fnmatch
            chosen = [b for b in blocks if any(fnmatch.fnmatch(b["Package"], p) for p in patterns)]
            missing = [p for p in patterns if not any(fnmatch.fnmatch(b["Package"], p) for b in blocks)]
        else:
            chosen, missing = blocks, []
        if chosen:
            rows = [(b["Package"], b.get("Version", ""), b.get("Architecture", ""),
                     b.get("Description", "").split("\n")[0]) for b in chosen]
            nw = max(len("Name"), *(len(r[0]) for r in rows))
            vw = max(len("Version"), *(len(r[1]) for r in rows))
            aw = max(len("Architecture"), *(len(r[2]) for r in rows))
            dw = max(len("Description"), *(len(r[3]) for r in rows))
            ctx.out("Desired=Unknown/Install/Remove/Purge/Hold\n"
                    "| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend\n"
                    "|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)\n")
            ctx.out(f"||/ {'Name':<{nw}} {'Version':<{vw}} {'Architecture':<{aw}} Description\n")
            ctx.out(f"+++-{'=' * nw}-{'=' * vw}-{'=' * aw}-{'=' * dw}\n")
            for name, version, arch, description in rows:
                ctx.out(f"ii  {name:<{nw}} {version:<{vw}} {arch:<{aw}} {description}\n")
        for pattern in missing:
            ctx.stderr.write(f"{query}: no packages found matching {pattern}\n")
        return 1 if missing else 0
    if args and args[0] in ("-L", "--listfiles"):
        status = 0
        have = {b["Package"] for b in apt.status_blocks()}
        for name in args[1:]:
            if is_sized_only(ctx, f"{INFO}/{name}.list"):
                # the image declares the file's size, not which files the package owns
                ctx.stderr.write(f"{query}: the file list of '{name}' is not simulated by crsim "
                                 "yet\n")
                status = 1
                continue
            listing = read_text(ctx, f"{INFO}/{name}.list")
            if listing:
                ctx.out(listing)
            elif name in have:
                ctx.out("/.\n")
            else:
                ctx.stderr.write(f"{query}: package '{name}' is not installed\n"
                                 "Use dpkg --contents (= dpkg-deb --contents) to list archive files contents.\n")
                status = 1
        return status
    if args[:1] == ["--print-architecture"]:
        ctx.out("amd64\n")
        return 0
    if args and args[0] in ("-s", "--status"):
        for name in args[1:]:
            block = next((b for b in apt.status_blocks() if b["Package"] == name), None)
            if block is None:
                ctx.stderr.write(f"{query}: package '{name}' is not installed and no information is available\n")
                return 1
            ctx.out("".join(f"{k}: {v}\n" for k, v in block.items()))
        return 0
    ctx.stderr.write("dpkg: this option is not simulated by crsim yet\n")
    return 2


EXTENDED_STATES = "/var/lib/apt/extended_states"


def _auto_marked(ctx: Context) -> set:
    return {b["Package"] for b in parse_stanzas(read_text(ctx, EXTENDED_STATES)) if b.get("Auto-Installed") == "1"}


@program("apt-mark")
def apt_mark(ctx: Context) -> int:
    """Which packages were installed on request (manual) or as dependencies (auto):
    /var/lib/apt/extended_states lists the automatic ones; hold is not simulated."""
    release = _release(ctx)
    if release is None:
        ctx.error("this program is not simulated by crsim yet")
        return 127
    words, _ = _options(ctx.argv[1:])
    if not words:
        ctx.out(f"apt {'3.0.3' if release.name == 'trixie' else '2.6.1'} (amd64)\n"
                "Usage: apt-mark [options] {auto|manual} pkg1 [pkg2 ...]\n")
        return 1
    command, names = words[0], words[1:]
    installed = [b["Package"] for b in Apt(ctx, release, "apt-get").status_blocks()]
    auto = _auto_marked(ctx)
    if command in ("showmanual", "showauto"):
        chosen = [n for n in installed if (n in auto) == (command == "showauto")]
        if names:
            chosen = [n for n in chosen if n in names]
        ctx.out("".join(f"{n}\n" for n in sorted(chosen)))
        return 0
    if command in ("auto", "manual", "minimize-manual"):
        import fnmatch
        import re as _re
        chosen = []
        for name in names:
            if any(c in name for c in "*?[]().^$+"):
                try:
                    pattern = _re.compile(name)
                    chosen += [n for n in installed if pattern.search(n)]
                except _re.error:
                    chosen += fnmatch.filter(installed, name)
            elif name in installed:
                chosen.append(name)
            else:
                ctx.stderr.write(f"E: Unable to locate package {name}\n")
                return 100
        for name in dict.fromkeys(chosen):
            if command == "auto":
                if name in auto:
                    ctx.out(f"{name} was already set to automatically installed.\n")
                else:
                    ctx.out(f"{name} set to automatically installed.\n")
                auto.add(name)
            else:
                if name in auto:
                    ctx.out(f"{name} set to manually installed.\n")
                else:
                    ctx.out(f"{name} was already set to manually installed.\n")
                auto.discard(name)
        ctx.fs.install(EXTENDED_STATES, _text("".join(
            f"Package: {n}\nArchitecture: amd64\nAuto-Installed: 1\n\n" for n in sorted(auto))))
        return 0
    if command in ("hold", "unhold", "showhold"):
        return 0
    ctx.stderr.write(f"E: Invalid operation {command}\n")
    return 100

