"""`build`: Docker's `docker build` (BuildKit, plain progress) on the simulated engine.

The shell reads the context directory from the host into memory (files with
their modes, directories, symlinks kept as symlinks and never followed) and
hands the engine the Dockerfile text and that context; the engine does no
host I/O. Besides a directory, the Dockerfile may come from:

- ``-``: standard input, which in a script or ``-c`` is a here-document
  (``build -t app - <<EOF`` ... ``EOF``); the context is then empty;
- one quoted argument holding the instructions separated by ``;``
  (``build -t app "FROM alpine;RUN echo hi"``), a crsim shorthand.
"""

from __future__ import annotations

import os
import stat

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, List, Optional, Tuple

    from engine.build.context import BuildContext
from engine.vfs.entry import Entry, directory, regular, symlink

from engine import EngineError

from ..parser import UsageError
from ..spec import COMPLETE_HOST_FILE, Arg, Flag, command, unsimulated_flag

MAX_CONTEXT_FILES = 20000


def read_host_context(root: str) -> "BuildContext":
    from engine.build.context import BuildContext
    """Walk a host directory without following any symlink."""
    entries: Dict[str, Entry] = {}
    root_stat = os.lstat(root)
    entries["/"] = directory(stat.S_IMODE(root_stat.st_mode), mtime=int(root_stat.st_mtime))
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        rel_dir = os.path.relpath(dirpath, root)
        base = "/" if rel_dir == "." else "/" + rel_dir.replace(os.sep, "/")
        for name in sorted(dirnames + filenames):
            host_path = os.path.join(dirpath, name)
            path = (base.rstrip("/") + "/" + name)
            info = os.lstat(host_path)
            mode, mtime = stat.S_IMODE(info.st_mode), int(info.st_mtime)
            if stat.S_ISLNK(info.st_mode):
                entries[path] = symlink(os.readlink(host_path), mtime=mtime)
            elif stat.S_ISDIR(info.st_mode):
                entries[path] = directory(mode, mtime=mtime)
            elif stat.S_ISREG(info.st_mode):
                with open(host_path, "rb") as handle:
                    entries[path] = regular(handle.read(), mode, mtime=mtime)
            if len(entries) > MAX_CONTEXT_FILES:
                raise UsageError(f"ERROR: build context {root} has more than "
                                 f"{MAX_CONTEXT_FILES} entries (crsim's limit)", 1)
        # symlinked directories are entries, not walked (os.walk does not follow them)
    return BuildContext(entries, root)


CALLS = {"build": "build", "check": "check", "lint": "check", "targets": "targets",
         "outline": "outline"}


def _call(opts) -> Tuple[str, bool, str]:
    """buildx's --call (ParseCallFunc; --check stores "check" in it, so the last of the two
    wins): what the build returns ("check" is BuildKit's "lint"), whether its status is
    ignored (``--call=check,ignorestatus=true``) and the format ("" or "json")."""
    from engine.gostrings import quote
    from engine.container.security import GO_BOOLS  # Go's strconv.ParseBool
    name, ignore_status, form = "", False, ""
    for item in (opts["call"] or "build").split(","):
        key, eq, value = item.partition("=")
        if key == "ignorestatus" and eq:
            if value not in GO_BOOLS:
                raise BuildError(f"invalid ignorestatus print value: {value}: "
                                 f"strconv.ParseBool: parsing {quote(value)}: invalid syntax")
            ignore_status = GO_BOOLS[value]
        elif key == "format" and eq:
            form = value
        elif eq:
            raise BuildError(f"invalid print field: {item}")
        elif name:
            raise BuildError(f"invalid print value: {opts['call']}")
        else:
            name = item
    if name not in CALLS:
        raise BuildError(f"failed to solve: unsupported request frontend.{name}")
    if CALLS[name] == "check" and form == "json":
        # BuildKit's lint result carries the Dockerfile's LLB definition, which crsim has not
        raise BuildError("crsim does not simulate --call=check,format=json (it simulates the "
                         "check's text, and format=json for targets and outline)")
    return CALLS[name], ignore_status, form


def _looks_inline(text: str) -> bool:
    first = text.strip().split(None, 1)[0].upper() if text.strip() else ""
    return first in ("FROM", "ARG", "#") or "\n" in text


def _array(long: str, help: str, short: str = "", simulated: bool = True) -> Flag:
    """A buildx stringArray flag (repeatable, shown as "stringArray")."""
    return Flag(long, short, "list", help, type_name="stringArray", simulated=simulated)


