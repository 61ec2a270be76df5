"""Maven (mvn) and the JDK's jar, for what Dockerfiles of Java services do with them.

mvn reads pom.xml (properties, parent, dependencies, the spring-boot and assembly
plugins) and runs the lifecycle up to the phase asked for: `dependency:go-offline`
fetches the declared dependencies into ~/.m2/repository (Maven Central simulated like
the other registries), compile turns src/main/java into target/classes (one .class per
source, resources copied), package writes target/<artifactId>-<version>.jar as a real
zip (a Spring Boot fat jar with BOOT-INF/classes and BOOT-INF/lib when the
spring-boot-maven-plugin is there; `assembly:single` writes the jar-with-dependencies
under its finalName), install copies it into the local repository. Versions are the
pom's own, or the parent's for Spring Boot's starters; a version that only a BOM
manages, and transitive dependencies, are not known here, so those jars are left out.
Tests and applications are Java code, which crsim does not run: src/test is reported
as not simulated, and `java` says so. jar -x/-t/-c handle zip archives for real.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from typing import Dict, List, NamedTuple, Optional
from xml.etree import ElementTree

from ...clock import rfc3339_seconds
from ...proc.api import Context, program
from ...vfs.entry import DIR, regular
from ...vfs.errno import FSError
from .common import download, walk_files

CENTRAL = "https://repo.maven.apache.org/maven2"
DEPENDENCY_JAR_BYTES = 300_000  # a typical library jar, for sizes and download time (not measured per artifact)
LINE = 72  # Maven's banner width
PHASES = ("validate", "compile", "test", "package", "verify", "install", "deploy")


class Dependency(NamedTuple):
    group: str
    artifact: str
    version: Optional[str]
    scope: str

    def path(self) -> str:
        return f"{self.group.replace('.', '/')}/{self.artifact}/{self.version}/{self.artifact}-{self.version}"


class Pom(NamedTuple):
    group: str
    artifact: str
    version: str
    packaging: str
    name: str
    dependencies: List[Dependency]
    spring_boot: bool  # the spring-boot-maven-plugin repackages the jar
    final_name: str  # the assembly plugin's finalName (its jar-with-dependencies)
    main_class: str


class MavenError(Exception):
    pass


def _strip(tag: str) -> str:
    return tag.split("}", 1)[-1]


def _child(node, name: str):
    for c in node:
        if _strip(c.tag) == name:
            return c
    return None


def _text(node, name: str, default: str = "") -> str:
    c = _child(node, name) if node is not None else None
    return (c.text or "").strip() if c is not None and c.text else default


def parse_pom(text: str) -> Pom:
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as e:
        raise MavenError(f"Non-parseable POM pom.xml: {e}") from None
    parent = _child(root, "parent")
    props: Dict[str, str] = {}
    for p in (_child(root, "properties") or []):
        props[_strip(p.tag)] = (p.text or "").strip()
    group = _text(root, "groupId") or _text(parent, "groupId")
    version = _text(root, "version") or _text(parent, "version")
    parent_version = _text(parent, "version")
    props.update({"project.version": version, "project.groupId": group, "version": version,
                  "project.artifactId": _text(root, "artifactId"), "project.parent.version": parent_version})

    def value(s: str) -> str:
        return re.sub(r"\$\{([^}]+)\}", lambda m: props.get(m.group(1), m.group(0)), s)

    boot_parent = parent is not None and _text(parent, "groupId") == "org.springframework.boot"
    deps = []
    for d in (_child(root, "dependencies") or []):
        g, a, v = value(_text(d, "groupId")), value(_text(d, "artifactId")), value(_text(d, "version"))
        if not v and boot_parent and g == "org.springframework.boot":
            v = parent_version  # Spring Boot's own artifacts share its version
        deps.append(Dependency(g, a, v or None, _text(d, "scope", "compile")))
    spring_boot, final_name, main_class = False, "", ""
    build = _child(root, "build")
    for plugin in (_child(build, "plugins") or []) if build is not None else []:
        artifact = _text(plugin, "artifactId")
        config = _child(plugin, "configuration")
        if artifact == "spring-boot-maven-plugin":
            spring_boot = True
        if artifact == "maven-assembly-plugin" and config is not None:
            final_name = value(_text(config, "finalName"))
            archive = _child(config, "archive")
            manifest = _child(archive, "manifest") if archive is not None else None
            main_class = _text(manifest, "mainClass") if manifest is not None else ""
            if _text(config, "appendAssemblyId", "true") != "false" and final_name:
                final_name += "-jar-with-dependencies"
    artifact = _text(root, "artifactId")
    return Pom(group, artifact, version, _text(root, "packaging", "jar"), _text(root, "name") or artifact,
               deps, spring_boot, final_name or f"{artifact}-{version}-jar-with-dependencies", main_class)


def _banner(core: str) -> str:
    left = (LINE - len(core)) // 2
    return "-" * left + core + "-" * (LINE - len(core) - left)


def _repository(ctx: Context) -> str:
    return ctx.env.get("HOME", "/root").rstrip("/") + "/.m2/repository"


def _fetch(ctx: Context, pom: Pom, log: List[str]):
    """Dependencies into the local repository, with Maven's download lines."""
    repo = _repository(ctx)
    for dep in pom.dependencies:
        if dep.version is None or ctx.fs.exists(f"{repo}/{dep.path()}.jar"):
            continue
        for suffix, size in ((".pom", 2_000), (".jar", DEPENDENCY_JAR_BYTES)):
            url = f"{CENTRAL}/{dep.path()}{suffix}"
            log.append(f"Downloading from central: {url}")
            yield from download(ctx, size)
            ctx.fs.install(f"{repo}/{dep.path()}{suffix}", regular(size=size))
            log.append(f"Downloaded from central: {url} ({size // 1000} kB at 1.2 MB/s)")


