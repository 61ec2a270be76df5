"""nginx:1.29.4 (mainline, latest), FROM debian:trixie-slim.

One big RUN installs nginx.org's packages and sends the logs to the
container's stdout/stderr (access.log -> /dev/stdout, error.log ->
/dev/stderr); then each entrypoint hook is COPYed as a layer of its own.
"""

from __future__ import annotations

from functools import lru_cache
from typing import List

from ....vfs.layer import Layer
from ...config import ImageConfig
from ...gojson import parse_rfc3339
from ...image import Image
from . import debian, nginx_files, steps
from .debian_tree import installed_package_layer
from .distro_texts import DEBIAN_GROUP, DEBIAN_PASSWD
from .filler import add_sized
from .fs import LayerBuilder

VERSION = "1.29.4"
ENV = {"NGINX_VERSION": VERSION, "NJS_VERSION": "0.9.4", "NJS_RELEASE": "1~trixie",
       "ACME_VERSION": "0.3.1", "PKG_RELEASE": "1~trixie", "DYNPKG_RELEASE": "1~trixie"}
MAINTAINER = "NGINX Docker Maintainers <docker-maint@nginx.com>"
CONFIGURED = parse_rfc3339("2026-01-13T01:22:56Z")
FINISHED = parse_rfc3339("2026-01-13T01:22:57Z")
RUN_LAYER_SIZE = 73_447_220

HOOKS = (("10-listen-on-ipv6-by-default.sh", nginx_files.LISTEN_IPV6, CONFIGURED),
         ("15-local-resolvers.envsh", nginx_files.LOCAL_RESOLVERS, CONFIGURED),
         ("20-envsubst-on-templates.sh", nginx_files.ENVSUBST_TEMPLATES, FINISHED),
         ("30-tune-worker-processes.sh", nginx_files.TUNE_WORKERS, FINISHED))

_RUN = ('set -x     && groupadd --system --gid 101 nginx     && useradd --system --gid nginx --no-create-home '
        '--home /nonexistent --comment "nginx user" --shell /bin/false --uid 101 nginx     && apt-get update     '
        '&& apt-get install --no-install-recommends --no-install-suggests -y gnupg1 ca-certificates     &&     '
        'NGINX_GPGKEYS="573BFD6B3D8FBC641079A6ABABF5BD827BD9BF62 8540A6F18833A80E9C1653A42FD21310B49F6B46 '
        '9E9BE90EACBCDE69FE9B204CBCDCD8A38D88A2B3";     NGINX_GPGKEY_PATH=/etc/apt/keyrings/nginx-archive-keyring.gpg;'
        '     export GNUPGHOME="$(mktemp -d)";     found=\'\';     for NGINX_GPGKEY in $NGINX_GPGKEYS; do     for '
        'server in         hkp://keyserver.ubuntu.com:80         pgp.mit.edu     ; do         echo "Fetching GPG key '
        '$NGINX_GPGKEY from $server";         gpg1 --batch --keyserver "$server" --keyserver-options timeout=10 '
        '--recv-keys "$NGINX_GPGKEY" && found=yes && break;     done;     test -z "$found" && echo >&2 "error: failed '
        'to fetch GPG key $NGINX_GPGKEY" && exit 1;     done;     gpg1 --batch --export $NGINX_GPGKEYS > '
        '"$NGINX_GPGKEY_PATH" ;     rm -rf "$GNUPGHOME";     apt-get remove --purge --auto-remove -y gnupg1 && rm -rf '
        '/var/lib/apt/lists/*     && dpkgArch="$(dpkg --print-architecture)"     && nginxPackages="         '
        'nginx=${NGINX_VERSION}-${PKG_RELEASE}         nginx-module-xslt=${NGINX_VERSION}-${DYNPKG_RELEASE}         '
        'nginx-module-geoip=${NGINX_VERSION}-${DYNPKG_RELEASE}         nginx-module-image-filter=${NGINX_VERSION}-'
        '${DYNPKG_RELEASE}         nginx-module-njs=${NGINX_VERSION}+${NJS_VERSION}-${NJS_RELEASE}         '
        'nginx-module-acme=${NGINX_VERSION}+${ACME_VERSION}-${PKG_RELEASE}     "     && echo "deb '
        '[signed-by=$NGINX_GPGKEY_PATH] https://nginx.org/packages/mainline/debian/ trixie nginx" >> '
        '/etc/apt/sources.list.d/nginx.list     && apt-get update     && apt-get install --no-install-recommends '
        '--no-install-suggests -y                         $nginxPackages                         gettext-base      '
        '                   curl     && apt-get remove --purge --auto-remove -y && rm -rf /var/lib/apt/lists/* '
        '/etc/apt/sources.list.d/nginx.list     && ln -sf /dev/stdout /var/log/nginx/access.log     && ln -sf '
        '/dev/stderr /var/log/nginx/error.log     && mkdir /docker-entrypoint.d')

MODULES = ("ngx_http_geoip_module", "ngx_http_image_filter_module", "ngx_http_js_module",
           "ngx_http_xslt_filter_module", "ngx_stream_geoip_module", "ngx_stream_js_module",
           "ngx_http_acme_module")


