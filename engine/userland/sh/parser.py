"""Reading shell source: a lexer for words and operators, and a recursive-descent
parser that builds the tree in ``ast``.

The shell parses one complete command (up to a newline at the top level) at a
time and runs it before reading on, as real shells do: a syntax error on line
5 of a script only stops the script there, after lines 1-4 have run.

Lexing is context dependent (a reserved word is only one in command position,
a here-document's body starts after the next newline), so the parser asks the
lexer for one token at a time and decides what a word means.
"""

from __future__ import annotations

import bisect

from .ast import (DQ, AndOr, Arith, ArithCmd, ArithFor, Assign, BadSubst, Case, CmdSub, CommandList,
                  CondCmd, For, FuncDef, Group, If, Lit, Loop, Param, Pipeline, Quoted, Redirect,
                  Simple, Subshell, Word)

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List, Optional

METACHARS = frozenset(" \t\n;&|()<>")
# a name is [A-Za-z_][A-Za-z0-9_]*, read without regular expressions: a start that
# parses a line would otherwise import re for these alone (issue 18)
NAME_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
NAME_CHARS = NAME_START | frozenset("0123456789")
# POSIX's special builtins (found before functions by dash, which refuses them as names)
SPECIAL_BUILTINS = frozenset({"break", ":", "continue", ".", "eval", "exec", "exit", "export",
                              "readonly", "return", "set", "shift", "times", "trap", "unset"})
DECLARATIONS = frozenset({"local", "declare", "typeset", "readonly", "export"})
SPECIAL_PARAMS = "@*#?$!-0"
RESERVED = frozenset({"if", "then", "else", "elif", "fi", "do", "done", "case", "esac",
                      "while", "until", "for", "in", "{", "}", "!"})
REDIRECT_OPS = frozenset({"<", ">", ">>", ">|", "<>", "<&", ">&", "<<", "<<-", "<<<",
                          "&>", "&>>"})


def is_name(text: str) -> bool:
    """Whether text is a shell name (an ASCII identifier is exactly that)."""
    return text.isascii() and text.isidentifier()


def name_end(src: str, pos: int) -> int:
    """Where the name that starts at pos ends; pos itself where none starts."""
    if src[pos:pos + 1] not in NAME_START:  # (an empty slice past the end is not in it)
        return pos
    end, n = pos + 1, len(src)
    while end < n and src[end] in NAME_CHARS:
        end += 1
    return end


def assignment_prefix(text: str):
    """`NAME=` or `NAME+=` opening text: (name, appends, where the value starts), or None."""
    eq = text.find("=")
    name = text[:eq] if eq > 0 else ""
    appends = name.endswith("+")
    if appends:
        name = name[:-1]
    return (name, appends, eq + 1) if is_name(name) else None


def indexed_assignment_prefix(text: str):
    """bash's `NAME[index]=` or `NAME[index]+=` opening text: (name, index, appends, where
    the value starts), or None."""
    bracket = text.find("[")
    close = text.find("]", bracket) if bracket > 0 and is_name(text[:bracket]) else -1
    if close < 0:
        return None
    end = close + 1
    appends = text.startswith("+", end)
    end += appends
    if not text.startswith("=", end):
        return None
    return text[:bracket], text[bracket + 1:close], appends, end + 1


class ParseError(Exception):
    """A syntax error. ``kind`` says which; the messages module words it per shell.

    kinds: "unexpected" (token), "eof" (end of input, maybe ``expecting``),
    "quote" (unterminated ' or "), "missing" (a ${ or $(( not closed),
    "backquote" (EOF in `...`), "badsubst", "badfor" (ash, dash: `for` not followed by a name),
    "badfuncname" (dash: a function's name that is no name; ash and bash take `:` or `a-b`).
    """

    def __init__(self, kind: str, line: int, token: str = "", expecting: str = "",
                 text: str = "", incomplete: bool = False):
        super().__init__(kind, token)
        self.kind = kind
        self.line = line
        self.token = token  # what the token is, in the shell's words ("fi", "newline", "word")
        self.expecting = expecting
        self.text = text  # the token's text, as bash quotes it
        self.incomplete = incomplete  # more input could complete it


class Token:
    __slots__ = ("kind", "value", "word", "line", "start", "end")

    def __init__(self, kind: str, value, word: Optional[Word], line: int, start: int, end: int):
        self.kind = kind  # "word", "op", "newline", "eof", "io" (a redirection's fd number)
        self.value = value
        self.word = word
        self.line = line
        self.start = start
        self.end = end

    def is_op(self, *values: str) -> bool:
        return self.kind == "op" and self.value in values

    def is_word(self, *values: str) -> bool:
        return self.kind == "word" and self.word.plain in values


