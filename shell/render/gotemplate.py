"""Go's text/template, as far as the Docker CLI's ``--format`` flag needs it.

Three stages: ``_lex`` cuts the text into tokens, ``_Parser`` builds a node
tree, ``_Exec`` walks the tree against Python data.  Behaviour and error texts
follow Go 1.23's text/template and fmt packages, plus the functions the Docker
CLI registers (cli/templates/templates.go: json, split, join, title, lower,
upper, pad, truncate).

How Python data stands for Go values:

* ``dict``: a map.  ``.Key`` of a missing key is ``<no value>``; printing gives
  ``map[k:v ...]`` sorted by key; ``json`` keeps the dict's own key order, so a
  dict may also stand for a struct (as Docker's inspect documents do).
* ``GoStruct`` (and record instances, engine/record.py): a struct.  An unknown field is an
  error; printing gives ``{v1 v2 ...}``.
* ``list``/``tuple``: a slice.  ``str``, ``int``, ``float``, ``bool``: string,
  int, float64, bool.
* ``None``: a nil pointer or slice; it prints as ``<nil>``, ranges as empty,
  has length 0, and ``.X`` on it is a "nil pointer evaluating" error.
* Any other object: attributes are fields, callables are methods (called with
  the template's arguments), ``str()`` is its printed form.
"""

from __future__ import annotations

import inspect
import math
import re
from decimal import Decimal
from typing import Any, Callable, NamedTuple
from urllib.parse import quote_plus

from engine.record import fields, is_record

__all__ = ["GoStruct", "NO_VALUE", "Template", "TemplateError", "compile", "docker_format"]

PARSE_PREFIX = "template parsing error: "


class TemplateError(Exception):
    """A template failed to parse (``phase == "parse"``) or to execute.

    ``raw`` is Go's error text ("template: :1: ...").  ``str(err)`` is what the
    Docker CLI shows: parse errors always carry "template parsing error: ".
    Execution errors are left bare because commands differ: ps, images and
    inspect wrap them with the same prefix (``err.prefixed``), version and
    info print them bare.
    """

    def __init__(self, raw: str, phase: str):
        self.raw, self.phase = raw, phase
        self.prefixed = PARSE_PREFIX + raw
        super().__init__(self.prefixed if phase == "parse" else raw)


class _Invalid:
    """Go's invalid reflect.Value: what a missing map key evaluates to."""

    def __repr__(self) -> str:
        return "<no value>"

    def __bool__(self) -> bool:
        return False


NO_VALUE = _Invalid()
_MISSING = object()  # no value piped in from an earlier command


class GoStruct:
    """A Go struct: a type name (for error texts) and fields in declaration order."""

    def __init__(self, type_name: str, fields: dict | None = None, **more: Any):
        self.type_name = type_name
        self.fields = {**(fields or {}), **more}

    def __repr__(self) -> str:
        return f"GoStruct({self.type_name!r}, {self.fields!r})"


def docker_format(fmt: str) -> tuple[bool, str]:
    """The Docker CLI's preprocessing of a ``--format`` value.

    Mirrors Context.preFormat in cli/command/formatter/formatter.go, which
    every list-style command (ps, images, network ls, volume ls, ...) uses:
    a value starting with "table" is a table and loses those five letters;
    exactly "json" becomes ``{{json .}}``; then spaces (only spaces) are
    trimmed from both ends, and the two-character sequences ``\\t`` and
    ``\\n`` become a tab and a newline.  That replacement applies to every
    format, not only tables.  ``docker inspect`` does none of this: it parses
    its --format text as given.
    """
    is_table = fmt.startswith("table")
    text = fmt[len("table"):] if is_table else ("{{json .}}" if fmt == "json" else fmt)
    text = text.strip(" ").replace("\\t", "\t").replace("\\n", "\n")
    return is_table, text


# ----------------------------------------------------------------- lexer ----

class _Tok(NamedTuple):
    kind: str  # "text", "ldelim", "field", ..., a keyword, "eof" or "error"
    val: str
    pos: int


_SPACE = " \t\r\n"
_KEYWORDS = {"block", "break", "continue", "define", "else", "end", "if", "nil",
             "range", "template", "with"}
_OPERAND_START = {"bool", "char_constant", "dot", "field", "identifier", "number", "nil",
                  "raw_string", "string", "variable", "lparen"}


def _alnum(ch: str) -> bool:
    return ch == "_" or ch.isalpha() or ch.isdigit()


def _rune(ch: str) -> str:  # Go's %#U
    return f"U+{ord(ch):04X}" + (f" '{ch}'" if ch.isprintable() else "")


