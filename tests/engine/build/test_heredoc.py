"""Heredocs: which words open one, what BuildKit extracts, how bodies are read."""

import pytest

from engine.build import DockerfileParseError, Heredoc, chomp_content, parse, parse_heredoc
from engine.build.heredoc import heredocs_from_line


def docs(text, index=0):
    return parse(text).ast.children[index].heredocs


@pytest.mark.parametrize("word", ["<<EOF", "<<'EOF'", '<<"EOF"', "<<-EOF", "<<-'EOF'",
                                  '<<-"EOF"', '<<EO"F"', "<< EOF", "<<- EOF"])
def test_words_that_open_a_heredoc_named_eof(word):
    assert parse_heredoc(word).name == "EOF"


@pytest.mark.parametrize("word", ["", "EOF", "<<", "<<-", "<EOF", "<<<EOF", "<<EOF sh"])
def test_words_that_open_none(word):
    assert parse_heredoc(word) is None


def test_what_is_extracted_from_the_word():
    assert parse_heredoc("<<EOF") == Heredoc("EOF", 0, True, False)
    assert parse_heredoc("3<<-EOF") == Heredoc("EOF", 3, True, True)
    assert parse_heredoc("<<'EOF'") == Heredoc("EOF", 0, False, False)
    assert parse_heredoc("<<eo\\'f") == Heredoc("eo'f", 0, True, False)  # escaped, not quoted
    assert parse_heredoc("<<'e'o\\'f") == Heredoc("eo'f", 0, False, False)


def test_heredocs_from_a_line():
    names = lambda line: [h.name for h in heredocs_from_line(line)]
    assert names("RUN <<EOF <<EOF2") == ["EOF", "EOF2"]
    assert names("RUN 4<<EOF") == ["EOF"]
    assert names("RUN << -EOF") == ["-EOF"]
    assert names("RUN '<<EOF'") == [] and names('RUN "<<EOF"') == []
    assert names("RUN <<  EOF  > foo") == ["EOF"]


def test_bodies_are_read_in_order_verbatim():
    found = docs("COPY <<X <<Y /dest\nY\n# not a comment\nX\n\tX\nY\n")
    assert [(h.name, h.content) for h in found] == [("X", "Y\n# not a comment\n"), ("Y", "\tX\n")]


def test_chomp_only_changes_how_the_delimiter_is_found():
    (doc,) = docs("RUN <<-END\n\tone\n\t\ttwo\n\tEND\n")
    assert doc.chomp and doc.content == "\tone\n\t\ttwo\n"
    assert chomp_content(doc.content) == "one\ntwo\n"


def test_carriage_returns_stay_in_the_body():
    (doc,) = docs("RUN <<EOF\r\nline\r\nEOF\r\n")
    assert doc.content == "line\r\n"


def test_heredocs_under_onbuild_belong_to_the_onbuild_node():
    (doc,) = docs("ONBUILD RUN <<EOF\nx\nEOF\n")
    assert doc.name == "EOF" and doc.content == "x\n"


def test_only_run_copy_add_in_shell_form_read_heredocs():
    ast = parse('USER <<X\nX\nRUN ["<<EOF"]\nADD <<A /a\nbody\nA\n').ast
    assert [child.keyword for child in ast.children] == ["user", "x", "run", "add"]
    assert [len(child.heredocs) for child in ast.children] == [0, 0, 0, 1]


def test_the_words_stay_arguments():
    assert parse("COPY <<A <<B /d\na\nA\nb\nB\n").dump() == '(copy "<<A" "<<B" "/d")'


def test_unterminated_heredoc():
    with pytest.raises(DockerfileParseError) as caught:
        parse("FROM a\nRUN <<EOF\necho\n")
    err = caught.value
    assert str(err) == "unterminated heredoc" and (err.start_line, err.end_line) == (2, 3)
