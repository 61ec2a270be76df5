"""vi, less and more against the real ones in a pseudo-terminal: BusyBox 1.37's (the
busybox image's) and, where the host has them, Debian 12's util-linux more and GNU less
(the debian image's). The same keys, the same screens: the text of every row, the cells
in reverse video and the cursor, through the VT100 model, after each key."""

import shutil
import time

import pytest

from engine import Engine
from tests import references

from .test_full_screen import Typist
from .vt100 import Screen

pexpect = pytest.importorskip("pexpect")

ROWS, COLUMNS = 10, 40
TEXT = "one\ntwo\nthree " + "long " * 12 + "\n" + "".join(f"line {n}\n" for n in range(4, 31))

CASES = {
    "vi moves, edits, yanks, puts, undoes and writes": (
        ["vi", "f"], ["j", "x", "dd", "u", "3j", "yy", "p", "G", "k", "A!\x1b", "0", "$",
                      "/line 2\r", "n", "O\x1b", ":w\r", ":q\r"]),
    "vi words, joins and replaces": (
        ["vi", "f"], ["w", "dw", "e", "b", "cwX\x1b", "J", "rZ", "$", "x", "C!\x1b", "3G", "w",
                      "de", "2w", "s-\x1b", ":q!\r"]),
    "vi undoes a replace and a join as one change": (
        ["vi", "f"], ["rZ", "u", "3rY", "u", "j", "J", "u", "l", "9rQ", "2j", "5rx", "u", ":q!\r"]),
    "vi substitutes": (
        ["vi", "f"], [":%s/line/LINE/\r", ":s/L/l/g\r", "u", ":2,4s/t/T/\r", ":s/zzz/y/\r",
                      ":3\r", ":s/long/x/g\r", "u", ":.,$s/ /_/\r", ":9,2s/a/b/\r",
                      ":99\r", ":0\r", ":2,99s/a/b/\r", ":s/\r", ":q!\r"]),
    "vi will not quit a changed file": (
        ["vi", "f"], ["x", ":q\r", ":q!\r", "Gx", ":w other\r", ":w f\r", ":q!\r"]),
    "vi on a new file": (["vi", "new"], ["ihello", "\x1b", "oworld\x1b", "yy", "P", "ZZ"]),
    "less pages and searches": (
        ["less", "f"], [" ", " ", "b", "j", "k", "G", "g", "/line 2\r", "n", "N", "d", "u", "q"]),
    "less -N numbers the lines": (["less", "-N", "f"], [" ", "G", "g", "/line 2\r", "q"]),
    "less -E quits at the end": (["less", "-E", "f"], [" ", " ", " "]),
    "less -F pages a text longer than the screen": (["less", "-F", "f"], [" ", "q"]),
    "more pages": (["more", "f"], [" ", "\r", "x", " ", "q"]),
}


def _real_screens(binary, args, keys, directory):
    child = pexpect.spawn(binary, args, cwd=str(directory), dimensions=(ROWS, COLUMNS),
                          env={"TERM": "xterm", "PATH": "/usr/bin:/bin"}, encoding="utf-8")
    screen = Screen(ROWS, COLUMNS)
    screens = []

    def drain():
        deadline = time.monotonic() + 0.25
        while time.monotonic() < deadline:
            try:
                screen.feed(child.read_nonblocking(65536, timeout=0.1))
                deadline = time.monotonic() + 0.15
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                return
    drain()
    screens.append((screen.text(), sorted(screen.reverse), screen.cursor))
    for key in keys:
        child.send(key)
        drain()
        screens.append((screen.text(), sorted(screen.reverse), screen.cursor))
    child.close(force=True)
    return screens


