"""Command-line options the way the real programs read them, and what they print
when an option is wrong.

GNU tools use glibc's getopt_long: options and operands may be mixed (the
options are "permuted" to the front) unless POSIXLY_CORRECT is set, long
options may be abbreviated to any unique prefix, ``--`` ends the options.
BusyBox applets use getopt32, which calls the C library's getopt_long too,
so the same rules hold; what differs is the text of the complaint (glibc's
or musl's getopt) and what follows it: a GNU tool adds "Try 'prog --help'
for more information." while BusyBox prints the applet's whole usage block
on stderr and exits with status 1.

Specs are compact strings, as getopt's are: ``"n:c:qv"`` takes -n and -c
with an argument (``::`` for an optional one) and the flags -q and -v; a
leading ``+`` stops at the first operand (env, xargs). Long options are a
dict ``{"lines=": "n", "quiet": "q", "color?": "color"}``: ``=`` requires an
argument, ``?`` allows one, and the value is the key reported (usually the
matching short letter).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Dict, List, Optional, Sequence, Tuple

from ..proc.api import Context

# BusyBox's banner names the version and when the binary was built. Alpine
# (musl) and the busybox image (glibc) are separate builds.
BUSYBOX_VERSION = "1.37.0"
BUSYBOX_BUILT = {"musl": "2025-11-19 10:13:36 UTC", "glibc": "2024-09-26 21:31:42 UTC"}

if TYPE_CHECKING:  # type aliases, for annotations only
    Options = List[Tuple[str, Optional[str]]]


def busybox_banner(ctx: Context) -> str:
    built = BUSYBOX_BUILT.get(ctx.libc, BUSYBOX_BUILT["musl"])
    return f"BusyBox v{BUSYBOX_VERSION} ({built}) multi-call binary."


def prog(ctx: Context) -> str:
    """How a program names itself: GNU tools print argv[0] as given (glibc's
    program_invocation_name), BusyBox prints the applet's name."""
    if ctx.flavour == "gnu" and ctx.argv:
        return ctx.argv[0]
    return ctx.name


def alpine_busybox(ctx: Context) -> bool:
    """Is this BusyBox Alpine's build (aports' busyboxconfig) rather than the busybox
    image's (BusyBox's defconfig)? A few applets print differently (top, dd)."""
    try:
        ctx.fs.stat("/etc/alpine-release")
        return True
    except Exception:  # FSError; also a context without a file system
        return False


def error(ctx: Context, message: str) -> None:
    ctx.stderr.write(f"{prog(ctx)}: {message}\n")


def quote(text: str) -> str:
    """GNU's quote() in the C locale: 'text' (shell-quoted if it holds a quote)."""
    if "'" in text:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"'{text}'"


class OptionError(Exception):
    """A bad option. ``kind``: invalid (unknown short), unrecognized (unknown
    long), missing (short without its argument), missing_long, needless (a
    long option given an argument it does not take), ambiguous."""

    def __init__(self, kind: str, option: str, possibilities: Sequence[str] = ()):
        super().__init__(kind, option)
        self.kind = kind
        self.option = option
        self.possibilities = list(possibilities)

    def message(self, ctx: Context) -> str:
        """getopt's own complaint, in the words of the program's C library."""
        name = ctx.argv[0] if ctx.argv else ctx.name
        opt = self.option
        if ctx.libc == "musl":
            text = {
                "invalid": f"unrecognized option: {opt}",
                "missing": f"option requires an argument: {opt}",
                "unrecognized": f"unrecognized option: {opt.lstrip('-').split('=')[0]}",
                "missing_long": f"option requires an argument: {opt.lstrip('-')}",
                "needless": f"option does not take an argument: {opt.lstrip('-')}",
                "ambiguous": f"option is ambiguous: {opt.lstrip('-').split('=')[0]}",
            }[self.kind]
        else:
            text = {
                "invalid": f"invalid option -- '{opt}'",
                "missing": f"option requires an argument -- '{opt}'",
                "unrecognized": f"unrecognized option '{opt}'",
                "missing_long": f"option '{opt}' requires an argument",
                "needless": f"option '{opt}' doesn't allow an argument",
                "ambiguous": (f"option '{opt}' is ambiguous; possibilities:"
                              + "".join(f" '--{p}'" for p in self.possibilities)),
            }[self.kind]
        return f"{name}: {text}\n"


def _long_table(long: Optional[Dict[str, str]]) -> Dict[str, Tuple[str, str]]:
    table = {}
    for spec, key in (long or {}).items():
        if spec.endswith("="):
            table[spec[:-1]] = (key, "required")
        elif spec.endswith("?"):
            table[spec[:-1]] = (key, "optional")
        else:
            table[spec] = (key, "none")
    return table


def _short_table(short: str) -> Dict[str, str]:
    table = {}
    i = 0
    while i < len(short):
        letter = short[i]
        kind = "none"
        if short[i + 1:i + 3] == "::":
            kind, i = "optional", i + 2
        elif short[i + 1:i + 2] == ":":
            kind, i = "required", i + 1
        table[letter] = kind
        i += 1
    return table


