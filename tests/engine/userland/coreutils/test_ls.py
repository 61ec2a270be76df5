"""ls in both flavours: BusyBox 1.37 (alpine, busybox) and GNU coreutils (debian, ubuntu).

Expected lines are built from the printf formats of the real sources: BusyBox's
display_single() ("%-10s %4lu %-8.8s %-8.8s %9llu " + "%.12s " date) and GNU's
print_long_format() (columns as wide as their widest value).
"""

import calendar
import time

import pytest


def stamp(box) -> str:
    """The ls date of a file written now (the engine's deterministic clock)."""
    now = time.gmtime(box.engine.clock.now())
    return time.strftime("%b ", now) + f"{now.tm_mday:2d}" + time.strftime(" %H:%M", now)


def populate(box):
    """/t: a (5 bytes), d/ (dir), l -> a, old (empty, March 2024), x (10241 bytes, 755)."""
    fs = box.fs
    fs.mkdir("/t")
    fs.write("/t/a", b"hello")
    fs.mkdir("/t/d")
    fs.symlink("a", "/t/l")
    fs.write("/t/old", b"")
    fs.touch("/t/old", mtime=calendar.timegm((2024, 3, 1, 12, 0, 0)))
    fs.write("/t/x", b"x" * 10241, mode=0o755)


def bb_line(mode, links, size, date, name):
    return f"{mode:<10} {links:4d} {'root':<8} {'root':<8} {size:9d} {date} {name}"


def test_busybox_long_format(alpine):
    populate(alpine)
    now = stamp(alpine)
    status, out, err = alpine.run("ls", "-l", "/t")
    assert (status, err) == (0, "")
    assert out == "\n".join([
        "total 20",
        bb_line("-rw-r--r--", 1, 5, now, "a"),
        bb_line("drwxr-xr-x", 2, 4096, now, "d"),
        bb_line("lrwxrwxrwx", 1, 1, now, "l -> a"),
        bb_line("-rw-r--r--", 1, 0, "Mar  1  2024", "old"),
        bb_line("-rwxr-xr-x", 1, 10241, now, "x"),
    ]) + "\n"


def test_busybox_image_applets_are_hard_links_to_busybox(busybox):
    # the real busybox image: `ls -l /bin/ls` shows busybox's size and link count
    status, out, _ = busybox.sh("ls -li /bin/busybox /bin/ls; stat -c '%h %s' /bin/ls")
    big, small, facts = out.splitlines()
    assert status == 0 and big.split()[:7] == small.split()[:7]
    count, size = facts.split()
    assert big.split()[2] == count and int(count) > 300 and size == big.split()[5]
    number = big.split()[0]  # every name in /bin but getconf shows busybox's inode
    assert busybox.sh(f"ls -i /bin | grep -c '^ *{number} '")[1].strip() == count
    assert busybox.sh("ls /bin | wc -l")[1].strip() == str(int(count) + 1)
    assert busybox.sh("echo hi | cat")[1] == "hi\n"  # argv[0] still picks the applet
    # changing one name in a container copies it up: the image's link breaks (index=off)
    assert busybox.sh("echo x > /bin/ls; stat -c %h /bin/ls /bin/cat") == (
        0, f"1\n{int(count) - 1}\n", "")


def test_gnu_long_format_aligns_columns(debian):
    populate(debian)
    now = stamp(debian)
    status, out, err = debian.run("ls", "-l", "/t")
    assert (status, err) == (0, "")
    assert out == (
        "total 20\n"
        f"-rw-r--r-- 1 root root     5 {now} a\n"
        f"drwxr-xr-x 2 root root  4096 {now} d\n"
        f"lrwxrwxrwx 1 root root     1 {now} l -> a\n"
        "-rw-r--r-- 1 root root     0 Mar  1  2024 old\n"
        f"-rwxr-xr-x 1 root root 10241 {now} x\n")


