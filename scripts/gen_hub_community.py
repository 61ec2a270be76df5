"""Generate the simulated Docker Hub's entries for images outside the official library
that real Dockerfiles build on (engine/image/registry/hub/<owner>/<name>.json.gz).

Each publisher keeps its Dockerfiles in a public repository (brought with the search
tool's `fetch`); a tag is defined either by a Dockerfile per tag name in one directory
(tiangolo's images) or by the repository's release tags (prom/prometheus). The facts are
those of the official images (gen_hub_catalogue.dockerfile_facts) plus, with the build
context at hand, what COPY puts where (sizes and modes from git, executables for build
outputs the context lacks) and the pip requirements files RUN installs.

STATED holds the few images whose Dockerfile is not public: only what is known of them,
with where it is known from.

Usage: python scripts/gen_hub_community.py [MIRRORS_DIR]   (default /work/.mirror)
"""

from __future__ import annotations

import gzip
import json
import os
import posixpath
import re
import subprocess
import sys
from typing import Dict, Iterable, List, Optional, Tuple

sys.path.insert(0, os.path.dirname(__file__))

from gen_hub_catalogue import OUT, Git, dockerfile_facts, utc  # noqa: E402

# Hub path -> (mirror, where the Dockerfiles are, tag aliases resolved at the mirror's HEAD)
BY_FILE_NAME = {
    "tiangolo/uvicorn-gunicorn": ("tiangolo+uvicorn-gunicorn-docker", r"docker-images/(python[\w.-]+)\.dockerfile"),
    "tiangolo/uvicorn-gunicorn-fastapi": ("tiangolo+uvicorn-gunicorn-fastapi-docker",
                                          r"docker-images/(python[\w.-]+)\.dockerfile"),
}
BY_RELEASE_TAG = {"prom/prometheus": ("prometheus+prometheus", "Dockerfile")}
# Microsoft's registry: dotnet/dotnet-docker keeps src/<repo>/<version>/<variant>/amd64/Dockerfile
DOTNET = ("dotnet+dotnet-docker", ("runtime-deps", "runtime", "aspnet", "sdk"))
# the variant a bare "<version>" tag names: the newest Debian one, else Ubuntu's (10.0 on)
DOTNET_DEFAULT = ("trixie-slim", "bookworm-slim", "bullseye-slim", "buster-slim", "stretch-slim", "noble", "jammy")

STATED = {
    "gloursdocker/docker": {
        "tags": {"latest": 0},
        "images": [{
            "from": "scratch", "env": {}, "steps": 1, "created": "",
            # docker/awesome-compose Dockerfiles: "install Docker tools (cli, buildx, compose)";
            # the paths are Docker's documented places for the CLI and its plugins
            "copies": [["exe", "/usr/local/bin/docker", "docker"],
                       ["exe", "/usr/local/lib/docker/cli-plugins/docker-buildx", "docker-buildx"],
                       ["exe", "/usr/local/lib/docker/cli-plugins/docker-compose", "docker-compose"]],
            "source": "docker/awesome-compose#401 (latest = sha256:a66243282b1165f556ec4a91d749c1ebc81dd28b"
                      "cfbce653ccf49b01ae3b3fdf); Dockerfile not public",
        }],
    },
}


