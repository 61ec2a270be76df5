"""BuildKit's build checks: the Dockerfile linter of BuildKit v0.22 (Docker 28.2.2).

BuildKit checks a Dockerfile while it turns it into a build graph, before any step
runs, in three passes, and reports what it finds in that order:

1. while it parses the instructions (``instructions.Parse``): NoEmptyContinuation
   (found by the parser), then per instruction MaintainerDeprecated,
   StageNameCasing and FromAsCasing;
2. over the stages: ReservedStageName and DuplicateStageName, then
   ConsistentInstructionCasing (the majority of self-consistent keywords wins),
   InvalidDefaultArgInFrom, and per FROM UndefinedArgInFrom,
   RedundantTargetPlatform and FromPlatformFlagConstDisallowed;
3. while it converts each stage the build needs (``dispatch``), with the
   variables the stage has at that point: UndefinedVar (with a "did you mean"),
   LegacyKeyValueFormat, SecretsUsedInArgOrEnv, WorkdirRelativePath,
   JSONArgsRecommended and MultipleInstructionsDisallowed.

``# check=skip=A,B;error=true`` (or the BUILDKIT_DOCKERFILE_CHECK build-arg, which
replaces it) skips rules or makes any finding fail the build. The experimental
rules (InvalidDefinitionDescription in pass 1, CopyIgnoredFile in pass 3) run only
when ``experimental=`` names them (or says ``all``).
"""

from __future__ import annotations

import re
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from ..container.config import DEFAULT_PATH  # what a stage without ENV PATH has
from ..container.security import GO_BOOLS  # Go's strconv.ParseBool: what error= accepts
from ..record import field, record
from .errors import ShellLexError
from ..gostrings import quote
from .instructions import COMMANDS, argument_error, did_you_mean, suggest
from .shell_lex import Lex
from .snippet import source_snippet

DOCS = "https://docs.docker.com/go/dockerfile/rule/"
CHECK_ARG = "BUILDKIT_DOCKERFILE_CHECK"


@record(frozen=True)
class Rule:
    name: str
    description: str
    url: str = ""
    experimental: bool = False


def _rule(name: str, slug: str, description: str, experimental: bool = False) -> Rule:
    return Rule(name, description, DOCS + slug + "/" if slug else "", experimental)


RULES: Dict[str, Rule] = {r.name: r for r in (
    _rule("StageNameCasing", "stage-name-casing", "Stage names should be lowercase"),
    _rule("FromAsCasing", "from-as-casing",
          "The 'as' keyword should match the case of the 'from' keyword"),
    _rule("NoEmptyContinuation", "no-empty-continuation",
          "Empty continuation lines will become errors in a future release"),
    _rule("ConsistentInstructionCasing", "consistent-instruction-casing",
          "All commands within the Dockerfile should use the same casing (either upper or lower)"),
    _rule("DuplicateStageName", "duplicate-stage-name", "Stage names should be unique"),
    _rule("ReservedStageName", "reserved-stage-name",
          "Reserved words should not be used as stage names"),
    _rule("JSONArgsRecommended", "json-args-recommended",
          "JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related "
          "to OS signals"),
    _rule("MaintainerDeprecated", "maintainer-deprecated",
          "The MAINTAINER instruction is deprecated, use a label instead to define an image author"),
    _rule("UndefinedArgInFrom", "undefined-arg-in-from", "FROM command must use declared ARGs"),
    _rule("WorkdirRelativePath", "workdir-relative-path",
          "Relative workdir without an absolute workdir declared within the build can have "
          "unexpected results if the base image changes"),
    _rule("UndefinedVar", "undefined-var", "Variables should be defined before their use"),
    _rule("MultipleInstructionsDisallowed", "multiple-instructions-disallowed",
          "Multiple instructions of the same type should not be used in the same stage"),
    _rule("LegacyKeyValueFormat", "legacy-key-value-format",
          "Legacy key/value format with whitespace separator should not be used"),
    _rule("InvalidBaseImagePlatform", "",
          "Base image platform does not match expected target platform"),
    _rule("RedundantTargetPlatform", "redundant-target-platform",
          "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the "
          "default behavior"),
    _rule("SecretsUsedInArgOrEnv", "secrets-used-in-arg-or-env",
          "Sensitive data should not be used in the ARG or ENV commands"),
    _rule("InvalidDefaultArgInFrom", "invalid-default-arg-in-from",
          "Default value for global ARG results in an empty or invalid base image name"),
    _rule("FromPlatformFlagConstDisallowed", "from-platform-flag-const-disallowed",
          "FROM --platform flag should not use a constant value"),
    _rule("CopyIgnoredFile", "copy-ignored-file",
          "Attempting to Copy file that is excluded by .dockerignore", experimental=True),
    _rule("InvalidDefinitionDescription", "invalid-definition-description",
          "Comment for build stage or argument should follow the format: `# <arg/stage name> "
          "<description>`. If this is not intended to be a description comment, add an empty "
          "line or comment between the instruction and the comment.", experimental=True),
)}

