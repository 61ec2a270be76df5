"""buildpack-deps: the three apt layers under python, node and friends.

"curl" adds download and TLS tools, "scm" adds version control, and the
full variant a compiler toolchain and hundreds of -dev packages. The full
python and node images start FROM buildpack-deps, so they share these
layers (and Debian's) byte for byte: pull one after the other and Docker
says "Already exists" for them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import List

from ....vfs.layer import Layer
from ...gojson import parse_rfc3339
from ...image import HistoryEntry
from . import debian, steps
from .debian_tree import installed_package_layer
from .filler import add_sized
from .fs import LayerBuilder

# suite -> step times and uncompressed sizes of the curl, scm and full layers
SUITES = {
    "trixie": {"times": ("2026-01-13T02:07:12Z", "2026-01-13T03:51:40Z", "2026-01-13T04:44:55Z"),
               "sizes": (60_212_840, 185_044_913, 656_372_118), "clean": "apt-get dist-clean", "gcc": "14"},
    "bookworm": {"times": ("2026-01-13T02:08:49Z", "2026-01-13T03:53:08Z", "2026-01-13T04:46:28Z"),
                 "sizes": (49_613_207, 183_102_455, 587_245_930), "clean": "rm -rf /var/lib/apt/lists/*",
                 "gcc": "12"},
}

CURL_PACKAGES = ("ca-certificates curl gnupg netbase sq wget dirmngr gnupg-utils gpg gpg-agent gpgconf "
                 "gpgsm keyboxd libassuan9 libcurl4t64 libgssapi-krb5-2 libk5crypto3 libkrb5-3 "
                 "libkrb5support0 libksba8 libldap2 libnghttp2-14 libnghttp3-9 libngtcp2-16 libnpth0t64 "
                 "libpsl5t64 libreadline8t64 librtmp1 libsasl2-2 libssh2-1t64 openssl pinentry-curses").split()
SCM_PACKAGES = ("git git-man mercurial mercurial-common openssh-client subversion procps libapr1t64 "
                "libaprutil1t64 libserf-1-1 libsvn1 liberror-perl libexpat1 libpython3.13-minimal "
                "libpython3.13-stdlib python3 python3.13 python3.13-minimal perl perl-modules-5.40 "
                "libperl5.40 libproc2-0 libutf8proc3 libedit2 libcbor0.10 libfido2-1").split()
FULL_PACKAGES = ("autoconf automake bzip2 default-libmysqlclient-dev dpkg-dev file g++ gcc imagemagick "
                 "libbz2-dev libc6-dev libcurl4-openssl-dev libdb-dev libevent-dev libffi-dev libgdbm-dev "
                 "libglib2.0-dev libgmp-dev libjpeg-dev libkrb5-dev liblzma-dev libmagickcore-dev "
                 "libmagickwand-dev libmaxminddb-dev libncurses5-dev libncursesw5-dev libpng-dev libpq-dev "
                 "libreadline-dev libsqlite3-dev libssl-dev libtool libwebp-dev libxml2-dev libxslt-dev "
                 "libyaml-dev make patch unzip xz-utils zlib1g-dev binutils cpp libgcc-dev libstdc++-dev "
                 "libicu76 libx11-6 libxext6 libfreetype6 libfontconfig1 libharfbuzz0b libcairo2 "
                 "libpango-1.0-0 librsvg2-2 libopenexr libtiff6 libheif1 libde265-0 libx265 libaom3 "
                 "libdav1d7 liblcms2-2 liblqr-1-0 libfftw3-double3 libgomp1 libltdl7 libmagic1").split()

_CURL = ("RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends "
         "\t\tca-certificates \t\tcurl \t\tgnupg \t\tnetbase \t\tsq \t\twget \t; \t{clean} # buildkit")
_SCM = ("RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends "
        "\t\tgit \t\tmercurial \t\topenssh-client \t\tsubversion \t\t\t\tprocps \t; \t{clean} # buildkit")
_FULL = ("RUN /bin/sh -c set -ex; \tapt-get update; \tapt-get install -y --no-install-recommends "
         "\t\tautoconf \t\tautomake \t\tbzip2 \t\tdefault-libmysqlclient-dev \t\tdpkg-dev \t\tfile "
         "\t\tg++ \t\tgcc \t\timagemagick \t\tlibbz2-dev \t\tlibc6-dev \t\tlibcurl4-openssl-dev "
         "\t\tlibdb-dev \t\tlibevent-dev \t\tlibffi-dev \t\tlibgdbm-dev \t\tlibglib2.0-dev \t\tlibgmp-dev "
         "\t\tlibjpeg-dev \t\tlibkrb5-dev \t\tliblzma-dev \t\tlibmagickcore-dev \t\tlibmagickwand-dev "
         "\t\tlibmaxminddb-dev \t\tlibncurses5-dev \t\tlibncursesw5-dev \t\tlibpng-dev \t\tlibpq-dev "
         "\t\tlibreadline-dev \t\tlibsqlite3-dev \t\tlibssl-dev \t\tlibtool \t\tlibwebp-dev \t\tlibxml2-dev "
         "\t\tlibxslt-dev \t\tlibyaml-dev \t\tmake \t\tpatch \t\tunzip \t\txz-utils \t\tzlib1g-dev \t; "
         "\t{clean} # buildkit")


@lru_cache(maxsize=None)
def curl_layer(suite: str) -> Layer:
    info = SUITES[suite]
    b = LayerBuilder(parse_rfc3339(info["times"][0]), [debian.rootfs(suite, False)])
    for name, size in (("curl", 305_496), ("wget", 515_264), ("gpg", 1_229_888), ("gpg-agent", 358_568),
                       ("gpgconf", 167_424), ("gpgsm", 531_464), ("dirmngr", 608_472), ("sq", 11_602_448),
                       ("openssl", 1_023_472), ("c_rehash", 6_983)):
        b.exe(f"/usr/bin/{name}", size)
    b.script("/usr/sbin/update-ca-certificates", "#!/bin/sh\n# rebuilds /etc/ssl/certs from /usr/share/ca-certificates\n")
    b.blob("/etc/ssl/certs/ca-certificates.crt", 221_470)
    b.blob("/etc/ssl/openssl.cnf", 12_411)
    b.blob("/etc/protocols", 2_932)
    b.blob("/etc/services", 12_813)
    b.blob("/etc/ethertypes", 1_816)
    b.blob("/etc/wgetrc", 4_942)
    for cert in ("ISRG_Root_X1", "ISRG_Root_X2", "DigiCert_Global_Root_G2", "DigiCert_Global_Root_CA",
                 "GlobalSign_Root_CA", "Amazon_Root_CA_1", "Baltimore_CyberTrust_Root",
                 "USERTrust_RSA_Certification_Authority", "GTS_Root_R1", "Starfield_Root_Certificate_Authority_-_G2"):
        b.blob(f"/usr/share/ca-certificates/mozilla/{cert}.crt", 1_939)
        b.link(f"/etc/ssl/certs/{cert}.pem", f"/usr/share/ca-certificates/mozilla/{cert}.crt")
    libs = {"libcurl.so.4.8.0": 801_912, "libnghttp2.so.14.28.3": 178_304, "libssh2.so.1.0.1": 268_528,
            "libpsl.so.5.3.5": 79_648, "libgssapi_krb5.so.2.2": 338_464, "libkrb5.so.3.3": 921_000,
            "libk5crypto.so.3.1": 186_368, "libldap.so.2.0.200": 371_992, "liblber.so.2.0.200": 63_384,
            "libsasl2.so.2.0.25": 121_008, "libksba.so.8.14.6": 203_032, "libreadline.so.8.2": 358_200,
            "librtmp.so.1": 112_544, "libbrotlidec.so.1.1.0": 51_632}
    installed_package_layer(b, CURL_PACKAGES, info["sizes"][0], f"bpd-curl-{suite}", libs=libs)
    return b.build()


@lru_cache(maxsize=None)
def scm_layer(suite: str) -> Layer:
    info = SUITES[suite]
    b = LayerBuilder(parse_rfc3339(info["times"][1]), [debian.rootfs(suite, False), curl_layer(suite)])
    programs = {"git": 4_151_016, "ssh": 1_042_528, "scp": 133_736, "sftp": 154_216, "ssh-add": 158_312,
                "ssh-agent": 350_888, "ssh-keygen": 491_288, "ssh-keyscan": 199_816, "svn": 305_560,
                "svnadmin": 125_064, "svnversion": 22_632, "ps": 154_224, "top": 137_528, "free": 27_016,
                "kill": 27_016, "pgrep": 31_208, "pkill": 31_208, "pmap": 35_304, "uptime": 14_600,
                "vmstat": 43_608, "w": 27_016, "watch": 35_400, "pidwait": 31_208, "slabtop": 27_016,
                "python3.13": 6_830_800, "hg": 1_853}
    for name, size in programs.items():
        program = "python3" if name == "python3.13" else ("python3" if name == "hg" else name)
        b.exe(f"/usr/bin/{name}", size, program=program)
    b.link("/usr/bin/python3", "python3.13")
    b.exe("/usr/sbin/sysctl", 35_232)
    for tool in ("git-upload-pack", "git-receive-pack", "git-upload-archive", "git-shell"):
        b.exe(f"/usr/lib/git-core/{tool}", 4_151_016 if tool != "git-shell" else 760_232, program="git")
    libs = {"libperl.so.5.40.1": 4_194_808, "libapr-1.so.0.7.5": 231_224, "libaprutil-1.so.0.6.3": 190_392,
            "libsvn_client-1.so.1.0.0": 387_400, "libsvn_wc-1.so.1.0.0": 780_184,
            "libsvn_subr-1.so.1.0.0": 609_568, "libsvn_repos-1.so.1.0.0": 293_512,
            "libexpat.so.1.10.2": 190_608, "libproc2.so.0.0.2": 113_128}
    installed_package_layer(b, SCM_PACKAGES, info["sizes"][1], f"bpd-scm-{suite}", libs=libs)
    return b.build()


@lru_cache(maxsize=None)
def full_layer(suite: str) -> Layer:
    info = SUITES[suite]
    gcc = info["gcc"]
    b = LayerBuilder(parse_rfc3339(info["times"][2]),
                     [debian.rootfs(suite, False), curl_layer(suite), scm_layer(suite)])
    libexec = f"/usr/libexec/gcc/x86_64-linux-gnu/{gcc}"
    for name, size in (("cc1", 33_842_344), ("cc1plus", 37_109_736), ("lto1", 31_915_944),
                       ("collect2", 461_152), ("lto-wrapper", 1_137_160)):
        b.exe(f"{libexec}/{name}", size)
    for name, size in ((f"gcc-{gcc}", 1_006_136), (f"g++-{gcc}", 1_010_232), (f"cpp-{gcc}", 1_006_136),
                       ("x86_64-linux-gnu-ld.bfd", 1_801_408), ("x86_64-linux-gnu-as", 720_008),
                       ("make", 253_128), ("patch", 194_344), ("unzip", 182_696), ("bzip2", 39_144),
                       ("xz", 84_752), ("file", 30_904), ("pkgconf", 39_176), ("convert-im6.q16", 14_440)):
        b.exe(f"/usr/bin/{name}", size, program=name.split("-")[0] if name[0] in "gc" else name)
    for name, target in (("gcc", f"gcc-{gcc}"), ("g++", f"g++-{gcc}"), ("cpp", f"cpp-{gcc}"),
                         ("cc", "/etc/alternatives/cc"), ("c++", "/etc/alternatives/c++"),
                         ("ld", "x86_64-linux-gnu-ld"), ("x86_64-linux-gnu-ld", "x86_64-linux-gnu-ld.bfd"),
                         ("as", "x86_64-linux-gnu-as"), ("bunzip2", "bzip2"), ("unxz", "xz"),
                         ("xzcat", "xz"), ("pkg-config", "pkgconf"), ("convert", "/etc/alternatives/convert")):
        b.link(f"/usr/bin/{name}", target)
    for name, target in (("cc", "/usr/bin/gcc"), ("c++", "/usr/bin/g++"), ("convert", "/usr/bin/convert-im6.q16")):
        b.link(f"/etc/alternatives/{name}", target)
    for name in ("autoconf", "autoheader", "autoreconf", "automake", "aclocal", "libtoolize", "dpkg-buildpackage",
                 "dpkg-source", "dpkg-architecture", "dpkg-buildflags", "dpkg-shlibdeps"):
        b.script(f"/usr/bin/{name}", f"#!/usr/bin/perl\n# {name}\n", program="perl")
    libs = {"libicudata.so.76.1": 31_818_672, "libicui18n.so.76.1": 3_423_864, "libicuuc.so.76.1": 2_226_488,
            "libMagickCore-6.Q16.so.7.0.0": 4_236_704, "libMagickWand-6.Q16.so.7.0.0": 1_339_920,
            "libxml2.so.2.12.7": 1_740_952, "libglib-2.0.so.0.8400.4": 1_411_032, "libx265.so.215": 21_410_592,
            "libaom.so.3.12.1": 6_160_192, "libdav1d.so.7.0.0": 1_942_248, "libheif.so.1.19.8": 1_090_096,
            "libbfd-2.44-system.so": 2_186_944, "libopcodes-2.44-system.so": 1_001_288,
            "libgomp.so.1.0.0": 345_768}
    headers = [f"/usr/include/{h}.h" for h in ("stdio", "stdlib", "string", "unistd", "errno", "fcntl", "signal",
                                                 "zlib", "sqlite3", "ffi", "curl/curl", "openssl/ssl",
                                                 "openssl/evp", "libxml2/libxml/tree", "yaml", "gmp", "readline/readline",
                                                 "ncurses", "png", "jpeglib", "postgresql/libpq-fe", "mysql/mysql")]
    add_sized(b, headers, 1_450_000, f"bpd-headers-{suite}")
    installed_package_layer(b, FULL_PACKAGES, info["sizes"][2], f"bpd-full-{suite}", libs=libs)
    return b.build()


def layers(suite: str) -> List[Layer]:
    return [debian.rootfs(suite, False), curl_layer(suite), scm_layer(suite), full_layer(suite)]


def history(suite: str) -> List[HistoryEntry]:
    info = SUITES[suite]
    clean = info["clean"]
    times = [parse_rfc3339(t) for t in info["times"]]
    scripts = (_CURL, _SCM, _FULL)
    entries = [debian.history_entry(suite, False)]
    for ts, script in zip(times, scripts):
        created_by = script.format(clean=clean)
        entries.append(HistoryEntry(ts, created_by, False, steps.BUILDKIT))
    return entries


def config():
    return debian.config()

