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


def test_targets_and_unknown_calls(sh, project):
    stdout, _, status = streams(sh, f"build --call=targets {project}")
    assert status == 0 and stdout.endswith("TARGET          DESCRIPTION\nbuild (default) \n")
    _, stderr, status = streams(sh, f"build --call=bogus {project}")
    assert (stderr, status) == ("ERROR: failed to solve: unsupported request frontend.bogus\n", 1)
    _, stderr, status = streams(sh, f"build --call=check,format=json {project}")
    assert status == 1 and stderr.startswith("ERROR: crsim does not simulate --call=check,format=json")


OUTLINED = """# check=skip=all
ARG BASE=alpine
ARG UNUSED=1
# VERSION the release
ARG VERSION=1.0
FROM ${BASE} AS deps
ARG NODE=20
RUN --mount=type=secret,id=npmrc,required=true --mount=type=ssh true

# app the application
FROM deps AS app
ARG VERSION
ARG PORT=8080
COPY --from=deps / /
RUN --mount=type=secret,target=/run/secrets/token true
"""


def test_outline_lists_the_targets_args_secrets_and_ssh(sh, tmp_path):
    # BuildKit's outline: the target's ARGs, the global ones its FROM uses (not UNUSED),
    # a bare ARG shown as its global (value and description), its base's ARGs; sorted by
    # line; PrintOutline's tabwriter tables, each followed by a blank line.
    (tmp_path / "Dockerfile").write_text(OUTLINED)
    stdout, _, status = streams(sh, f"build --call=outline {tmp_path}")
    assert status == 0
    assert stdout[stdout.index("TARGET:"):] == ("TARGET:      app\n"
                      "DESCRIPTION: the application\n\n"
                      "BUILD ARG   VALUE    DESCRIPTION\n"
                      "BASE        alpine   \n"
                      "VERSION     1.0      the release\n"
                      "NODE        20       \n"
                      "PORT        8080     \n\n"
                      "SECRET   REQUIRED\n"
                      "npmrc    true\n"
                      "token    \n\n"
                      "SSH       REQUIRED\n"
                      "default   \n\n")
    stdout, _, status = streams(sh, f"build --call=outline --target deps --build-arg NODE=22 "
                                    f"{tmp_path}")
    assert stdout[stdout.index("TARGET:"):].startswith("TARGET: deps\n\nBUILD ARG   VALUE    DESCRIPTION\n"
                             "BASE        alpine   \nNODE        22       \n\nSECRET")


def test_format_json_prints_buildkits_result_json(sh, tmp_path):
    import base64
    import json
    (tmp_path / "Dockerfile").write_text(OUTLINED)
    stdout, _, status = streams(sh, f"build -q --call=targets,format=json {tmp_path}")
    assert status == 0
    assert stdout.startswith('{\n  "targets": [\n    {\n      "name": "deps",\n      "base": '
                             '"${BASE}",\n      "location": {\n        "ranges": [\n')
    doc = json.loads(stdout)
    assert doc["targets"][1] == {"name": "app", "default": True,
                                 "description": "the application", "base": "deps",
                                 "location": {"ranges": [{"start": {"line": 11},
                                                          "end": {"line": 11}}]}}
    assert base64.b64decode(doc["sources"][0]).decode() == OUTLINED
    stdout, _, status = streams(sh, f"build -q --call=outline,format=json {tmp_path}")
    doc = json.loads(stdout)
    assert list(doc) == ["name", "description", "args", "secrets", "ssh", "sources"]
    assert doc["args"][1] == {"name": "VERSION", "description": "the release", "value": "1.0",
                              "location": {"ranges": [{"start": {"line": 5}, "end": {"line": 5}}]}}
    assert doc["secrets"][0] == {"name": "npmrc", "required": True, "location": {
        "ranges": [{"start": {"line": 8}, "end": {"line": 8}}]}}
    assert doc["ssh"] == [{"name": "default", "location": {
        "ranges": [{"start": {"line": 8}, "end": {"line": 8}}]}}]


def test_the_last_of_check_and_call_wins(sh, project):
    # buildx's --check writes "check" into --call's value: the later flag decides
    stdout, _, status = streams(sh, f"build --check --call=targets {project}")
    assert status == 0 and stdout.endswith("TARGET          DESCRIPTION\nbuild (default) \n")
    stdout, _, status = streams(sh, f"build --call=targets --check {project}")
    assert status == 1 and "Check complete, 2 warnings have been found!" in stdout
    # --check after --call=check,ignorestatus=true drops ignorestatus; before, it keeps it
    _, _, status = streams(sh, f"build --call=check,ignorestatus=true --check {project}")
    assert status == 1
    _, _, status = streams(sh, f"build --check --call=check,ignorestatus=true {project}")
    assert status == 0
    _, _, status = streams(sh, f"build --check=false --call=targets {project}")
    assert status == 0


def test_ignorestatus_keeps_the_report_and_exits_0(sh, project):
    out, status = sh(f"build --call=check,ignorestatus=true {project}")
    assert status == 0 and "Check complete, 2 warnings have been found!" in out
    _, stderr, status = streams(sh, f"build --call=check,ignorestatus=maybe {project}")
    assert (stderr, status) == ('ERROR: invalid ignorestatus print value: maybe: strconv.ParseBool: '
                                'parsing "maybe": invalid syntax\n', 1)
    _, stderr, status = streams(sh, f'build --call=check,ignorestatus=a\\"b {project}')
    assert stderr == ('ERROR: invalid ignorestatus print value: a"b: strconv.ParseBool: '
                      'parsing "a\\"b": invalid syntax\n')  # Go's %q