# SecretsUsedInArgOrEnv: a whole word of the name (words are split by "_"), any case.
_SECRET = re.compile(r"(?i)(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|"
                     r"passwd|secret|token)(?:_|$)")
_NOT_SECRET = re.compile(r"(?i)(?:_|^)(?:public)(?:_|$)")
RESERVED_STAGE_NAMES = ("context", "scratch")
# Build-args BuildKit reads itself: never reported as undefined.
NON_ENV_ARGS = ("BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE")
# BuildKit's automatic global ARGs beyond the ones the builder expands with.
EXTRA_GLOBAL_ARGS = ("BUILDOSVERSION", "TARGETOSVERSION", "TARGETSTAGE")


@record(frozen=True)
class Finding:
    """One warning: the rule, its message and the lines of the instruction it is about."""
    rule: Rule
    detail: str
    start: int = 0
    end: int = 0

    @property
    def short(self) -> str:
        """BuildKit's LintFormatShort, what the progress and the summary print."""
        text = f"{self.rule.name}: {self.detail}"
        return f"{text} (line {self.start})" if self.start > 0 else text


class CheckOptionError(ValueError):
    pass


@record
class CheckConfig:
    skip_all: bool = False
    skip: Tuple[str, ...] = ()
    experimental_all: bool = False
    experimental: Tuple[str, ...] = ()
    error: bool = False


def parse_check_options(text: str) -> CheckConfig:
    """BuildKit's ParseLintOptions: ``skip=A,B|all;experimental=C|all;error=BOOL``."""
    text = text.strip()
    config = CheckConfig()
    if not text:
        return config
    for part in text.split(";", 2):
        key, eq, value = part.partition("=")
        if not eq:
            raise CheckOptionError(f"invalid check option {quote(part)}")
        key, value = key.strip(), value.strip()
        if key in ("skip", "experimental"):
            names = ("all",) if value == "all" else tuple(n.strip() for n in value.split(","))
            if key == "skip":
                config.skip_all, config.skip = names == ("all",), names
            else:
                config.experimental_all, config.experimental = names == ("all",), names
        elif key == "error":
            if value not in GO_BOOLS:
                raise CheckOptionError(f"failed to parse check option {quote(part)}: "
                                       f"strconv.ParseBool: parsing {quote(value)}: "
                                       "invalid syntax")
            config.error = GO_BOOLS[value]
        else:
            raise CheckOptionError(f"invalid check option {quote(key)}")
    return config


def _lines(location) -> Tuple[int, int]:
    if location is None:
        return 0, 0
    if isinstance(location, tuple):
        return location
    return location.start_line, location.end_line


class Linter:
    """Collects findings in the order BuildKit reports them, honouring skip/experimental."""

    def __init__(self, config: Optional[CheckConfig] = None):
        self.config = config or CheckConfig()
        self.findings: List[Finding] = []

    def enabled(self, name: str) -> bool:
        """Whether rule ``name`` reports: an experimental one only when named, the others
        unless skipped."""
        config = self.config
        if RULES[name].experimental:
            return config.experimental_all or name in config.experimental
        return not (config.skip_all or name in config.skip)

    def run(self, name: str, location, detail: str) -> None:
        if self.enabled(name):
            start, end = _lines(location)
            self.findings.append(Finding(RULES[name], detail, start, end))

    def error(self) -> str:
        """With error=true, the build's error when anything was found ("" otherwise). BuildKit
        lists the rules from a Go map (in no set order); here, in the order first found."""
        if not self.config.error or not self.findings:
            return ""
        names = list(dict.fromkeys(f.rule.name for f in self.findings))
        return "lint violation found for rules: " + ", ".join(names)