def _lex(text: str) -> list[_Tok]:
    """All tokens of ``text``; the list ends with an "eof" or an "error" token."""
    toks: list[_Tok] = []
    n, pos = len(text), 0

    def at_right_delim(p: int) -> tuple[bool, bool]:  # (delimiter here, with " -" trim)
        if text[p:p + 1] and text[p] in _SPACE and text[p + 1:p + 2] == "-" \
                and text.startswith("}}", p + 2):
            return True, True
        return text.startswith("}}", p), False

    def at_terminator(p: int) -> bool:
        return p >= n or text[p] in _SPACE or text[p] in ".,|:)(" or text.startswith("}}", p)

    def fail(msg: str, at: int) -> list[_Tok]:
        toks.append(_Tok("error", msg, at))
        return toks

    def scan_number(p: int) -> tuple[int, bool]:
        if text[p:p + 1] in ("+", "-"):
            p += 1
        digits, exp = "0123456789_", "eE"
        if text[p:p + 1] == "0" and text[p + 1:p + 2] and text[p + 1] in "xXoObB":
            digits, exp = {"x": ("0123456789abcdefABCDEF_", "pP"), "o": ("01234567_", ""),
                           "b": ("01_", "")}[text[p + 1].lower()]
            p += 2
        while p < n and text[p] in digits:
            p += 1
        if text[p:p + 1] == ".":
            p += 1
            while p < n and text[p] in digits:
                p += 1
        if exp and text[p:p + 1] and text[p] in exp:
            p += 1
            p += text[p:p + 1] in ("+", "-")
            while p < n and text[p] in "0123456789_":
                p += 1
        p += text[p:p + 1] == "i"
        if p < n and _alnum(text[p]):
            return p + 1, False
        return p, True

    while True:
        x = text.find("{{", pos)
        if x < 0:
            if pos < n:
                toks.append(_Tok("text", text[pos:], pos))
            toks.append(_Tok("eof", "", n))
            return toks
        trim = text[x + 2:x + 3] == "-" and text[x + 3:x + 4] != "" and text[x + 3] in _SPACE
        end = pos + len(text[pos:x].rstrip(_SPACE)) if trim else x
        if end > pos:
            toks.append(_Tok("text", text[pos:end], pos))
        pos = x + (4 if trim else 2)
        if text.startswith("/*", pos):  # a comment: {{/* ... */}}
            close = text.find("*/", pos + 2)
            if close < 0:
                return fail("unclosed comment", pos)
            is_delim, rtrim = at_right_delim(close + 2)
            if not is_delim:
                return fail("comment ends before closing delimiter", pos)
            pos = close + 2 + (2 if rtrim else 0) + 2
            if rtrim:
                pos = n - len(text[pos:].lstrip(_SPACE))
            continue
        toks.append(_Tok("ldelim", "{{", x))
        depth = 0
        while True:  # inside the action
            is_delim, rtrim = at_right_delim(pos)
            if is_delim:
                if depth:
                    return fail("unclosed left paren", pos)
                pos += 2 if rtrim else 0
                toks.append(_Tok("rdelim", "}}", pos))
                pos += 2
                if rtrim:
                    pos = n - len(text[pos:].lstrip(_SPACE))
                break
            if pos >= n:
                return fail("unclosed action", pos)
            start, c = pos, text[pos]
            kind = None
            if c in _SPACE:
                while pos < n and text[pos] in _SPACE:
                    pos += 1
                if at_right_delim(pos - 1) == (True, True):
                    pos -= 1  # that last space belongs to the " -}}" marker
                    if pos == start:
                        continue
                kind = "space"
            elif c == "=":
                kind, pos = "assign", pos + 1
            elif c == ":":
                if text[pos + 1:pos + 2] != "=":
                    return fail("expected :=", start)
                kind, pos = "declare", pos + 2
            elif c == "|":
                kind, pos = "pipe", pos + 1
            elif c in "\"'":
                pos += 1
                while True:
                    ch = text[pos:pos + 1]
                    if ch == "\\" and text[pos + 1:pos + 2] not in ("", "\n"):
                        pos += 2
                        continue
                    if ch in ("", "\n", "\\"):
                        what = "quoted string" if c == '"' else "character constant"
                        return fail(f"unterminated {what}", start)
                    pos += 1
                    if ch == c:
                        break
                kind = "string" if c == '"' else "char_constant"
            elif c == "`":
                close = text.find("`", pos + 1)
                if close < 0:
                    return fail("unterminated raw quoted string", start)
                kind, pos = "raw_string", close + 1
            elif c in "$." and not (c == "." and text[pos + 1:pos + 2].isdigit()
                                    and text[pos + 1].isascii()):
                pos += 1
                if at_terminator(pos):
                    kind = "variable" if c == "$" else "dot"
                else:
                    while pos < n and _alnum(text[pos]):
                        pos += 1
                    if not at_terminator(pos):
                        return fail(f"bad character {_rune(text[pos])}", start)
                    kind = "variable" if c == "$" else "field"
            elif c in "+-." or (c.isdigit() and c.isascii()):
                pos, ok = scan_number(pos)
                if ok and text[pos:pos + 1] in ("+", "-"):  # a complex constant such as 1+2i
                    pos, ok = scan_number(pos)
                    ok = ok and text[pos - 1] == "i"
                if not ok:
                    return fail(f"bad number syntax: {_quote(text[start:pos])}", start)
                kind = "number"
            elif _alnum(c):
                while pos < n and _alnum(text[pos]):
                    pos += 1
                if not at_terminator(pos):
                    return fail(f"bad character {_rune(text[pos])}", start)
                word = text[start:pos]
                kind = word if word in _KEYWORDS else "bool" if word in ("true", "false") \
                    else "identifier"
            elif c == "(":
                kind, pos, depth = "lparen", pos + 1, depth + 1
            elif c == ")":
                depth -= 1
                if depth < 0:
                    return fail("unexpected right paren", start)
                kind, pos = "rparen", pos + 1
            elif c.isascii() and c.isprintable():
                kind, pos = "char", pos + 1
            else:
                return fail(f"unrecognized character in action: {_rune(c)}", start)
            toks.append(_Tok(kind, text[start:pos], start))


def _tok_str(tok: _Tok) -> str:  # how Go's parser names a token in "unexpected ..."
    if tok.kind == "eof":
        return "EOF"
    if tok.kind == "error":
        return tok.val
    if tok.kind in _KEYWORDS or tok.kind == "dot":
        return f"<{tok.val}>"
    return _quote(tok.val[:10]) + "..." if len(tok.val) > 10 else _quote(tok.val)


# ----------------------------------------------------------------- nodes ----

class _Node:
    pos = 0


class _Text(_Node):
    def __init__(self, pos, text): self.pos, self.text = pos, text
    def __str__(self): return self.text


class _List(_Node):
    def __init__(self, pos): self.pos, self.nodes = pos, []
    def __str__(self): return "".join(map(str, self.nodes))


class _Pipe(_Node):
    def __init__(self, pos): self.pos, self.decl, self.is_assign, self.cmds = pos, [], False, []

    def __str__(self):
        decl = ", ".join(map(str, self.decl))
        decl = decl + (" = " if self.is_assign else " := ") if decl else ""
        return decl + " | ".join(map(str, self.cmds))


class _Command(_Node):
    def __init__(self, pos): self.pos, self.args = pos, []
    def __str__(self): return " ".join(f"({a})" if isinstance(a, _Pipe) else str(a) for a in self.args)


class _Field(_Node):
    def __init__(self, pos, idents): self.pos, self.idents = pos, idents
    def __str__(self): return "".join("." + i for i in self.idents)


class _Variable(_Node):
    def __init__(self, pos, idents): self.pos, self.idents = pos, idents
    def __str__(self): return ".".join(self.idents)


class _Chain(_Node):  # (pipeline).Field.Field
    def __init__(self, pos, node, fields): self.pos, self.node, self.fields = pos, node, fields

    def __str__(self):
        head = f"({self.node})" if isinstance(self.node, _Pipe) else str(self.node)
        return head + "".join("." + f for f in self.fields)


class _Ident(_Node):
    def __init__(self, pos, name): self.pos, self.name = pos, name
    def __str__(self): return self.name


class _Literal(_Node):  # dot, nil, true/false, strings and numbers
    def __init__(self, pos, kind, text, value=None, is_int=False, is_float=False):
        self.pos, self.kind, self.text, self.value = pos, kind, text, value
        self.is_int, self.is_float = is_int, is_float

    def __str__(self): return self.text


class _Action(_Node):
    def __init__(self, pos, pipe): self.pos, self.pipe = pos, pipe
    def __str__(self): return "{{%s}}" % self.pipe


class _Control(_Node):  # if, range, with
    def __init__(self, kind, pipe, body, else_body):
        self.kind, self.pos, self.pipe, self.body, self.else_body = kind, pipe.pos, pipe, body, else_body

    def __str__(self):
        tail = "{{else}}%s" % self.else_body if self.else_body else ""
        return "{{%s %s}}%s%s{{end}}" % (self.kind, self.pipe, self.body, tail)


class _Keyword(_Node):  # break and continue; end and else only while parsing
    def __init__(self, pos, word): self.pos, self.word = pos, word
    def __str__(self): return "{{%s}}" % self.word


