"""The shell's builtin commands.

A builtin is ``func(sh, argv) -> status`` or a generator returning the status
(when it runs commands or waits: eval, ., wait, read). Builtins write to the
shell's current file descriptors (``sh.out``/``sh.err``), so redirections
apply to them as to programs. Messages follow ash, dash or bash (messages.py);
texts that only one builtin prints live next to it.
"""

from __future__ import annotations

import posixpath

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, List, Optional

from ...container import capabilities
from ...lazy import LazyModule
from ...proc.api import Pipe, WaitIO
from ...proc.exec_search import every_executable, implementation
from ...proc.signals import NAMES as SIGNAL_NAMES
from ...proc.signals import SIGNALS
from ...vfs.entry import DIR
from ...vfs.errno import EACCES, ENOENT, ENOTDIR, ESRCH, FSError
from .expand import ExpansionError
from .parser import is_name, RESERVED
from .parser import SPECIAL_BUILTINS
from .shell import LONG_OPTIONS, FunctionReturn, LoopControl, ShellAbort, ShellExit, ExecReplace

# test's grammar and printf's (with echo -e's escapes): loaded by the first that runs
testexpr = LazyModule(f"{__package__}.testexpr", globals())
builtins_io = LazyModule(f"{__package__}.builtins_io", globals())

ALL = ("ash", "bash", "dash")
SPECIAL = SPECIAL_BUILTINS  # POSIX's list (its one place is the parser: dash refuses the names)


class Builtin:
    __slots__ = ("name", "func", "dialects")

    def __init__(self, name, func, dialects):
        self.name = name
        self.func = func
        self.dialects = dialects


BUILTINS: Dict[str, Builtin] = {}


def builtin(*names: str, dialects=ALL):
    def register(func):
        for name in names:
            BUILTINS[name] = Builtin(name, func, dialects)
        return func
    return register


def _fail(sh, name: str, message: str, status: int = 1) -> int:
    sh.error(message, name)
    return status


def _fatal(sh, name: str, message: str, status: int = 2):
    """An error of a special builtin: ash and dash leave a non-interactive shell."""
    sh.error(message, name)
    if sh.dialect.name != "bash":
        raise ShellAbort(status, fatal=True)
    return status


# -- trivial ---------------------------------------------------------------------------
@builtin(":", "true")
def b_true(sh, argv):
    return 0


@builtin("false")
def b_false(sh, argv):
    return 1


@builtin("hash")
def b_hash(sh, argv):
    return 0


@builtin("times")
def b_times(sh, argv):
    sh.out("0m0.000s 0m0.000s\n0m0.000s 0m0.000s\n")
    return 0


# ulimit's letters in the order `ulimit -a` lists them: resource, unit in bytes, ash's label, bash's
# label and unit.  bash also has -R (real-time non-blocking time) first and -p (pipe size).
ULIMITS = (("R", "rttime", 1, None, "real-time non-blocking time", "microseconds"),
           ("c", "core", 512, "core file size (blocks)", "core file size", "blocks"),
           ("d", "data", 1024, "data seg size (kb)", "data seg size", "kbytes"),
           ("e", "nice", 1, "scheduling priority", "scheduling priority", ""),
           ("f", "fsize", 512, "file size (blocks)", "file size", "blocks"),
           ("i", "sigpending", 1, "pending signals", "pending signals", ""),
           ("l", "memlock", 1024, "max locked memory (kb)", "max locked memory", "kbytes"),
           ("m", "rss", 1024, "max memory size (kb)", "max memory size", "kbytes"),
           ("n", "nofile", 1, "open files", "open files", ""),
           ("p", "pipe", 1, None, "pipe size", "512 bytes"),
           ("q", "msgqueue", 1, "POSIX message queues (bytes)", "POSIX message queues", "bytes"),
           ("r", "rtprio", 1, "real-time priority", "real-time priority", ""),
           ("s", "stack", 1024, "stack size (kb)", "stack size", "kbytes"),
           ("t", "cpu", 1, "cpu time (seconds)", "cpu time", "seconds"),
           ("u", "nproc", 1, "max user processes", "max user processes", ""),
           ("v", "as", 1024, "virtual memory (kb)", "virtual memory", "kbytes"),
           ("x", "locks", 1, "file locks", "file locks", ""))
ULIMIT_BY_LETTER = {row[0]: row for row in ULIMITS}


# dash's own table, in its `ulimit -a` order: letter, resource, unit, label (-p is processes).
DASH_ULIMITS = (("t", "cpu", 1, "time(seconds)"), ("f", "fsize", 512, "file(blocks)"),
                ("d", "data", 1024, "data(kbytes)"), ("s", "stack", 1024, "stack(kbytes)"),
                ("c", "core", 512, "coredump(blocks)"), ("m", "rss", 1024, "memory(kbytes)"),
                ("l", "memlock", 1024, "locked memory(kbytes)"), ("p", "nproc", 1, "process"),
                ("n", "nofile", 1, "nofiles"), ("v", "as", 1024, "vmemory(kbytes)"),
                ("w", "locks", 1, "locks"), ("r", "rtprio", 1, "rtprio"))


def container_limits(sh) -> dict:
    """resource -> (soft, hard) of a container's processes: the kernel's defaults, what containerd's
    service sets (nofile 1048576, core/nproc unlimited) and the container's --ulimit."""
    system = sh.ctx.system
    # the kernel derives pending signals from memory: max_threads = pages / 32, half of that
    signals = getattr(system, "host_memory", 8 << 30) // 4096 // 32 // 2
    limits = {"nofile": (1048576, 1048576), "stack": (8388608, None), "memlock": (8388608, 8388608),
              "nice": (0, 0), "rtprio": (0, 0), "sigpending": (signals, signals), "pipe": (8, 8),
              "msgqueue": (819200, 819200)}
    container = getattr(system, "container", None)
    limits.update(getattr(getattr(container, "host_config", None), "ulimits", {}) or {})
    limits.update(getattr(sh, "rlimits", {}))
    return limits


def _above(value, limit) -> bool:
    """value > limit, where None is unlimited."""
    return limit is not None and (value is None or value > limit)


def _set_limit(sh, resource: str, unit: int, text: str, which: str) -> Optional[str]:
    """setrlimit() for ``ulimit [-H|-S] N``: ``which`` is "H", "S" or "HS" (both). The
    strerror of a refusal, or None: soft above hard is EINVAL, raising the hard limit
    needs CAP_SYS_RESOURCE (Docker's default set has not got it)."""
    soft, hard = container_limits(sh).get(resource, (None, None))
    value = None if text == "unlimited" else int(text) * unit
    new_soft = value if "S" in which else soft
    new_hard = value if "H" in which else hard
    if _above(new_soft, new_hard):
        return "Invalid argument"
    if _above(new_hard, hard) and not capabilities.has(sh.ctx, capabilities.SYS_RESOURCE):
        return "Operation not permitted"
    sh.rlimits[resource] = (new_soft, new_hard)
    return None