@lru_cache(maxsize=None)
def install_layer() -> Layer:
    b = LayerBuilder(CONFIGURED, [debian.rootfs("trixie", True)])
    b.text("/etc/passwd", DEBIAN_PASSWD + "nginx:x:101:101:nginx user:/nonexistent:/bin/false\n")
    b.text("/etc/group", DEBIAN_GROUP + "nginx:x:101:\n")
    b.blob("/etc/shadow", 525, 0o640, gid=42)
    b.blob("/etc/gshadow", 433, 0o640, gid=42)
    b.exe("/usr/sbin/nginx", 1_629_944)
    b.exe("/usr/sbin/nginx-debug", 1_781_272, program="nginx")
    b.text("/etc/nginx/nginx.conf", nginx_files.NGINX_CONF)
    b.text("/etc/nginx/conf.d/default.conf", nginx_files.DEFAULT_CONF)
    for name, size in (("mime.types", 5_349), ("fastcgi_params", 1_007), ("scgi_params", 636),
                       ("uwsgi_params", 664)):
        b.blob(f"/etc/nginx/{name}", size)
    b.link("/etc/nginx/modules", "/usr/lib/nginx/modules")
    add_sized(b, [f"/usr/lib/nginx/modules/{m}{suffix}.so" for m in MODULES for suffix in ("", "-debug")],
              14_630_000, "nginx-modules")
    b.text("/usr/share/nginx/html/index.html", nginx_files.INDEX_HTML)
    b.text("/usr/share/nginx/html/50x.html", nginx_files.ERROR_HTML)
    b.dir("/var/cache/nginx")
    b.dir("/var/log/nginx")
    b.link("/var/log/nginx/access.log", "/dev/stdout")
    b.link("/var/log/nginx/error.log", "/dev/stderr")
    b.dir("/docker-entrypoint.d")
    b.blob("/etc/apt/keyrings/nginx-archive-keyring.gpg", 2_910)
    b.blob("/etc/logrotate.d/nginx", 351)
    b.blob("/etc/init.d/nginx", 4_579, 0o755)
    b.blob("/etc/default/nginx", 155)
    b.exe("/usr/bin/envsubst", 35_336)
    b.exe("/usr/bin/curl", 305_496)
    libs = {"libcurl.so.4.8.0": 801_912, "libxslt.so.1.1.35": 251_304, "libxml2.so.2.12.7": 1_740_952,
            "libgd.so.3.0.11": 415_896, "libGeoIP.so.1.6.12": 149_680, "libnghttp2.so.14.28.3": 178_304,
            "libssh2.so.1.0.1": 268_528, "libjpeg.so.62.4.0": 457_048, "libpng16.so.16.43.0": 247_360,
            "libwebp.so.7.1.10": 518_968, "libtiff.so.6.1.0": 543_560, "libfreetype.so.6.20.2": 853_232,
            "libfontconfig.so.1.15.0": 313_184}
    installed_package_layer(b, "nginx nginx-module-geoip nginx-module-image-filter nginx-module-njs "
                               "nginx-module-xslt nginx-module-acme gettext-base curl ca-certificates "
                               "libcurl4t64 libxslt1.1 libxml2 libgd3 libgeoip1t64 libjpeg62-turbo libpng16-16t64 "
                               "libwebp7 libtiff6 libfreetype6 libfontconfig1 fontconfig-config fonts-dejavu-core "
                               "libnghttp2-14 libssh2-1t64 libpsl5t64 librtmp1 openssl".split(),
                            RUN_LAYER_SIZE, "nginx-run", libs=libs, slim=True)
    return b.build()


@lru_cache(maxsize=None)
def copy_layers() -> List[Layer]:
    layers = []
    b = LayerBuilder(CONFIGURED)
    b.script("/docker-entrypoint.sh", nginx_files.ENTRYPOINT)
    layers.append(b.build())
    for name, text, when in HOOKS:
        b = LayerBuilder(when)
        b.dir("/docker-entrypoint.d")
        b.script(f"/docker-entrypoint.d/{name}", text)
        layers.append(b.build())
    return layers


def build() -> Image:
    history = [debian.history_entry("trixie", True), steps.label(CONFIGURED, "maintainer", MAINTAINER)]
    history += [steps.env(CONFIGURED, {key: value}) for key, value in ENV.items()]
    history.append(steps.run(CONFIGURED, _RUN))
    history.append(steps.copy(CONFIGURED, "docker-entrypoint.sh", "/"))
    history += [steps.copy(when, name, "/docker-entrypoint.d") for name, _, when in HOOKS]
    history += [steps.entrypoint(FINISHED, ["/docker-entrypoint.sh"]), steps.expose(FINISHED, ["80/tcp"]),
                steps.stopsignal(FINISHED, "SIGQUIT"), steps.cmd(FINISHED, ["nginx", "-g", "daemon off;"])]
    env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
    env += [f"{key}={value}" for key, value in ENV.items()]
    config = ImageConfig(exposed_ports={"80/tcp": {}}, env=env, entrypoint=["/docker-entrypoint.sh"],
                         cmd=["nginx", "-g", "daemon off;"], labels={"maintainer": MAINTAINER},
                         stop_signal="SIGQUIT")
    layers = [debian.rootfs("trixie", True), install_layer()] + copy_layers()
    return Image(layers, config, history, FINISHED)
