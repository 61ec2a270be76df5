"""/proc and /sys: made when a path below them is first read (issue 18), their roots the same
before and after."""


def test_the_roots_of_proc_and_sys_are_read_only_directories_made_or_not(sh):
    # dr-xr-xr-x as the kernel shows them, before /proc or /sys is read and after
    first = sh("run --rm alpine ls -ld /proc /sys")[0].splitlines()[-2:]
    assert [line[:10] for line in first] == ["dr-xr-xr-x", "dr-xr-xr-x"]
    after = sh("run --rm alpine sh -c 'cat /proc/1/comm /sys/fs/cgroup/cpu.max; ls -ld /proc /sys /sys/fs'")
    assert [line[:10] for line in after[0].splitlines()[-3:]] == ["dr-xr-xr-x", "dr-xr-xr-x",
                                                                 "drwxr-xr-x"]
