"""BuildKit v0.22's build checks: each rule's trigger and message, where the warnings show
(the build definition's block, buildx's summary), the check directive and build-arg,
error=true, and `--call=check|targets`."""

import pytest

from engine.errors import NotFound
from engine.build.lint import CheckOptionError, parse_check_options
from tests.engine.build.test_builder import base, engine  # noqa: F401 (fixtures: alpine pulled once)

JSON_CMD = ("JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended "
            "behavior related to OS signals")


def found(engine, dockerfile, **options):
    """The warnings' short texts, as the summary lists them (a build unless call= says)."""
    return [f.short for f in engine.build(dockerfile, **options).findings]


def checked(engine, dockerfile, **options):
    return found(engine, dockerfile, call="check", **options)


# ------------------------------------------------------------------ output of a build
def test_warnings_show_in_the_definition_block_and_in_the_summary(engine):
    r = engine.build("FROM alpine as build\nCMD npm start\n", tags=["app"])
    assert r.status == 0 and r.image is not None
    assert r.lines[2:7] == [
        "#1 [internal] load build definition from Dockerfile",
        "#1 transferring dockerfile: 35B done",
        "#1 WARN: FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)",
        f"#1 WARN: {JSON_CMD} (line 2)",
        "#1 DONE 0.0s"]
    assert r.lines[-5:] == [
        "#5 DONE 0.0s",
        "",
        " 2 warnings found (use docker --debug to expand):",
        " - FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)",
        f" - {JSON_CMD} (line 2)"]


def test_one_warning_is_singular_and_a_clean_file_has_no_summary(engine):
    r = engine.build("FROM alpine\nCMD echo hi\n")
    assert r.lines[-2:] == [" 1 warning found (use docker --debug to expand):",
                            f" - {JSON_CMD} (line 2)"]
    r = engine.build('FROM alpine\nCMD ["echo", "hi"]\n')
    assert r.findings == [] and r.lines[-1] == "#5 DONE 0.0s"
    assert not any("WARN" in line for line in r.lines)


def test_unused_build_args_are_not_reported(engine):
    # BuildKit (unlike the legacy builder) never warns about a --build-arg no ARG consumes.
    r = engine.build('FROM alpine\nCMD ["true"]\n', build_args={"UNUSED": "1"})
    assert r.status == 0 and not any("consumed" in line or "warning" in line for line in r.lines)


def test_a_failing_step_prints_the_summary_between_its_log_and_the_source(engine):
    r = engine.build("FROM alpine\nENV A b\nRUN exit 3\n")
    assert r.status == 1
    tail = r.lines[r.lines.index(" > [2/2] RUN exit 3:"):]
    assert tail[:6] == [
        " > [2/2] RUN exit 3:", "------", "",
        " 1 warning found (use docker --debug to expand):",
        ' - LegacyKeyValueFormat: "ENV key=value" should be used instead of legacy "ENV key '
        'value" format (line 2)',
        "Dockerfile:3"]
    assert tail[-1].startswith("ERROR: failed to solve: process \"/bin/sh -c exit 3\"")


def test_parse_time_warnings_come_before_an_unknown_instruction_error(engine):
    r = engine.build("FROM alpine AS Base\nMAINTAINER me\nFRUM x\nCMD echo never\n")
    assert r.status == 1
    assert [f.short for f in r.findings] == [
        "StageNameCasing: Stage name 'Base' should be lowercase (line 1)",
        "MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label "
        "(line 2)"]
    assert r.lines[-1].startswith("ERROR: failed to solve: dockerfile parse error on line 3: "
                                  "unknown instruction: FRUM")


# ------------------------------------------------------------------ the rules
def test_stage_name_and_as_casing(engine):
    # Parse-time rules first, in line order; the casing majority (lower here) after them.
    assert checked(engine, "FROM alpine AS Builder\nfrom alpine AS b2\nfrom alpine as b3\n") == [
        "StageNameCasing: Stage name 'Builder' should be lowercase (line 1)",
        "FromAsCasing: 'AS' and 'from' keywords' casing do not match (line 2)",
        "ConsistentInstructionCasing: Command 'FROM' should match the case of the command "
        "majority (lowercase) (line 1)"]


