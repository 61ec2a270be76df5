"""Full-screen programs on the engine's pseudo-terminal, driven by key bytes as a
person types them; the screen checked through a small VT100 model, files through the
container's file system (and `diff`)."""

import pytest

from engine import Engine

from .vt100 import Screen


class Typist:
    """An exec -it shell in an alpine container, on a terminal of 10x40."""

    def __init__(self, engine, name="box", user=""):
        self.engine = engine
        self.session = engine.attach_shell(name, ["sh"], user=user)
        self.terminal = self.session.terminal
        self.session.resize(10, 40)
        self.screen = Screen(10, 40)

    def command(self, line, seconds=None):
        """Type a command line (and let ``seconds`` pass, for one that keeps running
        in cooked mode); True if a program took the terminal (raw mode)."""
        self.session.type(line)
        self.settle(seconds)
        return self.session.full_screen

    def settle(self, seconds=None):
        session = self.session
        if seconds is not None:
            self.engine.wait_until(lambda: session.ready, timeout=seconds)
        else:
            self.engine.wait_until(lambda: session.ready or (
                session.full_screen and not self.terminal.keys.held and not self.terminal.resized))
        self.screen.feed(session.read())

    def keys(self, text):
        self.session.keys(text)
        self.settle()
        return self.screen


@pytest.fixture
def engine():
    engine = Engine.deterministic()
    engine.pull("alpine")
    engine.run("alpine", ["sleep", "1000"], name="box")
    return engine


@pytest.fixture
def typist(engine):
    return Typist(engine)


def test_vi_creates_edits_and_saves_a_file(engine, typist):
    assert typist.command("vi /tmp/notes")
    assert typist.terminal.raw and typist.screen.alternate
    assert typist.screen.line(9) == "- /tmp/notes 1/1 100%"
    assert typist.screen.line(1) == "~"
    screen = typist.keys("ihello")
    # what is being typed counts as a change at Esc (BusyBox's undo queue)
    assert screen.line(0) == "hello" and screen.line(9) == "I /tmp/notes 1/1 100%"
    assert screen.cursor == (1, 6)
    screen = typist.keys("\x1b")
    assert screen.cursor == (1, 5) and screen.line(9) == "- /tmp/notes [Modified] 1/1 100%"
    screen = typist.keys("oworld\x1b")
    assert screen.line(1) == "world" and screen.line(9).endswith("2/2 100%")
    screen = typist.keys("yy")
    assert screen.line(9) == "Yank 1 lines (6 chars) from [D]"
    screen = typist.keys("p")
    assert screen.line(2) == "world" and screen.line(9) == "Put 1 lines (6 chars) from [D]"
    screen = typist.keys("kkx")
    assert screen.line(0) == "ello"
    screen = typist.keys("u")
    assert screen.line(0) == "hello" and screen.line(9).startswith("Undo [")
    screen = typist.keys(":w\r")
    assert screen.line(9) == "'/tmp/notes' 3L, 18C"
    typist.keys(":q\r")
    assert typist.session.ready and not typist.terminal.raw  # the modes are put back
    assert not typist.screen.alternate
    assert engine.exec("box", ["cat", "/tmp/notes"]).output == "hello\nworld\nworld\n"
    assert ("A", "/tmp/notes") in engine.diff("box")


def test_vi_refuses_to_quit_a_changed_file_and_searches(typist):
    typist.command("vi /etc/hostname")
    typist.keys("x")
    screen = typist.keys(":q\r")
    # too wide for 40 columns: BusyBox waits for a key
    assert screen.line(9) == "No write since last change (:q! overrides)"[:40] or \
        "No write since last change" in screen.text()
    assert (9, 1) in screen.reverse
    typist.keys("\r")
    screen = typist.keys("/zzz\r")
    assert screen.line(9) == "Pattern not found"
    typist.keys(":q!\r")
    assert typist.session.ready


def test_vi_without_a_terminal_reads_keys_from_its_input(engine):
    result = engine.exec("box", ["vi", "/tmp/piped"], stdin="ihi\x1b")
    assert result.status == 1
    assert result.output.endswith("vi: can't read user input\n")


