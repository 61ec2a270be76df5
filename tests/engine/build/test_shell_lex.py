"""BuildKit's variable substitution and word splitting, beyond the shared tables."""

import pytest

from engine.build import Lex, ShellLexError, process_word, process_words

ENV = {"V": "foo.tar.gz", "P": "a/b/c/b", "E": "", "S": "x  y"}


def word(text, env=ENV, **options):
    return Lex(**options).process_word(text, env)


def failure(text, env=ENV):
    with pytest.raises(ShellLexError) as caught:
        process_word(text, env)
    return str(caught.value)


def test_defaults_and_alternatives():
    assert word("${E:-d} ${E-d} ${U:-d} ${U-d}") == "d  d d"
    assert word("${V:+a} ${E:+a} ${E+a} ${U+a}") == "a  a "


def test_required_variables():
    assert failure("${U?}") == 'failed to process "${U?}": U: is not allowed to be unset'
    assert failure("${E:?}") == 'failed to process "${E:?}": E: is not allowed to be empty'
    assert failure("${U:?set it}") == 'failed to process "${U:?set it}": U: set it'
    assert word("${E?}") == ""


def test_trimming_patterns():
    assert word("${V%.*} ${V%%.*} ${V#*.} ${V##*.}") == "foo.tar foo tar.gz gz"
    assert word("${V#nomatch}") == "foo.tar.gz"
    assert word("${V%\\*}") == "foo.tar.gz"


def test_replacement():
    assert word("${P/b/X} ${P//b/X} ${P//?/-}") == "a/X/c/b a/X/c/X -------"
    assert word("${U/a/b}") == ""


def test_syntax_errors():
    assert failure("${") == """failed to process "${": syntax error: missing '}'"""
    assert failure("${}") == """failed to process "${}": syntax error: bad substitution"""
    assert failure("${V:=x}") == \
        'failed to process "${V:=x}": unsupported modifier (:=) in substitution'
    assert failure("${V/x") == """failed to process "${V/x": syntax error: missing '/' in ${}"""
    assert failure("${V#\\x}") == ('failed to process "${V#\\\\x}": invalid pattern (\\x) in '
                                   "substitution: invalid escape '\\x'")
    assert failure("'a") == ('failed to process "\'a": unexpected end of statement while '
                             "looking for matching single-quote")


def test_quotes_and_escapes():
    assert word("'$V' \"$V\" \\$V") == "$V foo.tar.gz $V"
    assert word('"a\\tb" a\\tb') == "a\\tb atb"
    assert word("`$V", escape_token="`") == "$V"


def test_words_split_only_unquoted_substitutions():
    assert process_words("a $S \"$S\"", ENV) == ["a", "x", "y", "x  y"]
    assert process_words("a\\ b 'c d'", ENV) == ["a b", "c d"]


def test_environment_as_key_value_strings():
    assert process_word("$A-$B", ["A=1", "B"]) == "1-"


def test_raw_modes_keep_what_they_name():
    assert word("'a' \"b\" \\c", raw_quotes=True, raw_escapes=True) == "'a' \"b\" \\c"
    assert word("${U:-x} $U ${U}", skip_unset_env=True) == "${U:-x} $U ${U}"
    assert word("'$V'", skip_process_quotes=True) == "'foo.tar.gz'"


def test_matched_and_unmatched_variables_are_reported():
    result = Lex().process("$V ${U:-x} $E", ENV)
    assert list(result.matched) == ["V", "E"] and list(result.unmatched) == ["U"]  # in order of use


def test_heredoc_marker_keeps_its_blanks_in_one_word():
    assert process_words("cat <<  EOF > f") == ["cat", "<<  EOF", ">", "f"]
    assert process_word("a <<  b") == "a <<  b"
