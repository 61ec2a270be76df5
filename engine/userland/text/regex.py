"""POSIX regular expressions (BRE and ERE) translated to Python's ``re``.

grep, sed, awk and expr speak POSIX regular expressions, with the GNU
extensions glibc and musl both accept (``\\+ \\? \\|`` in BREs, ``\\< \\> \\b
\\w \\s``, back-references). Python's syntax differs in many small ways:
in a BRE ``+ ? ( ) { } |`` are ordinary characters and ``\\( \\)`` group;
``*`` at the start of an expression is literal; ``^`` and ``$`` anchor only
at the ends of an expression; a backslash inside brackets is an ordinary
character; ``[[:alpha:]]`` names a class. ``translate`` rewrites a pattern
token by token and raises ``RegexError`` with the C library's error code for
what regcomp would refuse.

The dialects differ in strictness. GNU grep's own matcher (dfa) reads a
misplaced ``{`` or ``*`` as a literal character where glibc's regcomp (GNU
sed, BusyBox on glibc) and musl's (Alpine) refuse it: ``strict=False`` is
grep's leniency.

The translated pattern runs on RE2 (the google-re2 package) when it is installed
and the pattern needs no back-reference or lookaround: RE2 matches in time linear
in the input, as glibc's and musl's matchers never blow up where Python's
backtracking does (``(a*)*b`` on a line of a's), and it picks the longest of the
leftmost matches as POSIX does (``a|ab|abc`` matches "abc" in "abcd"; Python
takes the first alternative). Without the package, or for a pattern RE2 cannot
take, Python's ``re`` runs it.
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

# regcomp's error codes and the texts regerror gives for them.
BADPAT, ECOLLATE, ECTYPE, EESCAPE, ESUBREG, EBRACK, EPAREN, EBRACE, BADBR, ERANGE, \
    ESPACE, BADRPT, EEND, ESIZE, ERPAREN = range(2, 17)

GLIBC_TEXTS = {
    BADPAT: "Invalid regular expression", ECOLLATE: "Invalid collation character",
    ECTYPE: "Invalid character class name", EESCAPE: "Trailing backslash",
    ESUBREG: "Invalid back reference", EBRACK: "Unmatched [, [^, [:, [., or [=",
    EPAREN: "Unmatched ( or \\(", EBRACE: "Unmatched \\{", BADBR: "Invalid content of \\{\\}",
    ERANGE: "Invalid range end", ESPACE: "Memory exhausted",
    BADRPT: "Invalid preceding regular expression", EEND: "Premature end of regular expression",
    ESIZE: "Regular expression too big", ERPAREN: "Unmatched ) or \\)",
}
# musl's src/regex/regerror.c (TRE's codes; an unmatched ")" is a missing "(").
MUSL_TEXTS = {
    BADPAT: "Invalid regexp", ECOLLATE: "Unknown collating element",
    ECTYPE: "Unknown character class name", EESCAPE: "Trailing backslash",
    ESUBREG: "Invalid back reference", EBRACK: "Missing ']'", EPAREN: "Missing ')'",
    EBRACE: "Missing '}'", BADBR: "Invalid contents of {}", ERANGE: "Invalid character range",
    ESPACE: "Out of memory", BADRPT: "Repetition not preceded by valid expression",
    EEND: "Invalid regexp", ESIZE: "Out of memory", ERPAREN: "Missing ')'",
}


class RegexError(Exception):
    def __init__(self, code: int):
        super().__init__(code)
        self.code = code

    def text(self, libc: str = "glibc") -> str:
        return (MUSL_TEXTS if libc == "musl" else GLIBC_TEXTS)[self.code]


CLASSES = {
    "alpha": "a-zA-Z", "digit": "0-9", "alnum": "0-9a-zA-Z", "upper": "A-Z", "lower": "a-z",
    "space": " \\t\\n\\r\\f\\v", "blank": " \\t", "xdigit": "0-9A-Fa-f",
    "punct": re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~").replace("\\ ", " "),
    "print": " -~", "graph": "!-~", "cntrl": "\\x00-\\x1f\\x7f",
}

_PY_SPECIAL_IN_SET = set("\\]^-[&~|")


def _set_char(c: str) -> str:
    return "\\" + c if c in _PY_SPECIAL_IN_SET else (c if c.isprintable() else f"\\x{ord(c):02x}"
                                                     if ord(c) < 256 else c)


class _Parser:
    def __init__(self, pattern: str, extended: bool, strict: bool, sed: bool):
        self.p = pattern
        self.i = 0
        self.ere = extended
        self.strict = strict
        self.sed = sed
        self.groups = 0
        self.open_groups: List[int] = []
        self.closed_groups: set = set()
        self.warnings: List[str] = []

    # -- helpers --------------------------------------------------------------
    def peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.p[j] if j < len(self.p) else ""

    def at_end(self) -> bool:
        return self.i >= len(self.p)

    def closing_ahead(self) -> bool:
        """Is the parser at a group close or an alternation (where $ may anchor)?"""
        if self.ere:
            return self.peek() in (")", "|")
        return self.peek() == "\\" and self.peek(1) in (")", "|")

    # -- grammar --------------------------------------------------------------
    def parse(self) -> str:
        out = self.alternation(top=True)
        if not self.at_end():
            # An unmatched close of a group.
            if self.strict or not self.ere:
                raise RegexError(ERPAREN)
        return out

    def alternation(self, top: bool) -> str:
        branches = [self.branch()]
        while not self.at_end():
            if self.ere and self.peek() == "|":
                self.i += 1
            elif not self.ere and self.peek() == "\\" and self.peek(1) == "|":
                self.i += 2
            else:
                break
            branches.append(self.branch())
        return "|".join(branches)

    def branch(self) -> str:
        pieces: List[List] = []  # [text, quantified]
        start_of_branch = True
        while not self.at_end():
            c = self.peek()
            # End of this branch?
            if self.ere and c == "|":
                break
            if self.ere and c == ")":
                if self.open_groups:
                    break
                if self.strict:
                    raise RegexError(ERPAREN)
                self.i += 1
                pieces.append(["\\)", False])
                start_of_branch = False
                continue
            if not self.ere and c == "\\" and self.peek(1) in ("|", ")"):
                if self.peek(1) == ")" and not self.open_groups:
                    raise RegexError(ERPAREN)
                break
            # Anchors.
            if c == "^":
                if self.ere or start_of_branch:
                    self.i += 1
                    pieces.append(["^", True])  # an anchor cannot be repeated usefully
                    start_of_branch = not self.ere or start_of_branch
                    if not self.ere:
                        continue
                    continue
                self.i += 1
                pieces.append(["\\^", False])
                continue
            if c == "$":
                self.i += 1
                if self.ere or self.at_end() or self.closing_ahead():
                    pieces.append(["\\Z", True])
                else:
                    pieces.append(["\\$", False])
                start_of_branch = False
                continue
            # Repetition operators.
            quant = self.quantifier(start_of_branch or not pieces or pieces[-1][0] == "^")
            if quant is not None:
                if quant == "":
                    continue
                last = pieces[-1]
                if last[1]:
                    last[0] = f"(?:{last[0]}){quant}"
                else:
                    last[0] += quant
                    last[1] = True
                continue
            atom = self.atom()
            pieces.append([atom, False])
            start_of_branch = False
        return "".join(piece[0] for piece in pieces)

    def quantifier(self, at_start: bool) -> Optional[str]:
        """A repetition operator at the cursor: its Python text ("" if it was
        taken as a literal atom and appended by the caller), or None."""
        c, nxt = self.peek(), self.peek(1)
        if c == "*":
            if at_start:
                if self.ere:
                    if self.strict:
                        raise RegexError(BADRPT)
                    # GNU grep repeats the empty expression: the operator vanishes.
                    self.warnings.append("* at start of expression")
                    self.i += 1
                    return ""
                return None  # a BRE's leading "*" is literal: atom() takes it
            self.i += 1
            return "*"
        if self.ere and c in "+?":
            if at_start:
                if self.strict:
                    raise RegexError(BADRPT)
                self.warnings.append(f"{c} at start of expression")
                self.i += 1
                return ""
            self.i += 1
            return c
        if not self.ere and c == "\\" and nxt in "+?":
            if at_start:
                if self.strict:
                    raise RegexError(BADRPT)
                return None
            self.i += 2
            return nxt
        brace = (self.ere and c == "{") or (not self.ere and c == "\\" and nxt == "{")
        if brace:
            start = self.i
            self.i += 1 if self.ere else 2
            interval = self.interval()
            if interval is None:  # not an interval: a literal "{" (GNU grep)
                self.i = start
                return None
            if at_start:
                if self.strict:
                    raise RegexError(BADRPT)
                if self.ere:
                    self.warnings.append("{...} at start of expression")
                    return ""
                self.i = start
                return None
            return interval
        return None

    def interval(self) -> Optional[str]:
        """After "{" or "\\{": the Python quantifier; None if lenient and not one."""
        close = "}" if self.ere else "\\}"
        end = self.p.find(close, self.i)
        if end < 0:
            if self.strict or not self.ere:
                raise RegexError(EBRACE)
            return None
        body = self.p[self.i:end]
        match = re.fullmatch(r"(\d*)(,?)(\d*)", body)
        if not match or (not match.group(1) and not match.group(2)):
            if self.strict or not self.ere:
                raise RegexError(BADBR)
            return None
        low = int(match.group(1)) if match.group(1) else 0
        high = int(match.group(3)) if match.group(3) else None
        if not match.group(2):
            high = low
        if high is not None and high < low:
            raise RegexError(BADBR)
        if (high if high is not None else low) > 32767:
            raise RegexError(ESIZE if self.strict else BADBR)
        self.i = end + len(close)
        if high == low:
            return f"{{{low}}}"
        return f"{{{low},{'' if high is None else high}}}"

    def atom(self) -> str:
        c = self.peek()
        if c == "[":
            return self.bracket()
        if c == ".":
            self.i += 1
            return "."
        if self.ere and c == "(":
            return self.group(1)
        if self.ere and c in "*+?{":
            self.i += 1
            return re.escape(c)
        if c == "\\":
            return self.escape()
        self.i += 1
        return re.escape(c)

    def group(self, width: int) -> str:
        self.i += width
        self.groups += 1
        number = self.groups
        self.open_groups.append(number)
        inner = self.alternation(top=False)
        if self.ere:
            if self.peek() != ")":
                raise RegexError(EPAREN)
            self.i += 1
        else:
            if not (self.peek() == "\\" and self.peek(1) == ")"):
                raise RegexError(EPAREN)
            self.i += 2
        self.open_groups.pop()
        self.closed_groups.add(number)
        return f"({inner})"

    def escape(self) -> str:
        e = self.peek(1)
        if e == "":
            raise RegexError(EESCAPE)
        if not self.ere and e == "(":
            return self.group(2)
        if not self.ere and e == "{":
            # "\{" with nothing before it: GNU grep reads a literal "{".
            if self.strict:
                raise RegexError(BADRPT)
            self.i += 2
            return "\\{"
        if not self.ere and e == "}":
            self.i += 2
            return "\\}"
        self.i += 2
        if e.isdigit() and e != "0":
            number = int(e)
            if number not in self.closed_groups:
                raise RegexError(ESUBREG)
            return f"(?:\\{number})"
        special = {"<": r"\b(?=\w)", ">": r"\b(?<=\w)", "b": r"\b", "B": r"\B", "w": r"\w",
                   "W": r"\W", "s": r"\s", "S": r"\S", "`": r"\A", "'": r"\Z"}
        if e in special:
            return special[e]
        if self.sed:
            sed_escapes = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
            if e in sed_escapes:
                return re.escape(sed_escapes[e])
        return re.escape(e)

    def bracket(self) -> str:
        start = self.i
        self.i += 1
        negate = False
        if self.peek() == "^":
            negate = True
            self.i += 1
        items: List[str] = []
        first = True
        while True:
            if self.at_end():
                if self.i == start + 1 and not self.strict:
                    raise RegexError(BADPAT)
                raise RegexError(EBRACK)
            c = self.peek()
            if c == "]" and not first:
                self.i += 1
                break
            first = False
            if c == "[" and self.peek(1) in ":=.":
                kind = self.peek(1)
                end = self.p.find(kind + "]", self.i + 2)
                if end < 0:
                    raise RegexError(EBRACK)
                name = self.p[self.i + 2:end]
                self.i = end + 2
                if kind == ":":
                    if name not in CLASSES:
                        raise RegexError(ECTYPE)
                    items.append(CLASSES[name])
                    continue
                if len(name) != 1:
                    raise RegexError(ECOLLATE)
                low = name
            else:
                low = c
                self.i += 1
                if self.sed and c == "\\" and self.peek() in "nt\\]":
                    mapped = {"n": "\n", "t": "\t", "\\": "\\", "]": "]"}[self.peek()]
                    if self.peek() in "nt":
                        low = mapped
                        self.i += 1
            # A range?
            if self.peek() == "-" and self.peek(1) not in ("]", ""):
                self.i += 1
                if self.peek() == "[" and self.peek(1) in ".=":
                    kind = self.peek(1)
                    end = self.p.find(kind + "]", self.i + 2)
                    if end < 0:
                        raise RegexError(EBRACK)
                    high = self.p[self.i + 2:end]
                    self.i = end + 2
                else:
                    high = self.peek()
                    self.i += 1
                if ord(high) < ord(low):
                    raise RegexError(ERANGE)
                items.append(f"{_set_char(low)}-{_set_char(high)}")
                continue
            items.append(_set_char(low))
        body = "".join(items)
        if not body:
            return "[^\\s\\S]" if not negate else "[\\s\\S]"
        return f"[{'^' if negate else ''}{body}]"


def translate(pattern: str, extended: bool = False, *, strict: bool = True,
              sed: bool = False) -> Tuple[str, int, List[str]]:
    """(python pattern, number of groups, warnings) for a POSIX pattern."""
    parser = _Parser(pattern, extended, strict, sed)
    return parser.parse(), parser.groups, parser.warnings


def compile_posix(pattern: str, extended: bool = False, *, icase: bool = False,
                  strict: bool = True, sed: bool = False) -> "re.Pattern[str]":
    text, _, _ = translate(pattern, extended, strict=strict, sed=sed)
    flags = re.DOTALL | re.ASCII | (re.IGNORECASE if icase else 0)
    try:
        return compile_translated(text, flags)
    except re.error:
        raise RegexError(BADPAT) from None


_RE2 = []  # the re2 module once looked for ([None] when it is not installed)
_BACKTRACKING = re.compile(r"\\[1-9]|\(\?[=!<]")  # back-references and lookarounds: not RE2's


def _re2():
    if not _RE2:
        try:
            import re2  # google-re2: loaded with the first regular expression
        except ImportError:
            re2 = None
        _RE2.append(re2)
    return _RE2[0]


def compile_translated(text: str, flags: int):
    """A translated pattern compiled: on RE2 (linear, leftmost-longest) where it can
    run it, else on Python's re (raises re.error as re.compile does)."""
    re2 = _re2()
    if re2 is not None and not _BACKTRACKING.search(text):
        options = re2.Options()
        options.longest_match = True
        options.log_errors = False
        options.dot_nl = bool(flags & re.DOTALL)
        options.case_sensitive = not flags & re.IGNORECASE
        try:
            return re2.compile(text, options)
        except re2.error:
            pass  # a construct RE2 lacks: Python's re takes it
    return re.compile(text, flags)
