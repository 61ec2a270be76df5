"""Reading Dockerfiles the way BuildKit (Docker's builder) reads them.

``parse(text)`` gives the parse tree (``ParseResult.ast``), whose ``dump()`` is
BuildKit's AST dump; ``check_known(ast)`` is the first check of BuildKit's
instruction pass; ``process_word`` / ``process_words`` are BuildKit's variable
substitution and word splitting, which the builder applies to ARG and ENV
values and to instruction arguments.

This package does no I/O: callers pass the Dockerfile's text (or bytes).
"""

from .directives import Directive, detect_syntax
from .errors import (DockerfileError, DockerfileParseError, InstructionError, ShellLexError,
                     UnknownInstructionError)
from .heredoc import Heredoc, chomp_content, parse_heredoc
from .instructions import COMMANDS, check_known
from .node import Node
from .parser import ParseResult, ParseWarning, parse
from .shell_lex import Lex, ProcessResult, process_word, process_words

__all__ = ["parse", "ParseResult", "Node", "ParseWarning", "Directive", "detect_syntax", "Heredoc",
           "parse_heredoc", "chomp_content", "check_known", "COMMANDS", "Lex", "ProcessResult",
           "process_word", "process_words", "DockerfileError", "DockerfileParseError",
           "InstructionError", "UnknownInstructionError", "ShellLexError"]
