"""Generate the simulated Docker Hub's catalogue (engine/image/registry/hub/*.json).

Sources (read-only git mirrors, brought with the search tool's `fetch`):
- docker-library/official-images: the `library/<repo>` files list every tag of every
  official image with the git repository, commit and directory of its Dockerfile.
  Docker Hub keeps a tag after it leaves the file, so the whole history is walked and
  each tag keeps its last definition.
- each image's own repository (docker-library/python, nodejs/docker-node, ...): the
  Dockerfile at that commit gives the config facts: the base image (FROM of the final
  stage), Env, Cmd, Entrypoint, WorkingDir, User, ExposedPorts, Volumes, StopSignal,
  Healthcheck, and how many steps make layers. Where the mirror lacks that commit,
  the same directory at the mirror's newest commit is used, and the entry says so.

Root images (alpine, debian, ubuntu, busybox) are not built from a Dockerfile here:
their entries name the release they unpack ("alpine/3.14.10", "debian/bookworm-slim").

Usage: python scripts/gen_hub_catalogue.py [MIRRORS_DIR [REPO...]]   (default /work/.mirror, all)
"""

from __future__ import annotations

import datetime
import gzip
import json
import os
import re
import shlex
import subprocess
import sys
from typing import Dict, List, Optional, Sequence

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from engine.build.errors import ShellLexError  # noqa: E402
from engine.build.parser import parse  # noqa: E402
from engine.build.shell_lex import process_word, process_words  # noqa: E402

ROOTS = ("alpine", "debian", "ubuntu", "busybox")
REPOS = ROOTS + ("hello-world", "buildpack-deps", "python", "node", "nginx", "httpd", "redis", "postgres", "mysql",
                 "mariadb", "mongo", "memcached", "golang", "ruby", "php", "eclipse-temurin",
                 "openjdk", "maven", "rust", "traefik", "registry", "rabbitmq", "wordpress",
                 "haproxy", "caddy", "gradle", "adminer")
OUT = os.path.join(os.path.dirname(__file__), "..", "engine", "image", "registry", "hub")
FIRST_YEAR = "2017"  # tags last defined before this are not kept (older than any course)


