"""What a program says when writing its output fails with ENOSPC (/dev/full), and the
status it ends with: the message of coreutils' close_stdout and BusyBox's xwrite by
default, with the programs that word or end it otherwise. Measured on BusyBox 1.37 and
GNU coreutils 9.1 (dd's own report and the shells' builtins are not in this table)."""

from __future__ import annotations

from typing import Dict, Tuple

DEFAULT = ("{name}: write error: No space left on device\n", 1)

# (flavour, program) -> (message, status); "" says nothing
OTHERWISE: Dict[Tuple[str, str], Tuple[str, int]] = {
    ("busybox", "yes"): ("yes: : No space left on device\n", 1),
    ("busybox", "head"): ("head: standard output: No space left on device\n", 1),
    ("busybox", "seq"): ("", 255),
    ("busybox", "ls"): ("", 0),
    ("busybox", "printf"): ("", 0),
    ("busybox", "sort"): ("sort: standard output: No space left on device\n", 2),
    ("gnu", "yes"): ("yes: standard output: No space left on device\n", 1),
    ("gnu", "ls"): (DEFAULT[0], 2),
    ("gnu", "sort"): ("sort: fflush failed: 'standard output': No space left on device\n"
                      "sort: write error\n", 2),
}


def write_failed(flavour: str, name: str) -> Tuple[str, int]:
    message, status = OTHERWISE.get((flavour, name), DEFAULT)
    return message.format(name=name), status
