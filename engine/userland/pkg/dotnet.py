"""The dotnet command of Microsoft's .NET images, for what Dockerfiles do with it:
restore a project's packages, build and publish it.

The project file (*.csproj) gives the SDK (Web or not), the target framework, the
assembly name and the PackageReference items. `restore` places each package in the
NuGet cache (~/.nuget/packages/<id>/<version>, NuGet simulated like the other
registries, versions as the project pins them; their own dependencies are not known
here) and writes obj/project.assets.json; `build` compiles the C# sources into
<out>/<Assembly>.dll with its .pdb, .deps.json and .runtimeconfig.json (time from the
cost model); `publish` also copies the packages' assemblies, the Web SDK's
appsettings*.json, wwwroot/ and web.config. Running an assembly (`dotnet app.dll`,
`dotnet run`) runs the application's code, which crsim does not simulate: it says so.
"""

from __future__ import annotations

import json
import posixpath
from typing import List, NamedTuple, Optional, Tuple
from xml.etree import ElementTree

from ...proc.api import Context, program
from ...vfs.entry import regular
from ...vfs.errno import FSError
from .common import download, walk_files

PACKAGE_BYTES = 400_000  # a typical .nupkg, for sizes and download time (not measured per package)
NO_PROJECT = ("MSBUILD : error MSB1003: Specify a project or solution file. The current working directory "
              "does not contain a project or solution file.")


class Project(NamedTuple):
    path: str
    name: str  # the assembly's name
    web: bool
    framework: str
    packages: List[Tuple[str, str]]


def _project(ctx: Context, named: Optional[str]) -> Optional[Project]:
    if named:
        path = named
    else:
        try:
            found = [n for n in sorted(ctx.fs.readdir(ctx.cwd)) if n.endswith((".csproj", ".fsproj"))]
        except FSError:
            found = []
        if len(found) != 1:
            return None
        path = found[0]
    try:
        root = ElementTree.fromstring(ctx.fs.read(path, ctx.cwd))
    except (FSError, ElementTree.ParseError):
        return None
    texts = {el.tag: (el.text or "").strip() for group in root.iter("PropertyGroup") for el in group}
    name = texts.get("AssemblyName") or posixpath.splitext(posixpath.basename(path))[0]
    packages = [(el.get("Include", ""), el.get("Version", "")) for el in root.iter("PackageReference")]
    return Project(posixpath.normpath(posixpath.join(ctx.cwd, path)), name,
                   root.get("Sdk", "") == "Microsoft.NET.Sdk.Web", texts.get("TargetFramework", ""), packages)


def _options(args: List[str]) -> Tuple[Optional[str], Optional[str], str, List[str]]:
    """(project, output dir, configuration, flags) from a restore/build/publish command line."""
    project = output = None
    configuration, flags, i = "Debug", [], 0
    while i < len(args):
        word = args[i]
        if word in ("-o", "--output", "-c", "--configuration", "-a", "--arch", "-r", "--runtime", "-f",
                    "--framework", "-v", "--verbosity") and i + 1 < len(args):
            if word in ("-o", "--output"):
                output = args[i + 1]
            elif word in ("-c", "--configuration"):
                configuration = args[i + 1]
            i += 2
            continue
        if word in ("--self-contained", "--sc") and args[i + 1:i + 2] in (["true"], ["false"]):
            flags.append(word)
            i += 2
            continue
        if word.startswith("-"):
            flags.append(word)
        elif project is None:
            project = word
        i += 1
    return project, output, configuration, flags


def _nuget(ctx: Context) -> str:
    return ctx.env.get("NUGET_PACKAGES") or ctx.env.get("HOME", "/root").rstrip("/") + "/.nuget/packages"


def _restore(ctx: Context, project: Project):
    started = ctx.now()
    ctx.out("  Determining projects to restore...\n")
    obj = posixpath.join(posixpath.dirname(project.path), "obj")
    assets = json.dumps({"version": 3, "targets": {project.framework: {f"{p}/{v}": {"type": "package"}
                                                                       for p, v in project.packages}}}, indent=2)
    try:
        if ctx.fs.read(f"{obj}/project.assets.json") == assets.encode():
            ctx.out("  All projects are up-to-date for restore.\n")
            return
    except FSError:
        pass
    cache = _nuget(ctx)
    for package, version in project.packages:
        folder = f"{cache}/{package.lower()}/{version}"
        if ctx.fs.exists(folder):
            continue
        yield from download(ctx, PACKAGE_BYTES)
        ctx.fs.install(f"{folder}/{package.lower()}.{version}.nupkg", regular(size=PACKAGE_BYTES))
        ctx.fs.install(f"{folder}/lib/{project.framework or 'netstandard2.0'}/{package}.dll",
                       regular(size=PACKAGE_BYTES * 2))
    ctx.fs.install(f"{obj}/project.assets.json", regular(assets))
    ctx.out(f"  Restored {project.path} (in {int((ctx.now() - started) * 1000) + 120} ms).\n")


