"""node:25 (latest), node:24 (lts) and node:22, FROM buildpack-deps:bookworm.

The official tarball is unpacked into /usr/local (node, npm, npx, corepack),
yarn 1 into /opt, and a small entrypoint runs `node` when the first argument
is not a command.
"""

from __future__ import annotations

from functools import lru_cache

from ....vfs.layer import Layer
from ...config import ImageConfig
from ...gojson import parse_rfc3339
from ...image import Image
from . import buildpack_deps, steps
from .distro_texts import DEBIAN_GROUP, DEBIAN_PASSWD
from .filler import add_sized, fill_to
from .fs import LayerBuilder

PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
YARN_VERSION = "1.22.22"

# major -> version, (groupadd, ENV/RUN node, yarn/copy) times, node binary and layer bytes
RELEASES = {
    "25": {"version": "25.2.1", "times": ("2026-01-13T05:39:51Z", "2026-01-13T05:40:02Z", "2026-01-13T05:40:04Z"),
           "binary": 125_993_184, "layer": 201_348_120, "corepack": False},
    "24": {"version": "24.12.0", "times": ("2026-01-13T05:30:27Z", "2026-01-13T05:30:38Z", "2026-01-13T05:30:40Z"),
           "binary": 122_786_704, "layer": 198_221_407, "corepack": True},
    "22": {"version": "22.21.1", "times": ("2026-01-13T05:20:00Z", "2026-01-13T05:20:11Z", "2026-01-13T05:20:13Z"),
           "binary": 118_944_528, "layer": 195_112_846, "corepack": True},
}

_GROUPADD = "groupadd --gid 1000 node   && useradd --uid 1000 --gid node --shell /bin/bash --create-home node"
_NODE = ('ARCH= && dpkgArch="$(dpkg --print-architecture)"   && case "${dpkgArch##*-}" in     amd64) ARCH=\'x64\';;'
         '     ppc64el) ARCH=\'ppc64le\';;     s390x) ARCH=\'s390x\';;     arm64) ARCH=\'arm64\';;     armhf) '
         'ARCH=\'armv7l\';;     i386) ARCH=\'x86\';;     *) echo "unsupported architecture"; exit 1 ;;   esac   '
         '&& export GNUPGHOME="$(mktemp -d)"   && set -ex   && curl -fsSLO --compressed '
         '"https://nodejs.org/dist/v$NODE_VERSION/node-v$NODE_VERSION-linux-$ARCH.tar.xz"   && curl -fsSLO '
         '--compressed "https://nodejs.org/dist/v$NODE_VERSION/SHASUMS256.txt.asc"   && gpg --batch --decrypt '
         '--output SHASUMS256.txt SHASUMS256.txt.asc   && grep " node-v$NODE_VERSION-linux-$ARCH.tar.xz\\$" '
         'SHASUMS256.txt | sha256sum -c -   && tar -xJf "node-v$NODE_VERSION-linux-$ARCH.tar.xz" -C /usr/local '
         '--strip-components=1 --no-same-owner   && rm "node-v$NODE_VERSION-linux-$ARCH.tar.xz" SHASUMS256.txt.asc '
         'SHASUMS256.txt   && ln -s /usr/local/bin/node /usr/local/bin/nodejs   && node --version   && npm '
         '--version   && rm -rf /tmp/*')
_YARN = ('set -ex   && export GNUPGHOME="$(mktemp -d)"   && curl -fsSLO --compressed '
         '"https://yarnpkg.com/downloads/$YARN_VERSION/yarn-v$YARN_VERSION.tar.gz"   && curl -fsSLO --compressed '
         '"https://yarnpkg.com/downloads/$YARN_VERSION/yarn-v$YARN_VERSION.tar.gz.asc"   && gpg --batch --verify '
         'yarn-v$YARN_VERSION.tar.gz.asc yarn-v$YARN_VERSION.tar.gz   && mkdir -p /opt   && tar -xzf '
         'yarn-v$YARN_VERSION.tar.gz -C /opt/   && ln -s /opt/yarn-v$YARN_VERSION/bin/yarn /usr/local/bin/yarn   '
         '&& ln -s /opt/yarn-v$YARN_VERSION/bin/yarnpkg /usr/local/bin/yarnpkg   && rm yarn-v$YARN_VERSION.tar.gz.asc '
         'yarn-v$YARN_VERSION.tar.gz   && yarn --version   && rm -rf /tmp/*')

