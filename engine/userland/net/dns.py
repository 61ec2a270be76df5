"""Names: nslookup (BusyBox's and BIND's). (`hostname -i` is engine/userland/system/tools.py's.)

nslookup asks the nameserver of /etc/resolv.conf (or the one given): on a
user-defined network that is Docker's embedded DNS at 127.0.0.11, which knows
the containers' names, aliases and short ids; on the default bridge it is a
public resolver that has never heard of them.
"""

from __future__ import annotations

from ...proc.api import Context, Sleep, program
from ..options import busybox_usage

@program("nslookup")
def nslookup(ctx: Context):
    args = [a for a in ctx.argv[1:] if not a.startswith("-")]
    qtype = "A"
    for option in ctx.argv[1:]:
        if option.lower().startswith(("-type=", "-query=", "-q=")):
            qtype = option.split("=", 1)[1].upper()
    if not args:
        if ctx.flavour == "busybox":
            return busybox_usage(ctx)
        ctx.stderr.write("nslookup: interactive mode is not simulated\n")
        return 1
    name = args[0]
    stack = ctx.system.network
    server = args[1] if len(args) > 1 else stack.nameservers()[0]
    busybox = ctx.flavour == "busybox"
    separator = ":" if busybox else "#"
    types = [qtype] if qtype != "A" or not busybox else ["A", "AAAA"]
    replies = [stack.query(name, t, server, libc=ctx.libc) for t in types]
    if replies[0].rcode == "TIMEOUT":
        yield Sleep(replies[0].delay)
        if busybox:
            ctx.out(";; connection timed out; no servers could be reached\n\n")
        else:
            ctx.out(f";; communications error to {server}{separator}53: timed out\n"
                    f";; communications error to {server}{separator}53: timed out\n"
                    f";; no servers could be reached\n\n")
        return 1
    ctx.out(f"Server:\t\t{server}\nAddress:\t{server}{separator}53\n\n")
    found = False
    for qt, reply in zip(types, replies):
        if reply.rcode != "NOERROR":
            ctx.out(f"** server can't find {name}: {reply.rcode}\n\n")
            continue
        header = "" if reply.authoritative else "Non-authoritative answer:\n"
        if not reply.answers:
            if busybox:
                ctx.out(f"{header}*** Can't find {name}: No answer\n\n")
            continue
        found = True
        ctx.out(header + "".join(f"Name:\t{name}\nAddress: {a}\n" for a in reply.answers) + "\n")
    return 0 if found else 1


__all__ = ["nslookup"]
