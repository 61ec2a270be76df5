"""redis-cli: one command from its arguments, or a session (a prompt on a terminal,
one command a line from a pipe). On a terminal it prints replies as Redis shows them
to people (`(integer) 1`, `"value"`, `(nil)`, `1) "a"`); into a pipe or with --raw, the
bare values, as scripts want them."""

from __future__ import annotations

import shlex
from typing import List

from ...proc.api import Context, program
from ..net.dial import dial
from .dial import exchange
from .resp import Error, Status, encode_command, parse_reply
from .redis_server import DEFAULT_VERSION

RAW_COMMANDS = ("info", "lolwut")  # redis-cli prints these raw even on a terminal
_C_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\a": "\\a",
              "\b": "\\b"}


def quoted(data: bytes) -> str:
    """sdscatrepr: a string in double quotes, with C escapes for what is not printable."""
    out = ['"']
    for byte in data:
        char = chr(byte)
        if char in _C_ESCAPES:
            out.append(_C_ESCAPES[char])
        elif 32 <= byte < 127:
            out.append(char)
        else:
            out.append(f"\\x{byte:02x}")
    out.append('"')
    return "".join(out)


def tty_format(reply, indent: int = 0) -> str:
    if isinstance(reply, Error):
        return f"(error) {reply}"
    if isinstance(reply, Status):
        return str(reply)
    if isinstance(reply, int):
        return f"(integer) {reply}"
    if reply is None:
        return "(nil)"
    if isinstance(reply, bytes):
        return quoted(reply)
    if not reply:
        return "(empty array)"
    width = len(str(len(reply)))
    lines = []
    for number, item in enumerate(reply, 1):
        prefix = f"{number:>{width}}) "
        text = tty_format(item, indent + len(prefix))
        lines.append((" " * indent if number > 1 else "") + prefix + text)
    return "\n".join(lines)


def raw_format(reply) -> str:
    if isinstance(reply, (Error, Status)):
        return str(reply)
    if isinstance(reply, int):
        return str(reply)
    if reply is None:
        return ""
    if isinstance(reply, bytes):
        return reply.decode("utf-8", "surrogateescape")
    return "\n".join(raw_format(item) for item in reply)


class Options:
    def __init__(self):
        self.host, self.port, self.raw, self.command = "127.0.0.1", 6379, None, []
        self.problem = ""
        self.password = None
        self.user = ""  # -u's user (AUTH USER PASSWORD); "" for the default user
        self.db = 0


def _atoi(text: str) -> int:
    """C's atoi: the leading digits (after a sign), 0 without any."""
    digits = text.lstrip()
    sign = -1 if digits[:1] == "-" else 1
    digits = digits[1:] if digits[:1] in "+-" and digits else digits
    count = len(digits) - len(digits.lstrip("0123456789"))
    return sign * int(digits[:count]) if count else 0


def _uri(opts: Options, uri: str) -> str:
    """-u redis://[[USER]:PASSWORD@]HOST[:PORT][/DB] (rediss:// too); the complaint if the
    scheme is neither."""
    for scheme in ("rediss://", "redis://"):
        if uri.lower().startswith(scheme):
            break
    else:
        return "Invalid URI scheme"
    rest = uri[len(scheme):]
    where, slash, path = rest.partition("/")
    if "@" in where:
        credentials, _, where = where.rpartition("@")
        if ":" in credentials:
            opts.user, _, credentials = credentials.partition(":")
        opts.password = credentials
    host, colon, port = where.rpartition(":") if ":" in where else (where, "", "")
    opts.host = host or opts.host
    if colon:
        opts.port = _atoi(port)
    if slash and path:
        opts.db = _atoi(path)
    return ""


