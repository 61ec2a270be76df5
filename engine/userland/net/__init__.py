"""Network programs: ``ip`` (ip, ifconfig), ``ping``, ``http`` (curl, wget), ``dns``
(nslookup), ``nc``, and ``servers`` (nginx, ``python3 -m http.server``).
"""

from . import ip, ping, http, dns, nc, servers, netstat  # noqa: F401  (registers the programs)