def test_less_pages_searches_and_quits(engine, typist):
    engine.exec("box", ["sh", "-c", "seq 1 30 > /tmp/n30"])
    assert typist.command("less /tmp/n30")
    screen = typist.screen
    assert [screen.line(r) for r in range(9)] == [str(n) for n in range(1, 10)]
    assert screen.line(9) == "/tmp/n30" and (9, 0) in screen.reverse
    screen = typist.keys(" ")
    assert screen.line(0) == "10" and screen.line(9) == ":"
    screen = typist.keys("b")
    assert screen.line(0) == "1"
    screen = typist.keys("j")
    assert screen.line(0) == "2"
    screen = typist.keys("G")  # BusyBox shows the empty line after the last new line, then "~"
    assert [screen.line(r) for r in range(9)] == [str(n) for n in range(24, 31)] + ["", "~"]
    assert screen.line(9) == "(END)"
    screen = typist.keys("g/2\r")
    assert screen.line(0) == "2" and (0, 0) in screen.reverse
    screen = typist.keys("n")
    assert screen.line(0) == "12" and (0, 1) in screen.reverse and (0, 0) not in screen.reverse
    typist.keys("q")
    assert typist.session.ready and screen.line(9) == ""


def test_more_shows_its_prompt_and_pages(engine, typist):
    engine.exec("box", ["sh", "-c", "seq 1 30 > /tmp/n30"])
    typist.command("more /tmp/n30")
    assert typist.screen.line(9) == "--More-- (19% of 81 bytes)"  # BusyBox's small-file arithmetic
    screen = typist.keys(" ")
    assert screen.line(9) == "--More-- (46% of 81 bytes)"
    typist.keys("q")
    assert typist.session.ready


def test_top_redraws_every_interval_and_quits_on_q(engine, typist):
    typist.command("top -d 3")
    assert typist.session.full_screen
    before = engine.clock.now()
    typist.settle(seconds=3.5)
    assert "Load average:" in typist.screen.text()
    assert not typist.session.ready  # still running: it redraws, it waits for keys
    typist.keys("q")
    assert typist.session.ready and not typist.terminal.raw
    assert engine.clock.now() - before >= 3


def test_ctrl_c_is_a_key_for_busybox_top(typist):
    assert typist.command("top")
    assert not typist.terminal.modes["isig"]  # BusyBox's top reads ^C itself
    typist.keys("\x03")
    assert typist.session.ready and typist.terminal.modes["isig"]
    assert typist.session.run("echo $?") == ("0\n", 0)


def test_the_line_discipline_turns_signal_keys_into_signals():
    from engine.proc.terminal import Terminal
    terminal = Terminal()
    signals = []
    terminal.on_signal = signals.append
    terminal.set_raw()
    terminal.modes["isig"] = True
    terminal.type("a\x03b\x1c\x1a\r")
    assert signals == [2, 3, 20]
    assert terminal.keys.read() == "\r"  # the input queue flushed at each; no icrnl in raw mode
    terminal.modes["isig"] = False
    terminal.type("\x03")
    assert signals == [2, 3, 20] and terminal.keys.read() == "\x03"


def test_stty_shows_and_changes_the_modes(typist):
    session = typist.session
    output, status = session.run("stty size")
    assert (output, status) == ("10 40\n", 0)
    output, _ = session.run("stty -a")
    # BusyBox 1.37's stty -a on a 10x40 pseudo-terminal
    assert output == (
        "speed 38400 baud; rows 10; columns 40;\nline = 0;\nintr = ^C; quit = ^\\; erase = ^?;\n"
        "kill = ^U; eof = ^D; eol = <undef>;\neol2 = <undef>; swtch = <undef>;\n"
        "start = ^Q; stop = ^S; susp = ^Z;\nrprnt = ^R; werase = ^W; lnext = ^V;\n"
        "flush = ^O; min = 1; time = 0;\n-parenb -parodd -cmspar cs8 -hupcl\n"
        "-cstopb cread -clocal -crtscts\n-ignbrk -brkint -ignpar -parmrk -inpck\n"
        "-istrip -inlcr -igncr icrnl ixon -ixoff\n-iuclc -ixany -imaxbel -iutf8\n"
        "opost -olcuc -ocrnl onlcr -onocr\n-onlret -ofill -ofdel nl0 cr0 tab0 bs0\n"
        "vt0 ff0\nisig icanon iexten echo echoe echok\n-echonl -noflsh -xcase -tostop -echoprt\n"
        "echoctl echoke -flusho -extproc\n")
    output, _ = session.run("stty raw -echo; stty; stty sane")
    assert output.endswith("-brkint -icrnl -imaxbel\n-opost\n-isig -icanon -echo\n")
    assert not typist.terminal.raw
    output, status = session.run("stty bogus")
    assert (output, status) == ("stty: invalid number 'bogus'\n", 1)
    output, status = session.run("stty </dev/null")
    assert (output, status) == ("stty: standard input: Inappropriate ioctl for device\n", 1)


