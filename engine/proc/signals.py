"""Linux signal numbers and names (x86-64), as `kill -l` and Docker use them."""

from __future__ import annotations

from ..errors import InvalidParameter

SIGNALS = {
    "HUP": 1, "INT": 2, "QUIT": 3, "ILL": 4, "TRAP": 5, "ABRT": 6, "BUS": 7, "FPE": 8,
    "KILL": 9, "USR1": 10, "SEGV": 11, "USR2": 12, "PIPE": 13, "ALRM": 14, "TERM": 15,
    "STKFLT": 16, "CHLD": 17, "CONT": 18, "STOP": 19, "TSTP": 20, "TTIN": 21, "TTOU": 22,
    "URG": 23, "XCPU": 24, "XFSZ": 25, "VTALRM": 26, "PROF": 27, "WINCH": 28, "IO": 29,
    "PWR": 30, "SYS": 31,
}
NAMES = {number: name for name, number in SIGNALS.items()}
SIGKILL, SIGTERM, SIGQUIT, SIGINT, SIGSTOP, SIGCONT = 9, 15, 3, 2, 19, 18
# strsignal(3): what a shell prints when a job dies of the signal. glibc's (Debian,
# Ubuntu); musl's (Alpine) differ only where MUSL_DESCRIPTIONS says.
DESCRIPTIONS = {
    1: "Hangup", 2: "Interrupt", 3: "Quit", 4: "Illegal instruction", 5: "Trace/breakpoint trap",
    6: "Aborted", 7: "Bus error", 8: "Floating point exception", 9: "Killed",
    10: "User defined signal 1", 11: "Segmentation fault", 12: "User defined signal 2",
    13: "Broken pipe", 14: "Alarm clock", 15: "Terminated", 16: "Stack fault", 17: "Child exited",
    18: "Continued", 19: "Stopped (signal)", 20: "Stopped", 21: "Stopped (tty input)",
    22: "Stopped (tty output)", 23: "Urgent I/O condition", 24: "CPU time limit exceeded",
    25: "File size limit exceeded", 26: "Virtual timer expired", 27: "Profiling timer expired",
    28: "Window changed", 29: "I/O possible", 30: "Power failure", 31: "Bad system call",
}
MUSL_DESCRIPTIONS = {**DESCRIPTIONS, 8: "Arithmetic exception", 17: "Child process status"}


def describe(number: int, libc: str = "glibc") -> str:
    table = MUSL_DESCRIPTIONS if libc == "musl" else DESCRIPTIONS
    return table.get(number, f"Unknown signal {number}" if libc != "musl" else "Unknown signal")


# Whose default action stops the process (signal(7)); SIGSTOP cannot be caught.
STOPPING = frozenset({19, 20, 21, 22})  # SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU


def parse_signal(value: str) -> int:
    """Docker's ParseSignal: "KILL", "SIGKILL", "sigkill" or "9"; else its error text."""
    text = str(value).strip()
    if text.isdigit():
        number = int(text)
        if number == 0 or number not in NAMES:
            raise InvalidParameter(f"Invalid signal: {value}")
        return number
    name = text.upper()
    if name.startswith("SIG"):
        name = name[3:]
    if name not in SIGNALS:
        raise InvalidParameter(f"Invalid signal: {value}")
    return SIGNALS[name]


def signal_name(number: int) -> str:
    return "SIG" + NAMES.get(number, str(number))
