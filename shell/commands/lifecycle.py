"""Container lifecycle commands: run, create, start, stop, kill, restart, pause, unpause, rm, rename."""

from __future__ import annotations

import os

from engine import EngineError, NoSuchImage
from engine.image.reference import parse_normalized
from engine.lazy import LazyModule

from ..interrupts import KEY, SIGINT, Interrupted
from ..parser import PROGRAM, UsageError, daemon_error
from ..detach_keys import detach_keys, key_bytes
from ..spec import (DETACH_KEYS_FLAG, COMPLETE_CONTAINER, COMPLETE_IMAGE, COMPLETE_PROGRAM, COMPLETE_RUNNING,
                    COMPLETE_SIGNAL, Arg, Flag, command, unsimulated_flag)
from .pull_output import pull_image
from ..host_paths import confine
from .run_options import check_reference, client_error, engine_options

# run's and create's hundred flags, made only when the command table is built anew
run_flags = LazyModule(f"{__package__}.run_flags", globals())

IMAGE_AND_COMMAND = (Arg("IMAGE", COMPLETE_IMAGE), Arg("COMMAND", COMPLETE_PROGRAM, optional=True),
                     Arg("ARG", many=True, optional=True))
CONTAINERS = (Arg("CONTAINER", COMPLETE_CONTAINER, many=True),)
RUNNING = (Arg("CONTAINER", COMPLETE_RUNNING, many=True),)


def _create(ctx, cmd_name: str, opts, args):
    """Create, pulling the image first if it is missing (as the docker CLI does)."""
    from ..spec import REGISTRY
    spec = REGISTRY.get(cmd_name)
    options = engine_options(spec, opts, ctx.engine, ctx.session.environ)
    image, command_args = args[0], args[1:] or None
    check_reference(spec, image)
    cidfile = confine(ctx.engine, opts["cidfile"]) if opts["cidfile"] else ""
    if cidfile and os.path.exists(cidfile):
        raise client_error(spec, "container ID file found, make sure the other container isn't "
                                 f"running or delete {cidfile}")
    if options.get("network") == "host" and (options.get("publish") or options.get("publish_all")):
        ctx.out.line("WARNING: Published ports are discarded when using host network mode")
    ref = parse_normalized(image).with_default_tag().familiar()
    policy, quiet = opts["pull"] or "missing", opts["quiet"]
    if policy == "always":
        _pull_for_run(ctx, ref, quiet)
    try:
        container = ctx.engine.create(image, command_args, **options)
    except NoSuchImage:
        if policy != "missing":
            raise
        if not quiet:
            ctx.out.error(f"Unable to find image '{ref}' locally")
        _pull_for_run(ctx, ref, quiet)
        container = ctx.engine.create(image, command_args, **options)
    for warning in container.warnings:
        ctx.out.error(f"WARNING: {warning}")
    if cidfile:
        with open(cidfile, "w") as handle:  # the CLI writes it once the daemon made it
            handle.write(container.id)
    return container


def _pull_for_run(ctx, ref: str, quiet: bool) -> None:
    if quiet:
        ctx.engine.pull(ref)  # -q: the pull's progress is not shown
    else:
        pull_image(ctx, ref, for_run=True)  # with the tag spelled out: no "Using default tag"


def _run_failure(ctx, cmd_name: str, err: EngineError) -> int:
    """`docker run`/`create` report daemon errors with the CLI's name and a help hint."""
    ctx.out.error(f"{PROGRAM}: Error response from daemon: {err}")
    ctx.out.error("")
    ctx.out.error(f"Run '{PROGRAM} {cmd_name} --help' for more information")
    return err.exit_code if err.exit_code in (126, 127) else 125


@command("create", "Create a new container", "[OPTIONS] IMAGE [COMMAND] [ARG...]",
         flags=lambda: run_flags.SHARED_FLAGS + run_flags.CREATE_ONLY_FLAGS, args=IMAGE_AND_COMMAND, aliases=("container create",),
         min_args=1, interspersed=False)
def create(ctx, opts, args):
    try:
        container = _create(ctx, "create", opts, args)
    except EngineError as err:
        return _run_failure(ctx, "create", err)
    ctx.out.line(container.id)
    return 0


def _print_logs(ctx, container, since_index: int, streams=("stdout", "stderr")) -> int:
    for line in container.logs[since_index:]:
        if line.stream in streams:
            ctx.out.write(line.text, line.stream)
    return len(container.logs)