# ---------------------------------------------------------------- pass 1: instructions
def check_instructions(parse_warnings, nodes, linter: Linter):
    """What BuildKit finds while parsing the instructions, in order, up to the first one
    it rejects: that node is returned (None when every instruction passes). A node is
    rejected when it is no instruction, has the wrong arguments (``argument_error``) or,
    being neither FROM nor ARG, comes before the first FROM."""
    for warning in parse_warnings:
        linter.run("NoEmptyContinuation", (warning.line, warning.line), "Empty continuation line")
    in_stage = False
    for node in nodes:
        keyword = node.keyword
        if keyword not in COMMANDS:
            return node
        if keyword == "maintainer":
            linter.run("MaintainerDeprecated", node,
                       "Maintainer instruction is deprecated in favor of using label")
        elif keyword == "from":
            words = node.values()
            if len(words) == 3 and words[2] != words[2].lower():
                linter.run("StageNameCasing", node, f"Stage name '{words[2]}' should be lowercase")
            if len(words) >= 3 and not _as_matches_from(node.value, words[1]):
                linter.run("FromAsCasing", node,
                           f"'{words[1]}' and '{node.value}' keywords' casing do not match")
        if argument_error(node):
            return node
        if keyword == "from":
            in_stage = True
            if len(node.values()) == 3:
                _check_description(node, "FROM", [node.values()[2].lower()], linter)
        elif keyword == "arg":
            _check_description(node, "ARG", [raw.partition("=")[0] for raw in node.values()],
                               linter)
        elif not in_stage:
            return node  # "no build stage in current context"
    return None


def _check_description(node, instruction: str, names: List[str], linter: Linter) -> None:
    """InvalidDefinitionDescription (experimental): a comment right above a named stage or an
    ARG is its description, so it must start with the name."""
    if not node.prev_comment or not names:
        return
    if node.prev_comment[-1].split(" ")[0] in names:
        return
    example = names[0] if len(names) == 1 else "<arg_key>"
    linter.run("InvalidDefinitionDescription", node,
               f"Comment for {instruction} should follow the format: `# {example} <description>`")


def _as_matches_from(keyword: str, as_word: str) -> bool:
    if keyword == keyword.lower():
        return as_word == as_word.lower()
    if keyword == keyword.upper():
        return as_word == as_word.upper()
    return True  # a mixed-case FROM is ConsistentInstructionCasing's business


# ---------------------------------------------------------------- pass 2: stages
def check_stages(stages, linter: Linter) -> None:
    """Stage names, then keyword casing (the FROM and the instructions of every stage)."""
    seen = set()
    for stage in stages:
        if stage.name:
            if stage.name in RESERVED_STAGE_NAMES:
                linter.run("ReservedStageName", stage.from_node,
                           f"Stage name should not use the same name as reserved stage "
                           f"{quote(stage.name)}")
            if stage.name in seen:
                linter.run("DuplicateStageName", stage.from_node,
                           f"Duplicate stage name {quote(stage.name)}, stage names should be "
                           "unique")
            seen.add(stage.name)
    nodes = [node for stage in stages for node in [stage.from_node] + stage.nodes]
    lower = sum(1 for n in nodes if n.value == n.value.lower() and n.value != n.value.upper())
    upper = sum(1 for n in nodes if n.value == n.value.upper() and n.value != n.value.lower())
    majority_lower = lower > upper
    for node in nodes:
        name = node.value
        if majority_lower and name.lower() != name:
            casing = "lowercase"
        elif not majority_lower and name.upper() != name:
            casing = "uppercase"
        else:
            continue
        linter.run("ConsistentInstructionCasing", node,
                   f"Command '{name}' should match the case of the command majority ({casing})")