# ---------------------------------------------------------------- parser ----

class _Parser:
    def __init__(self, text: str, name: str, funcs):
        self.text, self.name, self.funcs = text, name, funcs
        self.toks = _lex(text)
        self.i = self.seen = 0  # seen: the furthest token read, whose line errors report
        self.vars = ["$"]
        self.action_line = self.range_depth = 0

    def peek(self) -> _Tok:
        self.seen = max(self.seen, self.i)
        return self.toks[min(self.i, len(self.toks) - 1)]

    def next(self) -> _Tok:
        tok = self.peek()
        self.i += 1
        return tok

    def next_non_space(self) -> _Tok:
        tok = self.next()
        while tok.kind == "space":
            tok = self.next()
        return tok

    def peek_non_space(self) -> _Tok:
        tok = self.next_non_space()
        self.i -= 1
        return tok

    def line(self, pos: int) -> int:
        return self.text.count("\n", 0, pos) + 1

    def error(self, msg: str):
        tok = self.toks[min(self.seen, len(self.toks) - 1)]
        raise TemplateError(f"template: {self.name}:{self.line(tok.pos)}: {msg}", "parse")

    def unexpected(self, tok: _Tok, context: str):
        if tok.kind == "error":
            extra = ""
            if self.action_line and self.action_line != self.line(tok.pos):
                extra = f" in action started at {self.name}:{self.action_line}"
                if tok.val.endswith(" action"):
                    extra = extra[len(" in action"):]
            self.error(tok.val + extra)
        self.error(f"unexpected {_tok_str(tok)} in {context}")

    def expect(self, kind: str, context: str) -> _Tok:
        tok = self.next_non_space()
        if tok.kind != kind:
            self.unexpected(tok, context)
        return tok

    def parse(self) -> _List:
        root = _List(self.peek().pos)
        while self.peek().kind != "eof":
            node = self.text_or_action()
            if isinstance(node, _Keyword) and node.word in ("end", "else"):
                self.error(f"unexpected {node}")
            root.nodes.append(node)
        return root

    def item_list(self) -> tuple[_List, _Node]:
        items = _List(self.peek_non_space().pos)
        while self.peek_non_space().kind != "eof":
            node = self.text_or_action()
            if isinstance(node, _Keyword) and node.word in ("end", "else"):
                return items, node
            items.nodes.append(node)
        self.error("unexpected EOF")

    def text_or_action(self) -> _Node:
        tok = self.next_non_space()
        if tok.kind == "text":
            return _Text(tok.pos, tok.val)
        if tok.kind != "ldelim":
            self.unexpected(tok, "input")
        self.action_line = self.line(tok.pos)
        try:
            return self.action()
        finally:
            self.action_line = 0

    def action(self) -> _Node:
        tok = self.next_non_space()
        if tok.kind in ("block", "define", "template"):
            self.error(f"{{{{{tok.kind}}}}} is not supported by crsim's template engine")
        if tok.kind in ("break", "continue"):
            end = self.next_non_space()
            if end.kind != "rdelim":
                self.unexpected(end, "{{%s}}" % tok.kind)
            if not self.range_depth:
                self.error("{{%s}} outside {{range}}" % tok.kind)
            return _Keyword(tok.pos, tok.kind)
        if tok.kind == "end":
            return _Keyword(self.expect("rdelim", "end").pos, "end")
        if tok.kind == "else":
            ahead = self.peek_non_space()  # "else if" / "else with" leave the keyword pending
            if ahead.kind in ("if", "with"):
                return _Keyword(ahead.pos, "else")
            return _Keyword(self.expect("rdelim", "else").pos, "else")
        if tok.kind in ("if", "range", "with"):
            return self.control(tok.kind)
        self.i -= 1
        return _Action(self.peek().pos, self.pipeline("command", "rdelim"))

    def control(self, kind: str) -> _Control:
        depth = len(self.vars)
        try:
            pipe = self.pipeline(kind, "rdelim")
            self.range_depth += kind == "range"
            body, end = self.item_list()
            self.range_depth -= kind == "range"
            else_body = None
            if end.word == "else":
                if kind in ("if", "with") and self.peek().kind == kind:
                    self.next()  # {{else if ...}}: a nested control that shares our {{end}}
                    else_body = _List(end.pos)
                    else_body.nodes.append(self.control(kind))
                else:
                    else_body, end = self.item_list()
                    if end.word != "end":
                        self.error(f"expected end; found {end}")
            return _Control(kind, pipe, body, else_body)
        finally:
            del self.vars[depth:]

    def pipeline(self, context: str, end: str) -> _Pipe:
        pipe = _Pipe(self.peek_non_space().pos)
        while self.peek_non_space().kind == "variable":  # declarations: $x := / $x = / $i, $v :=
            start = self.i
            var = self.next()
            after = self.peek_non_space()
            if after.kind in ("assign", "declare"):
                pipe.is_assign = after.kind == "assign"
                self.next_non_space()
            elif after.kind == "char" and after.val == ",":
                self.next_non_space()
                if context == "range" and not pipe.decl:
                    if self.peek_non_space().kind not in ("variable", "rdelim", "rparen"):
                        self.error("range can only initialize variables")
                    pipe.decl.append(_Variable(var.pos, [var.val]))
                    self.vars.append(var.val)
                    continue
                self.error(f"too many declarations in {context}")
            else:
                self.i = start  # just a variable used as an operand
                break
            pipe.decl.append(_Variable(var.pos, [var.val]))
            self.vars.append(var.val)
            break
        while True:
            tok = self.next_non_space()
            if tok.kind == end:
                if not pipe.cmds:
                    self.error(f"missing value for {context}")
                for stage, cmd in enumerate(pipe.cmds[1:], start=2):
                    if isinstance(cmd.args[0], _Literal):
                        self.error(f"non executable command in pipeline stage {stage}")
                return pipe
            if tok.kind not in _OPERAND_START:
                self.unexpected(tok, context)
            self.i -= 1
            pipe.cmds.append(self.command())

    def command(self) -> _Command:
        cmd = _Command(self.peek_non_space().pos)
        while True:
            self.peek_non_space()
            operand = self.operand()
            if operand is not None:
                cmd.args.append(operand)
            tok = self.next()
            if tok.kind == "space":
                continue
            if tok.kind in ("rdelim", "rparen"):
                self.i -= 1
            elif tok.kind != "pipe":
                self.unexpected(tok, "operand")
            break
        if not cmd.args:
            self.error("empty command")
        return cmd

    def operand(self) -> _Node | None:
        node = self.term()
        if node is None or self.peek().kind != "field":
            return node
        pos, fields = self.peek().pos, []
        while self.peek().kind == "field":
            fields.extend(self.next().val[1:].split("."))
        if isinstance(node, _Field):
            return _Field(pos, node.idents + fields)
        if isinstance(node, _Variable):
            return _Variable(pos, node.idents + fields)
        if isinstance(node, _Literal):
            self.error(f"unexpected . after term {_quote(str(node))}")
        return _Chain(pos, node, fields)

    def term(self) -> _Node | None:
        tok = self.next_non_space()
        kind, val, pos = tok
        if kind == "identifier":
            if val not in self.funcs:
                self.error(f"function {_quote(val)} not defined")
            return _Ident(pos, val)
        if kind == "variable":
            if val not in self.vars:
                self.error(f"undefined variable {_quote(val)}")
            return _Variable(pos, [val])
        if kind == "field":
            return _Field(pos, val[1:].split("."))
        if kind in ("dot", "nil"):
            return _Literal(pos, kind, val)
        if kind == "bool":
            return _Literal(pos, kind, val, val == "true")
        if kind in ("number", "char_constant"):
            return self.number(tok)
        if kind in ("string", "raw_string"):
            try:
                return _Literal(pos, "string", val, _unquote(val))
            except ValueError as err:
                self.error(str(err))
        if kind == "lparen":
            return self.pipeline("parenthesized pipeline", "rparen")
        self.i -= 1
        return None

    def number(self, tok: _Tok) -> _Literal:
        text = tok.val
        if tok.kind == "char_constant":
            try:
                char, tail = _unquote_char(text[1:], "'")
            except ValueError as err:
                self.error(str(err))
            if tail != "'":
                self.error(f"malformed character constant: {text}")
            return _Literal(tok.pos, "number", text, ord(char), is_int=True, is_float=True)
        if text.endswith("i"):
            self.error("complex constants are not supported by crsim's template engine")
        try:
            legacy_octal = re.fullmatch(r"[+-]?0[0-7_]+", text)
            value = int(text.replace("_", ""), 8) if legacy_octal else int(text, 0)
        except ValueError:
            try:
                value = float.fromhex(text) if text.lstrip("+-")[:2].lower() == "0x" else float(text)
            except ValueError:
                self.error(f"illegal number syntax: {_quote(text)}")
            if not any(c in text for c in ".eEpP"):
                self.error(f"integer overflow: {_quote(text)}")
            whole = value.is_integer() and abs(value) < 2 ** 63
            return _Literal(tok.pos, "number", text, value, is_int=whole, is_float=True)
        if not -2 ** 63 <= value < 2 ** 64:
            self.error(f"integer overflow: {_quote(text)}")
        return _Literal(tok.pos, "number", text, value, is_int=value < 2 ** 63, is_float=True)