def _simulated_screens(args, keys, image="busybox"):
    engine = Engine.deterministic()
    engine.pull(image)
    engine.run(image, ["sleep", "1000"], name="box")
    engine.exec("box", ["sh", "-c", f"printf '%s' '{TEXT}' > /tmp/f"])
    if "less" in " ".join(args) and image == "debian":
        engine.exec("box", ["sh", "-c", "apt-get update && apt-get install -y less"])
    typist = Typist(engine)
    typist.session.resize(ROWS, COLUMNS)
    typist.session.run("cd /tmp")
    typist.command(" ".join(args))
    screens = [(typist.screen.text(), sorted(typist.screen.reverse), typist.screen.cursor)]
    for key in keys:
        screen = typist.keys(key)
        screens.append((screen.text(), sorted(screen.reverse), screen.cursor))
    return screens


@pytest.mark.parametrize("name", list(CASES))
def test_screens_as_busybox_draws_them(name, tmp_path):
    binary = references.busybox()
    if binary is None:
        pytest.skip(references.MISSING)
    args, keys = CASES[name]
    (tmp_path / "f").write_text(TEXT)
    real = _real_screens(binary, args, keys, tmp_path)
    simulated = _simulated_screens(args, keys)
    for step, (want, got) in enumerate(zip(real, simulated)):
        shown = "start" if step == 0 else repr(keys[step - 1])
        assert got == want, f"after {shown}"


DEBIAN_CASES = {
    "util-linux more": (["more", "f"], [" ", "\r", "d", "b", " ", " ", " ", "q"]),
    "GNU less": (["less", "f"], [" ", "b", "j", "k", "G", "g", "/line 2\r", "n", "q"]),
}


@pytest.mark.parametrize("name", list(DEBIAN_CASES))
def test_screens_as_debian_draws_them(name, tmp_path):
    args, keys = DEBIAN_CASES[name]
    binary = shutil.which(args[0])
    version = "less 590" if args[0] == "less" else "util-linux 2.38"
    if binary is None or version not in pexpect.run(f"{binary} --version", encoding="utf-8"):
        pytest.skip(f"no {version} here to compare with")
    (tmp_path / "f").write_text(TEXT)
    real = _real_screens(binary, args[1:], keys, tmp_path)
    simulated = _simulated_screens(args, keys, "debian")
    for step, (want, got) in enumerate(zip(real, simulated)):
        shown = "start" if step == 0 else repr(keys[step - 1])
        assert got == want, f"after {shown}"


PIPED = {  # (what crsim runs at the prompt, the real command for sh -c, keys)
    "BusyBox less from a pipe": ("seq 1 30 | less", "seq 1 30 | {busybox} less", [" ", "G", "q"]),
    "BusyBox more from a pipe": ("seq 1 30 | more", "seq 1 30 | {busybox} more", [" ", "q"]),
}
DEBIAN_PIPED = {
    "GNU less from a pipe": ("seq 1 30 | less", "seq 1 30 | less", [" ", "G", "q"]),
    "util-linux more from a pipe": ("seq 1 30 | more", "seq 1 30 | more", [" ", "q"]),
}


@pytest.mark.parametrize("name", list(PIPED) + list(DEBIAN_PIPED))
def test_pagers_reading_a_pipe_as_the_real_ones(name, tmp_path):
    debian = name in DEBIAN_PIPED
    line, real_line, keys = (DEBIAN_PIPED if debian else PIPED)[name]
    if debian:
        program = line.split()[-1]
        version = "less 590" if program == "less" else "util-linux 2.38"
        binary = shutil.which(program)
        if binary is None or version not in pexpect.run(f"{binary} --version", encoding="utf-8"):
            pytest.skip(f"no {version} here to compare with")
    else:
        if references.busybox() is None:
            pytest.skip(references.MISSING)
        real_line = real_line.format(busybox=references.busybox())
    real = _real_screens("/bin/sh", ["-c", real_line], keys, tmp_path)
    simulated = _simulated_screens([line], keys, "debian" if debian else "busybox")
    for step, (want, got) in enumerate(zip(real, simulated)):
        shown = "start" if step == 0 else repr(keys[step - 1])
        assert got == want, f"after {shown}"