# The docker client gives up after this many Ctrl-C (SIGINT/SIGTERM) that did not end
# the command: cmd/docker/docker.go, forceExitAfter3TerminationSignals.
FORCE_EXIT_SIGNALS = 3
FORCE_EXIT_MESSAGE = "\ngot 3 SIGTERM/SIGINTs, forcefully exiting"


def _attached(ctx, container, seen, proxy: bool = True, streams=("stdout", "stderr")) -> int:
    """Stay attached to a started container until PID 1 exits, printing its output as it
    comes; its exit status.

    Signals are proxied, as `docker run` and `start -a` do by default (--sig-proxy=true):
    each Ctrl-C is sent to the container as SIGINT (Ctrl-\\ as SIGQUIT), and the client
    waits on. PID 1 without a handler ignores them (the kernel's rule for a namespace's
    init), so the container usually goes on; the client then exits by itself at the
    third Ctrl-C ("got 3 SIGTERM/SIGINTs, forcefully exiting", status 1), leaving the
    container running. A time limit (or, in virtual time, nothing left to happen) is one
    Ctrl-C; if the container ignores it, the client ends there, as if detached.
    """
    engine = ctx.engine
    shown = seen if isinstance(seen, list) else [seen]  # (a list: shared with run's trace)

    def exited() -> bool:
        shown[0] = _print_logs(ctx, container, shown[0], streams)
        return not container.state.running

    strikes = [0]

    def react(sig: Interrupted):
        if not proxy:
            raise sig
        if container.state.running and not container.state.restarting:
            engine.kill(container.id, str(sig.signum))  # the proxied signal
            exited()
        if sig.reason != KEY:
            raise sig
        if sig.signum == SIGINT:
            strikes[0] += 1
            if strikes[0] >= FORCE_EXIT_SIGNALS:
                ctx.out.error(FORCE_EXIT_MESSAGE)
                return 1
        return None
    status = _foreground(ctx, exited, react)
    return container.state.exit_code if status is None else status


def _foreground(ctx, done, react):
    """Wait for ``done()`` as a client in the foreground (``done`` also shows the output
    that came). Each key (Interrupted) goes to ``react``, which raises it (the client
    ends there), returns a status (the client ends with it) or None (it waits on)."""
    while True:
        try:
            ctx.wait(done)
            return None
        except Interrupted as sig:
            done()
            status = react(sig)
            if status is not None:
                return status


@command("run", "Create and run a new container from an image",
         "[OPTIONS] IMAGE [COMMAND] [ARG...]",
         flags=lambda: run_flags.SHARED_FLAGS + run_flags.RUN_ONLY_FLAGS,
         args=IMAGE_AND_COMMAND, aliases=("container run",), min_args=1, interspersed=False,
         group="Common Commands")
def run(ctx, opts, args):
    # (a detached container's terminal is the daemon's: the CLI checks its own only to attach)
    if opts["interactive"] and opts["tty"] and not opts["detach"] and not ctx.session.interactive:
        raise UsageError("the input device is not a TTY", 1)
    try:
        container = _create(ctx, "run", opts, args)
    except EngineError as err:
        return _run_failure(ctx, "run", err)
    if opts["detach"]:
        ctx.out.line(container.id)  # the CLI prints the id before it starts the container
    else:
        try:  # the CLI attaches before it starts: the daemon reads the keys then
            keys = detach_keys(opts["detach-keys"])
        except EngineError as err:
            return _run_failure(ctx, "run", err)
    shown = [len(container.logs)]  # the container's output printed so far
    config = container.config
    streams = tuple(s for s, on in (("stdout", config.attach_stdout), ("stderr", config.attach_stderr)) if on)
    if not opts["detach"]:  # the trace shows the output in its place, between the operations
        ctx.session.flush_client = lambda: shown.__setitem__(
            0, _print_logs(ctx, container, shown[0], streams))
    try:
        try:
            # a here-document is what the client sends to `run -i` before closing its input
            sent = ctx.stdin if opts["interactive"] and not opts["detach"] and ctx.stdin else None
            ctx.engine.runtime.start(container, stdin=sent)
        except EngineError as err:
            return _run_failure(ctx, "run", err)
        if opts["detach"]:
            return 0
        return _run_attached(ctx, opts, container, keys, shown, streams)
    finally:
        ctx.session.flush_client = None


