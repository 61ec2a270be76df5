"""`compose watch`'s model: a service's `develop.watch` rules, the host files they watch,
and what a batch of changed files asks for (sync, restart, rebuild, exec).

Facts from Compose v2.39 (pkg/compose/watch.go, pkg/watch):
- a rule's path is relative to the project directory; a change under it matches the rule
  unless its `ignore` patterns, the build context's .dockerignore, editors' temporary
  files or a `.git/` directory at the root exclude it (patterns use .dockerignore's
  syntax, relative to the rule's path; an `include` list narrows what matches);
- changes are batched: a batch is sent once no new change came for half a second;
- a sync copies each changed host path to the rule's target in every container of the
  service; one that no longer exists on the host is removed there (`rm -rf`).

The host is read by polling (what changed since the last look), not by inotify: the
shell's wait asks at least once a second.
"""

from __future__ import annotations

import os
import stat as stat_module
from typing import Dict, List, Optional, Set, Tuple

from engine.record import field, record

from .project import ComposeError

QUIET_PERIOD = 0.5  # seconds without a new change before a batch is handled

ACTIONS = ("sync", "rebuild", "restart", "sync+restart", "sync+exec")
SYNCING = ("sync", "sync+restart", "sync+exec")

# what editors and tools leave beside the files they save (pkg/watch/ephemeral.go)
EPHEMERAL = ("**/*___jb_old___", "**/*___jb_tmp___", "**/.idea/**",  # GoLand
             "**/.#*", "**/#*#",  # Emacs
             "**/4913", "**/*~", "**/.*.swp", "**/.*.swx", "**/.*.swo", "**/.*.swn",  # Vim
             "**/.*.kate-swp", "**/*-go-tmp-umask")

NOT_CONFIGURED = ("none of the selected services is configured for watch, consider setting a "
                  "'develop' section")


class Matcher:
    """.dockerignore patterns anchored at ``root`` (an absolute host directory), matched
    against absolute paths, a path matching when it or one of its parents does."""

    def __init__(self, root: str, patterns: List[str]):
        from engine.build.context import Pattern
        if "*" in patterns:  # "*" keeps only the exceptions, as Compose's matcher does
            patterns = [p for p in patterns if p.startswith("!")]
        self.patterns = [Pattern(_anchored(root, p)) for p in patterns if p.strip()]

    def matches(self, path: str) -> bool:
        from engine.build.context import excluded
        return excluded(path.lstrip("/"), self.patterns)


def _anchored(root: str, pattern: str) -> str:
    pattern = os.path.normpath(pattern.strip())
    negated = pattern.startswith("!")
    body = pattern[1:] if negated else pattern
    if not os.path.isabs(body):
        body = os.path.join(root, body)
    return ("!" if negated else "") + body


@record
class Rule:
    service: str
    action: str
    path: str  # absolute, on the host
    target: str = ""  # in the container
    include: Optional[Matcher] = None  # None: everything
    ignore: List[Matcher] = field(default_factory=list)
    command: Tuple[str, ...] = ()  # sync+exec's

    def maps(self, host_path: str) -> Optional[Tuple[str, str]]:
        """(host path, container path) if a change of ``host_path`` is this rule's."""
        if host_path != self.path and not host_path.startswith(self.path.rstrip("/") + "/"):
            return None
        if self.include is not None and not self.include.matches(host_path):
            return None
        if any(m.matches(host_path) for m in self.ignore):
            return None
        inside = ""
        if self.target:
            rest = os.path.relpath(host_path, self.path)
            inside = self.target if rest == "." else os.path.normpath(
                os.path.join(self.target, rest))
        return host_path, inside


def rules(project, services: List[str], building: bool = True) -> List[Rule]:
    """The watch rules of ``services`` (all when empty), with Compose's errors."""
    found: List[Rule] = []
    for name in services or list(project.services):
        service = project.services[name]
        watch = (service.get("develop") or {}).get("watch") or []
        shared = [_dockerignore(service), Matcher("/", list(EPHEMERAL)), Matcher("/", [".git/"])]
        for trigger in watch:
            action = trigger.get("action", "")
            if action == "rebuild":
                if "build" not in service:
                    raise ComposeError(f'can\'t watch service "{name}" with action rebuild '
                                       f'without a build context', 1)
                if not building:
                    raise ComposeError(f"--no-build is incompatible with watch action rebuild "
                                       f"in service {name}", 1)
            path = trigger.get("path", "")
            if not path:
                raise ComposeError("watch rules MUST define a path", 1)
            path = os.path.normpath(os.path.join(project.working_dir, path))
            if action in SYNCING and _bind_mounted(path, service):
                continue  # Compose warns and leaves it unwatched (see ``warnings``)
            found.append(Rule(
                service=name, action=action, path=path, target=trigger.get("target", ""),
                include=Matcher(path, trigger["include"]) if trigger.get("include") else None,
                ignore=shared + [Matcher(path, trigger.get("ignore") or [])],
                command=tuple((trigger.get("exec") or {}).get("command") or ())))
    return found


