"""npm, npx and yarn (1.x) in the node images; node itself only for its version.

What is simulated is what a Dockerfile build does with them: installing a project's
dependencies into node_modules (npm install / ci from package-lock.json, lockfile
versions 1 to 3; yarn install from yarn.lock), global installs, and running the
package.json scripts through sh with node_modules/.bin on PATH. The registry is the
npm index (catalogue/npm_index.tsv.gz: the most downloaded packages, newest version):
without a lock file only the packages named are installed, their own dependencies
being unknown here. JavaScript is not run: node says so for anything but its version,
so a script that needs it (react-scripts build ...) fails with that message.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from functools import lru_cache
from typing import Dict, List, Optional, Tuple

from ...proc.api import Context, decode, encode, program
from ...vfs.entry import regular, symlink
from ...vfs.errno import FSError
from .common import download

INDEX = os.path.join(os.path.dirname(__file__), "catalogue", "npm_index.tsv.gz")
PACKAGE_BYTES = 60_000  # a typical package tarball, for the time a fetch takes
YARN_VERSION = "1.22.22"
# The "bin" field of global tools' package.json (looked up in each package's manifest)
GLOBAL_BINS = {"@angular/cli": ("ng",), "@vue/cli": ("vue",), "nodemon": ("nodemon",), "serve": ("serve",),
               "typescript": ("tsc", "tsserver"), "pm2": ("pm2", "pm2-dev", "pm2-docker", "pm2-runtime"),
               "yarn": ("yarn", "yarnpkg"), "pnpm": ("pnpm", "pnpx"), "http-server": ("http-server",),
               "@nestjs/cli": ("nest",), "ts-node": ("ts-node",), "npm": ("npm", "npx"),
               "react-scripts": ("react-scripts",), "jest": ("jest",), "vite": ("vite",),
               "@vue/cli-service": ("vue-cli-service",), "@angular/cli@": ("ng",), "next": ("next",),
               "webpack-cli": ("webpack-cli", "webpack"), "eslint": ("eslint",), "prettier": ("prettier",),
               "mocha": ("mocha", "_mocha"), "tsc": ("tsc",)}


@lru_cache(maxsize=1)
def _index() -> Dict[str, str]:
    with gzip.open(INDEX, "rt", encoding="utf-8") as f:
        return dict(line.rstrip("\n").split("\t", 1) for line in f if "\t" in line)


def _npm_version(ctx: Context) -> str:
    """The npm bundled with the image's node (its major decides npm's wording)."""
    major = int((ctx.env.get("NODE_VERSION", "22").split(".") or ["22"])[0] or 22)
    return "10.9.4" if major >= 20 else "9.6.7" if major >= 18 else "8.19.4" if major >= 16 else "6.14.18"


class NpmError(Exception):
    def __init__(self, lines: List[str], status: int = 1):
        super().__init__(lines[0])
        self.lines, self.status = lines, status


def _say_error(ctx: Context, e: NpmError) -> int:
    prefix = "npm error" if _npm_version(ctx) >= "10" else "npm ERR!"
    for line in e.lines:
        ctx.stderr.write(f"{prefix} {line}".rstrip() + "\n")
    return e.status


def _read_json(ctx: Context, path: str) -> Optional[dict]:
    try:
        return json.loads(decode(ctx.fs.read(path, ctx.cwd)))
    except FSError:
        return None
    except ValueError as e:
        raise NpmError(["code EJSONPARSE", f"JSON.parse Invalid package.json: {e}"])


def _manifest(ctx: Context) -> dict:
    data = _read_json(ctx, "package.json")
    if data is None:
        path = f"{ctx.cwd.rstrip('/')}/package.json"
        raise NpmError(["code ENOENT", "syscall open", f"path {path}", "errno -2",
                        f"enoent Could not read package.json: Error: ENOENT: no such file or directory, open '{path}'",
                        "enoent This is related to npm not being able to find a file.", "enoent"], 254)
    return data


def _from_lock(lock: dict, production: bool) -> List[Tuple[str, str, dict]]:
    """(install path, version, entry) of every package a lock file holds."""
    found: List[Tuple[str, str, dict]] = []
    if "packages" in lock:
        for path, entry in lock["packages"].items():
            if path and "node_modules/" in path and not (production and entry.get("dev")) \
                    and not entry.get("link"):
                found.append((path, entry.get("version", ""), entry))
        return found

    def walk(deps: dict, base: str) -> None:
        for name, entry in deps.items():
            if production and entry.get("dev"):
                continue
            path = f"{base}node_modules/{name}"
            found.append((path, entry.get("version", ""), entry))
            walk(entry.get("dependencies", {}), path + "/")
    walk(lock.get("dependencies", {}), "")
    return found


def _resolve(names: Dict[str, str]) -> List[Tuple[str, str, dict]]:
    """Without a lock: each package named, at the registry's newest version."""
    found = []
    for name, spec in names.items():
        if spec.startswith(("file:", "link:", "workspace:")):
            continue
        version = _index().get(name)
        if version is None:
            raise NpmError(["code E404", f"404 Not Found - GET https://registry.npmjs.org/{name} - Not found",
                            "404", f"404  '{name}@{spec}' is not in this registry.", "404",
                            "404 Note that you can also install from a", "404 tarball, folder, http url, or git url."])
        found.append((f"node_modules/{name}", version, {"bin": {b: f"bin/{b}" for b in GLOBAL_BINS.get(name, ())}}))
    return found


