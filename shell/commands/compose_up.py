"""`compose up`, `down` and `pull`: the project's networks, volumes and containers made,
converged (recreated when their configuration changed, scaled) and removed."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List

from engine import EngineError

from ..compose.progress import emit
from ..parser import UsageError
from ..spec import Arg, Flag, command
from .compose_common import (GLOBAL_FLAGS, GROUP, SERVICE_ARGS, LogPrinter, colours_wanted,
                             compose_containers, compose_errors,
                             create_container, dependents_first, event, load_project,
                             logrus_warning, stop_container)


def _image(ctx, opts, project, name: str):
    """The service's image: built (a `build:` section, when --build or when it is missing),
    else pulled when missing."""
    from .compose_build import build_service, image_id, image_name
    service = project.services[name]
    ref = image_name(project, name)
    if "build" in service and not opts["no-build"]:
        if opts["build"] or not image_id(ctx, ref):
            build_service(ctx, project, name)
        return ctx.engine.images.lookup(ref)
    if image_id(ctx, ref):
        return ctx.engine.images.lookup(ref)
    # a pull event has its word in Text, not StatusText: one space, and a trailing one
    emit(ctx, name, "Pulling", "")
    try:
        ctx.engine.pull(ref)
    except EngineError as err:
        ctx.out.error(f" {name} Error {err}")
        raise UsageError(f"Error response from daemon: {err}", 18) from None
    emit(ctx, name, "Pulled", "")
    return ctx.engine.images.lookup(ref)


@command("compose up", "Create and start containers", "[OPTIONS] [SERVICE...]",
         flags=GLOBAL_FLAGS + (
             Flag("abort-on-container-exit", help="Stops all containers if any container was "
                                                  "stopped. Incompatible with -d"),
             Flag("build", help="Build images before starting containers"),
             Flag("detach", "d", help="Detached mode: Run containers in the background"),
             Flag("exit-code-from", kind="string", help="Return the exit code of the selected "
                                                        "service container. Implies "
                                                        "--abort-on-container-exit"),
             Flag("force-recreate", help="Recreate containers even if their configuration and "
                                         "image haven't changed"),
             Flag("no-build", help="Don't build an image, even if it's policy"),
             Flag("no-color", help="Produce monochrome output"),
             Flag("no-deps", help="Don't start linked services"),
             Flag("no-log-prefix", help="Don't print prefix in logs"),
             Flag("no-recreate", help="If containers already exist, don't recreate them. "
                                      "Incompatible with --force-recreate."),
             Flag("remove-orphans", help="Remove containers for services not defined in the "
                                         "Compose file"),
             Flag("scale", kind="list", type_name="scale",
                  help="Scale SERVICE to NUM instances. Overrides the `scale` setting in the "
                       "Compose file if present."),
             Flag("timestamps", help="Show timestamps"),
             Flag("wait", help="Wait for services to be running|healthy. Implies detached mode."),
             Flag("wait-timeout", kind="int", help="Maximum duration in seconds to wait for the "
                                                   "project to be running|healthy"),
             Flag("watch", "w", help="Watch source code and rebuild/refresh containers when "
                                     "files are updated.")),
         args=SERVICE_ARGS, group=GROUP)
def compose_up(ctx, opts, args):
    if opts["force-recreate"] and opts["no-recreate"]:
        raise UsageError("--force-recreate and --no-recreate are incompatible", 1)
    detach = opts["detach"] or opts["wait"]  # --wait implies -d
    abort = opts["abort-on-container-exit"] or bool(opts["exit-code-from"])
    if opts["wait"] and abort:
        raise UsageError("--wait cannot be combined with --abort-on-container-exit, --attach or "
                         "--attach-dependencies", 1)
    if detach and (opts["watch"] or abort):
        raise UsageError(f"{'--wait' if opts['wait'] else '--detach'} cannot be combined with "
                         f"--abort-on-container-exit, --abort-on-container-failure, --attach, "
                         f"--attach-dependencies or --watch", 1)
    if opts["no-build"] and opts["watch"]:
        raise UsageError("--no-build and --watch are incompatible", 1)
    from ..compose.project import service_order
    project = load_project(ctx, opts)
    with compose_errors():
        order = list(args) if opts["no-deps"] else service_order(project, list(args))
    if opts["exit-code-from"] and opts["exit-code-from"] not in project.services:
        raise UsageError(f"no such service: {opts['exit-code-from']}: not found", 1)
    scale = _scale_option(opts["scale"], project)
    if opts["build"] and opts["no-build"]:
        raise UsageError("--build and --no-build are incompatible", 1)
    to_start, services_of = prepare(ctx, opts, project, order, scale)
    if not detach:
        printer = LogPrinter(ctx, [], prefix=not opts["no-log-prefix"],
                             timestamps=opts["timestamps"],
                             color=colours_wanted(ctx, opts["no-color"]))
        return _attached(ctx, project, order, to_start, services_of, printer,
                         _watching(ctx, opts, project, list(args)) if opts["watch"] else None,
                         abort, opts["exit-code-from"] or "")
    start_containers(ctx, project, to_start, services_of)
    if opts["wait"]:
        _wait_until_ready(ctx, project, order, opts["wait-timeout"] or 0)
    return 0


def _wait_until_ready(ctx, project, order: List[str], timeout: int) -> None:
    """--wait: every service's containers running (healthy when they have a healthcheck),
    or exited for a service another waits on with service_completed_successfully; checked
    every 500 ms as Compose does. When --wait-timeout runs out, Compose v2.39 stops waiting
    and ends with 0 (its waiters return quietly on the deadline)."""
    from ..compose.containers import label, service_of
    groups = []
    for name in order:
        containers = sorted((c for c in compose_containers(ctx.engine, project.name)
                             if service_of(c) == name
                             and label(c, "oneoff") != "True"),
                            key=lambda c: c.name)
        completes = any(conf.get("condition") == "service_completed_successfully"
                        for other in project.services.values()
                        for dep, conf in (other.get("depends_on") or {}).items() if dep == name)
        for c in containers:
            event(ctx, f"Container {c.name}", "Waiting")
        if containers:
            groups.append((name, completes, containers))
    started = ctx.now()
    while groups:
        if timeout and ctx.now() - started >= timeout:
            return
        ctx.wait(lambda: False, timeout=0.5)
        for group in list(groups):
            name, completes, containers = group
            done = _completed(name, containers) if completes else _running_or_healthy(containers)
            if done:
                for c in containers:
                    event(ctx, f"Container {c.name}", "Exited" if completes else "Healthy")
                groups.remove(group)
        if groups and ctx.engine.clock.virtual and ctx.now() - started >= LOOP_GIVE_UP:
            raise UsageError(f"crsim-shell: {groups[0][2][0].name} is never ready: Compose "
                             f"would wait until Ctrl-C; interrupted", 130)


def _running_or_healthy(containers) -> bool:
    """Compose's isServiceHealthy with its fallback to "running" (an error ends `up`)."""
    for c in containers:
        if c.state.status == "exited":
            raise UsageError(f"container {c.name} exited ({c.state.exit_code})", 1)
        if getattr(c, "health", None) is None:  # no healthcheck: running is enough
            return c.state.status == "running"
        if c.health.status == "unhealthy":
            raise UsageError(f"container {c.name} is unhealthy", 1)
        if c.health.status != "healthy":
            return False
    return True


