"""An exercise in a real terminal (pexpect, colour on): the checks report after the
learner's own command, `hint` helps, `check` says what is missing, `exercise stop` leaves. (Without cursor
position reports prompt_toolkit draws no bottom toolbar: test_exercise_prompt checks it.)"""

import pytest

pexpect = pytest.importorskip("pexpect")

PROMPT = "crsim> "


def test_an_exercise_checks_the_learners_command(terminal):
    shell = terminal(timeout=10)
    shell.expect(PROMPT)
    shell.send("exercise 1\r")
    shell.expect("# Exercise 1: your first container")
    shell.expect("Task 1: Pull the alpine image from the registry.")
    shell.expect(PROMPT)

    shell.send("hint\r")
    shell.expect(r"Hint 1/1: `pull NAME` fetches an image")
    shell.expect(PROMPT)
    shell.send("hint\r")
    shell.expect("No more hints for this task")
    shell.expect(PROMPT)

    # The learner's command prints what it prints, then the checks say what is new
    # (each line in one colour, so its words are not split by escape codes).
    shell.send("pull alpine\r")
    shell.expect("Status: Downloaded newer image for alpine:latest")
    shell.expect("✓ the image alpine:latest is here")
    shell.expect("Task 1 of 4 done.")
    shell.expect("Task 2: Start a container named napper from alpine")
    shell.expect(PROMPT)

    # A command that solves nothing leaves the task open; `check` says what is missing.
    shell.send("run -d --name napper alpine sleep 30\r")
    shell.expect(r"[0-9a-f]{64}")
    shell.expect("✓ a container named napper is running")
    shell.expect(PROMPT)
    shell.send("check\r")
    shell.expect("✗ it runs `sleep 300` from alpine")
    shell.expect(PROMPT)

    shell.send("exercise stop\r")
    shell.expect(r"Left exercise 01-first-container at task 2/4, checks 1/2\.")
    shell.expect(PROMPT)
    shell.send("hint\r")
    shell.expect("no exercise is open")
    shell.expect(PROMPT)
    shell.send("exit\r")  # with the status of the last command: hint's 1
    shell.expect(pexpect.EOF)
    shell.close()
    assert shell.exitstatus == 1
