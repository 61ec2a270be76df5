"""cat, tee, pwd, readlink, realpath, basename, dirname, chmod, chown; option parsing.

GNU: quotef() quotes a name only when it needs it ("cat: x: ..."), quote()
always does ("cannot access 'x'"). BusyBox: cat's open_or_warn_stdin() says
"can't open '%s'", a read error on a directory "read error"; chown's
xuname2uid() "unknown user %s".
"""


def test_cat_files_and_stdin(alpine, debian):
    for box in (alpine, debian):
        box.fs.write("/tmp/a", b"one\n")
        box.fs.write("/tmp/b", b"two\n")
        assert box.run("cat", "/tmp/a", "-", "/tmp/b", stdin="mid\n") == (
            0, "one\nmid\ntwo\n", "")
        assert box.run("cat", stdin="piped") == (0, "piped", "")
        assert box.run("cat", "-n", "/tmp/a", "/tmp/b") == (0, "     1\tone\n     2\ttwo\n", "")


def test_cat_errors(alpine, debian):
    assert alpine.run("cat", "/nope") == (
        1, "", "cat: can't open '/nope': No such file or directory\n")
    assert debian.run("cat", "/nope") == (1, "", "cat: /nope: No such file or directory\n")
    assert debian.run("cat", "/no pe") == (1, "", "cat: '/no pe': No such file or directory\n")
    assert alpine.run("cat", "/etc") == (1, "", "cat: read error: Is a directory\n")
    assert debian.run("cat", "/etc") == (1, "", "cat: /etc: Is a directory\n")
    status, out, err = debian.run("cat", "/etc/shadow", user="nobody")
    assert (status, err) == (1, "cat: /etc/shadow: Permission denied\n")


def test_cat_reads_bind_mounts_and_proc(debian):
    assert debian.run("cat", "/etc/hostname")[1] == debian.container.config.hostname + "\n"
    assert debian.run("cat", "/proc/mounts")[1].startswith("overlay / overlay rw,relatime,")


def test_tee(alpine, debian):
    for box in (alpine, debian):
        assert box.run("tee", "/tmp/t1", "/tmp/t2", stdin="hi\n") == (0, "hi\n", "")
        assert box.fs.read("/tmp/t1") == box.fs.read("/tmp/t2") == b"hi\n"
        assert box.run("tee", "-a", "/tmp/t1", stdin="more\n")[0] == 0
        assert box.fs.read("/tmp/t1") == b"hi\nmore\n"
    assert debian.run("tee", "/x/y", stdin="z") == (
        1, "z", "tee: /x/y: No such file or directory\n")
    assert alpine.run("tee", "/x/y", stdin="z") == (
        1, "z", "tee: can't open '/x/y': No such file or directory\n")


def test_pwd(alpine, debian):
    for box in (alpine, debian):
        assert box.run("pwd") == (0, "/\n", "")
        assert box.run("pwd", workdir="/etc/apk" if box is alpine else "/etc/apt")[1] in (
            "/etc/apk\n", "/etc/apt\n")
    # coreutils' pwd prints the physical directory unless -L and a valid $PWD.
    debian.fs.symlink("/etc/apt", "/apt")
    assert debian.run("pwd", workdir="/etc/apt", env=["PWD=/apt"])[1] == "/etc/apt\n"
    assert debian.run("pwd", "-L", workdir="/etc/apt", env=["PWD=/apt"])[1] == "/apt\n"