# ------------------------------------------------------------- evaluator ----

class _GoError(Exception):
    """An error a template function returns; reported as "error calling NAME: ..."."""


class _Func(NamedTuple):
    params: tuple  # Go parameter types: "any", "value" (reflect.Value), "string", "int", "[]string"
    variadic: bool
    impl: Callable | None


_GO_TYPE = {"any": "interface {}", "value": "reflect.Value", "string": "string", "int": "int",
            "[]string": "[]string"}


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class _Exec:
    def __init__(self, tmpl: "Template", funcs: dict, missingkey: str):
        self.text, self.name, self.funcs, self.missingkey = tmpl.text, tmpl.name, funcs, missingkey
        self.out: list[str] = []
        self.vars: list[list] = []
        self.node: _Node | None = None  # where we are, for error texts

    def at(self, node: _Node):
        self.node = node

    def error(self, msg: str):
        before = self.text[:self.node.pos]
        line = before.count("\n") + 1
        col = len(before[before.rfind("\n") + 1:].encode())  # Go counts bytes
        raise TemplateError(f"template: {self.name}:{line}:{col}: executing {_quote(self.name)} "
                            f"at <{self.node}>: {msg}", "exec")

    def var(self, name: str) -> list:
        for slot in reversed(self.vars):
            if slot[0] == name:
                return slot
        self.error(f"undefined variable: {name}")

    # -- walking the tree

    def walk(self, dot, node: _Node):
        self.at(node)
        if isinstance(node, _List):
            for child in node.nodes:
                self.walk(dot, child)
        elif isinstance(node, _Text):
            self.out.append(node.text)
        elif isinstance(node, _Action):
            value = self.pipeline(dot, node.pipe)
            if not node.pipe.decl:
                self.out.append("<no value>" if value is NO_VALUE else _fmt(value))
        elif isinstance(node, _Keyword):
            raise _Break() if node.word == "break" else _Continue()
        elif node.kind == "range":
            self.walk_range(dot, node)
        else:
            mark = len(self.vars)
            try:
                value = self.pipeline(dot, node.pipe)
                if _truth(value):
                    self.walk(value if node.kind == "with" else dot, node.body)
                elif node.else_body:
                    self.walk(dot, node.else_body)
            finally:
                del self.vars[mark:]

    def walk_range(self, dot, node: _Control):
        self.at(node)
        outer = len(self.vars)
        decl, assign = node.pipe.decl, node.pipe.is_assign
        try:
            value = self.pipeline(dot, node.pipe)
            mark = len(self.vars)
            if isinstance(value, dict):
                items = [(key, value[key]) for key in _sorted_keys(value)]
            elif isinstance(value, (list, tuple)):
                items = list(enumerate(value))
            elif value is None or value is NO_VALUE:
                items = []
            else:
                self.error(f"range can't iterate over {_fmt(value)}")
            for key, elem in items:
                names = [v.idents[0] for v in decl]
                if len(decl) == 2:
                    pair = [(names[0], key), (names[1], elem)]
                else:
                    pair = [(names[0], elem)] if decl else []
                for depth, (name, val) in enumerate(reversed(pair), start=1):
                    (self.var(name) if assign else self.vars[mark - depth])[1] = val
                try:
                    self.walk(elem, node.body)
                except _Continue:
                    pass
                finally:
                    del self.vars[mark:]
            if not items and node.else_body:
                self.walk(dot, node.else_body)
        except _Break:
            pass
        finally:
            del self.vars[outer:]

    # -- evaluating pipelines

    def pipeline(self, dot, pipe: _Pipe):
        self.at(pipe)
        value = _MISSING
        for cmd in pipe.cmds:
            value = self.command(dot, cmd, value)
        for var in pipe.decl:
            if pipe.is_assign:
                self.var(var.idents[0])[1] = value
            else:
                self.vars.append([var.idents[0], value])
        return value

    def not_a_function(self, args, final):
        if args and (len(args) > 1 or final is not _MISSING):
            self.error(f"can't give argument to non-function {args[0]}")

    def command(self, dot, cmd: _Command, final):
        first = cmd.args[0]
        if isinstance(first, _Field):
            self.at(first)
            return self.field_chain(dot, dot, first, first.idents, cmd.args, final)
        if isinstance(first, _Chain):
            return self.chain(dot, first, cmd.args, final)
        if isinstance(first, _Ident):
            return self.function(dot, first, cmd, cmd.args, final)
        if isinstance(first, _Pipe):
            self.not_a_function(cmd.args, final)
            return self.pipeline(dot, first)
        if isinstance(first, _Variable):
            return self.variable(dot, first, cmd.args, final)
        self.at(first)
        self.not_a_function(cmd.args, final)
        if first.kind == "nil":
            self.error("nil is not a command")
        return self.constant(first, dot)

    def constant(self, lit: _Literal, dot):
        """A literal where no parameter type says what it should be."""
        if lit.kind == "dot":
            return dot
        if lit.kind != "number":
            return lit.value
        self.at(lit)
        hexa = lit.text.lstrip("+-")[:2].lower() == "0x" and not any(c in lit.text for c in "pP")
        if lit.is_float and not hexa and lit.text[0] != "'" and any(c in lit.text for c in ".eEpP"):
            return float(lit.value)
        if not lit.is_int:
            self.error(f"{lit.text} overflows int")
        return int(lit.value)

    def chain(self, dot, node: _Chain, args, final):
        self.at(node)
        if isinstance(node.node, _Literal) and node.node.kind == "nil":
            self.error(f"indirection through explicit nil in {node}")
        receiver = self.arg(dot, "any", node.node)
        return self.field_chain(dot, receiver, node, node.fields, args, final)

    def variable(self, dot, node: _Variable, args, final):
        self.at(node)
        value = self.var(node.idents[0])[1]
        if len(node.idents) == 1:
            self.not_a_function(args, final)
            return value
        return self.field_chain(dot, value, node, node.idents[1:], args, final)

    def field_chain(self, dot, receiver, node, idents, args, final):
        for name in idents[:-1]:
            receiver = self.field(dot, name, node, None, _MISSING, receiver)
        return self.field(dot, idents[-1], node, args, final, receiver)

    def field(self, dot, name: str, node, args, final, receiver):
        has_args = (args is not None and len(args) > 1) or final is not _MISSING
        if receiver is NO_VALUE:
            if self.missingkey == "error":
                self.error(f"nil data; no entry for key {_quote(name)}")
            return NO_VALUE
        if receiver is None:
            self.error(f"nil pointer evaluating interface {{}}.{name}")
        if isinstance(receiver, dict):
            if has_args:
                self.error(f"{name} is not a method but has arguments")
            if name in receiver:
                return receiver[name]
            if self.missingkey == "error":
                self.error(f"map has no entry for key {_quote(name)}")
            return None if self.missingkey == "zero" else NO_VALUE
        fields = receiver.fields if isinstance(receiver, GoStruct) else {}
        if not isinstance(receiver, (GoStruct, *_PLAIN)) and not name.startswith("_"):
            attr = getattr(receiver, name, _MISSING)  # an object: attributes and methods
            if callable(attr):
                return self.call(dot, _python_func(attr), node, name, args, final)
            fields = {name: attr} if attr is not _MISSING else {}
        if name in fields:
            if has_args:
                self.error(f"{name} has arguments but cannot be invoked as function")
            return fields[name]
        self.error(f"can't evaluate field {name} in type {_gotype(receiver)}")

    def function(self, dot, ident: _Ident, cmd, args, final):
        self.at(ident)
        return self.call(dot, self.funcs[ident.name], cmd, ident.name, args, final)

    def call(self, dot, func: _Func, node, name: str, args, final):
        args = args[1:] if args else []
        params, variadic, impl = func
        count = len(args) + (final is not _MISSING)
        if variadic and count < len(params) - 1:
            self.error(f"wrong number of args for {name}: want at least {len(params) - 1} "
                       f"got {len(args)}")
        if not variadic and count != len(params):
            self.error(f"wrong number of args for {name}: want {len(params)} got {count}")

        def param(i: int) -> str:
            return params[min(i, len(params) - 1)]

        if impl is None:  # "and" and "or" stop at the first argument that settles them
            value = NO_VALUE
            for arg in args:
                value = self.arg(dot, "value", arg)
                if _truth(value) == (name == "or"):
                    return value
            return value if final is _MISSING else final
        argv = [self.arg(dot, param(i), arg) for i, arg in enumerate(args)]
        if final is not _MISSING:
            argv.append(self.check_type(final, param(count - 1)))
        try:
            return impl(*argv)
        except TemplateError:
            raise
        except Exception as err:  # _GoError from builtins, anything from Python methods
            self.at(node)
            self.error(f"error calling {name}: {err}")

    def arg(self, dot, typ: str, node: _Node):
        """Evaluate one argument for a parameter of Go type ``typ``."""
        self.at(node)
        if isinstance(node, _Field):
            return self.check_type(self.field_chain(dot, dot, node, node.idents, [node], _MISSING), typ)
        if isinstance(node, _Variable):
            return self.check_type(self.variable(dot, node, None, _MISSING), typ)
        if isinstance(node, _Pipe):
            return self.check_type(self.pipeline(dot, node), typ)
        if isinstance(node, _Ident):
            return self.check_type(self.function(dot, node, node, None, _MISSING), typ)
        if isinstance(node, _Chain):
            return self.check_type(self.chain(dot, node, None, _MISSING), typ)
        if node.kind == "dot":
            return self.check_type(dot, typ)
        if node.kind == "nil":
            if typ in ("any", "value", "[]string"):
                return NO_VALUE if typ == "value" else None
            self.error(f"cannot assign nil to {_GO_TYPE[typ]}")
        if typ in ("any", "value"):
            return self.constant(node, dot)
        if typ == "string" and node.kind == "string":
            return node.value
        if typ == "int" and node.kind == "number" and node.is_int:
            return int(node.value)
        if typ in ("string", "int"):
            self.error(f"expected {'integer' if typ == 'int' else typ}; found {node}")
        self.error(f"can't handle {node} for arg of type {_GO_TYPE[typ]}")

    def check_type(self, value, typ: str):
        if value is NO_VALUE:
            if typ == "value":
                return value
            if typ in ("any", "[]string"):
                return None
            self.error(f"invalid value; expected {_GO_TYPE[typ]}")
        ok = {"any": True, "value": True, "string": isinstance(value, str),
              "int": isinstance(value, int) and not isinstance(value, bool),
              "[]string": value is None or (isinstance(value, (list, tuple))
                                            and all(isinstance(v, str) for v in value))}[typ]
        if not ok:
            self.error(f"wrong type for value; expected {_GO_TYPE[typ]}; got {_gotype(value)}")
        return value


