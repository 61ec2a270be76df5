"""Apache's `htpasswd` (as the httpd image has it, the registry docs' way to make a
password file) and the bcrypt check the registry's htpasswd auth makes.

bcrypt is the system C library's (crypt(3) with a "$2y$" salt, as libxcrypt has it);
where Python can reach no crypt(3) at all, htpasswd cannot make or check bcrypt hashes,
and says so.
"""

from __future__ import annotations

import hashlib
import warnings
from functools import lru_cache
from typing import Callable, Dict, Optional

from ...proc.api import Context, program

BCRYPT_ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
DEFAULT_COST = 5  # htpasswd -B's default


@lru_cache(maxsize=None)
def _crypt() -> Optional[Callable[[str, str], Optional[str]]]:
    """crypt(3): the crypt module's, else (Python 3.13 removed the module) the system's
    libcrypt called through ctypes; None where there is neither (Windows, macOS)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import crypt
        return crypt.crypt
    except ImportError:
        pass
    import ctypes
    import ctypes.util
    for name in ("libcrypt.so.1", "libcrypt.so.2", ctypes.util.find_library("crypt")):
        try:
            library = ctypes.CDLL(name) if name else None
        except OSError:
            continue
        if library is not None:
            function = library.crypt
            function.restype, function.argtypes = ctypes.c_char_p, [ctypes.c_char_p, ctypes.c_char_p]
            return lambda password, salt: (function(password.encode(), salt.encode())
                                           or b"").decode("ascii", "replace")
    return None


def bcrypt(password: str, salt: str) -> Optional[str]:
    """The crypt(3) of ``password`` with a "$2y$NN$<22 chars>" salt, or None without bcrypt."""
    function = _crypt()
    hashed = function(password, salt) if function else None
    return hashed if hashed and hashed.startswith("$2") else None


def check(password: str, hashed: str) -> bool:
    return hashed.startswith("$2") and bcrypt(password, hashed[:29]) == hashed


def read_file(text: str) -> Dict[str, str]:
    """user -> hash, from the lines "user:hash" (blank lines and comments skipped)."""
    users = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#") and ":" in line:
            user, _, hashed = line.partition(":")
            users[user] = hashed
    return users


def _salt(cost: int, seed: str) -> str:
    digest = hashlib.sha256(seed.encode()).digest()
    return f"$2y${cost:02d}$" + "".join(BCRYPT_ALPHABET[b % 64] for b in digest[:22])


USAGE = """Usage:
\thtpasswd [-cimB25dpsDv] [-C cost] [-r rounds] passwordfile username
\thtpasswd -b[cmB25dpsDv] [-C cost] [-r rounds] passwordfile username password

\thtpasswd -n[imB25dps] [-C cost] [-r rounds] username
\thtpasswd -nb[mB25dps] [-C cost] [-r rounds] username password
"""


@program("htpasswd")
def htpasswd(ctx: Context) -> int:
    flags, words, cost, i = set(), [], DEFAULT_COST, 1
    args = ctx.argv
    while i < len(args):
        arg = args[i]
        if arg.startswith("-") and len(arg) > 1 and not words:
            for letter in arg[1:]:
                flags.add(letter)
            if "C" in arg[1:] and i + 1 < len(args):
                cost, i = int(args[i + 1]) if args[i + 1].isdigit() else cost, i + 1
        else:
            words.append(arg)
        i += 1
    wanted = (1 if "n" in flags else 2) + (1 if "b" in flags else 0)
    if len(words) != wanted or "B" not in flags:
        if len(words) == wanted:  # crypt's MD5 and SHA forms are not simulated
            ctx.stderr.write("htpasswd: crsim makes bcrypt entries only: use -B\n")
        else:
            ctx.stderr.write(USAGE)
        return 2
    if "b" not in flags:
        ctx.stderr.write("htpasswd: crsim reads the password from the command line only: use -b\n")
        return 2
    user, password = words[-2], words[-1]
    hashed = bcrypt(password, _salt(cost, f"{ctx.env.get('HOSTNAME', '')} {user} {password} {ctx.pid}"))
    if hashed is None:
        ctx.stderr.write("htpasswd: bcrypt is not available here (no crypt(3) reachable from Python)\n")
        return 1
    if "n" in flags:
        ctx.out(f"{user}:{hashed}\n\n")
        return 0
    path = words[0]
    try:
        existing = "" if "c" in flags else ctx.fs.read(path, ctx.cwd).decode()
    except Exception:
        ctx.stderr.write(f"htpasswd: cannot modify file {path}; use '-c' to create it\n")
        return 1
    users = read_file(existing)
    verb = "Updating" if user in users else "Adding"
    users[user] = hashed
    ctx.fs.write(path, "".join(f"{u}:{h}\n" for u, h in users.items()).encode(), ctx.cwd)
    ctx.stderr.write(f"{verb} password for user {user}\n")
    return 0
