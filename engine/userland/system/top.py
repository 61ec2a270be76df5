"""top: BusyBox's and procps-ng's (Debian, Ubuntu), a screen of processes every few seconds.

Like the real one it reads /proc: /proc/stat for the CPU line and the
jiffies CPU% is measured against, /proc/meminfo, /proc/loadavg, and each
process's CPU ticks. The first screen needs two samples, so top looks,
sleeps 0.1 s and looks again. Without -b each screen starts with "go home,
clear" (ESC[H ESC[J), shows the column header in reverse video and as many
processes as fit the terminal (80x24, or $COLUMNS/$LINES, without one); -b
shows them all, plain. Both end each screen without a new line ("\\r"; -b:
"\\n") and print one new line when they are done.

On a terminal (-t, standard input the terminal) top reads keys while it waits:
BusyBox's turns isig off and quits on q, Ctrl-C or Ctrl-D; procps-ng's quits on q
(Ctrl-C stays a signal) and redraws each screen over the last. Any other key
redraws at once.

procps-ng's top needs a terminal unless -b (batch) is given: "failed tty get"
otherwise, as in a container started without -t. Its batch screens show the
summary (uptime, tasks, CPU states, memory in MiB), then each process with its
%CPU of one CPU (Irix mode) and TIME+, the command's name cut to the width
with a "+".

Two busybox builds matter: Alpine's busybox (whole percents, the CPU column) and the
busybox image's defconfig (tenths of a percent, the CPU column); Debian's
package shows whole percents without the CPU column.
"""

from __future__ import annotations

from typing import Dict, Generator, List, NamedTuple, Optional

from ...proc.api import Context, Sleep, program
from ...proc.terminal import size_of, terminal_of
from ..options import OptionError, alpine_busybox, bad_option, error, parse
from .tools import Kernel, _process_user, _rss_kib, _stat, _vsz_kib, uptime_line

TICKS = 100  # USER_HZ
FIRST_LOOK = 0.1  # seconds between the two samples the first screen needs
BATCH_WIDTH = 446  # LINE_BUF_SIZE - 2: -b never cuts a line shorter
# Measured with busybox 1.35 here: 20 screens of ~90 processes cost 10 ms of CPU.
CPU_PER_SCREEN = 0.0002
CPU_PER_PROCESS = 0.000006
ESC = "\x1b"


class Build(NamedTuple):
    """The configuration options that change what top prints."""

    decimals: bool  # FEATURE_TOP_DECIMALS
    cpu_column: bool  # FEATURE_TOP_SMP_PROCESS


ALPINE = Build(decimals=False, cpu_column=True)  # aports' busyboxconfig
DEFCONFIG = Build(decimals=True, cpu_column=True)  # the busybox image


class Jiffies(NamedTuple):
    fields: tuple  # usr nic sys idle iowait irq softirq steal

    @property
    def total(self) -> int:
        return sum(self.fields)

    @property
    def busy(self) -> int:
        return self.total - self.fields[3] - self.fields[4]


def _build(ctx: Context) -> Build:
    return ALPINE if alpine_busybox(ctx) else DEFCONFIG


def _jiffies(kernel: Kernel) -> Jiffies:
    text = kernel._proc("stat") or "cpu 0 0 0 0"
    numbers = [int(n) for n in text.split("\n", 1)[0].split()[1:9]]
    return Jiffies(tuple(numbers + [0] * (8 - len(numbers))))


def _ticks(process) -> int:
    return int((getattr(process, "cpu_time", 0.0) or 0.0) * TICKS)


def _size5(kib: int) -> str:
    """VSZ in five columns, scaled with a suffix when it does not fit (smart_ulltoa5)."""
    if kib < 100000:
        return f"{kib:5d}"
    for suffix in "mgtpezy":
        kib //= 1024
        if kib < 10000:
            return f"{kib:4d}{suffix}"
    return "9999y"


def _percent(value: int, build: Build) -> str:
    """A share in the build's units: tenths (" 12.3") or whole percents ("  12%")."""
    if build.decimals:
        return f"{value // 10:3d}.{value % 10}"
    return f"{value:4d}%"


