"""sysctl: BusyBox's applet and procps' program, reading and writing /proc/sys."""

from __future__ import annotations

from typing import List

from ...proc.api import Context, decode, program
from ...vfs.entry import DIR
from ...vfs.errno import FSError
from ..options import OptionError, bad_option, parse

PROC_SYS = "/proc/sys"
def _all_keys(ctx: Context, rel: str = "") -> List[str]:
    keys = []
    for name in sorted(ctx.fs.readdir(f"{PROC_SYS}/{rel}" if rel else PROC_SYS)):
        path = f"{rel}/{name}" if rel else name
        if ctx.fs.stat(f"{PROC_SYS}/{path}").kind == DIR:
            keys += _all_keys(ctx, path)
        else:
            keys.append(path.replace("/", "."))
    return keys


@program("sysctl")
def sysctl(ctx: Context) -> int:
    gnu = ctx.flavour == "gnu"
    try:
        opts, operands = parse(ctx, ctx.argv[1:], "enqawp" if not gnu else "enqawpAbNr:")
    except OptionError as err:
        return bad_option(ctx, err)
    flags = {key for key, _ in opts}
    quiet_names, ignore_unknown, writing = "n" in flags, "e" in flags, "w" in flags
    if "a" in flags or "A" in flags:
        operands = _all_keys(ctx)
    elif "p" in flags:  # settings from files: "key = value" lines, # and ; comments
        settings = []
        for name in operands or ["/etc/sysctl.conf"]:
            try:
                text = decode(ctx.fs.read(name, ctx.cwd))
            except FSError as err:  # BusyBox reports it and goes on, with status 0
                ctx.error(f"cannot open \"{name}\": {ctx.strerror(err)}" if gnu else f"{name}: {ctx.strerror(err)}")
                if gnu:
                    return 1
                continue
            for line in text.splitlines():
                key, equals, value = line.strip().partition("=")
                if equals and not line.lstrip().startswith(("#", ";")):
                    settings.append(f"{key.strip()}={value.strip()}")
        operands = settings
    status = 0
    for operand in operands:
        key, equals, value = operand.partition("=")
        if writing and not equals:
            ctx.error("command line(0): invalid syntax, continuing..." if gnu else
                      f"error: '{operand}' must be of the form name=value")
            status = 1
            continue
        path = f"{PROC_SYS}/{key.replace('.', '/')}"
        try:
            if equals:
                ctx.fs.write(path, (value + "\n").encode())
                shown = value
            else:
                shown = decode(ctx.fs.read(path)).rstrip("\n")
        except FSError as err:
            status = 1
            missing = not ctx.fs.exists(path)
            if missing and ignore_unknown:
                continue
            if gnu:
                ctx.error(f"cannot stat {path}: No such file or directory" if missing else
                          f'permission denied on key "{key}"')
            elif missing:
                # BusyBox names the key with slashes when reading, with dots when writing
                ctx.error(f"error: '{key if equals else key.replace('.', '/')}' is an unknown key")
            else:
                ctx.error(f"error setting key '{key}': {ctx.strerror(err)}")
            continue
        if equals and "q" in flags:
            continue
        ctx.out(f"{shown}\n" if quiet_names else f"{key} = {shown}\n")
    return status
