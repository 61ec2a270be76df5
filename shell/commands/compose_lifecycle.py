"""`compose` lifecycle commands over a project's containers: stop, start, restart, kill,
pause, unpause, rm (with Compose v2's progress lines)."""

from __future__ import annotations

from ..parser import UsageError
from ..spec import Flag, command
from .compose_common import (GLOBAL_FLAGS, GLOBAL_FLAGS_LONG_FILE, GROUP, SERVICE_ARGS, dependents_first,
                             event, service_containers, stop_container)


@command("compose stop", "Stop services", "[OPTIONS] [SERVICE...]",
         flags=GLOBAL_FLAGS + (Flag("timeout", "t", "int", "Specify a shutdown timeout in seconds"),),
         args=SERVICE_ARGS, group=GROUP)
def compose_stop(ctx, opts, args):
    project, containers = service_containers(ctx, opts, args)
    for c in dependents_first(project, containers):
        if c.state.running or c.state.status == "paused":
            event(ctx, f"Container {c.name}", "Stopping")
            ctx.engine.stop(c.name, timeout=opts["timeout"])
            event(ctx, f"Container {c.name}", "Stopped")
    return 0


@command("compose start", "Start services", "[SERVICE...]", flags=GLOBAL_FLAGS, args=SERVICE_ARGS,
         group=GROUP)
def compose_start(ctx, opts, args):
    project, containers = service_containers(ctx, opts, args)
    for c in reversed(dependents_first(project, containers)):
        if not c.state.running:
            event(ctx, f"Container {c.name}", "Starting")
            ctx.engine.start(c.name)
            event(ctx, f"Container {c.name}", "Started")
    return 0


@command("compose restart", "Restart service containers", "[OPTIONS] [SERVICE...]",
         flags=GLOBAL_FLAGS + (Flag("timeout", "t", "int", "Specify a shutdown timeout in seconds"),),
         args=SERVICE_ARGS, group=GROUP)
def compose_restart(ctx, opts, args):
    project, containers = service_containers(ctx, opts, args)
    for c in reversed(dependents_first(project, containers)):
        event(ctx, f"Container {c.name}", "Restarting")
        ctx.engine.restart(c.name, timeout=opts["timeout"])
        event(ctx, f"Container {c.name}", "Started")
    return 0


def _each_container(ctx, opts, args, working: str, done: str, act, running=None) -> int:
    """A lifecycle command over the services' containers, with Compose's progress lines
    (``working`` may be "", as pause and unpause print only what is done)."""
    project, containers = service_containers(ctx, opts, args)
    for c in sorted(containers, key=lambda c: c.name):
        if running is not None and running(c) is False:
            continue
        if working:
            event(ctx, f"Container {c.name}", working)
        act(c)
        event(ctx, f"Container {c.name}", done)
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
    project, containers = service_containers(ctx, opts, args)
    if opts["stop"]:
        for c in dependents_first(project, containers):
            stop_container(ctx, c)
    stopped = sorted((c for c in containers if not c.state.running), key=lambda c: c.name)
    if not stopped:
        ctx.out.error("No stopped containers")
        return 0
    ctx.out.line("Going to remove " + ", ".join(c.name for c in stopped))
    if not opts["force"]:
        raise UsageError("crsim-shell: crsim does not ask for confirmation: add -f", 1)
    for c in stopped:
        event(ctx, f"Container {c.name}", "Removing")
        ctx.engine.remove(c.name, volumes=opts["volumes"])
        event(ctx, f"Container {c.name}", "Removed")
    return 0
