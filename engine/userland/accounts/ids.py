"""How each family picks a new uid or gid.

- busybox adduser/addgroup (loginutils/adduser.c, addgroup.c): the first free
  number going up from FIRST_SYSTEM_ID (-S) or LAST_SYSTEM_ID + 1; a user's own
  group takes the uid, so the uid must be free as a gid too. Alpine builds with
  FIRST_SYSTEM_ID=100, LAST_SYSTEM_ID=999, LAST_ID=256000 (aports
  main/busybox/busyboxconfig); the busybox image keeps the defaults (LAST_ID 60000).
- shadow's useradd/groupadd (lib/find_new_uid.c, find_new_gid.c): a system id is
  the highest free one below the lowest used in SYS_*_MIN..SYS_*_MAX (so 999,
  998, ... on a fresh Debian); a normal one is one above the highest used in
  *_MIN..*_MAX (1000 first); either wraps round to search the whole range. A
  user's own group prefers the uid as its gid.
- login.defs gives the ranges; a base image's copy is kept as its size only,
  so the values Debian ships are the defaults here.
"""

from __future__ import annotations

from typing import Dict, Iterable, Optional

from ...proc.api import decode
from ...vfs.errno import FSError

BUSYBOX_FIRST_SYSTEM_ID = 100
BUSYBOX_LAST_SYSTEM_ID = 999
BUSYBOX_LAST_ID = {"alpine": 256000, "busybox": 60000}

# Debian's /etc/login.defs (package login.defs / passwd): the ranges it sets and
# shadow's own defaults for the ones it leaves commented out.
LOGIN_DEFS_DEFAULTS = {
    "UID_MIN": "1000", "UID_MAX": "60000", "SYS_UID_MIN": "101",
    "GID_MIN": "1000", "GID_MAX": "60000", "SYS_GID_MIN": "101",
    "USERGROUPS_ENAB": "yes", "CREATE_HOME": "no", "UMASK": "022", "HOME_MODE": "",
    "PASS_MAX_DAYS": "99999", "PASS_MIN_DAYS": "0", "PASS_WARN_AGE": "7",
}


def login_defs(fs) -> Dict[str, str]:
    """The settings of /etc/login.defs (Debian's values where it has no text)."""
    values = dict(LOGIN_DEFS_DEFAULTS)
    try:
        entry = fs.stat("/etc/login.defs")
        text = decode(fs.read("/etc/login.defs")) if entry.data is not None else ""
    except FSError:
        text = ""
    for line in text.splitlines():
        words = line.split()
        if len(words) >= 2 and not words[0].startswith("#"):
            values[words[0]] = words[1].strip('"')
    return values


def _number(values: Dict[str, str], key: str, default: int) -> int:
    try:
        return int(values.get(key, ""), 0)
    except ValueError:
        return default


def shadow_range(values: Dict[str, str], kind: str, system: bool):
    """(min, max) for kind "UID" or "GID" (get_ranges in find_new_uid.c)."""
    low = _number(values, f"{kind}_MIN", 1000)
    if system:
        return (_number(values, f"SYS_{kind}_MIN", 101),
                _number(values, f"SYS_{kind}_MAX", low - 1))
    return low, _number(values, f"{kind}_MAX", 60000)


def shadow_pick(used: Iterable[int], low: int, high: int, system: bool,
                preferred: Optional[int] = None) -> Optional[int]:
    """find_new_uid/find_new_gid: the id shadow picks, None when the range is full."""
    taken = set(used)
    if preferred is not None and (1 if system else low) <= preferred <= high \
            and preferred not in taken:
        return preferred
    inside = [n for n in taken if low <= n <= high]
    free = lambda n: n not in taken and n not in (65535, 4294967295)  # noqa: E731
    if system:
        start = min(inside) - 1 if inside else high
        for number in range(start, low - 1, -1):
            if free(number):
                return number
        for number in range(high, low - 1, -1):
            if free(number):
                return number
        return None
    start = max(inside) + 1 if inside else low
    for number in range(start, high + 1):
        if free(number):
            return number
    for number in range(low, high + 1):
        if free(number):
            return number
    return None
