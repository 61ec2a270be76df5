"""Servers that answer on ports: nginx and `python3 -m http.server`.

Both serve files from their own container's union view, read at the moment
a request comes in: change /usr/share/nginx/html/index.html in the container
(a copy-up into its writable layer) and the next request shows it.

nginx reads /etc/nginx/nginx.conf and what it includes at start (as the real
one does; a changed configuration needs a restart), answers with its own
headers (Server, Date, Last-Modified, ETag ...) and error pages, and writes
its access log where /var/log/nginx/access.log points: in the image, a
symlink to /dev/stdout, so `docker logs` shows every request.
"""

from __future__ import annotations

import fnmatch
import html
import posixpath
import time
from typing import Dict, List, Optional, Tuple
from urllib.parse import quote

from ...host import KERNEL_RELEASE
from ...network.errors import NetError
from ...network.http import REASONS, Request, Response, http_date
from ...proc.api import PROGRAMS, Context, Sleep, program
from ...vfs.entry import DIR, FILE

SIGHUP, SIGINT, SIGQUIT, SIGTERM = 1, 2, 3, 15
NGINX_VERSION = "1.29.4"
NGINX_USER_UID = 101

# nginx's conf/mime.types for the usual extensions (used when the file has no text).
MIME = {"html": "text/html", "htm": "text/html", "shtml": "text/html", "css": "text/css",
        "xml": "text/xml", "gif": "image/gif", "jpeg": "image/jpeg", "jpg": "image/jpeg",
        "js": "application/javascript", "txt": "text/plain", "png": "image/png",
        "svg": "image/svg+xml", "svgz": "image/svg+xml", "ico": "image/x-icon",
        "webp": "image/webp", "json": "application/json", "pdf": "application/pdf",
        "zip": "application/zip", "woff": "font/woff", "woff2": "font/woff2",
        "mp4": "video/mp4", "wasm": "application/wasm"}


# -- nginx's configuration language -------------------------------------------------------
class ConfigError(Exception):
    pass


def tokens(text: str, path: str):
    """(token, line) pairs: words, quoted strings, ';', '{' and '}'; # starts a comment."""
    i, line, n = 0, 1, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif c.isspace():
            i += 1
        elif c == "#":
            while i < n and text[i] != "\n":
                i += 1
        elif c in ";{}":
            yield c, line
            i += 1
        elif c in "\"'":
            end = i + 1
            while end < n and text[end] != c:
                if text[end] == "\\":
                    end += 1
                end += 1
            yield text[i + 1:end], line
            line += text[i:end].count("\n")
            i = end + 1
        else:
            start = i
            while i < n and not text[i].isspace() and text[i] not in ";{}":
                i += 1
            yield text[start:i], line


class Block:
    def __init__(self, name: str = "", args: Optional[List[str]] = None):
        self.name = name
        self.args = args or []
        self.directives: List[Tuple[str, List[str]]] = []
        self.blocks: List["Block"] = []

    def get(self, name: str) -> Optional[List[str]]:
        for key, args in self.directives:
            if key == name:
                return args
        return None

    def all(self, name: str) -> List[List[str]]:
        return [args for key, args in self.directives if key == name]

    def children(self, name: str) -> List["Block"]:
        return [b for b in self.blocks if b.name == name]


def load_config(fs, path: str, cwd: str = "/") -> Block:
    root = Block("main")
    _parse_into(fs, path, root, [root])
    return root


def _read_text(fs, path: str) -> str:
    from ...vfs.errno import FSError
    try:
        data = fs.read(path)
    except FSError as err:
        raise ConfigError(f'open() "{path}" failed ({err.errno}: {err.strerror()})') from None
    return data.decode("utf-8", "replace")


