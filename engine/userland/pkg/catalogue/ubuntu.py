"""Ubuntu noble (24.04) and jammy (22.04), amd64.

Ubuntu's archive was not reachable when this catalogue was made, so the
dependency graph, sizes and library versions are those of the Debian release
each one was branched from (noble from trixie-era sid: 64-bit time_t
library names; jammy from bookworm-era sid), and only the packages a learner
asks for carry Ubuntu's own version strings. See the module's report for
what remains to be measured.
"""

from __future__ import annotations

from functools import lru_cache

from . import Release, generated
from . import debian

# package -> version, per release (the Ubuntu versions of what users install by name)
VERSIONS = {
    "noble": {
        "curl": "8.5.0-2ubuntu10.6", "libcurl4t64": "8.5.0-2ubuntu10.6", "wget": "1.21.4-1ubuntu4.1",
        "git": "1:2.43.0-1ubuntu7.3", "git-man": "1:2.43.0-1ubuntu7.3", "vim": "2:9.1.0016-1ubuntu7.9",
        "vim-common": "2:9.1.0016-1ubuntu7.9", "vim-runtime": "2:9.1.0016-1ubuntu7.9",
        "xxd": "2:9.1.0016-1ubuntu7.9", "bash": "5.2.21-2ubuntu4", "python3": "3.12.3-0ubuntu2",
        "nginx": "1.24.0-2ubuntu7.5", "nginx-common": "1.24.0-2ubuntu7.5", "stress": "1.0.7-1",
        "stress-ng": "0.17.06-1build1", "procps": "2:4.0.4-4ubuntu3.2", "iproute2": "6.1.0-1ubuntu6.2",
        "iputils-ping": "3:20240117-1ubuntu0.1", "htop": "3.3.0-4build1", "jq": "1.7.1-3ubuntu0.24.04.1",
        "libjq1": "1.7.1-3ubuntu0.24.04.1", "ca-certificates": "20240203", "openssl": "3.0.13-0ubuntu3.6",
    },
    "jammy": {
        "curl": "7.81.0-1ubuntu1.21", "libcurl4": "7.81.0-1ubuntu1.21", "wget": "1.21.2-2ubuntu1.1",
        "git": "1:2.34.1-1ubuntu1.15", "git-man": "1:2.34.1-1ubuntu1.15", "vim": "2:8.2.3995-1ubuntu2.24",
        "vim-common": "2:8.2.3995-1ubuntu2.24", "vim-runtime": "2:8.2.3995-1ubuntu2.24",
        "xxd": "2:8.2.3995-1ubuntu2.24", "bash": "5.1-6ubuntu1.1", "python3": "3.10.6-1~22.04.1",
        "nginx": "1.18.0-6ubuntu14.6", "nginx-common": "1.18.0-6ubuntu14.6", "stress": "1.0.5-1",
        "stress-ng": "0.13.12-2ubuntu1", "procps": "2:3.3.17-6ubuntu2.1", "iproute2": "5.15.0-1ubuntu2",
        "iputils-ping": "3:20211215-1ubuntu0.1", "htop": "3.0.5-7build2", "jq": "1.6-2.1ubuntu3.1",
        "libjq1": "1.6-2.1ubuntu3.1", "ca-certificates": "20240203~22.04.1", "openssl": "3.0.2-0ubuntu1.19",
    },
}
SISTER = {"noble": "trixie", "jammy": "bookworm"}


@lru_cache(maxsize=None)
def release(codename: str) -> Release:
    """The generated catalogue of Ubuntu's own archive when there is one (generated.py);
    else the sister Debian release with Ubuntu's versions of the packages above."""
    codename = codename if codename in SISTER or generated.load("ubuntu", codename) else "noble"
    data = generated.load("ubuntu", codename)
    sister = debian.release(SISTER.get(codename, "trixie"))
    if data is not None:
        return Release("ubuntu", codename, data.packages,
                       tuple(name for name in sister.base if name in data.packages),
                       {**data.provides, **{k: v for k, v in sister.provides.items() if v in data.packages}},
                       data.commands)
    versions = VERSIONS[codename]
    packages = {name: package._replace(version=versions.get(name, package.version))
                for name, package in sister.packages.items()}
    return Release("ubuntu", codename, packages, sister.base, sister.provides)
