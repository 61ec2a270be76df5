"""Home directories as the account tools make them: mkdir, the skeleton copied in,
everything owned by the new user; and which release an image is (the Debian
tools' defaults differ by version)."""

from __future__ import annotations

from typing import Tuple

from ...proc.api import Context, decode
from ...vfs.entry import DIR
from ...vfs.errno import EEXIST, ENOENT, FSError
from ...vfs.paths import normalize

SKEL = "/etc/skel"
COPY_CPU = 20e-6  # per file copied from the skeleton (open, read, write, fchown)


def make_home(ctx: Context, home: str, uid: int, gid: int, mode: int,
              skel: str = SKEL) -> Tuple[bool, bool]:
    """Create ``home`` with ``mode`` and the contents of ``skel``, owned by uid:gid.

    Returns (created, skeleton found); raises FSError when the directory cannot
    be made (its parent missing) - an existing one is left as it is."""
    fs = ctx.fs
    try:
        fs.mkdir(home, ctx.cwd, mode=mode, uid=uid, gid=gid)
    except FSError as err:
        if err.errno == EEXIST:
            return False, False
        raise
    target = normalize(home if home.startswith("/") else ctx.cwd + "/" + home)
    try:
        source, entry = fs.resolve(skel, ctx.cwd)
    except FSError:
        return True, False
    if entry.kind != DIR:
        return True, False
    for path, item in list(fs.walk(source)):
        if path == source:
            continue
        ctx.charge(COPY_CPU)
        fs.install(target + path[len(source):], item.with_changes(uid=uid, gid=gid))
    return True, True


def remove_tree(ctx: Context, path: str) -> bool:
    """rm -r of a home directory; False if it was not there."""
    fs = ctx.fs
    try:
        canonical, entry = fs.resolve(path, ctx.cwd, follow=False)
    except FSError as err:
        if err.errno == ENOENT:
            return False
        raise
    if entry.kind != DIR:
        fs.unlink(canonical)
        return True
    for sub, item in sorted(fs.walk(canonical), key=lambda pair: -len(pair[0])):
        ctx.charge(COPY_CPU)
        if item.kind == DIR:
            fs.rmdir(sub)
        else:
            fs.unlink(sub)
    return True


def release(fs) -> Tuple[str, str]:
    """(ID, VERSION_CODENAME) from /etc/os-release: ("debian", "bookworm"), ("ubuntu", "noble")."""
    try:
        text = decode(fs.read("/etc/os-release"))
    except FSError:
        return "", ""
    values = {}
    for line in text.splitlines():
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip().strip('"')
    codename = values.get("VERSION_CODENAME", "")
    if not codename and "(" in values.get("VERSION", ""):
        codename = values["VERSION"].split("(", 1)[1].rstrip(")")
    return values.get("ID", ""), codename
