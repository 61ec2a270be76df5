"""pip in the python images: install, list, uninstall against the built-in PyPI.

Packages go to the interpreter's site-packages under /usr/local/lib (a
``<dist>-<version>.dist-info`` directory each, as pip writes it), so
`pip list` reads what is really there, including the pip the image ships.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from ...proc.api import Context, program
from ...vfs.entry import regular
from .catalogue.pypi import DISTS, canonical
from .common import download, is_root, sized

ROOT_WARNING = ("WARNING: Running pip as the 'root' user can result in broken permissions and conflicting "
                "behaviour with the system package manager, possibly rendering your system unusable. "
                "It is recommended to use a virtual environment instead: https://pip.pypa.io/warnings/venv. "
                "Use the --root-user-action option if you know what you are doing and want to suppress this "
                "warning.\n")
LATEST_PIP = "25.3"


def _site(ctx: Context) -> Optional[str]:
    try:
        names = ctx.fs.readdir("/usr/local/lib")
    except Exception:
        return None
    for name in sorted(names, reverse=True):
        if re.fullmatch(r"python3\.\d+", name) and ctx.fs.exists(f"/usr/local/lib/{name}/site-packages"):
            return f"/usr/local/lib/{name}/site-packages"
    return None


def _installed(ctx: Context, site: str) -> Dict[str, Tuple[str, str]]:
    """canonical name -> (display name, version) from the dist-info directories."""
    result = {}
    for name in ctx.fs.readdir(site):
        match = re.fullmatch(r"(.+)-([^-]+)\.dist-info", name)
        if match:
            display = match.group(1).replace("_", "-")
            result[canonical(display)] = (display, match.group(2))
    return result


def _requirement(text: str) -> str:
    return canonical(re.split(r"[<>=!~;\[ ]", text, 1)[0])


def _wheel(dist) -> str:
    return f"{dist.name.replace('-', '_')}-{dist.version}-{dist.tag}.whl"


def _size(nbytes: int) -> str:
    """pip's (rich's) decimal sizes: "8.5 kB", "103 kB", "1.2 MB"."""
    for unit, factor in (("MB", 1e6), ("kB", 1e3)):
        if nbytes >= factor:
            value = nbytes / factor
            return f"{value:.1f} {unit}" if value < 100 else f"{value:.0f} {unit}"
    return f"{nbytes} bytes"


def install(ctx: Context, site: str, args: List[str]):
    names = [a for a in args if not a.startswith("-")]
    upgrade = "-U" in args or "--upgrade" in args
    installed = _installed(ctx, site)
    plan, order, satisfied = [], [], []
    queue = [(n, None) for n in names]
    seen = set()
    while queue:
        requirement, parent = queue.pop(0)
        key = _requirement(requirement)
        if key in seen:
            continue
        seen.add(key)
        if key in installed and not (upgrade and parent is None):
            display, version = installed[key]
            satisfied.append(f"Requirement already satisfied: {requirement} in {site} "
                             + (f"(from {parent}) " if parent else "") + f"({version})")
            continue
        dist = DISTS.get(key)
        if dist is None:
            ctx.stderr.write(f"ERROR: Could not find a version that satisfies the requirement {requirement} "
                             "(from versions: none)\n")
            ctx.stderr.write(f"ERROR: No matching distribution found for {requirement}\n")
            return 1
        ctx.out(f"Collecting {requirement}" + (f" (from {parent})" if parent else "") + "\n")
        metadata = 1500 + len(dist.requires) * 400
        ctx.out(f"  Downloading {_wheel(dist)}.metadata ({_size(metadata)})\n")
        yield from download(ctx, metadata)
        plan.append(dist)
        queue += [(r, dist.name) for r in dist.requires]
    for line in satisfied:
        ctx.out(line + "\n")
    for dist in plan:
        ctx.out(f"Downloading {_wheel(dist)} ({_size(dist.size)})\n")
        yield from download(ctx, dist.size)
    if not plan:
        if is_root(ctx):
            ctx.out(ROOT_WARNING)
        return 0
    order = list(reversed(plan))
    ctx.out("Installing collected packages: " + ", ".join(d.name for d in order) + "\n")
    for dist in order:
        _unpack(ctx, site, dist)
    done = sorted(plan, key=lambda d: d.name)
    ctx.out("Successfully installed " + " ".join(f"{d.name}-{d.version}" for d in done) + "\n")
    if is_root(ctx):
        ctx.out(ROOT_WARNING)
    return 0


def _unpack(ctx: Context, site: str, dist) -> None:
    info = f"{site}/{dist.name.replace('-', '_')}-{dist.version}.dist-info"
    unpacked = dist.size * 3
    ctx.fs.install(f"{site}/{dist.module}/__init__.py", sized(unpacked))
    ctx.fs.install(f"{info}/METADATA", regular(f"Metadata-Version: 2.4\nName: {dist.name}\n"
                                               f"Version: {dist.version}\n"
                                               + "".join(f"Requires-Dist: {r}\n" for r in dist.requires)))
    ctx.fs.install(f"{info}/INSTALLER", regular("pip\n"))
    ctx.fs.install(f"{info}/WHEEL", regular(f"Wheel-Version: 1.0\nRoot-Is-Purelib: "
                                            f"{'true' if 'none-any' in dist.tag else 'false'}\n"))
    ctx.fs.install(f"{info}/RECORD", sized(120 * 12))
    ctx.fs.install(f"{info}/top_level.txt", regular(dist.module + "\n"))
    for script in dist.scripts:
        ctx.fs.install(f"/usr/local/bin/{script}",
                       regular(f"#!/usr/local/bin/python3\nimport sys\nfrom {dist.module}.cli import main\n"
                               "sys.exit(main())\n", 0o755, program=script))


def uninstall(ctx: Context, site: str, args: List[str]) -> int:
    names = [a for a in args if not a.startswith("-")]
    installed = _installed(ctx, site)
    for name in names:
        key = canonical(name)
        if key not in installed:
            ctx.out(f"WARNING: Skipping {name} as it is not installed.\n")
            continue
        display, version = installed[key]
        ctx.out(f"Found existing installation: {display} {version}\n")
        ctx.out(f"Uninstalling {display}-{version}:\n")
        info = f"{site}/{display.replace('-', '_')}-{version}.dist-info"
        dist = DISTS.get(key)
        for path in ([f"{site}/{dist.module}"] if dist else []) + [info]:
            try:
                for sub, entry in sorted(ctx.fs.walk(path), key=lambda x: -len(x[0])):
                    if entry.is_dir:
                        ctx.fs.rmdir(sub)
                    else:
                        ctx.fs.unlink(sub)
            except Exception:
                pass
        ctx.out(f"  Successfully uninstalled {display}-{version}\n")
    if is_root(ctx):
        ctx.out(ROOT_WARNING)
    return 0


def list_(ctx: Context, site: str) -> int:
    rows = sorted(_installed(ctx, site).values(), key=lambda r: r[0].lower())
    width = max([len("Package")] + [len(r[0]) for r in rows])
    vwidth = max([len("Version")] + [len(r[1]) for r in rows])
    ctx.out(f"{'Package':<{width}} Version\n{'-' * width} {'-' * vwidth}\n")
    for display, version in rows:
        ctx.out(f"{display:<{width}} {version}\n")
    return 0


@program("pip", "pip3")
def pip(ctx: Context):
    site = _site(ctx)
    if site is None:
        ctx.error("this program is not simulated by crsim yet")
        return 127
    args = ctx.argv[1:]
    if args[:2] == ["-m", "pip"]:
        args = args[2:]
    if not args:
        ctx.out("\nUsage:   \n  pip <command> [options]\n")
        return 0
    command, rest = args[0], args[1:]
    if command == "install":
        return (yield from install(ctx, site, rest))
    if command == "uninstall":
        return uninstall(ctx, site, rest)
    if command in ("list", "freeze"):
        if command == "freeze":
            for display, version in sorted(_installed(ctx, site).values()):
                if display != "pip":
                    ctx.out(f"{display}=={version}\n")
            return 0
        return list_(ctx, site)
    ctx.stderr.write(f'ERROR: unknown command "{command}"\n')
    return 1
