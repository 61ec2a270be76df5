"""BuildKit's shell-word processing: variable substitution, quotes, word splitting.

This is what the builder runs over the arguments of ENV, ARG, COPY, WORKDIR,
FROM... (``ProcessWord`` / ``ProcessWords`` in BuildKit's ``shell`` package).
It imitates a POSIX shell only as far as Docker does:

- ``$V`` and ``${V}``; ``${V:-word}`` ``${V-word}`` (default), ``${V:+word}``
  ``${V+word}`` (alternative), ``${V:?msg}`` ``${V?msg}`` (error),
  ``${V#pat}`` ``${V##pat}`` ``${V%pat}`` ``${V%%pat}`` (trim a prefix or a
  suffix), ``${V/pat/repl}`` ``${V//pat/repl}`` (replace). The colon forms
  treat an empty value like an unset one.
- positional and special parameters (``$1``, ``$@``, ``$$``...) are never set,
  so they expand to nothing; an unset variable expands to nothing too.
- single quotes keep everything; double quotes let ``$`` work, and the escape
  character there only escapes ``"``, ``$`` and itself; outside quotes it
  escapes any character. There is no command substitution and no globbing.
- word splitting happens after substitution, and only on unquoted text.

Messages are BuildKit's, wrapped as it wraps them:
``failed to process "${X?}": X: is not allowed to be unset``.
"""

from __future__ import annotations

import re
from typing import Dict, Iterable, List, Mapping, Optional, Tuple, Union

from ..record import field, record
from .errors import ShellLexError
from ..gostrings import is_digit, is_letter, is_space, quote, runes

EOF = None
Env = Union[Mapping[str, str], Iterable[str], None]
_SPECIAL_PARAMS = "@*#?-$!0"
_HEREDOC_BLANKS = (" ", "\t", "\r")  # what may stand between << and a heredoc's name
_UNEXPECTED_END = "unexpected end of statement while looking for matching"
_MISSING_BRACE = "syntax error: missing '}'"


class _Failure(Exception):
    """An error inside the lexer, before BuildKit's "failed to process" wrapping."""


def _char(ch: Optional[str]) -> str:
    """Go's string(rune) for a scanner result: EOF (-1) prints as U+FFFD."""
    return "\ufffd" if ch is EOF else ch


def build_envs(env: Env) -> Dict[str, str]:
    """An environment from a mapping or from "KEY=value" strings (a bare KEY is empty)."""
    if env is None:
        return {}
    if isinstance(env, Mapping):
        return dict(env)
    envs: Dict[str, str] = {}
    for item in env:
        key, _, value = item.partition("=")
        envs[key] = value
    return envs


class _Scanner:
    """Go's text/scanner used as BuildKit uses it: Peek and Next over runes."""

    def __init__(self, text: str):
        chars = runes(text)
        self.chars = chars[1:] if chars.startswith("\ufeff") else chars  # a leading BOM is skipped
        self.pos = 0

    def peek(self) -> Optional[str]:
        return self.chars[self.pos] if self.pos < len(self.chars) else EOF

    def next(self) -> Optional[str]:
        ch = self.peek()
        if ch is not EOF:
            self.pos += 1
        return ch


class _Words:
    """Collects the words of ProcessWords: unquoted blanks end a word, quoted text never."""

    def __init__(self):
        self.words: List[str] = []
        self.word = ""
        self.in_word = False

    def add_char(self, ch: str) -> None:
        if is_space(ch):
            if self.in_word and self.word:
                self.words.append(self.word)
                self.word, self.in_word = "", False
        else:
            self.add_raw_char(ch)

    def add_raw_char(self, ch: str) -> None:
        self.word += ch
        self.in_word = True

    def add_string(self, text: str) -> None:
        for ch in text:
            self.add_char(ch)

    def add_raw_string(self, text: str) -> None:
        self.word += text
        self.in_word = True

    def get(self) -> List[str]:
        if self.word:
            self.words.append(self.word)
            self.word, self.in_word = "", False
        return self.words


@record
class ProcessResult:
    result: str  # the processed word (ProcessWord)
    words: List[str]  # the same, split into fields (ProcessWords)
    # Variables found in the environment / used but not set, in order of first use (a dict
    # as an ordered set: BuildKit's lint reports them, and its output must not vary by run).
    matched: Dict[str, None] = field(default_factory=dict)
    unmatched: Dict[str, None] = field(default_factory=dict)


