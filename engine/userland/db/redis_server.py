"""redis-server in the foreground, as the redis image runs it (no config file, logs
on stdout, data in the working directory /data).

Its log lines are Redis 7's ("1:M 04 Dec 2026 09:30:24.000 * Ready to accept
connections tcp"). It answers RESP on port 6379, loads dump.rdb when it starts and
writes it on SAVE and when it is asked to shut down (SIGTERM, SIGINT), as the default
save points make it do: so data in a named volume outlives the container.
"""

from __future__ import annotations

import posixpath
import time
import weakref
from typing import Dict, List, Optional

from ...host import KERNEL_RELEASE
from ...network.errors import NetError
from ...proc.api import Context, program
from ...vfs.errno import FSError
from . import rdb, redis_store
from .dial import bill, serve_forever
from .resp import Error, Status, encode, parse_commands

DEFAULT_VERSION = "7.4.1"
SIGINT, SIGTERM = 2, 15
REQUEST_CPU = 4e-6  # what one command costs the server (a few microseconds in real Redis)
OVERCOMMIT_WARNING = (
    "WARNING Memory overcommit must be enabled! Without it, a background save or replication "
    "may fail under low memory condition. Being disabled, it can also cause failures without low "
    "memory condition, see https://github.com/jemalloc/jemalloc/issues/1328. To fix this issue "
    "add 'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run the command "
    "'sysctl vm.overcommit_memory=1' for this to take effect.")


# The commands about databases, with their arity (as redis_store.COMMANDS gives it).
DATABASE_COMMANDS = {"select": 2, "flushall": -1, "move": 3, "swapdb": 3}


class _Client:
    """What the server keeps of one connection: AUTH given, the database SELECTed."""

    __slots__ = ("peer", "authenticated", "db")

    def __init__(self, peer: weakref.ref):
        self.peer, self.authenticated, self.db = peer, False, 0