def check_from_lines(stages, meta_nodes, defaults: Dict[str, str], globals_: Dict[str, str],
                     escape: str, linter: Linter) -> None:
    """The FROM lines against the global ARGs: their defaults alone must give a valid image
    name; every variable a FROM uses must be declared; --platform should not be redundant or
    a constant."""
    from ..image.reference import parse_normalized
    lex = Lex(escape)
    for stage in stages:
        try:
            name = lex.process(stage.from_node.values()[0], defaults).result
        except ShellLexError:
            break
        try:
            parse_normalized(name)
        except Exception:
            linter.run("InvalidDefaultArgInFrom", stage.from_node,
                       f"Default value for ARG {stage.from_node.values()[0]} results in empty or "
                       "invalid base image name")
    declared = list(dict.fromkeys(
        [raw.partition("=")[0] for node in meta_nodes for raw in node.values()]
        + list(globals_) + list(EXTRA_GLOBAL_ARGS)))
    for stage in stages:
        words = [stage.from_node.values()[0]]
        platform = stage.from_node.flag("platform")
        if platform is not None:
            words.append(platform)
        for index, word in enumerate(words):
            try:
                found = lex.process(word, globals_)
            except ShellLexError:
                return
            for var in found.unmatched:
                if var not in declared:
                    hint = suggest(var, declared, case_sensitive=True)
                    linter.run("UndefinedArgInFrom", stage.from_node,
                               f"FROM argument '{var}' is not declared"
                               + did_you_mean(hint))
            if index == 1:
                _check_platform(word, found, stage, globals_, linter)


def _check_platform(word: str, found, stage, globals_: Dict[str, str], linter: Linter) -> None:
    if list(found.matched) == ["TARGETPLATFORM"] and not found.unmatched \
            and found.result == globals_.get("TARGETPLATFORM"):
        linter.run("RedundantTargetPlatform", stage.from_node,
                   f"Setting platform to predefined {word} in FROM is redundant as this is the "
                   "default behavior")
    if found.matched or found.unmatched:
        return
    parsed = _parse_platform(found.result)
    if parsed is None or parsed[0] in stage.name or parsed[1] in stage.name:
        return
    linter.run("FromPlatformFlagConstDisallowed", stage.from_node,
               f"FROM --platform flag should not use constant value {quote(found.result)}")


_OSES = ("aix", "android", "darwin", "dragonfly", "freebsd", "illumos", "ios", "js", "linux",
         "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows")
_ARCHES = {"x86_64": "amd64", "x86-64": "amd64", "amd64": "amd64", "aarch64": "arm64",
           "arm64": "arm64", "armhf": "arm", "armel": "arm", "arm": "arm", "i386": "386",
           "386": "386", "ppc64le": "ppc64le", "s390x": "s390x", "riscv64": "riscv64",
           "mips64le": "mips64le", "loong64": "loong64", "wasm": "wasm"}
_COMPONENT = re.compile(r"^[A-Za-z0-9_.-]+$")


def _parse_platform(text: str) -> Optional[Tuple[str, str]]:
    """containerd's platforms.Parse, enough to name the OS and architecture (None if invalid)."""
    parts = text.split("/")
    if not 1 <= len(parts) <= 3 or not all(_COMPONENT.match(p) for p in parts):
        return None
    first = parts[0].lower()
    if len(parts) == 1:
        if first in _OSES:
            return first, "amd64"
        arch = _ARCHES.get(first)
        return ("linux", arch) if arch else None
    arch = _ARCHES.get(parts[1].lower(), parts[1].lower())
    return first, arch


def check_base_platforms(stages, needed, resolved, globals_: Dict[str, str], escape: str,
                         target_platform: str, linter: Linter) -> None:
    """InvalidBaseImagePlatform: an image a needed stage starts from whose OS or architecture
    is not the stage's platform (its FROM --platform, else the build's target). crsim's
    images are linux/amd64, so this shows when FROM --platform asks for another one (crsim
    builds on the amd64 image, as BuildKit does with an image that has no such variant) or a
    loaded image is of another platform."""
    lex = Lex(escape)
    for stage in stages:
        image = resolved.get(stage.base) if stage.index in needed else None
        if image is None:
            continue
        wanted = stage.from_node.flag("platform")
        try:
            wanted = lex.process(wanted, globals_).result if wanted else target_platform
        except ShellLexError:
            continue
        expected = _format_platform(wanted)
        if expected is None:
            continue
        actual = f"{image.os}/{image.architecture}"
        if expected.split("/")[:2] != actual.split("/"):
            linter.run("InvalidBaseImagePlatform", stage.from_node,
                       f"Base image {stage.base} was pulled with platform {quote(actual)}, "
                       f"expected {quote(expected)} for current build")


