"""BuildKit's own parser test data, read from ../shared/conformance/dockerfile.

The folder sits beside the project (it is not part of it); on a fresh clone
without it these tests are skipped.
"""

import json
from pathlib import Path

import pytest

from engine.build import DockerfileParseError, parse

CONFORMANCE = Path(__file__).resolve().parents[3] / ".." / "shared" / "conformance" / "dockerfile"

pytestmark = pytest.mark.skipif(not CONFORMANCE.is_dir(),
                                reason="no ../shared/conformance/dockerfile beside the project")


def case_names(folder):
    path = CONFORMANCE / folder
    return sorted(p.name for p in path.iterdir() if p.is_dir()) if path.is_dir() else []


def heredoc_fields(heredocs):
    return [{"Name": h.name, "FileDescriptor": h.file_descriptor, "Expand": h.expand,
             "Chomp": h.chomp, "Content": h.content} for h in heredocs] or None


@pytest.mark.parametrize("case", case_names("testfiles"))
def test_dump_matches_buildkit_result_byte_for_byte(case):
    folder = CONFORMANCE / "testfiles" / case
    expected = (folder / "result").read_bytes()
    result = parse((folder / "Dockerfile").read_bytes())
    assert (result.dump() + "\n").encode("utf-8") == expected


@pytest.mark.parametrize("case", case_names("testfiles-negative"))
def test_negative_case_is_rejected(case):
    with pytest.raises(DockerfileParseError):
        parse((CONFORMANCE / "testfiles-negative" / case / "Dockerfile").read_bytes())


def test_negative_cases_fail_with_buildkit_messages():
    def message(case):
        with pytest.raises(DockerfileParseError) as err:
            parse((CONFORMANCE / "testfiles-negative" / case / "Dockerfile").read_bytes())
        return str(err.value)

    assert message("empty_dockerfile") == "file with no instructions"
    assert message("only_comments") == "file with no instructions"
    assert message("env_no_value") == "ENV must have two arguments"
    assert message("shykes-nested-json") == (
        "when using JSON array syntax, arrays must be comprised of strings only")


def test_line_spans_of_testfile_line():
    expected = json.loads((CONFORMANCE / "extracted" / "line-numbers" / "expected.json")
                          .read_text())
    ast = parse((CONFORMANCE / "testfile-line" / "Dockerfile").read_bytes()).ast
    assert ast.start_line == expected["root_start_line"]
    assert ast.end_line == expected["root_end_line"]
    assert len(ast.children) == expected["children"]
    assert [[c.start_line, c.end_line] for c in ast.children] == \
        expected["child_lines_1_based_inclusive"]


def test_heredocs_as_buildkit_extracts_them():
    folder = CONFORMANCE / "extracted" / "heredoc"
    expected = json.loads((folder / "expected.json").read_text())
    ast = parse((folder / "Dockerfile").read_bytes()).ast
    assert len(ast.children) == expected["expected_instruction_count"]
    got = [heredoc_fields(child.heredocs) for child in ast.children[1:]]
    assert got == [item["heredocs"] for item in expected["expected"]]


def test_json_form_never_opens_a_heredoc():
    folder = CONFORMANCE / "extracted" / "heredoc-json-form"
    expected = json.loads((folder / "expected.json").read_text())
    ast = parse((folder / "Dockerfile").read_bytes()).ast
    assert len(ast.children) == expected["expected_instruction_count"]
    for index in expected["no_heredocs_on_children"]:
        assert ast.children[index].is_json and ast.children[index].heredocs == []


def test_empty_continuation_lines_warn():
    folder = CONFORMANCE / "extracted" / "empty-continuation-warning"
    expected = json.loads((folder / "expected.json").read_text())
    result = parse((folder / "Dockerfile").read_bytes())
    assert len(result.warnings) == expected["expected_warning_count"]
    for warning, fragments in zip(result.warnings, expected["warnings_contain"]):
        for fragment in fragments:
            assert fragment in warning.short
    # Comment lines inside a continuation are skipped without a warning.
    assert result.ast.children[4].values() == ["non-indented    after-comment"]
    assert result.ast.children[5].values() == ["indented     comment"]