def _unpack(ctx: Context, root: str, packages: List[Tuple[str, str, dict]]):
    """Write each package's directory and package.json, and its commands in node_modules/.bin."""
    for path, version, entry in packages:
        name = path.rsplit("node_modules/", 1)[-1]
        base = f"{root.rstrip('/')}/{path}"
        ctx.fs.install(f"{base}/package.json",
                       regular(json.dumps({"name": name, "version": version}, indent=2) + "\n"))
        bins = entry.get("bin") or ({b: f"bin/{b}" for b in GLOBAL_BINS.get(name, ())}
                                    if "packages" not in entry else {})
        if isinstance(bins, str):
            bins = {name.split("/")[-1]: bins}
        bin_dir = f"{base.rsplit('/node_modules/', 1)[0]}/node_modules/.bin"
        for command, target in bins.items():
            target = os.path.normpath(target)
            ctx.fs.install(f"{base}/{target}", regular(f"#!/usr/bin/env node\n// {name} {command}\n", 0o755,
                                                       program="node"))
            ctx.fs.install(f"{bin_dir}/{command}", symlink(f"../{name}/{target}"))
        ctx.charge(20e-6)
        yield from ctx.flow()
    yield from download(ctx, PACKAGE_BYTES * len(packages))


def _seconds(ctx: Context, start: float) -> str:
    seconds = max(1, round(ctx.now() - start))
    return f"{seconds}s" if seconds < 60 else f"{seconds // 60}m"


def _production(ctx: Context, args: List[str]) -> bool:
    return ("--production" in args or "--only=production" in args or "--only=prod" in args
            or "--omit=dev" in args or ctx.env.get("NODE_ENV") == "production")


def npm_install(ctx: Context, args: List[str], clean: bool):
    start = ctx.now()
    names = [a for a in args if not a.startswith("-")]
    if "-g" in args or "--global" in args:
        return (yield from _global(ctx, names, start))
    manifest = {} if names and _read_json(ctx, "package.json") is None else _manifest(ctx)
    lock = _read_json(ctx, "package-lock.json") or _read_json(ctx, "npm-shrinkwrap.json")
    production = _production(ctx, args)
    if clean and lock is None:
        raise NpmError(["code EUSAGE", "",
                        "The `npm ci` command can only install with an existing package-lock.json or",
                        "npm-shrinkwrap.json with lockfileVersion >= 1. Run an install with npm@5 or",
                        "later to generate a package-lock.json file, then try again.", "",
                        "Clean install a project", "", "Usage:", "npm ci", "", "Options:",
                        "Run \"npm help ci\" for more info"])
    if names:
        packages = _resolve({re.sub(r"(?<=.)@[^@/]*$", "", n): "*" for n in names})
        deps = manifest.setdefault("dependencies", {})
        for path, version, _ in packages:
            deps[path.rsplit("node_modules/", 1)[-1]] = f"^{version}"
        ctx.fs.write(f"{ctx.cwd.rstrip('/')}/package.json", encode(json.dumps(manifest, indent=2) + "\n"))
        if lock is not None:
            packages = _from_lock(lock, production) + packages
    elif lock is not None:
        packages = _from_lock(lock, production)
    else:
        wanted = dict(manifest.get("dependencies", {}))
        if not production:
            wanted.update(manifest.get("devDependencies", {}))
        packages = _resolve(wanted)
    if clean:
        try:
            for sub, entry in sorted(ctx.fs.walk(f"{ctx.cwd.rstrip('/')}/node_modules"), key=lambda x: -len(x[0])):
                ctx.fs.rmdir(sub) if entry.is_dir else ctx.fs.unlink(sub)
        except FSError:
            pass
    yield from _unpack(ctx, ctx.cwd, packages)
    if lock is None:
        ctx.fs.write(f"{ctx.cwd.rstrip('/')}/package-lock.json", encode(json.dumps(
            {"name": manifest.get("name", ""), "version": manifest.get("version", ""), "lockfileVersion": 3,
             "requires": True, "packages": {path: {"version": v} for path, v, _ in packages}}, indent=2) + "\n"))
    count = len(packages)
    ctx.out(f"\nadded {count} package{'s' if count != 1 else ''}, and audited {count + 1} packages in "
            f"{_seconds(ctx, start)}\n\nfound 0 vulnerabilities\n")
    return 0


