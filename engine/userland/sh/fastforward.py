"""Busy loops that need not be interpreted step by step.

`while :; do :; done` keeps a CPU busy for ever and does nothing anybody can
see. Interpreting it would cost the host as much as it costs the simulated
CPU, so a loop is fast-forwarded (handed to the scheduler as Compute(inf):
busy until a signal ends it) when it provably runs for ever without any
visible effect:

- its condition and body use only *pure* commands: `:`, `true`, `false`,
  `test`/`[` without file tests, assignments, arithmetic, if/case/&&/|| and
  nested loops of the same, with no redirection, command substitution,
  pipeline, background job, glob or $RANDOM/$SECONDS: what one pass does is a
  function of the shell's variables and $? alone, and touches nothing else;
- and either one pass left the variables and $? exactly as they were (the
  next pass is then the same pass again, for ever: the *fixed point* rule),
  or the condition is `:`/`true` (`false` for until), nothing in the body can
  fail (no division, no ${x?}, no set -e/-u) and it ended normally once: the
  loop can never be left (the *endless* rule; what it changes in its
  variables is seen by nobody, since no trap can run).

A loop whose body also writes with echo/printf (`while :; do echo x; done`)
is probed one pass at a time, its output captured; once a pass leaves the state
as it was, every later pass writes the same and costs the same, so the passes
of a whole quantum are written at once (Shell._repeat_forever): the output is
what interpreting would give, at the pipe's pace, for a fraction of the work.

A shell with traps set is never fast-forwarded: a trap could show the state.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import Optional

from .ast import (DQ, AndOr, Arith, ArithCmd, Case, CommandList, CondCmd, Group, If, Lit, Loop,
                  Param, Pipeline, Quoted, Simple, Word)

PURE_COMMANDS = frozenset({":", "true", "false", "[", "test"})
OUTPUT_COMMANDS = frozenset({"echo", "printf"})  # write to standard output, nothing else
# test's operators that look at the file system
FILE_TESTS = frozenset("-a -b -c -d -e -f -g -G -h -k -L -N -O -p -r -s -S -t -u -w -x "
                       "-nt -ot -ef".split())
# a new value at every read (bash's too)
CHANGING = frozenset({"RANDOM", "SECONDS", "SRANDOM", "EPOCHSECONDS", "EPOCHREALTIME"})
GLOB = frozenset("*?[")


class _Impure(Exception):
    pass


def kind(shell, loop: Loop) -> Optional[str]:
    """"fixed", "endless" (see above) or "output" for a loop this shell may
    fast-forward, or None. An "output" loop also writes with echo/printf: it is
    fast-forwarded only at a fixed point, and then writes, pass after pass, what
    its one pass wrote (see Shell.run_loop)."""
    if shell.traps and any(action for action in shell.traps.values()):
        return None
    if "x" in shell.opts or any(name in shell.functions
                                for name in PURE_COMMANDS | OUTPUT_COMMANDS):
        return None
    checker = _Checker()
    try:
        checker.node(loop.cond)
        checker.node(loop.body)
    except _Impure:
        return None
    if checker.writes:
        return "output"
    if (_constant(loop.cond, "false" if loop.until else None) and not checker.may_fail
            and not {"e", "u"} & shell.opts):
        return "endless"
    return "fixed"


def _constant(cond, word: Optional[str]) -> bool:
    """The condition is `:` or `true` (``word`` "false": `false`, for until)."""
    node = cond
    while isinstance(node, CommandList) and len(node.items) == 1 and not node.items[0][1]:
        node = node.items[0][0]
    while isinstance(node, Pipeline) and len(node.commands) == 1 and not node.negate:
        node = node.commands[0]
    if not isinstance(node, Simple) or node.assigns or node.redirects or len(node.words) != 1:
        return False
    text = node.words[0].plain
    return text == word if word else text in (":", "true")


class _Checker:
    def __init__(self):
        self.may_fail = False  # arithmetic that can divide, ${x?}: the loop might end
        self.writes = False  # echo or printf: output at every pass

    def node(self, node) -> None:
        if node is None:
            return
        if isinstance(node, CommandList):
            for item, background in node.items:
                if background:
                    raise _Impure()
                self.node(item)
        elif isinstance(node, Pipeline):
            if len(node.commands) != 1:
                raise _Impure()
            self.node(node.commands[0])
        elif isinstance(node, AndOr):
            self.node(node.first)
            for _, item in node.rest:
                self.node(item)
        elif isinstance(node, Simple):
            self.simple(node)
        elif isinstance(node, (Group, If, Loop, Case, ArithCmd, CondCmd)):
            if node.redirects:
                raise _Impure()
            self.compound(node)
        else:  # subshells, for loops over globs, function definitions ...
            raise _Impure()

    def compound(self, node) -> None:
        if isinstance(node, Group):
            self.node(node.body)
        elif isinstance(node, If):
            for cond, body in node.clauses:
                self.node(cond)
                self.node(body)
            self.node(node.else_body)
        elif isinstance(node, Loop):
            self.node(node.cond)
            self.node(node.body)
        elif isinstance(node, Case):
            self.word(node.word)
            for patterns, body, _ in node.items:
                for pattern in patterns:
                    self.word(pattern, glob_ok=True)
                self.node(body)
        elif isinstance(node, ArithCmd):
            self.word(node.word, arithmetic=True)
        elif isinstance(node, CondCmd):
            for token in node.tokens:
                if isinstance(token, str) and token in FILE_TESTS:
                    raise _Impure()
                if isinstance(token, Word):
                    if token.plain in FILE_TESTS:
                        raise _Impure()
                    self.word(token, glob_ok=True)

    def simple(self, node: Simple) -> None:
        if node.redirects:
            raise _Impure()
        for assign in node.assigns:
            self.word(assign.value, glob_ok=True)
        if not node.words:
            return
        name = node.words[0].plain
        if name in OUTPUT_COMMANDS:
            self.writes = True
        elif name not in PURE_COMMANDS:
            raise _Impure()
        for word in node.words[1:]:
            if word.plain in FILE_TESTS:
                raise _Impure()
            self.word(word)

    def word(self, word: Optional[Word], glob_ok: bool = False, arithmetic: bool = False) -> None:
        if word is None:
            return
        for part in word.parts:
            self.part(part, glob_ok, arithmetic)

    def part(self, part, glob_ok: bool, arithmetic: bool) -> None:
        if isinstance(part, (Lit, Quoted)) and "%(" in part.text:
            raise _Impure()  # printf's %(...)T: the time now
        if isinstance(part, Lit):
            if arithmetic and ("/" in part.text or "%" in part.text):
                self.may_fail = True
            if not glob_ok and not arithmetic and GLOB & set(part.text):
                raise _Impure()
        elif isinstance(part, Quoted):
            if arithmetic and ("/" in part.text or "%" in part.text):
                self.may_fail = True
        elif isinstance(part, DQ):
            for inner in part.parts:
                self.part(inner, True, arithmetic)
        elif isinstance(part, Param):
            if part.name in CHANGING:
                raise _Impure()
            if part.op == "?":
                self.may_fail = True
            self.word(part.arg, True, arithmetic)
            self.word(part.arg2, True, arithmetic)
        elif isinstance(part, Arith):
            self.word(part.word, True, True)
        else:  # command substitution, a bad substitution
            raise _Impure()
