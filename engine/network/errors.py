"""Socket errors as programs see them (errno and the C library's words for it)."""

from __future__ import annotations

ECONNRESET = 104
ECONNREFUSED = 111
ENETUNREACH = 101
EHOSTUNREACH = 113
ETIMEDOUT = 110
EADDRINUSE = 98
EADDRNOTAVAIL = 99

GLIBC = {
    ECONNRESET: "Connection reset by peer",
    ECONNREFUSED: "Connection refused",
    ENETUNREACH: "Network is unreachable",
    EHOSTUNREACH: "No route to host",
    ETIMEDOUT: "Connection timed out",
    EADDRINUSE: "Address already in use",
    EADDRNOTAVAIL: "Cannot assign requested address",
}
# musl's __strerror.h words the network errors its own way.
MUSL = dict(GLIBC)
MUSL.update({
    ENETUNREACH: "Network unreachable",
    EHOSTUNREACH: "Host is unreachable",
    ETIMEDOUT: "Operation timed out",
    EADDRINUSE: "Address in use",
    EADDRNOTAVAIL: "Address not available",
})

# Linux gives up on a SYN nobody answers after its retries (tcp_syn_retries=6):
# 1 + 2 + 4 + 8 + 16 + 32 + 64 seconds.
SYN_TIMEOUT = 127.0
# A neighbour that never answers ARP: the kernel reports EHOSTUNREACH after 3 probes.
ARP_TIMEOUT = 3.0


class NetError(Exception):
    """A failed socket call: ``errno``, and ``delay`` seconds it took to fail."""

    def __init__(self, errno: int, delay: float = 0.0):
        super().__init__(errno)
        self.errno = errno
        self.delay = delay

    def text(self, libc: str = "glibc") -> str:
        table = MUSL if libc == "musl" else GLIBC
        return table.get(self.errno, f"Unknown error {self.errno}")


class ResolveError(Exception):
    """A name that did not resolve: ``kind`` is "NXDOMAIN", "NOANSWER" or "TIMEOUT"."""

    def __init__(self, name: str, kind: str, server: str = "", delay: float = 0.0):
        super().__init__(name, kind)
        self.name = name
        self.kind = kind
        self.server = server
        self.delay = delay


__all__ = ["NetError", "ResolveError", "ECONNREFUSED", "ENETUNREACH", "EHOSTUNREACH",
           "ETIMEDOUT", "ECONNRESET", "EADDRINUSE", "EADDRNOTAVAIL", "SYN_TIMEOUT", "ARP_TIMEOUT"]