def _parse_into(fs, path: str, root: Block, stack: List[Block]) -> None:
    text = _read_text(fs, path)
    words: List[str] = []
    last_line = 1
    depth = len(stack)
    for token, line in tokens(text, path):
        last_line = line
        if token == ";":
            if not words:
                raise ConfigError(f'unexpected ";" in {path}:{line}')
            name, args = words[0], words[1:]
            if name == "include":
                for included in _glob(fs, args[0] if args else ""):
                    _parse_into(fs, included, root, stack)
            else:
                stack[-1].directives.append((name, args))
            words = []
        elif token == "{":
            block = Block(words[0] if words else "", words[1:])
            stack[-1].blocks.append(block)
            stack.append(block)
            words = []
        elif token == "}":
            if len(stack) <= depth:
                raise ConfigError(f'unexpected "}}" in {path}:{line}')
            stack.pop()
        else:
            words.append(token)
    if len(stack) > depth:
        raise ConfigError(f'unexpected end of file, expecting "}}" in {path}:{last_line}')


def _glob(fs, pattern: str) -> List[str]:
    if not any(c in pattern for c in "*?["):
        return [pattern]
    directory, _, name = pattern.rpartition("/")
    try:
        names = fs.readdir(directory or "/")
    except Exception:
        return []
    return [f"{directory}/{n}" for n in sorted(names) if fnmatch.fnmatch(n, name)]


def mime_types(fs, http: Block) -> Dict[str, str]:
    types: Dict[str, str] = {}
    for block in http.children("types"):
        for mime, exts in block.directives:
            for ext in exts:
                types[ext] = mime
    return types or dict(MIME)


# -- nginx serving ------------------------------------------------------------------------
class Server:
    def __init__(self, block: Block, http: Block):
        self.block = block
        self.http = http
        self.listens: List[Tuple[str, int, bool]] = []  # (address, port, ipv6)
        for args in block.all("listen") or [["80"]]:
            spec = args[0]
            ipv6 = spec.startswith("[")
            if ipv6:
                address, _, port = spec[1:].partition("]:")
                self.listens.append(("::", int(port or 80), True))
            elif ":" in spec:
                address, _, port = spec.rpartition(":")
                self.listens.append((address, int(port), False))
            elif spec.isdigit():
                self.listens.append(("0.0.0.0", int(spec), False))
            else:
                self.listens.append((spec, 80, False))
        names = block.get("server_name")
        self.names = names or [""]

    def location(self, uri: str) -> Block:
        best, best_len = None, -1
        for block in self.block.children("location"):
            if block.args[:1] == ["="] and len(block.args) > 1:
                if uri == block.args[1]:
                    return block
                continue
            prefix = block.args[-1] if block.args else "/"
            if uri.startswith(prefix) and len(prefix) > best_len:
                best, best_len = block, len(prefix)
        return best or self.block

    def setting(self, location: Block, name: str) -> Optional[List[str]]:
        for block in (location, self.block, self.http):
            value = block.get(name)
            if value is not None:
                return value
        return None


def error_page(status: int) -> bytes:
    title = f"{status} {REASONS.get(status, '')}"
    return (f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n"
            f"<center><h1>{title}</h1></center>\r\n<hr><center>nginx/{NGINX_VERSION}</center>\r\n"
            f"</body>\r\n</html>\r\n").encode()


