"""--security-opt as the daemon reads it: which options exist and what they change in the
container's process (NoNewPrivs and Seccomp in /proc/PID/status)."""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Sequence

from ..errors import InvalidParameter
from ..record import record

GO_BOOLS = {"1": True, "t": True, "T": True, "TRUE": True, "true": True, "True": True,
            "0": False, "f": False, "F": False, "FALSE": False, "false": False, "False": False}


@record(frozen=True)
class Security:
    no_new_privileges: bool = False
    seccomp: bool = True  # Docker's default profile filters system calls (Seccomp: 2)


def parse_security_opts(options: Sequence[str], privileged: bool = False) -> Security:
    """InvalidParameter in the daemon's words for an option it does not know."""
    no_new_privileges, seccomp = False, not privileged  # --privileged runs unconfined
    for opt in options:
        if opt == "no-new-privileges":
            no_new_privileges = True
            continue
        if opt == "disable":  # label=disable's short form
            continue
        key, sep, value = opt.partition("=")
        if not sep:
            key, sep, value = opt.partition(":")
        if not sep:
            raise InvalidParameter(f'invalid --security-opt 1: "{opt}"')
        if key == "no-new-privileges":
            if value not in GO_BOOLS:
                raise InvalidParameter(f'invalid --security-opt 2: "{opt}"')
            no_new_privileges = GO_BOOLS[value]
        elif key == "seccomp":
            seccomp = value != "unconfined"
        elif key not in ("label", "apparmor", "writable-cgroups"):
            raise InvalidParameter(f'invalid --security-opt 2: "{opt}"')
    return Security(no_new_privileges, seccomp)