def warnings(project, services: List[str]) -> List[str]:
    """Compose's warnings for sync rules it leaves unwatched."""
    said = []
    for name in services or list(project.services):
        service = project.services[name]
        for trigger in (service.get("develop") or {}).get("watch") or []:
            path = os.path.normpath(os.path.join(project.working_dir, trigger.get("path", "")))
            if trigger.get("action") in SYNCING and _bind_mounted(path, service):
                said.append(f"path '{trigger.get('path')}' also declared by a bind mount "
                            f"volume, this path won't be monitored!\n")
    return said


def _dockerignore(service) -> Matcher:
    build = service.get("build")
    if not build:
        return Matcher("/", [])
    context = build.get("context", ".")
    dockerfile = build.get("dockerfile", "Dockerfile")
    for name in (dockerfile + ".dockerignore", ".dockerignore"):
        path = os.path.join(context, name)
        if os.path.isfile(path):
            with open(path, encoding="utf-8", errors="replace") as handle:
                lines = [line.strip() for line in handle.read().splitlines()]
            return Matcher(context, [line for line in lines if line and not line.startswith("#")])
    return Matcher(context, [])


def _bind_mounted(path: str, service) -> bool:
    for volume in service.get("volumes") or []:
        if isinstance(volume, dict) and volume.get("type") == "bind":
            source = volume.get("source", "")
            rest = os.path.relpath(path, source) if source else ".."
            if not rest.startswith(".."):
                return True
    return False


# -- the host, looked at again and again ------------------------------------------------
Look = Dict[str, Tuple[str, int, int]]  # path -> (kind, mtime in ns, size)


def look(paths: List[str]) -> Look:
    """What is at and under each watched path now (links are not followed)."""
    seen: Look = {}

    def add(path: str) -> None:
        try:
            info = os.lstat(path)
        except OSError:
            return
        if stat_module.S_ISDIR(info.st_mode):
            seen[path] = ("dir", 0, 0)  # a directory's own mtime is no change of its files
            try:
                names = sorted(os.listdir(path))
            except OSError:
                return
            for name in names:
                add(os.path.join(path, name))
        else:
            seen[path] = ("file", info.st_mtime_ns, info.st_size)
    for path in paths:
        add(path)
    return seen


def changed(before: Look, after: Look) -> Set[str]:
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


class Watcher:
    """The host files under the rules' paths, and the changes that make a batch."""

    def __init__(self, rules_: List[Rule]):
        self.paths = sorted({rule.path for rule in rules_})
        self.last = look(self.paths)
        self.pending: Set[str] = set()
        self.since = 0.0  # when the last change was seen

    def poll(self, now: float) -> List[str]:
        """The batch to handle now: the changes seen, once none came for QUIET_PERIOD."""
        current = look(self.paths)
        fresh = changed(self.last, current)
        self.last = current
        if fresh:
            self.pending |= fresh
            self.since = now
            return []
        if self.pending and now - self.since >= QUIET_PERIOD:
            batch, self.pending = sorted(self.pending), set()
            return batch
        return []


@record
class Plan:
    """What one batch asks for, service by service."""
    rebuild: List[str] = field(default_factory=list)
    sync: Dict[str, List[Tuple[str, str]]] = field(default_factory=dict)
    restart: List[str] = field(default_factory=list)
    exec: Dict[str, List[Rule]] = field(default_factory=dict)


def plan(batch: List[str], rules_: List[Rule]) -> Plan:
    result = Plan()
    for path in batch:
        for rule in rules_:
            mapping = rule.maps(path)
            if mapping is None:
                continue
            if rule.action == "rebuild":
                _add(result.rebuild, rule.service)
            elif rule.action == "restart":
                _add(result.restart, rule.service)
            else:
                result.sync.setdefault(rule.service, []).append(mapping)
                if rule.action == "sync+restart":
                    _add(result.restart, rule.service)
                elif rule.action == "sync+exec" and rule not in result.exec.get(rule.service, []):
                    result.exec.setdefault(rule.service, []).append(rule)
    result.rebuild.sort()
    result.restart.sort()
    return result


def _add(names: List[str], name: str) -> None:
    if name not in names:
        names.append(name)


def go_quoted_list(names: List[str]) -> str:
    """Go's %q of a []string: ["web" "db"]."""
    return "[" + " ".join(f'"{n}"' for n in names) + "]"
