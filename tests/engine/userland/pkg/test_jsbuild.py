"""react-scripts build: CRA's production build as a file transformation, and its report."""

import re

from tests.engine.userland.conftest import Box


def _project(box, with_css=True):
    box.sh("mkdir -p /app/public /app/src")
    box.fs.write("/app/public/index.html", b"<!DOCTYPE html><div id=root></div>\n")
    box.fs.write("/app/public/favicon.ico", b"\0" * 3870)
    box.fs.write("/app/src/index.js", b"import App from './App';\n" * 40)
    if with_css:
        box.fs.write("/app/src/index.css", b"body { margin: 0 }\n" * 30)
    box.fs.write("/app/package.json", b'{"name": "web", "scripts": {"build": "react-scripts build"}}\n')
    box.sh("mkdir -p /app/node_modules/.bin /app/node_modules/react-scripts/bin")
    box.fs.write("/app/node_modules/react-scripts/bin/react-scripts.js", b"#!/usr/bin/env node\n")
    box.sh("chmod 755 /app/node_modules/react-scripts/bin/react-scripts.js; "
           "ln -s ../react-scripts/bin/react-scripts.js /app/node_modules/.bin/react-scripts")
    node = box.fs.stat("/usr/local/bin/node")
    box.fs.install("/app/node_modules/react-scripts/bin/react-scripts.js",
                   box.fs.stat("/app/node_modules/react-scripts/bin/react-scripts.js").with_changes(
                       program=node.program))


def test_build_writes_the_build_folder_and_reports_sizes():
    box = Box("node:20-alpine")
    _project(box)
    status, out, err = box.run("npm", "run", "build", workdir="/app")
    assert status == 0, err
    lines = out.splitlines()
    start = lines.index("Creating an optimized production build...")
    assert lines[start - 2:start] == ["> react-scripts build", ""]
    assert lines[start + 1:start + 5] == ["Compiled successfully.", "", "File sizes after gzip:", ""]
    sizes = [line for line in lines if "build/static/" in line]
    assert re.fullmatch(r"  \d+\.\d\d kB  build/static/js/main\.[0-9a-f]{8}\.js", sizes[0])
    assert re.fullmatch(r"  \d+ B +build/static/css/main\.[0-9a-f]{8}\.css", sizes[1])
    assert out.endswith("  npm install -g serve\n  serve -s build\n\nFind out more about deployment here:\n\n"
                        "  https://cra.link/deployment\n\n")
    status, listing, _ = box.sh("cd /app/build && find . -type f | sort")
    assert listing.startswith("./asset-manifest.json\n./favicon.ico\n./index.html\n./static/css/main.")
    again = box.run("npm", "run", "build", workdir="/app")[1]
    assert [line for line in again.splitlines() if "build/static/" in line] == sizes  # same sources, same hash


def test_build_needs_the_entry_files():
    box = Box("node:20-alpine")
    _project(box)
    box.sh("rm /app/src/index.js")
    status, _, err = box.run("npm", "run", "build", workdir="/app")
    assert status == 1 and "Could not find a required file.\n  Name: index.js\n  Searched in: /app/src\n" in err