def _hidden(long: str, kind: str = "string", short: str = "", **more) -> Flag:
    """A legacy builder flag buildx still accepts and ignores (hidden from its help)."""
    return Flag(long, short, kind, hidden=True, **more)


# buildx v0.24's `build` flags (the builder Docker 28.2 ships), in its words; those whose
# effect the simulation has no place for are listed and refused when given.
BUILD_FLAGS = (
    unsimulated_flag("add-host", "list", 'Add a custom host-to-IP mapping (format: "host:ip")',
                     type_name="strings"),
    _array("allow", 'Allow extra privileged entitlement (e.g., "network.host", '
                    '"security.insecure")', simulated=False),
    _array("annotation", "Add annotation to the image", simulated=False),
    _array("attest", 'Attestation parameters (format: "type=sbom,generator=image")'),
    _array("build-arg", "Set build-time variables"),
    _array("build-context", "Additional build contexts (e.g., name=path)", simulated=False),
    _array("cache-from", 'External cache sources (e.g., "user/app:cache", '
                         '"type=local,src=path/to/dir")', simulated=False),
    _array("cache-to", 'Cache export destinations (e.g., "user/app:cache", '
                       '"type=local,dest=path/to/dir")'),
    Flag("call", kind="string", default="build",
         help='Set method for evaluating build ("check", "outline", "targets")',
         completes=("build", "check", "outline", "targets")),
    Flag("check", help='Shorthand for "--call=check"', into="call", into_value="check"),
    unsimulated_flag("cgroup-parent", "string",
                     'Set the parent cgroup for the "RUN" instructions during build'),
    Flag("file", "f", "string", 'Name of the Dockerfile (default: "PATH/Dockerfile")',
         completes=COMPLETE_HOST_FILE),
    Flag("iidfile", kind="string", help="Write the image ID to a file", completes=COMPLETE_HOST_FILE),
    _array("label", "Set metadata for an image"),
    Flag("load", help='Shorthand for "--output=type=docker"'),
    unsimulated_flag("metadata-file", "string", "Write build result metadata to a file"),
    Flag("network", kind="string", default="default",
         help='Set the networking mode for the "RUN" instructions during build'),
    Flag("no-cache", help="Do not use cache when building the image"),
    _array("no-cache-filter", "Do not cache specified stages"),
    _array("output", 'Output destination (format: "type=local,dest=path")', short="o"),
    _array("platform", "Set target platform for build"),
    Flag("progress", kind="string", default="auto",
         help='Set type of progress output ("auto", "quiet", "plain", "tty", "rawjson"). Use '
              "plain to show container output"),
    Flag("provenance", kind="string", help='Shorthand for "--attest=type=provenance"'),
    Flag("pull", help="Always attempt to pull all referenced images"),
    unsimulated_flag("push", "bool", 'Shorthand for "--output=type=registry"'),
    Flag("quiet", "q", help="Suppress the build output and print image ID on success"),
    Flag("sbom", kind="string", help='Shorthand for "--attest=type=sbom"'),
    _array("secret", 'Secret to expose to the build (format: "id=mysecret[,src=/local/secret]")'),
    unsimulated_flag("shm-size", "string", "Shared memory size for build containers",
                     type_name="bytes"),
    _array("ssh", 'SSH agent socket or keys to expose to the build (format: '
                  '"default|<id>[=<socket>|<key>[,<key>]]")', simulated=False),
    _array("tag", 'Name and optionally a tag (format: "name:tag")', short="t"),
    Flag("target", kind="string", help="Set the target build stage to build"),
    unsimulated_flag("ulimit", "list", "Ulimit options", type_name="ulimit", shows_default="[]"),
    # the legacy builder's flags: ignored, three of them with a warning
    _hidden("compress", "bool"), _hidden("isolation"), _hidden("security-opt", "list"),
    _hidden("squash", "bool"), _hidden("memory", short="m"), _hidden("memory-swap"),
    _hidden("cpu-shares", "int", short="c"), _hidden("cpu-period", "int"),
    _hidden("cpu-quota", "int"), _hidden("cpuset-cpus"), _hidden("cpuset-mems"),
    _hidden("rm", "bool", default=True), _hidden("force-rm", "bool"),
)
# what buildx says (logrus warnings) of legacy flags that no longer do anything
LEGACY_WARNINGS = {
    "isolation": "isolation flag is deprecated with BuildKit.",
    "security-opt": 'security-opt flag is deprecated. "RUN --security=insecure" should be used '
                    "with BuildKit.",
    "squash": "experimental flag squash is removed with BuildKit. You should squash inside "
              "build using a multi-stage Dockerfile for efficiency.",
}
MAX_SECRET_SIZE = 500 * 1024  # BuildKit's secretsprovider limit
DOCS = "https://docs.docker.com/go/"


