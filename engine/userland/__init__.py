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

Importing this package registers every program in ``engine.proc.api.PROGRAMS``.
"""

from . import coreutils, text, system, net, pkg, archive, accounts, registry  # noqa: F401
from . import sh  # noqa: F401  (sh, ash, bash, dash)