def test_consistent_casing_follows_the_majority_and_ignores_global_args(engine):
    assert checked(engine, "arg V=1\nfrom alpine\nRUN true\nRUN true\n") == [
        "ConsistentInstructionCasing: Command 'from' should match the case of the command "
        "majority (uppercase)"" (line 2)"]
    assert checked(engine, "From alpine\ncopy a b\nrun true\n") == [
        "ConsistentInstructionCasing: Command 'From' should match the case of the command "
        "majority (lowercase) (line 1)"]
    # A tie goes to upper case; a mixed-case FROM is not also an as/FROM mismatch.
    assert checked(engine, "FROM alpine\nrun true\n") == [
        "ConsistentInstructionCasing: Command 'run' should match the case of the command "
        "majority (uppercase) (line 2)"]
    assert checked(engine, "fRoM alpine as a\nFROM a AS b\n") == [
        "ConsistentInstructionCasing: Command 'fRoM' should match the case of the command "
        "majority (uppercase) (line 1)"]


def test_empty_continuation_line(engine):
    assert checked(engine, "FROM alpine\nRUN echo a \\\n\n  b\n") == [
        "NoEmptyContinuation: Empty continuation line (line 4)"]


def test_duplicate_and_reserved_stage_names(engine):
    assert checked(engine, "FROM alpine AS a\nFROM alpine AS a\nFROM alpine AS context\n") == [
        'DuplicateStageName: Duplicate stage name "a", stage names should be unique (line 2)',
        'ReservedStageName: Stage name should not use the same name as reserved stage '
        '"context" (line 3)']


def test_json_args_recommended_unless_a_shell_is_set(engine):
    assert checked(engine, "FROM alpine\nentrypoint run.sh\n") == [
        "ConsistentInstructionCasing: Command 'entrypoint' should match the case of the command "
        "majority (uppercase) (line 2)"] + [
        "JSONArgsRecommended: JSON arguments recommended for entrypoint to prevent unintended "
        "behavior related to OS signals (line 2)"]
    assert checked(engine, 'FROM alpine AS a\nSHELL ["/bin/ash", "-c"]\nFROM a\n'
                           'CMD echo hi\n') == []


def test_maintainer_deprecated(engine):
    assert checked(engine, "FROM alpine\nMAINTAINER me@example.org\n") == [
        "MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label "
        "(line 2)"]


def test_undefined_arg_in_from_with_its_suggestion(engine):
    assert checked(engine, "ARG VERSION=3\nFROM alpine${VERSON}\n") == [
        "UndefinedArgInFrom: FROM argument 'VERSON' is not declared (did you mean VERSION?) "
        "(line 2)"]
    # Declared without a value, or automatic (platform): fine.
    assert checked(engine, "ARG TAG\nFROM alpine${TAG}\n") == []
    assert checked(engine, "FROM --platform=$BUILDPLATFORM alpine\n") == []


def test_workdir_relative_path_only_before_an_absolute_one(engine):
    assert checked(engine, "FROM alpine AS a\nWORKDIR app\nWORKDIR sub\nFROM alpine AS b\n"
                           "WORKDIR /srv\nWORKDIR rel\nFROM b\nWORKDIR more\n") == [
        'WorkdirRelativePath: Relative workdir "app" can have unexpected results if the base '
        'image changes (line 2)']


def test_undefined_var_with_suggestions_and_what_defines_a_variable(engine):
    assert checked(engine, "FROM alpine\nENV PATH=$PAHT:/opt/bin\n") == [
        "UndefinedVar: Usage of undefined variable '$PAHT' (did you mean $PATH?) (line 2)"]
    # ENV pairs see the variables as they were before the instruction.
    assert checked(engine, "FROM alpine\nENV A=1 B=$A\n") == [
        "UndefinedVar: Usage of undefined variable '$A' (line 2)"]
    # A declared ARG, even without a value, and ARG values a parent stage set are defined;
    # RUN and CMD are left to the shell.
    assert checked(engine, "FROM alpine AS a\nARG SRC=app\nFROM a\nARG OPT\n"
                           "COPY $SRC ${OPT}/x\nRUN echo $NOPE\nCMD echo $NOPE\n") == [
        "JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior "
        "related to OS signals (line 7)"]
    assert checked(engine, "FROM alpine\nCOPY $foo .\nARG foo=bar\nUSER ${U:-root}\n") == [
        "UndefinedVar: Usage of undefined variable '$foo' (line 2)",
        "UndefinedVar: Usage of undefined variable '$U' (line 4)"]