def test_human_sizes_each_way(alpine, debian):
    for box in (alpine, debian):
        populate(box)
    now = stamp(alpine)
    out = alpine.run("ls", "-lhd", "/t/x", "/t/d")[1]
    # make_human_readable_str(): one decimal, "%7s" wide
    assert out == (f"drwxr-xr-x    2 root     root        4.0K {now} /t/d\n"
                   f"-rwxr-xr-x    1 root     root       10.0K {now} /t/x\n")
    out = debian.run("ls", "-lh", "/t")[1].splitlines()
    assert out[0] == "total 20K"
    assert out[2] == f"drwxr-xr-x 2 root root 4.0K {now} d"
    assert out[5] == f"-rwxr-xr-x 1 root root  11K {now} x"  # rounded up, as GNU does


def test_one_name_per_line_when_not_a_terminal(alpine, debian):
    for box in (alpine, debian):
        populate(box)
        assert box.run("ls", "/t") == (0, "a\nd\nl\nold\nx\n", "")


def test_all_and_almost_all(alpine, debian):
    for box in (alpine, debian):
        populate(box)
        box.fs.write("/t/.hidden", b"")
        assert box.run("ls", "-a", "/t")[1] == ".\n..\n.hidden\na\nd\nl\nold\nx\n"
        assert box.run("ls", "-A", "/t")[1] == ".hidden\na\nd\nl\nold\nx\n"


def test_missing_operand_messages_and_status(alpine, debian):
    assert alpine.run("ls", "/nope") == (1, "", "ls: /nope: No such file or directory\n")
    assert debian.run("ls", "/nope") == (
        2, "", "ls: cannot access '/nope': No such file or directory\n")
    # Another operand still lists, under its own header (two operands were given).
    status, out, err = debian.run("ls", "/nope", "/etc/apt")
    assert status == 2 and out.startswith("/etc/apt:\napt.conf.d\n")


def test_unknown_option(alpine, busybox, debian):
    status, out, err = debian.run("ls", "-z")
    assert (status, out) == (2, "")
    assert err == "ls: invalid option -- 'z'\nTry 'ls --help' for more information.\n"
    # BusyBox: the C library's getopt complains (musl's words on alpine), then the usage.
    status, out, err = alpine.run("ls", "-z")
    assert status == 1
    assert err.startswith("ls: unrecognized option: z\nBusyBox v1.37.0 (")
    assert " multi-call binary.\n\nUsage: ls [-1AaCxdLHRFplinshrSXvctu] [-w WIDTH] [FILE]...\n" \
        "\nList directory contents\n" in err
    status, out, err = busybox.run("ls", "-z")
    assert status == 1 and err.startswith("ls: invalid option -- 'z'\nBusyBox v1.37.0")


def test_combined_options_and_double_dash(debian):
    populate(debian)
    debian.fs.write("/t/-n", b"")
    assert debian.run("ls", "-1", "--", "-n")[1] == ""  # relative to / : missing
    assert debian.run("ls", "-d1", "/t", "/t/a") == (0, "/t\n/t/a\n", "")
    assert debian.run("ls", "/t", "-d") == (0, "/t\n", "")  # options after operands


def test_files_first_then_directories_with_headers(alpine):
    populate(alpine)
    status, out, err = alpine.run("ls", "/t/d", "/t/a", "/t")
    assert out == "/t/a\n\n/t:\na\nd\nl\nold\nx\n\n/t/d:\n"


def test_recursive(alpine, debian):
    for box in (alpine, debian):
        box.fs.mkdir("/r")
        box.fs.mkdir("/r/s")
        box.fs.write("/r/s/f", b"")
        box.fs.write("/r/g", b"")
        assert box.run("ls", "-R", "/r")[1] == "/r:\ng\ns\n\n/r/s:\nf\n"


def test_command_line_symlink_to_directory(debian):
    # debian's /bin is a symlink to usr/bin: listed through it, shown as a link with -l.
    status, out, err = debian.run("ls", "/bin")
    assert status == 0 and "ls\n" in out and "bash\n" in out
    assert debian.run("ls", "-ld", "/bin")[1].endswith(" /bin -> usr/bin\n")
    assert debian.run("ls", "-l", "/bin")[1].endswith(" /bin -> usr/bin\n")


def test_classify(alpine, debian):
    populate(alpine)
    populate(debian)
    assert alpine.run("ls", "-F", "/t")[1] == "a\nd/\nl@\nold\nx*\n"
    assert debian.run("ls", "-F", "/t")[1] == "a\nd/\nl@\nold\nx*\n"
    assert debian.run("ls", "-p", "/t")[1] == "a\nd/\nl\nold\nx\n"


