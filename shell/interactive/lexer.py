"""Syntax highlighting for the command language, as a pygments lexer.

A regular expression cannot know that in ``run -it alpine sh -c "ls"`` the
second ``-c`` belongs to the container's command, or that ``--name web``
takes a value. So instead of regexes this lexer asks ``context.read``, which
reads the line with the parser's rules and the registry's command and flag
names: what is coloured as a flag is what the parser will take as one.
"""

from __future__ import annotations

import re
from typing import Iterator, Tuple

from pygments.lexer import Lexer
from pygments.token import (Comment, Keyword, Name, Number, Operator, String, Text,
                            Whitespace, _TokenType)

from .context import COMMAND, END_OF_FLAGS, FLAG, Word, is_comment, read

NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")

Token = Tuple[int, _TokenType, str]


class CommandLexer(Lexer):
    name = "crsim-shell"
    aliases = ["crsim"]

    def get_tokens_unprocessed(self, text: str) -> Iterator[Token]:
        offset = 0
        for line in text.splitlines(keepends=True):
            yield from _line_tokens(line, offset)
            offset += len(line)


def _line_tokens(line: str, offset: int) -> Iterator[Token]:
    body = line.rstrip("\r\n")
    if is_comment(body):
        indent = len(body) - len(body.lstrip())
        if indent:
            yield offset, Whitespace, body[:indent]
        yield offset + indent, Comment.Single, body[indent:]
    else:
        reading = read(body)
        position = 0
        for word, place in zip(reading.words, reading.places):
            if word.start > position:
                yield offset + position, Whitespace, body[position:word.start]
            yield from _word_tokens(body, word, place.role, offset)
            position = word.end
        if position < len(body):
            yield offset + position, Whitespace, body[position:]
    if len(line) > len(body):
        yield offset + len(body), Whitespace, line[len(body):]


def _word_tokens(line: str, word: Word, role: str, offset: int) -> Iterator[Token]:
    raw = line[word.start:word.end]
    start = offset + word.start
    if role == COMMAND:
        yield start, Keyword, raw
    elif role == FLAG and raw.startswith("--") and "=" in raw:  # --name=web
        name, _, value = raw.partition("=")
        yield start, Name.Attribute, name
        yield start + len(name), Operator, "="
        if value:
            yield start + len(name) + 1, _value_token(value, value), value
    elif role == FLAG:
        yield start, Name.Attribute, raw
    elif role == END_OF_FLAGS:
        yield start, Operator, raw
    else:  # VALUE, ARG, and what the command does not know
        yield start, _value_token(raw, word.value), raw


def _value_token(raw: str, value: str) -> _TokenType:
    if raw[:1] in ("'", '"'):
        return String
    if NUMBER.fullmatch(value):
        return Number
    return Text


__all__ = ["CommandLexer"]
