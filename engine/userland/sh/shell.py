"""The executor: a shell's state and the running of parsed commands.

Every method that runs something is a generator, so that a program that
sleeps anywhere below (``sleep 1`` in a loop in a function in a pipeline)
passes its Sleep request up to whoever drives the process; its value is the
exit status. ``yield from`` keeps the whole chain in one place in time.

Control flow that crosses frames (exit, return, break, continue, a fatal
error) travels as exceptions, caught where the real shell would stop
unwinding: a subshell, a function, a loop, the top level.

Subshells ( ... ), $( ... ) and pipeline stages run in the same Python
process on a copy of the shell's state: what they change (cd, variables)
is gone when they end, as after a fork. Background jobs (&) become real
simulated processes that the runtime schedules while the shell goes on.
"""

from __future__ import annotations

import sys
from types import GeneratorType

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, List, Optional

from ...entropy import Deferred
from ...proc.api import QUANTUM, BrokenPipe, Compute, DeviceFull, Pipe, Sleep, Stream
from ...proc.exec_search import find_executable, implementation
from ...proc.signals import describe
from ...lazy import LazyModule
from ...record import replace
from .jobs import command_text
from ...vfs.entry import DIR, FILE
from ...vfs.errno import EACCES, EISDIR, ENOENT, ENOTDIR, FSError
from . import costs
from . import io as shio
from . import tail_exec
from .ast import (AndOr, ArithCmd, ArithFor, Case, CommandList, CondCmd, For, FuncDef, Group, If, Lit,
                  Loop, Pipeline, Simple, Subshell, Word)
from .expand import ExpansionError, Expander
from .messages import DIALECTS
from ...proc.scheduler import USER_FRACTION
from .parser import is_name, SPECIAL_BUILTINS, ParseError, Parser, RESERVED
from ..program_table import SHELL_BUILTINS

_BUILTINS = None  # the builtins module's table, loaded when a shell first runs a builtin

# what only loops (their fast-forward) and the `time` keyword use: loaded by the first
fastforward = LazyModule(f"{__package__}.fastforward", globals())
timing = LazyModule(f"{__package__}.timing", globals())

# `set -o NAME` and `sh -o NAME`: the option letter (or word) each long name stands for
LONG_OPTIONS = {"errexit": "e", "nounset": "u", "xtrace": "x", "noglob": "f",
                "noclobber": "C", "allexport": "a", "verbose": "v", "noexec": "n",
                "monitor": "m", "notify": "b", "pipefail": "pipefail", "vi": "vi",
                "emacs": "emacs", "ignoreeof": "ignoreeof", "posix": "posix", "errtrace": "E"}
ONE = Word([Lit("1")], "1")  # what an empty expression of for (( ; ; )) counts as
DYNAMIC = frozenset({"LINENO", "RANDOM", "SECONDS", "BASH_VERSION", "FUNCNAME"})


def bash_version(fs) -> str:
    """$BASH_VERSION of the image's bash: its package's upstream version ("5.2.15(1)-release")."""
    from ..pkg.catalogue import detect
    release = detect(fs)  # None for an image without release files: then Debian 12's bash
    package = release.packages.get("bash") if release is not None else None
    upstream = package.version.split(":")[-1].split("-")[0] if package is not None else "5.2.15"
    return f"{upstream}(1)-release"


# -- control flow ------------------------------------------------------------------
# the order of the letters of $- (bash: its flags table; ash, dash: their option lists)
FLAG_ORDER = {"bash": "abefhikmnptuvxBCEHPT", "ash": "efIimnscxvCabuE", "dash": "efIimnsxvVECabup"}


class ShellExit(Exception):
    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


class FunctionReturn(Exception):
    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


class LoopControl(Exception):
    def __init__(self, kind: str, count: int, status: int = 0):
        super().__init__(kind, count)
        self.kind = kind
        self.count = count
        self.status = status  # the loop's status once left (bash's `break 0` fails, yet breaks)


class StackOverflow(Exception):
    """The shell ran out of stack (endless recursion): the process dies of SIGSEGV,
    with no trap run and no message of its own, as the real shell does."""

    status = 128 + 11


# How deep functions may call functions. dash stops at 1000 with its own message;
# busybox ash and bash have no limit and crash (SIGSEGV) when their 8 MiB stack is
# used up. Measured here with `f() { n=$((n+1)); echo $n > /tmp/d; f; }` (ulimit -s
# 8192, the containers' default): busybox 1.35 ash at 7,272 levels, bash 5.2 at 8,308.
# The interpreter itself needs no Python stack per level (see main: the trampoline).
FUNCTION_DEPTH = {"ash": 7272, "bash": 8308, "dash": 1000}
# Python frames the parser may use for deeply nested source text
RECURSION_LIMIT = 25_000
if sys.getrecursionlimit() < RECURSION_LIMIT:
    sys.setrecursionlimit(RECURSION_LIMIT)


class ShellAbort(Exception):
    """A shell error that stops the current command line (and a non-interactive
    shell, when ``fatal``)."""

    def __init__(self, status: int, fatal: bool = True):
        super().__init__(status)
        self.status = status
        self.fatal = fatal


class ExecReplace(Exception):
    """`exec prog`: the process becomes another program (see main.run_program)."""

    def __init__(self, argv, main, flavour: str, path: str, env: Dict[str, str]):
        super().__init__(argv[0])
        self.argv = argv
        self.main = main
        self.flavour = flavour
        self.path = path
        self.env = env


class _Probe:
    """One pass of a loop with its output captured (and passed on after it): what
    it wrote and what CPU it cost, for Shell._repeat_forever."""

    def __init__(self, shell: "Shell"):
        self.shell = shell
        self.real = (shell.fds[1], shell.fds[2])
        self.captured = Stream()
        shared = self.real[0] is self.real[1]
        self.captured_err = self.captured if shared else Stream()
        shell.fds[1], shell.fds[2] = self.captured, self.captured_err
        self.start = shell.ctx.meter.total
        self.out = self.err = ""
        self.cost = 0.0

    def end(self) -> None:
        shell = self.shell
        shell.fds[1], shell.fds[2] = self.real
        self.cost = shell.ctx.meter.total - self.start
        self.out = self.captured.value
        self.err = "" if self.captured_err is self.captured else self.captured_err.value
        if self.out:
            self.real[0].write(self.out)
        if self.err:
            self.real[1].write(self.err)

    @property
    def wrote(self) -> bool:
        return bool(self.out or self.err)


