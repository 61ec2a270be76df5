"""Front-end build tools that Dockerfiles run through `npm run build`: react-scripts
(Create React App 5).

JavaScript itself is not run, but a production build is a file transformation with a
known shape: the public/ folder copied into build/, the sources bundled into
build/static/js/main.<hash>.js (and the styles into build/static/css/main.<hash>.css),
an asset manifest, and CRA's report of the gzipped sizes. Sizes follow the sources (the
bundle carries React's runtime, about 140 kB, plus the application's code), the hash
follows their content, and the time spent comes from the cost model. `start` (a dev
server) and `test` (jest) run JavaScript and say they are not simulated.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from typing import List, Tuple

from ...proc.api import Context
from ...vfs.entry import regular
from .common import walk_files

RUNTIME_BYTES = 140_000  # React and ReactDOM minified, what every CRA bundle starts from
GZIP_RATIO = 0.32  # minified JavaScript/CSS compress to about a third
BUILD_SECONDS, SECONDS_PER_KB = 12.0, 0.03  # webpack's production build: start-up, then per source kB


def _files(ctx: Context, top: str) -> List[Tuple[str, bytes]]:
    """(path under top, content) of every file below ``top``, sorted."""
    return [(path[len(top) + 1:], ctx.fs.read(path, ctx.cwd)) for path in walk_files(ctx, top)]


def _kb(nbytes: int) -> str:
    return f"{nbytes / 1000:.2f} kB" if nbytes >= 1000 else f"{nbytes} B"


def _missing(ctx: Context, name: str, where: str) -> int:
    ctx.stderr.write(f"Could not find a required file.\n  Name: {name}\n"
                     f"  Searched in: {posixpath.join(ctx.cwd, where)}\n")
    return 1


def react_scripts(ctx: Context, args: List[str]):
    command = args[0] if args else ""
    if command != "build":
        what = {"start": "the development server", "test": "jest"}.get(command, f"react-scripts {command}")
        ctx.stderr.write(f"react-scripts: {what} runs JavaScript, which is not simulated by crsim yet\n")
        return 1
    if not ctx.fs.exists("public/index.html", ctx.cwd):
        return _missing(ctx, "index.html", "public")
    sources = _files(ctx, "src")
    if not any(p in ("index.js", "index.jsx", "index.ts", "index.tsx") for p, _ in sources):
        return _missing(ctx, "index.js", "src")
    ctx.out("Creating an optimized production build...\n")
    code = sum(len(d) for p, d in sources if p.endswith((".js", ".jsx", ".ts", ".tsx")))
    styles = b"".join(d for p, d in sources if p.endswith(".css"))
    yield from ctx.compute(BUILD_SECONDS + SECONDS_PER_KB * sum(len(d) for _, d in sources) / 1000)
    digest = hashlib.sha256(b"".join(p.encode() + d for p, d in sources)).hexdigest()
    out = posixpath.join(ctx.cwd, "build")
    for path, data in _files(ctx, "public"):
        ctx.fs.install(posixpath.join(out, path), regular(data))
    assets = [(f"static/js/main.{digest[:8]}.js", RUNTIME_BYTES + code)]
    if styles:
        assets.append((f"static/css/main.{digest[8:16]}.css", len(styles)))
    for path, size in assets:
        ctx.fs.install(posixpath.join(out, path), regular(size=size))
    manifest = {"files": {posixpath.basename(p).split(".")[0] + p[p.rindex("."):]: "/" + p for p, _ in assets},
                "entrypoints": [p for p, _ in reversed(assets)]}
    ctx.fs.install(posixpath.join(out, "asset-manifest.json"), regular(json.dumps(manifest, indent=2)))
    rows = [(_kb(int(size * GZIP_RATIO)), f"build/{path}") for path, size in assets]
    width = max(len(label) for label, _ in rows)
    installer = "yarn global add serve" if ctx.fs.exists("yarn.lock", ctx.cwd) else "npm install -g serve"
    ctx.out("Compiled successfully.\n\nFile sizes after gzip:\n\n"
            + "".join(f"  {label.ljust(width)}  {path}\n" for label, path in rows)
            + "\nThe project was built assuming it is hosted at /.\n"
              "You can control this with the homepage field in your package.json.\n\n"
              "The build folder is ready to be deployed.\nYou may serve it with a static server:\n\n"
              f"  {installer}\n  serve -s build\n\n"
              "Find out more about deployment here:\n\n  https://cra.link/deployment\n\n")
    return 0