def test_readlink_and_realpath(alpine, debian):
    for box in (alpine, debian):
        box.fs.symlink("../etc/passwd", "/tmp/pw")
        assert box.run("readlink", "/tmp/pw") == (0, "../etc/passwd\n", "")
        assert box.run("readlink", "-f", "/tmp/pw") == (0, "/etc/passwd\n", "")
        assert box.run("readlink", "/etc/passwd") == (1, "", "")  # not a link: silent
        assert box.run("readlink", "-f", "/tmp/../tmp/pw") == (0, "/etc/passwd\n", "")
        assert box.run("realpath", "/tmp/pw", "/usr/../etc")[1] == "/etc/passwd\n/etc\n"
        assert box.run("readlink", "-n", "/tmp/pw")[1] == "../etc/passwd"
    assert debian.run("realpath", "/nope/x") == (
        1, "", "realpath: /nope/x: No such file or directory\n")
    assert alpine.run("realpath", "/nope/x") == (
        1, "", "realpath: /nope/x: No such file or directory\n")
    # The last component may be missing (-f style), as both do by default.
    assert debian.run("realpath", "/tmp/new")[1] == "/tmp/new\n"


def test_basename_dirname(alpine, debian):
    for box in (alpine, debian):
        assert box.run("basename", "/usr/lib/libc.so", ".so") == (0, "libc\n", "")
        assert box.run("basename", "/usr/lib/") == (0, "lib\n", "")
        assert box.run("basename", "/") == (0, "/\n", "")
        assert box.run("dirname", "/usr/lib/") == (0, "/usr\n", "")
        assert box.run("dirname", "file") == (0, ".\n", "")
        assert box.run("dirname", "//") == (0, "/\n", "")
    assert debian.run("basename", "-a", "/a/b", "/c/d") == (0, "b\nd\n", "")
    assert debian.run("basename") == (1, "", "basename: missing operand\n"
                                             "Try 'basename --help' for more information.\n")
    assert debian.run("basename", "a", "b", "c") == (
        1, "", "basename: extra operand 'c'\nTry 'basename --help' for more information.\n")
    assert debian.run("dirname", "/a/b", "/c/d") == (0, "/a\n/c\n", "")


def test_chmod_octal_and_symbolic(alpine, debian):
    for box in (alpine, debian):
        box.fs.write("/tmp/f", b"")
        assert box.run("chmod", "755", "/tmp/f") == (0, "", "")
        assert box.fs.stat("/tmp/f").mode == 0o755
        assert box.run("chmod", "go-w,u-x", "/tmp/f")[0] == 0
        assert box.fs.stat("/tmp/f").mode == 0o655
        assert box.run("chmod", "a=r", "/tmp/f")[0] == 0
        assert box.fs.stat("/tmp/f").mode == 0o444
        assert box.run("chmod", "+x", "/tmp/f")[0] == 0
        assert box.fs.stat("/tmp/f").mode == 0o555
        assert box.run("chmod", "-x", "/tmp/f")[0] == 0  # a mode, not an option
        assert box.fs.stat("/tmp/f").mode == 0o444
        assert box.run("chmod", "u+s,+t", "/tmp/f")[0] == 0
        assert box.fs.stat("/tmp/f").mode == 0o5444
    assert ("C", "/etc/passwd") not in debian.engine.diff("box")
    debian.run("chmod", "600", "/etc/passwd")
    assert ("C", "/etc/passwd") in debian.engine.diff("box")  # copied up for its new mode


def test_chmod_recursive_verbose_and_errors(alpine, debian):
    debian.run("mkdir", "-p", "/r/s")
    debian.fs.write("/r/s/f", b"")
    assert debian.run("chmod", "-R", "700", "/r") == (0, "", "")
    assert debian.fs.stat("/r/s/f").mode == 0o700
    assert debian.run("chmod", "-v", "644", "/r/s/f") == (
        0, "mode of '/r/s/f' changed from 0700 (rwx------) to 0644 (rw-r--r--)\n", "")
    assert debian.run("chmod", "-v", "644", "/r/s/f")[1] == \
        "mode of '/r/s/f' retained as 0644 (rw-r--r--)\n"
    assert debian.run("chmod", "755", "/nope") == (
        1, "", "chmod: cannot access '/nope': No such file or directory\n")
    assert alpine.run("chmod", "755", "/nope") == (
        1, "", "chmod: /nope: No such file or directory\n")
    assert debian.run("chmod", "bogus", "/tmp") == (
        1, "", "chmod: invalid mode: 'bogus'\nTry 'chmod --help' for more information.\n")
    assert alpine.run("chmod", "bogus", "/tmp") == (1, "", "chmod: invalid mode 'bogus'\n")
    assert debian.run("chmod", "755") == (
        1, "", "chmod: missing operand after '755'\nTry 'chmod --help' for more information.\n")