def test_multiple_instructions_point_at_the_one_that_has_no_effect(engine):
    assert checked(engine, 'FROM alpine\nCMD ["a"]\nHEALTHCHECK NONE\nCMD ["b"]\n'
                           'HEALTHCHECK CMD true\nFROM alpine\nCMD ["c"]\n') == [
        "MultipleInstructionsDisallowed: Multiple CMD instructions should not be used in the "
        "same stage because only the last one will be used (line 2)",
        "MultipleInstructionsDisallowed: Multiple HEALTHCHECK instructions should not be used in "
        "the same stage because only the last one will be used (line 3)"]


def test_legacy_key_value_format_in_stages_the_build_needs(engine):
    text = "FROM alpine AS unused\nENV k v\nLABEL k v\nFROM alpine\nENV a=b\n"
    assert found(engine, text) == []  # the build never converts the unused stage
    assert checked(engine, text) == [
        'LegacyKeyValueFormat: "ENV key=value" should be used instead of legacy "ENV key value" '
        'format (line 2)',
        'LegacyKeyValueFormat: "LABEL key=value" should be used instead of legacy "LABEL key '
        'value" format (line 3)']
    assert found(engine, text, target="unused") == checked(engine, text)


def test_secrets_in_arg_or_env_match_whole_words(engine):
    assert checked(engine, "FROM alpine\nARG GITHUB_TOKEN API_KEY=x PUBLIC_KEY MONKEY\n"
                           "ENV db_Password=x tokens=1 Auth=y\n") == [
        'SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data '
        '(ARG "GITHUB_TOKEN") (line 2)',
        'SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data '
        '(ARG "API_KEY") (line 2)',
        'SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data '
        '(ENV "db_Password") (line 3)',
        'SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data '
        '(ENV "Auth") (line 3)']


def test_invalid_default_arg_in_from_even_when_a_build_arg_fixes_it(engine):
    assert checked(engine, "ARG IMAGE\nFROM $IMAGE\n", build_args={"IMAGE": "alpine"}) == [
        "InvalidDefaultArgInFrom: Default value for ARG $IMAGE results in empty or invalid base "
        "image name (line 2)"]


def test_platform_flag_rules(engine):
    assert checked(engine, "FROM --platform=$TARGETPLATFORM alpine\n") == [
        "RedundantTargetPlatform: Setting platform to predefined $TARGETPLATFORM in FROM is "
        "redundant as this is the default behavior (line 1)"]
    assert checked(engine, "FROM --platform=linux/amd64 alpine\n") == [
        'FromPlatformFlagConstDisallowed: FROM --platform flag should not use constant value '
        '"linux/amd64" (line 1)']
    assert checked(engine, "FROM --platform=linux/amd64 alpine AS build_amd64\n") == []


# ------------------------------------------------------------------ configuration
def test_check_directive_skips_rules_or_all(engine):
    text = "FROM alpine as b\nCMD echo hi\n"
    assert checked(engine, "# check=skip=FromAsCasing\n" + text) == [f"{JSON_CMD} (line 3)"]
    assert checked(engine, "# check=skip=all\n" + text) == []


def test_error_true_fails_the_build_before_any_step(engine):
    r = engine.build("# check=error=true\nFROM alpine\nCMD echo hi\n", tags=["x"])
    assert r.status == 1 and r.image is None
    assert r.lines[-7:] == [
        "#3 [internal] load .dockerignore", "#3 transferring context: 2B done", "#3 DONE 0.0s",
        "", " 1 warning found (use docker --debug to expand):", f" - {JSON_CMD} (line 3)",
        "ERROR: failed to solve: lint violation found for rules: JSONArgsRecommended"]
    with pytest.raises(NotFound):
        engine.images.lookup("x")


def test_the_build_arg_replaces_the_directive(engine):
    text = "# check=error=true\nFROM alpine\nCMD echo hi\n"
    r = engine.build(text, build_args={"BUILDKIT_DOCKERFILE_CHECK": "skip=JSONArgsRecommended"})
    assert r.status == 0 and r.findings == []
    r = engine.build('FROM alpine\nENV k v\n',
                     build_args={"BUILDKIT_DOCKERFILE_CHECK": "error=true"})
    assert r.status == 1 and r.error == "lint violation found for rules: LegacyKeyValueFormat"


