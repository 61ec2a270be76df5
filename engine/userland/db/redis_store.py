"""Redis's keyspace and the commands a lesson uses, with the server's own replies and
error texts (Redis 7). Strings and lists; keys may expire (checked when touched, as
Redis's lazy expiry does, so a key past its time is gone for every command). The commands
about several databases (SELECT, FLUSHALL, MOVE, SWAPDB) are the server's."""

from __future__ import annotations

import fnmatch
from typing import Callable, Dict, List, Optional

from .resp import Error, Reply, Status

OK = Status("OK")
WRONGTYPE = Error("WRONGTYPE Operation against a key holding the wrong kind of value")
NOT_INTEGER = Error("ERR value is not an integer or out of range")
SYNTAX = Error("ERR syntax error")


def wrong_args(name: str) -> Error:
    return Error(f"ERR wrong number of arguments for '{name}' command")


def unknown(name: str, args: List[bytes]) -> Error:
    shown = "".join(f"'{a.decode('utf-8', 'replace')}' " for a in args)
    return Error(f"ERR unknown command '{name}', with args beginning with: {shown}")


class Keyspace:
    """One database: key -> bytes (a string) or list of bytes (a list); expiry times in ms."""

    def __init__(self, clock: Callable[[], float]):
        self.clock = clock
        self.data: Dict[bytes, object] = {}
        self.expires: Dict[bytes, int] = {}
        self.dirty = 0  # changes since the last save (INFO's rdb_changes_since_last_save)

    def now_ms(self) -> int:
        return int(self.clock() * 1000)

    def get(self, key: bytes):
        when = self.expires.get(key)
        if when is not None and when <= self.now_ms():
            self.data.pop(key, None)
            self.expires.pop(key, None)
        return self.data.get(key)

    def live_keys(self) -> List[bytes]:
        return [k for k in list(self.data) if self.get(k) is not None]

    def set(self, key: bytes, value, keep_ttl: bool = False) -> None:
        self.data[key] = value
        if not keep_ttl:
            self.expires.pop(key, None)
        self.dirty += 1

    def delete(self, key: bytes) -> bool:
        if self.get(key) is None:
            return False
        del self.data[key]
        self.expires.pop(key, None)
        self.dirty += 1
        return True


def integer(raw: bytes) -> Optional[int]:
    try:
        value = int(raw)
    except ValueError:
        return None
    return value if -2 ** 63 <= value < 2 ** 63 and raw.strip() == raw else None


# -- the commands: each takes the keyspace and its arguments, returns a reply --------
def cmd_ping(ks: Keyspace, args):
    if len(args) > 1:
        return wrong_args("ping")
    return Status("PONG") if not args else args[0]


def cmd_echo(ks, args):
    return args[0]


def cmd_set(ks: Keyspace, args):
    key, value, rest = args[0], args[1], [a.upper() for a in args[2:]]
    ttl_ms, nx, xx, keep, get = None, False, False, False, False
    i = 0
    while i < len(rest):
        word = rest[i]
        if word in (b"EX", b"PX") and i + 1 < len(rest):
            number = integer(args[2 + i + 1])
            if number is None:
                return NOT_INTEGER
            if number <= 0:
                return Error("ERR invalid expire time in 'set' command")
            ttl_ms = number * (1000 if word == b"EX" else 1)
            i += 1
        elif word == b"NX":
            nx = True
        elif word == b"XX":
            xx = True
        elif word == b"KEEPTTL":
            keep = True
        elif word == b"GET":
            get = True
        else:
            return SYNTAX
        i += 1
    old = ks.get(key)
    if get and old is not None and not isinstance(old, bytes):
        return WRONGTYPE
    if (nx and old is not None) or (xx and old is None):
        return old if get else None
    ks.set(key, value, keep_ttl=keep)
    if ttl_ms is not None:
        ks.expires[key] = ks.now_ms() + ttl_ms
    return old if get else OK


