"""Which simple command of a `sh -c` string the shell runs by exec, without a fork.

A shell reaching the last command of its -c string has nothing left to do after it, so
BusyBox ash and bash exec the program in place of themselves: it keeps the shell's PID.
That is what `docker run alpine sh -c "sleep 100"` shows in `docker top` (only `sleep
100`, as PID 1), and why Ctrl-C reaches `ping` in `sh -c "ping host"`. Checked against
the real shells (a program's own /proc/self/stat against the shell's PID):

- ash passes "this is the end" (EV_EXIT) down into the last command: through `;` lists,
  the last command of `&&`/`||`, the branches of `if` and `case`, and `{ }` groups,
  redirections allowed; not into loops, functions, `!`, `eval` or pipelines of several.
  It forks instead once any trap with a command has been set, even if reset since.
- bash execs only a last simple command (of a `;` list or a `&&`/`||` chain) that has no
  redirections, and only while no trap with a command is set.
- dash always forks (only `exec` replaces it).

Not modelled: ash's `(cmd)` at the end (no fork at all there; here the subshell's
program is a child, as in bash) and `command cmd` at the end (both shells exec it).
"""

from __future__ import annotations

from .ast import AndOr, Case, CommandList, Group, If, Pipeline, Simple


def exec_tails(node, dialect: str) -> tuple:
    """The simple commands of ``node``, the last command of a -c string, that the shell
    execs in place of itself should it reach them and find them to be programs."""
    if dialect == "ash":
        return _ash(node)
    if dialect == "bash":
        return _bash(node)
    return ()


def may_exec(sh) -> bool:
    """The trap condition, checked when the command is reached."""
    if sh.dialect.name == "ash":
        return not sh.traps_were_set
    return not any(sh.traps.values())  # (an ignored signal's "" does not count)


def _last(node):
    """The part of a list or a chain that runs last, or None (a background job)."""
    kind = type(node)
    if kind is CommandList:
        last, background = node.items[-1]
        return None if background else _last(last)
    if kind is AndOr:
        return _last(node.rest[-1][1] if node.rest else node.first)
    if kind is Pipeline:
        alone = len(node.commands) == 1 and not node.negate and not node.timed
        return _last(node.commands[0]) if alone else None
    return node


def _ash(node) -> tuple:
    node = _last(node)
    kind = type(node)
    if kind is Simple:
        return (node,)
    if kind is Group:
        return _ash(node.body)
    if kind is If:
        bodies = [body for _, body in node.clauses] + [node.else_body]
        return tuple(tail for body in bodies if body is not None for tail in _ash(body))
    if kind is Case:
        return tuple(tail for _, body, ending in node.items
                     if body is not None and ending == ";;" for tail in _ash(body))
    return ()


def _bash(node) -> tuple:
    node = _last(node)
    return (node,) if type(node) is Simple and not node.redirects else ()
