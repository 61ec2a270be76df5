"""Where the prompt keeps its history: the user's data directory.

XDG_DATA_HOME (default ~/.local/share) on Linux and macOS, %APPDATA% on
Windows, in a ``crsim`` directory. If that cannot be written (a read-only
home, a sandbox), the history lives in memory for this session only: losing
the history must not stop the shell.
"""

from __future__ import annotations

import os
import sys
from typing import Mapping, Optional

from prompt_toolkit.history import FileHistory, History, InMemoryHistory


def history_path(environ: Optional[Mapping[str, str]] = None, platform: str = sys.platform) -> str:
    environ = os.environ if environ is None else environ
    if platform.startswith("win") and environ.get("APPDATA"):
        base = environ["APPDATA"]
    else:
        base = environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(base, "crsim", "history")


def open_history(path: Optional[str] = None) -> History:
    path = path or history_path()
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "ab"):  # proves it can be written before the first line needs it
            pass
    except OSError:
        return InMemoryHistory()
    return FileHistory(path)


__all__ = ["history_path", "open_history"]