class BuildError(UsageError):
    """What buildx prints as "ERROR: ..." with status 1."""

    def __init__(self, message: str):
        super().__init__("ERROR: " + message, 1)


def not_supported(feature: str, docs: str) -> BuildError:
    """A feature the default builder (the docker driver on the classic image store) lacks."""
    return BuildError(f"{feature} is not supported for the docker driver.\nSwitch to a different "
                      f"driver, or turn on the containerd image store, and try again.\n"
                      f"Learn more at {DOCS}{docs}")


def key_values(items, environ=None) -> Dict[str, str]:
    """buildx's listToMap: KEY=VALUE pairs; a bare KEY takes the client's environment
    (``environ``, left out when unset there) or, without one, the empty value."""
    result: Dict[str, str] = {}
    for item in items:
        key, eq, value = item.partition("=")
        if not key:
            raise BuildError(f'invalid key-value pair "{item}": empty key')
        if eq:
            result[key] = value
        elif environ is None:
            result[key] = ""
        elif key in environ:
            result[key] = environ[key]
    return result


def csv_fields(text: str, what: str) -> Dict[str, str]:
    """KEY=VALUE fields separated by commas (buildx's csv values), keys lower case."""
    import csv
    fields: Dict[str, str] = {}
    for field in next(csv.reader([text]), []):
        key, eq, value = field.partition("=")
        if not eq:
            raise BuildError(what.format(field=field))
        fields[key.strip().lower()] = value
    return fields


def canonical_attest(kind: str, value: str) -> str:
    """--provenance/--sbom VALUE as an --attest value: a boolean turns it on or off."""
    from engine.container.security import GO_BOOLS  # Go's strconv.ParseBool
    flag = GO_BOOLS.get(value)
    if flag is None:
        return f"type={kind},{value}"
    return f"type={kind},disabled={'false' if flag else 'true'}"


def parse_output(spec: str) -> Dict[str, str]:
    """One -o value: a bare path is type=local (and "-" type=tar) with that destination."""
    if "=" not in spec and "," not in spec and not spec.startswith("type="):
        return {"type": "local" if spec != "-" else "tar", "dest": spec}
    fields = csv_fields(spec, "invalid value {field}")
    if not fields.get("type"):
        raise BuildError("type is required for output")
    return fields


def read_secrets(ctx, specs) -> Dict[str, bytes]:
    """--secret id=ID[,src=FILE|,env=VAR]: the bytes each secret gives RUN --mount=type=secret
    (an ID alone names an environment variable if one is set, else a file)."""
    from ..host_paths import confine
    environ = ctx.session.environ
    found: Dict[str, bytes] = {}
    for spec in specs:
        if not spec:
            continue
        fields = {}
        for key, value in csv_fields(spec, "invalid field '{field}' must be a key=value pair").items():
            if key not in ("type", "id", "source", "src", "env"):
                raise BuildError(f"unexpected key '{key}' in '{key}={value}'")
            if key == "type" and value not in ("file", "env"):
                raise BuildError(f'unsupported secret type "{value}"')
            fields["src" if key == "source" else key] = value
        ident, src, env = fields.get("id", ""), fields.get("src", ""), fields.get("env", "")
        if fields.get("type") == "env" and not env:
            env, src = src, ""
        if not ident:
            raise BuildError("secret missing ID")
        if not env and not src:
            env, src = (ident, "") if ident in environ else ("", ident)
        if env:
            found[ident] = environ.get(env, "").encode("utf-8", "surrogateescape")
            continue
        try:
            with open(confine(ctx.engine, src), "rb") as handle:
                data = handle.read(MAX_SECRET_SIZE + 1)
        except OSError as err:
            raise BuildError(f"failed to stat {src}: stat {src}: "
                             f"{(err.strerror or str(err)).lower()}") from None
        if len(data) > MAX_SECRET_SIZE:
            raise BuildError(f"secret {ident} too big. max size 500KiB")
        found[ident] = data
    return found


