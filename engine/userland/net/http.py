"""HTTP clients: curl (8.14, as Debian trixie ships it) and wget (BusyBox's and GNU's).

They resolve the name the way the C library does (/etc/hosts, then the
nameserver in /etc/resolv.conf), connect through the container's network
namespace and print what the real tools print, errors included:
`curl: (7) Failed to connect to web port 80 after 0 ms: Couldn't connect to
server`, `wget: bad address 'web'`. Time spent failing (a connection nobody
answers) passes in simulated time.
"""

from __future__ import annotations

import time
from typing import List, Optional, Tuple

from ...network.errors import ECONNRESET, NetError, ResolveError
from ...network.http import Request, Response, parse_url
from ...proc.api import Context, Sleep, program
from ..options import busybox_usage
from ..coreutils.common import new_file

CURL_VERSION = "8.14.1"  # Debian trixie's (nginx, python, buildpack-deps images)
LAN_SECONDS = 0.001  # how long a transfer inside the host takes (for speeds)


class CurlError(Exception):
    def __init__(self, code: int, message: str):
        super().__init__(code, message)
        self.code = code
        self.message = message


# -- curl's progress meter -------------------------------------------------------------
def max5(value: float) -> str:
    """curl's max5data: a number in at most 5 characters."""
    value = int(value)
    if value < 100000:
        return f"{value:5d}"
    if value < 10000 * 1024:
        return f"{value // 1024:4d}k"
    if value < 10000 * 1024 * 1024:
        return f"{value // (1024 * 1024):4d}M"
    return f"{value // (1024 ** 3):4d}G"


PROGRESS_HEAD = ("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
                 "                                 Dload  Upload   Total   Spent    Left  Speed\n")


