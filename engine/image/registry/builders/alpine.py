"""alpine: the minirootfs tarball ADDed to scratch, then CMD ["/bin/sh"].

Everything a learner types runs through /bin/busybox (applets are absolute
symlinks to it, as `busybox --install -s` makes them); apk, musl's loader
and OpenSSL's libraries are separate files.
"""

from __future__ import annotations

from functools import lru_cache

from ....vfs.layer import Layer
from ...config import ImageConfig
from ...gojson import parse_rfc3339
from ...image import Image
from . import steps
from .busybox_applets import APPLETS
from .distro_texts import ALPINE_GROUP, ALPINE_PASSWD, ALPINE_SHELLS, alpine_os_release
from .filler import add_sized, fill_to
from .fs import LayerBuilder

PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

# version -> (docker hub build time, uncompressed layer bytes, apk-tools library)
RELEASES = {
    "3.19.9": ("2025-10-08T11:10:40Z", 7_856_271, "/lib/libapk.so.2.14.0"),
    "3.20.8": ("2025-10-08T11:10:03Z", 7_799_406, "/lib/libapk.so.2.14.0"),
    "3.23.2": ("2025-12-18T00:12:29Z", 8_436_227, "/usr/lib/libapk.so.3.0.0"),
}

_PROFILE = """\
# /etc/profile: read by login shells (sh -l)
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
export PAGER=less
umask 022

# a prompt showing user, host and directory
PS1='\\h:\\w\\$ '

for script in /etc/profile.d/*.sh ; do
	if [ -r "$script" ] ; then
		. "$script"
	fi
done
unset script
"""

_LOCALE_SH = """\
export CHARSET=${CHARSET:-UTF-8}
export LANG=${LANG:-C.UTF-8}
export LC_COLLATE=${LC_COLLATE:-C}
"""

_KEYS = ("alpine-devel@lists.alpinelinux.org-4a6a0840.rsa.pub",
         "alpine-devel@lists.alpinelinux.org-5261cecb.rsa.pub",
         "alpine-devel@lists.alpinelinux.org-6165ee59.rsa.pub")

_WORLD = ("alpine-baselayout", "alpine-keys", "alpine-release", "apk-tools", "busybox",
          "ca-certificates-bundle", "libc-utils", "libcrypto3", "libssl3", "musl",
          "musl-utils", "scanelf", "ssl_client", "zlib")


def _key(version: str):
    return tuple(int(x) if x.isdigit() else 0 for x in version.split("."))


def release_facts(version: str, created: str = ""):
    """(build time, layer bytes, libapk path) of a release; one not measured here takes
    the nearest measured release's layer size (apk-tools 3 from 3.23 on) and ``created``."""
    if version in RELEASES:
        return RELEASES[version]
    near = min(RELEASES, key=lambda known: abs(_key(known)[1] - _key(version)[1]) if len(_key(version)) > 1 else 0)
    _, size, _ = RELEASES[near]
    libapk = "/usr/lib/libapk.so.3.0.0" if _key(version)[:2] >= (3, 23) else "/lib/libapk.so.2.14.0"
    return (created or RELEASES[near][0], size, libapk)


