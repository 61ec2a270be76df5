import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from shell.script import (Narration, Script, ScriptError, Step, iter_commands, line_matches, matches,
                          output_lines, parse, replay)

ROOT = Path(__file__).resolve().parents[2]


def crs(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def steps(text: str):
    return parse(crs(text), "t.crs").steps


def error_of(text: str) -> str:
    with pytest.raises(ScriptError) as info:
        parse(crs(text), "demo.crs")
    return str(info.value)


# ---------------------------------------------------------------- parsing

def test_commands_comments_narration_and_blank_lines():
    script = parse(crs("""
        #!/usr/bin/env crsim-shell
        # silent

        #: Let us list the containers.
        docker ps
        #:
        #:   indented narration
          docker images
    """), "t.crs")
    assert script.filename == "t.crs"
    assert script.items == [
        Narration(4, "Let us list the containers."),
        Step(5, "docker ps"),
        Narration(6, ""),
        Narration(7, "  indented narration"),
        Step(8, "docker images"),
    ]


def test_narration_without_space_after_marker():
    assert parse("#:text\n", "t.crs").items == [Narration(1, "text")]


def test_continuation_joins_lines_like_sh():
    (step,) = steps("""
        docker run -d \\
            --name web \\
            -p 8080:80 nginx
    """)
    assert step == Step(1, "docker run -d --name web -p 8080:80 nginx")


def test_continuation_without_blanks_glues_words():
    assert [s.command for s in steps("ec\\\nho hi\n")] == ["echo hi"]


def test_escaped_backslash_does_not_continue():
    assert [s.command for s in steps("echo a\\\\\necho b\n")] == ["echo a\\\\", "echo b"]


def test_continued_line_starting_with_bar_or_hash_is_part_of_the_command():
    (step,) = steps("echo a \\\n| b \\\n# c\n")
    assert step.command == "echo a | b # c"


def test_line_number_of_a_continued_command_is_its_first_line():
    script = steps("""
        # c
        docker run \\
          alpine
        docker ps
    """)
    assert [(s.line, s.command) for s in script] == [(2, "docker run alpine"), (4, "docker ps")]


def test_output_block():
    (step,) = steps("""
        docker ps
        | CONTAINER ID   IMAGE
        |
        |    indented
        | ...
        | a ... b
    """)
    assert step.expected == ["CONTAINER ID   IMAGE", "", "   indented", "...", "a ... b"]
    assert step.expected_status is None


def test_no_bar_lines_means_no_expectation():
    first, second = steps("docker ps\ndocker images\n| x\n")
    assert first.expected is None
    assert second.expected == ["x"]


def test_bar_line_with_only_a_trailing_space_is_an_empty_line():
    (step,) = steps("echo\n| \n")
    assert step.expected == [""]


@pytest.mark.parametrize("text", [
    "docker logs x\n? 1\n| No such container: x\n",
    "docker logs x\n| No such container: x\n? 1\n",
    "docker logs x\n?1\n| No such container: x\n",
])
def test_expected_status_before_or_after_output(text):
    (step,) = steps(text)
    assert step.expected_status == 1
    assert step.expected == ["No such container: x"]


def test_expected_status_zero_is_explicit():
    (step,) = steps("true\n? 0\n")
    assert step.expected_status == 0
    assert step.expected is None


def test_status_and_output_between_bar_lines():
    (step,) = steps("cmd\n| a\n? 3\n| b\n")
    assert step.expected == ["a", "b"]
    assert step.expected_status == 3


def test_crlf_scripts():
    script = parse("docker ps \\\r\n  -a\r\n| x\r\n? 2\r\n#: hi\r\n", "t.crs")
    assert script.items == [Step(1, "docker ps -a", ["x"], 2), Narration(5, "hi")]


def test_empty_script():
    assert parse("", "t.crs").items == []
    assert parse("\n# only comments\n\n", "t.crs").items == []


@pytest.mark.parametrize("text, message", [
    ("| out\n", "demo.crs:1: '|' line without a command right before it"),
    ("? 1\n", "demo.crs:1: '?' line without a command right before it"),
    ("# c\ndocker ps\n\n| out\n", "demo.crs:4: '|' line without a command right before it"),
    ("docker ps\n# note\n| out\n", "demo.crs:3: '|' line without a command right before it"),
    ("docker ps\n#: say\n? 1\n", "demo.crs:3: '?' line without a command right before it"),
    ("docker ps\n|out\n", "demo.crs:2: an output line is '| ' (a bar and a space) then the text, or a lone '|'"),
    ("false\n? one\n", "demo.crs:2: exit status must be a number from 0 to 255, not 'one'"),
    ("false\n? 256\n", "demo.crs:2: exit status must be a number from 0 to 255, not '256'"),
    ("false\n? -1\n", "demo.crs:2: exit status must be a number from 0 to 255, not '-1'"),
    ("false\n? \u00b2\n", "demo.crs:2: exit status must be a number from 0 to 255, not '\u00b2'"),
    ("false\n?\n", "demo.crs:2: exit status must be a number from 0 to 255, not ''"),
    ("false\n? 1\n| x\n? 1\n", "demo.crs:4: exit status already given on line 2"),
    ("docker ps\ndocker run \\\n  -d \\\n", "demo.crs:3: '\\' continues the command past the end of the file"),
    ("docker run \\", "demo.crs:1: '\\' continues the command past the end of the file"),
])
def test_parse_errors_name_file_and_line(text, message):
    assert error_of(text).startswith(message)


def test_script_error_fields():
    with pytest.raises(ScriptError) as info:
        parse("ok\n\n| x\n", "a/b.crs")
    err = info.value
    assert (err.filename, err.line) == ("a/b.crs", 3)
    assert str(err) == f"a/b.crs:3: {err.message}"


def test_backslash_then_blank_line_ends_the_command():
    assert [s.command for s in steps("echo a \\\n\necho b\n")] == ["echo a", "echo b"]


# ---------------------------------------------------------------- iter_commands

def test_iter_commands():
    text = "#!/bin/crsim\ndocker ps\n\n  # comment\n#: narration is a comment here\ndocker run \\\n  -d nginx\n"
    assert iter_commands(text) == ["docker ps", "docker run -d nginx"]


def test_iter_commands_takes_bar_lines_as_commands():
    # There are no expectations outside .crs files: the line goes to the command parser.
    assert iter_commands("docker ps\n| x\n") == ["docker ps", "| x"]


def test_iter_commands_without_final_newline_and_empty():
    assert iter_commands("docker ps") == ["docker ps"]
    assert iter_commands("") == []


def test_iter_commands_dangling_backslash():
    with pytest.raises(ScriptError, match=r"^<string>:2: '\\' continues"):
        iter_commands("docker ps\ndocker run \\\n")
    with pytest.raises(ScriptError, match=r"^-c:1:"):
        iter_commands("docker run \\", "-c")


# ---------------------------------------------------------------- matching

@pytest.mark.parametrize("pattern, line, result", [
    ("abc", "abc", True),
    ("abc", "abcd", False),
    ("", "", True),
    ("", "x", False),
    ("...", "", True),
    ("...", "anything", True),
    ("abc...", "abc", True),
    ("abc...", "abcdef", True),
    ("abc...", "xabc", False),
    ("...abc", "xyzabc", True),
    ("...abc", "abcx", False),
    ("a...c", "abbbc", True),
    ("a...c", "ac", True),
    ("a...c", "acb", False),
    ("ab...ba", "aba", False),          # the two ends may not overlap
    ("ab...ba", "abba", True),
    ("a...b...c", "a-b-c", True),
    ("a...b...c", "abc", True),
    ("a...b...c", "a-c-b", False),
    ("a...b...c", "a--c", False),
    ("...b...", "abc", True),
    ("...b...", "ac", False),
    ("x...x...x", "xx", False),
    ("x...x...x", "xxx", True),
    ("Up ... seconds", "Up 10 seconds", True),
    ("Up ... seconds", "Up 10 minutes", False),
    ("....", "x.", True),               # '...' then a literal '.'
    ("a.b", "axb", False),              # no regex semantics
    ("[*]", "[*]", True),
])
def test_line_matches(pattern, line, result):
    assert line_matches(pattern, line) is result


@pytest.mark.parametrize("expected, actual, result", [
    ([], [], True),
    ([], ["x"], False),
    (["x"], [], False),
    (["..."], [], True),
    (["..."], ["a", "b", "c"], True),
    (["...", "..."], [], True),
    (["a", "b"], ["a", "b"], True),
    (["a", "b"], ["a"], False),
    (["a"], ["a", "b"], False),
    ([""], [""], True),
    ([""], [], False),
    (["a", "", "b"], ["a", "", "b"], True),
    (["a", "", "b"], ["a", "b"], False),
    # '...' lines in the middle
    (["a", "...", "z"], ["a", "z"], True),
    (["a", "...", "z"], ["a", "b", "c", "z"], True),
    (["a", "...", "z"], ["a", "b", "c"], False),
    (["a", "...", "z"], ["b", "z"], False),
    # at the end and the start
    (["a", "..."], ["a"], True),
    (["a", "..."], ["a", "b", "c"], True),
    (["a", "..."], ["b", "a"], False),
    (["...", "z"], ["z"], True),
    (["...", "z"], ["a", "b", "z"], True),
    (["...", "z"], ["z", "a"], False),
    # backtracking: the first place a line fits is not always the right one
    (["...", "a", "b"], ["a", "a", "b"], True),
    (["...", "a", "b"], ["a", "b", "a", "b"], True),
    (["...", "a", "b"], ["a", "b", "a"], False),
    (["...", "x", "...", "y"], ["x", "y", "x", "x", "y"], True),
    (["...", "x", "...", "y"], ["y", "x"], False),
    (["a", "...", "b", "...", "c"], ["a", "b", "b", "c", "c"], True),
    (["a", "...", "b", "...", "c"], ["a", "c", "b"], False),
    # in-line wildcards combined with whole-line ones
    (["...", "Status: ..."], ["x", "Status: ok"], True),
    (["Name: ...", "..."], ["Name: web", "Id: 1", "Ip: 2"], True),
    (["Name: ...", "..."], ["Id: 1", "Name: web"], False),
    (["a...", "...", "...b"], ["ab"], False),
    (["a...", "...", "...b"], ["a", "b"], True),
])
def test_matches(expected, actual, result):
    assert matches(expected, actual) is result


def test_matches_many_wildcards_is_fast():
    # Backtracking only ever moves the last wildcard: no exponential blow-up.
    expected = ["..."] * 50 + ["needle"]
    actual = ["hay"] * 2000
    assert matches(expected, actual) is False
    assert matches(expected, actual + ["needle"]) is True


def test_output_lines_trims_what_is_not_significant():
    assert output_lines("") == []
    assert output_lines("\n") == []
    assert output_lines("a  \r\nb\n\n\n") == ["a", "b"]
    assert output_lines("a\n\nb") == ["a", "", "b"]
    assert output_lines("  lead\n") == ["  lead"]
    assert output_lines("form\x0cfeed\n") == ["form\x0cfeed"]


# ---------------------------------------------------------------- replay

class Machine:
    """A pretend shell: each command's output and status come from a table."""

    def __init__(self, table=None):
        self.table = table or {}
        self.ran = []

    def __call__(self, command):
        self.ran.append(command)
        return self.table.get(command, ("", 0))


def run(text, table=None, **options):
    machine = Machine(table)
    out = []
    status = replay(parse(crs(text), "demo.crs"), machine, out.append, **options)
    return status, "".join(out), machine.ran


def test_replay_prints_narration_prompt_command_and_output():
    status, out, ran = run("""
        # silent comment
        #: Two containers.
        docker ps
        | this expectation is not checked
        docker run \\
            alpine echo hi
        #:
        echo done
    """, {"docker ps": ("CONTAINER ID\n", 0), "docker run alpine echo hi": ("hi\n", 0),
          "echo done": ("done", 0)})
    assert status == 0
    assert ran == ["docker ps", "docker run alpine echo hi", "echo done"]
    assert out == ("# Two containers.\n"
                   "$ docker ps\n"
                   "CONTAINER ID\n"
                   "$ docker run alpine echo hi\n"
                   "hi\n"
                   "#\n"
                   "$ echo done\n"
                   "done\n")


def test_replay_custom_prompt_and_silent_command():
    status, out, _ = run("true\n", prompt="crsim> ")
    assert (status, out) == (0, "crsim> true\n")


def test_replay_echoes_the_command_before_running_it():
    out = []

    def execute(command):
        out.append("<ran>")
        return "", 0

    replay(parse("a\n", "t.crs"), execute, out.append)
    assert out == ["$ a\n", "<ran>"]


def test_replay_stops_at_first_failure_with_its_status():
    status, out, ran = run("""
        ok
        docker logs nosuch
        never
    """, {"docker logs nosuch": ("Error response from daemon: No such container: nosuch\n", 1)})
    assert status == 1
    assert ran == ["ok", "docker logs nosuch"]
    assert out == "$ ok\n$ docker logs nosuch\nError response from daemon: No such container: nosuch\n"


def test_replay_keeps_the_failing_status():
    status, _, _ = run("docker run alpine nosuch\nnever\n", {"docker run alpine nosuch": ("", 127)})
    assert status == 127


def test_replay_keep_going_ends_with_the_first_failure():
    status, _, ran = run("a\nb\nc\nd\n", {"b": ("", 3), "c": ("", 4)}, keep_going=True)
    assert status == 3
    assert ran == ["a", "b", "c", "d"]


def test_replay_expected_status_does_not_stop():
    status, _, ran = run("""
        docker logs x
        ? 1
        after
    """, {"docker logs x": ("Error\n", 1)})
    assert status == 0
    assert ran == ["docker logs x", "after"]


def test_replay_another_non_zero_status_than_declared_stops():
    status, _, ran = run("cmd\n? 1\nafter\n", {"cmd": ("", 2)})
    assert status == 2
    assert ran == ["cmd"]


def test_replay_declared_failure_that_succeeds_goes_on_without_check():
    status, _, ran = run("cmd\n? 1\nafter\n")
    assert status == 0
    assert ran == ["cmd", "after"]


def test_replay_ignores_expectations_without_check():
    status, out, _ = run("echo hi\n| bye\n", {"echo hi": ("hi\n", 0)})
    assert status == 0
    assert out == "$ echo hi\nhi\n"


def test_replay_empty_script():
    assert run("") == (0, "", [])
    assert run("", check=True) == (0, "0 checks passed\n", [])


# ---------------------------------------------------------------- check

def test_check_all_pass_prints_only_the_summary():
    status, out, ran = run("""
        #: narration is not printed when checking
        docker ps
        | CONTAINER ID   NAMES
        | ...   web
        docker logs x
        | Error response from daemon: ...
        ? 1
        untested
        quiet
        |
    """, {"docker ps": ("CONTAINER ID   NAMES\n3f1c0c9ab2e4   web\n", 0),
          "docker logs x": ("Error response from daemon: No such container: x\n", 1),
          "untested": ("whatever\n", 0)}, check=True)
    assert (status, out) == (0, "4 checks passed\n")
    assert ran == ["docker ps", "docker logs x", "untested", "quiet"]


def test_check_single_check_summary():
    assert run("a\n", check=True)[1] == "1 check passed\n"
    assert run("a\n| x\n", check=True)[1].endswith("1 of 1 check failed\n")


def test_check_reports_a_unified_diff_with_the_line_number():
    status, out, ran = run("""
        #: listing
        docker ps
        | CONTAINER ID
        | aaa   web

        echo hi
        | hi
        docker images
        | REPOSITORY
        | alpine
        | busybox
    """, {"docker ps": ("CONTAINER ID\nbbb   web\n", 0), "echo hi": ("hi\n", 0),
          "docker images": ("REPOSITORY\nbusybox\n", 0)}, check=True)
    assert status == 1
    assert ran == ["docker ps", "echo hi", "docker images"]
    assert out == ("--- demo.crs:2 expected\n"
                   "+++ actual\n"
                   "@@ -1,2 +1,2 @@\n"
                   " CONTAINER ID\n"
                   "-aaa   web\n"
                   "+bbb   web\n"
                   "--- demo.crs:8 expected\n"
                   "+++ actual\n"
                   "@@ -1,3 +1,2 @@\n"
                   " REPOSITORY\n"
                   "-alpine\n"
                   " busybox\n"
                   "2 of 3 checks failed\n")


def test_check_ignores_trailing_blanks_and_trailing_empty_lines():
    status, out, _ = run("a\n| x\n|\n|\n", {"a": ("x   \n\n", 0)}, check=True)
    assert (status, out) == (0, "1 check passed\n")


def test_check_lone_bar_means_no_output():
    assert run("a\n|\n", check=True)[0] == 0
    status, out, _ = run("a\n|\n", {"a": ("oops\n", 0)}, check=True)
    assert status == 1
    assert "+oops\n" in out


def test_check_empty_line_in_the_middle_is_significant():
    status, out, _ = run("a\n| x\n|\n| y\n", {"a": ("x\ny\n", 0)}, check=True)
    assert status == 1
    assert "-\n" in out.splitlines(keepends=True)


def test_check_output_without_final_newline():
    assert run("a\n| x\n", {"a": ("x", 0)}, check=True)[0] == 0


def test_check_status_mismatch_is_reported_and_the_check_goes_on():
    status, out, ran = run("""
        docker logs x
        ? 1
        after
    """, {}, check=True)
    assert status == 1
    assert ran == ["docker logs x", "after"]
    assert out == "demo.crs:1: exit status 0, expected 1\n1 of 2 checks failed\n"


def test_check_output_and_status_mismatch_count_once():
    status, out, _ = run("cmd\n| a\n? 1\n", {"cmd": ("b\n", 0)}, check=True)
    assert status == 1
    assert out.endswith("-a\n+b\ndemo.crs:1: exit status 0, expected 1\n1 of 1 check failed\n")


def test_check_unexpected_failure_stops_with_its_status():
    status, out, ran = run("""
        ok
        | fine
        broken
        | partial
        never
        | x
    """, {"ok": ("wrong\n", 0), "broken": ("Error: boom\n", 125)}, check=True)
    assert status == 125
    assert ran == ["ok", "broken"]
    assert out == ("--- demo.crs:1 expected\n+++ actual\n@@ -1 +1 @@\n-fine\n+wrong\n"
                   "--- demo.crs:3 expected\n+++ actual\n@@ -1 +1 @@\n-partial\n+Error: boom\n"
                   "demo.crs:3: exit status 125, expected 0 (replay stopped)\n")


def test_check_failure_of_a_command_without_expectations_is_reported():
    status, out, _ = run("a\nb\nc\n", {"b": ("", 2)}, check=True)
    assert status == 2
    assert out == "demo.crs:2: exit status 2, expected 0 (replay stopped)\n"


def test_check_other_status_than_declared_stops():
    status, out, ran = run("cmd\n? 1\nafter\n", {"cmd": ("", 2)}, check=True)
    assert status == 2
    assert ran == ["cmd"]
    assert out == "demo.crs:1: exit status 2, expected 1 (replay stopped)\n"


def test_check_keep_going_counts_failures_and_returns_the_first_status():
    status, out, ran = run("a\nb\n| x\nc\nd\n| y\n", {"b": ("x\n", 4), "c": ("", 5), "d": ("z\n", 0)},
                           check=True, keep_going=True)
    assert status == 4
    assert ran == ["a", "b", "c", "d"]
    assert out == ("demo.crs:2: exit status 4, expected 0\n"
                   "demo.crs:4: exit status 5, expected 0\n"
                   "--- demo.crs:5 expected\n+++ actual\n@@ -1 +1 @@\n-y\n+z\n"
                   "3 of 4 checks failed\n")


def test_check_wildcards_show_in_the_diff():
    status, out, _ = run("a\n| x...\n| ...\n| end\n", {"a": ("y\nmid\nend\n", 0)}, check=True)
    assert status == 1
    assert "-x...\n" in out and "+y\n" in out


# ---------------------------------------------------------------- lightness

def test_module_does_not_import_the_interactive_libraries():
    code = ("import sys, shell.script; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('prompt_toolkit', 'pygments')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_script_dataclass_default_items():
    assert Script("x.crs").items == []
