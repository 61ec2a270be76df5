"""Session and system commands: info, events, sleep, clear, exit, and the management
commands alone (`image`, `network` ...). `help` and `version`: about.py."""

from __future__ import annotations

from engine.version import VERSION

from ..parser import unknown_subcommand
from ..spec import INSPECT_FORMAT_HELP, REGISTRY, Arg, ExitShell, Flag, command
from .about import API_VERSION, CLIENT, MANAGEMENT, formatted

MAX_SLEEP = 10 * 365 * 24 * 3600  # the prompt's sleep: ten years of simulated time at most


@command("info", "Display system-wide information", "[OPTIONS]",
         flags=(Flag("format", "f", "string", INSPECT_FORMAT_HELP),),
         aliases=("system info",), max_args=0)
def info(ctx, opts, args):
    from engine.host import KERNEL_RELEASE as KERNEL
    engine = ctx.engine
    containers = list(engine.containers)
    running = sum(c.state.running and not c.state.paused for c in containers)
    paused = sum(c.state.paused for c in containers)
    # system.Info's fields (what --format sees), each fact once; the text shows them
    facts = {
        "Containers": len(containers), "ContainersRunning": running,
        "ContainersPaused": paused, "ContainersStopped": len(containers) - running - paused,
        "Images": len(engine.images), "Driver": "overlay2",
        "DriverStatus": [["Backing Filesystem", "extfs"], ["Supports d_type", "true"]],
        "LoggingDriver": "json-file", "CgroupDriver": "systemd", "CgroupVersion": "2",
        "KernelVersion": KERNEL, "OperatingSystem": "crsim simulated host", "OSType": "linux",
        "Architecture": "x86_64", "NCPU": engine.host_cpus, "MemTotal": engine.host_memory,
        "DockerRootDir": "/var/lib/docker", "ServerVersion": VERSION,
    }
    if opts["format"]:
        return formatted(ctx, opts["format"], {**facts, "ClientInfo": {
            **{k: CLIENT[k] for k in ("Version", "GitCommit", "GoVersion", "Os", "Arch",
                                      "BuildTime", "Context")},
            "Debug": False, "DefaultAPIVersion": API_VERSION, "Plugins": [], "Warnings": None}})
    lines = [
        "Client:",
        f" Version:    {VERSION}",
        " Context:    default",
        "",
        "Server:",
        f" Containers: {facts['Containers']}",
        f"  Running: {running}",
        f"  Paused: {paused}",
        f"  Stopped: {facts['ContainersStopped']}",
        f" Images: {facts['Images']}",
        f" Server Version: {VERSION} (crsim)",
        f" Storage Driver: {facts['Driver']}",
        *(f"  {name}: {value}" for name, value in facts["DriverStatus"]),
        f" Logging Driver: {facts['LoggingDriver']}",
        f" Cgroup Driver: {facts['CgroupDriver']}",
        f" Cgroup Version: {facts['CgroupVersion']}",
        f" Kernel Version: {KERNEL}",
        f" Operating System: {facts['OperatingSystem']}",
        f" OSType: {facts['OSType']}",
        f" Architecture: {facts['Architecture']}",
        f" CPUs: {engine.host_cpus}",
        f" Total Memory: {_gib(engine.host_memory)}",
        f" Docker Root Dir: {facts['DockerRootDir']}",
    ]
    for line in lines:
        ctx.out.line(line)
    return 0


def _gib(size: int) -> str:
    from ..render.units import bytes_size
    return bytes_size(size)


@command("events", "Get real time events from the server", "[OPTIONS]",
         flags=(Flag("filter", "f", "list", "Filter output based on conditions provided",
                     type_name="filter"),
                Flag("format", kind="string", help=INSPECT_FORMAT_HELP),
                Flag("since", kind="string", help="Show all events created since timestamp"),
                Flag("until", kind="string", help="Stream events until this timestamp"),
                Flag("linux", help="Show the Linux operation behind each event (crsim)")),
         aliases=("system events",), max_args=0)
def events(ctx, opts, args):
    from engine import event_filters
    from engine.clock import rfc3339
    engine = ctx.engine
    template = _event_template(opts["format"])  # the client checks it first
    filters = event_filters.parse(opts["filter"])
    now = ctx.now()
    since = _parse_time(opts["since"], now) if opts["since"] else float("-inf")
    until = _parse_time(opts["until"], now) if opts["until"] else float("inf")

    def show(event) -> None:
        if not event.reported or not event_filters.matches(filters, event):
            return  # (unreported: a containerd task's step, not in Docker's events)
        if template is not None:
            ctx.out.line(template.execute(_message(event)))
            return
        attrs = ", ".join(f"{k}={v}" for k, v in sorted(event.attributes.items()))
        ctx.out.line(f"{rfc3339(event.time)} {event.type} {event.action} {event.actor}"
                     + (f" ({attrs})" if attrs else ""))
        if opts["linux"]:
            for op in event.linux:
                ctx.out.line(f"    {op}")
    for event in engine.events.since(since, until):
        show(event)
    if ctx.session.interactive and not opts["until"]:
        _follow_events(ctx, show)  # like docker events: stream until Ctrl-C
    return 0


