"""stat, du, df, mount and find in both flavours.

stat layouts: coreutils src/stat.c default_format() and BusyBox coreutils/stat.c
do_stat(); find: findutils' parser messages and BusyBox findutils/find.c
("unrecognized: %s" + usage, "%s requires an argument").
"""

import time


def now_text(box, zone=True):
    text = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(box.engine.clock.now()))
    return text + ".000000000" + (" +0000" if zone else "")


# -- stat ----------------------------------------------------------------------

def test_stat_gnu_default_layout(debian):
    debian.fs.write("/tmp/f", b"hello")
    inode = debian.run("stat", "-c", "%i", "/tmp/f")[1].strip()
    device = debian.run("stat", "-c", "%Hd,%Ld", "/tmp/f")[1].strip()
    stamp = now_text(debian)
    assert debian.run("stat", "/tmp/f") == (0, (
        "  File: /tmp/f\n"
        "  Size: 5         \tBlocks: 8          IO Block: 4096   regular file\n"
        f"Device: {device}\tInode: {inode:<10}  Links: 1\n"
        "Access: (0644/-rw-r--r--)  Uid: (    0/    root)   Gid: (    0/    root)\n"
        f"Access: {stamp}\n"
        f"Modify: {stamp}\n"
        f"Change: {stamp}\n"
        " Birth: -\n"), "")
    assert device.startswith("0,")


def test_stat_busybox_default_layout(alpine):
    alpine.fs.write("/tmp/f", b"hello")
    inode = alpine.run("stat", "-c", "%i", "/tmp/f")[1].strip()
    dev = int(alpine.run("stat", "-c", "%d", "/tmp/f")[1])
    stamp = now_text(alpine, zone=False)
    assert alpine.run("stat", "/tmp/f") == (0, (
        "  File: /tmp/f\n"
        "  Size: 5         \tBlocks: 8          IO Block: 4096   regular file\n"
        f"Device: {dev:x}h/{dev}d\tInode: {inode:<10}  Links: 1\n"
        "Access: (0644/-rw-r--r--)  Uid: (    0/    root)   Gid: (    0/    root)\n"
        f"Access: {stamp}\n"
        f"Modify: {stamp}\n"
        f"Change: {stamp}\n"
        "\n"), "")  # puts() adds a newline after the format's own


def test_stat_symlink_and_errors(alpine, debian):
    # %N in a -c format quotes (shell-escape-always); the default layout does not.
    assert debian.run("stat", "-c", "%N", "/bin") == (0, "'/bin' -> 'usr/bin'\n", "")
    assert debian.run("stat", "/bin")[1].startswith("  File: /bin -> usr/bin\n")
    assert alpine.run("stat", "-c", "%N", "/bin/ls") == (0, "'/bin/ls' -> '/bin/busybox'\n", "")
    assert debian.run("stat", "/nope") == (
        1, "", "stat: cannot statx '/nope': No such file or directory\n")
    assert alpine.run("stat", "/nope") == (
        1, "", "stat: can't stat '/nope': No such file or directory\n")
    assert debian.run("stat") == (1, "", "stat: missing operand\n"
                                         "Try 'stat --help' for more information.\n")


def test_stat_format_directives(alpine, debian):
    # Names come from each image's /etc/passwd and /etc/group (alpine's 65534 group is
    # "nobody", debian's "nogroup").
    for box, group in ((alpine, "nobody"), (debian, "nogroup")):
        box.fs.write("/tmp/f", b"abc", mode=0o640, uid=65534, gid=65534)
        out = box.run("stat", "-c", "%n %s %a %A %U %G %u %g %F %h %b %B %o", "/tmp/f")[1]
        assert out == f"/tmp/f 3 640 -rw-r----- nobody {group} 65534 65534 regular file " \
                      "1 8 512 4096\n"
        assert box.run("stat", "-c", "%F", "/tmp", "/etc/hostname")[1] == \
            "directory\nregular file\n"
        assert box.run("stat", "-c", "[%5s|%-5s]", "/tmp/f")[1] == "[    3|3    ]\n"
    assert debian.run("stat", "--printf", "%s\\n%a", "/tmp/f")[1] == "3\n640"
    assert debian.run("stat", "-c", "%y", "/tmp/f")[1] == now_text(debian) + "\n"


# -- du ------------------------------------------------------------------------

def tree(box):
    box.fs.mkdir("/u")
    box.fs.mkdir("/u/s")
    box.fs.write("/u/s/big", b"x" * 5000)   # 2 blocks of 4K: 8K
    box.fs.write("/u/small", b"x")          # 4K
    box.fs.symlink("small", "/u/link")      # no blocks


