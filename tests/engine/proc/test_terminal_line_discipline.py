"""The terminal's line discipline in canonical mode (N_TTY): lines edited and echoed
as they are typed, readable whole once Enter comes; ^D; signal keys."""

from engine.proc.api import Stream
from engine.proc.terminal import Terminal


def terminal():
    shown = Stream()
    tty = Terminal()
    tty.echo_to = shown
    return tty, shown


def test_a_line_is_edited_and_echoed_then_read_whole():
    tty, shown = terminal()
    tty.type("helo")
    assert not tty.keys.readable  # nothing for a reader before Enter
    tty.type("\x7flo wor\x17world\r")
    assert shown.value == "helo\b \blo wor\b \b\b \b\b \bworld\n"
    assert tty.keys.read() == "hello world\n"


def test_kill_and_end_of_file():
    tty, shown = terminal()
    tty.type("ab\x15x\x04")  # ^U erases the line; ^D hands over what is there, no newline
    assert tty.keys.read() == "x"
    tty.type("\x04")  # ^D on an empty line: one read of nothing (end of file), once
    assert tty.keys.readable and tty.keys.read() == ""
    assert not tty.keys.readable
    tty.type("\x04")  # the same for a read of a given size (read(0, buf, 4096))
    assert tty.keys.take(4096) == "" and not tty.keys.readable
    tty.type("a\nb\n")
    assert tty.keys.take(4096) == "a\n"


def test_one_line_a_read_in_canonical_mode_everything_in_raw_mode():
    tty, _ = terminal()
    tty.type("one\ntwo\n")
    assert (tty.keys.read(), tty.keys.read()) == ("one\n", "two\n")
    tty.modes.update(icanon=False, echo=False)
    tty.type("ab\nc")
    assert tty.keys.read() == "ab\nc"


def test_signal_keys_flush_the_line_and_echo_as_control_characters():
    tty, shown = terminal()
    signals = []
    tty.on_signal = signals.append
    tty.type("abc\x03")
    assert signals == [2] and shown.value == "abc^C" and not tty.keys.held
    tty.type("\x1b\n")  # other control characters echo as ^ and a letter too (echoctl)
    assert shown.value.endswith("^[\n") and tty.keys.read() == "\x1b\n"
    tty.modes["echo"] = False
    tty.type("secret\n")  # a password prompt (stty -echo): nothing shown
    assert shown.value.endswith("^[\n") and tty.keys.read() == "secret\n"


def _shell():
    from engine import Engine
    engine = Engine.deterministic()
    engine.pull("alpine")
    engine.run("alpine", ["sleep", "1000"], name="box")
    return engine, engine.attach_shell("box", ["sh"])


def test_a_program_reading_its_whole_input_waits_for_ctrl_d():
    engine, session = _shell()
    session.type("wc -l; echo st=$?")
    assert engine.wait_until(lambda: session.holds_terminal, timeout=5)
    session.keys("a b\nc\n")
    assert not engine.wait_until(lambda: session.ready, timeout=1)  # wc still reads
    session.keys("\x04")
    assert engine.wait_until(lambda: session.ready, timeout=5)
    assert session.read() == "a b\nc\n2\nst=0\n"


def test_read_takes_a_typed_line_and_ctrl_d_ends_it():
    engine, session = _shell()
    session.type("read x; echo st=$? x=$x")
    assert engine.wait_until(lambda: session.holds_terminal, timeout=5)
    session.keys("hi there\r")
    assert engine.wait_until(lambda: session.ready, timeout=5)
    assert session.read() == "hi there\nst=0 x=hi there\n"
    session.type("read x; echo st=$? x=$x")
    engine.wait_until(lambda: session.holds_terminal, timeout=5)
    session.keys("ab\x04")  # what is there, without a newline: read goes on reading
    engine.wait_until(lambda: session.ready, timeout=1)
    session.keys("\x04")  # then the end of input: read fails with what it got
    assert engine.wait_until(lambda: session.ready, timeout=5)
    assert session.read() == "abst=1 x=ab\n"


def test_bc_on_a_terminal_runs_each_line_as_busybox_bc_does():
    # The transcript of BusyBox 1.37's bc in a pseudo-terminal, typed line by line.
    engine, session = _shell()
    session.type("bc")
    assert engine.wait_until(lambda: session.holds_terminal, timeout=5)
    for line in ["1/0\r", "define f(x) {\r", "return x*2\r", "}\r", "f(3)\r", "1+\r", "2\r", "quit\r"]:
        session.keys(line)
        engine.wait_until(lambda: session.ready, timeout=0.5)
    assert engine.wait_until(lambda: session.ready, timeout=5)
    assert session.read() == (
        "bc 1.37.0\nAdapted from https://github.com/gavinhoward/bc\n"
        "Original code (c) 2018 Gavin D. Howard and contributors\n"
        "1/0\nbc: divide by zero\ndefine f(x) {\nreturn x*2\n}\nf(3)\n6\n"
        "1+\nbc: bad expression at ''\n2\n2\nquit\n")


def test_a_password_is_read_without_echo():
    engine, session = _shell()
    session.type("adduser bob; echo st=$?")
    assert engine.wait_until(lambda: session.holds_terminal, timeout=5)
    for _ in range(2):
        session.keys("secret1\r")
        engine.wait_until(lambda: session.ready, timeout=1)
    assert engine.wait_until(lambda: session.ready, timeout=5)
    assert session.read() == ("Changing password for bob\nNew password: \nRetype password: \n"
                              "passwd: password for bob changed by root\nst=0\n")
    assert session.terminal.modes["echo"]  # given back as it was


