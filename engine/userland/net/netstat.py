"""netstat (BusyBox's): the sockets of the network namespace, read from /proc/net as the
real one reads them (tcp, tcp6, udp, udp6, raw, raw6, unix), so it shows what
`cat /proc/net/tcp` shows: the servers a container runs, with -p the PID and program.

Without -n an address is named from /etc/hosts and a port from /etc/services when those
files say so; -r is the routing table (not simulated here), -W widens the columns.
"""

from __future__ import annotations

from typing import Dict, List, Optional

from ...proc.api import Context, program
from ...vfs.errno import FSError
from ..options import OptionError, bad_option, error, parse

TCP_STATES = ("", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT",
              "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING")
NORMAL_WIDTH, WIDE_WIDTH = 23, 51
PROGRAM_WIDTH = 20


def _read(ctx: Context, path: str) -> Optional[str]:
    try:
        return ctx.fs.read(path, ctx.cwd).decode(errors="replace")
    except FSError:
        return None


def _names(ctx: Context, path: str, key_of) -> Dict[str, str]:
    """The first name for each key of a hosts- or services-like file ({} where the file
    holds no text)."""
    text = _read(ctx, path) or ""
    found: Dict[str, str] = {}
    for line in text.replace("\0", "").splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) >= 2:
            found.setdefault(key_of(fields), fields[0] if path.endswith("services") else fields[1])
    return found


def _address(hexa: str) -> str:
    if len(hexa) > 8:  # IPv6: four 32-bit words, each as read little-endian
        words = [int.from_bytes(bytes.fromhex(hexa[i:i + 8]), "little") for i in range(0, 32, 8)]
        raw = b"".join(w.to_bytes(4, "big") for w in words)
        groups = [f"{int.from_bytes(raw[i:i + 2], 'big'):x}" for i in range(0, 16, 2)]
        text = ":".join(groups)
        return "::" if text == "0:0:0:0:0:0:0:0" else text
    return ".".join(str(b) for b in int(hexa, 16).to_bytes(4, "little"))


class _Sockets:
    def __init__(self, ctx: Context, numeric: bool, width: int, programs: Optional[Dict]):
        self.ctx, self.numeric, self.width, self.programs = ctx, numeric, width, programs
        self.hosts = {} if numeric else _names(ctx, "/etc/hosts", lambda f: f[0])
        self.services = {} if numeric else _names(ctx, "/etc/services", lambda f: f[1])

    def endpoint(self, hexa: str, port: int, proto: str) -> str:
        host = _address(hexa)
        host = self.hosts.get(host, host)
        service = "*" if not port else self.services.get(f"{port}/{proto}", str(port))
        return f"{host}:{service}"

    def row(self, proto: str, local: str, remote: str, state: str, inode: str) -> str:
        line = (f"{proto}   {0:6d} {0:6d} {local:<{self.width}} {remote:<{self.width}} "
                f"{state:<12}")
        if self.programs is not None:
            line += self.programs.get(inode, "-")[:PROGRAM_WIDTH]
        return line + "\n"

    def inet(self, path: str, proto: str, listening: bool, connected: bool) -> List[str]:
        rows = []
        for line in (_read(self.ctx, path) or "").splitlines()[1:]:
            fields = line.split()
            if len(fields) < 10:
                continue
            (local, lport), (remote, rport) = (f.split(":") for f in fields[1:3])
            state, inode = int(fields[3], 16), fields[9]
            if proto == "tcp":
                shown, is_connected = TCP_STATES[state], int(rport, 16) != 0
            else:
                shown = {1: "ESTABLISHED", 7: ""}.get(state, "UNKNOWN" if proto == "udp"
                                                      else str(state))
                is_connected = int(remote, 16) != 0
            if (is_connected and connected) or (not is_connected and listening):
                rows.append(self.row(proto, self.endpoint(local, int(lport, 16), proto),
                                     self.endpoint(remote, int(rport, 16), proto), shown, inode))
        return rows


def _programs(ctx: Context) -> Dict[str, str]:
    """socket inode -> "PID/program" for the namespace's sockets of visible processes
    (what netstat -p finds behind /proc/PID/fd/N -> socket:[inode])."""
    from ...network.procnet import socket_inode
    visible = {id(p): p for p in ctx.system.processes()}
    owners = {}
    for listener in ctx.system.network.ns.listeners:
        process = listener.process
        if process is not None and id(process) in visible and process.argv:
            name = process.argv[0].rsplit("/", 1)[-1]
            owners[str(socket_inode(listener))] = f"{process.nspid}/{name}"
    return owners


def _heading(what: str, listening: bool, connected: bool) -> str:
    kind = ("(servers and established)" if listening and connected else
            "(only servers)" if listening else "(w/o servers)")
    return f"Active {what} {kind}"


@program("netstat")
def netstat(ctx: Context) -> int:
    try:
        opts, _ = parse(ctx, ctx.argv[1:], "laentuwxrWp")
    except OptionError as err:
        return bad_option(ctx, err)
    flags = {key for key, _ in opts}
    if "r" in flags:
        error(ctx, "the routing table (-r) is not simulated by crsim yet")
        return 1
    listening, connected = "l" in flags or "a" in flags, "l" not in flags or "a" in flags
    kinds = {k for k in "tuwx" if k in flags} or set("tuwx")
    programs = _programs(ctx) if "p" in flags else None
    banner = "PID/Program name    " if programs is not None else ""
    width = WIDE_WIDTH if "W" in flags else NORMAL_WIDTH
    table = _Sockets(ctx, "n" in flags, width, programs)
    out = []
    if kinds & set("tuw"):
        out.append(_heading("Internet connections", listening, connected) + "\n")
        out.append(f"Proto Recv-Q Send-Q {'Local Address':<{width}} {'Foreign Address':<{width}} "
                   f"State       {banner}\n")
        for kind, proto in (("t", "tcp"), ("u", "udp"), ("w", "raw")):
            if kind in kinds:
                for path in (f"/proc/net/{proto}", f"/proc/net/{proto}6"):
                    out += table.inet(path, proto, listening, connected)
    if "x" in kinds:
        out.append(_heading("UNIX domain sockets", listening, connected) + "\n")
        out.append(f"Proto RefCnt Flags       Type       State         I-Node {banner}Path\n")
    ctx.out("".join(out))
    return 0
