"""Images of the simulated Docker Hub made from its generated catalogue (``registry/hub``).

A catalogue entry is either a root (a distribution's release unpacked into one layer:
alpine, debian, ubuntu, busybox) or the facts of an official image's Dockerfile: its
base image, its config (Env, Cmd, Entrypoint, WorkingDir, User, ExposedPorts, Volumes,
StopSignal, Healthcheck) and how many steps made layers. Such an image is its base's
layers plus one layer holding what the stack installs: the executables in their real
places (each names the simulated program it runs; one crsim doesn't simulate says so
when run), the entrypoint script, the working and volume directories.
"""

from __future__ import annotations

import os
from typing import Dict, List, Optional, Sequence, Tuple

from ....build.shell_lex import process_word
from ...config import ImageConfig
from ...gojson import parse_rfc3339
from ...image import HistoryEntry, Image
from . import alpine, busybox, debian, nginx_files, postgres_files, registry_files, steps, ubuntu
from .fs import LayerBuilder

# What each official image installs, as (path, program) pairs; "{VAR}" is taken from the
# image's Env. Paths are those of the upstream install layouts the Dockerfiles use.
_PY = [("/usr/local/bin/python{PYTHON_MINOR}", "python3"), ("/usr/local/bin/python3", "python3"),
       ("/usr/local/bin/python", "python3"), ("/usr/local/bin/pip", "pip"), ("/usr/local/bin/pip3", "pip"),
       ("/usr/local/bin/pip{PYTHON_MINOR}", "pip"), ("/usr/local/bin/pydoc3", "python3")]
_JAVA = [("{JAVA_HOME}/bin/java", "java"), ("{JAVA_HOME}/bin/javac", "javac"), ("{JAVA_HOME}/bin/jar", "jar"),
         ("{JAVA_HOME}/bin/jshell", "jshell"), ("{JAVA_HOME}/bin/keytool", "keytool")]