def _python_func(fn: Callable) -> _Func:
    """A _Func for a Python callable (a method of a data object, or an extra function)."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return _Func(("any",), True, fn)
    fixed = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    variadic = any(p.kind == p.VAR_POSITIONAL for p in params)
    return _Func(("any",) * (len(fixed) + variadic), variadic, fn)


# ------------------------------------------------------------- Go values ----

_PLAIN = (str, int, float, bool, list, tuple, dict, type(None))


def _struct_fields(value) -> dict | None:
    if isinstance(value, GoStruct):
        return value.fields
    if is_record(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in fields(value)}
    return None


def _gotype(value) -> str:
    """The Go type name a value would have, for error texts."""
    if value is None:
        return "interface {}"
    for py, go in ((bool, "bool"), (int, "int"), (float, "float64"), (str, "string")):
        if isinstance(value, py):
            return go
    if isinstance(value, (list, tuple)):
        return "[]string" if value and all(isinstance(v, str) for v in value) else "[]interface {}"
    if isinstance(value, dict):
        strings = all(isinstance(v, str) for v in value.values())
        return "map[string]string" if value and strings else "map[string]interface {}"
    if isinstance(value, GoStruct):
        return value.type_name
    return getattr(value, "__gotype__", None) or type(value).__name__


def _truth(value) -> bool:
    if value is None or value is NO_VALUE:
        return False
    if isinstance(value, (bool, int, float, str, list, tuple, dict)):
        return bool(value)
    return True  # structs are always true


def _sorted_keys(mapping: dict) -> list:
    try:
        return sorted(mapping)
    except TypeError:
        return sorted(mapping, key=str)


_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t",
            "\v": "\\v", "\\": "\\\\"}


def _quote(text: str, quote: str = '"') -> str:
    """Go's strconv.Quote (or QuoteRune with quote="'")."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch == quote:
            out.append("\\" + ch)
        elif ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        else:
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return quote + "".join(out) + quote


