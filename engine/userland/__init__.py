"""The programs inside containers: the shell, coreutils and busybox applets, servers.

Importing this package registers every program in ``engine.proc.api.PROGRAMS``.
"""

from . import basics  # noqa: F401
from . import stress  # noqa: F401,E402
