"""npm/yarn installing from lock files, scripts through sh; apt-mark's marks."""

import json

from tests.engine.userland.conftest import Box

LOCK = {"name": "app", "version": "1.0.0", "lockfileVersion": 3, "packages": {
    "": {"name": "app", "dependencies": {"express": "^4"}},
    "node_modules/express": {"version": "4.18.2"},
    "node_modules/nodemon": {"version": "3.0.1", "dev": True, "bin": {"nodemon": "bin/nodemon.js"}},
    "node_modules/express/node_modules/debug": {"version": "2.6.9"}}}


def _project(box, lock=True):
    manifest = {"name": "app", "version": "1.0.0", "scripts": {"hello": "echo hi from $npm_lifecycle_event",
                                                               "where": "which nodemon"},
                "dependencies": {"express": "^4"}, "devDependencies": {"nodemon": "^3"}}
    box.sh("mkdir -p /app")
    box.fs.write("/app/package.json", json.dumps(manifest).encode())
    if lock:
        box.fs.write("/app/package-lock.json", json.dumps(LOCK).encode())


def test_npm_ci_installs_the_lock_tree_and_links_bins():
    box = Box("node:22")
    _project(box)
    status, out, err = box.run("npm", "ci", workdir="/app")
    assert status == 0, err
    assert out.startswith("\nadded 3 packages, and audited 4 packages in ")
    assert box.fs.exists("/app/node_modules/express/node_modules/debug/package.json")
    status, out, _ = box.run("npm", "run", "where", workdir="/app")
    assert status == 0 and out.endswith("/app/node_modules/.bin/nodemon\n")
    status, out, _ = box.run("npm", "ci", "--omit=dev", workdir="/app")
    assert out.startswith("\nadded 2 packages") and not box.fs.exists("/app/node_modules/nodemon")


def test_npm_errors():
    box = Box("node:22")
    _project(box, lock=False)
    status, _, err = box.run("npm", "ci", workdir="/app")
    assert status == 1 and err.startswith("npm error code EUSAGE\n")
    status, _, err = box.run("npm", "run", "nosuch", workdir="/app")
    assert status == 1 and err.startswith('npm error Missing script: "nosuch"\n')
    status, _, err = box.run("npm", "install", "no-such-package-here-x", workdir="/app")
    assert status == 1 and "npm error 404 Not Found - GET https://registry.npmjs.org/no-such-package-here-x" in err
    status, _, err = box.run("node", "app.js", workdir="/app")
    assert status == 127 and err == "node: running JavaScript is not simulated by crsim yet\n"


def test_yarn_install_from_lock_and_global_add():
    box = Box("node:22")
    _project(box, lock=False)
    box.fs.write("/app/yarn.lock", b'# yarn lockfile v1\n\n\nexpress@^4:\n  version "4.18.2"\n')
    status, out, err = box.run("yarn", "install", "--frozen-lockfile", workdir="/app")
    assert status == 0, err
    assert out.splitlines()[:3] == ["yarn install v1.22.22", "[1/4] Resolving packages...",
                                    "[2/4] Fetching packages..."]
    assert out.splitlines()[-1].startswith("Done in ")
    status, out, _ = box.run("npm", "install", "-g", "nodemon")
    assert status == 0 and box.fs.lstat("/usr/local/bin/nodemon").is_symlink


def test_apt_mark_manual_and_auto():
    box = Box("debian:bookworm-slim")
    status, out, _ = box.sh("apt-mark showmanual | wc -l; apt-mark auto '.*' > /dev/null; "
                            "apt-mark showmanual | wc -l; apt-mark manual bash; apt-mark showmanual")
    lines = out.splitlines()
    assert int(lines[0]) > 50 and lines[1] == "0"
    assert lines[2:] == ["bash set to manually installed.", "bash"]
    status, out, _ = box.run("dpkg", "--print-architecture")
    assert out == "amd64\n"


def test_apk_virtual_packages_come_and_go_together():
    box = Box("alpine")
    status, out, _ = box.sh("apk add --no-cache --virtual .build-deps curl")
    assert status == 0
    assert ".build-deps (20261201.090000)" in out.splitlines()[-4]
    assert box.fs.read("/etc/apk/world").decode().split().count(".build-deps") == 1
    status, out, _ = box.sh("apk del .build-deps && which curl")
    assert status == 1
    assert out.splitlines()[0].endswith("Purging .build-deps (20261201.090000)")
