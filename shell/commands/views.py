"""Looking at containers: ps, logs, diff, inspect."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, List

from engine import EngineError
from engine.clock import go_time, rfc3339
from engine.gostrings import quote
from engine.container.health import ps_suffix

from engine.lazy import LazyModule

from ..parser import UsageError

from ..render.table import align, align_text
from ..render.units import ago, human_size
from ..spec import (COMPLETE_CONTAINER, FORMAT_HELP, INSPECT_FORMAT_HELP, Arg, Flag, FormatFields,
                    command)

# inspect's documents and renderer (with Go's template engine): loaded by inspect, not ps
inspect_render = LazyModule("shell.render.inspect", globals())
network_documents = LazyModule("engine.network.documents", globals())

PS_COLUMNS = [("ID", "CONTAINER ID"), ("Image", "IMAGE"), ("Command", "COMMAND"),
              ("RunningFor", "CREATED"), ("Status", "STATUS"), ("Ports", "PORTS"),
              ("Names", "NAMES")]
PS_HEADERS = dict(PS_COLUMNS, CreatedAt="CREATED AT", State="STATE", Size="SIZE",
                  Labels="LABELS", Mounts="MOUNTS", Networks="NETWORKS", LocalVolumes="LOCAL VOLUMES")
STATUSES = ("created", "restarting", "running", "removing", "paused", "exited", "dead")


def ellipsis(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def ports_text(container) -> str:
    """The PORTS column of a running container: its published bindings and its exposed
    ports (a stopped one has none: the daemon lists ports from live network settings)."""
    from engine.network import published_ports  # the host ports really allocated
    if not container.state.running:
        return ""
    parts: List[str] = []
    bindings = published_ports(container)
    for port in sorted(set(container.config.exposed_ports) | set(bindings), key=_port_key):
        published = bindings.get(port)
        if not published:
            parts.append(port)
            continue
        for binding in published:
            host_port = binding.get("HostPort") or ""
            ip = binding.get("HostIp") or ""
            if ip:
                parts.append(f"{'[' + ip + ']' if ':' in ip else ip}:{host_port}->{port}")
            else:
                parts += [f"0.0.0.0:{host_port}->{port}", f"[::]:{host_port}->{port}"]
    return ", ".join(parts)


def _port_key(port: str):
    number, _, proto = port.partition("/")
    return (proto, int(number) if number.isdigit() else 0)


def ps_image(container, images, trunc: bool) -> str:
    """The IMAGE column: the name it was run with while that name still means its image;
    else (untagged, or the tag moved) the image's ID, 12 hex digits unless --no-trunc."""
    try:
        current = images.lookup(container.config.image).id if images is not None else None
    except Exception:  # NoSuchImage
        current = None
    if images is None or current == container.image.id:
        return container.config.image
    return container.image.short_id if trunc else container.image.id


def ps_fields(container, now: float, trunc: bool, images=None) -> Dict[str, object]:
    command = " ".join(container.command)
    return {
        "ID": container.short_id if trunc else container.id,
        "Image": ps_image(container, images, trunc),
        "Command": quote(ellipsis(command, 20) if trunc else command),  # (Go's strconv.Quote)
        "CreatedAt": go_time(container.created),
        "RunningFor": ago(container.created, now),
        "Ports": ports_text(container),
        "State": container.state.status,
        "Status": container.state.describe(now) + ps_suffix(container),
        "Size": f"{human_size(container.fs.upper_size())} "
                f"(virtual {human_size(container.fs.upper_size() + container.image.size)})",
        "Names": container.name,
        "Labels": ",".join(f"{k}={v}" for k, v in sorted(container.config.labels.items())),
        # volume names (a bind's host path), cut to 15 characters unless --no-trunc
        "Mounts": ",".join(ellipsis(m.volume.name if m.volume is not None else m.source, 15) if trunc
                           else (m.volume.name if m.volume is not None else m.source)
                           for m in container.mounts if m.type != "tmpfs"),
        "Networks": ",".join(sorted(c.network for c in container.network.configs))
        if getattr(container, "network", None) is not None else container.host_config.network_mode,
        "LocalVolumes": str(sum(1 for m in container.mounts if m.volume is not None)),
    }