def _cpu_share(delta: int, total: int, decimals: bool) -> str:
    if decimals:
        if delta >= total:
            return "  100% "
        value = 1000 * delta // total
        tens = value // 100
        return f" {tens if tens else ' '}{value % 100 // 10}.{value % 10}% "
    return f"{100 * delta // total:4d}% "


def _cpu_line(now: Jiffies, before: Jiffies, build: Build) -> str:
    total = (now.total - before.total) or 1
    deltas = [a - b for a, b in zip(now.fields, before.fields)]
    usr, nic, sys_, idle, iowait, irq, softirq = deltas[:7]
    parts = [(usr, "usr"), (sys_, "sys"), (nic, "nic"), (idle, "idle"), (iowait, "io"),
             (irq, "irq"), (softirq, "sirq")]
    return "CPU:" + "".join(_cpu_share(value, total, build.decimals) + name
                            for value, name in parts)


def _command(process) -> str:
    argv = process.argv
    if not argv:
        return f"[{getattr(process, 'comm', '')}]"
    return "".join(ch if " " <= ch <= "~" else "?" for ch in " ".join(argv))


class Screen:
    """One look at the system; ``show`` turns two looks into what top prints."""

    def __init__(self, ctx: Context, kernel: Kernel):
        self.jiffies = _jiffies(kernel)
        self.processes = kernel.processes()
        self.ticks: Dict[int, int] = {p.nspid: _ticks(p) for p in self.processes}
        self.cpu: Dict[int, float] = {p.nspid: p.cpu_time for p in self.processes}
        self.meminfo = kernel.meminfo()
        self.loadavg = (kernel._proc("loadavg") or "").split("\n", 1)[0]
        self.when = ctx.now()