def _run_attached(ctx, opts, container, keys, shown, streams) -> int:
    """`run` without -d, its container started: a terminal, or its output until it ends."""
    if opts["interactive"] and opts["tty"] and container.state.running and ctx.session.interactive:
        # `docker run -it` ends quietly, with 0, when the user detaches.
        if _attach_terminal(ctx, container, keys, None, 0):
            return 0
        from ..interactive.full_screen import DETACH_KEYS_TYPED, ENDED, lend_to_main
        seen = shown[0] if isinstance(shown, list) else shown
        how = lend_to_main(ctx.engine, container, seen, ctx.out.write, key_bytes(keys))
        if how == DETACH_KEYS_TYPED:  # `docker run -it` ends quietly, with 0
            ctx.out.write("\n")
            return 0
        if how == ENDED:  # `run -it alpine top`
            return container.state.exit_code
        ctx.out.line(f"{PROGRAM}: {container.name} keeps running; attaching a terminal needs "
                     f"the interactive shell")
        return 0
    return _attached(ctx, container, shown, proxy=opts["sig-proxy"] is not False, streams=streams)


def _each(ctx, refs, action) -> int:
    """Apply ``action`` to each container, printing its name as Docker does; errors go on."""
    status = 0
    for ref in refs:
        try:
            action(ref)
        except EngineError as err:
            ctx.out.error(daemon_error(err))
            status = 1
        else:
            ctx.out.line(ref)
    return status


@command("start", "Start one or more stopped containers", "[OPTIONS] CONTAINER [CONTAINER...]",
         flags=(Flag("attach", "a", help="Attach STDOUT/STDERR and forward signals"),
                unsimulated_flag("checkpoint", help="Restore from this checkpoint"),
                unsimulated_flag("checkpoint-dir",
                                 help="Use a custom checkpoint storage directory"),
                DETACH_KEYS_FLAG,
                Flag("interactive", "i", help="Attach container's STDIN")),
         args=CONTAINERS, aliases=("container start",), min_args=1)
def start(ctx, opts, args):
    attaching = opts["attach"] or opts["interactive"]  # start.go attaches for either
    terminal, keys = False, ()
    if attaching:
        if len(args) > 1:
            raise UsageError("you cannot start and attach multiple containers at once", 1)
        config = ctx.engine.container(args[0]).config
        terminal = opts["interactive"] and config.tty and config.open_stdin
        if terminal and not ctx.session.interactive:
            raise UsageError("the input device is not a TTY", 1)
        keys = detach_keys(opts["detach-keys"])  # the daemon reads them as it attaches
    status = 0
    for ref in args:
        try:
            container = ctx.engine.start(ref)
        except EngineError as err:
            ctx.out.error(daemon_error(err))
            ctx.out.error(f"Error: failed to start containers: {ref}")
            status = 1
            continue
        if not attaching:
            ctx.out.line(ref)
        elif terminal and _attach_terminal(ctx, container, keys, None, 0):
            return 0  # start -ai: the container's shell; detaching ends quietly with 0
        else:
            # start -a proxies signals only to a container without a tty (start.go)
            status = _attached(ctx, container, 0, proxy=not container.config.tty)
    return status


def _attach_terminal(ctx, container, keys, detach_message="read escape sequence",
                     detach_status=1) -> bool:
    """Hand the container's terminal (its main shell) to the front end, if it has one."""
    shell_session = ctx.engine.attach_main_shell(container.id)
    if shell_session is None:
        return False
    ctx.session.attach(shell_session, detach_message, detach_status, keys)
    return True


def _stop_all(ctx, refs, begin) -> int:
    """stop and restart: every container gets its stop signal at once (the CLI runs them
    in parallel), then each is waited for in turn and named when it is done."""
    status = 0
    under_way = []
    for ref in refs:
        try:
            under_way.append((ref, begin(ref)))
        except EngineError as err:
            under_way.append((ref, err))
    for ref, stopping in under_way:
        if isinstance(stopping, EngineError):
            ctx.out.error(f"Error response from daemon: {stopping}")
            status = 1
            continue
        if not stopping.done and not ctx.engine.clock.virtual:
            ctx.notice(f"Waiting up to {stopping.timeout} s for {ref} to stop (SIGKILL after)…"
                       if stopping.timeout >= 0 else f"Waiting for {ref} to stop…")
        ctx.wait(lambda: stopping.done)
        if stopping.error is not None:
            ctx.out.error(f"Error response from daemon: {stopping.error}")
            status = 1
            continue
        ctx.out.line(ref)
    return status


