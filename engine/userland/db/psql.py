"""psql: commands from -c, a file (-f) or standard input (a prompt on a terminal),
results in psql's aligned tables ("(2 rows)"), the meta-commands \\dt, \\l, \\q, and
libpq's connection errors word for word. Without -h it uses the server's Unix
socket in its own container (trusted); with -h it connects over TCP, where the
image's pg_hba.conf asks for the password (PGPASSWORD). pg_isready asks the same way
whether a server answers."""

from __future__ import annotations

import json
from typing import List, Optional

from ...proc.api import Context, program
from ...vfs.errno import FSError
from ..net.dial import dial
from .dial import exchange
from .pg_sql import split_statements
from .postgres import SOCKET, unix_sockets, versions


def reach(ctx: Context, host: str, port: int):
    """Generator: (local server, None, "") for the Unix socket, (None, connection, "")
    over TCP, or (None, None, libpq's complaint)."""
    if not host or host.startswith("/"):
        path = SOCKET.format(port=port)
        server = unix_sockets(ctx).get(path)
        if server is None:
            return None, None, (f'connection to server on socket "{path}" failed: No such file '
                                f"or directory\n\tIs the server running locally and accepting "
                                f"connections on that socket?")
        return server, None, ""
    connection, address, why = yield from dial(ctx, host, port)
    if connection is None:
        if not address:
            return None, None, f'could not translate host name "{host}" to address: {why}'
        return None, None, (f'connection to server at "{host}" ({address}), port {port} failed: '
                            f"{why}\n\tIs the server running on that host and accepting TCP/IP "
                            f"connections?")
    return None, connection, ""


class Session:
    def __init__(self, ctx: Context, server, connection, user: str, database: str,
                 password: Optional[str], where: str):
        self.ctx = ctx
        self.server = server
        self.connection = connection
        self.user = user
        self.database = database
        self.password = password
        self.where = where  # libpq's "connection to server ... failed: " prefix
        self.tuples_only = False
        self.unaligned = False
        self.superuser = user  # who initdb made; the server says at connection
        self.host, self.port = "", 5432

    def send(self, request: dict) -> dict:
        request.update(user=self.user, database=self.database, password=self.password)
        data = json.dumps(request).encode()
        if self.server is not None:
            reply = self.server.handle(data, None, local=True)
        else:
            reply, why = exchange(self.connection, data)
            if not reply:
                return {"lost": why}
        return json.loads(reply)

    # -- output ---------------------------------------------------------------------------
    def show(self, answer: dict) -> int:
        for notice in answer.get("notices", ()):
            self.ctx.stderr.write(f"NOTICE:  {notice}\n")
        if "error" in answer:
            self.ctx.stderr.write(f"ERROR:  {answer['error']}\n")
            return 1
        result = answer["result"]
        if result["columns"] is None:
            self.ctx.out(f"{result['tag']}\n")
            return 0
        rows = [[_text(v) for v in row] for row in result["rows"]]
        self.ctx.out(self.table(result["columns"], rows, result["numeric"]))
        return 0

    def table(self, columns: List[str], rows: List[List[str]], numeric: List[bool],
              title: str = "") -> str:
        if self.unaligned:
            lines = [] if self.tuples_only else ["|".join(columns)]
            lines += ["|".join(row) for row in rows]
            if not self.tuples_only:
                lines.append(_count(len(rows)))
            return "".join(line + "\n" for line in lines)
        return aligned(columns, rows, numeric, title, self.tuples_only)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value)


def _count(n: int) -> str:
    return f"({n} row{'' if n == 1 else 's'})"


