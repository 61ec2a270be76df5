"""A Debian-family root file system (Debian and Ubuntu share it).

Merged /usr, separate binaries from gnu_userland, glibc and friends as sized
files, dpkg's database naming the installed packages, and the documentation,
locales and time zones that make up most of the bytes. ``slim`` leaves out
what Debian's slim images drop (man pages, locales, docs except copyright).
"""

from __future__ import annotations

from typing import Dict, Iterable, List, Sequence

from . import gnu_userland
from .filler import add_sized, fill_to, per_package
from .fs import LayerBuilder, merged_usr, skeleton

MULTIARCH = "/usr/lib/x86_64-linux-gnu"

# Shared libraries (file name -> bytes); a "soname" link is added for each.
LIBS = {
    "libc.so.6": 2_003_408, "libm.so.6": 944_816, "libresolv.so.2": 68_104,
    "libpthread.so.0": 14_480, "libdl.so.2": 14_480, "librt.so.1": 14_664,
    "libnss_files.so.2": 14_216, "libnss_dns.so.2": 14_216, "libanl.so.1": 14_480,
    "libutil.so.1": 14_480, "libmvec.so.1": 887_920, "libBrokenLocale.so.1": 14_480,
    "libstdc++.so.6.0.33": 2_592_224, "libgcc_s.so.1": 183_024,
    "libcrypto.so.3": 5_309_136, "libssl.so.3": 695_224, "libsystemd.so.0.40.0": 1_026_472,
    "libudev.so.1.7.10": 228_056, "libzstd.so.1.5.7": 932_936, "liblzma.so.5.8.1": 203_976,
    "libz.so.1.3.1": 121_280, "libbz2.so.1.0.4": 74_688, "liblz4.so.1.10.0": 166_432,
    "libpcre2-8.so.0.14.0": 671_960, "libselinux.so.1": 203_944, "libsepol.so.2": 809_904,
    "libsemanage.so.2": 317_296, "libtinfo.so.6.5": 204_840, "libgnutls.so.30.40.4": 2_267_016,
    "libgcrypt.so.20.5.0": 1_356_856, "libgpg-error.so.0.39.3": 158_632,
    "libp11-kit.so.0.4.1": 1_317_064, "libunistring.so.5.2.0": 1_878_088,
    "libdb-5.3.so": 1_826_232, "libsqlite3.so.0.8.6": 1_665_960, "libapt-pkg.so.7.0.0": 2_469_752,
    "libapt-private.so.0.0.0": 514_800, "libmount.so.1.1.0": 362_184, "libblkid.so.1.1.0": 314_872,
    "libsmartcols.so.1.1.0": 297_896, "libuuid.so.1.3.0": 35_048, "libacl.so.1.1.2302": 39_232,
    "libattr.so.1.1.2502": 22_840, "libaudit.so.1.0.0": 137_336, "libcap.so.2.75": 43_808,
    "libcap-ng.so.0.0.0": 31_208, "libcrypt.so.1.1.0": 210_920, "libgmp.so.10.5.0": 662_776,
    "libhogweed.so.6.10": 305_584, "libnettle.so.8.10": 326_040, "libidn2.so.0.4.0": 206_232,
    "libtasn1.so.6.6.4": 84_432, "libxxhash.so.0.8.3": 166_960, "libseccomp.so.2.6.0": 141_576,
    "libmd.so.0.1.0": 51_024, "libffi.so.8.1.4": 47_544, "libpam.so.0.85.1": 67_968,
    "libpam_misc.so.0.82.1": 18_640, "libpamc.so.0.82.1": 18_640, "liblastlog2.so.2.0.0": 27_016,
    "libdebconfclient.so.0.0.0": 18_824,
}
LOADER = ("ld-linux-x86-64.so.2", 236_616)

PAM_MODULES = ("access deny echo env exec faildelay faillock filter ftp group issue keyinit "
               "lastlog limits listfile localuser loginuid mail mkhomedir motd namespace nologin "
               "permit pwhistory rhosts rootok securetty setquota shells stress succeed_if time "
               "timestamp umask unix userdb usertype warn wheel xauth").split()

LOCALES = ("bg ca cs da de el eo es et eu fi fr ga gl hr hu id it ja ko lt nb nl pl pt pt_BR "
           "ro ru sk sl sr sv tr uk vi zh_CN zh_TW").split()
LOCALE_DOMAINS = ("coreutils", "dpkg", "apt", "bash", "grep", "sed", "tar", "util-linux",
                  "shadow", "findutils", "diffutils", "debconf", "adduser", "gnupg2")

