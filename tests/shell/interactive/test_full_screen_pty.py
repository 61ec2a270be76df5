"""Full-screen programs in a container, typed at in a real pseudo-terminal: the
container prompt lends the terminal to vi and top and takes it back after; exec -it
and run -it of such a program hand it the terminal from the start."""

import time

import pytest

pexpect = pytest.importorskip("pexpect")

PROMPT = "crsim> "
SHELL = "/ #"  # busybox ash's prompt (the cursor moves after it, no space is written)


def converse(shell, *steps):
    """Each step: what to type, then each pattern to wait for, in order."""
    for typed, *expected in steps:
        shell.send(typed)
        for pattern in expected:
            shell.expect(pattern)


def started(terminal):
    shell = terminal(timeout=10)
    shell.expect(PROMPT)
    return shell


def test_vi_saves_a_file_and_top_quits_on_q(terminal):
    shell = started(terminal)
    converse(shell,
             ("run -it --name box alpine sh\r", SHELL),
             ("vi /tmp/x\r", r"- /tmp/x 1/1 100%"),
             ("ihello world", "hello world"),
             ("\x1b", r"- /tmp/x \[Modified\] 1/1 100%"),
             (":wq\r", r"\x1b\[\?1049l", SHELL),  # vi leaves the alternate screen
             ("cat /tmp/x\r", "hello world\r\n", SHELL),
             ("top\r", "Load average:", "PID"),
             ("q", SHELL),
             ("echo back $?\r", "back 0", SHELL),
             ("exit\r", PROMPT),
             ("diff box\r", "A /tmp/x", PROMPT),
             ("exit\r", pexpect.EOF))


def test_exec_it_of_a_full_screen_program_gets_the_terminal(terminal):
    shell = started(terminal)
    converse(shell,
             ("run -d --name box alpine sleep 1000\r", r"[0-9a-f]{64}", PROMPT),
             ("exec -it box top\r", "Load average:"),
             ("q", PROMPT),
             ("echo $?\r", "0\r\n", PROMPT),
             ("exec -it box vi /tmp/y\r", "- /tmp/y 1/1 100%"),
             ("ihi\x1b", r"\[Modified\]"),
             ("ZZ", PROMPT),
             ("exec box cat /tmp/y\r", "hi\r\n", PROMPT),
             ("exit\r", pexpect.EOF))


def test_run_it_of_a_full_screen_program(terminal):
    shell = started(terminal)
    converse(shell,
             ("run -it --rm --name topper alpine top\r", "Load average:"),
             ("q", PROMPT),
             ("ps -a\r", PROMPT))
    assert "topper" not in shell.before  # --rm: gone once top quit
    converse(shell, ("exit\r", pexpect.EOF))


def test_detach_keys_leave_a_full_screen_program_running(terminal):
    shell = started(terminal)
    converse(shell,
             ("run -d --name box alpine sleep 1000\r", PROMPT),
             ("exec -it box top\r", "Load average:"),
             ("\x10",),  # Ctrl-P alone is held back ...
             ("\x11", "read escape sequence", PROMPT),  # ... with Ctrl-Q it detaches
             ("exec box ps\r", r"\d+ root +0:00 top", PROMPT),  # top goes on
             ("run -it --name editor alpine sh\r", SHELL),
             ("vi /tmp/z\r", "- /tmp/z 1/1 100%"),
             ("\x10\x11", PROMPT),  # run -it: quietly back, the shell and vi go on
             ("exec editor ps\r", "vi /tmp/z", PROMPT),
             ("exit\r", pexpect.EOF))


def test_programs_that_read_the_terminal_get_what_is_typed(terminal):
    """cat, read and redis-cli's prompt read lines typed at the container's terminal,
    which echoes and edits them (canonical mode); ^D ends cat's input, ^C a read."""
    shell = terminal(timeout=15)
    shell.expect(PROMPT)
    converse(shell,
             ("run -d --name rc redis:7\r", r"[0-9a-f]{64}", PROMPT),
             ("run -d --name box alpine sleep 1000\r", r"[0-9a-f]{64}", PROMPT),
             ("exec -it box sh\r", SHELL),
             ("read x; echo got=$x\r", r"read x; echo got=\$x"),
             ("helo\x7flo\r", r"helo\x08 \x08lo", "got=hello", SHELL),
             ("cat > /tmp/f\r", r"cat > /tmp/f"),
             ("one\r", "one"),
             ("\x04", SHELL),
             ("cat /tmp/f\r", "one", SHELL),
             ("cat\r", "cat"))
    time.sleep(1)  # cat is reading the terminal now (a ^C before would reach crsim itself)
    converse(shell,
             ("\x03", r"\^C", SHELL),
             ("echo $?\r", "130", SHELL),
             ("exit\r", PROMPT),
             ("exec -it rc redis-cli\r", "127.0.0.1:6379> "),
             ("set a 1\r", "OK", "6379> "),
             ("select 2\r", "OK", r"6379\[2\]> "),
             ("quit\r", PROMPT),
             ("exit\r", pexpect.EOF))


def test_lines_typed_ahead_of_the_prompt_run_next(terminal):
    """What a reading program leaves unread is the shell's next command line, as
    type-ahead in a terminal is."""
    shell = terminal(timeout=15)
    shell.expect(PROMPT)
    converse(shell,
             ("run -d --name box alpine sleep 1000\r", r"[0-9a-f]{64}", PROMPT),
             ("exec -it box sh\r", SHELL),
             ("read x; echo got=$x\r", r"read x; echo got=\$x"))
    time.sleep(1)  # read is reading
    converse(shell,
             ("one\recho $((6*7))\r", "got=one", "42", SHELL),
             ("exit\r", PROMPT),
             ("exit\r", pexpect.EOF))
