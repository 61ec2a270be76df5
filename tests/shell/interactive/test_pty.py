"""The real thing: crsim-shell in a pseudo-terminal, typed at like a person would."""

import time

import pytest

pexpect = pytest.importorskip("pexpect")

PROMPT = "crsim> "


@pytest.fixture
def shell(terminal):
    return terminal()


def leave(shell) -> int:
    """`exit`: the shell ends; its exit status."""
    shell.send("exit\r")
    shell.expect(pexpect.EOF)
    shell.close()
    return shell.exitstatus


def test_typing_completing_and_leaving(shell, tmp_path):
    shell.expect("Tab to complete")
    shell.expect(PROMPT)

    # Completion: "pu" shows "pull" in the menu, Tab takes it.
    shell.send("pu")
    shell.expect("pull")
    shell.send("\t")
    shell.send("busybox\r")
    shell.expect("Status: Downloaded newer image for busybox:latest")
    shell.expect(PROMPT)

    shell.send("run -d --name webserver busybox sleep 300\r")
    shell.expect(r"[0-9a-f]{64}")
    shell.expect(PROMPT)

    shell.send("ps\r")
    shell.expect(r"busybox\s+\"sleep 300\".*Up .*webserver")
    shell.expect(PROMPT)

    # A container name completes: "stop -t 1 web" + Tab is "stop -t 1 webserver".
    # sleep ignores SIGTERM (PID 1 without a handler): the stop really waits its 1 s.
    shell.send("stop -t 1 web")
    shell.expect("webserver")
    shell.send("\t")
    shell.send("\r")
    shell.expect("Waiting up to 1 s for webserver to stop")
    shell.expect(PROMPT)
    shell.send("ps -a\r")
    shell.expect(r"Exited \(\d+\).*webserver")
    shell.expect(PROMPT)

    assert leave(shell) == 0
    history = (tmp_path / "data" / "crsim" / "history").read_text()
    assert "+pull busybox" in history and "+stop -t 1 webserver" in history


def started(shell):
    """busybox pulled and a container `box` running for ever."""
    shell.expect(PROMPT)
    shell.send("pull busybox\r")
    shell.expect("Status: Downloaded newer image")
    shell.expect(PROMPT)
    shell.send("run -d --name box busybox tail -f /dev/null\r")
    shell.expect(r"[0-9a-f]{64}")
    shell.expect(PROMPT)


def test_ctrl_c_on_foreground_commands_and_in_a_nested_shell(shell):
    shell.timeout = 10
    started(shell)

    # exec: the client ends, the prompt comes back on the line after "^C".
    shell.send("exec box ping 127.0.0.1\r")
    shell.expect("seq=1 ")
    shell.send("\x03")
    shell.expect(r"\^C\r\n")
    shell.expect(PROMPT)

    # A nested shell: SIGINT ends sleep, the shell prompts again with $? = 130;
    # ping handles SIGINT: it prints its statistics and ends with 0.
    shell.send("exec -it box sh\r")
    shell.expect("/ #")
    shell.send("echo go; sleep 100\r")
    shell.expect("go\r\n")
    time.sleep(0.5)  # (let sleep start: on a loaded machine the key may come first)
    shell.send("\x03")
    shell.expect(r"\^C\r\n")
    shell.expect("/ #")
    shell.send("echo status $?\r")
    shell.expect("status 130")
    shell.expect("/ #")
    shell.send("ping 127.0.0.1\r")
    shell.expect("seq=1 ")
    shell.send("\x03")
    shell.expect(r"\^C")  # (a reply may still print before ping handles the signal)
    shell.expect(r"\r\n--- 127.0.0.1 ping statistics ---")
    shell.expect("/ #")
    shell.send("echo status $?\r")
    shell.expect("status 0")
    shell.expect("/ #")
    shell.send("\x10\x11")  # Ctrl-P Ctrl-Q: detach, as docker exec -it does
    shell.expect("read escape sequence")
    shell.expect(PROMPT)

    # run: each Ctrl-C goes to PID 1, which ignores it; the client gives up at the third.
    shell.send("run --name pinger busybox sh -c 'while :; do echo tick; sleep 1; done'\r")
    shell.expect("tick")
    for _ in range(3):
        shell.send("\x03")
        time.sleep(0.2)
    shell.expect("got 3 SIGTERM/SIGINTs, forcefully exiting")
    shell.expect(PROMPT)
    shell.send("ps --format 'ST {{.Names}} {{.Status}}'\r")
    shell.expect(r"ST pinger Up")
    shell.expect(PROMPT)

    assert leave(shell) == 0