def _completed(service: str, containers) -> bool:
    for c in containers:
        if c.state.status == "exited":
            if c.state.exit_code:
                raise UsageError(f'service "{service}" didn\'t complete successfully: exit '
                                 f"{c.state.exit_code}", 1)
            return True
    return False


def prepare(ctx, opts, project, order: List[str], scale: dict):
    """Images, networks and volumes made, each service's containers converged. Returns the
    containers to start, and which service each container of the project runs."""
    image_ids = {name: _image(ctx, opts, project, name).id for name in order}
    _ensure_networks(ctx, project, order)
    _ensure_volumes(ctx, project)
    existing = {c.name: c for c in compose_containers(ctx.engine, project.name)}
    _orphans(ctx, project, existing, opts["remove-orphans"])
    return converge_services(ctx, opts, project, image_ids, existing, scale)


def converge_services(ctx, opts, project, image_ids: dict, existing: dict, scale: dict):
    """The containers of each service in ``image_ids`` (service -> its image's id)
    converged; ``existing``: the project's containers by name. Returns the containers to
    start, and which service each container of the project runs."""
    from ..compose.containers import service_of
    to_start: List[tuple] = []  # (container, service)
    for name, image_id in image_ids.items():
        to_start += converge(ctx, opts, project, name, image_id, existing,
                             scale.get(name, service_replicas(project.services[name])))
    services_of = {cname: name for cname, name in to_start}
    services_of.update({c.name: service_of(c) for c in existing.values()})
    return to_start, services_of