def test_a_resized_window_is_drawn_again_at_its_new_size(engine, typist):
    typist.command("vi /etc/hostname")
    typist.screen = Screen(6, 30)
    typist.session.resize(6, 30)
    typist.settle()
    assert typist.screen.line(5) == "- /etc/hostname 1/1 100%"
    assert typist.screen.line(1) == "~" and typist.screen.line(4) == "~"
    typist.keys(":q\r")
    assert typist.session.ready
    assert typist.session.run("stty size") == ("6 30\n", 0)


def test_procps_watch_title_fits_the_width_as_the_real_one():
    """procps-ng 4.0.2's title on a host named "vm" at 80, 50 and 40 columns."""
    from types import SimpleNamespace
    from engine.userland.system.procs import _procps_header
    ctx = SimpleNamespace(system=SimpleNamespace(hostname="vm"), now=lambda: 1796378734.0)
    assert _procps_header(ctx, 1.0, "echo hi", 80) == \
        "Every 1.0s: echo hi\x1b[1;53Hvm: Fri Dec  4 10:05:34 2026"
    assert _procps_header(ctx, 1.0, "echo hello world", 50) == \
        "Every 1.0s: echo ...\x1b[1;23Hvm: Fri Dec  4 10:05:34 2026"
    assert _procps_header(ctx, 1.0, "echo hi", 40) == "\x1b[1;13Hvm: Fri Dec  4 10:05:34 2026"


def test_watch_in_a_terminal_busybox_and_procps(engine, typist):
    typist.command("watch -n 1 echo hi", seconds=1.5)
    assert typist.screen.line(0).startswith("Every 1.0s: echo hi 2026-")  # BusyBox's title
    assert typist.screen.line(2) == "hi"
    typist.session.signal(2)
    typist.settle()
    assert typist.session.ready

    engine.pull("ubuntu")
    engine.run("ubuntu", ["sleep", "1000"], name="deb")
    engine.exec("deb", ["sh", "-c", "apt-get update && apt-get install -y procps"])
    typist = Typist(engine, "deb")
    typist.command("watch -n 1 echo hi", seconds=1.5)
    assert typist.screen.alternate and typist.screen.line(2) == "hi"
    assert typist.screen.line(0).endswith(typist.session.container.config.hostname + ": "
                                          + typist.screen.line(0).split(": ")[-1])
    typist.session.signal(2)
    typist.settle()
    assert typist.session.ready and not typist.screen.alternate


def test_gnu_stty_as_debian_prints_it(engine):
    engine.pull("debian")
    engine.run("debian", ["sleep", "1000"], name="deb")
    session = Typist(engine, "deb").session
    # GNU coreutils 9.1's stty on a 10x40 pseudo-terminal
    assert session.run("stty -a") == ((
        "speed 38400 baud; rows 10; columns 40;\nline = 0;\nintr = ^C; quit = ^\\; erase = ^?;\n"
        "kill = ^U; eof = ^D; eol = <undef>;\neol2 = <undef>; swtch = <undef>;\n"
        "start = ^Q; stop = ^S; susp = ^Z;\nrprnt = ^R; werase = ^W; lnext = ^V;\n"
        "discard = ^O; min = 1; time = 0;\n-parenb -parodd -cmspar cs8 -hupcl\n"
        "-cstopb cread -clocal -crtscts\n-ignbrk -brkint -ignpar -parmrk -inpck\n"
        "-istrip -inlcr -igncr icrnl ixon -ixoff\n-iuclc -ixany -imaxbel -iutf8\n"
        "opost -olcuc -ocrnl onlcr -onocr -onlret\n-ofill -ofdel nl0 cr0 tab0 bs0 vt0 ff0\n"
        "isig icanon iexten echo echoe echok\n-echonl -noflsh -xcase -tostop -echoprt\n"
        "echoctl echoke -flusho -extproc\n"), 0)
    assert session.run("stty") == ("speed 38400 baud; line = 0;\n-brkint -imaxbel\n", 0)
    assert session.run("stty -icanon; stty; stty icanon") == (
        "speed 38400 baud; line = 0;\nmin = 1; time = 0;\n-brkint -imaxbel\n-icanon\n", 0)
    assert session.run("stty bogus") == (
        "stty: invalid argument \u2018bogus\u2019\nTry 'stty --help' for more information.\n", 1)
    assert session.run("stty rows x") == ("stty: invalid integer argument: \u2018x\u2019\n", 1)
    assert session.run("stty </dev/null") == (
        "stty: 'standard input': Inappropriate ioctl for device\n", 1)