def test_inode_numbers_are_stable_and_match_stat(alpine, debian):
    for box in (alpine, debian):
        populate(box)
        first = box.run("ls", "-i", "/t/a")[1]
        assert first == box.run("ls", "-i", "/t/a")[1]
        number = first.split()[0]
        assert box.run("stat", "-c", "%i", "/t/a")[1] == number + "\n"
    assert alpine.run("ls", "-i", "/t/a")[1] == f"{int(number):7d} /t/a\n"


def test_sort_by_time_size_and_reverse(debian):
    populate(debian)
    assert debian.run("ls", "-S", "/t")[1] == "x\nd\na\nl\nold\n"
    assert debian.run("ls", "-r", "/t")[1] == "x\nold\nl\nd\na\n"
    assert debian.run("ls", "-t", "/t")[1].splitlines()[-1] == "old"


def test_terminal_columns_gnu_and_busybox(alpine, debian):
    names = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
             "india", "juliet", "kilo", "lima", "mike", "november", "oscar"]
    for box in (alpine, debian):
        box.fs.mkdir("/c")
        for name in names:
            box.fs.write(f"/c/{name}", b"")
    gnu = debian.engine.exec("box", ["ls", "/c"], tty=True).stdout
    # GNU: calculate_columns() picks 13 columns (2 rows; 8 of them used) whose widths
    # fit in 80; indent() pads with tabs where a tab stop (every 8) is reached.
    assert gnu == ("alpha  charlie\techo\t golf\tindia\tkilo  mike\toscar\n"
                   "bravo  delta\tfoxtrot  hotel\tjuliet\tlima  november\n")
    bb = alpine.engine.exec("box", ["ls", "--color=never", "/c"], tty=True).stdout
    # BusyBox: columns as wide as the longest name + 2 (10), 79 // 10 = 7 of them,
    # ceil(15 / 7) = 3 rows, filled column by column.
    assert bb == ("alpha     delta     golf      juliet    mike\n"
                  "bravo     echo      hotel     kilo      november\n"
                  "charlie   foxtrot   india     lima      oscar\n")


def test_busybox_colours_on_a_terminal(alpine):
    populate(alpine)
    out = alpine.engine.exec("box", ["ls", "-1", "/t"], tty=True).stdout
    assert out == ("\033[0;0ma\033[m\n\033[1;34md\033[m\n\033[1;36ml\033[m\n"
                   "\033[0;0mold\033[m\n\033[1;32mx\033[m\n")
    # -L shows the target's type but BusyBox still colours the name by its own lstat
    out = alpine.engine.exec("box", ["ls", "-1L", "/t/l", "/t/a"], tty=True).stdout
    assert out == "\033[0;0m/t/a\033[m\n\033[1;36m/t/l\033[m\n"


def test_gnu_quotes_names_on_a_terminal(debian):
    debian.fs.mkdir("/q")
    debian.fs.write("/q/plain", b"")
    debian.fs.write("/q/with space", b"")
    out = debian.engine.exec("box", ["ls", "-1", "/q"], tty=True).stdout
    assert out == " plain\n'with space'\n"
    assert debian.run("ls", "/q")[1] == "plain\nwith space\n"


def test_confined_to_the_container_root(alpine):
    root = alpine.run("ls", "/")[1]
    assert alpine.run("ls", "/../../..")[1] == root
    alpine.run("ln", "-s", "/", "/tmp/up")
    assert alpine.run("ls", "/tmp/up/../../..")[1] == root
    alpine.run("ln", "-s", "../../../..", "/tmp/dots")
    assert alpine.run("ls", "/tmp/dots/")[1] == root


@pytest.mark.parametrize("image", ["ubuntu"])
def test_ubuntu_is_gnu(image, request):
    box = request.getfixturevalue(image)
    assert box.run("ls", "/nope")[0] == 2


def test_unreadable_directory_for_another_user(alpine, debian):
    assert alpine.run("ls", "/root", user="nobody") == (
        1, "", "ls: can't open '/root': Permission denied\n")
    assert debian.run("ls", "/root", user="nobody") == (
        2, "", "ls: cannot open directory '/root': Permission denied\n")
