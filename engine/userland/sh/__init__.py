"""The shell: busybox ash (alpine, busybox), bash, and dash (debian's /bin/sh).

Modules: ``parser`` (lexer and parser to ``ast``), ``expand`` (word
expansion, with ``arith`` and ``pattern``), ``shell`` (the executor),
``builtins`` (cd, echo, read, trap ...), ``messages`` (each shell's wording),
``io`` (redirections), ``jobs`` (background processes), ``main`` (the
program), ``programs`` (sh, ash, bash, dash registered), ``interactive``
(``InteractiveShell`` for a terminal front end).

Nothing is imported here: the crsim> prompt reads its lines with ``parser`` alone,
without the executor and every program it would bring.
"""

from ...lazy import names_from

# name -> the module that defines it, loaded on first use
_HOME = {"InteractiveShell": "interactive", "render_prompt": "interactive", "Shell": "shell",
         "ash_main": "programs", "bash_main": "programs", "dash_main": "programs"}

__all__ = sorted(_HOME)
__getattr__ = names_from(globals(), _HOME)
