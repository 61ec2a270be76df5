"""`registry serve CONFIG`: the distribution registry the registry:2 image runs.

It reads its YAML configuration (and the REGISTRY_* variables that override it, as
REGISTRY_HTTP_ADDR or REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY), listens on
http.addr (":5000") and keeps what is pushed in the container's own files under
storage.filesystem.rootdirectory (storage.py's layout). Every request is written to
stdout as an access log line, as the real one's does, so `docker logs registry`
shows the HEAD, POST, PATCH and PUT of a push.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import time
from typing import Dict, Optional

from ...network.errors import NetError
from ...network.http import Request
from ...proc.api import Context, Sleep, program
from ...vfs.errno import FSError
from . import htpasswd
from .api import RegistryAPI, error
from .storage import Storage

SIGINT, SIGTERM = 2, 15
VERSION = "2.8.3"
GO_VERSION = "go1.20.8"
DEFAULTS = {"http.addr": ":5000", "storage.filesystem.rootdirectory": "/var/lib/registry"}


def parse_config(text: str) -> Dict[str, str]:
    """The YAML's scalar settings by dotted path ("http.addr"): enough of YAML for the
    configuration files the image ships and users mount."""
    settings: Dict[str, str] = {}
    stack = []  # (indent, key)
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].rstrip()
        if not line.strip() or line.lstrip().startswith(("#", "-")):
            continue
        indent = len(line) - len(line.lstrip())
        key, _, value = line.strip().partition(":")
        while stack and stack[-1][0] >= indent:
            stack.pop()
        path = ".".join([k for _, k in stack] + [key.strip()])
        value = value.strip().strip("'\"")
        if value:
            settings[path.lower()] = value
        else:
            stack.append((indent, key.strip()))
    return settings


def _from_env(settings: Dict[str, str], env: Dict[str, str]) -> None:
    for name, value in env.items():
        if name.startswith("REGISTRY_") and name != "REGISTRY_CONFIGURATION_PATH":
            settings[name[len("REGISTRY_"):].lower().replace("_", ".")] = value


class Server:
    def __init__(self, ctx: Context, settings: Dict[str, str]):
        self.ctx = ctx
        self.count = 0
        self.seed = ctx.env.get("HOSTNAME", "registry")
        self.api = RegistryAPI(Storage(ctx.fs, settings["storage.filesystem.rootdirectory"], ctx.now),
                               self.new_uuid)
        # auth: htpasswd (REGISTRY_AUTH=htpasswd and its REALM and PATH): Basic credentials
        # checked against the bcrypt hashes of the file, read at each request
        wanted = settings.get("auth") == "htpasswd" or "auth.htpasswd.path" in settings
        self.htpasswd = settings.get("auth.htpasswd.path") if wanted else None
        self.realm = settings.get("auth.htpasswd.realm", "")
        self.verified = set()  # (user, password, hash) already checked: bcrypt is slow on purpose
        self.instance = ""

    def user(self, request: Request) -> Optional[str]:
        """The user the request's Basic credentials name, if the password file agrees."""
        header = request.header("Authorization")
        if not header.startswith("Basic "):
            return None
        try:
            name, _, password = base64.b64decode(header[6:]).decode().partition(":")
            users = htpasswd.read_file(self.ctx.fs.read(self.htpasswd).decode())
        except (binascii.Error, UnicodeDecodeError, FSError):
            return None
        hashed = users.get(name, "")
        if (name, password, hashed) not in self.verified and not htpasswd.check(password, hashed):
            return None
        self.verified.add((name, password, hashed))
        return name

    def new_uuid(self) -> str:
        """A version-4 UUID, the same in every replay of a script."""
        self.count += 1
        h = hashlib.sha256(f"{self.seed} upload {self.count}".encode()).hexdigest()
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"

    def handle(self, data: bytes, peer) -> bytes:
        request = Request.parse(data)
        if request is None:
            return b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n" \
                   b"Connection: close\r\n\r\n400 Bad Request"
        user = self.user(request) if self.htpasswd else None
        if self.htpasswd and user is None:
            response = error(401, "UNAUTHORIZED", "authentication required")
            response.headers.append(("Www-Authenticate", f'Basic realm="{self.realm}"'))
            _log(self.ctx, "warning", f'error authorizing context: basic authentication challenge for realm '
                 f'\\"{self.realm}\\": invalid authorization credential', self.instance)
        else:
            try:
                response = self.api.handle(request)
            except FSError as err:
                response = error(500, "UNKNOWN", "unknown error", str(err))
        stamp = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(self.ctx.now()))
        self.ctx.out(f'{peer.ip} - {user or "-"} [{stamp}] "{request.line}" {response.status} '
                     f'{len(response.body)} "{request.header("Referer")}" "{request.header("User-Agent")}"\n')
        return response.encode(with_body=request.method != "HEAD")


def _log(ctx: Context, level: str, message: str, instance: str) -> None:
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ctx.now()))
    ctx.stderr.write(f'time="{stamp}.000000000Z" level={level} msg="{message}" go.version={GO_VERSION} '
                     f'instance.id={instance} service=registry version={VERSION}\n')


@program("registry")
def registry(ctx: Context):
    args = ctx.argv[1:]
    if args[:1] in (["--version"], ["-v"]):
        ctx.out(f"{ctx.argv[0]} github.com/docker/distribution v{VERSION}\n")
        return 0
    if args[:1] != ["serve"]:
        ctx.out("`registry`\n\nUsage:\n  registry [flags]\n  registry [command]\n\nAvailable Commands:\n"
                "  garbage-collect `garbage-collect` deletes layers not referenced by any manifests\n"
                "  help            Help about any command\n"
                "  serve           `serve` stores and distributes Docker images\n")
        return 0 if not args or args[0] in ("help", "-h", "--help") else 1
    path = args[1] if len(args) > 1 else ctx.env.get("REGISTRY_CONFIGURATION_PATH", "")
    if not path:
        ctx.stderr.write("configuration error: configuration path unspecified\n")
        return 1
    try:
        settings = {**DEFAULTS, **parse_config(ctx.fs.read(path).decode("utf-8", "replace"))}
    except FSError as err:
        ctx.stderr.write(f"configuration error: open {path}: {err.strerror().lower()}\n")
        return 1
    _from_env(settings, ctx.env)
    port = int(settings["http.addr"].rpartition(":")[2] or 5000)
    server = Server(ctx, settings)
    instance = server.instance = server.new_uuid()
    _log(ctx, "warning", "No HTTP secret provided - generated random secret. This may cause problems with "
         "uploads if multiple registries are behind a load-balancer. To provide a shared secret, fill in "
         "http.secret in the configuration file or set the REGISTRY_HTTP_SECRET environment variable.", instance)
    _log(ctx, "info", "redis not configured", instance)
    _log(ctx, "info", "Starting upload purge in 20m0s", instance)
    _log(ctx, "info", "using inmemory blob descriptor cache", instance)
    try:
        sock = ctx.system.network.listen(port, server.handle, ctx.system.current, address="::",
                                         name="registry")
    except NetError as err:
        _log(ctx, "fatal", f"listen tcp :{port}: bind: {err.text('glibc').lower()}", instance)
        return 1
    _log(ctx, "info", f"listening on [::]:{port}", instance)
    ctx.extra.setdefault("signals", {}).update({SIGTERM: 0, SIGINT: 0})
    try:
        yield Sleep(float("inf"))
    finally:
        sock.close()
    return 0


__all__ = ["registry", "parse_config"]
