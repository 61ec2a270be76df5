"""System programs: id, whoami, hostname, uname, env, printenv, date, which,
ps, kill, free, uptime, clear, xargs - GNU coreutils / procps / debianutils
and BusyBox.

Everything they learn about the simulated kernel goes through the small
adapter ``Kernel`` below (processes, kill, memory, uptime, load, the
kernel's identity), so the kernel side can change in one place. Memory,
uptime and load are read from /proc first, as the real programs do.
"""

from __future__ import annotations

import calendar
import re
import time as _time
from typing import Any, Dict, List, Optional, Tuple

from ...container.config import DEFAULT_PATH  # Docker's default $PATH
from ...proc.api import Context, decode, program
from ...proc.exec_search import every_executable
from ...proc.process import cpu_clock
from ...proc.procfs import state_letter
from ...proc.signals import NAMES as SIGNAL_NAMES, SIGNALS
from ...vfs.entry import FILE
from ...vfs.errno import EACCES, FSError
from ..options import (OptionError, bad_option, busybox_usage, error, parse, quote, try_help)

try:  # the simulated host's facts, when the engine has them
    from ... import host as _host
except ImportError:  # pragma: no cover - older engines
    _host = None

KERNEL_RELEASE = getattr(_host, "KERNEL_RELEASE", "6.8.0-crsim")
KERNEL_VERSION = getattr(_host, "KERNEL_VERSION",
                         "#1 SMP PREEMPT_DYNAMIC Thu Jan  1 00:00:00 UTC 2026")
MACHINE = getattr(_host, "MACHINE", "x86_64")
DEFAULT_HOST_MEMORY = 8 * 1024 ** 3  # when the kernel cannot say: an 8 GiB host


# -- the kernel, as these programs see it --------------------------------------------