class Context:
    """A build context inside a git commit: sizes, modes and texts of its files."""

    def __init__(self, git: Git, commit: str, directory: str):
        self.git, self.commit, self.directory = git, commit, directory.strip("/")
        out = subprocess.run(["git", "--git-dir", git.git_dir, "ls-tree", "-r", "-l", commit, "--",
                              self.directory or "."], capture_output=True, text=True).stdout
        self.files: Dict[str, Tuple[int, int]] = {}  # path in context -> (mode, size)
        for line in out.splitlines():
            meta, path = line.split("\t", 1)
            mode, kind, _, size = meta.split()
            if kind == "blob":
                rel = posixpath.relpath(path, self.directory or ".")
                self.files[rel] = (int(mode[-3:], 8), int(size) if size.isdigit() else 0)

    def copies(self, words: List[str]) -> List[list]:
        """["file", dest, size, mode] for context files, ["exe", dest, program] for what the
        context lacks (a build output copied in: a program of that name)."""
        words = [w for w in words if not w.startswith("--")]
        if len(words) < 2:
            return []
        *sources, dest = words
        found = []
        for source in sources:
            src = posixpath.normpath(source.lstrip("/")) if source not in (".", "./") else "."
            into_dir = dest.endswith("/") or len(sources) > 1
            if src in self.files:
                mode, size = self.files[src]
                target = posixpath.join(dest, posixpath.basename(src)) if into_dir else dest
                found.append(["file", target, size, mode])
                continue
            under = sorted(p for p in self.files if src == "." or p.startswith(src + "/"))
            if under:
                for path in under:
                    mode, size = self.files[path]
                    rel = path if src == "." else path[len(src) + 1:]
                    found.append(["file", posixpath.join(dest, rel), size, mode])
            else:
                target = posixpath.join(dest, posixpath.basename(src)) if into_dir else dest
                found.append(["exe", target, posixpath.basename(src)])
        return found

    def pip_requirements(self, script: str, copies: Iterable[list]) -> List[str]:
        """The requirement lines of the files a `pip install -r FILE` in ``script`` reads."""
        wanted = re.findall(r"pip3? install\b[^;&|]*?(?:-r|--requirement)\s+(\S+)", script)
        found = []
        for path in wanted:
            for copy in copies:
                if copy[0] == "file" and copy[1] == path:
                    source = self._source_of(path, copies)
                    text = self.git.read(f"{self.commit}:{source}") if source else None
                    for line in (text or b"").decode().splitlines():
                        line = line.split("#", 1)[0].strip()
                        if line and not line.startswith("-"):
                            found.append(line)
        return found

    def _source_of(self, dest: str, copies: Iterable[list]) -> Optional[str]:
        size = next(c[2] for c in copies if c[0] == "file" and c[1] == dest)
        for rel, (_, s) in self.files.items():
            if s == size and posixpath.basename(rel) == posixpath.basename(dest):
                return posixpath.join(self.directory, rel) if self.directory else rel
        return None


def _commits_touching(git: Git, pattern: str) -> List[Tuple[str, str, str]]:
    """(commit, date, path) for each commit that adds or changes a file matching ``pattern``."""
    out = subprocess.run(["git", "--git-dir", git.git_dir, "log", "--all", "--format=C %H %cI",
                          "--name-status", "--no-renames"], capture_output=True, text=True).stdout
    found, commit, date = [], "", ""
    for line in out.splitlines():
        if line.startswith("C "):
            _, commit, date = line.split()
        elif line[:1] in ("A", "M") and re.fullmatch(pattern, line[2:].strip()):
            found.append((commit, utc(date), line[2:].strip()))
    return found


def _describe(git: Git, commit: str, date: str, path: str) -> Optional[dict]:
    text = git.read(f"{commit}:{path}")
    if text is None:
        return None
    facts = dockerfile_facts(text.decode("utf-8", "replace"), Context(git, commit, posixpath.dirname(path)))
    if facts is None:
        return None
    if not facts.get("pip"):
        facts.pop("pip", None)
    facts["created"] = date
    return facts


def by_file_name(git: Git, owner_repo: str, pattern: str) -> Tuple[Dict[str, int], List[dict]]:
    """One tag per Dockerfile name, each at its last version; "latest" is the highest
    python version without a variant that the repository still has at HEAD."""
    last: Dict[str, Tuple[str, str, str]] = {}
    for commit, date, path in _commits_touching(git, pattern):
        tag = re.fullmatch(pattern, path).group(1)
        if tag not in last or last[tag][1] < date:
            last[tag] = (commit, date, path)
    tags, images = {}, []
    for tag, (commit, date, path) in sorted(last.items()):
        facts = _describe(git, commit, date, path)
        if facts is not None:
            facts["source"] = f"{owner_repo}@{commit[:12]}:{path}"
            tags[tag] = len(images)
            images.append(facts)
    head = subprocess.run(["git", "--git-dir", git.git_dir, "ls-tree", "-r", "--name-only", "HEAD"],
                          capture_output=True, text=True).stdout.split()
    plain = [re.fullmatch(pattern, p).group(1) for p in head if re.fullmatch(pattern, p)]
    plain = [t for t in plain if re.fullmatch(r"python\d+\.\d+", t)]
    if plain:
        tags["latest"] = tags[max(plain, key=lambda t: tuple(int(n) for n in t[6:].split(".")))]
    return tags, images


