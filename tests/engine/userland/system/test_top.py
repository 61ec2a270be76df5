"""busybox top: its screens, as Alpine's build and the busybox image's defconfig print them."""

import re

import pytest

from engine import Engine

ESC = "\x1b"


def spinning(image: str) -> Engine:
    """A container of ``image`` whose PID 1 is a shell busy loop held to half a CPU."""
    engine = Engine.deterministic()
    engine.pull(image)
    engine.run(image, ["sh", "-c", "while :; do :; done"], name="spin", nano_cpus=500_000_000)
    return engine


def test_alpine_batch_screen():
    engine = spinning("alpine")
    result = engine.exec("spin", ["top", "-b", "-n", "1"])
    assert (result.status, result.stderr) == (0, "")
    lines = result.stdout.split("\n")
    meminfo = engine.exec("spin", ["cat", "/proc/meminfo"]).stdout
    kib = {line.split(":")[0]: int(line.split()[1]) for line in meminfo.splitlines()}
    assert lines[0] == (f"Mem: {kib['MemTotal'] - kib['MemFree']}K used, {kib['MemFree']}K free, "
                        f"{kib['Shmem']}K shrd, {kib['Buffers']}K buff, {kib['Cached']}K cached")
    assert re.fullmatch(r"CPU:(\s+\d+% (usr|sys|nic|idle|io|irq|sirq)){7}", lines[1]), lines[1]
    assert re.fullmatch(r"Load average: \d\.\d\d \d\.\d\d \d\.\d\d \d+/\d+ \d+", lines[2])
    assert lines[3] == "  PID  PPID USER     STAT   VSZ %VSZ CPU %CPU COMMAND"
    # Half of one of the host's 4 CPUs is 12.5% of them all, rounded as top does.
    assert lines[4] == "    1     0 root     R     2580   0%   0  13% sh -c while :; do :; done"
    assert lines[5].startswith("    2     0 root     R     2580   0%   0   0% top -b -n 1")
    assert lines[6:] == ["", ""]  # -b ends the screen with a new line, and top one more


def test_busybox_image_shows_tenths_of_a_percent():
    engine = spinning("busybox")
    lines = engine.exec("spin", ["top", "-b", "-n", "1"]).stdout.split("\n")
    assert re.fullmatch(r"CPU:( [ \d]\d\.\d% (usr|sys|nic|idle|io|irq|sirq)){7}", lines[1])
    assert lines[3] == "  PID  PPID USER     STAT   VSZ %VSZ CPU %CPU COMMAND"
    assert lines[4] == "    1     0 root     R     2580  0.0   0 12.5 sh -c while :; do :; done"


def test_screen_mode_draws_over_the_terminal_and_fits_it():
    engine = spinning("alpine")
    for n in range(6):
        engine.exec("spin", ["sh", "-c", f"sleep 100{n} &"])
    out = engine.exec("spin", ["top", "-n", "2", "-d", "1"], env=["COLUMNS=40", "LINES=7"]).stdout
    screens = out.split(f"{ESC}[H{ESC}[J")
    assert screens[0] == "" and len(screens) == 3
    for screen in screens[1:]:
        rows = screen.rstrip("\n").split("\n")
        assert rows[3] == f"{ESC}[7m  PID  PPID USER     STAT   VSZ %VSZ CPU{ESC}[m"
        assert len(rows) == 7  # 3 header lines, the column names, 3 processes of 8
        assert all(len(row.rstrip("\r")) <= 40 for row in rows[4:])
        assert all(len(row) <= 39 for row in rows[:3])
    assert screens[1].endswith("\r") and screens[2].endswith("\r\n")  # the cursor stays put


def test_a_detached_top_keeps_a_container_running_and_logs_a_screen_every_5_seconds():
    engine = Engine.deterministic()
    engine.pull("busybox")
    container = engine.run("busybox", ["top"], name="sleeper")
    engine.sleep(12)
    assert container.state.running
    text = "".join(line.text for line in engine.logs("sleeper"))
    assert text.count(f"{ESC}[H{ESC}[JMem: ") == 3  # at 0.1 s, 5.1 s and 10.1 s


@pytest.mark.parametrize("args, message", [
    (["-d", "x"], "top: invalid number 'x'\n"),
    (["-n", "many"], "top: invalid number 'many'\n"),
])
def test_bad_numbers(args, message):
    engine = spinning("alpine")
    result = engine.exec("spin", ["top", *args])
    assert (result.status, result.stdout, result.stderr) == (1, "", message)


@pytest.fixture
def debian_spin():
    from engine.vfs.entry import regular
    engine = Engine.deterministic()
    engine.pull("debian")
    container = engine.run("debian", ["bash", "-c", "while :; do :; done"], name="spin")
    # procps's top, as `apt-get install procps` puts it there
    container.fs.install("/usr/bin/top", regular(None, 0o755, size=137_528, program="top"))
    return engine


def test_procps_batch_screens(debian_spin):
    result = debian_spin.exec("spin", ["top", "-b", "-n", "2", "-d", "1"])
    assert (result.status, result.stderr) == (0, "")
    screens = result.stdout.split("\n\ntop - ")
    assert len(screens) == 2
    lines = screens[1].split("\n")
    assert re.fullmatch(r"\d\d:\d\d:\d\d up  1:00,  0 user,  load average: "
                        r"\d\.\d\d, \d\.\d\d, \d\.\d\d", lines[0])
    assert lines[1] == "Tasks:   2 total,   2 running,   0 sleeping,   0 stopped,   0 zombie"
    assert re.fullmatch(r"%Cpu\(s\):(( |\d){2}\d\.\d (us|sy|ni|id|wa|hi|si|st),?){8} ", lines[2])
    assert re.fullmatch(r"MiB Mem : ( *\d+\.\d (total|free|used|buff/cache),?){4} {5}", lines[3])
    assert re.fullmatch(r"MiB Swap:(( *\d+\.\d (total|free|used)[,.])){3} +\d+\.\d avail Mem ",
                        lines[4])
    assert lines[5] == ""
    assert lines[6] == ("    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ "
                        "COMMAND")
    # A busy loop takes one whole CPU: 100% in Irix mode; TIME+ in hundredths.
    assert re.fullmatch(r"      1 root      20   0 +\d+ +\d+ +\d+ R 100\.0 +\d\.\d +0:01\.\d\d bash",
                        lines[7]), lines[7]
    assert lines[8].endswith(" top") and lines[9:] == [""]


@pytest.mark.parametrize("argv, status, stderr", [
    (["top"], 1, "top: failed tty get\n"),  # docker run without -t
    (["top", "-b", "-n", "x"], 1, "top: bad iterations argument 'x'\n"),
    (["top", "-b", "-d", "soon"], 1, "top: bad delay interval 'soon'\n"),
    (["top", "-z"], 0, "top: invalid option -- 'z'\n"),
])
def test_procps_errors(debian_spin, argv, status, stderr):
    result = debian_spin.exec("spin", argv)
    assert (result.status, result.stdout, result.stderr) == (status, "", stderr)
