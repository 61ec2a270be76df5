"""BuildKit's shell-lexer test tables (envVarTest, wordsTest) from ../shared/conformance.

Skipped when the folder is not beside the project (a fresh clone).
"""

from pathlib import Path

import pytest

from engine.build import ShellLexError, process_word, process_words
from engine.gostrings import trim_space

SHELL = (Path(__file__).resolve().parents[3] / ".." / "shared" / "conformance" / "dockerfile"
         / "shell")

pytestmark = pytest.mark.skipif(not SHELL.is_dir(),
                                reason="no ../shared/conformance/dockerfile beside the project")

# The environment upstream's test gives ProcessWord; NULL is set but empty.
ENV = {"PWD": "/home", "SHELL": "bash", "KOREAN": "한국어", "NULL": ""}


def env_var_rows():
    """(id, input, expected) for every row that applies on Linux: A (all) and U (Unix)."""
    path = SHELL / "envVarTest"
    if not path.is_file():
        return []
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        line = trim_space(line)
        if not line or line.startswith("#"):
            continue
        platform, source, expected = (trim_space(f) for f in line.split("|"))
        if platform in ("A", "U"):
            rows.append(pytest.param(source, expected, id=f"line{number}"))
    return rows


def words_rows():
    """(input, env so far, expected words) for every row of wordsTest."""
    path = SHELL / "wordsTest"
    if not path.is_file():
        return []
    rows, env = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if line.startswith("#"):
            continue
        if line.startswith("ENV "):
            env.append(line[3:].lstrip(" "))  # trailing blanks are part of the value
            continue
        if "|" not in line:
            continue
        source, expected = line.split("|", 1)
        rows.append(pytest.param(trim_space(source), list(env), expected.lstrip(" ").split(","),
                                 id=f"line{number}"))
    return rows


@pytest.mark.parametrize("source, expected", env_var_rows())
def test_process_word(source, expected):
    if expected == "error":
        with pytest.raises(ShellLexError):
            process_word(source, ENV)
    else:
        assert process_word(source, ENV) == expected


@pytest.mark.parametrize("source, env, expected", words_rows())
def test_process_words(source, env, expected):
    if expected == ["error"]:
        with pytest.raises(ShellLexError):
            process_words(source, env)
    else:
        assert process_words(source, env) == expected


def test_the_tables_are_all_there():
    # Guards against a silently shrinking table: 228 Linux rows and 24 word rows.
    assert len(env_var_rows()) == 228
    assert len(words_rows()) == 24