def _options(args: List[str]) -> Options:
    opts = Options()
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("-h", "-p", "-a", "-n", "-u") and i + 1 < len(args):
            value = args[i + 1]
            if arg == "-h":
                opts.host = value
            elif arg == "-n":
                opts.db = _atoi(value)
            elif arg == "-u":
                opts.problem = _uri(opts, value)
                if opts.problem:
                    return opts
            elif arg == "-a":
                opts.password = value
            elif arg == "-p":
                if not value.isdigit():
                    opts.problem = f"Invalid port: {value}"  # atoi would make it 0
                opts.port = int(value) if value.isdigit() else 0
            i += 2
            continue
        if arg == "--raw":
            opts.raw = True
        elif arg == "--no-raw":
            opts.raw = False
        elif arg in ("-v", "--version"):
            opts.command = ["--version"]
            return opts
        elif arg.startswith("-") and not opts.command and len(arg) > 1:
            opts.problem = f"Unrecognized option or bad number of args for: '{arg}'"
            return opts
        else:
            opts.command = args[i:]
            return opts
        i += 1
    return opts


@program("redis-cli")
def redis_cli(ctx: Context):
    opts = _options(ctx.argv[1:])
    if opts.command == ["--version"]:
        ctx.out(f"redis-cli {ctx.env.get('REDIS_VERSION', DEFAULT_VERSION)}\n")
        return 0
    if opts.problem:
        ctx.stderr.write(f"{opts.problem}\n")
        return 1
    raw = opts.raw if opts.raw is not None else not ctx.stdout.isatty
    password = opts.password
    if password is not None:
        ctx.stderr.write("Warning: Using a password with '-a' or '-u' option on the command line "
                         "interface may not be safe.\n")
    else:
        password = ctx.env.get("REDISCLI_AUTH")
    connection, _, why = yield from dial(ctx, opts.host, opts.port)
    where = f"{opts.host}:{opts.port}"
    if connection is not None and password:  # AUTH first, on the same connection
        reply = _send(ctx, connection, ["AUTH"] + [opts.user] * bool(opts.user) + [password])
        if isinstance(reply, Error):
            ctx.stderr.write(f"AUTH failed: {reply}\n")
    if connection is not None and opts.db:  # then SELECT, as cliSelect does
        reply = _send(ctx, connection, ["SELECT", str(opts.db)])
        if isinstance(reply, Error):
            ctx.stderr.write(f"SELECT {opts.db} failed: {reply}\n")
            return 1
    if opts.command:
        if connection is None:
            ctx.stderr.write(f"Could not connect to Redis at {where}: {why}\n")
            return 1
        reply = _send(ctx, connection, opts.command)
        if reply is _GONE:
            return 1
        _show(ctx, reply, opts.command[0], raw)
        return 1 if isinstance(reply, Error) else 0
    return (yield from _session(ctx, connection, why, where, raw, opts.db))


_GONE = object()


def _send(ctx: Context, connection, words: List[str]):
    data, why = exchange(connection, encode_command(words))
    if not data:
        ctx.stderr.write("Error: Server closed the connection\n")
        return _GONE
    return parse_reply(data)[0]


def _show(ctx: Context, reply, command: str, raw: bool) -> None:
    plain = raw or command.lower() in RAW_COMMANDS
    ctx.out((raw_format(reply) if plain else tty_format(reply)) + "\n")


def _session(ctx: Context, connection, why: str, where: str, raw: bool, db: int):
    """Commands a line at a time: the interactive prompt on a terminal (showing the
    database when it is not 0), else a pipe."""
    prompt = ctx.stdin.isatty if hasattr(ctx.stdin, "isatty") else False
    if connection is None:
        ctx.stderr.write(f"Could not connect to Redis at {where}: {why}\n")
        if not prompt:
            return 1
    pending = ""
    status = 0
    while True:
        if prompt:
            shown = f"{where}[{db}]" if db else where
            ctx.out(f"{shown}> " if connection is not None else "not connected> ")
        while "\n" not in pending:
            chunk = yield from ctx.read_some()
            if not chunk:
                break
            pending += chunk
        if not pending:
            return status
        line, _, pending = pending.partition("\n")
        try:
            words = shlex.split(line)
        except ValueError:
            ctx.out("Invalid argument(s)\n")
            continue
        if not words:
            continue
        if words[0].lower() in ("quit", "exit") and prompt:
            return 0
        if connection is None:
            continue
        reply = _send(ctx, connection, words)
        if reply is _GONE:
            return 1
        _show(ctx, reply, words[0], raw)
        if isinstance(reply, Error):
            status = 1
        elif words[0].lower() == "select" and len(words) == 2:
            db = _atoi(words[1])
        yield from ctx.flow()
