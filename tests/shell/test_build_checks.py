"""`build --check` and `--call` through the shell: streams and exit statuses."""

import pytest

from engine import Engine
from shell.session import Session


@pytest.fixture
def sh():
    session = Session(Engine.deterministic())
    session.execute("pull -q alpine")
    return session.execute


@pytest.fixture
def project(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM alpine as build\nCMD npm start\n")
    return tmp_path


def streams(sh, line):
    parts = []
    _, status = sh(line, sink=lambda stream, text: parts.append((stream, text)))
    joined = {name: "".join(t for s, t in parts if s == name) for name in ("stdout", "stderr")}
    return joined["stdout"], joined["stderr"], status


def test_check_exits_1_with_its_report_on_stdout(sh, project):
    out, status = sh(f"build --check {project}")
    assert status == 1
    report = out[out.index("Check complete"):]
    assert report.splitlines()[:4] == [
        "Check complete, 2 warnings have been found!", "",
        "WARNING: FromAsCasing - https://docs.docker.com/go/dockerfile/rule/from-as-casing/",
        "'as' and 'FROM' keywords' casing do not match"]
    out2, status2 = sh(f"build --call=check {project}")
    assert (out2, status2) == (out, status)
    out, status = sh(f"build --call check -q {project}")
    assert status == 1 and out.startswith("Check complete, 2 warnings have been found!\n")


def test_a_build_with_warnings_succeeds_and_lists_them_last(sh, project):
    out, status = sh(f"build -t app {project}")
    assert status == 0
    assert out.endswith(" 2 warnings found (use docker --debug to expand):\n"
                        " - FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)\n"
                        " - JSONArgsRecommended: JSON arguments recommended for CMD to prevent "
                        "unintended behavior related to OS signals (line 2)\n")
    out, status = sh(f"build -q -t app {project}")
    assert status == 0 and out.startswith("sha256:") and "warning" not in out


def test_error_true_from_the_command_line(sh, project):
    out, status = sh(f"build --build-arg BUILDKIT_DOCKERFILE_CHECK=error=true {project}")
    assert status == 1
    assert out.endswith("ERROR: failed to solve: lint violation found for rules: FromAsCasing, "
                        "JSONArgsRecommended\n")


def test_targets_and_unsimulated_calls(sh, project):
    stdout, _, status = streams(sh, f"build --call=targets {project}")
    assert status == 0 and stdout.endswith("TARGET          DESCRIPTION\nbuild (default) \n")
    _, stderr, status = streams(sh, f"build --call=outline {project}")
    assert status == 1 and stderr.startswith("ERROR: crsim does not simulate --call=outline")
    _, stderr, status = streams(sh, f"build --call=bogus {project}")
    assert (stderr, status) == ("ERROR: failed to solve: unsupported request frontend.bogus\n", 1)


def test_ignorestatus_keeps_the_report_and_exits_0(sh, project):
    out, status = sh(f"build --call=check,ignorestatus=true {project}")
    assert status == 0 and "Check complete, 2 warnings have been found!" in out
    _, stderr, status = streams(sh, f"build --call=check,ignorestatus=maybe {project}")
    assert status == 1 and stderr.startswith("ERROR: invalid ignorestatus print value: maybe")