def progress_line(total: int, received: int, seconds: float) -> str:
    percent = 100 if total and received >= total else (received * 100 // total if total else 0)
    speed = received / seconds if seconds > 0 else 0
    return (f"{percent:3d} {max5(total)}  {percent:3d} {max5(received)}    0 {max5(0)}  "
            f"{max5(speed)}  {max5(0)} --:--:-- --:--:-- --:--:-- {max5(speed)}")


# -- curl -------------------------------------------------------------------------------
CURL_FLAGS = {"-s": "silent", "--silent": "silent", "-S": "show-error",
              "--show-error": "show-error", "-I": "head", "--head": "head", "-i": "include",
              "--include": "include", "-v": "verbose", "--verbose": "verbose",
              "-L": "location", "--location": "location", "-f": "fail", "--fail": "fail",
              "-O": "remote-name", "--remote-name": "remote-name", "-k": "insecure",
              "--insecure": "insecure", "-4": "ipv4", "--ipv4": "ipv4", "-6": "ipv6",
              "--ipv6": "ipv6", "--http1.1": "http1.1", "--http1.0": "http1.0",
              "-0": "http1.0", "--no-progress-meter": "no-progress", "--compressed": "compressed",
              "-#": "progress-bar", "--progress-bar": "progress-bar", "-g": "globoff",
              "--globoff": "globoff", "--fail-with-body": "fail-with-body"}
CURL_VALUES = {"-o": "output", "--output": "output", "-X": "request", "--request": "request",
               "-H": "header", "--header": "header", "-d": "data", "--data": "data",
               "--data-raw": "data", "--data-binary": "data", "-A": "user-agent",
               "--user-agent": "user-agent", "-m": "max-time", "--max-time": "max-time",
               "--connect-timeout": "connect-timeout", "-w": "write-out",
               "--write-out": "write-out", "--url": "url", "-u": "user", "--user": "user",
               "--retry": "retry", "-e": "referer", "--referer": "referer"}
SHORT_VALUES = {"o", "X", "H", "d", "A", "m", "w", "u", "e"}


def curl_options(args: List[str]):
    opts: dict = {"header": [], "data": []}
    urls: List[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            urls += args[i:]
            break
        if arg.startswith("--"):
            if arg in ("--help", "-h"):
                opts["help"] = True
                continue
            if arg == "--version":
                opts["version"] = True
                continue
            if arg in CURL_FLAGS:
                opts[CURL_FLAGS[arg]] = True
                continue
            if arg in CURL_VALUES:
                if i >= len(args):
                    raise CurlError(2, f"option {arg}: requires parameter")
                _store(opts, CURL_VALUES[arg], args[i])
                i += 1
                continue
            raise CurlError(2, f"option {arg}: is unknown")
        if arg.startswith("-") and len(arg) > 1:
            j = 1
            while j < len(arg):
                letter = arg[j]
                j += 1
                if letter == "V":
                    opts["version"] = True
                    continue
                if letter == "h":
                    opts["help"] = True
                    continue
                if letter in SHORT_VALUES:
                    value = arg[j:]
                    if not value:
                        if i >= len(args):
                            raise CurlError(2, f"option -{letter}: requires parameter")
                        value = args[i]
                        i += 1
                    _store(opts, CURL_VALUES[f"-{letter}"], value)
                    break
                if f"-{letter}" in CURL_FLAGS:
                    opts[CURL_FLAGS[f"-{letter}"]] = True
                    continue
                raise CurlError(2, f"option -{letter}: is unknown")
            continue
        urls.append(arg)
    if "url" in opts:
        urls.insert(0, opts.pop("url"))
    return opts, urls


def _store(opts: dict, key: str, value: str) -> None:
    if key in ("header", "data"):
        opts[key].append(value)
    else:
        opts[key] = value


def curl_main(ctx: Context, version: str = CURL_VERSION, stack=None, terminal: Optional[bool] = None):
    """curl's main; ``stack`` and ``terminal`` let the shell's own curl run on the host."""
    try:
        opts, urls = curl_options(ctx.argv[1:])
    except CurlError as err:
        ctx.stderr.write(f"curl: {err.message}\ncurl: try 'curl --help' or 'curl --manual' "
                         f"for more information\n")
        return err.code
    if opts.get("version"):
        ctx.out(f"curl {version} (x86_64-pc-linux-gnu) libcurl/{version} OpenSSL/3.5.4 "
                f"zlib/1.3.1 brotli/1.1.0 zstd/1.5.7 libidn2/2.3.8 libpsl/0.21.2 "
                f"libssh2/1.11.1 nghttp2/1.64.0 librtmp/2.3 OpenLDAP/2.6.10\n"
                f"Release-Date: 2025-06-04, security patched: {version}-2\n"
                f"Protocols: dict file ftp ftps gopher gophers http https imap imaps ipfs ipns "
                f"ldap ldaps mqtt pop3 pop3s rtmp rtsp scp sftp smb smbs smtp smtps telnet tftp "
                f"ws wss\nFeatures: alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN "
                f"IPv6 Kerberos Largefile libz NTLM PSL SPNEGO SSL threadsafe TLS-SRP "
                f"UnixSockets zstd\n")
        return 0
    if opts.get("help"):
        ctx.out("Usage: curl [options...] <url>\n -d, --data <data>           HTTP POST data\n"
                " -f, --fail                  Fail fast with no output on HTTP errors\n"
                " -h, --help <subject>        Get help for commands\n"
                " -i, --include               Include response headers in output\n"
                " -o, --output <file>         Write to file instead of stdout\n"
                " -O, --remote-name           Write output to file named as remote file\n"
                " -s, --silent                Silent mode\n"
                " -T, --upload-file <file>    Transfer local FILE to destination\n"
                " -u, --user <user:password>  Server user and password\n"
                " -A, --user-agent <name>     Send User-Agent <name> to server\n"
                " -v, --verbose               Make the operation more talkative\n"
                " -V, --version               Show version number and quit\n\n"
                "This is not the full help; this menu is split into categories.\n"
                "Use \"--help category\" to get an overview of all categories.\n"
                "Use \"--help all\" to list all options\n")
        return 0
    if not urls:
        ctx.stderr.write("curl: no URL specified\ncurl: try 'curl --help' or 'curl --manual' "
                         "for more information\n")
        return 2
    stack = stack if stack is not None else ctx.system.network
    tty = ctx.stdout.isatty if terminal is None else terminal
    status = 0
    for url in urls:
        try:
            yield from _curl_one(ctx, stack, url, opts, version, tty)
        except CurlError as err:
            if not opts.get("silent") or opts.get("show-error"):
                ctx.stderr.write(f"curl: ({err.code}) {err.message}\n")
            status = err.code
    return status


def _curl_resolve(ctx: Context, stack, host: str, verbose: bool, port: int):
    if host.lower() == "localhost":
        addresses = ["::1", "127.0.0.1"]
        six, four = ["::1"], ["127.0.0.1"]
    else:
        try:
            addresses = stack.resolve(host, ctx.libc)
        except ResolveError as err:
            if err.delay:
                yield Sleep(err.delay)
            raise CurlError(6, f"Could not resolve host: {host}") from None
        six, four = [], addresses
    if verbose and addresses != [host]:
        ctx.stderr.write(f"* Host {host}:{port} was resolved.\n"
                         f"* IPv6: {', '.join(six) if six else '(none)'}\n"
                         f"* IPv4: {', '.join(four)}\n")
    return addresses


def _curl_one(ctx: Context, stack, url: str, opts: dict, version: str, tty: bool):
    verbose = bool(opts.get("verbose"))
    err = ctx.stderr
    redirects = 0
    while True:
        try:
            scheme, host, port, target = parse_url(url)
        except ValueError:
            raise CurlError(3, "URL rejected: Bad hostname") from None
        if scheme not in ("http", "https"):
            raise CurlError(1, f'Protocol "{scheme}" not supported')
        addresses = yield from _curl_resolve(ctx, stack, host, verbose, port)
        connection, waited = None, 0.0
        for address in addresses:
            shown = f"[{address}]" if ":" in address else address
            if verbose:
                err.write(f"*   Trying {shown}:{port}...\n")
            try:
                connection = stack.connect(address, port)
                break
            except NetError as failed:
                limit = _seconds(opts.get("connect-timeout") or opts.get("max-time"))
                if limit is not None and failed.delay > limit:
                    yield Sleep(limit)
                    ms = int(limit * 1000) + 1
                    raise CurlError(28, f"Failed to connect to {host} port {port} after {ms} ms: "
                                        f"Timeout was reached") from None
                if failed.delay:
                    yield Sleep(failed.delay)
                    waited += failed.delay
                if verbose:
                    err.write(f"* connect to {address} port {port} from "
                              f"{stack.source_for(address)} port {stack.ns.ephemeral_port()} "
                              f"failed: {failed.text(ctx.libc)}\n")
        if connection is None:
            ms = int(round(waited * 1000))
            if verbose:
                err.write(f"* Failed to connect to {host} port {port} after {ms} ms: Couldn't "
                          f"connect to server\n* closing connection #0\n")
            raise CurlError(7, f"Failed to connect to {host} port {port} after {ms} ms: "
                               f"Couldn't connect to server")
        remote = connection.remote
        if verbose:
            shown = remote.ip
            err.write(f"* Connected to {host} ({shown}) port {port}\n* using HTTP/1.x\n")
        method = opts.get("request") or ("HEAD" if opts.get("head") else
                                         "POST" if opts["data"] else "GET")
        host_header = host if port == {"http": 80, "https": 443}[scheme] else f"{host}:{port}"
        if ":" in host and not host.startswith("["):
            host_header = f"[{host}]" + ("" if port == 80 else f":{port}")
        headers = [("Host", host_header),
                   ("User-Agent", opts.get("user-agent") or f"curl/{version}"),
                   ("Accept", "*/*")]
        body = "&".join(opts["data"]).encode()
        if opts["data"]:
            headers += [("Content-Length", str(len(body))),
                        ("Content-Type", "application/x-www-form-urlencoded")]
        for extra in opts["header"]:
            name, _, value = extra.partition(":")
            headers = [(k, v) for k, v in headers if k.lower() != name.strip().lower()]
            if value.strip():
                headers.append((name.strip(), value.strip()))
        http_version = "HTTP/1.0" if opts.get("http1.0") else "HTTP/1.1"
        request = Request(method, target, http_version, headers, body)
        if verbose:
            for line in request.encode().split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n"):
                err.write(f"> {line}\r\n")
            err.write("> \r\n")
            if body:
                err.write("} [" + str(len(body)) + " bytes data]\n")
            err.write("* Request completely sent off\n")
        if scheme == "https":
            raise CurlError(35, "TLS connect error: error:0A0000C6:SSL routines::packet length "
                                "too long")
        try:
            raw = connection.exchange(request.encode())
        except NetError as failed:
            if failed.errno == ECONNRESET:
                raise CurlError(56, "Recv failure: Connection reset by peer") from None
            raise CurlError(56, f"Recv failure: {failed.text(ctx.libc)}") from None
        if not raw:
            raise CurlError(52, "Empty reply from server")
        response = Response.parse(raw)
        if response is None:
            raise CurlError(1, "Received HTTP/0.9 when not allowed")
        if method == "HEAD":
            response.body = b""
        if verbose:
            for line in response.head_lines():
                err.write(f"< {line}\r\n")
            err.write("< \r\n")
        location = response.header("Location")
        if opts.get("location") and response.status in (301, 302, 303, 307, 308) and location:
            redirects += 1
            if redirects > 50:
                raise CurlError(47, "Maximum (50) redirects followed")
            if verbose:
                err.write(f"* Ignoring the response-body\n* Connection #0 to host {host} left "
                          f"intact\n* Issue another request to this URL: '{_join(url, location)}'\n")
            url = _join(url, location)
            continue
        break
    if opts.get("fail") and response.status >= 400:
        if verbose:
            err.write(f"* The requested URL returned error: {response.status}\n"
                      f"* closing connection #0\n")
        raise CurlError(22, f"The requested URL returned error: {response.status}")
    output = opts.get("output")
    if opts.get("remote-name"):
        output = target.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or None
        if output is None:
            raise CurlError(23, "Remote file name has no length")
    shown_head = opts.get("include") or opts.get("head")
    data = b""
    if shown_head:
        data += ("\r\n".join(response.head_lines()) + "\r\n\r\n").encode("latin-1")
    data += response.body
    meter = not opts.get("silent") and not opts.get("no-progress") and (output or not tty)
    if meter:
        err.write(PROGRESS_HEAD)
        err.write("\r" + progress_line(0, 0, 0))
    if verbose and response.body and (output or not tty):
        err.write(f"{{ [{len(response.body)} bytes data]\n")
    if output:
        if ctx.fs is None:
            raise CurlError(23, f"Failure writing output to destination, passed "
                                f"{len(data)} returned 0")
        try:
            ctx.fs.write(output, data, ctx.cwd, **new_file(ctx))
        except Exception:
            raise CurlError(23, f"client returned ERROR on write of {len(data)} bytes") from None
    else:
        ctx.stdout.write(data.decode("utf-8", "surrogateescape"))
    if meter:
        err.write("\r" + progress_line(len(response.body), len(response.body), LAN_SECONDS) + "\n")
    if verbose:
        err.write(f"* Connection #0 to host {host} left intact\n")
    if opts.get("write-out"):
        ctx.stdout.write(_write_out(opts["write-out"], response, url, len(response.body)))
    return 0


def _join(base: str, location: str) -> str:
    if "://" in location:
        return location
    scheme, host, port, _ = parse_url(base)
    authority = host if port in (80, 443) else f"{host}:{port}"
    return f"{scheme}://{authority}{location if location.startswith('/') else '/' + location}"


def _seconds(text) -> Optional[float]:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _write_out(fmt: str, response: Response, url: str, size: int) -> str:
    values = {"http_code": f"{response.status:03d}", "response_code": f"{response.status:03d}",
              "size_download": str(size), "url_effective": url,
              "content_type": response.header("Content-Type"), "time_total": "0.001000",
              "num_redirects": "0"}
    out = fmt.replace("\\n", "\n").replace("\\t", "\t").replace("\\r", "\r")
    for key, value in values.items():
        out = out.replace("%{" + key + "}", value)
    return out


@program("curl")
def curl(ctx: Context):
    return (yield from curl_main(ctx))


# -- wget -------------------------------------------------------------------------------
def wget_options(args: List[str]) -> Tuple[dict, List[str]]:
    opts: dict = {"header": []}
    urls: List[str] = []
    i = 0
    values = {"-O": "output", "--output-document": "output", "-P": "prefix",
              "--directory-prefix": "prefix", "-U": "agent", "--user-agent": "agent",
              "-T": "timeout", "--timeout": "timeout", "--header": "header", "-t": "tries",
              "--tries": "tries", "--post-data": "post", "-o": "logfile", "-Y": "proxy"}
    flags = {"-q": "quiet", "--quiet": "quiet", "-S": "server-response",
             "--server-response": "server-response", "--spider": "spider", "-c": "continue",
             "--no-check-certificate": "insecure", "-nv": "no-verbose",
             "--no-verbose": "no-verbose"}
    while i < len(args):
        arg = args[i]
        i += 1
        if "=" in arg and arg.startswith("--"):
            name, _, value = arg.partition("=")
            if name in values:
                _store(opts, values[name], value)
                continue
        if arg in flags:
            opts[flags[arg]] = True
            continue
        if arg in values:
            if i >= len(args):
                raise ValueError(arg)
            _store(opts, values[arg], args[i])
            i += 1
            continue
        if arg.startswith("-") and len(arg) > 1 and not arg.startswith("--"):
            j = 1
            while j < len(arg):
                letter = f"-{arg[j]}"
                j += 1
                if letter in flags:
                    opts[flags[letter]] = True
                    continue
                if letter in values:
                    value = arg[j:]
                    if not value:
                        if i >= len(args):
                            raise ValueError(letter)
                        value = args[i]
                        i += 1
                    _store(opts, values[letter], value)
                    break
                raise KeyError(letter)
            continue
        if arg.startswith("--"):
            raise KeyError(arg)
        urls.append(arg)
    return opts, urls


def _fetch(ctx: Context, stack, url: str, agent: str, extra_headers, close: bool):
    """One GET: (host, address, port, response) or raises ResolveError / NetError."""
    scheme, host, port, target = parse_url(url)
    addresses = stack.resolve(host, ctx.libc)
    address = addresses[0]
    connection = stack.connect(address, port)
    headers = [("Host", host if port == 80 else f"{host}:{port}"), ("User-Agent", agent)]
    if close:
        headers.append(("Connection", "close"))
    for extra in extra_headers:
        name, _, value = extra.partition(":")
        headers.append((name.strip(), value.strip()))
    raw = connection.exchange(Request("GET", target, "HTTP/1.1", headers).encode())
    return host, address, port, target, Response.parse(raw) if raw else None


def _output_name(target: str, opts: dict) -> str:
    name = target.split("?", 1)[0].rsplit("/", 1)[-1] or "index.html"
    if opts.get("prefix"):
        name = opts["prefix"].rstrip("/") + "/" + name
    return name


@program("wget")
def wget(ctx: Context):
    try:
        opts, urls = wget_options(ctx.argv[1:])
    except (KeyError, ValueError) as err:
        option = str(err.args[0])
        if ctx.flavour == "busybox":
            ctx.stderr.write(f"wget: unrecognized option: {option.lstrip('-')}\n")
            return busybox_usage(ctx)
        ctx.stderr.write(f"wget: unrecognized option '{option}'\nUsage: wget [OPTION]... "
                         f"[URL]...\n\nTry `wget --help' for more options.\n")
        return 2
    if not urls:
        if ctx.flavour == "busybox":
            return busybox_usage(ctx)
        ctx.stderr.write("wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\n"
                         "Try `wget --help' for more options.\n")
        return 1
    runner = _busybox_wget if ctx.flavour == "busybox" else _gnu_wget
    status = 0
    for url in urls:
        result = yield from runner(ctx, url, opts)
        status = result or status
        if result:
            break
    return status


def _busybox_wget(ctx: Context, url: str, opts: dict):
    stack = ctx.system.network
    quiet = opts.get("quiet")
    err = ctx.stderr
    try:
        scheme, host, port, target = parse_url(url, default_scheme="http")
    except ValueError:
        ctx.error(f"not an http or ftp url: {url}")
        return 1
    if "://" not in url:
        pass
    try:
        addresses = stack.resolve(host, ctx.libc)
    except ResolveError as failed:
        if failed.delay:
            yield Sleep(failed.delay)
        ctx.error(f"bad address '{host}'")
        return 1
    address = addresses[0]
    if not quiet:
        err.write(f"Connecting to {host} ({address}:{port})\n")
    try:
        _, _, _, _, response = _fetch(ctx, stack, url, opts.get("agent") or "Wget",
                                      opts["header"], close=True)
    except NetError as failed:
        if failed.delay:
            yield Sleep(failed.delay)
        if failed.errno == ECONNRESET:
            ctx.error(f"error getting response: {failed.text(ctx.libc)}")
        else:
            ctx.error(f"can't connect to remote host ({address}): {failed.text(ctx.libc)}")
        return 1
    if response is None:
        ctx.error("error getting response: Connection reset by peer")
        return 1
    if opts.get("server-response"):
        for line in response.head_lines():
            err.write(f"  {line}\n")
    if response.status >= 300 and response.status not in (301, 302, 303, 307, 308):
        ctx.error(f"server returned error: {response.status_line}")
        return 1
    if response.status in (301, 302, 303, 307, 308) and response.header("Location"):
        return (yield from _busybox_wget(ctx, _join(url, response.header("Location")), opts))
    if opts.get("spider"):
        if not quiet:
            err.write("remote file exists\n")
        return 0
    output = opts.get("output") or _output_name(target, opts)
    to_stdout = output == "-"
    if not to_stdout and not opts.get("output") and ctx.fs.exists(output, ctx.cwd):
        ctx.error(f"can't open '{output}': File exists")
        return 1
    if not quiet:
        err.write("writing to stdout\n" if to_stdout else f"saving to '{output}'\n")
    if to_stdout:
        ctx.stdout.write(response.body.decode("utf-8", "surrogateescape"))
    else:
        try:
            ctx.fs.write(output, response.body, ctx.cwd, **new_file(ctx))
        except Exception as failed:  # an FSError: the directory is missing or read-only
            ctx.error(f"can't open '{output}': {ctx.strerror(failed)}")
            return 1
    if not quiet:
        name = "-" if to_stdout else output.rsplit("/", 1)[-1]
        size = len(response.body)
        shown = size
        unit = " "
        for letter in "kMGT":
            if shown < 100000:
                break
            shown >>= 10
            unit = letter
        err.write(f"{name:<20.20}{100:4d}% |{'*' * 32}|{shown:6d}{unit}  0:00:00 ETA\n")
        err.write("written to stdout\n" if to_stdout else f"'{output}' saved\n")
    return 0


def _gnu_wget(ctx: Context, url: str, opts: dict):
    stack = ctx.system.network
    quiet = opts.get("quiet")
    err = ctx.stderr
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(ctx.now()))
    try:
        scheme, host, port, target = parse_url(url)
    except ValueError:
        err.write(f"{url}: Invalid URL {url}: Unsupported scheme\n")
        return 1
    if "://" not in url:
        url = f"http://{url}" + ("/" if "/" not in url else "")
    if not quiet:
        err.write(f"--{stamp}--  {url}\n")
    try:
        addresses = stack.resolve(host, ctx.libc)
    except ResolveError as failed:
        if failed.delay:
            yield Sleep(failed.delay)
        if not quiet:
            reason = ("Temporary failure in name resolution" if failed.kind in ("TIMEOUT",
                                                                                 "SERVFAIL")
                      else "Name or service not known")
            err.write(f"Resolving {host} ({host})... failed: {reason}.\n")
        err.write(f"wget: unable to resolve host address '{host}'\n")
        return 4
    address = addresses[0]
    if not quiet:
        if host != address:
            err.write(f"Resolving {host} ({host})... {', '.join(addresses)}\n")
            err.write(f"Connecting to {host} ({host})|{address}|:{port}... ")
        else:
            err.write(f"Connecting to {address}:{port}... ")
    try:
        _, _, _, _, response = _fetch(ctx, stack, url, "Wget/1.25.0", opts["header"], close=False)
    except NetError as failed:
        if failed.delay:
            yield Sleep(failed.delay)
        if not quiet:
            err.write(f"failed: {failed.text(ctx.libc)}.\n")
        return 4
    if not quiet:
        err.write("connected.\nHTTP request sent, awaiting response... ")
    if response is None:
        if not quiet:
            err.write("No data received.\nRetrying.\n\n")
        return 4
    if not quiet:
        err.write(f"{response.status} {response.reason}\n")
    if response.status >= 400:
        if not quiet:
            err.write(f"{stamp} ERROR {response.status}: {response.reason}.\n\n")
        return 8
    if response.status in (301, 302, 303, 307, 308) and response.header("Location"):
        location = _join(url, response.header("Location"))
        if not quiet:
            err.write(f"Location: {response.header('Location')} [following]\n")
        return (yield from _gnu_wget(ctx, location, opts))
    output = opts.get("output") or _output_name(target, opts)
    to_stdout = output == "-"
    size = len(response.body)
    if not to_stdout and not opts.get("output") and ctx.fs.exists(output, ctx.cwd):
        base, n = output, 1
        while ctx.fs.exists(f"{base}.{n}", ctx.cwd):
            n += 1
        output = f"{base}.{n}"
    if not quiet:
        ctype = response.header("Content-Type")
        err.write(f"Length: {size} [{ctype}]\n" if ctype else f"Length: {size}\n")
        err.write(f"Saving to: '{'STDOUT' if to_stdout else output}'\n\n")
    if to_stdout:
        ctx.stdout.write(response.body.decode("utf-8", "surrogateescape"))
    else:
        ctx.fs.write(output, response.body, ctx.cwd, **new_file(ctx))
    if not quiet:
        speed = size / LAN_SECONDS / 1024
        err.write(f"     0K {' ' * 54}100% {speed:4.0f}K=0.001s\n\n")
        where = "written to stdout" if to_stdout else f"'{output}' saved"
        err.write(f"{stamp} ({speed:.0f} KB/s) - {where} [{size}/{size}]\n\n")
    return 0


__all__ = ["curl", "curl_main", "wget", "CURL_VERSION"]
