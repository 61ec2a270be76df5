"""Through `docker exec`: the root cannot be left, and changes land in the writable layer."""


def test_dotdot_and_symlinks_stay_inside(alpine):
    assert alpine.sh("cd ../../..; pwd") == (0, "/\n", "")
    assert alpine.sh("ln -s / /tmp/root && ls -d /tmp/root/etc/../..") == (0, "/tmp/root/etc/../..\n", "")
    status, out, _ = alpine.sh("ln -s ../../../../.. /tmp/up && cd /tmp/up && pwd -P && ls")
    assert status == 0 and out.startswith("/\n") and "etc\n" in out
    status, out, err = alpine.sh("ln -s a /tmp/b && ln -s b /tmp/a && cat /tmp/a")
    assert status == 1 and err == "cat: can't open '/tmp/a': Symbolic link loop\n"


def test_copy_on_write_seen_through_diff(alpine):
    assert alpine.sh("echo changed >> /etc/motd; rm /etc/issue; "
                     "rm -rf /etc/apk && mkdir /etc/apk")[0] == 0
    assert alpine.engine.diff("box") == [("C", "/etc"), ("D", "/etc/apk"), ("D", "/etc/issue"),
                                         ("C", "/etc/motd")]
    lower = alpine.container.image.layers[0]
    assert lower.get("/etc/issue") is not None  # the image layer itself is untouched


def test_pid_1_and_the_exec_process(alpine):
    status, out, _ = alpine.run("ps")
    lines = out.splitlines()
    assert lines[0] == "PID   USER     TIME  COMMAND"
    assert lines[1].split() == ["1", "root", "0:00", "sleep", "infinity"]
    top = alpine.engine.top("box")
    assert top[1][1] == str(alpine.container.state.pid) and top[1][-1] == "sleep infinity"
