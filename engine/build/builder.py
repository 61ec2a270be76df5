"""`docker build` with BuildKit's behaviour: stages, steps, cache, progress.

``Builder(engine).build(dockerfile_text, context, ...)`` returns a
``BuildResult``: the image (or None), the lines of BuildKit's plain progress
output, and the exit status the CLI ends with. The engine does no host I/O:
the context is a ``BuildContext`` the caller filled.

Each RUN runs ``/bin/sh -c`` (or the SHELL, or the exec form) in a build
container made from the previous step's layers, and its writable layer becomes
the step's layer. COPY and ADD make layers from the context, another stage or
an image. Metadata instructions change the config and add a history entry
with ``empty_layer``. Cache rules: see ``cache.py``.
"""

from __future__ import annotations

import io
from collections import OrderedDict
import re
import tarfile
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from ..errors import EngineError, NotFound
from ..image.config import ImageConfig
from ..image.image import HistoryEntry, Image
from ..durations import parse_duration_ns
from ..record import field, record
from ..vfs.entry import DIR, FILE, SYMLINK, Entry, directory, regular, symlink
from ..vfs.errno import FSError
from ..vfs.index import MergedIndex
from ..vfs.layer import Layer
from ..vfs.paths import ROOT, basename, join, normalize, parent, walk_key
from ..vfs.resolve import resolve
from .cache import CacheRecord, step_key
from .context import BuildContext, checksum, ignored_or_parent, read_dockerignore
from .errors import DockerfileError, DockerfileParseError, ShellLexError
from ..gostrings import quote_slice
from .snippet import source_snippet
from . import calls, lint

_PARSED: "OrderedDict[str, object]" = OrderedDict()  # Dockerfile text -> its checked AST
PARSE_CACHE_SIZE = 32


def _parsed(text: str):
    """Parse a Dockerfile, remembering recent texts: a rebuild of an unchanged file (the
    usual case while learning) skips the parser. The AST is never modified."""
    found = _PARSED.get(text)
    if found is None:
        found = parse(text)
        _PARSED[text] = found
        if len(_PARSED) > PARSE_CACHE_SIZE:
            _PARSED.popitem(last=False)
    else:
        _PARSED.move_to_end(text)
    return found
from .directives import parse_directive
from .instructions import COMMANDS, argument_error, unknown_instruction
from .parser import parse
from .shell_lex import Lex

BUILDKIT_COMMENT = "buildkit.dockerfile.v0"
DEFAULT_SHELL = ("/bin/sh", "-c")
RUN_SETUP_SECONDS = 0.1  # simulated: starting the build container
LAYER_STEPS = ("run", "copy", "add", "workdir")  # the steps BuildKit shows as [n/m]
OVERLAY_ROOT = "/var/lib/docker/overlay2"


class BuildFailed(Exception):
    """A step failed: ``vertex_error`` goes on the step's ERROR line, ``message``
    after "ERROR: failed to solve: "."""

    def __init__(self, message: str, vertex_error: str = "", node=None, parsing: bool = False):
        super().__init__(message)
        self.message = message
        self.vertex_error = vertex_error or message
        self.node = node
        self.parsing = parsing  # the instruction pass rejected ``node``: no step ran


# The platform this simulator builds for and on (docker's linux/amd64 engine).
PLATFORM_ARGS = {"BUILDPLATFORM": "linux/amd64", "BUILDOS": "linux", "BUILDARCH": "amd64", "BUILDVARIANT": "",
                 "TARGETPLATFORM": "linux/amd64", "TARGETOS": "linux", "TARGETARCH": "amd64", "TARGETVARIANT": ""}


@record
class BuildResult:
    image: Optional[Image]
    lines: List[str]
    status: int = 0
    error: str = ""
    cached_steps: int = 0
    executed_steps: int = 0
    files: Optional[List[Tuple[str, Entry]]] = None  # the local and tar exporters' tree
    findings: List["lint.Finding"] = field(default_factory=list)  # the build checks' warnings
    report: List[str] = field(default_factory=list)  # --call=check|targets: standard output
    trailer: List[str] = field(default_factory=list)  # --call=check: its error, after the report
    answer_json: str = ""  # --call=targets|outline: BuildKit's result.json (format=json)

    @property
    def output(self) -> str:
        return "".join(line + "\n" for line in self.lines)


@record
class Stage:
    index: int
    name: str  # "" when unnamed
    base: str  # as written (variables not yet expanded)
    from_node: object
    nodes: list

    @property
    def label(self) -> str:
        return self.name or f"stage-{self.index}"


@record
class State:
    """Where a stage is: its layers, config, history and cache key so far."""
    layers: List[Layer]
    config: ImageConfig
    history: List[HistoryEntry]
    key: str
    args: Dict[str, str] = field(default_factory=dict)  # ARGs in scope, in order
    created: float = 0.0  # time of the latest step (metadata steps reuse it)
    cmd_set: bool = False
    _index: Optional[MergedIndex] = None

    def index(self) -> MergedIndex:
        if self._index is None:
            self._index = MergedIndex(self.layers)
        return self._index

    def add_layer(self, layer: Optional[Layer], created_by: str, created: float) -> None:
        self.created = created
        if layer is None or len(layer) == 0:
            self.history.append(HistoryEntry(created, created_by, True, BUILDKIT_COMMENT))
            return
        self.layers = self.layers + [layer]
        self._index = None
        self.history.append(HistoryEntry(created, created_by, False, BUILDKIT_COMMENT))

    def add_meta(self, created_by: str) -> None:
        self.history.append(HistoryEntry(self.created, created_by, True, BUILDKIT_COMMENT))

    def env(self) -> Dict[str, str]:
        """What instructions expand with: ARGs in scope, then ENV (which wins)."""
        values = dict(self.args)
        values.update(self.config.env_dict())
        return values


class Progress:
    """BuildKit's plain progress: numbered vertices, blocks separated by blank lines."""

    def __init__(self, lines: List[str]):
        self.lines = lines
        self.count = 0

    def vertex(self, name: str) -> int:
        self.count += 1
        if self.lines:
            self.lines.append("")
        self.lines.append(f"#{self.count} {name}")
        return self.count

    def say(self, number: int, text: str) -> None:
        self.lines.append(f"#{number} {text}")

    @staticmethod
    def size(count: int) -> str:
        """A byte count as BuildKit's plain progress prints it (its units package, "%.2f"):
        whole bytes below 1 kB ("2B"), else two decimals of the decimal unit ("1.32kB")."""
        value, unit = float(count), 0
        while value >= 1000 and unit < 8:
            value, unit = value / 1000, unit + 1
        if unit == 0:
            return f"{count}B"
        return f"{count / 1000 ** unit:.2f}{('kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB')[unit - 1]}"


def _seconds(value: float) -> str:
    return f"{max(0.0, value):.1f}s"