class Shell:
    def __init__(self, ctx, dialect: str, arg0: str, args: List[str], *,
                 source_kind: str = "c", script_name: Optional[str] = None,
                 interactive: bool = False):
        self.ctx = ctx
        self.dialect = DIALECTS[dialect](self)
        self.arg0 = arg0
        self.positional = list(args)
        self.source_kind = source_kind  # "c", "file" or "stdin"
        self.script_name = script_name  # what ash names in messages (its "commandname")
        self.interactive = interactive
        self.vars: Dict[str, str] = dict(ctx.env)
        self.exported = set(ctx.env)
        self.readonly: set = set()
        self.integers: set = set()  # bash's declare -i: what is assigned is evaluated
        self.rlimits: dict = {}  # resource -> (soft, hard) this shell set with ulimit
        self.functions: Dict[str, FuncDef] = {}
        self.opts: set = set()
        self.status = 0
        self.last_bg: Optional[int] = None
        self.jobs: list = []
        self.command_text = ""  # the simple command running in the foreground, as written
        self.traps: Dict = {}
        self.traps_were_set = False  # ash: a trap with a command was set once (tail_exec.py)
        self.shopts: Dict[str, bool] = {}  # bash's shopt options (builtins.py: b_shopt)
        if dialect == "bash":
            from .shopt_table import OPTIONS
            self.shopts = dict(OPTIONS, expand_aliases=interactive)
        self.exec_tail: tuple = ()  # the simple commands it execs in place of itself (ditto)
        self.locals: List[dict] = []
        self.fds: Dict[int, Stream] = {**ctx.extra.get("fds", {}), 0: ctx.stdin, 1: ctx.stdout,
                                       2: ctx.stderr}
        self.lineno = 0 if (dialect == "ash" and source_kind == "c") else 1
        self.loop_depth = 0
        self.func_depth = 0
        self.func_names: List[str] = []  # the functions running, outermost first ($FUNCNAME)
        self.source_depth = 0
        self.errexit_off = 0
        self.exempt = False
        self.subst_status: Optional[int] = None
        self.trace_level = 1
        self.owns_process = True  # False for an in-process subshell
        self.open_sinks: list = []
        self.expander = Expander(self)
        self.costs = costs.COSTS[self.dialect.name]
        self.in_trap = False
        self.in_err_trap = False
        self.keep_fds = False
        self.unset_dynamic: set = set()
        self.arrays: Dict[str, dict] = {}  # bash's arrays: name -> {index or key: value}
        self.assoc: set = set()  # the ones declared -A (keys are strings)
        self.random = Deferred(ctx.pid * 7919 + 17)  # $RANDOM's: deterministic per process
        self.started = self._now()
        self._init_vars()

    def _init_vars(self) -> None:
        v = self.vars
        v.setdefault("PS2", "> ")
        v.setdefault("PS4", "+ ")
        v.setdefault("OPTIND", "1")
        v["PPID"] = str(self.ctx.ppid)
        if "PWD" not in v or v.get("PWD") != self.ctx.cwd:
            v["PWD"] = self.ctx.cwd
        self.exported.add("PWD")
        if self.dialect.name != "dash":
            try:
                level = int(v.get("SHLVL", "0")) + 1
            except ValueError:
                level = 1
            v["SHLVL"] = str(level)
            self.exported.add("SHLVL")
            if "HOSTNAME" not in v:
                host = getattr(self.ctx.system, "hostname", None)
                if host:
                    v["HOSTNAME"] = host

    # -- facts ---------------------------------------------------------------------
    @property
    def fs(self):
        return self.ctx.fs

    @property
    def cwd(self) -> str:
        return self.ctx.cwd

    def _now(self) -> float:
        try:
            return self.ctx.now()
        except Exception:
            return 0.0

    def option(self, letter: str) -> bool:
        return letter in self.opts

    # -- variables -----------------------------------------------------------------
    def lookup(self, name: str) -> Optional[str]:
        """A parameter's value (None: unset)."""
        if name in self.vars:
            return self.vars[name]
        if name in self.arrays:  # an array's name alone is its element 0
            return self.arrays[name].get("0" if name in self.assoc else 0)
        if name in DYNAMIC and name not in self.unset_dynamic:
            return self._dynamic(name)
        if len(name) == 1 and not name.isalpha() and name != "_":
            if name == "?":
                return str(self.status)
            if name == "$":
                return str(self.ctx.pid)
            if name == "#":
                return str(len(self.positional))
            if name == "!":
                return None if self.last_bg is None else str(self.last_bg)
            if name == "-":
                return self.flags_text()
            if name == "0":
                return self.arg0
            if name.isdigit():
                index = int(name)
                return self.positional[index - 1] if index <= len(self.positional) else None
            if name in "@*":
                return self.star_value() if self.positional else None
        if name.isdigit():
            index = int(name)
            if index == 0:
                return self.arg0
            return self.positional[index - 1] if index <= len(self.positional) else None
        return None

    def _dynamic(self, name: str) -> Optional[str]:
        """$LINENO, $RANDOM, $SECONDS: computed when read, until unset."""
        if name == "LINENO":
            return str(self.lineno)
        if name == "RANDOM":
            return str(self.random.randrange(32768))
        if name == "SECONDS" and self.dialect.name == "bash":
            return str(int(self._now() - self.started))
        if name == "BASH_VERSION" and self.dialect.name == "bash":
            return bash_version(self.fs)
        if name == "FUNCNAME" and self.dialect.name == "ash":  # (bash's is an array: _call_stack)
            return self.func_names[-1] if self.func_names else ""
        return None

    def _call_stack(self) -> None:
        """bash's FUNCNAME array: the running functions, innermost first, with "main" under
        them in a script file (not in -c's text or stdin); unset when none runs."""
        if self.dialect.name != "bash":
            return
        if not self.func_names:
            self.arrays.pop("FUNCNAME", None)
            return
        names = self.func_names[::-1] + (["main"] if self.source_kind == "file" else [])
        self.arrays["FUNCNAME"] = dict(enumerate(names))

    def flags_text(self) -> str:
        """$-: the options set, in each shell's own order (bash its table's, with h and B
        on by default and c last; ash and dash their option list's, backwards)."""
        on = {o for o in self.opts if len(o) == 1}
        if self.interactive:
            on.add("i")
        name = self.dialect.name
        if name == "bash":
            return "".join(c for c in FLAG_ORDER["bash"] if c in on or c in "hB") + \
                ("c" if self.source_kind == "c" else "")
        if self.source_kind == "c" and name == "ash":
            on.add("c")
        return "".join(c for c in reversed(FLAG_ORDER[name]) if c in on)

    def star_join(self, values: List[str]) -> str:
        ifs = self.vars.get("IFS", " \t\n") if "IFS" in self.vars else " "
        sep = ifs[:1] if "IFS" in self.vars else " "
        return sep.join(values)

    def star_value(self) -> str:
        return self.star_join(self.positional)

    def get_var_for_arith(self, name: str) -> Optional[str]:
        value = self.lookup(name)
        if value is None and self.option("u"):
            raise ExpansionError("unbound", name)
        return value

    def set_var(self, name: str, value: str, export: bool = False) -> None:
        if name in self.readonly:
            raise ExpansionError("readonly", name)
        if name in self.integers:
            value = str(self.expander.arith(value))
        if name in self.arrays:  # assigning an array's name sets its element 0
            self.arrays[name]["0" if name in self.assoc else 0] = value
            return
        self.vars[name] = value
        if export or "a" in self.opts:
            self.exported.add(name)

    set_var_checked = set_var

    def assign_from_expansion(self, name: str, value: str) -> None:
        self.set_var(name, value)

    def unset_var(self, name: str) -> bool:
        if name in self.readonly:
            return False
        if name in DYNAMIC:
            self.unset_dynamic.add(name)
        self.vars.pop(name, None)
        self.arrays.pop(name, None)
        self.assoc.discard(name)
        self.exported.discard(name)
        return True

    def child_env(self, extra: Optional[Dict[str, str]] = None) -> Dict[str, str]:
        env = {k: self.vars[k] for k in self.exported if k in self.vars}
        if extra:
            env.update(extra)
        return env

    def home_of(self, user: str) -> Optional[str]:
        if not user:
            return self.vars.get("HOME", "")
        try:
            text = self.fs.read("/etc/passwd").decode("utf-8", "replace")
        except Exception:
            return None
        for line in text.splitlines():
            fields = line.split(":")
            if len(fields) >= 6 and fields[0] == user:
                return fields[5]
        return None

    # -- output and messages ------------------------------------------------------------
    def out(self, text: str) -> None:
        self.fds[1].write(text)

    def err(self, text: str) -> None:
        self.fds[2].write(text)

    def error(self, message: str, builtin: str = "") -> None:
        self.err(self.dialect.prefix(builtin) + message + "\n")

    def trace(self, words: List[str], assigns=()) -> None:
        """set -x: PS4 and the command, quoted so that it could be typed again."""
        quote = _bash_quote if self.dialect.name == "bash" else (
            _ash_quote if self.dialect.name == "ash" else (lambda w: w))
        shown = [f"{key}={quote(value) if value else ''}" for key, value in assigns]
        self.trace_text(" ".join(shown + [quote(w) for w in words]))

    def trace_text(self, text: str) -> None:
        """set -x: PS4 and a line as the shell shows it (bash's loops: their source)."""
        ps4 = self.vars.get("PS4", "+ ")
        if self.dialect.name == "bash" and ps4:
            ps4 = ps4[0] * (self.trace_level - 1) + ps4
        self.err(ps4 + text + "\n")

    # -- time ------------------------------------------------------------------------------
    def drive(self, gen):
        """Run a child's generator, passing its Sleep requests up; flush the files we
        write first, so that what the program wrote so far is visible meanwhile."""
        value = None
        while True:
            try:
                request = gen.send(value)
            except StopIteration as done:
                return done.value
            shio.flush_all(self.open_sinks)
            value = yield request

    def pause(self, seconds: float):
        shio.flush_all(self.open_sinks)
        yield Sleep(seconds)

    def charge(self, cpu_seconds: float):
        """A charge point (see costs): the CPU the shell used is handed to the
        scheduler once it makes a quantum, and the shell blocks while the pipe it
        writes is full. Files it writes are flushed first, so that what it wrote
        so far is visible while it is preempted."""
        meter = self.ctx.meter
        meter.pending += cpu_seconds
        out = self.fds.get(1)
        if meter.pending >= QUANTUM or (out.__class__ is Pipe and out.full):
            shio.flush_all(self.open_sinks)
            yield from self.ctx.flow((out, self.fds.get(2)))

    # -- subshells -------------------------------------------------------------------------
    def fork_state(self) -> "Shell":
        sub = Shell.__new__(Shell)
        sub.__dict__.update(self.__dict__)
        sub.vars = dict(self.vars)
        sub.arrays = {name: dict(values) for name, values in self.arrays.items()}
        sub.assoc = set(self.assoc)
        sub.exported = set(self.exported)
        sub.readonly = set(self.readonly)
        sub.integers = set(self.integers)
        sub.rlimits = dict(self.rlimits)
        sub.functions = dict(self.functions)
        sub.opts = set(self.opts)
        sub.positional = list(self.positional)
        sub.shopts = dict(self.shopts)
        sub.func_names = list(self.func_names)
        sub.traps = {k: v for k, v in self.traps.items() if v == "" and k != "EXIT"}
        sub.locals = [dict(scope) for scope in self.locals]
        sub.fds = dict(self.fds)
        extra = dict(self.ctx.extra)
        extra["signals"] = {}
        sub.ctx = replace(self.ctx, extra=extra)
        sub.expander = Expander(sub)
        sub.owns_process = False
        sub.jobs = []
        sub.in_trap = False
        sub.died_of = 0
        return sub

    def run_subshell(self, node):
        """Run ``node`` in this (forked) state as a subshell: its exit ends only it."""
        try:
            try:
                status = yield self.run(node)  # a call on the trampoline (see main)
            except ShellExit as done:
                status = done.status
            except ShellAbort as abort:
                status = abort.status
            except FunctionReturn as ret:
                status = ret.status
            except LoopControl:
                status = self.status
            except ExecReplace as ex:
                status = yield from self._exec_as_child(ex)
            except BrokenPipe:
                status = 128 + 13
            except StackOverflow as crash:
                self.died_of = 11  # the forked child died of SIGSEGV: no trap runs
                return crash.status
            self.status = status
            status = yield from self.run_exit_trap(status)
        finally:
            shio.flush_all(self.open_sinks)
        return status

    def command_substitution(self, body):
        self.ctx.meter.pending += self.costs.substitution
        sub = self.fork_state()
        out = Stream()
        sub.fds[1] = out
        if self.dialect.name == "bash":
            sub.trace_level = self.trace_level + 1
        status = yield from sub.run_subshell(body)
        self.subst_status = status
        return out.value

    # -- running -------------------------------------------------------------------------
    def run(self, node):
        handler = _HANDLERS.get(type(node))
        if handler is None:
            raise TypeError(f"cannot run {node!r}")
        status = yield from handler(self, node)
        if status and "ERR" in self.traps and not self.errexit_off and _fails_for_err(node):
            yield from self.run_err_trap(status)
        if self.dialect.name == "bash" and type(node) not in (Pipeline, CommandList, AndOr):
            self.arrays["PIPESTATUS"] = {0: str(status)}  # a command alone is a pipeline of one
        return status

    def run_list(self, node: CommandList):
        status = 0
        for item, background in node.items:
            self.exempt = False
            if background:
                self.start_background(item)
                status = 0
            else:
                status = yield from self.run(item)
            self.status = status
            if status and "e" in self.opts and not self.errexit_off and not self.exempt:
                raise ShellExit(status)
        return status

    def run_andor(self, node: AndOr):
        self.errexit_off += 1
        try:
            status = yield from self.run(node.first)
        finally:
            self.errexit_off -= 1
        ran_last = False
        last_index = len(node.rest) - 1
        for index, (op, item) in enumerate(node.rest):
            self.status = status
            if (op == "&&") != (status == 0):
                continue
            if index < last_index:
                self.errexit_off += 1
                try:
                    status = yield from self.run(item)
                finally:
                    self.errexit_off -= 1
            else:
                self.exempt = False
                status = yield from self.run(item)
                ran_last = True
        if not ran_last:
            self.exempt = True
        return status

    def run_pipeline(self, node: Pipeline):
        if node.timed:
            return (yield from self._timed(node))
        commands = node.commands
        if not commands:
            return 0
        if len(commands) == 1:
            if node.negate:
                self.errexit_off += 1
                try:
                    status = yield from self.run(commands[0])
                finally:
                    self.errexit_off -= 1
            else:
                status = yield from self.run(commands[0])
        else:
            if hasattr(self.ctx.system, "fork"):
                statuses = yield from self._pipeline_processes(node)
            else:
                statuses = yield from self._pipeline_in_turn(node)
            if self.dialect.name == "bash":  # ${PIPESTATUS[@]}: every command's status
                self.arrays["PIPESTATUS"] = {i: str(s) for i, s in enumerate(statuses)}
            status = statuses[-1]
            if "pipefail" in self.opts:
                status = next((s for s in reversed(statuses) if s), 0)
        if node.negate:
            status = 0 if status else 1
            self.exempt = True
        return status

    def _timed(self, node: Pipeline):
        """bash's `time PIPELINE`: run it, then write its real, user and system time to
        the shell's standard error in $TIMEFORMAT (time -p: POSIX's format)."""
        system = self.ctx.system
        usage = getattr(system, "usage", lambda pid: (0.0, 0.0))
        def used():  # its own CPU and its children's, once its charges are spent
            yield from self.ctx.settle_charges()
            return sum(usage(self.ctx.pid))

        before = yield from used()
        started = system.now()
        status = yield from self.run_pipeline(Pipeline(node.commands, node.negate,
                                                       node.stderr_too, node.line))
        cpu = (yield from used()) - before
        real = system.now() - started
        fmt = (timing.TIME_POSIX if node.timed == "posix"
               else self.vars.get("TIMEFORMAT", timing.TIME_DEFAULT))
        try:
            report = timing.format_times(fmt, real, cpu * USER_FRACTION, cpu * (1 - USER_FRACTION))
        except timing.BadFormat as bad:
            self.error(f"TIMEFORMAT: `{bad.char}': invalid format character")
            return status
        self.err(report + "\n" if report or "TIMEFORMAT" not in self.vars else "")
        return status

    def _pipeline_stage(self, node: Pipeline, index: int, stdin):
        """The shell state of one stage and the pipe it writes (None for the last)."""
        sub = self.fork_state()
        sub.fds[0] = stdin
        if index == len(node.commands) - 1:
            return sub, None
        out = Pipe()
        sub.fds[1] = out
        if node.stderr_too[index]:
            sub.fds[2] = out
        sub.errexit_off += 1
        return sub, out

    def _pipeline_processes(self, node: Pipeline):
        """Every stage is a process of its own, all running at once and joined by
        pipes, as the shell forks them; the pipeline ends when all have ended."""
        from .jobs import fork
        stdin = self.fds[0]
        processes = []
        for index, command in enumerate(node.commands):
            sub, out = self._pipeline_stage(node, index, stdin)
            sub.owns_process = True
            process = fork(self, sub, command)
            if process is None:  # fork failed (pids.max): the stage before has no reader
                if isinstance(stdin, Pipe) and stdin is not self.fds[0]:
                    stdin.close_read()
                raise ShellAbort(2, fatal=self.dialect.name != "bash")
            ends = []
            if stdin is not self.fds[0]:
                ends.append((stdin, "read"))
            if out is not None:
                ends.append((out, "write"))
            process.closes = tuple(ends)
            processes.append(process)
            stdin = out
        statuses = []
        for process in processes:
            statuses.append((yield from self.ctx.wait(process, untraced=self.interactive)))
            if process.alive and process.stopped:  # Ctrl-Z: the pipeline becomes a job
                text = " | ".join(command_text(command) for command in node.commands)
                return [self.job_stopped(processes[-1], text, processes)]
        if processes[-1].signal:  # (ash reports the job's end: its last process's)
            self.report_death(processes[-1].signal)
        return statuses

    def _pipeline_in_turn(self, node: Pipeline):
        """Without a kernel to fork with (a bare context): the stages one after another."""
        stdin = self.fds[0]
        statuses = []
        for index, command in enumerate(node.commands):
            sub, out = self._pipeline_stage(node, index, stdin)
            if out is not None:
                out = sub.fds[1] = Stream()  # unbounded: its reader runs only afterwards
                if node.stderr_too[index]:
                    sub.fds[2] = out
            statuses.append((yield from sub.run_subshell(command)))
            if out is not None:
                out.closed = True
                stdin = out
        return statuses

    def run_group(self, node: Group):
        return (yield from self._with_redirects(node.redirects, lambda: self.run(node.body)))

    def run_subshell_node(self, node: Subshell):
        forked = []

        def body():
            self.ctx.meter.pending += self.costs.subshell
            sub = self.fork_state()
            forked.append(sub)
            return sub.run_subshell(node.body)
        status = yield from self._with_redirects(node.redirects, body)
        if forked and forked[0].died_of:
            self.report_death(forked[0].died_of)
        return status

    def report_death(self, signum: int) -> None:
        """A foreground job died of a signal: ash and dash say which (strsignal), bash
        says so for SIGTERM - never for SIGINT (the terminal showed ^C) or SIGPIPE."""
        if signum in (2, 13):
            return
        if self.dialect.name != "bash":
            self.err(describe(signum, self.ctx.libc) + "\n")
        elif signum == 15:
            self.err("Terminated\n")

    def run_if(self, node: If):
        def body():
            for cond, then in node.clauses:
                self.errexit_off += 1
                try:
                    status = yield from self.run(cond)
                finally:
                    self.errexit_off -= 1
                if status == 0:
                    return (yield from self.run(then))
            if node.else_body is not None:
                return (yield from self.run(node.else_body))
            return 0
        return (yield from self._with_redirects(node.redirects, body))

    def run_loop(self, node: Loop):
        def body():
            status = 0
            self.loop_depth += 1
            fast = fastforward.kind(self, node)
            try:
                while True:
                    before = self._loop_state() if fast in ("fixed", "output") else None
                    if fast == "output":
                        probe = _Probe(self)
                        try:
                            done, status = yield from self._loop_pass(node, status)
                        finally:
                            probe.end()
                    else:
                        done, status = yield from self._loop_pass(node, status)
                    if done:
                        break
                    if fast == "endless" or (fast and self._loop_state() == before):
                        if fast == "output" and probe.wrote:
                            yield from self._repeat_forever(probe)
                        yield from self._spin_forever()
            finally:
                self.loop_depth -= 1
            return status
        return (yield from self._with_redirects(node.redirects, body))

    def _loop_pass(self, node: Loop, status: int):
        """One test of a while/until loop's condition and, if it holds, one run of
        its body: (whether the loop is over, its status)."""
        self.errexit_off += 1
        try:
            cond = yield from self.run(node.cond)
        except LoopControl as ctl:
            return self._loop_control(ctl), 0
        finally:
            self.errexit_off -= 1
        if (cond == 0) == node.until:
            return True, status
        status, stop = yield from self._loop_body(node.body)
        return stop, status

    def _loop_state(self):
        return dict(self.vars), self.status, tuple(self.positional)

    def _spin_forever(self):
        """A loop that can never end and shows nothing (see fastforward): busy on
        the CPU until a signal ends the process."""
        shio.flush_all(self.open_sinks)
        yield from self.ctx.settle_charges()
        while True:
            yield Compute(float("inf"))

    def _repeat_forever(self, probe: "_Probe"):
        """A loop at a fixed point that writes (see fastforward): every pass writes
        what the probed pass wrote and costs what it cost, so the passes of a whole
        quantum are written at once, with the pipe's back-pressure in between."""
        passes = max(1, int(QUANTUM / probe.cost)) if probe.cost > 0 else 1000
        out, err = probe.out * passes, probe.err * passes
        meter = self.ctx.meter
        while True:
            if out:
                self.fds[1].write(out)
            if err:
                self.fds[2].write(err)
            meter.pending += passes * probe.cost
            yield from self.charge(0.0)

    def _loop_body(self, body):
        """Run one pass of a loop body: (status, whether a break ends the loop)."""
        self.ctx.meter.pending += self.costs.loop
        try:
            return (yield from self.run(body)), False
        except LoopControl as ctl:
            return ctl.status, self._loop_control(ctl)

    def _loop_control(self, ctl: LoopControl) -> bool:
        """Handle break/continue at this loop: True to break out of it."""
        if ctl.count > 1:
            ctl.count -= 1
            raise ctl
        return ctl.kind == "break"

    def run_for(self, node: For):
        def body():
            self.lineno = node.line
            if not is_name(node.var):  # bash: an error of the loop, not of a command,
                self.error(f"`{node.var}': not a valid identifier")  # which set -e lets pass
                self.exempt = True
                return 1
            if node.words is None:
                items = list(self.positional)
            else:
                items = yield from self._expand_words(node.words)
            header = None
            if "x" in self.opts and self.dialect.name == "bash":  # before each pass, as written
                shown = " ".join(w.raw for w in node.words) if node.words is not None else '"$@"'
                header = f"for {node.var} in {shown}"
            status = 0
            self.loop_depth += 1
            try:
                for item in items:
                    if header is not None:
                        self.trace_text(header)
                    try:
                        self.set_var(node.var, item)
                    except ExpansionError as err:
                        self.expansion_error(err)
                    status, stop = yield from self._loop_body(node.body)
                    if stop:
                        break
            finally:
                self.loop_depth -= 1
            return status
        return (yield from self._with_redirects(node.redirects, body))

    def run_arith_for(self, node: ArithFor):
        """for (( init; cond; step )): an empty condition is true."""
        def body():
            self.lineno = node.line
            status = 0
            self.loop_depth += 1
            try:
                if (yield from self._arith_step(node.init)) is None:
                    return 1
                while True:
                    cond = yield from self._arith_step(node.cond)
                    if not cond:
                        return 1 if cond is None else status
                    status, stop = yield from self._loop_body(node.body)
                    if stop:
                        break
                    if (yield from self._arith_step(node.step)) is None:
                        return 1
            finally:
                self.loop_depth -= 1
            return status
        return (yield from self._with_redirects(node.redirects, body))

    def _arith_step(self, word):
        """One of for (( ; ; ))'s expressions (an empty one is 1, as a missing condition);
        None when it is bad."""
        return (yield from self._arith_command(
            word if word.raw.strip() else ONE, lambda text: f"(( {text.lstrip()} ))"))

    def run_case(self, node: Case):
        from . import pattern as pat

        def body():
            self.lineno = node.line
            try:
                word = yield from self.expander.string(node.word)
            except ExpansionError as err:
                self.expansion_error(err)
            if "x" in self.opts and self.dialect.name == "bash":
                self.trace(["case", word, "in"])
            fall = False
            status = 0
            for patterns, commands, terminator in node.items:
                matched = fall
                if not matched:
                    for p in patterns:
                        try:
                            segs = yield from self.expander.pattern(p)
                        except ExpansionError as err:
                            self.expansion_error(err)
                        if pat.match(segs, word):
                            matched = True
                            break
                if not matched:
                    continue
                status = (yield from self.run(commands)) if commands is not None else 0
                if terminator == ";&":
                    fall = True
                    continue
                if terminator == ";;&":
                    fall = False
                    continue
                return status
            return status
        return (yield from self._with_redirects(node.redirects, body))

    def run_arith_cmd(self, node: ArithCmd):
        def body():
            self.lineno = node.line
            value = yield from self._arith_command(node.word, lambda text: f"(( {text} ))")
            return 0 if value else 1
        return (yield from self._with_redirects(node.redirects, body))

    def _arith_command(self, word, shown):
        """The value of bash's (( )) or of an expression of for (( ; ; )), traced by set -x
        as ``shown(text)`` shows it. A bad expression is the command's failure (status 1,
        the message named "((", as bash says it), not the abort a $(( )) is."""
        try:
            text = yield from self.expander.string(word, tilde=False)
            if "x" in self.opts:
                self.trace_text(shown(text))
            return self.expander.arith(text)
        except ExpansionError as err:
            if err.kind != "arith":
                self.expansion_error(err)
            self.error("((: " + self.dialect.arith(err.arith))
            return None

    def run_cond(self, node: CondCmd):
        from .conditional import evaluate_cond

        def body():
            self.lineno = node.line
            return (yield from evaluate_cond(self, node.tokens))
        return (yield from self._with_redirects(node.redirects, body))

    def run_funcdef(self, node: FuncDef):
        self.functions[node.name] = node
        return 0
        yield  # a generator like the other handlers

    # -- simple commands ---------------------------------------------------------------
    def _expand_words(self, words: List[Word]):
        try:
            return (yield from self.expander.words(words))
        except ExpansionError as err:
            self.expansion_error(err)

    def expansion_error(self, err: ExpansionError):
        d = self.dialect
        if err.kind == "unbound":
            self.error(d.unbound(err.name))
            raise ShellAbort(d.unset_status if d.name == "bash" else 2, fatal=True)
        if err.kind == "unset":
            self.error(d.unset_message(err.name, err.message, err.colon))
            # bash -c leaves with 127 here, a bash script with 1
            status = (127 if self.source_kind == "c" else 1) if d.name == "bash" else 2
            raise ShellAbort(status, fatal=True)
        if err.kind == "readonly":
            self.error(d.readonly(err.name))
            raise ShellAbort(1 if d.name == "bash" else 2, fatal=d.name != "bash")
        if err.kind == "arith":
            if d.name == "ash":
                self.err(f"{self.arg0}: {d.arith(err.arith)}\n")
            else:
                self.error(d.arith(err.arith))
            raise ShellAbort(1 if d.name == "bash" else 2, fatal=d.name != "bash")
        if err.kind == "badsubst":
            self.error(err.message or d.bad_substitution(err.name))
            raise ShellAbort(1 if d.name == "bash" else 2, fatal=d.name != "bash")
        raise ShellAbort(2)

    def run_simple(self, node: Simple, background_exec: bool = False):
        self.lineno = node.line
        meter = self.ctx.meter
        meter.pending += self.costs.command
        out = self.fds.get(1)
        if meter.pending >= QUANTUM or (out.__class__ is Pipe and out.full):
            yield from self.charge(0.0)  # (charge's test, inlined: this runs per command)
        self.subst_status = None
        argv = (yield from self._expand_words(node.words)) if node.words else []
        if not argv:
            return (yield from self._assignments_only(node))
        assigns = {}
        if len(node.assigns) > 1:  # each prefix assignment sees the ones before it (A=1 B=$A cmd)
            seen = []
            try:
                for assign in node.assigns:
                    assigns[assign.name] = yield from self._assignment_value(assign)
                    seen += self._push_temporary({assign.name: assigns[assign.name]})
            finally:
                self._pop_temporary(seen)
        else:
            for assign in node.assigns:
                assigns[assign.name] = yield from self._assignment_value(assign)
        tracing = "x" in self.opts
        name = argv[0]
        # a function is found first (BusyBox ash: even one named after a special builtin,
        # as `:(){ :|:& };:` needs; dash refuses such a name, bash is not POSIX here)
        func = self.functions.get(name)
        special = func is None and name in SPECIAL_BUILTINS and self.dialect.name != "bash"
        builtin = None if func is not None or name not in SHELL_BUILTINS else builtins().get(name)
        if builtin is not None and self.dialect.name not in builtin.dialects:
            builtin = None
        if tracing:
            self._trace_command(assigns, argv)
        fds, sinks, ok = yield from self.open_redirects(node.redirects)
        if not ok:
            if special and builtin is not None and not self.interactive:
                # POSIX: a special builtin's redirection error ends the shell (ash, dash)
                raise ShellAbort(self.dialect.redirect_status, fatal=True)
            return self.dialect.redirect_status
        saved = self.fds
        self.fds = fds
        self.keep_fds = False
        try:
            if func is not None:
                return (yield from self.call_function(func, argv, assigns))
            if builtin is not None:
                if special:
                    for key, value in assigns.items():
                        self._set_or_fail(key, value)
                    return (yield from self.call_builtin(builtin, argv))
                if node.array_args:  # local -a a=(...): the builtin first (a local scope), then the values
                    if name == "readonly":  # ... except that readonly freezes what is assigned
                        for assign in node.array_args:
                            yield from self.assign_array(assign)
                        return (yield from self.call_builtin(builtin, argv))
                    status = yield from self.call_builtin(builtin, argv)
                    for assign in node.array_args:
                        yield from self.assign_array(assign)
                    return status
                if not assigns:
                    return (yield from self.call_builtin(builtin, argv))
                saved_vars = self._push_temporary(assigns)
                try:
                    return (yield from self.call_builtin(builtin, argv))
                finally:
                    self._pop_temporary(saved_vars)
            self.command_text = command_text(node)  # what a job line shows, should it stop
            in_place = background_exec or (node in self.exec_tail and tail_exec.may_exec(self))
            return (yield from self.run_external(argv, assigns, in_place))
        finally:
            if self.keep_fds:  # `exec >file`: the redirections stay
                self.keep_fds = False
            else:
                self.fds = saved
                for sink in sinks:
                    sink.flush()
                    if sink in self.open_sinks:
                        self.open_sinks.remove(sink)

    def _assignment_value(self, assign):
        try:
            value = yield from self.expander.string(assign.value, assignment=True)
        except ExpansionError as err:
            self.expansion_error(err)
        if assign.append:  # (an array's element 0 for its name alone; declare -i: a sum)
            old = self.lookup(assign.name) or ""
            value = f"{old or 0}+({value or 0})" if assign.name in self.integers else old + value
        return value

    def _set_or_fail(self, name: str, value: str) -> None:
        try:
            self.set_var(name, value)
        except ExpansionError as err:
            self.expansion_error(err)

    # -- bash's arrays ---------------------------------------------------------------------
    def array_of(self, name: str) -> dict:
        """The array ``name`` (a scalar becomes its element 0), created if missing."""
        if name not in self.arrays:
            self.arrays[name] = {} if name not in self.vars else {0: self.vars.pop(name)}
        return self.arrays[name]

    def array_key(self, name: str, index):
        """An element's key: the subscript's text for an associative array, else its
        arithmetic value (negative counts from the end)."""
        text = yield from self.expander.string(index, tilde=False)
        if name in self.assoc:
            return text
        key = self.expander.arith(text) if text.strip() else 0
        if key < 0:
            keys = sorted(self.arrays.get(name, {}))
            key = keys[key] if -key <= len(keys) else key
        return key

    def assign_array(self, assign):
        """name=(words), name+=(words), name[index]=value."""
        if assign.name in self.readonly:
            self.expansion_error(ExpansionError("readonly", assign.name))
        if assign.array is not None:
            values = yield from self._expand_words(assign.array)
            array = self.array_of(assign.name)
            if not assign.append:
                array.clear()
            start = max((k for k in array if isinstance(k, int)), default=-1) + 1
            for offset, value in enumerate(values):
                key, sep, item = value[1:].partition("]=") if value.startswith("[") else ("", "", "")
                if sep:  # ([key]=value ...)
                    array[key if assign.name in self.assoc else self.expander.arith(key)] = item
                    continue
                array[str(start + offset) if assign.name in self.assoc else start + offset] = value
            return
        key = yield from self.array_key(assign.name, assign.index)
        value = yield from self._assignment_value(assign)
        array = self.array_of(assign.name)
        array[key] = (array.get(key, "") + value) if assign.append else value

    def _assignments_only(self, node: Simple):
        values = []
        self.ctx.meter.pending += self.costs.assign * len(node.assigns)
        for assign in node.assigns:
            if assign.array is not None or assign.index is not None:
                yield from self.assign_array(assign)
                continue
            value = yield from self._assignment_value(assign)
            values.append((assign.name, value))
            self._set_or_fail(assign.name, value)
        if "x" in self.opts and values:
            if self.dialect.name == "bash":
                for key, value in values:
                    self.trace([], [(key, value)])
            else:
                self.trace([], values)
        status = self.subst_status if self.subst_status is not None else 0
        if node.redirects:
            fds, sinks, ok = yield from self.open_redirects(node.redirects)
            for sink in sinks:
                sink.flush()
                if sink in self.open_sinks:
                    self.open_sinks.remove(sink)
            if not ok:
                return self.dialect.redirect_status
        return status

    def _trace_command(self, assigns: Dict[str, str], argv: List[str]) -> None:
        if self.dialect.name == "bash":
            for key, value in assigns.items():
                self.trace([], [(key, value)])
            self.trace(argv)
        else:
            self.trace(argv, list(assigns.items()))

    def _push_temporary(self, assigns: Dict[str, str]):
        saved = []
        for key, value in assigns.items():
            saved.append((key, self.vars.get(key), key in self.exported))
            self._set_or_fail(key, value)
            self.exported.add(key)
        return saved

    def _pop_temporary(self, saved) -> None:
        for key, value, exported in reversed(saved):
            if value is None:
                self.vars.pop(key, None)
            else:
                self.vars[key] = value
            if not exported:
                self.exported.discard(key)

    def call_builtin(self, builtin, argv: List[str]):
        try:
            result = builtin.func(self, argv)
            if type(result) is not int and isinstance(result, GeneratorType):
                result = yield from result
        except DeviceFull:  # `echo x > /dev/full`: each shell says it its own way, status 1
            self._write_failed(argv[0])
            return 1
        return int(result or 0)

    def _write_failed(self, name: str) -> None:
        """What a builtin's failed write (ENOSPC) prints: bash names the builtin, dash
        reports an I/O error twice named, BusyBox ash speaks only for echo."""
        if self.dialect.name == "bash":
            self.error(f"{name}: write error: No space left on device")
        elif self.dialect.name == "dash":
            self.error(f"{name}: {name}: I/O error")
        elif name == "echo":
            self.err(self.dialect.prefix() + "write error: No space left on device\n")

    def call_function(self, func: FuncDef, argv: List[str], assigns: Dict[str, str]):
        self.ctx.meter.pending += self.costs.function
        limit = FUNCTION_DEPTH.get(self.dialect.name, FUNCTION_DEPTH["ash"])
        if self.func_depth >= limit:
            if self.dialect.name != "dash":
                raise StackOverflow()
            self.error(f"Maximum function recursion depth ({limit}) reached")
            raise ShellAbort(2)
        saved_positional = self.positional
        saved_vars = self._push_temporary(assigns)
        self.positional = list(argv[1:])
        self.func_depth += 1
        self.func_names.append(func.name)
        self._call_stack()
        self.locals.append({})
        saved_loop = self.loop_depth
        if self.dialect.name != "ash":  # ash's break and continue reach the caller's loops
            self.loop_depth = 0
        try:
            try:
                status = yield self.run(func.body)  # a call on the trampoline (see main)
            except FunctionReturn as ret:
                status = ret.status
        finally:
            self.loop_depth = saved_loop
            scope = self.locals.pop()
            saved_arrays = scope.pop("\0arrays", {})  # the arrays local hid, by name
            for key, array in saved_arrays.items():
                if array is None:
                    self.arrays.pop(key, None)
                    self.assoc.discard(key)
                else:
                    self.arrays[key] = array
            for key, (value, exported) in scope.items():
                if value is None:
                    self.vars.pop(key, None)
                else:
                    self.vars[key] = value
                if exported:
                    self.exported.add(key)
                else:
                    self.exported.discard(key)
            self.func_depth -= 1
            self.func_names.pop()
            self._call_stack()
            self.positional = saved_positional
            self._pop_temporary(saved_vars)
        return status

    # -- external programs ------------------------------------------------------------------
    def resolve(self, name: str, env: Dict[str, str]):
        """(path, entry) of the program ``name`` runs, or (None, errno)."""
        if "PATH" not in env:
            env = dict(env, PATH="")  # no $PATH: only the current directory is searched
        if "/" in name:
            try:
                entry = self.fs.stat(name, self.cwd)
            except FSError as err:
                return None, err.errno
            if entry.kind == DIR:
                return None, EISDIR
            if not entry.mode & 0o111:
                return None, EACCES
            return name, entry
        try:
            return find_executable(self.fs, name, env, self.cwd)
        except FSError as err:
            return None, err.errno

    def exec_failed(self, name: str, errno: int, builtin: str = "") -> int:
        d = self.dialect
        if errno in (ENOENT, ENOTDIR):
            message = d.not_found(name)
            if d.name == "bash" and not self.vars.get("PATH"):
                message = f"{name}: No such file or directory"
            status = 127
        else:
            strerror = self.ctx.strerror(EACCES if (errno == EISDIR and d.name != "bash")
                                         else errno)
            message = d.cannot_execute(name, errno if d.name == "bash" else EACCES, strerror)
            status = 126
        if d.name == "ash" and not builtin:
            # ash names the script (its "commandname") but not -c or stdin commands
            self.err(d.prefix() + message + "\n")
        else:
            self.error(message, builtin)
        return status

    def run_external(self, argv: List[str], assigns: Dict[str, str], exec_in_place: bool = False):
        env = self.child_env(assigns)
        path, entry = self.resolve(argv[0], dict(self.vars, **assigns))
        if path is None:
            return self.exec_failed(argv[0], entry)
        self.ctx.extra["fds"] = {n: stream for n, stream in self.fds.items() if n > 2}
        if exec_in_place and self.owns_process:
            main, new_argv, flavour = implementation(entry, list(argv))
            if main is not None:
                ex = ExecReplace(new_argv, main, flavour, path, env)
                ex.streams = (self.fds[0], self.fds[1], self.fds[2])
                shio.flush_all(self.open_sinks)  # the program writes its files itself now
                ex.cwd = self.cwd
                raise ex
        self.ctx.meter.pending += self.costs.fork_exec
        shio.flush_all(self.open_sinks)  # the child may read at once what this shell wrote to files
        try:
            status = yield from self.drive(self.ctx.run(
                argv, stdin=self.fds[0], stdout=self.fds[1], stderr=self.fds[2], env=env,
                cwd=self.cwd))
        except FSError as err:
            return self.exec_failed(argv[0], err.errno)
        child = self.ctx.last_child
        if child is not None and child.alive and child.stopped:
            return self.job_stopped(child, self.command_text or " ".join(argv))
        if child is not None and child.signal:
            self.report_death(child.signal)
        return status

    def job_stopped(self, child, text: str, group=None) -> int:
        """The foreground job stopped (Ctrl-Z): it becomes a job the user can `fg`
        or `bg` (a pipeline: all its processes, known by its last); the shell says
        so and goes on, with $? = 128 + SIGTSTP."""
        from .jobs import job_line, remember, told
        remember(self, child, text, group=group)
        self.err(("\n" if self.dialect.name == "bash" else "") + job_line(self, child, False))
        told(self, child)
        return 128 + 20

    def _exec_as_child(self, ex: ExecReplace):
        try:
            return (yield from self.drive(self.ctx.run(
                ex.argv, stdin=self.fds[0], stdout=self.fds[1], stderr=self.fds[2],
                env=ex.env, cwd=self.cwd)))
        except FSError as err:
            return self.exec_failed(ex.argv[0], err.errno)

    # -- background jobs --------------------------------------------------------------------
    def start_background(self, node) -> None:
        from .jobs import fork
        for stream in self.fds.values():
            if isinstance(stream, shio.FileSink):
                stream.flush()
                stream.unbuffered = True
        sub = self.fork_state()
        sub.owns_process = True
        sub.errexit_off = 0
        if not self.interactive:
            sub.fds[0] = shio.empty_input()  # POSIX: without job control, from /dev/null
        process = fork(self, sub, node)
        if process is None and not hasattr(self.ctx.system, "fork"):
            # no kernel to fork with (a bare test context): run it in the foreground
            return
        if process is not None:
            from .jobs import command_text, remember
            self.last_bg = process.nspid
            number = remember(self, process, command_text(node), current=False)
            if self.interactive and self.dialect.name == "bash":
                self.err(f"[{number}] {process.nspid}\n")  # bash tells the new job's number

    # -- redirections ----------------------------------------------------------------------
    def open_redirects(self, redirects):
        """Apply redirections to a copy of the fd table: (fds, opened sinks, ok)."""
        if not redirects:
            return self.fds, [], True
        fds = dict(self.fds)
        sinks = []
        for redirect in redirects:
            try:
                ok = yield from self._redirect(redirect, fds, sinks)
            except ExpansionError as err:
                self.expansion_error(err)
            if not ok:
                for sink in sinks:
                    sink.flush()
                    if sink in self.open_sinks:
                        self.open_sinks.remove(sink)
                return self.fds, [], False
        return fds, sinks, True

    def _redirect(self, r, fds, sinks):
        op = r.op
        d = self.dialect
        if op in ("<<", "<<-"):
            if r.quoted_heredoc:
                text = r.heredoc.parts[0].text
            else:
                text = yield from self.expander.string(r.heredoc, tilde=False)
            fds[0 if r.fd is None else r.fd] = shio.input_of(text)
            return True
        if op == "<<<":
            text = yield from self.expander.string(r.target)
            fds[0 if r.fd is None else r.fd] = shio.input_of(text + "\n")
            return True
        target = yield from self.expander.string(r.target)
        if op in ("<&", ">&") and (target.isdigit() or target == "-"):
            fd = r.fd if r.fd is not None else (0 if op == "<&" else 1)
            if target == "-":
                fds[fd] = shio.NullSink() if op == ">&" else shio.empty_input()
                return True
            source = int(target)
            if source not in fds:  # ash names the dup2() call that failed
                self.error(d.bad_fd(target)) if d.name != "ash" else \
                    self.err(d.prefix() + d.bad_fd(f"dup2({source},{fd})") + "\n")
                return False
            fds[fd] = fds[source]
            return True
        if op == ">&" or op == "&>" or op == "&>>":
            if r.fd is None or op != ">&":
                stream = self._open_output(target, append=op == "&>>", sinks=sinks, fds=fds)
                if stream is None:
                    return False
                fds[1] = fds[2] = stream
                return True
        if op in ("<", "<>"):
            fd = 0 if r.fd is None else r.fd
            stream = self._open_input(target, create=op == "<>", fds=fds)
            if stream is None:
                return False
            fds[fd] = stream
            return True
        fd = 1 if r.fd is None else r.fd
        stream = self._open_output(target, append=op == ">>", sinks=sinks, fds=fds, clobber=op == ">|")
        if stream is None:
            return False
        fds[fd] = stream
        return True

    def _redirect_error(self, message: str) -> None:
        if self.dialect.name == "ash":
            self.err(self.dialect.prefix() + message + "\n")
        else:
            self.error(message)

    def _open_output(self, target: str, append: bool, sinks, fds, clobber: bool = False):
        special = shio.special_device(self.fs, target, self.cwd)
        if special is not None:
            kind, fd = special
            if kind in ("null", "full"):
                return shio.FullSink() if kind == "full" else shio.NullSink()
            stream = fds.get(fd)
            if stream is None:
                self._redirect_error(self.dialect.cannot_create(target, 9, "Bad file descriptor"))
            return stream
        try:
            if target == "":
                raise FSError(ENOENT, target)
            canonical, entry = self.fs.resolve(target, self.cwd, must_exist=False)
            if entry is not None and entry.kind == DIR:
                raise FSError(EISDIR, target)
            if "C" in self.opts and not append and not clobber and entry is not None and entry.kind == FILE:
                from ...vfs.errno import EEXIST
                raise FSError(EEXIST, target)
            self._check_access(target, canonical, entry, 2)
            self.fs.write(target, b"", self.cwd, append=append, **self._new_file_owner(entry))
            canonical = self.fs.resolve(target, self.cwd)[0]
        except FSError as err:
            self._redirect_error(self.dialect.cannot_create(target, err.errno,
                                                            self.ctx.strerror(err)))
            return None
        sink = shio.FileSink(self.fs, canonical)
        sinks.append(sink)
        self.open_sinks.append(sink)
        return sink

    def _check_access(self, target: str, canonical: str, entry, want: int) -> None:
        """open(2)'s permission check for a user other than root: the file's read (4) or
        write (2) bit, or for a new file write and search on its directory (EACCES)."""
        from ..coreutils.common import credentials, may
        if credentials(self.ctx)[0] == 0:
            return
        if entry is None:
            entry, want = self.fs.stat(canonical.rsplit("/", 1)[0] or "/"), 3
            if not (may(self.ctx, entry, 2) and may(self.ctx, entry, 1)):
                raise FSError(EACCES, target)
        elif not may(self.ctx, entry, want):
            raise FSError(EACCES, target)

    def _new_file_owner(self, entry) -> dict:
        """A file the redirection creates belongs to the process's user, with the mode
        its umask leaves."""
        if entry is not None:
            return {}
        from ..coreutils.common import new_file
        return new_file(self.ctx)

    def _open_input(self, target: str, create: bool, fds):
        special = shio.special_device(self.fs, target, self.cwd)
        if special is not None:
            kind, fd = special
            if kind == "null":
                return shio.device_input(self.ctx, target)
            return fds.get(fd) or shio.empty_input()
        try:
            if create and not self.fs.exists(target, self.cwd):
                canonical = self.fs.resolve(target, self.cwd, must_exist=False)[0]
                self._check_access(target, canonical, None, 2)
                self.fs.write(target, b"", self.cwd, **self._new_file_owner(None))
            canonical, entry = self.fs.resolve(target, self.cwd, must_exist=False)
            if entry is not None and entry.kind != DIR:
                self._check_access(target, canonical, entry, 4)
            data = self.fs.read(target, self.cwd)
        except FSError as err:
            if err.errno == EISDIR:
                return shio.empty_input()
            self._redirect_error(self.dialect.cannot_open(target, err.errno,
                                                          self.ctx.strerror(err)))
            return None
        return shio.input_of(data.decode("utf-8", "surrogateescape"))

    def _with_redirects(self, redirects, body):
        if not redirects:
            return (yield from body())
        fds, sinks, ok = yield from self.open_redirects(redirects)
        if not ok:
            return self.dialect.redirect_status
        saved = self.fds
        self.fds = fds
        try:
            return (yield from body())
        finally:
            self.fds = saved
            for sink in sinks:
                sink.flush()
                if sink in self.open_sinks:
                    self.open_sinks.remove(sink)

    # -- traps -----------------------------------------------------------------------------
    def parse_aliases(self) -> dict:
        """The aliases the parser expands: ash's and dash's always, bash's with
        expand_aliases (on in an interactive shell)."""
        if self.dialect.name == "bash" and not self.shopts.get("expand_aliases"):
            return {}
        return self.__dict__.get("aliases") or {}

    def run_err_trap(self, status: int):
        """The ERR trap (ash and bash): after a simple command, a subshell or a pipeline of
        several that failed where set -e would count it; not inside a function (bash's
        set -E: there too), nor while it runs itself."""
        action = self.traps["ERR"]
        if not action or self.in_err_trap or (self.func_depth and "E" not in self.opts):
            return
        self.in_err_trap = True
        self.status = status  # the trap's $?
        try:
            yield from self.eval_string(action)
        except (ShellAbort, FunctionReturn, LoopControl):
            pass
        finally:
            self.in_err_trap = False
            self.status = status

    def run_exit_trap(self, status: int):
        action = self.traps.pop("EXIT", None)
        if action:
            saved = self.status
            self.status = status
            try:
                yield from self.eval_string(action)
            except ShellExit as done:
                status = done.status
            except (ShellAbort, FunctionReturn, LoopControl):
                pass
            self.status = saved
        return status

    def eval_string(self, text: str, first_line: Optional[int] = None):
        """Parse and run ``text`` in this shell (eval, ., traps)."""
        parser = Parser(text, self.dialect.name, self.lineno if first_line is None else first_line)
        status = 0
        while True:
            try:
                parser.aliases = self.parse_aliases()  # (as they are now: a line sees the lines before)
                node = parser.next_command()
            except ParseError as err:
                self.syntax_error(err, parser)
                raise ShellAbort(2, fatal=True)
            if node is None:
                return status
            status = yield self.run(node)  # a call on the trampoline (see main)
            self.status = status

    def _heredoc_warnings(self, parser) -> None:
        if parser.warnings and self.dialect.name == "bash":
            for line, delim, at_end in parser.warnings:  # said at the line the input ended
                self.err(self.dialect.prefix(line=at_end) + f"warning: here-document at line "
                         f"{line} delimited by end-of-file (wanted `{delim}')\n")
        parser.warnings.clear()

    def syntax_error(self, err: ParseError, parser) -> None:
        d = self.dialect
        lines = d.syntax(err, parser)
        prefix = d.syntax_prefix(err.line)
        if d.name == "bash" and err.kind == "badsubst":
            prefix = d.prefix()
        for line in lines:
            self.err(prefix + line + "\n")

    # -- top level -------------------------------------------------------------------------
    def run_top(self, node):
        """Run one complete command of the top level."""
        try:
            status = yield from self.run(node)
        except ShellAbort as abort:
            status = abort.status
            if abort.fatal and not self.interactive:
                raise ShellExit(status)
        except FunctionReturn as ret:
            if self.dialect.name == "bash" and not self.source_depth:
                self.error("can only `return' from a function or sourced script", "return")
                status = 2
            else:
                raise ShellExit(ret.status)
        except LoopControl:
            status = 0
        self.status = status
        return status

    def run_text(self, text: str, first_line: int = 1, tail_exec_last: bool = False):
        """Run a script given as text, one complete command at a time. With
        ``tail_exec_last`` (a -c string), its last command may exec a program in place
        of the shell (tail_exec.py)."""
        parser = Parser(text, self.dialect.name, first_line)
        while True:
            try:
                parser.aliases = self.parse_aliases()  # (as they are now: a line sees the lines before)
                node = parser.next_command()
            except ParseError as err:
                self._heredoc_warnings(parser)  # bash warns of the here-document first
                self.syntax_error(err, parser)
                if self.interactive:
                    self.status = 2
                    return 2
                raise ShellExit(2)
            self._heredoc_warnings(parser)
            if node is None:
                return self.status
            if tail_exec_last and parser.ended_the_text():
                self.exec_tail = tail_exec.exec_tails(node, self.dialect.name)
            yield from self.run_top(node)