class Parser:
    def __init__(self, src: str, dialect: str = "ash", first_line: int = 1, aliases=None):
        self.src = src
        # the shell's aliases when it expands them (ash and dash always, bash with
        # expand_aliases): read as each command is parsed, as the real parsers do
        self.aliases = aliases or {}
        self._alias_spans: List[list] = []  # [name, start, end] of the text an alias became
        self._alias_next_at: Optional[int] = None  # an alias ending in a blank: the next word too
        self.n = len(src)
        self.pos = 0
        self.dialect = dialect  # "ash", "bash" or "dash"
        self.bash = dialect == "bash"
        self.first_line = first_line
        self._newlines = [i for i, c in enumerate(src) if c == "\n"]
        self._peeked: Optional[Token] = None
        self.ended_by = ""  # how the last complete command ended: "newline" or "eof"
        self._heredocs: List[Redirect] = []
        self.warnings: List[tuple] = []  # (line, delimiter) of here-documents ended by EOF
        ops = ["<<-", "&&", "||", ";;", "<<", ">>", "<&", ">&", "<>", ">|",
               ";", "&", "|", "(", ")", "<", ">"]
        if dialect != "dash":
            ops = ["&>>", "&>"] + ops
        if self.bash:  # busybox ash (1.37 as Alpine builds it) has no here-strings: `<<<` is a syntax error
            ops = ["<<<"] + ops
        if self.bash:
            ops = [";;&", ";&", "|&"] + ops
        self._ops = sorted(ops, key=len, reverse=True)

    # -- positions ------------------------------------------------------------
    def line_at(self, pos: int) -> int:
        return self.first_line + bisect.bisect_left(self._newlines, pos)

    def eof_line(self) -> int:
        return self.first_line + len(self._newlines)

    def line_text(self, line: int) -> str:
        """The source line ``line`` (bash quotes it in syntax errors)."""
        index = line - self.first_line
        start = 0 if index == 0 else self._newlines[index - 1] + 1
        end = self._newlines[index] if index < len(self._newlines) else self.n
        return self.src[start:end]

    # -- lexer ----------------------------------------------------------------
    def peek(self) -> Token:
        if self._peeked is None:
            self._peeked = self._lex()
        return self._peeked

    def next(self) -> Token:
        tok = self.peek()
        self._peeked = None
        return tok

    def _skip_blanks(self) -> None:
        src, n = self.src, self.n
        while self.pos < n:
            c = src[self.pos]
            if c == " " or c == "\t":
                self.pos += 1
            elif c == "\\" and self.pos + 1 < n and src[self.pos + 1] == "\n":
                self.pos += 2
            elif c == "#":
                end = src.find("\n", self.pos)
                self.pos = n if end < 0 else end
            else:
                break

    def _lex(self) -> Token:
        self._skip_blanks()
        start = self.pos
        line = self.line_at(start)
        if start >= self.n:
            if self._heredocs:
                self._read_heredocs()  # bodies cut short by the end of the input
            return Token("eof", "", None, line, start, start)
        c = self.src[start]
        if c == "\n":
            self.pos += 1
            if self._heredocs:
                self._read_heredocs()
            return Token("newline", "\n", None, line, start, start + 1)
        if c in "0123456789":
            end = start
            while end < self.n and self.src[end].isdigit():
                end += 1
            if end < self.n and self.src[end] in "<>":
                self.pos = end
                return Token("io", int(self.src[start:end]), None, line, start, end)
        for op in self._ops:
            if self.src.startswith(op, start):
                self.pos = start + len(op)
                return Token("op", op, None, line, start, self.pos)
        word = self._read_word(METACHARS)
        return Token("word", word.raw, word, line, start, self.pos)

    def _error_quote(self, quote: str, start: int) -> ParseError:
        return ParseError("quote", self.line_at(start), token=quote, incomplete=True)

    # -- words ----------------------------------------------------------------
    def _read_word(self, stops, in_param: bool = False, in_dq: bool = False) -> Word:
        """Read a word up to an unquoted character in ``stops``."""
        start = self.pos
        parts = self._scan(stops, dq=False, in_param=in_param, sq_literal=in_dq)
        return Word(parts, self.src[start:self.pos])

    def _scan(self, stops, dq: bool, in_param: bool = False, sq_literal: bool = False,
              heredoc: bool = False) -> list:
        """The parts of a word (or of a "..." group when ``dq``) up to a stop character.

        ``sq_literal``: a ${...} argument inside double quotes, where ' is ordinary;
        ``heredoc``: a here-document body or $((...)), where " is ordinary.
        """
        src, n = self.src, self.n
        parts: list = []
        buf: List[str] = []
        braces = 0

        def flush():
            if buf:
                text = "".join(buf)
                parts.append(Quoted(text) if dq else Lit(text))
                buf.clear()

        while self.pos < n:
            c = src[self.pos]
            if dq and c == '"' and not heredoc:
                break
            if not dq and c in stops and not (in_param and c == "}" and braces):
                break
            if c == "\\":
                nxt = src[self.pos + 1] if self.pos + 1 < n else ""
                if nxt == "\n":
                    self.pos += 2
                    continue
                if nxt == "":
                    buf.append("\\")
                    self.pos += 1
                    continue
                if (dq or sq_literal) and (nxt not in '$`"\\' or (heredoc and nxt == '"')) \
                        and not (in_param and nxt == "}"):  # in "${v-...}" too, as in "..."
                    buf.append("\\")
                    self.pos += 1
                    continue
                flush()
                parts.append(Quoted(nxt))
                self.pos += 2
                continue
            if c == "'" and not dq and not sq_literal:
                end = src.find("'", self.pos + 1)
                if end < 0:
                    raise self._error_quote("'", self.pos)
                flush()
                parts.append(Quoted(src[self.pos + 1:end]))
                self.pos = end + 1
                continue
            if c == '"' and not dq:
                quote_start = self.pos
                self.pos += 1
                inner = self._scan(stops, dq=True)
                if self.pos >= n:
                    raise self._error_quote('"', quote_start)
                self.pos += 1
                flush()
                parts.append(DQ(inner))
                continue
            if c == "$":
                part = self._dollar(dq)
                if part is None:
                    buf.append("$")
                    self.pos += 1
                else:
                    flush()
                    parts.append(part)
                continue
            if c == "`":
                flush()
                parts.append(self._backquote(dq))
                continue
            if in_param and not dq:
                if c == "{":
                    braces += 1
                elif c == "}":
                    braces -= 1
            buf.append(c)
            self.pos += 1
        flush()
        return parts

    def _dollar(self, dq: bool):
        src, n, pos = self.src, self.n, self.pos
        nxt = src[pos + 1] if pos + 1 < n else ""
        if nxt == "{":
            return self._brace_param(dq)
        if nxt == "(":
            if src.startswith("((", pos + 1):
                arith = self._arith_sub()
                if arith is not None:
                    return arith
            return self._command_sub()
        if nxt == "'" and not dq and self.dialect != "dash":
            return self._dollar_single()
        if nxt and (nxt in SPECIAL_PARAMS or nxt.isdigit()):
            self.pos = pos + 2
            return Param(nxt, raw="$" + nxt)
        end = name_end(src, pos + 1)
        if end > pos + 1:
            self.pos = end
            return Param(src[pos + 1:end], raw=src[pos:end])
        return None

    def _dollar_single(self) -> Quoted:
        """$'...' with C escapes (bash, busybox ash)."""
        start = self.pos
        self.pos += 2
        out: List[str] = []
        src, n = self.src, self.n
        while True:
            if self.pos >= n:
                raise self._error_quote("'", start)
            c = src[self.pos]
            if c == "'":
                self.pos += 1
                break
            if c == "\\" and self.pos + 1 < n:
                from .builtins_io import c_escape
                # $'...' is decoded as it is read, in the C locale of a container without LANG
                text, used, _stop = c_escape(src, self.pos, dollar_quote=True,
                                             unicode="c" if self.bash else "")
                out.append(text)
                self.pos += used
                continue
            out.append(c)
            self.pos += 1
        from .builtins_io import joined
        return Quoted(joined(out))

    def _brace_param(self, dq: bool):
        src, n = self.src, self.n
        start = self.pos
        self.pos += 2
        indirect = self.bash and src.startswith("!", self.pos) and self.pos + 1 < n and \
            (src[self.pos + 1].isalpha() or src[self.pos + 1] == "_")
        if indirect:  # bash: ${!name}, ${!array[@]}, ${!prefix*}
            self.pos += 1
        length = False
        if self.pos < n and src[self.pos] == "#" and self.pos + 1 < n and src[self.pos + 1] != "}":
            nxt = src[self.pos + 1]
            if nxt in SPECIAL_PARAMS or nxt.isalnum() or nxt == "_":
                length = True
                self.pos += 1
        name = ""
        if self.pos < n:
            c = src[self.pos]
            if c in SPECIAL_PARAMS:
                name = c
                self.pos += 1
            elif c.isdigit():
                end = self.pos
                while end < n and src[end].isdigit():
                    end += 1
                name = src[self.pos:end]
                self.pos = end
            else:
                end = name_end(src, self.pos)
                if end > self.pos:
                    name = src[self.pos:end]
                    self.pos = end
        if self.pos >= n:
            raise ParseError("missing", self.line_at(start), token="}", incomplete=True)
        index = None
        if self.bash and name and src[self.pos] == "[":
            close = src.find("]", self.pos)
            if close < 0:
                raise ParseError("missing", self.line_at(start), token="}", incomplete=True)
            index = self._expression_word(src[self.pos + 1:close], self.line_at(start))
            self.pos = close + 1
            if self.pos >= n:
                raise ParseError("missing", self.line_at(start), token="}", incomplete=True)
        c = src[self.pos]
        if indirect:
            if c in "*@" and src.startswith("}", self.pos + 1) and index is None:
                self.pos += 2
                return Param(name, "names", raw=src[start:self.pos])
            if c != "}":
                return self._bad_subst(start)
            self.pos += 1
            keys = index is not None and index.raw.strip() in ("@", "*")
            return Param(name, "keys" if keys else "indirect", raw=src[start:self.pos], index=index)
        if length:
            if c != "}" or not name:
                return self._bad_subst(start)
            self.pos += 1
            return Param(name, "len", raw=src[start:self.pos], index=index)
        if not name:
            return self._bad_subst(start)
        if c == "}":
            self.pos += 1
            return Param(name, raw=src[start:self.pos], index=index)
        colon = False
        op = None
        if c == ":":
            nxt = src[self.pos + 1] if self.pos + 1 < n else ""
            if nxt in ("-", "=", "+", "?"):
                colon, op = True, nxt
                self.pos += 2
            elif nxt == "}":  # ${x:}: ash and dash stop reading there, bash refuses it later
                if not self.bash:
                    raise ParseError("missing", self.line_at(start), token="}")
                return self._bad_subst(start)
            elif self.dialect == "dash":
                return self._bad_subst(start)
            else:
                op = "sub"
                self.pos += 1
        elif c in "-=+?":
            op = c
            self.pos += 1
        elif c in "#%":
            op = c
            self.pos += 1
            if self.pos < n and src[self.pos] == c:
                op += c
                self.pos += 1
        elif c == "/" and self.dialect != "dash":
            op = "/"
            self.pos += 1
            if self.pos < n and src[self.pos] in "/#%":
                op += src[self.pos]
                self.pos += 1
        elif c in "^,~" and self.bash:  # bash's case changes: ${x^}, ${x^^}, ${x,PATTERN}, ${x~~} ...
            op = c
            self.pos += 1
            if self.pos < n and src[self.pos] == c:
                op += c
                self.pos += 1
        elif c == "@" and self.bash and src[self.pos + 1:self.pos + 2] in tuple("QULu") \
                and src[self.pos + 2:self.pos + 3] == "}":  # ${x@Q} and its kin
            self.pos += 3
            return Param(name, src[self.pos - 3:self.pos - 1], raw=src[start:self.pos], index=index)
        else:
            return self._bad_subst(start)
        arg2 = None
        if op == "sub":
            arg = self._read_word(frozenset(":}"), True, dq)
            if self.pos < n and src[self.pos] == ":":
                self.pos += 1
                arg2 = self._read_word(frozenset("}"), True, dq)
        elif op.startswith("/"):
            arg = self._read_word(frozenset("/}"), True, dq)
            if self.pos < n and src[self.pos] == "/":
                self.pos += 1
                arg2 = self._read_word(frozenset("}"), True, dq)
        else:
            arg = self._read_word(frozenset("}"), True, dq)
        if self.pos >= n:
            raise ParseError("missing", self.line_at(start), token="}", incomplete=True)
        self.pos += 1
        return Param(name, op, arg, colon, arg2, raw=src[start:self.pos], index=index)

    def _bad_subst(self, start: int):
        end = self.src.find("}", start)
        if end < 0:
            raise ParseError("missing", self.line_at(start), token="}", incomplete=True)
        self.pos = end + 1
        return BadSubst(self.src[start:self.pos])  # each shell complains when it expands it

    def _arith_sub(self):
        """$(( ... )): find the matching "))" (parentheses may nest inside)."""
        src, n = self.src, self.n
        start = self.pos
        i = start + 3
        depth = 0
        while i < n:
            c = src[i]
            if c == "(":
                depth += 1
            elif c == ")":
                if depth == 0:
                    if i + 1 < n and src[i + 1] == ")":
                        break
                    return None  # $( (subshell) ): a command substitution after all
                depth -= 1
            i += 1
        else:
            if self.bash:
                raise ParseError("missing", self.line_at(start), token=")", incomplete=True)
            raise ParseError("missing", self.line_at(start), token="))", incomplete=True)
        inner = Parser(src[start + 3:i], self.dialect, self.line_at(start))
        parts = inner._scan(frozenset(), dq=True, heredoc=True)
        self.pos = i + 2
        return Arith(Word(parts, src[start + 3:i]))

    def _command_sub(self) -> CmdSub:
        start = self.pos
        self.pos += 2
        saved_peek, saved_docs = self._peeked, self._heredocs
        self._peeked, self._heredocs = None, []
        aliases, self.aliases = self.aliases, {}  # (found without them: the word being read holds this text)
        try:
            body = self.compound_list((), allow_empty=True, closing=")")
            tok = self.next()
            if tok.kind == "eof":
                raise self._unexpected(tok, ")")
        except ParseError as err:
            if err.kind == "eof" and self.bash:
                raise ParseError("missing", err.line, token=")", incomplete=True)
            if err.kind == "eof" and not err.expecting:
                err.expecting = ")"
            raise
        finally:
            self.aliases = aliases
        if not tok.is_op(")"):
            raise self._unexpected(tok)
        self._peeked, self._heredocs = saved_peek, saved_docs + self._heredocs
        text = self.src[start + 2:self.pos - 1]
        if aliases:  # read again with them, as the body's own text
            body = Parser(text, self.dialect, self.line_at(start), aliases).compound_list((), allow_empty=True)
        return CmdSub(body, text)

    def _backquote(self, dq: bool) -> CmdSub:
        src, n = self.src, self.n
        start = self.pos
        i = start + 1
        out: List[str] = []
        while True:
            if i >= n:
                if self.bash:
                    raise ParseError("quote", self.line_at(start), token="`", incomplete=True)
                raise ParseError("backquote", self.line_at(start), incomplete=True)
            c = src[i]
            if c == "`":
                break
            if c == "\\" and i + 1 < n:
                nxt = src[i + 1]
                if nxt in "$`\\" or (dq and nxt == '"'):
                    out.append(nxt)
                    i += 2
                    continue
                if nxt == "\n":
                    i += 2
                    continue
            out.append(c)
            i += 1
        self.pos = i + 1
        text = "".join(out)
        inner = Parser(text, self.dialect, self.line_at(start), self.aliases)
        body = inner.compound_list((), allow_empty=True)
        tok = inner.next()
        if tok.kind != "eof":
            raise inner._unexpected(tok)
        return CmdSub(body, text)

    # -- here-documents -------------------------------------------------------
    def _read_heredocs(self) -> None:
        docs, self._heredocs = self._heredocs, []
        for redirect in docs:
            delim = _unquote_delimiter(redirect.target)
            strip = redirect.op == "<<-"
            lines: List[str] = []
            while True:
                if self.pos >= self.n:
                    # delimited by end of file: bash warns, ash and dash say nothing
                    self.warnings.append((redirect.line, delim, redirect.line + len(lines)))
                    break
                end = self.src.find("\n", self.pos)
                if end < 0:
                    line, self.pos = self.src[self.pos:], self.n
                else:
                    line, self.pos = self.src[self.pos:end], end + 1
                check = line.lstrip("\t") if strip else line
                if check == delim:
                    break
                lines.append(check + "\n")
            body = "".join(lines)
            if redirect.quoted_heredoc:
                redirect.heredoc = Word([Quoted(body)], body)
            else:
                inner = Parser(body, self.dialect, redirect.line + 1)
                redirect.heredoc = Word(inner._scan_heredoc(), body)

    def _scan_heredoc(self) -> list:
        """A here-document body: like "..." but a double quote is an ordinary character."""
        return self._scan(frozenset(), dq=True, heredoc=True)

    # -- errors ---------------------------------------------------------------
    def _unexpected(self, tok: Token, expecting: str = "") -> ParseError:
        if tok.kind == "eof":
            return ParseError("eof", self.eof_line(), token="end of file", expecting=expecting,
                              incomplete=True)
        if tok.kind == "newline":
            return ParseError("unexpected", tok.line, token="newline", text="newline",
                              expecting=expecting)
        if tok.kind == "word":
            plain = tok.word.plain
            name = plain if plain in RESERVED or plain in ("[[", "]]", "function") else "word"
            return ParseError("unexpected", tok.line, token=name, text=tok.value,
                              expecting=expecting)
        if tok.kind == "io":
            return ParseError("unexpected", tok.line, token="word", text=str(tok.value),
                              expecting=expecting)
        return ParseError("unexpected", tok.line, token=tok.value, text=tok.value,
                          expecting=expecting)

    def _expect_word(self, keyword: str) -> Token:
        tok = self.next()
        if not tok.is_word(keyword):
            raise self._unexpected(tok, keyword)
        return tok

    # -- grammar --------------------------------------------------------------
    def next_command(self):
        """The next complete command at the top level, or None at the end of input."""
        while True:
            tok = self.peek()
            if tok.kind == "newline":
                self.next()
                continue
            if tok.kind == "eof":
                return None
            break
        node = self.and_or_list(top=True)
        tok = self.next()
        if tok.kind not in ("newline", "eof"):
            raise self._unexpected(tok)
        self.ended_by = tok.kind
        return node

    def ended_the_text(self) -> bool:
        """Whether the command just parsed is the text's last, as the shell that runs a
        -c string tells it (tail_exec.py): ash when the text ends right after it (a
        newline after it is read as such before the end is seen), bash when nothing
        follows its line."""
        if self.ended_by == "eof":
            return True
        return self.dialect == "bash" and self._peeked is None and self.pos >= self.n

    def parse_all(self) -> list:
        commands = []
        while True:
            node = self.next_command()
            if node is None:
                return commands
            commands.append(node)

    def _linebreak(self) -> None:
        while self.peek().kind == "newline":
            self.next()

    def and_or_list(self, top: bool = False, terminators=(), closing: str = "") -> CommandList:
        """and_or ((; | &) and_or)*; newlines separate too unless at the top level."""
        items = []
        while True:
            node = self.and_or()
            tok = self.peek()
            if tok.is_op(";", "&"):
                self.next()
                items.append((node, tok.value == "&"))
            elif tok.kind == "newline" and not top:
                items.append((node, False))
            else:
                items.append((node, False))
                return CommandList(items)
            if not top:
                self._linebreak()
            tok = self.peek()
            if tok.kind in ("eof", "newline") or self._ends_list(tok, terminators, closing):
                return CommandList(items)

    def _ends_list(self, tok: Token, terminators, closing: str) -> bool:
        if tok.kind == "op":
            return tok.value in (")", ";;", ";&", ";;&") and (closing == ")" or tok.value != ")")
        if tok.kind == "word":
            plain = tok.word.plain
            return plain is not None and plain in terminators
        return False

    def compound_list(self, terminators, allow_empty: bool = False, closing: str = ""):
        self._linebreak()
        tok = self.peek()
        if tok.kind == "eof" or self._ends_list(tok, terminators, closing):
            if allow_empty:
                return CommandList([])
            raise self._unexpected(tok, (terminators[-1] if terminators else closing)
                                   if tok.kind == "eof" else "")
        return self.and_or_list(terminators=terminators, closing=closing)

    def and_or(self):
        first = self.pipeline()
        rest = []
        while self.peek().is_op("&&", "||"):
            op = self.next().value
            self._linebreak()
            rest.append((op, self.pipeline()))
        return AndOr(first, rest) if rest else first

    def pipeline(self):
        tok = self.peek()
        line = tok.line
        timed = ""
        if self.bash and tok.is_word("time"):  # a keyword in bash; elsewhere a program
            self.next()
            timed = "time"
            while self.peek().is_word("-p") or self.peek().is_word("--"):
                self.next()
                timed = "posix"  # bash's TIMEOPT and TIMEIGN both ask for POSIX's format
            after = self.peek()
            if after.kind in ("eof", "newline") or after.is_op(";", "&", "&&", "||", ")", ";;") \
                    or after.is_word("}", "then", "do", "done", "fi", "esac"):
                return Pipeline([], False, [], line, timed)  # `time` alone times nothing
            tok = after
        negate = False
        if tok.is_word("!"):
            self.next()
            negate = True
        commands = [self.command()]
        stderr_too = []
        while self.peek().is_op("|", "|&"):
            stderr_too.append(self.next().value == "|&")
            self._linebreak()
            commands.append(self.command())
        if len(commands) == 1 and not negate and not timed:
            return commands[0]
        return Pipeline(commands, negate, stderr_too, line, timed)

    def _expand_alias(self, tok: Token) -> bool:
        """Put an alias's value in place of the word ``tok`` (an unquoted command name),
        unless that alias is being expanded already; then the text is read again."""
        name = tok.word.plain if tok.kind == "word" and self.aliases else None
        if name is None or name not in self.aliases or any(
                span[0] == name and span[1] <= tok.start < span[2] for span in self._alias_spans):
            return False
        value = self.aliases[name]
        delta = len(value) - (tok.end - tok.start)
        self.src = self.src[:tok.start] + value + self.src[tok.end:]
        self.n = len(self.src)
        self._newlines = [p for p in self._newlines if p < tok.start] + \
            [p + delta for p in self._newlines if p >= tok.end]  # (its own newlines: one line)
        for span in self._alias_spans:
            if span[2] >= tok.end:
                span[2] += delta
        self._alias_spans.append([name, tok.start, tok.start + len(value)])
        self._alias_next_at = tok.start + len(value) if value[-1:] in (" ", "\t") else None
        self.pos, self._peeked = tok.start, None
        return True

    def command(self):
        tok = self.peek()
        while self._expand_alias(tok):
            tok = self.peek()
        if tok.kind == "word":
            plain = tok.word.plain
            if plain is not None:
                handler = {
                    "if": self._if, "while": self._while, "until": self._while,
                    "for": self._for, "case": self._case, "{": self._group,
                }.get(plain)
                if handler is not None:
                    return self._redirected(handler())
                if plain in ("then", "else", "elif", "fi", "do", "done", "esac", "}", "in"):
                    raise self._unexpected(tok)
                if plain == "!":
                    raise self._unexpected(tok)
                if plain == "function" and self.bash:
                    return self._function_keyword()
                if plain == "[[" and self.dialect != "dash":
                    return self._redirected(self._cond())
            return self._simple_or_function()
        if tok.is_op("("):
            if self.bash and self.src.startswith("(", tok.end):
                arith = self._arith_command()
                if arith is not None:
                    return self._redirected(arith)
            return self._redirected(self._subshell())
        if tok.kind == "io" or (tok.kind == "op" and tok.value in REDIRECT_OPS):
            return self._simple_or_function()
        raise self._unexpected(tok)

    def _redirected(self, node):
        while True:
            tok = self.peek()
            if tok.kind == "io" or (tok.kind == "op" and tok.value in REDIRECT_OPS):
                node.redirects.append(self._redirect())
            else:
                return node

    def _redirect(self) -> Redirect:
        tok = self.next()
        fd = None
        if tok.kind == "io":
            fd = tok.value
            tok = self.next()
        op = tok.value
        target = self.next()
        if target.kind != "word":
            raise self._unexpected(target)
        redirect = Redirect(fd, op, target.word, tok.line)
        if op in ("<<", "<<-"):
            redirect.quoted_heredoc = any(not isinstance(p, Lit) for p in target.word.parts)
            self._heredocs.append(redirect)
        return redirect

    def _simple_or_function(self):
        tok = self.peek()
        line = tok.line
        assigns: List[Assign] = []
        words: List[Word] = []
        redirects: List[Redirect] = []
        array_args: List[Assign] = []
        while True:
            tok = self.peek()
            if tok.kind == "io" or (tok.kind == "op" and tok.value in REDIRECT_OPS):
                redirects.append(self._redirect())
                continue
            if tok.kind != "word":
                break
            if self._alias_next_at is not None and tok.start >= self._alias_next_at:
                self._alias_next_at = None  # the word after an alias that ends in a blank
                if self._expand_alias(tok):
                    continue
            self.next()
            if not words:
                assign = self._assignment(tok.word)
                if assign is not None:
                    if self.peek().is_op("("):
                        if not (self.bash and not assign.value.raw and assign.index is None):
                            raise self._unexpected(self.peek())
                        assign.array = self._array_literal()
                    assigns.append(assign)
                    continue
                if not assigns and not redirects and self.peek().is_op("("):
                    return self._function(tok)
            elif self.bash and words[0].plain in DECLARATIONS and self.peek().is_op("("):
                assign = self._assignment(tok.word)  # local -a a=(x y): the name goes to the builtin
                if assign is not None and not assign.value.raw and assign.index is None:
                    assign.array = self._array_literal()
                    array_args.append(assign)
                    words.append(Word([Lit(assign.name)], assign.name))
                    continue
            words.append(tok.word)
        if not assigns and not words and not redirects:
            raise self._unexpected(self.peek())
        return Simple(assigns, words, redirects, line, array_args)

    def _array_literal(self) -> List[Word]:
        """bash's name=( word ... ): the words up to the closing parenthesis."""
        self.next()  # (
        words = []
        while True:
            tok = self.next()
            if tok.kind == "newline":
                continue
            if tok.is_op(")"):
                return words
            if tok.kind != "word":
                raise self._unexpected(tok)
            words.append(tok.word)

    def _expression_word(self, text: str, line: int) -> Word:
        """A subscript or an arithmetic text as a word: expansions in it, quotes literal."""
        inner = Parser(text, self.dialect, line)
        return Word(inner._scan(frozenset(), dq=True, heredoc=True), text)

    def _assignment(self, word: Word) -> Optional[Assign]:
        first = word.parts[0] if word.parts else None
        if not isinstance(first, Lit):
            return None
        if self.bash:
            indexed = indexed_assignment_prefix(first.text)
            if indexed:
                name, index, appends, end = indexed
                rest = first.text[end:]
                parts = ([Lit(rest)] if rest else []) + word.parts[1:]
                return Assign(name, Word(parts, word.raw[end:]), appends,
                              index=self._expression_word(index, self.line_at(self.pos)))
        plain = assignment_prefix(first.text)
        if not plain or (plain[1] and self.dialect != "bash"):
            return None
        name, appends, end = plain
        rest = first.text[end:]
        parts = ([Lit(rest)] if rest else []) + word.parts[1:]
        return Assign(name, Word(parts, word.raw[end:]), appends)

    def _function(self, name_tok: Token) -> FuncDef:
        self.next()  # (
        tok = self.next()
        if not tok.is_op(")"):
            raise self._unexpected(tok)
        name = name_tok.word.plain
        if name is None:
            raise self._unexpected(name_tok)
        if self.dialect == "dash" and (not is_name(name) or name in SPECIAL_BUILTINS):
            # (ash and bash take any word: `:(){ :|:& };:`)
            raise ParseError("badfuncname", self.line_at(name_tok.start))
        return self._function_body(name, name_tok)

    def _function_keyword(self) -> FuncDef:
        self.next()
        name_tok = self.next()
        if name_tok.kind != "word":
            raise self._unexpected(name_tok)
        if self.peek().is_op("("):
            self.next()
            tok = self.next()
            if not tok.is_op(")"):
                raise self._unexpected(tok)
        return self._function_body(name_tok.word.plain or name_tok.value, name_tok)

    def _function_body(self, name: str, name_tok: Token) -> FuncDef:
        self._linebreak()
        tok = self.peek()
        compound = (tok.kind == "word" and tok.word.plain in ("{", "if", "while", "until", "for",
                                                              "case")) or tok.is_op("(")
        if self.bash and not compound:
            raise self._unexpected(tok)
        body = self.command()
        return FuncDef(name, body, name_tok.line, self.src[name_tok.start:self.pos])

    def _group(self) -> Group:
        line = self.next().line
        body = self.compound_list(("}",))
        self._expect_word("}")
        return Group(body, line)

    def _subshell(self) -> Subshell:
        line = self.next().line
        body = self.compound_list((), closing=")")
        tok = self.next()
        if not tok.is_op(")"):
            raise self._unexpected(tok, ")")
        return Subshell(body, line)

    def _arith_command(self):
        """bash's (( expr )): the text up to the matching "))"."""
        tok = self.peek()
        src, n = self.src, self.n
        i = tok.end + 1
        depth = 0
        while i < n:
            c = src[i]
            if c == "(":
                depth += 1
            elif c == ")":
                if depth == 0:
                    if i + 1 < n and src[i + 1] == ")":
                        break
                    return None
                depth -= 1
            i += 1
        else:
            return None
        self._peeked = None
        inner = Parser(src[tok.end + 1:i], self.dialect, tok.line)
        parts = inner._scan(frozenset(), dq=True, heredoc=True)
        self.pos = i + 2
        return ArithCmd(Word(parts, src[tok.end + 1:i]), tok.line)

    def _cond(self) -> CondCmd:
        line = self.next().line
        tokens = []
        while True:
            tok = self.next()
            if tok.kind == "word" and tok.word.plain == "]]":
                break
            if tok.kind in ("eof",):
                raise self._unexpected(tok, "]]")
            if tok.kind == "newline":
                raise self._unexpected(tok)
            if tok.kind == "word":
                tokens.append(tok.word)
                if tok.word.plain == "=~" and self.bash and self._peeked is None:
                    tokens.append(self._cond_regex())
            elif tok.kind == "io":
                tokens.append(Word([Lit(str(tok.value))], str(tok.value)))
            else:
                tokens.append(tok.value)
        return CondCmd(tokens, line)

    def _cond_regex(self) -> Word:
        """The right side of [[ ... =~ regex ]]: one word up to a blank outside parentheses
        (the regex's own parentheses and | are part of it)."""
        self._skip_blanks()
        src, n = self.src, self.n
        i, depth, quote = self.pos, 0, ""
        while i < n:
            c = src[i]
            if quote:
                quote = "" if c == quote else quote
            elif c in "'\"":
                quote = c
            elif c == "\\":
                i += 1
            elif c == "(":
                depth += 1
            elif c == ")" and depth:
                depth -= 1
            elif depth == 0 and c in " \t\n":
                break
            i += 1
        inner = Parser(src[self.pos:i], self.dialect, self.line_at(self.pos))
        word = inner._read_word(frozenset())
        self.pos = i
        return word

    def _if(self) -> If:
        line = self.next().line
        clauses = []
        cond = self.compound_list(("then",))
        self._expect_word("then")
        body = self.compound_list(("elif", "else", "fi"))
        clauses.append((cond, body))
        else_body = None
        while True:
            tok = self.next()
            if tok.is_word("elif"):
                cond = self.compound_list(("then",))
                self._expect_word("then")
                body = self.compound_list(("elif", "else", "fi"))
                clauses.append((cond, body))
            elif tok.is_word("else"):
                else_body = self.compound_list(("fi",))
                self._expect_word("fi")
                break
            elif tok.is_word("fi"):
                break
            else:
                raise self._unexpected(tok, "fi")
        return If(clauses, else_body, line)

    def _while(self) -> Loop:
        tok = self.next()
        cond = self.compound_list(("do",))
        self._expect_word("do")
        body = self.compound_list(("done",))
        self._expect_word("done")
        return Loop(cond, body, tok.value == "until", tok.line)

    def _for(self) -> For:
        line = self.next().line
        if self.bash:
            self._skip_blanks()
            if self._peeked is None and self.src.startswith("((", self.pos):
                return self._arith_for(line)
        name_tok = self.next()
        if name_tok.kind != "word" or not is_name(name_tok.word.plain or ""):
            if self.dialect in ("ash", "dash"):
                raise ParseError("badfor", line)
            if name_tok.kind != "word":
                raise self._unexpected(name_tok)
            # bash takes any word here and refuses it when the loop runs
            return self._for_rest(name_tok.word.raw, line)
        return self._for_rest(name_tok.word.plain, line)

    def _for_rest(self, var: str, line: int) -> For:
        words: Optional[List[Word]] = None
        self._linebreak()
        tok = self.peek()
        if tok.is_word("in"):
            self.next()
            words = []
            while self.peek().kind == "word":
                words.append(self.next().word)
            tok = self.next()
            if not (tok.is_op(";") or tok.kind == "newline"):
                raise self._unexpected(tok, "do")
            self._linebreak()
        elif tok.is_op(";"):
            self.next()
            self._linebreak()
        return For(var, words, self._do_done(), line)

    def _do_done(self):
        """A loop's `do ... done`: its body."""
        tok = self.peek()
        if not tok.is_word("do"):
            raise self._unexpected(tok, "do")
        self.next()
        body = self.compound_list(("done",))
        self._expect_word("done")
        return body

    def _arith_for(self, line: int) -> ArithFor:
        """for (( init; cond; step )); do ...; done: the three expressions up to the matching "))"."""
        src, n = self.src, self.n
        start = self.pos + 2
        i, depth = start, 0
        while i < n and not (depth == 0 and src.startswith("))", i)):
            depth += {"(": 1, ")": -1}.get(src[i], 0)
            i += 1
        if i >= n:
            raise ParseError("missing", line, token="))", incomplete=True)
        pieces = src[start:i].split(";")
        if len(pieces) != 3:
            raise ParseError("syntax", line, token="((")
        words = [self._expression_word(piece, line) for piece in pieces]  # each an arithmetic text
        self.pos = i + 2
        tok = self.peek()
        if tok.is_op(";") or tok.kind == "newline":
            self.next()
        self._linebreak()
        return ArithFor(words[0], words[1], words[2], self._do_done(), line)

    def _case(self) -> Case:
        line = self.next().line
        word_tok = self.next()
        if word_tok.kind != "word":
            raise self._unexpected(word_tok)
        self._linebreak()
        self._expect_word("in")
        items = []
        while True:
            self._linebreak()
            tok = self.peek()
            if tok.is_word("esac"):
                self.next()
                break
            if tok.kind == "eof":
                raise self._unexpected(tok, ")")
            if tok.is_op("("):
                self.next()
            patterns = []
            while True:
                tok = self.next()
                if tok.kind != "word":
                    raise self._unexpected(tok, ")" if tok.kind == "eof" else "")
                patterns.append(tok.word)
                tok = self.next()
                if tok.is_op(")"):
                    break
                if not tok.is_op("|"):
                    raise self._unexpected(tok, ")")
            self._linebreak()
            tok = self.peek()
            body = None
            if not (tok.is_op(";;", ";&", ";;&") or tok.is_word("esac")):
                body = self.compound_list(("esac",))
            tok = self.peek()
            terminator = ";;"
            if tok.is_op(";;", ";&", ";;&"):
                terminator = self.next().value
            elif tok.is_word("esac"):
                items.append((patterns, body, terminator))
                self.next()
                break
            else:
                raise self._unexpected(tok, "esac" if tok.kind == "eof" else "")
            items.append((patterns, body, terminator))
        return Case(word_tok.word, items, line)


def _unquote_delimiter(word: Word) -> str:
    out = []
    for part in word.parts:
        if isinstance(part, (Lit, Quoted)):
            out.append(part.text)
        elif isinstance(part, DQ):
            out.append("".join(p.text if isinstance(p, Quoted) else getattr(p, "raw", "")
                               for p in part.parts))
        else:
            out.append(getattr(part, "raw", ""))
    return "".join(out)


def parse(src: str, dialect: str = "ash") -> list:
    return Parser(src, dialect).parse_all()
