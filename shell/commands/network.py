"""Networking commands: network create/ls/inspect/rm/connect/disconnect/prune, port, curl.

`curl` here is the host's own curl: it runs in the host's network namespace,
where published ports answer on localhost (docker-proxy) and every container
address is reachable over its bridge, so `curl localhost:8080` shows what a
browser on the host would get.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List

from engine import EngineError
from engine.clock import go_time
from engine.network import documents, published_ports

from ..parser import UsageError, daemon_error
from ..render.inspect import inspect_each
from ..render.table import align
from ..spec import (COMPLETE_CONTAINER, COMPLETE_NETWORK, FORMAT_HELP, INSPECT_FORMAT_HELP, Arg, Flag,
                    FormatFields, command, unsimulated_flag)

HOST_CURL_VERSION = "8.5.0"  # the simulated host's curl (Ubuntu 24.04's)
GROUP = "Network Commands"
LS_HEADERS = {"ID": "NETWORK ID", "Name": "NAME", "Driver": "DRIVER", "Scope": "SCOPE",
              "IPv6": "IPV6", "IPv4": "IPV4", "Internal": "INTERNAL", "Labels": "LABELS",
              "CreatedAt": "CREATED AT"}
NETWORK_ARG = Arg("NETWORK", COMPLETE_NETWORK)


@command("network create", "Create a network", "[OPTIONS] NETWORK",
         flags=(Flag("attachable", help="Enable manual container attachment"),
                Flag("aux-address", kind="list", type_name="map",
                     help="Auxiliary IPv4 or IPv6 addresses used by Network driver"),
                unsimulated_flag("config-from",
                                 help="The network from which to copy the configuration"),
                unsimulated_flag("config-only", "bool", "Create a configuration only network"),
                Flag("driver", "d", "string", "Driver to manage the Network", default="bridge",
                     completes=("bridge", "host", "ipvlan", "macvlan", "none", "overlay")),
                Flag("gateway", kind="list", type_name="strings",
                     help="IPv4 or IPv6 Gateway for the master subnet"),
                unsimulated_flag("ingress", "bool", "Create swarm routing-mesh network"),
                Flag("internal", help="Restrict external access to the network"),
                Flag("ip-range", kind="list", type_name="strings",
                     help="Allocate container ip from a sub-range"),
                Flag("ipam-driver", kind="string", help="IP Address Management Driver",
                     default="default"),
                unsimulated_flag("ipam-opt", "list", "Set IPAM driver specific options",
                                 type_name="map"),
                Flag("ipv4", help="Enable or disable IPv4 address assignment", default=True),
                Flag("ipv6", help="Enable or disable IPv6 address assignment"),
                Flag("label", kind="list", help="Set metadata on a network"),
                Flag("opt", "o", "list", "Set driver specific options", type_name="map"),
                unsimulated_flag("scope", help="Control the network's scope"),
                Flag("subnet", kind="list", type_name="strings",
                     help="Subnet in CIDR format that represents a network segment")),
         args=(NETWORK_ARG,), min_args=1, max_args=1, exact_args=True, group=GROUP)
def network_create(ctx, opts, args):
    subnets, gateways = opts["subnet"], opts["gateway"]
    if len(gateways) > len(subnets) or len(opts["ip-range"]) > len(subnets):
        ctx.out.line("every ip-range or gateway must have a corresponding subnet")
        return 1
    if len(subnets) > 1:
        ctx.out.line("crsim-shell: crsim simulates one IPv4 subnet per network")
        return 1
    if gateways and subnets:
        from engine.network.addresses import Subnet, ip_to_int
        try:
            wanted = Subnet.parse(subnets[0])
            inside = wanted.contains(ip_to_int(gateways[0]))
        except ValueError:
            inside = True  # the daemon reports the bad address
        if not inside:
            ctx.out.line(f"no matching subnet for gateway {gateways[0]}")
            return 1
    options = {}
    for item in opts["opt"]:
        key, _, value = item.partition("=")
        options[key] = value
    labels = {}
    for item in opts["label"]:
        key, _, value = item.partition("=")
        labels[key] = value
    created = ctx.engine.networks.create(args[0], driver=opts["driver"] or "bridge",
                                         subnet=subnets[0] if subnets else "",
                                         gateway=gateways[0] if gateways else "",
                                         internal=opts["internal"], attachable=opts["attachable"],
                                         labels=labels, options=options, ipv6=opts["ipv6"])
    ctx.out.line(created.id)
    return 0


def _ls_fields(net, trunc: bool) -> dict:
    return {"ID": net.id[:12] if trunc else net.id, "Name": net.name, "Driver": net.driver,
            "Scope": net.scope, "IPv6": "false", "IPv4": "true",
            "Internal": str(net.internal).lower(),
            "Labels": ",".join(f"{k}={v}" for k, v in sorted(net.labels.items())),
            "CreatedAt": go_time(net.created, whole_seconds=False)}


def _filter(networks, filters: List[str]):
    for spec in filters:
        key, has_value, value = spec.partition("=")
        if not has_value:
            raise UsageError("bad format of filter (expected name=value)", 1)
        if key == "name":
            networks = [n for n in networks if value in n.name]
        elif key == "id":
            networks = [n for n in networks if n.id.startswith(value)]
        elif key == "driver":
            networks = [n for n in networks if n.driver == value]
        elif key == "type":
            if value not in ("custom", "builtin"):
                raise EngineError(f"invalid filter: 'type'='{value}'")
            networks = [n for n in networks if n.predefined == (value == "builtin")]
        elif key == "label":
            k, eq, v = value.partition("=")
            networks = [n for n in networks if k in n.labels and (not eq or n.labels[k] == v)]
        elif key == "scope":
            networks = [n for n in networks if n.scope == value]
        elif key == "dangling":
            networks = [n for n in networks if (not n.endpoints and not n.predefined)
                        == (value in ("true", "1"))]
        else:
            raise EngineError(f"invalid filter '{key}'")
    return networks


@command("network ls", "List networks", "[OPTIONS]",
         flags=(Flag("filter", "f", "list", "Provide filter values (e.g. \"driver=bridge\")",
                     type_name="filter", completes=("dangling=", "driver=", "id=", "label=",
                                                    "name=", "scope=", "type=")),
                Flag("format", kind="string", help=FORMAT_HELP,
                     completes=FormatFields(LS_HEADERS)),
                Flag("no-trunc", help="Do not truncate the output"),
                Flag("quiet", "q", help="Only display network IDs")),
         aliases=("network list",), max_args=0, group=GROUP)
def network_ls(ctx, opts, args):
    networks = _filter(ctx.engine.networks.list(), opts["filter"])
    trunc = not opts["no-trunc"]
    if opts["quiet"]:
        for net in networks:
            ctx.out.line(net.id[:12] if trunc else net.id)
        return 0
    fmt = opts["format"]
    if fmt and fmt != "table":
        from .views import render_template
        return render_template(ctx, fmt, [_ls_fields(n, trunc) for n in networks], LS_HEADERS)
    rows = [["NETWORK ID", "NAME", "DRIVER", "SCOPE"]]
    for net in networks:
        fields = _ls_fields(net, trunc)
        rows.append([fields["ID"], fields["Name"], fields["Driver"], fields["Scope"]])
    ctx.out.write(align(rows))
    return 0


@command("network inspect", "Display detailed information on one or more networks",
         "[OPTIONS] NETWORK [NETWORK...]",
         flags=(Flag("format", "f", "string", INSPECT_FORMAT_HELP),
                Flag("verbose", "v", help="Verbose output for diagnostics")),
         args=(Arg("NETWORK", COMPLETE_NETWORK, many=True),), min_args=1, group=GROUP)
def network_inspect(ctx, opts, args):
    networks = ctx.engine.networks
    return inspect_each(ctx, opts["format"], args, lambda ref: documents.network(networks, networks.get(ref)),
                        "network")


@command("network rm", "Remove one or more networks", "NETWORK [NETWORK...]",
         flags=(Flag("force", "f", help="Do not error if the network does not exist"),),
         args=(Arg("NETWORK", COMPLETE_NETWORK, many=True),), aliases=("network remove",), min_args=1,
         group=GROUP)
def network_rm(ctx, opts, args):
    status = 0
    for ref in args:
        try:
            ctx.engine.networks.remove(ref)
        except EngineError as err:
            if opts["force"] and "not found" in str(err):
                continue
            ctx.out.error(daemon_error(err))
            status = 1
        else:
            ctx.out.line(ref)
    return status


@command("network connect", "Connect a container to a network", "[OPTIONS] NETWORK CONTAINER",
         flags=(Flag("alias", kind="list", type_name="strings",
                     help="Add network-scoped alias for the container"),
                unsimulated_flag("driver-opt", "list", "driver options for the network",
                                 type_name="strings"),
                unsimulated_flag("gw-priority", "int", "Highest gw-priority provides the default "
                                 "gateway. Accepts positive and negative values."),
                Flag("ip", kind="string", help="IPv4 address (e.g., \"172.30.100.104\")"),
                unsimulated_flag("ip6", help="IPv6 address (e.g., \"2001:db8::33\")"),
                Flag("link", kind="list", help="Add link to another container"),
                unsimulated_flag("link-local-ip", "list",
                                 "Add a link-local address for the container", type_name="strings")),
         args=(NETWORK_ARG, Arg("CONTAINER", COMPLETE_CONTAINER)), min_args=2, max_args=2,
         exact_args=True, group=GROUP)
def network_connect(ctx, opts, args):
    container = ctx.engine.container(args[1])
    ctx.engine.networks.connect(args[0], container, aliases=opts["alias"], ip=opts["ip"] or "",
                                links=opts["link"])
    return 0


@command("network disconnect", "Disconnect a container from a network",
         "[OPTIONS] NETWORK CONTAINER",
         flags=(Flag("force", "f", help="Force the container to disconnect from a network"),),
         args=(NETWORK_ARG, Arg("CONTAINER", COMPLETE_CONTAINER)), min_args=2, max_args=2,
         exact_args=True, group=GROUP)
def network_disconnect(ctx, opts, args):
    container = ctx.engine.container(args[1])
    ctx.engine.networks.disconnect(args[0], container, force=opts["force"])
    return 0


@command("network prune", "Remove all unused networks", "[OPTIONS]",
         flags=(Flag("filter", kind="list", type_name="filter",
                     help="Provide filter values (e.g. \"until=<timestamp>\")"),
                Flag("force", "f", help="Do not prompt for confirmation")),
         max_args=0, group=GROUP)
def network_prune(ctx, opts, args):
    from .prune import confirmed, deleted
    if not confirmed(ctx, opts, "WARNING! This will remove all custom networks not used by at "
                                "least one container."):
        return 0
    deleted(ctx, "Networks", ctx.engine.networks.prune(opts["filter"], ctx.engine.clock.now()))
    return 0


@command("port", "List port mappings or a specific mapping for the container",
         "CONTAINER [PRIVATE_PORT[/PROTO]]",
         args=(Arg("CONTAINER", COMPLETE_CONTAINER), Arg("PRIVATE_PORT", optional=True)),
         aliases=("container port",), min_args=1, max_args=2)
def port(ctx, opts, args):
    container = ctx.engine.container(args[0])
    published = published_ports(container)
    wanted = ""
    if len(args) > 1:
        number, _, proto = args[1].partition("/")
        wanted = f"{number}/{proto or 'tcp'}"
        if wanted not in published:
            ctx.out.line(f"Error: No public port '{wanted}' published for {args[0]}")
            return 1
    for line in documents.port_lines(published, wanted):
        ctx.out.line(line)
    return 0


CURL_FLAGS = (
    Flag("data", "d", "list", "HTTP POST data"),
    Flag("fail", "f", help="Fail fast with no output on HTTP errors"),
    Flag("head", "I", help="Show document info only"),
    Flag("header", "H", "list", "Pass custom header(s) to server"),
    Flag("include", "i", help="Include response headers in output"),
    Flag("location", "L", help="Follow redirects"),
    Flag("max-time", "m", "string", "Maximum time allowed for transfer"),
    Flag("connect-timeout", kind="string", help="Maximum time allowed for connection"),
    Flag("output", "o", "string", "Write to file instead of stdout"),
    Flag("request", "X", "string", "Specify request method to use"),
    Flag("show-error", "S", help="Show error even when -s is used"),
    Flag("silent", "s", help="Silent mode"),
    Flag("user-agent", "A", "string", "Send User-Agent <name> to server"),
    Flag("verbose", "v", help="Make the operation more talkative"),
    Flag("write-out", "w", "string", "Use output FORMAT after completion"),
)


@command("curl", "Transfer a URL from the host (reaches published ports on localhost)",
         "[OPTIONS] URL", flags=CURL_FLAGS, args=(Arg("URL", many=True),), min_args=1,
         group="Shell")
def curl(ctx, opts, args):
    from engine.network import NetStack
    from engine.proc.api import Context, Sleep, Stream
    from engine.userland.net.http import curl_main
    if opts["output"]:
        ctx.out.line("curl: crsim's host curl does not write host files; drop -o (or run curl "
                     "inside a container)")
        return 2
    argv = ["curl"]
    for flag in CURL_FLAGS:
        value = opts[flag.long]
        if flag.kind == "bool":
            if value:
                argv.append(f"--{flag.long}")
        elif flag.kind == "list":
            for item in value:
                argv += [f"--{flag.long}", item]
        elif value is not None:
            argv += [f"--{flag.long}", value]
    argv += args
    engine = ctx.engine
    engine.settle()
    stream = Stream(on_write=ctx.out.write)
    program_ctx = Context(argv=argv, env={}, cwd="/", stdin=Stream(), stdout=stream,
                          stderr=stream, fs=None, system=None, flavour="gnu", libc="glibc",
                          tty=True)
    runner = curl_main(program_ctx, HOST_CURL_VERSION, NetStack(engine.networks), terminal=True)
    try:
        request = next(runner)
        while True:
            if isinstance(request, Sleep):
                engine.sleep(request.seconds)
            request = runner.send(None)
    except StopIteration as done:
        return int(done.value or 0)


__all__ = ["port", "curl"]
