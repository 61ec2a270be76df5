"""id, whoami, hostname, uname, env, printenv, date, which, ps, kill, free, uptime,
clear and xargs in real containers (alpine/busybox: BusyBox; debian: GNU;
python: a Debian image with procps)."""

import re

import pytest


def run(box, *argv, stdin="", **kw):
    return box.run(*argv, stdin=stdin, **kw)


def banner_free(text):
    return re.sub(r"BusyBox v1\.37\.0 \([^)]*\) multi-call binary\.", "BANNER", text)


@pytest.fixture
def procps(debian):
    """A trixie-based image that has procps (ps, free, uptime, kill)."""
    return type(debian)("python")


# -- id, whoami ------------------------------------------------------------------------

ALPINE_ROOT = ("uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),"
               "10(wheel),11(floppy),20(dialout),26(tape),27(video)\n")


def test_id_root(alpine, debian):
    # Docker gives the process the groups /etc/group lists the user in.
    assert run(alpine, "id") == (0, ALPINE_ROOT, "")
    assert run(debian, "id") == (0, "uid=0(root) gid=0(root) groups=0(root)\n", "")
    assert run(alpine, "id", "-u") == (0, "0\n", "")
    assert run(alpine, "id", "-un") == (0, "root\n", "")
    assert run(alpine, "id", "-G") == (0, "0 1 2 3 4 6 10 11 20 26 27\n", "")
    assert run(debian, "id", "-Gn") == (0, "root\n", "")


def test_id_other_users(alpine, debian):
    assert run(alpine, "id", "nobody") == (0, "uid=65534(nobody) gid=65534(nobody)\n", "")
    assert run(debian, "id", "nobody") == (
        0, "uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n", "")
    assert run(debian, "id", "nosuch") == (1, "", "id: 'nosuch': no such user\n")
    assert run(alpine, "id", "nosuch") == (1, "", "id: unknown user nosuch\n")
    assert run(debian, "id", user="1234") == (0, "uid=1234 gid=0(root) groups=0(root)\n", "")
    assert run(debian, "whoami", user="nobody") == (0, "nobody\n", "")
    assert run(debian, "whoami", user="1234") == (
        1, "", "whoami: cannot find name for user ID 1234\n")
    assert run(alpine, "whoami", user="1234") == (1, "", "whoami: unknown uid 1234\n")
    assert run(debian, "id", "-n") == (
        1, "", "id: cannot print only names or real IDs in default format\n")


# -- hostname, uname -------------------------------------------------------------------

@pytest.mark.parametrize("image", ["alpine", "debian"])
def test_hostname(image, request):
    box = request.getfixturevalue(image)
    name = box.container.config.hostname
    assert run(box, "hostname") == (0, name + "\n", "")
    assert run(box, "hostname", "-s") == (0, name + "\n", "")
    status, out, _ = run(box, "hostname", "-i")
    assert status == 0 and re.fullmatch(r"\d+\.\d+\.\d+\.\d+\n", out)


def test_hostname_cannot_be_set_without_cap_sys_admin(alpine, debian):
    assert run(debian, "hostname", "web") == (
        1, "", "hostname: you must be root to change the host name\n")
    assert run(alpine, "hostname", "web") == (
        1, "", "hostname: sethostname: Operation not permitted\n")
    status, out, _ = run(debian, "hostname", "-I")
    assert status == 0 and out.endswith(" \n")


def test_uname(alpine, busybox, debian):
    from engine.userland.system.tools import KERNEL_RELEASE, KERNEL_VERSION
    host = debian.container.config.hostname
    assert run(debian, "uname") == (0, "Linux\n", "")
    assert run(debian, "uname", "-r") == (0, KERNEL_RELEASE + "\n", "")
    assert run(debian, "uname", "-a") == (
        0, f"Linux {host} {KERNEL_RELEASE} {KERNEL_VERSION} x86_64 GNU/Linux\n", "")
    assert run(debian, "uname", "-sm") == (0, "Linux x86_64\n", "")
    assert run(debian, "uname", "-p") == (0, "unknown\n", "")
    assert run(alpine, "uname", "-o") == (0, "Linux\n", "")  # Alpine's UNAME_OSNAME
    assert run(busybox, "uname", "-o") == (0, "GNU/Linux\n", "")
    assert run(debian, "uname", "-Z") == (
        1, "", "uname: invalid option -- 'Z'\nTry 'uname --help' for more information.\n")
    assert run(debian, "uname", "x") == (
        1, "", "uname: extra operand 'x'\nTry 'uname --help' for more information.\n")