class Git:
    """`git cat-file --batch` on one mirror: many reads for one process."""

    def __init__(self, git_dir: str):
        self.git_dir = git_dir
        self.proc = subprocess.Popen(["git", "--git-dir", git_dir, "cat-file", "--batch"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def read(self, spec: str) -> Optional[bytes]:
        self.proc.stdin.write(spec.encode() + b"\n")
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().split()
        if len(header) < 3 or header[1] != b"blob":
            if len(header) == 3:
                self.proc.stdout.read(int(header[2]) + 1)
            return None
        data = self.proc.stdout.read(int(header[2]))
        self.proc.stdout.read(1)
        return data

    def versions(self, path: str) -> List[List[str]]:
        """[commit date, blob] of every version of ``path`` on any branch, oldest first
        (--full-history: the mirror's merges would otherwise hide most of them)."""
        out = subprocess.run(["git", "--git-dir", self.git_dir, "log", "--all", "--full-history",
                              "--format=C %cI", "--raw", "--no-abbrev", "--", path],
                             capture_output=True, text=True).stdout
        found, date = {}, None
        for line in out.splitlines():
            if line.startswith("C "):
                date = utc(line[2:])
            elif line.startswith(":") and date:
                blob = line.split()[3]
                if set(blob) != {"0"} and (blob not in found or found[blob] < date):
                    found[blob] = date
        return sorted([date, blob] for blob, date in found.items())


def utc(iso: str) -> str:
    """git's ISO date with offset -> RFC 3339 UTC ("2023-09-19T15:49:23Z"), as image configs write it."""
    return datetime.datetime.fromisoformat(iso).astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_library(text: str) -> List[Dict[str, object]]:
    """The entries of one library file, in either of its two formats."""
    entries = []
    if "Tags:" not in text:  # 2014-2016: "tag: git-url@commit directory"
        for line in text.splitlines():
            m = re.match(r"^([^#\s:][^:\s]*):\s*(\S+)@([0-9a-f]{40})\s*(\S*)", line)
            if m:
                entries.append({"tags": [m.group(1)], "repo": m.group(2), "commit": m.group(3),
                                "directory": m.group(4) or ".", "file": "Dockerfile", "amd64": True})
        return entries
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    defaults: Dict[str, str] = {}
    for number, block in enumerate(blocks):
        fields: Dict[str, str] = {}
        for line in block.splitlines():
            if line.startswith("#") or ":" not in line:
                continue
            key, value = line.split(":", 1)
            if key.startswith(" "):
                continue
            fields[key.strip()] = value.strip()
        if "Tags" not in fields and "SharedTags" not in fields:
            defaults.update(fields)  # the header (possibly after a comment block)
            continue
        merged = {**defaults, **fields}
        tags = [t.strip() for t in merged.get("Tags", "").split(",") if t.strip()]
        shared = [t.strip() for t in merged.get("SharedTags", "").split(",") if t.strip()]
        arches = [a.strip() for a in merged.get("Architectures", "amd64").split(",")]
        entries.append({
            "tags": tags + shared, "repo": merged.get("GitRepo", ""),
            "commit": merged.get("amd64-GitCommit", merged.get("GitCommit", "")),
            "directory": merged.get("amd64-Directory", merged.get("Directory", ".")),
            "file": merged.get("amd64-File", merged.get("File", "Dockerfile")),
            "amd64": "amd64" in arches, "shared": shared,
        })
    return entries


def last_definitions(official: Git, repo: str) -> Dict[str, dict]:
    """tag -> its last entry (with the date of the commit that defined it)."""
    tags: Dict[str, dict] = {}
    for date, blob in official.versions(f"library/{repo}"):
        data = official.read(blob)
        if data is None:
            continue
        for entry in parse_library(data.decode("utf-8", "replace")):
            entry["date"] = date
            for tag in entry["tags"]:
                if tag in entry.get("shared", ()) and not entry["amd64"] and tag in tags \
                        and tags[tag]["date"] == date:
                    continue  # a shared tag resolves to the linux entry on linux/amd64
                tags[tag] = entry
    return {tag: e for tag, e in tags.items() if e["date"][:4] >= FIRST_YEAR}


def mirror_for(git_url: str, mirrors: str) -> Optional[str]:
    m = re.search(r"github\.com[/:]([^/]+)/([^/.]+?)(?:\.git)?/?$", git_url)
    if not m:
        return None
    path = os.path.join(mirrors, f"{m.group(1)}+{m.group(2)}", "repo")
    if os.path.isdir(path):
        return path
    # a renamed owner (nginxinc/docker-nginx is now nginx/docker-nginx): same repository name
    for name in sorted(os.listdir(mirrors)):
        if name.lower().endswith("+" + m.group(2).lower()):
            return os.path.join(mirrors, name, "repo")
    return None


def _unquote_all(words: List[str], env: Dict[str, str]) -> List[str]:
    return [process_word(w, env) for w in words]


def dockerfile_facts(text: str, context: Optional["Context"] = None) -> Optional[dict]:
    """The final stage's base and config, from Dockerfile text. With the build context
    (images outside the official library), also what COPY puts where and which pip
    requirements files RUN installs."""
    result = parse(text)
    args: Dict[str, str] = {}
    stages: Dict[str, dict] = {}
    stage: Optional[dict] = None
    for node in result.ast.children:
        kw, values = node.keyword, node.values()
        if kw == "arg" and stage is None:
            for v in values:
                key, _, default = v.partition("=")
                args[key] = process_word(default, args) if default else args.get(key, "")
            continue
        if kw == "from":
            words = [v for v in values]
            base = process_word(words[0], args)
            if base.lower() in stages:
                stage = json.loads(json.dumps(stages[base.lower()]))
            else:
                stage = {"from": base, "env": {}, "steps": 0}
            if len(words) >= 3 and words[1].lower() == "as":
                stages[words[2].lower()] = stage
            continue
        if stage is None:
            continue
        env = {**args, **{k: v for k, v in stage["env"].items() if isinstance(v, str)}}
        if kw == "env":
            for i in range(0, len(values) - 2, 3):
                raw = values[i + 1]
                names = set(re.findall(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", raw))
                if names - set(env):  # names the base image's env (PATH): expanded at build time
                    for name in names:  # this stage's own raw values go in as text ($PATH twice)
                        known = stage["env"].get(name)
                        if isinstance(known, list):
                            raw = re.sub(r"\$\{?" + name + r"\b\}?", lambda _m: known[1], raw)
                    stage["env"][values[i]] = ["$", raw]
                else:
                    stage["env"][values[i]] = process_word(raw, env)
                env = {**args, **{k: v for k, v in stage["env"].items() if isinstance(v, str)}}
        elif kw == "arg":
            for v in values:
                key, _, default = v.partition("=")
                args[key] = process_word(default, env) if default else args.get(key, "")
        elif kw in ("cmd", "entrypoint"):
            stage[kw] = values if node.is_json else ["/bin/sh", "-c", " ".join(values)]
            if kw == "entrypoint":
                stage.pop("cmd", None)  # ENTRYPOINT resets an inherited CMD
        elif kw == "workdir":
            path = process_word(values[0], env)
            stage["workdir"] = path if path.startswith("/") else os.path.join(stage.get("workdir", "/"), path)
        elif kw == "user":
            stage["user"] = process_word(values[0], env)
        elif kw == "expose":
            ports = stage.setdefault("expose", [])
            for v in _unquote_all(values, env):
                for p in v.split():
                    ports.append(p if "/" in p else p + "/tcp")
        elif kw == "volume":
            vols = stage.setdefault("volumes", [])
            vols.extend(values if node.is_json else process_words(" ".join(values), env))
        elif kw == "stopsignal":
            stage["stopsignal"] = process_word(values[0], env)
        elif kw == "healthcheck":
            stage["healthcheck"] = values
        elif kw in ("run", "copy", "add"):
            stage["steps"] += 1
            if context is not None and kw == "copy" and not any(f.startswith("--from") for f in node.flags):
                stage.setdefault("copies", []).extend(context.copies(_unquote_all(values, env)))
            if context is not None and kw == "run":
                script = " ".join(values)
                stage.setdefault("pip", []).extend(context.pip_requirements(script, stage.get("copies", ())))
                for copy in stage.get("copies", ()):  # RUN chmod +x on a copied file
                    if copy[0] == "file" and re.search(r"chmod\s+(?:a?\+x|755)\s+" + re.escape(copy[1]) + r"\b", script):
                        copy[3] |= 0o111
            if kw == "run":
                accounts = stage.setdefault("accounts", [])
                accounts.extend(a for a in accounts_created(" ".join(values), env) if a not in accounts)
                if not accounts:
                    del stage["accounts"]
    return stage


_ACCOUNT_TOOLS = ("groupadd", "addgroup", "useradd", "adduser")


def accounts_created(script: str, env: Dict[str, str]) -> List[list]:
    """The groups and users a RUN script creates with groupadd/addgroup/useradd/adduser:
    ["group", name, gid] and ["user", name, uid, group, home, shell] (None where not given)."""
    found: List[list] = []
    for command in re.split(r"&&|;|\|\||\n", script):
        try:
            words = shlex.split(process_word(command, env) if "$" in command else command)
        except (ValueError, ShellLexError):  # a piece of a quoted string split at ";"
            continue
        if not words or words[0] not in _ACCOUNT_TOOLS:
            continue
        tool, values, operands, i = words[0], {}, [], 1
        while i < len(words):
            word = words[i]
            key, eq, value = word.partition("=")
            if word.startswith("-") and (eq or key in ("-u", "--uid", "-g", "--gid", "-G", "--ingroup", "-h", "--home",
                                                      "-d", "--home-dir", "-s", "--shell", "-c", "--comment", "--gecos",
                                                      "-k", "-K", "--key")):
                if not eq:
                    i += 1
                    value = words[i] if i < len(words) else ""
                values[key] = value
            elif not word.startswith("-"):
                operands.append(word)
            i += 1
        if not operands:
            continue
        name = operands[0]
        if tool in ("groupadd", "addgroup") and len(operands) == 1:
            gid = values.get("-g") or values.get("--gid")
            found.append(["group", name, int(gid) if gid and gid.isdigit() else None])
        elif tool in ("useradd", "adduser") and len(operands) == 1:
            uid = values.get("-u") or values.get("--uid")
            group = values.get("-G") if tool == "adduser" else values.get("-g")
            group = group or values.get("--ingroup") or values.get("--gid")
            home = values.get("-h") if tool == "adduser" else values.get("-d")
            home = home or values.get("--home") or values.get("--home-dir")
            found.append(["user", name, int(uid) if uid and uid.isdigit() else None, group, home,
                          values.get("-s") or values.get("--shell")])
    return found


def root_release(repo: str, entry: dict) -> Optional[str]:
    """What a root image's entry unpacks, from its tags and directory."""
    tags, directory = entry["tags"], entry["directory"]
    if repo == "alpine":
        full = [t for t in tags if re.fullmatch(r"\d+\.\d+\.\d+", t)]
        minor = [t for t in tags if re.fullmatch(r"\d+\.\d+", t)]
        if full:
            return "alpine/" + full[0]
        if minor:
            return "alpine/" + minor[0] + ".0"
        return "alpine/edge" if "edge" in tags else None
    if repo == "debian":
        suite = directory.split("/")[0]
        if not re.fullmatch(r"[a-z]+", suite) or suite in ("experimental", "rc"):
            return None
        return "debian/" + suite + ("-slim" if "slim" in directory.split("/")[1:] else "")
    if repo == "ubuntu":
        numbers = [t for t in tags if re.fullmatch(r"\d\d\.\d\d", t)]
        return "ubuntu/" + numbers[0] if numbers else None
    if repo == "busybox":
        for libc in ("glibc", "musl", "uclibc"):
            if any(libc in t for t in tags) or libc in directory:
                return "busybox/" + libc
        return "busybox/glibc"
    return None


def generate(mirrors: str, repos: Sequence[str]) -> None:
    official = Git(os.path.join(mirrors, "docker-library+official-images", "repo"))
    os.makedirs(OUT, exist_ok=True)
    for repo in repos:
        definitions = last_definitions(official, repo)
        images: List[dict] = []
        index: Dict[str, int] = {}  # definition key -> image number
        tags: Dict[str, int] = {}
        gits: Dict[str, Git] = {}
        missing: Dict[str, tuple] = {}
        for tag in sorted(definitions):
            entry = definitions[tag]
            if not entry["amd64"]:
                tags[tag] = -1  # no linux/amd64 manifest
                continue
            key = (root_release(repo, entry) if repo in ROOTS
                   else f"{entry['repo']}@{entry['commit']}:{entry['directory']}/{entry['file']}")
            if key not in index:
                image = describe(repo, entry, mirrors, gits)
                if image is None:
                    missing.setdefault(key, (entry, []))[1].append(tag)
                    continue
                index[key] = len(images)
                images.append(image)
            tags[tag] = index[key]
        for key, (entry, names) in sorted(missing.items()):
            image = approximate(repo, entry, names, images)
            if image is not None:
                index[key] = len(images)
                images.append(image)
                tags.update({name: index[key] for name in names})
        path = os.path.join(OUT, f"{repo}.json.gz")
        doc = json.dumps({"repository": f"library/{repo}", "images": images, "tags": tags},
                         separators=(",", ":"), sort_keys=True) + "\n"
        with gzip.GzipFile(path, "wb", mtime=0) as f:  # mtime 0: the same bytes every run
            f.write(doc.encode())
        print(f"{repo}: {len(tags)} tags, {len(images)} images", file=sys.stderr)


def approximate(repo: str, entry: dict, names: List[str], images: List[dict]) -> Optional[dict]:
    """Facts for a tag whose Dockerfile the mirrors lack: the newest described image of the
    same variant (directory), its base moved to the release the tag names (alpine3.23,
    bookworm ...). The entry's source says it is approximated and from what."""
    variant = entry["directory"].strip("/").split("/")[-1]
    described = [i for i in images if "root" not in i and not i["source"].startswith("approximated")]
    donors = [i for i in described if i["source"].split(":")[-1].rsplit("/", 1)[0].split("/")[-1] == variant] \
        or described
    if not donors:
        return None
    donor = max(donors, key=lambda i: i["created"])
    facts = json.loads(json.dumps(donor))
    for name in names:
        m = re.search(r"alpine(\d+\.\d+)", name)
        if m:
            facts["from"] = f"alpine:{m.group(1)}"
            break
        m = re.search(r"(?:^|-)(bookworm|bullseye|buster|trixie|stretch|jammy|noble|focal)(?:$|-)", name)
        if m and "slim" in facts.get("from", ""):
            facts["from"] = f"debian:{m.group(1)}-slim"
            break
    # the image's own version variable (REDIS_VERSION ...) from the tag's full version
    full = [m.group(1) for m in (re.match(r"v?(\d+\.\d+\.\d+)(?:$|-)", n) for n in names) if m]
    key = repo.upper().replace("-", "_") + "_VERSION"
    old = facts["env"].get(key)
    if full and isinstance(old, str) and re.fullmatch(r"[\d.]+", old):
        new = full[0]
        facts["env"] = {k: v.replace(old, new) if isinstance(v, str) else v for k, v in facts["env"].items()}
    facts["created"] = entry["date"]
    facts["source"] = f"approximated from {donor['source'].split(' (')[0]}"
    return facts


def describe(repo: str, entry: dict, mirrors: str, gits: Dict[str, Git]) -> Optional[dict]:
    created = entry["date"]
    if repo in ROOTS:
        release = root_release(repo, entry)
        return {"root": release, "created": created} if release else None
    mirror = mirror_for(entry["repo"], mirrors)
    if mirror is None:
        return None
    if mirror not in gits:
        gits[mirror] = Git(mirror)
    git = gits[mirror]
    directory = entry["directory"].strip("/") or "."
    name = entry["file"] if directory == "." else f"{directory}/{entry['file']}"
    text = git.read(f"{entry['commit']}:{name}")
    exact = text is not None
    if text is None:
        text = git.read(f"HEAD:{name}")
    if text is None:
        return None
    facts = dockerfile_facts(text.decode("utf-8", "replace"))
    if facts is None:
        return None
    facts["created"] = created
    owner_repo = re.sub(r"^https?://github\.com/|\.git$", "", entry["repo"])
    facts["source"] = f"{owner_repo}@{entry['commit'][:12]}:{name}" + ("" if exact else " (newest)")
    return facts


if __name__ == "__main__":
    generate(sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror", sys.argv[2:] or REPOS)