def _unquote_char(text: str, quote: str) -> tuple[str, str]:
    """Decode one possibly escaped character of a Go literal; returns it and the rest."""
    if not text or text[0] == quote:
        raise ValueError("invalid syntax")
    if text[0] != "\\":
        return text[0], text[1:]
    esc, rest = text[1:2], text[2:]
    simple = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
              "\\": "\\"}
    if esc in simple:
        return simple[esc], rest
    if esc == quote:
        return esc, rest
    if esc and esc in "xuU":
        size = {"x": 2, "u": 4, "U": 8}[esc]
        digits = rest[:size]
        if len(digits) == size and all(c in "0123456789abcdefABCDEF" for c in digits):
            code = int(digits, 16)
            if esc == "x" or (code <= 0x10FFFF and not 0xD800 <= code < 0xE000):
                return chr(code), rest[size:]
    if esc and esc in "01234567" and re.fullmatch("[0-7]{3}", text[1:4]) and int(text[1:4], 8) < 256:
        return chr(int(text[1:4], 8)), text[4:]
    raise ValueError("invalid syntax")


def _unquote(literal: str) -> str:
    if literal[0] == "`":
        return literal[1:-1].replace("\r", "")
    body, out = literal[1:-1], []
    while body:
        char, body = _unquote_char(body, '"')
        out.append(char)
    return "".join(out)


# --------------------------------------------------------------- printing ----

def _float_digits(value: float) -> tuple[str, int]:
    """Shortest decimal digits of a positive finite float, and the decimal point's place."""
    _, digits, exp = Decimal(repr(value)).as_tuple()
    text = "".join(map(str, digits))
    return text.rstrip("0") or "0", len(digits) + exp


def _float_text(value: float, for_json: bool = False) -> str:
    """Shortest float text: Go's %v (exponent from 1e+06 on) or encoding/json (from 1e+21)."""
    if value == 0:
        return "-0" if math.copysign(1, value) < 0 else "0"
    sign = "-" if value < 0 else ""
    digits, point = _float_digits(abs(value))
    exp = point - 1
    if for_json:
        exponent_form = abs(value) < 1e-6 or abs(value) >= 1e21
    else:
        exponent_form = exp < -4 or exp >= 6
    if exponent_form:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        power = f"{abs(exp)}" if for_json and exp < 0 else f"{abs(exp):02d}"
        return f"{sign}{mantissa}e{'-' if exp < 0 else '+'}{power}"
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return f"{sign}{digits[:point]}.{digits[point:]}"


def _pad(text: str, flags: str, width: int | None) -> str:
    if width is None or len(text) >= width:
        return text
    fill = " " * (width - len(text))
    return text + fill if "-" in flags else fill + text


def _fmt_int(value: int, verb: str, flags: str, width, prec) -> str:
    if verb == "c":
        return _pad(chr(value), flags, width)
    if verb == "q":
        return _pad(_quote(chr(value), "'"), flags, width)
    if verb == "U":
        return _pad(f"U+{value:04X}", flags, width)
    base = {"v": "d", "d": "d", "b": "b", "o": "o", "O": "o", "x": "x", "X": "X"}[verb]
    digits = format(abs(value), base)
    if prec is not None:
        digits = "" if prec == 0 and value == 0 else digits.zfill(prec)
    prefix = "0o" if verb == "O" else {"b": "0b", "o": "0", "x": "0x", "X": "0X"}.get(verb, "") \
        if "#" in flags else ""
    sign = "-" if value < 0 else "+" if "+" in flags else " " if " " in flags else ""
    if "0" in flags and "-" not in flags and prec is None and width:
        digits = digits.zfill(width - len(sign) - len(prefix))
    return _pad(sign + prefix + digits, flags, width)


def _fmt_float(value: float, verb: str, flags: str, width, prec) -> str:
    negative = math.copysign(1, value) < 0
    sign = "-" if negative else "+" if "+" in flags else " " if " " in flags else ""
    if math.isnan(value):
        return _pad("+NaN" if "+" in flags else "NaN", flags, width)
    if math.isinf(value):
        return _pad("-Inf" if negative else "+Inf", flags, width)
    if verb in "vgG" and prec is None:  # %v is %g, and %g's default is the shortest exact text
        body = _float_text(abs(value))
    else:
        kind = "g" if verb == "v" else verb.lower()
        body = format(abs(value), f".{6 if prec is None else prec}{kind}")
    body = body.upper() if verb in "EG" else body
    if "0" in flags and "-" not in flags and width:
        body = body.zfill(width - len(sign))  # zeros go after the sign
    return _pad(sign + body, flags, width)


