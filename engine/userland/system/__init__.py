"""System programs: ``tools`` (id, whoami, hostname, uname, env, printenv, date,
which, ps, kill, free, uptime, clear, xargs) and ``stress`` (stress, stress-ng).
"""

from . import tools, stress, top, procs, runas, hello, gpg, sysctl, busybox_main, stty  # noqa: F401  (registers the programs)
