"""PostgreSQL's server side as the postgres image runs it: initdb, pg_ctl (start/stop,
as the entrypoint's temporary server uses them), postgres and pg_isready.

The server logs PostgreSQL's lines ("database system is ready to accept
connections"), listens on 5432 (TCP unless listen_addresses is empty) and on its
Unix socket /var/run/postgresql/.s.PGSQL.5432 (modelled as a per-container table of
sockets: the simulated file system has no socket files), and runs the SQL that psql
sends it. Client and server speak crsim's own JSON over the connection rather than
PostgreSQL's wire protocol; what travels and where is the same.
"""

from __future__ import annotations

import json
import shlex
import time
import weakref
from typing import Optional

from ...network.errors import NetError
from ...proc.api import Context, Sleep, program
from ...vfs.errno import FSError
from .dial import bill, serve_forever
from .pg_sql import Result, SqlError, run as run_sql
from .pg_store import Cluster

SIGINT, SIGQUIT, SIGTERM = 2, 3, 15
SOCKET = "/var/run/postgresql/.s.PGSQL.{port}"
QUERY_CPU = 50e-6  # what a simple statement costs the server
DEFAULT_PGDATA = "/var/lib/postgresql/data"

# Unix sockets by network namespace (a container's), then path -> the listening server
UNIX_SOCKETS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def unix_sockets(ctx: Context) -> dict:
    return UNIX_SOCKETS.setdefault(ctx.system.network.ns, {})


def versions(ctx: Context):
    """("16", "16.13 (Debian 16.13-1.pgdg13+1)") from the image's PG_MAJOR and PG_VERSION."""
    major = ctx.env.get("PG_MAJOR", "16")
    package = ctx.env.get("PG_VERSION", f"{major}.0")
    plain = package.split("-")[0]
    shown = f"{plain} (Debian {package})" if "pgdg" in package else plain
    return major, shown


def log_line(ctx: Context, level: str, text: str) -> None:
    now = ctx.now()
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(now)) + f".{int(now * 1000) % 1000:03d}"
    ctx.stderr.write(f"{stamp} UTC [{ctx.pid}] {level}:  {text}\n")


# -- initdb -------------------------------------------------------------------------------
@program("initdb")
def initdb(ctx: Context):
    user, pwfile, pgdata = ctx.extra.get("user", "root"), "", ctx.env.get("PGDATA", "")
    args = ctx.argv[1:]
    i = 0
    while i < len(args):
        arg = args[i]
        if arg.startswith("--username="):
            user = arg.split("=", 1)[1]
        elif arg in ("-U", "--username") and i + 1 < len(args):
            user, i = args[i + 1], i + 1
        elif arg.startswith("--pwfile="):
            pwfile = arg.split("=", 1)[1]
        elif arg in ("-D", "--pgdata") and i + 1 < len(args):
            pgdata, i = args[i + 1], i + 1
        elif arg.startswith("--pgdata="):
            pgdata = arg.split("=", 1)[1]
        i += 1
    if not pgdata:
        ctx.stderr.write("initdb: error: no data directory specified\ninitdb: hint: You must "
                         "identify the directory where the data for this database system will "
                         "reside.  Do this with either the invocation option -D or the "
                         "environment variable PGDATA.\n")
        return 1
    password = ""
    if pwfile in ("/dev/stdin", "-"):
        password = (yield from ctx.read_all()).split("\n")[0]
    elif pwfile:
        try:
            password = ctx.fs.read(pwfile, ctx.cwd).decode().split("\n")[0]
        except FSError as err:
            ctx.stderr.write(f'initdb: error: could not open file "{pwfile}" for reading: '
                             f"{err.strerror()}\n")
            return 1
    cluster = Cluster(ctx.fs, pgdata)
    if cluster.exists() or _has_files(ctx, pgdata):
        ctx.stderr.write(f'initdb: error: directory "{pgdata}" exists but is not empty\n')
        return 1
    owner = ctx.extra.get("user", "root")
    out = ctx.out
    out(f'The files belonging to this database system will be owned by user "{owner}".\n'
        "This user must also own the server process.\n\n"
        'The database cluster will be initialized with locale "en_US.utf8".\n'
        'The default database encoding has accordingly been set to "UTF8".\n'
        'The default text search configuration will be set to "english".\n\n'
        "Data page checksums are disabled.\n\n")
    exists = ctx.fs.exists(pgdata)
    out(f"{'fixing permissions on existing directory' if exists else 'creating directory'} "
        f"{pgdata} ... ok\n")
    if not exists:
        ctx.fs.mkdir(pgdata, mode=0o700)
    major, _ = versions(ctx)
    cluster.create(major, user, password, 0, 0)
    for step, answer in (("creating subdirectories", "ok"),
                         ("selecting dynamic shared memory implementation", "posix"),
                         ("selecting default max_connections", "100"),
                         ("selecting default shared_buffers", "128MB"),
                         ("selecting default time zone", "Etc/UTC"),
                         ("creating configuration files", "ok"), ("running bootstrap script", "ok"),
                         ("performing post-bootstrap initialization", "ok"),
                         ("syncing data to disk", "ok")):
        out(f"{step} ... {answer}\n")
        ctx.charge(0.02)
        yield from ctx.flow()
    out(f"\n\nSuccess. You can now start the database server using:\n\n"
        f"    pg_ctl -D {pgdata} -l logfile start\n\n")
    ctx.stderr.write('initdb: warning: enabling "trust" authentication for local connections\n'
                     "initdb: hint: You can change this by editing pg_hba.conf or using the option "
                     "-A, or --auth-local and --auth-host, the next time you run initdb.\n")
    return 0


