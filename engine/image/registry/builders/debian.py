"""debian:trixie / debian:bookworm and their -slim variants.

Debian's images are not built from a Dockerfile: debuerreotype assembles one
reproducible layer from a snapshot of the archive at a fixed time (the
"@<epoch>" in the history) and clamps every file's mtime to it.
"""

from __future__ import annotations

from functools import lru_cache

from ....vfs.layer import Layer
from ...config import ImageConfig
from ...gojson import parse_rfc3339
from ...image import HistoryEntry, Image
from .debian_tree import base_system
from .distro_texts import DEBIAN_GROUP, DEBIAN_PASSWD, DEBIAN_SHELLS, debian_os_release
from .fs import LayerBuilder

PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
SNAPSHOT = "2026-01-12T00:00:00Z"  # serial 20260112
EPOCH = 1768176000
DEBUERREOTYPE = "debuerreotype 0.17"

_COMMON = ("adduser apt base-files base-passwd bash bsdutils coreutils dash debconf "
           "debian-archive-keyring debianutils diffutils dpkg findutils gpgv grep gzip hostname "
           "init-system-helpers libacl1 libattr1 libaudit-common libblkid1 libbz2-1.0 libc-bin libc6 "
           "libcap-ng0 libcap2 libcrypt1 libdebconfclient0 libgcc-s1 libgcrypt20 libgmp10 "
           "libgpg-error0 libidn2-0 liblz4-1 liblzma5 libmd0 libmount1 libpam-modules "
           "libpam-modules-bin libpam-runtime libpam0g libpcre2-8-0 libseccomp2 libselinux1 "
           "libsemanage-common libsemanage2 libsepol2 libsmartcols1 libstdc++6 libsystemd0 "
           "libtasn1-6 libtinfo6 libudev1 libuuid1 libxxhash0 libzstd1 login mawk mount "
           "ncurses-base ncurses-bin passwd perl-base sed sysvinit-utils tar tzdata util-linux "
           "zlib1g").split()

SUITES = {
    "trixie": {
        "version": "13", "point": "13.3", "full": 120_263_512, "slim": 78_612_734,
        "packages": _COMMON + ("gcc-14-base libapt-pkg7.0 libaudit1 libdb5.3t64 libgnutls30t64 "
                               "libhogweed6t64 liblastlog2-2 libnettle8t64 libp11-kit0 libsqlite3-0 "
                               "libssl3t64 libunistring5 login.defs sqv").split(),
    },
    "bookworm": {
        "version": "12", "point": "12.13", "full": 116_512_873, "slim": 74_812_345,
        "packages": _COMMON + ("gcc-12-base libapt-pkg6.0 libaudit1 libdb5.3 libffi8 libgnutls30 "
                               "libhogweed6 libnettle8 libp11-kit0 libunistring2 libssl3 "
                               "libext2fs2 e2fsprogs libcom-err2 libss2 logsave").split(),
    },
}


# The older and newer suites Docker Hub still serves: their numbers; their base system
# is modelled on the nearest suite above (package names changed little between them).
OTHER_SUITES = {"jessie": ("8", "8.11", "bookworm"), "stretch": ("9", "9.13", "bookworm"),
                "buster": ("10", "10.13", "bookworm"), "bullseye": ("11", "11.11", "bookworm"),
                "forky": ("14", "14", "trixie"), "sid": ("14", "14", "trixie"),
                "testing": ("14", "14", "trixie"), "unstable": ("14", "14", "trixie")}


def suite_info(suite: str) -> dict:
    if suite in SUITES:
        return SUITES[suite]
    version, point, model = OTHER_SUITES.get(suite, ("13", "13.3", "trixie"))
    return {**SUITES[model], "version": version, "point": point}


@lru_cache(maxsize=None)
def rootfs(suite: str, slim: bool) -> Layer:
    info = suite_info(suite)
    b = LayerBuilder(EPOCH)
    base_system(
        b,
        os_release=debian_os_release(info["version"], suite, info["point"]),
        passwd=DEBIAN_PASSWD, group=DEBIAN_GROUP, shells=DEBIAN_SHELLS,
        version_file=("/etc/debian_version", info["point"] + "\n"),
        packages=info["packages"], slim=slim,
        target=info["slim" if slim else "full"],
        seed=f"debian-{suite}-{'slim' if slim else 'full'}",
        issue=f"Debian GNU/Linux {info['version']}",
    )
    return b.build()


def history_entry(suite: str, slim: bool) -> HistoryEntry:
    created = parse_rfc3339(SNAPSHOT)
    return HistoryEntry(created, f"# debian.sh --arch 'amd64' out/ '{suite}' '@{EPOCH}'",
                        comment=DEBUERREOTYPE)


def config() -> ImageConfig:
    return ImageConfig(env=[PATH], cmd=["bash"])


def build(suite: str, slim: bool = False) -> Image:
    created = parse_rfc3339(SNAPSHOT)
    return Image([rootfs(suite, slim)], config(), [history_entry(suite, slim)], created)