class Nginx:
    def __init__(self, ctx: Context, config: Block):
        self.ctx = ctx
        self.config = config
        self.http = (config.children("http") or [Block("http")])[0]
        self.servers = [Server(b, self.http) for b in self.http.children("server")]
        self.types = mime_types(ctx.fs, self.http)
        self.connection_number = 0

    def now_local(self) -> str:
        return time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(self.ctx.now()))

    def error_log(self, level: str, text: str) -> None:
        stamp = time.strftime("%Y/%m/%d %H:%M:%S", time.gmtime(self.ctx.now()))
        self._write_log(self._error_log_path(), f"{stamp} [{level}] {self.ctx.pid}#"
                                                 f"{self.ctx.pid}: {text}\n", self.ctx.stderr)

    def _error_log_path(self) -> str:
        args = self.config.get("error_log")
        return args[0] if args else "/var/log/nginx/error.log"

    def _write_log(self, path: str, line: str, fallback) -> None:
        target = self._log_target(path)
        if target == "stdout":
            self.ctx.stdout.write(line)
        elif target == "stderr":
            self.ctx.stderr.write(line)
        elif target:
            try:
                self.ctx.fs.write(target, line.encode(), "/", append=True)
            except Exception:  # a log that cannot be written is skipped, as nginx does
                pass

    def _log_target(self, path: str) -> str:
        fs = self.ctx.fs
        seen = 0
        while seen < 8:
            if path in ("/dev/stdout", "/proc/self/fd/1"):
                return "stdout"
            if path in ("/dev/stderr", "/proc/self/fd/2"):
                return "stderr"
            try:
                entry = fs.lstat(path)
            except Exception:
                return path
            if entry.kind != "symlink":
                return path
            target = fs.readlink(path)
            path = target if target.startswith("/") else posixpath.join(posixpath.dirname(path),
                                                                        target)
            seen += 1
        return ""

    def pick(self, port: int, host: str) -> Server:
        candidates = [s for s in self.servers if any(p == port for _, p, _ in s.listens)]
        name = host.split(":")[0]
        for server in candidates:
            if name in server.names:
                return server
        return candidates[0] if candidates else self.servers[0]

    def handle(self, data: bytes, peer, port: int) -> bytes:
        self.connection_number += 1
        request = Request.parse(data)
        if request is None:
            response = self.error(400, close=True)
            self.access(peer, "-", response, "-", "-")
            return response.encode()
        server = self.pick(port, request.header("Host"))
        response = self.serve(request, server, peer, port)
        self.access(peer, request.line, response, request.header("Referer") or "-",
                    request.header("User-Agent") or "-")
        return response.encode(with_body=request.method != "HEAD")

    def access(self, peer, line: str, response: Response, referer: str, agent: str) -> None:
        args = self.http.get("access_log") or ["/var/log/nginx/access.log", "main"]
        if args[0] == "off":
            return
        size = 0 if line.startswith("HEAD ") else len(response.body)
        entry = (f'{peer.ip} - - [{self.now_local()}] "{line}" {response.status} {size} '
                 f'"{referer}" "{agent}" "-"\n')
        self._write_log(args[0], entry, self.ctx.stdout)

    def headers(self, extra=()) -> List[Tuple[str, str]]:
        return [("Server", f"nginx/{NGINX_VERSION}"), ("Date", http_date(self.ctx.now()))] + \
            list(extra)

    def error(self, status: int, close: bool = False, location: str = "") -> Response:
        body = error_page(status)
        extra = [("Content-Type", "text/html"), ("Content-Length", str(len(body)))]
        if location:
            extra.append(("Location", location))
        extra.append(("Connection", "close" if close else "keep-alive"))
        return Response(status, REASONS.get(status, ""), self.headers(extra), body)

    def serve(self, request: Request, server: Server, peer, port: int) -> Response:
        close = request.header("Connection").lower() == "close" or request.version == "HTTP/1.0"
        uri = request.path
        normal = posixpath.normpath(uri) if uri != "/" else "/"
        if uri.endswith("/") and normal != "/":
            normal += "/"
        if not uri.startswith("/") or ".." in uri.split("/") and normal.startswith(".."):
            return self.error(400, close=True)
        uri = normal
        location = server.location(uri)
        root = (server.setting(location, "root") or ["html"])[0]
        if not root.startswith("/"):
            root = "/etc/nginx/" + root
        index = server.setting(location, "index") or ["index.html"]
        if request.method not in ("GET", "HEAD"):
            return self.error(405, close)
        fs = self.ctx.fs
        path = root.rstrip("/") + uri
        if uri.endswith("/"):
            for name in index:
                candidate = path + name
                entry = _stat(fs, candidate)
                if entry is not None and entry.kind == FILE:
                    path = candidate
                    break
            else:
                entry = _stat(fs, path)
                if entry is None:
                    self.error_log("error", f'*{self.connection_number} "{path}{index[0]}" is not '
                                   f'found (2: No such file or directory), client: {peer.ip}, '
                                   f'server: {server.names[0]}, request: "{request.line}", '
                                   f'host: "{request.header("Host")}"')
                    return self.error(404, close)
                self.error_log("error", f'*{self.connection_number} directory index of "{path}" '
                               f'is forbidden, client: {peer.ip}, server: {server.names[0]}, '
                               f'request: "{request.line}", host: "{request.header("Host")}"')
                return self.error(403, close)
        entry = _stat(fs, path)
        if entry is None:
            self.error_log("error", f'*{self.connection_number} open() "{path}" failed (2: No '
                           f'such file or directory), client: {peer.ip}, server: '
                           f'{server.names[0]}, request: "{request.line}", host: '
                           f'"{request.header("Host")}"')
            return self.error(404, close)
        if entry.kind == DIR:
            host = request.header("Host").split(":")[0] or server.names[0] or "localhost"
            listen_port = server.listens[0][1] if server.listens else 80
            shown = host if listen_port == 80 else f"{host}:{listen_port}"
            return self.error(301, close, location=f"http://{shown}{uri}/")
        if not (entry.mode & 0o004 or (entry.uid == NGINX_USER_UID and entry.mode & 0o400)):
            self.error_log("crit", f'*{self.connection_number} open() "{path}" failed (13: '
                           f'Permission denied), client: {peer.ip}, server: {server.names[0]}, '
                           f'request: "{request.line}", host: "{request.header("Host")}"')
            return self.error(403, close)
        body = fs.read(path)
        ext = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
        default_type = (server.setting(location, "default_type") or
                        ["application/octet-stream"])[0]
        ctype = self.types.get(ext, default_type)
        mtime = int(entry.mtime)
        extra = [("Content-Type", ctype), ("Content-Length", str(len(body))),
                 ("Last-Modified", http_date(mtime)),
                 ("Connection", "close" if close else "keep-alive"),
                 ("ETag", f'"{mtime:x}-{len(body):x}"'), ("Accept-Ranges", "bytes")]
        return Response(200, "OK", self.headers(extra), body)