class Kernel:
    """The few kernel facts and calls the system programs need."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.system = ctx.system

    def processes(self) -> List[Any]:
        return [p for p in self.system.processes() if getattr(p, "alive", True)]

    def kill(self, pid: int, signum: int) -> None:
        """kill(2); raises FSError with ESRCH/EPERM like the system call."""
        self.system.kill(pid, signum)

    def hostname(self) -> str:
        return self.system.hostname

    def _proc(self, name: str) -> Optional[str]:
        try:
            return decode(self.ctx.fs.read(f"/proc/{name}"))
        except (FSError, AttributeError, TypeError):
            return None

    def meminfo(self) -> Dict[str, int]:
        """/proc/meminfo in kB."""
        text = self._proc("meminfo")
        values: Dict[str, int] = {}
        if text:
            for line in text.splitlines():
                key, _, rest = line.partition(":")
                number = rest.split()
                if number and number[0].isdigit():
                    values[key.strip()] = int(number[0])
        if "MemTotal" in values:
            return values
        memory = getattr(self.system, "memory", None)
        if callable(memory):
            return dict(memory())
        total = getattr(self.system, "host_memory", DEFAULT_HOST_MEMORY) // 1024
        used = 262144 + 1024 * len(self.processes())
        return {"MemTotal": total, "MemFree": total - used - 262144,
                "MemAvailable": total - used, "Buffers": 65536, "Cached": 196608,
                "SReclaimable": 0, "Shmem": 1024, "SwapTotal": 0, "SwapFree": 0}

    def uptime(self) -> float:
        text = self._proc("uptime")
        if text:
            try:
                return float(text.split()[0])
            except (ValueError, IndexError):
                pass
        boot = getattr(self.system, "boot_time", None)
        if boot is not None:
            return self.ctx.now() - boot
        started = min((p.started for p in self.processes()), default=self.ctx.now())
        return 3600.0 + self.ctx.now() - started

    def loadavg(self) -> Tuple[float, float, float]:
        text = self._proc("loadavg")
        if text:
            try:
                a, b, c = (float(x) for x in text.split()[:3])
                return a, b, c
            except ValueError:
                pass
        return 0.0, 0.0, 0.0


# -- accounts ----------------------------------------------------------------------------

def _table(ctx: Context, path: str) -> List[List[str]]:
    try:
        text = decode(ctx.fs.read(path))
    except FSError:
        return []
    return [line.split(":") for line in text.splitlines() if line and not line.startswith("#")]


def passwd(ctx: Context) -> List[Tuple[str, int, int]]:
    rows = []
    for fields in _table(ctx, "/etc/passwd"):
        if len(fields) >= 4 and fields[2].isdigit() and fields[3].isdigit():
            rows.append((fields[0], int(fields[2]), int(fields[3])))
    return rows


def groups(ctx: Context) -> List[Tuple[str, int, List[str]]]:
    rows = []
    for fields in _table(ctx, "/etc/group"):
        if len(fields) >= 3 and fields[2].isdigit():
            members = fields[3].split(",") if len(fields) > 3 and fields[3] else []
            rows.append((fields[0], int(fields[2]), members))
    return rows


def user_name(ctx: Context, uid: int) -> Optional[str]:
    return next((name for name, u, _ in passwd(ctx) if u == uid), None)


def group_name(ctx: Context, gid: int) -> Optional[str]:
    return next((name for name, g, _ in groups(ctx) if g == gid), None)


class Identity:
    def __init__(self, uid: int, gid: int, supplementary: List[int]):
        self.uid, self.gid, self.groups = uid, gid, supplementary


def identity(ctx: Context, spec: Optional[str] = None) -> Optional[Identity]:
    """Who a user spec ("root", "1000", "app:staff", "1000:1000") is, as Docker
    sets up the process: the primary group from /etc/passwd and the
    supplementary groups that list the user in /etc/group (unless a group
    was given). None if a user name is unknown."""
    current = spec is None
    if current:
        spec = str(ctx.extra.get("user", "root") or "root")
    user, _, group = spec.partition(":")
    table = passwd(ctx)
    entry = None
    if user.isdigit():
        uid = int(user)
        entry = next((row for row in table if row[1] == uid), None)
    else:
        entry = next((row for row in table if row[0] == user), None)
        if entry is None:
            return None
        uid = entry[1]
    gid = entry[2] if entry else 0
    supplementary: List[int] = []
    if group:
        if group.isdigit():
            gid = int(group)
        else:
            found = next((g for name, g, _ in groups(ctx) if name == group), None)
            if found is None:
                return None
            gid = found
    elif entry is not None:
        supplementary = [g for name, g, members in groups(ctx) if entry[0] in members]
    if current:  # the process's own: with the container's --group-add groups
        container = getattr(ctx.system, "container", None)
        for extra in getattr(getattr(container, "host_config", None), "group_add", ()) or ():
            number = int(extra) if extra.isdigit() else next(
                (g for name, g, _ in groups(ctx) if name == extra), None)
            if number is not None and number not in supplementary and number != gid:
                supplementary.append(number)
    return Identity(uid, gid, supplementary)


# -- id, whoami --------------------------------------------------------------------------

def _named(ctx: Context, number: int, kind: str) -> str:
    name = user_name(ctx, number) if kind == "u" else group_name(ctx, number)
    return f"{number}({name})" if name is not None else str(number)


@program("id")
def id_(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    args = ctx.argv[1:]
    try:
        opts, operands = parse(ctx, args, "ugGnrzaZ" if gnu else "ugGnr",
                               {"user": "u", "group": "g", "groups": "G", "name": "n",
                                "real": "r", "zero": "z", "context": "Z"} if gnu else None)
    except OptionError as err:
        return bad_option(ctx, err)
    flags = {key for key, _ in opts}
    if "Z" in flags:
        error(ctx, "--context (-Z) works only on an SELinux-enabled kernel")
        return 1
    if len(operands) > 1:
        if gnu:
            error(ctx, f"extra operand {quote(operands[1])}")
            return try_help(ctx)
        return busybox_usage(ctx)
    if operands:
        who = identity(ctx, operands[0])
        if who is None:
            if gnu:
                error(ctx, f"{quote(operands[0])}: no such user")
            else:
                error(ctx, f"unknown user {operands[0]}")
            return 1
    else:
        who = identity(ctx)
        if who is None:
            who = Identity(0, 0, [])
    picked = [f for f in "ugG" if f in flags]
    if len(picked) > 1:
        if gnu:
            error(ctx, "cannot print \"only\" of more than one choice")
            return 1
        return busybox_usage(ctx)
    names = "n" in flags
    if "n" in flags and not picked:
        if gnu:
            error(ctx, "cannot print only names or real IDs in default format")
            return 1
        return busybox_usage(ctx)
    all_groups = [who.gid] + [g for g in who.groups if g != who.gid]
    if picked:
        kind = picked[0]
        numbers = [who.uid] if kind == "u" else [who.gid] if kind == "g" else all_groups
        shown = []
        status = 0
        for number in numbers:
            if names:
                name = user_name(ctx, number) if kind == "u" else group_name(ctx, number)
                if name is None:
                    if gnu:
                        error(ctx, f"cannot find name for {'user' if kind == 'u' else 'group'}"
                                   f" ID {number}")
                        status = 1
                    shown.append(str(number))
                    continue
                shown.append(name)
            else:
                shown.append(str(number))
        ctx.out(" ".join(shown) + "\n")
        return status
    text = f"uid={_named(ctx, who.uid, 'u')} gid={_named(ctx, who.gid, 'g')}"
    if gnu or len(all_groups) > 1 or who.groups:
        text += " groups=" + ",".join(_named(ctx, g, "g") for g in all_groups)
    ctx.out(text + "\n")
    return 0


@program("whoami")
def whoami(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    args = ctx.argv[1:]
    try:
        _, operands = parse(ctx, args, "")
    except OptionError as err:
        return bad_option(ctx, err)
    if operands:
        if gnu:
            error(ctx, f"extra operand {quote(operands[0])}")
            return try_help(ctx)
        return busybox_usage(ctx)
    who = identity(ctx) or Identity(0, 0, [])
    name = user_name(ctx, who.uid)
    if name is None:
        error(ctx, f"cannot find name for user ID {who.uid}" if gnu else f"unknown uid {who.uid}")
        return 1
    ctx.out(name + "\n")
    return 0


# -- hostname, uname ---------------------------------------------------------------------

GNU_HOSTNAME_USAGE = (
    "Usage: hostname [-b] {hostname|-F file}         set host name (from file)\n"
    "       hostname [-a|-A|-d|-f|-i|-I|-s|-y]       display formatted name\n"
    "       hostname                                 display host name\n"
    "\n"
    "       {yp,nis,}domainname {nisdomain|-F file}  set NIS domain name (from file)\n"
    "       {yp,nis,}domainname                      display NIS domain name\n"
    "\n"
    "       dnsdomainname                            display dns domain name\n"
    "\n"
    "       hostname -V|--version|-h|--help          print info and exit\n"
    "\n"
    "Program name:\n"
    "       {yp,nis,}domainname=hostname -y\n"
    "       dnsdomainname=hostname -d\n"
    "\n"
    "Program options:\n"
    "    -a, --alias            alias names\n"
    "    -A, --all-fqdns        all long host names (FQDNs)\n"
    "    -b, --boot             set default hostname if none available\n"
    "    -d, --domain           DNS domain name\n"
    "    -f, --fqdn, --long     long host name (FQDN)\n"
    "    -F, --file             read host name or NIS domain name from given file\n"
    "    -i, --ip-address       addresses for the host name\n"
    "    -I, --all-ip-addresses all addresses for the host\n"
    "    -s, --short            short host name\n"
    "    -y, --yp, --nis        NIS/YP domain name\n"
    "\n"
    "Description:\n"
    "   This command can get or set the host name or the NIS domain name. You can\n"
    "   also get the DNS domain or the FQDN (fully qualified domain name).\n"
    "   Unless you are using bind or NIS for host lookups you can change the\n"
    "   FQDN (Fully Qualified Domain Name) and the DNS domain name (which is\n"
    "   part of the FQDN) in the /etc/hosts file.\n")


def _hosts(ctx: Context) -> List[Tuple[str, List[str]]]:
    try:
        text = decode(ctx.fs.read("/etc/hosts"))
    except FSError:
        return []
    rows = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].split()
        if len(line) >= 2:
            rows.append((line[0], line[1:]))
    return rows


def _lookup(ctx: Context, name: str) -> Tuple[List[str], Optional[str]]:
    """(addresses, canonical name) for a host name, as /etc/hosts gives them."""
    addresses, canonical = [], None
    for address, names in _hosts(ctx):
        if name in names:
            addresses.append(address)
            if canonical is None:
                canonical = names[0]
    return addresses, canonical


@program("hostname")
def hostname(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    args = ctx.argv[1:]
    try:
        opts, operands = parse(ctx, args, "aAbdfF:iIsyVh" if gnu else "sidfF:",
                               {"alias": "a", "all-fqdns": "A", "boot": "b", "domain": "d",
                                "fqdn": "f", "long": "f", "file=": "F", "ip-address": "i",
                                "all-ip-addresses": "I", "short": "s", "yp": "y", "nis": "y",
                                "version": "V", "help": "h"} if gnu else None)
    except OptionError as err:
        if gnu:
            ctx.stderr.write(err.message(ctx))
            ctx.stderr.write(GNU_HOSTNAME_USAGE)
            return 255
        return bad_option(ctx, err)
    flags = [key for key, _ in opts]
    if "h" in flags:
        ctx.out(GNU_HOSTNAME_USAGE)
        return 0
    if "V" in flags:
        ctx.stderr.write("hostname 3.25\n")
        return 0
    new_name = operands[0] if operands else None
    for key, value in opts:
        if key == "F":
            try:
                new_name = decode(ctx.fs.read(value, ctx.cwd)).strip()
            except FSError as err:
                error(ctx, f"{value}: {ctx.strerror(err)}")
                return 1
    if new_name is not None:
        # sethostname(2) needs CAP_SYS_ADMIN, which Docker's root lacks unless --cap-add
        # SYS_ADMIN or --privileged gives it; the name is then the UTS namespace's own
        # (/etc/hostname and the container's config keep the old one).
        from ...container.capabilities import SYS_ADMIN, has
        from ..coreutils.common import credentials
        if credentials(ctx)[0] != 0 or not has(ctx, SYS_ADMIN):
            if gnu:
                error(ctx, "you must be root to change the host name")
            else:
                error(ctx, f"sethostname: {ctx.strerror(1)}")
            return 1
        ctx.system.set_hostname(new_name)
        return 0
    name = Kernel(ctx).hostname()
    if not flags:
        ctx.out(name + "\n")
        return 0
    key = flags[-1]
    if key == "s":
        ctx.out(name.split(".", 1)[0] + "\n")
        return 0
    addresses, canonical = _lookup(ctx, name)
    if key in ("f", "d", "i", "a", "A") and not addresses:
        if gnu:
            error(ctx, "Name or service not known")
        else:
            error(ctx, f"{name}: Unknown host")
        return 1
    if key == "f":
        ctx.out((canonical or name) + "\n")
    elif key == "d":
        full = canonical or name
        ctx.out((full.split(".", 1)[1] if "." in full else "") + "\n")
    elif key == "i":
        ctx.out(" ".join(addresses) + ("\n" if not gnu else "\n"))
    elif key == "I":
        own = [address for address, names in _hosts(ctx) if name in names
               and not address.startswith(("127.", "::1"))]
        ctx.out("".join(a + " " for a in own) + "\n")
    elif key == "a":
        aliases = [n for address, names in _hosts(ctx) if name in names for n in names[1:]]
        ctx.out(" ".join(aliases) + "\n")
    elif key == "A":
        ctx.out((canonical or name) + " \n")
    elif key == "y":
        error(ctx, "Local domain name not set")
        return 1
    return 0


@program("uname")
def uname(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    args = ctx.argv[1:]
    try:
        opts, operands = parse(ctx, args, "asnrvmpio",
                               {"all": "a", "kernel-name": "s", "nodename": "n",
                                "kernel-release": "r", "kernel-version": "v", "machine": "m",
                                "processor": "p", "hardware-platform": "i",
                                "operating-system": "o"} if gnu else None)
    except OptionError as err:
        return bad_option(ctx, err)
    if operands:
        if gnu:
            error(ctx, f"extra operand {quote(operands[0])}")
            return try_help(ctx)
        return busybox_usage(ctx)
    flags = {key for key, _ in opts}
    # Alpine builds BusyBox with UNAME_OSNAME "Linux"; glibc builds say GNU/Linux.
    osname = "GNU/Linux" if gnu or ctx.libc == "glibc" else "Linux"
    values = {"s": "Linux", "n": Kernel(ctx).hostname(), "r": KERNEL_RELEASE,
              "v": KERNEL_VERSION, "m": MACHINE, "p": "unknown", "i": "unknown", "o": osname}
    if "a" in flags:
        # -a: everything but an "unknown" processor and platform.
        parts = [values[k] for k in "snrvmo"]
    else:
        if not flags:
            flags = {"s"}
        parts = [values[k] for k in "snrvmpio" if k in flags]
    ctx.out(" ".join(parts) + "\n")
    return 0


# -- env, printenv -------------------------------------------------------------------------

@program("env")
def env(ctx: Context):
    gnu = ctx.flavour == "gnu"
    args = ctx.argv[1:]
    # Options stop at the first NAME=VALUE or command; a lone "-" is -i.
    i = 0
    clear = False
    unset: List[str] = []
    zero = False
    chdir: Optional[str] = None
    while i < len(args):
        arg = args[i]
        if arg == "-":
            clear = True
            i += 1
            continue
        if arg == "--":
            i += 1
            break
        if not arg.startswith("-") or "=" in arg.split("-", 1)[1][:1]:
            break
        if arg.startswith("--") and gnu:
            name, eq, value = arg[2:].partition("=")
            long = {"ignore-environment": "i", "null": "0", "unset": "u", "chdir": "C"}
            matches = [k for k in long if k.startswith(name)]
            if len(matches) != 1:
                ctx.stderr.write(f"{ctx.argv[0]}: unrecognized option '{arg}'\n")
                return try_help(ctx, 125)
            letter = long[matches[0]]
            if letter in "uC":
                if not eq:
                    i += 1
                    if i >= len(args):
                        ctx.stderr.write(f"{ctx.argv[0]}: option '--{matches[0]}' requires "
                                         f"an argument\n")
                        return try_help(ctx, 125)
                    value = args[i]
                if letter == "u":
                    unset.append(value)
                else:
                    chdir = value
            elif letter == "i":
                clear = True
            else:
                zero = True
            i += 1
            continue
        j = 1
        while j < len(arg):
            letter = arg[j]
            if letter == "i":
                clear = True
            elif letter == "0":
                zero = True
            elif letter in "uC" and (gnu or letter == "u"):
                value = arg[j + 1:]
                if not value:
                    i += 1
                    if i >= len(args):
                        err = OptionError("missing", letter)
                        return bad_option(ctx, err, status=125)
                    value = args[i]
                if letter == "u":
                    unset.append(value)
                else:
                    chdir = value
                break
            else:
                return bad_option(ctx, OptionError("invalid", letter),
                                  status=125)
            j += 1
        i += 1
    new_env = {} if clear else dict(ctx.env)
    for name in unset:
        new_env.pop(name, None)
    while i < len(args) and "=" in args[i] and not args[i].startswith("="):
        name, _, value = args[i].partition("=")
        new_env[name] = value
        i += 1
    command = args[i:]
    if not command:
        end = "\0" if zero else "\n"
        ctx.out("".join(f"{k}={v}{end}" for k, v in new_env.items()))
        return 0
    try:
        status = yield from ctx.run(command, env=new_env, cwd=chdir or ctx.cwd)
    except FSError as err:
        if gnu:
            error(ctx, f"{quote(command[0])}: {ctx.strerror(err)}")
        else:
            error(ctx, f"can't execute '{command[0]}': {ctx.strerror(err)}")
        return 126 if err.errno == EACCES else 127
    return status


@program("printenv")
def printenv(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    args = ctx.argv[1:]
    try:
        opts, names = parse(ctx, args, "0" if gnu else "", {"null": "0"} if gnu else None)
    except OptionError as err:
        return bad_option(ctx, err, status=2)
    end = "\0" if opts else "\n"
    if not names:
        ctx.out("".join(f"{k}={v}{end}" for k, v in ctx.env.items()))
        return 0
    status = 0
    for name in names:
        if name in ctx.env and "=" not in name:
            ctx.out(ctx.env[name] + end)
        else:
            status = 1
    return status


# -- date ----------------------------------------------------------------------------------

_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


def strftime(fmt: str, when: float, zone: str = "UTC", gnu: bool = True) -> str:
    """glibc's strftime in the C locale for UTC, with GNU's flags (- _ 0 ^ #) and widths."""
    from decimal import Decimal
    exact = Decimal(str(when)) if not isinstance(when, Decimal) else when
    seconds = int(exact // 1)
    nanos = int((exact - seconds) * 1_000_000_000)
    if nanos >= 1_000_000_000:
        seconds, nanos = seconds + 1, nanos - 1_000_000_000
    t = _time.gmtime(seconds)
    out = []
    i, n = 0, len(fmt)
    while i < n:
        c = fmt[i]
        if c != "%" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        j = i + 1
        flag = ""
        while j < n and fmt[j] in "-_0^#":
            flag += fmt[j]
            j += 1
        width = ""
        while j < n and fmt[j].isdigit():
            width += fmt[j]
            j += 1
        colons = ""
        while j < n and fmt[j] == ":":
            colons += ":"
            j += 1
        if j >= n or (colons and not gnu):
            out.append(fmt[i:j + 1])
            i = j + 1
            continue
        conv = fmt[j]
        i = j + 1
        text, pad, default_width = _conversion(conv, t, nanos, seconds, zone, colons, width)
        if text is None:
            out.append("%" + flag + width + colons + conv)
            continue
        if "^" in flag:
            text = text.upper()
        if "#" in flag:
            text = text.upper() if conv in "aAbBh" else text.lower() if conv in "pZ" else text
        numeric = pad is not None
        if numeric:
            digits = text.lstrip("-")
            sign = "-" if text.startswith("-") else ""
            if "-" in flag:
                text = sign + (digits.lstrip("0") or "0") if pad else text.strip()
                if conv in "ekl":
                    text = text.strip()
            else:
                fill = "0" if ("0" in flag or (pad == "0" and "_" not in flag)) else " "
                if "_" in flag:
                    fill = " "
                    digits = digits.lstrip("0") or "0" if pad == "0" else digits.strip()
                elif "0" in flag:
                    digits = digits.strip()
                w = int(width) if width else default_width
                text = sign + digits.rjust(w - len(sign), fill)
        elif width:
            text = text.rjust(int(width), "0" if "0" in flag else " ")
        out.append(text)
    return "".join(out)


def _conversion(conv: str, t, nanos: int, seconds: int, zone: str, colons: str, width: str):
    """(text, pad kind "0"/" " for numbers or None, default width)."""
    day_of_week = (t.tm_wday + 1) % 7  # Sunday = 0
    simple = {
        "a": _DAYS[t.tm_wday][:3], "A": _DAYS[t.tm_wday], "b": _MONTHS[t.tm_mon - 1][:3],
        "h": _MONTHS[t.tm_mon - 1][:3], "B": _MONTHS[t.tm_mon - 1],
        "p": "AM" if t.tm_hour < 12 else "PM", "P": "am" if t.tm_hour < 12 else "pm",
        "n": "\n", "t": "\t", "%": "%", "Z": zone,
    }
    if conv in simple:
        return simple[conv], None, 0
    numbers = {
        "d": (t.tm_mday, "0", 2), "e": (t.tm_mday, " ", 2), "H": (t.tm_hour, "0", 2),
        "k": (t.tm_hour, " ", 2), "I": ((t.tm_hour % 12) or 12, "0", 2),
        "l": ((t.tm_hour % 12) or 12, " ", 2), "j": (t.tm_yday, "0", 3),
        "m": (t.tm_mon, "0", 2), "M": (t.tm_min, "0", 2), "S": (t.tm_sec, "0", 2),
        "u": (t.tm_wday + 1, "0", 1), "w": (day_of_week, "0", 1), "y": (t.tm_year % 100, "0", 2),
        "Y": (t.tm_year, "0", 1), "C": (t.tm_year // 100, "0", 2), "s": (seconds, "0", 1),
        "U": ((t.tm_yday + 6 - day_of_week) // 7, "0", 2),
        "W": ((t.tm_yday + 6 - (t.tm_wday)) // 7, "0", 2),
    }
    if conv in numbers:
        value, pad, default_width = numbers[conv]
        return str(value), pad, default_width
    if conv in "VGg":
        iso_year, iso_week, _ = _iso(t)
        if conv == "V":
            return str(iso_week), "0", 2
        if conv == "G":
            return str(iso_year), "0", 1
        return str(iso_year % 100), "0", 2
    if conv == "N":
        digits = f"{nanos:09d}"
        if width:
            digits = digits[:int(width)].ljust(int(width), "0")
        return digits, None, 0
    if conv == "z":
        return {"": "+0000", ":": "+00:00", "::": "+00:00:00", ":::": "+00"}.get(colons,
                                                                                "+0000"), None, 0
    composite = {"F": "%Y-%m-%d", "T": "%H:%M:%S", "D": "%m/%d/%y", "R": "%H:%M",
                 "r": "%I:%M:%S %p", "c": "%a %b %e %H:%M:%S %Y", "x": "%m/%d/%y",
                 "X": "%H:%M:%S"}
    if conv in composite:
        return strftime(composite[conv], seconds + nanos / 1e9, zone), None, 0
    return None, None, 0


def _iso(t) -> Tuple[int, int, int]:
    import datetime
    return datetime.date(t.tm_year, t.tm_mon, t.tm_mday).isocalendar()


_UNITS = {"sec": 1, "second": 1, "min": 60, "minute": 60, "hour": 3600, "day": 86400,
          "week": 604800, "fortnight": 1209600}


def parse_date(text: str, now: float, gnu: bool) -> Optional[float]:
    """The -d TIME strings both dates understand (GNU's most common forms)."""
    s = text.strip()
    low = s.lower()
    if s.startswith("@"):
        from decimal import Decimal, InvalidOperation
        if not gnu and not re.fullmatch(r"@-?\d+", s):
            return None
        try:
            return Decimal(s[1:])
        except InvalidOperation:
            return None
    day_start = now - now % 86400
    if gnu:
        if low in ("", "now"):
            return now if low == "now" else day_start
        if low == "today":
            return now
        if low == "yesterday":
            return now - 86400
        if low == "tomorrow":
            return now + 86400
        match = re.fullmatch(r"([+-]?\d+)?\s*([a-z]+?)s?(\s+ago)?", low)
        if match and match.group(2) in _UNITS or (match and match.group(2) in (
                "month", "year")):
            count = int(match.group(1) or 1) * (-1 if match.group(3) else 1)
            unit = match.group(2)
            if unit in _UNITS:
                return now + count * _UNITS[unit]
            t = _time.gmtime(now)
            month = t.tm_mon - 1 + (count if unit == "month" else count * 12)
            year, month = t.tm_year + month // 12, month % 12 + 1
            return calendar.timegm((year, month, t.tm_mday, t.tm_hour, t.tm_min,
                                    t.tm_sec)) + now % 1
    patterns = [
        (r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
         r"(?:\s*(?:Z|UTC|\+00:?00))?", "ymdHMS"),
        (r"(\d{4})\.(\d{1,2})\.(\d{1,2})-(\d{1,2}):(\d{2})(?::(\d{2}))?", "ymdHMS"),
        (r"(\d{1,2}):(\d{2})(?::(\d{2}))?", "HMS"),
        (r"(\d{1,2})/(\d{1,2})/(\d{2,4})", "mdy"),
    ]
    for pattern, fields in patterns:
        match = re.fullmatch(pattern, s, re.IGNORECASE)
        if not match:
            continue
        t = _time.gmtime(now)
        parts = dict(zip(fields, match.groups()))
        year = int(parts.get("y") or t.tm_year)
        if len(str(parts.get("y") or "")) == 2:
            year += 2000 if year < 69 else 1900
        month = int(parts.get("m") or t.tm_mon)
        day = int(parts.get("d") or t.tm_mday)
        hour = int(parts.get("H") or 0)
        minute = int(parts.get("M") or 0)
        second = int(parts.get("S") or 0)
        if "d" not in fields:
            month, day, year = t.tm_mon, t.tm_mday, t.tm_year
        if not (1 <= month <= 12 and 1 <= day <= 31 and hour < 24 and minute < 60 and
                second < 61):
            return None
        return float(calendar.timegm((year, month, day, hour, minute, second)))
    return None


@program("date")
def date(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    args = ctx.argv[1:]
    try:
        opts, operands = parse(ctx, args, "d:f:I::r:Rs:u" if gnu else "d:D:I::r:Rs:u",
                               {"date=": "d", "file=": "f", "iso-8601?": "I",
                                "reference=": "r", "rfc-email": "R", "rfc-2822": "R",
                                "rfc-3339=": "rfc3339", "set=": "s", "utc": "u",
                                "universal": "u", "debug": "debug",
                                "resolution": "resolution"} if gnu else None)
    except OptionError as err:
        return bad_option(ctx, err)
    now = ctx.now()
    when = now
    fmt: Optional[str] = None
    set_to: Optional[str] = None
    for key, value in opts:
        if key == "d":
            parsed = parse_date(value, now, gnu)
            if parsed is None:
                error(ctx, f"invalid date {quote(value)}")
                return 1
            when = parsed
        elif key == "r":
            try:
                when = float(ctx.fs.stat(value, ctx.cwd).mtime)
            except FSError as err:
                error(ctx, f"{value}: {ctx.strerror(err)}")
                return 1
        elif key == "R":
            fmt = "%a, %d %b %Y %H:%M:%S %z"
        elif key == "I":
            spec = (value or "date").lower()
            iso = {"date": "%Y-%m-%d", "hours": "%Y-%m-%dT%H%:z",
                   "minutes": "%Y-%m-%dT%H:%M%:z", "seconds": "%Y-%m-%dT%H:%M:%S%:z",
                   "ns": "%Y-%m-%dT%H:%M:%S,%N%:z"}
            matches = [k for k in iso if k.startswith(spec)]
            if not matches:
                if gnu:
                    error(ctx, f"invalid argument {quote(value)} for '--iso-8601'")
                    ctx.stderr.write("Valid arguments are:\n  - 'hours'\n  - 'minutes'\n"
                                     "  - 'date'\n  - 'seconds'\n  - 'ns'\n")
                    return try_help(ctx)
                return busybox_usage(ctx)
            fmt = iso[matches[0]]
        elif key == "rfc3339":
            spec = {"date": "%Y-%m-%d", "seconds": "%Y-%m-%d %H:%M:%S%:z",
                    "ns": "%Y-%m-%d %H:%M:%S.%N%:z"}.get(value)
            if spec is None:
                error(ctx, f"invalid argument {quote(value)} for '--rfc-3339'")
                ctx.stderr.write("Valid arguments are:\n  - 'date'\n  - 'seconds'\n"
                                 "  - 'ns'\n")
                return try_help(ctx)
            fmt = spec
        elif key == "s":
            set_to = value
    for operand in operands:
        if operand.startswith("+") and fmt is None:
            fmt = operand[1:]
        elif operand.startswith("+"):
            if gnu:
                error(ctx, f"extra operand {quote(operand)}")
                return try_help(ctx)
            return busybox_usage(ctx)
        elif set_to is None and not [k for k, _ in opts if k == "d"]:
            set_to = operand
        else:
            if gnu:
                error(ctx, f"extra operand {quote(operand)}")
                return try_help(ctx)
            return busybox_usage(ctx)
    if set_to is not None:
        parsed = parse_date(set_to, now, gnu) if not re.fullmatch(r"\d{8,12}(\.\d\d)?", set_to) \
            else now
        if parsed is None:
            error(ctx, f"invalid date {quote(set_to)}")
            return 1
        # clock_settime needs CAP_SYS_TIME, which Docker does not grant. Both say so and
        # still print the date asked for; BusyBox then ends with 0, coreutils with 1.
        error(ctx, ("cannot" if gnu else "can't") + f" set date: {ctx.strerror(1)}")
        ctx.out(strftime(fmt if fmt is not None else "%a %b %e %H:%M:%S %Z %Y", parsed, gnu=gnu)
                + "\n")
        return 1 if gnu else 0
    ctx.out(strftime(fmt if fmt is not None else "%a %b %e %H:%M:%S %Z %Y", when, gnu=gnu)
            + "\n")
    return 0


# -- which ---------------------------------------------------------------------------------

def _executables(ctx: Context, name: str, every: bool) -> List[str]:
    if "/" in name:
        try:
            entry = ctx.fs.stat(name, ctx.cwd)
        except FSError:
            return []
        return [name] if entry.kind == FILE and entry.mode & 0o111 else []
    found = every_executable(ctx.fs, name, ctx.env.get("PATH", DEFAULT_PATH), ctx.cwd)
    return found if every else found[:1]


@program("which")
def which(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    args = ctx.argv[1:]
    every = silent = False
    names: List[str] = []
    if gnu:
        # debianutils' which is a shell script with its own getopts loop.
        i = 0
        while i < len(args) and args[i].startswith("-") and args[i] != "-":
            if args[i] == "--":
                i += 1
                break
            for letter in args[i][1:]:
                if letter == "a":
                    every = True
                elif letter == "s":
                    silent = True
                else:
                    ctx.stderr.write(f"Illegal option -{letter}\n")
                    ctx.stderr.write("Usage: /usr/bin/which [-as] args\n")
                    return 2
            i += 1
        names = args[i:]
        if not names:
            return 1
    else:
        try:
            opts, names = parse(ctx, args, "a")
        except OptionError as err:
            return bad_option(ctx, err)
        every = bool(opts)
        if not names:
            return busybox_usage(ctx)
    status = 0
    for name in names:
        found = _executables(ctx, name, every)
        if not found:
            status = 1
            continue
        if not silent:
            ctx.out("".join(path + "\n" for path in found))
    return status


# -- ps ------------------------------------------------------------------------------------

_BB_COLUMNS = {  # name: (width, header)
    "user": (8, "USER"), "group": (8, "GROUP"), "comm": (16, "COMMAND"),
    "args": (2048, "COMMAND"), "pid": (5, "PID"), "ppid": (5, "PPID"), "pgid": (5, "PGID"),
    "etime": (7, "ELAPSED"), "nice": (5, "NI"), "rgroup": (8, "RGROUP"),
    "ruser": (8, "RUSER"), "time": (5, "TIME"), "tty": (6, "TT"), "vsz": (4, "VSZ"),
    "sid": (5, "SID"), "stat": (4, "STAT"), "rss": (4, "RSS"),
}
_BB_ORDER = ["user", "group", "comm", "args", "pid", "ppid", "pgid", "etime", "nice",
             "rgroup", "ruser", "time", "tty", "vsz", "sid", "stat", "rss"]

# What ps shows for memory when the kernel keeps no per-process accounting:
# a small program's typical sizes, in KiB (RSS comes from Process.rss when set).
DEFAULT_VSZ, DEFAULT_RSS = 2580, 1280


def _process_user(ctx: Context, process) -> Tuple[str, int]:
    spec = str(getattr(process, "user", "root") or "root")
    who = identity(ctx, spec)
    uid = who.uid if who else 0
    return user_name(ctx, uid) or str(uid), uid


def _bb_time(seconds: int) -> str:
    minutes, secs = divmod(int(seconds), 60)
    if minutes < 60:
        return f"{minutes:2d}:{secs:02d}"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours:2d}h{minutes:02d}"
    days, hours = divmod(hours, 24)
    if days < 100:
        return f"{days:2d}d{hours:02d}"
    return f"{days:4d}d"


def _rss_kib(process) -> int:
    """Resident memory in KiB: the kernel's accounting, else a small program's."""
    rss = getattr(process, "rss", None)
    return int(rss) // 1024 if rss else DEFAULT_RSS


def _vsz_kib(process) -> int:
    # No address-space accounting: a program maps about twice what it touches.
    return max(DEFAULT_VSZ, 2 * _rss_kib(process))


def _cpu(process) -> int:
    return int(getattr(process, "cpu_time", 0.0) or 0)


def _args_text(process) -> str:
    text = " ".join(process.argv)
    return text if text else f"[{process.argv[0] if process.argv else ''}]"


def _stat(process, self_pid: int, gnu: bool) -> str:
    state = "R" if process.nspid == self_pid else state_letter(process)
    if gnu and (process.nspid == 1 or process.ppid == 0):
        state += "s"
    return state


def _busybox_ps(ctx: Context, args: List[str]) -> int:
    try:
        opts, _ = parse(ctx, args, "Zo:aAdeflT")
    except OptionError as err:
        return bad_option(ctx, err)
    specs: List[str] = [value for key, value in opts if key == "o"]
    columns: List[Tuple[str, int, str]] = []
    for spec in specs or ["pid,user,time,args"]:
        pieces = spec.split(",")
        for index, piece in enumerate(pieces):
            name, eq, header = piece.partition("=") if index == len(pieces) - 1 else \
                (piece, "", "")
            found = next((c for c in _BB_ORDER if c.startswith(name[:6]) and name[:6] ==
                          c[:6]), None) if name else None
            if found is None:
                error(ctx, f"bad -o argument '{name}', supported arguments: "
                           + ",".join(c[:6] for c in _BB_ORDER))
                return 1
            width, default_header = _BB_COLUMNS[found]
            if eq:
                if header:
                    width = len(header)
                columns.append((found, width, header))
            else:
                columns.append((found, width, default_header))
    kernel = Kernel(ctx)
    now = ctx.now()
    lines = []
    if any(header for _, _, header in columns):
        head = "".join(f"{h:<{w}} " for _, w, h in columns[:-1]) + columns[-1][2]
        lines.append(head)
    for process in kernel.processes():
        user, _ = _process_user(ctx, process)
        values = []
        for name, width, _ in columns:
            if name == "pid":
                value = f"{process.nspid:{width}d}"
            elif name == "ppid":
                value = f"{process.ppid:{width}d}"
            elif name in ("pgid", "sid"):
                value = f"{process.nspid:{width}d}"
            elif name in ("user", "ruser"):
                value = user[:width]
            elif name in ("group", "rgroup"):
                who = identity(ctx, str(getattr(process, "user", "root")))
                gid = who.gid if who else 0
                value = (group_name(ctx, gid) or str(gid))[:width]
            elif name == "comm":
                value = (process.argv[0].rsplit("/", 1)[-1] if process.argv else "")[:15]
            elif name == "args":
                value = _args_text(process)
            elif name == "time":
                value = _bb_time(_cpu(process))
            elif name == "etime":
                value = _bb_time(max(0, int(now - process.started)))
            elif name == "tty":
                value = "pts/0" if process.ctx.tty else "?"
            elif name == "nice":
                value = f"{0:{width}d}"
            elif name == "vsz":
                value = _bb_size(_vsz_kib(process))
            elif name == "rss":
                value = _bb_size(_rss_kib(process))
            elif name == "stat":
                value = _stat(process, ctx.pid, False)
            else:
                value = "-"
            values.append(value or "-")
        line = ""
        for index, (value, (_, width, _)) in enumerate(zip(values, columns)):
            line += value
            if index < len(columns) - 1:
                line += " " * max(width - len(value) + 1, 1)
        lines.append(line)
    ctx.out("".join(line + "\n" for line in lines))
    return 0


def _bb_size(kib: int) -> str:
    if kib < 10000:
        return str(kib)
    for unit in "mgtpezy":
        kib //= 1024
        if kib < 10000:
            return f"{kib}{unit}"
    return str(kib)


PID_WIDTH = 7  # procps 4 sizes the PID column for pid_max (4194304 on 64-bit hosts)


def _start(started: float, now: float) -> str:
    t = _time.gmtime(started)
    if now - started < 86400:
        return f"{t.tm_hour:02d}:{t.tm_min:02d}"
    if now - started < 365 * 86400:
        return _MONTHS[t.tm_mon - 1][:3] + f"{t.tm_mday:02d}"
    return str(t.tm_year)


def _gnu_ps(ctx: Context, args: List[str]) -> int:
    """procps-ng 4: BSD-style ("aux") and UNIX-style ("-ef") listings."""
    bsd = bool(args) and not args[0].startswith("-")
    letters = set()
    custom: List[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg.startswith("--"):
            ctx.stderr.write("error: unknown gnu long option\n")
            ctx.stderr.write(_PROCPS_USAGE)
            return 1
        body = arg.lstrip("-")
        j = 0
        while j < len(body):
            letter = body[j]
            if letter == "o":
                value = body[j + 1:] or (args[i + 1] if i + 1 < len(args) else "")
                if not body[j + 1:]:
                    i += 1
                custom.append(value)
                break
            if letter not in "aefuxAlwHjTpqCGUtnNrgs":
                if not arg.startswith("-") or letter in "ZXLmy":
                    pass
                ctx.stderr.write("error: unsupported SysV option\n" if arg.startswith("-")
                                 else "error: unsupported option (BSD syntax)\n")
                ctx.stderr.write(_PROCPS_USAGE)
                return 1
            letters.add(letter)
            j += 1
        i += 1
    kernel = Kernel(ctx)
    now = ctx.now()
    processes = kernel.processes()
    width = PID_WIDTH
    lines: List[str] = []
    if custom:
        return _gnu_custom(ctx, custom, processes, now)
    if bsd and "u" in letters:
        total_kib = kernel.meminfo().get("MemTotal", DEFAULT_HOST_MEMORY // 1024)
        lines.append(f"{'USER':<8} {'PID':>{width}} %CPU %MEM    VSZ   RSS TTY      STAT START"
                     f"   TIME COMMAND")
        for process in processes:
            user, _ = _process_user(ctx, process)
            mem = _rss_kib(process) * 100.0 / total_kib if total_kib else 0.0
            cpu = _cpu(process)
            lines.append(f"{user[:8]:<8} {process.nspid:>{width}}  0.0 {mem:4.1f} "
                         f"{_vsz_kib(process):6d} {_rss_kib(process):5d} ?        "
                         f"{_stat(process, ctx.pid, True):<4} {_start(process.started, now):>5}"
                         f" {cpu // 60:3d}:{cpu % 60:02d} {_args_text(process)}")
    elif "f" in letters and not bsd:
        lines.append(f"{'UID':<8} {'PID':>{width}} {'PPID':>{width}}  C STIME TTY          "
                     f"TIME CMD")
        for process in processes:
            user, _ = _process_user(ctx, process)
            lines.append(f"{user[:8]:<8} {process.nspid:>{width}} {process.ppid:>{width}}  0 "
                         f"{_start(process.started, now):<5} ?        {cpu_clock(_cpu(process))} "
                         f"{_args_text(process)}")
    elif bsd:
        lines.append(f"{'PID':>{width}} TTY      STAT   TIME COMMAND")
        for process in processes:
            cpu = _cpu(process)
            lines.append(f"{process.nspid:>{width}} ?        {_stat(process, ctx.pid, True):<4}"
                         f" {cpu // 60:3d}:{cpu % 60:02d} {_args_text(process)}")
    else:
        lines.append(f"{'PID':>{width}} TTY          TIME CMD")
        me = identity(ctx)
        my_uid = me.uid if me else 0
        for process in processes:
            _, uid = _process_user(ctx, process)
            if not ({"e", "A", "a"} & letters) and uid != my_uid:
                continue
            comm = (process.argv[0].rsplit("/", 1)[-1] if process.argv else "")[:15]
            lines.append(f"{process.nspid:>{width}} ?        {cpu_clock(_cpu(process))} {comm}")
    ctx.out("".join(line + "\n" for line in lines))
    return 0


_GNU_O = {  # name: (header, align right?)
    "pid": ("PID", True), "ppid": ("PPID", True), "user": ("USER", False),
    "uid": ("UID", True), "comm": ("COMMAND", False), "args": ("COMMAND", False),
    "cmd": ("CMD", False), "command": ("COMMAND", False), "time": ("TIME", True),
    "etime": ("ELAPSED", True), "tty": ("TT", False), "stat": ("STAT", False),
    "rss": ("RSS", True), "vsz": ("VSZ", True), "%cpu": ("%CPU", True), "%mem": ("%MEM", True),
    "nice": ("NI", True), "ni": ("NI", True), "pgid": ("PGID", True), "sid": ("SID", True),
    "group": ("GROUP", False), "s": ("S", False), "lstart": ("STARTED", False),
    "start": ("STARTED", True), "stime": ("STIME", False),
}


def _gnu_custom(ctx: Context, specs: List[str], processes, now: float) -> int:
    fields: List[Tuple[str, str]] = []
    for spec in specs:
        for index, piece in enumerate(re.split(r"[,\s]+", spec)):
            name, eq, header = piece.partition("=")
            key = name.lower()
            if key not in _GNU_O:
                ctx.stderr.write("error: unknown user-defined format specifier "
                                 f"\"{name}\"\n")
                ctx.stderr.write(_PROCPS_USAGE)
                return 1
            fields.append((key, header if eq else _GNU_O[key][0]))
            if eq:
                break
    rows = []
    for process in processes:
        user, uid = _process_user(ctx, process)
        row = []
        for key, _ in fields:
            value = {
                "pid": str(process.nspid), "ppid": str(process.ppid), "user": user,
                "uid": str(uid), "comm": (process.argv[0].rsplit("/", 1)[-1]
                                          if process.argv else "")[:15],
                "args": _args_text(process), "cmd": _args_text(process),
                "command": _args_text(process), "time": cpu_clock(_cpu(process)),
                "etime": _elapsed(now - process.started),
                "tty": "pts/0" if process.ctx.tty else "?",
                "stat": _stat(process, ctx.pid, True), "s": _stat(process, ctx.pid, True)[0],
                "rss": str(_rss_kib(process)), "vsz": str(_vsz_kib(process)), "%cpu": "0.0",
                "%mem": "0.0",
                "nice": "0", "ni": "0", "pgid": str(process.nspid), "sid": str(process.nspid),
                "group": group_name(ctx, 0) or "0", "stime": _start(process.started, now),
                "start": _start(process.started, now),
                "lstart": _time.strftime("%a %b %e %H:%M:%S %Y", _time.gmtime(process.started)),
            }[key]
            row.append(value)
        rows.append(row)
    widths = []
    for index, (key, header) in enumerate(fields):
        base = {"pid": PID_WIDTH, "ppid": PID_WIDTH, "pgid": PID_WIDTH, "sid": PID_WIDTH,
                "user": 8, "uid": 5, "time": 8, "etime": 11, "tty": 8, "stat": 4, "rss": 5,
                "vsz": 6, "%cpu": 4, "%mem": 4, "nice": 3, "ni": 3, "group": 8,
                "lstart": 24, "stime": 5, "start": 8, "s": 1, "comm": 15}.get(key, 0)
        widths.append(max([base, len(header)] + ([len(r[index]) for r in rows]
                                                   if key in ("user", "group") else [])))
    show_header = any(header for _, header in fields)
    lines = []

    def render(values: List[str]) -> str:
        parts = []
        for index, ((key, _), value) in enumerate(zip(fields, values)):
            last = index == len(fields) - 1
            if _GNU_O[key][1]:
                parts.append(value.rjust(widths[index]))
            else:
                parts.append(value if last else value.ljust(widths[index]))
        return " ".join(parts).rstrip() if not _GNU_O[fields[-1][0]][1] else " ".join(parts)

    if show_header:
        lines.append(render([header for _, header in fields]))
    lines.extend(render(row) for row in rows)
    ctx.out("".join(line + "\n" for line in lines))
    return 0


def _elapsed(seconds: float) -> str:
    seconds = int(max(0, seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}-{hours:02d}:{minutes:02d}:{secs:02d}"
    if hours:
        return f"{hours:02d}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


_PROCPS_USAGE = """\

Usage:
 ps [options]

 Try 'ps --help <simple|list|output|threads|misc|all>'
  or 'ps --help <s|l|o|t|m|a>'
 for additional help text.

For more details see ps(1).
"""


@program("ps")
def ps(ctx: Context) -> int:
    args = ctx.argv[1:]
    if ctx.flavour == "gnu":
        return _gnu_ps(ctx, args)
    return _busybox_ps(ctx, args)


# -- kill ----------------------------------------------------------------------------------

PROCPS_KILL_USAGE = """
Usage:
 kill [options] <pid> [...]

Options:
 <pid> [...]            send signal to every <pid> listed
 -<signal>, -s, --signal <signal>
                        specify the <signal> to be sent
 -q, --queue <value>    integer value to be sent with the signal
 -l, --list=[<signal>]  list all signal names, or convert one to a name
 -L, --table            list all signal names in a nice table

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see kill(1).
"""

# Both kill programs name signal 29 POLL (the C library's name; IO is its alias).
_PROCPS_NAMES = dict(SIGNAL_NAMES)
_PROCPS_NAMES[29] = "POLL"


def _signal_number(text: str) -> Optional[int]:
    if text.isdigit():
        number = int(text)
        return number if 0 <= number <= 64 else None
    name = text.upper()
    if name.startswith("SIG"):
        name = name[3:]
    if name in ("POLL",):
        return 29
    if name in ("IOT",):
        return 6
    if name in ("CLD",):
        return 17
    return SIGNALS.get(name)


def _list_signals(ctx: Context, gnu: bool, which: Optional[str]) -> int:
    if which is not None:
        if which.isdigit():
            number = int(which)
            if number > 128:
                number -= 128
            name = (_PROCPS_NAMES if gnu else SIGNAL_NAMES).get(number)
            if name is None:
                if gnu:
                    error(ctx, f"unknown signal {which}")
                else:
                    error(ctx, f"bad signal name '{which}'")
                return 1
            ctx.out(name + "\n")
            return 0
        number = _signal_number(which)
        if number is None:
            if gnu:
                error(ctx, f"unknown signal {which}")
            else:
                error(ctx, f"bad signal name '{which}'")
            return 1
        ctx.out(f"{number}\n")
        return 0
    if gnu:
        names = [_PROCPS_NAMES[n] for n in range(1, 32)]
        ctx.out(" ".join(names[:16]) + "\n" + " ".join(names[16:]) + "\n")
    else:
        ctx.out("".join(f"{n:2d}) {_PROCPS_NAMES[n]}\n" for n in range(1, 32)))
    return 0


@program("kill")
def kill(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    args = ctx.argv[1:]
    signum = 15
    i = 0
    if not args:
        if gnu:
            ctx.stderr.write(PROCPS_KILL_USAGE)
        else:
            error(ctx, "you need to specify whom to kill")
        return 1
    first = args[0]
    if first in ("-l", "--list", "-L", "--table") or first.startswith("--list="):
        which = args[1] if len(args) > 1 else (first.split("=", 1)[1] if "=" in first else None)
        return _list_signals(ctx, gnu, which)
    if first in ("-s", "--signal"):
        if len(args) < 2:
            if gnu:
                ctx.stderr.write(PROCPS_KILL_USAGE)
                return 1
            return busybox_usage(ctx)
        number = _signal_number(args[1])
        if number is None and not gnu:
            error(ctx, f"bad signal name '{args[1]}'")
            return 1
        # procps passes an unknown name on as -1, and kill(2) refuses it: EINVAL.
        signum, i = (number if number is not None else -1), 2
    elif first.startswith("-") and first != "-" and first != "--":
        number = _signal_number(first[1:])
        if number is None:
            if gnu:
                error(ctx, f"invalid argument {first[1:]}")
                ctx.stderr.write(PROCPS_KILL_USAGE)
            else:
                error(ctx, f"bad signal name '{first[1:]}'")
            return 1
        signum, i = number, 1
    if i < len(args) and args[i] == "--":
        i += 1
    pids = args[i:]
    if not pids:
        if gnu:
            ctx.stderr.write(PROCPS_KILL_USAGE)
            return 1
        error(ctx, "you need to specify whom to kill")
        return 1
    kernel = Kernel(ctx)
    status = 0
    for text in pids:
        if not re.fullmatch(r"-?\d+", text):
            if gnu:
                error(ctx, f"failed to parse argument: {quote(text)}")
            else:
                error(ctx, f"invalid number '{text}'")
            status = 1
            continue
        pid = int(text)
        try:
            if signum < 0:
                raise FSError(22, text)
            kernel.kill(pid, signum)
        except FSError as err:
            status = 1
            if gnu:
                error(ctx, f"({pid}): {ctx.strerror(err)}")
            else:
                error(ctx, f"can't kill pid {pid}: {ctx.strerror(err)}")
        except Exception as err:  # noqa: BLE001 - the kernel's own refusal
            status = 1
            code = getattr(err, "errno", 3)
            if gnu:
                error(ctx, f"({pid}): {ctx.strerror(code)}")
            else:
                error(ctx, f"can't kill pid {pid}: {ctx.strerror(code)}")
    return status


# -- free, uptime --------------------------------------------------------------------------

def _procps_human(kib: int) -> str:
    value = float(kib) * 1024
    if value < 1024:
        return f"{int(value)}B"
    for unit in ("Ki", "Mi", "Gi", "Ti", "Pi", "Ei"):
        value /= 1024
        if value < 1024 or unit == "Ei":
            if value < 10:
                return f"{value:.1f}{unit}"
            return f"{int(value + 0.5) if value >= 100 else round(value)}{unit}"
    return f"{kib}Ki"


def _busybox_human(kib: int) -> str:
    if kib == 0:
        return "0"
    value = float(kib)
    for unit in "MGTPE":
        value /= 1024
        if value < 1024:
            return f"{value:.1f}{unit}"
    return f"{value:.1f}E"


def _procps_options(ctx: Context, args, short: str, long_options, gnu_usage: str):
    """free/uptime options: procps prints its own usage on any error and takes no
    operand; BusyBox reports like its other applets. The options, or an exit status."""
    gnu = ctx.flavour == "gnu"
    try:
        opts, operands = parse(ctx, args, short, long_options if gnu else None)
    except OptionError as err:
        if gnu:
            ctx.stderr.write(err.message(ctx))
            ctx.stderr.write(gnu_usage)
            return 1
        return bad_option(ctx, err)
    if operands:
        if gnu:
            ctx.stderr.write(gnu_usage)
            return 1
        return busybox_usage(ctx)
    return opts


@program("free")
def free(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    args = ctx.argv[1:]
    opts = _procps_options(ctx, args, "bkmghltwvs:c:" if gnu else "bkmgh",
                           {"bytes": "b", "kilo": "kilo", "mega": "mega", "giga": "giga",
                            "kibi": "k", "mebi": "m", "gibi": "g", "human": "h",
                            "lohi": "l", "total": "t", "wide": "w", "si": "si",
                            "seconds=": "s", "count=": "c", "committed": "v",
                            "help": "help", "version": "V"}, _FREE_USAGE)
    if isinstance(opts, int):
        return opts
    unit = "k"
    show_total = False
    for key, _ in opts:
        if key in ("b", "k", "m", "g", "h"):
            unit = key
        elif key in ("mega", "kilo", "giga"):
            unit = key[0]
        elif key == "t":
            show_total = True
    info = Kernel(ctx).meminfo()
    total = info.get("MemTotal", 0)
    free_kib = info.get("MemFree", 0)
    buffers = info.get("Buffers", 0)
    cache = info.get("Cached", 0) + info.get("SReclaimable", 0)
    shared = info.get("Shmem", 0)
    available = info.get("MemAvailable", free_kib)
    swap_total = info.get("SwapTotal", 0)
    swap_free = info.get("SwapFree", 0)
    if gnu:
        used = total - available if available <= total else total - free_kib - buffers - cache
    else:
        used = total - free_kib - buffers - cache
    mem = [total, used, free_kib, shared, buffers + cache, available]
    swap = [swap_total, swap_total - swap_free, swap_free]

    def show(kib: int) -> str:
        if unit == "h":
            return _procps_human(kib) if gnu else _busybox_human(kib)
        if unit == "b":
            return str(kib * 1024)
        shift = {"k": 0, "m": 10, "g": 20}[unit]
        if gnu:
            return str(kib >> shift)
        return str((kib + ((1 << shift) >> 1)) >> shift) if shift else str(kib)

    lines = []
    if gnu:
        lines.append(f"{'':8}{'total':>12}{'used':>12}{'free':>12}{'shared':>12}"
                     f"{'buff/cache':>12}{'available':>12}")
        lines.append(f"{'Mem:':<8}" + "".join(f"{show(v):>12}" for v in mem))
        lines.append(f"{'Swap:':<8}" + "".join(f"{show(v):>12}" for v in swap))
        if show_total:
            lines.append(f"{'Total:':<8}" + "".join(
                f"{show(v):>12}" for v in (total + swap_total, used + swap[1],
                                           free_kib + swap_free)))
    else:
        lines.append(f"{'':7}{'total':>12}{'used':>12}{'free':>12}{'shared':>12}"
                     f"{'buff/cache':>12}{'available':>12}")
        lines.append(f"{'Mem:':<7}" + "".join(f"{show(v):>12}" for v in mem))
        lines.append(f"{'Swap:':<7}" + "".join(f"{show(v):>12}" for v in swap))
    ctx.out("".join(line + "\n" for line in lines))
    return 0


_FREE_USAGE = """
Usage:
 free [options]

Options:
 -b, --bytes         show output in bytes
     --kilo          show output in kilobytes
     --mega          show output in megabytes
     --giga          show output in gigabytes
     --tera          show output in terabytes
     --peta          show output in petabytes
 -k, --kibi          show output in kibibytes
 -m, --mebi          show output in mebibytes
 -g, --gibi          show output in gibibytes
     --tebi          show output in tebibytes
     --pebi          show output in pebibytes
 -h, --human         show human-readable output
     --si            use powers of 1000 not 1024
 -l, --lohi          show detailed low and high memory statistics
 -L, --line          show output on a single line
 -t, --total         show total for RAM + swap
 -v, --committed     show committed memory and commit limit
 -s N, --seconds N   repeat printing every N seconds
 -c N, --count N     repeat printing N times, then exit
 -w, --wide          wide output

     --help     display this help and exit
 -V, --version  output version information and exit

For more details see free(1).
"""


def uptime_line(ctx: Context, gnu: bool) -> str:
    kernel = Kernel(ctx)
    now = _time.gmtime(ctx.now())
    up = int(kernel.uptime())
    days, rest = divmod(up, 86400)
    hours, minutes = divmod(rest // 60, 60)
    text = f" {now.tm_hour:02d}:{now.tm_min:02d}:{now.tm_sec:02d} up "
    if days:
        text += f"{days} day{'s' if days != 1 else ''}, "
    if hours:
        text += f"{hours:2d}:{minutes:02d}, "
    else:
        text += f"{minutes} min, "
    users = 0
    text += f"{users:2d} user{'s' if users != 1 and not gnu else ''}, " if not gnu else \
        f"{users:2d} user, "
    if not gnu:
        text = text.replace(f"{users:2d} user, ", f"{users:2d} users, ")
    load = kernel.loadavg()
    text += f" load average: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}"
    return text


@program("uptime")
def uptime(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    args = ctx.argv[1:]
    opts = _procps_options(ctx, args, "psrhV" if gnu else "",
                           {"pretty": "p", "since": "s", "raw": "r", "help": "h",
                            "version": "V"}, _UPTIME_USAGE)
    if isinstance(opts, int):
        return opts
    flags = {key for key, _ in opts}
    kernel = Kernel(ctx)
    if "h" in flags:
        ctx.out(_UPTIME_USAGE)
        return 0
    if "p" in flags:
        up = int(kernel.uptime())
        weeks, rest = divmod(up, 604800)
        days, rest = divmod(rest, 86400)
        hours, rest = divmod(rest, 3600)
        minutes = rest // 60
        parts = []
        for value, name in ((weeks, "week"), (days, "day"), (hours, "hour"),
                            (minutes, "minute")):
            if value:
                parts.append(f"{value} {name}{'s' if value != 1 else ''}")
        ctx.out("up " + (", ".join(parts) if parts else "0 minutes") + "\n")
        return 0
    if "s" in flags:
        boot = ctx.now() - kernel.uptime()
        ctx.out(strftime("%Y-%m-%d %H:%M:%S", boot) + "\n")
        return 0
    if "r" in flags:
        load = kernel.loadavg()
        ctx.out(f"{int(ctx.now())} {kernel.uptime():.6f} 0 {load[0]:.6f} {load[1]:.6f} "
                f"{load[2]:.6f}\n")
        return 0
    ctx.out(uptime_line(ctx, gnu) + "\n")
    return 0


_UPTIME_USAGE = """
Usage:
 uptime [options]

Options:
 -p, --pretty   show uptime in pretty format
 -r, --raw      show uptime values in raw format
 -h, --help     display this help and exit
 -s, --since    system up since
 -V, --version  output version information and exit

For more details see uptime(1).
"""


# -- clear ---------------------------------------------------------------------------------

@program("clear")
def clear(ctx: Context) -> int:
    """BusyBox writes ESC[H ESC[J; ncurses' clear asks terminfo for $TERM."""
    if ctx.flavour == "busybox":
        ctx.out("\x1b[H\x1b[J")
        return 0
    term = ctx.env.get("TERM")
    if not term:
        ctx.stderr.write("TERM environment variable not set.\n")
        return 1
    if term == "dumb":
        return 0
    if term.startswith(("xterm", "screen", "tmux", "linux", "vt", "rxvt")):
        ctx.out("\x1b[H\x1b[2J" + ("\x1b[3J" if not term.startswith(("vt", "screen.linux"))
                                   and term != "linux" else ""))
        return 0
    ctx.stderr.write(f"'{term}': unknown terminal type.\n")
    return 1


# -- xargs ---------------------------------------------------------------------------------

class _QuoteError(Exception):
    def __init__(self, kind: str, items: List[str]):
        super().__init__(kind)
        self.kind, self.items = kind, items


def _xargs_items(text: str, eof: Optional[str]) -> List[str]:
    """Blank-separated items with '...', "..." and backslash quoting."""
    items: List[str] = []
    current: List[str] = []
    have = False
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t\n":
            if have:
                word = "".join(current)
                if eof is not None and word == eof:
                    return items
                items.append(word)
                current, have = [], False
            i += 1
            continue
        if c in "'\"":
            end = text.find(c, i + 1)
            newline = text.find("\n", i + 1)
            if end < 0 or (0 <= newline < end):
                raise _QuoteError("single" if c == "'" else "double", items)
            current.append(text[i + 1:end])
            have = True
            i = end + 1
            continue
        if c == "\\" and i + 1 < n:
            current.append(text[i + 1])
            have = True
            i += 2
            continue
        current.append(c)
        have = True
        i += 1
    if have:
        word = "".join(current)
        if not (eof is not None and word == eof):
            items.append(word)
    return items


@program("xargs")
def xargs(ctx: Context):
    gnu = ctx.flavour == "gnu"
    args = ctx.argv[1:]
    try:
        opts, command = parse(
            ctx, args, "+0a:d:E:e::I:i::L:l::n:prs:txP:" if gnu else "+0a:rtpE:e::I:n:s:P:x",
            {"null": "0", "arg-file=": "a", "delimiter=": "d", "eof?": "e", "replace?": "i",
             "max-lines?": "l", "max-args=": "n", "interactive": "p",
             "no-run-if-empty": "r", "max-chars=": "s", "verbose": "t", "exit": "x",
             "max-procs=": "P", "show-limits": "show-limits"} if gnu else None)
    except OptionError as err:
        return bad_option(ctx, err)
    null = verbose = no_run_empty = False
    max_args: Optional[int] = None
    replace: Optional[str] = None
    max_lines: Optional[int] = None
    delimiter: Optional[str] = None
    eof: Optional[str] = None
    source: Optional[str] = None
    for key, value in opts:
        if key == "0":
            null = True
        elif key == "t":
            verbose = True
        elif key == "r":
            no_run_empty = True
        elif key == "n":
            if not value.isdigit() or int(value) < 1:
                if gnu:
                    error(ctx, f"invalid number {quote(value)} for -n option")
                    return 1
                error(ctx, f"invalid number '{value}'")
                return 1
            max_args = int(value)
        elif key in ("I", "i"):
            replace = value if value else "{}"
            max_lines = 1
        elif key in ("L", "l"):
            max_lines = int(value) if value and value.isdigit() else 1
        elif key == "d":
            delimiter = value.encode().decode("unicode_escape") if "\\" in value else value
        elif key in ("E", "e"):
            eof = value or None
        elif key == "a":
            source = value
    if source is not None:
        try:
            text = decode(ctx.fs.read(source, ctx.cwd))
        except FSError as err:
            if gnu:
                error(ctx, f"cannot open {quote(source)}: {ctx.strerror(err)}")
            else:
                error(ctx, f"can't open '{source}': {ctx.strerror(err)}")
            return 1
    else:
        text = ctx.stdin.read()
    command = command or ["echo"]
    status_failed = False
    try:
        if null or delimiter is not None:
            sep = "\0" if null else delimiter
            items = text.split(sep)
            if items and items[-1] == "":
                items.pop()
        elif replace is not None or max_lines is not None:
            items = [line.lstrip(" \t") if replace is not None else line
                     for line in text.split("\n") if line.strip() != ""]
            if replace is None:
                items = [" ".join(_xargs_items(line, eof)) for line in items]
        else:
            items = _xargs_items(text, eof)
        quote_error = None
    except _QuoteError as err:
        items = err.items
        quote_error = err.kind
        if not gnu:
            error(ctx, f"unmatched {err.kind} quote")
            return 1
    batches: List[List[str]] = []
    if replace is not None:
        for item in items:
            batches.append([arg.replace(replace, item) for arg in command])
    else:
        per = max_args or (max_lines if max_lines is not None else None)
        if max_lines is not None and replace is None:
            groups_ = [items[i:i + max_lines] for i in range(0, len(items), max_lines)]
            for group in groups_:
                args_ = [a for line in group for a in line.split()] if max_lines else group
                batches.append(command + args_)
        elif per:
            for i in range(0, len(items), per):
                batches.append(command + items[i:i + per])
        elif items:
            batches.append(command + items)
        if not batches and not no_run_empty and quote_error is None:
            # Without -r a command runs once even with no input (GNU and BusyBox).
            batches.append(list(command))
    for argv in batches:
        if verbose:
            ctx.stderr.write(" ".join(argv) + "\n")
        try:
            status = yield from ctx.run(argv)
        except FSError as err:
            error(ctx, f"{argv[0]}: {ctx.strerror(err)}")
            return 126 if err.errno == EACCES else 127
        if status == 255:
            error(ctx, f"{argv[0]}: exited with status 255; aborting")
            return 124
        if status > 128:
            if gnu:
                error(ctx, f"{argv[0]}: terminated by signal {status - 128}")
            else:
                error(ctx, f"'{argv[0]}' terminated by signal {status - 128}")
            return 125
        if status != 0:
            status_failed = True
    if quote_error is not None:
        error(ctx, f"unmatched {quote_error} quote; by default quotes are special to xargs "
                   f"unless you use the -0 option")
        return 1
    return 123 if status_failed else 0


__all__ = ["Kernel", "identity", "strftime", "parse_date", "uptime_line", "KERNEL_RELEASE"]