def _has_files(ctx: Context, path: str) -> bool:
    try:
        return bool(ctx.fs.readdir(path))
    except FSError:
        return False


# -- the server -------------------------------------------------------------------------
class Server:
    def __init__(self, ctx: Context, cluster: Cluster, port: int):
        self.ctx = ctx
        self.cluster = cluster
        self.port = port
        self.process = ctx.system.current
        self.version = versions(ctx)[1]
        self.sockets = []
        self.socket_path = SOCKET.format(port=port)

    def handle(self, data: bytes, peer, local: bool = False) -> bytes:
        try:
            request = json.loads(data.decode("utf-8", "surrogateescape"))
        except ValueError:
            return json.dumps({"fatal": "invalid frontend message type"}).encode()
        answer = self.answer(request, local)
        bill(self.ctx, self.process, QUERY_CPU * (1 + len(request.get("sql", "")) // 200))
        return json.dumps(answer).encode()

    def answer(self, request: dict, local: bool) -> dict:
        if request.get("kind") == "ping":
            return {"ok": True}
        catalog = self.cluster.catalog()
        user, database = request.get("user", ""), request.get("database", "")
        if user not in catalog["roles"]:
            return self.fatal(f'role "{user}" does not exist')
        if not local and not self.trusts_hosts():
            password = request.get("password")
            if password is None:
                return {"fatal": "fe_sendauth: no password supplied", "client_side": True}
            if password != catalog["roles"][user]:
                self.ctx_log("FATAL", f'password authentication failed for user "{user}"')
                self.ctx_log("DETAIL", f'Connection matched file "{self.cluster.path("pg_hba.conf")}" '
                                       f'line 128: "host all all all scram-sha-256"')
                return {"fatal": f'password authentication failed for user "{user}"'}
        if database not in catalog["databases"]:
            return self.fatal(f'database "{database}" does not exist')
        if request.get("kind") == "catalog":
            return {k: catalog[k] for k in ("databases", "owners", "superuser")}
        if request.get("kind") == "tables":
            return {"tables": sorted(self.cluster.database(database).tables)}
        if request.get("kind") == "describe":
            return {"table": self.cluster.database(database).tables.get(request.get("name", ""))}
        if "sql" not in request:
            return {"ok": True, "superuser": catalog["superuser"]}
        return self.query(request["sql"], user, database)

    def fatal(self, text: str) -> dict:
        self.ctx_log("FATAL", text)
        return {"fatal": text}

    def ctx_log(self, level: str, text: str) -> None:
        log_line(self.ctx, level, text)

    def trusts_hosts(self) -> bool:
        try:
            hba = self.cluster.fs.read(self.cluster.path("pg_hba.conf")).decode()
        except FSError:
            return True
        rules = [line.split() for line in hba.splitlines() if line.strip() and not line.startswith("#")]
        for rule in rules:
            if rule[:4] == ["host", "all", "all", "all"]:
                return rule[-1] == "trust"
        return True

    def query(self, sql: str, user: str, database: str) -> dict:
        db = self.cluster.database(database)
        now = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(self.ctx.now()))
        session = {"user": user, "database": database, "notices": [], "now": f"{now}.000000+00",
                   "version_string": f"PostgreSQL {self.version} on x86_64-pc-linux-gnu, "
                                     f"compiled by gcc (Debian 14.2.0-19) 14.2.0, 64-bit"}
        try:
            result: Result = run_sql(sql, db, session, self.cluster)
        except (TypeError, ValueError) as err:  # values the subset cannot compare or convert
            return self.failed(SqlError(f"crsim's postgres cannot run this statement ({err})",
                                        0, "0A000"), sql, session)
        except SqlError as err:
            return self.failed(err, sql, session)
        self.cluster.save_database(db)
        return {"result": result.to_json(), "notices": session["notices"]}

    def failed(self, err: SqlError, sql: str, session: dict) -> dict:
        where = f" at character {err.position}" if err.position else ""
        self.ctx_log("ERROR", f"{err.message}{where}")
        if err.detail:
            self.ctx_log("DETAIL", err.detail)
        self.ctx_log("STATEMENT", sql.strip())
        return {"error": err.message, "position": err.position, "detail": err.detail,
                "notices": session["notices"]}

    # -- life -----------------------------------------------------------------------------
    def shutdown(self, how: str) -> int:
        self.ctx_log("LOG", f"received {how} shutdown request")
        self.ctx_log("LOG", "aborting any active transactions")
        self.ctx_log("LOG", 'background worker "logical replication launcher" (PID '
                            f'{self.ctx.pid + 5}) exited with exit code 1')
        self.ctx_log("LOG", "shutting down")
        self.ctx_log("LOG", "checkpoint starting: shutdown immediate")
        self.ctx_log("LOG", "checkpoint complete: wrote 3 buffers (0.0%); 0 WAL file(s) added, "
                            "0 removed, 0 recycled; write=0.002 s, sync=0.001 s, total=0.005 s; "
                            "sync files=2, longest=0.001 s, average=0.001 s; distance=0 kB, "
                            "estimate=0 kB; lsn=0/14F0E08, redo lsn=0/14F0E08")
        self.ctx_log("LOG", "database system is shut down")
        self.close()
        return 0

    def close(self) -> None:
        for sock in self.sockets:
            sock.close()
        try:  # also runs when a dropped world's generators are closed: nothing may fail
            unix_sockets(self.ctx).pop(self.socket_path, None)
            self.cluster.fs.unlink(self.cluster.path("postmaster.pid"))
        except Exception:
            pass


def _server_options(args):
    settings, problem = {}, ""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("-c", "-p", "-D") and i + 1 >= len(args):
            return settings, f"option requires an argument -- '{arg[1]}'"
        if arg in ("-c", "-p", "-D"):
            value = args[i + 1]
            if arg == "-c":
                if "=" not in value:
                    problem = f'--{value} requires a value'
                name, _, setting = value.partition("=")
                settings[name.replace("-", "_")] = setting.strip("'")
            elif arg == "-p":
                settings["port"] = value
            else:
                settings["data_directory"] = value
            i += 2
            continue
        if arg.startswith("--") and "=" in arg:
            name, _, setting = arg[2:].partition("=")
            settings[name.replace("-", "_")] = setting.strip("'")
        i += 1
    return settings, problem


@program("postgres")
def postgres(ctx: Context):
    args = ctx.argv[1:]
    if args[:1] in (["-V"], ["--version"]):
        ctx.out(f"postgres (PostgreSQL) {versions(ctx)[1]}\n")
        return 0
    settings, problem = _server_options(args)
    if problem:
        ctx.stderr.write(f"postgres: {problem}\n")
        return 1
    pgdata = settings.get("data_directory") or ctx.env.get("PGDATA", "")
    if not pgdata:
        ctx.stderr.write("postgres does not know where to find the server configuration file.\n"
                         "You must specify the --config-file or -D invocation option or set the "
                         "PGDATA environment variable.\n")
        return 2
    cluster = Cluster(ctx.fs, pgdata)
    if not cluster.exists():
        ctx.stderr.write(f'postgres: could not access the server configuration file '
                         f'"{pgdata}/postgresql.conf": No such file or directory\n')
        return 2
    port = int(settings.get("port", ctx.env.get("PGPORT", "5432")) or 5432)
    server = Server(ctx, cluster, port)
    log_line(ctx, "LOG", f"starting PostgreSQL {server.version} on x86_64-pc-linux-gnu, compiled "
                         f"by gcc (Debian 14.2.0-19) 14.2.0, 64-bit")
    stack = ctx.system.network
    if settings.get("listen_addresses", "*") != "":
        for address, family in (("0.0.0.0", "IPv4"), ("::", "IPv6")):
            try:
                server.sockets.append(stack.listen(port, server.handle, server.process,
                                                   address=address, name="postgres",
                                                   v6only=address == "::"))
            except NetError as err:
                log_line(ctx, "LOG", f'could not bind {family} address "{address}": '
                                     f"{err.text(ctx.libc)}")
                continue
            log_line(ctx, "LOG", f'listening on {family} address "{address}", port {port}')
        if not server.sockets:
            log_line(ctx, "FATAL", "could not create any TCP/IP sockets")
            return 1
    unix_sockets(ctx)[server.socket_path] = server
    log_line(ctx, "LOG", f'listening on Unix socket "{server.socket_path}"')
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(ctx.now()))
    log_line(ctx, "LOG", f"database system was shut down at {stamp} UTC")
    try:
        ctx.fs.write(cluster.path("postmaster.pid"), f"{ctx.pid}\n{pgdata}\n".encode(), mode=0o600)
    except FSError:
        pass
    log_line(ctx, "LOG", "database system is ready to accept connections")
    handlers = ctx.extra.setdefault("signals", {})
    handlers[SIGTERM] = lambda: server.shutdown("smart")
    handlers[SIGINT] = lambda: server.shutdown("fast")
    handlers[SIGQUIT] = lambda: server.shutdown("immediate")
    try:
        yield from serve_forever(ctx)
    finally:
        server.close()
    return 0


