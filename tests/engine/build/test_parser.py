"""The Dockerfile parser without the shared conformance data: forms, flags,
directives, continuations, line numbers and BuildKit's error texts."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.build import (DockerfileParseError, InstructionError, UnknownInstructionError,
                          check_known, parse)
from engine.build.instructions import levenshtein, suggest


def dump(text):
    return parse(text).dump()


def error(text):
    with pytest.raises(DockerfileParseError) as caught:
        parse(text)
    return caught.value


# ---------------------------------------------------------------- forms

def test_shell_form_keeps_the_rest_of_the_line_verbatim():
    assert dump('RUN echo "a  b" \'c\' $HOME\n') == '(run "echo \\"a  b\\" \'c\' $HOME")'
    assert dump("CMD  exec   foo  \n") == '(cmd "exec   foo")'


def test_exec_form_is_one_argument_per_element():
    assert dump('ENTRYPOINT ["/bin/sh", "-c", "echo \\u00e9"]') == \
        '(entrypoint "/bin/sh" "-c" "echo é")'
    result = parse('CMD ["a"]\nCMD a\n').ast.children
    assert result[0].is_json and not result[1].is_json


def test_empty_json_array_has_no_arguments():
    assert dump("CMD []") == "(cmd)"
    assert parse("CMD []").ast.children[0].is_json


def test_malformed_json_falls_back_to_shell_form():
    assert dump("CMD ['a']") == "(cmd \"['a']\")"
    assert dump("RUN [NaN]") == '(run "[NaN]")'  # Go's JSON has no NaN
    assert dump("RUN [1e999]") == '(run "[1e999]")'  # a float64 overflow is a decode error


def test_text_after_the_json_array_is_ignored():
    assert dump('RUN ["a"] trailing') == '(run "a")'


def test_json_with_a_non_string_is_an_error():
    for text in ('CMD ["a", 1]', 'RUN ["a", ["b"]]', 'COPY ["a", null]', 'VOLUME [true]'):
        assert str(error(text)) == ("when using JSON array syntax, arrays must be comprised "
                                    "of strings only")


def test_copy_add_volume_split_on_blanks_without_quoting():
    assert dump('COPY "a b" c\n') == '(copy "\\"a" "b\\"" "c")'
    assert dump('VOLUME /a\t/b\n') == '(volume "/a" "/b")'
    assert dump('VOLUME ["/a" , "/b"]') == '(volume "/a" "/b")'


def test_from_and_expose_split_on_blanks():
    assert dump("from alpine AS build\n") == '(from "alpine" "AS" "build")'
    assert dump("EXPOSE 80/tcp\t443") == '(expose "80/tcp" "443")'


def test_one_string_instructions():
    assert dump("WORKDIR /a b") == '(workdir "/a b")'
    assert dump("USER  me:staff ") == '(user "me:staff")'
    assert dump("STOPSIGNAL SIGKILL") == '(stopsignal "SIGKILL")'
    assert dump("MAINTAINER me <a@b>") == '(maintainer "me <a@b>")'


def test_arg_words_respect_quotes_and_keep_them():
    assert dump('ARG a="1 2" b c=\'x y\'') == '(arg "a=\\"1 2\\"" "b" "c=\'x y\'")'
    assert dump("ARG") == "(arg)"


def test_env_and_label_give_key_value_separator_triples():
    assert dump("ENV A=1 B=\"x y\"") == '(env "A" "1" "=" "B" "\\"x y\\"" "=")'
    assert dump("ENV PATH /usr/bin:/bin  extra") == '(env "PATH" "/usr/bin:/bin  extra" "")'
    assert dump('LABEL "a b"=c') == '(label "\\"a b\\"" "c" "=")'


def test_env_errors():
    assert str(error("FROM a\nENV PATH\n")) == "ENV must have two arguments"
    assert str(error("LABEL x")) == "LABEL must have two arguments"
    assert str(error("ENV a=1 b")) == ('Syntax error - can\'t find = in "b". '
                                       "Must be of the form: name=value")


def test_healthcheck_type_then_command():
    assert dump("HEALTHCHECK") == "(healthcheck)"
    assert dump("HEALTHCHECK NONE") == '(healthcheck "NONE")'
    assert dump("HEALTHCHECK --interval=5s CMD curl -f http://x/ || exit 1") == \
        '(healthcheck ["--interval=5s"] "CMD" "curl -f http://x/ || exit 1")'
    node = parse('HEALTHCHECK CMD ["curl", "x"]').ast.children[0]
    assert node.values() == ["CMD", "curl", "x"] and node.is_json


def test_onbuild_nests_its_instruction():
    assert dump("ONBUILD COPY --from=x a b") == '(onbuild (copy ["--from=x"] "a" "b"))'
    assert dump("ONBUILD") == "(onbuild)"
    node = parse("ONBUILD RUN echo hi").ast.children[0]
    assert node.trigger.keyword == "run"
    assert node.args() == ["RUN", "echo hi"]


def test_unknown_keywords_parse_with_one_empty_argument():
    assert dump("FROM a\nFOO x y\nbar\n") == '(from "a")\n(foo "")\n(bar "")'


def test_keywords_are_case_insensitive_and_kept_as_written():
    node = parse("rUn x").ast.children[0]
    assert node.value == "rUn" and node.keyword == "run"
    assert dump("rUn x") == '(run "x")'


# ---------------------------------------------------------------- flags

def test_flags_come_before_the_arguments():
    assert dump("COPY --chown=1:2 --chmod=755 --link a /b") == \
        '(copy ["--chown=1:2" "--chmod=755" "--link"] "a" "/b")'
    assert dump("RUN --mount=type=cache,target=/root/.cache --network=none pip install x") == \
        '(run ["--mount=type=cache,target=/root/.cache" "--network=none"] "pip install x")'
    assert dump("FROM --platform=$BUILDPLATFORM golang AS build") == \
        '(from ["--platform=$BUILDPLATFORM"] "golang" "AS" "build")'


def test_quotes_in_flags_are_removed_and_double_dash_ends_them():
    assert dump('COPY --chown="me you" a b') == '(copy ["--chown=me you"] "a" "b")'
    assert dump("COPY --from=x -- --odd /d") == '(copy ["--from=x"] "--odd" "/d")'
    assert dump("COPY -- a b") == '(copy "a" "b")'
    assert dump('COPY --x=\\"q a') == '(copy ["--x=\\"q"] "a")'


def test_a_single_dash_word_is_not_a_flag():
    assert dump("RUN -x") == '(run "-x")'
    node = parse("COPY --flag").ast.children[0]
    assert node.flags == ["--flag"] and node.values() == []


def test_flag_bytes_are_read_one_by_one_like_buildkit():
    # BuildKit reads flags byte by byte: é (C3 A9) comes out as "Ã©".
    assert parse("COPY --x=é a b").ast.children[0].flags == ["--x=\u00c3\u00a9"]


# ---------------------------------------------------------------- continuations

def test_continuation_joins_lines_keeping_their_indentation():
    assert dump("RUN a \\\n    b\n") == '(run "a     b")'
    assert dump("RUN a\\\nb") == '(run "ab")'


def test_blanks_after_the_escape_still_continue():
    assert dump("RUN a \\  \t\nb") == '(run "a b")'


def test_an_escaped_escape_does_not_continue():
    assert dump("ENV C x\\\\\nENV D y") == '(env "C" "x\\\\\\\\" "")\n(env "D" "y" "")'


def test_comments_inside_a_continuation_are_skipped():
    assert dump("RUN a \\\n# note\n  b") == '(run "a   b")'


def test_empty_continuation_lines_are_skipped_with_a_warning():
    result = parse("FROM a\nRUN a \\\n\n  b\n")
    assert result.dump() == '(from "a")\n(run "a   b")'
    assert [w.short for w in result.warnings] == ["Empty continuation line found in: RUN a   b"]
    assert result.warnings[0].line == 4
    assert result.warning_lines() == [
        "[WARNING]: Empty continuation line found in: RUN a   b",
        "[WARNING]: Empty continuation lines will become errors in a future release."]


def test_continuation_at_end_of_file():
    assert dump("FROM a\nRUN a \\") == '(from "a")\n(run "a")'


def test_crlf_line_endings():
    assert dump("FROM a\r\nRUN b \\\r\n  c\r\n") == '(from "a")\n(run "b   c")'


def test_byte_order_mark_is_ignored():
    assert dump("\ufeffFROM a") == '(from "a")'
    assert dump(b"\xef\xbb\xbfFROM a") == '(from "a")'


# ---------------------------------------------------------------- directives

def test_escape_directive_changes_the_escape_character():
    result = parse("# escape=`\nFROM a `\n  b\nRUN dir c:\\\n")
    assert result.escape_token == "`"
    assert result.dump() == '(from "a" "b")\n(run "dir c:\\\\")'


def test_directives_are_recorded_and_not_printed():
    result = parse("# syntax=docker/dockerfile:1\n#CHECK = skip=all\nFROM a\n")
    assert [(d.name, d.value, d.line) for d in result.directives] == [
        ("syntax", "docker/dockerfile:1", 1), ("check", "skip=all", 2)]
    assert result.dump() == '(from "a")'


def test_directives_only_count_at_the_top():
    for text in ("\n# escape=`\nFROM a `\n", "# hello\n# escape=`\nFROM a `\n",
                 "# unknown=1\n# escape=`\nFROM a `\n"):
        result = parse(text)
        assert result.escape_token == "\\" and result.directives == []
        assert result.dump() == '(from "a" "`")'


def test_directive_errors():
    assert str(error("# escape=`\n# escape=\\\nFROM a")) == \
        "only one escape parser directive can be used"
    assert str(error("# escape=x\nFROM a")) == "invalid escape token 'x' does not match ` or \\"


# ---------------------------------------------------------------- line numbers and comments

def test_line_spans_include_continuations_and_heredocs():
    ast = parse("# c\n\nFROM a\nRUN x \\\n  y\nCOPY <<EOF /f\nhi\nEOF\n").ast
    assert [(c.start_line, c.end_line) for c in ast.children] == [(3, 3), (4, 5), (6, 8)]
    assert (ast.start_line, ast.end_line) == (3, 8)


def test_comments_just_above_an_instruction_are_kept():
    ast = parse("# base image\n# pinned\nFROM a\n\n# gone\n\nRUN b\n").ast
    assert ast.children[0].prev_comment == ["base image", "pinned"]
    assert ast.children[1].prev_comment == ["gone"]


def test_original_is_the_logical_line():
    node = parse("RUN a \\\n  b  # not a comment\n").ast.children[0]
    assert node.original == "RUN a   b  # not a comment"


# ---------------------------------------------------------------- file-level errors

def test_file_with_no_instructions():
    for text in ("", "\n\n", "# only\n# comments\n", "# syntax=x\n"):
        assert str(error(text)) == "file with no instructions"


def test_error_locations():
    err = error("FROM a\n\nENV PATH\n")
    assert (err.start_line, err.end_line) == (3, 3)
    err = error('FROM a\nRUN ["a", \\\n  1]\n')
    assert str(err).startswith("when using JSON") and (err.start_line, err.end_line) == (2, 3)


def test_too_long_a_line_stops_the_parse():
    assert str(error("FROM a\nRUN " + "x" * 70000 + "\n")) == \
        "dockerfile line greater than max allowed size of 65535"
    assert dump("FROM a\nRUN " + "x" * 65000 + "\n").endswith('x")')


# ---------------------------------------------------------------- instruction pass

def test_unknown_instruction_with_suggestion():
    with pytest.raises(UnknownInstructionError) as caught:
        check_known(parse("FROM a\n\nFRUM b\n").ast)
    err = caught.value
    assert str(err) == ("dockerfile parse error on line 3: "
                        "unknown instruction: FRUM (did you mean FROM?)")
    assert isinstance(err, InstructionError) and err.start_line == 3 and err.instruction == "FRUM"


def test_suggestion_follows_the_case_of_the_keyword():
    def message(text):
        with pytest.raises(UnknownInstructionError) as caught:
            check_known(parse(text).ast)
        return str(caught.value)

    assert message("frum a").endswith("unknown instruction: frum (did you mean from?)")
    assert message("Runn a").endswith("unknown instruction: Runn (did you mean run?)")
    assert message("FROM a\nxyzzy").endswith("unknown instruction: xyzzy")


def test_known_instructions_pass_and_onbuild_triggers_are_not_checked_here():
    check_known(parse("FROM a\nonbuild FOO x\nHealthCheck NONE\n").ast)


def test_suggest_and_levenshtein():
    assert levenshtein("kitten", "sitting") == 3 and levenshtein("", "ab") == 2
    assert suggest("CPY", ["COPY", "CMD"]) == "COPY"
    assert suggest("ENTRYPONT", ["ENTRYPOINT"]) == "ENTRYPOINT"
    assert suggest("FOOBAR", ["FROM"]) == ""
    assert suggest("from", ["FROM"]) == ""  # an exact match is no suggestion


# ---------------------------------------------------------------- structured view

def test_to_dict():
    data = parse("# syntax=x\nFROM a\nONBUILD RUN ['x']\nCOPY --link <<A /d\nhi\nA\n").to_dict()
    assert data["escapeToken"] == "\\" and data["directives"][0]["name"] == "syntax"
    first, onbuild, copy = data["instructions"]
    assert first == {"keyword": "FROM", "flags": [], "json": False, "args": ["a"],
                     "startLine": 2, "endLine": 2, "original": "FROM a"}
    assert onbuild["trigger"]["keyword"] == "RUN" and "args" not in onbuild
    assert copy["flags"] == ["--link"] and copy["heredocs"] == [
        {"name": "A", "fileDescriptor": 0, "expand": True, "chomp": False, "content": "hi\n"}]
    assert (copy["startLine"], copy["endLine"]) == (4, 6)


# ---------------------------------------------------------------- robustness

PIECES = st.sampled_from(list("FROM RUN COPY ENV ONBUILD CMD \\`#\n\t \"'[]{}$<-=:?x1\u00a0é\r")
                         + ["<<EOF", "EOF\n", "--from=a ", "# escape=`\n", "\\\n", '["a", 1]',
                            "\udcff", "${", "<<-", "3<<"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_any_text_parses_or_fails_with_a_parse_error(text):
    try:
        result = parse(text)
    except DockerfileParseError:
        return
    assert isinstance(result.dump(), str) and isinstance(result.to_dict(), dict)