def _go_map_ports(ports: Sequence[str]) -> str:
    return "map[" + " ".join(f"{p}:{{}}" for p in sorted(ports)) + "]"


def _is_url(src: str) -> bool:
    return src.startswith(("http://", "https://"))


def _has_glob(text: str) -> bool:
    return any(c in text for c in "*?[")


def _go_match(pattern: str, name: str) -> bool:
    """Go's filepath.Match for one path component."""
    from .context import _to_regex
    return re.match(_to_regex(pattern), name) is not None


class Builder:
    def __init__(self, engine):
        self.engine = engine
        self.cache = engine.build_cache

    # ------------------------------------------------------------------ entry
    def build(self, dockerfile: str, context: Optional[BuildContext] = None, *,
              tags: Sequence[str] = (), build_args: Optional[Dict[str, str]] = None,
              target: str = "", no_cache: bool = False, filename: str = "Dockerfile",
              dockerignore: Optional[str] = None, secrets: Optional[Dict[str, bytes]] = None,
              labels: Optional[Dict[str, str]] = None, pull: bool = False,
              no_cache_filter: Sequence[str] = (),
              exporters: Sequence[str] = ("image",), call: str = "build") -> BuildResult:
        """``labels`` are set on the image (buildx --label); ``pull`` resolves every base
        image from its registry, never from the local store; ``no_cache_filter`` names the
        stages built without the cache; ``exporters`` are BuildKit's, in order: "image" (the
        image stored and tagged), "local" and "tar" (the final stage's files sent to the
        client, which writes them: ``BuildResult.files``). ``call`` is buildx's --call:
        "build", "check" (the build checks only: their report in ``report``, status 1 when
        any), "targets" (the stages) or "outline" (the target's build args, secrets and
        SSH agents): those two as a table in ``report`` and as JSON in ``answer_json``."""
        lines: List[str] = ['#0 building with "default" instance using docker driver']
        progress = Progress(lines)
        self.progress = progress
        self.no_cache = no_cache
        self.no_cache_stages = {name.lower() for name in no_cache_filter}
        self.stage_uncached = False
        self.labels = dict(labels or {})
        self.pull = pull
        self.exporters = tuple(exporters)
        self.files: Optional[List[Tuple[str, Entry]]] = None
        self.secrets = dict(secrets or {})
        self.filename = filename
        self.source = dockerfile
        self.call = call
        self.cached = self.executed = 0
        self._from_shown = set()
        self.any_miss = False
        self.linter = None
        self.definition_done = 0
        self.definition_vertex = 0
        context = context or BuildContext({})
        result = BuildResult(None, lines)
        try:
            from ..image.reference import parse_normalized
            refs = [parse_normalized(t).with_default_tag() for t in tags]
        except EngineError as err:
            # The CLI checks tags before it sends anything.
            return BuildResult(None, [f'ERROR: invalid tag "{tags[0]}": {err}'], 1, str(err))
        build_args = dict(build_args or {})
        check_config = None
        if lint.CHECK_ARG in build_args:
            # The frontend reads this build-arg before it loads the Dockerfile.
            try:
                check_config = lint.parse_check_options(build_args[lint.CHECK_ARG])
            except lint.CheckOptionError as err:
                message = f"failed to parse build-arg:{lint.CHECK_ARG}: {err}"
                return BuildResult(None, [f"ERROR: failed to solve: {message}"], 1, message)
        try:
            image = self._build(dockerfile, context, refs, build_args, target,
                                dockerignore, check_config)
        except BuildFailed as err:
            self._show_findings(result)
            if call == "check":
                return self._check_failed(result, err)
            self._fail_output(err)
            result.status, result.error = 1, err.message
            return result
        self._show_findings(result)
        if call in ("targets", "outline"):
            result.report, result.answer_json = self.answer
        if call != "build":
            result.status = 1 if call == "check" and result.findings else 0
            if call == "outline":  # buildx's warnings summary ends the progress
                lines.extend(lint.summary_lines(result.findings))
            return result
        lines.extend(lint.summary_lines(result.findings))
        result.image = image
        result.files = self.files
        result.cached_steps, result.executed_steps = self.cached, self.executed
        return result

    def _show_findings(self, result: BuildResult) -> None:
        """The checks' warnings belong to the build definition's vertex (the frontend's Warn
        names its digest): BuildKit reports them while it converts the Dockerfile, and the
        plain progress prints them as "#N WARN: ..." with that vertex's number, in its block."""
        if self.linter is None:
            return
        result.findings = list(self.linter.findings)
        if self.call == "check":
            result.report = lint.check_report(result.findings, self.source, self.filename)
            return
        at, number = self.definition_done, self.definition_vertex
        self.progress.lines[at:at] = [f"#{number} WARN: {f.short}" for f in result.findings]

    def _check_failed(self, result: BuildResult, err: "BuildFailed") -> BuildResult:
        """--check when the Dockerfile cannot even be converted: the warnings found so far,
        then the error with the lines it is about."""
        report = result.report if result.findings else []
        result.report = report + ([""] if report else [])
        result.trailer.append(f"ERROR: {err.message}")
        node = err.node
        if node is not None and node.start_line:
            result.trailer.extend(source_snippet(self.source, self.filename, node.start_line,
                                                 node.end_line))
        # buildx prints this error's text, which already ends with a newline, plus one more.
        result.trailer.append("")
        result.status, result.error = 1, err.message
        return result

    # ------------------------------------------------------------------ front end
    def _build(self, text: str, context: BuildContext, refs, build_args: Dict[str, str],
               target: str, dockerignore: Optional[str], check_config) -> Optional[Image]:
        p = self.progress
        n = p.vertex(f"[internal] load build definition from {self.filename}")
        p.say(n, f"transferring dockerfile: {p.size(len(text.encode()))} done")
        try:
            parsed = _parsed(text)
        except DockerfileParseError as err:
            p.say(n, "DONE 0.0s")
            raise BuildFailed(f"failed to parse {self.filename}: {err}") from None
        p.say(n, "DONE 0.0s")
        self.definition_done = len(p.lines) - 1
        self.definition_vertex = n  # BuildKit's frontend sends its warnings to this vertex
        if check_config is None:
            try:
                check_config = lint.parse_check_options(parse_directive("check", text)[0])
            except lint.CheckOptionError as err:
                raise BuildFailed(f"failed to parse check options: {err}") from None
        linter = self.linter = lint.Linter(check_config)
        stopped = lint.check_instructions(parsed.warnings, parsed.ast.children, linter)
        if stopped is not None:  # BuildKit's instruction pass: the first error ends it
            raise self._instruction_failure(stopped)
        self.escape = parsed.escape_token
        meta_args, stages = self._stages(parsed.ast.children)
        lint.check_stages(stages, linter)
        if self.call == "targets":  # BuildKit lists targets without running any check
            self.linter = None
            self.answer = (calls.targets_table(stages), calls.targets_json(stages, self.source))
            return None
        # BuildKit's automatic platform ARGs: set in the global scope (FROM can use them);
        # a stage sees one only after declaring it with a bare `ARG NAME`.
        globals_: Dict[str, str] = dict(PLATFORM_ARGS)
        defaults: Dict[str, str] = dict(PLATFORM_ARGS)  # the same without any --build-arg
        for node in meta_args:
            for name, value in self._arg_pairs(node, globals_):
                if name in build_args:
                    value = build_args[name]
                if value is None and name in PLATFORM_ARGS:
                    continue
                globals_[name] = value if value is not None else ""
            for name, value in self._arg_pairs(node, defaults):
                if value is not None:
                    defaults[name] = value
        self.globals = globals_
        self.build_args = build_args
        lint.check_from_lines(stages, meta_args, defaults, globals_, self.escape, linter)
        wanted = self._target_stage(stages, target)
        needed = self._needed(stages, wanted)
        if self.call == "check" and not target:
            needed = {stage.index for stage in stages}  # --check without --target: every stage
        # Bases to resolve: "load metadata" once per external image, in order.
        bases: List[str] = []
        for stage in stages:
            if stage.index in needed:
                try:
                    base = self._expand(stage.base, globals_, stage.from_node)
                except ShellLexError as err:
                    raise BuildFailed(str(err), node=stage.from_node) from None
                stage.base = base
                if base != "scratch" and not self._stage_by_name(stages, base, stage.index) \
                        and base not in bases:
                    bases.append(base)
        resolved: Dict[str, Image] = {}
        for base in bases:
            resolved[base] = self._load_metadata(base)
        lint.check_base_platforms(stages, needed, resolved, globals_, self.escape,
                                  PLATFORM_ARGS["TARGETPLATFORM"], linter)
        n = p.vertex("[internal] load .dockerignore")
        p.say(n, f"transferring context: {p.size(len((dockerignore or '').encode()) or 2)} done")
        p.say(n, "DONE 0.0s")
        self._check_stages(stages, needed, resolved, build_args, dockerignore)
        if self.call == "check":
            return None
        if self.call == "outline":
            answer = calls.OutlineBuilder(self.escape, build_args, PLATFORM_ARGS)
            answer.meta_args(meta_args)
            found = answer.outline(stages, wanted, lambda name, before: self._stage_by_name(
                stages, name, before))
            self.answer = (found.text().splitlines(), found.json(self.source))
            return None
        failure = linter.error()  # error=true and something found
        if failure:
            raise BuildFailed(failure)
        context = context.filtered(dockerignore or "")
        self.context = context
        self.context_vertex_done = not self._uses_context(stages, needed)
        self.context_ref = self._ref_id(context)
        results: Dict[int, State] = {}
        multi = len(needed) > 1 or any(s.name for s in stages if s.index in needed) and len(stages) > 1
        for stage in stages:
            if stage.index not in needed:
                continue
            results[stage.index] = self._run_stage(stage, stages, results, resolved, multi)
        final = results[wanted.index]
        return self._export(final, refs)

    def _check_stages(self, stages, needed, resolved, build_args, dockerignore) -> None:
        """The checks BuildKit makes while converting each stage the build needs, in order,
        each with the variables its base gives it."""
        # CopyIgnoredFile is experimental: match the sources only when it is enabled
        patterns = read_dockerignore(dockerignore) \
            if dockerignore and self.linter.enabled("CopyIgnoredFile") else []
        checker = lint.StageChecker(self.linter, self.escape, build_args, self.globals,
                                    (lambda path: ignored_or_parent(path, patterns))
                                    if patterns else None)
        done: Dict[int, lint.StageVars] = {}
        for stage in stages:
            if stage.index not in needed:
                continue
            dep = self._stage_by_name(stages, stage.base, stage.index)
            if dep is not None:
                if dep.index not in done:
                    return
                state = done[dep.index].copy()
            elif stage.base == "scratch":
                state = lint.StageVars.from_config((), ())
            else:
                config = resolved[stage.base].config
                state = lint.StageVars.from_config(config.env or (), config.shell)
            if not checker.run(stage.nodes, state):
                return  # BuildKit's conversion stops at an expansion error
            done[stage.index] = state

    def _instruction_failure(self, node) -> BuildFailed:
        """Why BuildKit's instruction pass rejects ``node`` (see lint.check_instructions)."""
        if node.keyword not in COMMANDS:
            return BuildFailed(str(unknown_instruction(node)), node=node, parsing=True)
        reason = argument_error(node)
        if reason:
            return BuildFailed(f"dockerfile parse error on line {node.start_line}: {reason}",
                               node=node, parsing=True)
        # CurrentStage's error: BuildKit gives it the location but no "parse error" prefix
        return BuildFailed("no build stage in current context", node=node, parsing=True)

    def _stages(self, nodes) -> Tuple[list, List[Stage]]:
        """The global ARGs and the stages of instructions that passed check_instructions."""
        meta, stages = [], []
        for node in nodes:
            if node.keyword == "from":
                words = node.values()
                name = words[2].lower() if len(words) == 3 else ""
                stages.append(Stage(len(stages), name, words[0], node, []))
            elif not stages:
                meta.append(node)
            else:
                stages[-1].nodes.append(node)
        if not stages:
            raise BuildFailed("dockerfile contains no stages to build")
        return meta, stages

    @staticmethod
    def _stage_by_name(stages: List[Stage], name: str, before: int) -> Optional[Stage]:
        lowered = name.lower()
        for stage in stages[:before]:
            if stage.name == lowered or (name.isdigit() and stage.index == int(name)):
                return stage
        return None

    def _target_stage(self, stages: List[Stage], target: str) -> Stage:
        if not target:
            return stages[-1]
        for stage in stages:
            if stage.name == target.lower():
                return stage
        raise BuildFailed(f"target stage \"{target}\" could not be found")

    def _needed(self, stages: List[Stage], wanted: Stage) -> set:
        needed = set()
        todo = [wanted]
        while todo:
            stage = todo.pop()
            if stage.index in needed:
                continue
            needed.add(stage.index)
            dep = self._stage_by_name(stages, stage.base, stage.index)
            if dep is not None:
                todo.append(dep)
            for node in stage.nodes:
                for flag in node.flags:
                    if node.keyword in ("copy", "add") and flag.startswith("--from="):
                        dep = self._stage_by_name(stages, flag[7:], stage.index)
                        if dep is not None:
                            todo.append(dep)
        return needed

    def _uses_context(self, stages, needed) -> bool:
        return any(node.keyword in ("copy", "add")
                   and not any(f.startswith("--from=") for f in node.flags)
                   and not node.heredocs
                   for s in stages if s.index in needed for node in s.nodes)

    def _ref_id(self, context: BuildContext) -> str:
        """A stable id for the context snapshot (BuildKit names refs this way in errors)."""
        import hashlib
        digest = hashlib.sha256(repr(sorted((p, e.size) for p, e in context.entries.items()))
                                .encode()).hexdigest()
        alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
        num = int(digest, 16)
        chars = []
        for _ in range(50):
            num, rem = divmod(num, 36)
            chars.append(alphabet[rem])
        text = "".join(chars)
        return f"{text[:25]}::{text[25:]}"

    # ------------------------------------------------------------------ images
    def _display(self, ref) -> str:
        return str(ref)

    def _load_metadata(self, base: str) -> Image:
        from ..image.reference import parse_normalized
        p = self.progress
        try:
            ref = parse_normalized(base).with_default_tag() if "@" not in base \
                else parse_normalized(base)
        except EngineError:
            raise BuildFailed(f"failed to parse stage name \"{base}\": invalid reference format") \
                from None
        n = p.vertex(f"[internal] load metadata for {ref}")
        try:
            if self.pull:
                raise NotFound(base)  # --pull: asked of the registry, whatever is here
            image = self.engine.images.lookup(base)
        except NotFound:
            try:
                self.engine.pull(str(ref))
                image = self.engine.images.lookup(base)
            except EngineError:
                msg = (f"{ref}: failed to resolve source metadata for {ref}: pull access denied, "
                       "repository does not exist or may require authorization: server message: "
                       "insufficient_scope: authorization failed")
                p.say(n, f"ERROR: {msg.split(': ', 1)[1]}")
                raise BuildFailed(f"{base}: failed to resolve source metadata for {ref}: "
                                  "pull access denied, repository does not exist or may require "
                                  "authorization: server message: insufficient_scope: "
                                  "authorization failed", f"{msg.split(': ', 1)[1]}")
        p.say(n, "DONE 0.0s")
        return image

    def _pinned(self, base: str, image: Image) -> str:
        from ..image.reference import parse_normalized
        ref = parse_normalized(base).with_default_tag()
        for digest_ref in self.engine.images.repo_digests(image.id):
            if digest_ref.split("@")[0] == ref.familiar_name or \
                    parse_normalized(digest_ref.split("@")[0]).name == ref.name:
                return f"{ref}@{digest_ref.split('@', 1)[1]}"
        return str(ref)

    # ------------------------------------------------------------------ stages
    def _run_stage(self, stage: Stage, stages, results, resolved, multi: bool) -> State:
        steps = [node for node in stage.nodes if node.keyword in LAYER_STEPS]
        total = len(steps) + 1
        prefix = f"{stage.label} " if multi else ""
        dep = self._stage_by_name(stages, stage.base, stage.index)
        self.stage_number = 1
        self.stage_total = total
        self.stage_prefix = prefix
        self.stage_uncached = bool(self.no_cache_stages & {stage.name, str(stage.index)})
        if dep is not None:
            parent = results[dep.index]
            state = State(list(parent.layers), parent.config, list(parent.history), parent.key,
                          {}, parent.created, parent.cmd_set)
        elif stage.base == "scratch":
            state = State([], ImageConfig(env=("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:"
                                               "/usr/bin:/sbin:/bin",)),
                          [], "scratch", {}, self.engine.clock.now())
        else:
            image = resolved[stage.base]
            state = State(list(image.layers), image.config, list(image.history), image.id, {},
                          image.created)
            self.pending_from = (f"[{prefix}1/{total}] FROM {self._pinned(stage.base, image)}",
                                 self._pinned(stage.base, image))
        shown = self.__dict__.setdefault("_from_shown", set())
        if dep is None and stage.base != "scratch" and self.pending_from[1] not in shown:
            # Stages on the same base share one FROM vertex (BuildKit merges equal vertices).
            shown.add(self.pending_from[1])
            self._from_vertex_pending = True
        else:
            self._from_vertex_pending = False
        for node in stage.nodes:
            try:
                self._dispatch(node, state, stages, results)
            except BuildFailed as err:
                err.node = err.node or node
                raise
            except DockerfileError as err:
                raise BuildFailed(f"dockerfile parse error on line {node.start_line}: {err}"
                                  if "line" not in str(err) else str(err), node=node) from None
        self._flush_from(cached=True)
        return state

    def _flush_from(self, cached: bool) -> None:
        """The FROM vertex is shown just before the stage's first step (or at its end)."""
        if not self._from_vertex_pending:
            return
        self._from_vertex_pending = False
        name, pinned = self.pending_from
        p = self.progress
        n = p.vertex(name)
        if cached:
            p.say(n, "CACHED")
        else:
            p.say(n, f"resolve {pinned} done")
            p.say(n, "DONE 0.0s")
        self._context_vertex()  # BuildKit transfers the context while the base resolves

    def _context_vertex(self) -> None:
        if self.context_vertex_done:
            return
        self.context_vertex_done = True
        p = self.progress
        n = p.vertex("[internal] load build context")
        p.say(n, f"transferring context: {p.size(self.context.size or 2)} done")
        p.say(n, "DONE 0.0s")

    # ------------------------------------------------------------------ dispatch
    def _expand(self, word: str, env: Dict[str, str], node=None) -> str:
        escape = getattr(self, "escape", "\\")
        if not any(char in word for char in ("$", "'", '"', escape)):
            return word  # nothing to substitute or unquote: the lexer would return it as is
        lex = Lex(escape)
        result = lex.process(word, env)
        return result.result

    def _expand_words(self, word: str, env: Dict[str, str]) -> List[str]:
        return Lex(self.escape).process_words(word, env)

    def _arg_pairs(self, node, env: Dict[str, str]):
        for raw in node.values():
            name, eq, default = raw.partition("=")
            yield name, (self._expand(default, env) if eq else None)

    def _flags(self, node, allowed: Sequence[str]) -> Dict[str, str]:
        flags: Dict[str, str] = {}
        for flag in node.flags:
            name, _, value = flag[2:].partition("=")
            if name not in allowed:
                raise BuildFailed(f"dockerfile parse error on line {node.start_line}: "
                                  f"unknown flag: {name}", node=node)
            flags[name] = value
        return flags

    def _dispatch(self, node, state: State, stages, results) -> None:
        kw = node.keyword
        handler = getattr(self, f"_do_{kw}", None)
        if handler is None:
            raise BuildFailed(f"dockerfile parse error on line {node.start_line}: "
                              f"{kw.upper()} is not supported here", node=node)
        if kw in LAYER_STEPS:
            self.stage_number += 1
            name = f"[{self.stage_prefix}{self.stage_number}/{self.stage_total}] " \
                   f"{self._step_text(node)}"
            handler(node, state, name, stages, results)
        else:
            handler(node, state)

    @staticmethod
    def _step_text(node) -> str:
        keyword = node.value.upper()
        text = node.original.strip()
        # BuildKit prints the instruction keyword upper case, the rest as written.
        rest = text[len(node.value):] if text.lower().startswith(node.keyword) else text
        return (keyword + rest).replace("\n", " ")

    # -- layer steps --------------------------------------------------------------
    def _step(self, name: str, key: str, state: State, created_by: str,
              make: Callable[[int], Optional[Layer]]) -> None:
        """Look the step up in the cache, else run ``make``; record the result."""
        record = None if self.no_cache or self.stage_uncached else self.cache.get(key)
        p = self.progress
        if record is not None:
            self._flush_from(cached=True)
            n = p.vertex(name)
            p.say(n, "CACHED")
            self.cached += 1
        else:
            self._flush_from(cached=False)
            self.any_miss = True
            n = p.vertex(name)
            start = self.engine.clock.now()
            layer = make(n)
            now = self.engine.clock.now()
            p.say(n, f"DONE {_seconds(now - start)}")
            record = CacheRecord(layer if layer is not None and len(layer) else None, now)
            self.cache.put(key, record)
            self.executed += 1
            if record.layer is not None:
                self.engine.events.emit("builder", "layer", record.layer.digest,
                                        {"step": name}, (
                    f"tar -cf - -C {OVERLAY_ROOT}/{record.layer.digest[7:19]}/diff . | sha256sum "
                    f"# = {record.layer.digest}",))
        state.key = key
        state.add_layer(record.layer, created_by, record.created)

    def _do_run(self, node, state: State, name: str, stages, results) -> None:
        self._flags(node, ("mount", "network", "security"))
        mounts = self._run_mounts(node, state, stages, results)
        env = dict(state.args)
        env.update(state.config.env_dict())
        shell = list(state.config.shell or DEFAULT_SHELL)
        if node.is_json:
            argv = node.values()
            shown = " ".join(argv)
        elif node.heredocs and node.values() and node.values()[0].startswith("<<"):
            doc = node.heredocs[0]
            script = doc.content
            if doc.chomp:
                from .heredoc import chomp_content
                script = chomp_content(script)
            argv = shell + [script]
            shown = " ".join(shell) + " " + node.values()[0]
        else:
            argv = shell + [node.values()[0] if node.values() else ""]
            shown = " ".join(argv)
        args_text = ""
        if state.args:
            args_text = f"|{len(state.args)} " + " ".join(f"{k}={v}" for k, v in state.args.items()) + " "
        created_by = f"RUN {args_text}{shown} # buildkit"
        workdir = state.config.working_dir or "/"
        user = state.config.user or "root"
        key = step_key(state.key, "run", argv, sorted(env.items()), workdir, user,
                       [(m["spec"], m["digest"]) for m in mounts])
        process_text = " ".join(argv) if node.is_json else " ".join(argv)
        self._step(name, key, state, created_by,
                   lambda number: self._execute(state, argv, env, workdir, user, number,
                                                process_text, node, mounts))

    def _run_mounts(self, node, state: State, stages, results) -> List[dict]:
        """The --mount flags of a RUN: what to mount where (see run_mounts); a secret with
        ``env=`` also becomes that variable of the step's process."""
        from . import run_mounts
        found = []
        for flag in node.flags:
            if not flag.startswith("--mount="):
                continue
            try:
                fields = run_mounts.parse(flag[len("--mount="):],
                                          lambda value: self._expand(value, state.env(), node))
            except run_mounts.MountError as err:
                raise BuildFailed(f"dockerfile parse error on line {node.start_line}: {err}", node=node)
            kind, target = fields["type"], fields.get("target", "")
            try:
                if kind == "secret" and "env" in fields:
                    value = run_mounts.secret_value(self.secrets, fields)
                    if value is not None:
                        found.append({"env": fields["env"], "value": value.decode("utf-8", "surrogateescape"),
                                      "spec": flag, "digest": ""})
                    if not target:
                        continue  # only a variable (BuildKit mounts no file then)
                if kind == "secret" and not target:
                    target = "/run/secrets/" + basename(run_mounts.secret_id(fields))
                target = normalize(join(state.config.working_dir or "/", target))
                if target == "/":
                    raise run_mounts.MountError(f'invalid mount target "{target}"')
                tree = self._mount_tree(kind, fields, stages, results)
            except run_mounts.MountError as err:
                raise BuildFailed(str(err), node=node)
            if tree is not None:  # None: an optional secret not given; ssh: no agent to forward
                found.append({"point": target, "tree": tree, "writable": fields["ro"] == "false",
                              "type": kind, "spec": flag,
                              "digest": run_mounts.digest(tree) if kind == "bind" else ""})
        return found

    def _mount_tree(self, kind: str, fields: Dict[str, str], stages, results):
        """What a RUN --mount puts at its target (None: nothing to mount)."""
        from . import run_mounts
        if kind == "bind":
            source = fields.get("source", "")
            tree = run_mounts.subtree(self._mount_source(fields.get("from", ""), stages, results), source)
            if "" not in tree:
                clean = normalize("/" + source)
                raise run_mounts.MountError(
                    f"failed to compute cache key: failed to calculate checksum of ref "
                    f"{self.context_ref}::{source}: \"{clean}\": not found")
            return dict(tree)  # rw writes go to this copy and are dropped after the step
        if kind == "cache":
            return run_mounts.cache_dir(self.engine.build_cache_mounts, fields)
        if kind == "secret":
            return run_mounts.secret_file(self.secrets, fields)
        if kind == "tmpfs":
            return {"": directory(0o1777)}
        return None

    def _mount_source(self, source: str, stages, results):
        """The tree a bind mount takes from: the context, a stage's result, or an image."""
        if not source:
            return self.context.entries
        stage = self._stage_by_name(stages, source, len(stages))
        if stage is not None and stage.index in results:
            return dict(results[stage.index].index().walk())
        return dict(self.engine.image_index(self._load_metadata(source)).walk())

    def _execute(self, state: State, argv: List[str], env: Dict[str, str], workdir: str,
                 user: str, number: int, process_text: str, node, mounts=()) -> Layer:
        from ..cgroup import Cgroup
        from ..container.config import ContainerConfig, DEFAULT_PATH, HostConfig, Resources
        from ..container.container import Container
        from ..container.runtime import container_mounts
        from ..proc.api import Stream
        from ..vfs.union import UnionFS
        engine = self.engine
        runtime = engine.runtime
        start = engine.clock.now()
        engine.sleep(RUN_SETUP_SECONDS)
        env = dict(env)
        env.update({mount["env"]: mount["value"] for mount in mounts if "env" in mount})
        env.setdefault("PATH", DEFAULT_PATH)
        config = ContainerConfig(image="", hostname="buildkitsandbox",
                                 env=[f"{k}={v}" for k, v in env.items()], working_dir=workdir,
                                 user=user)
        fs = UnionFS(state.index(), engine.clock.now)
        container = Container(id=engine.ids.hex_id(), name="buildkit", created=start,
                              image=None, config=config, host_config=HostConfig(network_mode="none"),
                              fs=fs, layer_id="", cgroup=Cgroup.for_limits(Resources()))
        container.layer_id = container.id[:25]
        if fs.get(workdir) is None:
            fs.install(workdir, directory(0o755))  # runc creates the cwd
        system = runtime.new_system(container)
        container.system = system
        fs.mounts = container_mounts(container, system, int(engine.clock.now()))
        from ..vfs.mounts import Tree
        stubs = []  # directories made to reach a mount point; removed after, as BuildKit does
        for mount in mounts:
            if "env" in mount:
                continue  # a secret given as a variable (in ``env`` already)
            parents = []
            path = parent(mount["point"])
            while path != "/" and fs.get(path) is None:
                parents.append(path)
                path = parent(path)
            for path in reversed(parents):
                fs.install(path, directory(0o755))
                stubs.append(path)
            fs.mounts.add(mount["point"], Tree(mount["tree"], mount["writable"]), "none",
                          mount["type"], "rw" if mount["writable"] else "ro")
        shown: List[str] = []
        pending = [""]

        def write(text: str) -> None:
            pending[0] += text
            while "\n" in pending[0]:
                line, pending[0] = pending[0].split("\n", 1)
                stamp = runtime.now() - start
                shown.append(f"{stamp:.3f} {line}")
                self.progress.say(number, f"{stamp:.3f} {line}")

        out = Stream(on_write=write)
        stdin = Stream()
        stdin.closed = True
        self.last_output = shown
        try:
            process = system.new_process(list(argv), env=env, cwd=workdir, stdin=stdin,
                                         stdout=out, stderr=out, user=user)
        except (FSError, EngineError):
            fs.mounts = None
            detail = (f'runc run failed: unable to start container process: error during container '
                      f'init: exec: "{argv[0]}": stat {argv[0]}: no such file or directory')
            raise BuildFailed(f'process "{process_text}" did not complete successfully: {detail}',
                              node=node)
        container.state.pid = process.pid
        container.state.running = False  # no docker events: BuildKit's containers are not Docker's
        runtime.begin(container, process)
        engine.wait_until(lambda: not process.alive, timeout=24 * 3600)
        if pending[0]:
            write("\n")
        status = process.exit_code if not process.alive else 137
        for other in list(container.processes.values()):
            if other.alive:
                system.kill_process(other, 137)
                runtime.scheduler.forget(other)
        fs.mounts = None
        for path in reversed(stubs):
            try:
                fs.rmdir(path)  # still empty: nothing of it belongs in the layer
            except FSError:
                pass
        if status != 0:
            raise BuildFailed(f'process "{process_text}" did not complete successfully: '
                              f'exit code: {status}', node=node)
        return fs.upper_layer()

    def _do_workdir(self, node, state: State, name: str, stages, results) -> None:
        path = self._expand(node.values()[0], state.env())
        if not path.startswith("/"):
            path = join(state.config.working_dir or "/", path)
        path = normalize(path)
        state.config = state.config.replace(working_dir=path)
        key = step_key(state.key, "workdir", path, state.config.user)

        def make(number: int) -> Optional[Layer]:
            from ..vfs.union import UnionFS
            fs = UnionFS(state.index(), self.engine.clock.now)
            try:
                fs.resolve(path)
                return None
            except FSError:
                fs.install(path, directory(0o755))
                return fs.upper_layer()
        self._step(name, key, state, f"WORKDIR {path}", make)

    # -- COPY / ADD ---------------------------------------------------------------
    def _source(self, spec: str, stages, results, node):
        """(getter, names, ref text) for --from=stage|image, or the context."""
        if not spec:
            self._context_vertex()
            return self.context.get, self.context.names, self.context_ref
        stage = self._stage_by_name(stages, spec, len(stages))
        if stage is not None:
            index = results[stage.index].index()
            return index.get, index.names, "stage-" + str(stage.index)
        try:
            image = self.engine.images.lookup(spec)
        except NotFound:
            image = self._load_metadata(spec)
        index = self.engine.image_index(image)
        return index.get, index.names, image.id[7:32]

    def _collect(self, get, names, ref: str, src: str, node) -> List[Tuple[str, str, Entry]]:
        """Sources named by ``src``: (path in source, relative name under dest, entry)."""
        clean = normalize("/" + src)
        not_found = BuildFailed(
            f'failed to compute cache key: failed to calculate checksum of ref {ref}: '
            f'"{clean}": not found',
            f'failed to calculate checksum of ref {ref}: "{clean}": not found', node)
        matches: List[str] = []
        if _has_glob(clean):
            parts = [p for p in clean.split("/") if p]
            level = [ROOT]
            for part in parts:
                nxt = []
                for base in level:
                    entry = get(base)
                    if entry is None or entry.kind != DIR:
                        continue
                    for child in names(base):
                        if _go_match(part, child):
                            nxt.append(join(base, child))
                level = nxt
            matches = level
            if not matches:
                raise not_found
        else:
            matches = [clean]
        items: List[Tuple[str, str, Entry]] = []
        for match in matches:
            try:
                path, entry = resolve(get, match, ROOT, True, True)
            except FSError:
                raise not_found from None
            if entry.kind == DIR:
                for sub, sub_entry in self._walk(get, names, path):
                    if sub != path:
                        items.append((sub, sub[len(path):].lstrip("/"), sub_entry))
                items.append((path, "", entry))
            else:
                items.append((path, basename(match), entry))
        return items

    def _walk(self, get, names, top: str):
        entry = get(top)
        if entry is None:
            return
        yield top, entry
        if entry.kind == DIR:
            for name in names(top):
                yield from self._walk(get, names, join(top, name))

    def _owner(self, spec: str, state: State) -> Tuple[int, int]:
        if not spec:
            return 0, 0
        user, _, group = spec.partition(":")
        index = state.index()

        def lookup(name: str, file: str) -> int:
            if name.isdigit():
                return int(name)
            entry = index.get(file)
            text = entry.content.decode(errors="replace") if entry is not None else ""
            for line in text.splitlines():
                fields = line.split(":")
                if fields and fields[0] == name and len(fields) > 2:
                    return int(fields[2])
            raise BuildFailed(f"unable to convert uid/gid chown string to host mapping: "
                              f"can't find uid for user {name}: no such user: {name}")
        uid = lookup(user, "/etc/passwd")
        gid = lookup(group, "/etc/group") if group else uid
        return uid, gid

    def _do_copy(self, node, state: State, name: str, stages, results, add: bool = False) -> None:
        allowed = ("from", "chown", "chmod", "link", "exclude", "parents") if not add else \
            ("chown", "chmod", "link", "checksum", "keep-git-dir", "exclude")
        flags = self._flags(node, allowed)
        env = state.env()
        words = [self._expand(w, env) for w in node.values()]
        if len(words) < 2:
            raise BuildFailed(f"dockerfile parse error on line {node.start_line}: "
                              f"{node.value.upper()} requires at least two arguments, but only "
                              f"one was provided. Destination could not be determined", node=node)
        srcs, dest = words[:-1], words[-1]
        workdir = state.config.working_dir or "/"
        dest_is_dir = dest.endswith("/") or dest in (".", "..")
        dest_path = normalize(dest if dest.startswith("/") else join(workdir, dest))
        if len(srcs) > 1 and not dest_is_dir:
            raise BuildFailed(f"When using {node.value.upper()} with more than one source file, "
                              "the destination must be a directory and end with a /", node=node)
        uid, gid = self._owner(self._expand(flags.get("chown", ""), env), state)
        mode = int(flags["chmod"], 8) if flags.get("chmod") else None
        items: List[Tuple[str, Entry]] = []  # (destination path, entry)
        described = []
        heredoc_names = {doc.name: doc for doc in node.heredocs}
        for src in srcs:
            if src.startswith("<<") and src.lstrip("<-").strip("'\"") in heredoc_names:
                doc = heredoc_names[src.lstrip("<-").strip("'\"")]
                content = doc.content
                if doc.expand:
                    content = self._expand(content, env) if "$" in content else content
                target = dest_path if not dest_is_dir else join(dest_path, doc.name)
                entry = regular(content, 0o644)
                items.append((target, entry))
                described.append((target, entry))
                continue
            if _is_url(src):
                if not add:
                    raise BuildFailed("source can't be a URL for COPY", node=node)
                host = src.split("/")[2]
                raise BuildFailed(f'failed to load cache key: Get "{src}": dial tcp: lookup '
                                  f'{host}: no such host (crsim simulates no Internet)', node=node)
            get, names, ref = self._source(flags.get("from", ""), stages, results, node)
            found = self._collect(get, names, ref, src, node)
            for path, rel, entry in found:
                if add and entry.kind == FILE and not flags.get("from") and self._is_tar(entry):
                    for tar_rel, tar_entry in self._untar(entry):
                        items.append((normalize(join(dest_path, tar_rel)), tar_entry))
                    described.append((path, entry))
                    continue
                if rel == "":
                    if entry.kind == DIR:
                        target = dest_path
                    else:
                        target = dest_path  # file to file
                elif entry.kind == DIR or path != normalize("/" + src) or dest_is_dir \
                        or len(found) > 1 or self._is_dir(state, dest_path):
                    target = normalize(join(dest_path, rel))
                else:
                    target = dest_path
                if target == dest_path and entry.kind != DIR and (dest_is_dir or self._is_dir(state, dest_path)):
                    target = join(dest_path, basename(path))
                copied = entry.with_changes(uid=uid, gid=gid, opaque=False)
                if mode is not None and entry.kind != SYMLINK:
                    copied = copied.with_changes(mode=mode)
                items.append((target, copied))
                described.append((target, copied))
        items.sort(key=lambda item: walk_key(item[0]))
        keyword = "ADD" if add else "COPY"
        key = step_key(state.key, keyword, checksum(sorted(described, key=lambda i: walk_key(i[0]))),
                       dest_path, uid, gid, mode)
        flag_text = " ".join(node.flags)
        created_by = f"{keyword} {flag_text + ' ' if flag_text else ''}" \
                     f"{' '.join(node.values())} # buildkit"

        def make(number: int) -> Layer:
            from ..vfs.union import UnionFS
            fs = UnionFS(state.index(), self.engine.clock.now)
            if dest_is_dir or len(items) != 1:
                if fs.get(dest_path) is None:
                    fs.install(dest_path, directory(0o755, uid, gid))
            for target, entry in items:
                if entry.kind == DIR and target == dest_path and fs.get(target) is not None:
                    continue
                try:
                    existing = fs.get(target)
                    if existing is not None and existing.kind == DIR and entry.kind == DIR:
                        fs._set(target, entry.with_changes(opaque=False))
                    else:
                        fs.install(target, entry)
                except FSError as err:
                    raise BuildFailed(f"failed to copy files: {err}", node=node)
            return fs.upper_layer()
        self._step(name, key, state, created_by, make)

    def _do_add(self, node, state: State, name: str, stages, results) -> None:
        self._do_copy(node, state, name, stages, results, add=True)

    @staticmethod
    def _is_dir(state: State, path: str) -> bool:
        """Is ``path`` a directory in the state's layers? Looked up layer by layer, top
        first, so a cached step needs no merged index (the top entry decides)."""
        if state._index is not None:
            entry = state._index.get(path)
            return entry is not None and entry.kind == DIR
        for layer in reversed(state.layers):
            entry = layer.get(path)
            if entry is not None:
                return entry.kind == DIR
        return False

    @staticmethod
    def _is_tar(entry: Entry) -> bool:
        data = entry.content
        if data[:2] == b"\x1f\x8b" or data[:3] == b"BZh" or data[:6] == b"\xfd7zXZ\x00":
            return True
        return len(data) >= 512 and data[257:262] == b"ustar"

    @staticmethod
    def _untar(entry: Entry) -> List[Tuple[str, Entry]]:
        out = []
        with tarfile.open(fileobj=io.BytesIO(entry.content), mode="r:*") as archive:
            for member in archive.getmembers():
                name = normalize("/" + member.name).lstrip("/")
                if not name:
                    continue
                if member.isdir():
                    out.append((name, directory(member.mode & 0o7777, member.uid, member.gid,
                                                int(member.mtime))))
                elif member.issym():
                    out.append((name, symlink(member.linkname, member.uid, member.gid,
                                              int(member.mtime))))
                elif member.isfile():
                    data = archive.extractfile(member).read()
                    out.append((name, regular(data, member.mode & 0o7777, member.uid, member.gid,
                                              int(member.mtime))))
        return out

    # -- metadata ---------------------------------------------------------------
    def _do_arg(self, node, state: State) -> None:
        shown = []
        for name, default in self._arg_pairs(node, state.env()):
            if name in self.build_args:
                value = self.build_args[name]
            elif default is not None:
                value = default
            elif name in self.globals:
                value = self.globals[name]
            else:
                value = None
            if value is not None:
                state.args[name] = value
            shown.append(f"{name}={default}" if default is not None else name)
        state.add_meta("ARG " + " ".join(shown))

    def _pairs(self, node, env) -> List[Tuple[str, str]]:
        values = node.values()
        pairs = []
        for i in range(0, len(values) - 2, 3):
            key = self._expand(values[i], env)
            pairs.append((key, self._expand(values[i + 1], env)))
        return pairs

    def _do_env(self, node, state: State) -> None:
        pairs = self._pairs(node, state.env())
        config = state.config
        for key, value in pairs:
            config = config.with_env(**{key: value})
        state.config = config
        state.add_meta("ENV " + " ".join(f"{k}={v}" for k, v in pairs))

    def _do_label(self, node, state: State) -> None:
        pairs = self._pairs(node, state.env())
        state.config = state.config.replace(labels={**(state.config.labels or {}), **dict(pairs)})
        state.add_meta("LABEL " + " ".join(f"{k}={v}" for k, v in pairs))

    def _do_maintainer(self, node, state: State) -> None:
        state.add_meta("MAINTAINER " + node.values()[0])

    def _command(self, node, state: State) -> List[str]:
        if node.is_json:
            return node.values()
        # BuildKit's withShell joins the words: a bare CMD runs `/bin/sh -c ""`.
        return list(state.config.shell or DEFAULT_SHELL) + [" ".join(node.values())]

    def _do_cmd(self, node, state: State) -> None:
        cmd = self._command(node, state)
        state.config = state.config.replace(cmd=cmd)
        state.cmd_set = True
        state.add_meta("CMD " + quote_slice(cmd))

    def _do_entrypoint(self, node, state: State) -> None:
        entry = self._command(node, state)
        changes = {"entrypoint": entry}
        if not state.cmd_set:
            changes["cmd"] = None
        state.config = state.config.replace(**changes)
        state.add_meta("ENTRYPOINT " + quote_slice(entry))

    def _do_expose(self, node, state: State) -> None:
        env = state.env()
        ports = dict(state.config.exposed_ports or {})
        added = []
        for word in node.values():
            for port in self._expand_words(word, env):
                port = port if "/" in port else f"{port}/tcp"
                ports[port] = {}
                added.append(port)
        state.config = state.config.replace(exposed_ports=ports)
        state.add_meta("EXPOSE " + _go_map_ports(added))

    def _do_user(self, node, state: State) -> None:
        user = self._expand(node.values()[0], state.env())
        state.config = state.config.replace(user=user)
        state.add_meta(f"USER {user}")

    def _do_volume(self, node, state: State) -> None:
        env = state.env()
        paths = [self._expand(v, env) for v in node.values()]
        volumes = dict(state.config.volumes or {})
        for path in paths:
            volumes[path] = {}
        state.config = state.config.replace(volumes=volumes)
        state.add_meta("VOLUME [" + " ".join(paths) + "]")

    def _do_stopsignal(self, node, state: State) -> None:
        signal = self._expand(node.values()[0], state.env())
        state.config = state.config.replace(stop_signal=signal)
        state.add_meta(f"STOPSIGNAL {signal}")

    def _do_shell(self, node, state: State) -> None:
        if not node.is_json:
            raise BuildFailed(f"dockerfile parse error on line {node.start_line}: "
                              "SHELL requires the arguments to be in JSON form", node=node)
        state.config = state.config.replace(shell=node.values())
        state.add_meta("SHELL [" + " ".join(node.values()) + "]")

    def _do_onbuild(self, node, state: State) -> None:
        trigger = node.original.strip()[len("ONBUILD"):].strip()
        state.config = state.config.replace(on_build=tuple(state.config.on_build or ()) + (trigger,))
        state.add_meta(f"ONBUILD {trigger}")

    def _do_healthcheck(self, node, state: State) -> None:
        values = node.values()
        kind = values[0].upper() if values else "NONE"
        if kind == "NONE":
            check = {"Test": ["NONE"]}
        else:
            flags = self._flags(node, ("interval", "timeout", "start-period", "start-interval",
                                       "retries"))
            rest = values[1:]
            test = (["CMD"] + rest) if node.is_json else ["CMD-SHELL", rest[0] if rest else ""]
            check = {"Test": test}
            for flag, key in (("interval", "Interval"), ("timeout", "Timeout"),
                              ("start-period", "StartPeriod"), ("start-interval", "StartInterval")):
                if flags.get(flag):
                    check[key] = parse_duration_ns(flags[flag])
            if flags.get("retries"):
                check["Retries"] = int(flags["retries"])
        state.config = state.config.replace(healthcheck=check)
        state.add_meta("HEALTHCHECK &{" + quote_slice(check["Test"]) + "}")

    # ------------------------------------------------------------------ export
    def _export(self, state: State, refs) -> Image:
        self._flush_from(cached=not self.any_miss)
        created = max([h.created for h in state.history] or [self.engine.clock.now()])
        config = state.config
        if self.labels:  # --label: on the image's config, with no step of its own
            config = config.replace(labels={**(config.labels or {}), **self.labels})
        image = Image(state.layers, config, state.history, created=created)
        for exporter in self.exporters:
            if exporter == "image":
                self._store(image, refs)
            else:
                self._send_files(state, exporter)
        return image

    def _store(self, image: Image, refs) -> None:
        """The image exporter: the image stored in the engine and tagged."""
        p = self.progress
        n = p.vertex("exporting to image")
        p.say(n, "exporting layers 0.0s done" if self.any_miss else "exporting layers done")
        p.say(n, f"writing image {image.id} done")
        for ref in refs:
            p.say(n, f"naming to {ref} done")
        p.say(n, "DONE 0.0s")
        self.engine.images.add(image, refs, tagged_at=self.engine.clock.now())
        for ref in refs:
            self.engine.events.emit("image", "tag", image.id, {"name": ref.familiar()})

    def _send_files(self, state: State, exporter: str) -> None:
        """The local and tar exporters: the final stage's merged tree goes to the client
        (the shell writes it)."""
        p = self.progress
        if self.files is None:
            self.files = [(path, entry.with_changes(opaque=False) if entry.opaque else entry)
                          for path, entry in state.index().walk(ROOT) if path != ROOT]
        files = self.files
        if exporter == "local":
            n = p.vertex("exporting to client directory")
            p.say(n, f"copying files {p.size(sum(e.size for _, e in files if e.kind == FILE))} done")
        else:
            n = p.vertex("exporting to client tarball")
            p.say(n, "sending tarball done")
        p.say(n, "DONE 0.0s")

    # ------------------------------------------------------------------ errors
    def _fail_output(self, err: BuildFailed) -> None:
        lines = self.progress.lines
        node = err.node
        if node is not None and self.progress.count and not lines[-1].startswith(
                f"#{self.progress.count} ERROR"):
            lines.append(f"#{self.progress.count} ERROR: {err.vertex_error}")
        if node is not None and node.keyword in LAYER_STEPS and not err.parsing:
            name = lines[-2].split(" ", 1)[1] if len(lines) >= 2 else ""
            step_line = next((l for l in reversed(lines)
                              if l.startswith(f"#{self.progress.count} [")), "")
            name = step_line.split(" ", 1)[1] if step_line else name
            lines.append("------")
            lines.append(f" > {name}:")
            if node.keyword == "run":
                for out in getattr(self, "last_output", [])[-6:]:
                    lines.append(out)
            lines.append("------")
        if self.linter is not None:
            lines.extend(lint.summary_lines(self.linter.findings))
        if node is not None and node.start_line:
            lines.extend(source_snippet(self.source, self.filename, node.start_line,
                                        node.end_line))
        lines.append(f"ERROR: failed to solve: {err.message}")
