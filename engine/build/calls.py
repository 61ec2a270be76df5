"""What `build --call=targets` and `--call=outline` answer, as text and as JSON.

BuildKit's frontend answers these subrequests with a JSON document (its
``result.json``) and buildx prints it as it is (``format=json``) or through the
subrequest's printer, a Go tabwriter table (the default):

- targets (``ListTargets``): every stage, its description (the comment above its
  FROM that starts with the stage's name) and whether it is the default (last);
- outline (``Dockerfile2Outline``): the target stage's name and description, the
  build args it uses (its own ARGs, the global ARGs its FROM lines use and those
  their defaults use, then those of its base and the stages it copies or mounts
  from), and the secrets and SSH agents its RUN --mount lines ask for.
"""

from __future__ import annotations

import base64
from typing import Dict, List, Optional, Sequence, Set, Tuple

from ..image.gojson import dumps
from ..record import field, record
from . import run_mounts
from .shell_lex import Lex


def definition_comment(comments: Sequence[str], name: str) -> str:
    """BuildKit's getComment: the rest of the first comment line above an instruction that
    starts with ``name`` and a space (a stage's or an ARG's description)."""
    for line in comments if name else ():
        if line.startswith(name + " "):
            return line[len(name) + 1:]
    return ""


def location(node) -> dict:
    """A pb.Location as encoding/json writes it: one range per line, zero fields left out."""
    return {"ranges": [{"start": {"line": n}, "end": {"line": n}}
                       for n in range(node.start_line, max(node.start_line, node.end_line) + 1)]}


def _source(text: str) -> str:
    return base64.b64encode(text.encode("utf-8", "surrogateescape")).decode("ascii")


def tabwriter(rows: Sequence[Sequence[str]], padding: int) -> List[str]:
    """Go's text/tabwriter (minwidth 0, padded with spaces): every cell but a line's last
    is padded to its column's widest cell plus ``padding``."""
    widths: Dict[int, int] = {}
    for row in rows:
        for index, cell in enumerate(row[:-1]):
            widths[index] = max(widths.get(index, 0), len(cell))
    return ["".join(cell.ljust(widths[i] + padding) for i, cell in enumerate(row[:-1])) + row[-1]
            for row in rows]


# ------------------------------------------------------------------ targets
def targets_table(stages) -> List[str]:
    """PrintTargets: TARGET and DESCRIPTION, the last stage marked as the default."""
    rows = [("TARGET", "DESCRIPTION")]
    for index, stage in enumerate(stages):
        name = stage.name
        if index == len(stages) - 1:
            name = f"{name} (default)" if name else "(default)"
        rows.append((name, definition_comment(stage.from_node.prev_comment, stage.name)))
    return tabwriter(rows, 1)


def targets_json(stages, source: str) -> str:
    targets = []
    for index, stage in enumerate(stages):
        target: dict = {}
        for key, value in (("name", stage.name),
                           ("default", index == len(stages) - 1),
                           ("description",
                            definition_comment(stage.from_node.prev_comment, stage.name)),
                           ("base", stage.from_node.values()[0]),
                           ("platform", stage.from_node.flag("platform"))):
            if value:  # omitempty
                target[key] = value
        target["location"] = location(stage.from_node)
        targets.append(target)
    return dumps({"targets": targets, "sources": [_source(source)]}, indent=2)


# ------------------------------------------------------------------ outline
@record
class ArgInfo:
    name: str
    value: str
    description: str
    node: object
    deps: Set[str] = field(default_factory=set)


@record
class Capture:
    """BuildKit's outlineCapture of one stage."""
    args: Dict[str, ArgInfo]
    used: Dict[str, None]  # an ordered set
    secrets: Dict[str, Tuple[bool, object]] = field(default_factory=dict)
    ssh: Dict[str, Tuple[bool, object]] = field(default_factory=dict)

    def clone(self) -> "Capture":
        return Capture(dict(self.args), dict(self.used), dict(self.secrets), dict(self.ssh))


@record
class Outline:
    name: str
    description: str
    args: List[ArgInfo]
    secrets: List[Tuple[str, bool, object]]
    ssh: List[Tuple[str, bool, object]]

    def text(self) -> str:
        """PrintOutline."""
        out: List[str] = []
        if self.name or self.description:
            rows = [("TARGET:", self.name or "(default)")]
            if self.description:
                rows.append(("DESCRIPTION:", self.description))
            out += tabwriter(rows, 1) + [""]
        if self.args:
            out += tabwriter([("BUILD ARG", "VALUE", "DESCRIPTION")] +
                             [(a.name, a.value, a.description) for a in self.args], 3) + [""]
        for title, items in (("SECRET", self.secrets), ("SSH", self.ssh)):
            if items:
                out += tabwriter([(title, "REQUIRED")] +
                                 [(name, "true" if required else "")
                                  for name, required, _ in items], 3) + [""]
        return "".join(line + "\n" for line in out)

    def json(self, source: str) -> str:
        doc: dict = {}
        if self.name:
            doc["name"] = self.name
        if self.description:
            doc["description"] = self.description
        if self.args:
            doc["args"] = [_omit_empty({"name": a.name, "description": a.description,
                                        "value": a.value, "location": location(a.node)},
                                       keep="name") for a in self.args]
        for key, items in (("secrets", self.secrets), ("ssh", self.ssh)):
            if items:
                doc[key] = [_omit_empty({"name": name, "required": required,
                                         "location": location(node)}, keep="name")
                            for name, required, node in items]
        doc["sources"] = [_source(source)]
        return dumps(doc, indent=2)


