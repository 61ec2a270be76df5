"""Programs about processes and their terminal: nproc, tty, timeout, nohup, and
pgrep/pkill/killall (BusyBox's; procps's and psmisc's on Debian when installed).

timeout really runs its command as a child and really signals it when the time
is up: GNU's then ends with 124 (or, for KILL, is killed with it); BusyBox's has
become the command itself (exec), so its parent sees the command's death.
"""

from __future__ import annotations

import posixpath
import time as time_module
import re
from typing import List, Optional

from ...proc.api import Context, WaitFor, program
from ...proc.signals import SIGNALS
from ...vfs.errno import ENOENT, FSError
from ..options import (OptionError, bad_option, busybox_usage, error, parse, quote)
from ..screen.ansi import ALT_SCREEN_OFF, ALT_SCREEN_ON, CLEAR, ERASE_SCREEN, HOME, goto
from ..sh.io import FileSink
from ...proc.scheduler import USER_FRACTION
from .tools import Kernel, _args_text

GNU_SUFFIXES = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


@program("nproc")
def nproc(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    long = {"all": "all", "ignore=": "ignore"}
    try:
        opts, operands = parse(ctx, ctx.argv[1:], "", long)
    except OptionError as err:
        return bad_option(ctx, err)
    if operands:
        if gnu:
            error(ctx, f"extra operand {quote(operands[0])}")
            ctx.stderr.write("Try 'nproc --help' for more information.\n")
        return 1
    count = ctx.system.cpus_allowed()  # the CPUs it may run on (sched_getaffinity)
    for key, value in opts:
        if key == "ignore":
            if not value.isdigit():
                error(ctx, f"invalid number: {quote(value)}")
                return 1
            count = max(1, count - int(value))
    ctx.out(f"{count}\n")
    return 0


@program("tty")
def tty(ctx: Context) -> int:
    try:
        opts, _ = parse(ctx, ctx.argv[1:], "s", {"silent": "s", "quiet": "s"}
                        if ctx.flavour == "gnu" else None)
    except OptionError as err:
        return bad_option(ctx, err, status=2)
    silent = any(key == "s" for key, _ in opts)
    if ctx.stdin.isatty:
        if not silent:
            ctx.out("/dev/pts/0\n")
        return 0
    if not silent:
        ctx.out("not a tty\n")
    return 1


def _duration(text: str, gnu: bool) -> Optional[float]:
    match = re.fullmatch(r"(\d+(?:\.\d*)?|\.\d+)([smhd]?)", text)
    if not match or (not gnu and match.group(2) and match.group(2) not in GNU_SUFFIXES):
        return None
    return float(match.group(1)) * GNU_SUFFIXES[match.group(2)]


def _signal(text: str) -> Optional[int]:
    if text.isdigit():
        return int(text)
    name = text.upper()
    return SIGNALS.get(name[3:] if name.startswith("SIG") else name)


@program("timeout")
def timeout(ctx: Context):
    gnu = ctx.flavour == "gnu"
    args = ctx.argv[1:]
    long = {"signal=": "s", "kill-after=": "k", "preserve-status": "p", "foreground": "f",
            "verbose": "v"} if gnu else None
    try:
        opts, operands = parse(ctx, args, "+s:k:v" if gnu else "+s:k:t:", long)
    except OptionError as err:
        return bad_option(ctx, err, status=125 if gnu else 1)
    signum, kill_after, preserve = 15, None, False
    for key, value in opts:
        if key == "s":
            signum = _signal(value)
            if signum is None:
                error(ctx, f"{value}: invalid signal" if gnu else f"bad signal name '{value}'")
                if gnu:
                    ctx.stderr.write("Try 'timeout --help' for more information.\n")
                return 125 if gnu else 1
        elif key == "k":
            kill_after = _duration(value, gnu)
        elif key == "p":
            preserve = True
    if len(operands) < 2:
        if gnu:
            if operands:
                error(ctx, f"missing operand after {quote(operands[0])}")
            ctx.stderr.write("Try 'timeout --help' for more information.\n")
            return 125
        return busybox_usage(ctx)
    seconds = _duration(operands[0], gnu)
    if seconds is None:
        if gnu:
            error(ctx, f"invalid time interval {quote(operands[0])}")
            ctx.stderr.write("Try 'timeout --help' for more information.\n")
            return 125
        error(ctx, f"invalid number '{operands[0]}'")
        return 1
    try:
        child = ctx.start(operands[1:])
    except FSError as err:
        if gnu:
            error(ctx, f"failed to run command {quote(operands[1])}: {ctx.strerror(err)}")
        else:
            error(ctx, f"can't execute '{operands[1]}': {ctx.strerror(err)}")
        return 127 if err.errno == ENOENT else 126
    if seconds > 0:
        yield WaitFor(child, seconds)
    else:
        yield WaitFor(child)
    if not child.alive:
        return child.exit_code
    _send(ctx, child, signum)
    if kill_after is not None:
        yield WaitFor(child, kill_after)
        if child.alive:
            _send(ctx, child, 9)
    if child.alive:
        yield WaitFor(child)
    if not gnu or signum == 9:
        # BusyBox's timeout *is* the command (it exec'ed it): its parent sees the signal;
        # GNU's sends KILL to its whole process group, itself included.
        ctx.system.kill(ctx.pid, signum)
        return 128 + signum
    return child.exit_code if preserve else 124


def _send(ctx: Context, process, signum: int) -> None:
    try:
        ctx.system.kill(process.nspid, signum)
    except FSError:
        pass  # it ended meanwhile


@program("nohup")
def nohup(ctx: Context):
    gnu = ctx.flavour == "gnu"
    args = ctx.argv[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        if gnu:
            error(ctx, "missing operand")
            ctx.stderr.write("Try 'nohup --help' for more information.\n")
            return 125
        return busybox_usage(ctx)
    stdout = None
    if ctx.stdout.isatty:  # a terminal's output goes to nohup.out instead
        path = posixpath.join(ctx.cwd, "nohup.out")
        try:
            ctx.fs.write(path, b"", append=True, mode=0o600)
        except FSError as err:
            error(ctx, f"failed to open 'nohup.out': {ctx.strerror(err)}")
            return 125 if gnu else 127
        ctx.stderr.write("nohup: ignoring input and appending output to 'nohup.out'\n" if gnu
                         else "nohup: appending output to nohup.out\n")
        stdout = FileSink(ctx.fs, path)
        stdout.unbuffered = True
    ctx.extra.setdefault("signals", {})[1] = None  # SIGHUP ignored, and so in the child
    try:
        return (yield from ctx.run(args, stdout=stdout))
    except FSError as err:
        error(ctx, f"failed to run command {quote(args[0])}: {ctx.strerror(err)}" if gnu
              else f"can't execute '{args[0]}': {ctx.strerror(err)}")
        return 127 if err.errno == ENOENT else 126


# -- pgrep, pkill, killall ------------------------------------------------------------------

def _matching(ctx: Context, pattern: str, full: bool, exact: bool, invert: bool) -> List:
    try:
        regex = re.compile(pattern)
    except re.error:
        return []
    found = []
    for process in Kernel(ctx).processes():
        if process.nspid == ctx.pid:
            continue  # never itself
        name = process.argv[0].rsplit("/", 1)[-1][:15] if process.argv else ""
        text = _args_text(process) if full else name
        hit = bool(regex.fullmatch(text) if exact else regex.search(text))
        if hit != invert:
            found.append(process)
    return found


@program("pgrep", "pkill")
def pgrep(ctx: Context) -> int:
    kill = ctx.argv[0].rsplit("/", 1)[-1] == "pkill"
    args = list(ctx.argv[1:])
    signum = 15
    if kill and args and args[0].startswith("-") and _signal(args[0][1:]) is not None:
        signum = _signal(args.pop(0)[1:])
    try:
        opts, operands = parse(ctx, args, "flnoxvs:P:" if not kill else "flnoxvs:P:")
    except OptionError as err:
        return bad_option(ctx, err, status=2)
    keys = {key for key, _ in opts}
    if len(operands) != 1:
        error(ctx, "no matching criteria specified" if not operands
              else "only one pattern can be provided")
        return 2
    found = _matching(ctx, operands[0], "f" in keys, "x" in keys, "v" in keys)
    if "n" in keys and found:
        found = [max(found, key=lambda p: (p.started, p.nspid))]
    elif "o" in keys and found:
        found = [min(found, key=lambda p: (p.started, p.nspid))]
    for process in found:
        if kill:
            _send(ctx, process, signum)
        elif "l" in keys:
            ctx.out(f"{process.nspid} {process.argv[0].rsplit('/', 1)[-1]}\n")
        else:
            ctx.out(f"{process.nspid}\n")
    return 0 if found else 1


@program("killall")
def killall(ctx: Context) -> int:
    args = list(ctx.argv[1:])
    signum = 15
    quiet = False
    while args and args[0].startswith("-") and len(args[0]) > 1:
        flag = args.pop(0)[1:]
        if flag == "q":
            quiet = True
        elif flag == "s" and args:
            signum = _signal(args.pop(0)) or 15
        elif _signal(flag) is not None:
            signum = _signal(flag)
        else:
            error(ctx, f"bad signal name '{flag}'")
            return 1
    if not args:
        return busybox_usage(ctx)
    status = 0
    for name in args:
        found = [p for p in Kernel(ctx).processes() if p.nspid != ctx.pid and p.argv
                 and p.argv[0].rsplit("/", 1)[-1] == name.rsplit("/", 1)[-1]]
        if not found:
            if not quiet:
                error(ctx, f"{name}: no process killed")
            status = 1
        for process in found:
            _send(ctx, process, signum)
    return status


@program("pidof")
def pidof(ctx: Context) -> int:
    """The PIDs of the processes running NAME (by name or argv[0]'s last part), newest
    first, on one line; -s only the newest, -o PID leaves one out (%PPID: the caller)."""
    try:
        opts, names = parse(ctx, ctx.argv[1:], "so:")
    except OptionError as err:
        return bad_option(ctx, err)
    single = any(key == "s" for key, _ in opts)
    omit = {ctx.ppid if value == "%PPID" else int(value) if value.isdigit() else -1
            for key, value in opts if key == "o"}
    found: List[int] = []
    for name in names:
        wanted = name.rsplit("/", 1)[-1]
        pids = sorted((p.nspid for p in Kernel(ctx).processes()
                       if p.argv and p.nspid != ctx.pid and p.nspid not in omit
                       and wanted in (p.argv[0].rsplit("/", 1)[-1], p.argv[0].rsplit("/", 1)[-1][:15])),
                      reverse=True)
        found += pids[:1] if single else pids
    if found:
        ctx.out(" ".join(str(pid) for pid in found) + "\n")
    return 0 if found else 1


__all__ = ["nproc", "tty", "timeout", "nohup", "pgrep", "killall", "pidof"]


# -- time (the BusyBox applet; bash's keyword is the shell's) -------------------------------

TIME_FORMATS = {"default": "real\t%E\nuser\t%u\nsys\t%T", "posix": "real %e\nuser %U\nsys %S"}
# -v: every counter, one per line, each named as BusyBox 1.37's time names it
VERBOSE_FIELDS = (
    ("Command being timed", '"%C"'), ("User time (seconds)", "%U"),
    ("System time (seconds)", "%S"), ("Percent of CPU this job got", "%P"),
    ("Elapsed (wall clock) time (h:mm:ss or m:ss)", "%E"),
    ("Average shared text size (kbytes)", "%X"), ("Average unshared data size (kbytes)", "%D"),
    ("Average stack size (kbytes)", "%p"), ("Average total size (kbytes)", "%K"),
    ("Maximum resident set size (kbytes)", "%M"), ("Average resident set size (kbytes)", "%t"),
    ("Major (requiring I/O) page faults", "%F"), ("Minor (reclaiming a frame) page faults", "%R"),
    ("Voluntary context switches", "%w"), ("Involuntary context switches", "%c"),
    ("Swaps", "%W"), ("File system inputs", "%I"), ("File system outputs", "%O"),
    ("Socket messages sent", "%s"), ("Socket messages received", "%r"),
    ("Signals delivered", "%k"), ("Page size (bytes)", "%Z"), ("Exit status", "%x"))
TIME_FORMATS["verbose"] = "\n".join(f"\t{label}: {field}" for label, field in VERBOSE_FIELDS)


def _centis(seconds: float) -> tuple:
    """(whole seconds, hundredths) of a time BusyBox holds in milliseconds."""
    ms = int(round(seconds * 1000))
    return ms // 1000, ms // 10 % 100


def _minutes(seconds: float) -> str:
    """BusyBox time's %E/%u/%T: "Mm S.CCs", or "Hh Mm SSs" from an hour on."""
    whole, centis = _centis(seconds)
    if whole >= 3600:
        return f"{whole // 3600}h {whole % 3600 // 60}m {whole % 60:02d}s"
    return f"{whole // 60}m {whole % 60}.{centis:02d}s"


def _time_report(fmt: str, argv: List[str], status: int, real: float, user: float,
                 system: float, rss: int = 0) -> str:
    fields = {"E": _minutes(real), "u": _minutes(user), "T": _minutes(system),
              "e": "%d.%02d" % _centis(real), "U": "%d.%02d" % _centis(user),
              "S": "%d.%02d" % _centis(system),
              "x": str(status), "C": " ".join(argv), "%": "%", "Z": "4096",
              "P": f"{int((user + system) * 100 / real)}%" if real >= 0.001 else "?%"}
    # what getrusage() fills in on Linux only as zeros (shared sizes, swaps, socket
    # messages ...), and the counters crsim does not keep
    fields.update({letter: "0" for letter in "DFIKORWXckprstw"})
    fields["M"] = str(rss // 1024)  # its resident memory, in KiB
    out, i = [], 0
    while i < len(fmt):
        c = fmt[i]
        if c in "%\\":
            nxt = fmt[i + 1] if i + 1 < len(fmt) else ""
            if c == "%":
                out.append(fields.get(nxt, f"?{nxt}"))
            else:
                out.append({"t": "\t", "n": "\n", "\\": "\\"}.get(nxt, f"?\\{nxt}"))
            if not nxt:  # a trailing % ends the report without a newline; a trailing \
                return "".join(out) + (f"{argv[0]}\n" if c == "\\" else "")  # names the program
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out) + "\n"


@program("time")
def time_(ctx: Context):
    """BusyBox's time: run PROG, then report its real, user and system time on stderr
    (-p POSIX's form, -f FMT or $TIME a format of one's own, -o FILE elsewhere)."""
    try:
        opts, args = parse(ctx, ctx.argv[1:], "+vpao:f:")
    except OptionError as err:
        return bad_option(ctx, err)
    if not args:
        return busybox_usage(ctx)
    flags = dict(opts)
    fmt = (TIME_FORMATS["posix"] if "p" in flags else TIME_FORMATS["verbose"] if "v" in flags
           else flags.get("f") or ctx.env.get("TIME") or TIME_FORMATS["default"])
    output = ctx.stderr
    if "o" in flags:
        path = posixpath.join(ctx.cwd, flags["o"])
        try:
            ctx.fs.write(path, b"", append="a" in flags)
        except FSError as err:
            error(ctx, f"can't open '{flags['o']}': {ctx.strerror(err)}")
            return 1
        output = FileSink(ctx.fs, path)
    usage = getattr(ctx.system, "usage", lambda pid: (0.0, 0.0))

    def used():  # a child runs in its parent's task: count both, once charges are spent
        yield from ctx.settle_charges()
        return sum(usage(ctx.pid))

    before = yield from used()
    started = ctx.system.now()
    try:
        status = yield from ctx.run(args)
    except FSError as err:  # the forked child's exec failed: it says so and exits 127
        error(ctx, f"can't execute '{args[0]}': {ctx.strerror(err)}")
        status = 127
    child = getattr(ctx, "last_child", None)
    signal = getattr(child, "signal", 0) if child is not None else 0
    cpu = (yield from used()) - before
    real = ctx.system.now() - started
    heading = (f"Command terminated by signal {signal}\n" if signal else
               f"Command exited with non-zero status {status}\n" if status else "")
    # %x is the exit status proper (0 for a killed command); time exits with the signal's number
    exit_status = 0 if signal else status
    output.write(heading + _time_report(fmt, args, exit_status, real, cpu * USER_FRACTION,
                                        cpu * (1 - USER_FRACTION), getattr(child, "rss", 0)))
    flush = getattr(output, "flush", None)
    if flush is not None:
        flush()  # -o FILE: the report is in the file when time exits
    return signal or status


# -- watch ---------------------------------------------------------------------------------

@program("watch")
def watch(ctx: Context):
    """BusyBox's watch: every -n seconds (2), clear the screen, print a header (unless
    -t) and run the command through /bin/sh; until it is killed. procps-ng's (gnu)
    draws its own screen (_procps_watch)."""
    from ..coreutils.basics import parse_duration
    try:
        opts, args = parse(ctx, ctx.argv[1:], "+dtn:")
    except OptionError as err:
        return bad_option(ctx, err)
    if not args:
        return busybox_usage(ctx)
    flags = dict(opts)
    period = parse_duration(flags.get("n", "2"))
    if period is None:
        error(ctx, f"invalid number '{flags['n']}'")
        return 1
    command = " ".join(args)  # the words are joined, as both watches do
    if ctx.flavour == "gnu":
        return (yield from _procps_watch(ctx, period, command, "t" not in flags))
    width = _terminal_width(ctx)
    while True:
        out = CLEAR
        if "t" not in flags:
            header = f"Every {period:.1f}s: {command:<{width}}"
            if width > 20:  # the date overwrites the end of the header line
                stamp = time_module.strftime("%Y-%m-%d %H:%M:%S", time_module.gmtime(ctx.now()))
                header = header[:width - 20] + stamp
            out += header + "\n\n"
        ctx.out(out)
        yield from ctx.run(["/bin/sh", "-c", command])
        yield from ctx.sleep(period)


def _procps_header(ctx: Context, period: float, command: str, width: int) -> str:
    """procps-ng 4's title: "Every N.Ns: COMMAND" on the left (cut with "..." to leave
    two spaces, left out if even its start does not fit), "HOST: DATE" on the right."""
    stamp = time_module.strftime("%a %b %e %H:%M:%S %Y", time_module.gmtime(ctx.now()))
    right = f"{ctx.system.hostname}: {stamp}"
    left = f"Every {period:.1f}s: {command}"
    room = width - len(right) - 2
    lead = len(f"Every {period:.1f}s: ")
    if len(left) > room:
        left = left[:room - 3] + "..." if room - 3 >= lead else ""
    return left + goto(1, max(1, width - len(right) + 1)) + right


def _procps_watch(ctx: Context, period: float, command: str, title: bool):
    """procps-ng's watch (Debian's procps): the alternate screen, the title on the first
    row, the command's output from the third, cut to the screen; Ctrl-C leaves the
    alternate screen and ends it with 0."""
    from ...proc.api import Stream
    from ...proc.terminal import size_of

    def interrupted() -> int:
        ctx.out(goto(size_of(ctx)[1], 1) + ALT_SCREEN_OFF + "\r")
        return 0
    ctx.extra.setdefault("signals", {})[2] = interrupted
    ctx.out(ALT_SCREEN_ON)
    while True:
        columns, rows = size_of(ctx)
        output = Stream()
        yield from ctx.run(["/bin/sh", "-c", command], stdout=output, stderr=output)
        lines = [line[:columns] for line in output.value.split("\n")][:max(0, rows - 2)]
        screen = HOME + ERASE_SCREEN + (_procps_header(ctx, period, command, columns) if title else "")
        screen += "".join(goto(3 + i, 1) + line for i, line in enumerate(lines) if line)
        ctx.out(screen + goto(rows, columns))
        yield from ctx.sleep(period)


def _terminal_width(ctx: Context) -> int:
    """get_terminal_width(): the terminal's columns, else $COLUMNS, else 80."""
    from ...proc.terminal import size_of, terminal_of
    if ctx.stderr.isatty and terminal_of(ctx) is not None:
        return size_of(ctx)[0]
    columns = ctx.env.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else 80
