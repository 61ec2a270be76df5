"""Exercises: the format, the commands around them, checks that only read the world, and
every shipped exercise solved by its own solution."""

import pytest

from engine import Engine
from shell import exercise
from shell.lessons import EXERCISES, LESSONS, all_lessons
from shell.main import main
from shell.script import ScriptError
from shell.session import Session

SHIPPED = all_lessons(EXERCISES)


def session():
    return Session(Engine.deterministic())


def fingerprint(engine):
    """What a check must never change."""
    return ([(c.id, c.name, c.state.status, c.state.exit_code, len(c.fs.upper), len(c.logs))
             for c in engine.containers], sorted(i.id for i in engine.images.list()),
            sorted(v.name for v in engine.volumes), sorted(n.name for n in engine.networks.list()),
            len(engine.events), engine.clock.now())


def test_every_lesson_has_its_exercise_version():
    assert {found.name for found in all_lessons(LESSONS)} <= {found.name for found in SHIPPED}
    assert {"01-first-container", "09-namespaces", "10-security", "11-what-run-does"} <= \
        {found.name for found in SHIPPED}


@pytest.mark.parametrize("found", SHIPPED, ids=[found.name for found in SHIPPED])
def test_each_exercise_is_solved_by_its_solution_and_checks_only_read(found):
    parsed = exercise.parse(found.text, found.name)
    shell = session()
    written = []
    assert exercise.verify(parsed, shell.execute, shell.run_check, written.append) == 0, \
        "".join(written)
    assert written[-1] == f"{len(parsed.tasks)} task{'s' if len(parsed.tasks) > 1 else ''} verified\n"
    before = fingerprint(shell.engine)
    for task in parsed.tasks:  # pass or not (a later task may undo an earlier one's work)
        for check in task.checks:
            shell.run_check(check.step.command)
    assert fingerprint(shell.engine) == before


BAD = {
    "#task t\n#check c\nrun -d alpine\n": "3: a check only reads the world: 'run' is not one",
    "#task t\n#check c\nps | wc -l\n": "3: a check only reads the world: '|' is not one",
    "#task t\n#check c\nlogs -tf web\n": "3: a check cannot follow logs (-f)",
    "#task t\n#check c\n\n": "2: #check wants its command on the next line",
    "#task t\n#hint h\n": "1: a task has at least one #check",
    "#hint h\n#task t\n": "1: #hint before the first #task",
    "#task t\n#check c\nps\nversion\n": "4: a command inside a task must follow #check",
    "pull alpine\n": "1: an exercise has at least one #task",
}


@pytest.mark.parametrize("text", BAD)
def test_a_malformed_exercise_says_where(text):
    with pytest.raises(ScriptError) as caught:
        exercise.parse(text, "x.crs")
    assert str(caught.value).startswith("x.crs:" + BAD[text].split(":")[0] + ":")
    assert BAD[text].split(": ", 1)[1] in str(caught.value)


def test_exercise_hint_solution_check_and_stop():
    shell = session()
    assert shell.execute("hint") == (
        "crsim-shell: hint: no exercise is open (start one with 'exercise NAME')\n", 1)
    out, status = shell.execute("exercise 4")
    assert status == 0 and out.startswith("# Exercise 4: building images\n")
    assert "$ pull alpine\n" in out and out.endswith(
        "Task 1: Build an image tagged hello:v1 from alpine that writes the line `hello` "
        "into\n/greeting when it is built, and whose command prints that file.\n")
    assert shell.execute("hint")[0].startswith("Hint 1/2: One instruction per line")
    assert shell.execute("hint")[0].startswith("Hint 2/2: CMD")
    assert shell.execute("hint")[0] == \
        "No more hints for this task: 'solution' shows the commands.\n"
    solution, _ = shell.execute("solution")
    assert solution == ('build -t hello:v1 - <<EOF\nFROM alpine\nRUN echo hello > /greeting\n'
                        'CMD ["cat", "/greeting"]\nEOF\n')
    out, status = shell.execute("check")
    assert status == 1 and "  ✗ hello:v1 exists\n" in out
    assert shell.execute(solution.rstrip("\n"))[1] == 0
    out, status = shell.execute("check")
    assert status == 0 and "  ✓ hello:v1 exists\n" in out
    assert "Task 1 of 2 done.\nTask 2: Run a container named greeter" in out
    assert shell.execute("exercise")[0].splitlines()[4].split()[-2:] == ["2", "1"]
    assert shell.execute("exercise stop") == (
        "Left exercise 04-building-images at task 2/2, checks 0/2.\n", 0)
    assert shell.execute("check")[1] == 1


def test_an_unknown_exercise_lists_them():
    out, status = session().execute("exercise nosuch")
    assert status == 1
    assert out.startswith("crsim-shell: no exercise named 'nosuch'; exercises: 01-first-container")


def test_replaying_an_exercise_file_verifies_it(capsys, tmp_path):
    path = tmp_path / "mine.crs"
    path.write_text("#task Pull busybox.\n#solution pull busybox\n#check busybox is here\n"
                    "images --format '{{.Repository}}' busybox\n| busybox\n")
    assert main(["--check", str(path)]) == 0
    assert capsys.readouterr().out == "1 task verified\n"
    path.write_text("#task Pull busybox.\n#solution version\n#check busybox is here\n"
                    "images --format '{{.Repository}}' busybox\n| busybox\n")
    assert main([str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("mine.crs:4: check failed after the solution: busybox is here")
    assert out.endswith("1 problem in 1 task\n")


def test_peek_reads_containers_and_volumes_without_changing_them():
    shell = session()
    shell.execute("volume create vol")
    shell.execute("run -d --name box -v vol:/data alpine sleep 600")
    shell.execute("exec box sh -c 'echo hi > /data/x; echo up > /up; rm /etc/issue'")
    before = fingerprint(shell.engine)
    assert shell.execute("peek box:/up") == ("up\n", 0)
    assert shell.execute("peek box:/data/x") == ("hi\n", 0)
    assert shell.execute("peek /var/lib/docker/volumes/vol/_data/x") == ("hi\n", 0)
    assert shell.execute("peek box:/etc/alpine-release")[0].startswith("3.")
    assert fingerprint(shell.engine) == before
    assert shell.execute("peek box:/etc/issue") == (
        "peek: /etc/issue: No such file or directory\n", 1)
    assert shell.execute("peek box:/etc") == ("peek: /etc: Is a directory\n", 1)
    assert shell.execute("peek /var/lib/docker/volumes/vol/_data/y") == (
        "peek: /var/lib/docker/volumes/vol/_data/y: No such file or directory\n", 1)
    assert shell.execute("peek /var/lib/docker/volumes/none/_data/y") == (
        "Error response from daemon: get none: no such volume\n", 1)
    assert shell.execute("peek nosuch:/x") == (
        "Error response from daemon: No such container: nosuch\n", 1)
    assert shell.execute("peek box")[1] == 1


def test_an_exercise_can_start_in_a_fresh_world():
    shell = session()
    shell.execute("run -d --name box alpine sleep 100")
    assert shell.execute("exercise --fresh 2")[1] == 0
    assert shell.execute("ps -aq") == ("", 0)  # box stayed behind in the old world
    assert shell.execute("run -d --name box alpine sleep 3600")[1] == 0
    out, status = shell.execute("check")
    assert "  ✓ box is running\n" in out