def test_procps_top_draws_its_screen_and_quits_on_q(engine):
    engine.pull("debian")
    engine.run("debian", ["sleep", "1000"], name="deb")
    engine.exec("deb", ["sh", "-c", "apt-get update && apt-get install -y procps"])
    typist = Typist(engine, "deb")
    assert typist.command("top")
    assert typist.terminal.modes["isig"]  # procps keeps ^C a signal
    typist.settle(seconds=3.5)
    screen = typist.screen
    assert screen.line(0).startswith("top - ") and screen.line(1).startswith("Tasks:")
    assert screen.line(6).split()[:2] == ["PID", "USER"] and (6, 39) in screen.reverse
    assert not screen.alternate
    typist.keys("q")
    assert typist.session.ready
    assert screen.line(5).split()[:2] == ["PID", "USER"]  # quitting scrolled it up a line


def test_random_keys_never_break_the_programs(engine, typist):
    """Whatever is typed, each program answers or ends, and the shell prompts again."""
    import random
    keys = list("hjklwbeiaoOAIxXDdyYpPuJrsCc0$^G/?nN:qZ \r\x1b\x7f\x03gG<>fz123") + [
        "\x1b[B", "\x1b[D", "\x1b[A", "\x1b[5~", ":w\r", ":q!\r", "/o\r", "dd", "cw", ":3\r"]
    rnd = random.Random(7)
    engine.exec("box", ["sh", "-c", "seq 1 100 > /tmp/f; printf 'a\\tb\\n\\n%0200d\\n' 1 >> /tmp/f"])
    for _ in range(25):
        typist.command(rnd.choice(["vi /tmp/f", "less /tmp/f", "more /tmp/f", "top",
                                   "vi /tmp/new", "seq 1 50 | less"]))
        for _ in range(rnd.randint(1, 30)):
            if typist.session.ready:
                break
            if rnd.random() < 0.05:
                typist.session.resize(rnd.randint(3, 30), rnd.randint(5, 100))
            typist.keys(rnd.choice(keys))
        for key in ["\x1b", ":q!\r", "q", "\x03"]:
            if not typist.session.ready:
                typist.keys(key)
        assert typist.session.ready
        assert typist.session.run("echo ok") == ("ok\n", 0)
        typist.session.resize(10, 40)


def test_vi_moves_by_words_up_to_the_end_of_the_text(typist):
    typist.command("vi /etc/hostname")
    screen = typist.keys("eeeeewwwwbbbbbbe")
    assert screen.line(9) == "- /etc/hostname 1/1 100%"
    typist.keys(":q\r")
    assert typist.session.ready


def test_busybox_top_sorts_and_scrolls_on_its_keys(engine, typist):
    engine.exec("box", ["sh", "-c", "sleep 500 & sleep 600 & sleep 700 &"])
    typist.command("top")
    typist.settle(seconds=0.5)

    def pids():
        rows = typist.screen.text().split("\n")[4:9]
        return [int(row.split()[0]) for row in rows if row.strip()]
    typist.keys("n")  # by PID, the highest first (BusyBox's pid_sort)
    assert pids() == sorted(pids(), reverse=True)
    typist.keys("r")  # reversed
    assert pids() == sorted(pids())
    first = pids()[0]
    typist.keys("\x1b[B")  # Down
    assert pids()[0] > first
    typist.keys("q")
    assert typist.session.ready


def test_vi_follows_the_files_permissions(engine):
    engine.exec("box", ["sh", "-c", "echo secret > /tmp/mine; chmod 600 /tmp/mine; "
                                    "echo shared > /tmp/theirs; chmod 644 /tmp/theirs"])
    engine.exec("box", ["adduser", "-D", "ann"])
    typist = Typist(engine, user="ann")
    session = typist.session
    typist.command("vi /tmp/theirs")
    assert typist.screen.line(0) == "shared"
    assert typist.screen.line(9) == "- /tmp/theirs [Readonly] 1/1 100%"
    screen = typist.keys("x:w\r")
    assert screen.line(9) == "'/tmp/theirs' is read only"
    screen = typist.keys(":w!\r")
    assert screen.line(9) == "'/tmp/theirs' Permission denied"
    screen = typist.keys(":w /etc/hostname\r")
    assert screen.line(9) == "File exists (:w! overrides)"
    screen = typist.keys(":w /tmp/copy\r")
    assert screen.line(9) == "'/tmp/copy' 1L, 6C"
    typist.keys(":q!\r")
    typist.command("vi /tmp/mine")  # no read permission: an empty buffer, no message
    assert typist.screen.line(0) == "" and typist.screen.line(9).endswith("[Readonly] 1/1 100%")
    typist.keys(":q\r")
    assert session.run("ls -l /tmp/copy")[0].split()[2] == "ann"