def _ps_template_failure(fmt: str) -> str:
    """The docker CLI's ps tries its template on an empty container first (to learn
    whether it shows .Size), before it asks the daemon anything: what that says."""
    from ..render.gotemplate import GoStruct, TemplateError, compile, docker_format
    _, text = docker_format(fmt)
    try:
        template = compile(text)
    except TemplateError as err:
        return f"failed to parse template: {err.raw}"
    try:
        template.execute(GoStruct("*formatter.ContainerContext", {key: "" for key in PS_HEADERS}))
    except TemplateError as err:
        return f"failed to execute template: {err.raw}"
    return ""


# `ps --filter` names crsim reads (Docker's, but is-task and isolation: swarm and Windows)
PS_FILTERS = ("ancestor", "before", "exited", "expose", "health", "id", "label", "name",
              "network", "publish", "since", "status", "volume")


def _filter(containers, filters: List[str], engine=None):
    for spec in filters:
        key, has_value, value = spec.partition("=")
        if not has_value:
            raise UsageError("bad format of filter (expected name=value)", 1)
        if key == "status":
            if value not in STATUSES:
                raise EngineError(f"invalid filter 'status={value}'")
            containers = [c for c in containers if c.state.status == value]
        elif key == "name":
            import re  # (a filter's pattern only: ps itself needs no re)
            pattern = re.compile(value)
            containers = [c for c in containers if pattern.search("/" + c.name)]
        elif key == "id":
            containers = [c for c in containers if c.id.startswith(value)]
        elif key == "exited":
            containers = [c for c in containers if c.state.status == "exited"
                          and str(c.state.exit_code) == value]
        elif key == "ancestor":
            containers = [c for c in containers if c.config.image.split(":")[0] == value.split(":")[0]]
        elif key == "health":
            if value not in ("starting", "healthy", "unhealthy", "none"):
                raise EngineError(f"Unrecognised filter value for health: {value}")
            containers = [c for c in containers
                          if (c.health.status if c.health and c.state.running else "none") == value]
        elif key == "label":
            k, eq, v = value.partition("=")
            containers = [c for c in containers if k in c.config.labels
                          and (not eq or c.config.labels[k] == v)]
        elif key in ("before", "since"):  # created before or after that container (in order)
            order = [c.id for c in engine.list(all=True)]  # newest first
            mark = order.index(engine.container(value).id)
            containers = [c for c in containers if (order.index(c.id) > mark if key == "before"
                                                    else order.index(c.id) < mark)]
        elif key in ("expose", "publish"):
            wanted = _port_range(value)
            containers = [c for c in containers if any(
                _port_in(port, wanted) for port in (
                    c.host_config.port_bindings if key == "publish"
                    else {**c.config.exposed_ports, **c.host_config.port_bindings}))]
        elif key == "network":
            containers = [c for c in containers if any(
                n.name == value or n.id.startswith(value) for n in _networks_of(engine, c))]
        elif key == "volume":
            containers = [c for c in containers if any(
                m.destination == value or (m.volume is not None and m.volume.name == value)
                for m in c.mounts)]
        else:
            raise EngineError(f"invalid filter '{key}'")
    return containers


def _port_range(value: str):
    """expose=/publish= values: 80, 80/udp, 8000-8080/tcp (no protocol: any)."""
    ports, _, proto = value.partition("/")
    low, _, high = ports.partition("-")
    try:
        return int(low), int(high or low), proto
    except ValueError:
        raise EngineError(f"invalid port: {value}") from None


def _port_in(port: str, wanted) -> bool:
    number, _, proto = port.partition("/")
    low, high, want_proto = wanted
    return low <= int(number) <= high and (not want_proto or proto == want_proto)


def _networks_of(engine, container):
    return [n for n in engine.networks.list() if container.id in n.endpoints]


@command("ps", "List containers", "[OPTIONS]",
         flags=(Flag("all", "a", help="Show all containers (default shows just running)"),
                Flag("filter", "f", "list", "Filter output based on conditions provided",
                     type_name="filter", completes=tuple(f"{name}=" for name in PS_FILTERS)),
                Flag("format", kind="string", help=FORMAT_HELP,
                     completes=FormatFields(PS_HEADERS)),
                Flag("last", "n", "int", "Show n last created containers (includes all states)",
                     default=-1),
                Flag("latest", "l", help="Show the latest created container (includes all states)"),
                Flag("no-trunc", help="Don't truncate output"),
                Flag("quiet", "q", help="Only display container IDs"),
                Flag("size", "s", help="Display total file sizes")),
         aliases=("container ls", "container list", "container ps"), max_args=0,
         group="Common Commands")
