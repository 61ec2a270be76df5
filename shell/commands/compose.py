"""`compose`: Docker Compose v2's config, up, down and ps on the simulated engine.

The compose file model lives in shell/compose/ (loaded only when one of these runs, so
other commands never import PyYAML). Progress lines are Compose's plain (non-TTY) ones,
on stderr: ` Container app-web-1  Started`.
"""

from __future__ import annotations

import dataclasses
import os
from typing import List

from engine import EngineError, NotFound

from ..parser import UsageError
from ..render.table import align
from ..spec import Arg, Flag, command

GROUP = "Compose Commands"
# Compose's persistent flags: accepted before the subcommand (`compose -f a.yml up`, the
# parser moves them after it) and after it; hidden in each subcommand's help, as Compose's are
GLOBAL_FLAGS = (
    Flag("file", "f", "list", "Compose configuration files", type_name="stringArray", hidden=True),
    Flag("project-name", "p", "string", "Project name", hidden=True),
    Flag("project-directory", kind="string", hidden=True,
         help="Specify an alternate working directory\n(default: the path of the, first specified, "
              "Compose file)"),
    Flag("env-file", kind="list", type_name="stringArray", hidden=True,
         help="Specify an alternate environment file"),
    Flag("profile", kind="list", type_name="stringArray", hidden=True,
         help="Specify a profile to enable"),
)
SERVICE_ARGS = (Arg("SERVICE", many=True, optional=True),)
# `compose rm -f` is --force: a subcommand's own shorthand wins over the persistent -f
GLOBAL_FLAGS_LONG_FILE = tuple(dataclasses.replace(f, short="") if f.long == "file" else f
                               for f in GLOBAL_FLAGS)


def _project(ctx, opts):
    from ..compose.project import ComposeError, Options, load
    from ..host_paths import confine
    for path in opts["file"] + opts["env-file"]:
        confine(ctx.engine, path)
    options = Options(files=list(opts["file"]), project_name=opts["project-name"] or "",
                      project_directory=opts["project-directory"] or "",
                      env_files=list(opts["env-file"]), profiles=list(opts["profile"]),
                      cwd=os.getcwd())
    try:
        project = load(options, dict(ctx.session.environ))
    except ComposeError as err:
        raise UsageError(str(err), err.status) from None
    for warning in project.warnings:
        ctx.out.error(_logrus_warning(ctx.now(), warning))
    return project