def parse(ctx: Context, args: Sequence[str], short: str,
          long: Optional[Dict[str, str]] = None, *, long_syntax: bool = False,
          posix_env_any_flavour: bool = False) -> Tuple[Options, List[str]]:
    """(options in order as (key, value), operands); raises OptionError.

    The two keywords keep apart two models that grew separately; the file
    programs (coreutils.common.getopt) set both, the text and system programs
    neither, and each family's output is pinned by its tests:

    ``long_syntax``: "--name" is always read as a long option, even with no
    long options declared (getopt_long with an empty table: "unrecognized
    option '--x'"). Otherwise a program without long options reads "--x" as
    short letters, as plain getopt() does ("invalid option -- '-'").

    ``posix_env_any_flavour``: POSIXLY_CORRECT stops permutation for BusyBox
    applets too, not only for GNU tools.
    """
    permute = not short.startswith("+")
    if "POSIXLY_CORRECT" in ctx.env and (ctx.flavour == "gnu" or posix_env_any_flavour):
        permute = False
    shorts = _short_table(short.lstrip("+"))
    longs = _long_table(long)
    options: Options = []
    operands: List[str] = []
    args = list(args)
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            operands.extend(args[i:])
            break
        if arg.startswith("--") and (longs or long_syntax):
            name, eq, value = arg[2:].partition("=")
            if name in longs:
                matches = [name]
            else:
                matches = [n for n in longs if n.startswith(name)]
                if len({longs[n] for n in matches}) == 1:
                    matches = matches[:1]
            if not matches:
                raise OptionError("unrecognized", arg)
            if len(matches) > 1:
                raise OptionError("ambiguous", arg, matches)
            full = matches[0]
            key, kind = longs[full]
            if kind == "none" and eq:
                raise OptionError("needless", "--" + full)
            if kind == "required" and not eq:
                if i >= len(args):
                    raise OptionError("missing_long", "--" + full)
                value, i = args[i], i + 1
            options.append((key, value if (eq or kind == "required") else None))
            continue
        if arg.startswith("-") and arg != "-":
            j = 1
            while j < len(arg):
                letter = arg[j]
                kind = shorts.get(letter)
                if kind is None:
                    raise OptionError("invalid", letter)
                if kind == "none":
                    options.append((letter, None))
                    j += 1
                    continue
                rest = arg[j + 1:]
                if rest:
                    options.append((letter, rest))
                elif kind == "optional":
                    options.append((letter, None))
                elif i < len(args):
                    options.append((letter, args[i]))
                    i += 1
                else:
                    raise OptionError("missing", letter)
                break
            continue
        operands.append(arg)
        if not permute:
            operands.extend(args[i:])
            break
    return options, operands


def try_help(ctx: Context, status: int = 1, usage: str = "") -> int:
    """GNU's tail of a usage complaint; the exit status."""
    if usage:
        ctx.stderr.write(usage if usage.endswith("\n") else usage + "\n")
    ctx.stderr.write(f"Try '{prog(ctx)} --help' for more information.\n")
    return status


# Alpine's busyboxconfig turns on options that defconfig (the busybox image, and the
# generated busybox_build) leaves off: compression levels for gzip (FEATURE_GZIP_LEVELS)
# and .Z archives for tar (FEATURE_SEAMLESS_Z). These usages are Alpine's.
ALPINE_USAGES = {
    "gzip": (" [-cfkdt123456789] [FILE]...\n\n"
             "Compress FILEs (or stdin)\n\n"
             "\t-1..9\tCompression level\n"
             "\t-d\tDecompress\n"
             "\t-c\tWrite to stdout\n"
             "\t-f\tForce\n"
             "\t-k\tKeep input files\n"
             "\t-t\tTest integrity"),
}


def applet_usage(ctx: Context, name: str = "") -> Optional[str]:
    """What bb_show_usage() prints after "Usage: " for the applet (the one running,
    or ``name``): its name, trivial usage and full text; None where the applet has
    no help text ("No help available")."""
    name = name or ctx.name
    if name in ALPINE_USAGES and alpine_busybox(ctx):
        return name + ALPINE_USAGES[name]
    from ..image.registry.builders.busybox_build import USAGES  # 160 KB: loaded when shown
    rest = USAGES.get(name, "")
    return None if rest is None else name + rest


def busybox_usage_text(ctx: Context, usage: Optional[str] = None) -> str:
    """What bb_show_usage() writes: the banner, then "Usage: " and the applet's usage
    (``usage``, or the running applet's own)."""
    if usage is None:
        usage = applet_usage(ctx)
    if usage is None:
        return f"{busybox_banner(ctx)}\n\nNo help available\n"
    return f"{busybox_banner(ctx)}\n\nUsage: {usage}\n"


def busybox_usage(ctx: Context, usage: Optional[str] = None, *, status: int = 1) -> int:
    """bb_show_usage(): the banner and the applet's usage on stderr; ``status``
    (grep makes it 2)."""
    ctx.stderr.write(busybox_usage_text(ctx, usage))
    return status


def applet_help(ctx: Context) -> int:
    """`APPLET --help`, answered by BusyBox before the applet runs: the usage on
    stderr, as for a mistake, but exit status 0."""
    return busybox_usage(ctx, status=0)


def bad_option(ctx: Context, err: OptionError, *, usage: Optional[str] = None, status: int = 1,
               gnu_usage: str = "", bb_status: int = 1) -> int:
    """Report a bad option in the program's own way; the exit status.

    ``usage`` is the BusyBox usage block (the applet's own if not given); ``gnu_usage`` a line some GNU tools
    (grep) print before "Try ..."; ``status`` the GNU tool's exit status and
    ``bb_status`` the applet's.
    """
    ctx.stderr.write(err.message(ctx))
    if ctx.flavour == "gnu":
        return try_help(ctx, status, gnu_usage)
    return busybox_usage(ctx, usage, status=bb_status)