STACKS: Dict[str, List[Tuple[str, str]]] = {
    "python": _PY,
    "node": [("/usr/local/bin/node", "node"), ("/usr/local/bin/npm", "npm"), ("/usr/local/bin/npx", "npx"),
             ("/usr/local/bin/corepack", "corepack"), ("/usr/local/bin/yarn", "yarn"),
             ("/usr/local/bin/yarnpkg", "yarn")],
    "nginx": [("/usr/sbin/nginx", "nginx"), ("/usr/sbin/nginx-debug", "nginx")],
    "httpd": [("/usr/local/apache2/bin/httpd", "httpd"), ("/usr/local/apache2/bin/apachectl", "apachectl"),
              ("/usr/local/apache2/bin/htpasswd", "htpasswd"),
              ("/usr/local/bin/httpd-foreground", "httpd-foreground")],
    "redis": [("/usr/local/bin/redis-server", "redis-server"), ("/usr/local/bin/redis-cli", "redis-cli"),
              ("/usr/local/bin/redis-benchmark", "redis-benchmark"),
              ("/usr/local/bin/redis-sentinel", "redis-server"), ("/usr/local/bin/gosu", "gosu")],
    "postgres": [("/usr/lib/postgresql/{PG_MAJOR}/bin/postgres", "postgres"),
                 ("/usr/lib/postgresql/{PG_MAJOR}/bin/initdb", "initdb"),
                 ("/usr/lib/postgresql/{PG_MAJOR}/bin/pg_ctl", "pg_ctl"),
                 ("/usr/lib/postgresql/{PG_MAJOR}/bin/pg_isready", "pg_isready"),
                 ("/usr/bin/pg_isready", "pg_isready"),
                 ("/usr/bin/psql", "psql"), ("/usr/bin/pg_dump", "pg_dump"),
                 ("/usr/local/bin/gosu", "gosu")],
    "mysql": [("/usr/sbin/mysqld", "mysqld"), ("/usr/bin/mysql", "mysql"), ("/usr/bin/mysqldump", "mysqldump"),
              ("/usr/bin/mysqladmin", "mysqladmin")],
    "mariadb": [("/usr/sbin/mariadbd", "mariadbd"), ("/usr/bin/mariadb", "mariadb"),
                ("/usr/bin/mysql", "mariadb"), ("/usr/bin/mariadb-dump", "mariadb-dump"),
                ("/usr/bin/mariadb-admin", "mariadb-admin")],
    "mongo": [("/usr/bin/mongod", "mongod"), ("/usr/bin/mongos", "mongos"), ("/usr/bin/mongosh", "mongosh")],
    "memcached": [("/usr/local/bin/memcached", "memcached")],
    "golang": [("/usr/local/go/bin/go", "go"), ("/usr/local/go/bin/gofmt", "gofmt")],
    "ruby": [("/usr/local/bin/ruby", "ruby"), ("/usr/local/bin/gem", "gem"), ("/usr/local/bin/irb", "irb"),
             ("/usr/local/bin/bundle", "bundle"), ("/usr/local/bin/bundler", "bundle"),
             ("/usr/local/bin/rake", "rake")],
    "php": [("/usr/local/bin/php", "php"), ("/usr/local/bin/pecl", "pecl"),
            ("/usr/local/bin/docker-php-ext-install", "docker-php-ext-install"),
            ("/usr/local/bin/docker-php-ext-enable", "docker-php-ext-enable"),
            ("/usr/local/bin/docker-php-ext-configure", "docker-php-ext-configure"),
            ("/usr/local/sbin/php-fpm", "php-fpm")],
    "eclipse-temurin": _JAVA,
    "openjdk": _JAVA,
    "maven": _JAVA + [("/usr/share/maven/bin/mvn", "mvn"), ("/usr/bin/mvn", "mvn")],
    "gradle": _JAVA + [("/opt/gradle/bin/gradle", "gradle"), ("/usr/bin/gradle", "gradle")],
    "rust": [("/usr/local/cargo/bin/cargo", "cargo"), ("/usr/local/cargo/bin/rustc", "rustc"),
             ("/usr/local/cargo/bin/rustup", "rustup"), ("/usr/local/cargo/bin/rustfmt", "rustfmt")],
    "traefik": [("/usr/local/bin/traefik", "traefik")],
    "registry": [("/bin/registry", "registry")],
    "rabbitmq": [("/opt/rabbitmq/sbin/rabbitmq-server", "rabbitmq-server"),
                 ("/opt/rabbitmq/sbin/rabbitmqctl", "rabbitmqctl")],
    "wordpress": [("/usr/local/bin/php", "php"), ("/usr/local/bin/apache2-foreground", "apache2-foreground")],
    "haproxy": [("/usr/local/sbin/haproxy", "haproxy")],
    "caddy": [("/usr/bin/caddy", "caddy")],
    "adminer": [("/usr/local/bin/php", "php")],
    "hello-world": [("/hello", "hello")],
    # .NET: the host in runtime, then each image's own part of /usr/share/dotnet ("" marks a data file)
    "mcr.microsoft.com/dotnet/runtime": [
        ("/usr/share/dotnet/dotnet", "dotnet"), ("/usr/bin/dotnet", "dotnet"),
        ("/usr/share/dotnet/shared/Microsoft.NETCore.App/{DOTNET_VERSION}/System.Private.CoreLib.dll", "")],
    "mcr.microsoft.com/dotnet/aspnet": [
        ("/usr/share/dotnet/shared/Microsoft.AspNetCore.App/{ASPNET_VERSION}/Microsoft.AspNetCore.dll", "")],
    "mcr.microsoft.com/dotnet/sdk": [("/usr/share/dotnet/sdk/{DOTNET_SDK_VERSION}/dotnet.dll", "")],
    "buildpack-deps": [("/usr/bin/curl", "curl"), ("/usr/bin/wget", "wget"), ("/usr/bin/git", "git"),
                       ("/usr/bin/gcc", "gcc"), ("/usr/bin/g++", "g++"), ("/usr/bin/make", "make"),
                       ("/usr/bin/gpg", "gpg")],
}
# images whose entrypoint script crsim writes out (the others get _entrypoint_script)
ENTRYPOINTS = {"nginx": nginx_files.ENTRYPOINT, "postgres": postgres_files.ENTRYPOINT}
PIP_DEFAULT = "25.3"  # the pip that python images bundle when their Dockerfile doesn't pin one
STACK_BYTES = 48_000_000  # what a language runtime's layer weighs, roughly (python 45 MB, node 190 MB)
# stacks whose real size is known: hello-world's /hello is one static binary (docker-library/hello-world)
STACK_SIZES = {"hello-world": 10_072, "buildpack-deps": 20_000_000}


