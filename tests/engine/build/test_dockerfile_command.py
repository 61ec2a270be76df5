"""The shell's `dockerfile parse` command."""

import json

import pytest

from engine import Engine
from shell.session import Session


@pytest.fixture
def sh():
    return Session(Engine.deterministic()).execute


def write(tmp_path, text):
    path = tmp_path / "Dockerfile"
    path.write_text(text, encoding="utf-8")
    return path


def test_prints_buildkits_dump(sh, tmp_path):
    path = write(tmp_path, "FROM alpine AS base\nCOPY --chown=me <<EOF /f\nhi\nEOF\n"
                           "ONBUILD RUN echo hi\n")
    out, status = sh(f"dockerfile parse {path}")
    assert status == 0
    assert out == ('(from "alpine" "AS" "base")\n(copy ["--chown=me"] "<<EOF" "/f")\n'
                   '(onbuild (run "echo hi"))\n')


def test_json_view(sh, tmp_path):
    path = write(tmp_path, "FROM a\nRUN <<-X\n\tls\nX\n")
    out, status = sh(f"dockerfile parse --format json {path}")
    assert status == 0
    data = json.loads(out)
    run = data["instructions"][1]
    assert run["keyword"] == "RUN" and run["args"] == ["<<-X"] and not run["json"]
    assert run["heredocs"][0] == {"name": "X", "fileDescriptor": 0, "expand": True,
                                  "chomp": True, "content": "\tls\n"}
    assert (run["startLine"], run["endLine"]) == (2, 4)


def test_warnings_come_first(sh, tmp_path):
    path = write(tmp_path, "FROM a\nRUN a \\\n\n b\n")
    out, status = sh(f"dockerfile parse {path}")
    assert status == 0 and out.splitlines() == [
        "[WARNING]: Empty continuation line found in: RUN a  b",
        "[WARNING]: Empty continuation lines will become errors in a future release.",
        '(from "a")', '(run "a  b")']


def test_unknown_instruction(sh, tmp_path):
    path = write(tmp_path, "FROM a\n\nFRUM b\n")
    out, status = sh(f"dockerfile parse {path}")
    assert (out, status) == (
        "dockerfile parse error on line 3: unknown instruction: FRUM (did you mean FROM?)\n", 1)


def test_parser_errors_name_the_file_and_line(sh, tmp_path):
    path = write(tmp_path, "FROM a\nENV PATH\n")
    assert sh(f"dockerfile parse {path}") == (f"{path}:2: ENV must have two arguments\n", 1)
    path = write(tmp_path, "# nothing\n")
    assert sh(f"dockerfile parse {path}") == (f"{path}:1: file with no instructions\n", 1)
    path = write(tmp_path, "")
    assert sh(f"dockerfile parse {path}") == ("file with no instructions\n", 1)


def test_missing_file_and_bad_usage(sh, tmp_path):
    assert sh(f"dockerfile parse {tmp_path}/nope") == (
        f"failed to read dockerfile: open {tmp_path}/nope: no such file or directory\n", 1)
    assert sh(f"dockerfile parse {tmp_path}") == (
        f"failed to read dockerfile: read {tmp_path}: is a directory\n", 1)
    out, status = sh("dockerfile build x")
    assert status == 1
    assert out.startswith("crsim-shell: 'dockerfile build' is not a crsim-shell command.")
    out, status = sh(f"dockerfile parse --format yaml {tmp_path}/x")
    assert status == 1 and "unknown format" in out
    out, status = sh("dockerfile --help")
    assert status == 0 and out.startswith("Usage:  crsim-shell dockerfile parse [OPTIONS] FILE\n")