def _stat(fs, path: str):
    try:
        return fs.stat(path)
    except Exception:  # not there, or a dangling symlink: nginx's open() fails the same way
        return None


def nginx_main(ctx: Context):
    """nginx in the foreground: TERM/INT stop it at once, QUIT gracefully, HUP reloads."""
    args = ctx.argv[1:]
    conf = "/etc/nginx/nginx.conf"
    test_only, signal = False, None
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("-v", "-V"):
            ctx.stderr.write(f"nginx version: nginx/{NGINX_VERSION}\n")
            if arg == "-V":
                ctx.stderr.write("built by gcc 14.2.0 (Debian 14.2.0-19) \nbuilt with OpenSSL "
                                 "3.5.4 30 Sep 2025\nTLS SNI support enabled\n")
            return 0
        if arg == "-t":
            test_only = True
        elif arg in ("-c", "-g", "-p", "-e", "-s") and i + 1 < len(args):
            if arg == "-c":
                conf = args[i + 1]
            if arg == "-s":
                signal = args[i + 1]
            i += 1
        i += 1
    if signal is not None:
        return _nginx_signal(ctx, conf, signal)
    try:
        config = load_config(ctx.fs, conf)
    except ConfigError as err:
        ctx.stderr.write(f"nginx: [emerg] {err}\n")
        if test_only:
            ctx.stderr.write(f"nginx: configuration file {conf} test failed\n")
        return 1
    if test_only:
        ctx.stderr.write(f"nginx: the configuration file {conf} syntax is ok\n"
                         f"nginx: configuration file {conf} test is successful\n")
        return 0
    server = Nginx(ctx, config)
    stamp = time.strftime("%Y/%m/%d %H:%M:%S", time.gmtime(ctx.now()))
    pid = ctx.pid
    for line in ('using the "epoll" event method', f"nginx/{NGINX_VERSION}",
                 "built by gcc 14.2.0 (Debian 14.2.0-19) ", f"OS: Linux {KERNEL_RELEASE}",
                 "getrlimit(RLIMIT_NOFILE): 1048576:1048576"):
        server._write_log(server._error_log_path(), f"{stamp} [notice] {pid}#{pid}: {line}\n",
                          ctx.stderr)
    stack = ctx.system.network
    process = ctx.system.current
    sockets = []
    for candidate in server.servers:
        for address, port, ipv6 in candidate.listens:
            if any(s.port == port and (s.family == 6) == ipv6 for s in sockets):
                continue

            def answer(data, peer, port=port):
                return server.handle(data, peer, port)
            try:
                sockets.append(stack.listen(port, answer, process, address=address,
                                            name="nginx", v6only=ipv6))
            except NetError as err:
                shown = f"[{address}]" if ipv6 else address
                ctx.stderr.write(f"nginx: [emerg] bind() to {shown}:{port} failed ({err.errno}: "
                                 f"{err.text(ctx.libc)})\n")
                for sock in sockets:
                    sock.close()
                return 1
    pid_file = _pid_file(config)
    failed = _prepare_run(ctx, config, pid_file)
    if failed:
        ctx.stderr.write(f"nginx: [emerg] {failed}\n")
        for sock in sockets:
            sock.close()
        return 1
    ctx.extra.setdefault("signals", {}).update({SIGTERM: 0, SIGINT: 0, SIGQUIT: 0, SIGHUP: None})
    try:
        yield Sleep(float("inf"))
    finally:
        for sock in sockets:
            sock.close()
        try:
            ctx.fs.unlink(pid_file)  # nginx unlinks its pid file as it exits
        except Exception:
            pass
    return 0


