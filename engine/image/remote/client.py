"""The daemon's side of the registry protocol: HTTP requests to a registry reached over
the simulated network, as dockerd reaches one — from the host, so a registry container
answers through its published port (docker-proxy), and nothing else exists: an unknown
host fails to resolve, a port nobody listens on refuses the connection.

Like Docker, a registry on the loopback (localhost, 127.0.0.0/8) is insecure: plain
HTTP. Any other is spoken to with TLS, which no simulated server speaks.
"""

from __future__ import annotations

import json
from typing import Dict, List, Optional, Tuple

from ...errors import EngineError
from ...host import KERNEL_RELEASE
from ...network import NetStack
from ...network.addresses import is_ip
from ...network.errors import NetError, ResolveError
from ...network.http import Request, Response

USER_AGENT = (f"docker/28.5.1 go/go1.24.8 git-commit/f8215cc kernel/{KERNEL_RELEASE} os/linux "
              "arch/amd64 UpstreamClient(Docker-Client/28.5.1 \\(linux\\))")


class RegistryError(EngineError):
    """A failure talking to a registry, in the daemon's words."""


def _is_loopback(host: str) -> bool:
    return host in ("localhost", "::1") or host.startswith("127.")


class RegistryClient:
    def __init__(self, networks, domain: str, credentials: Optional[str] = None):
        self.stack = NetStack(networks)
        self.domain = domain
        host, _, port = domain.rpartition(":") if domain.count(":") == 1 else (domain, "", "")
        self.host = host or domain
        self.insecure = _is_loopback(self.host)
        self.port = int(port) if port else (80 if self.insecure else 443)
        self.scheme = "http" if self.insecure else "https"
        self.credentials = credentials  # base64 user:password for Basic auth, from `login`

    def url(self, path: str) -> str:
        return f"{self.scheme}://{self.domain}{path}"

    def _addresses(self, method: str, path: str) -> List[str]:
        if self.host == "localhost":
            return ["::1", "127.0.0.1"]  # Go dials ::1 first, and reports its error
        if is_ip(self.host):
            return [self.host]
        try:
            return self.stack.resolve(self.host)
        except ResolveError as err:
            raise RegistryError(f'{method.title()} "{self.url(path)}": dial tcp: lookup {self.host} on '
                                f'{err.server or "127.0.0.53"}:53: no such host') from None

    def request(self, method: str, path: str, body: bytes = b"",
                headers: List[Tuple[str, str]] = ()) -> Response:
        addresses = self._addresses(method, path)
        first: Optional[NetError] = None
        connection = None
        for address in addresses:
            try:
                connection = self.stack.connect(address, self.port)
                break
            except NetError as err:
                first = first or err
        if connection is None:
            shown = f"[{addresses[0]}]" if ":" in addresses[0] else addresses[0]
            raise RegistryError(f'{method.title()} "{self.url(path)}": dial tcp {shown}:{self.port}: '
                                f'connect: {first.text().lower()}')
        if not self.insecure:
            raise RegistryError(f'{method.title()} "{self.url(path)}": http: server gave HTTP response '
                                f'to HTTPS client')
        head = [("Host", self.domain), ("User-Agent", USER_AGENT)] + list(headers)
        if self.credentials:
            head.append(("Authorization", f"Basic {self.credentials}"))
        if body or method in ("PUT", "PATCH", "POST"):
            head.append(("Content-Length", str(len(body))))
        try:
            reply = connection.exchange(Request(method, path, "HTTP/1.1", head, body).encode())
        except NetError as err:
            raise RegistryError(f'{method.title()} "{self.url(path)}": read: {err.text().lower()}') from None
        response = Response.parse(reply)
        if response is None:
            raise RegistryError(f'{method.title()} "{self.url(path)}": net/http: HTTP/1.x transport '
                                f'connection broken: malformed HTTP response')
        return response


def error_codes(response: Response) -> List[Dict[str, object]]:
    """The registry's JSON errors in a response ([] if it has none)."""
    try:
        return list(json.loads(response.body or b"{}").get("errors") or [])
    except (ValueError, AttributeError):
        return []


def describe(response: Response) -> str:
    """Docker's wording of a registry's error reply: "manifest unknown: manifest unknown"."""
    errors = error_codes(response)
    if not errors:
        return f"unexpected status from {response.status} request: {response.status} {response.reason}"
    return ", ".join(f"{str(e.get('code', '')).lower().replace('_', ' ')}: {e.get('message', '')}"
                     for e in errors)


__all__ = ["RegistryClient", "RegistryError", "describe", "error_codes", "USER_AGENT"]