# -- env, printenv ---------------------------------------------------------------------

@pytest.mark.parametrize("image", ["alpine", "debian"])
def test_env(image, request):
    box = request.getfixturevalue(image)
    status, out, _ = run(box, "env")
    assert status == 0 and out.startswith("PATH=/usr/local/sbin:/usr/local/bin:")
    assert "HOME=/root\n" in out
    assert run(box, "env", "-i", "FOO=1", "BAR=2") == (0, "FOO=1\nBAR=2\n", "")
    assert run(box, "env", "FOO=hi", "printenv", "FOO") == (0, "hi\n", "")
    assert run(box, "env", "-i", "A=1", "env") == (0, "A=1\n", "")
    assert run(box, "printenv", "HOME") == (0, "/root\n", "")
    assert run(box, "printenv", "HOME", "NOPE") == (1, "/root\n", "")


def test_env_cannot_run(alpine, debian):
    assert run(debian, "env", "nosuch") == (127, "", "env: 'nosuch': No such file or directory\n")
    assert run(alpine, "env", "nosuch") == (
        127, "", "env: can't execute 'nosuch': No such file or directory\n")
    assert run(debian, "env", "-Z") == (
        125, "", "env: invalid option -- 'Z'\nTry 'env --help' for more information.\n")


# -- date ------------------------------------------------------------------------------

@pytest.mark.parametrize("image", ["alpine", "debian"])
def test_date(image, request):
    box = request.getfixturevalue(image)
    now = box.engine.clock.now()
    import time
    expected = time.strftime("%a %b %e %H:%M:%S UTC %Y", time.gmtime(now)) + "\n"
    assert run(box, "date") == (0, expected, "")
    assert run(box, "date", "-u", "+%s") == (0, f"{int(now)}\n", "")
    assert run(box, "date", "-d", "@0") == (0, "Thu Jan  1 00:00:00 UTC 1970\n", "")
    assert run(box, "date", "-d", "@86399",
               "+%a %A %b %B %d %e %H %I %j %k %l %m %M %p %S %u %w %y %Y %C %D %F %T %R %r "
               "%s %%") == (
        0, "Thu Thursday Jan January 01  1 23 11 001 23 11 01 59 PM 59 4 4 70 1970 19 "
           "01/01/70 1970-01-01 23:59:59 23:59 11:59:59 PM 86399 %\n", "")
    assert run(box, "date", "-d", "2024-02-29 13:45", "+%s") == (0, "1709214300\n", "")
    assert run(box, "date", "-d", "foo") == (1, "", "date: invalid date 'foo'\n")


def test_date_flavours(alpine, debian):
    assert run(debian, "date", "-R", "-d", "@0") == (0, "Thu, 01 Jan 1970 00:00:00 +0000\n", "")
    assert run(debian, "date", "-Iseconds", "-d", "@0") == (0, "1970-01-01T00:00:00+00:00\n", "")
    assert run(debian, "date", "-d", "@1700000000.123456789", "+%N") == (0, "123456789\n", "")
    assert run(debian, "date", "-d", "@1700000000", "+%-d|%_m|%^a|%#b|%5Y|%P") == (
        0, "14|11|TUE|NOV|02023|pm\n", "")
    assert run(alpine, "date", "-d", "@1700000000", "+%z|%:z") == (0, "+0000|%:z\n", "")
    assert run(debian, "date", "-s", "2020-01-01") == (
        1, "Wed Jan  1 00:00:00 UTC 2020\n", "date: cannot set date: Operation not permitted\n")
    # BusyBox says it, prints the date it was asked for and ends with 0 (checked with 1.37)
    assert run(alpine, "date", "-s", "2020-01-01 00:00") == (
        0, "Wed Jan  1 00:00:00 UTC 2020\n", "date: can't set date: Operation not permitted\n")


# -- which -----------------------------------------------------------------------------

def test_busybox_which(alpine):
    assert run(alpine, "which", "ls", "nosuch", "sh") == (1, "/bin/ls\n/bin/sh\n", "")
    assert run(alpine, "which", "-a", "env") == (0, "/usr/bin/env\n", "")
    assert run(alpine, "which", "/bin/ls") == (0, "/bin/ls\n", "")
    status, out, err = run(alpine, "which")
    assert (status, out) == (1, "")
    assert banner_free(err) == ("BANNER\n\nUsage: which [-a] COMMAND...\n\nLocate COMMAND\n\n"
                                "\t-a\tShow all matches\n")