NGINX_TEMP_DIRS = ("client_temp", "proxy_temp", "fastcgi_temp", "uwsgi_temp", "scgi_temp")
NGINX_SIGNALS = {"stop": 15, "quit": 3, "reopen": 10, "reload": 1}  # TERM QUIT USR1 HUP


def _pid_file(config: Block) -> str:
    return (config.get("pid") or ["/run/nginx.pid"])[0]


def _prepare_run(ctx: Context, config: Block, pid_file: str) -> str:
    """What the master does as it starts: make the temporary directories its build names
    (--http-*-temp-path; only the last component, owned by the worker user) and write its
    pid file. The complaint that stops it, or ""."""
    from ..accounts.db import identity
    from ...vfs.errno import FSError
    user = (config.get("user") or ["nobody"])[0]
    who = identity(ctx.fs, user)
    owner = (who.uid, who.gid) if who is not None else (0, 0)
    for name in NGINX_TEMP_DIRS:
        path = f"/var/cache/nginx/{name}"
        try:
            if not ctx.fs.exists(path):
                ctx.fs.mkdir(path, mode=0o700, uid=owner[0], gid=owner[1])
        except FSError as err:
            return f'mkdir() "{path}" failed ({err.errno}: {err.strerror()})'
    try:
        ctx.fs.write(pid_file, f"{ctx.pid}\n".encode())
    except FSError as err:
        return f'open() "{pid_file}" failed ({err.errno}: {err.strerror()})'
    return ""


def _nginx_signal(ctx: Context, conf: str, name: str) -> int:
    """nginx -s stop|quit|reopen|reload: signal the master named in the pid file."""
    if name not in NGINX_SIGNALS:
        ctx.stderr.write(f'nginx: invalid option: "-s {name}"\n')
        return 1
    try:
        pid_file = _pid_file(load_config(ctx.fs, conf))
    except ConfigError as err:
        ctx.stderr.write(f"nginx: [emerg] {err}\n")
        return 1
    try:
        text = ctx.fs.read(pid_file).decode().strip()
    except Exception:
        ctx.stderr.write(f'nginx: [error] open() "{pid_file}" failed (2: No such file or '
                         'directory)\n')
        return 1
    stamp = time.strftime("%Y/%m/%d %H:%M:%S", time.gmtime(ctx.now()))
    ctx.stderr.write(f"{stamp} [notice] {ctx.pid}#{ctx.pid}: signal process started\n")
    try:
        ctx.system.kill(int(text), NGINX_SIGNALS[name])
    except Exception:
        ctx.stderr.write(f'{stamp} [alert] {ctx.pid}#{ctx.pid}: kill({text}, '
                         f'{NGINX_SIGNALS[name]}) failed (3: No such process)\n')
        return 1
    return 0


# -- python3 -m http.server ---------------------------------------------------------------
PY_MIME = {"html": "text/html", "htm": "text/html", "txt": "text/plain", "css": "text/css",
           "js": "text/javascript", "json": "application/json", "png": "image/png",
           "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "svg": "image/svg+xml",
           "py": "text/x-python", "sh": "application/x-sh", "xml": "text/xml",
           "md": "text/markdown", "csv": "text/csv", "pdf": "application/pdf"}