def cmd_get(ks: Keyspace, args):
    value = ks.get(args[0])
    if value is not None and not isinstance(value, bytes):
        return WRONGTYPE
    return value


def cmd_mget(ks: Keyspace, args):
    return [v if isinstance(v, bytes) else None for v in (ks.get(k) for k in args)]


def cmd_mset(ks: Keyspace, args):
    if len(args) % 2:
        return wrong_args("mset")
    for key, value in zip(args[::2], args[1::2]):
        ks.set(key, value)
    return OK


def _incr_by(ks: Keyspace, key: bytes, delta: int):
    value = ks.get(key)
    if value is not None and not isinstance(value, bytes):
        return WRONGTYPE
    current = 0 if value is None else integer(value)
    if current is None or not -2 ** 63 <= current + delta < 2 ** 63:
        return NOT_INTEGER if current is None else Error("ERR increment or decrement would overflow")
    ks.set(key, str(current + delta).encode(), keep_ttl=True)
    return current + delta


def cmd_incr(ks, args):
    return _incr_by(ks, args[0], 1)


def cmd_decr(ks, args):
    return _incr_by(ks, args[0], -1)


def cmd_incrby(ks, args):
    delta = integer(args[1])
    return NOT_INTEGER if delta is None else _incr_by(ks, args[0], delta)


def cmd_decrby(ks, args):
    delta = integer(args[1])
    return NOT_INTEGER if delta is None else _incr_by(ks, args[0], -delta)


def cmd_append(ks: Keyspace, args):
    value = ks.get(args[0])
    if value is not None and not isinstance(value, bytes):
        return WRONGTYPE
    ks.set(args[0], (value or b"") + args[1], keep_ttl=True)
    return len(ks.data[args[0]])


def cmd_del(ks: Keyspace, args):
    return sum(ks.delete(k) for k in args)


def cmd_exists(ks: Keyspace, args):
    return sum(ks.get(k) is not None for k in args)


def cmd_keys(ks: Keyspace, args):
    pattern = args[0].decode("utf-8", "surrogateescape")
    return sorted(k for k in ks.live_keys()
                  if fnmatch.fnmatchcase(k.decode("utf-8", "surrogateescape"), pattern))


def cmd_type(ks: Keyspace, args):
    value = ks.get(args[0])
    return Status("none" if value is None else "string" if isinstance(value, bytes) else "list")


def _expire(ks: Keyspace, key: bytes, raw: bytes, unit_ms: int):
    seconds = integer(raw)
    if seconds is None:
        return NOT_INTEGER
    if ks.get(key) is None:
        return 0
    if seconds <= 0:  # a time in the past deletes the key at once
        ks.delete(key)
        return 1
    ks.expires[key] = ks.now_ms() + seconds * unit_ms
    ks.dirty += 1
    return 1


def cmd_expire(ks, args):
    return _expire(ks, args[0], args[1], 1000)


def cmd_pexpire(ks, args):
    return _expire(ks, args[0], args[1], 1)


def _ttl_ms(ks: Keyspace, key: bytes) -> int:
    if ks.get(key) is None:
        return -2
    when = ks.expires.get(key)
    return -1 if when is None else max(0, when - ks.now_ms())


def cmd_ttl(ks, args):
    ms = _ttl_ms(ks, args[0])
    return ms if ms < 0 else (ms + 500) // 1000


def cmd_pttl(ks, args):
    return _ttl_ms(ks, args[0])


def cmd_persist(ks: Keyspace, args):
    if ks.get(args[0]) is None or args[0] not in ks.expires:
        return 0
    del ks.expires[args[0]]
    return 1


def _list(ks: Keyspace, key: bytes, create: bool):
    value = ks.get(key)
    if value is None:
        if not create:
            return []
        value = []
        ks.data[key] = value
    return value if isinstance(value, list) else None


