"""What run checks before the program starts, and the prompt's own commands refusing bad input."""

import pytest


@pytest.fixture(autouse=True)
def images(sh):
    sh("pull -q alpine")


def test_inspect_finds_volumes_and_run_checks_what_runc_checks(sh):
    sh("volume create vv")
    assert sh("inspect -f '{{.Name}} {{.Driver}}' vv") == ("vv local\n", 0)
    assert sh("inspect --type volume -f '{{.Scope}}' vv") == ("local\n", 0)
    out, status = sh("run -u notme alpine true")
    assert status == 125 and "unable to find user notme: no matching entries in passwd file: unknown" in out
    out, status = sh("run -w /etc/os-release alpine true")
    assert status == 125 and 'chdir to cwd ("/etc/os-release") set in config.json failed: not a directory' in out
    assert sh("run --rm -u 1234 alpine id -u") == ("1234\n", 0)  # a numeric uid needs no passwd entry
    before = sh("ps -a -q")[0]
    assert sh("run --rm --name gone alpine nosuchprog")[1] == 127
    assert sh("ps -a -q")[0] == before  # --rm: a start that failed leaves no container


def test_prompt_sleep_refuses_endless_time(sh):
    assert sh("sleep inf") == ("sleep: invalid time interval 'inf' (0 to 315360000 seconds)\n", 1)
    assert sh("sleep 1e308")[1] == 1
    assert sh("ps -q") == ("", 0)  # the engine is still fine