def _global(ctx: Context, names: List[str], start: float):
    packages = _resolve({re.sub(r"(?<=.)@[^@/]*$", "", n): n.rpartition("@")[2] if "@" in n[1:] else "*"
                         for n in names})
    yield from _unpack(ctx, "/usr/local/lib", packages)
    for path, _, entry in packages:
        name = path.rsplit("node_modules/", 1)[-1]
        for command, target in (entry.get("bin") or {}).items():
            ctx.fs.install(f"/usr/local/bin/{command}",
                           symlink(f"../lib/node_modules/{name}/{os.path.normpath(target)}"))
    count = len(packages)
    ctx.out(f"\nadded {count} package{'s' if count != 1 else ''} in {_seconds(ctx, start)}\n")
    return 0


def run_script(ctx: Context, name: str, extra: List[str], tool: str = "npm"):
    manifest = _manifest(ctx)
    scripts = manifest.get("scripts", {})
    if name not in scripts:
        if tool == "yarn":
            ctx.stderr.write(f'error Command "{name}" not found.\n')
            return 1
        raise NpmError([f'Missing script: "{name}"', "", "To see a list of scripts, run:", "  npm run"])
    command = " ".join([scripts[name]] + extra)
    if tool == "npm":
        ctx.out(f"\n> {manifest.get('name', '')}@{manifest.get('version', '')} {name}\n> {command}\n\n")
    else:
        ctx.out(f"$ {command}\n")
    env = dict(ctx.env)
    env["PATH"] = f"{ctx.cwd.rstrip('/')}/node_modules/.bin:" + env.get("PATH", "")
    status = yield from ctx.run(["sh", "-c", command], env=env)
    if status and tool == "yarn":
        ctx.stderr.write(f"error Command failed with exit code {status}.\n")
    return status


@program("npm")
def npm(ctx: Context):
    args = ctx.argv[1:]
    if args[:1] and args[0].endswith(("npm-cli.js", "/npm")):
        args = args[1:]
    if not args:
        ctx.out(f"npm <command>\n\nUsage:\n\nnpm install        install all the dependencies in your project\n"
                f"npm run <foo>      run the script named <foo>\n\nnpm@{_npm_version(ctx)} /usr/local/lib/node_modules/npm\n")
        return 1
    command, rest = args[0], args[1:]
    try:
        if command in ("-v", "--version"):
            ctx.out(_npm_version(ctx) + "\n")
            return 0
        if command in ("install", "i", "add", "isntall"):
            return (yield from npm_install(ctx, rest, clean=False))
        if command in ("ci", "clean-install"):
            return (yield from npm_install(ctx, rest, clean=True))
        if command in ("run", "run-script"):
            if not rest:
                scripts = _manifest(ctx).get("scripts", {})
                ctx.out("Scripts available in package via `npm run-script`:\n" +
                        "".join(f"  {k}\n    {v}\n" for k, v in scripts.items()))
                return 0
            return (yield from run_script(ctx, rest[0], [a for a in rest[1:] if a != "--"]))
        if command in ("start", "test", "t"):
            return (yield from run_script(ctx, "test" if command == "t" else command, rest))
        if command in ("config", "set", "cache", "prune", "audit", "fund", "update", "dedupe"):
            return 0  # settings and housekeeping: nothing a build's result shows
        raise NpmError([f"Unknown command: \"{command}\"", "", "To see a list of supported npm commands, run:",
                        "  npm help"])
    except NpmError as e:
        return _say_error(ctx, e)


