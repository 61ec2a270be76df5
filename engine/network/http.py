"""HTTP/1.x messages as bytes on the wire: what clients send and servers answer."""

from __future__ import annotations

import time
from typing import List, Optional, Tuple
from urllib.parse import unquote

from ..record import field, record

Headers = List[Tuple[str, str]]


@record
class Request:
    method: str
    target: str
    version: str = "HTTP/1.1"
    headers: Headers = field(default_factory=list)
    body: bytes = b""

    @classmethod
    def parse(cls, data: bytes) -> Optional["Request"]:
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ") if lines else []
        if len(parts) != 3 or not parts[2].startswith("HTTP/"):
            return None
        headers = []
        for line in lines[1:]:
            name, colon, value = line.partition(":")
            if not colon:
                return None
            headers.append((name.strip(), value.strip()))
        return cls(parts[0], parts[1], parts[2], headers, body)

    def header(self, name: str, default: str = "") -> str:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return default

    @property
    def path(self) -> str:
        """The target without query string or fragment, percent-decoded."""
        return unquote(self.target.split("?", 1)[0].split("#", 1)[0])

    @property
    def line(self) -> str:
        return f"{self.method} {self.target} {self.version}"

    def encode(self) -> bytes:
        head = self.line + "\r\n" + "".join(f"{k}: {v}\r\n" for k, v in self.headers) + "\r\n"
        return head.encode("latin-1") + self.body


@record
class Response:
    status: int
    reason: str
    headers: Headers = field(default_factory=list)
    body: bytes = b""
    version: str = "HTTP/1.1"

    @classmethod
    def parse(cls, data: bytes) -> Optional["Response"]:
        head, sep, body = data.partition(b"\r\n\r\n")
        if not sep:
            return None
        lines = head.decode("latin-1").split("\r\n")
        version, _, rest = lines[0].partition(" ")
        code, _, reason = rest.partition(" ")
        if not version.startswith("HTTP/") or not code.isdigit():
            return None
        headers = []
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers.append((name.strip(), value.strip()))
        return cls(int(code), reason, headers, body, version)

    def header(self, name: str, default: str = "") -> str:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return default

    @property
    def status_line(self) -> str:
        return f"{self.version} {self.status} {self.reason}"

    def head_lines(self) -> List[str]:
        """The status line and header lines as received (without CRLF)."""
        return [self.status_line] + [f"{k}: {v}" for k, v in self.headers]

    def encode(self, with_body: bool = True) -> bytes:
        head = "\r\n".join(self.head_lines()) + "\r\n\r\n"
        return head.encode("latin-1") + (self.body if with_body else b"")


def http_date(ts: float) -> str:
    """RFC 7231's IMF-fixdate: "Thu, 15 Jan 2026 09:00:00 GMT"."""
    return time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(ts))


def parse_url(url: str, default_scheme: str = "http") -> Tuple[str, str, int, str]:
    """(scheme, host, port, target) of "http://web:8080/a?b"; ValueError if it is not one."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = default_scheme, url
    scheme = scheme.lower()
    authority, slash, path = rest.partition("/")
    target = "/" + path if slash else "/"
    if "?" in authority:
        authority, _, query = authority.partition("?")
        target = "/?" + query
    if "@" in authority:
        authority = authority.rsplit("@", 1)[1]
    port = {"http": 80, "https": 443, "ftp": 21}.get(scheme, 0)
    host = authority
    if authority.startswith("["):
        close = authority.find("]")
        host, rest_port = authority[1:close], authority[close + 1:]
        if rest_port.startswith(":") and rest_port[1:]:
            port = int(rest_port[1:])
    elif ":" in authority:
        host, _, number = authority.rpartition(":")
        if number:
            if not number.isdigit():
                raise ValueError(url)
            port = int(number)
    if not host:
        raise ValueError(url)
    return scheme, host, port, target


REASONS = {200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently",
           302: "Found", 304: "Not Modified", 400: "Bad Request", 403: "Forbidden",
           404: "Not Found", 405: "Not Allowed", 500: "Internal Server Error",
           501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable"}

__all__ = ["Request", "Response", "http_date", "parse_url", "REASONS"]