class RedisServer:
    def __init__(self, ctx: Context, version: str, settings: dict):
        self.ctx = ctx
        self.version = version
        self.port = settings["port"]
        self.save_on_exit = settings["save"]
        self.password = settings["requirepass"]
        # each connection's state, by its client end (a Peer made for each connect; held
        # weakly: a closed connection is forgotten, as Redis forgets a client)
        self.clients: Dict[int, _Client] = {}
        self.path = posixpath.join(ctx.cwd, "dump.rdb")  # dir ./ (the image's /data)
        self.databases = [redis_store.Keyspace(ctx.now) for _ in range(settings["databases"])]
        self.started = ctx.now()
        self.last_save = int(self.started)
        self.commands = 0
        self.connections = set()
        self.role = "C"  # "C" until the server is set up, then "M" (master)
        self.process = ctx.system.current

    def log(self, level: str, text: str) -> None:
        now = self.ctx.now()
        stamp = time.strftime("%d %b %Y %H:%M:%S", time.gmtime(now)) + f".{int(now * 1000) % 1000:03d}"
        self.ctx.out(f"{self.ctx.pid}:{self.role} {stamp} {level} {text}\n")

    # -- persistence ----------------------------------------------------------------------
    def save(self) -> bool:
        blob = rdb.dump({number: (db.data, db.expires) for number, db in enumerate(self.databases)},
                        self.version, self.ctx.now())
        try:
            self.ctx.fs.write(self.path, blob, self.ctx.cwd)
        except FSError as err:
            self.log("#", f"Failed opening the temp RDB file temp-{self.ctx.pid}.rdb (in server "
                          f"root dir {self.ctx.cwd}) for saving: {err.strerror()}")
            return False
        for db in self.databases:
            db.dirty = 0
        self.last_save = int(self.ctx.now())
        self.log("*", "DB saved on disk")
        return True

    def load(self) -> Optional[str]:
        """Read dump.rdb if there is one; the fatal complaint if it is damaged."""
        try:
            blob = self.ctx.fs.read(self.path, self.ctx.cwd)
        except FSError:
            return None
        try:
            databases, version, created = rdb.load(blob)
        except rdb.RdbError as err:
            return str(err)
        if any(number >= len(self.databases) for number in databases):
            return (f"FATAL: Data file was created with a Redis server configured to handle more "
                    f"than {len(self.databases)} databases. Exiting\n")
        now_ms = int(self.ctx.now() * 1000)
        loaded = expired = 0
        for number, (data, expires) in databases.items():
            gone = [k for k, when in expires.items() if when <= now_ms]
            for key in gone:
                data.pop(key, None)
                expires.pop(key)
            self.databases[number].data, self.databases[number].expires = data, expires
            loaded, expired = loaded + len(data), expired + len(gone)
        self.log("*", f"Loading RDB produced by version {version}")
        self.log("*", f"RDB age {max(0, int(self.ctx.now()) - created)} seconds")
        self.log("*", "RDB memory usage when created 0.90 Mb")
        self.log("*", f"Done loading RDB, keys loaded: {loaded}, keys expired: {expired}.")
        self.log("*", "DB loaded from disk: 0.000 seconds")
        return None

    def shutdown(self, signame: str) -> Optional[int]:
        self.ctx.out(f"{self.ctx.pid}:signal-handler ({int(self.ctx.now())}) Received {signame} "
                     f"scheduling shutdown...\n")
        self.log("*", "User requested shutdown...")
        if self.save_on_exit:
            self.log("*", "Saving the final RDB snapshot before exiting.")
            if not self.save():
                self.log("#", "Error trying to save the DB, can't exit.")
                return None
        self.log("#", "Redis is now ready to exit, bye bye...")
        return 0

    # -- requests -------------------------------------------------------------------------
    def handle(self, data: bytes, peer) -> bytes:
        self.connections.add(id(peer))
        commands, problem = parse_commands(data)
        replies = [encode(self.run(argv, peer)) for argv in commands]
        if problem:
            replies.append(encode(Error(f"ERR {problem}")))
        self.commands += len(commands)
        bill(self.ctx, self.process, REQUEST_CPU * max(1, len(commands)) + len(data) * 1e-9)
        return b"".join(replies)

    def run(self, argv: List[bytes], peer):
        name = argv[0].decode("utf-8", "replace").lower()
        client = self.client(peer)
        if name == "auth":
            return self.auth(argv[1:], client)
        if self.password and not client.authenticated and name not in ("quit", "hello"):
            return Error("NOAUTH Authentication required.")
        if name == "save":
            return Status("OK") if self.save() else Error("ERR")
        if name == "bgsave":
            self.log("*", "Background saving started by pid 0")
            self.save()
            return Status("Background saving started")
        if name == "lastsave":
            return self.last_save
        if name == "info":
            return self.info([a.decode().lower() for a in argv[1:]]).encode()
        if name == "quit":
            return Status("OK")
        if name in DATABASE_COMMANDS:
            return (redis_store.arity_error(name, DATABASE_COMMANDS[name], argv)
                    or getattr(self, name)(client, argv[1:]))
        return redis_store.run(self.databases[client.db], argv)

    def client(self, peer) -> "_Client":
        """The state of the connection ``peer`` is the client end of."""
        known = self.clients.get(id(peer))
        if known is None or known.peer() is not peer:
            known = self.clients[id(peer)] = _Client(weakref.ref(peer))
        return known

    # -- the commands about databases (Redis's db.c, its replies) -------------------------
    def _number(self, raw: bytes, invalid: str = "value is not an integer or out of range"):
        """A database's number, or the error to reply."""
        number = redis_store.integer(raw)
        if number is None:
            return Error(f"ERR {invalid}")
        if not 0 <= number < len(self.databases):
            return Error("ERR DB index is out of range")
        return number

    def select(self, client, args):
        number = self._number(args[0])
        if isinstance(number, Error):
            return number
        client.db = number
        return redis_store.OK

    def flushall(self, client, args):
        if not redis_store.flush_mode_ok(args):
            return redis_store.SYNTAX
        for db in self.databases:
            redis_store.cmd_flushdb(db, [])
        return redis_store.OK

    def move(self, client, args):
        key, number = args[0], self._number(args[1])
        if isinstance(number, Error):
            return number
        if number == client.db:
            return Error("ERR source and destination objects are the same")
        source, target = self.databases[client.db], self.databases[number]
        value = source.get(key)
        if value is None or target.get(key) is not None:
            return 0
        when = source.expires.get(key)
        source.delete(key)
        target.set(key, value)
        if when is not None:
            target.expires[key] = when
        return 1

    def swapdb(self, client, args):
        first = self._number(args[0], "invalid first DB index")
        if isinstance(first, Error):
            return first
        second = self._number(args[1], "invalid second DB index")
        if isinstance(second, Error):
            return second
        dbs = self.databases
        dbs[first], dbs[second] = dbs[second], dbs[first]
        return redis_store.OK

    def auth(self, args: List[bytes], client):
        if len(args) not in (1, 2):
            return redis_store.wrong_args("auth")
        if not self.password:
            return Error("ERR AUTH <password> called without any password configured for the "
                         "default user. Are you sure your configuration is correct?")
        user = args[0] if len(args) == 2 else b"default"
        if user != b"default" or args[-1].decode("utf-8", "replace") != self.password:
            return Error("WRONGPASS invalid username-password pair or user is disabled.")
        client.authenticated = True
        return Status("OK")

    def info(self, wanted: List[str]) -> str:
        uptime = int(self.ctx.now() - self.started)
        live = [(number, db, db.live_keys()) for number, db in enumerate(self.databases)]
        keys = [key for _, _, some in live for key in some]
        sections = {
            "server": [("redis_version", self.version), ("redis_mode", "standalone"),
                       ("os", f"Linux {KERNEL_RELEASE} x86_64"), ("arch_bits", "64"),
                       ("process_id", self.ctx.pid), ("tcp_port", self.port),
                       ("uptime_in_seconds", uptime), ("uptime_in_days", uptime // 86400),
                       ("executable", "/data/redis-server"), ("config_file", "")],
            "clients": [("connected_clients", 1)],
            "memory": [("used_memory", 945432 + 64 * len(keys)),
                       ("used_memory_human", f"{(945432 + 64 * len(keys)) / 1048576:.2f}M")],
            "persistence": [("loading", 0),
                            ("rdb_changes_since_last_save", sum(db.dirty for db in self.databases)),
                            ("rdb_last_save_time", self.last_save),
                            ("rdb_last_bgsave_status", "ok"), ("aof_enabled", 0)],
            "stats": [("total_connections_received", len(self.connections)),
                      ("total_commands_processed", self.commands)],
            "replication": [("role", "master"), ("connected_slaves", 0)],
            "keyspace": [(f"db{number}", f"keys={len(some)},expires="
                                         f"{sum(1 for k in some if k in db.expires)},avg_ttl=0")
                         for number, db, some in live if some],
        }
        chosen = [s for s in sections if not wanted or s in wanted or "all" in wanted
                  or "everything" in wanted or "default" in wanted]
        return "\r\n".join(f"# {s.capitalize()}\r\n" + "".join(f"{k}:{v}\r\n" for k, v in sections[s])
                           for s in chosen)


def _options(args: List[str]):
    """redis-server [/path/to/redis.conf] [--option value ...]: port, save, requirepass and
    databases count (others are accepted and have no effect here). The settings and a complaint."""
    settings = {"port": 6379, "save": True, "requirepass": "", "databases": 16}
    i = 1 if args and not args[0].startswith("--") else 0
    while i < len(args):
        name = args[i][2:].lower() if args[i].startswith("--") else ""
        value = args[i + 1] if i + 1 < len(args) else ""
        if not name:
            return settings, f"Invalid argument '{args[i]}'"
        if name == "port":
            if not value.isdigit() or not 0 <= int(value) <= 65535:
                return settings, "port\nArgument must be between 0 and 65535"
            settings["port"] = int(value)
        elif name == "save":
            settings["save"] = value.strip() != ""
        elif name == "requirepass":
            settings["requirepass"] = value
        elif name == "databases":
            if not _databases(value, settings):
                return settings, "databases\nInvalid number of databases"
        i += 2
    return settings, ""


def _from_config(text: str, settings: dict, options: List[str]) -> None:
    for line in text.splitlines():
        words = line.split()
        key = words[0].lower() if words else ""
        if f"--{key}" in options:
            continue
        if key == "port" and len(words) >= 2 and words[1].isdigit():
            settings["port"] = int(words[1])
        elif key == "save":
            settings["save"] = words[1:] not in ([], ['""'], ["''"])
        elif key == "requirepass" and len(words) >= 2:
            settings["requirepass"] = words[1].strip("\"'")
        elif key == "databases" and len(words) >= 2:
            _databases(words[1], settings)


def _databases(value: str, settings: dict) -> bool:
    """`databases N`: at least 1 (Redis's config table bounds it so)."""
    if not value.isdigit() or int(value) < 1:
        return False
    settings["databases"] = int(value)
    return True


@program("redis-server")
def redis_server(ctx: Context):
    args = ctx.argv[1:]
    version = ctx.env.get("REDIS_VERSION", DEFAULT_VERSION)
    if args[:1] in (["-v"], ["--version"]):
        ctx.out(f"Redis server v={version} sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 "
                f"build=3ee4e9b1a1e7a2d8\n")
        return 0
    settings, problem = _options(args)
    if problem:
        ctx.stderr.write(f"\n*** FATAL CONFIG FILE ERROR (Redis {version}) ***\n"
                         f"Reading the configuration file, at line 2\n>>> '{' '.join(args)}'\n"
                         f"{problem}\n")
        return 1
    config = args[0] if args and not args[0].startswith("--") else ""
    if config:  # a configuration file: its `port` and `save` lines count (the options win)
        try:
            text = ctx.fs.read(config, ctx.cwd).decode("utf-8", "replace")
        except FSError as err:
            shown = config if config.startswith("/") else posixpath.join(ctx.cwd, config)
            RedisServer(ctx, version, settings).log(
                "#", f"Fatal error, can't open config file '{shown}': {err.strerror()}")
            return 1
        _from_config(text, settings, args[1:])
    server = RedisServer(ctx, version, settings)
    port = server.port
    server.log("#", OVERCOMMIT_WARNING)  # the simulated host keeps vm.overcommit_memory = 0
    server.log("*", "oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo")
    server.log("*", f"Redis version={version}, bits=64, commit=00000000, modified=0, "
                    f"pid={ctx.pid}, just started")
    if not args or args[0].startswith("--"):
        server.log("#", "Warning: no config file specified, using the default config. In order "
                        "to specify a config file use redis-server /path/to/redis.conf")
    else:
        server.log("*", "Configuration loaded")
    server.role = "M"
    server.log("*", "monotonic clock: POSIX clock_gettime")
    stack = ctx.system.network
    sockets = []
    for address in ("0.0.0.0", "::"):
        try:
            sockets.append(stack.listen(port, server.handle, server.process, address=address,
                                        name="redis-server", v6only=address == "::"))
        except NetError as err:
            for sock in sockets:
                sock.close()
            server.log("#", f"Warning: Could not create server TCP listening socket "
                            f"{'*' if address == '0.0.0.0' else '::*'}:{port}: bind: "
                            f"{err.text(ctx.libc)}")
            server.log("#", f"Failed listening on port {port} (tcp), aborting.")
            return 1
    server.log("*", f"Running mode=standalone, port={port}.")
    server.log("*", "Server initialized")
    damaged = server.load()
    if damaged:
        server.log("#", damaged)
        return 1
    server.log("*", "Ready to accept connections tcp")
    handlers = ctx.extra.setdefault("signals", {})
    handlers[SIGTERM] = lambda: server.shutdown("SIGTERM")
    handlers[SIGINT] = lambda: server.shutdown("SIGINT")
    try:
        yield from serve_forever(ctx)
    finally:
        for sock in sockets:
            sock.close()
    return 0
