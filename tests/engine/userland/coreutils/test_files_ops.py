"""mkdir, rmdir, rm, touch, cp, mv, ln: effects on the union view and messages.

GNU texts: coreutils src/{mkdir,rmdir,remove,copy,mv,ln,touch}.c (quote() in the
C locale gives 'NAME'). BusyBox texts: libbb/make_directory.c ("can't %s
directory '%s'"), coreutils/rmdir.c ("'%s'" + strerror), libbb/remove_file.c
("can't remove '%s'", "'%s' is a directory"), libbb/copy_file.c ("omitting
directory '%s'", "can't stat '%s'"), coreutils/mv.c ("can't rename '%s'").
"""

import calendar

from engine.vfs.entry import DIR


# -- mkdir / rmdir -------------------------------------------------------------

def test_mkdir_messages(alpine, debian):
    assert alpine.run("mkdir", "/tmp") == (
        1, "", "mkdir: can't create directory '/tmp': File exists\n")
    assert debian.run("mkdir", "/tmp") == (
        1, "", "mkdir: cannot create directory '/tmp': File exists\n")
    assert alpine.run("mkdir", "/a/b") == (
        1, "", "mkdir: can't create directory '/a/b': No such file or directory\n")
    assert debian.run("mkdir", "/a/b") == (
        1, "", "mkdir: cannot create directory '/a/b': No such file or directory\n")
    assert debian.run("mkdir") == (
        1, "", "mkdir: missing operand\nTry 'mkdir --help' for more information.\n")
    status, out, err = alpine.run("mkdir")
    assert status == 1 and "\nUsage: mkdir [-m MODE] [-p] DIRECTORY...\n" in err


def test_mkdir_parents_mode_and_verbose(alpine, debian):
    for box in (alpine, debian):
        assert box.run("mkdir", "-p", "/x/y/z") == (0, "", "")
        assert box.run("mkdir", "-p", "/x/y/z") == (0, "", "")  # no error if it exists
        assert box.fs.stat("/x/y/z").mode == 0o755
        assert box.run("mkdir", "-m", "700", "/m")[0] == 0
        assert box.fs.stat("/m").mode == 0o700
        # Symbolic modes start from a=rwx (not from the umask): o keeps rwx here.
        assert box.run("mkdir", "-m", "u=rwx,g=rx", "/s")[0] == 0
        assert box.fs.stat("/s").mode == 0o757
    assert debian.run("mkdir", "-pv", "/v/w") == (
        0, "mkdir: created directory '/v'\nmkdir: created directory '/v/w'\n", "")
    assert debian.run("mkdir", "-p", "/etc/passwd/x") == (
        1, "", "mkdir: cannot create directory '/etc/passwd/x': Not a directory\n")
    assert alpine.run("mkdir", "-p", "/etc/passwd/x") == (
        1, "", "mkdir: can't create directory '/etc/passwd': File exists\n")
    assert debian.run("mkdir", "-m", "9", "/bad") == (1, "", "mkdir: invalid mode '9'\n")


def test_rmdir(alpine, debian):
    for box in (alpine, debian):
        box.run("mkdir", "-p", "/r/s/t")
        box.fs.write("/r/file", b"")
    assert alpine.run("rmdir", "/r") == (1, "", "rmdir: '/r': Directory not empty\n")
    assert debian.run("rmdir", "/r") == (
        1, "", "rmdir: failed to remove '/r': Directory not empty\n")
    assert debian.run("rmdir", "/r/file") == (
        1, "", "rmdir: failed to remove '/r/file': Not a directory\n")
    for box in (alpine, debian):
        assert box.run("rmdir", "-p", "/r/s/t")[0] == 1  # stops at /r, which has a file
        assert not box.fs.exists("/r/s") and box.fs.exists("/r")
    assert debian.run("rmdir", "-p", "/nope/x")[2] == (
        "rmdir: failed to remove '/nope/x': No such file or directory\n")


# -- rm ------------------------------------------------------------------------

def test_rm_messages(alpine, debian):
    assert alpine.run("rm", "/nope") == (
        1, "", "rm: can't remove '/nope': No such file or directory\n")
    assert debian.run("rm", "/nope") == (
        1, "", "rm: cannot remove '/nope': No such file or directory\n")
    assert alpine.run("rm", "/tmp") == (1, "", "rm: '/tmp' is a directory\n")
    assert debian.run("rm", "/tmp") == (1, "", "rm: cannot remove '/tmp': Is a directory\n")
    assert alpine.run("rm", "-f", "/nope") == (0, "", "")
    assert debian.run("rm", "-f") == (0, "", "")
    assert debian.run("rm") == (1, "", "rm: missing operand\n"
                                       "Try 'rm --help' for more information.\n")
    assert alpine.run("rm", "-r", "..") == (1, "", "rm: can't remove '.' or '..'\n")
    assert debian.run("rm", "-r", ".") == (
        1, "", "rm: refusing to remove '.' or '..' directory: skipping '.'\n")