ZONES = ("UTC Etc/UTC Etc/GMT Europe/London Europe/Paris Europe/Berlin Europe/Madrid Europe/Rome "
         "Europe/Amsterdam Europe/Brussels Europe/Vienna Europe/Zurich Europe/Stockholm Europe/Oslo "
         "Europe/Copenhagen Europe/Helsinki Europe/Warsaw Europe/Prague Europe/Budapest Europe/Athens "
         "Europe/Istanbul Europe/Kyiv Europe/Moscow Europe/Lisbon Europe/Dublin America/New_York "
         "America/Chicago America/Denver America/Los_Angeles America/Phoenix America/Anchorage "
         "America/Toronto America/Vancouver America/Mexico_City America/Sao_Paulo "
         "America/Argentina/Buenos_Aires America/Bogota America/Lima America/Santiago "
         "Asia/Tokyo Asia/Seoul Asia/Shanghai Asia/Hong_Kong Asia/Taipei Asia/Singapore "
         "Asia/Kolkata Asia/Dubai Asia/Jakarta Asia/Bangkok Asia/Manila Asia/Tehran "
         "Asia/Jerusalem Africa/Cairo Africa/Johannesburg Africa/Lagos Africa/Nairobi "
         "Australia/Sydney Australia/Melbourne Australia/Perth Pacific/Auckland Pacific/Honolulu").split()

GCONV = ("ISO8859-1 ISO8859-2 ISO8859-5 ISO8859-7 ISO8859-9 ISO8859-15 UTF-16 UTF-32 UTF-7 "
         "UNICODE EUC-JP EUC-KR EUC-CN EUC-TW SJIS CP932 GBK GB18030 BIG5 BIG5HKSCS KOI8-R KOI8-U "
         "CP1250 CP1251 CP1252 CP1253 CP1254 CP1255 CP1256 CP1257 CP1258 IBM437 IBM850 IBM852 "
         "IBM866 ISO-2022-JP ISO-2022-KR ISO-2022-CN TSCII VISCII").split()

PERL_BASE = ("strict warnings Carp Exporter constant vars overload parent base integer lib "
             "feature utf8 bytes Config Cwd File/Spec File/Spec/Unix File/Temp File/Path "
             "File/Basename File/Copy File/Find Getopt/Long IO IO/File IO/Handle IO/Select "
             "IO/Socket List/Util Scalar/Util POSIX Fcntl Errno Symbol SelectSaver Text/ParseWords "
             "Text/Tabs Text/Wrap Tie/Hash IPC/Open2 IPC/Open3 Socket XSLoader DynaLoader").split()


def library_files(b: LayerBuilder, libs: Dict[str, int], directory: str = MULTIARCH) -> None:
    """Each library file plus the soname symlink ("libz.so.1" -> "libz.so.1.3.1")."""
    for name, size in libs.items():
        if not size:
            continue
        b.blob(f"{directory}/{name}", size)
        stem, dot_so, version = name.partition(".so.")
        if dot_so and version.count(".") >= 1:
            major = version.split(".")[0]
            b.link(f"{directory}/{stem}.so.{major}", name)


def dpkg_database(b: LayerBuilder, packages: Sequence[str], status_size: int, seed: str) -> None:
    """/var/lib/dpkg: one .list and .md5sums per package, and the status file."""
    b.blob("/var/lib/dpkg/status", status_size)
    b.blob("/var/lib/dpkg/status-old", status_size - 1_024)
    for name in ("available", "lock", "lock-frontend", "triggers/Lock", "triggers/Unincorp"):
        b.blob(f"/var/lib/dpkg/{name}", 0)
    b.dir("/var/lib/dpkg/updates")
    b.dir("/var/lib/dpkg/alternatives")
    paths = per_package("/var/lib/dpkg/info/{pkg}.list", packages)
    paths += per_package("/var/lib/dpkg/info/{pkg}.md5sums", packages)
    add_sized(b, paths, 2_400 * len(packages), seed + "-dpkg-info", spread=1.5)