def start_containers(ctx, project, to_start: list, services_of: dict) -> None:
    for cname, name in to_start:
        _wait_dependencies(ctx, project, name, services_of)
        event(ctx, f"Container {cname}", "Starting")
        ctx.engine.start(cname)
        event(ctx, f"Container {cname}", "Started")


def _watching(ctx, opts, project, services: List[str]):
    """--watch: the rules of the services, and what a batch of changes does to them
    (compose watch's work, its lines given to ``say``)."""
    from ..compose import watch
    from .compose_watch import handle
    with compose_errors():
        rules = watch.rules(project, services)
    if not rules:  # Compose carries on without watching, after saying why
        ctx.out.error(logrus_warning(ctx.now(), watch.NOT_CONFIGURED))
        return None
    options = {"quiet": False, "prune": True}
    return watch.Watcher(rules), lambda say, batch: handle(ctx, options, project,
                                                           watch.plan(batch, rules), say)


def _attached(ctx, project, order: List[str], to_start: list, services_of: dict, printer,
              watching=None, abort: bool = False, code_from: str = "") -> int:
    """`up` without -d: attach to the services' containers, start them (no progress lines
    for that), print their logs prefixed until every one has exited; Ctrl-C stops them.
    With --watch the services' files are watched meanwhile, its lines marked " ⦿ ". With
    --abort-on-container-exit the first container to exit stops the others, and its code
    (or --exit-code-from's service's) is the status."""
    from ..compose.containers import service_of
    from ..interrupts import Interrupted
    containers = sorted((c for c in compose_containers(ctx.engine, project.name)
                         if service_of(c) in order), key=lambda c: c.name)
    printer.follow(containers)
    for c in containers:
        printer.seen[c.id] = len(c.logs)
    ctx.out.line("Attaching to " + ", ".join(printer.names[c.id] for c in containers))
    for cname, name in to_start:
        _wait_dependencies(ctx, project, name, services_of)
        ctx.engine.start(cname)
    reported = set()
    first_exit: List[int] = []  # --abort-on-container-exit: the code of the first to exit
    watcher, act = watching or (None, None)
    if watcher is not None:
        printer.catch_up()  # what the containers printed as they started comes first
        printer.say_watch("Watch enabled")

    def all_exited() -> bool:
        if watcher is not None:
            batch = watcher.poll(ctx.now())
            if batch:
                act(printer.say_watch, batch)
                printer.follow([c for c in compose_containers(ctx.engine, project.name)
                                if service_of(c) in order])
        printer.catch_up()
        for c in containers:
            if not c.state.running and c.id not in reported:
                reported.add(c.id)
                ctx.out.line(f"{printer.names[c.id]} exited with code {c.state.exit_code}")
                if abort and not first_exit:
                    first_exit.append(c.state.exit_code)
        return len(reported) == len(containers) or bool(first_exit)
    try:
        ctx.wait(all_exited)
        if first_exit and len(reported) < len(containers):
            ctx.out.line("Aborting on container exit...")
            for c in dependents_first(project, containers):
                stop_container(ctx, c)
                all_exited()
        if code_from:
            return next(c.state.exit_code for c in containers
                        if service_of(c) == code_from)
        if first_exit:
            return first_exit[0]
    except Interrupted:
        all_exited()
        ctx.out.line("Gracefully Stopping... press Ctrl+C again to force")
        for c in dependents_first(project, containers):
            stop_container(ctx, c)
            all_exited()
        raise
    return 0