def test_bad_check_options_are_errors(engine):
    r = engine.build("FROM alpine\n", build_args={"BUILDKIT_DOCKERFILE_CHECK": "nope"})
    assert (r.status, r.lines) == (1, [
        'ERROR: failed to solve: failed to parse build-arg:BUILDKIT_DOCKERFILE_CHECK: invalid '
        'check option "nope"'])
    r = engine.build("# check=error=maybe\nFROM alpine\n")
    assert r.status == 1 and r.lines[-1] == (
        'ERROR: failed to solve: failed to parse check options: failed to parse check option '
        '"error=maybe": strconv.ParseBool: parsing "maybe": invalid syntax')


def test_parse_check_options():
    config = parse_check_options(" skip = A, B ;error=1;experimental=all")
    assert (config.skip, config.error, config.experimental_all) == (("A", "B"), True, True)
    assert parse_check_options("").skip == ()
    with pytest.raises(CheckOptionError, match='invalid check option "color"'):
        parse_check_options("color=red")


# ------------------------------------------------------------------ --call
def test_check_call_reports_by_line_with_urls_and_sources(engine):
    r = engine.build("FROM alpine\nCMD echo hi\nFROM alpine as b\n", call="check")
    assert r.status == 1 and r.image is None
    assert r.lines[-1] == "#3 DONE 0.0s" and not any("WARN" in line for line in r.lines)
    assert r.report == [
        "Check complete, 2 warnings have been found!",
        "",
        "WARNING: JSONArgsRecommended - "
        "https://docs.docker.com/go/dockerfile/rule/json-args-recommended/",
        "JSON arguments recommended for CMD to prevent unintended behavior related to OS signals",
        "Dockerfile:2",
        "--------------------",
        "   1 |     FROM alpine",
        "   2 | >>> CMD echo hi",
        "   3 |     FROM alpine as b",
        "   4 |     ",
        "--------------------",
        "",
        "WARNING: FromAsCasing - https://docs.docker.com/go/dockerfile/rule/from-as-casing/",
        "'as' and 'FROM' keywords' casing do not match",
        "Dockerfile:3",
        "--------------------",
        "   1 |     FROM alpine",
        "   2 |     CMD echo hi",
        "   3 | >>> FROM alpine as b",
        "   4 |     ",
        "--------------------"]
    clean = engine.build('FROM alpine\nCMD ["true"]\n', call="check")
    assert (clean.status, clean.report) == (0, ["Check complete, no warnings found."])


def test_check_call_with_an_error_reports_what_it_found_then_the_error(engine):
    r = engine.build("FROM alpine AS Bad\nFROM nosuchimage:1\n", call="check")
    assert r.status == 1
    assert r.report[0] == "Check complete, 1 warning has been found!" and r.report[-1] == ""
    assert r.trailer[0].startswith("ERROR: ") and r.trailer[-1] == ""


def test_targets_call_lists_stages_with_their_descriptions(engine):
    r = engine.build("FROM alpine AS deps\n# build compiles the app\nFROM deps AS build\n"
                     "FROM alpine\n", call="targets")
    assert r.status == 0 and r.findings == []
    assert r.report == ["TARGET    DESCRIPTION",
                        "deps      ",
                        "build     compiles the app",
                        "(default) "]


def test_experimental_rules_run_only_when_enabled(engine):
    text = "# base the image everything starts from\nFROM alpine AS base\n# the version\nARG V=1\n"
    assert checked(engine, text) == []
    assert checked(engine, "# check=experimental=InvalidDefinitionDescription\n" + text) == [
        "InvalidDefinitionDescription: Comment for ARG should follow the format: `# V "
        "<description>` (line 5)"]
    copying = "# check=experimental=all\nFROM alpine\nCOPY secret.txt app/ /dst/\nCOPY --from=base x /\n"
    assert checked(engine, copying, dockerignore="*.txt\napp\n") == [
        'CopyIgnoredFile: Attempting to Copy file "secret.txt" that is excluded by .dockerignore '
        '(line 3)',
        'CopyIgnoredFile: Attempting to Copy file "app/" that is excluded by .dockerignore '
        '(line 3)']