def _fmt(value, verb: str = "v", flags: str = "", width: int | None = None,
         prec: int | None = None, top: bool = True) -> str:
    """Go's fmt for one operand: %v by default, or a given verb with flags."""
    if verb == "v" and "+" in flags:  # %+v names struct fields; it is no sign flag
        flags = flags.replace("+", "N")

    def inner(item) -> str:
        return _fmt(item, verb, flags, width, prec, top=False)

    if verb == "T":
        return _pad("<nil>" if value is None else _gotype(value), flags, width)
    if hasattr(value, "__gofmt__"):  # a value that prints itself as its Go type does
        return value.__gofmt__(top, inner)
    if isinstance(value, (list, tuple)):
        return "[" + " ".join(map(inner, value)) + "]"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{inner(k)}:{inner(value[k])}" for k in _sorted_keys(value)) + "]"
    fields = _struct_fields(value)
    if fields is not None:
        names = "N" in flags
        return "{" + " ".join((f"{k}:" if names else "") + inner(v) for k, v in fields.items()) + "}"
    if value is None or value is NO_VALUE:
        return _pad("<nil>", flags, width) if verb == "v" or not top else f"%!{verb}(<nil>)"
    if isinstance(value, bool):
        if verb in "vt":
            return _pad("true" if value else "false", flags, width)
    elif isinstance(value, int):
        if verb in "vdboOxXcqU":
            return _fmt_int(value, verb, flags, width, prec)
    elif isinstance(value, float):
        if verb in "veEfFgG":
            return _fmt_float(value, verb, flags, width, prec)
    elif isinstance(value, str):
        if verb in "vs":
            return _pad(value if prec is None else value[:prec], flags, width)
        if verb == "q":
            text = value if prec is None else value[:prec]
            plain = "#" in flags and "`" not in text and text.isprintable()
            return _pad(f"`{text}`" if plain else _quote(text), flags, width)
        if verb in "xX":
            hexa = value.encode().hex()
            return _pad(hexa.upper() if verb == "X" else hexa, flags, width)
    elif verb in "vs":
        return _pad(str(value), flags, width)
    return f"%!{verb}({_gotype(value)}={_fmt(value)})"


_VERB_SPEC = re.compile(r"([-+# 0]*)(\d*)(?:\.(\d*))?")  # flags, width, precision


def _sprintf(fmt: str, *args) -> str:
    out, used, i = [], 0, 0
    while i < len(fmt):
        j = fmt.find("%", i)
        if j < 0:
            out.append(fmt[i:])
            break
        out.append(fmt[i:j])
        spec = _VERB_SPEC.match(fmt, j + 1)
        i = spec.end()
        if i >= len(fmt):
            out.append("%!(NOVERB)")
            break
        verb, i = fmt[i], i + 1
        if verb == "%":
            out.append("%")
        elif used >= len(args):
            out.append(f"%!{verb}(MISSING)")
        else:
            width = int(spec.group(2)) if spec.group(2) else None
            prec = None if spec.group(3) is None else int(spec.group(3) or 0)
            out.append(_fmt(args[used], verb, spec.group(1), width, prec))
            used += 1
    if used < len(args):
        extra = ("<nil>" if a is None else f"{_gotype(a)}={_fmt(a)}" for a in args[used:])
        out.append("%!(EXTRA " + ", ".join(extra) + ")")
    return "".join(out)


def _sprint(*args) -> str:  # spaces only between operands when neither is a string
    out = []
    for i, arg in enumerate(args):
        if i and not isinstance(arg, str) and not isinstance(args[i - 1], str):
            out.append(" ")
        out.append(_fmt(arg))
    return "".join(out)


# ------------------------------------------------------------------- JSON ----

class _Unsupported(Exception):
    pass


def _json_string(text: str) -> str:
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch in "\b\f\n\r\t":
            out.append(_ESCAPES[ch])
        elif code < 0x20 or code in (0x2028, 0x2029):
            out.append(f"\\u{code:04x}")
        elif 0xD800 <= code < 0xE000:
            out.append("\\ufffd")
        else:
            out.append(ch)
    return "".join(out) + '"'


def _json(value) -> str:
    """Go's encoding/json, as Docker's json function configures it (no HTML escaping)."""
    if value is None or value is NO_VALUE:
        return "null"
    if hasattr(value, "__gojson__"):  # a value that knows its own JSON (a nil slice: null)
        return _json(value.__gojson__())
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise _Unsupported()
        return _float_text(value, for_json=True)
    if isinstance(value, str):
        return _json_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(map(_json, value)) + "]"
    fields = value if isinstance(value, dict) else _struct_fields(value)
    if fields is not None:
        return "{" + ",".join(f"{_json_string(str(k))}:{_json(v)}" for k, v in fields.items()) + "}"
    return _json_string(str(value))


# -------------------------------------------------------------- functions ----

def _len(item) -> int:
    if item is NO_VALUE:
        raise _GoError("reflect: call of reflect.Value.Type on zero Value")
    if item is None:
        return 0
    if isinstance(item, str):
        return len(item.encode())
    if isinstance(item, (list, tuple, dict)):
        return len(item)
    raise _GoError(f"len of type {_gotype(item)}")


def _index_arg(index, size: int) -> int:
    if index is None or index is NO_VALUE:
        raise _GoError("cannot index slice/array with nil")
    if isinstance(index, bool) or not isinstance(index, int):
        raise _GoError(f"cannot index slice/array with type {_gotype(index)}")
    if not 0 <= index <= size:
        raise _GoError(f"index out of range: {index}")
    return index


def _index(item, *indexes):
    if item is None or item is NO_VALUE:
        raise _GoError("index of untyped nil")
    for index in indexes:
        if item is None or item is NO_VALUE:
            raise _GoError("index of nil pointer")
        if isinstance(item, (str, list, tuple)):
            seq = item.encode() if isinstance(item, str) else item
            at = _index_arg(index, len(seq))
            if at == len(seq):
                kind = "string" if isinstance(item, str) else "slice"
                raise _GoError(f"reflect: {kind} index out of range")
            item = seq[at]
        elif isinstance(item, dict):
            if index is None or index is NO_VALUE:
                raise _GoError("value is nil; should be of type string")
            if not isinstance(index, str):
                raise _GoError(f"value has type {_gotype(index)}; should be string")
            strings = all(isinstance(v, str) for v in item.values())
            item = item.get(index, "" if strings else NO_VALUE)  # the map's zero value
        else:
            raise _GoError(f"can't index item of type {_gotype(item)}")
    return item


def _slice(item, *indexes):
    if item is None or item is NO_VALUE:
        raise _GoError("slice of untyped nil")
    if len(indexes) > 3:
        raise _GoError(f"too many slice indexes: {len(indexes)}")
    if isinstance(item, str):
        if len(indexes) == 3:
            raise _GoError("cannot 3-index slice a string")
        seq = item.encode()
    elif isinstance(item, (list, tuple)):
        seq = list(item)
    else:
        raise _GoError(f"can't slice item of type {_gotype(item)}")
    bounds = [0, len(seq), len(seq)]
    for i, index in enumerate(indexes):
        bounds[i] = _index_arg(index, len(seq))
    for low, high in ((bounds[0], bounds[1]), (bounds[1], bounds[2])):
        if low > high:
            raise _GoError(f"invalid slice index: {low} > {high}")
    part = seq[bounds[0]:bounds[1]]
    return part.decode("utf-8", "replace") if isinstance(part, bytes) else part


def _kind(value) -> str | None:  # Go's "basic kind" for comparisons
    for py, kind in ((bool, "bool"), (int, "int"), (float, "float"), (str, "string")):
        if isinstance(value, py):
            return kind
    return None