def _event_template(fmt: str):
    """--format, checked as the client checks it: parsed, then run on an empty message
    (a bad field is an error before any event); "json" is {{json .}}."""
    if not fmt:
        return None
    from ..parser import UsageError
    from ..render.gotemplate import TemplateError, compile
    try:
        template = compile("{{json .}}" if fmt == "json" else fmt)
        template.execute(_message(None))
    except TemplateError as err:
        raise UsageError(f"Error parsing format: {err.raw}", 64) from None
    return template


# events.Message's fields whose JSON names differ (and are left out when empty)
MESSAGE_JSON_NAMES = {"Status": "status", "ID": "id", "From": "from", "Scope": "scope",
                      "Time": "time", "TimeNano": "timeNano"}


class NO_EVENT:  # noqa: N801 - what an empty events.Message is made of
    type = action = actor = ""
    attributes: dict = {}
    time = 0


_MADE = {}  # what _message_type made, once (not functools.lru_cache: off the start path too)


def _message_type():
    """The events.Message struct for templates, with the API's names for json (made once,
    when events first print with --format: gotemplate stays off the start path)."""
    if _MADE:
        return _MADE["message"]
    from ..render.gotemplate import GoStruct

    class Message(GoStruct):
        def __gojson__(self):
            return {MESSAGE_JSON_NAMES.get(key, key): value for key, value in self.fields.items()
                    if value or key not in MESSAGE_JSON_NAMES}
    _MADE["message"] = Message, GoStruct
    return Message, GoStruct


def _message(event):
    """The API's events.Message for an event (None: the empty message the client checks a
    template on)."""
    Message, GoStruct = _message_type()
    shown = event or NO_EVENT
    legacy = shown.type in ("container", "image")  # the deprecated fields, still sent
    return Message("*events.Message", Status=shown.action if legacy else "",
                   ID=shown.actor if legacy else "",
                   From=shown.attributes.get("image", "") if shown.type == "container" else "",
                   Type=shown.type, Action=shown.action,
                   Actor=GoStruct("events.Actor", ID=shown.actor,
                                  Attributes=dict(shown.attributes)),
                   Scope="local" if event else "", Time=int(shown.time),
                   TimeNano=int(shown.time * 1e9))


def _follow_events(ctx, show) -> None:
    """Print events as they happen until Ctrl-C (Interrupted, status 130)."""
    unsubscribe = ctx.engine.events.subscribe(show)
    try:
        ctx.wait(lambda: False)
    finally:
        unsubscribe()


def _parse_time(text: str, now: float) -> float:
    """--since/--until: a duration back from now ("10m", "1h30m", "45s") or a timestamp."""
    import re
    from datetime import datetime
    if re.fullmatch(r"(\d+(\.\d+)?(h|m|s|ms))+", text):
        total = 0.0
        for number, _, unit in re.findall(r"(\d+(\.\d+)?)(h|ms|m|s)", text):
            total += float(number) * {"h": 3600, "m": 60, "s": 1, "ms": 0.001}[unit]
        return now - total
    try:
        return float(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        from engine.errors import InvalidParameter
        raise InvalidParameter(f"invalid value for \"since\": failed to parse value as time or "
                               f"duration: \"{text}\"") from None


@command("sleep", "Let simulated time pass (in scripts it does not really wait)", "SECONDS",
         args=(Arg("SECONDS"),), min_args=1, max_args=1, exact_args=True, group="Shell")
def sleep(ctx, opts, args):
    try:
        seconds = float(args[0].rstrip("s"))
    except ValueError:
        ctx.out.line(f"sleep: invalid number '{args[0]}'")
        return 1
    if not 0 <= seconds <= MAX_SLEEP:  # inf, nan, 1e308: simulated time must stay a date
        ctx.out.line(f"sleep: invalid time interval '{args[0]}' (0 to {MAX_SLEEP:.0f} seconds)")
        return 1
    ctx.engine.sleep(seconds)  # a wall clock really waits (Ctrl-C ends it), a virtual one jumps
    return 0


@command("clear", "Clear the terminal screen", "", max_args=0, group="Shell")
def clear(ctx, opts, args):
    ctx.out.write("\x1b[H\x1b[2J")
    return 0


@command("exit", "Leave the shell", "[STATUS]", aliases=("quit",), max_args=1, group="Shell")
def exit_(ctx, opts, args):
    from ..recording import unwritten
    warning = unwritten(ctx.session)
    if warning:  # a recorded demo is not lost by one exit too many
        ctx.out.error(warning)
        return 1
    raise ExitShell(int(args[0]) if args and args[0].isdigit() else ctx.session.last_status)


def _management(group: str):
    """`image`, `container`, `network` ... alone: the usage of their subcommands, on stderr."""
    def handler(ctx, opts, args):
        from ..parser import group_help
        if args:
            raise unknown_subcommand(group, args[0])
        ctx.out.error(group_help(REGISTRY.get(group)).rstrip("\n"))
        return 0
    return handler


for _group in MANAGEMENT:
    command(_group, MANAGEMENT[_group], "COMMAND",
            args=(Arg("COMMAND", many=True, optional=True),),
            group="Management Commands")(_management(_group))