class Lex:
    """A configured lexer. The options are BuildKit's:

    ``raw_quotes`` keeps quote characters in the result, ``raw_escapes`` keeps
    escape characters, ``skip_process_quotes`` treats quotes as plain text
    (heredoc bodies), ``skip_unset_env`` leaves references to unset variables
    as they were written.
    """

    def __init__(self, escape_token: str = "\\", *, raw_quotes: bool = False,
                 raw_escapes: bool = False, skip_process_quotes: bool = False,
                 skip_unset_env: bool = False):
        self.escape_token = escape_token
        self.raw_quotes = raw_quotes
        self.raw_escapes = raw_escapes
        self.skip_process_quotes = skip_process_quotes
        self.skip_unset_env = skip_unset_env

    def process(self, word: str, env: Env = None) -> ProcessResult:
        state = _ShellWord(self, word, build_envs(env))
        try:
            result, words = state.process_stop_on(EOF, self.raw_escapes)
        except _Failure as err:
            raise ShellLexError(f"failed to process {quote(word)}: {err}") from None
        return ProcessResult(result, words, state.matches, state.nonmatches)

    def process_word(self, word: str, env: Env = None) -> str:
        return self.process(word, env).result

    def process_words(self, word: str, env: Env = None) -> List[str]:
        return self.process(word, env).words


def process_word(word: str, env: Env = None, escape: str = "\\") -> str:
    """Substitute variables in ``word`` and remove its quotes and escapes."""
    return Lex(escape).process_word(word, env)


def process_words(word: str, env: Env = None, escape: str = "\\") -> List[str]:
    """Like process_word, then split into fields on unquoted blanks."""
    return Lex(escape).process_words(word, env)


