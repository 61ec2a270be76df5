"""The programs of a Debian-family base system, one real binary each.

Unlike busybox, every command is its own ELF file (coreutils, bash, dash,
grep, dpkg, apt …), installed in /usr/bin or /usr/sbin under merged /usr.
Sizes are those of the amd64 packages; ``program`` is the command's name.
"""

from __future__ import annotations

from typing import Dict

from .fs import LayerBuilder

COREUTILS = {
    "[": 55_888, "arch": 35_208, "b2sum": 59_400, "base32": 39_344, "base64": 39_344,
    "basename": 35_208, "basenc": 51_632, "cat": 39_440, "chcon": 64_008, "chgrp": 64_008,
    "chmod": 59_912, "chown": 68_104, "cksum": 114_952, "comm": 39_344, "cp": 151_152,
    "csplit": 51_632, "cut": 43_440, "date": 108_816, "dd": 72_200, "df": 88_584,
    "dir": 151_344, "dircolors": 43_440, "dirname": 35_208, "du": 100_872, "echo": 35_208,
    "env": 47_536, "expand": 39_344, "expr": 47_536, "factor": 72_200, "false": 31_112,
    "fmt": 39_344, "fold": 39_344, "groups": 35_208, "head": 43_440, "hostid": 35_208,
    "id": 39_344, "install": 155_248, "join": 47_536, "link": 35_208, "ln": 68_104,
    "logname": 35_208, "ls": 151_344, "md5sum": 43_440, "mkdir": 72_200, "mkfifo": 43_440,
    "mknod": 47_536, "mktemp": 39_344, "mv": 139_056, "nice": 35_208, "nl": 43_440,
    "nohup": 35_208, "nproc": 35_208, "numfmt": 59_912, "od": 64_008, "paste": 35_208,
    "pathchk": 35_208, "pinky": 39_344, "pr": 68_104, "printenv": 35_208, "printf": 51_632,
    "ptx": 59_912, "pwd": 35_208, "readlink": 39_344, "realpath": 39_344, "rm": 59_912,
    "rmdir": 39_344, "runcon": 35_208, "seq": 47_536, "sha1sum": 39_344, "sha224sum": 55_728,
    "sha256sum": 55_728, "sha384sum": 59_824, "sha512sum": 59_824, "shred": 51_632,
    "shuf": 43_440, "sleep": 35_208, "sort": 104_720, "split": 55_728, "stat": 84_488,
    "stdbuf": 47_536, "stty": 76_296, "sum": 39_344, "sync": 35_208, "tac": 39_344,
    "tail": 64_008, "tee": 39_344, "test": 43_440, "timeout": 39_344, "touch": 84_488,
    "tr": 43_440, "true": 31_112, "truncate": 35_208, "tsort": 39_344, "tty": 35_208,
    "uname": 35_208, "unexpand": 39_344, "uniq": 43_440, "unlink": 35_208, "users": 35_208,
    "vdir": 151_344, "wc": 47_536, "who": 51_632, "whoami": 35_208, "yes": 35_208,
}

USR_BIN = {
    "bash": 1_265_648, "dash": 125_640, "grep": 203_152, "sed": 122_224, "tar": 523_136,
    "gzip": 97_864, "mawk": 154_528, "find": 224_848, "xargs": 72_200, "diff": 220_320,
    "cmp": 55_728, "diff3": 64_008, "sdiff": 55_728, "perl": 3_929_152, "dpkg": 310_568,
    "dpkg-query": 150_984, "dpkg-deb": 150_952, "dpkg-divert": 146_888, "dpkg-split": 110_024,
    "dpkg-statoverride": 110_024, "dpkg-trigger": 97_736, "dpkg-realpath": 2_144,
    "apt": 18_824, "apt-get": 51_656, "apt-cache": 88_328, "apt-config": 27_016,
    "apt-mark": 68_104, "apt-cdrom": 35_208, "login": 67_072, "su": 72_136, "passwd": 64_152,
    "chsh": 43_680, "chfn": 52_880, "chage": 80_376, "gpasswd": 80_400, "newgrp": 44_760,
    "expiry": 27_152, "mount": 59_704, "umount": 39_224, "findmnt": 68_104, "lsblk": 147_512,
    "more": 43_440, "hostname": 22_760, "run-parts": 27_080, "ischroot": 14_488,
    "tempfile": 14_488, "getconf": 34_944, "getent": 39_640, "iconv": 68_104, "locale": 55_728,
    "localedef": 330_552, "zdump": 27_080, "dmesg": 88_584, "mesg": 14_488, "script": 59_912,
    "setsid": 14_488, "taskset": 35_208, "nsenter": 39_344, "unshare": 47_536, "flock": 35_208,
    "getopt": 22_632, "ionice": 22_632, "lscpu": 105_048, "mcookie": 27_016, "namei": 35_208,
    "prlimit": 47_536, "renice": 14_488, "rev": 14_488, "logger": 39_344, "wall": 27_016,
    "whereis": 35_208, "lastlog2": 22_632, "which.debianutils": 1_069, "gpgv": 297_016,
    "sqv": 2_129_896, "ldd": 5_384, "tzselect": 15_020, "savelog": 10_467, "zcat": 1_984,
    "gunzip": 2_346, "zgrep": 8_103, "egrep": 41, "fgrep": 41, "clear": 14_488,
    "infocmp": 67_928, "tic": 92_872, "toe": 22_720, "tput": 27_080, "tset": 31_112,
    "update-alternatives": 63_640, "mountpoint": 22_632, "fallocate": 35_136,
}

