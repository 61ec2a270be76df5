"""System programs: ``tools`` (id, whoami, hostname, uname, env, printenv, date,
which, ps, kill, free, uptime, clear, xargs), ``stress`` (stress, stress-ng) and ``stty``.
"""