def test_chown(alpine, debian):
    for box in (alpine, debian):
        box.fs.write("/tmp/f", b"")
        assert box.run("chown", "nobody", "/tmp/f") == (0, "", "")
        assert (box.fs.stat("/tmp/f").uid, box.fs.stat("/tmp/f").gid) == (65534, 0)
        assert box.run("chown", "root:65534", "/tmp/f") == (0, "", "")
        assert (box.fs.stat("/tmp/f").uid, box.fs.stat("/tmp/f").gid) == (0, 65534)
        assert box.run("chown", "1234:4321", "/tmp/f") == (0, "", "")
        assert box.run("ls", "-n", "/tmp/f")[1].split()[2:4] == ["1234", "4321"]
        assert box.run("chgrp", "root", "/tmp/f") == (0, "", "")
        assert box.fs.stat("/tmp/f").gid == 0
    assert debian.run("chown", "bob", "/tmp/f") == (1, "", "chown: invalid user: 'bob'\n")
    assert debian.run("chown", "root:bob", "/tmp/f") == (
        1, "", "chown: invalid group: 'root:bob'\n")
    assert alpine.run("chown", "bob", "/tmp/f") == (1, "", "chown: unknown user bob\n")
    assert debian.run("chown", "-v", "nobody:nogroup", "/tmp/f") == (
        0, "changed ownership of '/tmp/f' from 1234:root to nobody:nogroup\n", "")
    assert debian.run("chown", "root", "/nope") == (
        1, "", "chown: cannot access '/nope': No such file or directory\n")
    status, out, err = debian.run("chown", "root", "/tmp/f", user="nobody")
    assert err == "chown: changing ownership of '/tmp/f': Operation not permitted\n"


def test_option_parsing_conventions(alpine, busybox, debian):
    # GNU permutes options after operands, takes unique prefixes of long options,
    # and stops at "--".
    debian.fs.write("/tmp/-v", b"dash\n")
    assert debian.run("cat", "--", "/tmp/-v") == (0, "dash\n", "")
    assert debian.run("mkdir", "/tmp/p/q", "--par") == (0, "", "")
    assert debian.run("rm", "--recursive", "--forc", "/tmp/p") == (0, "", "")
    assert debian.run("rm", "--bogus") == (
        1, "", "rm: unrecognized option '--bogus'\nTry 'rm --help' for more information.\n")
    assert debian.run("mkdir", "-m") == (
        1, "", "mkdir: option requires an argument -- 'm'\n"
               "Try 'mkdir --help' for more information.\n")
    # GNU names itself as invoked.
    assert debian.run("/usr/bin/cat", "/nope")[2] == (
        "/usr/bin/cat: /nope: No such file or directory\n")
    # BusyBox: musl's getopt on alpine, glibc's on the busybox image; then the usage.
    status, out, err = alpine.run("mkdir", "-Q", "/x")
    assert status == 1 and err.startswith("mkdir: unrecognized option: Q\nBusyBox v1.37.0 (")
    status, out, err = busybox.run("mkdir", "-Q", "/x")
    assert status == 1 and err.startswith("mkdir: invalid option -- 'Q'\nBusyBox v1.37.0 (")
    status, out, err = alpine.run("rm", "--help")
    assert status == 0 and "\nUsage: rm [-irf] FILE...\n\nRemove (unlink) FILEs\n" in err


def test_busybox_image_runs_the_same_applets(busybox):
    assert busybox.run("ls", "/nope") == (1, "", "ls: /nope: No such file or directory\n")
    assert busybox.run("mkdir", "-p", "/a/b") == (0, "", "")
    assert busybox.run("ls", "/a") == (0, "b\n", "")
