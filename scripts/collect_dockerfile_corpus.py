"""Collect the corpus of real Dockerfiles with their build contexts (tests/corpus/dockerfiles).

Each entry is copied verbatim from a git mirror (the search tool's `fetch` brings them to
/work/.mirror/<owner>+<repo>/repo) at the mirror's newest commit: the Dockerfile's
directory is its build context. Files over STUB_BYTES (images, fonts, bundled
JavaScript) are replaced by a stub of the same name and say so in SOURCES.md;
node_modules and .git are left out. Rerun to refresh:
    python scripts/collect_dockerfile_corpus.py [MIRRORS_DIR]
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "corpus", "dockerfiles")
STUB_BYTES = 16 * 1024
# what a build reads for real (dependency manifests and lock files) is kept whatever its size
KEEP = ("package.json", "package-lock.json", "yarn.lock", "requirements.txt", "go.sum", "go.mod", "pom.xml",
        "Gemfile.lock", "Cargo.lock", "Dockerfile", "composer.lock", ".sh")
# (entry name, mirror "owner+repo", context directory, Dockerfile path in it, what it is)
ENTRIES = [
    # docker/awesome-compose: the samples Docker's docs point to
    *[(f"awesome-{d.replace('/', '-')}", "docker+awesome-compose", d, "Dockerfile", "awesome-compose sample")
      for d in ("angular/angular", "apache-php/app", "aspnet-mssql/app/aspnetapp", "django/app", "fastapi",
                "flask-redis", "flask/app", "nginx-aspnet-mysql/backend", "nginx-aspnet-mysql/proxy",
                "nginx-flask-mongo/flask", "nginx-flask-mysql/backend", "nginx-flask-mysql/proxy",
                "nginx-golang-mysql/backend", "nginx-golang-postgres/backend", "nginx-golang/backend",
                "nginx-nodejs-redis/nginx", "nginx-nodejs-redis/web", "nginx-wsgi-flask/flask",
                "nginx-wsgi-flask/nginx", "react-express-mongodb/backend", "react-express-mongodb/frontend",
                "react-express-mysql/backend", "react-express-mysql/frontend", "react-java-mysql/backend",
                "react-java-mysql/frontend", "react-nginx", "react-rust-postgres/backend",
                "react-rust-postgres/frontend", "sparkjava-mysql/backend", "sparkjava/sparkjava",
                "spring-postgres/backend", "traefik-golang/backend", "vuejs/vuejs")],
    ("getting-started", "docker+getting-started", "", "Dockerfile", "Docker's getting-started tutorial"),
    ("welcome-to-docker", "docker+welcome-to-docker", "", "Dockerfile", "Docker Desktop's first sample"),
    *[(f"voting-{d}", "dockersamples+example-voting-app", d, "Dockerfile", "example-voting-app service")
      for d in ("result", "seed-data", "vote", "worker")],
    *[(f"curriculum-{d}", "prakhar1989+docker-curriculum", d, "Dockerfile", "docker-curriculum tutorial")
      for d in ("flask-app", "static-site")],
    *[(f"dockercoins-{d}", "jpetazzo+container.training", f"dockercoins/{d}", "Dockerfile",
       "container.training dockercoins") for d in ("hasher", "rng", "webui", "worker")],
    ("training-prom", "jpetazzo+container.training", "prom", "Dockerfile", "container.training"),
    ("training-admission-flask", "jpetazzo+container.training", "webhooks/admission/flask", "Dockerfile",
     "container.training"),
    # official images' own Dockerfiles
    ("official-python-3.12-alpine", "docker-library+python", "3.12/alpine3.23", "Dockerfile", "official image"),
    ("official-python-3.12-slim", "docker-library+python", "3.12/slim-bookworm", "Dockerfile", "official image"),
    ("official-memcached-alpine", "docker-library+memcached", "1/alpine", "Dockerfile", "official image"),
    ("official-memcached-debian", "docker-library+memcached", "1/debian", "Dockerfile", "official image"),
    ("official-httpd", "docker-library+httpd", "2.4", "Dockerfile", "official image"),
    ("official-httpd-alpine", "docker-library+httpd", "2.4/alpine", "Dockerfile", "official image"),
    ("official-python-3.12-bookworm", "docker-library+python", "3.12/bookworm", "Dockerfile", "official image"),
    ("official-nginx-alpine", "nginx+docker-nginx", "mainline/alpine", "Dockerfile", "official image"),
    ("official-nginx-alpine-slim", "nginx+docker-nginx", "mainline/alpine-slim", "Dockerfile", "official image"),
    ("official-nginx-debian", "nginx+docker-nginx", "mainline/debian", "Dockerfile", "official image"),
    ("official-redis-7.0-alpine", "docker-library+redis", "7.0/alpine", "Dockerfile", "official image"),
    ("official-redis-7.0-debian", "docker-library+redis", "7.0/debian", "Dockerfile", "official image"),
    ("official-postgres-17-alpine", "docker-library+postgres", "17/alpine3.23", "Dockerfile", "official image"),
    ("official-golang-alpine", "docker-library+golang", "1.26/alpine3.23", "Dockerfile", "official image"),
    ("official-ruby-slim", "docker-library+ruby", "3.3/slim-bookworm", "Dockerfile", "official image"),
]
SKIP_DIRS = ("node_modules/", ".git/")


def git(mirror: str, *args: str) -> bytes:
    return subprocess.run(["git", "--git-dir", mirror, *args], capture_output=True, check=True).stdout


def collect(mirrors: str) -> None:
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    sources = ["# Sources of the Dockerfile corpus\n\n",
               "Third-party test inputs, copied verbatim by scripts/collect_dockerfile_corpus.py (their\n",
               "licenses are those of the repositories named). Stubs replace files over 16 KiB (not manifests and lock files).\n\n",
               "| entry | repository | commit | directory | what | stubbed |\n|---|---|---|---|---|---|\n"]
    for name, repo, directory, dockerfile, what in ENTRIES:
        mirror = os.path.join(mirrors, repo, "repo")
        commit = git(mirror, "rev-parse", "HEAD").decode().strip()
        prefix = f"{directory}/" if directory else ""
        listing = git(mirror, "ls-tree", "-r", "-l", "HEAD", "--", prefix or ".").decode().splitlines()
        stubbed = []
        for line in listing:
            meta, path = line.split("\t", 1)
            mode, kind, blob, size = meta.split()
            rel = path[len(prefix):]
            if kind != "blob" or any(part in rel + "/" for part in SKIP_DIRS) or size == "-":
                continue
            target = os.path.join(OUT, name, rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if int(size) > STUB_BYTES and not rel.endswith(KEEP):
                stubbed.append(rel)
                with open(target, "w") as f:
                    f.write(f"stub: {int(size)} bytes in {repo.replace('+', '/')}@{commit[:12]}:{path}\n")
                continue
            with open(target, "wb") as f:
                f.write(git(mirror, "cat-file", "blob", blob))
            os.chmod(target, 0o755 if mode == "100755" else 0o644)  # scripts keep their executable bit
        sources.append(f"| {name} | {repo.replace('+', '/')} | {commit[:12]} | {directory or '.'} | {what} | "
                       f"{', '.join(stubbed) or '-'} |\n")
    with open(os.path.join(OUT, "SOURCES.md"), "w") as f:
        f.writelines(sources)
    print(len(ENTRIES), "entries")


def fix_modes(mirrors: str) -> None:
    """Give the corpus's files the modes git records at each entry's commit (SOURCES.md)."""
    commits = {}
    with open(os.path.join(OUT, "SOURCES.md")) as f:
        for line in f:
            cells = [c.strip() for c in line.split("|")]
            if len(cells) > 4 and re.fullmatch(r"[0-9a-f]{12}", cells[3]):
                commits[cells[1]] = cells[3]
    for name, repo, directory, _, _ in ENTRIES:
        mirror = os.path.join(mirrors, repo, "repo")
        if name not in commits or not os.path.isdir(mirror):
            print(f"{name}: no mirror", file=sys.stderr)
            continue
        prefix = f"{directory}/" if directory else ""
        listing = git(mirror, "ls-tree", "-r", commits[name], "--", prefix or ".").decode().splitlines()
        for line in listing:
            meta, path = line.split("\t", 1)
            target = os.path.join(OUT, name, path[len(prefix):])
            if os.path.isfile(target):
                os.chmod(target, 0o755 if meta.split()[0] == "100755" else 0o644)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--modes"]:
        fix_modes(sys.argv[2] if len(sys.argv) > 2 else "/work/.mirror")
    else:
        collect(sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror")
