"""busybox:1.37.0 (the default glibc variant).

One layer made outside a Dockerfile: BusyBox in /bin with every applet next
to it, the glibc libraries it needs in /lib, and buildroot's account files.
As in the real image, the applets are hard links to /bin/busybox (`ls -l /bin/ls`
shows the link count); the program runs the applet argv[0] names.
"""

from __future__ import annotations

from ...config import ImageConfig
from ...gojson import parse_rfc3339
from ...image import HistoryEntry, Image
from .busybox_applets import busybox_image_applets
from .distro_texts import BUSYBOX_GROUP, BUSYBOX_PASSWD, shadow_for
from .fs import LayerBuilder

VERSION = "1.37.0"
CREATED = parse_rfc3339("2024-09-26T21:31:42Z")  # the release tarball's timestamp
LAYER_SIZE = 4_269_678
PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

_LIBS = {
    "libc.so.6": 2_003_408, "libm.so.6": 944_816, "ld-linux-x86-64.so.2": 236_616,
    "libresolv.so.2": 68_104, "libnss_compat.so.2": 43_112, "libnss_hesiod.so.2": 27_024,
    "libnss_files.so.2": 14_216, "libnss_dns.so.2": 14_216, "libpthread.so.0": 14_480,
}

_NSSWITCH = """\
# /etc/nsswitch.conf: where the C library looks names up (files first, then DNS)

passwd:         files
group:          files
shadow:         files
gshadow:        files

hosts:          files dns
networks:       files

protocols:      db files
services:       db files
ethers:         db files
rpc:            db files

netgroup:       nis
"""


def build() -> Image:
    b = LayerBuilder(CREATED)
    for path in ("/bin", "/dev", "/etc", "/home", "/lib", "/usr/bin", "/usr/sbin", "/var"):
        b.dir(path)
    b.dir("/root", 0o700)
    b.dir("/tmp", 0o1777)
    b.dir("/var/spool/mail")
    b.dir("/var/www", uid=33, gid=33)
    for hook in ("if-up.d", "if-pre-up.d", "if-down.d", "if-post-down.d"):
        b.dir(f"/etc/network/{hook}")
    b.link("/lib64", "lib")
    for name, size in _LIBS.items():
        b.blob(f"/lib/{name}", size, 0o755)
    b.exe("/bin/getconf", 34_944)
    b.text("/etc/passwd", BUSYBOX_PASSWD)
    b.text("/etc/group", BUSYBOX_GROUP)
    b.text("/etc/shadow", shadow_for(BUSYBOX_PASSWD), 0o600)
    b.text("/etc/nsswitch.conf", _NSSWITCH)
    b.blob("/etc/localtime", 114)  # UTC zoneinfo
    b.link("/usr/bin/env", "../../bin/env")
    used = sum(e.size for e in b.entries.values() if e.is_file)
    b.exe("/bin/busybox", LAYER_SIZE - used)  # the rest of the real layer is the binary
    b.hard_links("/bin/busybox", [f"/bin/{applet}" for applet in busybox_image_applets()
                                  if applet != "busybox"])
    config = ImageConfig(env=[PATH], cmd=["sh"])
    history = [HistoryEntry(CREATED, f"BusyBox {VERSION} (glibc), Debian 13")]
    return Image([b.build()], config, history, CREATED)
