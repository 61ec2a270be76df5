"""Full-screen programs in a container, typed at in a real pseudo-terminal: the
container prompt lends the terminal to vi and top and takes it back after."""

import pytest

pexpect = pytest.importorskip("pexpect")

PROMPT = "crsim> "


def test_vi_saves_a_file_and_top_quits_on_q(terminal):
    shell = terminal(timeout=10)
    shell.expect(PROMPT)
    shell.send("run -it --name box alpine sh\r")
    shell.expect("/ #")
    shell.send("vi /tmp/x\r")
    shell.expect(r"- /tmp/x 1/1 100%")
    shell.send("ihello world")
    shell.expect("hello world")
    shell.send("\x1b")
    shell.expect("- /tmp/x \\[Modified\\] 1/1 100%")
    shell.send(":wq\r")
    shell.expect("\x1b\\[\\?1049l")  # vi leaves the alternate screen
    shell.expect("/ #")
    shell.send("cat /tmp/x\r")
    shell.expect("hello world\r\n")
    shell.expect("/ #")

    shell.send("top\r")
    shell.expect("Load average:")
    shell.expect("PID")
    shell.send("q")
    shell.expect("/ #")
    shell.send("echo back $?\r")
    shell.expect("back 0")
    shell.expect("/ #")
    shell.send("exit\r")
    shell.expect(PROMPT)
    shell.send("diff box\r")
    shell.expect("A /tmp/x")
    shell.expect(PROMPT)
    shell.send("exit\r")
    shell.expect(pexpect.EOF)


def test_exec_it_of_a_full_screen_program_gets_the_terminal(terminal):
    shell = terminal(timeout=10)
    shell.expect(PROMPT)
    shell.send("run -d --name box alpine sleep 1000\r")
    shell.expect(r"[0-9a-f]{64}")
    shell.expect(PROMPT)
    shell.send("exec -it box top\r")
    shell.expect("Load average:")
    shell.send("q")
    shell.expect(PROMPT)
    shell.send("echo $?\r")
    shell.expect("0\r\n")
    shell.expect(PROMPT)
    shell.send("exec -it box vi /tmp/y\r")
    shell.expect("- /tmp/y 1/1 100%")
    shell.send("ihi\x1b")
    shell.expect("\\[Modified\\]")
    shell.send("ZZ")
    shell.expect(PROMPT)
    shell.send("exec box cat /tmp/y\r")
    shell.expect("hi\r\n")
    shell.expect(PROMPT)
    shell.send("exit\r")
    shell.expect(pexpect.EOF)


def test_run_it_of_a_full_screen_program(terminal):
    shell = terminal(timeout=10)
    shell.expect(PROMPT)
    shell.send("run -it --rm --name topper alpine top\r")
    shell.expect("Load average:")
    shell.send("q")
    shell.expect(PROMPT)
    shell.send("ps -a\r")
    shell.expect(PROMPT)
    assert "topper" not in shell.before  # --rm: gone once top quit
    shell.send("exit\r")
    shell.expect(pexpect.EOF)


def test_detach_keys_leave_a_full_screen_program_running(terminal):
    shell = terminal(timeout=10)
    shell.expect(PROMPT)
    shell.send("run -d --name box alpine sleep 1000\r")
    shell.expect(PROMPT)
    shell.send("exec -it box top\r")
    shell.expect("Load average:")
    shell.send("\x10")  # Ctrl-P alone is held back ...
    shell.send("\x11")  # ... and with Ctrl-Q it detaches: top goes on
    shell.expect("read escape sequence")
    shell.expect(PROMPT)
    shell.send("exec box ps\r")
    shell.expect(r"\d+ root +0:00 top")
    shell.expect(PROMPT)
    shell.send("run -it --name editor alpine sh\r")
    shell.expect("/ #")
    shell.send("vi /tmp/z\r")
    shell.expect("- /tmp/z 1/1 100%")
    shell.send("\x10\x11")
    shell.expect(PROMPT)  # run -it: quietly back, the shell and vi go on
    shell.send("exec editor ps\r")
    shell.expect(r"vi /tmp/z")
    shell.expect(PROMPT)
    shell.send("exit\r")
    shell.expect(pexpect.EOF)
