"""Network programs: ``ip`` (ip, ifconfig), ``ping``, ``http`` (curl, wget), ``dns``
(nslookup), ``nc``, and ``servers`` (nginx, ``python3 -m http.server``).
"""