def test_stop_waits_in_real_time_and_ctrl_c_leaves_the_sigkill_to_come(shell):
    shell.timeout = 10
    started(shell)
    shell.send("stop -t 2 box\r")
    shell.expect("Waiting up to 2 s for box to stop")
    began = time.monotonic()
    shell.send("\x03")
    shell.expect(PROMPT)
    assert time.monotonic() - began < 1.5  # the prompt is back before the deadline
    shell.send("ps -a --format 'ST {{.Names}} {{.Status}}'\r")
    shell.expect(r"ST box Up")
    shell.expect(PROMPT)
    time.sleep(2.5)
    shell.send("ps -a --format 'ST {{.Names}} {{.Status}}'\r")
    shell.expect(r"ST box Exited \(137\)")
    shell.expect(PROMPT)
    # sleep really waits: typed-ahead input runs after it.
    began = time.monotonic()
    shell.send("sleep 1\r")
    shell.send("version\r")
    shell.expect("Version:")
    assert time.monotonic() - began >= 1
    assert leave(shell) == 0


def test_a_typed_here_document_a_pipe_and_a_completed_value(shell, tmp_path):
    shell.expect(PROMPT)
    shell.send("build -q -t hello:v1 - <<EOF\r")
    shell.expect("> ")  # bash's PS2 until the delimiter
    shell.send("FROM busybox\r")
    shell.expect("> ")
    shell.send("EOF\r")
    shell.expect(r"sha256:[0-9a-f]{64}")
    shell.expect(PROMPT)
    shell.send("run --rm hello:v1 echo one two | wc -w\r")
    shell.expect(r"[^0-9]2\r\n")  # wc -w on the host: two words
    shell.expect(PROMPT)
    shell.send("run -d --restart unl")  # a restart policy completes
    shell.expect("unless-stopped")
    shell.send("\t")
    shell.send("--name up hello:v1 sleep 100\r")
    shell.expect(r"[0-9a-f]{64}")
    shell.expect(PROMPT)
    shell.send("inspect -f '{{.HostConfig.RestartPolicy.Name}}' up\r")
    shell.expect("unless-stopped\r\n")
    shell.expect(PROMPT)
    shell.sendcontrol("d")  # a container runs: asked once
    shell.expect("Press Ctrl-D again to leave")
    shell.expect(PROMPT)
    shell.sendcontrol("d")
    shell.expect(pexpect.EOF)


def test_step_mode_from_the_command_line_and_lesson_names_by_tab(tmp_path, terminal):
    lesson = tmp_path / "tour.crs"
    lesson.write_text("#: A short tour.\npull busybox\n#: Now list it.\nimages busybox\n")
    child = terminal("--step", str(lesson))
    try:
        child.expect("A short tour.")
        child.expect("busybox")  # `pull busybox` is on the line, offered
        child.send("\r")
        child.expect("Status: Downloaded newer image for busybox:latest")
        child.expect("Now list it.")
        child.expect("busybox")
        child.send("\r")
        child.expect(r"busybox\s+latest")
        child.expect("Lesson tour done: 2/2 steps.")
        child.expect(PROMPT)
        child.send("demo netw\t")  # a lesson's name completes
        child.expect("05-networking")
        child.sendcontrol("u")
        child.send("exit\r")
        child.expect(pexpect.EOF)
    finally:
        if child.isalive():
            child.terminate(force=True)