# Runs node when the first argument is an option or not a command on PATH.
ENTRYPOINT_SCRIPT = """\
#!/bin/sh
set -e

# "docker run node -e '...'" or "docker run node app.js": hand the arguments to node.
if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
  set -- node "$@"
fi

exec "$@"
"""

NPM_FILES = ("bin/npm-cli.js bin/npx-cli.js bin/npm bin/npx bin/npm-prefix.js package.json README.md LICENSE "
             "index.js lib/cli.js lib/npm.js lib/base-cmd.js lib/commands/install.js lib/commands/ci.js "
             "lib/commands/run.js lib/commands/init.js lib/commands/publish.js lib/commands/ls.js "
             "lib/commands/audit.js lib/commands/exec.js lib/utils/config/definitions.js lib/utils/display.js "
             "node_modules/@npmcli/arborist/lib/arborist/reify.js node_modules/@npmcli/arborist/lib/node.js "
             "node_modules/@npmcli/config/lib/index.js node_modules/pacote/lib/fetcher.js "
             "node_modules/semver/index.js node_modules/semver/classes/semver.js node_modules/tar/lib/unpack.js "
             "node_modules/minipass-fetch/lib/index.js node_modules/node-gyp/lib/node-gyp.js "
             "node_modules/node-gyp/gyp/pylib/gyp/input.py node_modules/cacache/lib/index.js "
             "node_modules/npm-registry-fetch/lib/index.js node_modules/glob/dist/commonjs/index.js "
             "node_modules/chalk/source/index.js docs/content/commands/npm-install.md man/man1/npm.1").split()


@lru_cache(maxsize=None)
def user_layer(major: str) -> Layer:
    times = RELEASES[major]["times"]
    b = LayerBuilder(parse_rfc3339(times[0]), buildpack_deps.layers("bookworm"))
    b.text("/etc/passwd", DEBIAN_PASSWD + "node:x:1000:1000::/home/node:/bin/bash\n")
    b.text("/etc/group", DEBIAN_GROUP + "node:x:1000:\n")
    b.blob("/etc/shadow", 539, 0o640, gid=42)
    b.blob("/etc/gshadow", 448, 0o640, gid=42)
    b.blob("/etc/passwd-", 926)
    b.blob("/etc/group-", 446)
    b.dir("/home/node", 0o755, uid=1000, gid=1000)
    for name, size in ((".bashrc", 3_526), (".profile", 807), (".bash_logout", 220)):
        b.blob(f"/home/node/{name}", size, uid=1000, gid=1000)
    b.blob("/var/log/lastlog", 0)
    b.blob("/var/log/faillog", 0)
    return b.build()