def by_release_tag(git: Git, owner_repo: str, path: str) -> Tuple[Dict[str, int], List[dict]]:
    """One image tag per release tag vX.Y.Z (and its -rc.N) whose tree has the Dockerfile;
    "latest" is the highest final release."""
    out = subprocess.run(["git", "--git-dir", git.git_dir, "for-each-ref", "--format=%(refname:short) %(*objectname)"
                          " %(objectname) %(creatordate:iso-strict)", "refs/tags"],
                         capture_output=True, text=True).stdout
    tags, images, finals = {}, [], []
    for line in out.splitlines():
        parts = line.split()
        name, commit, date = parts[0], parts[1] if len(parts) == 4 else parts[-2], parts[-1]
        if not re.fullmatch(r"v\d+\.\d+\.\d+(-rc\.\d+)?", name):
            continue
        facts = _describe(git, commit, utc(date), path)
        if facts is None:
            continue
        facts["source"] = f"{owner_repo}@{commit[:12]}:{path} ({name})"
        tags[name] = len(images)
        images.append(facts)
        if "-" not in name:
            finals.append(name)
    if finals:
        tags["latest"] = tags[max(finals, key=lambda t: tuple(int(n) for n in t[1:].split(".")))]
    return tags, images


def dotnet(git: Git, owner_repo: str, repo: str) -> Tuple[Dict[str, int], List[dict]]:
    """Tags "<version>-<variant>" (and "-amd64") and "<version>" for each Dockerfile the
    repository ever had for linux/amd64, each at its last version. The base of one is
    named by its full version ("aspnet:8.0.30-bookworm-slim-amd64"), kept here as the
    "<version>-<variant>" tag the catalogue has."""
    pattern = rf"src/{re.escape(repo)}/(\d+\.\d+)/([a-z][\w.-]*)/amd64/Dockerfile"
    last: Dict[Tuple[str, str], Tuple[str, str, str]] = {}
    for commit, date, path in _commits_touching(git, pattern):
        key = re.fullmatch(pattern, path).groups()
        if key not in last or last[key][1] < date:
            last[key] = (commit, date, path)
    tags, images = {}, []
    for (version, variant), (commit, date, path) in sorted(last.items()):
        if variant.startswith(("nanoserver", "windowsservercore")):
            continue
        facts = _describe(git, commit, date, path)
        if facts is None:
            continue
        m = re.fullmatch(r"(?:\$REPO|mcr\.microsoft\.com/dotnet/[\w-]+):(\d+\.\d+)[\d.]*(?:-[a-z]+\.\d+(?:\.\d+)*)?-(.+?)"
                         r"(?:-amd64)?", facts["from"])
        if m:
            below = DOTNET[1][DOTNET[1].index(repo) - 1]
            facts["from"] = f"mcr.microsoft.com/dotnet/{below}:{m.group(1)}-{m.group(2)}"
        facts["source"] = f"{owner_repo}@{commit[:12]}:{path}"
        number = len(images)
        images.append(facts)
        tags[f"{version}-{variant}"] = tags[f"{version}-{variant}-amd64"] = number
    for version in sorted({v for v, _ in last}, key=lambda v: tuple(map(int, v.split(".")))):
        for variant in DOTNET_DEFAULT:
            if f"{version}-{variant}" in tags:
                tags[version] = tags["latest"] = tags[f"{version}-{variant}"]
                break
    return tags, images


def write(path: str, tags: Dict[str, int], images: List[dict]) -> None:
    name = os.path.join(OUT, path + ".json.gz")
    os.makedirs(os.path.dirname(name), exist_ok=True)
    doc = json.dumps({"repository": path, "images": images, "tags": tags}, separators=(",", ":"), sort_keys=True)
    with gzip.GzipFile(name, "wb", mtime=0) as f:
        f.write((doc + "\n").encode())
    print(f"{path}: {len(tags)} tags, {len(images)} images", file=sys.stderr)


def generate(mirrors: str) -> None:
    for path, (mirror, pattern) in BY_FILE_NAME.items():
        git = Git(os.path.join(mirrors, mirror, "repo"))
        write(path, *by_file_name(git, mirror.replace("+", "/"), pattern))
    for path, (mirror, dockerfile) in BY_RELEASE_TAG.items():
        git = Git(os.path.join(mirrors, mirror, "repo"))
        write(path, *by_release_tag(git, mirror.replace("+", "/"), dockerfile))
    mirror, repos = DOTNET
    git = Git(os.path.join(mirrors, mirror, "repo"))
    for repo in repos:
        write(f"mcr.microsoft.com/dotnet/{repo}", *dotnet(git, mirror.replace("+", "/"), repo))
    for path, doc in STATED.items():
        write(path, doc["tags"], doc["images"])


if __name__ == "__main__":
    generate(sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror")