@lru_cache(maxsize=None)
def rootfs(version: str, created: str = "") -> Layer:
    created, layer_size, libapk = release_facts(version, created)
    branch = ".".join(version.split(".")[:2])
    b = LayerBuilder(parse_rfc3339(created))
    for path in ("/dev", "/etc", "/home", "/lib", "/media/cdrom", "/media/floppy", "/media/usb",
                 "/mnt", "/opt", "/run", "/sbin", "/srv", "/usr/bin", "/usr/sbin",
                 "/usr/lib", "/usr/local/bin", "/usr/local/lib", "/usr/local/share",
                 "/usr/share/man", "/usr/share/misc", "/var/cache/apk", "/var/empty",
                 "/var/lib/misc", "/var/local", "/var/log", "/var/mail", "/var/opt",
                 "/var/spool/mail", "/etc/apk/protected_paths.d", "/etc/crontabs",
                 "/etc/modprobe.d", "/etc/modules-load.d", "/etc/opt", "/etc/profile.d",
                 "/etc/sysctl.d", "/etc/network/if-up.d", "/etc/network/if-down.d",
                 "/etc/network/if-pre-up.d", "/etc/network/if-post-down.d",
                 "/etc/periodic/15min", "/etc/periodic/hourly", "/etc/periodic/daily",
                 "/etc/periodic/weekly", "/etc/periodic/monthly", "/etc/secfixes.d",
                 "/etc/ssl/certs", "/etc/ssl/private", "/etc/udhcpc", "/lib/apk/db",
                 "/lib/modules-load.d", "/lib/sysctl.d", "/lib/firmware", "/usr/share/apk/keys"):
        b.dir(path)
    b.dir("/proc", 0o555)
    b.dir("/sys", 0o555)
    b.dir("/root", 0o700)
    b.dir("/tmp", 0o1777)
    b.dir("/var/tmp", 0o1777)
    b.link("/var/run", "../run")
    b.link("/var/lock", "../run/lock")
    b.link("/var/spool/cron/crontabs", "/etc/crontabs")

    # BusyBox and its applets.
    b.exe("/bin/busybox", 808_712)
    for directory, applets in APPLETS.items():
        b.links(directory, applets, "/bin/busybox")

    # musl, apk and the other real binaries.
    b.blob("/lib/ld-musl-x86_64.so.1", 662_016, 0o755)
    b.link("/lib/libc.musl-x86_64.so.1", "ld-musl-x86_64.so.1")
    b.blob("/usr/lib/libz.so.1.3.1", 100_136, 0o755)
    b.link("/usr/lib/libz.so.1", "libz.so.1.3.1")
    # OpenSSL 3.5 (Alpine 3.22+) grew libcrypto; older branches ship 3.1/3.3.
    b.blob("/usr/lib/libcrypto.so.3", 4_698_032 if version >= "3.22" else 4_509_520, 0o755)
    b.blob("/usr/lib/libssl.so.3", 758_896, 0o755)
    b.blob(libapk, 227_032, 0o755)
    b.exe("/sbin/apk", 78_936)
    b.script("/sbin/ldconfig", "#!/bin/sh\n# musl needs no ld.so cache: nothing to do\nexit 0\n")
    b.link("/usr/bin/ldd", "/lib/ld-musl-x86_64.so.1")
    for name, nbytes in (("getconf", 35_272), ("getent", 47_784), ("iconv", 22_256),
                         ("scanelf", 78_640), ("ssl_client", 14_216)):
        b.exe(f"/usr/bin/{name}", nbytes)

    # /etc: accounts, release files, apk's configuration.
    b.text("/etc/passwd", ALPINE_PASSWD)
    b.text("/etc/group", ALPINE_GROUP)
    b.text("/etc/shadow", "".join(f"{line.split(':')[0]}:*::0:::::\n"
                                  for line in ALPINE_PASSWD.splitlines()), 0o640, gid=42)
    b.text("/etc/shells", ALPINE_SHELLS)
    b.text("/etc/alpine-release", version + "\n")
    b.text("/usr/lib/os-release", alpine_os_release(version))
    b.link("/etc/os-release", "../usr/lib/os-release")
    b.text("/etc/issue", f"Welcome to Alpine Linux {branch}\nKernel \\r on \\m (\\l)\n\n")
    b.blob("/etc/motd", 283)  # the welcome text: size only
    b.text("/etc/profile", _PROFILE)
    b.text("/etc/profile.d/locale.sh", _LOCALE_SH)
    b.text("/etc/fstab", "/dev/cdrom\t/media/cdrom\tiso9660\tnoauto,ro 0 0\n/dev/usbdisk\t/media/usb\tvfat\tnoauto,ro 0 0\n")
    b.text("/etc/hostname", "localhost\n")
    b.text("/etc/apk/arch", "x86_64\n")
    b.text("/etc/apk/repositories", f"https://dl-cdn.alpinelinux.org/alpine/v{branch}/main\n"
                                    f"https://dl-cdn.alpinelinux.org/alpine/v{branch}/community\n")
    b.text("/etc/apk/world", "\n".join(_WORLD) + "\n")
    b.text("/etc/crontabs/root", "# min\thour\tday\tmonth\tweekday\tcommand\n"
                                 "*/15\t*\t*\t*\t*\trun-parts /etc/periodic/15min\n"
                                 "0\t*\t*\t*\t*\trun-parts /etc/periodic/hourly\n"
                                 "0\t2\t*\t*\t*\trun-parts /etc/periodic/daily\n"
                                 "0\t3\t*\t*\t6\trun-parts /etc/periodic/weekly\n"
                                 "0\t5\t1\t*\t*\trun-parts /etc/periodic/monthly\n", 0o600)
    for key in _KEYS:
        b.blob(f"/etc/apk/keys/{key}", 451)
        b.link(f"/usr/share/apk/keys/{key}", f"../../../../etc/apk/keys/{key}")
    b.link("/etc/ssl/cert.pem", "certs/ca-certificates.crt")
    b.blob("/etc/ssl/certs/ca-certificates.crt", 219_342)
    add_sized(b, ["/etc/protocols", "/etc/services", "/etc/inittab", "/etc/securetty",
                  "/etc/sysctl.conf", "/etc/modules", "/etc/udhcpc/udhcpc.conf",
                  "/etc/ssl/openssl.cnf", "/etc/ssl/ct_log_list.cnf", "/etc/secfixes.d/alpine",
                  "/lib/sysctl.d/00-alpine.conf", "/usr/share/udhcpc/default.script",
                  "/etc/profile.d/color_prompt.sh.disabled", "/etc/profile.d/20locale.sh",
                  "/etc/profile.d/README", "/etc/modprobe.d/aliases.conf",
                  "/etc/modprobe.d/blacklist.conf", "/etc/modprobe.d/i386.conf",
                  "/etc/modprobe.d/kms.conf", "/etc/nsswitch.conf"], 56_480, f"alpine-etc-{version}")
    # apk's database: what `apk info` lists.
    b.text("/lib/apk/db/installed", "".join(f"P:{pkg}\nA:x86_64\n\n" for pkg in _WORLD))
    fill_to(b, layer_size, ["/lib/apk/db/scripts.tar", "/lib/apk/db/triggers", "/usr/share/misc/udhcpd.conf",
                      "/usr/lib/engines-3/afalg.so", "/usr/lib/engines-3/capi.so",
                      "/usr/lib/engines-3/loader_attic.so", "/usr/lib/engines-3/padlock.so",
                      "/usr/lib/ossl-modules/legacy.so"], f"alpine-rest-{version}")
    return b.build()


def build(version: str, created_at: str = "") -> Image:
    created = parse_rfc3339(release_facts(version, created_at)[0])
    config = ImageConfig(env=[PATH], cmd=["/bin/sh"], working_dir="/")
    history = [steps.add(created, f"alpine-minirootfs-{version}-x86_64.tar.gz", "/"),
               steps.cmd(created, ["/bin/sh"])]
    return Image([rootfs(version, created_at)], config, history, created)
