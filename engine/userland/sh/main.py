"""The shell as a program: `sh -c '...'`, `sh script.sh args`, `sh` reading its
standard input (a pipe, or a container's open stdin with `docker run -i`).

Registered as sh and ash (busybox's ash: alpine, busybox), bash, and dash
(debian's /bin/sh). Each name speaks its own shell's messages.
"""

from __future__ import annotations

from types import GeneratorType

from ...proc.invoke import invoke
from ...proc.trampoline import run_now, trampoline
from . import io as shio
from .shell import LONG_OPTIONS
from .parser import ParseError, Parser
from .shell import ExecReplace, Shell, ShellAbort, ShellExit, StackOverflow


def run_to_end(gen):
    """Drive a generator to its end without letting time pass (trap handlers)."""
    return run_now(gen)


def run_replacing(ctx, gen):
    """Run the shell's work; on `exec prog`, become ``prog`` in this same process.
    The work runs on a trampoline: the shell's own recursion (functions, subshells,
    eval) takes no Python stack."""
    try:
        return (yield from trampoline(gen))
    except ExecReplace as ex:
        from .jobs import process_of
        process = process_of(ctx)
        ctx.argv = list(ex.argv)
        ctx.env = dict(ex.env)
        ctx.flavour = ex.flavour
        ctx.stdin, ctx.stdout, ctx.stderr = getattr(ex, "streams", (ctx.stdin, ctx.stdout,
                                                                     ctx.stderr))
        ctx.cwd = getattr(ex, "cwd", ctx.cwd)
        # execve keeps ignored signals ignored and resets caught ones to their default
        old = ctx.extra.get("signals") or {}
        ctx.extra["signals"] = {n: None for n in list(dict.keys(old))
                                if dict.get(old, n) in ("", None)}
        if process is not None:
            process.argv = tuple(ex.argv)
            process.path = ex.path
        result = invoke(ex.main, ctx)
        if isinstance(result, GeneratorType):
            return (yield from result)
        return int(result or 0)


def make_main(dialect: str):
    def main(ctx):
        return run_replacing(ctx, shell_main(ctx, dialect))
    main.streams_input = True  # it reads its input a line or a block at a time
    main.__name__ = f"{dialect}_main"
    main.__doc__ = f"The {dialect} shell."
    return main


def _usage_error(ctx, dialect: str, text: str) -> int:
    ctx.stderr.write(f"{ctx.argv[0] if ctx.argv else 'sh'}: {text}\n")
    return 2