PY_ERROR = """<!DOCTYPE HTML>
<html lang="en">
    <head>
        <meta charset="utf-8">
        <title>Error response</title>
    </head>
    <body>
        <h1>Error response</h1>
        <p>Error code: {code}</p>
        <p>Message: {message}.</p>
        <p>Error code explanation: {code} - {explain}.</p>
    </body>
</html>
"""
PY_EXPLAIN = {404: "Nothing matches the given URI", 501: "Server does not support this operation",
              400: "Bad request syntax or unsupported method"}


class PythonHTTP:
    def __init__(self, ctx: Context, directory: str, version: str, protocol: str = "HTTP/1.0"):
        self.ctx = ctx
        self.directory = directory
        self.version = version
        self.protocol = protocol

    def log(self, peer, text: str) -> None:
        stamp = time.strftime("%d/%b/%Y %H:%M:%S", time.gmtime(self.ctx.now()))
        client = peer.ip if ":" in peer.ip else f"::ffff:{peer.ip}"
        self.ctx.stderr.write(f"{client} - - [{stamp}] {text}\n")

    def headers(self) -> List[Tuple[str, str]]:
        return [("Server", f"SimpleHTTP/0.6 Python/{self.version}"),
                ("Date", http_date(self.ctx.now()))]

    def error(self, peer, request_line: str, code: int, message: str) -> Response:
        self.log(peer, f"code {code}, message {message}")
        self.log(peer, f'"{request_line}" {code} -')
        body = PY_ERROR.format(code=code, message=html.escape(message, quote=False),
                               explain=PY_EXPLAIN.get(code, "")).encode()
        headers = self.headers() + [("Connection", "close"),
                                    ("Content-Type", "text/html;charset=utf-8"),
                                    ("Content-Length", str(len(body)))]
        return Response(code, message, headers, body, self.protocol)

    def handle(self, data: bytes, peer) -> bytes:
        request = Request.parse(data)
        if request is None:
            first = data.split(b"\r\n", 1)[0].decode("latin-1")
            return self.error(peer, first, 400, f"Bad request syntax ('{first}')").encode()
        if request.method not in ("GET", "HEAD"):
            return self.error(peer, request.line, 501,
                              f"Unsupported method ('{request.method}')").encode()
        response = self.serve(request, peer)
        return response.encode(with_body=request.method != "HEAD")

    def serve(self, request: Request, peer) -> Response:
        fs = self.ctx.fs
        words = [w for w in posixpath.normpath(request.path).split("/")
                 if w and w not in (".", "..")]
        path = posixpath.join(self.directory, *words) if words else self.directory
        entry = _stat(fs, path)
        if entry is not None and entry.kind == DIR:
            if not request.path.endswith("/"):
                self.log(peer, f'"{request.line}" 301 -')
                headers = self.headers() + [("Location", request.path + "/"),
                                            ("Content-Length", "0")]
                return Response(301, "Moved Permanently", headers, b"", self.protocol)
            for name in ("index.html", "index.htm"):
                index = _stat(fs, posixpath.join(path, name))
                if index is not None and index.kind == FILE:
                    path, entry = posixpath.join(path, name), index
                    break
            else:
                return self.listing(request, peer, path)
        if entry is None or entry.kind != FILE:
            return self.error(peer, request.line, 404, "File not found")
        body = fs.read(path)
        ext = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
        headers = self.headers() + [("Content-type", PY_MIME.get(ext, "application/octet-stream")),
                                    ("Content-Length", str(len(body))),
                                    ("Last-Modified", http_date(entry.mtime))]
        self.log(peer, f'"{request.line}" 200 -')
        return Response(200, "OK", headers, body, self.protocol)

    def listing(self, request: Request, peer, path: str) -> Response:
        fs = self.ctx.fs
        names = sorted(fs.readdir(path), key=str.lower)
        display = html.escape(request.path, quote=False)
        title = f"Directory listing for {display}"
        lines = ["<!DOCTYPE HTML>", '<html lang="en">', "<head>", '<meta charset="utf-8">']
        if tuple(int(x) for x in self.version.split(".")[:2]) >= (3, 14):
            lines.append('<style type="text/css">\n:root {\ncolor-scheme: light dark;\n}\n</style>')
        lines += [f"<title>{title}</title>\n</head>", f"<body>\n<h1>{title}</h1>", "<hr>\n<ul>"]
        for name in names:
            full = posixpath.join(path, name)
            shown = link = name
            try:
                is_link = fs.lstat(full).kind == "symlink"
            except Exception:
                is_link = False
            target = _stat(fs, full)
            if target is not None and target.kind == DIR:
                shown, link = name + "/", name + "/"
            if is_link:
                shown = name + "@"
            lines.append(f'<li><a href="{quote(link)}">{html.escape(shown, quote=False)}</a></li>')
        lines.append("</ul>\n<hr>\n</body>\n</html>\n")
        body = "\n".join(lines).encode()
        headers = self.headers() + [("Content-type", "text/html; charset=utf-8"),
                                    ("Content-Length", str(len(body)))]
        self.log(peer, f'"{request.line}" 200 -')
        return Response(200, "OK", headers, body, self.protocol)