@lru_cache(maxsize=None)
def node_layer(major: str) -> Layer:
    info = RELEASES[major]
    lower = buildpack_deps.layers("bookworm") + [user_layer(major)]
    b = LayerBuilder(parse_rfc3339(info["times"][1]), lower)
    b.exe("/usr/local/bin/node", info["binary"])
    b.link("/usr/local/bin/nodejs", "/usr/local/bin/node")
    b.link("/usr/local/bin/npm", "../lib/node_modules/npm/bin/npm-cli.js")
    b.link("/usr/local/bin/npx", "../lib/node_modules/npm/bin/npx-cli.js")
    npm = "/usr/local/lib/node_modules/npm"
    add_sized(b, [f"{npm}/{f}" for f in NPM_FILES], 11_800_000, f"node-npm-{major}")
    for cli in ("npm-cli.js", "npx-cli.js"):
        b.script(f"{npm}/bin/{cli}", f"#!/usr/bin/env node\nrequire('../lib/cli.js')(process) // {cli}\n",
                 program="node")
    if info["corepack"]:
        b.link("/usr/local/bin/corepack", "../lib/node_modules/corepack/dist/corepack.js")
        b.script("/usr/local/lib/node_modules/corepack/dist/corepack.js",
                 "#!/usr/bin/env node\nrequire('./lib/corepack.cjs').runMain(process.argv.slice(2));\n",
                 program="node")
        add_sized(b, ["/usr/local/lib/node_modules/corepack/dist/lib/corepack.cjs",
                      "/usr/local/lib/node_modules/corepack/package.json"], 1_900_000, f"node-corepack-{major}")
    add_sized(b, [f"/usr/local/include/node/{h}.h" for h in
                  ("node", "node_api", "node_api_types", "js_native_api", "js_native_api_types", "node_buffer",
                   "node_object_wrap", "node_version", "uv", "v8", "v8-isolate", "v8-context", "v8-function",
                   "v8-object", "v8-value", "zlib", "openssl/ssl", "openssl/evp")], 9_700_000, f"node-include-{major}")
    fill_to(b, info["layer"], ["/usr/local/share/man/man1/node.1", "/usr/local/share/doc/node/gdbinit",
                               "/usr/local/share/doc/node/lldb_commands.py", "/usr/local/share/systemtap/tapset/node.stp",
                               "/usr/local/CHANGELOG.md", "/usr/local/LICENSE", "/usr/local/README.md"],
            f"node-rest-{major}")
    return b.build()


@lru_cache(maxsize=None)
def yarn_layer(major: str) -> Layer:
    b = LayerBuilder(parse_rfc3339(RELEASES[major]["times"][2]))
    yarn = f"/opt/yarn-v{YARN_VERSION}"
    b.script(f"{yarn}/bin/yarn", "#!/bin/sh\nexec node \"$(dirname \"$0\")/yarn.js\" \"$@\"\n")
    b.script(f"{yarn}/bin/yarn.js", "#!/usr/bin/env node\nrequire('../lib/cli').main();\n", program="node")
    b.link(f"{yarn}/bin/yarnpkg", "yarn")
    add_sized(b, [f"{yarn}/lib/cli.js", f"{yarn}/lib/v8-compile-cache.js", f"{yarn}/package.json",
                  f"{yarn}/LICENSE", f"{yarn}/README.md"], 5_310_000, "node-yarn")
    b.link("/usr/local/bin/yarn", f"{yarn}/bin/yarn")
    b.link("/usr/local/bin/yarnpkg", f"{yarn}/bin/yarnpkg")
    return b.build()


@lru_cache(maxsize=None)
def entrypoint_layer(major: str) -> Layer:
    b = LayerBuilder(parse_rfc3339(RELEASES[major]["times"][2]))
    b.script("/usr/local/bin/docker-entrypoint.sh", ENTRYPOINT_SCRIPT)
    return b.build()


def build(major: str) -> Image:
    info = RELEASES[major]
    t_user, t_node, t_done = (parse_rfc3339(t) for t in info["times"])
    history = buildpack_deps.history("bookworm") + [
        steps.run(t_user, _GROUPADD),
        steps.env(t_node, {"NODE_VERSION": info["version"]}),
        steps.run(t_node, _NODE),
        steps.env(t_node, {"YARN_VERSION": YARN_VERSION}),
        steps.run(t_done, _YARN),
        steps.copy(t_done, "docker-entrypoint.sh", "/usr/local/bin/"),
        steps.entrypoint(t_done, ["docker-entrypoint.sh"]),
        steps.cmd(t_done, ["node"]),
    ]
    layers = buildpack_deps.layers("bookworm") + [user_layer(major), node_layer(major), yarn_layer(major),
                                                  entrypoint_layer(major)]
    config = ImageConfig(env=[PATH, f"NODE_VERSION={info['version']}", f"YARN_VERSION={YARN_VERSION}"],
                         entrypoint=["docker-entrypoint.sh"], cmd=["node"])
    return Image(layers, config, history, t_done)