def _orphans(ctx, project, existing: dict, remove: bool) -> None:
    """Containers of this project for services the files no longer name: a warning, or
    (--remove-orphans) removed."""
    from ..compose.containers import service_of
    orphans = sorted((c for c in existing.values()
                      if service_of(c) not in project.all_services),
                     key=lambda c: c.name)
    if orphans and not remove:
        names = " ".join(c.name for c in orphans)
        ctx.out.error(logrus_warning(ctx.now(), f"Found orphan containers ([{names}]) for this project. "
                                     f"If you removed or renamed this service in your compose file, "
                                     f"you can run this command with the --remove-orphans flag to "
                                     f"clean it up."))
        return
    for c in orphans:
        stop_container(ctx, c)
        event(ctx, f"Container {c.name}", "Removing")
        ctx.engine.remove(c.name, force=True)
        event(ctx, f"Container {c.name}", "Removed")
        del existing[c.name]


def service_replicas(service: dict) -> int:
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
    from ..compose.containers import compose_labels, network_name, project_labels
    engine = ctx.engine
    used = {n for name in order for n in project.services[name].get("networks", {})}
    for key in sorted(used):
        conf = project.model["networks"][key]
        net = network_name(project, key)
        if conf.get("external"):
            engine.networks.get(net)  # an external network must exist: NotFound if not
            continue
        if engine.networks.find_by_name(net) is None:
            event(ctx, f"Network {net}", "Creating")
            labels = {**compose_labels({"network": key}), **project_labels(project)}
            engine.networks.create(net, internal=bool(conf.get("internal")), labels=labels)
            event(ctx, f"Network {net}", "Created")


def _ensure_volumes(ctx, project) -> None:
    from ..compose.containers import compose_labels, project_labels, volume_name
    engine = ctx.engine
    have = {v.name for v in engine.volumes}
    for key, conf in project.model.get("volumes", {}).items():
        vol = volume_name(project, key)
        if conf.get("external") or vol in have:
            continue
        event(ctx, f'Volume "{vol}"', "Creating")
        labels = {**compose_labels({"volume": key}), **project_labels(project)}
        engine.volumes.create(vol, labels=labels)
        have.add(vol)
        event(ctx, f'Volume "{vol}"', "Created")


def converge(ctx, opts, project, name: str, image_id: str, existing: dict, replicas: int) -> list:
    """One service's containers made to match the model: created, recreated when its
    configuration changed, removed beyond ``replicas``. Returns those to start."""
    from ..compose.containers import config_hash, create_options, label, service_of
    engine = ctx.engine
    service = project.services[name]
    to_start = []
    for number in range(1, replicas + 1):
        options = create_options(project, name, service, image_id, number)
        cname = options["name"]
        current = existing.get(cname)
        if current is not None:
            same = label(current, "config-hash") == config_hash(service)
            if (same and not opts["force-recreate"]) or opts["no-recreate"]:
                if current.state.running:
                    event(ctx, f"Container {cname}", "Running")
                else:
                    to_start.append((cname, name))
                continue
            event(ctx, f"Container {cname}", "Recreate")
            engine.remove(cname, force=True)
            _create(ctx, engine, project, name, service, options)
            event(ctx, f"Container {cname}", "Recreated")
        else:
            event(ctx, f"Container {cname}", "Creating")
            _create(ctx, engine, project, name, service, options)
            event(ctx, f"Container {cname}", "Created")
        to_start.append((cname, name))
    for c in sorted(existing.values(), key=lambda c: c.name, reverse=True):
        if service_of(c) == name and int(label(c, "container-number") or 0) > replicas:
            stop_container(ctx, c)
            event(ctx, f"Container {c.name}", "Removing")
            engine.remove(c.name, force=True)
            event(ctx, f"Container {c.name}", "Removed")
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
        event(ctx, what, "Waiting")
        if condition == "service_healthy":
            problem = _await_health(ctx, container)
            if problem:
                event(ctx, what, "Error")  # Compose marks what it waited for, then fails `up`
                raise UsageError(f"dependency failed to start: {problem}", 1)
            event(ctx, what, "Healthy")
        else:
            ctx.wait(lambda: not container.state.running)
            if container.state.exit_code:
                message = f'service "{dep}" didn\'t complete successfully: exit {container.state.exit_code}'
                event(ctx, what, message)
                raise UsageError(message, 1)
            event(ctx, what, "Exited")


