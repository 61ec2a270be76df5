"""/hello of the hello-world image: one write of its message (hello_message.txt, extracted
from the real binary by scripts/extract_hello_message.py), then exit 0."""

from __future__ import annotations

import os

from ...proc.api import Context, program

MESSAGE = os.path.join(os.path.dirname(__file__), "hello_message.txt")


@program("hello")
def hello(ctx: Context) -> int:
    with open(MESSAGE, encoding="utf-8") as f:
        ctx.out(f.read())
    return 0