def test_argument_errors_end_the_instruction_pass_and_its_checks(engine):
    for text, reason in (("FROM alpine AS Bad\nWORKDIR\nMAINTAINER x\n",
                          "WORKDIR requires exactly one argument"),
                         ("FROM alpine AS Bad\nENV\nMAINTAINER x\n",
                          "ENV requires at least one argument"),
                         ("FROM alpine AS Bad\nARG =1\nMAINTAINER x\n", "ARG names can not be blank")):
        r = engine.build(text)
        assert r.status == 1 and r.error == f"dockerfile parse error on line 2: {reason}"
        assert [f.rule.name for f in r.findings] == ["StageNameCasing"]  # not MaintainerDeprecated
        assert "------" not in r.lines  # no step ran: no step log
    r = engine.build("FROM ${X\n")
    assert r.status == 1 and r.lines[-1] == ('ERROR: failed to solve: failed to process "${X": '
                                             'unsupported modifier (\ufffd) in substitution')


def test_a_bare_cmd_is_an_empty_shell_command(engine):
    r = engine.build("FROM alpine\nCMD\n", tags=["bare"])
    assert r.status == 0 and engine.images.lookup("bare").config.cmd == ("/bin/sh", "-c", "")


def test_the_first_bad_instruction_ends_the_pass_even_a_from(engine):
    # BuildKit's instructions.Parse checks each instruction in order: a FROM with two
    # words fails before a bare WORKDIR after it is looked at.
    r = engine.build("FROM alpine x\nWORKDIR\n")
    assert r.status == 1
    assert r.error == "dockerfile parse error on line 1: FROM requires either one or three arguments"
    assert "   1 | >>> FROM alpine x" in r.lines
    # an instruction before the first FROM: CurrentStage's error, without the parse prefix
    r = engine.build("RUN x\nFROM a b\n")
    assert r.error == "no build stage in current context"
    assert "   1 | >>> RUN x" in r.lines
    r = engine.build("ARG X=1\n")
    assert r.lines[-1] == "ERROR: failed to solve: dockerfile contains no stages to build"


def test_a_stage_name_must_be_a_letter_then_letters_digits_or_dashes(engine):
    for name in ("Bad!", "1st", "a/b", "_x"):
        r = engine.build(f"FROM alpine AS {name}\n")
        assert r.status == 1 and r.error == (
            f'dockerfile parse error on line 1: invalid name for build stage: "{name}", name '
            "can't start with a number or contain symbols")
    r = engine.build('FROM alpine AS "q"\n')
    assert r.error.endswith('invalid name for build stage: "\\"q\\"", name can\'t start with a '
                            "number or contain symbols")  # Go's %q
    assert engine.build("FROM alpine AS Web-1.x_y\n").status == 0  # checked lower-cased


def test_the_linter_stands_without_the_builder():
    # the --check report and the builder share the snippet module; lint needs no builder
    import subprocess
    import sys
    code = ("import sys, engine.build.lint as lint; "
            "print(lint.check_report([], '', 'Dockerfile'), 'engine.build.builder' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "['Check complete, no warnings found.'] False\n"


def test_a_base_image_of_another_platform_than_the_stage_asks_for(engine):
    # crsim's images are linux/amd64: a stage asking for arm gets the amd64 image, which
    # BuildKit reports (containerd's normalized platform: arm means arm/v7, arm64/v8 arm64)
    r = engine.build("FROM --platform=linux/arm alpine AS build-arm\nFROM alpine\n"
                     "COPY --from=build-arm /etc/os-release /\n")
    assert [f.short for f in r.findings] == [
        'InvalidBaseImagePlatform: Base image alpine was pulled with platform "linux/amd64", '
        'expected "linux/arm/v7" for current build (line 1)']
    assert checked(engine, "ARG P=linux/arm64/v8\nFROM --platform=$P alpine AS arm64\n") == [
        'InvalidBaseImagePlatform: Base image alpine was pulled with platform "linux/amd64", '
        'expected "linux/arm64" for current build (line 2)']
    # a stage the build does not need is not resolved, so not checked; amd64 matches
    assert found(engine, "FROM --platform=linux/arm64 alpine AS arm64\nFROM alpine\n") == []
    assert checked(engine, "FROM --platform=linux/x86_64 alpine AS amd64\n") == []
