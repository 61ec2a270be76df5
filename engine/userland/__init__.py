"""The programs inside containers, one package per family:

- ``coreutils``: true, false, sleep, the file programs (cat, cp, mv, rm, chmod ...),
  ls, find, and stat/du/df/mount;
- ``text``: echo, printf, seq, yes, head, tail, wc, sort, uniq, cut, tr, grep, sed, awk;
- ``system``: id, whoami, hostname, uname, env, date, which, ps, kill, free, uptime,
  clear, xargs, and stress/stress-ng;
- ``net``: ip, ifconfig, ping, curl, wget, nslookup, nc, and the servers (nginx,
  ``python3 -m http.server``);
- ``pkg``: apk, apt-get/apt/dpkg and pip, with their built-in ``catalogue``;
- ``archive``: gzip, gunzip, zcat and tar;
- ``db``: redis and postgres, servers and clients;
- ``screen``: the full-screen programs on a terminal (vi; less and more's screens);
- ``sh``: the shell (sh, ash, bash, dash).

``options`` (how programs read their options) and ``devices`` (endless devices)
are shared by the families.

Each program is registered (``@program``, engine/proc/api.py) by a module listed in
``MODULES``; a new program module is one more name there. Nothing registers at import:
``program_named`` imports a program's module when a process first runs it, found in
``program_table.py`` (name -> module, generated from ``MODULES`` by
scripts/gen_program_table.py; a name the table does not know, or a module that no
longer registers it, loads every module, so a stale table costs time, never behaviour).
A command that runs no process never pays for the programs, and `run busybox echo hi`
pays for echo and the shell only.
"""

from ..lazy import load

# every module that registers programs, family by family
MODULES = (
    "coreutils.basics", "coreutils.checksums", "coreutils.compare", "coreutils.dd",
    "coreutils.expr", "coreutils.files", "coreutils.find", "coreutils.hexdump", "coreutils.ls",
    "coreutils.od", "coreutils.resize", "coreutils.stat", "coreutils.tempfiles", "coreutils.syscalls",
    "text.echo", "text.streams", "text.lines", "text.grep", "text.sed", "text.awk", "text.reshape",
    "text.envsubst", "text.patch", "text.pager", "text.jq", "text.split", "text.strings", "text.paste", "text.tabs",
    "text.bc",
    "system.tools", "system.stress", "system.top", "system.procs", "system.runas",
    "system.hello", "system.gpg", "system.sysctl", "system.busybox_main", "system.stty",
    "net.ip", "net.ping", "net.http", "net.dns", "net.nc", "net.servers", "net.netstat",
    "pkg.apk", "pkg.apt", "pkg.dotnet", "pkg.golang", "pkg.java_tools", "pkg.npm", "pkg.pip",
    "archive.gzip", "archive.tar",
    "accounts.busybox", "accounts.shadow", "accounts.debian",
    "registry",
    "db.postgres", "db.psql", "db.redis_cli", "db.redis_server",
    "sh.programs",
    "screen.vi",
)


def register_all() -> None:
    """Import every program module, which registers its programs (a second call costs nothing)."""
    for module in MODULES:
        load(f"{__name__}.{module}")


def program_named(name: str):
    """The program installed as ``name``, its module imported if it is not yet; None when
    crsim simulates no program of that name."""
    from ..proc.api import PROGRAMS  # not at import: the prompt's parser imports this package
    found = PROGRAMS.get(name)
    if found is None:
        from .program_table import PROGRAM_MODULES
        module = PROGRAM_MODULES.get(name)
        if module is not None:
            load(f"{__name__}.{module}")
            found = PROGRAMS.get(name)
        if found is None:  # unknown to the table, or the table is older than the sources
            register_all()
            found = PROGRAMS.get(name)
    return found