def aligned(columns: List[str], rows: List[List[str]], numeric: List[bool], title: str = "",
            tuples_only: bool = False) -> str:
    """psql's aligned format (border 1): centred headers, numbers to the right, a "+"
    where a cell goes on over several lines, no padding after the last column."""
    cells = [[cell.split("\n") for cell in row] for row in rows]
    widths = [max([len(name)] + [len(line) for row in cells for line in row[j]])
              for j, name in enumerate(columns)]
    last = len(columns) - 1
    out = []
    if title and not tuples_only:
        total = sum(w + 2 for w in widths) + last
        out.append(" " * max(0, (total - len(title)) // 2) + title)
    if not tuples_only:
        heads = []
        for j, name in enumerate(columns):
            left = (widths[j] - len(name)) // 2
            heads.append(" " + " " * left + name + " " * (widths[j] - len(name) - left) + " ")
        out.append("|".join(heads))
        out.append("+".join("-" * (w + 2) for w in widths))
    for row in cells:
        for k in range(max(len(c) for c in row) if row else 1):
            parts = []
            for j, lines in enumerate(row):
                text = lines[k] if k < len(lines) else ""
                more = k < len(lines) - 1
                padded = text.rjust(widths[j]) if numeric[j] else text.ljust(widths[j])
                if j == last and not more:
                    parts.append(" " + (padded if numeric[j] else text))
                else:
                    parts.append(" " + padded + ("+" if more else " "))
            out.append("|".join(parts))
    if not tuples_only:
        out.append(_count(len(rows)))
        out.append("")
    return "".join(line + "\n" for line in out)


def _options(ctx: Context, args: List[str]):
    opts = {"user": ctx.env.get("PGUSER", ""), "database": ctx.env.get("PGDATABASE", ""),
            "host": ctx.env.get("PGHOST", ""), "port": ctx.env.get("PGPORT", "5432"),
            "commands": [], "file": "", "t": False, "A": False, "quiet": False, "stop": False}
    values = {"-U": "user", "--username": "user", "-d": "database", "--dbname": "database",
              "-h": "host", "--host": "host", "-p": "port", "--port": "port", "-f": "file",
              "--file": "file"}
    positional = []
    i = 0
    while i < len(args):
        arg = args[i]
        name, _, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name in values or name in ("-c", "--command", "-v", "--set", "--variable"):
            value = inline if inline else (args[i + 1] if i + 1 < len(args) else None)
            if value is None:
                return None, f"option requires an argument -- '{arg.lstrip('-')}'"
            i += 1 if inline else 2
            if name in ("-c", "--command"):
                opts["commands"].append(value)
            elif name in ("-v", "--set", "--variable"):
                opts["stop"] = opts["stop"] or value.upper() in ("ON_ERROR_STOP=1", "ON_ERROR_STOP=ON")
            else:
                opts[values[name]] = value
            continue
        if arg.startswith("-") and len(arg) > 1 and not arg.startswith("--"):
            for letter in arg[1:]:
                if letter in "tAqXwW":
                    opts[{"q": "quiet"}.get(letter, letter)] = True
                else:
                    return None, f"invalid option -- '{letter}'"
        elif arg in ("--tuples-only", "--no-align", "--quiet", "--no-psqlrc", "--no-password"):
            opts[{"--tuples-only": "t", "--no-align": "A", "--quiet": "quiet"}.get(arg, "X")] = True
        elif arg.startswith("--"):
            return None, f"unrecognized option '{arg}'"
        else:
            positional.append(arg)
        i += 1
    if positional:
        opts["database"] = opts["database"] or positional[0]
    if len(positional) > 1:
        opts["user"] = opts["user"] or positional[1]
    opts["user"] = opts["user"] or ctx.extra.get("user", "root")
    opts["database"] = opts["database"] or opts["user"]
    return opts, ""


@program("psql")
def psql(ctx: Context):
    args = ctx.argv[1:]
    if args[:1] in (["-V"], ["--version"]):
        ctx.out(f"psql (PostgreSQL) {versions(ctx)[1]}\n")
        return 0
    opts, problem = _options(ctx, args)
    if opts is None:
        ctx.stderr.write(f"psql: {problem}\npsql: hint: Try \"psql --help\" for more "
                         "information.\n")
        return 1
    if not opts["port"].isdigit():
        ctx.stderr.write(f'psql: error: invalid integer value "{opts["port"]}" for connection '
                         'option "port"\n')
        return 2
    host, port = opts["host"], int(opts["port"])
    server, connection, why = yield from reach(ctx, host, port)
    if why:
        ctx.stderr.write(f"psql: error: {why}\n")
        return 2
    prefix = (f'connection to server on socket "{SOCKET.format(port=port)}" failed: '
              if server is not None else
              f'connection to server at "{host}" ({ctx.system.network.resolve(host, ctx.libc)[0]}), '
              f"port {port} failed: ")
    session = Session(ctx, server, connection, opts["user"], opts["database"],
                      ctx.env.get("PGPASSWORD"), prefix)
    session.tuples_only, session.unaligned = opts["t"], opts["A"]
    session.host, session.port = host, port
    hello = session.send({})
    session.superuser = hello.get("superuser", session.superuser)
    if "fatal" in hello or "lost" in hello:
        text = hello.get("fatal") or "server closed the connection unexpectedly"
        ctx.stderr.write(f"psql: error: {prefix}{'' if hello.get('client_side') else 'FATAL:  '}"
                         f"{text}\n")
        return 2
    if opts["commands"]:
        status = 0
        for command in opts["commands"]:
            status = run_text(session, command)
            if status:
                return 1
        return status
    if opts["file"]:
        try:
            text = ctx.fs.read(opts["file"], ctx.cwd).decode("utf-8", "replace")
        except FSError as err:
            ctx.stderr.write(f"psql: error: {opts['file']}: {ctx.strerror(err)}\n")
            return 1
        return _script(session, text, opts["stop"])
    return (yield from _interactive(session, opts["stop"]))


def run_text(session: Session, text: str) -> int:
    """One -c string or one complete input: meta-commands and SQL statements."""
    stripped = text.strip()
    if stripped.startswith("\\"):
        return meta(session, stripped)
    status, offset = 0, 0
    for statement in split_statements(text):
        offset = text.find(statement.rstrip(";"), offset)  # where it stands in what was sent
        answer = session.send({"sql": statement})
        if "lost" in answer:
            session.ctx.stderr.write("server closed the connection unexpectedly\n")
            return 2
        if "error" in answer:
            session.show({"notices": answer.get("notices", ()), "error": answer["error"]})
            if answer.get("position"):
                _caret(session, text, offset + answer["position"])
            if answer.get("detail"):
                session.ctx.stderr.write(f"DETAIL:  {answer['detail']}\n")
            return 1
        status = session.show(answer)
        offset += len(statement.rstrip(";"))
    return status


def _caret(session: Session, text: str, position: int) -> None:
    """psql's LINE n: excerpt with a caret under the character the error names (its
    position in the whole query text psql sent)."""
    before = text[:position - 1]
    line_no = before.count("\n") + 1
    line = text.split("\n")[line_no - 1]
    column = len(before.split("\n")[-1])
    head = f"LINE {line_no}: "
    session.ctx.stderr.write(f"{head}{line}\n{' ' * (len(head) + column)}^\n")


def meta(session: Session, command: str) -> int:
    words = command.split()
    name = words[0]
    ctx = session.ctx
    if name in ("\\q", "\\quit"):
        return -1
    if name in ("\\dt", "\\d") and len(words) == 1:
        tables = session.send({"kind": "tables"}).get("tables", [])
        if not tables:
            ctx.stderr.write("Did not find any relations.\n")
            return 0
        rows = [["public", t, "table", session.superuser] for t in sorted(tables)]
        ctx.out(session.table(["Schema", "Name", "Type", "Owner"], rows, [False] * 4,
                              "List of relations"))
        return 0
    if name == "\\d" and len(words) == 2:
        return describe(session, words[1])
    if name in ("\\l", "\\list"):
        catalog = session.send({"kind": "catalog"})
        rows = []
        for db in sorted(catalog["databases"]):
            owner = catalog["owners"].get(db, catalog["superuser"])
            privileges = (f"=c/{owner}\n{owner}=CTc/{owner}" if db.startswith("template") else "")
            rows.append([db, owner, "UTF8", "libc", "en_US.utf8", "en_US.utf8", "", "", privileges])
        ctx.out(session.table(["Name", "Owner", "Encoding", "Locale Provider", "Collate", "Ctype",
                               "ICU Locale", "ICU Rules", "Access privileges"], rows,
                              [False] * 9, "List of databases"))
        return 0
    if name == "\\conninfo":
        where = ('via socket in "/var/run/postgresql"' if session.server is not None
                 else f'on host "{session.host}"')
        ctx.out(f'You are connected to database "{session.database}" as user "{session.user}" '
                f'{where} at port "{session.port}".\n')
        return 0
    ctx.stderr.write(f'invalid command {name}\nTry \\? for help.\n')
    return 1


def describe(session: Session, name: str) -> int:
    """\\d TABLE: its columns (type, nullable, default) and its primary key index."""
    table = session.send({"kind": "describe", "name": name.lower()}).get("table")
    if table is None:
        session.ctx.stderr.write(f'Did not find any relation named "{name}".\n')
        return 1
    name = name.lower()
    rows = []
    for column in table["columns"]:
        not_null = len(column) > 3 and column[3]
        default = f"nextval('{name}_{column[0]}_seq'::regclass)" if column[2] else ""
        rows.append([column[0], column[1], "", "not null" if not_null else "", default])
    text = aligned(["Column", "Type", "Collation", "Nullable", "Default"], rows, [False] * 5,
                   f'Table "public.{name}"')
    text = text[:text.rindex("(")]  # the footer is the table's indexes, not a row count
    key = table.get("primary_key") or []
    if key:
        text += f'Indexes:\n    "{name}_pkey" PRIMARY KEY, btree ({", ".join(key)})\n'
    session.ctx.out(text + "\n")
    return 0


def _script(session: Session, text: str, stop: bool) -> int:
    for chunk in _chunks(text):
        result = run_text(session, chunk)
        if result == -1:
            return 0
        if result and stop:
            return 3
    return 0


def _chunks(text: str):
    """What psql sends, in order: each meta-command line, each statement up to its ';'."""
    pending = ""
    for line in text.split("\n"):
        if not pending.strip() and line.strip().startswith("\\"):
            yield line.strip()
            continue
        pending += line + "\n"
        if split_statements(pending) and _complete(pending):
            yield pending
            pending = ""
    if pending.strip():
        yield pending


def _complete(text: str) -> bool:
    quote = ""
    for char in text:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
    return not quote and text.rstrip().endswith(";")


def _interactive(session: Session, stop: bool):
    ctx = session.ctx
    tty = ctx.stdin.isatty
    prompt_char = "#" if session.user == session.superuser else ">"
    if tty:
        major, shown = versions(ctx)
        ctx.out(f"psql ({shown})\nType \"help\" for help.\n\n")
    pending, buffer = "", ""
    while True:
        if tty:
            ctx.out(f"{session.database}{'=' if not pending.strip() else '-'}{prompt_char} ")
        while "\n" not in buffer:
            chunk = yield from ctx.read_some()
            if not chunk:
                break
            buffer += chunk
        if not buffer:
            if tty:
                ctx.out("\\q\n")
            return 0
        line, _, buffer = buffer.partition("\n")
        if not pending.strip() and line.strip().startswith("\\"):
            if run_text(session, line.strip()) == -1:
                return 0
            continue
        pending += line + "\n"
        if _complete(pending):
            status = run_text(session, pending)
            pending = ""
            if status and stop:
                return 3
        yield from ctx.flow()


# -- pg_isready -----------------------------------------------------------------------------
@program("pg_isready")
def pg_isready(ctx: Context):
    host, port, quiet = ctx.env.get("PGHOST", ""), ctx.env.get("PGPORT", "5432"), False
    args = ctx.argv[1:]
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("-h", "--host", "-p", "--port", "-U", "--username", "-d", "--dbname", "-t",
                   "--timeout") and i + 1 < len(args):
            if arg in ("-h", "--host"):
                host = args[i + 1]
            elif arg in ("-p", "--port"):
                port = args[i + 1]
            i += 2
            continue
        if arg in ("-q", "--quiet"):
            quiet = True
        i += 1
    where = f"{host or '/var/run/postgresql'}:{port}"
    if not port.isdigit():  # libpq refuses the option: no attempt is made
        if not quiet:
            ctx.out(f"{where} - no attempt\n")
        return 3
    server, connection, _ = yield from reach(ctx, host, int(port))
    alive = server is not None or connection is not None
    if not quiet:
        ctx.out(f"{where} - {'accepting connections' if alive else 'no response'}\n")
    return 0 if alive else 2