def _push(ks: Keyspace, args, left: bool):
    items = _list(ks, args[0], create=True)
    if items is None:
        return WRONGTYPE
    for value in args[1:]:
        items.insert(0, value) if left else items.append(value)
    ks.dirty += len(args) - 1
    return len(items)


def cmd_lpush(ks, args):
    return _push(ks, args, left=True)


def cmd_rpush(ks, args):
    return _push(ks, args, left=False)


def _pop(ks: Keyspace, args, left: bool):
    items = _list(ks, args[0], create=False)
    if items is None:
        return WRONGTYPE
    if not items:
        return None
    value = items.pop(0 if left else -1)
    if not items:
        ks.delete(args[0])
    ks.dirty += 1
    return value


def cmd_lpop(ks, args):
    return _pop(ks, args, left=True)


def cmd_rpop(ks, args):
    return _pop(ks, args, left=False)


def cmd_llen(ks, args):
    items = _list(ks, args[0], create=False)
    return WRONGTYPE if items is None else len(items)


def cmd_lrange(ks, args):
    items = _list(ks, args[0], create=False)
    start, stop = integer(args[1]), integer(args[2])
    if start is None or stop is None:
        return NOT_INTEGER
    if items is None:
        return WRONGTYPE
    size = len(items)
    start = max(0, start + size if start < 0 else start)
    stop = stop + size if stop < 0 else min(stop, size - 1)
    return items[start:stop + 1] if start <= stop else []


def cmd_dbsize(ks, args):
    return len(ks.live_keys())


def flush_mode_ok(args) -> bool:
    """FLUSHDB and FLUSHALL take an optional ASYNC or SYNC."""
    return not args or (len(args) == 1 and args[0].lower() in (b"async", b"sync"))


def cmd_flushdb(ks: Keyspace, args):
    if not flush_mode_ok(args):
        return SYNTAX
    ks.dirty += len(ks.data)
    ks.data.clear()
    ks.expires.clear()
    return OK


# name -> (function, arity as Redis's command table gives it: N exact, -N at least N)
COMMANDS: Dict[str, tuple] = {
    "ping": (cmd_ping, -1), "echo": (cmd_echo, 2), "set": (cmd_set, -3), "get": (cmd_get, 2),
    "mget": (cmd_mget, -2), "mset": (cmd_mset, -3), "incr": (cmd_incr, 2),
    "decr": (cmd_decr, 2), "incrby": (cmd_incrby, 3), "decrby": (cmd_decrby, 3),
    "append": (cmd_append, 3), "del": (cmd_del, -2), "unlink": (cmd_del, -2),
    "exists": (cmd_exists, -2), "keys": (cmd_keys, 2), "type": (cmd_type, 2),
    "expire": (cmd_expire, -3), "pexpire": (cmd_pexpire, -3), "ttl": (cmd_ttl, 2),
    "pttl": (cmd_pttl, 2), "persist": (cmd_persist, 2), "lpush": (cmd_lpush, -3),
    "rpush": (cmd_rpush, -3), "lpop": (cmd_lpop, 2), "rpop": (cmd_rpop, 2),
    "llen": (cmd_llen, 2), "lrange": (cmd_lrange, 4), "dbsize": (cmd_dbsize, 1),
    "flushdb": (cmd_flushdb, -1),
}


def run(ks: Keyspace, argv: List[bytes]) -> Reply:
    """One command on the keyspace (the server handles the ones about itself)."""
    name = argv[0].decode("utf-8", "replace").lower()
    entry = COMMANDS.get(name)
    if entry is None:
        return unknown(argv[0].decode("utf-8", "replace"), argv[1:])
    function, arity = entry
    return arity_error(name, arity, argv) or function(ks, argv[1:])


def arity_error(name: str, arity: int, argv: List[bytes]) -> Optional[Error]:
    """The error for a command given the wrong number of words (``arity`` as in COMMANDS)."""
    if (arity > 0 and len(argv) != arity) or (arity < 0 and len(argv) < -arity):
        return wrong_args(name)
    return None