# -- ps --------------------------------------------------------------------------------

def test_busybox_ps(alpine):
    status, out, err = run(alpine, "ps")
    lines = out.splitlines()
    assert (status, err) == (0, "")
    assert lines[0] == "PID   USER     TIME  COMMAND"
    assert lines[1] == "    1 root      0:00 sleep infinity"
    assert re.fullmatch(r" +\d+ root      0:00 ps", lines[-1])
    assert run(alpine, "ps", "-o", "pid,comm")[1].splitlines()[:2] == [
        "PID   COMMAND", "    1 sleep"]
    assert run(alpine, "ps", "-o", "pid,args=CMD")[1].splitlines()[0] == "PID   CMD"
    status, _, err = run(alpine, "ps", "-o", "bogus")
    assert status == 1 and err.startswith("ps: bad -o argument 'bogus', supported arguments: "
                                          "user,group,comm,args,pid,ppid,pgid,etime,")
    assert run(alpine, "ps", "aux")[1].splitlines()[0] == "PID   USER     TIME  COMMAND"


def test_procps_ps(procps):
    status, out, _ = run(procps, "ps")
    assert status == 0
    assert out.splitlines()[:2] == ["    PID TTY          TIME CMD",
                                    "      1 ?        00:00:00 sleep"]
    lines = run(procps, "ps", "-ef")[1].splitlines()
    assert lines[0] == "UID          PID    PPID  C STIME TTY          TIME CMD"
    assert re.fullmatch(r"root           1       0  0 \d\d:\d\d \?        00:00:00 sleep infinity",
                        lines[1])
    lines = run(procps, "ps", "aux")[1].splitlines()
    assert lines[0] == ("USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME "
                        "COMMAND")
    assert lines[1].startswith("root           1  0.0 ")
    assert lines[1].endswith("   0:00 sleep infinity")
    assert run(procps, "ps", "-o", "pid,user,comm")[1].splitlines()[:2] == [
        "    PID USER     COMMAND", "      1 root     sleep"]


# -- kill ------------------------------------------------------------------------------

def test_kill_lists_signals(alpine, procps):
    out = run(alpine, "kill", "-l")[1]
    assert out.startswith(" 1) HUP\n 2) INT\n 3) QUIT\n")
    assert "29) POLL\n30) PWR\n31) SYS\n" in out
    assert run(alpine, "kill", "-l", "9") == (0, "KILL\n", "")
    assert run(procps, "kill", "-l") == (
        0, "HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT\n"
           "CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH POLL PWR SYS\n", "")
    assert run(procps, "kill", "-l", "15") == (0, "TERM\n", "")


def test_kill_errors(alpine, procps):
    assert run(alpine, "kill", "99999") == (1, "", "kill: can't kill pid 99999: No such process\n")
    assert run(alpine, "kill", "-s", "FOO", "1") == (1, "", "kill: bad signal name 'FOO'\n")
    assert run(alpine, "kill", "abc") == (1, "", "kill: invalid number 'abc'\n")
    assert run(alpine, "kill") == (1, "", "kill: you need to specify whom to kill\n")
    assert run(procps, "kill", "99999") == (1, "", "kill: (99999): No such process\n")
    assert run(procps, "kill", "-s", "FOO", "1") == (1, "", "kill: (1): Invalid argument\n")
    assert run(procps, "kill", "abc") == (1, "", "kill: failed to parse argument: 'abc'\n")
    status, _, err = run(procps, "kill", "-Z", "1")
    assert status == 1 and err.startswith("kill: invalid argument Z\n\nUsage:\n kill [options]")


@pytest.mark.parametrize("image", ["alpine", "procps"])
def test_kill_ends_a_process(image, request):
    box = request.getfixturevalue(image)
    sleeper = box.engine.exec("box", ["sleep", "1000"], detach=True).process
    assert run(box, "kill", str(sleeper.nspid)) == (0, "", "")
    assert sleeper.exit_code == 128 + 15
    sleeper = box.engine.exec("box", ["sleep", "1000"], detach=True).process
    assert run(box, "kill", "-9", str(sleeper.nspid)) == (0, "", "")
    assert sleeper.exit_code == 128 + 9
    assert run(box, "kill", "-0", "1") == (0, "", "")  # PID 1 lives: signal 0 only checks