class Order:
    """BusyBox top's keys that sort and scroll the list: n (PID), m (memory), p (CPU),
    t (time), r (reverse), and Up, Down, PgUp, PgDn, Home, End to scroll."""

    KEYS = {"p": ("pcpu", "mem", "time"), "m": ("mem", "pcpu", "time"),
            "t": ("time", "mem", "pcpu")}

    def __init__(self):
        self.by = ("pcpu", "mem", "time")  # sort_function[], most significant first
        self.inverted = False
        self.scroll = 0

    def key(self, key: str, count: int, lines: int) -> None:
        lowered = key.lower() if len(key) == 1 else key
        if lowered in self.KEYS:
            self.by = self.KEYS[lowered]
        elif lowered == "n":
            self.by = ("pid",) + self.by[1:]
        elif lowered == "r":
            self.inverted = not self.inverted
        else:
            moves = {"up": self.scroll - 1, "down": self.scroll + 1, "home": 0,
                     "end": count - lines // 2, "pageup": self.scroll - lines // 2,
                     "pagedown": self.scroll + lines // 2}
            if key in moves:
                self.scroll = max(0, min(moves[key], count - 1))

    def sort(self, rows: list) -> None:
        """rows of (share, vsz, ticks, process, memory): biggest first, as BusyBox's."""
        fields = {"pcpu": 0, "mem": 1, "time": 2}

        def value(row, name):
            return row[3].nspid if name == "pid" else row[fields[name]]
        rows.sort(key=lambda row: tuple(-value(row, name) for name in self.by),
                  reverse=self.inverted)


def _render(ctx: Context, screen: Screen, before: Screen, build: Build, batch: bool,
            width: int, height: int, order: Optional[Order] = None) -> str:
    mem = screen.meminfo
    total_kib = mem.get("MemTotal", 1) or 1
    head_width = min(width, 100) - 1
    lines = [
        (f"Mem: {total_kib - mem.get('MemFree', 0)}K used, {mem.get('MemFree', 0)}K free, "
         f"{mem.get('MemShared', 0) + mem.get('Shmem', 0)}K shrd, {mem.get('Buffers', 0)}K buff, "
         f"{mem.get('Cached', 0)}K cached")[:head_width],
        _cpu_line(screen.jiffies, before.jiffies, build)[:head_width],
        ("Load average: " + screen.loadavg)[:head_width],
    ]
    header = ("  PID  PPID USER     STAT   VSZ %VSZ" + (" CPU" if build.cpu_column else "")
              + " %CPU COMMAND")[:width]
    upscale = 1000 if build.decimals else 100
    rows = []
    deltas = {p.nspid: screen.ticks[p.nspid] - before.ticks.get(p.nspid, screen.ticks[p.nspid])
              for p in screen.processes}
    busy = screen.jiffies.busy - before.jiffies.busy
    total = (screen.jiffies.total - before.jiffies.total) or 1
    spent = max(sum(deltas.values()), busy)
    for process in screen.processes:
        vsz = _vsz_kib(process)
        share = (deltas[process.nspid] * upscale * busy * 2 + total * spent) // (2 * total * spent) \
            if spent else 0
        memory = (vsz * upscale * 2 + total_kib) // (2 * total_kib)
        rows.append((share, vsz, screen.ticks[process.nspid], process, memory))
    order = order or Order()
    order.sort(rows)
    room = len(rows) if batch else max(0, height - 4)
    body = []
    start = min(order.scroll, max(0, len(rows) - 1))
    for share, vsz, _, process, memory in rows[start:start + room]:
        user, _ = _process_user(ctx, process)
        state = _stat(process, ctx.pid, False)
        text = (f"{process.nspid:5d}{process.ppid:6d} {user[:8]:<8} {state:<3}  {_size5(vsz)}"
                f"{_percent(memory, build)}" + (" %3d" % 0 if build.cpu_column else "")
                + f"{_percent(share, build)} ")
        body.append((text + _command(process))[:width])
    if batch:
        return "\n".join(lines) + "\n" + header + "".join("\n" + row for row in body) + "\n"
    return (f"{ESC}[H{ESC}[J" + "\n".join(lines) + "\n" + f"{ESC}[7m{header}{ESC}[m"
            + "".join("\n" + row for row in body) + "\r")


# -- procps-ng ----------------------------------------------------------------------------

PROCPS_PID_WIDTH = 7  # sized for pid_max 4194304, as ps's (tools.PID_WIDTH)
PROCPS_WIDTH = 80  # batch mode's width without -w or $COLUMNS


def _procps_summary(screen: Screen, before: Screen, ctx: Context) -> List[str]:
    states = [_stat(p, ctx.pid, False)[0] for p in screen.processes]
    deltas = [a - b for a, b in zip(screen.jiffies.fields, before.jiffies.fields)]
    total = sum(deltas) or 1
    us, ni, sy, idle, wa, hi, si, st = (100.0 * d / total for d in deltas)
    mem = {key: value / 1024 for key, value in screen.meminfo.items()}
    cache = mem.get("Buffers", 0) + mem.get("Cached", 0) + mem.get("SReclaimable", 0)
    used = mem.get("MemTotal", 0) - mem.get("MemFree", 0) - cache
    return [
        "top -" + uptime_line(ctx, True),
        f"Tasks:{len(states):4d} total,{states.count('R'):4d} running,{states.count('S'):4d} "
        f"sleeping,{states.count('T'):4d} stopped,{states.count('Z'):4d} zombie",
        f"%Cpu(s):{us:5.1f} us,{sy:5.1f} sy,{ni:5.1f} ni,{idle:5.1f} id,{wa:5.1f} wa,{hi:5.1f} hi,"
        f"{si:5.1f} si,{st:5.1f} st ",
        f"MiB Mem : {mem.get('MemTotal', 0):8.1f} total, {mem.get('MemFree', 0):8.1f} free, "
        f"{used:8.1f} used, {cache:8.1f} buff/cache     ",
        f"MiB Swap: {mem.get('SwapTotal', 0):8.1f} total, {mem.get('SwapFree', 0):8.1f} free, "
        f"{mem.get('SwapTotal', 0) - mem.get('SwapFree', 0):8.1f} used. "
        f"{mem.get('MemAvailable', 0):8.1f} avail Mem ",
    ]


def _procps_time(ticks: int) -> str:
    """TIME+: minutes, seconds and hundredths of CPU time."""
    minutes, hundredths = divmod(ticks, 60 * TICKS)
    return f"{minutes}:{hundredths // TICKS:02d}.{hundredths % TICKS:02d}"


def _procps_render(ctx: Context, screen: Screen, before: Screen, width: int) -> str:
    elapsed = max(1e-9, screen.when - before.when)
    total_kib = screen.meminfo.get("MemTotal", 1) or 1
    rows = []
    for process in screen.processes:
        ticks = screen.ticks[process.nspid]
        spent = screen.cpu[process.nspid]
        cpu = 100.0 * (spent - before.cpu.get(process.nspid, spent)) / elapsed
        rows.append((-round(cpu, 1), process.nspid, process, cpu, ticks))
    rows.sort(key=lambda row: row[:2])
    lines = [line[:width] for line in _procps_summary(screen, before, ctx)] + [""]
    lines.append(f"{'PID':>{PROCPS_PID_WIDTH}} USER      PR  NI    VIRT    RES    SHR S  %CPU  "
                 f"%MEM     TIME+ COMMAND"[:width])
    for _, _, process, cpu, ticks in rows:
        user, _ = _process_user(ctx, process)
        if len(user) > 8:
            user = user[:7] + "+"
        rss = _rss_kib(process)
        text = (f"{process.nspid:>{PROCPS_PID_WIDTH}} {user:<8} {20:>3} {0:>3} "
                f"{_vsz_kib(process):>7} {rss:>6} {rss * 3 // 4:>6} {_stat(process, ctx.pid, False)[0]} "
                f"{cpu:5.1f} {100.0 * rss / total_kib:5.1f} {_procps_time(ticks):>9} ")
        name = process.argv[0].rsplit("/", 1)[-1][:15] if process.argv else ""
        room = width - len(text)
        if room > 0:
            text += name if len(name) <= room else name[:room - 1] + "+"
        lines.append(text[:width])
    return "\n".join(lines) + "\n"


def _procps_screen(text: str, width: int, rows: int) -> str:
    """A batch screen as the interactive one draws it: from the top, as many lines as
    the terminal has rows (the last one without a new line, so nothing scrolls), the
    column header in reverse video across the width."""
    lines = text.split("\n")[:-1][:rows]
    out = []
    for line in lines:
        if line.lstrip().startswith("PID "):
            line = f"{ESC}[7m{line:<{width}}{ESC}[m"
        out.append(line + f"{ESC}[K")
    return f"{ESC}[H{ESC}[2J" + "\r\n".join(out)


def _procps_top(ctx: Context, args: List[str]):
    batch, iterations, interval = False, 0, 3.0
    i = 0
    while i < len(args):
        arg = args[i]
        if not arg.startswith("-") or arg == "-":
            i += 1
            continue
        flags = arg[1:]
        while flags:
            letter, flags = flags[0], flags[1:]
            if letter == "b":
                batch = True
                continue
            if letter in "nd":
                value = flags or (args[i + 1] if i + 1 < len(args) else "")
                if not flags:
                    i += 1
                flags = ""
                try:
                    number = float(value) if letter == "d" else int(value)
                    if number < 0:
                        raise ValueError
                except ValueError:
                    what = "bad delay interval" if letter == "d" else "bad iterations argument"
                    ctx.stderr.write(f"top: {what} '{value}'\n")
                    return 1
                if letter == "d":
                    interval = number
                else:
                    iterations = number
                continue
            if letter not in "cHiSs":
                ctx.stderr.write(f"top: invalid option -- '{letter}'\n")
                return 0  # (procps-ng 4.0 really ends with 0 here)
        i += 1
    if not batch and not ctx.tty:
        ctx.stderr.write("top: failed tty get\n")
        return 1
    columns = ctx.env.get("COLUMNS", "")
    width = int(columns) if columns.isdigit() and int(columns) > 0 else PROCPS_WIDTH
    kernel = Kernel(ctx)
    before = Screen(ctx, kernel)
    yield Sleep(FIRST_LOOK)
    first = True
    display = None if batch else _keyboard(ctx)
    try:
        while True:
            screen = Screen(ctx, kernel)
            ctx.charge(CPU_PER_SCREEN + CPU_PER_PROCESS * len(screen.processes))
            if display is not None:  # on a terminal: each screen drawn over the last
                ctx.out(_procps_screen(_procps_render(ctx, screen, before, display.columns),
                                       display.columns, display.rows))
            else:
                ctx.out(("" if first else "\n") + _procps_render(ctx, screen, before, width))
            first = False
            iterations -= 1
            if iterations == 0:
                return 0
            before = screen
            if display is None:
                yield Sleep(interval)
            elif (yield from _wait_for_keys(display, interval, PROCPS_QUIT)):
                ctx.out(f"{ESC}[{display.rows + 1};1H\r\n")  # below the screen: it scrolls
                return 0
    finally:
        if display is not None:
            display.close()


@program("top")
def top(ctx: Context):
    args = ctx.argv[1:]
    if ctx.flavour == "gnu":
        return (yield from _procps_top(ctx, args))
    try:
        options, _ = parse(ctx, args, "d:n:bm")
    except OptionError as err:
        return bad_option(ctx, err)
    interval, iterations, batch = 5, 0, False
    for key, value in options:
        number = value.lstrip("-") if value else value
        if key in "dn" and not number.isdigit():
            error(ctx, f"invalid number '{value}'")
            return 1
        if key == "d":
            interval = int(number)
        elif key == "n":
            iterations = int(number)
        elif key == "b":
            batch = True
    build = _build(ctx)
    kernel = Kernel(ctx)
    before: Optional[Screen] = Screen(ctx, kernel)
    ctx.charge(CPU_PER_SCREEN)
    display = None if batch else _keyboard(ctx)  # raw mode, isig off: ^C is a key too
    order = Order()
    try:
        if display is not None:
            display.terminal.modes["opost"] = True  # (BusyBox's raw mode keeps output as it was)
        yield Sleep(FIRST_LOOK)
        while True:
            width, height = (BATCH_WIDTH, 0) if batch else size_of(ctx)
            screen = Screen(ctx, kernel)
            ctx.charge(CPU_PER_SCREEN + CPU_PER_PROCESS * len(screen.processes))
            ctx.out(_render(ctx, screen, before, build, batch, width, height, order))
            iterations -= 1
            if iterations == 0:
                break
            before = screen
            if display is None:  # no keys to read (batch, or input is no terminal)
                yield Sleep(interval)
            elif (yield from _wait_for_keys(display, interval, BUSYBOX_QUIT, lambda key: order.key(
                    key, len(screen.processes), height))):
                break
    finally:
        if display is not None:
            display.close()
    ctx.out("\n")
    return 0


BUSYBOX_QUIT = ("q", "Q", "\x03", "\x04")  # q, and the terminal's intr and eof keys
PROCPS_QUIT = ("q", "Q")  # ^C stays a signal (procps keeps isig)


def _keyboard(ctx: Context):
    """The terminal to read keys from while waiting, when standard input is it."""
    from ..screen.ansi import Display
    if not (ctx.stdin.isatty and terminal_of(ctx) is not None):
        return None
    display = Display.open(ctx)
    if ctx.flavour == "gnu":
        display.terminal.modes["isig"] = True
    return display


def _wait_for_keys(display, interval: float, quit_keys, on_key=None) -> Generator:
    """Up to ``interval`` seconds for a key; True if it was one that quits. Any other key
    (given to ``on_key``) ends the wait at once, after the keys typed with it: the
    screen is redrawn."""
    key = yield from display.key(timeout=interval)
    while key:
        if key in quit_keys:
            return True
        if on_key is not None:
            on_key(key)
        if not display.terminal.keys.readable:
            break
        key = yield from display.key()
    return False


__all__ = ["top"]
