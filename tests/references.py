"""Where the differential tests find their real references.

BusyBox must be 1.37.0, the version the alpine and busybox images carry: $CRSIM_BUSYBOX,
else the copy `scripts/get_busybox_reference.py` builds into the user's cache, else a
`busybox` on $PATH that says v1.37.0. Debian 12's own busybox (1.35) words some messages
differently, so it is not used; tests skip where there is no reference.
"""

from __future__ import annotations

import functools
import os
import re
import shutil

BUSYBOX_VERSION = "1.37.0"
BANNER = re.compile(r"^BusyBox v[0-9.]+\S* \([^)]*\) multi-call binary\.$", re.M)


@functools.lru_cache(maxsize=None)
def busybox() -> str | None:
    from scripts.get_busybox_reference import cached_path, version_of
    for path in (os.environ.get("CRSIM_BUSYBOX"), cached_path(), shutil.which("busybox")):
        if path and os.access(path, os.X_OK) and version_of(path) == BUSYBOX_VERSION:
            return path
    return None


def same_banner(text: str) -> str:
    """BusyBox's banner names where and when the binary was built; the tests compare
    the rest of the text."""
    return BANNER.sub("BusyBox (banner) multi-call binary.", text)

MISSING = (f"no BusyBox {BUSYBOX_VERSION} to compare with "
           "(python3 scripts/get_busybox_reference.py builds it)")
