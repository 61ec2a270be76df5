"""Word expansion: tilde, parameters, command substitution, arithmetic, then field
splitting, pathname expansion and quote removal, in POSIX's order.

An expanded word is a list of fields; a field is a list of segments
``(text, kind)``. The kind says what may still happen to the text: LIT
(unquoted text from the source: globbing applies), EXP (unquoted result of an
expansion: splitting and globbing apply) or Q (quoted: nothing applies).

Expansion is a generator because a command substitution runs commands, which
may run programs that sleep: ``argv = yield from expander.words(words)``.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs a start 2 ms (issue 18): annotations only
if TYPE_CHECKING:
    from typing import List, Optional, Tuple

    from .arith import ArithError

from ...lazy import LazyModule, LazyPattern
from .ast import DQ, Arith, BadSubst, CmdSub, Lit, Param, Quoted, Word

# $(( )) and the pattern matcher (globs, ${x%pat}): loaded by the first word that needs them
sh_arith = LazyModule(f"{__package__}.arith", globals())
pattern = LazyModule(f"{__package__}.pattern", globals())

LIT, EXP, Q = 0, 1, 2
DEFAULT_IFS = " \t\n"


# what ${!x} may name: a variable, an array element, a positional or special parameter
_INDIRECT_TARGET = LazyPattern(r"[A-Za-z_][A-Za-z0-9_]*(\[.*\])?|[0-9]+|[@*#?$!-]")


class ExpansionError(Exception):
    """kind: "unbound" (set -u), "unset" (${x?msg}), "badsubst" (with ``message``: bash's
    own words for it), "arith", "readonly"."""

    def __init__(self, kind: str, name: str = "", message: str = "", colon: bool = False,
                 arith: Optional[ArithError] = None):
        super().__init__(kind, name)
        self.kind = kind
        self.name = name
        self.message = message
        self.colon = colon
        self.arith = arith


class Field:
    __slots__ = ("segs", "forced")

    def __init__(self):
        self.segs: List[Tuple[str, int]] = []
        self.forced = False  # holds quoted text, so it stays even when empty


class Expander:
    def __init__(self, shell):
        self.sh = shell

    # -- entry points -----------------------------------------------------------
    def words(self, words: List[Word]):
        """Full expansion of command words: a list of argument strings."""
        out: List[str] = []
        if self.sh.dialect.name == "bash":
            words = [w for word in words for w in brace_expand(word)]
        for word in words:
            if len(word.parts) == 1 and type(word.parts[0]) is Lit \
                    and not _needs_work(word.parts[0].text):
                out.append(word.parts[0].text)  # the common case: a plain word
                continue
            fields = yield from self.fields(word)
            out.extend(self.finish(fields))
        return out

    def string(self, word: Word, tilde: bool = True, assignment: bool = False):
        """Expansion without splitting or globbing (assignments, redirections, case)."""
        fields = yield from self.fields(word, tilde=tilde, assignment=assignment)
        return " ".join("".join(t for t, _ in f.segs) for f in fields if f.segs or f.forced) \
            if len(fields) > 1 else "".join(t for t, _ in fields[0].segs)

    def pattern(self, word: Word):
        """A pattern: segments (text, quoted) for matching."""
        fields = yield from self.fields(word)
        segs = [s for f in fields for s in f.segs]
        return [(t, k == Q) for t, k in segs]

    def fields(self, word: Word, quoted: bool = False, tilde: bool = True,
               assignment: bool = False) -> List[Field]:
        fields = [Field()]
        parts = word.parts
        if tilde and parts and type(parts[0]) is Lit and parts[0].text.startswith("~"):
            parts = self._tilde(parts, fields)
        for part in parts:
            if assignment and type(part) is Lit and ":~" in part.text:
                self._assignment_tildes(part.text, fields)
                continue
            yield from self._part(part, fields, quoted)
        return fields

    # -- parts --------------------------------------------------------------------
    def _part(self, part, fields: List[Field], quoted: bool):
        kind = type(part)
        if kind is Lit:
            fields[-1].segs.append((part.text, Q if quoted else LIT))
        elif kind is Quoted:
            fields[-1].segs.append((part.text, Q))
            fields[-1].forced = True
        elif kind is DQ:
            if not any(type(q) is Param and q.name == "@" for q in part.parts):
                # "" is an empty field of its own; "$@" with no parameters is nothing
                fields[-1].segs.append(("", Q))
                fields[-1].forced = True
            for inner in part.parts:
                yield from self._part(inner, fields, True)
        elif kind is Param:
            yield from self._param(part, fields, quoted)
        elif kind is CmdSub:
            output = yield from self.sh.command_substitution(part.body)
            self._add(fields, output.rstrip("\n"), quoted)
        elif kind is Arith:
            text = yield from self.string(part.word, tilde=False)
            self._add(fields, str(self.arith(text)), quoted)
        elif kind is BadSubst:
            raise ExpansionError("badsubst", part.raw)

    def _add(self, fields: List[Field], text: str, quoted: bool) -> None:
        if quoted:
            fields[-1].segs.append((text, Q))
        elif text:
            fields[-1].segs.append((text, EXP))

    def arith(self, text: str) -> int:
        sh = self.sh
        sh.ctx.meter.pending += sh.costs.arith
        try:
            return sh_arith.evaluate(text, sh.get_var_for_arith, sh.set_var_checked,
                                     recurse=sh.dialect.name != "dash",
                                     posix=sh.dialect.name == "dash")
        except sh_arith.ArithError as err:
            raise ExpansionError("arith", arith=err) from None

    def _tilde(self, parts, fields: List[Field]):
        text = parts[0].text
        slash = text.find("/")
        prefix = text[1:] if slash < 0 else text[1:slash]
        if slash < 0 and len(parts) > 1:
            return parts  # ~"user": not a tilde prefix
        home = self.sh.home_of(prefix)
        if home is None:
            return parts
        fields[-1].segs.append((home, Q))
        rest = "" if slash < 0 else text[slash:]
        return ([Lit(rest)] if rest else []) + list(parts[1:])

    def _assignment_tildes(self, text: str, fields: List[Field]) -> None:
        pieces = text.split(":")
        for index, piece in enumerate(pieces):
            if index:
                fields[-1].segs.append((":", LIT))
            if index and piece.startswith("~"):
                slash = piece.find("/")
                user = piece[1:] if slash < 0 else piece[1:slash]
                home = self.sh.home_of(user)
                if home is not None:
                    fields[-1].segs.append((home, Q))
                    piece = "" if slash < 0 else piece[slash:]
            if piece:
                fields[-1].segs.append((piece, LIT))

    # -- parameters -----------------------------------------------------------------
    def _bash_indirect(self, p: Param, fields: List[Field], quoted: bool):
        """bash's ${!prefix*} (the names that start so), ${!a[@]} (an array's keys), ${!x}
        (the parameter x names)."""
        sh = self.sh
        if p.op == "names":
            names = sorted({n for n in list(sh.vars) + list(sh.arrays) if n.startswith(p.name)})
            self._positional("@" if p.raw.endswith("@}") else "*", names, fields, quoted)
            return
        if p.op == "keys":
            array = sh.arrays.get(p.name, {0: sh.vars[p.name]} if p.name in sh.vars else {})
            keys = [str(k) for k in (sorted(array) if p.name not in sh.assoc else array)]
            self._positional(p.index.raw.strip(), keys, fields, quoted)
            return
        target = sh.lookup(p.name)
        if target is None:  # bash refuses to follow an unset name, or one that is no name
            raise ExpansionError("badsubst", message=f"{p.name}: invalid indirect expansion")
        if not _INDIRECT_TARGET.fullmatch(target):
            raise ExpansionError("badsubst", message=f"{target}: invalid variable name")
        if "[" in target and target.endswith("]"):  # ${!ref} where ref="a[1]"
            base, _, index = target[:-1].partition("[")
            array = sh.arrays.get(base, {})
            key = index if base in sh.assoc else (self.arith(index) if index.strip() else 0)
            self._add(fields, array.get(key, ""), quoted)
            return
        self._add(fields, sh.lookup(target) or "" if target else "", quoted)
        yield from ()

    def _array_param(self, p: Param, fields: List[Field], quoted: bool):
        """bash's ${a[i]}, ${a[@]}, ${a[*]}, ${#a[@]}, ${#a[i]}: an element or all of them
        (an element with an operator goes on as a plain parameter would)."""
        sh = self.sh
        subscript = p.index.raw.strip()
        array = sh.arrays.get(p.name)
        if array is None:
            array = {} if p.name not in sh.vars else {0: sh.vars[p.name]}
        if subscript in ("@", "*"):
            keys = sorted(array) if p.name not in sh.assoc else list(array)
            values = [array[k] for k in keys]
            if p.op == "len":
                self._add(fields, str(len(values)), quoted)
            elif p.op is None:
                self._positional(subscript, values, fields, quoted)
            elif _for_each(p.op):
                values = yield from self._each(p, values, keys)
                self._positional(subscript, values, fields, quoted)
            else:
                self._add(fields, sh.star_join(values) if subscript == "*" else " ".join(values), quoted)
            return None
        key = yield from sh.array_key(p.name, p.index)
        return array.get(key)

    def _param(self, p: Param, fields: List[Field], quoted: bool):
        sh = self.sh
        name, op = p.name, p.op
        if op in ("names", "keys", "indirect"):
            yield from self._bash_indirect(p, fields, quoted)
            return
        if p.index is not None:
            element = yield from self._array_param(p, fields, quoted)
            if p.index.raw.strip() in ("@", "*"):
                return
            if op == "len":
                self._add(fields, str(len(element or "")), quoted)
                return
            yield from self._param_value(p, element, fields, quoted)
            return
        if op == "len":
            if name in ("@", "*"):
                # bash counts the parameters; ash and dash measure "$*"
                count = len(sh.positional) if sh.dialect.name == "bash" \
                    else len(sh.star_value())
                self._add(fields, str(count), quoted)
                return
            value = sh.lookup(name)
            if value is None and sh.option("u") and name not in ("@", "*"):
                raise ExpansionError("unbound", name)
            self._add(fields, str(len(value or "")), quoted)
            return
        # bash applies an operator to each parameter (ash and dash to "$*", as a string)
        if name in ("@", "*") and (op is None or (_for_each(op) and sh.dialect.name == "bash")):
            values = list(sh.positional)
            if op is not None:
                values = yield from self._each(p, values, None)
            self._positional(name, values, fields, quoted)
            return
        if name in ("@", "*"):
            value = sh.star_value() if sh.positional else None
        else:
            value = sh.lookup(name)
        yield from self._param_value(p, value, fields, quoted)

    def _param_value(self, p: Param, value, fields: List[Field], quoted: bool):
        """A parameter whose value is known ("" or None when unset): its operator applied."""
        sh = self.sh
        name, op = p.name, p.op
        if op is None:
            if value is None and sh.option("u") and name not in ("@", "*"):
                raise ExpansionError("unbound", name)
            if name in ("@", "*"):
                self._positional(name, list(sh.positional), fields, quoted)
                return
            self._add(fields, value or "", quoted)
            return
        if op in ("-", "=", "+", "?"):
            is_set = value is not None and not (p.colon and value == "")
            if op == "+":
                if is_set:
                    yield from self._word_into(p.arg, fields, quoted)
                return
            if is_set:
                if name in ("@", "*"):
                    self._positional(name, list(sh.positional), fields, quoted)
                else:
                    self._add(fields, value, quoted)
                return
            if op == "-":
                yield from self._word_into(p.arg, fields, quoted)
                return
            if op == "=":
                text = yield from self.string(p.arg)
                sh.assign_from_expansion(name, text)
                self._add(fields, text, quoted)
                return
            message = (yield from self.string(p.arg)) if p.arg and p.arg.parts else ""
            raise ExpansionError("unset", name, message, p.colon)
        if value is None and sh.option("u"):
            raise ExpansionError("unbound", name)
        if value is None and op.startswith("@"):
            return  # an unset variable transforms to nothing (not even '')
        value = value or ""
        if op in ("#", "##", "%", "%%"):
            pat = yield from self.pattern(p.arg)
            self._add(fields, pattern.strip(value, pat, op), quoted)
        elif op.startswith("/"):
            pat = yield from self.pattern(p.arg)
            rep = (yield from self.string(p.arg2)) if p.arg2 is not None else ""
            self._add(fields, pattern.replace(value, pat, rep, op), quoted)
        elif op in CASE_OPS:
            pat = (yield from self.pattern(p.arg)) if p.arg is not None and p.arg.parts else None
            self._add(fields, change_case(value, op, pat), quoted)
        elif op.startswith("@"):
            self._add(fields, transform(value, op[1]), quoted)
        elif op == "sub":
            offset_text = yield from self.string(p.arg, tilde=False)
            offset = self.arith(offset_text) if offset_text.strip() else 0
            if offset < 0:
                offset = max(0, len(value) + offset)
            result = value[offset:]
            if p.arg2 is not None:
                length_text = yield from self.string(p.arg2, tilde=False)
                length = self.arith(length_text) if length_text.strip() else 0
                result = result[:length] if length >= 0 else result[:max(0, len(result) + length)]
            self._add(fields, result, quoted)

    def _each(self, p: Param, values: List[str], keys):
        """bash: ``p``'s operator on each of "$@" (``keys`` None) or an array's elements;
        ${x[@]:offset:length} takes elements (by index: from ${x[offset]}; $0 is the
        parameters' element 0)."""
        op = p.op
        if op == "sub":
            if keys is None:  # "$@": $0 is element 0
                values = [self.sh.arg0] + values
            if keys is None or (keys and not isinstance(keys[0], int)):  # (an associative
                keys = range(len(values))  # array's: by position, as bash takes them)
            offset_text = yield from self.string(p.arg, tilde=False)
            offset = self.arith(offset_text) if offset_text.strip() else 0
            if offset < 0:
                offset += (keys[-1] + 1) if keys else 0
            chosen = [v for k, v in zip(keys, values) if k >= offset]
            if p.arg2 is not None:
                length_text = yield from self.string(p.arg2, tilde=False)
                length = self.arith(length_text) if length_text.strip() else 0
                if length < 0:
                    raise ExpansionError("badsubst", message=f"{length}: substring expression < 0")
                chosen = chosen[:length]
            return chosen
        if op in ("#", "##", "%", "%%"):
            pat = yield from self.pattern(p.arg)
            return [pattern.strip(v, pat, op) for v in values]
        if op.startswith("/"):
            pat = yield from self.pattern(p.arg)
            rep = (yield from self.string(p.arg2)) if p.arg2 is not None else ""
            return [pattern.replace(v, pat, rep, op) for v in values]
        if op.startswith("@"):
            return [transform(v, op[1]) for v in values]
        pat = (yield from self.pattern(p.arg)) if p.arg is not None and p.arg.parts else None
        return [change_case(v, op, pat) for v in values]

    def _word_into(self, word: Optional[Word], fields: List[Field], quoted: bool):
        if word is None:
            return
        inner = yield from self.fields(word, quoted=quoted)
        first = True
        for field in inner:
            if not first:
                fields.append(Field())
            # unquoted, the word's own text is split like an expansion: ${u:-a b c} is 3 fields
            fields[-1].segs.extend(seg if quoted or seg[1] != LIT else (seg[0], EXP) for seg in field.segs)
            fields[-1].forced = fields[-1].forced or field.forced
            first = False

    def _positional(self, name: str, values: List[str], fields: List[Field], quoted: bool):
        if quoted and name == "*":
            fields[-1].segs.append((self.sh.star_join(values), Q))
            fields[-1].forced = True
            return
        for index, value in enumerate(values):
            if index:
                fields.append(Field())
            if quoted:
                fields[-1].segs.append((value, Q))
                fields[-1].forced = True
            elif value:
                fields[-1].segs.append((value, EXP))

    # -- splitting and globbing -------------------------------------------------------
    def finish(self, fields: List[Field]) -> List[str]:
        sh = self.sh
        ifs = sh.lookup("IFS")
        if ifs is None:
            ifs = DEFAULT_IFS
        noglob = sh.option("f")
        shopts = sh.shopts
        out: List[str] = []
        for field in fields:
            if not field.segs and not field.forced:
                continue
            for piece in split(field, ifs):
                if not noglob:
                    segs = [(t, k == Q) for t, k in piece]
                    if pattern.has_glob(segs):
                        matches = pattern.glob(sh.fs, sh.cwd, segs, shopts.get("dotglob", False),
                                               shopts.get("nocaseglob", False))
                        if matches:
                            out.extend(matches)
                            continue
                        if shopts.get("failglob"):  # bash: the command is not run
                            raise ExpansionError("badsubst", message="no match: " + "".join(t for t, _ in piece))
                        if shopts.get("nullglob"):
                            continue
                out.append("".join(t for t, _ in piece))
        return out


def split(field: Field, ifs: str) -> List[List[Tuple[str, int]]]:
    """Field splitting of the EXP segments on $IFS (POSIX 2.6.5)."""
    if not ifs or not any(k == EXP for _, k in field.segs):
        return [field.segs] if field.segs or field.forced else []
    white = {c for c in ifs if c in " \t\n"}
    out: List[List[Tuple[str, int]]] = []
    cur: List[Tuple[str, int]] = []
    started = False
    after_white = False
    for text, kind in field.segs:
        if kind != EXP:
            cur.append((text, kind))
            if kind == Q or text:
                started = True
                after_white = False
            continue
        buf: List[str] = []
        for ch in text:
            if ch in ifs:
                if buf:
                    cur.append(("".join(buf), EXP))
                    buf = []
                if ch in white:
                    if started:
                        out.append(cur)
                        cur, started, after_white = [], False, True
                else:
                    if started or not after_white:
                        out.append(cur)
                        cur, started = [], False
                    after_white = False
            else:
                buf.append(ch)
                started = True
                after_white = False
        if buf:
            cur.append(("".join(buf), EXP))
    if started:
        out.append(cur)
    return out


def _needs_work(text: str) -> bool:
    return "*" in text or "?" in text or "[" in text or text[:1] == "~"


# -- brace expansion (bash) ------------------------------------------------------
def brace_expand(word: Word) -> List[Word]:
    """bash's {a,b} and {1..5}, within one unquoted literal part of a word."""
    for index, part in enumerate(word.parts):
        if type(part) is not Lit or "{" not in part.text:
            continue
        found = _find_brace(part.text)
        if found is None:
            continue
        start, end, items = found
        out: List[Word] = []
        for item in items:
            text = part.text[:start] + item + part.text[end + 1:]
            parts = list(word.parts[:index]) + ([Lit(text)] if text else []) + \
                list(word.parts[index + 1:])
            out.extend(brace_expand(Word(parts, word.raw)))
        return out
    return [word]


def _find_brace(text: str):
    i = 0
    while True:
        start = text.find("{", i)
        if start < 0:
            return None
        depth = 0
        commas = []
        for j in range(start, len(text)):
            c = text[j]
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    body = text[start + 1:j]
                    if commas:
                        cuts = [start + 1] + [k + 1 for k in commas] + [j + 1]
                        items = [text[a:b - 1] for a, b in zip(cuts, cuts[1:])]
                        return start, j, items
                    seq = _sequence(body)
                    if seq is not None:
                        return start, j, seq
                    break
            elif c == "," and depth == 1:
                commas.append(j)
        i = start + 1


def _sequence(body: str):
    import re
    m = re.fullmatch(r"(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?", body)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        step = abs(int(m.group(3) or 1)) or 1
        width = max(len(m.group(1)), len(m.group(2))) if (
            m.group(1).lstrip("-").startswith("0") or m.group(2).lstrip("-").startswith("0")) else 0
        values = range(a, b + 1, step) if a <= b else range(a, b - 1, -step)
        return [str(v).zfill(width) if width else str(v) for v in values]
    m = re.fullmatch(r"([A-Za-z])\.\.([A-Za-z])(?:\.\.(-?\d+))?", body)
    if m:
        a, b = ord(m.group(1)), ord(m.group(2))
        step = abs(int(m.group(3) or 1)) or 1
        values = range(a, b + 1, step) if a <= b else range(a, b - 1, -step)
        # (the characters between Z and a include a backslash: quote removal leaves "")
        return ["" if v == 92 else chr(v) for v in values]
    return None


CASE_OPS = ("^", "^^", ",", ",,", "~", "~~")


def change_case(value: str, op: str, pat) -> str:
    """bash's ${x^}, ${x^^} (upper), ${x,}, ${x,,} (lower) and ${x~}, ${x~~} (the other
    case): the first character, or all, that match the pattern (any when none is given)."""
    convert = {"^": str.upper, ",": str.lower, "~": str.swapcase}[op[0]]
    out = []
    for index, char in enumerate(value):
        if (index == 0 or len(op) == 2) and (pat is None or pattern.match(pat, char)):
            char = convert(char)
        out.append(char)
    return "".join(out)


_ANSI_C = {"\a": "\\a", "\b": "\\b", "\x1b": "\\E", "\f": "\\f", "\n": "\\n", "\r": "\\r",
           "\t": "\\t", "\v": "\\v", "\\": "\\\\", "'": "\\'"}


def has_control(value: str) -> bool:
    return any(c < " " or c == "\x7f" for c in value)


def ansi_c_quote(value: str) -> str:
    """bash's $'...' for a value with control characters (${x@Q}, declare -p): C's
    escapes, \\E for ESC, three octal digits for the others."""
    return "$'" + "".join(_ANSI_C.get(c) or (f"\\{ord(c):03o}" if c < " " or c == "\x7f" else c)
                          for c in value) + "'"


def _for_each(op: str) -> bool:
    """The operators bash applies to each element of "$@" or "${a[@]}"."""
    return op in ("sub", "#", "##", "%", "%%", "/", "//", "/#", "/%") or op in CASE_OPS \
        or op.startswith("@")


def transform(value: str, letter: str) -> str:
    """bash's ${x@Q} (quoted to be read again), @U, @u and @L."""
    if letter == "Q":
        return ansi_c_quote(value) if has_control(value) else "'" + value.replace("'", "'\\''") + "'"
    if letter == "U":
        return value.upper()
    if letter == "L":
        return value.lower()
    return value[:1].upper() + value[1:]
