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