# -- pg_ctl ---------------------------------------------------------------------------------
@program("pg_ctl")
def pg_ctl(ctx: Context):
    args = ctx.argv[1:]
    pgdata, options, action = ctx.env.get("PGDATA", ""), [], ""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("-D", "-o", "-m", "-l", "-t") and i + 1 < len(args):
            if arg == "-D":
                pgdata = args[i + 1]
            elif arg == "-o":
                options += shlex.split(args[i + 1])
            i += 2
            continue
        if arg in ("start", "stop", "status", "restart"):
            action = arg
        i += 1
    cluster = Cluster(ctx.fs, pgdata)
    if action == "start":
        ctx.out("waiting for server to start....")
        child = ctx.start(["postgres", "-D", pgdata] + options, stdout=ctx.stdout, stderr=ctx.stderr)
        for _ in range(600):
            yield Sleep(0.01)
            if not child.alive:
                ctx.out(" stopped waiting\npg_ctl: could not start server\nExamine the log output.\n")
                return 1
            if _server_pid(ctx, cluster):
                break
        ctx.out(" done\nserver started\n")
        return 0
    if action == "stop":
        pid = _server_pid(ctx, cluster)
        if not pid:
            ctx.stderr.write(f'pg_ctl: PID file "{cluster.path("postmaster.pid")}" does not exist\n'
                             "Is server running?\n")
            return 1
        ctx.out("waiting for server to shut down....")
        try:
            ctx.system.kill(pid, SIGINT)  # -m fast
        except Exception:
            pass
        for _ in range(600):
            if not _server_pid(ctx, cluster):
                break
            yield Sleep(0.01)
        ctx.out(" done\nserver stopped\n")
        return 0
    if action == "status":
        pid = _server_pid(ctx, cluster)
        if pid:
            ctx.out(f"pg_ctl: server is running (PID: {pid})\n")
            return 0
        ctx.out("pg_ctl: no server running\n")
        return 3
    ctx.stderr.write("pg_ctl: no operation specified\nTry \"pg_ctl --help\" for more information.\n")
    return 1


def _server_pid(ctx: Context, cluster: Cluster) -> Optional[int]:
    try:
        return int(ctx.fs.read(cluster.path("postmaster.pid")).split(b"\n")[0])
    except (FSError, ValueError):
        return None
