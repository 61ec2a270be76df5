"""The shell's syntax tree: words made of parts, and the commands built from them.

A word keeps its parts apart (literal text, quoted text, expansions) because
what happens to it later depends on them: only unquoted text is subject to
field splitting and pathname expansion, and only an unquoted, literal word
can be a reserved word such as ``if`` or ``done``.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List, Optional, Tuple


# -- parts of a word -----------------------------------------------------------
class Lit:
    """Unquoted literal text: globbing applies to it."""
    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __repr__(self):
        return f"Lit({self.text!r})"


class Quoted:
    """Quoted literal text ('...', a backslash escape, or text inside "...")."""
    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __repr__(self):
        return f"Quoted({self.text!r})"


class DQ:
    """A double-quoted group; its parts are Quoted text and expansions."""
    __slots__ = ("parts",)

    def __init__(self, parts: list):
        self.parts = parts

    def __repr__(self):
        return f"DQ({self.parts!r})"


class Param:
    """$name, ${name}, ${name<op>arg}, ${#name}.

    ``op`` is None, one of - = + ? (``colon`` when written with ":"),
    # ## % %% (patterns), "len", "sub" (${x:off:len}), / // /# /% (replace).
    """
    __slots__ = ("name", "op", "arg", "colon", "arg2", "raw", "index")

    def __init__(self, name: str, op: Optional[str] = None, arg: Optional["Word"] = None,
                 colon: bool = False, arg2: Optional["Word"] = None, raw: str = "",
                 index: Optional["Word"] = None):
        self.index = index  # bash: ${name[index]} (a Word; "@" or "*" for all the elements)
        self.name = name
        self.op = op
        self.arg = arg
        self.colon = colon
        self.arg2 = arg2
        self.raw = raw

    def __repr__(self):
        return f"Param({self.name!r}, {self.op!r}, {self.arg!r})"


class BadSubst:
    """A ${...} that cannot be expanded (the shells report it when it is reached)."""
    __slots__ = ("raw",)

    def __init__(self, raw: str):
        self.raw = raw


class CmdSub:
    """$(...) or `...`: the commands, parsed."""
    __slots__ = ("body", "text")

    def __init__(self, body, text: str):
        self.body = body
        self.text = text

    def __repr__(self):
        return f"CmdSub({self.text!r})"


class Arith:
    """$((...)): the expression as a word (it is expanded before evaluating)."""
    __slots__ = ("word",)

    def __init__(self, word: "Word"):
        self.word = word


class Word:
    __slots__ = ("parts", "raw")

    def __init__(self, parts: list, raw: str = ""):
        self.parts = parts
        self.raw = raw

    @property
    def plain(self) -> Optional[str]:
        """The text if the word is one unquoted literal (a reserved word candidate)."""
        if len(self.parts) == 1 and isinstance(self.parts[0], Lit):
            return self.parts[0].text
        return None

    def __repr__(self):
        return f"Word({self.raw!r})"


# -- commands ------------------------------------------------------------------
class Node:
    __slots__ = ()


class Redirect:
    """[fd]op target. ``op`` is one of < > >> >| <> <& >& << <<- <<< &> &>>."""
    __slots__ = ("fd", "op", "target", "heredoc", "quoted_heredoc", "line")

    def __init__(self, fd: Optional[int], op: str, target: Optional[Word], line: int = 0):
        self.fd = fd
        self.op = op
        self.target = target
        self.heredoc: Optional[Word] = None  # the body, once read
        self.quoted_heredoc = False
        self.line = line


class Assign:
    __slots__ = ("name", "value", "append", "index", "array")

    def __init__(self, name: str, value: Word, append: bool = False, index: Optional[Word] = None,
                 array: Optional[List[Word]] = None):
        self.name = name
        self.value = value
        self.append = append
        self.index = index  # bash: name[index]=value
        self.array = array  # bash: name=(word ...)


class Simple(Node):
    __slots__ = ("assigns", "words", "redirects", "line", "array_args")

    def __init__(self, assigns: List[Assign], words: List[Word], redirects: List[Redirect],
                 line: int, array_args: Optional[List[Assign]] = None):
        self.assigns = assigns
        self.words = words
        self.redirects = redirects
        self.line = line
        self.array_args = array_args or []  # bash: `local -a a=(...)`: set after the builtin ran


class Pipeline(Node):
    __slots__ = ("commands", "negate", "stderr_too", "line", "timed")

    def __init__(self, commands: list, negate: bool, stderr_too: List[bool], line: int,
                 timed: str = ""):
        self.commands = commands
        self.negate = negate
        self.stderr_too = stderr_too  # bash's |&, per stage
        self.line = line
        self.timed = timed  # bash's `time` keyword: "time" or "posix" (time -p)


class AndOr(Node):
    __slots__ = ("first", "rest")

    def __init__(self, first: Node, rest: List[Tuple[str, Node]]):
        self.first = first
        self.rest = rest


class CommandList(Node):
    """Items run in order; an item marked async runs in the background (&)."""
    __slots__ = ("items",)

    def __init__(self, items: List[Tuple[Node, bool]]):
        self.items = items


class Compound(Node):
    """Base of commands that can carry redirections of their own."""
    __slots__ = ("redirects", "line")


class Group(Compound):
    __slots__ = ("body",)

    def __init__(self, body: CommandList, line: int):
        self.body = body
        self.redirects: List[Redirect] = []
        self.line = line


class Subshell(Compound):
    __slots__ = ("body",)

    def __init__(self, body: CommandList, line: int):
        self.body = body
        self.redirects = []
        self.line = line


class If(Compound):
    __slots__ = ("clauses", "else_body")

    def __init__(self, clauses, else_body, line: int):
        self.clauses = clauses  # [(condition, body)]
        self.else_body = else_body
        self.redirects = []
        self.line = line


class Loop(Compound):
    """while/until."""
    __slots__ = ("cond", "body", "until")

    def __init__(self, cond, body, until: bool, line: int):
        self.cond = cond
        self.body = body
        self.until = until
        self.redirects = []
        self.line = line


class For(Compound):
    __slots__ = ("var", "words", "body")

    def __init__(self, var: str, words: Optional[List[Word]], body, line: int):
        self.var = var
        self.words = words  # None: "$@"
        self.body = body
        self.redirects = []
        self.line = line


class ArithFor(Compound):
    """bash's for (( init; condition; step )) loop."""
    __slots__ = ("init", "cond", "step", "body")

    def __init__(self, init: Word, cond: Word, step: Word, body, line: int):
        self.init, self.cond, self.step = init, cond, step
        self.body = body
        self.redirects = []
        self.line = line


class Case(Compound):
    __slots__ = ("word", "items")

    def __init__(self, word: Word, items, line: int):
        self.word = word
        self.items = items  # [(patterns, body or None, terminator)]
        self.redirects = []
        self.line = line


class ArithCmd(Compound):
    """bash's (( expression ))."""
    __slots__ = ("word",)

    def __init__(self, word: Word, line: int):
        self.word = word
        self.redirects = []
        self.line = line


class CondCmd(Compound):
    """[[ ... ]]: the tokens, evaluated when run."""
    __slots__ = ("tokens",)

    def __init__(self, tokens: list, line: int):
        self.tokens = tokens  # Word or operator strings
        self.redirects = []
        self.line = line


class FuncDef(Node):
    __slots__ = ("name", "body", "line", "source")

    def __init__(self, name: str, body: Node, line: int, source: str = ""):
        self.name = name
        self.body = body
        self.line = line
        self.source = source