@command("build", "Build an image from a Dockerfile", "[OPTIONS] PATH | URL | -",
         flags=BUILD_FLAGS,
         args=(Arg("PATH", COMPLETE_HOST_FILE),), aliases=("image build", "builder build"),
         min_args=1, max_args=1, exact_args=True, group="Common Commands",
         description="A context directory, \"-\" (the Dockerfile on standard input, e.g. a "
                     "here-document), or\nthe instructions in one quoted argument separated "
                     "by \";\".")
def build(ctx, opts, args):
    source = args[0]
    call, ignore_status, form = _call(opts)
    progress = opts["progress"] or "auto"
    if progress not in ("auto", "plain", "tty", "quiet", "rawjson"):
        raise UsageError(f'ERROR: invalid progress mode "{progress}"', 1)
    environ = ctx.session.environ
    # what buildx checks before it asks the builder, in its order
    build_args = key_values(opts["build-arg"], environ)
    labels = key_values(opts["label"])
    attests = list(opts["attest"]) + [canonical_attest(kind, opts[kind])
                                      for kind in ("provenance", "sbom") if opts[kind]]
    outputs = [parse_output(spec) for spec in opts["output"] if spec]
    if opts["load"]:
        outputs.append({"type": "docker"})
    if opts["iidfile"] and any(o["type"] in ("local", "tar") for o in outputs):
        raise BuildError("local and tar exporters are incompatible with image ID file")
    secrets = read_secrets(ctx, opts["secret"])
    if opts["quiet"] and progress not in ("auto", "quiet"):
        raise BuildError(f"progress={progress} and quiet cannot be used together")
    if opts["no-cache"] and opts["no-cache-filter"]:
        raise BuildError("--no-cache and --no-cache-filter cannot currently be used together")
    exporters = _exporters(ctx, outputs)
    _check_builder_features(opts, attests)
    for flag, warning in LEGACY_WARNINGS.items():
        if opts[flag]:
            from .compose_common import logrus_warning
            ctx.out.error(logrus_warning(ctx.now(), warning))
    from engine.build.context import BuildContext
    context: Optional[BuildContext] = None
    dockerfile_name = "Dockerfile"
    if source == "-":
        text = ctx.stdin
        context = BuildContext({})
    elif os.path.isdir(source):
        from ..host_paths import confine
        confine(ctx.engine, source)
        if opts["file"] and opts["file"] != "-":
            confine(ctx.engine, opts["file"])
        try:
            context = read_host_context(source)
        except OSError as err:
            raise UsageError(f"ERROR: unable to prepare context: {err}", 1) from None
        path = opts["file"] or os.path.join(source, "Dockerfile")
        if opts["file"] == "-":
            text = ctx.stdin
        else:
            dockerfile_name = os.path.basename(path)
            try:
                with open(path, "rb") as handle:
                    text = handle.read().decode("utf-8", "surrogateescape")
            except OSError:
                raise UsageError(f"ERROR: failed to solve: failed to read dockerfile: open "
                                 f"{dockerfile_name}: no such file or directory", 1) from None
    elif _looks_inline(source):
        text = "\n".join(part.strip() for part in source.split(";")) + "\n"
        context = BuildContext({})
    else:
        raise UsageError(f'ERROR: unable to prepare context: path "{source}" not found', 1)
    ignore = context.read_text("/.dockerignore") if context is not None else None
    result = ctx.engine.build(text, context, tags=opts["tag"], build_args=build_args,
                              target=opts["target"] or "", no_cache=opts["no-cache"],
                              filename=dockerfile_name, dockerignore=ignore, secrets=secrets,
                              labels=labels, pull=opts["pull"],
                              no_cache_filter=[n for v in opts["no-cache-filter"]
                                               for n in v.split(",") if n],
                              exporters=[kind for kind, _ in exporters], call=call)
    quiet = opts["quiet"] or progress == "quiet"
    if call != "build":  # --call=check|targets: the progress, then the method's answer
        if not quiet:
            ctx.out.write(result.output, "stderr")
        if form == "json" and result.status == 0:
            ctx.out.line(result.answer_json)
        for line in (result.report if form != "json" else ()):
            ctx.out.line(line)
        for line in result.trailer:
            ctx.out.error(line)
        return 0 if ignore_status and not result.trailer else result.status
    if not quiet:  # BuildKit's progress and its errors go to stderr (the ID with -q to stdout)
        ctx.out.write(result.output, "stderr")
    elif result.status != 0:
        ctx.out.error(result.lines[-1])
    if result.status != 0:
        return result.status
    for kind, dest in exporters:
        if kind != "image":
            _send_files(ctx, kind, dest, result.files)
    if quiet:  # buildx prints the image exporter's digest: none without one
        ctx.out.line(result.image.id if ("image", "") in exporters else "")
    if opts["iidfile"]:
        _write_iidfile(ctx, opts["iidfile"], result.image.id)
    return 0


