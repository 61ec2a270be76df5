"""stty: the terminal's modes and size, as BusyBox's (coreutils/stty.c) and GNU's print them.

`stty` prints the speed, the control characters (BusyBox; GNU only min and time, in
non-canonical mode) and the modes that differ from "sane"; `-a` all of them, with the
size; `size` "ROWS COLUMNS"; `-g` the settings in the form stty reads back. Settings:
a mode (echo, -echo, icanon ...), raw, -raw/cooked, sane, rows N, cols/columns N.
Lines wrap at the terminal's width: BusyBox's before an item that would reach the last
column, GNU's before one that would pass it. Without a terminal on standard input:
"Inappropriate ioctl for device", as tcgetattr fails.
"""

from __future__ import annotations

from typing import Dict, List

from ...proc.api import Context, program
from ...proc.terminal import DEFAULT_MODES, GROUPS, Terminal, terminal_of

CONTROLS = ("intr = ^C", "quit = ^\\", "erase = ^?", "kill = ^U", "eof = ^D", "eol = <undef>",
            "eol2 = <undef>", "swtch = <undef>", "start = ^Q", "stop = ^S", "susp = ^Z",
            "rprnt = ^R", "werase = ^W", "lnext = ^V", "flush = ^O")  # GNU: "discard = ^O"
# What "sane" sets (SANE_SET) and clears (SANE_UNSET) among the modes stty shows;
# the plain listing shows a mode only where it differs from these.
SANE_SET = ("cread", "brkint", "icrnl", "imaxbel", "opost", "onlcr", "isig", "icanon",
            "iexten", "echo", "echoe", "echok", "echoctl", "echoke")
SANE_UNSET = ("ignbrk", "inlcr", "igncr", "ixoff", "iuclc", "ixany", "iutf8", "olcuc", "ocrnl",
              "onocr", "onlret", "ofill", "ofdel", "echonl", "noflsh", "xcase", "tostop",
              "echoprt", "flusho", "extproc")
FIELDS = ("cs8", "nl0", "cr0", "tab0", "bs0", "vt0", "ff0")  # values, not on/off flags
RAW_OFF = ("ignbrk", "brkint", "ignpar", "parmrk", "inpck", "istrip", "inlcr", "igncr", "icrnl",
           "ixon", "ixoff", "iuclc", "ixany", "imaxbel", "opost", "isig", "icanon", "xcase")
COOKED_ON = ("brkint", "ignpar", "istrip", "icrnl", "ixon", "opost", "isig", "icanon")
# The termios words of the default pty for -g (iflag:oflag:cflag:lflag:line:c_cc...).
DEFAULT_G = "500:5:bf:8a3b:3:1c:7f:15:4:0:1:0:11:13:1a:0:12:f:17:16:" + ":".join(["0"] * 16)


class Wrapper:
    """BusyBox's wrapf(): items separated by spaces, a new line before one that would
    reach the width."""

    def __init__(self, width: int, gnu: bool):
        self.width = width
        self.room = 1 if gnu else 0  # GNU's may fill the last column, BusyBox's not
        self.column = 0
        self.out: List[str] = []

    def add(self, item: str) -> None:
        if self.column > 0:
            self.column += 1
            if self.column + len(item) >= self.width + self.room:
                self.column = 0
                self.out.append("\n")
            else:
                self.out.append(" ")
        self.out.append(item)
        self.column += len(item)

    def newline(self) -> None:
        if self.column:
            self.out.append("\n")
            self.column = 0


def _display(terminal: Terminal, everything: bool, gnu: bool) -> str:
    modes = terminal.modes
    wrap = Wrapper(terminal.columns, gnu)
    wrap.add("speed 38400 baud;")
    if everything:
        wrap.add(f"rows {terminal.rows}; columns {terminal.columns};")
    wrap.add("line = 0;")
    wrap.newline()
    if everything or not gnu:  # (GNU's plain listing shows the control characters changed: none)
        for control in CONTROLS:
            wrap.add((control.replace("flush", "discard") if gnu else control) + ";")
    if everything or not gnu or not modes["icanon"]:
        wrap.add("min = 1; time = 0;")
    wrap.newline()
    names = list(DEFAULT_MODES)
    for name in names:
        if name in GROUPS:
            wrap.newline()
        if modes[name]:
            if everything or name in SANE_UNSET:
                wrap.add(name)
        elif name not in FIELDS and (everything or name in SANE_SET):
            wrap.add("-" + name)
    wrap.newline()
    return "".join(wrap.out)


def _apply(terminal: Terminal, words: List[str], gnu: bool) -> str:
    """Apply settings; the error message for a word stty does not take ("" if none)."""
    modes: Dict[str, bool] = terminal.modes
    i = 0
    while i < len(words):
        word = words[i]
        off = word.startswith("-")
        name = word[1:] if off else word
        if name in ("rows", "cols", "columns") and not off:
            value = words[i + 1] if i + 1 < len(words) else ""
            if not value.isdigit():
                if gnu:
                    return f"invalid integer argument: \u2018{value}\u2019" if value \
                        else f"missing argument to \u2018{word}\u2019"
                return f"invalid number '{value}'" if value else f"missing argument to '{word}'"
            rows, columns = terminal.rows, terminal.columns
            terminal.rows, terminal.columns = (int(value), columns) if name == "rows" \
                else (rows, int(value))
            i += 2
            continue
        if name == "raw":
            for mode in (COOKED_ON if off else RAW_OFF):
                modes[mode] = off
            if not off:
                modes["opost"] = False
        elif name == "cooked" and not off:
            for mode in COOKED_ON:
                modes[mode] = True
        elif name == "sane" and not off:
            modes.update({mode: True for mode in SANE_SET})
            modes.update({mode: False for mode in SANE_UNSET})
        elif name in modes and name not in FIELDS:
            modes[name] = not off
        else:
            if gnu:
                return f"invalid argument \u2018{word}\u2019\nTry 'stty --help' for more information."
            return f"invalid number '{word}'"  # (BusyBox takes an unknown word for a speed)
        i += 1
    return ""


@program("stty")
def stty(ctx: Context) -> int:
    args = ctx.argv[1:]
    terminal = terminal_of(ctx)
    gnu = ctx.flavour == "gnu"
    if terminal is None or not ctx.stdin.isatty:
        ctx.error(("'standard input'" if gnu else "standard input")
                  + ": Inappropriate ioctl for device")
        return 1
    if args in (["-a"], ["--all"]) or not args:
        ctx.out(_display(terminal, bool(args), gnu))
        return 0
    if args == ["size"]:
        ctx.out(f"{terminal.rows} {terminal.columns}\n")
        return 0
    if args == ["-g"]:
        if terminal.modes != DEFAULT_MODES:
            ctx.error("-g of changed settings is not simulated by crsim")
            return 1
        ctx.out(DEFAULT_G + "\n")
        return 0
    problem = _apply(terminal, args, gnu)
    if problem:
        ctx.error(problem)
        return 1
    return 0


__all__ = ["stty"]