def test_gnu_rm_refuses_the_root(debian):
    message = ("rm: it is dangerous to operate recursively on '/'\n"
               "rm: use --no-preserve-root to override this failsafe\n")
    assert debian.run("rm", "-rf", "/") == (1, "", message)
    status, out, err = debian.run("rm", "-rf", "//")
    assert err.startswith("rm: it is dangerous to operate recursively on '//' "
                          "(same as '/')\n")
    # A last component of "." or ".." is refused before the root check.
    assert debian.run("rm", "-rf", "/tmp/..")[2] == (
        "rm: refusing to remove '.' or '..' directory: skipping '/tmp/..'\n")
    assert debian.run("ls", "/bin/ls")[0] == 0  # nothing was removed


def test_rm_recursive_and_verbose(alpine, debian):
    for box in (alpine, debian):
        box.run("mkdir", "-p", "/d/e")
        box.fs.write("/d/e/f", b"x")
        assert box.run("rm", "-r", "/d") == (0, "", "")
        assert not box.fs.exists("/d")
    debian.run("mkdir", "/v")
    debian.fs.write("/v/f", b"")
    assert debian.run("rm", "-rv", "/v") == (
        0, "removed '/v/f'\nremoved directory '/v'\n", "")


def test_rm_of_an_image_file_is_a_whiteout(alpine):
    assert alpine.run("rm", "/etc/motd") == (0, "", "")
    assert ("D", "/etc/motd") in alpine.engine.diff("box")
    assert ("C", "/etc") in alpine.engine.diff("box")
    assert alpine.run("cat", "/etc/motd")[0] == 1
    # The image is untouched: a new container of it still has the file.
    other = alpine.engine.run("alpine", ["sleep", "infinity"], name="other")
    assert other.fs.exists("/etc/motd")


def test_rm_of_a_mount_point_is_busy(debian):
    assert debian.run("rm", "/etc/hosts") == (
        1, "", "rm: cannot remove '/etc/hosts': Device or resource busy\n")


def test_rm_as_another_user_needs_write_permission(debian):
    status, out, err = debian.run("rm", "/etc/passwd", user="nobody")
    assert (status, err) == (1, "rm: cannot remove '/etc/passwd': Permission denied\n")
    assert debian.fs.exists("/etc/passwd")


# -- touch ---------------------------------------------------------------------

def test_touch_creates_updates_and_reports(alpine, debian):
    for box in (alpine, debian):
        assert box.run("touch", "/tmp/new") == (0, "", "")
        entry = box.fs.stat("/tmp/new")
        assert (entry.size, entry.mode) == (0, 0o644)
        assert box.run("touch", "-c", "/tmp/never") == (0, "", "")
        assert not box.fs.exists("/tmp/never")
        assert box.run("touch", "-d", "2020-01-02 03:04:05", "/etc/motd")[0] == 0
        assert box.fs.stat("/etc/motd").mtime == calendar.timegm((2020, 1, 2, 3, 4, 5))
        assert box.run("touch", "-t", "202101020304.05", "/tmp/new")[0] == 0
        assert box.fs.stat("/tmp/new").mtime == calendar.timegm((2021, 1, 2, 3, 4, 5))
    assert ("C", "/etc/motd") in alpine.engine.diff("box")  # copied up for its new mtime
    assert alpine.run("touch", "/x/y") == (1, "", "touch: /x/y: No such file or directory\n")
    assert debian.run("touch", "/x/y") == (
        1, "", "touch: cannot touch '/x/y': No such file or directory\n")
    assert debian.run("touch", "-d", "soon", "/tmp/new") == (
        1, "", "touch: invalid date format 'soon'\n")


def test_touch_as_another_user_owns_the_file(debian):
    assert debian.run("touch", "/tmp/mine", user="nobody") == (0, "", "")
    entry = debian.fs.stat("/tmp/mine")
    assert (entry.uid, entry.gid) == (65534, 65534)


# -- cp ------------------------------------------------------------------------

def test_cp_file_into_directory_and_rename(alpine, debian):
    for box in (alpine, debian):
        assert box.run("cp", "/etc/passwd", "/tmp") == (0, "", "")
        assert box.fs.read("/tmp/passwd") == box.fs.read("/etc/passwd")
        assert box.run("cp", "/etc/passwd", "/tmp/pw") == (0, "", "")
        assert box.fs.read("/tmp/pw") == box.fs.read("/etc/passwd")
        assert ("A", "/tmp/pw") in box.engine.diff("box")


