"""What `pull` prints, shared by `pull` and by `run`/`create` pulling a missing image.

Its own module so that `run` loads only this, not the `images` command and the table
renderers images.py imports (issue 18)."""

from __future__ import annotations


def pull_image(ctx, name: str, quiet: bool = False, for_run: bool = False) -> None:
    """`docker pull`'s output; for `run`/`create` the CLI writes the progress to
    stderr and leaves out the closing reference line."""
    result = ctx.engine.pull(name)
    if quiet:
        ctx.out.line(str(result.reference))
        return
    lines = result.output_lines()
    for line in lines[:-1] if for_run else lines:
        (ctx.out.error if for_run else ctx.out.line)(line)
