"""execve's search: which file a command names, and which program runs it.

``find_executable`` is execvp's $PATH search; ``implementation`` says what an
executable file runs: busybox dispatches on argv[0], a file naming a simulated
program runs it, a real binary crsim does not recognise (proc/binaries.py) says it is
not simulated, and a "#!" script runs its interpreter (``interpreter_line`` reads it;
a text file without one is run by /bin/sh, as execvp does). The kernel
(``System.new_process``), the shell (command search, `exec`) and runc's look-up share
it. Programs are found by ``engine.userland.program_named``, which imports only the
module of the program asked for.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Any, Dict, List, Tuple

    from .api import Main

from ..container.config import DEFAULT_PATH  # Docker's default $PATH
from ..vfs.entry import FILE
from ..vfs.errno import EACCES, ENOENT, FSError
from ..userland import program_named
from .api import Context
from .binaries import is_elf

INTERPRETERS = frozenset({"sh", "ash", "bash", "dash", "perl", "python3", "python"})


def _not_simulated(name: str) -> Main:
    def main(ctx: Context) -> int:
        ctx.stderr.write(f"{name}: this program is not simulated by crsim yet\n")
        return 127
    return main


def _applet_not_found(name: str) -> Main:
    def main(ctx: Context) -> int:
        ctx.stderr.write(f"{name}: applet not found\n")
        return 127
    return main


def _applet(applet: str, argv: List[str]) -> Main:
    """BusyBox's run_applet_and_exit(): a lone --help is answered before the applet
    runs (except by the few that take it as an operand: test, echo ...); an applet
    BusyBox has but crsim does not simulate says so; any other name is not an applet."""
    asks_help = argv[1:] == ["--help"]
    found = None if asks_help else program_named(applet)  # the common case: no applet table
    if found is not None:
        return found
    # Only when an applet runs, so the userland (and its tables) is loaded by then.
    from ..image.registry.builders.busybox_applets import applet_names
    from ..image.registry.builders.busybox_build import APPLETS, OWN_ANSWER
    from ..userland.options import applet_help
    known = applet in APPLETS or applet in applet_names()
    if asks_help:
        if known and applet not in OWN_ANSWER:
            return applet_help
        found = program_named(applet)
        if found is not None:
            return found
    return _not_simulated(applet) if known else _applet_not_found(applet)


def find_executable(fs, name: str, env: Dict[str, str], cwd: str) -> Tuple[str, Any]:
    """execvp's search: a name with "/" is a path; else each $PATH directory in turn.

    Raises FSError ENOENT (nothing found) or EACCES (found but not executable).
    """
    if "/" in name:
        entry = fs.stat(name, cwd)
        if not _executable(entry):
            raise FSError(EACCES, name)
        return name, entry
    denied = False
    for candidate, entry in _along_path(fs, name, env.get("PATH", DEFAULT_PATH), cwd):
        if _executable(entry):
            return candidate, entry
        denied = True
    raise FSError(EACCES if denied else ENOENT, name)


def every_executable(fs, name: str, path: str, cwd: str) -> List[str]:
    """Each executable file named ``name`` along the directories of ``path`` (a $PATH
    value), in order: which -a, bash's type -a and -P."""
    return [candidate for candidate, entry in _along_path(fs, name, path, cwd) if _executable(entry)]


def _along_path(fs, name: str, path: str, cwd: str):
    """(path, entry) of each name ``name`` found in the directories of ``path`` (an empty
    one is the current directory)."""
    for directory in path.split(":"):
        candidate = f"{directory or '.'}/{name}"
        try:
            yield candidate, fs.stat(candidate, cwd)
        except FSError:
            continue


def _executable(entry) -> bool:
    return entry.kind == FILE and bool(entry.mode & 0o111)


def implementation(entry, argv: List[str]) -> Tuple[Main, List[str], str]:
    """(program, argv, flavour) for an executable file invoked with ``argv``."""
    if (entry.data is not None and entry.data.startswith(b"#!")
            and (entry.program is None or entry.program in INTERPRETERS)):
        # A script: the kernel runs its "#!" interpreter. (A script whose behaviour
        # the simulation provides itself, like pip, names that program instead.)
        return None, argv, "gnu"
    if entry.program == "busybox":
        if argv and argv[0].rsplit("/", 1)[-1] == "busybox" and len(argv) > 1 \
                and not argv[1].startswith("--"):
            argv = argv[1:]  # `busybox ls -l` runs the ls applet (`busybox --list`: itself)
        applet = argv[0].rsplit("/", 1)[-1] if argv else "busybox"
        return _applet(applet, argv), argv, "busybox"
    if entry.program:
        return program_named(entry.program) or _not_simulated(entry.program), argv, "gnu"
    if is_elf(entry.data):  # a real binary crsim does not recognise (proc/binaries.py)
        return _not_simulated(argv[0].rsplit("/", 1)[-1] if argv else "?"), argv, "gnu"
    return None, argv, "gnu"


def interpreter_line(entry) -> List[str]:
    """The "#!" line of a script split as the kernel does: [interpreter, optional argument]."""
    data = entry.data or b""
    if not data.startswith(b"#!"):
        return []
    line = data[2:].split(b"\n", 1)[0].decode(errors="replace").strip()
    parts = line.split(None, 1)
    return parts if parts else []


__all__ = ["find_executable", "implementation", "interpreter_line", "INTERPRETERS"]