def test_cp_directory_needs_recursion(alpine, debian):
    assert alpine.run("cp", "/etc", "/tmp") == (1, "", "cp: omitting directory '/etc'\n")
    assert debian.run("cp", "/etc", "/tmp") == (
        1, "", "cp: -r not specified; omitting directory '/etc'\n")
    for box in (alpine, debian):
        box.run("mkdir", "-p", "/src/sub")
        box.fs.write("/src/sub/f", b"data")
        assert box.run("cp", "-r", "/src", "/dst") == (0, "", "")
        assert box.fs.read("/dst/sub/f") == b"data"
        assert box.run("cp", "-R", "/src", "/dst") == (0, "", "")  # dst exists: goes inside
        assert box.fs.read("/dst/src/sub/f") == b"data"


def test_cp_errors(alpine, debian):
    assert alpine.run("cp", "/nope", "/tmp") == (
        1, "", "cp: can't stat '/nope': No such file or directory\n")
    assert debian.run("cp", "/nope", "/tmp") == (
        1, "", "cp: cannot stat '/nope': No such file or directory\n")
    assert debian.run("cp", "/etc/passwd") == (
        1, "", "cp: missing destination file operand after '/etc/passwd'\n"
               "Try 'cp --help' for more information.\n")
    assert debian.run("cp") == (1, "", "cp: missing file operand\n"
                                       "Try 'cp --help' for more information.\n")
    assert debian.run("cp", "/etc/passwd", "/etc/passwd") == (
        1, "", "cp: '/etc/passwd' and '/etc/passwd' are the same file\n")
    assert debian.run("cp", "/etc/passwd", "/etc/group", "/etc/shells") == (
        1, "", "cp: target '/etc/shells' is not a directory\n")
    assert debian.run("cp", "-r", "/etc/apt", "/etc/apt/x") == (
        1, "", "cp: cannot copy a directory, '/etc/apt', into itself, '/etc/apt/x'\n")
    assert debian.run("cp", "/etc/passwd", "/x/y") == (
        1, "", "cp: cannot create regular file '/x/y': No such file or directory\n")
    assert alpine.run("cp", "/etc/passwd", "/x/y") == (
        1, "", "cp: can't create '/x/y': No such file or directory\n")


def test_cp_keeps_or_sets_attributes(debian):
    debian.fs.write("/tmp/src", b"abc", mode=0o640, uid=65534, gid=65534)
    debian.fs.touch("/tmp/src", mtime=1_000_000_000)
    debian.run("cp", "/tmp/src", "/tmp/plain")
    plain = debian.fs.stat("/tmp/plain")
    assert (plain.mode, plain.uid, plain.mtime != 1_000_000_000) == (0o640, 0, True)
    debian.run("cp", "-p", "/tmp/src", "/tmp/kept")
    kept = debian.fs.stat("/tmp/kept")
    assert (kept.mode, kept.uid, kept.mtime) == (0o640, 65534, 1_000_000_000)


def test_cp_of_a_program_still_runs(debian):
    assert debian.run("cp", "/usr/bin/ls", "/tmp/myls") == (0, "", "")
    status, out, err = debian.run("/tmp/myls", "-d", "/tmp")
    assert (status, out) == (0, "/tmp\n")


def test_cp_symlinks_followed_without_r_kept_with_r(debian):
    debian.fs.mkdir("/s")
    debian.fs.symlink("/etc/hostname", "/s/link")
    debian.run("cp", "/s/link", "/tmp/copy")
    assert debian.fs.lstat("/tmp/copy").kind == "file"
    debian.run("cp", "-r", "/s", "/t")
    assert debian.fs.lstat("/t/link").target == "/etc/hostname"


# -- mv ------------------------------------------------------------------------

def test_mv_renames_and_moves(alpine, debian):
    for box in (alpine, debian):
        box.fs.write("/tmp/a", b"1")
        assert box.run("mv", "/tmp/a", "/tmp/b") == (0, "", "")
        assert not box.fs.exists("/tmp/a") and box.fs.read("/tmp/b") == b"1"
        box.fs.mkdir("/tmp/dir")
        assert box.run("mv", "/tmp/b", "/tmp/dir") == (0, "", "")
        assert box.fs.read("/tmp/dir/b") == b"1"


def test_mv_of_an_image_directory_copies_it_up(alpine):
    # overlayfs cannot rename a lower directory (EXDEV): mv copies and deletes.
    assert alpine.run("mv", "/etc/apk", "/etc/apk2") == (0, "", "")
    changes = dict((path, kind) for kind, path in alpine.engine.diff("box"))
    assert changes["/etc/apk"] == "D"
    assert changes["/etc/apk2"] == "A"
    assert alpine.fs.exists("/etc/apk2/repositories")


