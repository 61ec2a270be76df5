"""The parse tree of a Dockerfile, shaped like BuildKit's ``parser.Node``.

The root node has one child per instruction. An instruction node holds its
keyword as written (``value``), its leading ``--flags``, and its arguments as a
chain of nodes through ``next``; ONBUILD's argument is a node whose only child
is the wrapped instruction. ``dump()`` prints the tree in BuildKit's notation,
one S-expression per instruction:

    (from "alpine")
    (copy ["--chown=me"] "a" "/b")
    (onbuild (run "echo hi"))
"""

from __future__ import annotations

from typing import Dict, Iterator, List, Optional

from ..record import field, record
from . import heredoc as heredocs
from ..gostrings import lower, quote, quote_slice, trim_space, upper
from .heredoc import Heredoc


@record(eq=False)
class Node:
    value: str = ""
    next: Optional["Node"] = None
    children: List["Node"] = field(default_factory=list)
    heredocs: List[Heredoc] = field(default_factory=list)
    attributes: Dict[str, bool] = field(default_factory=dict)  # {"json": True} for exec form
    original: str = ""  # the logical line the instruction came from
    flags: List[str] = field(default_factory=list)
    start_line: int = 0  # 1-based, inclusive; heredoc bodies count
    end_line: int = 0
    prev_comment: List[str] = field(default_factory=list)  # comments just above

    # ------------------------------------------------------------ reading

    @property
    def keyword(self) -> str:
        """The instruction in lower case ("from", "run"...), as BuildKit dispatches it."""
        return lower(self.value)

    @property
    def is_json(self) -> bool:
        """True for the exec (JSON array) form."""
        return bool(self.attributes.get("json"))

    def chain(self) -> Iterator["Node"]:
        """The argument nodes, in order."""
        node = self.next
        while node is not None:
            yield node
            node = node.next

    def flag(self, name: str) -> Optional[str]:
        """The value of flag --NAME (--NAME alone: ""), or None when not given."""
        for flag in self.flags:
            key, eq, value = flag[2:].partition("=")
            if key == name:
                return value if eq else ""
        return None

    def values(self) -> List[str]:
        """The arguments as the parser left them (for ENV/LABEL: key, value, separator...)."""
        return [node.value for node in self.chain()]

    def args(self) -> List[str]:
        """BuildKit's nodeArgs: the arguments, an ONBUILD trigger flattened into keyword + args."""
        result: List[str] = []
        for node in self.chain():
            if not node.children:
                result.append(node.value)
            elif len(node.children) == 1:
                result.append(node.children[0].value)
                result.extend(node.children[0].args())
        return result

    @property
    def trigger(self) -> Optional["Node"]:
        """For ONBUILD, the instruction it wraps."""
        if self.next is not None and self.next.children:
            return self.next.children[0]
        return None

    def can_contain_heredoc(self) -> bool:
        node = self
        if node.keyword in heredocs.COMPOUND_INSTRUCTIONS and node.trigger is not None:
            node = node.trigger
        return node.keyword in heredocs.INSTRUCTIONS and not node.is_json

    # ------------------------------------------------------------ building

    def add_child(self, child: "Node", start_line: int, end_line: int) -> None:
        child.start_line, child.end_line = start_line, end_line
        if self.start_line < 0:
            self.start_line = start_line
        self.end_line = end_line
        self.children.append(child)

    # ------------------------------------------------------------ output

    def dump(self) -> str:
        """BuildKit's Node.Dump(): S-expressions, Go-quoted strings, flags as a %q slice."""
        text = lower(self.value)
        if self.flags:
            text += " " + quote_slice(self.flags)
        for child in self.children:
            text += "(" + child.dump() + ")\n"
        for node in self.chain():
            text += " " + (node.dump() if node.children else quote(node.value))
        return trim_space(text)

    def to_dict(self) -> dict:
        """A plain-data view of one instruction (for JSON output)."""
        data: dict = {"keyword": upper(self.value), "flags": list(self.flags)}
        trigger = self.trigger
        if trigger is not None:
            data["trigger"] = trigger.to_dict()
        else:
            data["json"] = self.is_json
            data["args"] = self.values()
        if self.heredocs:
            data["heredocs"] = [doc.to_dict() for doc in self.heredocs]
        if self.start_line:
            data["startLine"], data["endLine"] = self.start_line, self.end_line
        data["original"] = self.original
        return data


def chain(values: List[str]) -> Optional[Node]:
    """Argument nodes linked through ``next`` (None for no arguments)."""
    head: Optional[Node] = None
    for value in reversed(values):
        head = Node(value, next=head)
    return head