def ps(ctx, opts, args):
    engine = ctx.engine
    last = opts["last"]
    if opts["latest"]:
        last = 1
    containers = engine.list(all=opts["all"] or last > 0 or bool(opts["filter"]))
    containers = _filter(containers, opts["filter"], engine)
    if last > 0:
        containers = containers[:last]
    trunc = not opts["no-trunc"]
    now = ctx.now()
    if opts["quiet"]:
        for c in containers:
            ctx.out.line(c.short_id if trunc else c.id)
        return 0
    fmt = opts["format"]
    if fmt and fmt not in ("table",):
        failure = _ps_template_failure(fmt)
        if failure:
            ctx.out.error(failure)
            return 1
        return render_template(ctx, fmt, [ps_fields(c, now, trunc, engine.images) for c in containers],
                               PS_HEADERS)
    columns = PS_COLUMNS + [("Size", "SIZE")] if opts["size"] else PS_COLUMNS
    table = [[header for _, header in columns]]
    for c in containers:
        fields = ps_fields(c, now, trunc, engine.images)
        table.append([str(fields[key]) for key, _ in columns])
    ctx.out.write(align(table))
    return 0


def render_template(ctx, fmt: str, rows: List[dict], headers: Dict[str, str], struct: str = "") -> int:
    """--format: "json", "table TEMPLATE" (with headers, aligned) or a plain template.
    With ``struct`` (the CLI's Go type), each row is that struct: unknown fields are errors."""
    from ..render.gotemplate import GoStruct, TemplateError, compile, docker_format
    if fmt == "json":
        for row in rows:
            ctx.out.line(inspect_render.go_json(row))
        return 0
    is_table, text = docker_format(fmt)
    try:
        template = compile(text)
        rendered = [template.execute(GoStruct(struct, row) if struct else row) for row in rows]
        header = template.execute(headers, header=True) if is_table else None
    except TemplateError as err:
        ctx.out.line(err.prefixed)  # the CLI prefixes execution errors too
        return 1
    if is_table:
        ctx.out.write(align_text("\n".join([header] + rendered) + "\n"))
    else:
        for line in rendered:
            ctx.out.line(line)
    return 0


@command("logs", "Fetch the logs of a container", "[OPTIONS] CONTAINER",
         flags=(Flag("details", help="Show extra details provided to logs"),
                Flag("follow", "f", help="Follow log output"),
                Flag("since", kind="string", help="Show logs since timestamp (e.g. "
                     "\"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)"),
                Flag("tail", "n", "string", "Number of lines to show from the end of the logs",
                     default="all"),
                Flag("timestamps", "t", help="Show timestamps"),
                Flag("until", kind="string", help="Show logs before a timestamp (e.g. "
                     "\"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)")),
         args=(Arg("CONTAINER", COMPLETE_CONTAINER),), aliases=("container logs",),
         min_args=1, max_args=1, exact_args=True)
def logs(ctx, opts, args):
    from .system import _parse_time
    lines = ctx.engine.logs(args[0])
    now = ctx.now()
    if opts["since"]:
        since = _parse_time(opts["since"], now)
        lines = [line for line in lines if line.time >= since]
    if opts["until"]:
        until = _parse_time(opts["until"], now)
        lines = [line for line in lines if line.time < until]
    tail = opts["tail"]
    if tail not in ("all", None):
        try:
            count = int(tail)
        except ValueError:
            count = -1
        if count >= 0:
            lines = lines[len(lines) - count:] if count else []
    for line in lines:
        prefix = rfc3339(line.time) + " " if opts["timestamps"] else ""
        ctx.out.write(prefix + line.text, line.stream)
    if opts["follow"] and ctx.session.interactive:
        _follow(ctx, args[0], len(ctx.engine.logs(args[0])), opts["timestamps"])
    return 0


