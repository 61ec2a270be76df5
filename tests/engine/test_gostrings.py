"""Go's strconv.Quote and unicode.IsSpace, as the AST dump needs them."""

import pytest

from engine.gostrings import decode, is_space, lower, quote, quote_slice, trim_space


@pytest.mark.parametrize("text, quoted", [
    ("plain", '"plain"'),
    ('a"b\\c', '"a\\"b\\\\c"'),
    ("\a\b\f\n\r\t\v", '"\\a\\b\\f\\n\\r\\t\\v"'),
    ("\x00\x1b\x7f", '"\\x00\\x1b\\x7f"'),
    ("é♥한", '"é♥한"'),  # printable runes stay as they are
    ("\U0001F600", '"\U0001F600"'),  # so does an emoji (a symbol)
    ("\u00a0\u0085\u200b\u2028", '"\\u00a0\\u0085\\u200b\\u2028"'),  # spaces and format chars
    ("\U000e0001", '"\\U000e0001"'),
    ("\ufffd", '"\ufffd"'),
])
def test_quote(text, quoted):
    assert quote(text) == quoted


def test_quote_writes_invalid_utf8_bytes_as_hex():
    assert quote(decode(b"a\xffb\xc3")) == '"a\\xffb\\xc3"'


def test_quote_slice_is_percent_q_of_a_string_slice():
    assert quote_slice(["--a=1", 'b"c']) == '["--a=1" "b\\"c"]'


def test_is_space_is_gos_not_pythons():
    assert all(is_space(c) for c in "\t\n\v\f\r \x85\xa0\u2000\u3000")
    assert not any(is_space(c) for c in "\x1c\x1f\u200b")
    assert trim_space("\u3000 a b\x85") == "a b"


def test_lower_is_a_simple_case_mapping():
    assert lower("RUN") == "run" and lower("\u0130") == "i"
