"""What the compose commands share: Compose's persistent flags, the project loaded with
its warnings, progress lines, the project's containers and Compose's log lines.

The compose file model itself is in shell/compose/ (loaded only when a compose command
runs, so other commands never import PyYAML). Progress lines are Compose's plain (non-TTY)
ones, on stderr: ` Container app-web-1  Started`.
"""

from __future__ import annotations

import os

from engine.record import replace

from ..parser import UsageError
from ..spec import Arg, Flag

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
GLOBAL_FLAGS_LONG_FILE = tuple(replace(f, short="") if f.long == "file" else f
                               for f in GLOBAL_FLAGS)


class compose_errors:
    """``with compose_errors():`` a ComposeError raised inside becomes the command's
    UsageError, with its text and status."""

    def __enter__(self):
        return self

    def __exit__(self, kind, err, tb):
        from ..compose.project import ComposeError
        if kind is not None and issubclass(kind, ComposeError):
            raise UsageError(str(err), err.status) from None
        return False


def load_project(ctx, opts):
    from ..compose.project import Options, load
    from ..host_paths import confine
    for path in opts["file"] + opts["env-file"]:
        confine(ctx.engine, path)
    options = Options(files=list(opts["file"]), project_name=opts["project-name"] or "",
                      project_directory=opts["project-directory"] or "",
                      env_files=list(opts["env-file"]), profiles=list(opts["profile"]),
                      cwd=os.getcwd())
    with compose_errors():
        project = load(options, dict(ctx.session.environ))
    for warning in project.warnings:
        ctx.out.error(logrus_warning(ctx.now(), warning))
    return project


def logrus_warning(now: float, message: str) -> str:
    """A warning as Compose's logger (logrus) writes it when stderr is not a terminal, the
    same non-TTY form as the progress lines."""
    import json
    from engine.clock import rfc3339_seconds
    text = json.dumps(message, ensure_ascii=False)
    return f'time="{rfc3339_seconds(now)}" level=warning msg={text}'


def event(ctx, what: str, status: str) -> None:
    """A resource's progress: without a terminal Compose's plain line (Println of "",
    the resource, an empty text and the status, hence the two spaces); at the prompt
    its TTY frame (shell/compose/progress.py)."""
    from ..compose.progress import emit
    emit(ctx, what, "", status)


def compose_containers(engine, project_name: str, all_: bool = True) -> list:
    from ..compose.containers import label
    return [c for c in engine.list(all=all_)
            if label(c, "project") == project_name]


def load_services(ctx, opts, args):
    """The project, once every service named on the command line is known to be in it."""
    project = load_project(ctx, opts)
    for name in args:
        if name not in project.services:
            raise UsageError(f"no such service: {name}", 1)
    return project


def service_containers(ctx, opts, args, all_: bool = True):
    """The project, and its containers of the services named (all when none is)."""
    from ..compose.containers import service_of
    project = load_services(ctx, opts, args)
    return project, [c for c in compose_containers(ctx.engine, project.name, all_)
                     if service_of(c) in (args or project.services)]


def stop_container(ctx, container) -> None:
    if container.state.running or container.state.status == "paused":
        event(ctx, f"Container {container.name}", "Stopping")
        ctx.engine.stop(container.name)
        event(ctx, f"Container {container.name}", "Stopped")


def dependents_first(project, containers: list) -> list:
    """The reverse of the order `up` starts services in (a dependency stops last)."""
    from ..compose.containers import service_of
    from ..compose.project import service_order
    rank = {name: i for i, name in enumerate(service_order(project, []))}
    return sorted(containers, key=lambda c: -rank.get(service_of(c), -1))


def log_name(container) -> str:
    """How Compose names a container in log prefixes: `web-1`, or its container_name."""
    from ..compose.containers import container_name, label
    project = label(container, "project", "")
    default = container_name(project, label(container, "service", ""),
                             int(label(container, "container-number", "1") or 1))
    return container.name[len(project) + 1:] if container.name == default else container.name


# Compose's rainbow for log prefixes, one colour per container in turn (cmd/formatter):
# cyan, yellow, green, magenta, blue, then the same intense; its watcher is bright green
RAINBOW = ("36", "33", "32", "35", "34", "36;1", "33;1", "32;1", "35;1", "34;1")
WATCH_COLOUR = "92"


def colours_wanted(ctx, no_color: bool = False) -> bool:
    """Compose colours at a terminal (--ansi auto) unless --no-color or NO_COLOR says not."""
    from ..render.picture import no_color as no_color_set
    return ctx.session.interactive and not no_color and not no_color_set(ctx.session.environ)


class LogPrinter:
    """Compose's log lines: `web-1  | text`, the names padded to the longest plus one, each
    prefix in its container's colour at a terminal."""

    def __init__(self, ctx, containers, prefix: bool = True, timestamps: bool = False,
                 color: bool = False):
        self.ctx, self.containers = ctx, containers
        self.names = {c.id: log_name(c) for c in containers}
        self.width = max((len(n) for n in self.names.values()), default=0) + 1
        self.prefix, self.timestamps, self.color = prefix, timestamps, color
        self.seen = {c.id: 0 for c in containers}
        self.colours = {}
        for c in containers:
            self._colour(c)

    def _colour(self, container) -> None:
        self.colours[container.id] = RAINBOW[len(self.colours) % len(RAINBOW)]

    def _painted(self, code: str, text: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.color else text

    def show(self, container, lines) -> None:
        from engine.clock import rfc3339
        prefix = self._painted(self.colours[container.id],
                               f"{self.names[container.id]:<{self.width}} | ") \
            if self.prefix else ""
        for line in lines:
            stamp = rfc3339(line.time) + " " if self.timestamps else ""
            for text in line.text.rstrip("\n").split("\n"):
                self.ctx.out.write(f"{prefix}{stamp}{text}\n", line.stream)

    def catch_up(self) -> None:
        """The lines that came since the last call, container by container."""
        for c in self.containers:
            self.show(c, c.logs[self.seen[c.id]:])
            self.seen[c.id] = len(c.logs)

    # Compose names the watcher "#watch" among the containers: its name counts in the width
    # once it has spoken, and its lines are marked by a "⦿" instead of a name
    WATCH = "#watch"

    def say_watch(self, text: str) -> None:
        self.width = max(self.width, len(self.WATCH) + 1)
        self.ctx.out.line(self._painted(WATCH_COLOUR, " " * self.width + " ⦿ ") + text)

    def follow(self, containers) -> None:
        """Attach to containers that came since (a rebuild recreates them)."""
        for c in containers:
            if c.id not in self.names:
                self.containers.append(c)
                self.names[c.id] = log_name(c)
                self.seen[c.id] = 0
                self._colour(c)
        self.containers = [c for c in self.containers if c in containers]
        self.width = max([self.width] + [len(name) + 1 for name in self.names.values()])


def create_container(ctx, project, name: str, service: dict, options: dict):
    """A service's container created as Compose creates it: its file-sourced secrets and
    configs bind-mounted, then the others written into it."""
    from ..compose.file_objects import FileObjectError, bind_mounts, inject
    from .compose_build import image_name

    def warn(text: str) -> None:
        ctx.out.error(logrus_warning(ctx.now(), text))
    try:
        mounts = bind_mounts(project, service, warn)
        if mounts:
            options = dict(options, mounts=list(options.get("mounts", ())) + mounts)
        container = ctx.engine.create(image_name(project, name), **options)
        inject(ctx.engine, project, name, service, container)
    except FileObjectError as err:
        raise UsageError(str(err), 1) from None
    return container