def _follow(ctx, ref, seen: int, timestamps: bool) -> None:
    """logs -f: print new lines as they come, until the container stops (or Ctrl-C:
    Interrupted, status 130)."""
    container = ctx.engine.container(ref)
    shown = [seen]

    def stopped() -> bool:
        for line in container.logs[shown[0]:]:
            ctx.out.write((rfc3339(line.time) + " " if timestamps else "") + line.text,
                          line.stream)
        shown[0] = len(container.logs)
        return not container.state.running
    ctx.wait(stopped)


@command("diff", "Inspect changes to files or directories on a container's filesystem",
         "CONTAINER", args=(Arg("CONTAINER", COMPLETE_CONTAINER),), aliases=("container diff",),
         min_args=1, max_args=1, exact_args=True)
def diff(ctx, opts, args):
    if not args[0]:
        raise UsageError("Container name cannot be empty", 1)  # the docker CLI's own check
    for kind, path in ctx.engine.diff(args[0]):
        ctx.out.line(f"{kind} {path}")
    return 0


@command("inspect", "Return low-level information on Docker objects", "[OPTIONS] NAME|ID [NAME|ID...]",
         flags=(Flag("format", "f", "string", INSPECT_FORMAT_HELP),
                Flag("size", "s", help="Display total file sizes if the type is container"),
                Flag("type", kind="string", help="Only inspect objects of the given type")),
         args=(Arg("NAME|ID", COMPLETE_CONTAINER, many=True),), min_args=1)
def inspect(ctx, opts, args):
    kind = opts["type"] or ""
    if kind and kind not in INSPECT_TYPES:
        ctx.out.error(f'unknown type: "{kind}": must be one of '
                      + ", ".join(f'"{name}"' for name in INSPECT_TYPES))
        return 1
    lookups = [(name, find) for name, find in _inspect_lookups(ctx, opts["size"])
               if kind in ("", name)]
    objects, kinds, errors = [], [], []
    for ref in args:
        for name, find in lookups:
            try:
                objects.append(find(ref))
                kinds.append(name)
                break
            except EngineError:
                continue
        else:
            errors.append(f"Error: No such {kind or 'object'}: {ref}")
    failed = inspect_render.show_inspected(ctx, opts["format"], objects, errors, kinds)
    if failed:
        return failed
    return 1 if errors else 0


@command("container inspect", "Display detailed information on one or more containers",
         "[OPTIONS] CONTAINER [CONTAINER...]",
         flags=(Flag("format", "f", "string", INSPECT_FORMAT_HELP),
                Flag("size", "s", help="Display total file sizes")),
         args=(Arg("CONTAINER", COMPLETE_CONTAINER, many=True),), min_args=1)
def container_inspect(ctx, opts, args):
    objects, errors = [], []
    for ref in args:
        try:
            objects.append(_container_document(ctx.engine, ref, opts["size"]))
        except EngineError as err:
            errors.append(f"Error response from daemon: {err}")
    failed = inspect_render.show_inspected(ctx, opts["format"], objects, errors, ["container"] * len(objects))
    return failed or (1 if errors else 0)


def _container_document(engine, ref: str, size: bool) -> dict:
    """A container's inspect JSON; with --size, what its writable layer holds (SizeRw) and
    that plus its image (SizeRootFs)."""
    container = engine.container(ref)
    document = inspect_render.container(engine, container)
    if size:
        document["SizeRw"] = container.fs.upper_size()
        document["SizeRootFs"] = document["SizeRw"] + container.image.size
    return document


# What `docker inspect --type` accepts (the swarm's kinds have nothing to find here).
INSPECT_TYPES = ("config", "container", "image", "network", "node", "plugin", "secret",
                 "service", "task", "volume")


def _inspect_lookups(ctx, size: bool = False):
    """The kinds of object `inspect` looks for a name among, in the docker CLI's order."""
    engine = ctx.engine
    return [
        ("container", lambda ref: _container_document(engine, ref, size)),
        ("image", lambda ref: inspect_render.image(engine, engine.image(ref))),
        ("network", lambda ref: network_documents.network(engine.networks,
                                                          engine.networks.get(ref))),
        ("volume", lambda ref: engine.volumes.get(ref).to_dict()),
    ]