def _eq(first, *others) -> bool:
    if not others:
        raise _GoError("missing argument for comparison")
    nil = (None, NO_VALUE)
    for other in others:
        if _kind(first) != _kind(other):
            if first not in nil and other not in nil:
                raise _GoError(f"incompatible types for comparison: {_gotype(first)} and {_gotype(other)}")
            equal = False
        elif _kind(first) or first in nil or other in nil:
            equal = first == other or (first in nil and other in nil)
        elif isinstance(other, (list, tuple, dict)):
            raise _GoError(f"non-comparable type {_fmt(other, 's')}: {_gotype(other)}")
        else:
            equal = first == other
        if equal:
            return True
    return False


def _lt(a, b) -> bool:
    if not _kind(a) or not _kind(b):
        raise _GoError("invalid type for comparison")
    if _kind(a) != _kind(b):
        raise _GoError(f"incompatible types for comparison: {_gotype(a)} and {_gotype(b)}")
    if _kind(a) == "bool":
        raise _GoError("invalid type for comparison")
    return a < b


def _text_arg(*args) -> str:
    return args[0] if len(args) == 1 and isinstance(args[0], str) else _sprint(*args)


def _html(*args) -> str:
    table = {"\0": "\ufffd", '"': "&#34;", "'": "&#39;", "&": "&amp;", "<": "&lt;", ">": "&gt;"}
    return "".join(table.get(ch, ch) for ch in _text_arg(*args))


def _js(*args) -> str:
    out = []
    for ch in _text_arg(*args):
        if ch in "\\'\"":
            out.append("\\" + ch)
        elif ch in "<>&=" or ord(ch) < 0x20:
            out.append(f"\\u{ord(ch):04X}")
        elif ord(ch) >= 0x80 and not ch.isprintable():
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


def _simple_case(text: str, convert: Callable[[str], str]) -> str:
    # Go maps rune by rune; a rune whose full mapping is longer (ß -> SS) stays put.
    return "".join(c if len(convert(c)) != 1 else convert(c) for c in text)


def _title(text: str) -> str:  # strings.Title: upper-case letters that start a word
    out, prev = [], " "
    for ch in text:
        separator = not (prev.isalnum() or prev == "_") if prev.isascii() else prev.isspace()
        out.append(_simple_case(ch, str.title) if separator else ch)
        prev = ch
    return "".join(out)


def _docker_json(value) -> str:
    try:
        return _json(value)
    except _Unsupported:  # Docker ignores the encoder's error: the output is empty
        return ""


def _pad_func(source: str, prefix: int, suffix: int) -> str:
    if not source:
        return source
    if prefix < 0 or suffix < 0:
        raise _GoError("strings: negative Repeat count")
    return " " * prefix + source + " " * suffix


def _truncate(source: str, length: int) -> str:
    data = source.encode()  # Go counts and cuts bytes
    if len(data) < length:
        return source
    if length < 0:
        raise _GoError(f"runtime error: slice bounds out of range [:{length}]")
    return data[:length].decode("utf-8", "replace")


_BUILTINS = {
    "and": _Func(("value", "value"), True, None),
    "or": _Func(("value", "value"), True, None),
    "not": _Func(("value",), False, lambda v: not _truth(v)),
    "len": _Func(("value",), False, _len),
    "index": _Func(("value", "value"), True, _index),
    "slice": _Func(("value", "value"), True, _slice),
    "eq": _Func(("value", "value"), True, _eq),
    "ne": _Func(("value", "value"), False, lambda a, b: not _eq(a, b)),
    "lt": _Func(("value", "value"), False, _lt),
    "le": _Func(("value", "value"), False, lambda a, b: _lt(a, b) or _eq(a, b)),
    "gt": _Func(("value", "value"), False, lambda a, b: not (_lt(a, b) or _eq(a, b))),
    "ge": _Func(("value", "value"), False, lambda a, b: not _lt(a, b)),
    "print": _Func(("any",), True, _sprint),
    "printf": _Func(("string", "any"), True, _sprintf),
    "println": _Func(("any",), True, lambda *a: " ".join(map(_fmt, a)) + "\n"),
    "html": _Func(("any",), True, _html),
    "js": _Func(("any",), True, _js),
    "urlquery": _Func(("any",), True, lambda *a: quote_plus(_text_arg(*a), safe="")),
}

# cli/templates/templates.go: basicFunctions
_DOCKER = {
    "json": _Func(("any",), False, _docker_json),
    "split": _Func(("string", "string"), False, lambda s, sep: s.split(sep) if sep else list(s)),
    "join": _Func(("[]string", "string"), False, lambda elems, sep: sep.join(elems or [])),
    "title": _Func(("string",), False, _title),
    "lower": _Func(("string",), False, lambda s: _simple_case(s, str.lower)),
    "upper": _Func(("string",), False, lambda s: _simple_case(s, str.upper)),
    "pad": _Func(("string", "int", "int"), False, _pad_func),
    "truncate": _Func(("string", "int"), False, _truncate),
}

# cli/templates/templates.go: HeaderFunctions, used to render a table's header row:
# they hand back their first argument untouched (pad is not replaced).
_HEADER = {name: _Func(params, False, lambda v, *_: v) for name, params in (
    ("json", ("string",)), ("split", ("string", "string")), ("join", ("string", "string")),
    ("title", ("string",)), ("lower", ("string",)), ("upper", ("string",)),
    ("truncate", ("string", "int")))}


# ------------------------------------------------------------------- API ----

class Template:
    """A parsed template; ``execute`` may be called any number of times."""

    def __init__(self, text: str, name: str, root: _List, funcs: dict):
        self.text, self.name, self._root, self._funcs = text, name, root, funcs

    def execute(self, data: Any, *, missingkey: str = "default", header: bool = False) -> str:
        """Render ``data``.

        ``missingkey`` is Go's option: "default"/"invalid" (a missing map key
        is ``<no value>``), "zero" (it is nil) or "error".  ``docker inspect``
        retries a failed template on the raw JSON with "error".  ``header``
        swaps in Docker's HeaderFunctions, for a table's header row.
        """
        if missingkey not in ("default", "invalid", "zero", "error"):
            raise ValueError(f"unrecognized option: missingkey={missingkey}")
        funcs = {**self._funcs, **_HEADER} if header else self._funcs
        state = _Exec(self, funcs, "invalid" if missingkey == "default" else missingkey)
        dot = NO_VALUE if data is None else data
        state.vars.append(["$", dot])
        state.walk(dot, self._root)
        return "".join(state.out)


def compile(text: str, name: str = "", funcs: dict[str, Callable] | None = None) -> Template:
    """Parse ``text`` as the Docker CLI does (templates.Parse: name "", Docker's functions).

    ``name`` shows in error texts (``docker version`` names its template
    "version"); ``funcs`` adds Python functions, called with the template's
    arguments as they are.
    """
    table = {**_BUILTINS, **_DOCKER}
    for fname, fn in (funcs or {}).items():
        table[fname] = _python_func(fn)
    root = _Parser(text, name, table).parse()
    return Template(text, name, root, table)