def _ulimit_text(value, unit) -> str:
    return "unlimited" if value is None else str(value // unit)


@builtin("ulimit")
def b_ulimit(sh, argv):
    """The limits of the shell's process: shown, and set as setrlimit() allows."""
    if sh.dialect.name == "dash":
        return _dash_ulimit(sh, argv[1:])
    bash = sh.dialect.name == "bash"
    hard, letters, show_all, which, value = False, [], False, "", None
    for arg in argv[1:]:
        if arg.startswith("-") and len(arg) > 1:
            for c in arg[1:]:
                if c in "HS":
                    hard, which = c == "H", c
                elif c == "a":
                    show_all = True
                elif c in ULIMIT_BY_LETTER and (bash or ULIMIT_BY_LETTER[c][3]):
                    letters.append(c)
                elif bash:
                    sh.error(f"-{c}: invalid option", "ulimit")
                    sh.err("ulimit: usage: ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]\n")
                    return 2
                else:
                    sh.err(f"ulimit: invalid option -- '{c}'\n")
                    return 1
        elif value is None:
            value = arg
    if value is not None and not show_all:
        row = ULIMIT_BY_LETTER[letters[-1] if letters else "f"]
        if value != "unlimited" and not value.isdigit():
            if bash:
                return _fail(sh, "ulimit", f"{value}: invalid number")
            sh.err(sh.dialect.applet_prefix() + f"invalid number '{value}'\n")
            return 1
        refused = _set_limit(sh, row[1], row[2], value, which or "HS")
        if refused is None:
            return 0
        if bash:
            return _fail(sh, "ulimit", f"{row[4]}: cannot modify limit: {refused}")
        sh.err(sh.dialect.applet_prefix() + f"error setting limit: {refused}\n")
        return 1
    limits = container_limits(sh)
    rows = [r for r in ULIMITS if bash or r[3]] if show_all else [ULIMIT_BY_LETTER[c] for c in letters or "f"]
    for letter, resource, unit, ash_label, bash_label, bash_unit in rows:
        value = _ulimit_text(limits.get(resource, (None, None))[1 if hard else 0], unit)
        if not (show_all or len(rows) > 1):
            sh.out(value + "\n")
        elif bash:
            unit_part = f"({bash_unit}, -{letter}) " if bash_unit else f"(-{letter}) "
            sh.out(f"{bash_label:<20} {unit_part:>20}{value}\n")
        else:
            sh.out(f"{ash_label:<32}(-{letter}) {value}\n")
    return 0


def _dash_ulimit(sh, args) -> int:
    """dash's ulimit: the last resource letter wins, -a lists its own table."""
    by_letter = {row[0]: row for row in DASH_ULIMITS}
    hard, letter, show_all, which = False, "f", False, ""
    while args and args[0].startswith("-") and len(args[0]) > 1:
        for c in args.pop(0)[1:]:
            if c in "HS":
                hard, which = c == "H", which + c
            elif c == "a":
                show_all = True
            elif c in by_letter:
                letter = c
            else:
                sh.error(f"Illegal option -{c}", "ulimit")
                return 2
    if len(args) > 1:
        sh.error("too many arguments", "ulimit")
        return 2
    if args:
        if args[0] != "unlimited" and not args[0].isdigit():
            sh.error("bad number", "ulimit")
            return 2
        row = by_letter[letter]
        refused = _set_limit(sh, row[1], row[2], args[0], which or "HS")
        if refused is None:
            return 0
        sh.error(f"error setting limit ({refused})", "ulimit")
        return 2
    limits = container_limits(sh)
    for row in DASH_ULIMITS if show_all else [by_letter[letter]]:
        value = _ulimit_text(limits.get(row[1], (None, None))[1 if hard else 0], row[2])
        sh.out(f"{row[3]:<20} {value}\n" if show_all else value + "\n")
    return 0


@builtin("shopt", dialects=("bash",))
def b_shopt(sh, argv):
    """bash's shopt: -s sets, -u unsets, -q only answers, -p prints as commands, -o for
    set -o's options; a name alone is shown, and fails when off."""
    args, flags = argv[1:], ""
    while args and args[0].startswith("-") and len(args[0]) > 1 and args[0] != "--":
        bad = set(args[0][1:]) - set("pqsuo")
        if bad:
            sh.error(f"-{sorted(bad)[0]}: invalid option", "shopt")
            sh.err("shopt: usage: shopt [-pqsu] [-o] [optname ...]\n")
            return 2
        flags += args.pop(0)[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    if "s" in flags and "u" in flags:
        sh.error("cannot set and unset shell options simultaneously", "shopt")
        return 1
    if "o" in flags:
        table = {name: letter in sh.opts for name, letter in LONG_OPTIONS.items()}
    else:
        table = sh.shopts
    status = 0
    for name in args:
        if name not in table:
            sh.error(f"{name}: invalid " + ("option name" if "o" in flags else "shell option name"), "shopt")
            status = 1
    if status:
        return status
    if "s" in flags or "u" in flags:
        if not args:  # the options on (-s) or off (-u)
            return _shopt_show(sh, table, [n for n in table if table[n] == ("s" in flags)], flags)
        for name in args:
            if "o" in flags:
                letter = LONG_OPTIONS[name]
                (sh.opts.add if "s" in flags else sh.opts.discard)(letter)
            else:
                sh.shopts[name] = "s" in flags
        return 0
    return _shopt_show(sh, table, args or list(table), flags)


def _shopt_show(sh, table: dict, names, flags: str) -> int:
    if "q" not in flags:
        for name in names:
            if "p" in flags:
                sh.out(f"{'set -o' if 'o' in flags else 'shopt -s'} {name}\n" if table[name] else
                       f"{'set +o' if 'o' in flags else 'shopt -u'} {name}\n")
            else:
                sh.out(f"{name:<15}\t{'on' if table[name] else 'off'}\n")
    return 0 if all(table[name] for name in names) else 1


# -- directories ---------------------------------------------------------------------
@builtin("cd")
def b_cd(sh, argv):
    args = argv[1:]
    physical = False
    while args and args[0] in ("-L", "-P", "-e", "-LP", "-PL"):
        physical = "P" in args[0]
        args = args[1:]
    if args and args[0] == "--":
        args = args[1:]
    d = sh.dialect
    if len(args) > 1 and d.name == "bash":
        return _fail(sh, "cd", "too many arguments")
    show = False
    if not args or args[0] == "":
        target = sh.vars.get("HOME")
        if not target:
            if d.name == "bash":
                return _fail(sh, "cd", "HOME not set")
            return 0
    elif args[0] == "-":
        target = sh.vars.get("OLDPWD")
        if not target:
            if d.name == "bash":
                return _fail(sh, "cd", "OLDPWD not set")
            target = sh.cwd
        show = True
    else:
        target = args[0]
    new = posixpath.normpath(posixpath.join(sh.cwd, target))
    if new.startswith("//"):
        new = "/" + new.lstrip("/")
    try:
        entry = sh.fs.stat(target, sh.cwd)
        if entry.kind != DIR:
            raise FSError(ENOTDIR, target)
        if physical:
            new = sh.fs.realpath(target, sh.cwd)
        # lexical ".." must still name a directory that exists
        sh.fs.stat(new)
    except FSError as err:
        return _fail(sh, "cd", d.cd_failed(target, err.errno, sh.ctx.strerror(err)), d.cd_status)
    old = sh.vars.get("PWD", sh.cwd)
    sh.ctx.cwd = new
    sh.vars["OLDPWD"] = old
    sh.vars["PWD"] = new
    if "OLDPWD" not in sh.exported and d.name != "dash":
        sh.exported.add("OLDPWD")
    if show:
        sh.out(new + "\n")
    return 0


@builtin("pwd")
def b_pwd(sh, argv):
    if "-P" in argv[1:]:
        try:
            sh.out(sh.fs.realpath(sh.cwd) + "\n")
            return 0
        except FSError:
            pass
    sh.out(sh.cwd + "\n")
    return 0


# -- output ------------------------------------------------------------------------------
@builtin("echo")
def b_echo(sh, argv):
    args = argv[1:]
    newline = True
    escapes = sh.dialect.name == "dash"
    if sh.dialect.name == "dash":
        if args and args[0] == "-n":
            newline, args = False, args[1:]
    else:
        while args and len(args[0]) > 1 and args[0][0] == "-" \
                and all(c in "neE" for c in args[0][1:]):
            for c in args[0][1:]:
                if c == "n":
                    newline = False
                elif c == "e":
                    escapes = True
                else:
                    escapes = False
            args = args[1:]
    text = " ".join(args)
    if escapes:
        text, stopped = builtins_io.echo_escapes(text, hex_escapes=sh.dialect.name != "dash",
                                                 unicode=_escapes_mode(sh))
        if stopped:
            newline = False
            sh.out(text)
            return 0
    sh.out(text + ("\n" if newline else ""))
    return 0


def _escapes_mode(sh) -> str:
    """How bash's \\u escapes come out (the locale's); ash and dash have none."""
    return builtins_io.locale_escapes(sh.vars) if sh.dialect.name == "bash" else ""


@builtin("printf")
def b_printf(sh, argv):
    d = sh.dialect.name
    args = argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    target = None
    if d == "bash" and len(args) >= 2 and args[0] == "-v":
        target, args = args[1], args[2:]
    if not args:
        if d == "ash":
            sh.err(sh.dialect.applet_prefix() + "usage: printf FORMAT [ARGUMENT...]\n")
        elif d == "dash":
            sh.error("usage: printf format [arg ...]", "printf")
        else:
            sh.err("printf: usage: printf [-v var] format [arguments]\n")
        return 2
    fmt, rest = args[0], args[1:]
    if d == "bash":
        fmt = fmt.replace("%q", "%s") if "%q" not in fmt else fmt
        if "%q" in fmt:
            rest = [_bash_printf_q(a) for a in rest]
            fmt = fmt.replace("%q", "%s")
    text, bad_numbers, bad_directive = builtins_io.printf(fmt, rest, partial=d != "ash",
                                                          hex_escapes=d != "dash",
                                                          unicode=_escapes_mode(sh),
                                                          clock=(sh._now(), sh.started) if d == "bash" else None)
    status = _printf_complaints(sh, bad_numbers, bad_directive)
    # (after the complaints: the shells write their output when the builtin ends)
    if target is not None:
        sh.set_var(target, text)
    else:
        sh.out(text)
    return status


def _printf_complaints(sh, bad_numbers, bad_directive) -> int:
    """What printf says of its bad numbers and directive, each shell its way; the status."""
    d = sh.dialect.name
    status = 0
    for value, kind in bad_numbers:
        if kind == "empty" and d != "ash":
            continue  # bash and dash read an empty number as 0 without complaint
        if d == "ash":
            sh.err(sh.dialect.applet_prefix() + f"invalid number '{value}'\n")
        elif kind == "range":
            # strtoimax's ERANGE: bash only warns, dash fails
            warning = "warning: " if d == "bash" else ""
            sh.error(f"{warning}{value}: Numerical result out of range", "printf")
            if d == "bash":
                continue
        elif d == "dash":
            why = "not completely converted" if kind == "partial" else "expected numeric value"
            sh.error(f"{value}: {why}", "printf")
        else:
            sh.error(f"{value}: invalid number", "printf")
        status = 1
    if bad_directive is not None:
        directive, rest = bad_directive
        if d == "ash":
            sh.err(sh.dialect.applet_prefix() + f"{rest}: invalid format\n")
            return 1
        if d == "dash":
            sh.error(f"{directive}: invalid directive", "printf")
            return 2
        sh.error(f"`{directive[-1:]}': invalid format character", "printf")
        return 1
    return status


def _bash_printf_q(text: str) -> str:
    if text == "":
        return "''"
    out = []
    for c in text:
        if c.isalnum() or c in "_-./:=@%+,":
            out.append(c)
        else:
            out.append("\\" + c)
    return "".join(out)


# -- test ----------------------------------------------------------------------------------
@builtin("test", "[")
def b_test(sh, argv):
    sh.ctx.meter.pending += sh.costs.test
    name = argv[0]
    args = argv[1:]
    if name == "[":
        if not args or args[-1] != "]":
            _test_error(sh, name, testexpr.TestError("bracket"))
            return 2
        args = args[:-1]
    try:
        return 0 if testexpr.test(sh, args, sh.dialect.name, "]" if name == "[" else "") else 1
    except testexpr.TestError as err:
        _test_error(sh, name, err)
        return 2


def _test_error(sh, name: str, err) -> None:
    d = sh.dialect.name
    text = testexpr.message(d, name, err)
    if d == "ash":
        sh.err(sh.dialect.applet_prefix() + text + "\n")
    else:
        sh.error(text, name)


# -- variables -------------------------------------------------------------------------------
def _quote_value(sh, value: str) -> str:
    return "'" + value.replace("'", "'\"'\"'") + "'" if sh.dialect.name != "bash" else \
        '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$") + '"'


def _assign_arg(sh, name: str, arg: str, export: bool = False, readonly: bool = False):
    if "=" in arg:
        key, value = arg.split("=", 1)
    else:
        key, value = arg, None
    if not is_name(key):
        if sh.dialect.name == "bash":
            sh.error(f"`{arg}': not a valid identifier", name)
            return 1
        return _fatal(sh, name, f"{key}: bad variable name")
    try:
        if value is not None:
            sh.set_var(key, value)
    except ExpansionError as err:
        if err.kind == "arith":  # declare -i's value: the command ends there
            sh.error(sh.dialect.arith(err.arith), name)
            raise ShellAbort(1) from None
        sh.error(sh.dialect.readonly(key), name if sh.dialect.name == "bash" else "")
        if sh.dialect.name != "bash":
            raise ShellAbort(2, fatal=True)
        return 1
    if export:
        sh.exported.add(key)
    if readonly:
        sh.readonly.add(key)
    return 0


@builtin("export")
def b_export(sh, argv):
    args = argv[1:]
    unexport = False
    while args and args[0].startswith("-") and args[0] != "-":
        if args[0] == "--":
            args = args[1:]
            break
        unexport = unexport or "n" in args[0]
        args = args[1:]
    if not args:
        for key in sorted(k for k in sh.exported if k in sh.vars):
            if sh.dialect.name == "bash":
                sh.out(f"declare -x {key}={_quote_value(sh, sh.vars[key])}\n")
            else:
                sh.out(f"export {key}={_quote_value(sh, sh.vars[key])}\n")
        return 0
    status = 0
    for arg in args:
        if unexport:
            sh.exported.discard(arg.split("=", 1)[0])
            continue
        status |= _assign_arg(sh, "export", arg, export=True)
    return status


@builtin("readonly")
def b_readonly(sh, argv):
    args = [a for a in argv[1:] if a not in ("-p", "--")]
    if not args:
        for key in sorted(k for k in sh.readonly):
            value = sh.vars.get(key)
            if sh.dialect.name == "bash":
                sh.out(f"declare -r {key}={_quote_value(sh, value or '')}\n")
            else:
                sh.out(f"readonly {key}" + (f"={_quote_value(sh, value)}" if value is not None
                                            else "") + "\n")
        return 0
    status = 0
    for arg in args:
        status |= _assign_arg(sh, "readonly", arg, readonly=True)
    return status


@builtin("declare", "typeset", dialects=("bash",))
def b_declare(sh, argv):
    args = argv[1:]
    flags = ""
    while args and args[0][:1] in "-+" and len(args[0]) > 1:
        flags += args[0][1:]
        args = args[1:]
    if "p" in flags:
        return _declare_print(sh, args or sorted(set(sh.vars) | set(sh.arrays)))
    if not args:
        for key in sorted(sh.vars):
            sh.out(f"{key}={_bash_set_quote(sh.vars[key])}\n")
        return 0
    status = 0
    for arg in args:
        key = arg.split("=", 1)[0]
        if sh.func_depth and "g" not in flags:
            _make_local(sh, key)
        if "i" in flags:
            sh.integers.add(key)
        if "a" in flags or "A" in flags:  # an (associative) array, empty unless already one
            sh.array_of(key)
            if "A" in flags:
                sh.assoc.add(key)
            if "=" not in arg:
                continue
        status |= _assign_arg(sh, argv[0], arg, export="x" in flags, readonly="r" in flags)
    return status


def _declare_print(sh, names) -> int:
    """declare -p: each variable as the declare that makes it again (bash 5.2's form)."""
    from .expand import ansi_c_quote, has_control
    def quoted(value: str) -> str:
        if has_control(value):
            return ansi_c_quote(value)
        return '"' + "".join("\\" + c if c in '\\"$`' else c for c in value) + '"'
    status = 0
    for name in names:
        kind = "A" if name in sh.assoc else "a" if name in sh.arrays else ""
        if not kind and name not in sh.vars and name not in sh.exported:
            status = _fail(sh, "declare", f"{name}: not found")
            continue
        attributes = kind + ("i" if name in sh.integers else "") + ("r" if name in sh.readonly else "") \
            + ("x" if name in sh.exported else "")
        text = f"declare -{attributes or '-'} {name}"
        if kind:
            items = sh.arrays[name].items() if kind == "A" else sorted(sh.arrays[name].items())
            elements = [f"[{key}]={quoted(value)}" for key, value in items]
            text += "=(" + " ".join(elements) + (" )" if kind == "A" and elements else ")")
        elif name in sh.vars:
            text += "=" + quoted(sh.vars[name])
        sh.out(text + "\n")
    return status


@builtin("unset")
def b_unset(sh, argv):
    args = argv[1:]
    mode = "v"
    while args and args[0].startswith("-"):
        if args[0] == "--":
            args = args[1:]
            break
        mode = "f" if "f" in args[0] else "v"
        args = args[1:]
    status = 0
    for name in args:
        if mode == "f":
            sh.functions.pop(name, None)
            continue
        if sh.dialect.name == "bash" and name.endswith("]") and "[" in name:  # unset 'a[i]': one element
            base, _, index = name[:-1].partition("[")
            if base in sh.arrays:
                key = index if base in sh.assoc else sh.expander.arith(index)
                sh.arrays[base].pop(key, None)
            continue
        if name in sh.readonly:
            if sh.dialect.name == "bash":
                sh.error(f"{name}: cannot unset: readonly variable", "unset")
                status = 1
                continue
            return _fatal(sh, "unset", f"{name}: is read only")
        if not sh.unset_var(name) and sh.dialect.name == "bash":
            status = 1
        if name not in sh.vars and sh.dialect.name == "bash" and name in sh.functions \
                and mode == "v":
            pass
    return status


def _make_local(sh, key: str) -> None:
    scope = sh.locals[-1]
    if key not in scope:
        scope[key] = (sh.vars.get(key), key in sh.exported)
        # an array of that name is hidden too, and comes back when the function returns
        scope.setdefault("\0arrays", {})[key] = sh.arrays.pop(key, None)


@builtin("local")
def b_local(sh, argv):
    if not sh.func_depth:  # ash and dash treat local as special: the error ends them
        d = sh.dialect
        if d.name == "bash":
            return _fail(sh, "local", d.local_outside(), 1)
        return _fatal(sh, "local", d.local_outside())
    status = 0
    integer = False
    args = argv[1:]
    # bash's options before the names (ash and dash take only `local -`)
    while args and args[0].startswith("-") and (sh.dialect.name == "bash" or args[0] == "-"):
        option = args.pop(0)
        integer = integer or (sh.dialect.name == "bash" and "i" in option)
    for arg in args:
        key = arg.split("=", 1)[0]
        if not is_name(key):
            if sh.dialect.name != "bash":
                return _fatal(sh, "local", f"{key}: bad variable name")
            status = _fail(sh, "local", f"`{arg}': not a valid identifier")
            continue
        _make_local(sh, key)
        if integer:
            sh.integers.add(key)
        if "=" in arg:
            status |= _assign_arg(sh, "local", arg)
        elif sh.dialect.name == "bash":
            sh.vars.pop(key, None)
    return status


@builtin("let", dialects=("ash", "bash"))
def b_let(sh, argv):
    if len(argv) < 2:
        if sh.dialect.name == "bash":
            return _fail(sh, "let", "expression expected")
        return _fatal(sh, "let", "expression expected")
    value = 0
    for expr in argv[1:]:
        try:
            value = sh.expander.arith(expr)
        except ExpansionError as err:
            sh.expansion_error(err)
    return 0 if value else 1


# -- positional parameters and options ------------------------------------------------------
# `set -o`'s names, in the order each shell lists them (ash 1.37 as Alpine builds it,
# dash 0.5.12, bash 5.2); bash's options on by default are listed on until turned off
SET_O_NAMES = {
    "ash": ("errexit", "noglob", "ignoreeof", "monitor", "noexec", "xtrace", "verbose",
            "noclobber", "allexport", "notify", "nounset", "errtrace", "vi", "pipefail"),
    "dash": ("errexit", "noglob", "ignoreeof", "interactive", "monitor", "noexec", "stdin",
             "xtrace", "verbose", "vi", "emacs", "noclobber", "allexport", "notify", "nounset",
             "privileged", "nolog", "debug"),
    "bash": ("allexport", "braceexpand", "emacs", "errexit", "errtrace", "functrace", "hashall",
             "histexpand", "history", "ignoreeof", "interactive-comments", "keyword", "monitor",
             "noclobber", "noexec", "noglob", "nolog", "notify", "nounset", "onecmd", "physical",
             "pipefail", "posix", "privileged", "verbose", "vi", "xtrace"),
}
BASH_ON_BY_DEFAULT = ("braceexpand", "hashall", "interactive-comments")


def _option_on(sh, name: str) -> bool:
    if name in BASH_ON_BY_DEFAULT and sh.dialect.name == "bash":
        return f"no-{name}" not in sh.opts
    return LONG_OPTIONS.get(name, name) in sh.opts


def _set_option(sh, name: str, on: bool) -> None:
    if name in BASH_ON_BY_DEFAULT:
        (sh.opts.discard if on else sh.opts.add)(f"no-{name}")
        return
    (sh.opts.add if on else sh.opts.discard)(LONG_OPTIONS.get(name, name))


def _list_options(sh, as_commands: bool) -> None:
    """set -o (a table) and set +o (the commands that would set them again)."""
    dialect = sh.dialect.name
    names = SET_O_NAMES.get(dialect, SET_O_NAMES["ash"])
    if dialect == "dash" and not as_commands:
        sh.out("Current option settings\n")
    for name in names:
        on = _option_on(sh, name)
        if as_commands:
            sh.out(f"set {'-' if on else '+'}o {name}\n")
        elif dialect == "bash":
            sh.out(f"{name:<15}\t{'on' if on else 'off'}\n")
        else:
            sh.out(f"{name:<16}{'on' if on else 'off'}\n")


@builtin("set")
def b_set(sh, argv):
    args = argv[1:]
    if not args:
        for key in sorted(sh.vars):
            if sh.dialect.name == "bash":
                sh.out(f"{key}={_bash_set_quote(sh.vars[key])}\n")
            else:
                sh.out(f"{key}={_quote_value(sh, sh.vars[key])}\n")
        return 0
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            sh.positional = list(args[i + 1:])
            return 0
        if arg in ("-", "+"):
            sh.opts.discard("x")
            sh.opts.discard("v")
            i += 1
            sh.positional = list(args[i:]) if i < len(args) else sh.positional
            return 0
        if arg[0] in "-+" and len(arg) > 1:
            on = arg[0] == "-"
            letters = arg[1:]
            if letters == "o":
                if i + 1 >= len(args):
                    _list_options(sh, as_commands=not on)
                    return 0
                name = args[i + 1]
                if name not in SET_O_NAMES.get(sh.dialect.name, SET_O_NAMES["ash"]):
                    if sh.dialect.name == "bash":
                        return _fail(sh, "set", f"{name}: invalid option name", 2)
                    if sh.dialect.name == "ash":  # an error, but not one that ends ash
                        return _fail(sh, "set", f"illegal option {arg[0]}o {name}")
                    return _fatal(sh, "set", f"Illegal option -o {name}")
                _set_option(sh, name, on)
                i += 2
                continue
            for letter in letters:
                if letter not in "eufxCavnmbhBoE":
                    if sh.dialect.name == "bash":
                        sh.error(f"{arg[0]}{letter}: invalid option", "set")
                        sh.err("set: usage: set [-abefhkmnptuvxBCEHPT] [-o option-name] "
                               "[--] [-] [arg ...]\n")
                        return 2
                    word = "Illegal" if sh.dialect.name == "dash" else "illegal"
                    return _fatal(sh, "set", f"{word} option {arg[0]}{letter}")
                (sh.opts.add if on else sh.opts.discard)(letter)
            i += 1
            continue
        sh.positional = list(args[i:])
        return 0
    return 0


def _bash_set_quote(value: str) -> str:
    if value == "" or any(c in " \t\n'\"\\|&;()<>!{}*[?]^$`#~" for c in value):
        return "'" + value.replace("'", "'\\''") + "'"
    return value


@builtin("shift")
def b_shift(sh, argv):
    count = 1
    if len(argv) > 1:
        try:
            count = int(argv[1])
            if count < 0 and sh.dialect.name == "bash":
                return _fail(sh, "shift", f"{argv[1]}: shift count out of range")
            if count < 0:
                raise ValueError
        except ValueError:
            if sh.dialect.name == "bash":
                return _fail(sh, "shift", f"{argv[1]}: numeric argument required")
            return _fatal(sh, "shift", sh.dialect.illegal_number(argv[1]))
    if count > len(sh.positional):
        if sh.dialect.name == "dash":
            return _fatal(sh, "shift", "can't shift that many")
        return 1
    sh.positional = sh.positional[count:]
    return 0


@builtin("getopts")
def b_getopts(sh, argv):
    if len(argv) < 3:
        if sh.dialect.name == "bash":  # bash's usage line names no shell and no line
            sh.err("getopts: usage: getopts optstring name [arg ...]\n")
            return 2
        usage = ("usage: getopts optstring var [arg]" if sh.dialect.name == "ash"
                 else "Usage: getopts optstring var [arg...]")
        return _fail(sh, "getopts", usage, 2)
    optstring, name = argv[1], argv[2]
    args = argv[3:] if len(argv) > 3 else list(sh.positional)
    silent = optstring.startswith(":")
    spec = optstring[1:] if silent else optstring
    try:
        index = int(sh.vars.get("OPTIND", "1"))
    except ValueError:
        index = 1
    sub = sh.__dict__.setdefault("_getopts_sub", [0, 0])
    if sub[1] != index:
        sub[0], sub[1] = 0, index
    if index - 1 >= len(args):
        sh.vars[name] = "?"
        return 1
    arg = args[index - 1]
    if sub[0] == 0:
        if arg == "--":
            sh.vars["OPTIND"] = str(index + 1)
            sh.vars[name] = "?"
            return 1
        if not arg.startswith("-") or arg == "-":
            sh.vars[name] = "?"
            return 1
        sub[0] = 1
    letter = arg[sub[0]]
    sub[0] += 1
    done_with_arg = sub[0] >= len(arg)
    pos = spec.find(letter)
    if pos < 0 or letter == ":":
        if silent:
            sh.vars["OPTARG"] = letter
        else:
            sh.err(f"{sh.arg0}: illegal option -- {letter}\n" if sh.dialect.name == "bash"
                   else f"Illegal option -{letter}\n")  # ash's and dash's own words
            sh.vars.pop("OPTARG", None)
        sh.vars[name] = "?"
    elif pos + 1 < len(spec) and spec[pos + 1] == ":":
        if not done_with_arg:
            sh.vars["OPTARG"] = arg[sub[0]:]
            done_with_arg = True
        elif index < len(args):
            sh.vars["OPTARG"] = args[index]
            index += 1
        else:
            if silent:
                sh.vars[name] = ":"
                sh.vars["OPTARG"] = letter
            else:
                sh.err(f"{sh.arg0}: option requires an argument -- {letter}\n"
                       if sh.dialect.name == "bash" else f"No arg for -{letter} option\n")
                sh.vars[name] = "?"
            index += 1
            sh.vars["OPTIND"] = str(index)
            sub[0], sub[1] = 0, index
            return 0
        sh.vars[name] = letter
    else:
        sh.vars[name] = letter
        sh.vars.pop("OPTARG", None)
    if done_with_arg:
        index += 1
        sub[0] = 0
    sh.vars["OPTIND"] = str(index)
    sub[1] = index
    return 0


# -- control flow -------------------------------------------------------------------------
def _number_arg(sh, name: str, text: str):
    stripped = text.strip()
    body = stripped[1:] if stripped[:1] in "+-" else stripped
    if not body.isdigit() or (sh.dialect.name != "bash" and stripped[:1] == "-"):
        return None
    return int(stripped)


@builtin("exit")
def b_exit(sh, argv):
    if sh.interactive and sh.dialect.name == "bash":
        sh.err("exit\n")
    status = sh.status
    if len(argv) > 1:
        value = _number_arg(sh, "exit", argv[1])
        if value is None:
            sh.error(sh.dialect.illegal_number(argv[1]), "exit")
            raise ShellExit(2)
        if len(argv) > 2 and sh.dialect.name == "bash":
            return _fail(sh, "exit", "too many arguments")
        status = value & 0xFF
    raise ShellExit(status)


@builtin("return")
def b_return(sh, argv):
    status = sh.status
    if len(argv) > 1:
        value = _number_arg(sh, "return", argv[1])
        if value is None:
            if sh.dialect.name == "bash":
                sh.error(f"{argv[1]}: numeric argument required", "return")
                status = 2
            else:
                return _fatal(sh, "return", sh.dialect.illegal_number(argv[1]))
        else:
            status = value & 0xFF
    if sh.dialect.name == "bash" and not sh.func_depth and not sh.source_depth:
        sh.error("can only `return' from a function or sourced script", "return")
        return 2
    raise FunctionReturn(status)


def _loop(sh, argv, kind: str):
    if sh.dialect.name == "bash":
        return _bash_loop(sh, argv, kind)
    count = 1
    if len(argv) > 1:
        value = _number_arg(sh, kind, argv[1])
        if value is None or value < 1:
            return _fatal(sh, kind, sh.dialect.illegal_number(argv[1]))
        count = value
    if not sh.loop_depth:
        return 0
    raise LoopControl(kind, min(count, sh.loop_depth))


def _bash_loop(sh, argv, kind: str):
    """bash: outside a loop only a warning; a count that is not a number ends the shell
    (status 128); one below 1 is an error, yet the innermost loop is still left."""
    if not sh.loop_depth:
        sh.error("only meaningful in a `for', `while', or `until' loop", kind)
        return 0
    if len(argv) < 2:
        raise LoopControl(kind, 1)
    value = _number_arg(sh, kind, argv[1])
    if value is None:
        sh.error(f"{argv[1]}: numeric argument required", kind)
        raise ShellAbort(128, fatal=True)
    if value < 1:
        sh.error(f"{argv[1]}: loop count out of range", kind)
        raise LoopControl(kind, 1, status=1)
    raise LoopControl(kind, min(value, sh.loop_depth))


@builtin("break")
def b_break(sh, argv):
    return _loop(sh, argv, "break")


@builtin("continue")
def b_continue(sh, argv):
    return _loop(sh, argv, "continue")


@builtin("eval")
def b_eval(sh, argv):
    text = " ".join(argv[1:])
    if not text.strip():
        return 0
    return (yield from sh.eval_string(text))


@builtin(".", "source", dialects=ALL)
def b_source(sh, argv):
    name = argv[0]
    if name == "source" and sh.dialect.name == "dash":
        return sh.exec_failed("source", ENOENT)
    if len(argv) < 2:
        if sh.dialect.name == "bash":
            sh.error("filename argument required", name)
            sh.err(f"{name}: usage: {name} filename [arguments]\n")
            return 2
        return 0
    path = argv[1]
    candidates = [path]
    if "/" not in path:
        candidates = [f"{d or '.'}/{path}" for d in sh.vars.get("PATH", "").split(":")] + \
            ([path] if sh.dialect.name == "bash" else [])
    data = None
    error = None
    for candidate in candidates:
        try:
            entry = sh.fs.stat(candidate, sh.cwd)
            if entry.kind == DIR:
                continue
            data = sh.fs.read(candidate, sh.cwd)
            break
        except FSError as err:
            error = err
    if data is None:
        strerror = sh.ctx.strerror(error.errno if error else ENOENT)
        d = sh.dialect
        sh.error(d.source_failed(path, strerror), name if d.name != "bash" else "")
        if d.name != "bash" and not sh.interactive:
            raise ShellAbort(2, fatal=True)
        return d.source_status
    text = data.decode("utf-8", "surrogateescape")
    saved_positional = sh.positional
    if len(argv) > 2:
        sh.positional = list(argv[2:])
    sh.source_depth += 1
    saved_line = sh.lineno
    try:
        try:
            return (yield from sh.eval_string(text, first_line=1))
        except FunctionReturn as ret:
            return ret.status
    finally:
        sh.source_depth -= 1
        sh.lineno = saved_line
        if len(argv) > 2:
            sh.positional = saved_positional


@builtin("exec")
def b_exec(sh, argv):
    args = argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        sh.keep_fds = True  # run_simple makes this command's redirections permanent
        return 0
    name = args[0]
    path, entry = sh.resolve(name, sh.vars)
    if path is None:
        d = sh.dialect
        status = 127 if entry in (ENOENT, ENOTDIR) else 126
        if d.name == "bash" and status == 127 and "/" not in name:
            sh.error(f"{name}: not found", "exec")  # not "command not found"
        elif d.name == "bash":
            sh.exec_failed(name, entry)
            if status == 126:  # then exec says it could not
                sh.error(f"{name}: cannot execute: {sh.ctx.strerror(entry)}", "exec")
        else:  # ash and dash: a directory or a file without x is EACCES to execve
            message = d.not_found(name) if status == 127 else \
                f"{name}: {sh.ctx.strerror(EACCES)}"
            sh.error(message, "exec")
        if sh.interactive:
            return status
        raise ShellExit(status)
    main, new_argv, flavour = implementation(entry, list(args))
    env = sh.child_env()
    if sh.owns_process and main is not None:
        ex = ExecReplace(new_argv, main, flavour, path, env)
        ex.streams = (sh.fds[0], sh.fds[1], sh.fds[2])
        ex.cwd = sh.cwd
        raise ex
    status = yield from sh.run_external(args, {})
    raise ShellExit(status)


# -- traps and signals ------------------------------------------------------------------------
def signal_number(spec: str) -> Optional[int]:
    """0 for EXIT, a signal number, or None."""
    text = spec.upper()
    if text in ("EXIT", "0"):
        return 0
    if text.isdigit():
        number = int(text)
        return number if number in SIGNAL_NAMES else None
    if text.startswith("SIG"):
        text = text[3:]
    return SIGNALS.get(text)


@builtin("trap")
def b_trap(sh, argv):
    args = argv[1:]
    d = sh.dialect.name
    if args and args[0] == "--":
        args = args[1:]
    if not args or args == ["-p"]:
        for key in sorted(sh.traps, key=lambda k: {"EXIT": 0, "ERR": 1000}.get(k, k)):
            action = sh.traps[key]
            name = key if key in ("EXIT", "ERR") else SIGNAL_NAMES.get(key, str(key))
            if d == "bash" and key not in ("EXIT", "ERR"):
                name = "SIG" + name
            sh.out(f"trap -- {_single_quote(action)} {name}\n")
        return 0
    if args[0] == "-l":
        if d != "bash":  # trap -l is bash's
            word = "illegal" if d == "ash" else "Illegal"
            return _fatal(sh, "trap", f"{word} option -l")
        return b_kill(sh, ["kill", "-l"])
    if len(args) == 1 or (args[0].isdigit() and signal_number(args[0]) is not None):
        action = None
        specs = args
    else:
        action = None if args[0] == "-" else args[0]
        specs = args[1:]
    status = 0
    for spec in specs:
        number = signal_number(spec)
        if spec.upper() == "ERR" and d != "dash":  # ash and bash: after a failed command
            if action is None:
                sh.traps.pop("ERR", None)
            else:
                sh.traps["ERR"] = action
                sh.traps_were_set = sh.traps_were_set or action != ""
            continue
        if number is None:
            if spec.upper() in ("DEBUG", "RETURN") and d != "dash":
                continue
            if d == "dash":
                sh.err(f"trap: {spec}: bad trap\n")
            else:
                sh.error(sh.dialect.invalid_signal(spec), "trap")
            status = 1
            continue
        key = "EXIT" if number == 0 else number
        if action is None:
            sh.traps.pop(key, None)
        else:
            sh.traps[key] = action
            sh.traps_were_set = sh.traps_were_set or action != ""
        if key != "EXIT":
            install_signal(sh, key)
    return status


def _single_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


class TrapTable(dict):
    """ctx.extra["signals"] of a shell process: signal number -> trap action.

    The kernel asks ``table[signum]`` for the exit status a handler leads to
    (None: the process goes on). Reading an entry runs the trap's commands
    there and then, as the shell's signal handler would: `trap 'echo bye;
    exit 0' TERM` prints "bye" and answers 0, so `docker stop` ends PID 1
    with status 0 at once. The commands run without letting time pass (a
    `sleep` in a trap is not waited for).
    """

    def __init__(self, shell):
        super().__init__()
        self.shell = shell

    def __getitem__(self, signum):
        action = dict.__getitem__(self, signum)
        if action == "":
            return None  # ignored
        return self.shell_handles(signum, action)

    def shell_handles(self, signum: int, action: str):
        from .main import run_to_end
        sh = self.shell
        saved_status = sh.status
        try:
            run_to_end(sh.eval_string(action))
        except ShellExit as done:
            status = done.status
            sh.status = status
            try:
                status = run_to_end(sh.run_exit_trap(status))
            except Exception:
                pass
            from . import io as shio
            shio.flush_all(sh.open_sinks)
            return status
        except Exception:
            pass
        sh.status = saved_status
        return None


def install_signal(sh, signum: int) -> None:
    table = sh.ctx.extra.get("signals")
    if not isinstance(table, TrapTable) or table.shell is not sh:
        table = TrapTable(sh)
        sh.ctx.extra["signals"] = table
    if signum in sh.traps:
        dict.__setitem__(table, signum, sh.traps[signum])
    else:
        dict.pop(table, signum, None)


@builtin("kill")
def b_kill(sh, argv):
    args = argv[1:]
    d = sh.dialect.name
    if args and args[0] == "-l":
        if len(args) > 1:
            if d == "dash":  # dash converts one number to its name, and only a number
                if not args[1].isdigit():
                    sh.error(sh.dialect.illegal_number(args[1]), "kill")
                    return 2
                args = args[:2]
            for spec in args[1:]:
                if spec.isdigit():
                    number = int(spec)
                    if number > 128:
                        number -= 128
                    sh.out(SIGNAL_NAMES.get(number, spec) + "\n")
                else:
                    number = signal_number(spec)
                    sh.out(f"{number}\n")
            return 0
        realtime = ["RTMIN"] + [f"RTMIN+{i}" for i in range(1, 16)] + \
            [f"RTMAX-{i}" for i in range(14, 0, -1)] + ["RTMAX"]
        if d == "bash":
            names = [f"{n:2d}) SIG{SIGNAL_NAMES[n]}" for n in sorted(SIGNAL_NAMES)]
            names += [f"{34 + i:2d}) SIG{name}" for i, name in enumerate(realtime)]
            for i in range(0, len(names), 5):
                sh.out("\t".join(names[i:i + 5]) + ("\t" if i + 5 >= len(names) else "")
                       + "\n")
        elif d == "ash":
            for n in sorted(SIGNAL_NAMES):
                sh.out(f"{n:2d}) {'POLL' if n == 29 else SIGNAL_NAMES[n]}\n")
        else:
            names = ["0"] + [SIGNAL_NAMES[n] if n != 16 else "16" for n in sorted(SIGNAL_NAMES)]
            sh.out("\n".join(names + ["32", "33"] + realtime) + "\n")
        return 0
    signum = 15
    if args and args[0] == "-s" and len(args) > 1:
        signum = signal_number(args[1])
        args = args[2:]
    elif args and args[0] == "-n" and len(args) > 1:
        signum = signal_number(args[1])
        args = args[2:]
    elif args and args[0].startswith("-") and len(args[0]) > 1 and args[0] != "--":
        signum = signal_number(args[0][1:])
        args = args[1:]
    if args and args[0] == "--":
        args = args[1:]
    if signum is None:
        return _fail(sh, "kill", f"{argv[1].lstrip('-')}: invalid signal specification")
    if not args:
        if d == "ash":
            sh.err(sh.dialect.applet_prefix() + "you need to specify whom to kill\n")
            return 1
        if d == "dash":
            sh.error("Usage: kill [-s sigspec | -signum | -sigspec] [pid | job]... or\n"
                     "kill -l [exitstatus]", "kill")
            return 2
        sh.err("kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or "
               "kill -l [sigspec]\n")
        return 2
    status = 0
    for spec in args:
        pid = _job_pid(sh, spec)
        failed = ESRCH if pid is None else kill_errno(sh, pid, signum)
        if failed:
            status = 1
            reason = sh.ctx.strerror(failed)
            if d == "ash":
                sh.err(sh.dialect.applet_prefix() + f"can't kill pid {spec}: {reason}\n")
            elif d == "dash":
                sh.error(f"{reason}\n", "kill")  # dash prints strerror and a newline
            else:
                sh.error(f"({spec}) - {reason}", "kill")
    return status


def _job_pid(sh, spec: str) -> Optional[int]:
    if spec.startswith("%"):
        from .jobs import find_job
        process = find_job(sh, spec)
        return process.nspid if process is not None else None
    try:
        return int(spec)
    except ValueError:
        return None


def deliver(sh, pid: int, signum: int) -> bool:
    """kill(2) inside the container: False if it failed."""
    return not kill_errno(sh, pid, signum)


def kill_errno(sh, pid: int, signum: int) -> int:
    """kill(2) inside the container: 0, or why it failed (ESRCH, EPERM)."""
    system = sh.ctx.system
    if pid == sh.ctx.pid:
        # the shell signals itself: its own handler (trap) or the default action
        from .jobs import process_of
        me = process_of(sh.ctx)
        if me is None:
            return 0
        status = me.receives(signum) if signum else None
        if status is not None:
            raise ShellExit(status)
        return 0
    if not hasattr(system, "kill"):
        return ESRCH
    try:
        system.kill(pid, signum)
    except FSError as err:
        return err.errno or ESRCH
    return 0


@builtin("wait")
def b_wait(sh, argv):
    args = [a for a in argv[1:] if a != "--"]
    if args and args[0] == "-n":
        args = args[1:]
    if not args:
        for process in list(sh.jobs):
            yield from _wait_for(sh, process)
        sh.jobs = [p for p in sh.jobs if p.alive]
        return 0
    status = 0
    for spec in args:
        pid = _job_pid(sh, spec)
        process = next((p for p in sh.jobs if p.nspid == pid), None)
        if process is None:
            if sh.dialect.name == "bash":
                sh.error(f"pid {spec} is not a child of this shell", "wait")
            status = 127
            continue
        status = yield from _wait_for(sh, process)
    return status


def _wait_for(sh, process):
    if process.alive:
        yield from sh.drive(sh.ctx.wait(process))
    return process.exit_code


@builtin("jobs")
def b_jobs(sh, argv):
    from .jobs import forget, job_line, listed, refresh, told
    refresh(sh)
    for process in listed(sh):
        sh.out(job_line(sh, process))
        told(sh, process)
        if not process.alive:
            forget(sh, process)  # reported: gone (the next one may become current)
    return 0


def _job_for(sh, argv, name: str):
    from .jobs import find_job
    spec = argv[1] if len(argv) > 1 else ""
    process = find_job(sh, spec)
    if process is None:
        if sh.dialect.name == "bash":
            sh.error(f"{spec or 'current'}: no such job", name)
        else:
            sh.error(f"can't find job '{spec}'" if spec else "no current job", name)
    return process


@builtin("fg")
def b_fg(sh, argv):
    """Continue a job in the foreground and wait for it (Ctrl-Z stops it again)."""
    from .jobs import forget, job_text, members
    process = _job_for(sh, argv, "fg")
    if process is None:
        return 1
    sh.out(job_text(sh, process) + "\n")
    group = members(sh, process)
    if process.alive:
        forget(sh, process)  # in the foreground now: the terminal's keys reach it
        for member in group:
            if member.alive:
                deliver(sh, member.nspid, 18)  # SIGCONT
        for member in group:
            yield from sh.drive(sh.ctx.wait(member, untraced=True))
            if member.alive and member.stopped:
                return sh.job_stopped(process, job_text(sh, process), group)
    forget(sh, process)
    if process.signal:
        sh.report_death(process.signal)
    return process.exit_code


@builtin("bg")
def b_bg(sh, argv):
    """Continue a stopped job in the background."""
    from .jobs import job_number, job_text, mark, members, remember
    process = _job_for(sh, argv, "bg")
    if process is None:
        return 1
    # ash makes it the current job; bash's current one stays the newest started
    remember(sh, process, job_text(sh, process), current=sh.dialect.name != "bash")
    if sh.dialect.name == "bash":
        sh.out(f"[{job_number(sh, process)}]{mark(sh, process)} {job_text(sh, process)} &\n")
    else:
        sh.out(f"[{job_number(sh, process)}] {job_text(sh, process)}\n")
    for member in members(sh, process):
        if member.alive:
            deliver(sh, member.nspid, 18)  # SIGCONT
    return 0


# -- input --------------------------------------------------------------------------------------
def read_line(sh, stream, delim: str = "\n", limit: Optional[int] = None):
    """A line from ``stream`` (without waiting past the end of a closed stream):
    (text, found the delimiter). What has come is taken as it comes, as read(2) takes
    bytes, so a writer still writing is waited for (in simulated time), never spun on;
    with ``limit`` (read -n) the line ends after that many characters."""
    got = ""
    while True:
        buffered = getattr(stream, "_buffer", "")
        if not isinstance(buffered, str):
            return got, False
        index = buffered.find(delim)
        if limit is not None and (index < 0 or index >= limit - len(got)) and len(got) + len(buffered) >= limit:
            part = buffered[:limit - len(got)]
            stream.take(len(part))
            return got + part, False
        if index >= 0:
            stream.take(index + 1)
            return got + buffered[:index], True
        if buffered:
            stream.take(len(buffered))
            got += buffered
        if getattr(stream, "closed", True) or not hasattr(stream, "readline"):
            return got, False
        if isinstance(stream, Pipe):
            if stream.readable:  # readable with nothing in it: end of file (a terminal's ^D)
                stream.take(0)
                return got, False
            yield WaitIO(stream, "read")  # woken by the writer
        else:
            yield from sh.pause(float("inf"))


@builtin("read")
def b_read(sh, argv):
    args = argv[1:]
    raw = False
    prompt = None
    delim = "\n"
    nchars = None
    fd, timeout = 0, None
    array = None  # bash's read -a NAME: every field an element
    bash = sh.dialect.name == "bash"
    while args and args[0].startswith("-") and len(args[0]) > 1:
        opt = args.pop(0)
        if opt == "--":
            break
        j = 1
        while j < len(opt):
            c = opt[j]
            if sh.dialect.name == "dash" and c not in "pr":  # dash's read has only -p and -r
                sh.error(f"Illegal option -{c}", "read")
                return 2
            if sh.dialect.name == "bash" and c not in "ersadinNptu":
                sh.error(f"-{c}: invalid option", "read")
                sh.err("read: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] "
                       "[-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n")
                return 2
            if c == "r":
                raw = True
            elif c == "s":
                pass
            elif c in "ptdnuaN":
                value = opt[j + 1:] if j + 1 < len(opt) else (args.pop(0) if args else "")
                if c == "p":
                    prompt = value
                elif c == "a":
                    array = value
                elif c == "d":
                    delim = value[:1] or "\0"
                elif c in "nN":
                    try:
                        nchars = int(value)
                    except ValueError:
                        nchars = None
                elif c == "u":
                    if not value.isdigit():
                        return _read_refused(sh, f"{value}: invalid file descriptor specification"
                                             if bash else "invalid file descriptor")
                    fd = int(value)
                elif c == "t":
                    try:
                        timeout = float(value)
                    except ValueError:
                        timeout = -1.0
                    if timeout < 0:
                        return _read_refused(sh, f"{value}: invalid timeout specification"
                                             if bash else "invalid timeout")
                break
            j += 1
    names = args or (["REPLY"] if sh.dialect.name != "dash" else [])
    if not names:
        sh.error("arg count", "read")
        return 2
    stream = sh.fds.get(fd)
    if stream is None:  # -u FD of a descriptor that is not open
        if bash:
            sh.error(f"{fd}: invalid file descriptor: Bad file descriptor", "read")
        return 1
    if timeout == 0:  # -t 0 reads nothing: is there input (or its end) to read?
        ready = getattr(stream, "_buffer", "") or getattr(stream, "closed", True)
        return 0 if ready else 1
    if prompt is not None and getattr(stream, "isatty", False):
        sh.err(prompt)
    chars: List[tuple] = []  # (char, escaped)
    found = False
    while True:
        line, found = yield from read_line(sh, stream, delim, nchars)
        i = 0
        continued = False
        while i < len(line):
            c = line[i]
            if c == "\\" and not raw:
                if i + 1 < len(line):
                    chars.append((line[i + 1], True))
                    i += 2
                    continue
                if found:
                    continued = True  # backslash-newline: the line goes on
                i += 1
                continue
            chars.append((c, False))
            i += 1
        if not continued:
            break
    if nchars is not None and len(chars) > nchars:
        chars = chars[:nchars]
    ifs = sh.vars.get("IFS", " \t\n") if "IFS" in sh.vars else " \t\n"
    if not args and array is None:  # no name given: REPLY gets the line as read, its blanks kept
        ifs = ""
    if array is not None:
        elements = sh.array_of(array)
        elements.clear()
        fields = _read_split(chars, ifs, len(chars) + 1)
        if fields and fields[-1] == "":  # (the rest after the last field: nothing)
            fields.pop()
        elements.update(enumerate(fields))
        return 0 if found else 1
    values = _read_split(chars, ifs, len(names))
    for name, value in zip(names, values + [""] * (len(names) - len(values))):
        try:
            sh.set_var(name, value)
        except ExpansionError:
            sh.error(sh.dialect.readonly(name), "read")
            return 2 if sh.dialect.name != "bash" else 1
    return 0 if found else 1


MAPFILE_USAGE = ("mapfile: usage: mapfile [-d delim] [-n count] [-O origin] [-s count] [-t] "
                 "[-u fd] [-C callback] [-c quantum] [array]\n")


@builtin("mapfile", "readarray", dialects=("bash",))
def b_mapfile(sh, argv):
    """bash's mapfile: lines of standard input (or -u FD) into an indexed array."""
    args, values, strip = argv[1:], {"d": "\n", "n": "0", "O": None, "s": "0", "u": "0"}, False
    while args and args[0].startswith("-") and len(args[0]) > 1 and args[0] != "--":
        opt = args.pop(0)
        for j, c in enumerate(opt[1:], 1):
            if c == "t":
                strip = True
                continue
            if c not in "dnOsuCc":
                sh.error(f"-{c}: invalid option", argv[0])
                sh.err(MAPFILE_USAGE.replace("mapfile", argv[0]))
                return 2
            values[c] = opt[j + 1:] if j + 1 < len(opt) else (args.pop(0) if args else "")
            break
    if args[:1] == ["--"]:
        args = args[1:]
    name = args[0] if args else "MAPFILE"
    if not is_name(name):
        return _fail(sh, argv[0], f"`{name}': not a valid identifier")
    try:
        count, skip, fd = int(values["n"]), int(values["s"]), int(values["u"])
        origin = int(values["O"]) if values["O"] is not None else 0
    except ValueError:
        return _fail(sh, argv[0], "invalid number")
    stream = sh.fds.get(fd)
    if stream is None:
        return _fail(sh, argv[0], f"{fd}: invalid file descriptor: Bad file descriptor")
    delim = values["d"][:1] or "\0"
    array = sh.array_of(name)
    if values["O"] is None:
        array.clear()  # (-O keeps what the array holds)
    index, taken = origin, 0
    while not count or taken < count:
        line, found = yield from read_line(sh, stream, delim)
        if not found and not line:
            break
        if skip:
            skip -= 1
            continue
        array[index] = line if strip or not found else line + delim
        index, taken = index + 1, taken + 1
    return 0


def _read_refused(sh, message: str) -> int:
    """A bad -u or -t value: bash says so with status 1, ash with 2."""
    sh.error(message, "read")
    return 1 if sh.dialect.name == "bash" else 2


def _read_split(chars, ifs: str, count: int) -> List[str]:
    white = {c for c in ifs if c in " \t\n"}
    i, n = 0, len(chars)
    values: List[str] = []
    while i < n and chars[i][0] in white and not chars[i][1]:
        i += 1
    while len(values) < count - 1 and i < n:
        field = []
        while i < n and not (chars[i][0] in ifs and not chars[i][1]):
            field.append(chars[i][0])
            i += 1
        values.append("".join(field))
        # the delimiter: IFS white space around at most one other IFS character
        while i < n and chars[i][0] in white and not chars[i][1]:
            i += 1
        if i < n and chars[i][0] in ifs and chars[i][0] not in white and not chars[i][1]:
            i += 1
            while i < n and chars[i][0] in white and not chars[i][1]:
                i += 1
    if i < n or len(values) < count:
        rest = chars[i:]
        while rest and rest[-1][0] in white and not rest[-1][1]:
            rest = rest[:-1]
        if len(values) < count:
            values.append("".join(c for c, _ in rest))
    return values


@builtin("umask")
def b_umask(sh, argv):
    mask = sh.ctx.umask  # the process's: its children inherit it
    if len(argv) < 2 or argv[1] == "-S":
        if len(argv) > 1:
            perms = []
            for who, shift in (("u", 6), ("g", 3), ("o", 0)):
                bits = (~mask >> shift) & 7
                perms.append(who + "=" + "".join(c for c, b in (("r", 4), ("w", 2), ("x", 1))
                                                 if bits & b))
            sh.out(",".join(perms) + "\n")
        else:
            sh.out(f"{mask:04o}\n")
        return 0
    try:
        sh.ctx.umask = int(argv[1], 8)
    except ValueError:
        return _fail(sh, "umask", f"{argv[1]}: octal number out of range")
    return 0


# -- finding commands ---------------------------------------------------------------------------
def describe(sh, name: str):
    """(kind, detail): keyword, function, special, builtin, file (path), alias, or None."""
    if name in sh.__dict__.get("aliases", {}) and sh.shopts.get("expand_aliases", True):
        return "alias", sh.aliases[name]  # (bash: only while it expands them)
    if name in RESERVED or name in ("elif", "[[", "]]") or (name == "function" and
                                                               sh.dialect.name == "bash"):
        return "keyword", None
    if name in sh.functions:
        return "function", sh.functions[name]
    entry = BUILTINS.get(name)
    if entry is not None and sh.dialect.name in entry.dialects:
        if name in SPECIAL and sh.dialect.name != "bash":
            return "special", None
        return "builtin", None
    path, found = sh.resolve(name, sh.vars)
    if path is not None and "/" not in name:
        return "file", path
    if path is not None:
        return "file", name
    return None, None


def _type_options(argv) -> tuple:
    """bash's type -a -t -p -P -f (letters together or apart): (letters, names)."""
    names, letters = list(argv[1:]), ""
    while names and names[0].startswith("-") and len(names[0]) > 1 and set(names[0][1:]) <= set("atpPf"):
        letters += names.pop(0)[1:]
    return letters, names


def _every_path(sh, name: str) -> list:
    """Each program named ``name`` along the shell's $PATH (type -a, -P)."""
    return every_executable(sh.fs, name, sh.vars.get("PATH") or "", sh.cwd)


def _type_terse(sh, letters: str, names) -> int:
    """bash's type -t (each kind's word), -p (a program's path), -P (the path even of a
    builtin's name); with -a all of them, every program along $PATH."""
    every = "a" in letters
    status = 0
    for name in names:
        kind, detail = describe(sh, name)
        if "P" in letters:  # a search of $PATH, whatever else the name is
            kinds, paths = [], _every_path(sh, name)
        else:
            kinds = [] if kind in ("file", None) else ["builtin" if kind == "special" else kind]
            paths = _every_path(sh, name) if every else ([detail] if kind == "file" else [])
        if not paths and ("P" in letters or kind is None):
            status = 1
        words = kinds + ["file"] * len(paths) if "t" in letters and "P" not in letters else paths
        for word in words if every else words[:1]:
            sh.out(word + "\n")
    return status


@builtin("type")
def b_type(sh, argv, as_name: str = "type", any_found: bool = False):
    d = sh.dialect.name
    if d == "ash" and argv[1:2] and argv[1].startswith("-"):  # BusyBox: any option is -v's way
        return _command_v(sh, argv[2:])
    letters, names = _type_options(argv) if d == "bash" else ("", argv[1:])
    if set(letters) - set("af"):
        return _type_terse(sh, letters, names)
    status, found = 0, False
    for name in names:
        kind, detail = describe(sh, name)
        found = found or kind is not None
        if "a" in letters:  # type -a: what the name is, then every program of that name
            paths = _every_path(sh, name)
            if kind != "file" and (kind is not None or not paths):
                status |= _describe_line(sh, name, kind, detail, as_name)
            for path in paths:
                _describe_line(sh, name, "file", path, as_name)
            continue
        status |= _describe_line(sh, name, kind, detail, as_name)
    return 0 if any_found and found else status


def _describe_line(sh, name: str, kind, detail, as_name: str) -> int:
    """type's sentence about one name; its status (1 or 127 when there is none)."""
    d = sh.dialect.name
    if kind == "keyword":
        sh.out(f"{name} is a shell keyword\n")
    elif kind == "alias":
        sh.out(f"{name} is an alias for {detail}\n" if d != "bash"
               else f"{name} is aliased to `{detail}'\n")
    elif kind == "function":
        if d == "bash":
            sh.out(f"{name} is a function\n{detail.source}\n")
        else:
            sh.out(f"{name} is a {'shell ' if d == 'dash' else ''}function\n")
    elif kind == "special":
        sh.out(f"{name} is a special shell builtin\n")
    elif kind == "builtin":
        sh.out(f"{name} is a shell builtin\n")
    elif kind == "file":
        sh.out(f"{name} is {detail}\n")
    elif d == "bash":
        sh.error(f"{name}: not found", as_name)
        return 1
    else:
        sh.out(f"{name}: not found\n")
        return 127
    return 0


def _command_v(sh, names) -> int:
    """command -v (and BusyBox's type with an option): a program's path, an alias's
    definition, any other name as it is; bash fails only when none was found."""
    status, found = 0, False
    for name in names:
        kind, detail = describe(sh, name)
        found = found or kind is not None
        if kind is None:
            status = 1 if sh.dialect.name == "bash" else 127  # (ash and dash: as if not found)
        elif kind == "file":
            sh.out(detail + "\n")
        elif kind == "alias":
            sh.out(f"alias {name}='{detail}'\n")
        else:
            sh.out(name + "\n")
    return 0 if found and sh.dialect.name == "bash" else status


@builtin("command")
def b_command(sh, argv):
    args = argv[1:]
    mode = None
    while args and args[0].startswith("-") and len(args[0]) > 1:
        opt = args.pop(0)
        if opt == "--":
            break
        if "v" in opt:
            mode = "v"
        elif "V" in opt:
            mode = "V"
    if mode == "v":  # (ash and dash describe only the first name)
        return _command_v(sh, args if sh.dialect.name == "bash" else args[:1])
    if mode == "V":  # type's report; ash and dash take only the first name, bash says
        if sh.dialect.name != "bash":  # "command:" and fails only when none was found
            return b_type(sh, ["type"] + args[:1])
        return b_type(sh, ["type"] + args, as_name="command", any_found=True)
    if not args:
        return 0
    entry = BUILTINS.get(args[0])
    if entry is not None and sh.dialect.name in entry.dialects:
        return (yield from sh.call_builtin(entry, args))
    return (yield from sh.run_external(args, {}))


@builtin("builtin", dialects=("bash",))
def b_builtin(sh, argv):
    if len(argv) < 2:
        return 0
    entry = BUILTINS.get(argv[1])
    if entry is None:
        return _fail(sh, "builtin", f"{argv[1]}: not a shell builtin")
    return (yield from sh.call_builtin(entry, argv[1:]))


@builtin("alias")
def b_alias(sh, argv):
    aliases = sh.__dict__.setdefault("aliases", {})
    if len(argv) == 1:
        for key in sorted(aliases):
            sh.out(f"alias {key}={_single_quote(aliases[key])}\n" if sh.dialect.name == "bash"
                   else f"{key}={_single_quote(aliases[key])}\n")
        return 0
    status = 0
    for arg in argv[1:]:
        if "=" in arg:
            key, value = arg.split("=", 1)
            aliases[key] = value
        elif arg in aliases:
            sh.out(f"alias {arg}={_single_quote(aliases[arg])}\n" if sh.dialect.name == "bash"
                   else f"{arg}={_single_quote(aliases[arg])}\n")
        else:
            status = _alias_not_found(sh, "alias", arg)
    return status


def _alias_not_found(sh, builtin: str, name: str) -> int:
    if sh.dialect.name == "bash":
        return _fail(sh, builtin, f"{name}: not found")
    sh.err(f"{builtin}: {name} not found\n")  # ash and dash: their own words, with no prefix
    return 1


@builtin("unalias")
def b_unalias(sh, argv):
    aliases = sh.__dict__.setdefault("aliases", {})
    if "-a" in argv[1:]:
        aliases.clear()
        return 0
    status = 0
    for name in argv[1:]:
        if aliases.pop(name, None) is None:
            status = _alias_not_found(sh, "unalias", name)
    return status