def test_mv_errors(alpine, debian):
    assert alpine.run("mv", "/nope", "/tmp") == (
        1, "", "mv: can't rename '/nope': No such file or directory\n")
    assert debian.run("mv", "/nope", "/tmp") == (
        1, "", "mv: cannot stat '/nope': No such file or directory\n")
    for box in (alpine, debian):
        box.run("mkdir", "-p", "/p/q")
    assert debian.run("mv", "/p", "/p/q") == (
        1, "", "mv: cannot move '/p' to a subdirectory of itself, '/p/q/p'\n")
    assert alpine.run("mv", "/p", "/p/q") == (
        1, "", "mv: can't rename '/p': Invalid argument\n")
    assert debian.run("mv", "/etc/hosts", "/tmp/h") == (
        1, "", "mv: cannot move '/etc/hosts' to '/tmp/h': Device or resource busy\n")
    assert debian.run("mv", "-v", "/p/q", "/p/r") == (0, "renamed '/p/q' -> '/p/r'\n", "")


# -- ln ------------------------------------------------------------------------

def test_ln_symbolic(alpine, debian):
    for box in (alpine, debian):
        assert box.run("ln", "-s", "/etc/passwd", "/tmp/pw") == (0, "", "")
        assert box.fs.readlink("/tmp/pw") == "/etc/passwd"
        assert box.run("ln", "-sf", "/etc/group", "/tmp/pw") == (0, "", "")
        assert box.fs.readlink("/tmp/pw") == "/etc/group"
    assert alpine.run("ln", "-s", "/x", "/tmp/pw") == (1, "", "ln: /tmp/pw: File exists\n")
    assert debian.run("ln", "-s", "/x", "/tmp/pw") == (
        1, "", "ln: failed to create symbolic link '/tmp/pw': File exists\n")
    assert debian.run("ln", "-s", "/etc/hostname") == (0, "", "")  # into the cwd
    assert debian.fs.readlink("/hostname") == "/etc/hostname"


def test_ln_hard_link_is_one_file_with_two_names(alpine, debian):
    # docker run --rm alpine sh -c 'echo x > /a; ln /a /b; echo y >> /b; cat /a; stat ...'
    for box in (alpine, debian):
        status, out, _ = box.sh("echo x > /a; ln /a /b; echo y >> /b; cat /a; "
                                "stat -c '%h %i' /a /b; find / -maxdepth 1 -links 2 -type f")
        lines = out.splitlines()
        assert status == 0 and lines[:2] == ["x", "y"]
        assert lines[2] == lines[3] and lines[2].startswith("2 ")
        assert lines[4:] == ["/a", "/b"]
        assert box.sh("rm /a; stat -c %h /b; cat /b") == (0, "1\nx\ny\n", "")
    assert alpine.run("ln", "/b", "/b") == (1, "", "ln: /b: File exists\n")
    assert debian.run("ln", "/b", "/b") == (
        1, "", "ln: failed to create hard link '/b': File exists\n")
    assert debian.run("ln", "-f", "/etc/passwd", "/b") == (0, "", "")
    assert debian.sh("stat -c %h /b /etc/passwd") == (0, "2\n2\n", "")
    # /etc/hostname is a bind mount: another file system (messages of real ln to a tmpfs)
    assert debian.run("ln", "/etc/hostname", "/h") == (
        1, "", "ln: failed to create hard link '/h' => '/etc/hostname': "
               "Invalid cross-device link\n")
    assert alpine.run("ln", "/etc/hostname", "/h") == (
        1, "", "ln: /h: Cross-device link\n")  # musl's strerror(EXDEV)
    assert debian.run("ln", "/nope", "/tmp/x") == (
        1, "", "ln: failed to access '/nope': No such file or directory\n")
    assert alpine.run("ln", "/nope", "/tmp/x") == (
        1, "", "ln: /nope: No such file or directory\n")
    assert debian.run("ln", "/etc", "/tmp/e") == (
        1, "", "ln: /etc: hard link not allowed for directory\n")
    assert alpine.run("ln", "/etc", "/tmp/e") == (1, "", "ln: /tmp/e: Operation not permitted\n")


def test_ln_links_a_symlink_itself_unless_gnu_L(alpine, debian):
    # real: ln s h (busybox and GNU) makes a second name of the symlink; GNU's -L of its target
    for box in (alpine, debian):
        assert box.sh("cd /tmp; echo x > f; ln -s f s; ln s h; stat -c '%h %F' f h") == (
            0, "1 regular file\n2 symbolic link\n", "")
    assert debian.sh("cd /tmp; ln -L s l; ln -L -P s p; stat -c '%h' f l p") == (
        0, "2\n2\n3\n", "")


def test_symlink_to_root_stays_inside(alpine):
    alpine.run("ln", "-s", "/", "/tmp/root")
    assert alpine.run("cat", "/tmp/root/etc/hostname") == alpine.run("cat", "/etc/hostname")
    assert alpine.run("readlink", "-f", "/tmp/root/../../..") == (0, "/\n", "")
    assert alpine.fs.stat("/tmp/root").kind == DIR