@command("attach", "Attach local standard input, output, and error streams to a running "
         "container", "[OPTIONS] CONTAINER",
         flags=(DETACH_KEYS_FLAG, Flag("no-stdin", help="Do not attach STDIN"),
                Flag("sig-proxy", help="Proxy all received signals to the process",
                     default=True)),
         args=(Arg("CONTAINER", COMPLETE_RUNNING),), aliases=("container attach",),
         min_args=1, max_args=1, exact_args=True)
def attach(ctx, opts, args):
    """The terminal of a container started with -it (its shell, until the detach keys:
    "read escape sequence", status 1), or its output from now on until it exits."""
    container = ctx.engine.container(args[0])
    state = container.state
    if not state.running:
        raise UsageError("You cannot attach to a stopped container, start it first", 1)
    if state.paused:
        raise UsageError("You cannot attach to a paused container, unpause it first", 1)
    if state.restarting:
        raise UsageError("You cannot attach to a restarting container, wait until it is "
                         "running", 1)
    config = container.config
    terminal = config.tty and config.open_stdin and not opts["no-stdin"]
    if terminal and not ctx.session.interactive:
        raise UsageError("the input device is not a TTY", 1)
    keys = detach_keys(opts["detach-keys"])
    if terminal and _attach_terminal(ctx, container, keys):
        return 0
    # attach.go proxies signals only to a container without a tty
    return _attached(ctx, container, len(container.logs),
                     proxy=opts["sig-proxy"] and not config.tty)


@command("stop", "Stop one or more running containers", "[OPTIONS] CONTAINER [CONTAINER...]",
         flags=(Flag("signal", "s", "string", "Signal to send to the container",
                     completes=COMPLETE_SIGNAL),
                Flag("timeout", "t", "int", "Seconds to wait before killing the container")),
         args=RUNNING, aliases=("container stop",), min_args=1, group="Common Commands")
def stop(ctx, opts, args):
    return _stop_all(ctx, args, lambda ref: ctx.engine.begin_stop(ref, opts["timeout"],
                                                                   opts["signal"]))


@command("kill", "Kill one or more running containers", "[OPTIONS] CONTAINER [CONTAINER...]",
         flags=(Flag("signal", "s", "string", "Signal to send to the container",
                     completes=COMPLETE_SIGNAL),),
         args=RUNNING, aliases=("container kill",), min_args=1)
def kill(ctx, opts, args):
    return _each(ctx, args, lambda ref: ctx.engine.kill(ref, opts["signal"] or "KILL"))


@command("restart", "Restart one or more containers", "[OPTIONS] CONTAINER [CONTAINER...]",
         flags=(Flag("signal", "s", "string", "Signal to send to the container",
                     completes=COMPLETE_SIGNAL),
                Flag("timeout", "t", "int", "Seconds to wait before killing the container")),
         args=CONTAINERS, aliases=("container restart",), min_args=1)
def restart(ctx, opts, args):
    return _stop_all(ctx, args, lambda ref: ctx.engine.begin_restart(ref, opts["timeout"]))


@command("pause", "Pause all processes within one or more containers", "CONTAINER [CONTAINER...]",
         args=RUNNING, aliases=("container pause",), min_args=1)
def pause(ctx, opts, args):
    return _each(ctx, args, ctx.engine.pause)


@command("unpause", "Unpause all processes within one or more containers",
         "CONTAINER [CONTAINER...]", args=CONTAINERS, aliases=("container unpause",), min_args=1)
def unpause(ctx, opts, args):
    return _each(ctx, args, ctx.engine.unpause)


@command("rm", "Remove one or more containers", "[OPTIONS] CONTAINER [CONTAINER...]",
         flags=(Flag("force", "f", help="Force the removal of a running container (uses SIGKILL)"),
                Flag("link", "l", help="Remove the specified link"),
                Flag("volumes", "v", help="Remove anonymous volumes associated with the container")),
         args=CONTAINERS, aliases=("container rm", "container remove"), min_args=1)
def rm(ctx, opts, args):
    if "" in args:
        raise UsageError("container name cannot be empty", 1)  # the docker CLI's own check
    if opts["link"]:  # the links named go; the containers stay
        return _each(ctx, args, ctx.engine.remove_link)
    return _each(ctx, args, lambda ref: ctx.engine.remove(ref, opts["force"], opts["volumes"]))


@command("rename", "Rename a container", "CONTAINER NEW_NAME",
         args=(Arg("CONTAINER", COMPLETE_CONTAINER), Arg("NEW_NAME")),
         aliases=("container rename",), min_args=2, exact_args=True)
def rename(ctx, opts, args):
    ctx.engine.rename(args[0], args[1])
    return 0