class _ShellWord:
    """The state of one run over one word."""

    def __init__(self, lex: Lex, word: str, envs: Dict[str, str]):
        self.lex = lex
        self.scanner = _Scanner(word)
        self.envs = envs
        self.raw_escapes = lex.raw_escapes
        self.matches: Dict[str, None] = {}
        self.nonmatches: Dict[str, None] = {}

    def _special(self, ch: str):
        if ch == "$":
            return self.process_dollar
        if ch == "<":
            return self.process_possible_heredoc
        if not self.lex.skip_process_quotes:
            if ch == "'":
                return self.process_single_quote
            if ch == '"':
                return self.process_double_quote
        return None

    def process_stop_on(self, stop: Optional[str], raw_escapes: bool) -> Tuple[str, List[str]]:
        """Process up to ``stop`` (consumed) or the end; return (result, words)."""
        sc, escape = self.scanner, self.lex.escape_token
        result: List[str] = []
        words = _Words()
        saved, self.raw_escapes = self.raw_escapes, raw_escapes
        try:
            while sc.peek() is not EOF:
                ch = sc.peek()
                if stop is not EOF and ch == stop:
                    sc.next()
                    return "".join(result), words.get()
                handler = self._special(ch)
                if handler:
                    text = handler()
                    result.append(text)
                    # A substituted value is split into fields; quoted text never is.
                    (words.add_string if ch == "$" else words.add_raw_string)(text)
                    continue
                ch = sc.next()
                if ch == escape:
                    if self.raw_escapes:
                        words.add_raw_char(ch)
                        result.append(ch)
                    ch = sc.next()
                    if ch is EOF:  # an escape at the very end is dropped
                        break
                    words.add_raw_char(ch)
                else:
                    words.add_char(ch)
                result.append(ch)
        finally:
            self.raw_escapes = saved
        if stop is not EOF:
            raise _Failure(f"{_UNEXPECTED_END} {stop}")
        return "".join(result), words.get()

    def process_single_quote(self) -> str:
        # Everything up to the next ' is literal; a ' cannot be escaped inside.
        sc, raw = self.scanner, self.lex.raw_quotes
        opening = sc.next()
        result = [opening] if raw else []
        while True:
            ch = sc.next()
            if ch is EOF:
                raise _Failure(f"{_UNEXPECTED_END} single-quote")
            if ch == "'":
                if raw:
                    result.append(ch)
                return "".join(result)
            result.append(ch)

    def process_double_quote(self) -> str:
        # $ still expands; the escape character only escapes ", $ and itself.
        sc, raw, escape = self.scanner, self.lex.raw_quotes, self.lex.escape_token
        opening = sc.next()
        result = [opening] if raw else []
        while True:
            ahead = sc.peek()
            if ahead is EOF:
                raise _Failure(f"{_UNEXPECTED_END} double-quote")
            if ahead == '"':
                closing = sc.next()
                if raw:
                    result.append(closing)
                return "".join(result)
            if ahead == "$":
                result.append(self.process_dollar())
                continue
            ch = sc.next()
            if ch == escape:
                if self.raw_escapes:
                    result.append(ch)
                ahead = sc.peek()
                if ahead is EOF:
                    continue  # the loop then reports the missing closing quote
                if ahead in ('"', "$", escape):
                    ch = sc.next()
            result.append(ch)

    def process_possible_heredoc(self) -> str:
        # Keep "<<" and the blanks after it in one word, so "<<  EOF" stays one word.
        sc = self.scanner
        sc.next()
        if sc.peek() != "<":
            return "<"
        sc.next()
        blanks = []
        while sc.peek() in _HEREDOC_BLANKS:
            blanks.append(sc.next())
        return "<<" + "".join(blanks)

    def get_env(self, name: str) -> Tuple[str, bool]:
        if name in self.envs:
            self.matches[name] = None
            return self.envs[name], True
        self.nonmatches[name] = None
        return "", False

    def process_name(self) -> str:
        """A variable name: letters, digits and _; or all leading digits; or one special."""
        sc = self.scanner
        name: List[str] = []
        while sc.peek() is not EOF:
            ch = sc.peek()
            if not name and is_digit(ch):
                while sc.peek() is not EOF and is_digit(sc.peek()):
                    name.append(sc.next())
                return "".join(name)
            if not name and ch in _SPECIAL_PARAMS:
                return sc.next()
            if not (is_letter(ch) or is_digit(ch) or ch == "_"):
                break
            name.append(sc.next())
        return "".join(name)

    def process_dollar(self) -> str:
        sc, skip_unset = self.scanner, self.lex.skip_unset_env
        sc.next()
        if sc.peek() != "{":
            name = self.process_name()
            if not name:
                return "$"
            value, found = self.get_env(name)
            if not found and skip_unset:
                return "$" + name
            return value

        sc.next()
        ahead = sc.peek()
        if ahead is EOF:
            raise _Failure(_MISSING_BRACE)
        if ahead in "{}:":
            raise _Failure("syntax error: bad substitution")
        name = self.process_name()
        ch = sc.next()
        modifier = _char(ch)
        if ch == "}":
            value, found = self.get_env(name)
            if not found and skip_unset:
                return "${" + name + "}"
            return value
        if ch == "/":
            return self._replace(name)
        if ch not in (":", "+", "-", "?", "#", "%"):
            raise _Failure(f"unsupported modifier ({modifier}) in substitution")

        null_is_unset = ch == ":"
        if null_is_unset:
            ch = sc.next()
            modifier += _char(ch)
        word = self._until("}", raw_escapes=ch in ("#", "%"))
        value, found = self.get_env(name)
        if skip_unset and not found:
            return "${" + name + modifier + word + "}"
        unset = not found or (null_is_unset and value == "")
        if ch == "-":
            return word if unset else value
        if ch == "+":
            return "" if unset else word
        if ch == "?":
            if not found:
                raise _Failure(f"{name}: {word or 'is not allowed to be unset'}")
            if null_is_unset and value == "":
                raise _Failure(f"{name}: {word or 'is not allowed to be empty'}")
            return value
        if ch in ("#", "%"):
            greedy = word[:1] == ch  # ## and %% remove the longest match
            if greedy:
                word = word[1:]
            trim = trim_suffix if ch == "%" else trim_prefix
            return trim(word, value, greedy)
        raise _Failure(f"unsupported modifier ({modifier}) in substitution")

    def _until(self, stop: str, raw_escapes: bool, missing: str = _MISSING_BRACE) -> str:
        try:
            word, _ = self.process_stop_on(stop, raw_escapes)
        except _Failure:
            if self.scanner.peek() is EOF:
                raise _Failure(missing) from None
            raise
        return word

    def _replace(self, name: str) -> str:
        sc = self.scanner
        replace_all = sc.peek() == "/"
        if replace_all:
            sc.next()
        pattern = self._until("/", True, "syntax error: missing '/' in ${}")
        replacement = self._until("}", True)
        value, found = self.get_env(name)
        if self.lex.skip_unset_env and not found:
            return "${" + name + "/" + pattern + "/" + replacement + "}"
        regex = _compile(pattern, greedy=True, anchored=False)
        if replace_all:
            return _go_replace_all(regex, value, replacement)
        match = regex.search(value)
        if match:
            value = value[:match.start()] + replacement + value[match.end():]
        return value


