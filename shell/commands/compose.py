"""`compose` commands that look: config, ps, ls, logs, exec, port (Docker Compose v2's)."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List

from ..parser import UsageError
from ..render.table import align
from ..spec import Arg, Flag, command
from .compose_common import (GLOBAL_FLAGS, GLOBAL_FLAGS_LONG_FILE, GROUP, SERVICE_ARGS,
                             LogPrinter, colours_wanted, compose_containers, load_project,
                             service_containers)


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
    project = load_project(ctx, opts)
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


@command("compose ps", "List containers", "[OPTIONS] [SERVICE...]",
         flags=GLOBAL_FLAGS + (
             Flag("all", "a", help="Show all stopped containers (including those created by the "
                                   "run command)"),
             Flag("quiet", "q", help="Only display IDs"),
             Flag("services", help="Display services")),
         args=SERVICE_ARGS, group=GROUP)
def compose_ps(ctx, opts, args):
    from ..compose.containers import label, service_of
    from .views import ps_fields
    project = load_project(ctx, opts)
    engine = ctx.engine
    containers = [c for c in compose_containers(engine, project.name, opts["all"])
                  if not args or service_of(c) in args]
    containers.sort(key=lambda c: c.name)
    if opts["quiet"]:
        for c in containers:
            ctx.out.line(c.id)
        return 0
    if opts["services"]:
        for service in dict.fromkeys(service_of(c) for c in containers):
            ctx.out.line(service)
        return 0
    now = ctx.now()
    rows = [["NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"]]
    for c in containers:
        fields = ps_fields(c, now, True, engine.images)
        rows.append([c.name, fields["Image"], fields["Command"],
                     label(c, "service", ""), fields["RunningFor"],
                     fields["Status"], fields["Ports"]])
    ctx.out.write(align(rows))
    return 0


@command("compose top", "Display the running processes", "[SERVICES...]", flags=GLOBAL_FLAGS,
         args=(Arg("SERVICES", many=True, optional=True),), group=GROUP)
def compose_top(ctx, opts, args):
    """Each running container's processes, one table: SERVICE, replica number, then `top`'s
    columns (CMD last), as Compose's tabwriter (min width 4, padding 2) lays them out."""
    from ..compose.containers import label
    _, containers = service_containers(ctx, opts, args, all_=False)
    rows: List[List[str]] = []
    header: List[str] = ["SERVICE", "#"]
    for c in sorted(containers, key=lambda c: c.name):
        titles, *processes = ctx.engine.top(c.name)
        header += [t for t in titles if t not in header]
        for proc in processes:
            cells = dict(zip(titles, proc))
            rows.append((label(c, "service", ""),
                         label(c, "container-number", ""), cells))
    if not rows:
        return 0
    if "CMD" in header:
        header = [h for h in header if h != "CMD"] + ["CMD"]
    table = [header] + [[service, number] + [cells.get(h, "-") for h in header[2:]]
                        for service, number, cells in rows]
    ctx.out.write(align(table, min_width=4, padding=2))
    return 0


@command("compose logs", "View output from containers", "[OPTIONS] [SERVICE...]",
         flags=GLOBAL_FLAGS_LONG_FILE + (
             Flag("follow", "f", help="Follow log output"),
             Flag("no-color", help="Produce monochrome output"),
             Flag("no-log-prefix", help="Don't print prefix in logs"),
             Flag("tail", "n", "string", "Number of lines to show from the end of the logs for each "
                                          "container", default="all"),
             Flag("timestamps", "t", help="Show timestamps")),
         args=SERVICE_ARGS, group=GROUP)
def compose_logs(ctx, opts, args):
    _, containers = service_containers(ctx, opts, args)
    tail = opts["tail"]
    if tail != "all" and not (tail or "").isdigit():
        raise UsageError(f'invalid value "{tail}" for --tail: must be a number or "all"', 1)
    printer = LogPrinter(ctx, containers, prefix=not opts["no-log-prefix"],
                         timestamps=opts["timestamps"],
                         color=colours_wanted(ctx, opts["no-color"]))
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


@command("compose ls", "List running compose projects", "[OPTIONS]",
         flags=GLOBAL_FLAGS + (
             Flag("all", "a", help="Show all stopped Compose projects"),
             Flag("format", kind="string", help="Format the output. Values: [table | json]",
                  default="table", completes=("table", "json")),
             Flag("quiet", "q", help="Only display project names")),
         max_args=0, group=GROUP)
def compose_ls(ctx, opts, args):
    """Projects as the daemon knows them (by their containers' labels): no file is read."""
    from ..compose.containers import label
    projects: dict = {}
    for c in ctx.engine.list(all=opts["all"]):
        name = label(c, "project")
        if name is not None:
            projects.setdefault(name, []).append(c)
    stacks = []
    for name in sorted(projects):
        states: dict = {}
        files: List[str] = []
        for c in projects[name]:
            states[c.state.status] = states.get(c.state.status, 0) + 1
            for f in label(c, "project.config_files", "").split(","):
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
    ctx.out.write(align(rows, min_width=20))  # Compose's own tabwriter: 20 wide at least
    return 0


@command("compose images", "List images used by the created containers", "[OPTIONS] [SERVICE...]",
         flags=GLOBAL_FLAGS + (
             Flag("format", kind="string", help="Format the output. Values: [table | json]",
                  default="table", completes=("table", "json")),
             Flag("quiet", "q", help="Only display IDs")),
         args=SERVICE_ARGS, group=GROUP)