# How long a script (virtual time) lets a restart-looping dependency go on before it
# says the wait can never end: Docker's restart backoff has reached its 1 min cap by then.
LOOP_GIVE_UP = 600.0


def _await_health(ctx, container) -> str:
    """Poll as Compose does (every 500 ms) until the dependency is healthy ("") or has
    failed (the error). A restart loop keeps it "starting": at the prompt Compose waits
    until Ctrl-C; a script, whose virtual time would run on for ever, stops it."""
    started, restarts = ctx.now(), container.restart_count
    problem = _health_verdict(container)
    while problem is None:
        ctx.wait(lambda: False, timeout=0.5)
        problem = _health_verdict(container)
        if (problem is None and ctx.engine.clock.virtual and container.restart_count > restarts
                and ctx.now() - started >= LOOP_GIVE_UP):
            raise UsageError(f"crsim-shell: container {container.name} restarts for ever and never "
                             f"becomes healthy: Compose would wait until Ctrl-C; interrupted", 130)
    return problem


def _health_verdict(container):
    """What Compose's poll (every 500 ms) concludes of a service_healthy dependency: None
    to wait on ("starting"; a restart loop stays there, and Compose waits until Ctrl-C),
    "" once healthy, else the error. An exited container is checked first, then the
    healthcheck; a container between restarts is "restarting", not exited."""
    state = container.state
    if state.status == "exited" or state.status == "dead":
        return f"container {container.name} exited ({state.exit_code})"
    health = getattr(container, "health", None)
    if health is None:
        return f"container {container.name} has no healthcheck configured"
    if health.status == "healthy":
        return ""
    if health.status == "unhealthy":
        return f"container {container.name} is unhealthy"
    return None


def _create(ctx, engine, project, name: str, service: dict, options: dict) -> None:
    from ..compose.containers import network_aliases, network_name
    container = create_container(ctx, project, name, service, options)
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
    from ..compose.containers import network_name, service_of, volume_name
    project = load_project(ctx, opts)
    engine = ctx.engine
    containers = compose_containers(engine, project.name)
    if not opts["remove-orphans"]:
        containers = [c for c in containers if service_of(c) in project.services]
    containers = dependents_first(project, containers)
    for c in containers:
        stop_container(ctx, c)
        event(ctx, f"Container {c.name}", "Removing")
        engine.remove(c.name, force=True, volumes=opts["volumes"])
        event(ctx, f"Container {c.name}", "Removed")
    if opts["volumes"]:
        for key, conf in project.model.get("volumes", {}).items():
            vol = volume_name(project, key)
            if conf.get("external") or vol not in {v.name for v in engine.volumes}:
                continue
            event(ctx, f"Volume {vol}", "Removing")
            engine.volumes.remove(vol)
            event(ctx, f"Volume {vol}", "Removed")
    for key, conf in project.model.get("networks", {}).items():
        net = network_name(project, key)
        if conf.get("external") or engine.networks.find_by_name(net) is None:
            continue
        event(ctx, f"Network {net}", "Removing")
        engine.networks.remove(net)
        event(ctx, f"Network {net}", "Removed")
    return 0


@command("compose pull", "Pull service images", "[OPTIONS] [SERVICE...]",
         flags=GLOBAL_FLAGS + (
             Flag("ignore-pull-failures", help="Pull what it can and ignores images with pull failures"),
             Flag("include-deps", help="Also pull services declared as dependencies"),
             Flag("quiet", "q", help="Pull without printing progress information")),
         args=SERVICE_ARGS, group=GROUP)
def compose_pull(ctx, opts, args):
    from ..compose.project import service_order
    project = load_project(ctx, opts)
    with compose_errors():
        names = service_order(project, list(args)) if opts["include-deps"] else \
            (list(args) or list(project.services))
        service_order(project, names)  # every name is a service
    status = 0
    for name in names:
        ref = project.services[name].get("image")
        if not ref:
            continue
        if not opts["quiet"]:
            emit(ctx, name, "Pulling", "")
        try:
            ctx.engine.pull(ref)
        except EngineError as err:
            ctx.out.error(f" {name} Error {err}")
            if not opts["ignore-pull-failures"]:
                return 18
            status = 0
            continue
        if not opts["quiet"]:
            emit(ctx, name, "Pulled", "")
    return status


