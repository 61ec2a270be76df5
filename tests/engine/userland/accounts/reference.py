"""Running the host's real account tools (shadow's useradd..., Debian's adduser) on
a throwaway copy of a container's account files, for differential tests.

The tools write /etc and /home, so they run in a private mount namespace
(`unshare -m`) where a temporary directory is bind-mounted over each: the
host's own files are never touched. Needs root and unshare; tests skip without.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from typing import Dict, List, Optional, Tuple

ACCOUNT_FILES = ("passwd", "group", "shadow", "gshadow")


def available(tool: str) -> bool:
    return (os.geteuid() == 0 and shutil.which("unshare") is not None
            and shutil.which(tool) is not None and _namespaces_work())


_WORKS: Dict[str, bool] = {}


def _namespaces_work() -> bool:
    if "ok" not in _WORKS:
        try:
            _WORKS["ok"] = subprocess.run(["unshare", "-m", "true"], capture_output=True,
                                          timeout=20).returncode == 0
        except (OSError, subprocess.SubprocessError):
            _WORKS["ok"] = False
    return _WORKS["ok"]


def run(files: Dict[str, str], script: str, env: Optional[Dict[str, str]] = None
        ) -> Tuple[List[Tuple[int, str, str]], Dict[str, str], Dict[str, Tuple[int, int, int]]]:
    """Run each line of ``script`` with the account files ``files`` (name -> text) in
    place of the host's; ([(status, stdout, stderr)], the files after, home tree as
    {path: (mode, uid, gid)})."""
    root = tempfile.mkdtemp(prefix="crsim-accounts-")
    try:
        etc, home = os.path.join(root, "etc"), os.path.join(root, "home")
        shutil.copytree("/etc", etc, symlinks=True, ignore_dangling_symlinks=True,
                        ignore=shutil.ignore_patterns("ssl", "ssh"))
        os.makedirs(home)
        for name, text in files.items():
            with open(os.path.join(etc, name), "w") as handle:
                handle.write(text)
        for name in ("passwd-", "group-", "shadow-", "gshadow-"):
            if os.path.exists(os.path.join(etc, name)):
                os.remove(os.path.join(etc, name))
        results = []
        for line in script.strip().splitlines():
            wrapped = (f"mount --bind {etc} /etc && mount --bind {home} /home && "
                       f"exec sh -c {_quote(line)}")
            done = subprocess.run(["unshare", "-m", "sh", "-c", wrapped], capture_output=True,
                                  text=True, timeout=60, stdin=subprocess.DEVNULL,
                                  env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", **(env or {})})
            results.append((done.returncode, done.stdout, done.stderr))
        after = {}
        for name in ACCOUNT_FILES:
            path = os.path.join(etc, name)
            if os.path.exists(path):
                with open(path) as handle:
                    after[name] = handle.read()
        tree = {}
        for top, dirs, names in os.walk(home):
            for name in dirs + names:
                path = os.path.join(top, name)
                st = os.lstat(path)
                tree["/home" + path[len(home):]] = (st.st_mode & 0o7777, st.st_uid, st.st_gid)
        return results, after, tree
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"