# ---------------------------------------------------------------- shell patterns

def shell_pattern_to_regex(pattern: str, greedy: bool, anchored: bool) -> str:
    """A shell wildcard pattern (``*``, ``?``, ``\\`` escapes; no brackets) as a regex."""
    sc = _Scanner(pattern)
    out = ["^"] if anchored else []
    star = ".*" if greedy else ".*?"
    while True:
        tok = sc.next()
        if tok is EOF:
            break
        if tok == "*":
            out.append(star)
            continue
        if tok == "?":
            out.append(".")
            continue
        if tok == "\\":
            if sc.peek() in ("}", "/"):
                continue  # escaped only for ${...} itself; not part of the pattern
            out.append("\\")
            tok = sc.next()
            if tok not in ("*", "?", "\\"):
                raise _Failure(f"invalid escape '\\{_char(tok)}'")
        elif tok in "[]{}.+()|^$":
            out.append("\\")
        out.append(tok)
    return "".join(out)


def _compile(pattern: str, greedy: bool, anchored: bool):
    try:
        return re.compile(shell_pattern_to_regex(pattern, greedy, anchored))
    except _Failure as err:
        raise _Failure(f"invalid pattern ({pattern}) in substitution: {err}") from None


def trim_prefix(pattern: str, value: str, greedy: bool) -> str:
    match = _compile(pattern, greedy, anchored=True).search(value)
    return value[match.end():] if match else value


def trim_suffix(pattern: str, value: str, greedy: bool) -> str:
    # A regex cannot find the shortest match at the right end, so both the
    # value and the pattern are reversed and the prefix is trimmed instead.
    return trim_prefix(_reverse_pattern(pattern), value[::-1], greedy)[::-1]


def _reverse_pattern(pattern: str) -> str:
    """Reverse a pattern, keeping each escape before the character it escapes."""
    chars = runes(pattern)
    out = [""] * len(chars)
    last = len(chars) - 1
    i = 0
    while i <= last:
        j = last - i
        if chars[i] == "\\" and i != last:
            out[j - 1], out[j] = chars[i], chars[i + 1]
            i += 2
        else:
            out[j] = chars[i]
            i += 1
    return "".join(out)


def _go_replace_all(regex, src: str, template: str) -> str:
    """Go's Regexp.ReplaceAllString (an empty match right after a match is not replaced)."""
    out: List[str] = []
    last_end = search = 0
    while search <= len(src):
        match = regex.search(src, search)
        if not match:
            break
        start, end = match.span()
        out.append(src[last_end:start])
        if end > last_end or start == 0:
            out.append(_go_expand(template, match.group(0)))
        last_end = end
        width = 1 if search < len(src) else 0
        if search + width > end:
            search += width
        elif search + 1 > end:
            search += 1
        else:
            search = end
    out.append(src[last_end:])
    return "".join(out)


def _go_expand(template: str, whole: str) -> str:
    """Go's Regexp.Expand for a regex without groups: $0 (or ${0}) is the match, $$ is $."""
    out: List[str] = []
    while "$" in template:
        i = template.index("$")
        out.append(template[:i])
        template = template[i:]
        if template[1:2] == "$":
            out.append("$")
            template = template[2:]
            continue
        parsed = _template_name(template[1:])
        if parsed is None:  # malformed: the $ is plain text
            out.append("$")
            template = template[1:]
            continue
        name, template = parsed
        if name == "0":
            out.append(whole)
    out.append(template)
    return "".join(out)


def _template_name(text: str) -> Optional[Tuple[str, str]]:
    """(name, rest) of a ``name`` or ``{name}`` reference, or None when malformed."""
    brace = text[:1] == "{"
    if brace:
        text = text[1:]
    i = 0
    while i < len(text) and (is_letter(text[i]) or is_digit(text[i]) or text[i] == "_"):
        i += 1
    if i == 0:
        return None
    name = text[:i]
    if brace:
        if text[i:i + 1] != "}":
            return None
        i += 1
    return name, text[i:]
