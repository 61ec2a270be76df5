"""pip in the python images: install, list, uninstall against the built-in PyPI.

Packages go to the interpreter's site-packages under /usr/local/lib (a
``<dist>-<version>.dist-info`` directory each, as pip writes it), so
`pip list` reads what is really there, including the pip the image ships.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from ...proc.api import Context, program
from ...vfs.entry import regular, symlink
from ...proc.api import decode
from ...vfs.errno import FSError
from .catalogue.pypi import Dist, lookup
from .common import download, is_root, sized
from .requirements import (Requirement, RequirementError, canonical, marker_true, parse, read_file,
                           satisfies, version_key)

ROOT_WARNING = ("WARNING: Running pip as the 'root' user can result in broken permissions and conflicting "
                "behaviour with the system package manager, possibly rendering your system unusable. "
                "It is recommended to use a virtual environment instead: https://pip.pypa.io/warnings/venv. "
                "Use the --root-user-action option if you know what you are doing and want to suppress this "
                "warning.\n")
LATEST_PIP = "25.3"


def _venv(ctx: Context) -> Optional[str]:
    """The virtual environment this pip belongs to: the one its path is in (/venv/bin/pip),
    else the one activated ($VIRTUAL_ENV) - its own site-packages."""
    called = ctx.argv[0] if ctx.argv else ""
    candidates = [called.rsplit("/bin/", 1)[0]] if "/bin/" in called else []
    candidates.append(ctx.env.get("VIRTUAL_ENV", ""))
    for root in filter(None, candidates):
        if ctx.fs.exists(f"{root}/pyvenv.cfg"):
            try:
                names = ctx.fs.readdir(f"{root}/lib")
            except FSError:
                continue
            for name in sorted(names, reverse=True):
                if re.fullmatch(r"python3\.\d+", name):
                    return f"{root}/lib/{name}/site-packages"
    return None


def _site(ctx: Context) -> Optional[str]:
    venv = _venv(ctx)
    if venv:
        return venv
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
    try:
        names = ctx.fs.readdir(site)
    except FSError:  # --user before anything was installed there
        names = []
    for name in names:
        match = re.fullmatch(r"(.+)-([^-]+)\.dist-info", name)
        if match:
            display = match.group(1).replace("_", "-")
            result[canonical(display)] = (display, match.group(2))
    return result


def _wheel(dist, version: str) -> str:
    return f"{dist.name.replace('-', '_')}-{version}-{dist.tag}.whl"


def _size(nbytes: int) -> str:
    """pip's (rich's) decimal sizes: "8.5 kB", "103 kB", "1.2 MB"."""
    for unit, factor in (("MB", 1e6), ("kB", 1e3)):
        if nbytes >= factor:
            value = nbytes / factor
            return f"{value:.1f} {unit}" if value < 100 else f"{value:.0f} {unit}"
    return f"{nbytes} bytes"


def _python_version(ctx: Context, site: str) -> str:
    version = ctx.env.get("PYTHON_VERSION", "")
    if version:
        return version
    minor = re.search(r"python(3\.\d+)", site)
    return (minor.group(1) + ".0") if minor else "3.12.0"


def _markers(ctx: Context, site: str) -> Dict[str, str]:
    full = _python_version(ctx, site)
    return {"python_version": ".".join(full.split(".")[:2]), "python_full_version": full,
            "sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
            "platform_machine": "x86_64", "implementation_name": "cpython",
            "platform_python_implementation": "CPython", "extra": ""}


class PipError(Exception):
    """A failure pip reports with its ERROR: lines and status."""

    def __init__(self, lines: List[str], status: int = 1):
        super().__init__(lines[0] if lines else "")
        self.lines, self.status = lines, status


def _choose(req: Requirement, dist) -> str:
    """The version pip would pick: the newest one that satisfies the specifiers. Only the newest
    release is known here; an older one a specifier names (==, ~=, >=) is taken to exist."""
    if satisfies(dist.version, req.specs):
        return dist.version
    for op, version in req.specs:
        if op in ("==", "===", "~=", ">=") and not version.endswith(".*") \
                and version_key(version) <= version_key(dist.version) and satisfies(version, req.specs):
            return version
    raise PipError([f"ERROR: Could not find a version that satisfies the requirement {req.text} "
                    f"(from versions: {dist.version})",
                    f"ERROR: No matching distribution found for {req.text}"])


def _no_such(req: Requirement) -> PipError:
    return PipError([f"ERROR: Could not find a version that satisfies the requirement {req.text} "
                     "(from versions: none)",
                     f"ERROR: No matching distribution found for {req.text}"])


def _read_requirements(ctx: Context, path: str, seen: Tuple[str, ...] = ()) -> List[Requirement]:
    try:
        text = decode(ctx.fs.read(path, ctx.cwd))
    except FSError as e:
        raise PipError([f"ERROR: Could not open requirements file: [Errno {e.errno}] {e.strerror()}: '{path}'"])
    reqs: List[Requirement] = []
    for line in read_file(text):
        origin = f"-r {path} (line {line.number})"
        if line.kind == "req":
            try:
                reqs.append(parse(line.value, origin))
            except RequirementError:
                raise PipError([f"ERROR: Invalid requirement: '{line.value}' (from line {line.number} of {path})"])
        elif line.kind == "option" and line.value in ("-r", "--requirement") and path not in seen:
            nested = line.argument if line.argument.startswith("/") else \
                f"{path.rpartition('/')[0] or '.'}/{line.argument}" if "/" in path else line.argument
            reqs += _read_requirements(ctx, nested, seen + (path,))
        elif line.kind in ("editable", "path"):
            reqs.append(Requirement(line.value, "", (), (), "", origin))
    return reqs


def _local_project(ctx: Context, path: str) -> Tuple[str, str, List[str]]:
    """(name, version, requirements) of a project directory, from pyproject.toml or setup.py/cfg."""
    base = path.rstrip("/") or "/"
    name, version, deps = "", "0.0.0", []
    for candidate in ("pyproject.toml", "setup.cfg", "setup.py"):
        try:
            text = decode(ctx.fs.read(f"{base}/{candidate}", ctx.cwd))
        except FSError:
            continue
        m = re.search(r"""^\s*name\s*[=:]\s*['"]?([A-Za-z0-9._-]+)""", text, re.M)
        name = name or (m.group(1) if m else "")
        m = re.search(r"""^\s*version\s*[=:]\s*['"]?([0-9][^'"\s,]*)""", text, re.M)
        version = m.group(1) if m else version
        block = re.search(r"(?:dependencies|install_requires)\s*=\s*\[(.*?)\]", text, re.S)
        if block:
            deps += re.findall(r"""['"]([^'"]+)['"]""", block.group(1))
    if not name:
        raise PipError([f"ERROR: Directory '{path}' is not installable. Neither 'setup.py' nor "
                        "'pyproject.toml' found."])
    return name, version, deps


def install(ctx: Context, site: str, args: List[str]):
    try:
        options, names = _install_options(args)
        return (yield from _install(ctx, site, options, names))
    except PipError as e:
        for line in e.lines:
            ctx.stderr.write(line + "\n")
        return e.status


_FLAGS = {"-U", "--upgrade", "--no-cache-dir", "--user", "-q", "--quiet", "--no-deps", "--pre",
          "--disable-pip-version-check", "--no-warn-script-location", "--force-reinstall", "--prefer-binary",
          "--no-compile", "--break-system-packages", "--ignore-installed", "-I", "--no-input", "--isolated",
          "--no-build-isolation", "--compile", "--require-hashes", "--no-color", "-v", "--verbose", "-qq",
          "--only-binary=:all:", "--no-warn-conflicts"}
_WITH_VALUE = {"-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url",
               "--extra-index-url", "--trusted-host", "-f", "--find-links", "--root-user-action", "--progress-bar",
               "-t", "--target", "--prefix", "--root", "--timeout", "--retries", "--only-binary", "--no-binary",
               "--platform", "--python-version", "--implementation", "--abi", "--upgrade-strategy", "--cache-dir",
               "--src", "--log", "--proxy", "--cert", "--client-cert", "--config-settings", "-C",
               "--global-option", "--exists-action"}


def _install_options(args: List[str]) -> Tuple[Dict[str, List[str]], List[str]]:
    options: Dict[str, List[str]] = {}
    names: List[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        flag, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if arg.startswith("-") and len(arg) > 2 and not arg.startswith("--") and arg[:2] in _WITH_VALUE:
            flag, value, eq = arg[:2], arg[2:], "="  # -rrequirements.txt
        if flag in _WITH_VALUE:
            if not eq:
                i += 1
                if i >= len(args):
                    raise PipError([_USAGE, "", f"{flag} option requires 1 argument"], 2)
                value = args[i]
            options.setdefault(flag.lstrip("-")[:1] if flag in ("-r", "--requirement") else flag, []).append(value)
            if flag in ("-e", "--editable"):
                names.append("-e " + value)
        elif arg in _FLAGS or flag in _FLAGS:
            options.setdefault(arg, []).append("")
        elif arg.startswith("-") and arg != "-":
            if re.fullmatch(r"-q+|-v+", arg):
                options.setdefault("-q" if "q" in arg else "-v", []).append("")
            else:
                raise PipError([_USAGE, "", f"no such option: {flag}"], 2)
        else:
            names.append(arg)
        i += 1
    return options, names


_USAGE = "\nUsage:   \n  pip install [options] <requirement specifier> [package-index-options] ...\n" \
         "  pip install [options] -r <requirements file> [package-index-options] ...\n" \
         "  pip install [options] [-e] <vcs project url> ...\n" \
         "  pip install [options] [-e] <local project path> ...\n" \
         "  pip install [options] <archive url/path> ..."


def _install(ctx: Context, site: str, options: Dict[str, List[str]], names: List[str]):
    quiet = "-q" in options or "--quiet" in options or "-qq" in options
    out = (lambda text: None) if quiet else ctx.out
    if "--user" in options:
        minor = re.search(r"python3\.\d+", site).group(0)
        site = f"{ctx.env.get('HOME', '/root')}/.local/lib/{minor}/site-packages"
    upgrade = "-U" in options or "--upgrade" in options
    markers = _markers(ctx, site)
    wanted: List[Requirement] = []
    for path in options.get("r", []):
        wanted += _read_requirements(ctx, path)
    for name in names:
        if name.startswith("-e "):
            wanted.append(Requirement(name[3:], "", (), (), "", "editable"))
        elif name.startswith((".", "/")) or "://" in name:
            wanted.append(Requirement(name, "", (), (), "", ""))
        else:
            try:
                wanted.append(parse(name))
            except RequirementError:
                raise PipError([f"ERROR: Invalid requirement: '{name}'"])
    if not wanted:
        raise PipError(["ERROR: You must give at least one requirement to install (see \"pip help install\")"])
    installed = _installed(ctx, site)
    plan: List[Tuple[object, str]] = []
    locals_: List[Tuple[str, str]] = []
    satisfied: List[str] = []
    seen = set()
    queue = [(req, "") for req in wanted]
    while queue:
        req, parent = queue.pop(0)
        if not req.name:  # a local project or URL
            path = req.text
            if "://" in path and not path.startswith("file:"):
                raise PipError([f"ERROR: Could not install requirement {path}: the network is not "
                                "simulated by crsim"])
            path = path[len("file://"):] if path.startswith("file://") else path
            absolute = path if path.startswith("/") else f"{ctx.cwd.rstrip('/')}/{path}".replace("/./", "/")
            absolute = absolute.rstrip("/.") or "/"
            name, version, deps = _local_project(ctx, path)
            out((f"Obtaining file://{absolute}\n" if req.origin == "editable" else f"Processing {absolute}\n"))
            for step in ("Installing build dependencies", "Checking if build backend supports build_editable"
                         if req.origin == "editable" else "Getting requirements to build wheel",
                         "Preparing editable metadata (pyproject.toml)" if req.origin == "editable"
                         else "Preparing metadata (pyproject.toml)"):
                out(f"  {step}: started\n  {step}: finished with status 'done'\n")
            locals_.append((name, version))
            seen.add(canonical(name))
            queue += [(parse(d), name) for d in deps]
            continue
        shown = req.text.split(";")[0].strip()
        key = canonical(req.name)
        if key in seen or not marker_true(req.marker, markers):
            continue
        seen.add(key)
        if key in installed and not (upgrade and not parent) and satisfies(installed[key][1], req.specs):
            display, version = installed[key]
            origin = f"(from {parent}) " if parent else (f"(from {req.origin}) " if req.origin else "")
            satisfied.append(f"Requirement already satisfied: {shown} in {site} {origin}({version})")
            continue
        dist = lookup(req.name) if key != "pip" else _pip_dist()
        if dist is None:
            raise _no_such(req)
        version = _choose(req, dist)
        if key in installed and installed[key][1] == version:
            satisfied.append(f"Requirement already satisfied: {shown} in {site} ({version})")
            continue
        origin = f" (from {parent})" if parent else (f" (from {req.origin})" if req.origin else "")
        out(f"Collecting {shown}{origin}\n")
        metadata = 1500 + len(dist.requires) * 400
        out(f"  Downloading {_wheel(dist, version)}.metadata ({_size(metadata)})\n")
        yield from download(ctx, metadata)
        plan.append((dist, version))
        if "--no-deps" not in options:
            # pip names the chain that asked: "(from flask==2.0.1->-r requirements.txt (line 1))"
            chain = shown + (f"->{req.origin}" if req.origin else "") if not parent else f"{shown}->{parent}"
            queue += [(parse(r), chain) for r in dist.requires]
    for line in satisfied:
        out(line + "\n")
    for dist, version in plan:
        out(f"Downloading {_wheel(dist, version)} ({_size(dist.size)})\n")
        yield from download(ctx, dist.size)
    for name, version in locals_:
        out(f"Building wheels for collected packages: {name}\n")
        out(f"  Building wheel for {name} (pyproject.toml): started\n"
            f"  Building wheel for {name} (pyproject.toml): finished with status 'done'\n")
    if not plan and not locals_:
        _root_warning(ctx, options, out)
        return 0
    order = list(reversed(plan))
    names_out = [d.name for d, _ in order] + [n for n, _ in locals_]
    out("Installing collected packages: " + ", ".join(names_out) + "\n")
    for dist, version in order:
        key = canonical(dist.name)
        if key in installed:
            display, old = installed[key]
            out(f"  Attempting uninstall: {display}\n    Found existing installation: {display} {old}\n"
                f"    Uninstalling {display}-{old}:\n      Successfully uninstalled {display}-{old}\n")
            _remove(ctx, site, display, old, dist)
        _unpack(ctx, site, dist, version)
    for name, version in locals_:
        _unpack(ctx, site, Dist(name, version, 0, (), canonical(name).replace("-", "_"), (), "py3-none-any"),
                version)
    done = sorted([(d.name, v) for d, v in plan] + locals_, key=lambda d: d[0].lower())
    out("Successfully installed " + " ".join(f"{n}-{v}" for n, v in done) + "\n")
    _root_warning(ctx, options, out)
    return 0


def _pip_dist():
    return Dist("pip", LATEST_PIP, 1_778_000, (), "pip", ("pip", "pip3"), "py3-none-any")


def _root_warning(ctx: Context, options, out) -> None:
    if is_root(ctx) and options.get("--root-user-action") != ["ignore"] and "--user" not in options:
        out(ROOT_WARNING)


def _unpack(ctx: Context, site: str, dist, version: str) -> None:
    info = f"{site}/{dist.name.replace('-', '_')}-{version}.dist-info"
    unpacked = dist.size * 3
    ctx.fs.install(f"{site}/{dist.module}/__init__.py", sized(unpacked))
    ctx.fs.install(f"{info}/METADATA", regular(f"Metadata-Version: 2.4\nName: {dist.name}\n"
                                               f"Version: {version}\n"
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


def _remove(ctx: Context, site: str, display: str, version: str, dist) -> None:
    """Delete an installed distribution's files (its package and dist-info directories)."""
    info = f"{site}/{display.replace('-', '_')}-{version}.dist-info"
    for path in ([f"{site}/{dist.module}"] if dist else []) + [info]:
        try:
            for sub, entry in sorted(ctx.fs.walk(path), key=lambda x: -len(x[0])):
                if entry.is_dir:
                    ctx.fs.rmdir(sub)
                else:
                    ctx.fs.unlink(sub)
        except FSError:
            pass


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
        _remove(ctx, site, display, version, lookup(key))
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


def venv(ctx: Context):
    """`python3 -m venv DIR`: the environment's layout (pyvenv.cfg, bin/ with python and pip,
    lib/pythonX.Y/site-packages with pip in it) - enough for its pip and PATH to work."""
    yield from ()
    dirs = [a for a in ctx.argv[3:] if not a.startswith("-")]
    if not dirs:
        ctx.stderr.write("usage: venv [-h] [--system-site-packages] [--symlinks | --copies] [--clear] "
                         "[--upgrade] [--without-pip] [--prompt PROMPT] [--upgrade-deps]\n"
                         "            ENV_DIR [ENV_DIR ...]\n"
                         "venv: error: the following arguments are required: ENV_DIR\n")
        return 2
    system_site = _site(ctx) or "/usr/local/lib/python3.12/site-packages"
    minor = re.search(r"python(3\.\d+)", system_site).group(1)
    version = ctx.env.get("PYTHON_VERSION", minor + ".0")
    for root in dirs:
        root = root if root.startswith("/") else f"{ctx.cwd.rstrip('/')}/{root}"
        site = f"{root}/lib/python{minor}/site-packages"
        ctx.fs.install(f"{root}/pyvenv.cfg", regular(f"home = /usr/local/bin\ninclude-system-site-packages = false\n"
                                                     f"version = {version}\nexecutable = /usr/local/bin/python{minor}\n"
                                                     f"command = /usr/local/bin/python3 -m venv {root}\n"))
        for name in ("python", "python3", f"python{minor}"):
            ctx.fs.install(f"{root}/bin/{name}", symlink("/usr/local/bin/python3") if name != "python"
                           else symlink("python3"))
        for name in ("pip", "pip3", f"pip{minor}"):
            ctx.fs.install(f"{root}/bin/{name}", regular(f"#!{root}/bin/python3\n# pip of this environment\n",
                                                         0o755, program="pip"))
        ctx.fs.install(f"{root}/bin/activate", regular(f"# source bin/activate\nVIRTUAL_ENV={root}\n"
                                                       "export VIRTUAL_ENV\nPATH=\"$VIRTUAL_ENV/bin:$PATH\"\n"
                                                       "export PATH\n"))
        pip_version = next((v for d, v in _installed(ctx, system_site).values() if d == "pip"), LATEST_PIP)
        ctx.fs.install(f"{site}/pip-{pip_version}.dist-info/METADATA",
                       regular(f"Metadata-Version: 2.1\nName: pip\nVersion: {pip_version}\n"))
        ctx.fs.install(f"{site}/pip/__init__.py", sized(357))
    return 0