def _format_platform(text: str) -> Optional[str]:
    """containerd's FormatAll(Normalize(Parse(text))): os/arch[/variant], None if invalid."""
    parsed = _parse_platform(text)
    if parsed is None:
        return None
    os_name, arch = parsed
    parts = text.split("/")
    variant = parts[2].lower() if len(parts) == 3 else ""
    if arch == "arm64" and variant in ("8", "v8", "v8.0"):
        variant = ""
    elif arch == "amd64" and variant == "v1":
        variant = ""
    elif arch == "arm" and not variant:
        variant = "v7"
    return "/".join(p for p in (os_name, arch, variant) if p)


# ---------------------------------------------------------------- pass 3: dispatch
@record
class StageVars:
    """What a stage has while BuildKit converts it: its variables (the base image's ENV,
    then the ENV and ARG values set so far, in the order last set), the ARG names it
    declared, the SHELL, and whether a WORKDIR was set in this Dockerfile. A stage built
    FROM another starts with that stage's."""
    env: Dict[str, str] = field(default_factory=dict)
    args: List[str] = field(default_factory=list)
    shell: Tuple[str, ...] = ()
    workdir_set: bool = False

    @classmethod
    def from_config(cls, env: Iterable[str], shell) -> "StageVars":
        state = cls(shell=tuple(shell or ()))
        for item in env:
            key, _, value = item.partition("=")
            state.set(key, value)
        state.env.setdefault("PATH", DEFAULT_PATH)
        return state

    def copy(self) -> "StageVars":
        return StageVars(dict(self.env), list(self.args), self.shell, self.workdir_set)

    def set(self, key: str, value: str) -> None:
        self.env.pop(key, None)
        self.env[key] = value


class _Stop(Exception):
    """An expansion failed: BuildKit's conversion (and its checks) end there."""