def root(release: str, created: str) -> Image:
    """A distribution's release image: "alpine/3.14.10", "debian/bookworm-slim", ..."""
    family, version = release.split("/", 1)
    if family == "alpine":
        return alpine.build(version, created)
    if family == "debian":
        suite, _, slim = version.partition("-")
        return debian.build(suite, slim == "slim")
    if family == "ubuntu":
        return ubuntu.build(version)
    return busybox.build()


def _expand(template: str, env: Dict[str, str]) -> Optional[str]:
    try:
        return template.format(**env)
    except KeyError:
        return None


def _env_map(entries: Sequence[str]) -> Dict[str, str]:
    env = dict(entry.split("=", 1) if "=" in entry else (entry, "") for entry in entries)
    version = env.get("PYTHON_VERSION", "")
    if version:
        env["PYTHON_MINOR"] = ".".join(version.split(".")[:2])
    return env


def _merge_env(base: Sequence[str], updates: Dict[str, object]) -> List[str]:
    """ENV applied in order; a value kept raw by the generator (["$", "/x:$PATH"]) names
    the base's variables and is expanded here, as the builder would have."""
    merged = _env_map(base)
    merged.pop("PYTHON_MINOR", None)
    # The catalogue keeps ENV in key order, not the Dockerfile's: the plain values go
    # first, so a raw one ("$PATH:/usr/lib/postgresql/$PG_MAJOR/bin") sees them all.
    for key, value in updates.items():
        if not isinstance(value, list):
            merged[key] = value
    for key, value in updates.items():
        if isinstance(value, list):
            merged[key] = process_word(value[1], dict(merged))
    return [f"{k}={v}" for k, v in merged.items()]


def config_from(facts: dict, base: ImageConfig) -> ImageConfig:
    """The image config: the base's, with the Dockerfile's instructions applied."""
    env = _merge_env(base.env or (), facts.get("env", {}))
    if "entrypoint" in facts:  # ENTRYPOINT clears an inherited CMD
        entrypoint, cmd = facts["entrypoint"], facts.get("cmd")
    else:
        entrypoint, cmd = base.entrypoint, facts.get("cmd", base.cmd)
    ports = dict(base.exposed_ports or {})
    ports.update({p: {} for p in facts.get("expose", ())})
    volumes = dict(base.volumes or {})
    volumes.update({v: {} for v in facts.get("volumes", ())})
    healthcheck = base.healthcheck
    if facts.get("healthcheck"):
        words = facts["healthcheck"]
        healthcheck = {"Test": ["NONE"]} if words[0].upper() == "NONE" else \
            {"Test": ["CMD-SHELL", " ".join(words[1:])] if words[0].upper() == "CMD" and len(words) == 2
             else ["CMD"] + list(words[1:])}
    return base.replace(env=env, entrypoint=entrypoint, cmd=cmd, exposed_ports=ports or None,
                        volumes=volumes or None, working_dir=facts.get("workdir", base.working_dir),
                        user=facts.get("user", base.user), stop_signal=facts.get("stopsignal", base.stop_signal),
                        healthcheck=healthcheck)


def _entrypoint_script(main: str) -> str:
    return ("#!/bin/sh\n"
            "# The image's entrypoint, as crsim simulates it: run the command given, or the\n"
            "# image's main program when the first argument is one of its options.\n"
            "set -e\n"
            f'if [ "${{1#-}}" != "$1" ]; then set -- {main} "$@"; fi\n'
            'exec "$@"\n')