def test_du_sizes_in_kilobytes(alpine, debian):
    for box in (alpine, debian):
        tree(box)
        assert box.run("du", "/u") == (0, "12\t/u/s\n20\t/u\n", "")
        assert box.run("du", "-s", "/u") == (0, "20\t/u\n", "")
        assert box.run("du", "-a", "/u") == (
            0, "0\t/u/link\n8\t/u/s/big\n12\t/u/s\n4\t/u/small\n20\t/u\n", "")
    assert debian.run("du", "-sh", "/u") == (0, "20K\t/u\n", "")
    assert alpine.run("du", "-sh", "/u") == (0, "20.0K\t/u\n", "")
    assert debian.run("du", "-sc", "/u", "/u/s") == (0, "20\t/u\n12\t/u/s\n32\ttotal\n", "")


def test_du_counts_a_hard_linked_file_once_unless_count_links(alpine, debian):
    # real du -a and du -al (busybox 1.37, coreutils 9) on the same tree, sizes alike
    script = "mkdir /t; cd /t; echo hello > a; ln a b; mkdir d; ln a d/c; du -a .; du -al ."
    for box in (alpine, debian):
        assert box.sh(script) == (0, "4\t./a\n4\t./d\n12\t.\n"
                                     "4\t./a\n4\t./b\n4\t./d/c\n8\t./d\n20\t.\n", "")


def test_du_missing(alpine, debian):
    assert alpine.run("du", "/nope") == (1, "", "du: /nope: No such file or directory\n")
    assert debian.run("du", "/nope") == (
        1, "", "du: cannot access '/nope': No such file or directory\n")


# -- df and mount --------------------------------------------------------------

def test_df_gnu(debian):
    status, out, err = debian.run("df")
    lines = out.splitlines()
    assert lines[0] == "Filesystem     1K-blocks     Used Available Use% Mounted on"
    assert lines[1].startswith("overlay ") and lines[1].endswith("% /")
    assert any(line.startswith("tmpfs ") and line.endswith(" /dev") for line in lines)
    # The three bind mounts of the host disk show once, as /etc/hosts (shortest name).
    assert [line.split()[-1] for line in lines if line.startswith("/dev/")] == ["/etc/hosts"]
    assert not any(" /proc" in line for line in lines)
    human = debian.run("df", "-h")[1].splitlines()
    assert human[0] == "Filesystem      Size  Used Avail Use% Mounted on"
    assert human[1].split()[1:4] == ["59G", "14G", "42G"]
    assert debian.run("df", "/etc")[1].splitlines()[1].startswith("overlay ")
    assert debian.run("df", "/nope") == (1, "", "df: /nope: No such file or directory\n")


def test_df_busybox(alpine):
    lines = alpine.run("df")[1].splitlines()
    assert lines[0] == "Filesystem           1K-blocks      Used Available Use% Mounted on"
    assert lines[1] == f"{'overlay':<20} {61255652:9d} {14372096:9d} {43754212:9d}  25% /"
    # Every mount with blocks, the bind mounts each on their own line.
    assert [line.split()[-1] for line in lines if line.startswith("/dev/")] == [
        "/etc/hostname", "/etc/hosts", "/etc/resolv.conf"]
    assert alpine.run("df", "-h")[1].splitlines()[0] == \
        "Filesystem                Size      Used Available Use% Mounted on"


def test_df_counts_what_the_container_writes(debian):
    before = int(debian.run("df", "/")[1].splitlines()[1].split()[2])
    debian.fs.write("/tmp/blob", b"x" * 10 * 1024 * 1024)
    after = int(debian.run("df", "/")[1].splitlines()[1].split()[2])
    assert after - before == 10 * 1024


def test_mount_lists_the_overlay_first(alpine, debian):
    for box in (alpine, debian):
        status, out, err = box.run("mount")
        lines = out.splitlines()
        assert lines[0].startswith("overlay on / type overlay (rw,relatime,lowerdir="
                                   "/var/lib/docker/overlay2/l/")
        assert f"upperdir=/var/lib/docker/overlay2/{box.container.layer_id}/diff," in lines[0]
        assert "proc on /proc type proc (rw,nosuid,nodev,noexec,relatime)" in lines
        assert box.run("mount", "-t", "proc")[1] == \
            "proc on /proc type proc (rw,nosuid,nodev,noexec,relatime)\n"
    assert alpine.run("mount", "/dev/sda1", "/mnt") == (
        1, "", "mount: permission denied (are you root?)\n")