# -- free, uptime ----------------------------------------------------------------------

def meminfo(box):
    """/proc/meminfo as a process sees it (its own memory counts)."""
    status, text, _ = box.run("cat", "/proc/meminfo")
    assert status == 0
    return {line.split(":")[0]: int(line.split()[1]) for line in text.splitlines()}


def test_busybox_free(alpine):
    info = meminfo(alpine)
    status, out, _ = run(alpine, "free")
    lines = out.splitlines()
    assert status == 0
    assert lines[0] == ("              total        used        free      shared  buff/cache"
                        "   available")
    cache = info["Buffers"] + info["Cached"] + info.get("SReclaimable", 0)
    used = info["MemTotal"] - info["MemFree"] - cache
    assert lines[1] == ("Mem:   " + "".join(f"{v:>12}" for v in (
        info["MemTotal"], used, info["MemFree"], info["Shmem"], cache, info["MemAvailable"])))
    assert lines[2] == "Swap:             0           0           0"
    assert run(alpine, "free", "-m")[1].splitlines()[1].startswith(
        f"Mem:   {(info['MemTotal'] + 512) // 1024:>12}")


def test_procps_free(procps):
    info = meminfo(procps)
    lines = run(procps, "free")[1].splitlines()
    assert lines[0] == ("               total        used        free      shared  buff/cache"
                        "   available")
    used = info["MemTotal"] - info["MemAvailable"]  # procps 4: used = total - available
    assert lines[1].startswith(f"Mem:    {info['MemTotal']:>12}{used:>12}")
    assert lines[2] == "Swap:              0           0           0"
    assert run(procps, "free", "-h")[1].splitlines()[2] == (
        "Swap:             0B          0B          0B")


@pytest.mark.parametrize("image,users", [("alpine", "0 users"), ("procps", "0 user")])
def test_uptime(image, users, request):
    box = request.getfixturevalue(image)
    up = float(box.fs.read("/proc/uptime").split()[0])
    status, out, _ = run(box, "uptime")
    hours, minutes = divmod(int(up) // 60, 60)
    shown = f"{hours:2d}:{minutes:02d}" if hours else f"{minutes} min"
    assert status == 0
    assert re.fullmatch(rf" \d\d:\d\d:\d\d up {shown},  {users},  load average: "
                        r"\d+\.\d\d, \d+\.\d\d, \d+\.\d\d\n", out)


# -- clear -----------------------------------------------------------------------------

def test_clear(alpine, debian):
    assert run(alpine, "clear") == (0, "\x1b[H\x1b[J", "")
    assert run(debian, "clear") == (1, "", "TERM environment variable not set.\n")
    assert run(debian, "clear", env=["TERM=xterm"]) == (0, "\x1b[H\x1b[2J\x1b[3J", "")


# -- xargs -----------------------------------------------------------------------------

@pytest.mark.parametrize("image", ["alpine", "debian"])
def test_xargs(image, request):
    box = request.getfixturevalue(image)
    assert run(box, "xargs", stdin="one two\nthree\n") == (0, "one two three\n", "")
    assert run(box, "xargs", "echo", "hi", stdin="") == (0, "hi\n", "")
    assert run(box, "xargs", "-r", "echo", "hi", stdin="") == (0, "", "")
    assert run(box, "xargs", "-t", "-n", "2", "echo", stdin="a b\nc") == (
        0, "a b\nc\n", "echo a b\necho c\n")
    assert run(box, "xargs", "-I", "{}", "echo", "<{}>", stdin="x\ny\n") == (0, "<x>\n<y>\n", "")
    assert run(box, "xargs", "-n1", stdin="a 'b c' d\n") == (0, "a\nb c\nd\n", "")
    assert run(box, "xargs", "-0", "echo", stdin="a b\0c\0") == (0, "a b c\n", "")
    assert run(box, "xargs", "nosuchcmd", stdin="a\n") == (
        127, "", "xargs: nosuchcmd: No such file or directory\n")
    assert run(box, "xargs", "false", stdin="a\n") == (123, "", "")


def test_xargs_quotes(alpine, debian):
    assert run(debian, "xargs", stdin="a 'b\n") == (
        1, "a\n", "xargs: unmatched single quote; by default quotes are special to xargs unless "
                  "you use the -0 option\n")
    assert run(alpine, "xargs", stdin="a 'b\n") == (1, "", "xargs: unmatched single quote\n")