def stack_layer(repo: str, facts: dict, base: Image, config: ImageConfig, created: float):
    b = LayerBuilder(int(created), base.layers)
    env = _env_map(config.env or ())
    programs = STACKS.get(repo, [])
    placed = set()
    for template, program in programs:
        path = _expand(template, env)
        if path and path not in placed:
            placed.add(path)
            size = STACK_SIZES.get(repo, STACK_BYTES) // max(1, len(programs))
            if program:
                b.exe(path, size, program=program)
            else:
                b.blob(path, size)
    if repo == "python" and env.get("PYTHON_MINOR"):
        pip = env.get("PYTHON_PIP_VERSION", PIP_DEFAULT)
        site = f"/usr/local/lib/python{env['PYTHON_MINOR']}/site-packages"
        for name, text in (("METADATA", f"Metadata-Version: 2.1\nName: pip\nVersion: {pip}\n"),
                           ("INSTALLER", "pip\n")):
            b.text(f"{site}/pip-{pip}.dist-info/{name}", text)
        b.blob(f"{site}/pip/__init__.py", 357)
    _add_copies(b, facts.get("copies", ()), placed)
    if facts.get("pip"):
        _add_pip_requirements(b, env, facts["pip"])
    _add_accounts(b, facts.get("accounts", ()))
    if repo == "nginx":
        _nginx_files(b)
    if repo == "registry":
        registry_files.add(b, config)
    for path in [config.working_dir] + list((config.volumes or {}).keys()):
        if path and path.strip("/"):
            b.dir(os.path.normpath(path))
    for word in (config.entrypoint or ())[:1]:
        path = word if word.startswith("/") else f"/usr/local/bin/{word}"
        if path not in placed and (word.endswith(".sh") or "entrypoint" in word) and b._existing(path) is None:
            main = programs[0][1] if programs else "sh"
            b.script(path, ENTRYPOINTS[repo] if repo in ENTRYPOINTS else _entrypoint_script(main))
    return b.build()