def _zip(entries: Dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buffer.getvalue()


def _compile(ctx: Context, log: List[str]):
    sources = walk_files(ctx, "src/main/java")
    resources = walk_files(ctx, "src/main/resources")
    for path in resources:
        ctx.fs.install(posixpath.join(ctx.cwd, "target/classes", path[len("src/main/resources/"):]),
                       regular(ctx.fs.read(path, ctx.cwd)))
    total = 0
    for path in sources:
        size = len(ctx.fs.read(path, ctx.cwd))
        total += size
        name = path[len("src/main/java/"):-len(".java")] + ".class"
        ctx.fs.install(posixpath.join(ctx.cwd, "target/classes", name), regular(size=size * 3 // 2))
    if sources:
        log.append(f"Compiling {len(sources)} source file{'s' if len(sources) > 1 else ''} to "
                   f"{posixpath.join(ctx.cwd, 'target/classes')}")
    yield from ctx.compute(3.0 + 0.4 * len(sources) + total / 20_000)  # javac starting, then per file


def _classes(ctx: Context, prefix: str) -> Dict[str, bytes]:
    top = posixpath.join(ctx.cwd, "target/classes")
    return {prefix + p[len(top) + 1:]: ctx.fs.read(p) for p in walk_files(ctx, top)}


def _package(ctx: Context, pom: Pom, log: List[str]) -> str:
    jar = posixpath.join(ctx.cwd, "target", f"{pom.artifact}-{pom.version}.jar")
    manifest = f"Manifest-Version: 1.0\r\nCreated-By: Maven Jar Plugin\r\nBuild-Jdk-Spec: 17\r\n"
    entries = {"META-INF/MANIFEST.MF": manifest.encode(), **_classes(ctx, "")}
    log.append(f"Building jar: {jar}")
    if pom.spring_boot:
        repo = _repository(ctx)
        entries = {"META-INF/MANIFEST.MF": (manifest + "Main-Class: org.springframework.boot.loader.JarLauncher"
                                            "\r\n").encode(), **_classes(ctx, "BOOT-INF/classes/")}
        for dep in pom.dependencies:
            if dep.version and dep.scope in ("compile", "runtime") and ctx.fs.exists(f"{repo}/{dep.path()}.jar"):
                entries[f"BOOT-INF/lib/{dep.artifact}-{dep.version}.jar"] = bytes(DEPENDENCY_JAR_BYTES)
        log.append("Replacing main artifact with repackaged archive")
    ctx.fs.install(jar, regular(_zip(entries)))
    return jar


def _assembly(ctx: Context, pom: Pom, log: List[str]) -> None:
    jar = posixpath.join(ctx.cwd, "target", pom.final_name + ".jar")
    manifest = "Manifest-Version: 1.0\r\nCreated-By: Apache Maven\r\n" + \
        (f"Main-Class: {pom.main_class}\r\n" if pom.main_class else "")
    entries = {"META-INF/MANIFEST.MF": manifest.encode(), **_classes(ctx, "")}
    ctx.fs.install(jar, regular(_zip(entries)))
    log.append(f"Building jar: {jar}")


def _finish(ctx: Context, started: float, ok: bool, log: List[str]) -> None:
    took = ctx.now() - started
    stamp = rfc3339_seconds(ctx.now())
    log += ["-" * LINE, "BUILD SUCCESS" if ok else "BUILD FAILURE", "-" * LINE,
            f"Total time:  {took:.3f} s", f"Finished at: {stamp}", "-" * LINE]


@program("mvn")
def mvn(ctx: Context):
    args = [a for a in ctx.argv[1:] if a not in ("-B", "--batch-mode", "-q", "--quiet", "-ntp",
                                                 "--no-transfer-progress", "-o", "--offline", "-U")]
    args = [a for a in args if not a.startswith("-D")]
    if args[:1] in (["-v"], ["--version"]):
        ctx.out(f"Apache Maven {ctx.env.get('MAVEN_VERSION', '3.9.9')}\n")
        return 0
    started = ctx.now()
    log: List[str] = ["Scanning for projects..."]
    try:
        text = ctx.fs.read("pom.xml", ctx.cwd).decode("utf-8", "replace")
    except FSError:
        ctx.out("[INFO] Scanning for projects...\n[ERROR] The goal you specified requires a project to execute but "
                f"there is no POM in this directory ({ctx.cwd}). Please verify you invoked Maven from the correct "
                "directory. -> [Help 1]\n")
        return 1
    try:
        pom = parse_pom(text)
    except MavenError as e:
        ctx.out(f"[INFO] Scanning for projects...\n[ERROR] {e}\n")
        return 1
    log += ["", _banner(f"< {pom.group}:{pom.artifact} >"), f"Building {pom.name} {pom.version}",
            _banner(f"[ {pom.packaging} ]")]
    goals = args or []
    if not goals:
        ctx.out("[INFO] Scanning for projects...\n[ERROR] No goals have been specified for this build. -> [Help 1]\n")
        return 1
    quiet = "-q" in ctx.argv or "--quiet" in ctx.argv
    batch = "-B" in ctx.argv or "--batch-mode" in ctx.argv
    for goal in goals:
        if goal == "clean":
            for path in reversed(walk_files(ctx, "target")):
                ctx.fs.unlink(path, ctx.cwd)
        elif goal in ("dependency:go-offline", "dependency:resolve", "dependency:copy-dependencies"):
            yield from _fetch(ctx, pom, log)
        elif goal in PHASES:
            yield from _fetch(ctx, pom, log)
            yield from _compile(ctx, log)
            if PHASES.index(goal) >= PHASES.index("test") and walk_files(ctx, "src/test/java"):
                log.append("Running the project's tests needs a JVM, which is not simulated by crsim yet")
                _finish(ctx, started, False, log)
                ctx.out(_render(log, batch))
                return 1
            if PHASES.index(goal) >= PHASES.index("package"):
                jar = _package(ctx, pom, log)
                if goal in ("install", "deploy"):
                    target = f"{_repository(ctx)}/{pom.group.replace('.', '/')}/{pom.artifact}/{pom.version}"
                    ctx.fs.install(f"{target}/{pom.artifact}-{pom.version}.jar", regular(ctx.fs.read(jar)))
                    log.append(f"Installing {jar} to {target}/{pom.artifact}-{pom.version}.jar")
        elif goal == "assembly:single":
            _assembly(ctx, pom, log)
        else:
            ctx.out(f"[ERROR] mvn {goal}: this goal runs Java code, which is not simulated by crsim yet\n")
            return 1
    _finish(ctx, started, True, log)
    if not quiet:
        ctx.out(_render(log, batch))
    return 0


def _render(log: List[str], batch: bool) -> str:
    """Maven's console: [INFO] lines; transfers are logged only in batch mode, else printed bare."""
    return "".join(line + "\n" if not batch and line.startswith("Download") else
                   f"[INFO] {line}\n" if line else "[INFO] \n" for line in log)


@program("jar")
def jar(ctx: Context):
    """jar -x/-t/-c with a file (-f): the archive is a zip, read and written for real."""
    args = ctx.argv[1:]
    if not args:
        ctx.stderr.write("Usage: jar [OPTION...] [ [--release VERSION] [-C dir] files] ...\n"
                         "Try `jar --help' for more information.\n")
        return 1
    mode, rest = args[0].lstrip("-"), args[1:]
    if "f" not in mode or not rest:
        ctx.stderr.write("jar: only -x, -t and -c with a jar file (-f) are simulated by crsim\n")
        return 1
    archive, members = rest[0], rest[1:]
    if mode[0] == "c":
        entries = {}
        for member in members:
            files = walk_files(ctx, member) if ctx.fs.exists(member, ctx.cwd) and \
                ctx.fs.stat(member, ctx.cwd).kind == DIR else [member]
            for path in files:
                entries[posixpath.normpath(path)] = ctx.fs.read(path, ctx.cwd)
        ctx.fs.write(archive, _zip(entries), ctx.cwd)
        return 0
    try:
        data = ctx.fs.read(archive, ctx.cwd)
        z = zipfile.ZipFile(io.BytesIO(data))
    except FSError:
        ctx.stderr.write(f"java.io.FileNotFoundException: {archive} (No such file or directory)\n")
        return 1
    except zipfile.BadZipFile:
        ctx.stderr.write("java.util.zip.ZipException: zip END header not found\n")
        return 1
    with z:
        for info in z.infolist():
            if members and not any(info.filename.startswith(m) for m in members):
                continue
            if mode[0] == "t":
                ctx.out(info.filename + "\n")
            elif mode[0] == "x" and not info.filename.endswith("/"):
                name = posixpath.normpath(info.filename)
                if name.startswith("../") or name.startswith("/"):
                    continue  # an entry may not leave the directory it is extracted in
                ctx.fs.install(posixpath.join(ctx.cwd, name), regular(z.read(info)))
            ctx.charge(info.file_size / 200e6)
    return 0