USR_SBIN = {
    "useradd": 150_952, "userdel": 97_704, "usermod": 138_696, "groupadd": 84_488,
    "groupdel": 76_296, "groupmod": 84_488, "chpasswd": 68_104, "chgpasswd": 64_008,
    "newusers": 117_192, "pwck": 64_008, "grpck": 55_816, "nologin": 14_488,
    "ldconfig": 1_001_536, "start-stop-daemon": 51_712, "agetty": 64_008, "blkid": 35_208,
    "fsck": 55_728, "mkswap": 72_200, "swapon": 55_728, "swapoff": 22_632, "losetup": 76_296,
    "pivot_root": 14_488, "switch_root": 22_632, "sulogin": 43_440, "runuser": 55_728,
    "wipefs": 39_344, "chroot": 39_408, "killall5": 27_080, "installkernel": 2_376,
    "pam-auth-update": 21_436, "shadowconfig": 2_212, "invoke-rc.d": 16_498,
    "update-rc.d": 17_554, "service": 9_366, "add-shell": 1_029, "remove-shell": 976,
    "adduser": 52_012, "deluser": 22_330, "addgroup": 52_012, "delgroup": 22_330,
    "dpkg-preconfigure": 4_484, "dpkg-reconfigure": 4_472, "pwconv": 55_816, "cpgr": 68_104,
}

# Perl scripts and shell scripts run by their interpreter, not by a program of their own.
_INTERPRETED = {
    # (adduser, deluser, addgroup, delgroup: Perl in Debian, simulated as programs of their own)
    "dpkg-preconfigure": "perl", "dpkg-reconfigure": "perl", "pam-auth-update": "perl",
    "ldd": "bash", "tzselect": "bash", "savelog": "sh",
    "zgrep": "sh", "installkernel": "sh",
    "shadowconfig": "sh", "invoke-rc.d": "sh", "update-rc.d": "perl", "service": "sh",
    "add-shell": "sh", "remove-shell": "sh",
    # Scripts whose behaviour the simulation provides directly as a program
    # (gzip's gunzip and zcat are `exec gzip -d "$@"`, `exec gzip -cd "$@"`).
    "which.debianutils": "which", "zcat": "zcat", "gunzip": "gunzip",
}

# name -> target, relative to the link's directory, as the packages ship them.
USR_BIN_LINKS = {
    "sh": "dash", "rbash": "bash", "awk": "/etc/alternatives/awk", "which": "/etc/alternatives/which",
    "pidof": "/usr/sbin/killall5", "nawk": "/etc/alternatives/nawk", "uncompress": "gunzip",
    "reset": "tset", "captoinfo": "tic", "infotocap": "tic", "sg": "newgrp",
    "lastlog": "lastlog2", "pager": "/etc/alternatives/pager",
}

ALTERNATIVES = {"awk": "/usr/bin/mawk", "nawk": "/usr/bin/mawk", "which": "/usr/bin/which.debianutils",
                "pager": "/usr/bin/more"}


def install(b: LayerBuilder, skip=()) -> None:
    """Write the userland into a builder (merged-/usr paths)."""
    for table, directory in ((COREUTILS, "/usr/bin"), (USR_BIN, "/usr/bin"), (USR_SBIN, "/usr/sbin")):
        for name, size in table.items():
            if name in skip:
                continue
            program = _INTERPRETED.get(name, name)
            b.exe(f"{directory}/{name}", size, program=program)
    for name, target in USR_BIN_LINKS.items():
        if name in skip:
            continue
        b.link(f"/usr/bin/{name}", target)
    for name, target in ALTERNATIVES.items():
        b.link(f"/etc/alternatives/{name}", target)


def program_names() -> Dict[str, str]:
    """path -> program for every binary above (for tests and tools)."""
    names = {}
    for table, directory in ((COREUTILS, "/usr/bin"), (USR_BIN, "/usr/bin"), (USR_SBIN, "/usr/sbin")):
        for name in table:
            names[f"{directory}/{name}"] = _INTERPRETED.get(name, name)
    return names
