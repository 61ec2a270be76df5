"""The shell: busybox ash (alpine, busybox), bash, and dash (debian's /bin/sh).

Modules: ``parser`` (lexer and parser to ``ast``), ``expand`` (word
expansion, with ``arith`` and ``pattern``), ``shell`` (the executor),
``builtins`` (cd, echo, read, trap ...), ``messages`` (each shell's wording),
``io`` (redirections), ``jobs`` (background processes), ``main`` (the
program), ``interactive`` (``InteractiveShell`` for a terminal front end).
"""

from ...proc.api import program
from . import builtins  # noqa: F401  (registers the builtins)
from .interactive import InteractiveShell, render_prompt
from .main import make_main
from .shell import Shell

ash_main = program("sh", "ash")(make_main("ash"))
bash_main = program("bash")(make_main("bash"))
dash_main = program("dash")(make_main("dash"))

__all__ = ["InteractiveShell", "Shell", "render_prompt", "ash_main", "bash_main", "dash_main"]
