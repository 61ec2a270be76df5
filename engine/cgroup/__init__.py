"""cgroup v2: a container's limits and counters (memory, cpu, pids) and their files."""

from .group import Cgroup  # noqa: F401