# -- find ----------------------------------------------------------------------

def files(box):
    box.fs.mkdir("/f")
    box.fs.mkdir("/f/sub")
    box.fs.write("/f/a.txt", b"a")
    box.fs.write("/f/sub/b.txt", b"bb")
    box.fs.write("/f/sub/C.TXT", b"")
    box.fs.symlink("a.txt", "/f/link")


def test_find_walks_and_prints(alpine, debian):
    for box in (alpine, debian):
        files(box)
        assert box.run("find", "/f") == (
            0, "/f\n/f/a.txt\n/f/link\n/f/sub\n/f/sub/C.TXT\n/f/sub/b.txt\n", "")
        assert box.run("find", "/f", "-name", "*.txt") == (
            0, "/f/a.txt\n/f/sub/b.txt\n", "")
        assert box.run("find", "/f", "-iname", "*.txt", "-type", "f")[1] == \
            "/f/a.txt\n/f/sub/C.TXT\n/f/sub/b.txt\n"
        assert box.run("find", "/f", "-type", "d")[1] == "/f\n/f/sub\n"
        assert box.run("find", "/f", "-type", "l")[1] == "/f/link\n"
        assert box.run("find", "/f", "-maxdepth", "1", "-type", "f")[1] == "/f/a.txt\n"
        assert box.run("find", "/f", "-mindepth", "2")[1] == "/f/sub/C.TXT\n/f/sub/b.txt\n"
        assert box.run("find", "/f", "-path", "*/sub/*", "-print")[1] == \
            "/f/sub/C.TXT\n/f/sub/b.txt\n"
        assert box.run("find", "/f", "-name", "sub", "-prune", "-o", "-print")[1] == \
            "/f\n/f/a.txt\n/f/link\n"
        # A symlink's size is its target's length (5 here).
        assert box.run("find", "/f", "!", "-type", "d", "-size", "-2c")[1] == \
            "/f/a.txt\n/f/sub/C.TXT\n"


def test_find_relative_paths(debian):
    files(debian)
    assert debian.run("find", ".", "-name", "b.txt", workdir="/f") == (0, "./sub/b.txt\n", "")
    assert debian.run("find", "sub/", workdir="/f")[1] == "sub/\nsub/C.TXT\nsub/b.txt\n"


def test_find_exec(alpine, debian):
    for box in (alpine, debian):
        files(box)
        assert box.run("find", "/f/sub", "-type", "f", "-exec", "cat", "{}", ";") == (
            0, "bb", "")
    assert debian.run("find", "/f", "-name", "*.txt", "-exec", "ls", "{}", "+")[1] == \
        "/f/a.txt\n/f/sub/b.txt\n"


def test_find_errors(alpine, debian):
    assert debian.run("find", "/nope") == (
        1, "", "find: '/nope': No such file or directory\n")
    assert alpine.run("find", "/nope") == (1, "", "find: /nope: No such file or directory\n")
    assert debian.run("find", "/", "-bogus") == (1, "", "find: unknown predicate '-bogus'\n")
    status, out, err = alpine.run("find", "/", "-bogus")
    assert status == 1
    assert err.startswith("find: unrecognized: -bogus\nBusyBox v1.37.0 (")
    assert "\nUsage: find [-HL] [PATH]... [OPTIONS] [ACTIONS]\n" in err
    assert debian.run("find", "/", "-name") == (1, "", "find: missing argument to '-name'\n")
    assert alpine.run("find", "/", "-name") == (1, "", "find: -name requires an argument\n")
    assert debian.run("find", "/", "-type", "x") == (
        1, "", "find: Unknown argument to -type: x\n")


def test_find_warns_about_late_global_options(debian):
    files(debian)
    status, out, err = debian.run("find", "/f", "-type", "d", "-maxdepth", "0")
    assert (status, out) == (0, "/f\n")
    assert err == ("find: warning: you have specified the global option -maxdepth after the "
                   "argument -type, but global options are not positional, i.e., -maxdepth "
                   "affects tests specified before it as well as those specified after it.  "
                   "Please specify global options before other arguments.\n")


def test_find_delete(debian):
    files(debian)
    assert debian.run("find", "/f/sub", "-delete") == (0, "", "")
    assert not debian.fs.exists("/f/sub")


def test_find_does_not_leave_the_root(alpine):
    assert alpine.run("find", "/../..", "-maxdepth", "0")[1] == "/../..\n"
    assert alpine.run("find", "/../..", "-maxdepth", "1", "-name", "etc")[1] == "/../../etc\n"