def _omit_empty(item: dict, keep: str) -> dict:
    return {k: v for k, v in item.items() if v or k == keep}


class OutlineBuilder:
    """Follows BuildKit's conversion just far enough to know what the outline lists."""

    def __init__(self, escape: str, build_args: Dict[str, str], automatic: Dict[str, str]):
        self.lex = Lex(escape)
        self.build_args = build_args
        self.globals: Dict[str, str] = dict(automatic)
        self.global_args: Dict[str, ArgInfo] = {}

    def meta_args(self, nodes) -> None:
        """buildMetaArgs: each global ARG's value and the ARGs its default uses."""
        for node in nodes:
            for raw in node.values():
                key, eq, default = raw.partition("=")
                info = ArgInfo(key, "", definition_comment(node.prev_comment, key), node)
                value: Optional[str] = None
                if key in self.build_args:
                    value = self.build_args[key]
                elif eq:
                    found = self.lex.process(default, self.globals)
                    value, info.deps = found.result, set(found.matched)
                    if key in info.deps:  # ARG A=$A:x keeps what the old A used
                        info.deps.discard(key)
                        old = self.global_args.get(key)
                        info.deps |= old.deps if old else set()
                if value is not None:
                    self.globals[key] = value
                    info.value = value
                self.global_args[key] = info

    def outline(self, stages, target, stage_named) -> Outline:
        """``stage_named(name, before)``: the earlier stage a FROM, --from or from= names."""
        captures: Dict[int, Capture] = {}
        bases: Dict[int, Optional[int]] = {}
        deps: Dict[int, List[int]] = {}
        for stage in stages:
            base = stage_named(stage.base, stage.index)
            bases[stage.index] = base.index if base is not None else None
            capture = captures[base.index].clone() if base is not None else \
                Capture(dict(self.global_args), {})
            for word in (stage.from_node.values()[0], stage.from_node.flag("platform")):
                if word:
                    capture.used.update(self.lex.process(word, self.globals).matched)
            captures[stage.index] = capture
        for stage in stages:
            deps[stage.index] = self._dispatch(stage, captures[stage.index], stage_named)
        seen: Dict[str, None] = {}
        args = self._args(target.index, captures, bases, deps, seen)
        secrets = self._named(target.index, captures, bases, deps, "secrets", {})
        ssh = self._named(target.index, captures, bases, deps, "ssh", {})
        return Outline(target.name, definition_comment(target.from_node.prev_comment, target.name),
                       sorted(args, key=lambda a: a.node.start_line),
                       sorted(secrets, key=lambda s: s[2].start_line),
                       sorted(ssh, key=lambda s: s[2].start_line))

    def _dispatch(self, stage, capture: Capture, stage_named) -> List[int]:
        """The stage's ARGs and RUN mounts; the stages it copies or mounts from."""
        env: Dict[str, str] = {}
        used_stages: List[int] = []
        for node in stage.nodes:
            if node.keyword == "arg":
                for raw in node.values():
                    key, eq, default = raw.partition("=")
                    if key in self.build_args:
                        value: Optional[str] = self.build_args[key]
                    elif eq:
                        value = self.lex.process(default, env).result
                    elif key in self.globals:  # inherited from the global scope
                        env[key] = self.globals[key]
                        capture.used[key] = None
                        continue
                    else:
                        value = None
                    capture.args[key] = ArgInfo(key, value or "",
                                                definition_comment(node.prev_comment, key), node)
                    capture.used[key] = None
                    if value is not None:
                        env[key] = value
            elif node.keyword in ("copy", "add"):
                source = node.flag("from")
                dep = stage_named(source, stage.index) if source else None
                if dep is not None:
                    used_stages.append(dep.index)
            elif node.keyword == "run":
                for flag in node.flags:
                    if flag.startswith("--mount="):
                        used_stages += self._mount(flag[len("--mount="):], node, stage, capture,
                                                   stage_named)
        return used_stages

    @staticmethod
    def _mount(spec: str, node, stage, capture: Capture, stage_named) -> List[int]:
        try:
            fields = run_mounts.parse(spec)
        except run_mounts.MountError:
            return []
        kind = fields["type"]  # parse gives every mount one ("bind" when not set)
        required = fields.get("required") == "true"
        if kind == "secret":
            capture.secrets.setdefault(run_mounts.secret_id(fields), (required, node))
        elif kind == "ssh":
            capture.ssh.setdefault(fields.get("id") or "default", (required, node))
        dep = stage_named(fields["from"], stage.index) if fields.get("from") else None
        return [dep.index] if dep is not None else []

    def _args(self, index, captures, bases, deps, visited) -> List[ArgInfo]:
        capture = captures[index]
        todo = list(capture.used)
        while todo:  # markAllUsed: what the used ARGs' defaults use is used too
            info = capture.args.get(todo.pop())
            for dep in sorted(info.deps) if info else ():
                if dep not in capture.used:
                    capture.used[dep] = None
                    todo.append(dep)
        found = []
        for key in capture.used:
            if key in capture.args and key not in visited:
                found.append(capture.args[key])
                visited[key] = None
        for other in ([bases[index]] if bases[index] is not None else []) + deps[index]:
            found += self._args(other, captures, bases, deps, visited)
        return found

    def _named(self, index, captures, bases, deps, kind, visited) -> list:
        found = []
        for name, (required, node) in getattr(captures[index], kind).items():
            if name not in visited:
                found.append((name, required, node))
                visited[name] = None
        for other in ([bases[index]] if bases[index] is not None else []) + deps[index]:
            found += self._named(other, captures, bases, deps, kind, visited)
        return found