def _logrus_warning(now: float, message: str) -> str:
    """A warning as Compose's logger (logrus) writes it when stderr is not a terminal, the
    same non-TTY form as the progress lines."""
    import json
    from datetime import datetime, timezone
    stamp = datetime.fromtimestamp(int(now), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f'time="{stamp}" level=warning msg={json.dumps(message, ensure_ascii=False)}'



def _event(ctx, what: str, status: str) -> None:
    """Compose's plain (non-TTY) progress line: Println of "", the resource, an empty
    text and the status, hence the two spaces."""
    ctx.out.error(f" {what}  {status}")


@command("compose config", "Parse, resolve and render compose file in canonical format",
         "[OPTIONS] [SERVICE...]",
         flags=GLOBAL_FLAGS + (
             Flag("format", kind="string", help="Format the output. Values: [yaml | json]",
                  default="yaml", completes=("yaml", "json")),
             Flag("quiet", "q", help="Only validate the configuration, don't print anything"),
             Flag("services", help="Print the service names, one per line."),
             Flag("volumes", help="Print the volume names, one per line.")),
         args=SERVICE_ARGS, group=GROUP)
def compose_config(ctx, opts, args):
    project = _project(ctx, opts)
    if opts["quiet"]:
        return 0
    if opts["services"]:
        for name in project.services:
            ctx.out.line(name)
        return 0
    if opts["volumes"]:
        for name in project.model.get("volumes", {}):
            ctx.out.line(name)
        return 0
    if opts["format"] == "json":
        import json
        ctx.out.line(json.dumps(project.model, indent=4))
        return 0
    if opts["format"] != "yaml":
        raise UsageError(f"unsupported format {opts['format']!r}", 1)
    from ..compose.emit import dump
    ctx.out.write(dump(project.model))
    return 0


def _compose_containers(engine, project_name: str, all_: bool = True) -> list:
    from ..compose.containers import LABEL
    return [c for c in engine.list(all=all_)
            if c.config.labels.get(LABEL + "project") == project_name]


def _image(ctx, name: str, service: dict):
    ref = service.get("image")
    if not ref:
        raise UsageError(f"crsim-shell: compose build is not simulated yet: service {name!r} "
                         f"needs an image", 1)
    try:
        return ctx.engine.images.lookup(ref)
    except NotFound:
        pass
    # a pull event has its word in Text, not StatusText: one space, and a trailing one
    ctx.out.error(f" {name} Pulling ")
    try:
        ctx.engine.pull(ref)
    except EngineError as err:
        ctx.out.error(f" {name} Error {err}")
        raise UsageError(f"Error response from daemon: {err}", 18) from None
    ctx.out.error(f" {name} Pulled ")
    return ctx.engine.images.lookup(ref)


@command("compose up", "Create and start containers", "[OPTIONS] [SERVICE...]",
         flags=GLOBAL_FLAGS + (
             Flag("detach", "d", help="Detached mode: Run containers in the background"),
             Flag("force-recreate", help="Recreate containers even if their configuration and "
                                         "image haven't changed"),
             Flag("no-deps", help="Don't start linked services"),
             Flag("no-recreate", help="If containers already exist, don't recreate them. "
                                      "Incompatible with --force-recreate."),
             Flag("scale", kind="list", type_name="scale",
                  help="Scale SERVICE to NUM instances. Overrides the `scale` setting in the "
                       "Compose file if present.")),
         args=SERVICE_ARGS, group=GROUP)
def compose_up(ctx, opts, args):
    if opts["force-recreate"] and opts["no-recreate"]:
        raise UsageError("--force-recreate and --no-recreate are incompatible", 1)
    from ..compose.containers import LABEL
    from ..compose.project import ComposeError, service_order
    project = _project(ctx, opts)
    try:
        order = list(args) if opts["no-deps"] else service_order(project, list(args))
    except ComposeError as err:
        raise UsageError(str(err), err.status) from None
    scale = _scale_option(opts["scale"], project)
    images = {name: _image(ctx, name, project.services[name]) for name in order}
    _ensure_networks(ctx, project, order)
    _ensure_volumes(ctx, project)
    existing = {c.name: c for c in _compose_containers(ctx.engine, project.name)}
    to_start: List[tuple] = []  # (container, service)
    for name in order:
        to_start += _converge(ctx, opts, project, name, images[name].id, existing,
                              scale.get(name, _replicas(project.services[name])))
    services_of = {cname: name for cname, name in to_start}
    services_of.update({c.name: c.config.labels.get(LABEL + "service") for c in existing.values()})
    if not opts["detach"]:
        return _attached(ctx, project, order, to_start, services_of)
    for cname, name in to_start:
        _wait_dependencies(ctx, project, name, services_of)
        _event(ctx, f"Container {cname}", "Starting")
        ctx.engine.start(cname)
        _event(ctx, f"Container {cname}", "Started")
    return 0


def _attached(ctx, project, order: List[str], to_start: list, services_of: dict) -> int:
    """`up` without -d: attach to the services' containers, start them (no progress lines
    for that), print their logs prefixed until every one has exited; Ctrl-C stops them."""
    from ..compose.containers import LABEL
    from ..interrupts import Interrupted
    containers = sorted((c for c in _compose_containers(ctx.engine, project.name)
                         if c.config.labels.get(LABEL + "service") in order), key=lambda c: c.name)
    printer = LogPrinter(ctx, containers)
    for c in containers:
        printer.seen[c.id] = len(c.logs)
    ctx.out.line("Attaching to " + ", ".join(printer.names[c.id] for c in containers))
    for cname, name in to_start:
        _wait_dependencies(ctx, project, name, services_of)
        ctx.engine.start(cname)
    reported = set()

    def all_exited() -> bool:
        printer.catch_up()
        for c in containers:
            if not c.state.running and c.id not in reported:
                reported.add(c.id)
                ctx.out.line(f"{printer.names[c.id]} exited with code {c.state.exit_code}")
        return len(reported) == len(containers)
    try:
        ctx.wait(all_exited)
    except Interrupted:
        all_exited()
        ctx.out.line("Gracefully Stopping... press Ctrl+C again to force")
        for c in _dependents_first(project, containers):
            _stop(ctx, c)
            all_exited()
        raise
    return 0


def _replicas(service: dict) -> int:
    deploy = service.get("deploy") or {}
    return int(service.get("scale", deploy.get("replicas", 1)))


def _scale_option(values: List[str], project) -> dict:
    scale = {}
    for value in values:
        name, eq, number = value.partition("=")
        if not eq or not number.isdigit():
            raise UsageError(f"invalid argument \"{value}\" for \"--scale\" flag: expected "
                             f"SERVICE=NUM", 1)
        if name not in project.services:
            raise UsageError(f"no such service: {name}", 1)
        scale[name] = int(number)
    return scale


def _ensure_networks(ctx, project, order: List[str]) -> None:
    from ..compose.containers import LABEL, network_name, project_labels
    engine = ctx.engine
    used = {n for name in order for n in project.services[name].get("networks", {})}
    for key in sorted(used):
        conf = project.model["networks"][key]
        net = network_name(project, key)
        if conf.get("external"):
            engine.networks.get(net)  # an external network must exist: NotFound if not
            continue
        if engine.networks.find_by_name(net) is None:
            _event(ctx, f"Network {net}", "Creating")
            engine.networks.create(net, internal=bool(conf.get("internal")),
                                   labels={LABEL + "network": key, **project_labels(project)})
            _event(ctx, f"Network {net}", "Created")


def _ensure_volumes(ctx, project) -> None:
    from ..compose.containers import LABEL, project_labels, volume_name
    engine = ctx.engine
    for key, conf in project.model.get("volumes", {}).items():
        vol = volume_name(project, key)
        if conf.get("external") or vol in {v.name for v in engine.volumes}:
            continue
        _event(ctx, f'Volume "{vol}"', "Creating")
        engine.volumes.create(vol, labels={LABEL + "volume": key, **project_labels(project)})
        _event(ctx, f'Volume "{vol}"', "Created")


def _converge(ctx, opts, project, name: str, image_id: str, existing: dict, replicas: int) -> list:
    """One service's containers made to match the model: created, recreated when its
    configuration changed, removed beyond ``replicas``. Returns those to start."""
    from ..compose.containers import LABEL, config_hash, create_options
    engine = ctx.engine
    service = project.services[name]
    to_start = []
    for number in range(1, replicas + 1):
        options = create_options(project, name, service, image_id, number)
        cname = options["name"]
        current = existing.get(cname)
        if current is not None:
            same = current.config.labels.get(LABEL + "config-hash") == config_hash(service)
            if (same and not opts["force-recreate"]) or opts["no-recreate"]:
                if current.state.running:
                    _event(ctx, f"Container {cname}", "Running")
                else:
                    to_start.append((cname, name))
                continue
            _event(ctx, f"Container {cname}", "Recreate")
            engine.remove(cname, force=True)
            _create(ctx, engine, project, name, service, options)
            _event(ctx, f"Container {cname}", "Recreated")
        else:
            _event(ctx, f"Container {cname}", "Creating")
            _create(ctx, engine, project, name, service, options)
            _event(ctx, f"Container {cname}", "Created")
        to_start.append((cname, name))
    for c in sorted(existing.values(), key=lambda c: c.name, reverse=True):
        labels = c.config.labels
        if labels.get(LABEL + "service") == name and int(labels.get(LABEL + "container-number") or 0) > replicas:
            _stop(ctx, c)
            _event(ctx, f"Container {c.name}", "Removing")
            engine.remove(c.name, force=True)
            _event(ctx, f"Container {c.name}", "Removed")
    return to_start


def _wait_dependencies(ctx, project, service: str, services_of: dict) -> None:
    """depends_on with service_healthy / service_completed_successfully: Compose waits for
    the dependency's container (simulated time passes) before starting ``service``."""
    for dep, conf in project.services[service].get("depends_on", {}).items():
        condition = conf["condition"]
        if condition not in ("service_healthy", "service_completed_successfully"):
            continue
        names = [c for c, s in services_of.items() if s == dep]
        if not names:
            continue
        container = ctx.engine.container(names[0])
        what = f"Container {container.name}"
        _event(ctx, what, "Waiting")
        if condition == "service_healthy":
            if getattr(container, "health", None) is None:
                _event(ctx, what, "Error")
                raise UsageError(f"dependency failed to start: container {container.name} has no "
                                 f"healthcheck configured", 1)
            ctx.wait(lambda: not container.state.running or container.health.status != "starting")
            if not container.state.running:
                _event(ctx, what, "Error")
                raise UsageError(f"dependency failed to start: container {container.name} exited "
                                 f"({container.state.exit_code})", 1)
            if container.health.status != "healthy":
                _event(ctx, what, "Error")
                raise UsageError(f"dependency failed to start: container {container.name} is "
                                 f"unhealthy", 1)
            _event(ctx, what, "Healthy")
        else:
            ctx.wait(lambda: not container.state.running)
            if container.state.exit_code:
                message = f'service "{dep}" didn\'t complete successfully: exit {container.state.exit_code}'
                _event(ctx, what, message)
                raise UsageError(message, 1)
            _event(ctx, what, "Exited")


def _create(ctx, engine, project, name: str, service: dict, options: dict) -> None:
    from ..compose.containers import network_aliases, network_name
    container = engine.create(service["image"], **options)
    for key in list(service.get("networks", {}))[1:]:  # the first one came with create
        engine.networks.connect(network_name(project, key), container,
                                aliases=network_aliases(container.name, name, service, key))


@command("compose down", "Stop and remove containers, networks", "[OPTIONS] [SERVICES]",
         flags=GLOBAL_FLAGS + (
             Flag("remove-orphans", help="Remove containers for services not defined in the "
                                         "Compose file"),
             Flag("volumes", "v", help='Remove named volumes declared in the "volumes" section of '
                                       'the Compose file and anonymous volumes attached to '
                                       'containers')),
         args=SERVICE_ARGS, group=GROUP)
def compose_down(ctx, opts, args):
    from ..compose.containers import LABEL, network_name, volume_name
    project = _project(ctx, opts)
    engine = ctx.engine
    containers = _compose_containers(engine, project.name)
    if not opts["remove-orphans"]:
        containers = [c for c in containers if c.config.labels.get(LABEL + "service") in project.services]
    containers = _dependents_first(project, containers)
    for c in containers:
        _stop(ctx, c)
        _event(ctx, f"Container {c.name}", "Removing")
        engine.remove(c.name, force=True, volumes=opts["volumes"])
        _event(ctx, f"Container {c.name}", "Removed")
    if opts["volumes"]:
        for key, conf in project.model.get("volumes", {}).items():
            vol = volume_name(project, key)
            if conf.get("external") or vol not in {v.name for v in engine.volumes}:
                continue
            _event(ctx, f"Volume {vol}", "Removing")
            engine.volumes.remove(vol)
            _event(ctx, f"Volume {vol}", "Removed")
    for key, conf in project.model.get("networks", {}).items():
        net = network_name(project, key)
        if conf.get("external") or engine.networks.find_by_name(net) is None:
            continue
        _event(ctx, f"Network {net}", "Removing")
        engine.networks.remove(net)
        _event(ctx, f"Network {net}", "Removed")
    return 0


@command("compose ps", "List containers", "[OPTIONS] [SERVICE...]",
         flags=GLOBAL_FLAGS + (
             Flag("all", "a", help="Show all stopped containers (including those created by the "
                                   "run command)"),
             Flag("quiet", "q", help="Only display IDs"),
             Flag("services", help="Display services")),
         args=SERVICE_ARGS, group=GROUP)
def compose_ps(ctx, opts, args):
    from ..compose.containers import LABEL
    from .views import ps_fields
    project = _project(ctx, opts)
    engine = ctx.engine
    containers = [c for c in _compose_containers(engine, project.name, opts["all"])
                  if not args or c.config.labels.get(LABEL + "service") in args]
    containers.sort(key=lambda c: c.name)
    if opts["quiet"]:
        for c in containers:
            ctx.out.line(c.id)
        return 0
    if opts["services"]:
        for service in dict.fromkeys(c.config.labels.get(LABEL + "service") for c in containers):
            ctx.out.line(service)
        return 0
    now = ctx.now()
    rows = [["NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"]]
    for c in containers:
        fields = ps_fields(c, now, True, engine.images)
        rows.append([c.name, fields["Image"], fields["Command"],
                     c.config.labels.get(LABEL + "service", ""), fields["RunningFor"],
                     fields["Status"], fields["Ports"]])
    ctx.out.write(align(rows))
    return 0


def _stop(ctx, container) -> None:
    if container.state.running or container.state.status == "paused":
        _event(ctx, f"Container {container.name}", "Stopping")
        ctx.engine.stop(container.name)
        _event(ctx, f"Container {container.name}", "Stopped")


def _dependents_first(project, containers: list) -> list:
    """The reverse of the order `up` starts services in (a dependency stops last)."""
    from ..compose.containers import LABEL
    from ..compose.project import service_order
    rank = {name: i for i, name in enumerate(service_order(project, []))}
    return sorted(containers, key=lambda c: -rank.get(c.config.labels.get(LABEL + "service"), -1))


def _service_containers(ctx, opts, args, all_: bool = True):
    """The project, and its containers of the services named (all when none is)."""
    from ..compose.containers import LABEL
    project = _project(ctx, opts)
    for name in args:
        if name not in project.services:
            raise UsageError(f"no such service: {name}", 1)
    return project, [c for c in _compose_containers(ctx.engine, project.name, all_)
                     if c.config.labels.get(LABEL + "service") in (args or project.services)]


@command("compose stop", "Stop services", "[OPTIONS] [SERVICE...]",
         flags=GLOBAL_FLAGS + (Flag("timeout", "t", "int", "Specify a shutdown timeout in seconds"),),
         args=SERVICE_ARGS, group=GROUP)
def compose_stop(ctx, opts, args):
    project, containers = _service_containers(ctx, opts, args)
    for c in _dependents_first(project, containers):
        if c.state.running or c.state.status == "paused":
            _event(ctx, f"Container {c.name}", "Stopping")
            ctx.engine.stop(c.name, timeout=opts["timeout"])
            _event(ctx, f"Container {c.name}", "Stopped")
    return 0


@command("compose start", "Start services", "[SERVICE...]", flags=GLOBAL_FLAGS, args=SERVICE_ARGS,
         group=GROUP)
def compose_start(ctx, opts, args):
    project, containers = _service_containers(ctx, opts, args)
    for c in reversed(_dependents_first(project, containers)):
        if not c.state.running:
            _event(ctx, f"Container {c.name}", "Starting")
            ctx.engine.start(c.name)
            _event(ctx, f"Container {c.name}", "Started")
    return 0


@command("compose restart", "Restart service containers", "[OPTIONS] [SERVICE...]",
         flags=GLOBAL_FLAGS + (Flag("timeout", "t", "int", "Specify a shutdown timeout in seconds"),),
         args=SERVICE_ARGS, group=GROUP)
def compose_restart(ctx, opts, args):
    project, containers = _service_containers(ctx, opts, args)
    for c in reversed(_dependents_first(project, containers)):
        _event(ctx, f"Container {c.name}", "Restarting")
        ctx.engine.restart(c.name, timeout=opts["timeout"])
        _event(ctx, f"Container {c.name}", "Started")
    return 0


def log_name(container) -> str:
    """How Compose names a container in log prefixes: `web-1`, or its container_name."""
    from ..compose.containers import LABEL, container_name
    labels = container.config.labels
    project = labels.get(LABEL + "project", "")
    default = container_name(project, labels.get(LABEL + "service", ""),
                             int(labels.get(LABEL + "container-number", "1") or 1))
    return container.name[len(project) + 1:] if container.name == default else container.name


@command("compose logs", "View output from containers", "[OPTIONS] [SERVICE...]",
         flags=GLOBAL_FLAGS + (
             Flag("follow", "f", help="Follow log output"),
             Flag("no-color", help="Produce monochrome output"),
             Flag("no-log-prefix", help="Don't print prefix in logs"),
             Flag("tail", "n", "string", "Number of lines to show from the end of the logs for each "
                                          "container", default="all"),
             Flag("timestamps", "t", help="Show timestamps")),
         args=SERVICE_ARGS, group=GROUP)
def compose_logs(ctx, opts, args):
    _, containers = _service_containers(ctx, opts, args)
    tail = opts["tail"]
    if tail != "all" and not (tail or "").isdigit():
        raise UsageError(f'invalid value "{tail}" for --tail: must be a number or "all"', 1)
    printer = LogPrinter(ctx, containers, prefix=not opts["no-log-prefix"],
                         timestamps=opts["timestamps"])
    merged = []
    for c in containers:
        lines = list(c.logs)
        printer.seen[c.id] = len(lines)
        if tail != "all":
            lines = lines[len(lines) - int(tail):] if int(tail) else []
        merged += [(line.time, c.name, i, c, line) for i, line in enumerate(lines)]
    for _, _, _, c, line in sorted(merged, key=lambda item: item[:3]):
        printer.show(c, [line])
    if opts["follow"] and ctx.session.interactive:
        ctx.wait(lambda: printer.catch_up() or not any(c.state.running for c in containers))
    return 0


class LogPrinter:
    """Compose's log lines: `web-1  | text`, the names padded to the longest plus one."""

    def __init__(self, ctx, containers, prefix: bool = True, timestamps: bool = False):
        self.ctx, self.containers = ctx, containers
        self.names = {c.id: log_name(c) for c in containers}
        self.width = max((len(n) for n in self.names.values()), default=0) + 1
        self.prefix, self.timestamps = prefix, timestamps
        self.seen = {c.id: 0 for c in containers}

    def show(self, container, lines) -> None:
        from engine.clock import rfc3339
        prefix = f"{self.names[container.id]:<{self.width}} | " if self.prefix else ""
        for line in lines:
            stamp = rfc3339(line.time) + " " if self.timestamps else ""
            for text in line.text.rstrip("\n").split("\n"):
                self.ctx.out.write(f"{prefix}{stamp}{text}\n", line.stream)

    def catch_up(self) -> None:
        """The lines that came since the last call, container by container."""
        for c in self.containers:
            self.show(c, c.logs[self.seen[c.id]:])
            self.seen[c.id] = len(c.logs)


@command("compose ls", "List running compose projects", "[OPTIONS]",
         flags=GLOBAL_FLAGS + (
             Flag("all", "a", help="Show all stopped Compose projects"),
             Flag("format", kind="string", help="Format the output. Values: [table | json]",
                  default="table", completes=("table", "json")),
             Flag("quiet", "q", help="Only display project names")),
         max_args=0, group=GROUP)
def compose_ls(ctx, opts, args):
    """Projects as the daemon knows them (by their containers' labels): no file is read."""
    from ..compose.containers import LABEL
    projects: dict = {}
    for c in ctx.engine.list(all=opts["all"]):
        name = c.config.labels.get(LABEL + "project")
        if name is not None:
            projects.setdefault(name, []).append(c)
    stacks = []
    for name in sorted(projects):
        states: dict = {}
        files: List[str] = []
        for c in projects[name]:
            states[c.state.status] = states.get(c.state.status, 0) + 1
            for f in c.config.labels.get(LABEL + "project.config_files", "").split(","):
                if f not in files:
                    files.append(f)
        status = ", ".join(f"{s}({n})" for s, n in sorted(states.items()))
        stacks.append({"Name": name, "Status": status, "ConfigFiles": ",".join(files)})
    if opts["quiet"]:
        for stack in stacks:
            ctx.out.line(stack["Name"])
        return 0
    if opts["format"] == "json":
        import json
        ctx.out.line(json.dumps(stacks, separators=(",", ":")))
        return 0
    rows = [["NAME", "STATUS", "CONFIG FILES"]] + [[s["Name"], s["Status"], s["ConfigFiles"]]
                                                   for s in stacks]
    ctx.out.write(align(rows))
    return 0


@command("compose exec", "Execute a command in a running container",
         "[OPTIONS] SERVICE COMMAND [ARGS...]",
         flags=GLOBAL_FLAGS + (
             Flag("detach", "d", help="Detached mode: Run command in the background"),
             Flag("env", "e", "list", "Set environment variables", type_name="stringArray"),
             Flag("index", kind="int", help="Index of the container if service has multiple replicas"),
             Flag("no-TTY", "T", help="Disable pseudo-TTY allocation. By default `docker compose "
                                      "exec` allocates a TTY."),
             Flag("privileged", help="Give extended privileges to the process"),
             Flag("user", "u", "string", "Run the command as this user"),
             Flag("workdir", "w", "string", "Path to workdir directory for this command")),
         args=(Arg("SERVICE"), Arg("COMMAND"), Arg("ARGS", many=True, optional=True)),
         min_args=2, interspersed=False, group=GROUP)
def compose_exec(ctx, opts, args):
    """The service's container (its --index'th replica) runs the command through `exec`."""
    from ..compose.containers import LABEL
    from ..parser import parse_words
    _, containers = _service_containers(ctx, opts, args[:1], all_=False)
    index = str(opts["index"] or 1)
    chosen = [c for c in containers if c.config.labels.get(LABEL + "container-number") == index]
    if not chosen:
        raise UsageError(f'service "{args[0]}" is not running', 1)
    words = ["exec"] + (["-d"] if opts["detach"] else [])
    for value in opts["env"]:
        words += ["-e", value]
    for flag in ("user", "workdir"):
        if opts[flag]:
            words += [f"--{flag}", opts[flag]]
    if opts["privileged"]:
        words.append("--privileged")
    if ctx.session.interactive and not opts["no-TTY"] and not opts["detach"]:
        words.append("-it")  # a terminal at the prompt: the nested shell, as `exec -it`
    parsed = parse_words(words + [chosen[0].name] + args[1:])
    return parsed.command.handler(ctx, parsed.options, parsed.args)


def _each_container(ctx, opts, args, working: str, done: str, act, running=None) -> int:
    """A lifecycle command over the services' containers, with Compose's progress lines
    (``working`` may be "", as pause and unpause print only what is done)."""
    project, containers = _service_containers(ctx, opts, args)
    for c in sorted(containers, key=lambda c: c.name):
        if running is not None and running(c) is False:
            continue
        if working:
            _event(ctx, f"Container {c.name}", working)
        act(c)
        _event(ctx, f"Container {c.name}", done)
    return 0


@command("compose kill", "Force stop service containers", "[OPTIONS] [SERVICE...]",
         flags=GLOBAL_FLAGS + (
             Flag("remove-orphans", help="Remove containers for services not defined in the "
                                         "Compose file"),
             Flag("signal", "s", "string", "SIGNAL to send to the container", default="SIGKILL")),
         args=SERVICE_ARGS, group=GROUP)
def compose_kill(ctx, opts, args):
    signal = (opts["signal"] or "SIGKILL").upper()
    return _each_container(ctx, opts, args, "Killing", "Killed",
                           lambda c: ctx.engine.kill(c.name, signal[3:] if signal.startswith("SIG") else signal),
                           running=lambda c: c.state.running)


@command("compose pause", "Pause services", "[SERVICE...]", flags=GLOBAL_FLAGS, args=SERVICE_ARGS,
         group=GROUP)
def compose_pause(ctx, opts, args):
    return _each_container(ctx, opts, args, "", "Paused", lambda c: ctx.engine.pause(c.name),
                           running=lambda c: c.state.running and c.state.status != "paused")


@command("compose unpause", "Unpause services", "[SERVICE...]", flags=GLOBAL_FLAGS,
         args=SERVICE_ARGS, group=GROUP)
def compose_unpause(ctx, opts, args):
    return _each_container(ctx, opts, args, "", "Unpaused", lambda c: ctx.engine.unpause(c.name),
                           running=lambda c: c.state.status == "paused")


@command("compose rm", "Removes stopped service containers", "[OPTIONS] [SERVICE...]",
         flags=GLOBAL_FLAGS_LONG_FILE + (
             Flag("force", "f", help="Don't ask to confirm removal"),
             Flag("stop", "s", help="Stop the containers, if required, before removing"),
             Flag("volumes", "v", help="Remove any anonymous volumes attached to containers")),
         args=SERVICE_ARGS, group=GROUP)
def compose_rm(ctx, opts, args):
    project, containers = _service_containers(ctx, opts, args)
    if opts["stop"]:
        for c in _dependents_first(project, containers):
            _stop(ctx, c)
    stopped = sorted((c for c in containers if not c.state.running), key=lambda c: c.name)
    if not stopped:
        ctx.out.error("No stopped containers")
        return 0
    ctx.out.line("Going to remove " + ", ".join(c.name for c in stopped))
    if not opts["force"]:
        raise UsageError("crsim-shell: crsim does not ask for confirmation: add -f", 1)
    for c in stopped:
        _event(ctx, f"Container {c.name}", "Removing")
        ctx.engine.remove(c.name, volumes=opts["volumes"])
        _event(ctx, f"Container {c.name}", "Removed")
    return 0


@command("compose port", "Print the public port for a port binding",
         "[OPTIONS] SERVICE PRIVATE_PORT",
         flags=GLOBAL_FLAGS + (
             Flag("index", kind="int", help="Index of the container if service has multiple replicas"),
             Flag("protocol", kind="string", help="tcp or udp", default="tcp",
                  completes=("tcp", "udp"))),
         args=(Arg("SERVICE"), Arg("PRIVATE_PORT")), min_args=2, max_args=2, exact_args=True,
         group=GROUP)
def compose_port(ctx, opts, args):
    from engine.network import published_ports
    from ..compose.containers import LABEL
    _, containers = _service_containers(ctx, opts, args[:1], all_=False)
    index = str(opts["index"] or 1)
    chosen = [c for c in containers if c.config.labels.get(LABEL + "container-number") == index]
    if not chosen:
        raise UsageError(f'service "{args[0]}" is not running', 1)
    if not args[1].isdigit():
        raise UsageError(f'strconv.Atoi: parsing "{args[1]}": invalid syntax', 1)
    wanted = f"{int(args[1])}/{opts['protocol'] or 'tcp'}"
    bindings = published_ports(chosen[0])
    for binding in bindings.get(wanted) or []:
        ctx.out.line(f"{binding.get('HostIp') or '0.0.0.0'}:{binding.get('HostPort')}")
        return 0
    known = ", ".join(sorted(bindings))
    raise UsageError(f"no port {wanted} for container {chosen[0].name}: {known}", 1)


@command("compose pull", "Pull service images", "[OPTIONS] [SERVICE...]",
         flags=GLOBAL_FLAGS + (
             Flag("ignore-pull-failures", help="Pull what it can and ignores images with pull failures"),
             Flag("include-deps", help="Also pull services declared as dependencies"),
             Flag("quiet", "q", help="Pull without printing progress information")),
         args=SERVICE_ARGS, group=GROUP)
def compose_pull(ctx, opts, args):
    from ..compose.project import ComposeError, service_order
    project = _project(ctx, opts)
    try:
        names = service_order(project, list(args)) if opts["include-deps"] else \
            (list(args) or list(project.services))
        service_order(project, names)  # every name is a service
    except ComposeError as err:
        raise UsageError(str(err), err.status) from None
    status = 0
    for name in names:
        ref = project.services[name].get("image")
        if not ref:
            continue
        if not opts["quiet"]:
            ctx.out.error(f" {name} Pulling ")
        try:
            ctx.engine.pull(ref)
        except EngineError as err:
            ctx.out.error(f" {name} Error {err}")
            if not opts["ignore-pull-failures"]:
                return 18
            status = 0
            continue
        if not opts["quiet"]:
            ctx.out.error(f" {name} Pulled ")
    return status