def base_system(b: LayerBuilder, *, os_release: str, passwd: str, group: str, shells: str,
                version_file: str, packages: Sequence[str], slim: bool, target: int,
                seed: str, issue: str, extra_etc: Dict[str, str] = None,
                vendor: str = "debian") -> None:
    """Fill ``b`` with a whole base system of exactly ``target`` bytes."""
    skeleton(b, skip=("/bin", "/sbin", "/lib"), extra={"/usr/games": 0o755, "/var/backups": 0o755,
                                                       "/usr/libexec": 0o755, "/usr/share/man": 0o755})
    merged_usr(b)
    b.dir("/var/mail", 0o2775, gid=8)
    b.dir("/var/local", 0o2775, gid=50)
    b.dir("/var/log/apt")
    b.dir("/var/lib/apt/lists/partial", 0o700, uid=42)
    b.dir("/var/cache/apt/archives/partial", 0o700, uid=42)
    b.link("/var/run", "/run")
    b.link("/var/lock", "/run/lock")
    gnu_userland.install(b)

    # glibc's loader lives in the multiarch dir; /usr/lib64 carries the ABI path.
    b.blob(f"{MULTIARCH}/{LOADER[0]}", LOADER[1], 0o755)
    b.link(f"/usr/lib64/{LOADER[0]}", f"../lib/x86_64-linux-gnu/{LOADER[0]}")
    library_files(b, LIBS)
    add_sized(b, [f"{MULTIARCH}/security/pam_{m}.so" for m in PAM_MODULES], 620_000, seed + "-pam")
    add_sized(b, [f"{MULTIARCH}/gconv/{c}.so" for c in GCONV] + [f"{MULTIARCH}/gconv/gconv-modules.cache"],
              2_150_000, seed + "-gconv")
    add_sized(b, [f"{MULTIARCH}/perl-base/{m}.pm" for m in PERL_BASE], 1_840_000, seed + "-perl")

    # /etc: the files a learner reads are real text, the rest are sized.
    b.text("/usr/lib/os-release", os_release)
    b.link("/etc/os-release", "../usr/lib/os-release")
    b.text(version_file[0], version_file[1])
    b.text("/etc/passwd", passwd)
    b.text("/etc/group", group)
    b.text("/etc/shells", shells)
    b.text("/etc/issue", issue + " \\n \\l\n\n")
    b.text("/etc/issue.net", issue + "\n")
    b.text("/etc/hostname", "")  # debootstrap leaves it empty; Docker mounts its own
    b.blob("/etc/shadow", 501, 0o640, gid=42)
    b.blob("/etc/gshadow", 420, 0o640, gid=42)
    for path, text in (extra_etc or {}).items():
        b.text(path, text)
    add_sized(b, ["/etc/bash.bashrc", "/etc/profile", "/etc/login.defs", "/etc/adduser.conf",
                  "/etc/deluser.conf", "/etc/nsswitch.conf", "/etc/host.conf", "/etc/ld.so.conf",
                  "/etc/ld.so.cache", "/etc/ld.so.conf.d/libc.conf", "/etc/ld.so.conf.d/x86_64-linux-gnu.conf",
                  "/etc/environment", "/etc/mke2fs.conf", "/etc/pam.conf", "/etc/pam.d/common-auth",
                  "/etc/pam.d/common-account", "/etc/pam.d/common-password", "/etc/pam.d/common-session",
                  "/etc/pam.d/login", "/etc/pam.d/su", "/etc/pam.d/passwd", "/etc/pam.d/other",
                  "/etc/security/limits.conf", "/etc/security/access.conf", "/etc/security/namespace.conf",
                  "/etc/skel/.bashrc", "/etc/skel/.profile", "/etc/skel/.bash_logout",
                  "/root/.bashrc", "/root/.profile", f"/etc/apt/sources.list.d/{vendor}.sources",
                  "/etc/apt/apt.conf.d/docker-clean", "/etc/apt/apt.conf.d/docker-autoremove-suggests",
                  "/etc/apt/apt.conf.d/docker-gzip-indexes", "/etc/apt/apt.conf.d/docker-no-languages",
                  "/etc/apt/apt.conf.d/01autoremove", "/etc/dpkg/dpkg.cfg", "/etc/dpkg/dpkg.cfg.d/docker",
                  f"/etc/dpkg/origins/{vendor}", "/etc/debconf.conf",
                  "/etc/terminfo/README", "/etc/xattr.conf",
                  "/etc/gai.conf", "/etc/inputrc", "/etc/subuid", "/etc/subgid", "/etc/rmt",
                  "/etc/default/useradd", "/etc/default/nss", "/etc/logrotate.d/apt",
                  "/etc/cron.daily/apt-compat", "/etc/cron.daily/dpkg", "/etc/motd", "/etc/selinux/semanage.conf",
                  "/etc/ethertypes", "/etc/rpc"],
              186_000, seed + "-etc")
    b.link("/etc/localtime", "/usr/share/zoneinfo/Etc/UTC")
    b.link("/etc/mtab", "../proc/self/mounts")
    b.text("/etc/timezone", "Etc/UTC\n")
    add_sized(b, [f"/usr/share/zoneinfo/{z}" for z in ZONES] + ["/usr/share/zoneinfo/tzdata.zi",
              "/usr/share/zoneinfo/zone1970.tab", "/usr/share/zoneinfo/iso3166.tab", "/usr/share/zoneinfo/leap-seconds.list"],
              1_950_000, seed + "-tz")
    add_sized(b, per_package("/usr/share/doc/{pkg}/copyright", packages), 1_100_000, seed + "-copyright", spread=1.5)
    add_sized(b, ["/usr/share/common-licenses/" + n for n in
                  ("GPL-2", "GPL-3", "LGPL-2.1", "LGPL-3", "Apache-2.0", "Artistic", "BSD", "MPL-2.0", "CC0-1.0")],
              180_000, seed + "-licenses")
    dpkg_database(b, packages, 420_000 if not slim else 400_000, seed)
    add_sized(b, ["/var/cache/debconf/config.dat", "/var/cache/debconf/templates.dat",
                  "/var/cache/debconf/passwords.dat", "/var/log/dpkg.log", "/var/log/alternatives.log",
                  "/var/log/apt/eipp.log.xz", "/var/log/apt/history.log", "/var/log/apt/term.log",
                  "/var/lib/apt/extended_states", "/var/lib/pam/auth", "/var/lib/pam/account",
                  "/var/lib/pam/password", "/var/lib/pam/session", "/var/lib/systemd/deb-systemd-helper-enabled/apt-daily.timer.dsh-also"],
              1_460_000, seed + "-var")

    rest: List[str] = []
    if not slim:
        commands = list(gnu_userland.COREUTILS) + list(gnu_userland.USR_BIN)
        rest += [f"/usr/share/man/man1/{c}.1.gz" for c in commands if c != "["]
        rest += [f"/usr/share/man/man8/{c}.8.gz" for c in gnu_userland.USR_SBIN]
        rest += per_package("/usr/share/doc/{pkg}/changelog.Debian.gz", packages)
        rest += [f"/usr/share/locale/{lang}/LC_MESSAGES/{d}.mo" for lang in LOCALES[:20] for d in LOCALE_DOMAINS[:4]]
        rest += [f"/usr/share/info/{n}.info.gz" for n in ("coreutils", "grep", "sed", "tar", "find", "diffutils", "bash")]
    rest += [f"/usr/share/perl5/Debconf/{m}.pm" for m in
             ("AutoSelect", "Base", "Client/ConfModule", "Config", "ConfModule", "Db", "DbDriver",
              "Element", "Encoding", "Format", "FrontEnd", "Gettext", "Iterator", "Log", "Path",
              "Priority", "Question", "Template", "TmpFile")]
    rest += [f"/usr/share/terminfo/{t}" for t in ("a/ansi", "d/dumb", "l/linux", "s/screen", "s/screen-256color",
                                                   "v/vt100", "v/vt220", "x/xterm", "x/xterm-256color", "x/xterm-color")]
    rest += [f"/usr/share/keyrings/{k}" for k in ("debian-archive-keyring.pgp", "debian-archive-removed-keys.pgp")]
    rest += [f"{MULTIARCH}/apt/methods/{m}" for m in ("copy", "file", "gpgv", "http", "https", "store", "cdrom", "rred")]
    rest += [f"/usr/libexec/dpkg/{m}" for m in ("dpkg-db-backup", "dpkg-db-keeper")]
    rest += [f"/usr/share/bash-completion/completions/{c}" for c in ("apt", "dpkg", "findmnt", "lsblk", "mount", "umount")]
    rest += [f"/usr/share/zoneinfo/right/{z}" for z in ZONES[:12]]
    rest += [f"/usr/share/zoneinfo/posix/{z}" for z in ZONES[:12]]
    rest += ["/usr/share/i18n/SUPPORTED", "/usr/share/i18n/charmaps/UTF-8.gz", "/usr/lib/locale/C.utf8/LC_CTYPE",
             "/usr/lib/locale/C.utf8/LC_COLLATE", "/usr/lib/locale/C.utf8/LC_MESSAGES/SYS_LC_MESSAGES"]
    fill_to(b, target, rest, seed + "-rest")


def installed_package_layer(b: LayerBuilder, packages: Iterable[str], target: int, seed: str,
                            programs: Dict[str, int] = None, libs: Dict[str, int] = None,
                            slim: bool = False) -> None:
    """What an `apt-get install` step adds: programs, libraries, docs and dpkg records."""
    packages = list(packages)
    for name, size in (programs or {}).items():
        b.exe(name if name.startswith("/") else f"/usr/bin/{name}", size)
    library_files(b, libs or {})
    paths = per_package("/var/lib/dpkg/info/{pkg}.list", packages)
    paths += per_package("/var/lib/dpkg/info/{pkg}.md5sums", packages)
    paths += per_package("/usr/share/doc/{pkg}/copyright", packages)
    if not slim:
        paths += per_package("/usr/share/doc/{pkg}/changelog.Debian.gz", packages)
    paths += per_package("/usr/share/lintian/overrides/{pkg}", packages)
    paths.append("/var/lib/dpkg/status")
    paths.append("/var/lib/dpkg/status-old")
    paths.append("/var/log/dpkg.log")
    paths.append("/var/log/apt/history.log")
    paths.append("/var/cache/debconf/templates.dat")
    fill_to(b, target, paths, seed)
