"""The world as a whole: `reset`, `snapshot NAME`, `snapshot ls`, `snapshot rm`, `restore NAME`.

Snapshots belong to the session, not to the engine: `reset` and `restore` keep them,
and they end with the session, unless a state file (--state) keeps them with the world. The
serialisation is the engine's (engine/world.py); here are the words around it.
"""

from __future__ import annotations

import re
import textwrap

from engine import world
from engine.container.state import human_duration

from ..render.table import align
from ..spec import COMPLETE_SNAPSHOT, Arg, command
from .prune import FORCE_FLAG, confirmed

GROUP = "Shell"
VALID_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")
NAME_ARG = Arg("NAME")
KEPT_ARG = Arg("NAME", COMPLETE_SNAPSHOT)

def _paragraphs(*texts: str) -> str:
    return "\n\n".join(textwrap.fill(text, 79) for text in texts)


RUNNING_NOTE = (
    "A running container cannot be saved in the middle of its program: restore brings it "
    "back running with its command started again as PID 1, as `docker restart` would, "
    "but with its id, name, files, logs, addresses, ports, health status and State "
    "(StartedAt) as they were, and without events; a paused one comes back paused. What "
    "lived only in its processes starts over (exec'd processes, probes under way, tmpfs "
    "contents, a loop's counter, a server's start-up time).")


class Snapshot:
    """A world kept under a name: sharing the immutable layers with the engine (a fast
    restore), and standing alone too when a state file (--state) is to keep it."""

    def __init__(self, shared, standalone=None):
        self.world = shared
        self.standalone = standalone

    @classmethod
    def of(cls, engine, for_file: bool) -> "Snapshot":
        return cls(world.snapshot(engine), world.snapshot(engine, share=False) if for_file else None)

    @classmethod
    def from_file(cls, kept) -> "Snapshot":
        return cls(kept, kept)


@command("snapshot", "Keep the whole simulated world under a name", "NAME",
         args=(NAME_ARG,), min_args=1, max_args=1, exact_args=True, group=GROUP,
         description=_paragraphs("Keep the whole simulated world under a name: images, containers (their "
                     "files, logs and state), volumes, networks, the build cache, the clock, "
                     "the id and name generators and the events. `restore NAME` brings it "
                     "back; a name taken again keeps the new world. Snapshots last as long as "
                     "the session (`snapshot ls`, `snapshot rm NAME`), or as the state file "
                     "with --state FILE.", RUNNING_NOTE))
def snapshot(ctx, opts, args):
    name = args[0]
    if not VALID_NAME.match(name):
        ctx.out.error(f"Error: invalid snapshot name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] "
                      f"are allowed")
        return 1
    ctx.session.snapshots[name] = Snapshot.of(ctx.engine, ctx.session.state_file is not None)
    ctx.out.line(name)
    return 0


@command("snapshot ls", "List the session's snapshots", "", aliases=("snapshot list",),
         max_args=0, group=GROUP)
def snapshot_ls(ctx, opts, args):
    now = ctx.now()
    rows = [("NAME", "TAKEN", "CONTAINERS", "IMAGES", "VOLUMES")]
    for name, kept in sorted(ctx.session.snapshots.items()):
        taken = f"{human_duration(now - kept.world.now)} ago" if now >= kept.world.now \
            else "Later"  # a restore took the clock back before it
        rows.append((name, taken, *(str(count) for count in kept.world.summary)))
    ctx.out.write(align(rows))
    return 0


@command("snapshot rm", "Forget one or more snapshots", "NAME [NAME...]",
         args=(Arg("NAME", COMPLETE_SNAPSHOT, many=True),), aliases=("snapshot remove",), min_args=1, group=GROUP)
def snapshot_rm(ctx, opts, args):
    status = 0
    for name in args:
        if ctx.session.snapshots.pop(name, None) is None:
            ctx.out.error(f"Error: No such snapshot: {name}")
            status = 1
        else:
            ctx.out.line(name)
    return status


@command("restore", "Bring back the world of a snapshot", "NAME",
         args=(KEPT_ARG,), min_args=1, max_args=1, exact_args=True, group=GROUP,
         description=_paragraphs("Bring back the world of a snapshot: what exists now is replaced by "
                     "what existed then, and in scripts the clock goes back to that moment "
                     "(so what follows prints the same again); the snapshot stays, to be "
                     "restored again.", RUNNING_NOTE))
def restore(ctx, opts, args):
    kept = ctx.session.snapshots.get(args[0])
    if kept is None:
        ctx.out.error(f"Error: No such snapshot: {args[0]}")
        return 1
    ctx.session.return_to(kept.world)
    running = sum(1 for c in ctx.engine.containers if c.state.running and not c.state.restarting)
    if running:  # the one thing a snapshot cannot give back: say so at the terminal
        ctx.notice(f"{running} container{'s' if running > 1 else ''} running at the snapshot: "
                   f"{'their commands' if running > 1 else 'its command'} started again as PID 1")
    return 0


@command("reset", "Start again with a fresh, empty engine", "[OPTIONS]",
         flags=(FORCE_FLAG,), max_args=0, group=GROUP,
         description=_paragraphs("Start again with a fresh, empty engine: every container (running "
                     "ones too), image, volume, network and the build cache go, as after "
                     "reinstalling Docker. The clock goes on; snapshots are kept."))
def reset(ctx, opts, args):
    if not confirmed(ctx, opts, "WARNING! This will remove all containers, images, volumes, "
                                "networks and the build cache, and start a fresh engine."):
        return 0
    ctx.session.start_afresh()
    return 0