@command("exec", "Execute a command in a running container",
         "[OPTIONS] CONTAINER COMMAND [ARG...]",
         flags=(Flag("detach", "d", help="Detached mode: run command in the background"),
                DETACH_KEYS_FLAG,
                Flag("env", "e", "list", "Set environment variables"),
                Flag("env-file", kind="list", help="Read in a file of environment variables"),
                Flag("interactive", "i", help="Keep STDIN open even if not attached"),
                Flag("privileged", help="Give extended privileges to the command"),
                Flag("tty", "t", help="Allocate a pseudo-TTY"),
                Flag("user", "u", "string", "Username or UID (format: "
                     "\"<name|uid>[:<group|gid>]\")"),
                Flag("workdir", "w", "string", "Working directory inside the container")),
         args=(Arg("CONTAINER", COMPLETE_RUNNING), Arg("COMMAND", COMPLETE_PROGRAM),
               Arg("ARG", many=True, optional=True)),
         aliases=("container exec",), min_args=2, interspersed=False, group="Common Commands")
def exec_(ctx, opts, args):
    from ..host_paths import confine
    from .run_options import expand_env, read_env_file
    env = []
    for path in opts["env-file"]:
        env += read_env_file(confine(ctx.engine, path), ctx.session.environ)
    env += expand_env(opts["env"], ctx.session.environ)
    engine = ctx.engine
    engine.container(args[0])  # as the CLI, a missing container is the first error
    terminal = opts["interactive"] and opts["tty"] and not opts["detach"]
    if terminal and not ctx.session.interactive:
        raise UsageError("the input device is not a TTY", 1)
    keys = detach_keys(opts["detach-keys"], "escape")  # read when the daemon creates the exec
    if terminal:
        shell_session = engine.attach_shell(args[0], args[1:], env=env,
                                            workdir=opts["workdir"] or "",
                                            user=opts["user"] or "")
        if shell_session is not None:
            ctx.session.attach(shell_session, keys=keys)
            return 0
    try:
        # -i without a terminal: the process reads what the line feeds it (a here-document)
        result = engine.exec(args[0], args[1:], env=env, workdir=opts["workdir"] or "",
                             user=opts["user"] or "", tty=opts["tty"],
                             interactive=opts["interactive"], detach=True,
                             stdin=ctx.stdin if opts["interactive"] and not terminal else "")
    except EngineError as err:
        if err.exit_code in (126, 127):
            ctx.out.line(err.message)
            return err.exit_code
        raise
    if opts["detach"]:
        return 0  # docker exec -d prints nothing; the output goes nowhere
    return _exec_attached(ctx, result, terminal=opts["interactive"] and opts["tty"], keys=keys)


def _exec_attached(ctx, result, terminal: bool, keys=()) -> int:
    """Show an exec's output as it comes until it ends; its exit status.

    `docker exec` proxies no signal (moby/moby#9098): a Ctrl-C ends the client and
    the process goes on in the container, as it does when the time limit interrupts
    the command. With -it the terminal is the process's own (raw mode): Ctrl-C and
    Ctrl-\\ reach the process through its tty, as SIGINT and SIGQUIT.
    """
    if terminal and ctx.session.interactive:
        from ..interactive.full_screen import DETACH_KEYS_TYPED, ENDED, lend_to_exec
        how = lend_to_exec(ctx.engine, result, ctx.out.write, key_bytes(keys))
        if how == DETACH_KEYS_TYPED:  # the program goes on; the client says why it left
            ctx.out.write("\n")
            ctx.out.error("read escape sequence")
            return 1
        if how == ENDED:  # keys reach it: q quits top
            return result.process.exit_code
    mark = [0]

    def ended() -> bool:
        text, mark[0] = result.output_since(mark[0])
        ctx.out.write(text)
        return result.finished
    def react(sig: Interrupted) -> None:
        if not terminal or sig.reason != KEY:
            raise sig
        ctx.engine.terminal_signal(result.process, sig.signum)
    _foreground(ctx, ended, react)
    return result.process.exit_code


@command("wait", "Block until one or more containers stop, then print their exit codes",
         "CONTAINER [CONTAINER...]", args=CONTAINERS, aliases=("container wait",), min_args=1)
def wait(ctx, opts, args):
    engine = ctx.engine
    status = 0
    for ref in args:
        try:
            container = engine.container(ref)
        except EngineError as err:
            ctx.out.error(daemon_error(err))
            status = 1
            continue
        ctx.wait(lambda: not container.state.running or container.state.restarting)
        ctx.out.line(str(container.state.exit_code))
    return status