def _yarn_lock(ctx: Context) -> Optional[List[Tuple[str, str, dict]]]:
    try:
        text = decode(ctx.fs.read("yarn.lock", ctx.cwd))
    except FSError:
        return None
    found, name = [], None
    for line in text.splitlines():
        if line and not line.startswith((" ", "#")):
            first = line.rstrip(":").split(",")[0].strip().strip('"')
            name = first.rsplit("@", 1)[0] if "@" in first[1:] else first
        elif name and line.strip().startswith("version "):
            version = line.split(None, 1)[1].strip('"')
            if f"node_modules/{name}" not in {p for p, _, _ in found}:
                found.append((f"node_modules/{name}", version, {}))
            name = None
    return found


@program("yarn", "yarnpkg")
def yarn(ctx: Context):
    args = ctx.argv[1:]
    if args[:1] and args[0].endswith(("yarn.js", "/yarn")):
        args = args[1:]
    command = args[0] if args else "install"
    rest = args[1:]
    if command in ("-v", "--version"):
        ctx.out(YARN_VERSION + "\n")
        return 0
    start = ctx.now()
    try:
        if command in ("install", "add") or command.startswith("--"):
            ctx.out(f"yarn {command if command in ('install', 'add') else 'install'} v{YARN_VERSION}\n")
            manifest = _manifest(ctx)
            packages = _yarn_lock(ctx)
            if command == "add":
                packages = (packages or []) + _resolve({n: "*" for n in rest if not n.startswith("-")})
            elif packages is None:
                ctx.out("info No lockfile found.\n")
                wanted = dict(manifest.get("dependencies", {}))
                if not _production(ctx, rest):
                    wanted.update(manifest.get("devDependencies", {}))
                packages = _resolve(wanted)
            ctx.out("[1/4] Resolving packages...\n[2/4] Fetching packages...\n")
            yield from _unpack(ctx, ctx.cwd, packages)
            ctx.out("[3/4] Linking dependencies...\n[4/4] Building fresh packages...\n")
        elif command == "global" and rest[:1] == ["add"]:
            ctx.out(f"yarn global v{YARN_VERSION}\n[1/4] Resolving packages...\n[2/4] Fetching packages...\n"
                    "[3/4] Linking dependencies...\n[4/4] Building fresh packages...\n")
            yield from _global(ctx, [n for n in rest[1:] if not n.startswith("-")], start)
        elif command == "cache" or command == "config":
            return 0
        else:
            name = rest[0] if command == "run" and rest else command
            ctx.out(f"yarn run v{YARN_VERSION}\n")
            status = yield from run_script(ctx, name, rest[1:] if command == "run" else rest, tool="yarn")
            if status:
                ctx.out("info Visit https://yarnpkg.com/en/docs/cli/run for documentation about this command.\n")
                return status
    except NpmError as e:
        ctx.stderr.write("error " + e.lines[-1 if e.lines[0].startswith("code") else 0] + "\n")
        return 1
    ctx.out(f"Done in {max(ctx.now() - start, 0.01):.2f}s.\n")
    return 0


@program("npx")
def npx(ctx: Context):
    args = [a for a in ctx.argv[1:] if not a.endswith("npx-cli.js")]
    names = [a for a in args if not a.startswith("-")]
    if not names:
        ctx.stderr.write("npm error npx: no command given\n")
        return 1
    env = dict(ctx.env)
    env["PATH"] = f"{ctx.cwd.rstrip('/')}/node_modules/.bin:" + env.get("PATH", "")
    return (yield from ctx.run(names, env=env))


@program("node", "nodejs")
def node(ctx: Context):
    args = ctx.argv[1:]
    # run as a script's interpreter, node keeps the name it was called by (npm, yarn ...)
    called = os.path.basename(ctx.argv[0]) if ctx.argv else ""
    script = called if called not in ("node", "nodejs") else os.path.basename(args[0]) if args else ""
    if script in ("npm-cli.js", "npm"):
        return (yield from npm(ctx))
    if script in ("npx-cli.js", "npx"):
        return (yield from npx(ctx))
    if script in ("yarn.js", "yarn"):
        return (yield from yarn(ctx))
    if script in ("react-scripts", "react-scripts.js"):
        from .jsbuild import react_scripts
        return (yield from react_scripts(ctx, args[1:] if called in ("node", "nodejs") else args))
    if args[:1] in (["-v"], ["--version"]):
        ctx.out(f"v{ctx.env.get('NODE_VERSION', '22.21.1')}\n")
        return 0
    ctx.stderr.write("node: running JavaScript is not simulated by crsim yet\n")
    return 127