@command("compose run", "Run a one-off command on a service", "[OPTIONS] SERVICE [COMMAND] [ARGS...]",
         flags=GLOBAL_FLAGS + (
             Flag("build", help="Build image before starting container"),
             Flag("detach", "d", help="Run container in background and print container ID"),
             Flag("entrypoint", kind="string", help="Override the entrypoint of the image"),
             Flag("env", "e", "list", "Set environment variables", type_name="stringArray"),
             Flag("name", kind="string", help="Assign a name to the container"),
             Flag("no-deps", help="Don't start linked services"),
             Flag("no-TTY", "T", help="Disable pseudo-TTY allocation (default: auto-detected)"),
             Flag("remove-orphans", help="Remove containers for services not defined in the "
                                         "Compose file"),
             Flag("rm", help="Automatically remove the container when it exits"),
             Flag("service-ports", "P", help="Run command with all service's ports enabled and "
                                             "mapped to the host"),
             Flag("use-aliases", help="Use the service's network useAliases in the network(s) the "
                                      "container connects to"),
             Flag("user", "u", "string", "Run as specified username or uid"),
             Flag("workdir", "w", "string", "Working directory inside the container")),
         args=(Arg("SERVICE"), Arg("COMMAND", optional=True), Arg("ARGS", many=True, optional=True)),
         min_args=1, interspersed=False, group=GROUP)
def compose_run(ctx, opts, args):
    """A one-off container of a service (`<project>-<service>-run-<id>`, oneoff=True), its
    dependencies brought up first; attached, its exit status is the command's."""
    from ..compose.containers import LABEL, compose_labels, create_options
    from ..compose.project import service_order
    project = load_project(ctx, opts)
    name = args[0]
    with compose_errors():
        deps = [] if opts["no-deps"] else service_order(project, [name])[:-1]
    settings = dict(opts, **{"no-build": False, "force-recreate": False, "no-recreate": False})
    to_start, services_of = prepare(ctx, settings, project, deps, {})
    start_containers(ctx, project, to_start, services_of)
    image = _image(ctx, settings, project, name)
    _ensure_networks(ctx, project, [name])  # prepare() made the volumes already
    service = project.services[name]
    slug = ctx.engine.ids.hex_id()
    options = create_options(project, name, service, image.id)
    options["name"] = opts["name"] or service.get("container_name") or f"{project.name}-{name}-run-{slug[:12]}"
    labels = {k: v for k, v in options["labels"].items() if k != LABEL + "container-number"}
    options["labels"] = {**labels, **compose_labels({"oneoff": "True", "slug": slug})}
    options.update(restart="no", auto_remove=opts["rm"])
    if not opts["service-ports"]:
        options["publish"] = []
    if not opts["use-aliases"] and "network_aliases" in options:
        options["network_aliases"] = [options["name"]]
    if len(args) > 1:
        options["command"] = args[1:]
    if opts["entrypoint"] is not None:
        import shlex
        options["entrypoint"] = shlex.split(opts["entrypoint"])
    options["env"] = options["env"] + list(opts["env"])
    for key, flag in (("user", "user"), ("workdir", "workdir")):
        if opts[flag]:
            options[key] = opts[flag]
    if not opts["no-deps"]:
        _wait_dependencies(ctx, project, name, services_of)
    container = create_container(ctx, project, name, service, options)
    ctx.engine.start(container.id)
    if opts["detach"]:
        ctx.out.line(container.id)
        return 0
    return _run_attached(ctx, container)


def _run_attached(ctx, container) -> int:
    """The one-off container's output, as `docker start -a` shows it, until it exits; a
    Ctrl-C goes to the container (Compose forwards signals)."""
    from ..interrupts import Interrupted
    shown = [0]

    def exited() -> bool:
        for line in container.logs[shown[0]:]:
            ctx.out.write(line.text, line.stream)
        shown[0] = len(container.logs)
        return not container.state.running
    try:
        ctx.wait(exited)
    except Interrupted as sig:
        if container.state.running:
            ctx.engine.kill(container.id, str(sig.signum))
        exited()
        raise
    return container.state.exit_code
