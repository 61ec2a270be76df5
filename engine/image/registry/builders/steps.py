"""History entries worded the way each builder records them.

BuildKit (what Docker Hub's official images use now) writes
"RUN /bin/sh -c … # buildkit" with the comment "buildkit.dockerfile.v0" and
prints exec-form arguments with Go's %q; the legacy builder (still used for
ubuntu) writes "/bin/sh -c #(nop)  CMD …". Metadata steps have no layer.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, Sequence

from ...image import HistoryEntry

BUILDKIT = "buildkit.dockerfile.v0"


def go_quote(text: str) -> str:
    """Go's %q for the plain strings that appear in Dockerfiles."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def exec_form(args: Sequence[str]) -> str:
    """BuildKit's rendering of ["a", "b"]: Go's %q of a []string, e.g. ["a" "b"]."""
    return "[" + " ".join(go_quote(a) for a in args) + "]"


# -- BuildKit ---------------------------------------------------------------------

def run(ts: float, script: str) -> HistoryEntry:
    return HistoryEntry(ts, f"RUN /bin/sh -c {script} # buildkit", False, BUILDKIT)


def add(ts: float, source: str, dest: str) -> HistoryEntry:
    return HistoryEntry(ts, f"ADD {source} {dest} # buildkit", False, BUILDKIT)


def copy(ts: float, source: str, dest: str) -> HistoryEntry:
    return HistoryEntry(ts, f"COPY {source} {dest} # buildkit", False, BUILDKIT)


def env(ts: float, values: Dict[str, str]) -> HistoryEntry:
    text = " ".join(f"{k}={v}" for k, v in values.items())
    return HistoryEntry(ts, f"ENV {text}", True, BUILDKIT)


def label(ts: float, key: str, value: str) -> HistoryEntry:
    return HistoryEntry(ts, f"LABEL {key}={value}", True, BUILDKIT)


def cmd(ts: float, args: Sequence[str]) -> HistoryEntry:
    return HistoryEntry(ts, f"CMD {exec_form(args)}", True, BUILDKIT)


def entrypoint(ts: float, args: Sequence[str]) -> HistoryEntry:
    return HistoryEntry(ts, f"ENTRYPOINT {exec_form(args)}", True, BUILDKIT)


def expose(ts: float, ports: Sequence[str]) -> HistoryEntry:
    inner = " ".join(f"{p}:{{}}" for p in ports)
    return HistoryEntry(ts, f"EXPOSE map[{inner}]", True, BUILDKIT)


def stopsignal(ts: float, signal: str) -> HistoryEntry:
    return HistoryEntry(ts, f"STOPSIGNAL {signal}", True, BUILDKIT)


def workdir(ts: float, path: str) -> HistoryEntry:
    return HistoryEntry(ts, f"WORKDIR {path}", True, BUILDKIT)


# -- legacy builder ---------------------------------------------------------------

def nop(ts: float, instruction: str) -> HistoryEntry:
    return HistoryEntry(ts, f"/bin/sh -c #(nop)  {instruction}", True)


def nop_add(ts: float, source: str, dest: str) -> HistoryEntry:
    return HistoryEntry(ts, f"/bin/sh -c #(nop) ADD {source} in {dest} ")
