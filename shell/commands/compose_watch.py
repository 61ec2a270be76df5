"""`compose watch`: the services brought up, then their files on the host watched; each
batch of changes is synced into the containers, restarts them or rebuilds their image, as
the services' `develop.watch` rules say (the model is in shell/compose/watch.py).

It runs until Ctrl-C, as Compose does. Its own lines go to standard output, unprefixed
(Compose's log consumer without prefixes); the progress of what it does to containers goes
to standard error as `up`'s does.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List

from engine import EngineError

from ..parser import UsageError
from ..spec import Flag, command
from .compose_common import (GLOBAL_FLAGS, GROUP, SERVICE_ARGS, compose_containers,
                             compose_errors, event, load_services, logrus_warning)

NONE_TO_WATCH = ("none of the selected services is configured for watch, see "
                 "https://docs.docker.com/compose/how-tos/file-watch/")


@command("compose watch", "Watch build context for service and rebuild/refresh containers when "
                          "files are updated", "[SERVICE...]",
         flags=GLOBAL_FLAGS + (
             Flag("no-up", help="Do not build & start services before watching"),
             Flag("prune", default=True, help="Prune dangling images on rebuild"),
             Flag("quiet", help="hide build output")),
         args=SERVICE_ARGS, group=GROUP)
def compose_watch(ctx, opts, args):
    from ..compose import watch
    project = load_services(ctx, opts, args)
    selected = list(args) or list(project.services)
    if not any((project.services[n].get("develop") or {}).get("watch") for n in selected):
        raise UsageError(NONE_TO_WATCH, 1)
    if not opts["no-up"]:
        _up(ctx, opts, project, list(args))
    with compose_errors():
        rules = watch.rules(project, list(args))
    for warning in watch.warnings(project, list(args)):
        ctx.out.error(logrus_warning(ctx.now(), warning))
    if not rules:
        raise UsageError(watch.NOT_CONFIGURED, 1)
    from ..host_paths import confine
    for rule in rules:
        confine(ctx.engine, rule.path)
    watcher = watch.Watcher(rules)
    ctx.out.line("Watch enabled")

    def look() -> bool:
        batch = watcher.poll(ctx.now())
        if batch:
            handle(ctx, opts, project, watch.plan(batch, rules))
        return False  # until Ctrl-C
    ctx.wait(look)
    return 0


def _up(ctx, opts, project, services: List[str]) -> None:
    """`up -d` of the services: a service that builds and is watched is always built."""
    from ..compose.project import service_order
    from .compose_build import build_service
    from .compose_up import prepare, start_containers
    with compose_errors():
        order = service_order(project, services)
    for name in order:
        service = project.services[name]
        if "build" in service and service.get("develop"):
            build_service(ctx, project, name, quiet=opts["quiet"])
    up = {"build": False, "no-build": False, "force-recreate": False, "no-recreate": False,
          "remove-orphans": False}
    start_containers(ctx, project, *prepare(ctx, up, project, order, {}))


def handle(ctx, opts, project, plan, say=None) -> None:
    """One batch's work, in Compose's order: rebuilds, syncs, restarts, then exec hooks;
    ``say`` prints the watcher's lines (`up --watch` marks them). A failure is a warning
    and the watch goes on."""
    from ..compose.watch import go_quoted_list
    say = say or ctx.out.line
    try:
        if plan.rebuild:
            _rebuild(ctx, opts, project, plan.rebuild, say)
        for service in sorted(plan.sync):
            mappings = plan.sync[service]
            say(f'Syncing service "{service}" after {len(mappings)} changes were detected')
            _sync(ctx, project, service, mappings)
        if plan.restart:
            for c in _containers(ctx, project, plan.restart):
                event(ctx, f"Container {c.name}", "Restarting")
                ctx.engine.restart(c.name)
                event(ctx, f"Container {c.name}", "Started")
            say(f"service(s) {go_quoted_list(plan.restart)} restarted")
        for service in sorted(plan.exec):
            for rule in plan.exec[service]:
                for c in _containers(ctx, project, [service], running=True):
                    result = ctx.engine.exec(c.name, list(rule.command))
                    ctx.out.write(result.output)
    except (EngineError, UsageError) as err:
        ctx.out.error(logrus_warning(ctx.now(), f"Error handling changed files: {err}"))


def _containers(ctx, project, services: List[str], running: bool = False) -> list:
    from ..compose.containers import label, service_of
    return sorted((c for c in compose_containers(ctx.engine, project.name, all_=not running)
                   if service_of(c) in services
                   and label(c, "oneoff") != "True"), key=lambda c: c.name)


def _sync(ctx, project, service: str, mappings) -> None:
    """Each changed host path copied to its place in every container of the service (as a
    tar unpacked at /, parents made as needed); one gone from the host removed there."""
    import os
    from .files import host_tree
    gone = [inside for host, inside in mappings if not os.path.lexists(host)]
    entries = []
    for host, inside in mappings:
        if os.path.lexists(host) and inside:
            entries += [(inside.lstrip("/") + relative[len(os.path.basename(host)):], entry)
                        for relative, entry in host_tree(host)]
    for c in _containers(ctx, project, [service]):
        if gone:
            result = ctx.engine.exec(c.name, ["rm", "-rf"] + gone)
            if result.status:
                raise UsageError(f"deleting paths in {c.id}: exit code {result.status}", 1)
        if entries:
            _make_parents(c, [name for name, _ in entries])
            ctx.engine.copy_in(c.name, "/", entries)


def _make_parents(container, names: List[str]) -> None:
    """The directories a tar unpacked at / needs and does not name, made 0755 as the
    daemon's untar makes them."""
    fs = container.fs
    for name in names:
        parts = name.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            folder = "/" + "/".join(parts[:depth])
            if fs.get(folder) is None:
                fs.mkdir(folder, mode=0o755)


def _rebuild(ctx, opts, project, services: List[str], say) -> None:
    """Compose's rebuild: the images built again, then the services' containers recreated
    and started (the old image, dangling now, pruned unless --prune=false)."""
    from ..compose.watch import go_quoted_list
    from .compose_build import build_service, image_id, image_name
    from .compose_up import converge_services, start_containers
    names = go_quoted_list(services)
    say(f"Rebuilding service(s) {names} after changes were detected...")
    before = {name: image_id(ctx, image_name(project, name)) for name in services}
    try:
        for name in services:
            build_service(ctx, project, name, quiet=opts["quiet"])
    except UsageError as err:
        say(f"Build failed. Error: {err}")
        raise
    say(f"service(s) {names} successfully built")
    existing = {c.name: c for c in compose_containers(ctx.engine, project.name)}
    built = {name: image_id(ctx, image_name(project, name)) for name in services}
    to_start, services_of = converge_services(
        ctx, {"force-recreate": True, "no-recreate": False}, project, built, existing, {})
    start_containers(ctx, project, to_start, services_of)
    if opts["prune"]:
        for name, old in before.items():
            if old and old != built[name]:
                from .image_commands import container_uses
                try:
                    ctx.engine.images.remove(old, False, container_uses(ctx.engine))
                except EngineError:
                    pass  # still used, or tagged elsewhere: Compose leaves it too
