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
- ``sh``: the shell (sh, ash, bash, dash).

``options`` (how programs read their options) and ``devices`` (endless devices)
are shared by the families.

``register_all()`` registers every program in ``engine.proc.api.PROGRAMS``. Importing this
package (or one of its modules, as the crsim> prompt does with the shell's parser)
registers nothing: the families load when the first container process is made
(engine/container/runtime.py), so a command that runs no process never pays for them.
"""

from importlib import import_module

FAMILIES = ("coreutils", "text", "system", "net", "pkg", "archive", "accounts", "registry", "db",
            "sh.programs", "screen")


def register_all() -> None:
    """Import every family, which registers its programs (a second call costs nothing)."""
    for family in FAMILIES:
        import_module(f"{__name__}.{family}")