def _add_copies(b: LayerBuilder, copies, placed: set) -> None:
    """What the Dockerfile's COPY steps put in: context files by size and mode (their
    text is the publisher's, not ours), and build outputs as the programs they are."""
    for copy in copies:
        if copy[0] == "file":
            b.blob(copy[1], copy[2], mode=copy[3])
        else:
            b.exe(copy[1], STACK_BYTES // 4, program=copy[2])
            placed.add(copy[1])


def _add_pip_requirements(b: LayerBuilder, env: Dict[str, str], requirements) -> None:
    """Distributions a `pip install -r` step installed: their dist-info and console scripts,
    as the simulated pip writes them (versions pinned in the requirements file win)."""
    from ....userland.pkg.catalogue import pypi
    from ....userland.pkg.requirements import RequirementError, parse
    minor = env.get("PYTHON_MINOR")
    if not minor:
        return
    site = f"/usr/local/lib/python{minor}/site-packages"
    for line in requirements:
        try:
            req = parse(line)
        except RequirementError:
            continue
        dist = pypi.lookup(req.name)
        if dist is None:
            continue
        pinned = [v for op, v in req.specs if op == "=="]
        version = pinned[0] if pinned else dist.version
        info = f"{site}/{dist.name.replace('-', '_')}-{version}.dist-info"
        b.text(f"{info}/METADATA", f"Metadata-Version: 2.1\nName: {dist.name}\nVersion: {version}\n")
        b.text(f"{info}/INSTALLER", "pip\n")
        b.blob(f"{site}/{dist.module}/__init__.py", dist.size * 3)
        for script in dist.scripts:
            b.blob(f"/usr/local/bin/{script}", 230, mode=0o755, program=script)


def _text_of(b: LayerBuilder, path: str) -> str:
    entry = b._existing(path)
    data = entry.data if entry is not None and entry.data is not None else b""
    return data.decode() if isinstance(data, bytes) else str(data)


def _add_accounts(b: LayerBuilder, accounts) -> None:
    """The groups and users the image's Dockerfile creates, appended as the tools append them
    (a system id below 1000 picked downwards from 999 when none is given)."""
    if not accounts:
        return
    passwd, group = _text_of(b, "/etc/passwd"), _text_of(b, "/etc/group")
    used_uids = {int(line.split(":")[2]) for line in passwd.splitlines() if line.count(":") >= 3}
    gids = {line.split(":")[0]: int(line.split(":")[2]) for line in group.splitlines() if line.count(":") >= 3}
    for account in accounts:
        if account[0] == "group" and account[1] not in gids:
            gid = account[2] if account[2] is not None else max([g for g in range(100, 1000)
                                                                 if g not in gids.values()] or [999])
            gids[account[1]] = gid
            group += f"{account[1]}:x:{gid}:\n"
        elif account[0] == "user" and f"\n{account[1]}:" not in "\n" + passwd:
            _, name, uid, gname, home, shell = account
            uid = uid if uid is not None else max(u for u in range(100, 1000) if u not in used_uids)
            used_uids.add(uid)
            if gname not in gids:
                gname = gname if gname and not str(gname).isdigit() else name
                gids[gname] = uid
                group += f"{gname}:x:{uid}:\n"
            passwd += f"{name}:x:{uid}:{gids[gname]}::{home or '/home/' + name}:{shell or '/bin/sh'}\n"
    b.text("/etc/passwd", passwd)
    b.text("/etc/group", group)


def _nginx_files(b: LayerBuilder) -> None:
    """What nginx.org's packages install and the image's Dockerfile adds around them."""
    b.text("/etc/nginx/nginx.conf", nginx_files.NGINX_CONF)
    b.text("/etc/nginx/conf.d/default.conf", nginx_files.DEFAULT_CONF)
    for name, size in (("mime.types", 5_349), ("fastcgi_params", 1_007), ("scgi_params", 636),
                       ("uwsgi_params", 664)):
        b.blob(f"/etc/nginx/{name}", size)
    b.text("/usr/share/nginx/html/index.html", nginx_files.INDEX_HTML)
    b.text("/usr/share/nginx/html/50x.html", nginx_files.ERROR_HTML)
    b.dir("/var/cache/nginx")
    b.dir("/var/log/nginx")
    b.link("/var/log/nginx/access.log", "/dev/stdout")
    b.link("/var/log/nginx/error.log", "/dev/stderr")
    b.exe("/usr/bin/envsubst", 35_336)
    for name, text in (("10-listen-on-ipv6-by-default.sh", nginx_files.LISTEN_IPV6),
                       ("15-local-resolvers.envsh", nginx_files.LOCAL_RESOLVERS),
                       ("20-envsubst-on-templates.sh", nginx_files.ENVSUBST_TEMPLATES),
                       ("30-tune-worker-processes.sh", nginx_files.TUNE_WORKERS)):
        b.script(f"/docker-entrypoint.d/{name}", text)


def history(repo: str, facts: dict, base: Image, created: float) -> List[HistoryEntry]:
    """The base's history and this image's steps as BuildKit records them. The build
    scripts themselves are not in the catalogue: one entry stands for its layer."""
    entries = list(base.history)
    if facts.get("env"):
        entries.append(steps.env(created, {k: v[1] if isinstance(v, list) else v for k, v in facts["env"].items()}))
    source = facts.get("source", repo)
    entries.append(HistoryEntry(created, f"RUN /bin/sh -c # {facts.get('steps', 1)} steps of {source} # buildkit",
                                False, steps.BUILDKIT))
    for word, render in (("entrypoint", steps.entrypoint), ("cmd", steps.cmd)):
        if facts.get(word):
            entries.append(render(created, facts[word]))
    return entries


def build(repo: str, facts: dict, base: Image) -> Image:
    created = parse_rfc3339(facts["created"][:19] + "Z") if "T" in facts.get("created", "") else base.created
    config = config_from(facts, base.config)
    layer = stack_layer(repo, facts, base, config, created)
    return Image(list(base.layers) + [layer], config, history(repo, facts, base, created), created)


def split_from(reference: str) -> Tuple[str, str]:
    """"python:3.9-slim@sha256:..." -> ("python", "3.9-slim"); registries other than Hub keep their host."""
    name = reference.split("@", 1)[0]
    repo, _, tag = name.rpartition(":") if ":" in os.path.basename(name) else (name, "", "latest")
    if repo.startswith("docker.io/"):
        repo = repo[len("docker.io/"):]
    if repo.startswith("library/"):
        repo = repo[len("library/"):]
    return repo, tag or "latest"
