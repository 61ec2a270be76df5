"""python:3.x (FROM buildpack-deps:trixie) and python:3.x-slim (FROM debian:trixie-slim).

CPython is compiled from source into /usr/local, so /usr/local/bin/python3
comes before Debian's own /usr/bin/python3 (from buildpack-deps' mercurial)
on PATH. Up to 3.13 the release is checked against GPG_KEY; 3.14 dropped
GPG signatures, and LANG=C.UTF-8 is only kept for 3.12 and older.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Dict, List

from ....vfs.layer import Layer
from ...config import ImageConfig
from ...gojson import parse_rfc3339
from ...image import Image
from . import buildpack_deps, debian, steps
from .debian_tree import installed_package_layer
from .filler import add_sized, fill_to
from .fs import LayerBuilder

PATH = "/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
GPG_KEY = "7169605F62C751356D054A26A821E680E5FA6305"

RELEASES: Dict[str, dict] = {
    "3.14": {"version": "3.14.2", "pip": "25.3",
             "sha256": "ce543ab854bc256b61b71e9b27f831ffd1bfd60a479d639f8be7f9757cf573e9",
             "gpg": None, "lang": False,
             "full": ("2026-01-13T05:12:30Z", "2026-01-13T05:19:41Z", 77_512_334),
             "slim": ("2026-01-13T03:03:56Z", "2026-01-13T03:09:45Z", 41_354_200)},
    "3.13": {"version": "3.13.11", "pip": "25.3",
             "sha256": "16ede7bb7cdbfa895d11b0642fa0e523f291e6487194d53cf6d3b338c3a17ea2",
             "gpg": GPG_KEY, "lang": False,
             "full": ("2026-01-13T05:13:02Z", "2026-01-13T05:24:50Z", 71_840_112),
             "slim": ("2026-01-13T03:04:48Z", "2026-01-13T03:16:03Z", 35_212_776)},
    "3.12": {"version": "3.12.12", "pip": "25.0.1",
             "sha256": "fb85a13414b028c49ba18bbd523c2d055a30b56b18b92ce454ea2c51edc656c4",
             "gpg": GPG_KEY, "lang": True,
             "full": ("2026-01-13T05:13:40Z", "2026-01-13T05:22:33Z", 68_377_455),
             "slim": ("2026-01-13T03:05:41Z", "2026-01-13T03:14:11Z", 33_908_164)},
}

BLUETOOTH_SIZE = 17_911_392  # libbluetooth-dev tk-dev uuid-dev on the full image
RUNTIME_DEPS_SIZE = 3_812_044  # ca-certificates netbase tzdata on the slim image

STDLIB = ("__future__ _collections_abc _compat_pickle _compression _markupbase _pydecimal _pyio "
          "_sitebuiltins _strptime _threading_local abc argparse ast base64 bdb bisect bz2 calendar "
          "cmd code codecs codeop colorsys compileall configparser contextlib contextvars copy "
          "copyreg cProfile csv dataclasses datetime decimal difflib dis doctest enum filecmp "
          "fileinput fnmatch fractions ftplib functools genericpath getopt getpass gettext glob "
          "graphlib gzip hashlib heapq hmac imaplib inspect io ipaddress keyword linecache locale "
          "lzma mailbox mimetypes netrc ntpath nturl2path numbers opcode operator optparse os "
          "pathlib pdb pickle pickletools pkgutil platform plistlib poplib posixpath pprint profile "
          "pstats pty py_compile pyclbr pydoc queue quopri random reprlib rlcompleter runpy sched "
          "secrets selectors shelve shlex shutil signal site smtplib socket socketserver ssl stat "
          "statistics string stringprep struct subprocess symtable sysconfig tabnanny tarfile "
          "tempfile textwrap this threading timeit token tokenize trace traceback tracemalloc tty "
          "turtle types typing uuid warnings wave weakref webbrowser zipapp zipimport").split()
PACKAGES = {"asyncio": 30, "collections": 2, "concurrent/futures": 4, "ctypes": 6, "curses": 5,
            "dbm": 5, "email": 28, "encodings": 40, "html": 3, "http": 6, "importlib": 12, "json": 5,
            "logging": 3, "multiprocessing": 20, "re": 5, "sqlite3": 3, "tomllib": 3, "unittest": 12,
            "urllib": 6, "venv": 2, "wsgiref": 6, "xml/etree": 6, "xml/dom": 8, "xmlrpc": 3, "zoneinfo": 4}
DYNLOAD = ("_asyncio _bisect _blake2 _bz2 _codecs_cn _codecs_jp _contextvars _csv _ctypes _curses "
           "_datetime _dbm _decimal _elementtree _hashlib _heapq _json _lsprof _lzma _md5 _multibytecodec "
           "_multiprocessing _opcode _pickle _posixsubprocess _queue _random _sha1 _sha2 _sha3 _socket "
           "_sqlite3 _ssl _statistics _struct _tkinter _uuid _zoneinfo array binascii cmath fcntl grp "
           "math mmap pyexpat readline resource select syslog termios unicodedata zlib").split()
PIP_MODULES = ("__init__ __main__ __pip-runner__ _internal/__init__ _internal/build_env _internal/cache "
               "_internal/configuration _internal/exceptions _internal/main _internal/pyproject "
               "_internal/self_outdated_check _internal/wheel_builder _internal/cli/main "
               "_internal/cli/parser _internal/commands/install _internal/commands/list "
               "_internal/commands/show _internal/commands/uninstall _internal/commands/freeze "
               "_internal/resolution/resolvelib/resolver _internal/req/req_install "
               "_internal/network/session _internal/index/package_finder _internal/metadata/base "
               "_internal/operations/install/wheel _internal/utils/misc _vendor/__init__ "
               "_vendor/requests/__init__ _vendor/requests/sessions _vendor/urllib3/__init__ "
               "_vendor/urllib3/connectionpool _vendor/rich/console _vendor/packaging/version "
               "_vendor/packaging/specifiers _vendor/resolvelib/resolvers _vendor/certifi/core "
               "_vendor/idna/core _vendor/tomli/_parser _vendor/platformdirs/unix").split()


def _env(release: dict) -> List[str]:
    env = [f"PATH={PATH}"]
    if release["lang"]:
        env.append("LANG=C.UTF-8")
    if release["gpg"]:
        env.append(f"GPG_KEY={release['gpg']}")
    env += [f"PYTHON_VERSION={release['version']}", f"PYTHON_SHA256={release['sha256']}"]
    return env


def _build_script(release: dict, slim: bool) -> str:
    fetch = ('wget -O python.tar.xz "https://www.python.org/ftp/python/${PYTHON_VERSION%%[a-z]*}/'
             'Python-$PYTHON_VERSION.tar.xz"; \techo "$PYTHON_SHA256 *python.tar.xz" | sha256sum -c -; ')
    if release["gpg"]:
        fetch += ('wget -O python.tar.xz.asc "https://www.python.org/ftp/python/${PYTHON_VERSION%%[a-z]*}/'
                  'Python-$PYTHON_VERSION.tar.xz.asc"; \tGNUPGHOME="$(mktemp -d)"; export GNUPGHOME; '
                  '\tgpg --batch --keyserver hkps://keys.openpgp.org --recv-keys "$GPG_KEY"; '
                  '\tgpg --batch --verify python.tar.xz.asc python.tar.xz; \tgpgconf --kill all; ')
    build = ('mkdir -p /usr/src/python; \ttar --extract --directory /usr/src/python --strip-components=1 '
             '--file python.tar.xz; \trm python.tar.xz; \t\tcd /usr/src/python; '
             '\tgnuArch="$(dpkg-architecture --query DEB_BUILD_GNU_TYPE)"; \t./configure \t\t--build="$gnuArch" '
             '\t\t--enable-loadable-sqlite-extensions \t\t--enable-optimizations \t\t--enable-option-checking=fatal '
             '\t\t--enable-shared \t\t--with-lto \t\t--with-ensurepip \t; \tnproc="$(nproc)"; '
             '\tmake -j "$nproc"; \tmake install; \t\tcd /; \trm -rf /usr/src/python; \t\tldconfig; '
             '\t\texport PYTHONDONTWRITEBYTECODE=1; \tpython3 --version; \tpip3 --version')
    if slim:
        deps = ("\t\tdpkg-dev \t\tgcc \t\tgnupg \t\tlibbluetooth-dev \t\tlibbz2-dev \t\tlibc6-dev \t\tlibdb-dev "
                "\t\tlibffi-dev \t\tlibgdbm-dev \t\tliblzma-dev \t\tlibncursesw5-dev \t\tlibreadline-dev "
                "\t\tlibsqlite3-dev \t\tlibssl-dev \t\tmake \t\ttk-dev \t\tuuid-dev \t\twget \t\txz-utils "
                "\t\tzlib1g-dev \t; \t\t")
        return ('set -eux; \t\tsavedAptMark="$(apt-mark showmanual)"; \tapt-get update; '
                f'\tapt-get install -y --no-install-recommends {deps}{fetch}{build}')
    return f"set -eux; \t\t{fetch}{build}"


_SYMLINKS = ('set -eux; \tfor src in idle3 pip3 pydoc3 python3 python3-config; do \t\tdst="$(echo "$src" | tr -d 3)"; '
             '\t\t[ -s "/usr/local/bin/$src" ]; \t\t[ ! -e "/usr/local/bin/$dst" ]; \t\tln -svT "$src" '
             '"/usr/local/bin/$dst"; \tdone')


@lru_cache(maxsize=None)
def bluetooth_layer() -> Layer:
    b = LayerBuilder(parse_rfc3339(RELEASES["3.14"]["full"][0]), buildpack_deps.layers("trixie"))
    installed_package_layer(b, "libbluetooth-dev libbluetooth3 tk-dev tk8.6-dev tcl-dev tcl8.6-dev "
                               "libtcl8.6 libtk8.6 uuid-dev libx11-dev libxft-dev libxss-dev".split(),
                            BLUETOOTH_SIZE, "python-bluetooth")
    return b.build()


@lru_cache(maxsize=None)
def runtime_deps_layer() -> Layer:
    b = LayerBuilder(parse_rfc3339(RELEASES["3.14"]["slim"][0]), [debian.rootfs("trixie", True)])
    b.blob("/etc/ssl/certs/ca-certificates.crt", 221_470)
    b.blob("/etc/protocols", 2_932)
    b.blob("/etc/services", 12_813)
    installed_package_layer(b, "ca-certificates netbase tzdata openssl libssl3t64".split(),
                            RUNTIME_DEPS_SIZE, "python-runtime-deps", slim=True)
    return b.build()


@lru_cache(maxsize=None)
def python_layer(minor: str, slim: bool) -> Layer:
    release = RELEASES[minor]
    _, built, size = release["slim" if slim else "full"]
    lower = [debian.rootfs("trixie", True), runtime_deps_layer()] if slim else \
        buildpack_deps.layers("trixie") + [bluetooth_layer()]
    b = LayerBuilder(parse_rfc3339(built), lower)
    tag = minor.replace(".", "")
    bin_dir = "/usr/local/bin"
    b.exe(f"{bin_dir}/python{minor}", 17_128 if not slim else 14_472, program="python3")
    b.link(f"{bin_dir}/python3", f"python{minor}")
    b.link(f"{bin_dir}/python3-config", f"python{minor}-config")
    b.script(f"{bin_dir}/python{minor}-config", "#!/bin/sh\n# prints the compiler flags to embed Python\n")
    for script, program in (("pip3", "pip"), (f"pip{minor}", "pip"), (f"idle{minor}", "python3"),
                            (f"pydoc{minor}", "python3")):
        b.script(f"{bin_dir}/{script}", f"#!/usr/local/bin/python{minor}\n# -*- coding: utf-8 -*-\n"
                                         f"import sys\nfrom {'pip._internal.cli.main' if program == 'pip' else 'pydoc'}"
                                         f" import {'main' if program == 'pip' else 'cli'}\n", program=program)
    b.link(f"{bin_dir}/idle3", f"idle{minor}")
    b.link(f"{bin_dir}/pydoc3", f"pydoc{minor}")
    b.blob(f"/usr/local/lib/libpython{minor}.so.1.0", 31_514_072 if not slim else 7_264_136, 0o755)
    b.link(f"/usr/local/lib/libpython{minor}.so", f"libpython{minor}.so.1.0")
    b.blob("/usr/local/lib/libpython3.so", 15_600, 0o755)
    lib = f"/usr/local/lib/python{minor}"
    paths = [f"{lib}/{m}.py" for m in STDLIB]
    for package, count in PACKAGES.items():
        paths.append(f"{lib}/{package}/__init__.py")
        paths += [f"{lib}/{package}/_mod{i}.py" for i in range(1, count // 4 + 1)]
    add_sized(b, paths, 12_500_000, f"python-stdlib-{minor}")
    add_sized(b, [f"{lib}/lib-dynload/{m}.cpython-{tag}-x86_64-linux-gnu.so" for m in DYNLOAD],
              9_400_000 if not slim else 4_100_000, f"python-dynload-{minor}-{slim}")
    site = f"{lib}/site-packages"
    add_sized(b, [f"{site}/pip/{m}.py" for m in PIP_MODULES] +
              [f"{site}/pip-{release['pip']}.dist-info/{n}" for n in ("METADATA", "RECORD", "WHEEL",
                                                                     "INSTALLER", "entry_points.txt")],
              8_000_000, f"python-pip-{minor}")
    b.text(f"{site}/README.txt", "This directory exists so that 3rd party packages can be installed\nhere.  Read the source for site.py for more details.\n")
    add_sized(b, [f"/usr/local/include/python{minor}/{h}.h" for h in
                  ("Python", "pyconfig", "object", "abstract", "pyport", "pymacro", "longobject", "unicodeobject",
                   "dictobject", "listobject", "tupleobject", "pystate", "pyerrors", "modsupport", "ceval")],
              900_000, f"python-include-{minor}")
    b.blob(f"/usr/local/lib/pkgconfig/python-{minor}.pc", 283)
    b.blob(f"/usr/local/lib/pkgconfig/python-{minor}-embed.pc", 300)
    b.link("/usr/local/lib/pkgconfig/python3.pc", f"python-{minor}.pc")
    b.blob(f"/usr/local/share/man/man1/python{minor}.1", 21_453)
    b.link("/usr/local/share/man/man1/python3.1", f"python{minor}.1")
    fill_to(b, size, [f"{lib}/config-{minor}-x86_64-linux-gnu/{n}" for n in ("Makefile", "Setup", "Setup.local",
                                                                          "config.c", "python.o", "makesetup")] +
            [f"{lib}/ensurepip/_bundled/pip-{release['pip']}-py3-none-any.whl", f"{lib}/pydoc_data/topics.py",
             f"{lib}/idlelib/idle.py", f"{lib}/tkinter/__init__.py", f"{lib}/_sysconfigdata__linux_x86_64-linux-gnu.py",
             "/var/lib/dpkg/status", "/var/lib/dpkg/status-old", "/var/log/dpkg.log"], f"python-rest-{minor}-{slim}")
    return b.build()


@lru_cache(maxsize=None)
def symlinks_layer(minor: str, slim: bool) -> Layer:
    release = RELEASES[minor]
    built = parse_rfc3339(release["slim" if slim else "full"][1])
    b = LayerBuilder(built, [python_layer(minor, slim)])
    for src in ("idle3", "pip3", "pydoc3", "python3", "python3-config"):
        b.link(f"/usr/local/bin/{src.replace('3', '')}", src)
    return b.build()


def build(minor: str, slim: bool = False) -> Image:
    release = RELEASES[minor]
    env_at, built_at, _ = (parse_rfc3339(t) if isinstance(t, str) else t for t in release["slim" if slim else "full"])
    if slim:
        layers = [debian.rootfs("trixie", True), runtime_deps_layer()]
        history = [debian.history_entry("trixie", True)]
    else:
        layers = buildpack_deps.layers("trixie") + [bluetooth_layer()]
        history = buildpack_deps.history("trixie")
    history.append(steps.env(env_at, {"PATH": PATH}))
    if release["lang"]:
        history.append(steps.env(env_at, {"LANG": "C.UTF-8"}))
    if slim:
        history.append(steps.run(env_at, "set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends "
                                         "\t\tca-certificates \t\tnetbase \t\ttzdata \t; \tapt-get dist-clean"))
    else:
        history.append(steps.run(env_at, "set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends "
                                         "\t\tlibbluetooth-dev \t\ttk-dev \t\tuuid-dev \t; \tapt-get dist-clean"))
    if release["gpg"]:
        history.append(steps.env(env_at, {"GPG_KEY": release["gpg"]}))
    history.append(steps.env(env_at, {"PYTHON_VERSION": release["version"]}))
    history.append(steps.env(env_at, {"PYTHON_SHA256": release["sha256"]}))
    history.append(steps.run(built_at, _build_script(release, slim)))
    history.append(steps.run(built_at, _SYMLINKS))
    history.append(steps.cmd(built_at, ["python3"]))
    layers += [python_layer(minor, slim), symlinks_layer(minor, slim)]
    config = ImageConfig(env=_env(release), cmd=["python3"])
    return Image(layers, config, history, built_at)