def _sources(ctx: Context, top: str) -> int:
    """Bytes of C# source under the project directory (bin/ and obj/ left out)."""
    return sum(ctx.fs.stat(path).size for path in walk_files(ctx, top, skip=("bin", "obj"))
               if path.endswith((".cs", ".cshtml", ".razor")))


def _copy_tree(ctx: Context, source: str, target: str) -> None:
    for path in walk_files(ctx, source):
        ctx.fs.install(posixpath.join(target, path[len(source) + 1:]), regular(ctx.fs.read(path)))


def _build(ctx: Context, project: Project, output: str, publish: bool):
    home = posixpath.dirname(project.path)
    source_bytes = _sources(ctx, home)
    yield from ctx.compute(4.0 + source_bytes / 10_000)  # MSBuild and Roslyn starting, then per source
    out = posixpath.normpath(posixpath.join(ctx.cwd, output))
    name = project.name
    ctx.fs.install(f"{out}/{name}.dll", regular(size=4_096 + source_bytes // 2))
    ctx.fs.install(f"{out}/{name}.pdb", regular(size=2_048 + source_bytes // 4))
    runtime = {"runtimeOptions": {"tfm": project.framework, "framework": {
        "name": "Microsoft.AspNetCore.App" if project.web else "Microsoft.NETCore.App",
        "version": project.framework[3:] + ".0" if project.framework.startswith("net") else ""}}}
    ctx.fs.install(f"{out}/{name}.runtimeconfig.json", regular(json.dumps(runtime, indent=2) + "\n"))
    deps = {"runtimeTarget": {"name": project.framework}, "libraries": {
        f"{name}/1.0.0": {"type": "project"}, **{f"{p}/{v}": {"type": "package"} for p, v in project.packages}}}
    ctx.fs.install(f"{out}/{name}.deps.json", regular(json.dumps(deps, indent=2) + "\n"))
    if publish:
        for package, version in project.packages:
            ctx.fs.install(f"{out}/{package}.dll", regular(size=PACKAGE_BYTES * 2))
        if project.web:
            for setting in [n for n in ctx.fs.readdir(home) if n.startswith("appsettings") and n.endswith(".json")]:
                ctx.fs.install(f"{out}/{setting}", regular(ctx.fs.read(posixpath.join(home, setting))))
            if ctx.fs.exists(f"{home}/wwwroot"):
                _copy_tree(ctx, f"{home}/wwwroot", f"{out}/wwwroot")
            ctx.fs.install(f"{out}/web.config", regular(size=460))
    return out


@program("dotnet")
def dotnet(ctx: Context):
    args = ctx.argv[1:]
    command = args[0] if args else ""
    sdk = ctx.env.get("DOTNET_SDK_VERSION")
    if command == "--version" and sdk:
        ctx.out(sdk + "\n")
        return 0
    if command in ("restore", "build", "publish") and sdk:
        named, output, configuration, flags = _options(args[1:])
        project = _project(ctx, named)
        if project is None:
            ctx.out(NO_PROJECT + "\n")
            return 1
        started = ctx.now()
        if "--no-restore" not in flags:
            yield from _restore(ctx, project)
        if command != "restore":
            home = posixpath.dirname(project.path)
            built = posixpath.join(home, "bin", configuration, project.framework)
            out = yield from _build(ctx, project, output or built, False)
            if command == "publish":
                out = yield from _build(ctx, project, output or posixpath.join(built, "publish"), True)
                ctx.out(f"  {project.name} -> {out}/\n")
            else:
                ctx.out(f"  {project.name} -> {out}/{project.name}.dll\n")
                elapsed = ctx.now() - started
                ctx.out(f"\nBuild succeeded.\n    0 Warning(s)\n    0 Error(s)\n\nTime Elapsed "
                        f"{int(elapsed // 3600):02d}:{int(elapsed % 3600 // 60):02d}:{elapsed % 60:05.2f}\n")
        return 0
    ctx.stderr.write(f"{ctx.name}: running .NET code ({' '.join(args[:1]) or 'the host'}) is not simulated "
                     "by crsim yet\n")
    return 1
