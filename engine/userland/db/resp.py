"""RESP2, Redis's wire protocol: what a client sends (an array of bulk strings, or an
inline command as `nc` or telnet type it) and the five reply types a server answers."""

from __future__ import annotations

import shlex
from typing import List, Optional, Tuple, Union


class Status(str):
    """+OK: a simple string reply."""


class Error(str):
    """-ERR ...: an error reply (its text starts with the error code)."""


Reply = Union[None, int, bytes, Status, Error, list]


def encode_command(args: List[str]) -> bytes:
    out = [f"*{len(args)}\r\n".encode()]
    for arg in args:
        data = arg.encode("utf-8", "surrogateescape")
        out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


def encode(reply: Reply) -> bytes:
    if reply is None:
        return b"$-1\r\n"
    if isinstance(reply, Error):
        return f"-{reply}\r\n".encode()
    if isinstance(reply, Status):
        return f"+{reply}\r\n".encode()
    if isinstance(reply, bool) or isinstance(reply, int):
        return b":%d\r\n" % int(reply)
    if isinstance(reply, bytes):
        return b"$%d\r\n%s\r\n" % (len(reply), reply)
    if isinstance(reply, str):
        return encode(reply.encode())
    return b"*%d\r\n" % len(reply) + b"".join(encode(item) for item in reply)


def parse_commands(data: bytes) -> Tuple[List[List[bytes]], Optional[str]]:
    """Every command in a request (clients may pipeline several); an error text
    for a malformed one, as the server's protocol errors say it."""
    commands: List[List[bytes]] = []
    pos = 0
    while pos < len(data):
        if data[pos:pos + 1] == b"*":
            end = data.find(b"\r\n", pos)
            if end < 0:
                return commands, "Protocol error: unbalanced quotes in request"
            try:
                count = int(data[pos + 1:end])
            except ValueError:
                return commands, "Protocol error: invalid multibulk length"
            pos = end + 2
            args = []
            for _ in range(count):
                if data[pos:pos + 1] != b"$":
                    return commands, f"Protocol error: expected '$', got '{data[pos:pos + 1].decode('latin-1')}'"
                end = data.find(b"\r\n", pos)
                try:
                    size = int(data[pos + 1:end])
                except ValueError:
                    return commands, "Protocol error: invalid bulk length"
                args.append(data[end + 2:end + 2 + size])
                pos = end + 2 + size + 2
            if args:
                commands.append(args)
        else:  # an inline command: words separated by spaces, one line
            end = data.find(b"\n", pos)
            end = len(data) if end < 0 else end
            line = data[pos:end].rstrip(b"\r").decode("utf-8", "surrogateescape")
            pos = end + 1
            try:
                words = shlex.split(line)
            except ValueError:
                return commands, "Protocol error: unbalanced quotes in request"
            if words:
                commands.append([w.encode("utf-8", "surrogateescape") for w in words])
    return commands, None


def parse_reply(data: bytes, pos: int = 0) -> Tuple[Reply, int]:
    """One reply from ``data`` at ``pos``: (the reply, where the next one starts)."""
    kind = data[pos:pos + 1]
    end = data.find(b"\r\n", pos)
    head = data[pos + 1:end].decode("utf-8", "surrogateescape")
    if kind == b"+":
        return Status(head), end + 2
    if kind == b"-":
        return Error(head), end + 2
    if kind == b":":
        return int(head), end + 2
    if kind == b"$":
        size = int(head)
        if size < 0:
            return None, end + 2
        return data[end + 2:end + 2 + size], end + 2 + size + 2
    if kind == b"*":
        count = int(head)
        if count < 0:
            return None, end + 2
        items, pos = [], end + 2
        for _ in range(count):
            item, pos = parse_reply(data, pos)
            items.append(item)
        return items, pos
    raise ValueError("not a RESP reply")
