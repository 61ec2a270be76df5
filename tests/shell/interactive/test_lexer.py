"""The highlighter's tokens: what the parser will read as command, flag, value or argument."""

from pygments.token import Comment, Keyword, Name, Number, Operator, String, Text, Whitespace

from shell.interactive.lexer import CommandLexer


def tokens(line):
    return [(token, text) for _, token, text in CommandLexer().get_tokens_unprocessed(line)
            if token is not Whitespace]


def test_command_flags_values_strings_and_numbers():
    assert tokens('run -d --name=web -e "A=1 2" busybox sh -c "echo hi" 42') == [
        (Keyword, "run"), (Name.Attribute, "-d"), (Name.Attribute, "--name"), (Operator, "="),
        (Text, "web"), (Name.Attribute, "-e"), (String, '"A=1 2"'), (Text, "busybox"),
        (Text, "sh"), (Text, "-c"), (String, '"echo hi"'), (Number, "42")]


def test_flag_with_separate_value():
    assert tokens("stop --signal KILL -t 5 web") == [
        (Keyword, "stop"), (Name.Attribute, "--signal"), (Text, "KILL"),
        (Name.Attribute, "-t"), (Number, "5"), (Text, "web")]


def test_unknown_words_are_plain():
    assert tokens("frobnicate --fast") == [(Text, "frobnicate"), (Text, "--fast")]
    assert tokens("ps --bogus") == [(Keyword, "ps"), (Text, "--bogus")]


def test_double_dash_and_comments():
    assert tokens("rm -- -f") == [(Keyword, "rm"), (Operator, "--"), (Text, "-f")]
    assert tokens("  # stop everything") == [(Comment.Single, "# stop everything")]


def test_tokens_cover_the_text_exactly():
    line = "run  -it   busybox\nps -a\n"
    pieces = list(CommandLexer().get_tokens_unprocessed(line))
    assert "".join(text for _, _, text in pieces) == line
    assert all(line[index:index + len(text)] == text for index, _, text in pieces)