class StageChecker:
    """Pass 3 for one stage: the instructions in order, as BuildKit dispatches them."""

    def __init__(self, linter: Linter, escape: str, build_args: Dict[str, str],
                 globals_: Dict[str, str], ignored=None):
        self.linter, self.escape = linter, escape
        self.build_args, self.globals = build_args, globals_
        self.ignored = ignored  # is a context path left out by .dockerignore? (None: no file)

    def run(self, nodes, state: StageVars) -> bool:
        """Check a stage's instructions, updating ``state``; False when conversion stopped."""
        self.state = state
        self.used: Dict[str, object] = {}  # CMD/ENTRYPOINT/HEALTHCHECK: the last one seen
        try:
            for node in nodes:
                handler = getattr(self, "_" + node.keyword, None)
                if handler is not None:
                    handler(node)
        except _Stop:
            return False
        return True

    def _expand(self, node, word: str, raw: bool = False) -> str:
        lex = Lex("\\", skip_process_quotes=True) if raw else Lex(self.escape)
        env = self.state.env
        try:
            found = lex.process(word, env)
        except ShellLexError:
            raise _Stop() from None
        for var in found.unmatched:
            if var in self.state.args or var in NON_ENV_ARGS:
                continue
            hint = suggest(var, list(env), case_sensitive=True)
            self.linter.run("UndefinedVar", node, f"Usage of undefined variable '${var}'"
                            + did_you_mean(hint, "$"))
        return found.result

    def _pairs(self, node) -> List[Tuple[str, str, bool]]:
        values = node.values()
        pairs = []
        for i in range(0, len(values) - 2, 3):
            key = self._expand(node, values[i])
            pairs.append((key, self._expand(node, values[i + 1]), values[i + 2] == ""))
        return pairs

    def _legacy(self, node, legacy: bool) -> None:
        if legacy:
            self.linter.run("LegacyKeyValueFormat", node,
                            f'"{node.value} key=value" should be used instead of legacy '
                            f'"{node.value} key value" format')

    def _secret(self, node, instruction: str, key: str) -> None:
        if _SECRET.search(key) and not _NOT_SECRET.search(key):
            self.linter.run("SecretsUsedInArgOrEnv", node,
                            f"Do not use ARG or ENV instructions for sensitive data "
                            f"({instruction} {quote(key)})")

    def _env(self, node) -> None:
        for key, value, legacy in self._pairs(node):
            self._legacy(node, legacy)
            self._secret(node, "ENV", key)
            self.state.set(key, value)

    def _label(self, node) -> None:
        for _key, _value, legacy in self._pairs(node):
            self._legacy(node, legacy)

    def _arg(self, node) -> None:
        for raw in node.values():
            key, eq, default = raw.partition("=")
            self._secret(node, "ARG", key)
            value: Optional[str] = None
            if key in self.build_args:
                value = self.build_args[key]
            elif eq:
                value = self._expand(node, default)
            elif key in self.globals:
                value = self.globals[key]
            if value is not None and key not in NON_ENV_ARGS:
                self.state.set(key, value)
            self.state.args.append(key)

    def _workdir(self, node) -> None:
        path = self._expand(node, node.values()[0]) if node.values() else ""
        if not self.state.workdir_set and not path.startswith("/"):
            self.linter.run("WorkdirRelativePath", node,
                            f"Relative workdir {quote(path)} can have unexpected results if "
                            "the base image changes")
        self.state.workdir_set = True

    def _copy(self, node, flags: Tuple[str, ...] = ("chown", "chmod")) -> None:
        for name in flags:
            value = node.flag(name)
            if value:
                self._expand(node, value)
        words = node.values()
        sources = [self._expand(node, w) for w in words[:-1] if not w.startswith("<<")]
        if words:
            self._expand(node, words[-1])
        for doc in node.heredocs:
            if doc.expand:
                self._expand(node, doc.content, raw=True)
        if self.ignored is None or node.flag("from") is not None:
            return
        for source in sources:
            if not source.startswith(("http://", "https://", "git@")) and self.ignored(source):
                self.linter.run("CopyIgnoredFile", node,
                                f"Attempting to {'Add' if node.keyword == 'add' else 'Copy'} file "
                                f"{quote(source)} that is excluded by .dockerignore")

    def _add(self, node) -> None:
        self._copy(node, ("chown", "chmod", "checksum"))

    def _run(self, node) -> None:
        for flag in node.flags:
            if flag.startswith("--mount="):
                self._expand(node, flag[len("--mount="):])

    def _user(self, node) -> None:
        if node.values():
            self._expand(node, node.values()[0])

    _stopsignal = _user

    def _volume(self, node) -> None:
        for word in node.values():
            self._expand(node, word)

    def _once(self, node) -> None:
        previous = self.used.get(node.keyword)
        if previous is not None:
            # BuildKit points at the earlier one: that is the instruction that has no effect.
            self.linter.run("MultipleInstructionsDisallowed", previous,
                            f"Multiple {node.value} instructions should not be used in the same "
                            "stage because only the last one will be used")
        self.used[node.keyword] = node

    def _cmd(self, node) -> None:
        self._once(node)
        if not node.is_json and not self.state.shell:
            self.linter.run("JSONArgsRecommended", node,
                            f"JSON arguments recommended for {node.value} to prevent unintended "
                            "behavior related to OS signals")

    _entrypoint = _cmd
    _healthcheck = _once

    def _shell(self, node) -> None:
        if node.is_json:
            self.state.shell = tuple(node.values())


# ---------------------------------------------------------------- output
def summary_lines(findings: Sequence[Finding]) -> List[str]:
    """buildx's summary after the progress (printWarnings, without --debug)."""
    if not findings:
        return []
    count = "1 warning" if len(findings) == 1 else f"{len(findings)} warnings"
    return ["", f" {count} found (use docker --debug to expand):"] + \
        [f" - {f.short}" for f in findings]


def check_report(findings: Sequence[Finding], source: str, filename: str) -> List[str]:
    """What `build --check` prints on standard output: the findings by line, each with its
    rule's URL, message and the lines it is about."""
    if not findings:
        return ["Check complete, no warnings found."]
    count = "1 warning has" if len(findings) == 1 else f"{len(findings)} warnings have"
    out = [f"Check complete, {count} been found!"]
    for finding in sorted(findings, key=lambda f: f.start):
        rule = finding.rule
        out += ["", f"WARNING: {rule.name}" + (f" - {rule.url}" if rule.url else ""),
                finding.detail]
        if finding.start:
            out += source_snippet(source, filename, finding.start, finding.end)
    return out
