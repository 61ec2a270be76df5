"""/dev/stdout, /dev/stderr and /proc/self/fd/N opened by a program (not only by the
shell's redirections): the magic links lead to the process's own pipe or terminal."""


def test_tee_writes_to_dev_stderr_and_proc_self_fd(sh):
    out, status = sh("run --rm busybox sh -c 'echo hi | tee /dev/stderr; "
                     "echo two | tee -a /proc/self/fd/1 > /dev/null; echo rc=$?'")
    assert out.endswith("hi\nhi\nrc=0\n") and status == 0  # /dev/null took the second
    out, _ = sh("run --rm debian sh -c 'echo x | tee /dev/stdout | cat'")
    assert out.endswith("x\nx\n")


def test_runc_gives_the_stdio_pipes_to_the_containers_user_only(sh):
    # containerd makes them as root, runc chowns them to the process's user
    # (fixStdioPermissions); after `su` another user may not open them (moby#31243)
    out, status = sh("run --rm --user 1000 busybox sh -c 'echo hi | tee /dev/stderr; "
                     "ls -lL /dev/stdout'")
    assert "hi\nhi\nprw-------    1 1000     root  " in out
    out, _ = sh("run --rm busybox sh -c 'adduser -D bob; su bob -c \"echo hi | tee /dev/stderr\"'")
    assert out.endswith("tee: can't open '/dev/stderr': Permission denied\nhi\n")
    sh("run -d --name box busybox sleep 100")
    assert sh("exec --user 1000 box sh -c 'echo e | tee /dev/stderr'") == ("e\ne\n", 0)
    out, _ = sh("run --rm --user 1000 busybox sh -c 'echo x | tee /dev/stdout | cat'")
    assert out.endswith("x\nx\n")  # a pipe the shell made is its user's


def test_the_pipe_behind_dev_stdout_is_a_fifo(sh):
    out, _ = sh("run --rm busybox sh -c 'ls -lL /dev/stdout; [ -p /dev/stdout ] && echo fifo; "
                "stat -L -c %F /dev/stdout; find -L /dev/stdout -type p'")
    lines = out.splitlines()[-4:]
    assert lines[0].startswith("prw-------    1 root     root             0 ")
    assert lines[1:] == ["fifo", "fifo", "/dev/stdout"]


def test_with_a_terminal_dev_stdout_is_the_pts(sh):
    out, _ = sh("run --rm -t busybox sh -c 'echo hi | tee /dev/stderr; ls -lL /dev/pts/0; "
                "ls /dev/pts; echo w | tee /dev/tty > /dev/null'")
    lines = out.replace("\r\n", "\n").splitlines()[-5:]
    assert lines[:2] == ["hi", "hi"]
    assert lines[2].startswith("crw--w----    1 root     tty       136,   0 ")
    assert lines[3:] == ["\x1b[1;35m0\x1b[m", "w"]

