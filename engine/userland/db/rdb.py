"""dump.rdb, the snapshot SAVE and a shutdown write: RDB version 12 (Redis 7.4 and 8)
laid out as Redis lays it out (magic, AUX fields, SELECTDB, RESIZEDB, expiry in ms,
typed key/value records, EOF). Lists use the plain list encoding, which every Redis
loads; the checksum is written as 0, which Redis reads as "not computed"."""

from __future__ import annotations

import struct
from typing import Dict, Optional, Tuple

MAGIC = b"REDIS0012"
AUX, RESIZEDB, EXPIRETIME_MS, SELECTDB, EOF = 0xFA, 0xFB, 0xFC, 0xFE, 0xFF
TYPE_STRING, TYPE_LIST = 0, 1


class RdbError(Exception):
    pass


def _length(n: int) -> bytes:
    if n < 64:
        return bytes([n])
    if n < 16384:
        return bytes([0x40 | (n >> 8), n & 0xFF])
    return b"\x80" + struct.pack(">I", n)


def _string(data: bytes) -> bytes:
    # Redis stores a string that is a small integer's canonical text as that integer.
    if data.isdigit() and len(data) < 10 and str(int(data)).encode() == data:
        value = int(data)
        if value < 2 ** 7:
            return b"\xc0" + struct.pack("<b", value)
        if value < 2 ** 15:
            return b"\xc1" + struct.pack("<h", value)
        if value < 2 ** 31:
            return b"\xc2" + struct.pack("<i", value)
    return _length(len(data)) + data


def dump(databases: Dict[int, Tuple[Dict[bytes, object], Dict[bytes, int]]], version: str,
         now: float) -> bytes:
    """``databases``: number -> (data, expires); the empty ones are left out, as Redis does."""
    out = [MAGIC]
    for key, value in ((b"redis-ver", version.encode()), (b"redis-bits", b"64"),
                       (b"ctime", str(int(now)).encode()), (b"used-mem", b"945432"),
                       (b"aof-base", b"0")):
        out.append(bytes([AUX]) + _string(key) + _string(value))
    for number, (data, expires) in sorted(databases.items()):
        if not data:
            continue
        expires = {key: when for key, when in expires.items() if key in data}
        out.append(bytes([SELECTDB]) + _length(number))
        out.append(bytes([RESIZEDB]) + _length(len(data)) + _length(len(expires)))
        for key, value in data.items():
            if key in expires:
                out.append(bytes([EXPIRETIME_MS]) + struct.pack("<Q", expires[key]))
            if isinstance(value, bytes):
                out.append(bytes([TYPE_STRING]) + _string(key) + _string(value))
            else:
                out.append(bytes([TYPE_LIST]) + _string(key) + _length(len(value)) +
                           b"".join(_string(item) for item in value))
    out.append(bytes([EOF]) + b"\0" * 8)
    return b"".join(out)


class _Reader:
    def __init__(self, data: bytes):
        self.data = data
        self.pos = 0

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise RdbError("Short read or OOM loading DB. Unrecoverable error, aborting now.")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def byte(self) -> int:
        return self.take(1)[0]

    def length(self) -> Tuple[int, Optional[int]]:
        """(length, None) or (0, the integer encoding's number)."""
        first = self.byte()
        kind = first >> 6
        if kind == 0:
            return first & 0x3F, None
        if kind == 1:
            return ((first & 0x3F) << 8) | self.byte(), None
        if kind == 2:
            return struct.unpack(">I", self.take(4))[0], None
        return 0, first & 0x3F

    def string(self) -> bytes:
        n, special = self.length()
        if special is None:
            return self.take(n)
        size, fmt = {0: (1, "<b"), 1: (2, "<h"), 2: (4, "<i")}.get(special, (0, ""))
        if not size:
            raise RdbError(f"Unknown RDB string encoding type {special}")
        return str(struct.unpack(fmt, self.take(size))[0]).encode()


def load(blob: bytes):
    """(number -> (data, expires) of each database in it, the version that wrote it, its
    ctime); RdbError if it is damaged."""
    if not blob.startswith(b"REDIS"):
        raise RdbError("Wrong signature trying to load DB from file")
    reader = _Reader(blob)
    reader.take(9)
    databases: Dict[int, Tuple[Dict[bytes, object], Dict[bytes, int]]] = {}
    data, expires = databases.setdefault(0, ({}, {}))
    aux: Dict[bytes, bytes] = {}
    expire_next = None
    while True:
        op = reader.byte()
        if op == EOF:
            break
        if op == AUX:
            key = reader.string()
            aux[key] = reader.string()
        elif op == SELECTDB:
            data, expires = databases.setdefault(reader.length()[0], ({}, {}))
        elif op == RESIZEDB:
            reader.length()
            reader.length()
        elif op == EXPIRETIME_MS:
            expire_next = struct.unpack("<Q", reader.take(8))[0]
        elif op in (TYPE_STRING, TYPE_LIST):
            key = reader.string()
            if op == TYPE_STRING:
                data[key] = reader.string()
            else:
                data[key] = [reader.string() for _ in range(reader.length()[0])]
            if expire_next is not None:
                expires[key] = expire_next
                expire_next = None
        else:
            raise RdbError(f"Unknown RDB encoding type {op}")
    databases = {number: db for number, db in databases.items() if db[0]}
    return databases, aux.get(b"redis-ver", b"").decode(), int(aux.get(b"ctime", b"0") or 0)
