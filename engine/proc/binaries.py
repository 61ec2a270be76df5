"""Which simulated program a real binary runs, recognised by what it is.

An image made by real Docker holds real ELF executables and none of crsim's own marks
(the program xattr its tars carry), so each is recognised from its content: a string
that only that program's binary holds (its --version or --help text, a symbol its main
needs). The table below is the whole of it; the first signature found wins, so a binary
that quotes another's text (busybox quotes "GNU sed") comes before the one it quotes.

A program is either a fixed name or BY_NAME: one package, one binary per command (GNU
coreutils, findutils), where the file's own name says which command it is, as in Debian.
Busybox is a multi-call binary: every link to it runs the applet its argv[0] names
(exec_search.implementation). An ELF that matches nothing runs nothing: it says it is
not simulated (exec_search.implementation), rather than "exec format error", which
the kernel gives only for a binary it cannot load (another architecture): a real
Docker would run it, so that error would teach something false. A few "#!" scripts
(pip, npm) are programs crsim simulates whole, so they are recognised too.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Optional, Tuple

ELF_MAGIC = b"\x7fELF"
BY_NAME = ""  # the program is the file's name

# (bytes only that program's binary holds, the program it runs)
SIGNATURES: Tuple[Tuple[bytes, str], ...] = (
    (b"BusyBox v1.", "busybox"),  # the banner of `busybox --help`
    (b"GNU bash, version ", "bash"),
    (b"turning off NDELAY mode", "dash"),  # dash's input.c warning
    (b"GNU coreutils", BY_NAME),  # version_etc's package name, in every coreutils binary
    (b"GNU findutils", BY_NAME),  # find, xargs
    (b"GNU grep", "grep"),
    (b"GNU sed home page", "sed"),
    (b"GNU 'tar' saves many files", "tar"),
    (b"bug-gzip@gnu.org", "gzip"),
    (b"Usage: mawk ", "mawk"),
    (b"Usage: curl [options...]", "curl"),
    (b"GNU Wget ", "wget"),
    (b"jq - commandline JSON processor", "jq"),
    (b"nginx version: ", "nginx"),  # ngx_show_version_info()
    (b"print Node.js version", "node"),  # node --help
    (b"Py_BytesMain", "python3"),  # CPython's main(), in python3.X (or its libpython)
    (b"apt-get is a command line interface", "apt-get"),  # the --help texts of apt's
    (b"apt is a commandline package manager", "apt"),  # and dpkg's tools
    (b"apt-mark is a simple command line interface", "apt-mark"),
    (b"package management program version", "dpkg"),
    (b"package management program query tool", "dpkg-query"),
    (b"perl5db.pl", "perl"),
)

# The "#!" scripts whose behaviour crsim simulates as a program of its own (as its own
# images mark them), not by interpreting them: (bytes of the script, the program).
SCRIPTS: Tuple[Tuple[bytes, str], ...] = (
    (b"from pip._internal.cli.main import main", "pip"),  # pip's console-script stub
    (b"require('../lib/cli.js')(process)", "npm"),  # npm/bin/npm-cli.js
    (b"run the resulting command as `npm exec", "npx"),  # npm/bin/npx-cli.js
)


def is_elf(data: Optional[bytes]) -> bool:
    return data is not None and data.startswith(ELF_MAGIC)


def program_of(path: str, data: bytes) -> Optional[str]:
    """The simulated program a real file at ``path`` runs: None for one crsim does not
    recognise, and for any other script (it runs its "#!" interpreter)."""
    table = SIGNATURES if is_elf(data) else SCRIPTS if data.startswith(b"#!") else ()
    for signature, program in table:
        if signature in data:
            return program or path.rsplit("/", 1)[-1]
    return None


__all__ = ["ELF_MAGIC", "SCRIPTS", "SIGNATURES", "is_elf", "program_of"]