def http_server_main(ctx: Context, args: List[str]):
    port, bind, directory, protocol = 8000, "", ctx.cwd, "HTTP/1.0"
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("-b", "--bind") and i + 1 < len(args):
            bind, i = args[i + 1], i + 1
        elif arg in ("-d", "--directory") and i + 1 < len(args):
            directory, i = args[i + 1], i + 1
        elif arg in ("-p", "--protocol") and i + 1 < len(args):
            protocol, i = args[i + 1], i + 1
        elif arg.isdigit():
            port = int(arg)
        i += 1
    if not directory.startswith("/"):
        directory = posixpath.normpath(posixpath.join(ctx.cwd, directory))
    version = ctx.env.get("PYTHON_VERSION", "3.14.2")
    unbuffered = ctx.stdout.isatty or "PYTHONUNBUFFERED" in ctx.env or ctx.extra.get("python-unbuffered")
    address = bind or "::"
    server = PythonHTTP(ctx, directory, version, protocol)
    stack = ctx.system.network
    try:
        sock = stack.listen(port, lambda data, peer: server.handle(data, peer),
                            ctx.system.current, address=address, name="python3")
    except NetError as err:
        ctx.stderr.write(_traceback_bind(err, ctx))
        return 1
    shown = f"[{address}]" if ":" in address else address
    banner = f"Serving HTTP on {address} port {port} (http://{shown}:{port}/) ...\n"
    if unbuffered:
        ctx.out(banner)
    else:
        ctx.extra["python-stdout-buffer"] = banner  # block-buffered: not in `docker logs` yet
    ctx.extra.setdefault("signals", {})[SIGINT] = 0
    try:
        yield Sleep(float("inf"))
    finally:
        sock.close()
    return 0


def _traceback_bind(err: NetError, ctx: Context) -> str:
    return ("Traceback (most recent call last):\n"
            '  File "<frozen runpy>", line 198, in _run_module_as_main\n'
            '  File "<frozen runpy>", line 88, in _run_code\n'
            f"OSError: [Errno {err.errno}] {err.text(ctx.libc)}\n")


def python3(ctx: Context):
    args = ctx.argv[1:]
    if args[:1] in (["-V"], ["--version"]):
        ctx.out(f"Python {ctx.env.get('PYTHON_VERSION', '3.14.2')}\n")
        return 0
    if args[:1] == ["-u"]:
        ctx.extra["python-unbuffered"] = True
        args = args[1:]
    if args[:2] == ["-m", "http.server"]:
        return (yield from http_server_main(ctx, args[2:]))
    if args[:2] in (["-m", "pip"], ["-m", "venv"]):
        from ..pkg import pip
        main = pip.pip if args[1] == "pip" else pip.venv
        return (yield from main(ctx))
    ctx.stderr.write("python3: crsim simulates `python3 -m http.server`, `-m pip` and `-m venv` only\n")
    return 1


if "python3" not in PROGRAMS:  # another module may simulate the whole interpreter
    program("python3", "python")(python3)

__all__ = ["nginx_main", "Nginx", "load_config", "http_server_main", "error_page"]
