"""The programs inside containers: the shell, coreutils and busybox applets, servers.

Importing this package registers every program in ``engine.proc.api.PROGRAMS``.
"""

from . import basics, files, files_find, files_ls, files_stat  # noqa: F401
from . import text, text_lines, text_grep, text_sed, text_awk, system  # noqa: F401,E402
from . import stress  # noqa: F401,E402
from . import net_ip, net_ping, net_http, net_dns, net_nc, net_servers  # noqa: F401,E402
from . import pkg_apk, pkg_apt, pkg_pip  # noqa: F401,E402
from . import sh  # noqa: F401,E402  (sh, ash, bash, dash)