def _exporters(ctx, outputs) -> List[Tuple[str, str]]:
    """(exporter, destination) pairs, checked as buildx checks them before the build: no
    -o at all is the image store's own exporter (the docker driver's default)."""
    import sys
    from ..host_paths import confine
    chosen: List[Tuple[str, str]] = []
    to_stdout = False
    for output in outputs or [{"type": "image"}]:
        kind, dest = output["type"], output.get("dest", "")
        if kind == "cacheonly":
            continue
        if kind == "oci":
            raise not_supported("OCI exporter", "build-exporters/")
        if kind == "registry" or (kind == "image" and output.get("push") in ("true", "1")):
            raise BuildError("crsim does not simulate pushing from a build: build, then push")
        if kind in ("image", "moby") or (kind == "docker" and not dest):
            chosen.append(("image", ""))
            continue
        if kind == "docker":
            raise BuildError("crsim does not simulate the docker exporter's tarball: build, "
                             "then save")
        if kind == "local":
            if not dest:
                raise BuildError("dest is required for local exporter")
            if dest == "-":
                raise BuildError("dest cannot be stdout for local exporter")
            if os.path.exists(confine(ctx.engine, dest)) and not os.path.isdir(dest):
                raise BuildError(f"destination directory {dest} is a file")
        elif kind == "tar":
            dest = dest or "-"
            if dest == "-":
                if to_stdout:
                    raise BuildError("multiple outputs configured to write to stdout")
                to_stdout = True
                from .files import binary_output
                if binary_output(ctx) is None and (ctx.session.interactive or
                                                   sys.stdout.isatty()):
                    raise BuildError("dest file is required for tar exporter. refusing to "
                                     "write to console")
            elif os.path.isdir(confine(ctx.engine, dest)):
                raise BuildError(f"destination file {dest} is a directory")
        else:  # BuildKit knows no such exporter
            raise BuildError(f'failed to solve: exporter "{kind}" could not be found')
        chosen.append((kind, dest))
    return chosen


def _check_builder_features(opts, attests) -> None:
    """What the docker driver refuses (buildx's notSupported) and network modes."""
    for spec in opts["cache-to"]:
        if spec and "type=inline" not in spec:
            raise not_supported("Cache export", "build-cache-backends/")
    for spec in attests:
        if csv_fields(spec, "invalid value {field}").get("disabled", "false") != "true":
            raise not_supported("Attestation", "attestations/")
    platforms = [p for value in opts["platform"] for p in value.split(",") if p]
    if len(platforms) > 1:
        raise not_supported("Multi-platform build", "build-multi-platform/")
    from .run_options import check_platform
    try:
        check_platform(platforms[0] if platforms else "")
    except EngineError as err:
        raise BuildError(str(err)) from None
    network = opts["network"] or "default"
    if network == "host":
        raise BuildError("crsim does not simulate --network host for RUN (its RUN steps have "
                         "no network)")
    if network not in ("default", "none"):
        raise BuildError(f'network mode "{network}" not supported by buildkit - you can define a '
                         f"custom network for your builder using the network driver-opt in "
                         f"buildx create")


def _send_files(ctx, kind: str, dest: str, files) -> None:
    """The local exporter writes the tree under dest (made if missing); the tar exporter
    writes one archive to dest, or to standard output for "-"."""
    import sys
    from engine.vfs import tarball
    from ..host_paths import confine
    from .files import binary_output, write_host
    if kind == "local":
        root = confine(ctx.engine, dest)
        os.makedirs(root, exist_ok=True)
        write_host(root, [(path.lstrip("/"), entry) for path, entry in files])
        return
    chunks = tarball.iter_tar(files)
    if dest != "-":
        with open(confine(ctx.engine, dest), "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        return
    sink = binary_output(ctx)
    for chunk in chunks:
        if sink is not None:
            sink(chunk)
        else:
            sys.stdout.buffer.write(chunk)
    if sink is None:
        sys.stdout.buffer.flush()


def _write_iidfile(ctx, name: str, image_id: str) -> None:
    from ..host_paths import confine
    try:
        with open(confine(ctx.engine, name), "w") as handle:
            handle.write(image_id)
    except OSError as err:
        raise BuildError(f"writing image ID file: open {name}: "
                         f"{(err.strerror or str(err)).lower()}") from None
