"""ubuntu:24.04 (noble, latest) and ubuntu:22.04 (jammy).

Canonical still builds these with the legacy builder, so their history reads
"/bin/sh -c #(nop) …", and they are "minimized" images: no man pages or docs
beyond copyright files (run `unminimize` to get them back).
"""

from __future__ import annotations

from functools import lru_cache

from ....vfs.layer import Layer
from ...config import ImageConfig
from ...gojson import parse_rfc3339
from ...image import Image
from . import steps
from .debian import _COMMON
from .debian_tree import base_system
from .distro_texts import (DEBIAN_SHELLS, UBUNTU_GROUP_JAMMY, UBUNTU_GROUP_NOBLE,
                           UBUNTU_PASSWD_JAMMY, UBUNTU_PASSWD_NOBLE, ubuntu_os_release)
from .fs import LayerBuilder

PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

RELEASES = {
    "24.04": {
        "codename": "noble", "animal": "Noble Numbat", "point": "24.04.3",
        "labels_at": "2026-01-13T05:37:25Z", "added_at": "2026-01-13T05:37:27Z",
        "file": "3077ee44db3cc7d38740d60a05c81418dd3825a007db473658464f52689e867b",
        "size": 78_114_321, "debian_version": "trixie/sid", "logo": True,
        "passwd": UBUNTU_PASSWD_NOBLE, "group": UBUNTU_GROUP_NOBLE,
        "extra": "ubuntu-keyring libapt-pkg6.0t64 libgnutls30t64 libssl3t64 libdb5.3t64 "
                 "libunistring5 libhogweed6t64 libnettle8t64 libp11-kit0 gcc-14-base".split(),
    },
    "22.04": {
        "codename": "jammy", "animal": "Jammy Jellyfish", "point": "22.04.5",
        "labels_at": "2025-04-16T10:34:37Z", "added_at": "2025-04-16T10:34:37Z",
        "file": "82f38ebced7b2756311fb492d3d44cc131b22654e8620baa93883537a3e355aa",
        "size": 77_863_108, "debian_version": "bookworm/sid", "logo": False,
        "passwd": UBUNTU_PASSWD_JAMMY, "group": UBUNTU_GROUP_JAMMY,
        "extra": "ubuntu-keyring libapt-pkg6.0 libgnutls30 libssl3 libdb5.3 libunistring2 "
                 "libhogweed6 libnettle8 libp11-kit0 gcc-12-base libprocps8 procps".split(),
    },
}


# Other releases Docker Hub serves: codename and animal; their files follow the
# nearest release measured above (jammy's accounts before 24.04, noble's from it on).
OTHER_RELEASES = {"14.04": ("trusty", "Trusty Tahr"), "16.04": ("xenial", "Xenial Xerus"),
                  "18.04": ("bionic", "Bionic Beaver"), "20.04": ("focal", "Focal Fossa"),
                  "24.10": ("oracular", "Oracular Oriole"), "25.04": ("plucky", "Plucky Puffin"),
                  "25.10": ("questing", "Questing Quokka"), "26.04": ("resolute", "Resolute Raccoon")}


def release_info(version: str) -> dict:
    if version in RELEASES:
        return RELEASES[version]
    codename, animal = OTHER_RELEASES.get(version, (f"ubuntu{version}", ""))
    model = RELEASES["24.04" if version >= "24.04" else "22.04"]
    return {**model, "codename": codename, "animal": animal, "point": version}


@lru_cache(maxsize=None)
def rootfs(version: str) -> Layer:
    info = release_info(version)
    b = LayerBuilder(parse_rfc3339(info["added_at"]))
    codename = info["codename"]
    lsb = (f"DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE={version}\nDISTRIB_CODENAME={codename}\n"
           f'DISTRIB_DESCRIPTION="Ubuntu {info["point"]} LTS"\n')
    base_system(
        b,
        os_release=ubuntu_os_release(info["point"], codename, info["animal"], info["logo"]),
        passwd=info["passwd"], group=info["group"], shells=DEBIAN_SHELLS,
        version_file=("/etc/debian_version", info["debian_version"] + "\n"),
        packages=[p for p in _COMMON if p != "debian-archive-keyring"] + info["extra"],
        slim=True, target=info["size"], seed=f"ubuntu-{version}",
        issue=f"Ubuntu {info['point']} LTS", extra_etc={"/etc/lsb-release": lsb}, vendor="ubuntu",
    )
    if info["passwd"] is UBUNTU_PASSWD_NOBLE:
        b.dir("/home/ubuntu", 0o750, uid=1000, gid=1000)
    return b.build()


def build(version: str) -> Image:
    info = release_info(version)
    labels_at = parse_rfc3339(info["labels_at"])
    added_at = parse_rfc3339(info["added_at"])
    labels = {"org.opencontainers.image.ref.name": "ubuntu", "org.opencontainers.image.version": version}
    config = ImageConfig(env=[PATH], cmd=["/bin/bash"], labels=labels)
    history = [
        steps.nop(labels_at, "ARG RELEASE"),
        steps.nop(labels_at, "ARG LAUNCHPAD_BUILD_ARCH"),
        steps.nop(labels_at, "LABEL org.opencontainers.image.ref.name=ubuntu"),
        steps.nop(labels_at, f"LABEL org.opencontainers.image.version={version}"),
        steps.nop_add(added_at, f"file:{info['file']}", "/"),
        steps.nop(added_at, 'CMD ["/bin/bash"]'),
    ]
    return Image([rootfs(version)], config, history, added_at)