def _fails_for_err(node) -> bool:
    """Whether a failure of ``node`` is one the ERR trap hears of: a compound command's
    is its last command's, already heard; a negated pipeline's never."""
    kind = type(node)
    return kind is Simple or kind is Subshell or (
        kind is Pipeline and len(node.commands) > 1 and not node.negate)


def builtins() -> dict:
    """The builtins' table (name -> Builtin), their module imported by the first call:
    a script that runs only programs (`ls / | wc -l`) never loads it."""
    global _BUILTINS
    if _BUILTINS is None:
        from .builtins import BUILTINS
        _BUILTINS = BUILTINS
    return _BUILTINS


def _bash_quote(word: str) -> str:
    if word == "":
        return "''"
    if any(c in " \t\n'\"\\|&;()<>!{}*[?]^$`" for c in word) or word[0] in "#~":
        return "'" + word.replace("'", "'\\''") + "'"
    return word


def _ash_quote(word: str) -> str:
    if word in RESERVED or word in ("elif",):
        return f"'{word}'"
    for c in word:
        if c < "+" or ";" <= c <= "?" or c in "`[\\" or c > "z":
            return "'" + word.replace("'", "'\"'\"'") + "'"
    return word


_HANDLERS = {
    CommandList: Shell.run_list,
    AndOr: Shell.run_andor,
    Pipeline: Shell.run_pipeline,
    Simple: Shell.run_simple,
    Group: Shell.run_group,
    Subshell: Shell.run_subshell_node,
    If: Shell.run_if,
    Loop: Shell.run_loop,
    For: Shell.run_for,
    ArithFor: Shell.run_arith_for,
    Case: Shell.run_case,
    ArithCmd: Shell.run_arith_cmd,
    CondCmd: Shell.run_cond,
    FuncDef: Shell.run_funcdef,
}
