"""Build the reference BusyBox for the differential tests: BusyBox 1.37.0, the version
the alpine and busybox images carry (Debian 12's own busybox is 1.35, whose messages
differ in places), configured as the busybox image is: docker-library/busybox's builder
runs `make defconfig`, then turns on `ar` and turns off two features (IMAGE_CONFIG).

Source: the 1.37.0 release tarball as Debian distributes it (busybox_1.37.0.orig.tar.bz2,
located through trixie's Sources index on deb.debian.org and checked against the SHA256
the index gives). It needs a C compiler and make, takes about a minute, and the binary
is kept in the user's cache:

    python3 scripts/get_busybox_reference.py          # prints the binary's path

The tests find it there (or through $CRSIM_BUSYBOX); where it is absent they skip.
"""

from __future__ import annotations

import hashlib
import io
import lzma
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request

MIRROR = "http://deb.debian.org/debian"
INDEX = f"{MIRROR}/dists/trixie/main/source/Sources.xz"
VERSION = "1.37.0"
TARBALL = f"busybox_{VERSION}.orig.tar.bz2"
# What docker-library/busybox's Dockerfile.builder changes after `make defconfig`.
IMAGE_CONFIG = {"CONFIG_AR": "y", "CONFIG_FEATURE_AR_CREATE": "y",
                "CONFIG_FEATURE_AR_LONG_FILENAMES": "y", "CONFIG_LAST_SUPPORTED_WCHAR": "0",
                "CONFIG_FEATURE_SYNC_FANCY": None}


def cached_path() -> str:
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(cache, "crsim", "reference", f"busybox-{VERSION}", "busybox")


def _tarball_location() -> tuple:
    """(URL, SHA256) of the release tarball, from Debian's Sources index."""
    with urllib.request.urlopen(INDEX, timeout=60) as answer:
        index = lzma.decompress(answer.read()).decode()
    for block in index.split("\n\n"):
        if "\nPackage: busybox\n" not in f"\n{block}\n":
            continue
        directory = next(line.split(": ", 1)[1] for line in block.splitlines()
                         if line.startswith("Directory: "))
        for line in block.splitlines():
            fields = line.split()
            if line.startswith(" ") and len(fields) == 3 and fields[2] == TARBALL \
                    and len(fields[0]) == 64:
                return f"{MIRROR}/{directory}/{TARBALL}", fields[0]
    raise SystemExit(f"{TARBALL} is not in {INDEX}")


def _configure(tree: str) -> None:
    config = os.path.join(tree, ".config")
    with open(config) as handle:
        lines = handle.read().splitlines()
    for name, value in IMAGE_CONFIG.items():
        lines = [line for line in lines
                 if not line.startswith((f"{name}=", f"# {name} is not set"))]
        lines.append(f"{name}={value}" if value else f"# {name} is not set")
    with open(config, "w") as handle:
        handle.write("\n".join(lines) + "\n")


def version_of(path: str) -> str:
    banner = subprocess.run(["busybox"], executable=path, capture_output=True,
                            text=True).stdout
    words = banner.split()
    return words[1].lstrip("v") if len(words) > 1 and words[0] == "BusyBox" else ""


def build() -> str:
    target = cached_path()
    if os.path.exists(target):
        return target
    url, digest = _tarball_location()
    with urllib.request.urlopen(url, timeout=300) as answer:
        data = answer.read()
    if hashlib.sha256(data).hexdigest() != digest:
        raise SystemExit("the tarball's SHA256 does not match Debian's index")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with tempfile.TemporaryDirectory(dir=os.path.dirname(target)) as work:
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            archive.extractall(work, filter="data")
        tree = os.path.join(work, f"busybox-{VERSION}")
        jobs = str(os.cpu_count() or 1)
        for step in (["make", "defconfig"], _configure, ["make", "oldconfig"],
                     ["make", f"-j{jobs}"]):
            if callable(step):
                step(tree)
                continue
            done = subprocess.run(step, cwd=tree, capture_output=True, text=True, input="")
            if done.returncode:
                raise SystemExit(f"{' '.join(step)} failed:\n{done.stderr[-2000:]}")
        built = os.path.join(tree, "busybox")
        if version_of(built) != VERSION:
            raise SystemExit(f"the built busybox does not say v{VERSION}")
        shutil.copy2(built, target + ".new")
    os.replace(target + ".new", target)
    return target


if __name__ == "__main__":
    try:
        print(build())
    except OSError as err:  # offline or no compiler: the differential tests will skip
        sys.exit(f"get_busybox_reference: {err}")
