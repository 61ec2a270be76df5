"""System programs: ``tools`` (id, whoami, hostname, uname, env, printenv, date,
which, ps, kill, free, uptime, clear, xargs) and ``stress`` (stress, stress-ng).
"""