def shell_main(ctx, dialect: str):
    argv = list(ctx.argv)
    arg0 = argv[0] if argv else "sh"
    args = argv[1:]
    opts = set()
    command = None
    read_stdin = False
    force_interactive = False
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--" or arg == "-":
            i += 1
            break
        if arg.startswith("--"):
            i += 1  # bash's long options (--norc, --login, --posix ...): accepted
            continue
        if arg[0] in "-+" and len(arg) > 1:
            on = arg[0] == "-"
            j = 1
            while j < len(arg):
                letter = arg[j]
                if letter == "c" and on:
                    command = True
                elif letter == "s" and on:
                    read_stdin = True
                elif letter == "i" and on:
                    force_interactive = True
                elif letter == "l":
                    pass
                elif letter == "o":
                    i += 1
                    if i < len(args) and args[i] in LONG_OPTIONS:
                        (opts.add if on else opts.discard)(LONG_OPTIONS[args[i]])
                elif letter in "eufxCavnmbhB":
                    (opts.add if on else opts.discard)(letter)
                else:
                    ctx.stderr.write(f"{arg0}: -{letter}: invalid option\n"
                                     if dialect == "bash" else
                                     f"{arg0}: Illegal option -{letter}\n")
                    return 2
                j += 1
            i += 1
            continue
        break
    rest = args[i:]
    if command:
        if not rest:
            if dialect == "bash":
                ctx.stderr.write(f"{arg0}: -c: option requires an argument\n")
            elif dialect == "dash":
                ctx.stderr.write(f"{arg0}: 0: -c requires an argument\n")
            else:
                ctx.stderr.write(f"{arg0}: -c requires an argument\n")
            return 2
        text = rest[0]
        name = rest[1] if len(rest) > 1 else arg0
        shell = Shell(ctx, dialect, name, rest[2:], source_kind="c",
                      script_name=name if (len(rest) > 1 and dialect == "ash") else None)
        shell.opts |= opts
        if dialect == "bash" and not text.endswith("\n"):
            text += "\n"  # bash reads -c as a line: EOF errors are on the next line
        return (yield from _run(shell, shell.run_text(text, first_line=shell.lineno, tail_exec_last=True)))
    if rest and not read_stdin:
        path = rest[0]
        try:
            entry = ctx.fs.stat(path, ctx.cwd)
            if entry.kind == "dir":
                if dialect == "bash":
                    ctx.stderr.write(f"{arg0}: {path}: {ctx.strerror(21)}\n")
                    return 126
                return 0
            data = ctx.fs.read(path, ctx.cwd)
        except Exception as err:
            errno = getattr(err, "errno", 2)
            if dialect == "bash":
                ctx.stderr.write(f"{arg0}: {path}: {ctx.strerror(errno)}\n")
                return 127
            if dialect == "dash":
                ctx.stderr.write(f"{arg0}: 0: cannot open {path}: No such file\n")
                return 2
            ctx.stderr.write(f"{arg0}: can't open '{path}': {ctx.strerror(errno)}\n")
            return 2
        text = data.decode("utf-8", "surrogateescape")
        shell = Shell(ctx, dialect, path, rest[1:], source_kind="file", script_name=path)
        shell.opts |= opts
        return (yield from _run(shell, shell.run_text(text, first_line=1)))
    # on a terminal (-t) with input (-i) the shell is interactive: prompts, no line numbers
    interactive = force_interactive or bool(ctx.tty and not getattr(ctx.stdin, "closed", True))
    shell = Shell(ctx, dialect, arg0, rest, source_kind="stdin", interactive=interactive)
    shell.opts |= opts
    if interactive:
        from .interactive import default_ps1
        shell.vars.setdefault("PS1", default_ps1(shell))
    return (yield from _run(shell, read_stdin_loop(shell)))


def _run(shell: Shell, body):
    try:
        try:
            status = yield from body
        except ShellExit as done:
            status = done.status
        except ShellAbort as abort:
            status = abort.status
        except StackOverflow as crash:
            return crash.status
        shell.status = status
        status = yield from shell.run_exit_trap(status)
    finally:
        shio.flush_all(shell.open_sinks)
    return status


def read_stdin_loop(shell: Shell):
    """Read commands from standard input a line at a time (so that a command can
    read the lines that follow it), waiting while the input is open but empty."""
    from .builtins import read_line
    from .interactive import render_prompt
    stream = shell.fds[0]
    buffer = ""
    line_no = 1
    start_line = 1
    while True:
        if shell.interactive:
            prompt = render_prompt(shell, "PS2" if buffer else "PS1")
            (shell.fds[1] if shell.dialect.name == "ash" else shell.fds[2]).write(prompt)
        if shell.interactive or shell.dialect.name == "bash":
            line, found = yield from read_line(shell, stream)
        else:
            # ash and dash read a pipe in blocks, not line by line: a `read` in the
            # script finds nothing left of what was already there
            line, found = yield from read_block(shell, stream)
        if not found and not line:
            if buffer:
                yield from shell.run_text(buffer, first_line=start_line)
            if shell.interactive and shell.dialect.name == "bash":
                shell.err("exit\n")
            return shell.status
        if not buffer:
            start_line = line_no
        buffer += line + ("\n" if found else "")
        line_no += 1 + line.count("\n")
        if found and _incomplete(buffer, shell.dialect.name):
            continue
        text, buffer = buffer, ""
        yield from shell.run_text(text, first_line=start_line)
        if not found:
            return shell.status


def read_block(shell: Shell, stream):
    """Everything the stream holds, once it holds a line or has ended."""
    from .builtins import read_line
    line, found = yield from read_line(shell, stream)
    if not found:
        return line, found
    rest = stream.read() if hasattr(stream, "read") else ""
    if rest.endswith("\n"):
        return line + "\n" + rest[:-1], True
    if rest:
        return line + "\n" + rest, False
    return line, True


def _incomplete(text: str, dialect: str) -> bool:
    try:
        Parser(text, dialect).parse_all()
    except ParseError as err:
        return err.incomplete
    return False