def compose_images(ctx, opts, args):
    """The image of each of the project's containers (stopped ones too), by container name,
    as Compose v2.39 inspects them: the repository and tag the container was created from,
    and the image's platform, id, size and last tag time."""
    from ..compose.containers import service_of
    project_name = (opts["project-name"] or load_project(ctx, opts).name).lower()
    images = {}
    for c in compose_containers(ctx.engine, project_name):
        if not args or service_of(c) in args:
            images[c.name] = _image_summary(ctx.engine, c)
    rows = [images[name] for name in sorted(images)]
    if opts["quiet"]:
        for image_id in dict.fromkeys(row["ID"].partition(":")[2] for row in rows):
            ctx.out.line(image_id)
        return 0
    if opts["format"] == "json":
        import json
        listed = [{"ID": r["ID"], "ContainerName": r["ContainerName"], "Repository": r["Repository"],
                   "Tag": r["Tag"], "Platform": r["Platform"], "Size": r["Size"],
                   "LastTagTime": r["LastTagTime"]} for r in rows]
        # Go's encoder ends its line, and Compose prints that with Println
        ctx.out.line(json.dumps(listed or None, separators=(",", ":"), ensure_ascii=False) + "\n")
        return 0
    if opts["format"] not in ("table", "pretty", ""):
        raise UsageError(f'format value "{opts["format"]}" could not be parsed: parsing failed', 1)
    from engine.container.state import human_duration
    from ..render.units import human_size
    now = ctx.now()

    def created(row) -> str:
        # a zero LastTagTime (an image pulled, never tagged here) is Go's largest duration ago
        when = ctx.engine.images.last_tag_time(row["ID"])
        return human_duration((2 ** 63 - 1) / 1e9 if when is None else now - when) + " ago"
    table = [["CONTAINER", "REPOSITORY", "TAG", "PLATFORM", "IMAGE ID", "SIZE", "CREATED"]]
    table += [[r["ContainerName"], r["Repository"] or "<none>", r["Tag"] or "<none>", r["Platform"],
               r["ID"].partition(":")[2][:12], human_size(r["Size"]), created(r)] for r in rows]
    ctx.out.write(align(table, min_width=20))  # Compose's own tabwriter: 20 wide at least
    return 0


def _image_summary(engine, container) -> dict:
    """Compose's ImageSummary of a container: the image its listing names inspected."""
    from engine.image.reference import InvalidReference, parse_docker_ref
    from .views import ps_image
    name = ps_image(container, engine.images, False)
    try:
        image = engine.images.lookup(name)
    except Exception:  # NoSuchImage: the tag moved and the old image is gone
        image = container.image
    repository = tag = ""
    try:
        ref = parse_docker_ref(name)
        repository, tag = ref.familiar_name, ref.tag or ""
    except InvalidReference:  # an image id is no reference
        pass
    platform = "/".join(p for p in (image.os, image.architecture) if p)
    from ..render.inspect import last_tag_time
    return {"ID": image.id, "ContainerName": container.name, "Repository": repository, "Tag": tag,
            "Platform": platform, "Size": image.size,
            "LastTagTime": last_tag_time(engine.images, image.id)}


def _replica(ctx, opts, service: str):
    """The running container of ``service`` numbered --index (1 by default)."""
    from ..compose.containers import label
    _, containers = service_containers(ctx, opts, [service], all_=False)
    index = str(opts["index"] or 1)
    for c in containers:
        if label(c, "container-number") == index:
            return c
    raise UsageError(f'service "{service}" is not running', 1)


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
    from ..parser import parse_words
    container = _replica(ctx, opts, args[0])
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
    elif not opts["detach"]:
        words.append("-i")  # compose exec always attaches stdin (a here-document reaches it)
    parsed = parse_words(words + [container.name] + args[1:])
    return parsed.command.handler(ctx, parsed.options, parsed.args)


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
    container = _replica(ctx, opts, args[0])
    if not args[1].isdigit():
        raise UsageError(f'strconv.Atoi: parsing "{args[1]}": invalid syntax', 1)
    wanted = f"{int(args[1])}/{opts['protocol'] or 'tcp'}"
    bindings = published_ports(container)
    for binding in bindings.get(wanted) or []:
        ctx.out.line(f"{binding.get('HostIp') or '0.0.0.0'}:{binding.get('HostPort')}")
        return 0
    known = ", ".join(sorted(bindings))
    raise UsageError(f"no port {wanted} for container {container.name}: {known}", 1)


@command("compose version", "Show the Docker Compose version information", "[OPTIONS]",
         flags=GLOBAL_FLAGS_LONG_FILE + (
             Flag("format", "f", "string", "Format the output. Values: [pretty | json]. (Default: "
                                           "pretty)", completes=("pretty", "json")),
             Flag("short", help="Shows only Compose's version number")),
         max_args=0, group=GROUP)
def compose_version(ctx, opts, args):
    from ..compose.containers import COMPOSE_VERSION
    if opts["short"]:
        ctx.out.line(COMPOSE_VERSION)
    elif opts["format"] == "json":
        ctx.out.line(f'{{"version":"v{COMPOSE_VERSION}"}}')
    else:
        ctx.out.line(f"Docker Compose version v{COMPOSE_VERSION}")
    return 0
