"""BusyBox's multi-call dispatch (a lone --help is answered before the applet runs,
builtins of the shell take it as an operand, and names BusyBox has but crsim does not
simulate say so instead of pretending the applet does not exist), and the applets that
are checked here rather than against the reference (their output depends on time or on
the simulated system): truncate, fallocate, more, less, time, watch."""

from engine.image.registry.builders.busybox_build import APPLETS, OWN_ANSWER, USAGES
from engine.userland.options import ALPINE_USAGES


def test_help_goes_to_stderr_with_status_0(alpine):
    status, out, err = alpine.run("/bin/mkdir", "--help")
    assert (status, out) == (0, "")
    assert err.startswith("BusyBox v1.37.0 (") and "\n\nUsage: mkdir [-m MODE] [-p] DIRECTORY..." in err


def test_help_is_only_a_lone_argument(alpine):
    status, _, err = alpine.run("mkdir", "--help", "/x")
    assert status == 1 and "unrecognized option" in err


def test_shell_builtins_take_help_as_an_operand(alpine):
    assert alpine.sh("printf --help; echo; echo --help") == (0, "--help\n--help\n", "")
    assert alpine.sh("/usr/bin/printf --help")[0] == 0  # the applet, not the builtin
    assert alpine.run("test", "--help")[0] == 0


def test_no_help_available(busybox):
    assert busybox.run("ascii", "--help")[2].endswith("\n\nNo help available\n")
    assert USAGES["ascii"] is None


def test_unsimulated_applets_say_so_and_others_are_not_applets(busybox):
    assert "who" in APPLETS and "who" in USAGES
    assert busybox.run("who") == (127, "", "who: this program is not simulated by crsim yet\n")
    assert busybox.run("busybox", "nosuch") == (127, "", "nosuch: applet not found\n")


def test_alpine_usage_differs_where_its_configuration_does(alpine, busybox):
    assert "-1..9\tCompression level" in alpine.run("gzip", "--help")[2]
    assert "Compression level" not in busybox.run("gzip", "--help")[2]
    assert set(ALPINE_USAGES) <= set(USAGES) and not set(OWN_ANSWER) & set(USAGES)


def test_truncate_grows_a_hole_and_fallocate_reserves(alpine):
    assert alpine.run("truncate", "-s", "10G", "/big") == (0, "", "")
    entry = alpine.fs.stat("/big")
    assert entry.size == 10 << 30 and entry.data is None  # no memory spent on zeros
    alpine.fs.write("/f", b"hello\n")
    assert alpine.run("truncate", "-s", "3", "/f") == (0, "", "") and alpine.fs.read("/f") == b"hel"
    assert alpine.run("fallocate", "-l", "8", "/f") == (0, "", "") and alpine.fs.read("/f") == b"hel\0\0\0\0\0"


def test_pagers_copy_through_a_pipe_and_page_on_a_terminal(alpine):
    alpine.fs.write("/f", b"one\ntwo\n")
    assert alpine.sh("more /f | cat; less /f /f | wc -l") == (0, "one\ntwo\n4\n", "")
    # exec -t without -i: less shows its first screen and waits for a key no one sends
    result = alpine.engine.exec("box", ["less", "/f"], tty=True)
    assert result.status is None
    assert "one\r\n\x1b[Ktwo\r\n" in result.stdout and "\x1b[7m/f\x1b[m" in result.stdout


def test_only_the_first_descriptors_of_a_t_process_are_the_terminal(alpine):
    line = "ls / | head -2; [ -t 1 ] && echo out; echo | { [ -t 0 ] || echo pipe; }; tty </dev/null"
    result = alpine.engine.exec("box", ["sh", "-c", line], tty=True)
    assert result.stdout == "bin\ndev\nout\npipe\nnot a tty\n"  # no columns, no colours in a pipe
    line = ("readlink /proc/self/fd/0; echo | readlink /proc/self/fd/0; readlink /proc/self/fd/2 "
            "2>/dev/null; ps -o tty,comm | grep sh")
    result = alpine.engine.exec("box", ["sh", "-c", line], tty=True)
    assert result.stdout.splitlines()[0] == "/dev/pts/0"
    assert result.stdout.splitlines()[1].startswith("pipe:[")
    assert result.stdout.splitlines()[2] == "/dev/null" and "pts/0  sh" in result.stdout


def test_busybox_time_reports_simulated_time(alpine):
    assert alpine.run("time", "-p", "sleep", "0.3") == (0, "", "real 0.30\nuser 0.00\nsys 0.00\n")
    assert alpine.run("time", "sleep", "61") == (0, "", "real\t1m 1.00s\nuser\t0m 0.00s\nsys\t0m 0.00s\n")
    status, _, err = alpine.run("time", "-f", "%e %E %U", "sh", "-c", "i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done")
    real, _, user = err.split(" ", 2)
    assert status == 0 and float(real) > 0 and float(user.split()[-1]) > 0  # the cost model's CPU

    # -o FILE holds the report once time exits (-a appends); -v names every counter
    assert alpine.run("sh", "-c", "time -o /tmp/t -p sleep 1; time -a -o /tmp/t -f '%e %x' true; "
                      "cat /tmp/t") == (0, "real 1.00\nuser 0.00\nsys 0.00\n0.00 0\n", "")
    status, _, err = alpine.run("time", "-v", "sleep", "2")
    lines = err.splitlines()
    assert (status, len(lines), lines[0], lines[4], lines[-1]) == (
        0, 23, '\tCommand being timed: "sleep 2"',
        "\tElapsed (wall clock) time (h:mm:ss or m:ss): 0m 2.00s", "\tExit status: 0")
    # a killed command: time says by which signal, exits with its number, and %x is 0
    assert alpine.run("time", "-f", "%x", "sh", "-c", "kill -9 $$") == (
        9, "", "Command terminated by signal 9\n0\n")


def test_watch_runs_the_command_every_period_under_a_header(alpine):
    alpine.engine.exec("box", ["sh", "-c", "watch -n 1 echo hi > /tmp/w.out"], detach=True)
    alpine.engine.sleep(1.5)
    screen = "\x1b[H\x1b[JEvery 1.0s: echo hi" + " " * 41 + "2026-12-01 09:00:0{}\n\nhi\n"
    assert alpine.fs.read("/tmp/w.out").decode() == screen.format(0) + screen.format(1)
    assert alpine.run("watch", "-n", "x", "true") == (1, "", "watch: invalid number 'x'\n")


def test_pidof_lists_newest_first_on_one_line(alpine):
    # the box's PID 1 is `sleep infinity`; two more start here (PIDs from the namespace)
    out = alpine.run("sh", "-c", "sleep 100 & sleep 100 & sleep 0.1; pidof sleep; pidof -s sleep; "
                     "pidof -o 1 sleep; pidof nosuch; echo rc=$?; pidof; echo rc=$?")
    first, second = out[1].split("\n")[0].split()[:2]
    assert int(first) > int(second) > 1
    assert out == (0, f"{first} {second} 1\n{first}\n{first} {second}\nrc=1\nrc=1\n", "")