def test_apt_asks_at_the_terminal_and_waits_for_the_answer():
    from engine import Engine
    engine = Engine.deterministic()
    engine.pull("debian")
    engine.run("debian", ["sleep", "infinity"], name="deb")
    session = engine.attach_shell("deb", ["bash"])
    session.run("apt-get update >/dev/null")
    session.type("apt-get install curl; echo st=$?")
    assert engine.wait_until(lambda: session.holds_terminal, timeout=60)
    assert session.read().endswith("Do you want to continue? [Y/n] ")
    session.keys("n\r")
    assert engine.wait_until(lambda: session.ready, timeout=5)
    assert session.read() == "n\nAbort.\nst=1\n"
    session.type("apt-get install curl >/dev/null; echo st=$?")
    assert engine.wait_until(lambda: session.holds_terminal, timeout=60)
    session.keys("\r")  # Enter: the default, yes
    assert engine.wait_until(lambda: session.ready, timeout=600)
    assert session.read().endswith("st=0\n")
    assert session.run("command -v curl")[0] == "/usr/bin/curl\n"


def test_rm_and_mv_ask_at_the_terminal():
    engine, session = _shell()
    session.run("cd /tmp && touch a b c")
    session.type("rm -i a b; ls | cat")
    for answer in ("y\r", "n\r"):
        assert engine.wait_until(lambda: session.holds_terminal or session.ready, timeout=5)
        session.keys(answer)
    assert engine.wait_until(lambda: session.ready, timeout=5)
    assert session.read() == "rm: remove 'a'? y\nrm: remove 'b'? n\nb\nc\n"
    session.type("mv -i b c; ls | cat")
    assert engine.wait_until(lambda: session.holds_terminal, timeout=5)
    session.keys("yes\r")
    assert engine.wait_until(lambda: session.ready, timeout=5)
    assert session.read() == "mv: overwrite 'c'? yes\nc\n"


def _transcript(engine, session, lines):
    shown = []
    for line in lines:
        if line is None:  # time passes between two lines
            engine.sleep(1.5)
            continue
        session.type(line)
        engine.wait_until(lambda: session.ready or session.holds_terminal, timeout=3)
        shown.append("$ " + line + "\n" + session.read())
    return "".join(shown)


def test_ash_tells_what_became_of_its_jobs_before_the_prompt():
    # As BusyBox 1.37's ash in a pseudo-terminal tells it (a stop or a kill is instant
    # here, so its line comes at the prompt right after the kill, not at the one after).
    engine, session = _shell()
    assert _transcript(engine, session, [
        "sleep 1 &", None, "", "sleep 100 &", "kill -STOP %1", "jobs", "cat &", None, "",
        "jobs", "kill -9 %1 %2"]) == (
        "$ sleep 1 &\n$ \n[1]+  Done                       sleep 1\n"
        "$ sleep 100 &\n$ kill -STOP %1\n[1]+  Stopped (signal)           sleep 100\n"
        "$ jobs\n[1]+  Stopped (signal)           sleep 100\n"
        "$ cat &\n$ \n[2]+  Stopped (tty input)        cat\n"
        "$ jobs\n[2]+  Stopped (tty input)        cat\n[1]-  Stopped (signal)           sleep 100\n"
        "$ kill -9 %1 %2\n[1]+  Killed                     sleep 100\n[2]+  Killed                     cat\n")


def test_a_background_job_that_reads_the_terminal_stops_until_fg():
    engine, session = _shell()
    _transcript(engine, session, ["cat &", None])
    assert _transcript(engine, session, ["fg"]) == "$ fg\ncat\n"
    session.keys("typed\r")
    engine.wait_until(lambda: session.ready, timeout=1)
    session.keys("\x04")
    assert engine.wait_until(lambda: session.ready, timeout=5)
    assert session.read() == "typed\ntyped\n"


def test_a_stopped_job_acts_on_a_signal_only_once_continued():
    # The kernel keeps SIGTERM pending while the process is stopped (BusyBox ash's transcript).
    engine, session = _shell()
    assert _transcript(engine, session, ["sleep 100 &", "kill -STOP %1", "kill %1", "jobs",
                                         "kill -CONT %1"]) == (
        "$ sleep 100 &\n$ kill -STOP %1\n[1]+  Stopped (signal)           sleep 100\n"
        "$ kill %1\n$ jobs\n[1]+  Stopped (signal)           sleep 100\n"
        "$ kill -CONT %1\n[1]+  Terminated                 sleep 100\n")


def test_with_a_terminal_and_no_input_attached_a_shell_waits_on_it():
    # `docker run -dt alpine sh` stays up: sh reads its terminal, where nothing is typed
    # (-i would let a client type there); without -t or -i it reads end of file and exits.
    from shell.session import Session
    sh = Session(__import__("engine").Engine.deterministic()).execute
    for name, flags in (("tty", "-dt"), ("both", "-dit"), ("input", "-di"), ("neither", "-d")):
        sh(f"run {flags} --name {name} alpine sh")
    sh("sleep 5")
    assert sh("ps -a --format '{{.Names}} {{.State}}'")[0] == (
        "neither exited\ninput running\nboth running\ntty running\n")
